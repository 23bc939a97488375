"""Text a laptop sent reaches the office's terminal only as printable text (issue 46, hole 7).

A laptop chooses its hostname, its FieldKit version and its device kinds, and sends
them in its signed health report; its audit report's problem code and its officers'
names come from it too.  ``fieldkit-datacenter laptops list`` printed the first three
raw: ``ESC [2J`` cleared the operator's screen, ``ESC ]0;...BEL`` retitled the
terminal, a newline forged a second laptop.  Every command that prints what a laptop
sent is run here with such text: each prints one line per row, the escapes visible,
no raw control character.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import re
import subprocess
import sys
from typing import TYPE_CHECKING, Any

from cryptography.hazmat.primitives.asymmetric import x25519

from fieldkit.printable import printable
from fieldkit.safejson import canonical_json
from sync.server.cli import COMMAND_WORDS, build_parser
from sync.server.intake.sentences import ENROLL_BUTTON, ENROLL_PAGE
from tests.sync.server.auditsupport import NamedLaptop
from tests.sync.server.dcsupport import database_environment, dc_cli, new_code

if TYPE_CHECKING:
    from pathlib import Path

    from tests.sync.server.dcsupport import DataCenterProcess

OK = 200
#: Raw characters that must never be written: C0 controls but the line break, DEL, the
#: C1 CSI, the line/paragraph separators and the bidi overrides and isolates.
RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f\x9b\u2028\u2029\u202a-\u202e\u2066-\u2069]")
HOSTNAME = "pc\x1b[2J\x1b]0;owned\x07\nFORGED-LAPTOP\u202e"
VERSION = "0.9\x1b[31m"
KIND = "finger\x1b[2Jprint\r"


def _health() -> dict[str, Any]:
    key = x25519.X25519PrivateKey.generate().public_key().public_bytes_raw()
    return {
        "version": 1,
        "reported_at": "2026-11-25T08:00:00+00:00",
        "hostname": HOSTNAME,
        "fieldkit_version": VERSION,
        "package_key": base64.b64encode(key).decode(),
        "package_version": None,
        "last_sync_at": None,
        "unsent_records": 1,
        "oldest_unsent_at": None,
        "free_disk_bytes": 10**10,
        "devices": [{"kind": KIND, "backend": "sim\x1b[0m", "ok": False, "tested_at": None}],
        "audit": {"ok": True, "events": 3},
        "frozen": False,
        "freeze_reasons": [],
    }


def _human(dc: DataCenterProcess, *args: str) -> list[str]:
    done = dc_cli(dc, *args)
    assert done.returncode == 0, done.stderr
    assert RAW.search(done.stdout) is None, repr(done.stdout)
    return done.stdout.splitlines()


def test_a_laptops_own_words_print_as_visible_escapes(datacenter: DataCenterProcess) -> None:
    with datacenter.client() as client:
        laptop = NamedLaptop(client, "enrolled\x1b[2J\nas-this")
        laptop.enroll(new_code(datacenter))
        body = canonical_json(_health())
        answer = laptop.signed(
            "POST", "/v1/laptop/health", body, headers={"content-type": "application/json"}
        )
        assert answer.status_code == OK, answer.text
        laptop.audit(10, "a" * 64)
        laptop.audit(
            12,
            "c" * 64,
            proofs=[{"seq": 10, "hash": "a" * 64}],
            problem="x\x1b[2J\n\u202ey",
            problem_seq=3,
        )

    rows = json.loads(dc_cli(datacenter, "laptops", "list", "--json").stdout)
    mine = [r for r in rows if r["device_id"] == laptop.device_id]
    # Neutralised where it entered (issue 57 §12): JSON carries it written visibly too.
    assert [r["hostname"] for r in mine] == [printable(HOSTNAME)]

    listed = _human(datacenter, "laptops", "list")
    assert len(listed) == 1 + len(rows), listed  # the header, then one line per laptop
    [line] = [row for row in listed if row.startswith(laptop.device_id[:24])]
    assert "pc\\x1b[2J\\x1b]0" in line
    assert "FORGED-LAPTOP" not in "".join(listed[1:]).replace(line, "")
    assert "0.9\\x1b[" in line
    assert "failed:finger\\x1b[2Jprint\\r" in line

    found = _human(datacenter, "audit", "findings")
    assert any("x\\x1b[2J\\n\\u202ey" in row for row in found), found
    _human(datacenter, "devices", "list")
    _human(datacenter, "records", "list")
    _human(datacenter, "conflicts", "list")


# --- the office's terminal speaks Indonesian (issue 59 §8) ------------------------------
# Commands typed as the operator types them: a child process, no FIELDKIT_LANG (the other
# tests here ask for English through ``dc_cli``), so the default is what is tested.


def _typed(
    data: Path, *args: str, database: str | None = None, lang: str = ""
) -> subprocess.CompletedProcess[str]:
    env = database_environment(database)
    env["FIELDKIT_LANG"] = lang  # empty: as on a fresh machine
    return subprocess.run(
        [sys.executable, "-m", "sync.server.cli", *args, "--data", str(data)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        stdin=subprocess.DEVNULL,
        env=env,
    )


def test_the_office_s_commands_speak_indonesian_and_english_when_asked(tmp_path: Path) -> None:
    """A result and a refusal in Indonesian by default; ``--lang en`` (anywhere) in English.

    Each said alone: no INFO line beside them, on stdout or stderr, unless ``-v``; the log
    lines are in ``DATA/logs/datacenter.log``.
    """
    data = tmp_path / "dc"
    added = _typed(data, "officers", "add", "rudi", "--name", "Rudi Hartono", "--role", "petugas")
    assert added.returncode == 0, added.stderr
    assert added.stdout.startswith("Petugas rudi ditambahkan. Kode login pertama"), added.stdout
    assert "INFO" not in added.stdout + added.stderr, added.stderr
    logged = (data / "logs" / "datacenter.log").read_text(encoding="utf-8")
    assert "INFO sync.server.office.core: office settings version 1: officer rudi added" in logged

    again = _typed(data, "officers", "add", "rudi", "--name", "Rudi Hartono", "--role", "petugas")
    assert again.returncode == 2
    assert "kesalahan: Petugas bernama rudi sudah ada." in again.stderr.splitlines(), again.stderr
    assert "ERROR" not in again.stderr, again.stderr

    english = _typed(
        data, "officers", "add", "rudi", "--name", "R", "--role", "petugas", "--lang", "en"
    )
    assert "error: An officer named rudi already exists." in english.stderr.splitlines()
    added = _typed(
        data, "officers", "add", "sari", "--name", "Sari Dewi", "--role", "petugas", "-v"
    )
    assert added.stdout.startswith("Petugas sari ditambahkan."), added.stdout
    assert "INFO sync.server.office.core [" in added.stderr, added.stderr
    assert "office settings version 2: officer sari added" in added.stderr
    assert "INFO" not in added.stdout


def test_every_command_of_the_data_center_says_what_it_is_in_its_help() -> None:
    """``fieldkit-datacenter --help`` listed codes, records, dedup ... with no words at all."""
    shown = subprocess.run(
        [sys.executable, "-m", "sync.server.cli", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        env={**os.environ, "FIELDKIT_LANG": ""},
    ).stdout
    assert shown.startswith("penggunaan: fieldkit-datacenter"), shown
    assert "\nopsi:\n" in shown
    assert "-h, --help            tampilkan bantuan ini lalu keluar" in shown
    listed = dict(re.findall(r"^    (\S+) +(\S.*)$", shown, re.MULTILINE))
    commands = [a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction)]
    names = list(commands[0].choices)
    assert {"codes", "records", "dedup", "devices", "conflicts"} <= set(names)
    assert [name for name in names if not listed.get(name)] == []
    assert listed["codes"] == "kode pendaftaran agar laptop baru bergabung dengan"
    assert all(COMMAND_WORDS.get(name) for name in names)


def test_codes_new_names_the_windows_own_page_and_button(datacenter: DataCenterProcess) -> None:
    """It named "Sinkronisasi > Open enrollment file", a button the window does not have."""
    bundle = datacenter.data.parent / "laptop-9.json"
    made = _typed(
        datacenter.data, "codes", "new", "--bundle-out", str(bundle), database=datacenter.database
    )
    assert made.returncode == 0, made.stderr
    assert ENROLL_PAGE == ("MainWindow", "Sync")  # the words tests/ui checks the window has
    assert ENROLL_BUTTON == ("SyncPage", "Open enrollment file…")
    expected = "Di laptop: Sinkronisasi > Buka berkas pendaftaran…, atau fieldkit sync enroll"
    assert expected in made.stdout, made.stdout
    english = _typed(
        datacenter.data,
        *("codes", "new", "--bundle-out", str(bundle), "--lang", "en"),
        database=datacenter.database,
    )
    assert "On the laptop: Sync > Open enrollment file…, or fieldkit sync" in english.stdout
