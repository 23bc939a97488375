"""``fieldkit-datacenter``: run the service and do the operator's chores.

Only ``serve``, ``import`` and ``reviews list`` (whose notes are sealed) need the
keys; the other commands touch the metadata store alone.  All of them work while the
service is running (SQLite in WAL mode, or PostgreSQL).
"""

from __future__ import annotations

import errno
import json
import logging
import os
import socket
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from fieldkit import catalogue, paths
from fieldkit.cli.output import (
    SpokenParser,
    quiet_when_the_reader_leaves,
    say,
    undecodable_argument,
)
from fieldkit.durable import atomic_write
from fieldkit.errors import KnownError
from fieldkit.printable import printable_lines
from sync.bundle import group_fingerprint
from sync.protocol import Reason, RecordState
from sync.server import workers
from sync.server.cards import cli as cards_cli
from sync.server.console import cli as console_cli
from sync.server.dedup import cli as dedup_cli
from sync.server.dedup.abis import cli as abis_cli
from sync.server.errors import DataCenterError
from sync.server.intake import cli as intake_cli
from sync.server.intake.cli import DEMO_HELP
from sync.server.intake.service import URL_FILE
from sync.server.office import cli as office_cli
from sync.server.office import releases as release_offer
from sync.server.office.cli_helpers import CliHelpers
from sync.server.operations import logsetup
from sync.server.operations.backup import BACKUP_KEY_ENV
from sync.server.store.blobs import BLOBS_ENV
from sync.server.store.database import SqlStore, make_data_dir, sqlite_url
from sync.server.store.stamps import use_office_zone

if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence

    from sync.server.cards.promises import RecordClock

log = logging.getLogger(__name__)

DATABASE_ENV = workers.DATABASE_ENV
DATABASE_PASSWORD_FILE_ENV = "FIELDKIT_DATACENTER_DATABASE_PASSWORD_FILE"  # noqa: S105 - a name
PASSWORD_FILE_OPTION = "--database-password-file"  # noqa: S105 - an option's name
HOST_ENV = "FIELDKIT_DATACENTER_HOST"
PORT_ENV = "FIELDKIT_DATACENTER_PORT"
WORKERS_ENV = "FIELDKIT_DATACENTER_WORKERS"
TLS_NAMES_ENV = "FIELDKIT_DATACENTER_TLS_NAMES"
S3_ENDPOINT_ENV = "FIELDKIT_DATACENTER_S3_ENDPOINT"


def write_stdout(*lines: str) -> None:
    """The command's output for people and scripts: the one place that writes to stdout.

    Each line is made printable (``fieldkit.printable``): a laptop's hostname, version
    or device kind is text a laptop wrote, and an escape sequence in it would otherwise
    reach the operator's terminal raw (clear it, retitle it, rewrite what it shows).
    """
    sys.stdout.write("".join(f"{printable_lines(line)}\n" for line in lines))
    sys.stdout.flush()


def _parse_database_url(url: str) -> sa.URL:
    """``url`` parsed, or a refusal that does not repeat it (it may hold a password)."""
    try:
        return sa.make_url(url)
    except (sa.exc.ArgumentError, ValueError):
        raise DataCenterError(
            400, Reason.INVALID_REQUEST, code="datacenter_database_url_invalid"
        ) from None


def _holds_password(url: sa.URL) -> bool:
    """A password in the URL's user part, or in its query (libpq takes ``?password=``)."""
    return bool(url.password) or any(key.lower() == "password" for key in url.query)


def refuse_password_in_argument(args: argparse.Namespace) -> None:
    """``--database`` with a password: refused before anything is done with it.

    Every local account reads a process's arguments (``ps``, ``/proc/<pid>/cmdline``),
    and ``serve --workers`` passed them on.  The password comes from the environment,
    a file, or libpq's own ``~/.pgpass``; the refusal names those and never the URL.
    """
    given: str | None = getattr(args, "database", None)
    if given and _holds_password(_parse_database_url(given)):
        raise DataCenterError(
            400,
            Reason.INVALID_REQUEST,
            code="datacenter_database_password_in_argument",
            params={
                "env": DATABASE_ENV,
                "option": PASSWORD_FILE_OPTION,
                "file_env": DATABASE_PASSWORD_FILE_ENV,
            },
        )


