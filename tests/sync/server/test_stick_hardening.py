"""Issue 24: whatever is planted on a stick, the import answers every export and never hangs.

Each export on a stick is refused alone, with a reason, when one of its files is
not a regular file (a named pipe, a device, a folder), is a link, or is larger
than its cap; the other exports on the same stick are imported as usual.  The
real ``fieldkit-datacenter import`` runs under a time limit (a pipe opened for
reading would block it for ever) and, on POSIX, an address-space limit (a file
read whole, or ``/dev/zero`` read to its end, would not fit).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from sync.server.intake.usb import MAX_MANIFEST_BYTES, MAX_SIGNATURE_BYTES
from tests.sync.server.dcsupport import (
    DataCenterProcess,
    Laptop,
    database_environment,
    list_records,
    receipts_file,
    write_export,
)

try:
    import resource
except ImportError:  # Windows
    resource = None  # type: ignore[assignment]

IMPORT_TIMEOUT_S = 30
#: The import needs a few hundred MiB of address space at most; reading a 1 GiB file
#: whole needs more than this, and reading /dev/zero to its end fails at once.
ADDRESS_SPACE = 1024 * 2**20
GIB = 2**30

needs_links = pytest.mark.skipif(
    sys.platform == "win32", reason="making links needs an administrator on Windows"
)


def _limit_address_space() -> None:  # pragma: no cover - runs in the child
    assert resource is not None
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def import_stick(site: DataCenterProcess, stick: Path) -> tuple[int, dict[str, dict[str, Any]]]:
    """``fieldkit-datacenter import STICK --json``; its outcomes by export folder name."""
    command = [sys.executable, "-m", "sync.server.cli", "import", str(stick), "--json"]
    command += ["--data", str(site.data)]
    try:
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            timeout=IMPORT_TIMEOUT_S,
            check=False,
            stdin=subprocess.DEVNULL,
            preexec_fn=None if resource is None else _limit_address_space,
            env=database_environment(site.database),
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"the import hung: no answer after {IMPORT_TIMEOUT_S} s")
    assert done.returncode in {0, 2}, done.stderr
    assert "Traceback" not in done.stderr, done.stderr  # no export was refused as a bug
    return done.returncode, {Path(o["path"]).name: o for o in json.loads(done.stdout)}


def states(outcome: dict[str, Any]) -> list[tuple[str, str, str | None]]:
    return [(r["record_id"], r["state"], r["reason"]) for r in outcome["records"]]


def refusal(outcome: dict[str, Any]) -> tuple[str | None, bool]:
    return outcome["reason"], outcome["receipts_written"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_on_the_stick_is_refused_and_does_not_hang_the_import(
    laptop: Laptop, datacenter: DataCenterProcess, tmp_path: Path
) -> None:
    stick = tmp_path / "stick"
    piped, after_it = laptop.seal(seq=1), laptop.seal(seq=2)
    record_pipe = write_export(stick, laptop, [piped, after_it], export_id="a-record-pipe")
    pipe = record_pipe / "records" / f"{piped.record_id}.sealed"
    pipe.unlink()
    os.mkfifo(pipe)
    signature_pipe = write_export(stick, laptop, [laptop.seal(seq=3)], export_id="b-sig-pipe")
    (signature_pipe / "manifest.sig").unlink()
    os.mkfifo(signature_pipe / "manifest.sig")
    manifest_pipe = write_export(stick, laptop, [laptop.seal(seq=4)], export_id="c-manifest-pipe")
    (manifest_pipe / "manifest.json").unlink()
    os.mkfifo(manifest_pipe / "manifest.json")
    valid = laptop.seal(seq=5)
    valid_folder = write_export(stick, laptop, [valid], export_id="d-valid")

    code, outcomes = import_stick(datacenter, stick)

    assert code == 2  # not every record got a receipt
    assert set(outcomes) == {"a-record-pipe", "b-sig-pipe", "c-manifest-pipe", "d-valid"}
    assert states(outcomes["a-record-pipe"]) == [
        (piped.record_id, "REFUSED", "file_unreadable"),
        (after_it.record_id, "ACCEPTED", None),
    ]
    assert "not a regular file" in outcomes["a-record-pipe"]["records"][0]["message"]
    assert outcomes["a-record-pipe"]["receipts_written"]
    for name, file in (("b-sig-pipe", "manifest.sig"), ("c-manifest-pipe", "manifest.json")):
        assert refusal(outcomes[name]) == ("file_unreadable", False)
        assert f"{file} is not a regular file" in outcomes[name]["message"]
    assert not (signature_pipe / "receipts.json").exists()
    assert [(r["record_id"], r["state"]) for r in receipts_file(valid_folder)] == [
        (valid.record_id, "ACCEPTED")
    ]
    stored = {r["record_id"] for r in list_records(datacenter)}
    assert {after_it.record_id, valid.record_id} <= stored
    assert piped.record_id not in stored


def test_stick_files_larger_than_their_cap_are_refused_before_they_are_read(
    laptop: Laptop, datacenter: DataCenterProcess, tmp_path: Path
) -> None:
    stick = tmp_path / "stick"
    # Sparse 1 GiB files: no disk is used, but a reader that trusted them would fill memory.
    big_signature = write_export(stick, laptop, [laptop.seal(seq=1)], export_id="a-big-sig")
    with (big_signature / "manifest.sig").open("r+b") as handle:
        handle.truncate(GIB)
    big_manifest = write_export(stick, laptop, [laptop.seal(seq=2)], export_id="b-big-manifest")
    with (big_manifest / "manifest.json").open("r+b") as handle:
        handle.truncate(GIB)
    grown, beside_it = laptop.seal(seq=3), laptop.seal(seq=4)
    big_record = write_export(stick, laptop, [grown, beside_it], export_id="c-big-record")
    with (big_record / "records" / f"{grown.record_id}.sealed").open("r+b") as handle:
        handle.truncate(GIB)
    valid = laptop.seal(seq=5)
    write_export(stick, laptop, [valid], export_id="d-valid")

    code, outcomes = import_stick(datacenter, stick)

    assert code == 2
    assert refusal(outcomes["a-big-sig"]) == ("invalid_request", False)
    assert (
        f"manifest.sig is larger than {MAX_SIGNATURE_BYTES} bytes"
        in (outcomes["a-big-sig"]["message"])
    )
    assert refusal(outcomes["b-big-manifest"]) == ("invalid_request", False)
    assert (
        f"manifest.json is larger than {MAX_MANIFEST_BYTES} bytes"
        in (outcomes["b-big-manifest"]["message"])
    )
    # The record's own cap is its announced size: refused by the file's size, unread.
    assert states(outcomes["c-big-record"]) == [
        (grown.record_id, "REFUSED", "size_mismatch"),
        (beside_it.record_id, "ACCEPTED", None),
    ]
    assert f"Received {GIB} bytes" in outcomes["c-big-record"]["records"][0]["message"]
    assert states(outcomes["d-valid"]) == [(valid.record_id, "ACCEPTED", None)]


@needs_links
def test_links_on_the_stick_are_refused_per_export(
    laptop: Laptop, datacenter: DataCenterProcess, tmp_path: Path
) -> None:
    stick, elsewhere = tmp_path / "stick", tmp_path / "elsewhere"
    elsewhere.mkdir()
    # records/ is a link to a folder off the stick (holding the right files).
    records_link = write_export(stick, laptop, [laptop.seal(seq=1)], export_id="a-records-link")
    (records_link / "records").rename(elsewhere / "records")
    (records_link / "records").symlink_to(elsewhere / "records", target_is_directory=True)
    # One record file is a link to its right bytes; the record beside it is a real file.
    linked, beside_it = laptop.seal(seq=2), laptop.seal(seq=3)
    record_link = write_export(stick, laptop, [linked, beside_it], export_id="b-record-link")
    sealed = record_link / "records" / f"{linked.record_id}.sealed"
    sealed.rename(elsewhere / sealed.name)
    sealed.symlink_to(elsewhere / sealed.name)
    # manifest.sig is a link to /dev/zero: read to its end, it never ends.
    zero = write_export(stick, laptop, [laptop.seal(seq=4)], export_id="c-sig-to-dev-zero")
    (zero / "manifest.sig").unlink()
    (zero / "manifest.sig").symlink_to("/dev/zero")
    # manifest.json is a link to the right manifest, kept off the stick.
    manifest_link = write_export(stick, laptop, [laptop.seal(seq=5)], export_id="d-manifest-link")
    (manifest_link / "manifest.json").rename(elsewhere / "manifest.json")
    (manifest_link / "manifest.json").symlink_to(elsewhere / "manifest.json")
    # A whole device folder is a link to a folder off the stick.
    off_stick = write_export(tmp_path / "off", laptop, [laptop.seal(seq=6)], export_id="e-via-link")
    (stick / "linked-device").symlink_to(off_stick.parent, target_is_directory=True)
    valid = laptop.seal(seq=7)
    write_export(stick, laptop, [valid], export_id="f-valid")

    code, outcomes = import_stick(datacenter, stick)

    assert code == 2
    assert set(outcomes) == {
        "a-records-link",
        "b-record-link",
        "c-sig-to-dev-zero",
        "d-manifest-link",
        "e-via-link",
        "f-valid",
    }
    for name, link in (
        ("a-records-link", "records"),
        ("c-sig-to-dev-zero", "manifest.sig"),
        ("d-manifest-link", "manifest.json"),
        ("e-via-link", "linked-device"),
    ):
        assert refusal(outcomes[name]) == ("file_unreadable", False), name
        assert f"{link} is a link" in outcomes[name]["message"], name
    assert states(outcomes["b-record-link"]) == [
        (linked.record_id, "REFUSED", "file_unreadable"),
        (beside_it.record_id, "ACCEPTED", None),
    ]
    assert (
        f"records/{linked.record_id}.sealed is a link"
        in (outcomes["b-record-link"]["records"][0]["message"])
    )
    assert states(outcomes["f-valid"]) == [(valid.record_id, "ACCEPTED", None)]
    mine = {r["record_id"] for r in list_records(datacenter) if r["device_id"] == laptop.device_id}
    assert mine == {beside_it.record_id, valid.record_id}
