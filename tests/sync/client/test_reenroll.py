"""Enrolling from the operator's bundle, and enrolling again after a revocation or a lost answer."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import cv2
import httpx
import numpy as np
import pytest

from drivers.camera.backends import OpenCvFaceCamera
from fieldkit.records import outbox
from fieldkit.workspace import Workspace
from sync.bundle import EnrollmentBundle, read_bundle
from sync.client import config
from sync.client.client import SyncClient
from sync.client.enroll import (
    enroll_from_bundle,
    enroll_laptop,
    load_bundle,
    read_bundle_from_camera,
)
from sync.client.errors import SyncError, SyncReason
from sync.protocol import b64encode
from tests.support import ADMIN, ADMIN_PASSWORD, cli
from tests.sync.client.syncsupport import (
    FixedPortDataCenter,
    cli_env,
    enroll,
    seal_records,
    states,
)
from tests.sync.server.dcsupport import dc_cli, new_code


def _bundle(server: FixedPortDataCenter, path: Path) -> dict[str, str]:
    done = dc_cli(
        server.data, "codes", "new", "--bundle-out", str(path), "--url", server.url, "--json"
    )
    assert done.returncode == 0, done.stderr
    data: dict[str, str] = json.loads(done.stdout)
    return data


def test_codes_new_writes_a_versioned_bundle_and_a_qr_code_holding_the_same(
    server: FixedPortDataCenter, tmp_path: Path
) -> None:
    data = _bundle(server, tmp_path / "laptop-1.json")
    raw = json.loads((tmp_path / "laptop-1.json").read_text())
    assert raw["format"] == "fieldkit-enrollment"
    assert raw["version"] == 1
    assert raw["url"] == server.url
    assert raw["ca_fingerprint"] == server.fingerprint
    assert raw["code"] == data["code"]
    expected = EnrollmentBundle(server.url, data["code"], server.fingerprint)
    assert read_bundle(tmp_path / "laptop-1.json") == expected
    # The PNG is decoded by OpenCV's QR reader: what the Sinkronisasi screen and a webcam use.
    assert read_bundle(Path(data["qr"])) == expected


def test_codes_new_without_an_address_says_how_and_issues_no_code(tmp_path: Path) -> None:
    data = tmp_path / "dc"
    data.mkdir()
    done = dc_cli(data, "codes", "new", "--bundle-out", str(tmp_path / "b.json"))
    assert done.returncode == 2
    assert "--url" in done.stderr
    assert not (tmp_path / "b.json").exists()


def test_serve_remembers_its_address_for_the_bundle(
    server: FixedPortDataCenter, tmp_path: Path
) -> None:
    done = dc_cli(server.data, "codes", "new", "--bundle-out", str(tmp_path / "b.json"))
    assert done.returncode == 0, done.stderr
    assert server.url in done.stdout
    assert read_bundle(tmp_path / "b.json").url == server.url


def test_cli_enrolls_from_the_bundle_file_and_from_its_qr_png(
    workspace: Workspace, home: Path, server: FixedPortDataCenter, tmp_path: Path
) -> None:
    workspace.close()
    data = _bundle(server, tmp_path / "bundle.json")
    done = cli(
        "sync", "enroll", "--bundle", str(tmp_path / "bundle.json"), "--json", env=cli_env(home)
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert json.loads(done.stdout)["ca_fingerprint"] == server.fingerprint
    assert data["code"] not in done.stdout + done.stderr  # a used code is nobody's business


def test_a_qr_png_enrolls_a_second_laptop(
    workspace: Workspace, server: FixedPortDataCenter, tmp_path: Path
) -> None:
    data = _bundle(server, tmp_path / "bundle.json")
    result = enroll_from_bundle(workspace, Path(data["qr"]))
    assert result.ca_fingerprint == server.fingerprint


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b"not json", "not_json"),
        (b'{"format": "something-else"}', "not_bundle"),
        (b'{"format": "fieldkit-enrollment", "version": 99}', "version"),
        (b"\x89PNG\r\n\x1a\nnot really", "no_qr"),
    ],
)
def test_a_file_that_is_not_a_bundle_is_refused_plainly(
    tmp_path: Path, content: bytes, why: str
) -> None:
    path = tmp_path / "wrong.json"
    path.write_bytes(content)
    with pytest.raises(SyncError) as caught:
        load_bundle(path)
    assert caught.value.reason is SyncReason.BUNDLE_INVALID
    assert caught.value.details["why"] == why


def test_revoked_laptop_enrolls_again_with_a_new_key_and_names_the_stranded_records(
    workspace: Workspace, home: Path, server: FixedPortDataCenter
) -> None:
    """Observation 1's dead end: after ``devices revoke``, a new code used to be refused."""
    old_device = enroll(workspace, server)
    seal_records(workspace, 1)
    assert SyncClient(workspace).push().ok
    with workspace.transaction() as session:
        old_key = outbox.device_public_key(session)
    waiting = seal_records(workspace, 2)
    assert dc_cli(server.data, "devices", "revoke", old_device).returncode == 0
    workspace.close()

    done = cli(
        "sync",
        "enroll",
        server.url,
        new_code(server.data),
        "--ca-fingerprint",
        server.fingerprint,
        "--json",
        env=cli_env(home),
    )
    assert done.returncode == 0, done.stdout + done.stderr
    result = json.loads(done.stdout)
    assert result["device_id"] != old_device
    assert result["previous_device_id"] == old_device
    assert sorted(result["stranded"]) == sorted(waiting)

    ws = Workspace.login(home, *_credentials())
    try:
        with ws.transaction() as session:
            assert outbox.device_public_key(session) != old_key
            assert old_key in outbox.retired_public_keys(session)
            assert outbox.verify_records(session) == []  # old records still check out
        assert {states(ws)[r] for r in waiting} == {"REJECTED"}
        fresh = seal_records(ws, 1)
        summary = SyncClient(ws).push()
        assert summary.ok, summary.as_json()
        assert states(ws)[fresh[0]] == "PURGED"
        assert {states(ws)[r] for r in waiting} == {"REJECTED"}  # not sent under the new key
    finally:
        ws.close()
    devices = {
        d["device_id"]: d
        for d in json.loads(dc_cli(server.data, "devices", "list", "--json").stdout)
    }
    assert devices[old_device]["revoked_at"] is not None
    assert devices[result["device_id"]]["revoked_at"] is None


