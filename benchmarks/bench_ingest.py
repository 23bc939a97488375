"""The data center's ingest rate with 50 laptops syncing at once, against a raw PUT baseline.

    .venv/bin/python benchmarks/bench_ingest.py [--devices 50] [--records 4]
        [--backend sqlite|postgresql] [--postgres-url URL]

Starts the real ``fieldkit-datacenter serve`` (HTTPS, uvicorn) in a subprocess,
enrolls the laptops, seals records of 200 KB to 2 MB, then times every laptop
announcing and uploading its records at once (httpx, one thread per laptop).
The baseline, measured in the same run with the same TLS certificate, payloads
and concurrency, is a PUT of the same bytes to a trivial loopback HTTPS server
that reads the body and answers 200.  ``--backend postgresql`` creates a
throw-away database on the local PostgreSQL (as the tests do) and drops it.
"""

from __future__ import annotations

import argparse
import base64
import http.server
import json
import os
import random
import signal
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import psycopg
import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric import ed25519

from fieldkit.sealing import DataCenterKey, SealedRecord, seal
from sync.protocol import HEADER_RECORD_SIGNATURE, b64decode, b64encode, sign_request
from sync.server.intake.service import issue_code
from sync.server.store.database import SqlStore, sqlite_url
from sync.server.workers import DATABASE_ENV

if TYPE_CHECKING:
    from collections.abc import Callable

DEFAULT_POSTGRES_URL = "postgresql://fieldkit:fieldkit@127.0.0.1:5432/postgres"
MIN_BYTES, MAX_BYTES = 200_000, 2_000_000


@dataclass
class Laptop:
    key: ed25519.Ed25519PrivateKey
    device_id: str
    records: list[SealedRecord]


def start_server(data: Path, database: str | None) -> tuple[subprocess.Popen[str], str]:
    command = [sys.executable, "-m", "sync.server.cli", "serve", "--data", str(data)]
    command += ["--port", "0"]
    # The URL holds the password: in the environment, never the arguments (ps shows those).
    env = {name: value for name, value in os.environ.items() if name != DATABASE_ENV}
    if database:
        env[DATABASE_ENV] = database
    proc = subprocess.Popen(  # noqa: S603 - our own CLI
        command,
        stdout=subprocess.PIPE,
        stderr=(data.parent / "server.log").open("w"),
        text=True,
        env=env,
    )
    assert proc.stdout is not None
    url = proc.stdout.readline().split()[-1]
    proc.stdout.readline()
    return proc, url


def signed(laptop: Laptop, method: str, path: str, body: bytes) -> dict[str, str]:
    return sign_request(
        laptop.device_id,
        laptop.key,
        method=method,
        path=path,
        body=body,
        timestamp=int(time.time()),
    )


