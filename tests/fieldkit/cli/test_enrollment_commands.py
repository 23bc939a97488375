"""The command-line contract of field enrollment, run as a script would run it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import x25519

from fieldkit import audit
from fieldkit.delivery import flow
from fieldkit.records import outbox, server_states
from fieldkit.records import states as delivery
from fieldkit.sealing import DataCenterKey
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
    init_workspace(home, training=True).close()
    refused = cli("demo", "enroll", "--count", "1", env=ENV)
    assert refused.returncode == 1
    assert "--sim" in refused.stderr
    # One person and the training's planted duplicate: the same subject under a new NIK
    # (issue 48 part 4; two records either way, so no enrollment more than before).
    done = cli("demo", "enroll", "--count", "1", "--sim", "--plant-duplicate", "--json", env=ENV)
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [line["seq"] for line in lines] == [1, 2]
    assert all(line["demo"] is True for line in lines)
    assert lines[0]["subject"] == lines[1]["subject"]

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
    init_workspace(home, training=True).close()
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
    assert "There is no visit ffff0000 on this laptop." in unknown.stderr


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
    assert again["cosign_on_spot"] is False  # off by default (issue 35)
    on = json.loads(cli("enrollment", "rules", "--cosign-on-spot", "on", "--json", env=ENV).stdout)
    assert on["cosign_on_spot"] is True


def test_the_auto_capture_rule_is_shown_and_set_by_an_admin(home: Path) -> None:
    init_workspace(home).close()
    shown = json.loads(cli("enrollment", "rules", "--json", env=ENV).stdout)
    assert (shown["autocapture"], shown["autocapture_steady_s"]) == (True, 0.5)
    changed = cli(
        "enrollment", "rules", "--autocapture", "off", "--steady-s", "1,5", "--json", env=ENV
    )
    assert changed.returncode == 0, changed.stderr
    data = json.loads(changed.stdout)
    assert (data["autocapture"], data["autocapture_steady_s"]) == (False, 1.5)
    text = cli("enrollment", "rules", env=ENV).stdout
    assert "  autocapture: 0\n  autocapture_steady_s: 1.5" in text
    # Out of the range and not a number: clear words, nothing changed.
    too_long = cli("enrollment", "rules", "--autocapture", "on", "--steady-s", "9", env=ENV)
    assert too_long.returncode == 1
    assert "between 0.2 and 5 seconds" in too_long.stderr
    wrong = cli("enrollment", "rules", "--steady-s", "sebentar", env=ENV)
    assert wrong.returncode == 1
    assert "expected a number of seconds such as 0.5, not 'sebentar'" in wrong.stderr
    again = json.loads(cli("enrollment", "rules", "--json", env=ENV).stdout)
    assert (again["autocapture"], again["autocapture_steady_s"]) == (False, 1.5)
    with Workspace.login(home, ADMIN, ADMIN_PASSWORD) as ws, ws.transaction() as session:
        changes = [e for e in audit.recent(session) if e.action == "settings.rules_changed"]
        assert [json.loads(e.details) for e in changes] == [
            {"autocapture": "1 -> 0", "autocapture_steady_s": "0.5 -> 1.5"}
        ]


def _enrolled_real_store(home: Path) -> None:
    """A real store whose laptop holds a data center's key, as ``sync enroll`` leaves it."""
    with init_workspace(home) as ws, ws.transaction() as session:
        public = x25519.X25519PrivateKey.generate().public_key().public_bytes_raw()
        outbox.install_datacenter_keys(session, [DataCenterKey("dc-test-1", public)], "dc-test-1")


def test_demo_enroll_on_a_real_store_that_is_not_enrolled_exits_1_and_stores_nothing(
    home: Path,
) -> None:
    """Observation 3: records sealed to the demo key before enrolling were lost."""
    init_workspace(home).close()
    done = cli("demo", "enroll", "--count", "2", "--sim", "--json", env=ENV)
    assert done.returncode == 1
    error = json.loads(done.stdout)["error"]
    assert error["code"] == "recording_needs_datacenter"
    assert "sync enroll" in error["hint"]
    listed = cli("records", "list", "--json", env=ENV)
    assert listed.returncode == 0, listed.stderr
    assert json.loads(listed.stdout) == []


