"""The CLI contract, run as a script would run it: a real process, no terminal."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from fieldkit.accounts import Accounts
from fieldkit.officers import Role
from fieldkit.store import keyring
from fieldkit.store.keyring import TEST_KDF
from fieldkit.workspace import Workspace
from tests.support import (
    ADMIN,
    ADMIN_PASSWORD,
    IN_ENGLISH,
    cli,
    cli_into_a_closed_pipe,
    init_workspace,
)

DISTINCTIVE_NAME = "Wiryaningrum Zzyzxkusumo"


@pytest.fixture
def initialised(home: Path) -> Path:
    done = cli(
        "init",
        "--office-code",
        "3315",
        "--officer",
        ADMIN,
        "--role",
        "admin",
        "--name",
        "Admin Uji",
        env={"FIELDKIT_PASSWORD": ADMIN_PASSWORD},
    )
    assert done.returncode == 0, done.stderr
    return home


def test_acceptance_nik() -> None:
    done = cli("nik", "check", "3315014708950003", "--json")
    assert done.returncode == 0
    result = json.loads(done.stdout)
    assert result["valid"] is True
    assert result["sex"] == "P"
    assert result["birth_date"] == "1995-08-07"
    assert result["province"] == "Jawa Tengah"
    assert result["regency"] == "Grobogan"
    assert set(result) == {
        "valid",
        "errors",
        "warnings",
        "province",
        "regency",
        "district",
        "birth_date",
        "sex",
    }


@pytest.mark.parametrize(
    ("nik", "code"),
    [
        ("331501470895000", "nik.length"),
        ("33150147089500031", "nik.length"),
        ("33150147O8950003", "nik.not_digits"),
        ("3315014708950000", "nik.serial_zero"),
        ("3315013102950003", "nik.date_invalid"),
        ("3315017208950003", "nik.day_invalid"),
        ("9915014708950003", "nik.province_unknown"),
        ("3399014708950003", "nik.regency_unknown"),
    ],
)
def test_invalid_nik_exits_1_with_a_specific_error(nik: str, code: str) -> None:
    done = cli("nik", "check", nik, "--json")
    assert done.returncode == 1
    result = json.loads(done.stdout)
    assert result["valid"] is False
    assert code in {e["code"] for e in result["errors"]}
    assert nik not in done.stdout + done.stderr


def test_form_mismatch_is_a_warning_not_an_error() -> None:
    done = cli(
        "nik", "check", "3315014708950003", "--birth-date", "1995-08-08", "--sex", "L", "--json"
    )
    assert done.returncode == 0
    result = json.loads(done.stdout)
    assert result["valid"] is True
    assert len(result["warnings"]) == 2


def test_bad_argument_is_a_user_error() -> None:
    done = cli("nik", "check", "3315014708950003", "--birth-date", "07-08-1995")
    assert done.returncode == 1  # a usage mistake is the user's error, not argparse's 2
    assert "YYYY-MM-DD" in done.stderr


def test_init_then_audit_verify(initialised: Path) -> None:
    done = cli("audit", "verify", "--json", env={"FIELDKIT_PASSWORD": ADMIN_PASSWORD})
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["ok"] is True


def test_tampered_audit_event_is_named(initialised: Path) -> None:
    with Workspace.login(initialised, ADMIN, ADMIN_PASSWORD) as ws, ws.store.engine.begin() as db:
        db.exec_driver_sql("UPDATE audit_events SET action = 'officer.deleted' WHERE seq = 2")
    done = cli("audit", "verify", "--json", env={"FIELDKIT_PASSWORD": ADMIN_PASSWORD})
    assert done.returncode == 1
    bad = json.loads(done.stdout)["first_bad"]
    assert bad["seq"] == 2
    assert bad["problem"] == "edited"


def test_wrong_password_and_lockout_are_clear(initialised: Path) -> None:
    for _ in range(4):
        done = cli("officer", "list", env={"FIELDKIT_PASSWORD": "bukan-ini"})
        assert done.returncode == 1
        assert "Wrong password" in done.stderr
    done = cli("officer", "list", "--json", env={"FIELDKIT_PASSWORD": "bukan-ini"})
    assert done.returncode == 1
    assert json.loads(done.stdout)["error"]["code"] == "auth_locked_out"
    done = cli("officer", "list", env={"FIELDKIT_PASSWORD": ADMIN_PASSWORD})
    assert done.returncode == 1
    assert "locked" in done.stderr


def test_no_password_and_no_terminal_is_a_clear_error(initialised: Path) -> None:
    done = cli("officer", "list")
    assert done.returncode == 1
    assert "FIELDKIT_PASSWORD" in done.stderr


def test_not_initialised_says_how_to_start(home: Path) -> None:
    done = cli("audit", "verify", "--officer", ADMIN, env={"FIELDKIT_PASSWORD": "x"})
    assert done.returncode == 1
    assert "fieldkit init" in done.stderr


def test_store_from_a_newer_version_is_refused(initialised: Path) -> None:
    with Workspace.login(initialised, ADMIN, ADMIN_PASSWORD) as ws, ws.store.engine.begin() as db:
        db.exec_driver_sql("UPDATE alembic_version SET version_num = '9999_future'")
    done = cli("officer", "list", env={"FIELDKIT_PASSWORD": ADMIN_PASSWORD})
    assert done.returncode == 1
    assert "newer FieldKit" in done.stderr


def test_corrupted_store_offers_the_backup_and_restore_works(initialised: Path) -> None:
    env = {"FIELDKIT_PASSWORD": ADMIN_PASSWORD}
    assert cli("store", "backup", env=env).returncode == 0
    with (initialised / "fieldkit.db").open("r+b") as handle:
        handle.seek(4096 + 64)
        handle.write(b"\xff" * 512)
    done = cli("officer", "list", env=env)
    assert done.returncode == 1
    assert "damaged" in done.stderr
    assert "fieldkit store restore" in done.stderr
    restored = cli("store", "restore", "--json", env=env)
    assert restored.returncode == 0, restored.stderr
    assert json.loads(restored.stdout)["damaged_copy_kept_at"]
    assert cli("officer", "list", env=env).returncode == 0


def test_personal_data_never_reaches_the_disk_in_plaintext(initialised: Path) -> None:
    env = {"FIELDKIT_PASSWORD": ADMIN_PASSWORD, "FIELDKIT_NEW_PASSWORD": "sandi-budi-12"}
    done = cli("officer", "add", "budi", "--role", "petugas", "--name", DISTINCTIVE_NAME, env=env)
    assert done.returncode == 0, done.stderr
    assert cli("store", "backup", env=env).returncode == 0
    assert cli("nik", "check", "3315014708950003", "--verbose").returncode == 0
    listed = cli("officer", "list", "--json", env=env)
    assert DISTINCTIVE_NAME in listed.stdout  # it is really stored ...
    needles = [
        DISTINCTIVE_NAME.encode("utf-8"),
        DISTINCTIVE_NAME.encode("utf-16-le"),
        b"Zzyzxkusumo",
        b"3315014708950003",
    ]
    files = [p for p in initialised.rglob("*") if p.is_file()]
    assert any(p.suffix == ".log" for p in files)
    assert any("backups" in p.parts for p in files)
    for path in files:  # ... and appears nowhere under FIELDKIT_HOME, logs and backups included
        data = path.read_bytes()
        for needle in needles:
            assert needle not in data, f"{needle!r} found in {path}"


def test_officer_lifecycle_through_the_cli(initialised: Path) -> None:
    env = {"FIELDKIT_PASSWORD": ADMIN_PASSWORD, "FIELDKIT_NEW_PASSWORD": "sandi-siti-12"}
    assert (
        cli("officer", "add", "siti", "--role", "ketua_tim", "--name", "Siti", env=env).returncode
        == 0
    )
    as_siti = {"FIELDKIT_OFFICER": "siti", "FIELDKIT_PASSWORD": "sandi-siti-12"}
    forbidden = cli("officer", "disable", ADMIN, env=as_siti)
    assert forbidden.returncode == 1
    assert "Your role (ketua_tim) may not do this; it needs: admin." in forbidden.stderr
    assert cli("officer", "disable", "siti", "--officer", ADMIN, env=env).returncode == 0
    gone = cli("officer", "list", env=as_siti)
    assert gone.returncode == 1
    assert "disabled" in gone.stderr
    listed = json.loads(cli("officer", "list", "--json", "--officer", ADMIN, env=env).stdout)
    assert {o["username"]: o["active"] for o in listed} == {ADMIN: True, "siti": False}


def test_store_info_needs_no_password(initialised: Path) -> None:
    done = cli("store", "info", "--json")
    assert done.returncode == 0
    info = json.loads(done.stdout)
    assert info["office_code"] == "3315"
    assert info["officers"] == 1


def test_uses_cheap_test_kdf_only_in_tests() -> None:
    # The CLI never takes TEST_KDF; guard against someone wiring it in.
    source = (Path(__file__).parents[3] / "fieldkit" / "cli" / "main.py").read_text()
    assert "TEST_KDF" not in source
    assert TEST_KDF.memory_kib < 64 * 1024


def test_an_error_prints_the_catalogues_english_and_its_hint(home: Path) -> None:
    """Errors carry a code only; the CLI prints the catalogue's English, and --json all three."""
    done = cli("officer", "list", "--json", env={"FIELDKIT_PASSWORD": ADMIN_PASSWORD})
    assert done.returncode == 1
    error = json.loads(done.stdout)["error"]
    assert error["code"] == "store_not_initialised"
    assert error["message"] == f"FieldKit is not set up in the data folder {home} yet."
    assert error["hint"].startswith("Create one with: fieldkit init")
    assert f"fieldkit: {error['message']}" in done.stderr
    assert error["hint"] in done.stderr


