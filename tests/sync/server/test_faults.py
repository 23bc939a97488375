"""Faults the office network and the server's disk produce: nothing lost, nothing duplicated."""

from __future__ import annotations

import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from fieldkit.sealing import SealedRecord
from sync.protocol import HEADER_RECORD_SIGNATURE, RecordState, b64encode, sign_request
from sync.server.intake.service import issue_code
from sync.server.store.database import SqlStore
from tests.support import fill_disk, small_filesystem
from tests.sync.server.dcsupport import DataCenterProcess, Laptop, list_records, new_code

StartDataCenter = Callable[..., DataCenterProcess]
WaitUntil = Callable[[Callable[[], bool], float, str], None]


def _blob_files(data: Path) -> list[Path]:
    return [p for p in (data / "blobs").glob("??/??/*") if p.is_file()]


def _tmp_files(data: Path) -> list[Path]:
    return list((data / "blobs" / "tmp").iterdir())


def _big_record(laptop: Laptop, megabytes: int) -> SealedRecord:
    return laptop.seal({"portrait": "A" * (megabytes * 1024 * 1024)})


def _held_body(
    data: bytes, chunk: int, sent: threading.Event, resume: threading.Event
) -> Iterator[bytes]:
    """Half the body, then nothing until ``resume``, so the server is killed mid-body."""
    half = len(data) // 2
    yield data[:half]
    sent.set()
    resume.wait(30)
    for start in range(half, len(data), chunk):
        yield data[start : start + chunk]


def test_server_killed_mid_upload_then_resend_stores_exactly_one(
    start_datacenter: StartDataCenter,
) -> None:
    server = start_datacenter()
    with server.client() as client:
        laptop = Laptop(client)
        laptop.enroll(new_code(server))
        record = _big_record(laptop, 8)
        assert laptop.manifest(record).json()["verdicts"][0]["verdict"] == "upload"

        path = f"/v1/records/{record.record_id}"
        headers = sign_request(
            laptop.device_id,
            laptop.key,
            method="PUT",
            path=path,
            body=record.envelope,
            timestamp=int(time.time()),
        )
        headers[HEADER_RECORD_SIGNATURE] = b64encode(record.signature)
        headers["content-length"] = str(len(record.envelope))
        half_sent, killed = threading.Event(), threading.Event()
        outcome: list[BaseException | httpx.Response] = []

        def put() -> None:
            try:
                outcome.append(
                    client.put(
                        path,
                        content=_held_body(record.envelope, 65536, half_sent, killed),
                        headers=headers,
                    )
                )
            except httpx.HTTPError as exc:
                outcome.append(exc)

        uploader = threading.Thread(target=put)
        uploader.start()
        assert half_sent.wait(30)
        server.kill()
        killed.set()
        uploader.join(30)
    assert len(outcome) == 1
    assert isinstance(outcome[0], httpx.HTTPError)
    assert list_records(server) == []

    server.start()  # same data dir, new port
    assert _tmp_files(server.data) == []
    with server.client() as client:
        laptop.client = client
        verdicts = laptop.manifest(record).json()["verdicts"]
        assert verdicts[0]["verdict"] == "upload"
        first = laptop.receipt(laptop.upload(record))
        second = laptop.receipt(laptop.upload(record))
    assert first == second
    assert first.state == RecordState.ACCEPTED
    rows = list_records(server)
    assert [(r["record_id"], r["sha256"]) for r in rows] == [(record.record_id, record.sha256)]
    assert [p.name for p in _blob_files(server.data)] == [record.sha256]


