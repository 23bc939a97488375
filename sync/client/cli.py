"""``fieldkit sync enroll|push|status|export|receipts|requeue``, plugged into ``fieldkit``.

``fieldkit`` (the core) must not import ``sync``, so this module registers
itself through the ``fieldkit.cli`` entry-point group.  Each handler is a thin
wrapper over :mod:`sync.client`; the app's sync screen calls the same code.

The handlers import the client where they use it: every ``fieldkit`` command loads this
plugin to list ``fieldkit sync``'s commands, and the client imports httpx, which loads its
own command line (rich, click, pygments) where those are installed: about a tenth of a
second of CPU at the start of commands that never touch the network.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fieldkit import catalogue
from fieldkit.cli.output import say
from fieldkit.delivery.requeue import requeue
from fieldkit.errors import InvalidInput
from sync.bundle import group_fingerprint
from sync.client.errors import SYNC_CONTEXT

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable, Mapping

    from fieldkit.cli.output import Output
    from fieldkit.workspace import Workspace
    from sync.client.office import OfficeResult
    from sync.client.outcomes import PushSummary, RecordOutcome
    from sync.client.progress import SyncEvent

    Handler = Callable[[argparse.Namespace, Output], int]
    Adder = Callable[[Any, str, Handler, str], argparse.ArgumentParser]
    Login = Callable[[argparse.Namespace], Workspace]

EXIT_OK = 0
EXIT_USER = 1
_SHOWN = 20


def mib(size: float) -> str:
    return f"{size / 1048576:.1f} MiB"


class SyncCommands:
    def __init__(self, login: Login) -> None:
        self.login = login

    def enroll(self, args: argparse.Namespace, out: Output) -> int:
        if args.bundle is not None and (args.url or args.code or args.ca_fingerprint):
            raise InvalidInput(code="cli_enroll_bundle_or_code")
        if args.bundle is None and not (args.url and args.code):
            raise InvalidInput(code="cli_enroll_needs_code")
        from sync.client.enroll import enroll_from_bundle, enroll_laptop  # noqa: PLC0415 - module docstring

        with self.login(args) as ws:
            if args.bundle is not None:
                result = enroll_from_bundle(ws, Path(args.bundle))
            else:
                result = enroll_laptop(
                    ws, args.url, args.code, ca_fingerprint_expected=args.ca_fingerprint
                )
        lines = [
            say("sync.enrolled", device=result.device_id, url=result.url),
            say(
                "sync.fingerprint_verified",
                fingerprint=group_fingerprint(result.ca_fingerprint),
            ),
        ]
        if result.previous_device_id:
            lines.append(say("sync.replaces", device=result.previous_device_id))
        if result.stranded:
            lines.append(
                say(
                    "sync.stranded",
                    n=len(result.stranded),
                )
            )
            lines += [f"  {record_id}" for record_id in result.stranded]
        out.result(result.as_json(), "\n".join(lines))
        return EXIT_OK

    def push(self, args: argparse.Namespace, out: Output) -> int:
        def progress(event: SyncEvent) -> None:
            if out.as_json:
                # One JSON object per line, on stderr, so stdout stays the single summary.
                out.line(json.dumps(event.as_json(), ensure_ascii=False))
            elif event.__class__.__name__ == "RecordEvent" and not args.quiet:
                data = event.as_json()
                eta = f", ETA {data['eta_s']:.0f} s" if data["eta_s"] is not None else ""
                out.line(
                    f"  [{data['records_done']}/{data['records_total']}] {data['record_id']} "
                    f"{data['outcome']} ({mib(data['bytes_done'])}/{mib(data['bytes_total'])}, "
                    f"{mib(data['rate_bps'])}/s{eta})"
                )

        from sync.client.client import SyncClient  # noqa: PLC0415 - module docstring

        with self.login(args) as ws:
            summary = SyncClient(ws, workers=args.workers).push(progress=progress)
        out.result(summary.as_json(), _push_text(summary))
        return EXIT_OK if summary.ok else EXIT_USER

    def status(self, args: argparse.Namespace, out: Output) -> int:
        from sync.client.client import SyncClient  # noqa: PLC0415 - module docstring

        pull_error = None
        with self.login(args) as ws:
            client = SyncClient(ws)
            status = client.local_status()
            if status.enrolled and not args.offline:
                from sync.client.errors import SyncError  # noqa: PLC0415

                try:
                    client.pull_status()
                except SyncError as error:
                    pull_error = error
                status = client.local_status()
        data = status.as_json() | {"pull_error": pull_error.as_dict() if pull_error else None}
        where = (
            say("sync.status_url", url=status.url)
            if status.url
            else say("sync.status_not_enrolled")
        )
        if status.device_id:
            where += " " + say("sync.status_device", device=status.device_id)
        lines = [
            where,
            say("sync.last_success", when=status.last_success_at)
            if status.last_success_at
            else say("sync.last_success_never"),
            say(
                "sync.records",
                counts=", ".join(f"{k.lower()} {v}" for k, v in status.counts.items()),
            ),
        ]
        lines += [
            f"  {p.record_id}: {p.outcome} {p.reason or ''} {_said(p) or ''}".rstrip()
            for p in status.problems[:_SHOWN]
        ]
        if pull_error:
            lines.append(say("sync.pull_failed", problem=catalogue.error_message(pull_error)))
        out.result(data, "\n".join(lines))
        return EXIT_USER if pull_error else EXIT_OK

    def export(self, args: argparse.Namespace, out: Output) -> int:
        from sync.client.usb import export_records  # noqa: PLC0415 - module docstring

        with self.login(args) as ws:
            result = export_records(ws, Path(args.directory))
        lines = [
            say(
                "sync.exported",
                n=result.records,
                size=mib(result.bytes),
                path=result.path,
            )
        ]
        lines += [
            say(
                "sync.left_out",
                record=s.record_id,
                why=_said(s) or s.reason,
            )
            for s in result.skipped
        ]
        out.result(result.as_json(), "\n".join(lines))
        return EXIT_OK

    def receipts(self, args: argparse.Namespace, out: Output) -> int:
        from sync.client.usb import import_receipts  # noqa: PLC0415 - module docstring

        with self.login(args) as ws:
            result = import_receipts(ws, Path(args.directory))
        lines = [
            say(
                "sync.receipts",
                accepted=result.accepted,
                rejected=result.rejected,
                pending=result.pending,
            )
        ]
        lines += [
            say("sync.receipts_not_read", problem=catalogue.error_message(r.error))
            for r in result.refused_files
        ]
        if result.audit is not None and result.audit.differs:
            lines.append(say("number.warning", problem=catalogue.said(result.audit.english)))
        lines += _office_lines(result.office)
        lines += [
            f"  {p.record_id}: {p.outcome} {p.reason or ''} {_said(p) or ''}".rstrip()
            for p in result.problems[:_SHOWN]
        ]
        if len(result.problems) > _SHOWN:
            lines.append(say("sync.more", n=len(result.problems) - _SHOWN))
        out.result(result.as_json(), "\n".join(lines))
        return EXIT_OK if not (result.problems or result.refused_files) else EXIT_USER

    def requeue(self, args: argparse.Namespace, out: Output) -> int:
        with self.login(args) as ws:
            done = requeue(ws, args.record_id)
        text = say("sync.requeued", record=done.record_id, reason=done.previous_reason or "-")
        out.result(done.as_json(), text)
        return EXIT_OK


def _warning_words(warning: Mapping[str, Any]) -> str:
    """A push's warning in the command's language, from its sentence's code; else as sent."""
    detail = warning.get("detail")
    if not isinstance(detail, str):
        return str(warning.get("message", ""))
    params = warning.get("params")
    return catalogue.spoken(
        SYNC_CONTEXT, f"detail.{detail}", params if isinstance(params, dict) else None
    )


