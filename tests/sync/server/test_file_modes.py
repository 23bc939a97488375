"""Every file the data center writes is its own from the first byte, whatever the umask.

``codes new --bundle-out`` wrote the bundle (a one-time code) and its QR code with the
default mode and tightened them after; ``serve`` did the same with ``url.txt``; under
``serve --workers`` the Prometheus files of the workers stayed 0644.  Here the real
commands run under umask 022, and every moment a file exists is watched from inside
each process (``modewatch/sitecustomize.py``, an audit hook that looks at the modes
before each operation that may make or change a file): no file is ever readable by
another account, and at the end every file is 0600 and every folder 0700.

Why this way: the window between a create and its ``chmod`` is microseconds, so
looking from outside (``stat`` in a loop, inotify) is a race that passes or fails by
luck.  The hook runs inside the process, before the ``chmod`` itself, in order: a
file created 0644 is seen as 0644 at that moment, every time.
"""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest

from tests.sync.server.dcsupport import (
    DataCenterProcess,
    Laptop,
    dc_cli,
    list_records,
    new_code,
    postgres,
    write_export,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

WATCH = Path(__file__).with_name("modewatch")


@pytest.fixture
def loose_umask() -> Iterator[None]:
    """What most Linux accounts have: new files 0644 unless the program says otherwise."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


@pytest.mark.skipif(
    sys.platform == "win32", reason="POSIX modes; on Windows the installer's ACL keeps DATA private"
)
@pytest.mark.usefixtures("loose_umask")
def test_every_file_the_data_center_writes_is_private_at_every_moment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data, out, stick = tmp_path / "dc", tmp_path / "out", tmp_path / "stick"
    out.mkdir(mode=0o700)
    report = tmp_path / "modes-seen.txt"
    monkeypatch.setenv(
        "PYTHONPATH", os.pathsep.join([str(WATCH), os.environ.get("PYTHONPATH", "")])
    )
    monkeypatch.setenv("FIELDKIT_TEST_WATCH_MODES", os.pathsep.join([str(data), str(out)]))
    monkeypatch.setenv("FIELDKIT_TEST_WATCH_REPORT", str(report))
    databases = postgres()
    database = databases.create()
    server = DataCenterProcess(data, tmp_path / "dc.log", database, ("--workers", "2"))
    try:
        server.start()  # keys, the certificate, url.txt; each worker's metrics files
        with server.client() as client:
            laptop = Laptop(client)
            laptop.enroll(new_code(server))
            laptop.sync(laptop.seal(seq=1))  # a blob, and counters in a worker's files
            assert client.get("/metrics").status_code == httpx.codes.OK
            folder = write_export(stick, laptop, [laptop.seal(seq=2)])
        bundle = out / "bundle.json"
        for chore in (
            ("codes", "new", "--bundle-out", str(bundle)),  # a one-time code, and its QR
            ("import", str(stick)),  # receipts.json on the stick
            ("backup", "--output", str(out / "backup.tar")),
        ):
            done = dc_cli(server, *chore)
            assert done.returncode == 0, (chore, done.stderr)
        done = dc_cli(None, "openapi", "--output", str(out / "openapi.json"))
        assert done.returncode == 0, done.stderr
        assert len(list_records(server)) == 2
    finally:
        server.stop()
        databases.drop(database)

    assert report.exists(), "the watch ran in the data center's processes"
    seen = report.read_text(encoding="utf-8").splitlines()
    assert seen == [], "readable by others at some moment:\n" + "\n".join(seen)
    metrics = list((data / "metrics").glob("*.db"))
    assert metrics, "the workers wrote their counters"
    made = [*data.rglob("*"), *out.rglob("*")]
    assert {bundle.name, "bundle.png", "url.txt", "backup.tar", "openapi.json"} <= {
        p.name for p in made
    }
    assert {str(p): _mode(p) for p in made if p.is_file()} == {
        str(p): 0o600 for p in made if p.is_file()
    }
    assert {str(p): _mode(p) for p in [data, *made] if p.is_dir()} == {
        str(p): 0o700 for p in [data, *made] if p.is_dir()
    }
    receipts = folder / "receipts.json"
    assert json.loads(receipts.read_text())[0]["state"] == "ACCEPTED"
    assert _mode(receipts) == 0o600  # made with this mode: no chmod after
