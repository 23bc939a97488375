"""``fieldkit`` speaks Indonesian by default, English when asked, and no log line among its words.

Issue 59 §8: the command line spoke English only ("Officer rudi added", "valid") while the
window spoke Indonesian, and nothing chose otherwise.  Each command here is typed as a
person types it, a child process with no ``FIELDKIT_LANG`` unless the test says (the
other tests ask for English through ``tests.support.cli``).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from fieldkit import catalogue
from fieldkit.records.states import LAST_SYNC_KEY
from fieldkit.store.models import Setting
from tests.support import ADMIN, ADMIN_PASSWORD, cli

if TYPE_CHECKING:
    from pathlib import Path

    from fieldkit.workspace import Workspace

#: A fresh machine: no language set anywhere.
UNSET = {"FIELDKIT_LANG": ""}
#: A NIK whose serial is 0000 and whose birth date differs from the form's.
BAD_NIK = ("nik", "check", "3505014507900000", "--birth-date", "1990-07-06")


def test_a_result_and_a_refusal_are_in_indonesian_by_default(home: Path) -> None:
    checked = cli(*BAD_NIK, env=UNSET, process=True)
    assert checked.returncode == 1
    assert checked.stdout.splitlines()[:2] == [
        "TIDAK VALID",
        "  kesalahan: Empat digit terakhir NIK (nomor urut) tidak boleh 0000",
    ], checked.stdout
    assert checked.stdout.splitlines()[2].startswith("  peringatan: NIK memuat tanggal lahir")
    refused = cli("officer", "list", env=UNSET, process=True)
    assert refused.returncode == 1
    assert refused.stderr.startswith(f"fieldkit: FieldKit belum disiapkan di folder data {home}")
    assert "  Buat dengan: fieldkit init" in refused.stderr
    assert refused.stdout == ""


def test_lang_en_and_fieldkit_lang_choose_english(home: Path) -> None:
    checked = cli(*BAD_NIK, "--lang", "en", env=UNSET, process=True)
    assert checked.stdout.splitlines()[:2] == [
        "INVALID",
        "  error: The last four digits of a NIK (serial) cannot be 0000",
    ], checked.stdout
    refused = cli("--lang", "en", "officer", "list", "--json", env=UNSET)
    assert refused.stderr.startswith("fieldkit: FieldKit is not set up in the data folder")
    assert '"code": "store_not_initialised"' in refused.stdout  # the code, whatever the words
    by_setting = cli(*BAD_NIK, env={"FIELDKIT_LANG": "en"})
    assert by_setting.stdout.startswith("INVALID\n")
    asked = cli(*BAD_NIK, "--lang", "id", env={"FIELDKIT_LANG": "en"})
    assert asked.stdout.startswith("TIDAK VALID\n")  # what is typed wins


def test_the_command_line_follows_the_windows_language(home: Path) -> None:
    """The officer chose English in the window's Settings: the laptop's commands follow."""
    home.mkdir(parents=True)
    (home / catalogue.WINDOW_SETTINGS_FILE).write_text("[General]\nlanguage=en\n", "utf-8")
    assert cli(*BAD_NIK, env=UNSET).stdout.startswith("INVALID\n")
    assert cli(*BAD_NIK, env={"FIELDKIT_LANG": "id"}).stdout.startswith("TIDAK VALID\n")


def test_a_language_that_is_not_one_is_refused_in_indonesian(home: Path) -> None:
    refused = cli("officer", "list", "--lang", "fr", env=UNSET)
    assert refused.returncode == 1
    assert "fieldkit officer list: kesalahan: argumen --lang: pilihan tidak sah: 'fr'" in (
        refused.stderr
    ), refused.stderr


def test_help_speaks_indonesian(home: Path) -> None:
    shown = cli("--help", env=UNSET, process=True).stdout
    assert shown.startswith("penggunaan: fieldkit [-h]"), shown
    assert "\nFieldKit: perekaman KTP-el luring untuk tim jemput bola.\n" in shown
    assert "\nopsi:\n" in shown
    assert "--lang LANG" in shown


def test_a_simulator_s_help_names_it_as_typed(home: Path) -> None:
    """``fieldkit sim zfm --help`` said ``usage: fieldkit [-h] ...``: the simulator's name lost."""
    shown = cli("sim", "zfm", "--help", process=True)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith("usage: fieldkit sim zfm [-h]"), shown.stdout


def test_no_log_line_among_the_output_unless_v(workspace: Workspace, home: Path) -> None:
    """The log line goes to the log file; ``-v`` shows it on stderr too, never on stdout."""
    del workspace
    env = {**UNSET, "FIELDKIT_OFFICER": ADMIN, "FIELDKIT_PASSWORD": ADMIN_PASSWORD}
    listed = cli("officer", "list", env=env, process=True)
    assert listed.returncode == 0, listed.stderr
    assert listed.stderr == ""
    assert "INFO" not in listed.stdout
    # Its words are the window's (Pengaturan → Petugas tim): "active", "local" were English.
    assert listed.stdout.split() == [ADMIN, "Admin", "aktif", "Laptop", "ini"], listed.stdout
    logged = (home / "logs" / "fieldkit.log").read_text(encoding="utf-8")
    assert re.search(r" INFO fieldkit\.cli\.main: FieldKit \S+: officer$", logged, re.MULTILINE), (
        logged
    )
    shown = cli("officer", "list", "-v", env=env, process=True)
    assert "INFO fieldkit.cli.main: FieldKit" in shown.stderr, shown.stderr
    assert "DEBUG" not in shown.stderr
    assert "INFO" not in shown.stdout


def test_why_a_laptop_cannot_record_is_in_indonesian(workspace: Workspace) -> None:
    """``enrollment status`` gave its reasons in the catalogue's English under Indonesian."""
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=8)
    with workspace.transaction() as session:  # eight days without a sync: frozen
        session.merge(Setting(key=LAST_SYNC_KEY, value=long_ago.isoformat()))
    login = {"FIELDKIT_OFFICER": ADMIN, "FIELDKIT_PASSWORD": ADMIN_PASSWORD}
    done = cli("enrollment", "status", env={**UNSET, **login})
    assert done.returncode == 0, done.stderr
    english = cli("enrollment", "status", "--lang", "en", env={**UNSET, **login})
    assert "8 days since the last successful sync" in english.stdout, english.stdout
    (why,) = [line for line in done.stdout.splitlines() if "8 hari" in line]
    assert why.startswith("  "), done.stdout
    assert "days" not in why, done.stdout
