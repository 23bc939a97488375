"""Enrolling a laptop pins the data center's CA and installs its keys; a wrong CA pins nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fieldkit import audit
from fieldkit.records import outbox
from fieldkit.workspace import Workspace
from sync.client import config
from sync.client.enroll import enroll_laptop, normalise_fingerprint
from sync.client.errors import SyncError, SyncReason
from sync.protocol import verify_key_set
from tests.support import cli
from tests.sync.client.syncsupport import FixedPortDataCenter, cli_env
from tests.sync.server.dcsupport import dc_cli, new_code


def test_enroll_with_the_right_fingerprint_pins_ca_and_installs_keys(
    workspace: Workspace, server: FixedPortDataCenter
) -> None:
    result = enroll_laptop(
        workspace, server.url, new_code(server.data), ca_fingerprint_expected=server.fingerprint
    )
    assert not result.trusted_on_first_use
    assert result.ca_fingerprint == server.fingerprint
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


def test_enroll_without_fingerprint_trusts_on_first_use_and_says_so(
    workspace: Workspace, server: FixedPortDataCenter
) -> None:
    result = enroll_laptop(workspace, server.url, new_code(server.data))
    assert result.trusted_on_first_use
    assert result.ca_fingerprint == server.fingerprint


def test_wrong_fingerprint_is_refused_and_nothing_is_saved(
    workspace: Workspace, server: FixedPortDataCenter
) -> None:
    wrong = "ab" * 32
    with pytest.raises(SyncError) as caught:
        enroll_laptop(workspace, server.url, new_code(server.data), ca_fingerprint_expected=wrong)
    assert caught.value.reason is SyncReason.FINGERPRINT_MISMATCH
    assert server.fingerprint in caught.value.message
    assert "Nothing was saved" in caught.value.message
    assert "revoke" in (caught.value.hint or "")
    with workspace.transaction() as session:
        assert config.load(session) is None
        assert not outbox.datacenter_enrolled(session)


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
        enroll_laptop(workspace, server.url, "ABCD-EFGH-JKMN")
    assert caught.value.reason is SyncReason.REFUSED
    assert caught.value.server_reason == "code_unknown"
    assert caught.value.status == 403


def test_enrolling_twice_is_refused(workspace: Workspace, server: FixedPortDataCenter) -> None:
    enroll_laptop(workspace, server.url, new_code(server.data))
    with pytest.raises(SyncError) as caught:
        enroll_laptop(workspace, server.url, new_code(server.data))
    assert caught.value.reason is SyncReason.ALREADY_ENROLLED


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
    assert data["trusted_on_first_use"] is False


def test_cli_enroll_wrong_fingerprint_exits_1_with_reason(
    workspace: Workspace, home: Path, server: FixedPortDataCenter
) -> None:
    workspace.close()
    done = cli(
        "sync",
        "enroll",
        server.url,
        new_code(server.data),
        "--ca-fingerprint",
        "00" * 32,
        "--json",
        env=cli_env(home),
    )
    assert done.returncode == 1
    assert json.loads(done.stdout)["error"]["reason"] == "fingerprint_mismatch"
    assert "fingerprint" in done.stderr


def test_cli_enroll_without_fingerprint_warns(
    workspace: Workspace, home: Path, server: FixedPortDataCenter
) -> None:
    workspace.close()
    done = cli("sync", "enroll", server.url, new_code(server.data), env=cli_env(home))
    assert done.returncode == 0, done.stderr
    assert "trusted on first use" in done.stdout + done.stderr
    assert server.fingerprint in done.stdout + done.stderr
