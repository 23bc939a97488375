"""``fieldkit-datacenter``: run the service and do the operator's chores.

Only ``serve`` and ``import`` need the keys; the other commands touch the
metadata store alone.  All of them work while the service is running (SQLite
in WAL mode, or PostgreSQL).
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import json
import logging
import os
import socket
import sys
import time
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fieldkit.cli.output import quiet_when_the_reader_leaves, say
from sync.bundle import EnrollmentBundle, group_fingerprint, write_bundle
from sync.protocol import Reason, RecordState, ca_fingerprint
from sync.server.errors import DataCenterError
from sync.server.service import iso, issue_code, set_later_state
from sync.server.store import SqlStore, make_data_dir, sqlite_url

if TYPE_CHECKING:
    from collections.abc import Sequence

log = logging.getLogger(__name__)

DATABASE_ENV = "FIELDKIT_DATACENTER_DATABASE"
#: Written by ``serve`` in the data directory: the address laptops are given in bundles.
URL_FILE = "url.txt"
_DEMO_HELP = "also accept records sealed to the public demo key (training only)"


def write_stdout(*lines: str) -> None:
    """The command's output for people and scripts: the one place that writes to stdout."""
    sys.stdout.write("".join(f"{line}\n" for line in lines))
    sys.stdout.flush()


def _database(args: argparse.Namespace) -> str:
    url: str | None = args.database or os.environ.get(DATABASE_ENV)
    return url or sqlite_url(args.data)


def _store(args: argparse.Namespace) -> SqlStore:
    make_data_dir(args.data)
    return SqlStore(_database(args))


def _bind(host: str, port: int) -> socket.socket:
    """Bind before printing the URL, so a caller may connect as soon as it reads it."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn  # noqa: PLC0415 - the server extra is only needed to serve

    from sync.server.app import create_app  # noqa: PLC0415 - needs the server extra
    from sync.server.memory import keep_large_buffers  # noqa: PLC0415 - serve only
    from sync.server.service import DataCenter  # noqa: PLC0415 - loads keys; serve only

    keep_large_buffers()
    datacenter = DataCenter(
        args.data,
        _database(args),
        accept_demo=args.accept_demo,
        min_client_version=getattr(args, "min_client_version", None),
    )
    tls = datacenter.keys.issue_server_certificate([args.host])
    sock = _bind(args.host, args.port)
    port = sock.getsockname()[1]
    shown = f"[{args.host}]" if ":" in args.host else args.host
    url = f"https://{shown}:{port}"
    _remember_url(args.data, url)
    write_stdout(
        say("dc.serving", url=url),
        say("dc.fingerprint", fingerprint=datacenter.keys.fingerprint),
        say(
            "dc.fingerprint_groups",
            groups=group_fingerprint(datacenter.keys.fingerprint),
        ),
    )
    config = uvicorn.Config(
        create_app(datacenter),
        ssl_certfile=str(tls.certfile),
        ssl_keyfile=str(tls.keyfile),
        ssl_keyfile_password=(datacenter.keys.passphrase or b"").decode() or None,
        log_config=None,
        timeout_graceful_shutdown=10,
        timeout_keep_alive=30,
    )
    try:
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        datacenter.close()
    return 0


def _remember_url(data: Path, url: str) -> None:
    """The address ``serve`` listens on, for ``codes new --bundle-out`` to put in the bundle."""
    (data / URL_FILE).write_text(url + "\n", encoding="utf-8")


def _bundle_url(args: argparse.Namespace) -> str:
    if args.url:
        return str(args.url).strip().rstrip("/")
    try:
        return str((args.data / URL_FILE).read_text(encoding="utf-8")).strip()
    except FileNotFoundError:
        raise DataCenterError(
            400, Reason.INVALID_REQUEST, code="datacenter_no_bundle_address"
        ) from None


def _ca_fingerprint(data: Path) -> str:
    """The CA's fingerprint from its certificate alone (no private key is read)."""
    try:
        return ca_fingerprint((data / "keys" / "ca.pem").read_bytes())
    except FileNotFoundError:
        raise DataCenterError(400, Reason.INVALID_REQUEST, code="datacenter_no_ca") from None