def test_connection_dropped_mid_body_stores_nothing(
    start_datacenter: StartDataCenter, wait_until: WaitUntil
) -> None:
    server = start_datacenter()
    with server.client() as client:
        laptop = Laptop(client)
        laptop.enroll(new_code(server))
        record = _big_record(laptop, 2)
        laptop.manifest(record)

        path = f"/v1/records/{record.record_id}"
        auth = sign_request(
            laptop.device_id,
            laptop.key,
            method="PUT",
            path=path,
            body=record.envelope,
            timestamp=int(time.time()),
        )
        url = urlsplit(server.url)
        context = ssl.create_default_context(cafile=str(server.data / "keys" / "ca.pem"))
        raw = socket.create_connection((url.hostname, url.port))
        with context.wrap_socket(raw, server_hostname=url.hostname) as tls:
            head = [
                f"PUT {path} HTTP/1.1",
                f"Host: {url.netloc}",
                "Content-Type: application/octet-stream",
                f"Content-Length: {len(record.envelope)}",
                f"{HEADER_RECORD_SIGNATURE}: {b64encode(record.signature)}",
                *(f"{k}: {v}" for k, v in auth.items()),
            ]
            tls.sendall(("\r\n".join(head) + "\r\n\r\n").encode())
            tls.sendall(record.envelope[: len(record.envelope) // 2])
        wait_until(
            lambda: "client closed the connection mid-request" in server.log.read_text(),
            30,
            "the data center to notice the dropped upload",
        )

        assert client.get("/v1/health").json()["status"] == "ok"
        assert list_records(server) == []
        assert _blob_files(server.data) == []
        assert laptop.receipt(laptop.upload(record)).state == RecordState.ACCEPTED
    assert len(list_records(server)) == 1


@pytest.mark.root
def test_full_disk_answers_507_and_leaves_nothing_half_stored(
    start_datacenter: StartDataCenter, tmp_path: Path
) -> None:
    with small_filesystem(tmp_path / "small", "24m") as mount:
        server = start_datacenter(mount / "dc")
        with server.client() as client:
            laptop = Laptop(client)
            laptop.enroll(new_code(server))
            record = _big_record(laptop, 4)
            assert laptop.manifest(record).json()["verdicts"][0]["verdict"] == "upload"

            filler = mount / "filler"
            fill_disk(filler, leave=1024 * 1024)
            full = laptop.upload(record)
            assert full.status_code == 507, full.text
            assert full.json()["reason"] == "disk_full"
            assert "disk is full" in full.json()["message"]
            assert list_records(server) == []
            assert _blob_files(server.data) == []
            assert _tmp_files(server.data) == []

            filler.unlink()
            receipt = laptop.receipt(laptop.upload(record))
        assert receipt.state == RecordState.ACCEPTED
        assert [r["record_id"] for r in list_records(server)] == [record.record_id]
        assert [p.name for p in _blob_files(server.data)] == [record.sha256]
        server.stop()


def test_fifty_devices_sync_at_once(datacenter: DataCenterProcess) -> None:
    store = SqlStore(datacenter.database_url)
    try:
        codes = [issue_code(store, time.time()) for _ in range(50)]
    finally:
        store.close()
    receipts: dict[int, list[RecordState]] = {}
    devices: set[str] = set()
    errors: list[BaseException] = []

    def one_laptop(index: int) -> None:
        try:
            with datacenter.client() as client:
                laptop = Laptop(client)
                laptop.enroll(codes[index])
                devices.add(laptop.device_id)
                records = [laptop.seal(seq=i) for i in range(3)]
                receipts[index] = [r.state for r in laptop.sync(*records)]
                again = laptop.manifest(*records).json()["verdicts"]
                assert {v["verdict"] for v in again} == {"already_have"}
        except (AssertionError, httpx.HTTPError) as exc:
            errors.append(exc)

    threads = [threading.Thread(target=one_laptop, args=(i,)) for i in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == []
    assert len(receipts) == 50
    assert all(states == [RecordState.ACCEPTED] * 3 for states in receipts.values())
    rows = [r for r in list_records(datacenter) if r["device_id"] in devices]
    assert len(rows) == len({r["record_id"] for r in rows}) == 150
