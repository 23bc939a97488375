"""The Operations screen against the real service over HTTPS (SQLite and PostgreSQL).

Readiness as ``/v1/ready`` sees it (and a store that takes no write said in words), the
version and schema, a backup made from the console that the real ``fieldkit-datacenter
restore`` puts onto a fresh data center by the command the page shows, without the
console's sessions (an older backup's sessions are dropped too), one backup at a time
across processes, the list newest first, and the refusals (CSRF, an operator).
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
import zipfile
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from filelock import FileLock

from fieldkit._version import __version__
from sync.server.console.operations import BACKUPS, LOCK_FILE
from sync.server.store.schema import known_revisions
from tests.sync.server.backupsupport import jsonl, rewrite, unstarted_site
from tests.sync.server.consolesupport import (
    csrf_of,
    database,
    foreign,
    log_in,
    started,
    visible_text,
)
from tests.sync.server.dcsupport import (
    Laptop,
    database_environment,
    list_records,
    new_code,
)

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    import httpx
    import pytest

    from tests.sync.server.dcsupport import DataCenterProcess, Site

OK, REDIRECT, FORBIDDEN, CONFLICT, UNAVAILABLE = 200, 303, 403, 409, 503
CONTEXTS = {"console", "console_operations"}
_COMMAND = re.compile(r'<pre class="command"><code>(.*?)</code></pre>', re.DOTALL)
_BACKUP_NAME = re.compile(r"fieldkit-backup-\d{8}-\d{6}(-\d+)?\.zip")


def _count(site: Site, table: str) -> int:
    with database(site) as engine, engine.connect() as conn:
        return int(conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one())  # noqa: S608 - our own table names


def _parts(page: str) -> dict[str, tuple[str, str]]:
    """Readiness: each part's state and what was found."""
    table = page.split('<table class="fleet parts">', 1)[1].split("</table>", 1)[0]
    found = {}
    for row in re.findall(r"<tr class=\"state-\w+\">(.*?)</tr>", table, re.DOTALL):
        cells = [
            " ".join(visible_text(c))
            for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.DOTALL)
        ]
        found[cells[0]] = (cells[1], cells[2])
    return found


def _backups_listed(page: str) -> list[str]:
    if '<table class="fleet backups">' not in page:
        return []
    table = page.split('<table class="fleet backups">', 1)[1].split("</table>", 1)[0]
    return re.findall(r"<code>(fieldkit-backup-[^<]+)</code>", table)


def _zips(server: DataCenterProcess) -> list[Path]:
    return sorted((server.data / BACKUPS).glob("*.zip"))


def _pushed(server: DataCenterProcess, client: httpx.Client, count: int) -> None:
    laptop = Laptop(client)
    laptop.enroll(new_code(server))
    laptop.sync(*(laptop.seal(seq=n) for n in range(1, count + 1)))


def _made(client: httpx.Client, csrf: str) -> str:
    """Click "Buat cadangan"; the name of the backup the answer says was made."""
    made = client.post("/operasi/cadangan", data={"csrf": csrf})
    assert made.status_code == REDIRECT, made.text
    found = re.search(r"nama=([^&]+)", made.headers["location"])
    assert found is not None
    return found.group(1)


