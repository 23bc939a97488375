"""The office's entry for a laptop's own admin: not applied, reported, shown (issue 46, hole 3).

``fieldkit-datacenter officers add admin --role petugas``, then a real laptop's real push:
the signed, sealed package is applied except that entry, the laptop's admin stays its
admin, and the laptop's health report (sent again after the package, signed; and on a
stick, signed with the device key) carries the conflict, which ``laptops list``, the
console's Laptop page and Beranda show in Indonesian.
"""

from __future__ import annotations

import contextlib
import json
from typing import TYPE_CHECKING, Any

import httpx

from fieldkit.office.apply import OfficerConflict
from fieldkit.office.newcomers import pending_officers
from fieldkit.officers import Role
from fieldkit.workspace import Workspace
from sync.client.usb import export_records
from sync.server.office.steering import Office
from sync.server.store.database import SqlStore
from tests.support import ADMIN, ADMIN_PASSWORD, OFFICE, init_workspace
from tests.sync.client.syncsupport import client as sync_client
from tests.sync.client.syncsupport import enroll
from tests.sync.server.consolesupport import add_account, log_in
from tests.sync.server.dcsupport import DataCenterProcess, dc_cli

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

REDIRECT = 303
SHOWN = (
    "petugas dari kantor tidak diterapkan: admin adalah akun milik laptop ini sendiri "
    "(peran, status dan kata sandinya tetap milik laptop)"
)
CONFLICT = {"username": ADMIN, "reason": "laptop_own"}


def _cli(server: DataCenterProcess, *args: str) -> Any:
    done = dc_cli(server, *args, "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@contextlib.contextmanager
def _logged_in(server: DataCenterProcess, name: str) -> Iterator[httpx.Client]:
    with server.client() as client:
        assert log_in(client, name).status_code == REDIRECT
        yield client


def _stored_health(server: DataCenterProcess, device_id: str) -> dict[str, Any]:
    store = SqlStore(server.database_url)
    try:
        return Office(store).health()[device_id]
    finally:
        store.close()


def test_the_office_s_admin_entry_is_refused_on_the_laptop_and_shown_in_the_console(
    tmp_path: Path,
) -> None:
    server = DataCenterProcess(tmp_path / "dc", tmp_path / "dc.log")
    server.start()
    try:
        assert add_account(server, "siti", "operator").returncode == 0
        _cli(server, "office", "set", OFFICE, "--name", "Disdukcapil Uji")
        _cli(server, "officers", "add", ADMIN, "--role", "petugas", "--name", "Admin Kantor")
        _cli(server, "officers", "add", "sari", "--role", "petugas", "--name", "Sari Wulandari")
        version = _cli(server, "office", "show")["version"]
        home = tmp_path / "home"
        with init_workspace(home) as ws:
            device_id = enroll(ws, server)
            summary = sync_client(ws).push()
            assert summary.error is None, summary.as_json()
            assert summary.office is not None
            applied = summary.office.applied
            assert applied is not None, summary.office.as_json()
            assert applied.version == version
            assert applied.conflicts == (OfficerConflict(ADMIN, "laptop_own"),)
            assert [o.username for o in pending_officers(ws)] == ["sari"]  # the rest applied
        with Workspace.login(home, ADMIN, ADMIN_PASSWORD) as ws:
            assert ws.officer.role is Role.ADMIN
            assert ws.officer.active

        # The same push reported it again after the package: the office knows now.
        [row] = [r for r in _cli(server, "laptops", "list") if r["device_id"] == device_id]
        assert row["officer_conflicts"] == [CONFLICT]
        assert "officer_conflicts" in row["flags"]
        assert row["package_version"] == version
        text = dc_cli(server, "laptops", "list").stdout
        assert "officer:admin:laptop_own" in text
        with _logged_in(server, "siti") as console:
            laptops = console.get("/laptop")
            assert laptops.status_code == 200
            assert SHOWN in laptops.text
            assert SHOWN in console.get("/").text  # Beranda: a laptop that needs a look

        # On a stick the signed health.json carries it too, and the import keeps it.
        with Workspace.login(home, ADMIN, ADMIN_PASSWORD) as ws:
            exported = export_records(ws, tmp_path / "stick")
        health = json.loads((exported.path / "health.json").read_bytes())
        assert health["officer_conflicts"] == [CONFLICT]
        assert (exported.path / "health.sig").is_file()
        done = dc_cli(server, "import", str(tmp_path / "stick"))
        assert done.returncode == 0, done.stderr
        kept = _stored_health(server, device_id)
        assert (kept["via"], kept["officer_conflicts"]) == ("usb", [CONFLICT])
    finally:
        server.stop()
