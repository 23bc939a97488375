"""Penunggalan's commands: ``dedup run``, ``records adjudicate`` and ``records export``.

Each opens records with the keys or decides on a duplicate through :mod:`sync.server.dedup`
and the interchange file; ``sync.server.cli`` lends the store and the output
(:class:`CliHelpers`), the intake's command module the keys and the blob store.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fieldkit.cli.output import say
from fieldkit.printable import printable_lines
from sync.protocol import Reason
from sync.server.errors import DataCenterError
from sync.server.intake.cli import add_blobs, ca_fingerprint, keys_and_blobs

if TYPE_CHECKING:
    import argparse

    from sync.server.office.cli_helpers import CliHelpers


def cmd_records_adjudicate(args: argparse.Namespace) -> int:
    """An administrator's decision on a DUPLICATE_RECORD (``sync.server.dedup.adjudicate``)."""
    from sync.server.accounts.roles import Actor  # noqa: PLC0415 - this command's own
    from sync.server.dedup.adjudicate import Decision, adjudicate  # noqa: PLC0415 - as above

    store = args.helpers.store(args)
    try:
        done = adjudicate(
            store,
            who=Actor.shell(),
            record_id=args.record_id,
            decision=Decision.NOT_DUPLICATE if args.not_duplicate else Decision.DUPLICATE,
            other=args.duplicate_of,
            reason=args.reason,
            device_id=args.device,
            other_device=args.duplicate_of_device,
        )
    finally:
        store.close()
    if args.json:
        args.helpers.write(json.dumps(asdict(done)))
    else:
        args.helpers.write(
            say("dc.adjudicated", record=done.record_id, state=done.state, decision=done.decision)
        )
    return 0


def cmd_dedup_run(args: argparse.Namespace) -> int:
    """Penunggalan: search every waiting record (``--once``), or keep searching until stopped.

    Opens each sealed record with the keys (their passphrase from the environment, as
    ``serve``), in memory only (``sync.server.dedup``).
    """
    from sync.server.dedup.queue import DedupWorker, Outcome, Searcher  # noqa: PLC0415

    keys, blobs = keys_and_blobs(args)
    store = args.helpers.store(args)
    try:
        if not args.once:
            worker = DedupWorker(store, blobs, keys)
            try:
                worker.run()  # until SIGINT/SIGTERM
            except KeyboardInterrupt:
                worker.stop()
            return 0
        done = Searcher(store, blobs, keys).run_once()
    finally:
        store.close()
    if args.json:
        args.helpers.write(json.dumps([d.as_json() for d in done]))
        return 0
    counts = {outcome: sum(d.outcome is outcome for d in done) for outcome in Outcome}
    args.helpers.write(
        *(
            say(
                "dc.dedup_record",
                record=d.record_id,
                state=d.state or "-",
                detail=", ".join(sorted({r for _d, r, _p, _s in d.candidates})),
            )
            for d in done
        ),
        say(
            "dc.dedup_summary",
            searched=len(done),
            duplicates=counts[Outcome.DUPLICATE] + counts[Outcome.REPLAY],
            print_ready=counts[Outcome.PRINT_READY],
            failures=counts[Outcome.ENROLL_FAILURE],
            unopened=counts[Outcome.UNOPENED],
        ),
    )
    return 0


