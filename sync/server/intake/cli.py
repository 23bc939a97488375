"""``fieldkit-datacenter``'s commands of the intake: codes, devices, records by hand, USB import.

``codes new``, ``import``, ``records set-state`` and ``records reindex``, ``devices``,
``reviews``, ``audit`` and ``conflicts``: each works on the intake's rows through the
store and the helpers ``sync.server.cli`` lends (:class:`CliHelpers`), so the entry
point keeps only the parser's frame, ``serve`` and the chores of operations.
"""

from __future__ import annotations

import importlib.util
import io
import json
import logging
import os
import time
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fieldkit import catalogue
from fieldkit.cli.output import say
from sync.bundle import EnrollmentBundle, group_fingerprint, write_bundle
from sync.protocol import Reason, RecordState
from sync.protocol import ca_fingerprint as _certificate_fingerprint
from sync.server.errors import DataCenterError
from sync.server.intake.sentences import ENROLL_BUTTON, ENROLL_PAGE
from sync.server.intake.service import URL_FILE, issue_code
from sync.server.intake.states import set_later_state
from sync.server.store.blobs import BLOBS_ENV
from sync.server.store.stamps import iso

if TYPE_CHECKING:
    import argparse

    from sqlalchemy.engine import Connection

    from sync.server.office.cli_helpers import CliHelpers
    from sync.server.store.rows import StoredRecord

log = logging.getLogger(__name__)

#: ``--accept-demo``'s help, for ``import`` here and ``serve``.
DEMO_HELP = "also accept records sealed to the public demo key (training only)"


def _bundle_url(args: argparse.Namespace) -> str:
    if args.url:
        return str(args.url).strip().rstrip("/")
    try:
        return str((args.data / URL_FILE).read_text(encoding="utf-8")).strip()
    except FileNotFoundError:
        raise DataCenterError(
            400, Reason.INVALID_REQUEST, code="datacenter_no_bundle_address"
        ) from None


def ca_fingerprint(data: Path) -> str:
    """The CA's fingerprint from its certificate alone (no private key is read)."""
    try:
        return _certificate_fingerprint((data / "keys" / "ca.pem").read_bytes())
    except FileNotFoundError:
        raise DataCenterError(400, Reason.INVALID_REQUEST, code="datacenter_no_ca") from None


def cmd_codes_new(args: argparse.Namespace) -> int:
    bundle: EnrollmentBundle | None = None
    if args.bundle_out is not None:  # checked before a code is issued: no code is wasted
        url, fingerprint = _bundle_url(args), ca_fingerprint(args.data)
        if importlib.util.find_spec("segno") is None:
            raise DataCenterError(
                400, Reason.INVALID_REQUEST, code="datacenter_server_extra_missing"
            )
    store = args.helpers.store(args)
    try:
        code = issue_code(store, time.time(), int(args.ttl_hours * 3600))
    finally:
        store.close()
    if args.bundle_out is None:
        args.helpers.write(json.dumps({"code": code}) if args.json else code)
        return 0
    bundle = EnrollmentBundle(url=url, code=code, ca_fingerprint=fingerprint)
    # It holds a one-time code: the operator's alone (0600) until it is on the laptop's stick.
    png = write_bundle(bundle, args.bundle_out)
    if args.json:
        args.helpers.write(
            json.dumps(bundle.as_json() | {"bundle": str(args.bundle_out), "qr": str(png)})
        )
        return 0
    import segno  # noqa: PLC0415 - the server extra

    qr = io.StringIO()
    segno.make(bundle.text(), error="m").terminal(out=qr, compact=True)
    args.helpers.write(
        say("dc.code", code=code),
        say("dc.url", url=url),
        say("dc.code_fingerprint", fingerprint=group_fingerprint(fingerprint)),
        say("dc.bundle", bundle=args.bundle_out, qr=png),
        say(
            "dc.on_the_laptop",
            name=args.bundle_out.name,
            page=catalogue.window_words(*ENROLL_PAGE, catalogue.language()),
            button=catalogue.window_words(*ENROLL_BUTTON, catalogue.language()),
        ),
        qr.getvalue().rstrip("\n"),
    )
    return 0


