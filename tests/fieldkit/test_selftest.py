"""The Qt-free self-test, in-process: green in a checkout, and naming exactly what is missing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from fieldkit import selftest
from fieldkit.selftest import Check, Status
from fieldkit.store import database
from fieldkit.workspace import Workspace

#: Every check a complete install reports, in report order.
EXPECTED = [
    "version",
    "assets",
    "regions",
    "sim media",
    "signatures",
    "face cascades",
    "nfiq2",
    "wsq",
    "pdf pages",
    "sealing",
    "store",
    "data folder",
    "driver face",
    "driver fingerprint",
    "driver iris",
    "driver signature",
    "driver card",
    "sim face",
    "sim fingerprint",
    "sim iris",
    "sim signature",
    "sim card",
    "sbi fingerprint",
    "sbi iris",
    "sbi face",
    "card pcsc",
]


def _by_name(results: list[Check]) -> dict[str, Check]:
    return {r.name: r for r in results}


# Its "card pcsc" check puts the simulated card into vpcd and reads it through the machine's
# one pcscd when one runs: beside the PC/SC tests' own cards that is a race (CI saw
# SCardTransmit fail once), so it runs in their process, one at a time.
@pytest.mark.pcsc
def test_a_source_checkout_passes_every_check(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = selftest.main()
    lines = capsys.readouterr().out.splitlines()
    assert code == 0, "\n".join(lines)
    assert [line.split(":")[0].split(maxsplit=1)[1] for line in lines[:-1]] == EXPECTED
    # Only the PC/SC stack may warn (no pcscd on a laptop without a reader).
    assert all(line.startswith("OK ") for line in lines[:-2]), "\n".join(lines)
    assert lines[-2].startswith(("OK   card pcsc:", "WARN card pcsc:"))
    assert lines[-1].startswith(f"PASSED: {len(EXPECTED)} checks")
    assert f"no store yet in {home}" in "\n".join(lines)
    assert not home.exists(), "the self-test must not write to the officer's data folder"


def test_empty_assets_fail_naming_each_missing_file(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "assets"
    empty.mkdir()
    monkeypatch.setenv("FIELDKIT_ASSETS", str(empty))

    code = selftest.main([selftest.check_assets, selftest.check_sim_media])

    out = capsys.readouterr().out
    assert code == 1
    assets = next(line for line in out.splitlines() if line.startswith("FAIL assets:"))
    assert str(empty) in assets
    for name in selftest.REQUIRED_ASSETS:
        assert name in assets
    assert "FAIL sim media: clips missing" in out
    assert "face_red" in out
    assert "FAIL signatures: no pen recordings" in out
    assert out.splitlines()[-1] == "FAILED: 3 of 3 checks: assets, sim media, signatures"


def test_a_missing_translation_alone_fails_the_assets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assets = tmp_path / "assets"
    shutil.copytree(Path(__file__).resolve().parents[2] / "assets", assets)
    (assets / "i18n" / "fieldkit_id.qm").unlink()
    monkeypatch.setenv("FIELDKIT_ASSETS", str(assets))

    [result] = selftest.run([selftest.check_assets])

    assert result.status is Status.FAIL
    assert result.detail == f"missing in {assets}: i18n/fieldkit_id.qm"


def test_an_existing_store_is_inspected_without_its_password(workspace: Workspace) -> None:
    workspace.close()
    [result] = selftest.run([selftest.check_existing_store])
    assert result.status is Status.OK
    assert "keyring parses (office 3315, 1 officer slot(s))" in result.detail

    (workspace.directory / database.DB_FILE).unlink()
    [result] = selftest.run([selftest.check_existing_store])
    assert result.status is Status.FAIL
    assert result.detail == f"{workspace.directory} has a keyring but no {database.DB_FILE}"


def test_a_check_that_raises_is_reported_and_the_rest_still_run() -> None:
    def check_broken_thing() -> list[Check]:
        raise OSError("disk on fire")

    results = selftest.run([check_broken_thing, selftest.check_version])

    assert results[0] == Check("broken thing", Status.FAIL, "OSError: disk on fire")
    assert results[1].status is Status.OK
    assert selftest.exit_code(results) == 1
    assert selftest.summary(results) == "FAILED: 1 of 2 checks: broken thing"
