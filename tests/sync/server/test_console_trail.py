"""Jejak konsol (``/audit/konsol``): the console's own audit, read and narrowed (issue 49 §3).

The rules in this process (each filter's refusal, the words of every action the data
center writes, found by reading its source), then the real service over HTTPS (SQLite
and PostgreSQL): an administrator reads who logged in and who changed what, narrows it
by account, kind and day; an operator is refused; two readers at the same moment both
get the page.
"""

from __future__ import annotations

import ast
import contextlib
import datetime as dt
import functools
import html
import re
from pathlib import Path
from typing import TYPE_CHECKING

from sync.server.accounts.trail import REFUSAL_ACTIONS
from sync.server.console import trail
from sync.server.console.pages import words
from sync.server.console.trail import ACTIONS, action_words, parse_trail_filter
from tests.atonce import at_once
from tests.sync.server.consolesupport import foreign, log_in, started, visible_text
from tests.sync.server.dcsupport import DataCenterProcess, Laptop, dc_cli, new_code

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    import httpx

OK, REDIRECT, FORBIDDEN = 200, 303, 403
SYNC = Path(__file__).resolve().parents[3] / "sync"
#: Calls that write an audit line, and the position of their action among their arguments.
_ACTION_AT = {"_audit": 2, "_audited": 2, "_code_action": 1}
CONTEXTS = {"console", "console_trail"}


def _constants(tree: ast.Module) -> dict[str, str]:
    """The module's ``NAME = "text"`` assignments: an action is often one."""
    return {
        node.targets[0].id: node.value.value
        for node in tree.body
        if isinstance(node, ast.Assign)
        and len(node.targets) == 1
        and isinstance(node.targets[0], ast.Name)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    }


def _call_actions(call: ast.Call, constants: dict[str, str]) -> set[str]:
    """The actions one call writes, if it is a call that writes one."""

    def text(node: ast.expr) -> str | None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        return constants.get(node.id) if isinstance(node, ast.Name) else None

    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    args = list(call.args)
    if name == "run_in_threadpool" and args and getattr(args[0], "id", "") == "_audit":
        name, args = "_audit", [ast.Constant(None), *args[1:]]  # (_audit, store, actor, ACTION)
    found = set()
    if "audit" in name or name in _ACTION_AT or name == "with_office":
        found = {text(k.value) for k in call.keywords if k.arg in {"action", "audit"}}
    if name in _ACTION_AT and len(args) > _ACTION_AT[name]:
        found.add(text(args[_ACTION_AT[name]]))
    return {action for action in found if action}


def _actions_written() -> set[str]:
    """Every action the data center's source writes to ``console_audit``.

    Read from the calls that write one: ``write_audit(..., action=...)``, the ``audit=``
    of ``audited_office`` and the CLI, the action argument of the screens' own helpers,
    a module constant resolved to its text.
    """
    found: set[str] = set()
    for path in SYNC.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants = _constants(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                found |= _call_actions(node, constants)
    return found


def test_every_action_the_data_center_writes_has_its_words() -> None:
    written = _actions_written()
    assert {"login", "laptop_named", "holidays_imported", "backup_made"} <= written, written
    assert sorted(written - set(ACTIONS)) == []
    assert set(REFUSAL_ACTIONS) <= set(ACTIONS)


def test_actions_are_said_in_words_a_refused_change_names_it_an_unknown_one_is_data() -> None:
    t = words("id")
    assert action_words("laptop_named", t) == "laptop diberi nama"
    assert action_words("rules_set_refused", t) == "ditolak: aturan diubah"
    assert action_words("made_by_a_newer_version", t) == "made_by_a_newer_version"
    assert action_words("x\x1b[2J", t) == "x\\x1b[2J"
    assert trail.kind_of("rules_set_refused") == "ditolak"


def test_each_filter_that_is_not_one_is_said_and_left_out() -> None:
    chosen = parse_trail_filter(
        {"akun": "budi", "jenis": "semuanya", "dari": "31-02-2026", "sampai": "01-11-2026"}
    )
    assert (chosen.account, chosen.kind, chosen.date_from) == ("budi", None, None)
    assert chosen.date_to == dt.date(2026, 11, 1)
    assert chosen.errors == {
        "jenis": "console_trail.kind_unknown",
        "dari": "console_trail.date_invalid",
    }
    reversed_days = parse_trail_filter({"dari": "02-11-2026", "sampai": "01-11-2026"})
    assert reversed_days.errors == {"sampai": "console_trail.dates_reversed"}
    assert reversed_days.date_to is None
    assert parse_trail_filter({"hal": "99999999999"}).page == 1
    assert chosen.query(2) == "akun=budi&sampai=01-11-2026&hal=2"


@contextlib.contextmanager
def _logged_in(server: DataCenterProcess, name: str) -> Iterator[httpx.Client]:
    with server.client() as client:
        assert log_in(client, name).status_code == REDIRECT
        yield client


def _cells(page: str) -> list[list[str]]:
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0] if "<tbody>" in page else ""
    return [visible_text(row) for row in re.findall(r"<tr.*?</tr>", body, re.DOTALL)]


