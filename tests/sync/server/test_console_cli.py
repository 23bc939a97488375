"""``fieldkit-datacenter users``: the console's accounts from the data center's shell.

The real command in a subprocess, as the office runs it: the password from
``FIELDKIT_DATACENTER_NEW_PASSWORD`` (or typed twice), a refusal exits 2 with one
``error:`` line and changes nothing, ``--json`` for scripts, every change audited.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest

from fieldkit.errors import InvalidInput
from sync.server.accounts.book import Accounts
from sync.server.console import cli as console_cli
from sync.server.store.database import SqlStore, sqlite_url
from tests.sync.server.consolesupport import PASSWORD, add_account
from tests.sync.server.dcsupport import dc_cli

if TYPE_CHECKING:
    from pathlib import Path


def _users(data: Path) -> list[dict[str, object]]:
    done = dc_cli(data, "users", "list", "--json")
    assert done.returncode == 0, done.stderr
    rows: list[dict[str, object]] = json.loads(done.stdout)
    return rows


def _refusal(done: object) -> str:
    assert getattr(done, "returncode", None) == 2
    lines = [
        line for line in str(getattr(done, "stderr", "")).splitlines() if line.startswith("error:")
    ]
    assert len(lines) == 1, done
    return lines[0]


def test_add_list_disable_and_a_new_password(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "dc"
    done = dc_cli(data, "users", "list")
    assert done.returncode == 0
    assert "No console accounts yet" in done.stdout

    done = add_account(data, "siti", "admin")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"name": "siti", "role": "admin", "state": "active"}
    done = add_account(data, "budi", "operator")
    assert done.returncode == 0, done.stderr
    assert PASSWORD not in done.stdout + done.stderr

    rows = _users(data)
    assert [(r["name"], r["role"], r["state"]) for r in rows] == [
        ("budi", "operator", "active"),
        ("siti", "admin", "active"),
    ]
    assert "password_hash" not in rows[0]
    text = dc_cli(data, "users", "list").stdout.splitlines()
    assert [line.split()[:3] for line in text] == [
        ["budi", "operator", "active"],
        ["siti", "admin", "active"],
    ]

    done = dc_cli(data, "users", "disable", "budi")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "Console account budi disabled; its sessions have ended."
    assert [r["state"] for r in _users(data)] == ["disabled", "active"]

    store = SqlStore(sqlite_url(data))
    try:
        for _ in range(5):
            Accounts(store).login("siti", "wrong-password")
        (locked,) = [r for r in _users(data) if r["name"] == "siti"]
        assert locked["locked_until"] is not None
        assert "locked until" in dc_cli(data, "users", "list").stdout

        new = "kata-sandi-yang-baru-2026"
        done = dc_cli(data, "users", "passwd", "siti")
        assert "No password was given" in _refusal(done), "no variable, nothing typed"
        monkeypatch.setenv(console_cli.PASSWORD_ENV, new)
        done = dc_cli(data, "users", "passwd", "siti")
        monkeypatch.delenv(console_cli.PASSWORD_ENV)
        assert done.returncode == 0, done.stderr
        assert Accounts(store).login("siti", new)[0].value == "ok", "unlocked, new password"
        trail = [(e["actor"], e["action"], e["account"]) for e in Accounts(store).audit()]
    finally:
        store.close()
    assert ("cli:", "password_changed", "siti") in [(a[:4], b, c) for a, b, c in trail]
    assert ("cli:", "account_disabled", "budi") in [(a[:4], b, c) for a, b, c in trail]
    assert [(a[:4], b, c) for a, b, c in trail].count(("cli:", "account_added", "siti")) == 1


def test_refusals_exit_2_with_one_line_and_change_nothing(tmp_path: Path) -> None:
    data = tmp_path / "dc"
    assert add_account(data, "siti").returncode == 0
    line = _refusal(add_account(data, "rina", "admin", "sebelas-kar"))
    assert "at least 12 characters" in line
    assert "already exists" in _refusal(add_account(data, "siti"))
    assert "There is no console account nobody" in _refusal(
        dc_cli(data, "users", "disable", "nobody")
    )
    assert "There is no console account nobody" in _refusal(
        dc_cli(data, "users", "passwd", "nobody")
    )
    done = dc_cli(data, "users", "add", "rina", "--role", "root")
    assert done.returncode != 0
    assert "invalid choice" in done.stderr
    assert [r["name"] for r in _users(data)] == ["siti"]
    # The shell too keeps an administrator for the console: siti is its last.
    assert "siti is the last active administrator" in _refusal(
        dc_cli(data, "users", "disable", "siti")
    )
    assert [r["state"] for r in _users(data)] == ["active"]


def test_the_prompt_asks_twice_and_the_two_must_match(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(console_cli.PASSWORD_ENV, raising=False)
    typed = iter(["kata-sandi-panjang-1", "kata-sandi-panjang-2"])
    monkeypatch.setattr(console_cli.getpass, "getpass", lambda _prompt: next(typed))
    with pytest.raises(InvalidInput) as refused:
        console_cli.new_password("siti")
    assert refused.value.code == "console_passwords_differ"
    prompts: list[str] = []

    def answer(prompt: str) -> str:
        prompts.append(prompt)
        return "kata-sandi-panjang-1"

    monkeypatch.setattr(console_cli.getpass, "getpass", answer)
    assert console_cli.new_password("siti") == "kata-sandi-panjang-1"
    assert prompts == ["New password for siti: ", "The same password again: "]
    monkeypatch.setenv(console_cli.PASSWORD_ENV, "dari-variabel-lingkungan")
    assert console_cli.new_password("siti") == "dari-variabel-lingkungan"