def payload(rng: random.Random, record_id: str, seq: int) -> bytes:
    """A JSON record of 200 KB..2 MB whose bulk is incompressible, like a portrait."""
    size = rng.randint(MIN_BYTES, MAX_BYTES)
    bulk = base64.b64encode(rng.randbytes(size * 3 // 4)).decode()
    return json.dumps({"record_id": record_id, "seq": seq, "portrait": bulk}).encode()


def enroll_device(
    client: httpx.Client, code: str, records: int, payload_of: Callable[[str, int], bytes]
) -> Laptop:
    """One laptop enrolled with ``code``, its ``records`` sealed to the data center's key."""
    key = ed25519.Ed25519PrivateKey.generate()
    body = client.post(
        "/v1/enroll",
        json={"code": code, "public_key": b64encode(key.public_key().public_bytes_raw())},
    ).json()
    key_set = body["key_set"]
    active = next(k for k in key_set["keys"] if k["kid"] == key_set["active_kid"])
    target = DataCenterKey(active["kid"], b64decode(active["public_key"]))
    sealed = []
    for seq in range(records):
        record_id = str(uuid.uuid4())
        data = payload_of(record_id, seq)
        sealed.append(seal(record_id, seq, data, device_key=key, datacenter=target))
    return Laptop(key, body["device_id"], sealed)


def enroll(client: httpx.Client, codes: list[str], records: int, seed: int) -> list[Laptop]:
    rng = random.Random(seed)  # noqa: S311 - test payloads, not secrets
    return [
        enroll_device(client, code, records, lambda record_id, seq: payload(rng, record_id, seq))
        for code in codes
    ]


def sync_one(client: httpx.Client, laptop: Laptop, failures: list[str]) -> None:
    entries = [
        {"record_id": r.record_id, "seq": r.seq, "sha256": r.sha256, "size": len(r.envelope)}
        | {"kid": r.kid}
        for r in laptop.records
    ]
    body = json.dumps({"entries": entries}).encode()
    headers = signed(laptop, "POST", "/v1/manifest", body) | {"content-type": "application/json"}
    verdicts = client.post("/v1/manifest", content=body, headers=headers).json()["verdicts"]
    if {v["verdict"] for v in verdicts} != {"upload"}:
        failures.append(f"manifest: {verdicts}")
        return
    for record in laptop.records:
        path = f"/v1/records/{record.record_id}"
        headers = signed(laptop, "PUT", path, record.envelope)
        headers[HEADER_RECORD_SIGNATURE] = b64encode(record.signature)
        headers["content-type"] = "application/octet-stream"
        answer = client.put(path, content=record.envelope, headers=headers)
        if answer.status_code != 200 or answer.json()["receipt"]["state"] != "ACCEPTED":
            failures.append(f"upload {answer.status_code}: {answer.text[:200]}")


def concurrently(laptops: list[Laptop], work: object) -> float:
    """Run ``work(laptop)`` in one thread per laptop, all released at once; the wall time."""
    gate = threading.Barrier(len(laptops) + 1)

    def run(laptop: Laptop) -> None:
        gate.wait()
        work(laptop)  # type: ignore[operator]

    threads = [threading.Thread(target=run, args=(laptop,)) for laptop in laptops]
    for thread in threads:
        thread.start()
    gate.wait()
    start = time.perf_counter()
    for thread in threads:
        thread.join()
    return time.perf_counter() - start


class _Sink(http.server.BaseHTTPRequestHandler):
    """The baseline: read the body, answer 200, nothing else."""

    protocol_version = "HTTP/1.1"

    def do_PUT(self) -> None:
        remaining = int(self.headers["content-length"])
        while remaining:
            remaining -= len(self.rfile.read(min(remaining, 1 << 20)))
        self.send_response(200)
        self.send_header("content-length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *_args: object) -> None:
        return


def baseline(laptops: list[Laptop], keys: Path, ca: ssl.SSLContext) -> float:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Sink)
    server.daemon_threads = True
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(keys / "server.pem", keys / "server.key")
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"https://127.0.0.1:{server.server_address[1]}"

    def put_all(laptop: Laptop) -> None:
        with httpx.Client(base_url=url, verify=ca, timeout=120) as client:
            for record in laptop.records:
                client.put(f"/sink/{record.record_id}", content=record.envelope).raise_for_status()

    try:
        return concurrently(laptops, put_all)
    finally:
        server.shutdown()
        server.server_close()


def fresh_postgres(admin_url: str) -> tuple[str, str]:
    admin = sa.make_url(admin_url).set(drivername="postgresql")
    name = f"fieldkit_bench_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return name, admin.set(database=name).render_as_string(hide_password=False)


def drop_postgres(admin_url: str, name: str) -> None:
    admin = sa.make_url(admin_url).set(drivername="postgresql")
    with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--devices", type=int, default=50)
    parser.add_argument("--records", type=int, default=4, help="records per laptop")
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("FIELDKIT_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL),
    )
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "dc"
        database, dbname = None, None
        if args.backend == "postgresql":
            dbname, database = fresh_postgres(args.postgres_url)
        proc, url = start_server(data, database)
        try:
            store = SqlStore(database or sqlite_url(data))
            codes = [issue_code(store, time.time()) for _ in range(args.devices)]
            store.close()
            ca = ssl.create_default_context(cadata=(data / "keys" / "ca.pem").read_text())
            with httpx.Client(base_url=url, verify=ca, timeout=120) as client:
                laptops = enroll(client, codes, args.records, args.seed)
            count = sum(len(laptop.records) for laptop in laptops)
            megabytes = sum(len(r.envelope) for lt in laptops for r in lt.records) / 1e6
            failures: list[str] = []

            def sync(laptop: Laptop) -> None:
                with httpx.Client(base_url=url, verify=ca, timeout=120) as client:
                    sync_one(client, laptop, failures)

            ingest_s = concurrently(laptops, sync)
            raw_s = baseline(laptops, data / "keys", ca)
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(30)
            if dbname:
                drop_postgres(args.postgres_url, dbname)

    print(
        f"{args.devices} laptops x {args.records} records, {count} records, "
        f"{megabytes:.1f} MB sealed, metadata on {args.backend}"
    )
    if failures:
        print(f"FAILURES ({len(failures)}): {failures[:3]}")
        sys.exit(1)
    print(
        f"ingest (manifest + PUT, verify, decrypt, validate, fsync, commit): "
        f"{ingest_s:.2f} s, {count / ingest_s:.1f} records/s, {megabytes / ingest_s:.1f} MB/s"
    )
    print(
        f"baseline: raw HTTPS PUT of the same bytes to a trivial loopback server: "
        f"{raw_s:.2f} s, {count / raw_s:.1f} records/s, {megabytes / raw_s:.1f} MB/s"
    )
    print(f"ratio: {ingest_s / raw_s:.2f}x the raw transfer time")


if __name__ == "__main__":
    main()