def test_a_laptop_whose_key_the_data_center_holds_gets_its_own_device_back(
    workspace: Workspace, server: FixedPortDataCenter
) -> None:
    """The old lock-out: the data center kept the key (the laptop refused the answer)."""
    with workspace.transaction() as session:
        public_key = outbox.device_public_key(session)
    first = _enroll_key_directly(server, new_code(server.data), public_key)
    ids = seal_records(workspace, 2)  # sealed to the demo key: not sendable, not this test's point
    result = enroll_laptop(
        workspace, server.url, new_code(server.data), ca_fingerprint_expected=server.fingerprint
    )
    assert result.device_id == first
    assert result.stranded == ()
    with workspace.transaction() as session:
        assert config.load(session) is not None
    assert set(states(workspace)) == set(ids)


def _enroll_key_directly(server: FixedPortDataCenter, code: str, public_key: bytes) -> str:
    """What the old client did before refusing a wrong fingerprint: the code reached the server."""
    with server.client() as client:
        answer = client.post(
            "/v1/enroll", json={"code": code, "public_key": b64encode(public_key), "laptop": {}}
        )
    assert answer.status_code == httpx.codes.OK, answer.text
    device_id: str = answer.json()["device_id"]
    return device_id


def _credentials() -> tuple[str, str]:
    return ADMIN, ADMIN_PASSWORD


def test_a_webcam_reads_the_qr_code_through_the_file_camera(
    server: FixedPortDataCenter, tmp_path: Path
) -> None:
    """The camera path (a real OpenCV capture of an image sequence) decodes the operator's QR."""
    data = _bundle(server, tmp_path / "bundle.json")
    frames = tmp_path / "frames"
    frames.mkdir()
    for n in range(3):
        shutil.copy(data["qr"], frames / f"qr_{n:03d}.png")
    camera = OpenCvFaceCamera(str(frames / "qr_%03d.png"), fps=10.0)
    bundle = read_bundle_from_camera(camera, timeout_s=10.0)
    assert bundle == EnrollmentBundle(server.url, data["code"], server.fingerprint)


def test_a_camera_that_shows_no_qr_code_says_so(tmp_path: Path) -> None:
    frames = tmp_path / "frames"
    frames.mkdir()
    for n in range(3):
        cv2.imwrite(str(frames / f"blank_{n:03d}.png"), np.full((240, 320), 200, np.uint8))
    camera = OpenCvFaceCamera(str(frames / "blank_%03d.png"), fps=30.0)
    with pytest.raises(SyncError) as caught:
        read_bundle_from_camera(camera, timeout_s=1.0)
    assert caught.value.details["why"] == "no_qr"
