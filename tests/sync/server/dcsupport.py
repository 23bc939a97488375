"""Test support for the data center: a real HTTPS server in a subprocess, and a signing laptop.

Every server runs once per metadata backend: SQLite in its data directory, and
a fresh database (created here, dropped after) on the real PostgreSQL at
``$FIELDKIT_TEST_POSTGRES_URL``.  An unreachable PostgreSQL fails the tests;
``scripts/start-postgres.sh`` starts one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import signal
import socket
import ssl
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

import httpx
import psycopg
import pytest
import sqlalchemy as sa
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519

from fieldkit.safejson import canonical_json
from fieldkit.sealing import DataCenterKey, SealedRecord, seal
from sync.protocol import (
    HEADER_RECORD_SIGNATURE,
    EncryptionKey,
    EnrollRequest,
    KeySet,
    ManifestEntry,
    ManifestRequest,
    Receipt,
    RecordState,
    b64decode,
    b64encode,
    ca_fingerprint,
    sign_request,
    verify_key_set,
)
from sync.server.cli import main as datacenter_main
from sync.server.intake.service import DataCenter, issue_code
from sync.server.store.database import SqlStore, sqlite_url
from sync.server.store.rows import Device
from sync.server.store.stamps import ZONE_INFO, OfficeZone, iso
from sync.server.workers import DATABASE_ENV
from tests.support import IN_ENGLISH, run_in_process

BACKENDS = ("sqlite", "postgresql")
POSTGRES_URL_ENV = "FIELDKIT_TEST_POSTGRES_URL"
DEFAULT_POSTGRES_URL = "postgresql://fieldkit:fieldkit@127.0.0.1:5432/postgres"
#: How long a test database's drop waits for an autovacuum worker on it to end.
DROP_PATIENCE_S = 30.0


class Site(Protocol):
    """Where a data center keeps its things: a data directory, and its database if not SQLite."""

    data: Path
    database: str | None


def database_url(site: Site) -> str:
    return site.database or sqlite_url(site.data)


def database_environment(database: str | None) -> dict[str, str]:
    """This process's environment, with ``database`` where the data center reads it.

    The URL holds the test role's password, so it never goes in ``--database``: every
    local account reads a command's arguments, and the command refuses one with a
    password.  None means SQLite in the data dir, whatever the outer environment says.
    """
    env = {name: value for name, value in os.environ.items() if name != DATABASE_ENV}
    env.update(IN_ENGLISH)  # the words these tests read; the default's own tests unset it
    if database:
        env[DATABASE_ENV] = database
    return env


def dc_cli(
    site: Site | Path | None,
    *args: str,
    process: bool = False,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """The ``fieldkit-datacenter`` command, on ``site``'s data and database.

    ``site`` is a server (its data dir and database), or a bare data dir meaning SQLite in it.
    The command runs in this process (``tests.support.run_in_process``: the same parser,
    checks, words and store, without the interpreter's start-up per call); ``process=True``,
    or a call from another thread, runs it as a child (``python -m sync.server.cli``) for
    what only a process shows.  ``env`` is added to the environment (``{"FIELDKIT_LANG": ""}``:
    the default language, Indonesian).
    """
    command = [sys.executable, "-m", "sync.server.cli", *args]
    database = None
    if isinstance(site, Path):
        command += ["--data", str(site)]
    elif site is not None:
        command += ["--data", str(site.data)]
        database = site.database
    env = {**database_environment(database), **(env or {})}
    if not process and threading.current_thread() is threading.main_thread():
        return run_in_process(datacenter_main, ["fieldkit-datacenter", *command[3:]], env)
    return subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        stdin=subprocess.DEVNULL,
        env=env,
    )


def new_code(site: Site | Path, *extra: str) -> str:
    done = dc_cli(site, "codes", "new", "--json", *extra)
    assert done.returncode == 0, done.stderr
    code: str = json.loads(done.stdout)["code"]
    return code


def searched(
    site: Site | Path,
    record_id: str,
    device_id: str | None = None,
    state: RecordState = RecordState.PRINT_READY_RECORD,
) -> None:
    """Penunggalan's verdict on an ACCEPTED record, written by the store's own primitive.

    For tests of what comes after the search (a card printed, handed over): a person may
    not make a record print-ready by hand (``service.HAND_MOVES``), and a real search
    needs real prints in the record.
    """
    store = SqlStore(sqlite_url(site) if isinstance(site, Path) else database_url(site))
    try:
        holder = device_id or next(iter(store.devices_holding(record_id)))
        store.set_state(holder, record_id, state, iso(time.time()), expected=RecordState.ACCEPTED)
    finally:
        store.close()


def set_state(site: Site | Path, record_id: str, *states: str, device: str | None = None) -> None:
    """``records set-state`` to each of ``states`` in turn, with a reason, each one done."""
    where = ("--device", device) if device else ()
    for state in states:
        done = dc_cli(site, "records", "set-state", record_id, state, "--reason", WHY, *where)
        assert done.returncode == 0, done.stderr


#: The reason given for a state set by hand in a test.
WHY = "Kartu dicetak di kantor"


def list_records(site: Site | Path) -> list[dict[str, Any]]:
    done = dc_cli(site, "records", "list", "--json")
    assert done.returncode == 0, done.stderr
    rows: list[dict[str, Any]] = json.loads(done.stdout)
    return rows


class PostgresDatabases:
    """Creates a uniquely named database per server on a real PostgreSQL, and drops them all."""

    def __init__(self, url: str) -> None:
        parsed = sa.make_url(url).set(drivername="postgresql")
        self.admin = parsed.render_as_string(hide_password=False)
        self._parsed = parsed
        self.created: list[str] = []
        try:
            with psycopg.connect(self.admin, connect_timeout=10, autocommit=True) as conn:
                conn.execute("SELECT 1")
        except psycopg.OperationalError as exc:
            pytest.fail(
                f"PostgreSQL is not reachable at {parsed.render_as_string()} ({exc}). "
                "Start it with scripts/start-postgres.sh (as root), "
                f"or point ${POSTGRES_URL_ENV} at a server whose role may CREATE DATABASE.",
                pytrace=False,
            )

    def create(self) -> str:
        name = f"fieldkit_test_{uuid.uuid4().hex[:16]}"
        with psycopg.connect(self.admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        self.created.append(name)
        return self._parsed.set(database=name).render_as_string(hide_password=False)

    def drop(self, url: str) -> None:
        name = sa.make_url(url).database
        assert name in self.created
        self.created.remove(name)
        # FORCE ends the service's own sessions, but not an autovacuum worker that happens
        # to be on the database (only a superuser may): that one ends by itself, so the
        # drop is tried again until it is gone.
        deadline = time.monotonic() + DROP_PATIENCE_S
        with psycopg.connect(self.admin, autocommit=True) as conn:
            while True:
                try:
                    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                except psycopg.errors.InsufficientPrivilege:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.2)  # an autovacuum worker sends no signal to wait on
                    continue
                return


_postgres: list[PostgresDatabases] = []


def postgres() -> PostgresDatabases:
    """The test PostgreSQL, checked once per session; unreachable fails the test."""
    if not _postgres:
        _postgres.append(PostgresDatabases(os.environ.get(POSTGRES_URL_ENV, DEFAULT_POSTGRES_URL)))
    return _postgres[0]


#: The backend a console page's test runs on when it is not marked ``both_backends``.
CONSOLE_PAGE_BACKEND = "postgresql"


def _backends_for(metafunc: pytest.Metafunc) -> tuple[str, ...]:
    """Both backends, except for a console page's own test: PostgreSQL alone.

    A console page is SQLAlchemy Core over the same store methods whose own tests run on
    both backends; the console's journeys and its ``console_server`` tests already run
    every page on SQLite.  Run on both, the pages' tests were a sixth of the suite's
    time.  A test of two requests at the same moment is marked ``both_backends``: how a
    race ends is the backend's own (SQLite's one writer, PostgreSQL's row locks).
    """
    console = metafunc.module.__name__.rsplit(".", 1)[-1].startswith("test_console_")
    if console and metafunc.definition.get_closest_marker("both_backends") is None:
        return (CONSOLE_PAGE_BACKEND,)
    return BACKENDS


def parametrize_backends(metafunc: pytest.Metafunc) -> None:
    """Run every test that starts a data center once per backend (tests/sync/server only).

    Elsewhere (the client's tests) the same fixtures run on SQLite alone, and so does
    ``start_datacenter`` in a test that also uses the shared ``datacenter``.  A console
    page's test runs on PostgreSQL alone (:func:`_backends_for`).
    """
    if "datacenter" in metafunc.fixturenames:  # module-scoped: one shared server per backend
        metafunc.parametrize("datacenter", BACKENDS, indirect=True, scope="module")
    elif "start_datacenter" in metafunc.fixturenames:
        metafunc.parametrize("start_datacenter", _backends_for(metafunc), indirect=True)


def backend_of(request: pytest.FixtureRequest) -> str:
    name: str = getattr(request, "param", "sqlite")
    return name


def fresh_database(request: pytest.FixtureRequest, backend: str) -> str | None:
    """None for SQLite (the default file in the data dir); else a new PostgreSQL database."""
    if backend == "sqlite":
        return None
    databases = postgres()
    url = databases.create()
    request.addfinalizer(lambda: databases.drop(url))
    return url


class DataCenterProcess:
    """``fieldkit-datacenter serve`` in a subprocess we can stop, kill and restart."""

    def __init__(
        self, data: Path, log: Path, database: str | None = None, extra: tuple[str, ...] = ()
    ) -> None:
        self.data = data
        self.database = database
        self.log = log
        self.extra = extra
        self.proc: subprocess.Popen[str] | None = None
        self.url = ""
        self.fingerprint = ""

    @property
    def database_url(self) -> str:
        return database_url(self)

    def start(self) -> None:
        command = [sys.executable, "-m", "sync.server.cli", "serve", "--data", str(self.data)]
        with self.log.open("a") as log:
            self.proc = subprocess.Popen(
                [*command, "--port", "0", *self.extra],
                stdout=subprocess.PIPE,
                stderr=log,
                stdin=subprocess.DEVNULL,
                text=True,
                env=database_environment(self.database),
            )
        assert self.proc.stdout is not None
        first = self.proc.stdout.readline()
        second = self.proc.stdout.readline()
        if not first.startswith("FieldKit data center serving on https://"):
            self.proc.kill()
            pytest.fail(f"server did not start: {first!r}\n{self.log.read_text()}")
        self.url = first.split()[-1]
        self.fingerprint = second.split()[-1]
        self._wait_until_listening()

    def _wait_until_listening(self) -> None:
        """The banner is written just before the port opens (issue 59 §3): wait for that."""
        host, port = httpx.URL(self.url).host, httpx.URL(self.url).port
        assert port is not None
        assert self.proc is not None
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection((host, port), timeout=5).close()
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"server did not open {self.url}\n{self.log.read_text()}")
                time.sleep(0.005)  # polling the port itself: a real condition
            else:
                return

    def client(self) -> httpx.Client:
        """Trusts exactly the data center's own CA, after checking the printed fingerprint."""
        ca = (self.data / "keys" / "ca.pem").read_bytes()
        assert ca_fingerprint(ca) == self.fingerprint
        context = ssl.create_default_context(cadata=ca.decode())
        return httpx.Client(base_url=self.url, verify=context, timeout=30)

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None:
            return
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
        if proc.stdout:
            proc.stdout.close()

    def kill(self) -> None:
        proc, self.proc = self.proc, None
        assert proc is not None
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
        if proc.stdout:
            proc.stdout.close()


@pytest.fixture
def start_datacenter(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Any]:
    """Start servers of this test's own, each with a fresh data dir and database."""
    backend = backend_of(request)
    started: list[DataCenterProcess] = []

    def start(data: Path | None = None, *extra: str) -> DataCenterProcess:
        server = DataCenterProcess(
            data or tmp_path / f"dc-{len(started)}",
            tmp_path / f"dc-{len(started)}.log",
            fresh_database(request, backend),
            extra,
        )
        started.append(server)
        server.start()
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture(scope="module")
def datacenter(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Iterator[DataCenterProcess]:
    """One server shared by a module's tests; each test enrolls its own laptops."""
    backend = backend_of(request)
    root = tmp_path_factory.mktemp(f"datacenter-{backend}")
    server = DataCenterProcess(root / "data", root / "server.log", fresh_database(request, backend))
    server.start()
    yield server
    server.stop()


class Laptop:
    """Just enough of a sync client to drive the protocol by hand, signing as the laptop will."""

    def __init__(self, client: httpx.Client) -> None:
        self.client = client
        self.key = ed25519.Ed25519PrivateKey.generate()
        self.device_id = ""
        self.key_set: KeySet | None = None
        self.clock_offset = 0

    @property
    def public_key(self) -> bytes:
        return self.key.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )

    def enroll_response(self, code: str) -> httpx.Response:
        return self.client.post(
            "/v1/enroll",
            json={"code": code, "public_key": b64encode(self.public_key), "laptop": {"host": "t"}},
        )

    def enroll(self, code: str) -> dict[str, Any]:
        response = self.enroll_response(code)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        self.device_id = body["device_id"]
        raw = body["key_set"]
        self.key_set = KeySet(**{**raw, "keys": [EncryptionKey(**k) for k in raw["keys"]]})
        verify_key_set(self.key_set, body["ca_certificate"])
        return body

    @property
    def datacenter_key(self) -> DataCenterKey:
        assert self.key_set is not None
        key = next(k for k in self.key_set.keys if k.kid == self.key_set.active_kid)
        return DataCenterKey(kid=key.kid, public_key=b64decode(key.public_key))

    @property
    def receipt_key(self) -> bytes:
        assert self.key_set is not None
        return b64decode(self.key_set.receipt_key)

    def seal(
        self,
        payload: dict[str, Any] | bytes | None = None,
        seq: int = 1,
        to: DataCenterKey | None = None,
    ) -> SealedRecord:
        record_id = str(uuid.uuid4())
        if payload is None:
            payload = {"record_id": record_id, "seq": seq, "nik": "3315014107900001"}
        data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        return seal(record_id, seq, data, device_key=self.key, datacenter=to or self.datacenter_key)

    def signed(
        self,
        method: str,
        path: str,
        body: bytes = b"",
        *,
        timestamp: int | None = None,
        key: ed25519.Ed25519PrivateKey | None = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        when = int(time.time()) + self.clock_offset if timestamp is None else timestamp
        auth = sign_request(
            self.device_id, key or self.key, method=method, path=path, body=body, timestamp=when
        )
        return self.client.request(method, path, content=body, headers={**auth, **(headers or {})})

    def manifest(self, *records: SealedRecord | ManifestEntry) -> httpx.Response:
        entries = [
            {
                "record_id": r.record_id,
                "seq": r.seq,
                "sha256": r.sha256,
                "size": len(r.envelope) if isinstance(r, SealedRecord) else r.size,
                "kid": r.kid,
            }
            for r in records
        ]
        body = json.dumps({"entries": entries}).encode()
        return self.signed(
            "POST", "/v1/manifest", body, headers={"content-type": "application/json"}
        )

    def upload(
        self,
        record: SealedRecord,
        body: bytes | None = None,
        signature: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        """PUT the record; ``headers`` adds others (the ketua tim's signed decision)."""
        return self.signed(
            "PUT",
            f"/v1/records/{record.record_id}",
            record.envelope if body is None else body,
            headers={
                HEADER_RECORD_SIGNATURE: b64encode(
                    record.signature if signature is None else signature
                ),
                "content-type": "application/octet-stream",
                **(headers or {}),
            },
        )

    def receipt(self, response: httpx.Response) -> Receipt:
        assert response.status_code == 200, response.text
        raw = response.json()["receipt"]
        receipt = Receipt(**{**raw, "state": RecordState(raw["state"])})
        receipt.verify(self.receipt_key)
        return receipt

    def sync(self, *records: SealedRecord) -> list[Receipt]:
        verdicts = self.manifest(*records).json()["verdicts"]
        assert [v["verdict"] for v in verdicts] == ["upload"] * len(records), verdicts
        return [self.receipt(self.upload(record)) for record in records]


@pytest.fixture
def laptop(datacenter: DataCenterProcess) -> Iterator[Laptop]:
    with datacenter.client() as client:
        device = Laptop(client)
        device.enroll(new_code(datacenter))
        yield device


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- a data center in this process ------------------------------------------------------


def enroll_in_process(
    center: DataCenter,
) -> tuple[Device, ed25519.Ed25519PrivateKey, DataCenterKey]:
    """A laptop enrolled with an in-process ``DataCenter``: its device, its key, the seal key."""
    key = ed25519.Ed25519PrivateKey.generate()
    code = issue_code(center.store, time.time())
    answer = center.enroll(
        EnrollRequest(code=code, public_key=b64encode(key.public_key().public_bytes_raw()))
    )
    device = center.store.device(answer.device_id)
    assert device is not None
    kid = answer.key_set.active_kid
    public = center.keys.encryption_keys[kid].public_key().public_bytes_raw()
    return device, key, DataCenterKey(kid, public)


def announce_in_process(center: DataCenter, device: Device, *records: SealedRecord) -> None:
    """The manifest that must precede an upload, as the laptop would send it."""
    entries = [ManifestEntry(r.record_id, r.seq, r.sha256, len(r.envelope), r.kid) for r in records]
    center.manifest(device, ManifestRequest(entries=entries))


# --- USB exports ----------------------------------------------------------------------


def write_export(
    root: Path,
    laptop: Laptop,
    records: list[SealedRecord],
    *,
    export_id: str = "export-1",
    device_id: str | None = None,
    signed_by: ed25519.Ed25519PrivateKey | None = None,
    declared_key: bytes | None = None,
) -> Path:
    """The laptop's export layout, written by hand: manifest.json, manifest.sig, records/."""
    device = device_id or laptop.device_id
    folder = root / device / export_id
    (folder / "records").mkdir(parents=True)
    manifest = {
        "version": 1,
        "device_id": device,
        "device_public_key": b64encode(declared_key or laptop.public_key),
        "exported_at": "2026-03-02T08:00:00.000000Z",
        "records": [
            {
                "record_id": r.record_id,
                "seq": r.seq,
                "sha256": r.sha256,
                "size": len(r.envelope),
                "kid": r.kid,
                "signature": b64encode(r.signature),
            }
            for r in records
        ],
    }
    raw = canonical_json(manifest)
    (folder / "manifest.json").write_bytes(raw)
    (folder / "manifest.sig").write_text(b64encode((signed_by or laptop.key).sign(raw)))
    for record in records:
        (folder / "records" / f"{record.record_id}.sealed").write_bytes(record.envelope)
    return folder


def receipts_file(folder: Path) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads((folder / "receipts.json").read_text())
    return rows


def accepted_record_row(number: int, received_at: str) -> dict[str, object]:
    """A ``records`` row of laptop-1, ACCEPTED at ``received_at`` (stored UTC text).

    For tests of what the console counts by day (the office's clock): only the arrival
    matters, the sealed contents never read.
    """
    return {
        "device_id": "laptop-1",
        "record_id": f"rec-{number:04d}",
        "seq": number,
        "kid": "office-key",
        "sha256": "0" * 64,
        "size": 1,
        "record_signature": "s",
        "state": "ACCEPTED",
        "received_at": received_at,
        "receipt": "{}",
    }


def java_office_today() -> dt.date:
    """Today on the clock of the tests' offices (Java: WIB), as the console and commands count.

    The host's date is the office's day before from 17:00 UTC (midnight WIB) on: a test
    that took it for "today" failed for seven hours a day (issue 59 §9's office clock).
    """
    return dt.datetime.now(ZONE_INFO[OfficeZone.WIB]).date()
