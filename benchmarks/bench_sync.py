"""Sync throughput over loopback against raw HTTPS PUTs of the same bytes, in the same run.

    .venv/bin/python benchmarks/bench_sync.py [--records 300] [--mib 2] [--workers 3]

The sync figure is the whole ``SyncClient.push``: manifest, upload, the data
center's verify + decrypt + fsync + commit, receipt verification, and the
laptop's purge with its audit event.  The baseline PUTs the very same
envelopes with the same HTTP client, parallelism and TLS to a server that
only reads and discards the body: what the wire alone can do.
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import datetime as dt
import hashlib
import json
import os
import platform
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fieldkit.officers import Role
from fieldkit.records import container, outbox
from fieldkit.store.keyring import TEST_KDF
from fieldkit.workspace import Workspace
from sync.client.client import SyncClient
from sync.client.enroll import enroll_laptop


def record_container(record_id: str, seq: int, size: int) -> container.Packed:
    """A record shaped like an enrollment's: a JSON header and ten image blobs."""
    blobs = container.BlobList()
    images = []
    for _ in range(10):
        data = os.urandom(size // 10)
        images.append(blobs.ref("image/jp2", hashlib.sha256(data).hexdigest(), data))
    header = {"format": "fieldkit-record/2", "record_id": record_id, "seq": seq, "images": images}
    return container.pack(header, blobs)


class Discard(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_PUT(self) -> None:
        remaining = int(self.headers["content-length"])
        while remaining:
            remaining -= len(self.rfile.read(min(remaining, 1 << 20)))
        self.send_response(200)
        self.send_header("content-length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *_: object) -> None:
        return


def _self_signed(directory: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "raw.pem", directory / "raw.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def raw_put(bodies: list[bytes], workers: int, directory: Path) -> float:
    """Seconds to PUT every body over keep-alive HTTPS with ``workers`` in parallel."""
    cert, key = _self_signed(directory)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Discard)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"https://127.0.0.1:{server.server_address[1]}"
    client = httpx.Client(
        base_url=url,
        verify=False,  # noqa: S501 - the baseline measures the wire, not the pinning
        limits=httpx.Limits(max_connections=workers),
        timeout=60,
    )
    started = time.perf_counter()
    with cf.ThreadPoolExecutor(workers) as pool:
        for response in pool.map(lambda b: client.put(f"/{uuid.uuid4()}", content=b), bodies):
            response.raise_for_status()
    elapsed = time.perf_counter() - started
    client.close()
    server.shutdown()
    return elapsed


_FLOOR_APP = """
import socket, sys
import uvicorn
from fastapi import FastAPI, Request
app = FastAPI()
@app.put("/{name}")
async def discard(request: Request, name: str) -> dict[str, str]:
    async for _ in request.stream():
        pass
    return {}
sock = socket.socket()
sock.bind(("127.0.0.1", 0))
sock.listen(128)
print(sock.getsockname()[1], flush=True)
config = uvicorn.Config(app, ssl_certfile=sys.argv[1], ssl_keyfile=sys.argv[2], log_config=None)
uvicorn.Server(config).run(sockets=[sock])
"""


def framework_floor(bodies: list[bytes], workers: int, directory: Path) -> float:
    """Seconds to PUT every body to uvicorn + FastAPI that reads and discards it.

    The data center's own stack doing no work at all: the most any service on it
    can reach here, to tell the framework's cost from the data center's.
    """
    cert, key = _self_signed(directory)
    proc = subprocess.Popen(  # noqa: S603 - a fixed inline app
        [sys.executable, "-c", _FLOOR_APP, str(cert), str(key)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert proc.stdout is not None
        url = f"https://127.0.0.1:{int(proc.stdout.readline())}"
        client = httpx.Client(
            base_url=url,
            verify=False,  # noqa: S501 - measures the stack, not the pinning
            limits=httpx.Limits(max_connections=workers),
            timeout=60,
        )
        client.put("/warm-up", content=b"x").raise_for_status()
        started = time.perf_counter()
        with cf.ThreadPoolExecutor(workers) as pool:
            for response in pool.map(lambda b: client.put(f"/{uuid.uuid4()}", content=b), bodies):
                response.raise_for_status()
        elapsed = time.perf_counter() - started
        client.close()
    finally:
        proc.terminate()
        proc.wait(30)
    return elapsed


def server_stack() -> str:
    """What uvicorn runs on here: its "auto" picks uvloop and httptools when installed."""
    import importlib.util  # noqa: PLC0415

    import uvicorn  # noqa: PLC0415

    loop = "uvloop" if importlib.util.find_spec("uvloop") else "asyncio"
    http = "httptools" if importlib.util.find_spec("httptools") else "h11"
    return f"uvicorn {uvicorn.__version__} on {loop} + {http}"


def server_ceiling(
    url: str, *, data: Path, ca_pem: str, bodies: int, size: int, workers: int
) -> float:
    """Seconds for the data center alone to ingest the same load from a minimal signed client.

    A second laptop identity with pre-sealed records in memory: no local store,
    no receipt checks, no purge; what the service can take, for comparison.
    """
    from cryptography.hazmat.primitives.asymmetric import ed25519  # noqa: PLC0415

    from fieldkit.sealing import DataCenterKey, seal  # noqa: PLC0415
    from sync.client.transport import pinned_context  # noqa: PLC0415
    from sync.protocol import (  # noqa: PLC0415
        HEADER_RECORD_SIGNATURE,
        b64decode,
        b64encode,
        sign_request,
    )

    key = ed25519.Ed25519PrivateKey.generate()
    client = httpx.Client(
        base_url=url,
        verify=pinned_context(ca_pem),
        limits=httpx.Limits(max_connections=workers),
        timeout=60,
    )
    enrolled = client.post(
        "/v1/enroll",
        json={"code": new_code(data), "public_key": b64encode(key.public_key().public_bytes_raw())},
    ).json()
    device = enrolled["device_id"]
    active = next(
        k for k in enrolled["key_set"]["keys"] if k["kid"] == enrolled["key_set"]["active_kid"]
    )
    dc_key = DataCenterKey(active["kid"], b64decode(active["public_key"]))
    records = []
    for seq in range(bodies):
        record_id = str(uuid.uuid4())
        packed = record_container(record_id, seq, size)
        records.append(
            seal(
                record_id,
                seq,
                packed.payload,
                device_key=key,
                datacenter=dc_key,
                statement=packed.statement,
            )
        )

    def signed(method: str, path: str, body: bytes, extra: dict[str, str]) -> httpx.Response:
        auth = sign_request(
            device, key, method=method, path=path, body=body, timestamp=int(time.time())
        )
        return client.request(method, path, content=body, headers={**auth, **extra})

    entries = [
        {
            "record_id": r.record_id,
            "seq": r.seq,
            "sha256": r.sha256,
            "size": len(r.envelope),
            "kid": r.kid,
        }
        for r in records
    ]
    started = time.perf_counter()
    for i in range(0, len(entries), 500):
        body = json.dumps({"entries": entries[i : i + 500]}).encode()
        signed("POST", "/v1/manifest", body, {"content-type": "application/json"})

    def put(record: object) -> None:
        signed(
            "PUT",
            f"/v1/records/{record.record_id}",
            record.envelope,  # type: ignore[attr-defined]
            {HEADER_RECORD_SIGNATURE: b64encode(record.signature)},
        ).raise_for_status()  # type: ignore[attr-defined]

    with cf.ThreadPoolExecutor(workers) as pool:
        list(pool.map(put, records))
    elapsed = time.perf_counter() - started
    client.close()
    return elapsed


def new_code(data: Path) -> str:
    done = subprocess.run(  # noqa: S603 - our own service, fixed argv
        [sys.executable, "-m", "sync.server.cli", "codes", "new", "--json", "--data", str(data)],
        capture_output=True,
        text=True,
        check=True,
    )
    code: str = json.loads(done.stdout)["code"]
    return code


def start_datacenter(data: Path) -> tuple[subprocess.Popen[str], str, str]:
    proc = subprocess.Popen(  # noqa: S603 - our own service, fixed argv
        [sys.executable, "-m", "sync.server.cli", "serve", "--data", str(data), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stdout is not None
    url = proc.stdout.readline().split()[-1]
    fingerprint = proc.stdout.readline().split()[-1]
    return proc, url, fingerprint


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=300)
    parser.add_argument("--mib", type=float, default=2.0, help="size of each record")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument(
        "--floor",
        action="store_true",
        help="also time uvicorn + FastAPI reading and discarding the same bodies",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        proc, url, fingerprint = start_datacenter(root / "dc")
        ws = Workspace.init(
            root / "home",
            office_code="3315",
            username="admin",
            full_name="Bench",
            role=Role.ADMIN,
            password="kata-sandi-bench",  # noqa: S106 - a throwaway store
            kdf=TEST_KDF,
        )
        try:
            enroll_laptop(ws, url, new_code(root / "dc"), ca_fingerprint_expected=fingerprint)
            raw_bytes = int(args.mib * 1024 * 1024)
            sealed_started = time.perf_counter()
            bodies = []
            with ws.transaction() as session:
                for _ in range(args.records):
                    record_id = str(uuid.uuid4())
                    packed = record_container(record_id, outbox.peek_next_seq(session), raw_bytes)
                    sealed = outbox.seal_record(
                        session, record_id, packed.payload, statement=packed.statement
                    )
                    bodies.append(sealed.envelope)
            seal_s = time.perf_counter() - sealed_started
            total = sum(len(b) for b in bodies)

            raw_s = raw_put(bodies, args.workers, root)
            floor_s = framework_floor(bodies, args.workers, root) if args.floor else None
            ceiling_s = server_ceiling(
                url,
                data=root / "dc",
                ca_pem=(root / "dc" / "keys" / "ca.pem").read_text(),
                bodies=args.records,
                size=raw_bytes,
                workers=args.workers,
            )
            started = time.perf_counter()
            summary = SyncClient(ws, workers=args.workers).push()
            sync_s = time.perf_counter() - started
            assert summary.ok, summary.as_json()
            assert summary.purged == args.records
        finally:
            ws.close()
            proc.terminate()
            proc.wait(30)

    mib = total / 1048576
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    print(f"machine: {os.cpu_count()} CPU ({cpu}), Python {platform.python_version()}")
    print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"data center: {server_stack()}")
    print(
        f"records: {args.records} x {total / args.records / 1048576:.2f} MiB = {mib:.0f} MiB, "
        f"{args.workers} parallel uploads (sealing them took {seal_s:.1f} s)"
    )
    print(f"raw HTTPS PUT, discard : {raw_s:6.2f} s  {mib / raw_s:7.1f} MiB/s")
    if floor_s is not None:
        print(
            f"uvicorn+FastAPI discard: {floor_s:6.2f} s  {mib / floor_s:7.1f} MiB/s  "
            f"= {raw_s / floor_s:.2f} of raw (the service's stack doing nothing)"
        )
    print(
        f"data center ingest only: {ceiling_s:6.2f} s  {mib / ceiling_s:7.1f} MiB/s  "
        f"= {raw_s / ceiling_s:.2f} of raw (minimal signed client, no local store)"
    )
    print(
        f"sync push (end to end) : {sync_s:6.2f} s  {mib / sync_s:7.1f} MiB/s  "
        f"= {raw_s / sync_s:.2f} of raw, {ceiling_s / sync_s:.2f} of the data center's ingest"
    )


if __name__ == "__main__":
    main()
