"""A backup is all or nothing, and only the data center's own (SQLite and PostgreSQL).

* a blob damaged in the store refuses the backup, naming it, and leaves no file;
* a restore checks everything before it writes anything, and a failure while writing
  (a constraint of the database, a full blob store) leaves the target as it was;
* a backup altered or made up (a laptop planted among the enrolled devices) is refused:
  it is signed with ``DATA/keys/backup.key``, which no backup holds;
* rows that clash are refused in words that quote no key.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import shutil
import zipfile
from typing import TYPE_CHECKING, Any

import pytest
import sqlalchemy as sa

from sync.server.store.database import normalise_url
from tests.support import fill_disk, small_filesystem
from tests.sync.server.backupsupport import (
    blob_files,
    jsonl,
    rewrite,
    site_state,
    table_rows,
    unstarted_site,
)
from tests.sync.server.dcsupport import (
    DataCenterProcess,
    Laptop,
    database_url,
    dc_cli,
    list_records,
    new_code,
)

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path


def _push(server: DataCenterProcess, count: int, size: int = 0) -> Laptop:
    """A laptop enrolled at ``server`` that has pushed ``count`` records (of ``size`` bytes)."""
    with server.client() as client:
        laptop = Laptop(client)
        laptop.enroll(new_code(server))
        blob = base64.b64encode(os.urandom(size)).decode()
        laptop.sync(*(laptop.seal({"blob": blob} if size else None, seq=s) for s in range(count)))
    return laptop


def _backup(server: DataCenterProcess, archive: Path) -> Path:
    done = dc_cli(server, "backup", "--output", str(archive))
    assert done.returncode == 0, done.stderr
    return archive


@pytest.fixture(scope="module")
def backed_up(
    datacenter: DataCenterProcess, tmp_path_factory: pytest.TempPathFactory
) -> tuple[DataCenterProcess, Path]:
    """The shared data center, a backup of its three records, and one pushed after it.

    A restore that wrote anything of the backup would show.
    """
    _push(datacenter, 3)
    archive = _backup(datacenter, tmp_path_factory.mktemp("backup") / "backup.zip")
    _push(datacenter, 1)
    return datacenter, archive


def _refused(done: Any, *words: str) -> None:
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    for word in words:
        assert word in done.stderr


# --- a damaged blob in the store ----------------------------------------------------------


def test_a_damaged_blob_in_the_store_refuses_the_backup_naming_it(
    backed_up: tuple[DataCenterProcess, Path], tmp_path: Path
) -> None:
    dc, _ = backed_up
    blob = blob_files(dc)[0]
    good = blob.read_bytes()
    blob.write_bytes(good[:-1] + bytes([good[-1] ^ 1]))  # one bit rotted, same size
    try:
        done = dc_cli(dc, "backup", "--output", str(tmp_path / "b.zip"))
    finally:
        blob.write_bytes(good)
    _refused(done, blob.name, "damaged")
    assert list(tmp_path.iterdir()) == [], "no backup, not even a partial one"


# --- a crafted backup: checked whole before anything is written ---------------------------


def _blob_renamed(name: str, data: bytes) -> tuple[str, bytes]:
    return ("blobs/not-a-sha256" if name.startswith("blobs/") else name), data


def _blob_dropped(name: str, data: bytes) -> tuple[str, bytes] | None:
    return None if name.startswith("blobs/") else (name, data)


def _device_id_too_long(name: str, data: bytes) -> tuple[str, bytes]:
    if name != "tables/records.jsonl":
        return name, data
    rows = table_rows(data)
    rows[0]["device_id"] = "d" * 65  # the column is 64: PostgreSQL refuses, SQLite does not
    return name, jsonl(rows)


def _row_not_json(name: str, data: bytes) -> tuple[str, bytes]:
    return name, (data + b"\n{not json" if name == "tables/records.jsonl" else data)


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (_blob_renamed, "blob_name_invalid"),
        (_blob_dropped, "blob_missing"),
        (_device_id_too_long, "row_invalid"),
        (_row_not_json, "row_invalid"),
    ],
    ids=[
        "a blob not named by its hash",
        "a record without its blob",
        "a value too long",
        "a row that is not JSON",
    ],
)
def test_a_crafted_backup_is_refused_whole_and_the_target_is_unchanged(
    backed_up: tuple[DataCenterProcess, Path],
    tmp_path: Path,
    change: Callable[[str, bytes], tuple[str, bytes] | None],
    problem: str,
) -> None:
    dc, archive = backed_up
    key = dc.data / "keys" / "backup.key"
    bad = rewrite(archive, tmp_path / "bad.zip", change, key_file=key)
    before = site_state(dc)
    done = dc_cli(dc, "restore", str(bad), "--force")
    assert site_state(dc) == before, "the same rows, the same blobs, the same keys"
    _refused(done, problem, "nothing was changed")


# --- a failure while writing ----------------------------------------------------------------


def test_a_database_that_refuses_the_rows_leaves_the_target_as_it_was_and_the_restore_runs_again(
    start_datacenter: Callable[..., DataCenterProcess], tmp_path: Path
) -> None:
    source = start_datacenter()
    _push(source, 3)
    archive = _backup(source, tmp_path / "backup.zip")
    target = start_datacenter()
    _push(target, 1)
    target.stop()
    # A rule of the target's database the backup breaks, found only once its rows are
    # written, after the blobs: three records of one laptop.
    engine = sa.create_engine(normalise_url(database_url(target)))
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE UNIQUE INDEX injected_clash ON records (device_id)"))
    before = site_state(target)
    key = str(source.data / "keys" / "backup.key")

    done = dc_cli(target, "restore", str(archive), "--force", "--backup-key", key)
    assert site_state(target) == before, "the blobs it had written are gone again"
    _refused(done, "records", "Nothing was changed")

    with engine.begin() as conn:
        conn.execute(sa.text("DROP INDEX injected_clash"))
    engine.dispose()
    done = dc_cli(target, "restore", str(archive), "--force", "--backup-key", key)
    assert done.returncode == 0, done.stderr
    assert sorted(r["record_id"] for r in list_records(target)) == sorted(
        r["record_id"] for r in list_records(source)
    )


@pytest.mark.root
def test_a_blob_store_that_fills_up_mid_restore_leaves_the_target_as_it_was(
    start_datacenter: Callable[..., DataCenterProcess], tmp_path: Path
) -> None:
    source = start_datacenter()
    _push(source, 4, size=384 * 1024)  # each blob about 0.5 MB
    archive = _backup(source, tmp_path / "backup.zip")
    key = str(source.data / "keys" / "backup.key")
    with small_filesystem(tmp_path / "small", "16m") as mount:
        target = start_datacenter(mount / "dc")
        _push(target, 1)
        target.stop()
        before = site_state(target)
        fill_disk(mount / "filler", leave=768 * 1024)  # room for one blob, not four

        done = dc_cli(target, "restore", str(archive), "--force", "--backup-key", key)
        assert site_state(target) == before
        _refused(done, "blob store is full")

        (mount / "filler").unlink()
        done = dc_cli(target, "restore", str(archive), "--force", "--backup-key", key)
        assert done.returncode == 0, done.stderr
        assert len(list_records(target)) == 4
        assert len(blob_files(target)) == 5, "the four restored and the target's own"


# --- a forged backup ------------------------------------------------------------------------


def _planted(
    archive: Path, out: Path, *, key_file: Path | None = None, unsigned: bool = False
) -> Path:
    """The backup with one more enrolled laptop, its hashes fixed as an attacker would."""

    def plant(name: str, data: bytes) -> tuple[str, bytes]:
        if name != "tables/devices.jsonl":
            return name, data
        rows = table_rows(data)
        rows.append(
            {
                **rows[0],
                "device_id": "planted-laptop",
                "public_key": base64.b64encode(secrets.token_bytes(32)).decode(),
            }
        )
        return name, jsonl(rows)

    forged = rewrite(archive, out, plant, key_file=key_file)
    if unsigned:
        manifest = json.loads(_read_member(forged, "backup.json"))
        del manifest["signature"]
        _replace_member(forged, "backup.json", json.dumps(manifest).encode())
    return forged


def _read_member(archive: Path, name: str) -> bytes:
    with zipfile.ZipFile(archive) as src:
        return src.read(name)


def _replace_member(archive: Path, name: str, data: bytes) -> None:
    with zipfile.ZipFile(archive) as src:
        members = {i.filename: src.read(i) for i in src.infolist()}
    members[name] = data
    with zipfile.ZipFile(archive, "w") as dst:
        for member, content in members.items():
            dst.writestr(member, content)


@pytest.mark.parametrize(
    ("how", "words"),
    [
        ("hashes fixed", "altered after it was made"),
        ("signed with a key of its own", "altered after it was made"),
        ("signature taken out", "carries no signature"),
    ],
)
def test_a_forged_backup_that_plants_a_laptop_is_refused_and_nothing_is_changed(
    backed_up: tuple[DataCenterProcess, Path], tmp_path: Path, how: str, words: str
) -> None:
    dc, archive = backed_up
    attackers_key = tmp_path / "attacker.key"
    attackers_key.write_bytes(secrets.token_bytes(32))
    forged = _planted(
        archive,
        tmp_path / "forged.zip",
        key_file=attackers_key if how == "signed with a key of its own" else None,
        unsigned=how == "signature taken out",
    )
    before = site_state(dc)
    done = dc_cli(dc, "restore", str(forged), "--force")
    _refused(done, words, "nothing was changed")
    assert site_state(dc) == before
    listed = dc_cli(dc, "devices", "list", "--json")
    assert "planted-laptop" not in listed.stdout


def test_a_genuine_backup_restores_onto_a_fresh_data_folder_with_its_backup_key(
    start_datacenter: Callable[..., DataCenterProcess],
    request: pytest.FixtureRequest,
    tmp_path: Path,
) -> None:
    source = start_datacenter()
    _push(source, 2)
    archive = _backup(source, tmp_path / "backup.zip")
    # After a disaster: the keys folder from its own backup, the backup key from the
    # offline copy kept with the passphrase; nothing else.
    target = unstarted_site(request, tmp_path / "fresh")
    shutil.copytree(source.data / "keys", target.data / "keys")
    (target.data / "keys" / "backup.key").unlink()
    offline = tmp_path / "offline-backup.key"
    shutil.copy(source.data / "keys" / "backup.key", offline)

    done = dc_cli(target, "restore", str(archive))
    _refused(done, "no", "--backup-key", "nothing was changed")
    engine = sa.create_engine(normalise_url(database_url(target)))
    try:
        assert sa.inspect(engine).get_table_names() == [], "not even the schema was made"
    finally:
        engine.dispose()

    done = dc_cli(target, "restore", str(archive), "--backup-key", str(offline))
    assert done.returncode == 0, done.stderr
    assert sorted(r["record_id"] for r in list_records(target)) == sorted(
        r["record_id"] for r in list_records(source)
    )
    installed = target.data / "keys" / "backup.key"
    assert installed.read_bytes() == offline.read_bytes(), "the next backups use the same key"
    assert installed.stat().st_mode & 0o077 == 0
    done = dc_cli(target, "restore", str(archive), "--force")  # checked with that copy now
    assert done.returncode == 0, done.stderr


# --- rows that clash --------------------------------------------------------------------------


@pytest.mark.parametrize("clash", ["public_key", "device_id"])
def test_clashing_device_rows_are_refused_in_words_that_quote_no_key(
    backed_up: tuple[DataCenterProcess, Path], tmp_path: Path, clash: str
) -> None:
    dc, archive = backed_up
    with zipfile.ZipFile(archive) as src:
        device = table_rows(src.read("tables/devices.jsonl"))[0]
    other_key = base64.b64encode(secrets.token_bytes(32)).decode()

    def twin(name: str, data: bytes) -> tuple[str, bytes]:
        if name != "tables/devices.jsonl":
            return name, data
        copy = dict(device)
        if clash == "public_key":
            copy["device_id"] = "another-laptop"
        else:
            copy["public_key"] = other_key
        return name, jsonl([*table_rows(data), copy])

    bad = rewrite(archive, tmp_path / "clash.zip", twin, key_file=dc.data / "keys" / "backup.key")
    before = site_state(dc)
    done = dc_cli(dc, "restore", str(bad), "--force")
    _refused(done, "devices", clash, "nothing was changed")
    output = done.stdout + done.stderr
    assert device["public_key"] not in output
    assert other_key not in output
    assert (device["device_id"] in output) is (clash == "device_id"), "an id may be named"
    assert site_state(dc) == before