def cmd_codes_new(args: argparse.Namespace) -> int:
    bundle: EnrollmentBundle | None = None
    if args.bundle_out is not None:  # checked before a code is issued: no code is wasted
        url, fingerprint = _bundle_url(args), _ca_fingerprint(args.data)
        if importlib.util.find_spec("segno") is None:
            raise DataCenterError(
                400, Reason.INVALID_REQUEST, code="datacenter_server_extra_missing"
            )
    store = _store(args)
    try:
        code = issue_code(store, time.time(), int(args.ttl_hours * 3600))
    finally:
        store.close()
    if args.bundle_out is None:
        write_stdout(json.dumps({"code": code}) if args.json else code)
        return 0
    bundle = EnrollmentBundle(url=url, code=code, ca_fingerprint=fingerprint)
    png = write_bundle(bundle, args.bundle_out)
    if args.json:
        write_stdout(
            json.dumps(bundle.as_json() | {"bundle": str(args.bundle_out), "qr": str(png)})
        )
        return 0
    import segno  # noqa: PLC0415 - the server extra

    qr = io.StringIO()
    segno.make(bundle.text(), error="m").terminal(out=qr, compact=True)
    write_stdout(
        say("dc.code", code=code),
        say("dc.url", url=url),
        say("dc.code_fingerprint", fingerprint=group_fingerprint(fingerprint)),
        say("dc.bundle", bundle=args.bundle_out, qr=png),
        say(
            "dc.on_the_laptop",
            name=args.bundle_out.name,
        ),
        qr.getvalue().rstrip("\n"),
    )
    return 0


def cmd_records_list(args: argparse.Namespace) -> int:
    store = _store(args)
    try:
        rows = [
            {
                "record_id": r.record_id,
                "device_id": r.device_id,
                "sha256": r.sha256,
                "state": str(r.state),
                "reason": r.reason,
                "received_at": r.received_at,
                "demo": r.demo,
            }
            for r in store.records()
        ]
    finally:
        store.close()
    if args.json:
        write_stdout(json.dumps(rows))
    else:
        write_stdout(
            *(
                f"{r['record_id']}  {r['state']:<18} {r['device_id']}"
                + ("  [demo]" if r["demo"] else "")
                for r in rows
            )
        )
    return 0


def cmd_records_set_state(args: argparse.Namespace) -> int:
    store = _store(args)
    try:
        set_later_state(
            store,
            args.record_id,
            RecordState(args.state),
            iso(time.time()),
            args.device,
            reason=args.reason,
        )
    finally:
        store.close()
    write_stdout(f"{args.record_id}: {args.state}")
    return 0


def cmd_devices_list(args: argparse.Namespace) -> int:
    store = _store(args)
    try:
        rows = [asdict(d) for d in store.devices()]
    finally:
        store.close()
    if args.json:
        write_stdout(json.dumps(rows))
    else:
        write_stdout(
            *(f"{d['device_id']}  {'REVOKED' if d['revoked_at'] else 'active'}" for d in rows)
        )
    return 0


def cmd_devices_revoke(args: argparse.Namespace) -> int:
    store = _store(args)
    try:
        store.revoke(args.device_id, args.reason, iso(time.time()))
    finally:
        store.close()
    write_stdout(f"{args.device_id}: revoked")
    return 0


def cmd_conflicts_list(args: argparse.Namespace) -> int:
    store = _store(args)
    try:
        rows = store.conflicts()
    finally:
        store.close()
    write_stdout(json.dumps(rows) if args.json else "\n".join(map(str, rows)))
    return 0


def cmd_reviews_list(args: argparse.Namespace) -> int:
    """The ketua tim's decisions that came with approved records (signed by the laptop)."""
    store = _store(args)
    try:
        rows = store.reviews()
    finally:
        store.close()
    if args.json:
        write_stdout(json.dumps(rows))
    else:
        write_stdout(
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
    from sync.server.service import DataCenter  # noqa: PLC0415 - loads keys; import only
    from sync.server.usb import REFUSED, import_tree  # noqa: PLC0415 - as above

    datacenter = DataCenter(args.data, _database(args), accept_demo=args.accept_demo)
    try:
        outcomes = import_tree(datacenter, args.directory)
    finally:
        datacenter.close()
    if args.json:
        write_stdout(json.dumps([asdict(o) for o in outcomes]))
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
                f"  {r.record_id}  {r.state}  {r.reason}: {r.message}"
                for r in o.records
                if r.reason is not None
            )
        write_stdout(*lines)
    return 0 if all(o.complete for o in outcomes) else 2