def cmd_records_set_state(args: argparse.Namespace) -> int:
    """A move by hand (``service.HAND_MOVES``), audited with who ran it and why."""
    from sync.server.accounts.roles import Actor  # noqa: PLC0415 - its own
    from sync.server.accounts.trail import write_audit  # noqa: PLC0415 - as above
    from sync.server.intake.states import STATE_SET, move_words  # noqa: PLC0415 - as above

    words = move_words(args.reason)
    if words is None and args.state == RecordState.RECAPTURE:
        raise DataCenterError(400, Reason.INVALID_REQUEST, code="datacenter_recapture_needs_reason")
    if words is None:
        raise DataCenterError(400, Reason.INVALID_REQUEST, code="datacenter_state_needs_reason")
    who = Actor.shell()
    moment = time.time()
    store = args.helpers.store(args)

    def audit(conn: Connection, record: StoredRecord) -> None:
        write_audit(
            conn,
            moment,
            actor=who.name,
            action=STATE_SET,
            account=who.name,
            detail=f"{record.device_id} {record.record_id} {record.state} -> {args.state}: {words}",
        )

    try:
        set_later_state(
            store,
            args.record_id,
            RecordState(args.state),
            iso(moment),
            args.device,
            reason=words,
            audit=audit,
        )
    finally:
        store.close()
    args.helpers.write(f"{args.record_id}: {args.state}")
    return 0


def cmd_records_reindex(args: argparse.Namespace) -> int:
    """Fill the records' blind index (``record_search``) for records stored before it.

    Opens each record's header in memory with the keys (their passphrase from the
    environment, as ``serve``); only HMACs are written, and no name or NIK is printed.
    """
    from sync.server.intake.record_search import reindex  # noqa: PLC0415 - opens records: this command's

    keys, blobs = keys_and_blobs(args)
    store = args.helpers.store(args)
    try:
        done = reindex(store, blobs, keys)
    finally:
        store.close()
    if args.json:
        args.helpers.write(json.dumps(asdict(done)))
    else:
        args.helpers.write(say("dc.reindexed", indexed=done.indexed, unopened=done.unopened))
    return 0


def keys_and_blobs(args: argparse.Namespace) -> tuple[Any, Any]:
    """The keys (passphrase from the environment) and the blob store, for opening records."""
    from sync.server.keys import (  # noqa: PLC0415 - loads keys; opening records only
        DataCenterKeys,
        passphrase_from_environment,
    )
    from sync.server.store.blobs import open_blob_store  # noqa: PLC0415 - opening records only

    ca_fingerprint(args.data)  # no keys here yet: refused, rather than new keys made
    keys = DataCenterKeys(args.data / "keys", passphrase_from_environment())
    return keys, open_blob_store(args.data, args.blobs)


def cmd_devices_list(args: argparse.Namespace) -> int:
    store = args.helpers.store(args)
    try:
        rows = [asdict(d) for d in store.devices()]
    finally:
        store.close()
    if args.json:
        args.helpers.write(json.dumps(rows))
    else:
        state = {True: say("dc.device_revoked"), False: say("dc.device_active")}
        args.helpers.write(*(f"{d['device_id']}  {state[bool(d['revoked_at'])]}" for d in rows))
    return 0


def cmd_devices_revoke(args: argparse.Namespace) -> int:
    store = args.helpers.store(args)
    try:
        store.revoke(args.device_id, args.reason, iso(time.time()))
    finally:
        store.close()
    args.helpers.write(say("dc.device_revoked_now", device=args.device_id))
    return 0


def cmd_conflicts_list(args: argparse.Namespace) -> int:
    store = args.helpers.store(args)
    try:
        rows = store.conflicts()
    finally:
        store.close()
    args.helpers.write(json.dumps(rows) if args.json else "\n".join(map(str, rows)))
    return 0


def cmd_audit_findings(args: argparse.Namespace) -> int:
    """Laptops whose audit log differs from what this data center anchored (issue 24)."""
    store = args.helpers.store(args)
    try:
        rows = store.audit_findings(include_acknowledged=args.all)
    finally:
        store.close()
    if args.json:
        args.helpers.write(json.dumps(rows))
    elif not rows:
        args.helpers.write(say("dc.audit_no_findings"))
    else:
        args.helpers.write(
            "\n".join(
                say(
                    "dc.audit_finding",
                    device=r["device_id"],
                    problem=r["problem"],
                    seq=r["seq"],
                    via=r["via"],
                    when=r["found_at"],
                    detail=r["detail"],
                )
                for r in rows
            )
        )
    return 0