def _restore_as_the_page_says(page: str, source: DataCenterProcess, target: Site) -> dict[str, Any]:
    """The page's steps: copy the keys folder, then its command, the placeholder filled in."""
    [command] = _COMMAND.findall(page)
    words = [w for w in html.unescape(command).split() if w != "\\"]  # its lines continued
    assert words[:2] == ["fieldkit-datacenter", "restore"]
    assert "FOLDER-DATA-BARU" in words
    shutil.copytree(source.data / "keys", target.data / "keys")
    args = [str(target.data) if w == "FOLDER-DATA-BARU" else w for w in words[1:]]
    done = subprocess.run(
        [sys.executable, "-m", "sync.server.cli", *args, "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        stdin=subprocess.DEVNULL,
        env=database_environment(target.database),
    )
    assert done.returncode == 0, done.stderr
    restored: dict[str, Any] = json.loads(done.stdout)
    return restored


def test_readiness_version_and_keys_are_said_in_words(
    start_datacenter: Callable[..., Any],
) -> None:
    server = started(start_datacenter, siti="admin", budi="operator")
    head = known_revisions()[-1]
    with server.client() as client:
        assert log_in(client, "budi").status_code == REDIRECT
        page = client.get("/operasi")
        assert page.status_code == OK
        assert "<h1>Operasi</h1>" in page.text
        assert "Siap: pusat data dapat menerima rekaman sekarang." in page.text
        engine = "PostgreSQL" if server.database else "SQLite"
        parts = _parts(page.text)
        assert parts["Basis data"] == ("Siap", f"Menjawab ({engine}, versi susunan data {head})")
        assert parts["Penyimpanan rekaman tersegel"] == ("Siap", "Dapat ditulisi")
        state, keys = parts["Kunci"]
        assert state == "Perlu perhatian", "the test's keys are kept without a passphrase"
        assert keys.endswith(
            "kunci pribadi tanpa frasa sandi: 3 (jalankan fieldkit-datacenter keys protect di "
            "server)"
        )
        assert parts["Kunci cadangan"] == (
            "Perlu perhatian",
            "Belum ada: cadangan pertama akan membuatnya",
        )
        assert f"<dd>{__version__}</dd>" in page.text
        assert f"{head} (terbaru yang dikenal versi ini: {head})" in page.text
        assert f"<dd>{', '.join(known_revisions())}</dd>" in page.text
        data = {"budi", "Operasi", __version__, ", ".join(known_revisions())}
        data |= {" ".join(html.unescape(c).split()) for c in _COMMAND.findall(page.text)}
        assert foreign(visible_text(page.text), "id", CONTEXTS, data) == []

        # The sealed-record store takes no write (its folder gone, a file in its place).
        tmp = server.data / "blobs" / "tmp"
        shutil.rmtree(tmp)
        tmp.write_bytes(b"")
        try:
            assert client.get("/v1/ready").status_code == UNAVAILABLE
            broken = client.get("/operasi")
            assert "Belum siap: laptop tidak dapat mengirim rekaman sekarang." in broken.text
            assert _parts(broken.text)["Penyimpanan rekaman tersegel"] == (
                "Tidak siap",
                "Tidak dapat ditulisi (disk penuh atau hanya-baca, atau foldernya hilang)",
            )
        finally:
            tmp.unlink()
            tmp.mkdir(mode=0o700)
        assert client.get("/v1/ready").status_code == OK
        assert "Siap: pusat data" in client.get("/operasi").text

        english = client.get("/operasi?lang=en")
        assert "Ready: the data center can take records now." in english.text
        data |= {" ".join(html.unescape(c).split()) for c in _COMMAND.findall(english.text)}
        assert "NEW-DATA-FOLDER" in english.text
        assert foreign(visible_text(english.text), "en", CONTEXTS, data) == []


def test_a_backup_made_here_restores_onto_a_fresh_data_center_without_sessions(
    start_datacenter: Callable[..., Any], request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    server = started(start_datacenter, siti="admin", budi="operator")
    with server.client() as client:
        _pushed(server, client, 2)
        assert log_in(client, "siti").status_code == REDIRECT
        page = client.get("/operasi")
        assert "Belum ada cadangan di" in page.text
        assert _count(server, "console_sessions") == 1, "siti's login"

        made = client.post("/operasi/cadangan", data={"csrf": csrf_of(page)})
        assert made.status_code == REDIRECT
        [archive] = _zips(server)
        assert _BACKUP_NAME.fullmatch(archive.name)
        assert archive.stat().st_mode & 0o777 == 0o600
        after = client.get(made.headers["location"])
        said = after.text.split('<p class="info done" role="status">', 1)[1].split("</p>")[0]
        assert re.fullmatch(
            rf"Cadangan {re.escape(archive.name)} sudah dibuat: \d+ baris dan 2 rekaman tersegel\.",
            said,
        ), said
        assert "Cadangan pertama ini juga membuat kunci cadangan" in after.text
        assert _backups_listed(after.text) == [archive.name]
        assert _parts(after.text)["Kunci cadangan"][0] == "Siap"

    with zipfile.ZipFile(archive) as backup:
        names = backup.namelist()
        manifest = json.loads(backup.read("backup.json"))
    assert "tables/console_sessions.jsonl" not in names
    assert "console_sessions" not in manifest["rows"]
    assert manifest["rows"]["console_accounts"] == 2
    assert not any(name.startswith("keys/") for name in names), "made without the keys"

    target = unstarted_site(request, tmp_path / "restored")
    restored = _restore_as_the_page_says(after.text, server, target)
    assert restored["rows"]["records"] == 2
    assert len(list_records(target)) == 2
    assert _count(target, "devices") == 1
    assert _count(target, "console_accounts") == 2
    assert _count(target, "console_sessions") == 0
    assert _count(target, "console_audit") >= 1, "the logins and changes before the backup"

    # The backup is in the console's own audit, with the account's name.
    with database(server) as engine, engine.connect() as conn:
        line = conn.execute(
            sa.text("SELECT actor, account, detail FROM console_audit WHERE action = 'backup_made'")
        ).one()
    assert (line.actor, line.account) == ("siti", "siti")
    assert line.detail.startswith(f"{archive.name}: ")

    # A backup made before sessions were left out still restores, its sessions dropped.
    session = {
        "token_hash": "ab" * 32,
        "account": "siti",
        "csrf": "cd" * 32,
        "created_at": 1.0,
        "last_seen": 1.0,
    }
    older = rewrite(
        archive,
        tmp_path / "older.zip",
        lambda name, data: (name, data),
        add={"tables/console_sessions.jsonl": jsonl([session])},
        key_file=server.data / "keys" / "backup.key",
    )
    again = unstarted_site(request, tmp_path / "restored-older")
    shutil.copytree(server.data / "keys", again.data / "keys")
    done = subprocess.run(
        [sys.executable, "-m", "sync.server.cli", "restore", str(older), "--data", str(again.data)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        stdin=subprocess.DEVNULL,
        env=database_environment(again.database),
    )
    assert done.returncode == 0, done.stderr
    assert _count(again, "console_accounts") == 2
    assert _count(again, "console_sessions") == 0


def test_one_backup_at_a_time_and_the_list_newest_first(
    start_datacenter: Callable[..., Any],
) -> None:
    server = started(start_datacenter, siti="admin", budi="operator")
    with server.client() as client:
        assert log_in(client, "siti").status_code == REDIRECT
        page = client.get("/operasi")
        csrf = csrf_of(page)
        first = _made(client, csrf)
        second = _made(client, csrf)
        assert first != second, "two in one second get two names"
        assert _backups_listed(client.get("/operasi").text) == [second, first]

        # Another process (another worker, or a click a moment ago) is making one.
        lock = FileLock(server.data / BACKUPS / LOCK_FILE)
        with lock.acquire(timeout=5):
            busy = client.post("/operasi/cadangan", data={"csrf": csrf})
            assert busy.status_code == CONFLICT
            assert (
                '<p class="notice" role="alert">Cadangan lain sedang dibuat; tidak ada yang '
                "dimulai lagi. Tunggu sampai selesai, lalu lihat daftar di bawah.</p>"
            ) in busy.text
            shown = client.get("/operasi")
            assert '<p class="notice" role="status">Cadangan lain sedang dibuat' in shown.text
            assert len(_zips(server)) == 2
        third = _made(client, csrf)
        assert _backups_listed(client.get("/operasi").text) == [third, second, first]

        # A made-up result link says nothing.
        forged = client.get("/operasi?nama=fieldkit-backup-x.zip&baris=1&rekaman=1")
        assert 'class="info done"' not in forged.text


def test_backups_refused_without_the_form_s_token_or_to_an_operator(
    start_datacenter: Callable[..., Any],
) -> None:
    server = started(start_datacenter, siti="admin", budi="operator")
    with server.client() as client:
        assert log_in(client, "siti").status_code == REDIRECT
        client.get("/operasi")
        for data in ({}, {"csrf": "bukan-tokennya"}):
            refused = client.post("/operasi/cadangan", data=data)
            assert refused.status_code == FORBIDDEN
            assert "Formulir ini sudah kedaluwarsa" in refused.text
        assert _zips(server) == []
    with server.client() as client:
        assert log_in(client, "budi").status_code == REDIRECT
        page = client.get("/operasi")
        assert 'action="/operasi/cadangan"' not in page.text
        assert "Hanya administrator yang dapat membuat cadangan" in page.text
        refused = client.post("/operasi/cadangan", data={"csrf": csrf_of(page)})
        assert refused.status_code == FORBIDDEN
        assert _zips(server) == []
