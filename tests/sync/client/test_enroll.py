"""Enrolling a laptop pins the data center's CA and installs its keys; a wrong CA pins nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fieldkit import audit
from fieldkit.accounts import Accounts
from fieldkit.errors import AuthError, AuthReason
from fieldkit.officers import Role
from fieldkit.records import outbox
from fieldkit.store.keyring import TEST_KDF
from fieldkit.workspace import Workspace
from sync.bundle import group_fingerprint
from sync.client import config
from sync.client.enroll import enroll_laptop, normalise_fingerprint
from sync.client.errors import SyncError, SyncReason
from sync.protocol import verify_key_set
from tests.support import cli
from tests.sync.client.syncsupport import FixedPortDataCenter, cli_env, enroll, free_port
from tests.sync.server.dcsupport import dc_cli, new_code


def test_enroll_with_the_right_fingerprint_pins_ca_and_installs_keys(
    workspace: Workspace, server: FixedPortDataCenter
) -> None:
    assert config.data_center_link(workspace) == config.DataCenterLink(url=None, enrolled=False)
    result = enroll_laptop(
        workspace, server.url, new_code(server.data), ca_fingerprint_expected=server.fingerprint
    )
    assert result.ca_fingerprint == server.fingerprint
    assert config.data_center_link(workspace) == config.DataCenterLink(server.url, enrolled=True)
    with workspace.transaction() as session:
        settings = config.load(session)
        assert settings is not None
        assert settings.device_id == result.device_id
        assert settings.ca_pem == (server.data / "keys" / "ca.pem").read_text()
        verify_key_set(settings.key_set, settings.ca_pem)
        assert outbox.datacenter_enrolled(session)
        assert outbox.active_datacenter_key(session).kid == settings.key_set.active_kid
        actions = [e.action for e in audit.recent(session, 5)]
    assert "sync.enrolled" in actions
    devices = json.loads(dc_cli(server.data, "devices", "list", "--json").stdout)
    assert [d["device_id"] for d in devices] == [result.device_id]


def test_fingerprint_is_accepted_as_people_copy_it(server: FixedPortDataCenter) -> None:
    spaced = ":".join(server.fingerprint[i : i + 2] for i in range(0, 64, 2)).upper()
    assert normalise_fingerprint(spaced) == server.fingerprint


def test_enroll_without_fingerprint_is_refused_and_sends_nothing(
    workspace: Workspace, server: FixedPortDataCenter
) -> None:
    """Observation 2: no fingerprint used to mean "trust whatever answers"."""
    code = new_code(server.data)
    with pytest.raises(SyncError) as caught:
        enroll_laptop(workspace, server.url, code, ca_fingerprint_expected=None)
    assert caught.value.reason is SyncReason.FINGERPRINT_REQUIRED
    assert "--bundle" in (caught.value.hint or "")
    assert _devices(server) == []
    with workspace.transaction() as session:
        assert config.load(session) is None
    # The code was never sent, so it still enrolls.
    enroll_laptop(workspace, server.url, code, ca_fingerprint_expected=server.fingerprint)


def test_wrong_fingerprint_is_refused_before_the_code_is_sent_and_the_code_works_after(
    workspace: Workspace, server: FixedPortDataCenter
) -> None:
    """Observation 1: one typo used to burn the code and show the right fingerprint."""
    code = new_code(server.data)
    typo = ("0" if server.fingerprint[0] != "0" else "1") + server.fingerprint[1:]
    with pytest.raises(SyncError) as caught:
        enroll_laptop(workspace, server.url, code, ca_fingerprint_expected=typo)
    error = caught.value
    assert error.reason is SyncReason.FINGERPRINT_MISMATCH
    shown = json.dumps(error.as_dict())
    assert server.fingerprint not in shown
    assert group_fingerprint(server.fingerprint)[5:] not in shown
    assert "code is still valid" in (error.hint or "")
    assert _devices(server) == []  # nothing reached the data center
    with workspace.transaction() as session:
        assert config.load(session) is None
        assert not outbox.datacenter_enrolled(session)
    result = enroll_laptop(workspace, server.url, code, ca_fingerprint_expected=server.fingerprint)
    assert [d["device_id"] for d in _devices(server)] == [result.device_id]


def test_a_server_with_another_ca_never_receives_the_code(
    workspace: Workspace, server: FixedPortDataCenter, tmp_path: Path
) -> None:
    """A man in the middle (another CA on the address) gets no code and no pinned CA."""
    impostor = FixedPortDataCenter(tmp_path / "impostor", tmp_path / "impostor.log", free_port())
    impostor.start()
    try:
        code = new_code(impostor.data)
        with pytest.raises(SyncError) as caught:
            enroll_laptop(workspace, impostor.url, code, ca_fingerprint_expected=server.fingerprint)
        assert caught.value.reason is SyncReason.FINGERPRINT_MISMATCH
        assert impostor.fingerprint not in json.dumps(caught.value.as_dict())
        assert _devices(impostor) == []
    finally:
        impostor.stop()
    with workspace.transaction() as session:
        assert config.load(session) is None


@pytest.mark.parametrize(
    ("url", "fingerprint", "reason"),
    [
        ("http://127.0.0.1:1", None, SyncReason.INVALID_URL),
        ("https://127.0.0.1:1/v1", None, SyncReason.INVALID_URL),
        ("https://127.0.0.1:1", "not-hex", SyncReason.INVALID_FINGERPRINT),
    ],
)
def test_bad_input_is_refused_before_any_network(
    workspace: Workspace, url: str, fingerprint: str | None, reason: SyncReason
) -> None:
    with pytest.raises(SyncError) as caught:
        enroll_laptop(workspace, url, "ABCD-EFGH-JKMN", ca_fingerprint_expected=fingerprint)
    assert caught.value.reason is reason


def test_unknown_code_is_the_servers_reason_not_a_network_error(
    workspace: Workspace, server: FixedPortDataCenter
) -> None:
    with pytest.raises(SyncError) as caught:
        enroll_laptop(
            workspace, server.url, "ABCD-EFGH-JKMN", ca_fingerprint_expected=server.fingerprint
        )
    assert caught.value.reason is SyncReason.REFUSED
    assert caught.value.server_reason == "code_unknown"
    assert caught.value.status == 403


def test_enrolling_twice_is_refused_while_the_first_enrollment_stands(
    workspace: Workspace, server: FixedPortDataCenter
) -> None:
    enroll(workspace, server)
    code = new_code(server.data)
    with pytest.raises(SyncError) as caught:
        enroll_laptop(workspace, server.url, code, ca_fingerprint_expected=server.fingerprint)
    assert caught.value.reason is SyncReason.ALREADY_ENROLLED
    assert len(_devices(server)) == 1


def test_cli_enroll_json(workspace: Workspace, home: Path, server: FixedPortDataCenter) -> None:
    workspace.close()
    code = new_code(server.data)
    done = cli(
        "sync",
        "enroll",
        server.url,
        code,
        "--ca-fingerprint",
        server.fingerprint,
        "--json",
        env=cli_env(home),
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["ca_fingerprint"] == server.fingerprint
    assert data["stranded"] == []


def test_cli_wrong_fingerprint_exits_1_hides_the_presented_one_and_the_same_code_works(
    workspace: Workspace, home: Path, server: FixedPortDataCenter
) -> None:
    workspace.close()
    code = new_code(server.data)
    args = ("sync", "enroll", server.url, code, "--json", "--ca-fingerprint")
    done = cli(*args, "00" * 32, env=cli_env(home))
    assert done.returncode == 1
    assert json.loads(done.stdout)["error"]["reason"] == "fingerprint_mismatch"
    assert "fingerprint" in done.stderr
    assert server.fingerprint not in done.stdout + done.stderr
    assert _devices(server) == []
    again = cli(*args, group_fingerprint(server.fingerprint), env=cli_env(home))
    assert again.returncode == 0, again.stdout + again.stderr
    assert json.loads(again.stdout)["ca_fingerprint"] == server.fingerprint


def test_cli_enroll_without_fingerprint_or_bundle_exits_1_and_says_where_to_find_it(
    workspace: Workspace, home: Path, server: FixedPortDataCenter
) -> None:
    workspace.close()
    done = cli("sync", "enroll", server.url, new_code(server.data), env=cli_env(home))
    assert done.returncode == 1
    assert "fieldkit-datacenter serve" in done.stderr
    assert "--bundle" in done.stderr
    assert server.fingerprint not in done.stdout + done.stderr
    assert _devices(server) == []


def _devices(server: FixedPortDataCenter) -> list[dict[str, object]]:
    done = dc_cli(server.data, "devices", "list", "--json")
    assert done.returncode == 0, done.stderr
    rows: list[dict[str, object]] = json.loads(done.stdout)
    return rows


@pytest.mark.parametrize(
    ("role", "may"),
    [(Role.PETUGAS, False), (Role.KETUA_TIM, False), (Role.OPERATOR, True), (Role.ADMIN, True)],
)
def test_only_the_office_enrolls_the_laptop_and_so_sets_its_keys(
    workspace: Workspace, server: FixedPortDataCenter, role: Role, may: bool
) -> None:
    """Enrolling pins a CA and the receipt key, and may replace the device key (issue 24)."""
    Accounts(workspace).add_officer("uji", "Uji Peran", role, "kata-sandi-uji-99", kdf=TEST_KDF)
    code = new_code(server.data)
    with Workspace.login(workspace.directory, "uji", "kata-sandi-uji-99") as ws:
        if may:
            done = enroll_laptop(ws, server.url, code, ca_fingerprint_expected=server.fingerprint)
            with ws.transaction() as session:
                assert config.load(session) is not None
                events = [(e.actor, e.action) for e in audit.recent(session, 5)]
            assert ("uji", "sync.enrolled") in events, done
            return
        with pytest.raises(AuthError) as refused:
            enroll_laptop(ws, server.url, code, ca_fingerprint_expected=server.fingerprint)
        assert refused.value.reason is AuthReason.FORBIDDEN
        with ws.transaction() as session:
            assert config.load(session) is None, "nothing pinned"
    # The code was never sent: the office can still use it for this laptop.
    enroll_laptop(workspace, server.url, code, ca_fingerprint_expected=server.fingerprint)