def _said(problem: RecordOutcome) -> str | None:
    """A record's problem in the command's language."""
    return catalogue.said(lambda: problem.message)


def _office_lines(result: OfficeResult | None) -> list[str]:
    """What the office's package did, when one came: its summary, or why it was refused."""
    if result is None:
        return []
    if result.refused is not None:
        return [say("sync.office_refused", problem=catalogue.error_message(result.refused))]
    if result.applied is not None and result.applied.changes:
        applied = result.applied
        return [say("sync.office_applied", summary=catalogue.said(lambda: applied.message))]
    return []


def _push_text(summary: PushSummary) -> str:
    lines = [
        say(
            "sync.pushed",
            accepted=summary.accepted,
            rejected=summary.rejected,
            purged=summary.purged,
            pending=summary.pending,
            size=mib(summary.uploaded_bytes),
            seconds=f"{summary.elapsed_s:.1f}",
        )
    ]
    lines += [say("number.warning", problem=_warning_words(w)) for w in summary.warnings]
    if summary.audit is not None and summary.audit.differs:
        lines.append(say("number.warning", problem=catalogue.said(summary.audit.english)))
    lines += _office_lines(summary.office)
    if summary.error:
        lines.append(say("sync.stopped", problem=catalogue.error_message(summary.error)))
        hint = catalogue.error_hint(summary.error)
        if hint:
            lines.append(f"  {hint}")
    shown = summary.problems[:_SHOWN]
    lines += [
        f"  {p.record_id}: {p.outcome} ({p.reason}{': ' + said if (said := _said(p)) else ''})"
        for p in shown
    ]
    if len(summary.problems) > len(shown):
        lines.append(say("sync.more", n=len(summary.problems) - len(shown)))
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover - use ``fieldkit sync``
    sys.exit(say("sync.run_help"))