def _password_from_file(path: Path) -> str:
    """The file's first line, without its line ending (a password may hold spaces)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        cause = exc.strerror if isinstance(exc, OSError) else f"UTF-8: {exc.reason}"
        raise DataCenterError(
            400,
            Reason.INVALID_REQUEST,
            code="datacenter_database_password_file_unreadable",
            params={"file": path, "cause": cause or exc},
        ) from None
    password = text.split("\n", 1)[0].removesuffix("\r")  # not splitlines: U+2028 is a character
    if not password:
        raise DataCenterError(
            400,
            Reason.INVALID_REQUEST,
            code="datacenter_database_password_file_empty",
            params={"file": path},
        )
    return password


def _database(args: argparse.Namespace) -> str:
    """The database URL: ``--database``, else the environment's, else SQLite in DATA.

    The password, if any, is the password file's (``--database-password-file`` or its
    variable), else the one in ``$FIELDKIT_DATACENTER_DATABASE``, else libpq's own
    (``PGPASSWORD``, ``PGPASSFILE``, ``~/.pgpass``), which psycopg reads when the URL
    has none.  Never the command line's: :func:`refuse_password_in_argument`.
    """
    refuse_password_in_argument(args)
    url: str = args.database or os.environ.get(DATABASE_ENV) or sqlite_url(args.data)
    password_file: Path | None = getattr(args, "database_password_file", None)
    if password_file is None or url.startswith("sqlite"):
        return url
    parsed = _parse_database_url(url).set(password=_password_from_file(password_file))
    return parsed.render_as_string(hide_password=False)


#: The stores this command opened (:func:`_store`), closed when it ends (:func:`main`).  A
#: process's exit would close them anyway; a command run inside a longer-lived process (the
#: tests run most of theirs in their own) must not leave its database connections for the
#: garbage collector to find, open, in whatever runs next.
_opened_stores: list[SqlStore] = []


def _store(args: argparse.Namespace) -> SqlStore:
    make_data_dir(args.data)
    store = SqlStore(_database(args))
    _opened_stores.append(store)
    # Every date a command writes (an export, a BA, a schedule's day) on the office's clock.
    use_office_zone(store.office_zone())
    return store


def _close_opened_stores() -> None:
    while _opened_stores:
        _opened_stores.pop().close()
    # Nor its office's clock (:func:`_store`), for the next command in the same process.
    use_office_zone(None)


#: Below this a port is the administrator's alone (Linux, without CAP_NET_BIND_SERVICE).
_FIRST_UNPRIVILEGED_PORT = 1024


def _port_unavailable(host: str, port: int, exc: OSError) -> DataCenterError:
    """Why the address cannot be taken, in the words that say what to do about it.

    Not every refusal is a port another program holds: README's ``--host 10.0.0.5`` typed
    on a computer without that address, a name no resolver knows, or port 443 without
    the administrator's rights were all told to "stop the program that uses it".
    ``errno.EADDRNOTAVAIL`` is WSAEADDRNOTAVAIL on Windows, where Python names it so too.
    """
    if isinstance(exc, socket.gaierror):
        return DataCenterError(
            409, Reason.CONFLICT, code="datacenter_host_unknown", params={"host": host}
        )
    if exc.errno == errno.EADDRNOTAVAIL:
        return DataCenterError(
            409, Reason.CONFLICT, code="datacenter_host_not_here", params={"host": host}
        )
    if exc.errno == errno.EACCES and 0 < port < _FIRST_UNPRIVILEGED_PORT:
        return DataCenterError(
            409, Reason.CONFLICT, code="datacenter_port_privileged", params={"port": port}
        )
    return DataCenterError(
        409,
        Reason.CONFLICT,
        code="datacenter_port_unavailable",
        params={"host": host, "port": port, "cause": exc.strerror or exc},
    )


def _bind(host: str, port: int) -> socket.socket:
    """Take the address (and learn a ``--port 0``'s port) without answering on it yet.

    The port answers only from :func:`_listen`, after the banner is written: a script or
    service wrapper that waits for the port and then reads the log finds the URL and the
    CA fingerprint there (issue 59 §3; the keys, the certificate and the app take a second
    or more to load in between).
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:  # taken by another program, or an address this machine lacks
        sock.close()
        raise _port_unavailable(host, port, exc) from None
    sock.set_inheritable(True)
    return sock


def _listen(sock: socket.socket, host: str, port: int) -> None:
    """Open the port: from here a client's connection waits in the queue until served."""
    try:
        sock.listen(2048)
    except OSError as exc:  # another socket bound with SO_REUSEADDR listened first
        sock.close()
        raise _port_unavailable(host, port, exc) from None


def _tell_systemd_ready() -> None:
    """``READY=1`` to systemd when it runs the service as ``Type=notify``.

    ``systemctl start`` (and every unit ordered after this one) then waits until the
    port answers, by when the banner is in the journal: ``enable --now`` followed by
    ``journalctl`` finds the URL and the CA fingerprint even on a first start that makes
    the keys.  Without ``$NOTIFY_SOCKET`` (a terminal, a script, Windows, which has no
    systemd) there is no one to tell.
    """
    address = os.environ.get("NOTIFY_SOCKET", "")
    family = getattr(socket, "AF_UNIX", None)  # absent on Windows
    if not address or family is None:
        return
    if address.startswith("@"):  # an abstract socket's name
        address = "\0" + address[1:]
    try:
        with socket.socket(family, socket.SOCK_DGRAM) as notify:
            notify.connect(address)
            notify.sendall(b"READY=1")
    except OSError as exc:  # serving matters more than the message; say why it was lost
        log.warning("could not tell systemd the service is ready: %s", exc)


def cmd_serve(args: argparse.Namespace) -> int:
    if args.blobs:  # the flag wins; DataCenter, and every worker, read the variable
        os.environ[BLOBS_ENV] = args.blobs
    import uvicorn  # noqa: PLC0415 - the server extra is only needed to serve

    from sync.server.app import create_app  # noqa: PLC0415 - needs the server extra
    from sync.server.intake.service import DataCenter  # noqa: PLC0415 - loads keys; serve only
    from sync.server.operations.memory import keep_large_buffers  # noqa: PLC0415 - serve only

    keep_large_buffers()
    if args.workers > 1 and _database(args).startswith("sqlite"):
        raise DataCenterError(
            400, Reason.INVALID_REQUEST, code="datacenter_workers_need_postgresql"
        )
    datacenter = DataCenter(
        args.data,
        _database(args),
        accept_demo=args.accept_demo,
        min_client_version=getattr(args, "min_client_version", None),
    )
    hosts = [args.host, *args.tls_name]
    sock = _bind(args.host, args.port)
    port = sock.getsockname()[1]
    shown = f"[{args.host}]" if ":" in args.host else args.host
    url = f"https://{shown}:{port}"
    # The pair is issued and read into the TLS context under its lock: another process
    # serving from the same folder may not rewrite it in between (a key that does not match
    # its certificate).  Serving itself runs after the lock is let go.
    with datacenter.keys.server_certificate(hosts) as tls:
        tls_settings: dict[str, Any] = {
            "ssl_certfile": str(tls.certfile),
            "ssl_keyfile": str(tls.keyfile),
            "ssl_keyfile_password": (datacenter.keys.passphrase or b"").decode() or None,
            "log_config": None,
            "timeout_graceful_shutdown": 10,
            "timeout_keep_alive": 30,
        }
        config = None
        if args.workers <= 1:
            config = uvicorn.Config(create_app(datacenter), **tls_settings)
            config.load()
    _remember_url(args.data, url)
    # Written (and flushed) before the port answers: whoever sees the port open finds the
    # URL and the fingerprint every laptop needs already in the log or the journal.
    write_stdout(
        say("dc.serving", url=url),
        say("dc.fingerprint", fingerprint=datacenter.keys.fingerprint),
        say(
            "dc.fingerprint_groups",
            groups=group_fingerprint(datacenter.keys.fingerprint),
        ),
    )
    _listen(sock, args.host, args.port)
    _tell_systemd_ready()
    if config is None:
        # The keys, the schema and the certificate exist now: the workers only read them.
        # Penunggalan runs here, once for the host, not in each worker: one gallery in
        # memory (a regency's is gigabytes), searched by one searcher.
        searching = workers.start_dedup(datacenter) if args.dedup else None
        try:
            return _serve_with_workers(args, tls_settings, sock)
        finally:
            if searching is not None:
                searching.stop()
            datacenter.close()
    searching = workers.start_dedup(datacenter) if args.dedup else None
    try:
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        if searching is not None:
            searching.stop()
        datacenter.close()
    return 0


def _serve_with_workers(
    args: argparse.Namespace, settings: dict[str, Any], sock: socket.socket
) -> int:
    """Several processes on one socket, each its own DataCenter (``sync.server.workers``)."""
    import uvicorn  # noqa: PLC0415 - the server extra is only needed to serve
    from uvicorn.supervisors import Multiprocess  # noqa: PLC0415 - the server extra

    workers.hand_over(
        args.data,
        _database(args),
        accept_demo=args.accept_demo,
        min_client_version=getattr(args, "min_client_version", None),
        log_format=args.log_format,
    )
    config = uvicorn.Config(
        "sync.server.workers:app_from_environment",
        factory=True,
        workers=args.workers,
        **settings,
    )
    Multiprocess(config, sockets=[sock]).run()
    return 0


def _remember_url(data: Path, url: str) -> None:
    """The address ``serve`` listens on, for ``codes new --bundle-out`` to put in the bundle."""
    atomic_write(data / URL_FILE, (url + "\n").encode("utf-8"))  # 0600 from its first byte


def _clock_json(clock: RecordClock | None) -> dict[str, Any]:
    if clock is None:  # no visit date and no arrival time: nothing to count from
        return {"promise_date": None, "working_days_left": None, "overdue": False}
    return clock.as_json()


def cmd_records_list(args: argparse.Namespace) -> int:
    from sync.server.cards import promises  # noqa: PLC0415 - this command's own
    from sync.server.dedup import candidates  # noqa: PLC0415 - this command's own

    store = _store(args)
    try:
        found = candidates.every(store)
        # Each record's promise (issue 49 §1): its date, the working days left, overdue.
        clocks = promises.every_clock(store, promises.office_clock(store))
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
            | _clock_json(clocks.get((r.device_id, r.record_id)))
            | (
                {"candidates": [c.as_json() for c in found.get((r.device_id, r.record_id), [])]}
                if r.state is RecordState.DUPLICATE_RECORD
                else {}
            )
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


def cmd_blobs_sweep(args: argparse.Namespace) -> int:
    """Delete blobs no record points at, left by a crash between the blob and its commit."""
    from sync.server.operations.sweep import sweep_blobs  # noqa: PLC0415 - a chore's own import
    from sync.server.store.blobs import open_blob_store  # noqa: PLC0415 - a chore's own import

    store = _store(args)
    try:
        swept = sweep_blobs(
            store, open_blob_store(args.data, args.blobs), args.older_than_minutes * 60
        )
    finally:
        store.close()
    if args.json:
        write_stdout(json.dumps({"deleted": swept.deleted, "checked": swept.checked}))
    else:
        write_stdout(say("dc.blobs_swept", deleted=swept.deleted, checked=swept.checked))
    return 0


def cmd_db_current(args: argparse.Namespace) -> int:
    """The schema revision the database is at, and the one this code brings it to."""
    import sqlalchemy as sa  # noqa: PLC0415 - a chore's own import

    from sync.server.store.schema import current_revision, known_revisions  # noqa: PLC0415

    make_data_dir(args.data)
    engine = sa.create_engine(_database(args))
    try:
        with engine.connect() as conn:
            revision = current_revision(conn)
    finally:
        engine.dispose()
    head = known_revisions()[-1]
    if args.json:
        write_stdout(json.dumps({"current": revision, "head": head}))
    else:
        write_stdout(say("dc.db_current", current=revision or "-", head=head))
    return 0


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    """What every start does: bring the schema to this code's head (or refuse a newer one)."""
    store = _store(args)  # opening the store migrates
    store.close()
    return cmd_db_current(args)


def cmd_backup(args: argparse.Namespace) -> int:
    """A consistent backup while serving: rows, the blobs they name, keys only if asked."""
    from sync.server.operations.backup import create_backup  # noqa: PLC0415 - a chore's own import

    make_data_dir(args.data)
    done = create_backup(
        args.data, _database(args), args.output, with_keys=args.with_keys, blobs_url=args.blobs
    )
    if args.json:
        write_stdout(json.dumps(done.as_json()))
        return 0
    write_stdout(
        say(
            "dc.backup_written",
            path=done.path,
            rows=sum(done.rows.values()),
            blobs=done.blobs,
        )
    )
    if done.backup_key_made:
        write_stdout(say("dc.backup_key_made", file=args.data / "keys" / "backup.key"))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    """Check a backup whole, then put it onto this (empty, unless --force) data center."""
    from sync.server.operations.backup import restore_backup  # noqa: PLC0415 - a chore's own import

    restored = restore_backup(
        args.data,
        _database(args),
        args.archive,
        force=args.force,
        backup_key_file=args.backup_key,
        blobs_url=args.blobs,
    )
    if args.json:
        write_stdout(json.dumps({"rows": restored}))
    else:
        write_stdout(say("dc.restored", rows=sum(restored.values())))
    if not (args.data / "keys" / "ca.pem").exists():
        write_stdout(say("dc.restore_keys_needed", keys=args.data / "keys"))
    return 0


def cmd_keys_protect(args: argparse.Namespace) -> int:
    """Encrypt the private keys kept in the clear, in place, with the passphrase.

    The passphrase comes from the environment only: an argument shows in ``ps``.
    """
    from sync.server.keys import (  # noqa: PLC0415 - a chore's own import
        PASSPHRASE_ENV,
        passphrase_from_environment,
        protect_keys,
    )

    passphrase = passphrase_from_environment()
    if not passphrase:
        raise DataCenterError(
            400,
            Reason.INVALID_REQUEST,
            code="datacenter_keys_protect_no_passphrase",
            params={"env": PASSPHRASE_ENV},
        )
    protected = protect_keys(args.data / "keys", passphrase)
    if args.json:
        write_stdout(json.dumps({"protected": protected}))
    else:
        write_stdout(say("dc.keys_protected", keys=args.data / "keys", env=PASSPHRASE_ENV))
    return 0


def cmd_openapi(args: argparse.Namespace) -> int:
    from sync.server.app import create_app  # noqa: PLC0415 - needs the server extra

    spec: dict[str, Any] = create_app(None).openapi()
    text = json.dumps(spec, indent=2, sort_keys=True) + "\n"
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        write_stdout(text.rstrip("\n"))
    return 0


_FLAG_YES = ("1", "true", "yes", "on")
_FLAG_NO = ("0", "false", "no", "off")


def _env_flag(name: str) -> bool:
    """A yes/no setting from the environment; anything else is refused, not guessed."""
    value = os.environ.get(name, "").strip().lower()
    if value in ("", *_FLAG_NO):
        return False
    if value in _FLAG_YES:
        return True
    allowed = ", ".join(f"{yes}/{no}" for yes, no in zip(_FLAG_YES, _FLAG_NO, strict=True))
    raise DataCenterError(
        400,
        Reason.INVALID_REQUEST,
        code="datacenter_setting_invalid",
        params={"name": name, "value": value[:40], "allowed": allowed},
    )


def _env(name: str) -> str | None:
    return os.environ.get(name) or None


def _env_choice(name: str, choices: Sequence[str], fallback: str) -> str:
    """A setting with a few allowed values (argparse checks a flag's, not a default's)."""
    value = (os.environ.get(name) or fallback).strip().lower()
    if value not in choices:
        raise DataCenterError(
            400,
            Reason.INVALID_REQUEST,
            code="datacenter_setting_invalid",
            params={"name": name, "value": value[:40], "allowed": ", ".join(choices)},
        )
    return value


def _data_args(p: argparse.ArgumentParser) -> None:
    data = _env(workers.DATA_ENV)
    p.add_argument(
        "--data",
        type=Path,
        required=data is None,
        default=data,
        help=f"the data directory [${workers.DATA_ENV}]",
    )
    p.add_argument(
        "--database",
        metavar="URL",
        help="sqlite:///FILE or postgresql://USER@HOST/DB, without a password: every "
        "local account reads a command's arguments (default: SQLite in DATA) "
        f"[${DATABASE_ENV}, which may hold postgresql://USER:PASSWORD@HOST/DB]",
    )
    password_file = _env(DATABASE_PASSWORD_FILE_ENV)
    p.add_argument(
        PASSWORD_FILE_OPTION,
        type=Path,
        metavar="FILE",
        default=Path(password_file) if password_file else None,
        help="read the database password from the first line of FILE; or put it in "
        f"${DATABASE_ENV}, or in libpq's ~/.pgpass ($PGPASSFILE) "
        f"[${DATABASE_PASSWORD_FILE_ENV}]",
    )


def build_parser() -> argparse.ArgumentParser:  # noqa: PLR0915 - one flat list of commands
    parser = SpokenParser(prog="fieldkit-datacenter", description=say("dc.help"))
    parser.add_argument("--lang", choices=catalogue.LANGUAGES, help=say("dc.lang_help"))
    parser.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help=say("dc.verbose_help", file=f"DATA/logs/{logsetup.COMMAND_LOG_FILE}"),
    )
    parser.add_argument(
        "--log-format",
        choices=logsetup.FORMATS,
        default=_env_choice(workers.LOG_FORMAT_ENV, logsetup.FORMATS, "text"),
        help=f"log lines as text or as one JSON object each [${workers.LOG_FORMAT_ENV}]",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = sub.add_parser("serve", help="run the HTTPS service until SIGTERM/SIGINT")
    _data_args(serve)
    serve.add_argument(
        "--host",
        default=_env(HOST_ENV) or "127.0.0.1",
        help=f"the address to listen on [${HOST_ENV}]",
    )
    serve.add_argument(
        "--port",
        type=int,
        default=_env(PORT_ENV) or 8443,
        help=f"0 picks a free port [${PORT_ENV}]",
    )
    serve.add_argument(
        "--accept-demo",
        action="store_true",
        default=_env_flag(workers.ACCEPT_DEMO_ENV),
        help=f"{DEMO_HELP} [${workers.ACCEPT_DEMO_ENV}=1]",
    )
    serve.add_argument(
        "--blobs",
        metavar="s3://BUCKET/PREFIX",
        default=_env(BLOBS_ENV),
        help="keep the sealed records in an S3 object store (endpoint: "
        f"${S3_ENDPOINT_ENV}; credentials: $AWS_ACCESS_KEY_ID, $AWS_SECRET_ACCESS_KEY) "
        f"instead of DATA/blobs [${BLOBS_ENV}]",
    )
    serve.add_argument(
        "--tls-name",
        action="append",
        default=[n.strip() for n in (_env(TLS_NAMES_ENV) or "").split(",") if n.strip()],
        metavar="NAME",
        help="another address or DNS name for the certificate, e.g. the load balancer's "
        f"(repeatable) [${TLS_NAMES_ENV}, comma-separated]",
    )
    serve.add_argument(
        "--workers",
        type=int,
        default=_env(WORKERS_ENV) or 1,
        choices=range(1, 65),
        metavar="N",
        help="serve from N processes on one port (PostgreSQL only; a dead one is replaced) "
        f"[${WORKERS_ENV}]",
    )
    serve.add_argument(
        "--min-client-version",
        metavar="X.Y.Z",
        default=_env(workers.MIN_CLIENT_VERSION_ENV),
        help="refuse laptops running an older FieldKit (they are told to update) "
        f"[${workers.MIN_CLIENT_VERSION_ENV}]",
    )
    serve.add_argument(
        "--dedup",
        action="store_true",
        default=_env_flag(workers.DEDUP_ENV),
        help="penunggalan: search each accepted record in the background, one searcher for "
        f"the host however many workers (as 'dedup run') [${workers.DEDUP_ENV}=1]",
    )
    serve.set_defaults(func=cmd_serve)

    helpers = CliHelpers(_data_args, _store, write_stdout, _database)
    records = sub.add_parser("records").add_subparsers(dest="action", required=True)
    listing = records.add_parser("list", help="the records the laptops sent, and their state")
    _data_args(listing)
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    listing.set_defaults(func=cmd_records_list)
    intake_cli.register(sub, records, helpers)
    dedup_cli.register(sub, records, helpers)
    backup = sub.add_parser("backup", help="write a consistent backup while serving")
    _data_args(backup)
    backup.add_argument(
        "--output", type=Path, required=True, metavar="FILE", help="the backup file to write"
    )
    backup.add_argument(
        "--with-keys",
        action="store_true",
        help="include DATA/keys (only when $FIELDKIT_DATACENTER_KEY_PASSPHRASE encrypts every "
        "private key: 'keys protect' does that)",
    )
    backup.add_argument(
        "--blobs",
        default=_env(BLOBS_ENV),
        metavar="s3://BUCKET/PREFIX",
        help=f"where the sealed records are kept, if not in DATA/blobs [${BLOBS_ENV}]",
    )
    backup.add_argument("--json", action="store_true", help="machine-readable output")
    backup.set_defaults(func=cmd_backup)
    restore = sub.add_parser("restore", help="check a backup, then put it onto this data center")
    restore.add_argument("archive", type=Path, metavar="FILE", help="the backup file")
    _data_args(restore)
    restore.add_argument(
        "--force", action="store_true", help="replace what this data center holds already"
    )
    restore.add_argument(
        "--backup-key",
        type=Path,
        metavar="FILE",
        default=_env(BACKUP_KEY_ENV),
        help="the old data center's backup.key, kept offline with the passphrase (default: "
        f"this data center's DATA/keys/backup.key) [${BACKUP_KEY_ENV}]",
    )
    restore.add_argument(
        "--blobs",
        default=_env(BLOBS_ENV),
        metavar="s3://BUCKET/PREFIX",
        help=f"where the sealed records are kept, if not in DATA/blobs [${BLOBS_ENV}]",
    )
    restore.add_argument("--json", action="store_true", help="machine-readable output")
    restore.set_defaults(func=cmd_restore)

    keys = sub.add_parser("keys").add_subparsers(dest="action", required=True)
    protect = keys.add_parser(
        "protect",
        help="encrypt the private keys kept in the clear with "
        "$FIELDKIT_DATACENTER_KEY_PASSPHRASE (read from the environment only)",
    )
    _data_args(protect)
    protect.add_argument("--json", action="store_true", help="machine-readable output")
    protect.set_defaults(func=cmd_keys_protect)

    blobs = sub.add_parser("blobs").add_subparsers(dest="action", required=True)
    sweep = blobs.add_parser("sweep", help="delete blobs no record points at (after a crash)")
    _data_args(sweep)
    sweep.add_argument(
        "--blobs",
        default=_env(BLOBS_ENV),
        metavar="s3://BUCKET/PREFIX",
        help=f"where the sealed records are kept, if not in DATA/blobs [${BLOBS_ENV}]",
    )
    sweep.add_argument(
        "--older-than-minutes",
        type=float,
        default=60.0,
        help="only blobs older than this (default: %(default)g)",
    )
    sweep.add_argument("--json", action="store_true", help="machine-readable output")
    sweep.set_defaults(func=cmd_blobs_sweep)

    db = sub.add_parser("db").add_subparsers(dest="action", required=True)
    current = db.add_parser("current", help="the schema revision of the database, and this code's")
    _data_args(current)
    current.add_argument("--json", action="store_true", help="machine-readable output")
    current.set_defaults(func=cmd_db_current)
    upgrade = db.add_parser("upgrade", help="bring the schema to this code's (every start does)")
    _data_args(upgrade)
    upgrade.add_argument("--json", action="store_true", help="machine-readable output")
    upgrade.set_defaults(func=cmd_db_upgrade)

    release = office_cli.register(sub, helpers)
    console_cli.register(sub, helpers)
    release_offer.add_commands(release, _data_args)
    abis_cli.register(sub, helpers)
    cards_cli.register(sub, helpers)

    openapi = sub.add_parser("openapi", help="write the service's OpenAPI spec")
    openapi.add_argument("--output", help="file to write (default: stdout)")
    openapi.set_defaults(func=cmd_openapi)
    describe_commands(sub)
    return parser


#: Each command's words in ``--help`` (context "cli"); a test checks every command has them.
COMMAND_WORDS = {
    "serve": "dc.command.serve",
    "records": "dc.command.records",
    "import": "dc.command.import",
    "codes": "dc.command.codes",
    "devices": "dc.command.devices",
    "reviews": "dc.command.reviews",
    "audit": "dc.command.audit",
    "conflicts": "dc.command.conflicts",
    "dedup": "dc.command.dedup",
    "backup": "dc.command.backup",
    "restore": "dc.command.restore",
    "keys": "dc.command.keys",
    "blobs": "dc.command.blobs",
    "db": "dc.command.db",
    "officers": "dc.command.officers",
    "office": "dc.command.office",
    "rules": "dc.command.rules",
    "holidays": "dc.command.holidays",
    "regions": "dc.command.regions",
    "plan": "dc.command.plan",
    "release": "dc.command.release",
    "package": "dc.command.package",
    "laptops": "dc.command.laptops",
    "users": "dc.command.users",
    "abis": "dc.command.abis",
    "cards": "dc.command.cards",
    "openapi": "dc.command.openapi",
}


def describe_commands(sub: argparse._SubParsersAction[SpokenParser]) -> None:
    """Each command's line in ``--help``, and its own help's description, from the catalogue.

    One place words them all (``dc.command.<name>``), in the command's language, so no
    command is listed bare (issue 59 §8: codes, records, dedup ... had none); the rooms
    register their commands without a word of help.
    """
    # argparse lists a command in ``--help`` only when it was added with a help: each gets
    # its line here, in the order the commands were added.
    listed: list[argparse.Action] = []
    for name, command in sub.choices.items():
        code = COMMAND_WORDS.get(name)
        words = say(code) if code else None  # a command added without words: listed bare
        command.description = words
        listed.append(sub._ChoicesPseudoAction(name, (), words))  # noqa: SLF001
    sub._choices_actions[:] = listed  # noqa: SLF001


def _without_common_options(arguments: list[str]) -> list[str]:
    """``--lang X``, ``-v`` typed after the command's name, moved before it for argparse.

    They belong to the whole tool, and an operator types them anywhere
    (``fieldkit-datacenter codes new --lang en``).
    """
    front: list[str] = []
    rest: list[str] = []
    index = 0
    while index < len(arguments):
        argument = arguments[index]
        if argument == "--":
            rest += arguments[index:]
            break
        if argument in {"-v", "--verbose"} or argument.startswith("--lang="):
            front.append(argument)
        elif argument == "--lang" and index + 1 < len(arguments):
            front += arguments[index : index + 2]
            index += 1
        else:
            rest.append(argument)
        index += 1
    return front + rest


@quiet_when_the_reader_leaves
def main(argv: Sequence[str] | None = None) -> int:
    # Every file and folder this process or its workers make is the data center's alone
    # from its first byte: the keys, url.txt, a bundle, the metrics files of
    # ``serve --workers``, a restored blob.  A mode given explicitly narrows it further.
    os.umask(paths.PRIVATE_UMASK)
    arguments = sys.argv[1:] if argv is None else list(argv)
    catalogue.use_language(catalogue.choose_language(arguments))
    not_text = undecodable_argument(arguments)
    if not_text is not None:  # before argparse, which would echo it or pass it to a store
        _refused(not_text)
        return 2
    try:
        args = build_parser().parse_args(_without_common_options(arguments))
    except DataCenterError as exc:  # a setting in the environment that is not one
        _refused(exc)
        return 2
    try:
        # Before the log file is made in DATA: a refused command leaves nothing behind.
        refuse_password_in_argument(args)
    except DataCenterError as exc:
        _refused(exc)
        return 2
    if args.command == "serve":  # a service: its log is the journal's (stderr), as ever
        logsetup.configure(args.log_format)
    else:
        logsetup.configure_command(
            args.log_format, getattr(args, "data", None), verbose=args.verbose
        )
    try:
        code: int = args.func(args)
    except DataCenterError as exc:
        log.error("%s: %s", exc.reason, exc.message)  # noqa: TRY400 - a refusal, not a crash
        _refused(exc)
        return 2
    except KnownError as exc:  # the office's settings: refused by fieldkit's own checks
        # The code only: the sentence may repeat what was typed (a name, a NIP).
        log.error("refused: %s", exc.code)  # noqa: TRY400 - a refusal, not a crash
        _refused(exc)
        return 2
    finally:
        _close_opened_stores()
    return code


def _refused(error: KnownError) -> None:
    """The refusal's sentence on stderr, in the command's language.

    Without its hint, as before: some refusals are the laptop's own checks, whose hints
    speak to the officer ("sync again"), not to the operator.
    """
    sys.stderr.write(say("dc.error", message=catalogue.error_message(error)) + "\n")


if __name__ == "__main__":
    sys.exit(main())
