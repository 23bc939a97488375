"""The command-line contract of field enrollment, run as a script would run it."""

from __future__ import annotations

import json
from pathlib import Path

from fieldkit.records import outbox
from fieldkit.workspace import Workspace
from tests.support import ADMIN, ADMIN_PASSWORD, cli, init_workspace

ENV = {"FIELDKIT_PASSWORD": ADMIN_PASSWORD, "FIELDKIT_OFFICER": ADMIN}


def test_visit_new_prints_its_id_and_refuses_an_unknown_desa(home: Path) -> None:
    init_workspace(home).close()
    done = cli(
        "visit",
        "new",
        "--desa",
        "3315012001",
        "--date",
        "2026-12-01",
        "--place",
        "rumah",
        "--gps=-7.1,110.9",
        "--json",
        env=ENV,
    )
    assert done.returncode == 0, done.stderr
    visit_id = json.loads(done.stdout)["visit_id"]
    assert len(visit_id) == 36
    bad = cli(
        "visit",
        "new",
        "--desa",
        "9915012001",
        "--date",
        "2026-12-01",
        "--place",
        "rumah",
        "--json",
        env=ENV,
    )
    assert bad.returncode == 1
    assert "991501 is not in the Kemendagri table" in json.loads(bad.stdout)["error"]["message"]
    gps = cli(
        "visit",
        "new",
        "--desa",
        "3315012001",
        "--date",
        "2026-12-01",
        "--place",
        "panti",
        "--gps",
        "7.1,110.9",
        env=ENV,
    )
    assert gps.returncode == 1
    assert "outside Indonesia" in gps.stderr
    closed = cli("visit", "close", "--visit", visit_id, env=ENV)
    assert closed.returncode == 0, closed.stderr


def test_demo_enroll_then_list_and_verify_the_records(home: Path) -> None:
    init_workspace(home).close()
    refused = cli("demo", "enroll", "--count", "1", env=ENV)
    assert refused.returncode == 1
    assert "--sim" in refused.stderr
    done = cli("demo", "enroll", "--count", "2", "--sim", "--json", env=ENV)
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [line["seq"] for line in lines] == [1, 2]
    assert all(line["demo"] is True for line in lines)

    listed = cli("records", "list", "--json", env=ENV)
    records = json.loads(listed.stdout)
    assert [(r["record_id"], r["seq"], r["sha256"], r["state"], r["demo"]) for r in records] == [
        (line["record_id"], line["seq"], line["sha256"], "SEALED", True) for line in lines
    ]
    text = cli("records", "list", env=ENV)
    assert "WARNING" in text.stdout
    assert "DEMO data center key" in text.stdout

    verified = cli("records", "verify", "--json", env=ENV)
    assert verified.returncode == 0
    assert json.loads(verified.stdout) == {"ok": True, "records": 2, "problems": []}

    with Workspace.login(home, ADMIN, ADMIN_PASSWORD) as ws, ws.transaction() as session:
        path = outbox.envelope_path(session, lines[1]["record_id"])
    damaged = bytearray(path.read_bytes())
    damaged[100] ^= 1
    path.write_bytes(bytes(damaged))
    broken = cli("records", "verify", "--json", env=ENV)
    assert broken.returncode == 1
    [problem] = json.loads(broken.stdout)["problems"]
    assert problem["record_id"] == lines[1]["record_id"]


def test_enrollment_status_shows_the_freeze(home: Path) -> None:
    init_workspace(home).close()
    with Workspace.login(home, ADMIN, ADMIN_PASSWORD) as ws, ws.transaction() as session:
        from fieldkit.store.models import Setting

        session.merge(Setting(key="sync.last_success_at", value="2020-01-01T00:00:00+00:00"))
    status = cli("enrollment", "status", "--json", env=ENV)
    assert status.returncode == 0
    data = json.loads(status.stdout)
    assert data["frozen"] is True
    assert data["demo_key"] is True
    started = cli(
        "visit",
        "new",
        "--desa",
        "3315012001",
        "--date",
        "2026-12-01",
        "--place",
        "rumah",
        "--json",
        env=ENV,
    )
    visit_id = json.loads(started.stdout)["visit_id"]
    frozen = cli("demo", "enroll", "--sim", "--visit", visit_id, "--json", env=ENV)
    assert frozen.returncode == 1
    assert json.loads(frozen.stdout)["error"]["code"] == "enrollment_frozen"
    unknown = cli("visit", "close", "--visit", "ffff0000", env=ENV)
    assert unknown.returncode == 1
    assert "No visit" in unknown.stderr


def test_enrollment_rules_are_shown_and_set_by_an_admin(home: Path) -> None:
    init_workspace(home).close()
    shown = cli("enrollment", "rules", "--json", env=ENV)
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["thresholds"]["face"] == 50.0
    changed = cli(
        "enrollment", "rules", "--threshold", "face=60", "--freeze-days", "5", "--json", env=ENV
    )
    assert changed.returncode == 0, changed.stderr
    data = json.loads(changed.stdout)
    assert (data["thresholds"]["face"], data["freeze_days"]) == (60.0, 5)
    # A value out of range and an unknown modality: clear words, nothing changed.
    too_high = cli("enrollment", "rules", "--threshold", "face=300", env=ENV)
    assert too_high.returncode == 1
    assert "between 0 and 100" in too_high.stderr
    unknown = cli("enrollment", "rules", "--threshold", "nose=3", env=ENV)
    assert unknown.returncode == 1
    assert "face, finger, iris, signature" in unknown.stderr
    again = json.loads(cli("enrollment", "rules", "--json", env=ENV).stdout)
    assert again["thresholds"]["face"] == 60.0