KETUA, KETUA_PASSWORD = "ketua1", "kata-sandi-ketua"


def _failed_attempts(home: Path) -> dict[str, int]:
    ring = keyring.load(home)
    return {
        name: slot.failed_attempts
        for name in (ADMIN, KETUA)
        if (slot := ring.slot_for(name)) is not None
    }


def test_officer_and_the_other_options_work_before_the_command_too(
    home: Path, tmp_path: Path
) -> None:
    """Issue 24, finding 2: ``fieldkit --officer NAME CMD`` lost NAME.

    The login went to the last officer, who took the wrong password's count. The
    option is now honoured on either side of the command, like --json and --home; a
    refusal before the login counts against nobody.
    """
    with init_workspace(home) as ws:  # the admin is the last officer
        Accounts(ws).add_officer(KETUA, "Budi", Role.KETUA_TIM, KETUA_PASSWORD, kdf=TEST_KDF)
    wrong = {"FIELDKIT_PASSWORD": "bukan-sandinya"}

    done = cli("--officer", KETUA, "audit", "verify", env=wrong)
    assert done.returncode == 1
    assert "Wrong password" in done.stderr
    assert _failed_attempts(home) == {ADMIN: 0, KETUA: 1}

    for refused, says in (
        (("--officer", ADMIN, "audit", "verify", "--officer", KETUA), "given twice"),
        (("--officer", "", "audit", "verify"), "--officer is empty"),
        (("audit", "verify", "--officer", " "), "--officer is empty"),
        (("audit", "--officer", KETUA, "verify"), "fieldkit audit: error"),
    ):
        done = cli(*refused, env=wrong)
        assert done.returncode == 1, refused
        assert says in done.stderr, (refused, done.stderr)
        assert _failed_attempts(home) == {ADMIN: 0, KETUA: 1}, refused

    elsewhere = {"FIELDKIT_HOME": str(tmp_path / "elsewhere"), "FIELDKIT_PASSWORD": KETUA_PASSWORD}
    done = cli("--officer", KETUA, "--json", "--home", str(home), "audit", "verify", env=elsewhere)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["ok"] is True
    assert keyring.load(home).last_officer == KETUA
    assert _failed_attempts(home) == {ADMIN: 0, KETUA: 0}
    same = cli(
        "--officer",
        KETUA,
        "audit",
        "verify",
        "--officer",
        KETUA,
        env=elsewhere | {"FIELDKIT_HOME": str(home)},
    )
    assert same.returncode == 0, same.stderr