def test_training_on_a_real_store_never_touches_a_real_visit_nor_a_report(home: Path) -> None:
    """Observation 5: ``demo enroll --visit`` put "Demo Sasaran" into a real visit's reports."""
    _enrolled_real_store(home)
    today = dt.datetime.now(dt.UTC).date().isoformat()  # the training visit's date too
    real = cli(
        "visit",
        "new",
        "--desa",
        "3315012001",
        "--date",
        today,
        "--place",
        "rumah",
        "--json",
        env=ENV,
    )
    real_visit = json.loads(real.stdout)["visit_id"]
    mixed = cli("demo", "enroll", "--sim", "--visit", real_visit, "--json", env=ENV)
    assert mixed.returncode == 1
    assert json.loads(mixed.stdout)["error"]["code"] == "training_mixes_with_real_work"
    assert json.loads(cli("records", "list", "--json", env=ENV).stdout) == []

    done = cli("demo", "enroll", "--count", "1", "--sim", "--json", env=ENV)
    assert done.returncode == 0, done.stderr
    [line] = [json.loads(text) for text in done.stdout.splitlines()]
    assert line["demo"] is True  # sealed to the demo key although a data center is enrolled
    with Workspace.login(home, ADMIN, ADMIN_PASSWORD) as ws, ws.transaction() as session:
        [row] = outbox.list_records(session)
        training_visit = row.visit_id
        assert training_visit != real_visit
        assert delivery.undelivered_count(session) == 0  # Beranda's "waiting" leaves training out
        # The demo followed the real rule: its visit's sarpras was done before recording.
        actions = [e.action for e in audit.recent(session, 200)]
    assert "sarpras.self_tested" in actions
    assert "sarpras.override_granted" in actions or "sarpras.signed" in actions

    recap = cli(
        "report", "rekap-harian", "--date", today, "--out", str(home / "r.pdf"), "--json", env=ENV
    )
    assert recap.returncode == 0, recap.stderr
    assert json.loads(recap.stdout)["visits"] == [real_visit]
    assert json.loads(recap.stdout)["counts"]["recorded"] == 0
    ba = cli(
        "report",
        "ba-perekaman",
        "--visit",
        str(training_visit),
        "--out",
        str(home / "b.pdf"),
        "--json",
        env=ENV,
    )
    assert ba.returncode == 1
    assert json.loads(ba.stdout)["error"]["code"] == "training_mixes_with_real_work"
    candidates = cli("referral", "list", "--candidates", "--json", env=ENV)
    assert json.loads(candidates.stdout) == {"candidates": []}


def test_records_list_gives_each_records_penunggalan_state(home: Path) -> None:
    """Issue 48: the states after penunggalan pass through ``records list --json`` as sent."""
    news = (
        server_states.PRINT_READY_RECORD,
        server_states.DUPLICATE_RECORD,
        server_states.ENROLL_FAILURE,
        server_states.DUPLICATE_CLOSED,
    )
    with init_workspace(home, training=True) as ws, ws.transaction() as session:
        for n, state in enumerate(news):
            outbox.seal_record(session, f"rec-{n}", b'{"person": "synthetic"}')
            info = outbox.record_info(session, f"rec-{n}")
            assert info is not None
            receipt = '{"state": "ACCEPTED", "signature": "c2lnbmVk"}'
            verdict = flow.Verdict(info, "ACCEPTED", receipt, None, "Foto buram", state)
            flow.apply_verdicts(session, [verdict], actor="admin", word=lambda *_: None)
    listed = cli("records", "list", "--json", env=ENV)
    assert listed.returncode == 0, listed.stderr
    assert [(r["record_id"], r["server_state"]) for r in json.loads(listed.stdout)] == [
        (f"rec-{n}", state) for n, state in enumerate(news)
    ]