def cmd_openapi(args: argparse.Namespace) -> int:
    from sync.server.app import create_app  # noqa: PLC0415 - needs the server extra

    spec: dict[str, Any] = create_app(None).openapi()
    text = json.dumps(spec, indent=2, sort_keys=True) + "\n"
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        write_stdout(text.rstrip("\n"))
    return 0


def _data_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", type=Path, required=True, help="the data directory")
    p.add_argument(
        "--database",
        help=f"sqlite:///FILE or postgresql://USER:PASSWORD@HOST/DB "
        f"(default: SQLite in DATA; ${DATABASE_ENV})",
    )


def _add_import(sub: Any) -> None:
    usb = sub.add_parser(
        "import", help="import USB exports (DIR/<device_id>/<export_id>/) and write receipts"
    )
    usb.add_argument("directory", type=Path, help="the stick's folder, or one export folder")
    _data_args(usb)
    usb.add_argument("--accept-demo", action="store_true", help=_DEMO_HELP)
    usb.add_argument("--json", action="store_true")
    usb.set_defaults(func=cmd_import)


def build_parser() -> argparse.ArgumentParser:  # noqa: PLR0915 - one flat list of commands
    parser = argparse.ArgumentParser(
        prog="fieldkit-datacenter", description="FieldKit's reference data-center service."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="run the HTTPS service until SIGTERM/SIGINT")
    _data_args(serve)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8443, help="0 picks a free port")
    serve.add_argument("--accept-demo", action="store_true", help=_DEMO_HELP)
    serve.add_argument(
        "--min-client-version",
        metavar="X.Y.Z",
        help="refuse laptops running an older FieldKit (they are told to update)",
    )
    serve.set_defaults(func=cmd_serve)
    _add_import(sub)

    codes = sub.add_parser("codes").add_subparsers(dest="action", required=True)
    new = codes.add_parser("new", help="make a one-time enrollment code")
    _data_args(new)
    new.add_argument("--ttl-hours", type=float, default=24.0)
    new.add_argument("--json", action="store_true")
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
    new.set_defaults(func=cmd_codes_new)

    rec = sub.add_parser("records").add_subparsers(dest="action", required=True)
    listing = rec.add_parser("list")
    _data_args(listing)
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(func=cmd_records_list)
    state = rec.add_parser(
        "set-state", help="mark DEDUPLICATED, PRINTED, READY_FOR_HANDOVER or RECAPTURE"
    )
    state.add_argument("record_id")
    state.add_argument("state", choices=[str(s) for s in RecordState])
    state.add_argument("--device", help="the laptop's device id, if two laptops used this id")
    state.add_argument("--reason", help="RECAPTURE: why the person must be recorded again")
    _data_args(state)
    state.set_defaults(func=cmd_records_set_state)

    dev = sub.add_parser("devices").add_subparsers(dest="action", required=True)
    dlist = dev.add_parser("list")
    _data_args(dlist)
    dlist.add_argument("--json", action="store_true")
    dlist.set_defaults(func=cmd_devices_list)
    revoke = dev.add_parser("revoke", help="refuse all further requests from a laptop")
    revoke.add_argument("device_id")
    revoke.add_argument("--reason", default="revoked by operator")
    _data_args(revoke)
    revoke.set_defaults(func=cmd_devices_revoke)

    rev = sub.add_parser("reviews").add_subparsers(dest="action", required=True)
    rlist = rev.add_parser("list", help="the ketua tim's decisions sent with approved records")
    _data_args(rlist)
    rlist.add_argument("--json", action="store_true")
    rlist.set_defaults(func=cmd_reviews_list)

    con = sub.add_parser("conflicts").add_subparsers(dest="action", required=True)
    clist = con.add_parser("list", help="records offered again with different content")
    _data_args(clist)
    clist.add_argument("--json", action="store_true")
    clist.set_defaults(func=cmd_conflicts_list)

    openapi = sub.add_parser("openapi", help="write the service's OpenAPI spec")
    openapi.add_argument("--output", help="file to write (default: stdout)")
    openapi.set_defaults(func=cmd_openapi)
    return parser


@quiet_when_the_reader_leaves
def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO,
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    try:
        code: int = args.func(args)
    except DataCenterError as exc:
        log.error("%s: %s", exc.reason, exc.message)  # noqa: TRY400 - a refusal, not a crash
        sys.stderr.write(f"error: {exc.message}\n")
        return 2
    return code


if __name__ == "__main__":
    sys.exit(main())