@pytest.mark.parametrize(
    ("program", "args"),
    [
        ("fieldkit", ("nik", "check", "3315014708950003", "--json")),
        ("fieldkit", ("audit", "list", "--limit", "500", "--json")),
        ("fieldkit", ("sync", "status", "--json")),
        ("fieldkit-datacenter", ("openapi",)),
    ],
    ids=["nik-check", "audit-list", "sync-status", "datacenter-openapi"],
)
def test_a_closed_output_pipe_ends_the_command_quietly(
    home: Path, program: str, args: tuple[str, ...]
) -> None:
    """Issue 24, finding 3: ``fieldkit ... --json | head -3`` printed a BrokenPipeError."""
    init_workspace(home).close()
    done = cli_into_a_closed_pipe(program, *args, env={"FIELDKIT_PASSWORD": ADMIN_PASSWORD})
    assert done.returncode == 1
    assert done.stderr == ""  # no traceback, no "Exception ignored", no "internal error"
    logged = "".join(p.read_text() for p in (home / "logs").glob("*.log*"))
    assert "Traceback" not in logged
    assert "internal error" not in logged


def _fieldkit_bytes(*args: bytes, env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    """The installed ``fieldkit`` with raw bytes for arguments, as a Latin-1 terminal sends."""
    program = os.fsencode(Path(sys.executable).with_name("fieldkit"))
    return subprocess.run(
        [program, *args],
        capture_output=True,
        env={**os.environ, **IN_ENGLISH, **env},
        stdin=subprocess.DEVNULL,
        timeout=120,
        check=False,
    )


@pytest.mark.skipif(sys.platform == "win32", reason="Windows passes arguments as Unicode")
def test_an_argument_that_is_not_utf8_is_named_not_an_internal_error(home: Path) -> None:
    """``--name`` with a Latin-1 byte reached the store, which could not encode it: "internal
    error" (exit 2).  It is the user's typing: named, by its option and position (exit 1)."""
    done = _fieldkit_bytes(
        *(b"init", b"--office-code", b"3315", b"--officer", b"admin", b"--name", b"Sit\xed"),
        env={"FIELDKIT_PASSWORD": ADMIN_PASSWORD},
    )
    assert done.returncode == 1, done.stderr
    said = done.stderr.decode("utf-8")
    assert said.startswith(
        "fieldkit: The value of --name (argument 7: Sit\\xed) is not UTF-8 text."
    ), said
    assert "internal error" not in said
    assert not (home / keyring.KEYRING_FILE).exists(), "nothing was made"

    done = _fieldkit_bytes(b"--json", b"nik", b"check", b"\xff", env={})
    assert done.returncode == 1
    error = json.loads(done.stdout)["error"]
    assert error["code"] == "cli_argument_not_utf8"
    assert error["message"].startswith("Argument 4 (\\xff) is not UTF-8 text.")
