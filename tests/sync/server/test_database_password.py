"""The database password never rides on a command line (``ps`` shows every account's).

README and ``--help`` said ``--database postgresql://user:pw@host/db``, and
``serve --workers`` served from processes that all ran with it.  The password now
comes from ``$FIELDKIT_DATACENTER_DATABASE``, a file (``--database-password-file``
or its variable) or libpq's ``~/.pgpass``; a ``--database`` holding one is refused.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import sqlalchemy as sa

from sync.protocol import RecordState
from tests.conftest import wait_until
from tests.support import IN_ENGLISH
from tests.sync.server.dcsupport import (
    DataCenterProcess,
    Laptop,
    dc_cli,
    list_records,
    new_code,
    postgres,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

SECRET = "s3cr3t-Kata-Sandi-DB"
PASSWORD_FILE_ENV = "FIELDKIT_DATACENTER_DATABASE_PASSWORD_FILE"

needs_proc = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="/proc/<pid>/cmdline is Linux's"
)


@pytest.mark.parametrize(
    "url",
    [
        f"postgresql://fieldkit:{SECRET}@127.0.0.1:5432/postgres",
        f"postgresql+psycopg://fieldkit@127.0.0.1/postgres?password={SECRET}",
    ],
    ids=["user-part", "query"],
)
@pytest.mark.parametrize(
    "command",
    [("serve", "--workers", "2", "--port", "0"), ("records", "list"), ("db", "current")],
    ids=lambda c: c[0],
)
@pytest.mark.parametrize("log_format", ["text", "json"])
def test_a_password_in_database_is_refused_unrepeated_and_nothing_is_done(
    tmp_path: Path, url: str, command: tuple[str, ...], log_format: str
) -> None:
    data = tmp_path / "dc"
    done = dc_cli(
        None, "--log-format", log_format, *command, "--data", str(data), "--database", url
    )
    assert done.returncode == 2, done.stderr
    assert "--database holds a password" in done.stderr
    for alternative in (
        "$FIELDKIT_DATACENTER_DATABASE",
        "--database-password-file FILE",
        f"${PASSWORD_FILE_ENV}",
        "~/.pgpass ($PGPASSFILE)",
    ):
        assert alternative in done.stderr
    assert SECRET not in done.stderr + done.stdout  # neither in the log line nor the error
    assert "Traceback" not in done.stderr
    assert not data.exists(), "refused before anything was made"


def test_the_help_shows_no_password_in_the_database_url() -> None:
    done = dc_cli(None, "serve", "--help")
    assert done.returncode == 0
    words = " ".join(done.stdout.split())
    assert "postgresql://USER@HOST/DB, without a password" in words
    assert "--database-password-file FILE" in words
    assert "USER:PASSWORD@HOST/DB]" in words  # only as what $FIELDKIT_DATACENTER_DATABASE holds


def _descendants(pid: int) -> set[int]:
    found: set[int] = set()
    todo = [pid]
    while todo:
        parent = todo.pop()
        for task in Path(f"/proc/{parent}/task").iterdir():
            try:
                children = (task / "children").read_text().split()
            except FileNotFoundError:
                continue
            for child in map(int, children):
                if child not in found:
                    found.add(child)
                    todo.append(child)
    return found


def _cmdline(pid: int) -> list[str]:
    return [
        os.fsdecode(arg) for arg in Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0") if arg
    ]


def _serving_workers(server: DataCenterProcess) -> set[int]:
    """Children of ``serve`` that logged that they serve (uvicorn's spawned workers)."""
    assert server.proc is not None
    log = server.log.read_text(encoding="utf-8")
    return {pid for pid in _descendants(server.proc.pid) if f"worker {pid} serving" in log}


@pytest.fixture
def database() -> Iterator[str]:
    """A fresh PostgreSQL database; its URL holds the test role's password."""
    databases = postgres()
    url = databases.create()
    yield url
    databases.drop(url)


@needs_proc
@pytest.mark.parametrize("source", ["environment", "file", "pgpass"])
def test_serve_with_workers_takes_the_password_from_elsewhere_and_no_process_shows_it(
    tmp_path: Path, database: str, source: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Read from ``/proc``: the parent's and every worker's arguments, as any account can."""
    parsed = sa.make_url(database)
    password = parsed.password
    assert password
    bare = sa.URL.create(
        parsed.drivername, parsed.username, None, parsed.host, parsed.port, parsed.database
    ).render_as_string(hide_password=False)
    assert sa.make_url(bare).password is None
    server = DataCenterProcess(tmp_path / "dc", tmp_path / "dc.log")
    if source == "environment":  # the whole URL in $FIELDKIT_DATACENTER_DATABASE
        server.database = database
    elif source == "file":  # the URL on the command line, the password in a file
        secret = tmp_path / "database-password"
        secret.write_text(f"{password}\n", encoding="utf-8")
        secret.chmod(0o600)
        server.extra = ("--database", bare, "--database-password-file", str(secret))
    else:  # libpq's own file, which psycopg reads when the URL has no password
        pgpass = tmp_path / "pgpass"
        pgpass.write_text(
            f"{parsed.host}:{parsed.port or 5432}:{parsed.database}:{parsed.username}:{password}\n"
        )
        pgpass.chmod(0o600)  # libpq ignores a pgpass others may read
        monkeypatch.setenv("PGPASSFILE", str(pgpass))
        server.extra = ("--database", bare)
    server.extra += ("--workers", "2")
    server.start()
    try:
        assert server.proc is not None
        wait_until(lambda: len(_serving_workers(server)) == 2, 60, "two workers serving")
        processes = {server.proc.pid, *_descendants(server.proc.pid)}
        assert len(processes) >= 3
        for pid in processes:
            arguments = _cmdline(pid)
            assert arguments, pid
            assert password not in arguments, arguments
            for argument in arguments:
                if "://" in argument:  # a URL, as --database takes one: without the password
                    assert sa.make_url(argument).password is None, arguments
                    assert f":{password}@" not in argument, arguments
        # And the service answers: a laptop enrolls and a record is stored in PostgreSQL.
        site = DataCenterProcess(server.data, server.log, database)  # the operator's chores
        with server.client() as client:
            laptop = Laptop(client)
            laptop.enroll(new_code(site))
            sealed = laptop.seal()
            assert [r.state for r in laptop.sync(sealed)] == [RecordState.ACCEPTED]
        assert [r["record_id"] for r in list_records(site)] == [sealed.record_id]
    finally:
        server.stop()


def test_a_password_file_that_cannot_be_read_is_named_not_a_traceback(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-file"
    empty = tmp_path / "empty"
    empty.write_text("")
    for file, said in ((missing, "cannot be read"), (empty, "is empty")):
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "sync.server.cli",
                "records",
                "list",
                "--data",
                str(tmp_path / "dc"),
                "--database",
                "postgresql://fieldkit@127.0.0.1/postgres",
                "--database-password-file",
                str(file),
            ],
            capture_output=True,
            text=True,
            check=False,
            stdin=subprocess.DEVNULL,
            timeout=60,
            env={**os.environ, **IN_ENGLISH},  # the English words it reads
        )
        assert done.returncode == 2, done.stderr
        assert f"The database password file {file} {said}" in done.stderr
        assert "Traceback" not in done.stderr