def cmd_audit_acknowledge(args: argparse.Namespace) -> int:
    """The office has looked (a restore, say) and accepts the laptop's log as it now is."""
    store = args.helpers.store(args)
    try:
        epoch = store.acknowledge_audit(args.device_id, args.reason[:500], iso(time.time()))
    finally:
        store.close()
    log.info("audit history of device %s acknowledged; epoch %d begins", args.device_id, epoch)
    args.helpers.write(say("dc.audit_acknowledged", device=args.device_id, epoch=epoch))
    return 0


def cmd_reviews_list(args: argparse.Namespace) -> int:
    """The ketua tim's decisions that came with approved records (signed by the laptop).

    Their notes are sealed to the data center's key: this opens them, so it needs the
    keys (and their passphrase, from the environment, as ``serve`` does).
    """
    from sync.server.intake.reviews import opened_reviews  # noqa: PLC0415 - as above
    from sync.server.keys import (  # noqa: PLC0415 - loads keys; this command only
        DataCenterKeys,
        passphrase_from_environment,
    )

    ca_fingerprint(args.data)  # no keys here yet: refused, rather than new keys made
    keys = DataCenterKeys(args.data / "keys", passphrase_from_environment())
    store = args.helpers.store(args)
    try:
        rows = opened_reviews(store, keys)
    finally:
        store.close()
    if args.json:
        args.helpers.write(json.dumps(rows))
    else:
        args.helpers.write(
            "\n".join(
                say(
                    "dc.review",
                    record=r["record_id"],
                    decision=r["decision"],
                    officer=r["decided_by"],
                    when=r["decided_at"],
                )
                + ("  " + say("dc.review_note", note=r["note"]) if r["note"] else "")
                for r in rows
            )
        )
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """Import USB exports; exit 2 unless every record got a receipt (ACCEPTED or REJECTED)."""
    from sync.server.intake.service import DataCenter  # noqa: PLC0415 - loads keys; import only
    from sync.server.intake.usb import REFUSED, import_tree  # noqa: PLC0415 - as above

    datacenter = DataCenter(args.data, args.helpers.database(args), accept_demo=args.accept_demo)
    try:
        outcomes = import_tree(datacenter, args.directory)
    finally:
        datacenter.close()
    if args.json:
        args.helpers.write(json.dumps([asdict(o) for o in outcomes]))
    else:
        lines: list[str] = []
        for o in outcomes:
            if o.reason is not None:
                lines.append(
                    say("dc.import_refused", path=o.path, reason=o.reason, message=o.message)
                )
                continue
            receipts = "dc.receipts_written" if o.receipts_written else "dc.receipts_not_written"
            lines.append(
                say(
                    "dc.import_done",
                    path=o.path,
                    device=o.device_id,
                    accepted=o.count("ACCEPTED"),
                    rejected=o.count("REJECTED"),
                    refused=o.count(REFUSED),
                    receipts=say(receipts),
                )
            )
            lines.extend(
                say(
                    "dc.import_record_refused",
                    record=r.record_id,
                    state=r.state,
                    reason=r.reason,
                    message=r.message,
                )
                for r in o.records
                if r.reason is not None
            )
            if o.health == "refused":
                lines.append(say("dc.health_refused", path=o.path, message=o.health_message))
        args.helpers.write(*lines)
    return 0 if all(o.complete for o in outcomes) else 2


def add_blobs(p: argparse.ArgumentParser) -> None:
    """``--blobs``: the blob store holding the sealed records, if not DATA/blobs."""
    p.add_argument(
        "--blobs",
        default=os.environ.get(BLOBS_ENV) or None,
        metavar="s3://BUCKET/PREFIX",
        help=f"where the sealed records are kept, if not in DATA/blobs [${BLOBS_ENV}]",
    )


