"""The handlers of ``fieldkit records list|verify``: the sealed records on this laptop.

Apart from the enrollment commands so that listing the records, which an operator
does many times a day, loads the store and nothing of the capture stack (OpenCV,
NumPy, NBIS) those need.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fieldkit.cli.output import EXIT_OK, EXIT_USER, say
from fieldkit.records import outbox

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable

    from fieldkit.cli.output import Output
    from fieldkit.workspace import Workspace

    Login = Callable[[argparse.Namespace], Workspace]

#: The catalogue's warning under a list with training (demo) records in it.
DEMO_WARNING = "demo_warning"


class RecordsCommands:
    """The handlers; ``login`` is the CLI's own, so passwords are asked the same way."""

    def __init__(self, login: Login) -> None:
        self._login = login

    def records_list(self, args: argparse.Namespace, out: Output) -> int:
        with self._login(args) as ws, ws.transaction() as session:
            infos = outbox.list_records(session)
        lines = [
            f"{r.seq:>6}  {r.record_id}  {r.state.value:<9} {r.sha256[:16]}"
            + ("  DEMO" if r.demo else "")
            for r in infos
        ]
        if any(r.demo for r in infos):
            lines.append(say(DEMO_WARNING))
        out.result([r.as_json() for r in infos], "\n".join(lines) or say("records.none"))
        return EXIT_OK

    def records_verify(self, args: argparse.Namespace, out: Output) -> int:
        with self._login(args) as ws, ws.transaction() as session:
            problems = outbox.verify_records(session)
            count = len(outbox.list_records(session))
        data = {"ok": not problems, "records": count, "problems": [p.as_json() for p in problems]}
        if problems:
            text = (
                say("records.failed", n=count, bad=len(problems))
                + "\n"
                + "\n".join(f"  seq {p.seq} {p.record_id}: {p.problem}" for p in problems)
            )
        else:
            text = say("records.intact", n=count)
        out.result(data, text)
        return EXIT_OK if not problems else EXIT_USER
