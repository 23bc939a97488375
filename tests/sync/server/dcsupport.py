"""Test support for the data center: a real HTTPS server in a subprocess, and a signing laptop."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import ssl
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519

from fieldkit.sealing import DataCenterKey, SealedRecord, seal
from sync.protocol import (
    HEADER_RECORD_SIGNATURE,
    EncryptionKey,
    KeySet,
    ManifestEntry,
    Receipt,
    RecordState,
    b64decode,
    b64encode,
    ca_fingerprint,
    sign_request,
    verify_key_set,
)


def dc_cli(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The real ``fieldkit-datacenter`` command (run as a module until the script is installed)."""
    command = [sys.executable, "-m", "sync.server.cli", *args]
    if args[0] != "openapi":
        command += ["--data", str(data)]
    return subprocess.run(
        command, capture_output=True, text=True, timeout=60, check=False, stdin=subprocess.DEVNULL
    )


def new_code(data: Path, *extra: str) -> str:
    done = dc_cli(data, "codes", "new", "--json", *extra)
    assert done.returncode == 0, done.stderr
    code: str = json.loads(done.stdout)["code"]
    return code


def list_records(data: Path) -> list[dict[str, Any]]:
    done = dc_cli(data, "records", "list", "--json")
    assert done.returncode == 0, done.stderr
    rows: list[dict[str, Any]] = json.loads(done.stdout)
    return rows


class DataCenterProcess:
    """``fieldkit-datacenter serve`` in a subprocess we can stop, kill and restart."""

    def __init__(self, data: Path, log: Path) -> None:
        self.data = data
        self.log = log
        self.proc: subprocess.Popen[str] | None = None
        self.url = ""
        self.fingerprint = ""

    def start(self) -> None:
        with self.log.open("a") as log:
            self.proc = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "sync.server.cli",
                    "serve",
                    "--data",
                    str(self.data),
                    "--port",
                    "0",
                ],
                stdout=subprocess.PIPE,
                stderr=log,
                stdin=subprocess.DEVNULL,
                text=True,
            )
        assert self.proc.stdout is not None
        first = self.proc.stdout.readline()
        second = self.proc.stdout.readline()
        if not first.startswith("FieldKit data center serving on https://"):
            self.proc.kill()
            pytest.fail(f"server did not start: {first!r}\n{self.log.read_text()}")
        self.url = first.split()[-1]
        self.fingerprint = second.split()[-1]

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
def start_datacenter(tmp_path: Path) -> Iterator[Any]:
    started: list[DataCenterProcess] = []

    def start(data: Path | None = None) -> DataCenterProcess:
        server = DataCenterProcess(data or tmp_path / "dc", tmp_path / f"dc-{len(started)}.log")
        server.start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture(scope="module")
def datacenter(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DataCenterProcess]:
    """One server shared by a module's tests; each test enrolls its own laptops."""
    root = tmp_path_factory.mktemp("datacenter")
    server = DataCenterProcess(root / "data", root / "server.log")
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

    def seal(self, payload: dict[str, Any] | bytes | None = None, seq: int = 1) -> SealedRecord:
        record_id = str(uuid.uuid4())
        if payload is None:
            payload = {"record_id": record_id, "seq": seq, "nik": "3315014107900001"}
        data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        return seal(record_id, seq, data, device_key=self.key, datacenter=self.datacenter_key)

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
        self, record: SealedRecord, body: bytes | None = None, signature: bytes | None = None
    ) -> httpx.Response:
        return self.signed(
            "PUT",
            f"/v1/records/{record.record_id}",
            record.envelope if body is None else body,
            headers={
                HEADER_RECORD_SIGNATURE: b64encode(
                    record.signature if signature is None else signature
                ),
                "content-type": "application/octet-stream",
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
        device.enroll(new_code(datacenter.data))
        yield device


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
