"""``fieldkit-datacenter abis``: the hand-on to an ABIS over a folder queue (issue 48).

``abis submit`` sends every record waiting (ACCEPTED, never sent or last answered
"retry") into the queue: its ANSI/NIST-ITL transaction in ``references/``, an insert and
an identify in ``requests/`` (``sync.server.dedup.abis.queue``); and first a delete for each
reference that left the gallery (a duplicate closed, a record refused or sent back for
recapture).  ``abis collect`` reads the answers into the records' states
(:func:`sync.server.dedup.abis.queue.collect` with penunggalan's hook,
:func:`sync.server.dedup.queue.abis_decided`).  ``abis answer`` is the other side: the
office's own search (``sync.server.dedup.engine``) answering the requests as an external
ABIS would, so one replaces the other with no code change; ``--watch`` keeps it running
(the gallery opened once), answering requests as they arrive until SIGINT, SIGTERM or
Ctrl+C.  It needs no ``serve``: on a data folder without keys it makes them, as ``serve``
would at its first start, and says so.  ``abis status`` says what the queue and its
ledger hold.

The queue's folder is ``--abis-queue DIR`` or ``$FIELDKIT_DATACENTER_ABIS_QUEUE``; where
the forwarder serves the references over HTTPS, ``--abis-url-base`` is the address the
``referenceURL`` starts with.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sys
import threading
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from fieldkit.cli.output import say
from fieldkit.printable import printable_lines
from sync.protocol import Reason
from sync.server.errors import DataCenterError
from sync.server.store.blobs import BLOBS_ENV
from sync.server.store.tables import abis_requests

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable, Iterator

    from sync.server.dedup.abis.folder import AbisQueue
    from sync.server.dedup.abis.messages import Response
    from sync.server.keys import DataCenterKeys
    from sync.server.office.cli_helpers import CliHelpers

ABIS_QUEUE_ENV = "FIELDKIT_DATACENTER_ABIS_QUEUE"
ABIS_URL_BASE_ENV = "FIELDKIT_DATACENTER_ABIS_URL_BASE"
#: Where the office's own ABIS engine keeps its sealed templates, under the data folder.
ENGINE_FOLDER = "abis-engine"
#: How often ``abis answer --watch`` looks at ``requests/`` (seconds).
WATCH_INTERVAL = 1.0


def _queue(args: argparse.Namespace) -> AbisQueue:
    # The queue (and the interchange it writes) is imported by the abis commands only: it is
    # most of this command line's start-up time, paid by every other command otherwise.
    from sync.server.dedup.abis.folder import AbisQueue  # noqa: PLC0415 - abis commands only

    if args.abis_queue is None:
        raise DataCenterError(400, Reason.INVALID_REQUEST, code="abis_queue_not_set")
    return AbisQueue.open(args.abis_queue, url_base=args.abis_url_base)


def cmd_abis_submit(args: argparse.Namespace) -> int:
    """Every waiting record into the queue; its transaction holds biometrics (0600)."""
    from sync.server.dedup.abis import sending  # noqa: PLC0415 - loads the interchange
    from sync.server.store.blobs import open_blob_store  # noqa: PLC0415 - this command only

    queue = _queue(args)
    keys = _keys(args)
    blobs = open_blob_store(args.data, args.blobs)
    store = args.helpers.store(args)
    flags = {"maxResults": str(args.max_results)} if args.max_results else None
    deleted: list[sending.Deleted] = []
    try:
        export = sending.interchange_exporter(store, blobs, keys)
        sent, skipped = sending.submit_waiting(store, queue, export, flags=flags, deleted=deleted)
    finally:
        store.close()
    if args.json:
        args.helpers.write(
            json.dumps(
                {
                    "sent": [asdict(s) for s in sent],
                    "skipped": [{"record_id": r, "code": c} for r, c in skipped],
                    "deleted": [asdict(d) for d in deleted],
                }
            )
        )
        return 0
    lines = [say("dc.abis_deleted", record=d.record_id, reference=d.reference) for d in deleted]
    lines += [say("dc.abis_sent", record=s.record_id, reference=s.reference) for s in sent]
    lines += [say("dc.abis_skipped", record=r, code=c) for r, c in skipped]
    args.helpers.write(*(lines or [say("dc.abis_none_waiting")]))
    return 0


def _keys(args: argparse.Namespace) -> Any:
    from sync.server.keys import (  # noqa: PLC0415 - loads keys; these commands only
        DataCenterKeys,
        passphrase_from_environment,
    )

    if not (args.data / "keys" / "ca.pem").is_file():  # no keys here: refused, none made
        raise DataCenterError(400, Reason.INVALID_REQUEST, code="datacenter_no_ca")
    return DataCenterKeys(args.data / "keys", passphrase_from_environment())


def _engine_keys(args: argparse.Namespace) -> DataCenterKeys:
    """The data center's keys, made here if the data folder has none yet (as ``serve`` does).

    ``abis answer`` is the only command that needs nothing else of a data center: an
    office running the engine apart (as an external ABIS would run) starts it on an
    empty folder.  The keys are the data center's own (``DATA/keys``, protected by
    ``$FIELDKIT_DATACENTER_KEY_PASSPHRASE`` when it is set), so a later ``serve`` or
    backup of that folder finds one key set, not two.
    """
    from sync.server.keys import (  # noqa: PLC0415 - loads keys; these commands only
        DataCenterKeys,
        passphrase_from_environment,
    )

    made = not (args.data / "keys" / "ca.pem").is_file()
    keys = DataCenterKeys(args.data / "keys", passphrase_from_environment())
    if made:  # on stderr: --json's output stays one document
        sys.stderr.write(printable_lines(say("dc.abis_keys_made", folder=args.data / "keys")))
        sys.stderr.write("\n")
    return keys


def _answer_json(answer: Response) -> dict[str, Any]:
    return {
        "request_id": answer.request_id,
        "operation": answer.operation,
        "return_value": answer.return_value,
        "failure_reason": None if answer.failure_reason is None else int(answer.failure_reason),
        "candidates": [c.reference_id for c in answer.candidates],
        "jobscount": answer.jobscount,
        "count": answer.count,
    }


#: The signals that stop ``abis answer --watch``: SIGINT (Ctrl+C, on Windows too),
#: SIGTERM (a service manager), and Windows' Ctrl+Break (SIGBREAK).
_STOP_SIGNALS = tuple(
    s for s in (signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGBREAK", None)) if s is not None
)


@contextlib.contextmanager
def _stopped_by_signals(stop: Callable[[], None]) -> Iterator[None]:
    """``stop`` called on SIGINT, SIGTERM or Ctrl+Break; the former handlers back after."""
    before = {}
    for number in _STOP_SIGNALS:
        before[number] = signal.signal(number, lambda _signum, _frame: stop())
    try:
        yield
    finally:
        for number, handler in before.items():
            signal.signal(number, handler)


def cmd_abis_answer(args: argparse.Namespace) -> int:
    """The ABIS's side, served by the office's own search: every request answered once.

    The engine's sealed templates live in ``DATA/abis-engine``; one process at a time
    answers with them (``abis_engine_busy`` for a second).  An office whose ABIS is the
    national one never runs this (that ABIS answers the same folder).
    """
    from sync.server.dedup.abis.answerer import answer_requests  # noqa: PLC0415 - as below
    from sync.server.dedup.engine import (  # noqa: PLC0415 - NBIS, this only
        OwnSearchEngine,
        answering_alone,
    )

    queue = _queue(args)
    keys = _engine_keys(args)
    with answering_alone(args.data / ENGINE_FOLDER):
        if args.watch:
            return _watch(
                args,
                queue,
                lambda stop: OwnSearchEngine(args.data / ENGINE_FOLDER, keys, stopping=stop),
            )
        engine = OwnSearchEngine(args.data / ENGINE_FOLDER, keys)
        answered = answer_requests(queue, engine)
    if args.json:
        args.helpers.write(json.dumps([_answer_json(a) for a in answered]))
        return 0
    args.helpers.write(say("dc.abis_answered", count=len(answered), held=len(engine)))
    return 0


def _watch(
    args: argparse.Namespace, queue: AbisQueue, open_engine: Callable[[Callable[[], bool]], Any]
) -> int:
    """``abis answer --watch``: the gallery opened once, then requests answered as they come.

    The signals are caught from the start: one while the gallery opens stops the opening.
    Each answer is reported as it is written (``--json``: one JSON object a line); a
    signal stops it after the request being served, and it exits 0.
    """
    from sync.server.dedup.abis.answerer import AbisAnswerer  # noqa: PLC0415 - as _queue

    stop = threading.Event()
    running: list[AbisAnswerer] = []

    def stopped() -> None:
        stop.set()
        for answerer in running:
            answerer.wake()

    def report(answer: Response) -> None:
        if args.json:
            args.helpers.write(json.dumps(_answer_json(answer)))
        else:
            args.helpers.write(
                say(
                    "dc.abis_answered_one",
                    request=answer.request_id,
                    operation=answer.operation,
                    value=answer.return_value,
                )
            )

    with _stopped_by_signals(stopped):
        engine = open_engine(stop.is_set)
        answerer = AbisAnswerer(queue, engine, interval=args.interval, answered=report, stop=stop)
        running.append(answerer)
        if not args.json:
            args.helpers.write(say("dc.abis_watching", folder=queue.root, held=len(engine)))
        if not stop.is_set():
            answerer.run()
    if not args.json:
        args.helpers.write(say("dc.abis_stopped", count=answerer.answered, held=len(engine)))
    return 0


def _interval(text: str) -> float:
    """``--interval``: from a twentieth of a second (no busy loop) to an hour."""
    import argparse  # noqa: PLC0415 - the parser's own error, only when one is given

    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not 0.05 <= seconds <= 3600:  # noqa: PLR2004 - the bounds the help states
        raise argparse.ArgumentTypeError("from 0.05 to 3600 seconds")
    return seconds


def cmd_abis_collect(args: argparse.Namespace) -> int:
    """The ABIS's answers read into the records' states, each applied exactly once."""
    from sync.server.dedup.abis.queue import collect  # noqa: PLC0415 - as below
    from sync.server.dedup.queue import abis_decided  # noqa: PLC0415 - this command only

    queue = _queue(args)
    store = args.helpers.store(args)
    try:
        collected = collect(store, queue, abis_decided)
    finally:
        store.close()
    if args.json:
        args.helpers.write(
            json.dumps(
                {
                    "decisions": [d.as_json() for d in collected.decisions],
                    "inserts": [list(i) for i in collected.inserts],
                    "refused": [asdict(r) for r in collected.refused],
                    "deferred": [asdict(r) for r in collected.deferred],
                    "deletes": [list(d) for d in collected.deletes],
                    "left": collected.left,
                }
            )
        )
        return 0
    lines = [
        say("dc.abis_decided", record=d.record_id, verdict=str(d.verdict))
        for d in collected.decisions
    ]
    lines += [say("dc.abis_refused", file=r.file, code=r.code) for r in collected.refused]
    lines += [say("dc.abis_left", file=name) for name in collected.left]
    args.helpers.write(*(lines or [say("dc.abis_nothing_answered")]))
    return 0


def cmd_abis_status(args: argparse.Namespace) -> int:
    """The ledger's counts and the folders' files: what waits, what was refused."""
    from sync.server.dedup.abis.folder import REFUSED, REQUESTS, RESPONSES  # noqa: PLC0415 - as _queue

    queue = _queue(args)
    store = args.helpers.store(args)
    try:
        with store.reading() as conn:
            rows = conn.execute(
                sa.select(
                    abis_requests.c.operation,
                    abis_requests.c.outcome,
                    sa.func.count().label("n"),
                ).group_by(abis_requests.c.operation, abis_requests.c.outcome)
            ).all()
    finally:
        store.close()
    counts: dict[str, Any] = {
        "open": sum(r.n for r in rows if r.outcome is None),
        "outcomes": {
            f"{r.operation.rsplit('.', 1)[-1]}:{r.outcome}": r.n
            for r in rows
            if r.outcome is not None
        },
        "requests_waiting": len(queue.listing(REQUESTS)),
        "answers_waiting": len(queue.listing(RESPONSES)),
        "refused": len(queue.listing(REFUSED)),
    }
    if args.json:
        args.helpers.write(json.dumps(counts))
        return 0
    args.helpers.write(
        say(
            "dc.abis_status",
            folder=queue.root,
            open=counts["open"],
            requests=counts["requests_waiting"],
            answers=counts["answers_waiting"],
            refused=counts["refused"],
        )
    )
    return 0


def register(sub: Any, helpers: CliHelpers) -> None:
    """Add ``abis submit`` and ``abis status`` to ``fieldkit-datacenter``."""
    group = sub.add_parser(
        "abis", help="the hand-on to an ABIS (MOSIP's ABIS API v1.1) over a folder queue"
    ).add_subparsers(dest="action", required=True)
    submit = group.add_parser(
        "submit",
        help="send every record waiting into the queue (insert, identify); the queue then "
        "holds biometrics: only an encrypted place",
    )
    submit.add_argument(
        "--blobs", default=os.environ.get(BLOBS_ENV) or None, metavar="s3://BUCKET/PREFIX"
    )
    submit.add_argument(
        "--max-results", type=int, metavar="N", help="the identify's maxResults flag"
    )
    submit.set_defaults(func=cmd_abis_submit)
    status = group.add_parser("status", help="what the queue and its ledger hold")
    status.set_defaults(func=cmd_abis_status)
    answer = group.add_parser(
        "answer",
        help="answer every request waiting with the office's own search, as an ABIS would "
        "(only where no external ABIS reads the queue); makes the keys if there are none",
    )
    answer.add_argument(
        "--watch",
        action="store_true",
        help="keep answering requests as they arrive (the gallery opened once) until "
        "Ctrl+C, SIGINT or SIGTERM",
    )
    answer.add_argument(
        "--interval",
        type=_interval,
        default=WATCH_INTERVAL,
        metavar="SECONDS",
        help=f"with --watch: how often requests/ is looked at (default {WATCH_INTERVAL:g})",
    )
    answer.set_defaults(func=cmd_abis_answer)
    collect = group.add_parser(
        "collect", help="read the ABIS's answers into the records' states, each once"
    )
    collect.set_defaults(func=cmd_abis_collect)
    for command in (submit, status, answer, collect):
        helpers.data_args(command)
        command.add_argument(
            "--abis-queue",
            type=Path,
            metavar="DIR",
            default=Path(os.environ[ABIS_QUEUE_ENV]) if os.environ.get(ABIS_QUEUE_ENV) else None,
            help=f"the queue's folder [${ABIS_QUEUE_ENV}]",
        )
        command.add_argument(
            "--abis-url-base",
            metavar="URL",
            default=os.environ.get(ABIS_URL_BASE_ENV) or None,
            help="where the forwarder serves references/ (default: file:// URLs) "
            f"[${ABIS_URL_BASE_ENV}]",
        )
        command.add_argument("--json", action="store_true", help="machine-readable output")
        command.set_defaults(helpers=helpers)