def register(sub: Any, records: Any, helpers: CliHelpers) -> None:
    """Add the intake's commands to ``fieldkit-datacenter``'s, ``records``' among them."""

    def command(group: Any, name: str, func: Any, **kw: Any) -> argparse.ArgumentParser:
        p: argparse.ArgumentParser = group.add_parser(name, **kw)
        helpers.data_args(p)
        p.set_defaults(func=func, helpers=helpers)
        return p

    usb = command(
        sub,
        "import",
        cmd_import,
        help="import USB exports (DIR/<device_id>/<export_id>/) and write receipts",
    )
    usb.add_argument("directory", type=Path, help="the stick's folder, or one export folder")
    usb.add_argument("--accept-demo", action="store_true", help=DEMO_HELP)
    usb.add_argument("--json", action="store_true", help="machine-readable output")

    codes = sub.add_parser("codes").add_subparsers(dest="action", required=True)
    new = command(codes, "new", cmd_codes_new, help="make a one-time enrollment code")
    new.add_argument(
        "--ttl-hours",
        type=float,
        default=24.0,
        help="hours the code works (default: %(default)g)",
    )
    new.add_argument("--json", action="store_true", help="machine-readable output")
    new.add_argument(
        "--bundle-out",
        type=Path,
        metavar="FILE",
        help="also write the enrollment bundle (URL, code, CA fingerprint) to FILE (JSON) "
        "and its QR code beside it (.png), for the laptop to read",
    )
    new.add_argument(
        "--url",
        help="the address laptops reach, e.g. https://10.0.0.5:8443 (default: the one "
        "'serve' last listened on)",
    )

    state = command(
        records,
        "set-state",
        cmd_records_set_state,
        help="move a record by hand: a print-ready record to PRINTED, a printed one to "
        "READY_FOR_HANDOVER, or back to the team as RECAPTURE (audited, with --reason)",
    )
    state.add_argument("record_id", help="the record's id")
    state.add_argument(
        "state",
        choices=[str(s) for s in RecordState],
        help="PRINTED, READY_FOR_HANDOVER or RECAPTURE",
    )
    state.add_argument("--device", help="the laptop's device id, if two laptops used this id")
    state.add_argument(
        "--reason",
        help="why (kept in the audit; for RECAPTURE, the words the team reads on the laptop)",
    )

    reindex = command(
        records,
        "reindex",
        cmd_records_reindex,
        help="index the records stored before the console's search (names and NIKs kept "
        "only as HMACs)",
    )
    reindex.add_argument("--json", action="store_true", help="machine-readable output")
    add_blobs(reindex)

    dev = sub.add_parser("devices").add_subparsers(dest="action", required=True)
    dlist = command(
        dev, "list", cmd_devices_list, help="the laptops enrolled here, and their state"
    )
    dlist.add_argument("--json", action="store_true", help="machine-readable output")
    revoke = command(
        dev, "revoke", cmd_devices_revoke, help="refuse all further requests from a laptop"
    )
    revoke.add_argument("device_id", help="the laptop's device id")
    revoke.add_argument(
        "--reason", default="revoked by operator", help="why (kept in the audit log)"
    )

    rev = sub.add_parser("reviews").add_subparsers(dest="action", required=True)
    rlist = command(
        rev,
        "list",
        cmd_reviews_list,
        help="the ketua tim's decisions sent with approved records; their notes are sealed, "
        "so this reads DATA/keys (passphrase: $FIELDKIT_DATACENTER_KEY_PASSPHRASE)",
    )
    rlist.add_argument("--json", action="store_true", help="machine-readable output")

    aud = sub.add_parser("audit").add_subparsers(dest="action", required=True)
    findings = command(
        aud,
        "findings",
        cmd_audit_findings,
        help="laptops whose audit log differs from what this data center anchored",
    )
    findings.add_argument("--all", action="store_true", help="acknowledged findings too")
    findings.add_argument("--json", action="store_true", help="machine-readable output")
    ack = command(
        aud,
        "acknowledge",
        cmd_audit_acknowledge,
        help="accept a laptop's audit log as it now is (after a restore)",
    )
    ack.add_argument("device_id", help="the laptop's device id")
    ack.add_argument("--reason", required=True, help="why: kept with the acknowledgement")

    con = sub.add_parser("conflicts").add_subparsers(dest="action", required=True)
    clist = command(
        con, "list", cmd_conflicts_list, help="records offered again with different content"
    )
    clist.add_argument("--json", action="store_true", help="machine-readable output")
