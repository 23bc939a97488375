"""``package export`` writes onto the stick, never through a link on it (issue 46, hole 9).

Whoever held the stick may have made ``STICK/<device_id>`` a symbolic link to a folder
of the office's machine, or left ``office-package.json`` as a link to one of its files:
the export then wrote the package there.  It is now refused, as the USB import refuses
a link (``sync.server.office.stick.refuse_links``): nothing is written, through the link or
beside it, and the error names the link.
"""

from __future__ import annotations

import base64
import json
import sys
from typing import TYPE_CHECKING, Any

import pytest
from cryptography.hazmat.primitives.asymmetric import x25519

from fieldkit.safejson import canonical_json
from tests.sync.server.dcsupport import Laptop, dc_cli, new_code

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from tests.sync.server.dcsupport import DataCenterProcess

pytestmark = pytest.mark.skipif(
    sys.platform == "win32", reason="symbolic links need privileges on Windows"
)
PACKAGE = "office-package.json"


def _laptop_with_a_package_key(dc: DataCenterProcess) -> str:
    """An enrolled laptop that sent its health report (so it has a package to export)."""
    with dc.client() as client:
        laptop = Laptop(client)
        laptop.enroll(new_code(dc))
        key = x25519.X25519PrivateKey.generate().public_key().public_bytes_raw()
        body = canonical_json(
            {
                "version": 1,
                "reported_at": "2026-11-25T08:00:00+00:00",
                "hostname": "laptop-tim-1",
                "fieldkit_version": "0.9.0",
                "package_key": base64.b64encode(key).decode(),
                "package_version": None,
                "last_sync_at": None,
                "unsent_records": 0,
                "oldest_unsent_at": None,
                "free_disk_bytes": None,
                "devices": [],
                "audit": None,
                "frozen": False,
                "freeze_reasons": [],
            }
        )
        answer = laptop.signed(
            "POST", "/v1/laptop/health", body, headers={"content-type": "application/json"}
        )
        assert answer.status_code == 200, answer.text
    return laptop.device_id


def _folder_is_a_link(stick: Path, device_id: str, outside: Path) -> str:
    (stick / device_id).symlink_to(outside, target_is_directory=True)
    return device_id


def _file_is_a_link(stick: Path, device_id: str, outside: Path) -> str:
    (stick / device_id).mkdir()
    (outside / "victim.json").write_text("the office's own file\n")
    (stick / device_id / PACKAGE).symlink_to(outside / "victim.json")
    return f"{device_id}/{PACKAGE}"


def _dangling_folder_link(stick: Path, device_id: str, outside: Path) -> str:
    (stick / device_id).symlink_to(outside / "not-yet", target_is_directory=True)
    return device_id


@pytest.mark.parametrize("spoil", [_folder_is_a_link, _file_is_a_link, _dangling_folder_link])
def test_a_link_on_the_stick_refuses_the_export_and_nothing_is_written_through_it(
    start_datacenter: Callable[..., DataCenterProcess], tmp_path: Path, spoil: Any
) -> None:
    dc = start_datacenter()
    device_id = _laptop_with_a_package_key(dc)
    done = dc_cli(dc, "office", "set", "3273", "--name", "Kota Bandung", "--json")
    assert done.returncode == 0, done.stderr
    stick, outside = tmp_path / "stick", tmp_path / "office-machine"
    stick.mkdir()
    outside.mkdir()
    named = spoil(stick, device_id, outside)
    before = {p.name: p.read_bytes() for p in outside.iterdir()}

    refused = dc_cli(dc, "package", "export", str(stick))
    assert refused.returncode == 2, (refused.stdout, refused.stderr)
    assert f"{named} on the stick is a link to another place" in refused.stderr
    assert refused.stdout == ""
    assert {p.name: p.read_bytes() for p in outside.iterdir()} == before
    assert not (outside / "not-yet").exists()

    # The link taken away, the same command writes the package onto the stick itself.
    (stick / named).unlink()
    done = dc_cli(dc, "package", "export", str(stick), "--json")
    assert done.returncode == 0, done.stderr
    [row] = json.loads(done.stdout)
    assert row["path"] == str(stick / device_id / PACKAGE)
    assert (stick / device_id / PACKAGE).is_file()
    assert not (stick / device_id / PACKAGE).is_symlink()
    assert {p.name: p.read_bytes() for p in outside.iterdir()} == before