def test_an_admin_reads_who_did_what_narrowed_by_account_kind_and_day(
    start_datacenter: Callable[..., DataCenterProcess],
) -> None:
    server = started(start_datacenter, siti="admin", budi="operator")
    with server.client() as api:
        laptop = Laptop(api)
        laptop.enroll(new_code(server))
    named = dc_cli(server, "laptops", "name", laptop.device_id, "--name", "Laptop Tim 1")
    assert named.returncode == 0, named.stderr
    with server.client() as stranger:
        assert log_in(stranger, "budi", "salah-sekali").status_code == 401
    with _logged_in(server, "budi") as budi:
        assert budi.get(trail.PATH).status_code == FORBIDDEN
        assert "/audit/konsol" not in budi.get("/audit").text
    with _logged_in(server, "siti") as siti:
        assert 'href="/audit/konsol"' in siti.get("/audit").text
        everything = siti.get(trail.PATH)
        assert everything.status_code == OK
        rows = _cells(everything.text)
        assert rows[0][1:3] == ["siti", "masuk"]
        said = {(row[1], row[2]) for row in rows}
        assert {("budi", "kata sandi salah"), ("budi", "masuk"), ("siti", "masuk")} <= said
        assert any(row[2] == "laptop diberi nama" and row[1].startswith("cli:") for row in rows)
        data = {cell for row in rows for cell in (row[0], row[1], row[3], *row[4:])}
        assert foreign(visible_text(everything.text), "id", CONTEXTS, data, strip=" :·()-,") == []

        budi_only = _cells(siti.get(trail.PATH, params={"akun": "budi"}).text)
        assert budi_only
        assert {row[1] for row in budi_only} == {"budi"}
        laptops_only = _cells(siti.get(trail.PATH, params={"jenis": "laptop"}).text)
        assert [row[2] for row in laptops_only] == ["laptop diberi nama"]
        today = dt.datetime.now(dt.UTC).astimezone().date()
        tomorrow = (today + dt.timedelta(days=1)).strftime("%d-%m-%Y")
        assert "Tidak ada jejak yang cocok." in siti.get(trail.PATH, params={"dari": tomorrow}).text
        refused = siti.get(trail.PATH, params={"dari": "kemarin", "jenis": "laptop"})
        assert refused.status_code == OK
        page = html.unescape(refused.text)
        assert "Itu bukan tanggal: tulis seperti 26-11-2026." in page
        assert [row[2] for row in _cells(refused.text)] == ["laptop diberi nama"], "the rest holds"

        # Two readers at the same moment: both get the whole page.
        answers = at_once([functools.partial(siti.get, trail.PATH)] * 2)
        assert [a.status_code for a in answers] == [OK, OK]
        assert _cells(answers[0].text)[1:] == _cells(answers[1].text)[1:]