def cmd_records_export(args: argparse.Namespace) -> int:
    """One record, or every record waiting, as ANSI/NIST-ITL files (``dedup.interchange``).

    Opens each sealed record with the keys (so needs their passphrase, as ``serve``
    does), in memory; what it writes is biometric data, for an encrypted place only.
    """
    from sync.server.dedup import interchange  # noqa: PLC0415 - loads PIL and wsq; this command only
    from sync.server.keys import (  # noqa: PLC0415 - loads keys; this command only
        DataCenterKeys,
        passphrase_from_environment,
    )
    from sync.server.store.blobs import open_blob_store  # noqa: PLC0415 - as above

    if (args.record_id is None) == (not args.waiting):
        raise DataCenterError(400, Reason.INVALID_REQUEST, code="datacenter_export_what")
    ca_fingerprint(args.data)  # no keys here yet: refused, rather than new keys made
    keys = DataCenterKeys(args.data / "keys", passphrase_from_environment())
    blobs = open_blob_store(args.data, args.blobs)
    store = args.helpers.store(args)
    try:
        refused: list[tuple[str, str]] = []
        if args.waiting:
            done = interchange.export_waiting(
                store, blobs, keys, args.out, refused=refused, data=args.data
            )
        else:
            done = [
                interchange.export_record(
                    store,
                    blobs,
                    keys,
                    args.record_id,
                    args.out,
                    device_id=args.device,
                    data=args.data,
                )
            ]
    finally:
        store.close()
    skipped = [say("dc.export_skipped", record=r, code=c) for r, c in refused]
    if args.json:
        args.helpers.write(json.dumps([asdict(e) for e in done]))
        sys.stderr.write("".join(f"{printable_lines(line)}\n" for line in skipped))
    elif not done and not skipped:
        args.helpers.write(say("dc.export_none_waiting"))
    else:
        args.helpers.write(
            *(
                say("dc.exported", record=e.record_id, reference=e.reference, path=e.path)
                for e in done
            ),
            *skipped,
        )
    return 0


def register(sub: Any, records: Any, helpers: CliHelpers) -> None:
    """Add penunggalan's commands: ``dedup run``, ``records export`` and ``records adjudicate``."""

    def command(group: Any, name: str, func: Any, **kw: Any) -> argparse.ArgumentParser:
        p: argparse.ArgumentParser = group.add_parser(name, **kw)
        p.set_defaults(func=func, helpers=helpers)
        return p

    export = command(
        records,
        "export",
        cmd_records_export,
        help="write a record (or --waiting: every record waiting) as an ANSI/NIST-ITL file; "
        "it holds biometrics: only to an encrypted place",
    )
    export.add_argument("record_id", nargs="?")
    export.add_argument("--format", choices=["an2"], default="an2")
    export.add_argument(
        "--out",
        type=Path,
        required=True,
        metavar="FILE|FOLDER",
        help="the file (a folder with --waiting)",
    )
    export.add_argument("--waiting", action="store_true", help="every record waiting, into --out")
    export.add_argument("--device", help="the laptop's device id, if two laptops used this id")
    add_blobs(export)
    export.add_argument("--json", action="store_true", help="machine-readable output")
    helpers.data_args(export)

    judge = command(
        records,
        "adjudicate",
        cmd_records_adjudicate,
        help="decide on a DUPLICATE_RECORD: not a duplicate (PRINT_READY_RECORD), or a "
        "duplicate of an older record (this one DUPLICATE_CLOSED); audited",
    )
    judge.add_argument("record_id")
    decision = judge.add_mutually_exclusive_group(required=True)
    decision.add_argument("--not-duplicate", action="store_true")
    decision.add_argument("--duplicate-of", metavar="OTHER", help="the older record it repeats")
    judge.add_argument(
        "--duplicate-of-device",
        metavar="DEVICE",
        help="OTHER's laptop, when two laptops used OTHER's record id",
    )
    judge.add_argument(
        "--reason", required=True, help="why (audited; a duplicate's goes to the laptop)"
    )
    judge.add_argument("--device", help="the laptop's device id, if two laptops used this id")
    judge.add_argument("--json", action="store_true", help="machine-readable output")
    helpers.data_args(judge)

    dedup = sub.add_parser("dedup").add_subparsers(dest="action", required=True)
    run = command(
        dedup,
        "run",
        cmd_dedup_run,
        help="penunggalan: search every accepted record against every record held "
        "(--once: what waits now, then exit)",
    )
    run.add_argument("--once", action="store_true", help="search what waits now, then exit")
    add_blobs(run)
    run.add_argument("--json", action="store_true", help="machine-readable output")
    helpers.data_args(run)
