"""The ketua tim's note at the data center: sealed at rest, opened only with the keys.

The note is words typed about the person, often a health condition; the laptop erases it
once delivered.  Pushed over the real HTTPS service (SQLite and PostgreSQL), it must be in
no row, no database file, no backup and no log line in the clear, and ``reviews list``
shows it only with the keys.  An office's database from before keeps its notes in the
clear: the first start with the keys seals them and empties those columns.
"""

from __future__ import annotations

import io
import json
import uuid
import zipfile
from typing import TYPE_CHECKING, Any

import pytest
import sqlalchemy as sa
from alembic import command
from cryptography.hazmat.primitives.asymmetric import ed25519

from fieldkit.review.queue import DECISION_FORMAT
from sync.protocol import (
    HEADER_REVIEW,
    HEADER_REVIEW_SIGNATURE,
    b64decode,
    review_headers,
    review_statement,
)
from sync.server.errors import DataCenterError
from sync.server.intake.reviews import opened_reviews
from sync.server.intake.service import DataCenter
from sync.server.keys import PASSPHRASE_ENV
from sync.server.store.database import make_data_dir, normalise_url, sqlite_url
from sync.server.store.schema import _alembic_config, known_revisions
from tests.sync.server.dcsupport import (
    BACKENDS,
    DataCenterProcess,
    Laptop,
    Site,
    database_url,
    dc_cli,
    enroll_in_process,
    fresh_database,
    new_code,
)

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

NIK_LIKE = "3315016502880004"
NOTE = f"Ibu hamil tujuh bulan; jari manis kanan diamputasi. NIK {NIK_LIKE} di KTP lama"
PASSPHRASE = "kata sandi kunci uji"


def _decision(record_id: str, sha256: str) -> dict[str, Any]:
    """What the laptop signs for an approved record (``fieldkit.review.queue``)."""
    return {
        "format": DECISION_FORMAT,
        "record_id": record_id,
        "sha256": sha256,
        "decision": "approved",
        "decided_by": "ketua1",
        "role": "ketua_tim",
        "decided_at": "2026-11-23T08:00:00+00:00",
        "note": NOTE,
        "flags": ["exception:finger:10:amputated:permanent"],
    }


def _push_with_decision(laptop: Laptop) -> tuple[str, dict[str, str]]:
    record = laptop.seal()
    assert laptop.manifest(record).status_code == 200
    headers = review_headers(laptop.key, _decision(record.record_id, record.sha256))
    laptop.receipt(laptop.upload(record, headers=headers))
    return record.record_id, headers


def _secrets(headers: dict[str, str]) -> list[bytes]:
    """The note's bytes, the NIK in it, and the signed document as the header carried it."""
    return [NOTE.encode(), NIK_LIKE.encode(), headers[HEADER_REVIEW].encode()]


def _assert_nowhere(data: bytes, secrets: list[bytes], where: str) -> None:
    for secret in secrets:
        assert secret not in data, f"{secret[:24]!r} in the clear in {where}"


def _assert_not_in_rows(site: Site, secrets: list[bytes]) -> None:
    engine = sa.create_engine(normalise_url(database_url(site)))
    try:
        with engine.connect() as conn:
            for table in sa.inspect(conn).get_table_names():
                query = sa.text(f'SELECT * FROM "{table}"')  # noqa: S608 - names the schema's
                for row in conn.execute(query):
                    _assert_nowhere(repr(tuple(row)).encode(), secrets, f"table {table}")
    finally:
        engine.dispose()


def _assert_not_in_files(site: Site, secrets: list[bytes]) -> None:
    """SQLite: the database file and its write-ahead log, byte for byte."""
    if site.database is not None:
        return
    for path in site.data.glob("datacenter.sqlite3*"):
        _assert_nowhere(path.read_bytes(), secrets, path.name)


def _assert_not_in_a_backup(site: Site, secrets: list[bytes], out: Path) -> None:
    done = dc_cli(site, "backup", "--output", str(out), "--json")
    assert done.returncode == 0, done.stderr
    raw = out.read_bytes()
    _assert_nowhere(raw, secrets, "the backup file")
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        for name in archive.namelist():
            _assert_nowhere(archive.read(name), secrets, f"the backup's {name}")


def _review_row(site: Site, record_id: str) -> dict[str, Any]:
    engine = sa.create_engine(normalise_url(database_url(site)))
    try:
        with engine.connect() as conn:
            row = conn.execute(
                sa.text("SELECT * FROM record_reviews WHERE record_id = :r"), {"r": record_id}
            ).one()
    finally:
        engine.dispose()
    return dict(row._mapping)


def _listed(site: Site, record_id: str, public_key: bytes) -> dict[str, Any]:
    """``reviews list --json``'s entry, whose document still verifies as the laptop signed it."""
    done = dc_cli(site, "-v", "reviews", "list", "--json")  # -v: its log lines on stderr
    assert done.returncode == 0, done.stderr
    assert NIK_LIKE not in done.stderr, "the note is in a log line"
    entry: dict[str, Any] = next(r for r in json.loads(done.stdout) if r["record_id"] == record_id)
    document = json.loads(b64decode(entry["document"]))
    ed25519.Ed25519PublicKey.from_public_bytes(public_key).verify(
        b64decode(entry["signature"]), review_statement(document)
    )
    return entry


def test_a_review_note_pushed_over_https_is_sealed_at_rest_and_listed_with_the_keys(
    datacenter: DataCenterProcess, laptop: Laptop, tmp_path: Path
) -> None:
    record_id, headers = _push_with_decision(laptop)
    secrets = _secrets(headers)

    kept = _review_row(datacenter, record_id)
    assert (kept["note"], kept["document"]) == (None, None)
    assert kept["sealed"]
    assert kept["kid"] == laptop.datacenter_key.kid
    assert kept["signature"] == headers[HEADER_REVIEW_SIGNATURE]
    _assert_not_in_rows(datacenter, secrets)
    _assert_not_in_files(datacenter, secrets)
    _assert_not_in_a_backup(datacenter, secrets, tmp_path / "backup.zip")

    entry = _listed(datacenter, record_id, laptop.public_key)
    assert (entry["note"], entry["decision"], entry["decided_by"]) == (NOTE, "approved", "ketua1")
    assert entry["document"] == headers[HEADER_REVIEW]
    assert entry["flags"] == ["exception:finger:10:amputated:permanent"]
    text = dc_cli(datacenter, "reviews", "list")
    assert text.returncode == 0, text.stderr
    assert f"note: {NOTE}" in text.stdout

    _assert_nowhere(datacenter.log.read_bytes(), secrets, "the data center's log")


def test_reviews_list_needs_the_keys_passphrase(
    start_datacenter: Callable[..., DataCenterProcess], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(PASSPHRASE_ENV, PASSPHRASE)
    dc = start_datacenter()
    with dc.client() as client:
        laptop = Laptop(client)
        laptop.enroll(new_code(dc))
        record_id, _ = _push_with_decision(laptop)

    monkeypatch.delenv(PASSPHRASE_ENV)
    refused = dc_cli(dc, "reviews", "list", "--json")
    assert refused.returncode == 2
    assert "protected by a passphrase" in refused.stderr
    assert NIK_LIKE not in refused.stdout + refused.stderr
    monkeypatch.setenv(PASSPHRASE_ENV, "not the passphrase")
    refused = dc_cli(dc, "reviews", "list", "--json")
    assert refused.returncode == 2
    assert NIK_LIKE not in refused.stdout + refused.stderr

    monkeypatch.setenv(PASSPHRASE_ENV, PASSPHRASE)
    assert _listed(dc, record_id, laptop.public_key)["note"] == NOTE


def test_reviews_list_without_keys_refuses_and_makes_none(tmp_path: Path) -> None:
    """A data folder restored without its keys: no new keys, which would open nothing."""
    data = tmp_path / "restored"
    make_data_dir(data)
    refused = dc_cli(data, "reviews", "list", "--json")
    assert refused.returncode == 2
    assert "serve" in refused.stderr
    assert not (data / "keys").exists()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name


def test_a_note_kept_in_the_clear_by_an_earlier_release_is_sealed_at_the_first_start(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    data = tmp_path / "dc"
    make_data_dir(data)
    database = fresh_database(request, backend)
    url = normalise_url(database or sqlite_url(data))
    key = ed25519.Ed25519PrivateKey.generate()
    record_id = str(uuid.uuid4())
    headers = review_headers(key, _decision(record_id, "ab" * 32))
    secrets = _secrets(headers)

    # The office's database as the release before kept it: schema 0002, the note in the clear.
    engine = sa.create_engine(url)
    if backend == "sqlite":
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA journal_mode=WAL")
    with engine.begin() as conn:
        config = _alembic_config()
        config.attributes["connection"] = conn
        command.upgrade(config, "0002")
        conn.execute(
            sa.text(
                "INSERT INTO record_reviews (device_id, record_id, decision, decided_by, "
                "decided_at, note, flags, document, signature, received_at) VALUES "
                "('dev-1', :record_id, 'approved', 'ketua1', '2026-11-23T08:00:00+00:00', "
                ":note, :flags, :document, :signature, '2026-11-23T09:00:00.000000Z')"
            ),
            {
                "record_id": record_id,
                "note": NOTE,
                "flags": json.dumps(["exception:finger:10:amputated:permanent"]),
                "document": headers[HEADER_REVIEW],
                "signature": headers[HEADER_REVIEW_SIGNATURE],
            },
        )
    engine.dispose()
    dc = DataCenterProcess(data, tmp_path / "dc.log", database)
    if backend == "sqlite":
        held = b"".join(p.read_bytes() for p in data.glob("datacenter.sqlite3*"))
        assert NIK_LIKE.encode() in held, "the legacy file holds the note in the clear"

    dc.start()  # this release, with the keys (made now: this data folder had none)
    try:
        kept = _review_row(dc, record_id)
        assert (kept["note"], kept["document"]) == (None, None)
        assert kept["sealed"]
        assert kept["kid"]
        _assert_not_in_rows(dc, secrets)
        _assert_not_in_files(dc, secrets)
        done = dc_cli(dc, "db", "current", "--json")
        assert json.loads(done.stdout)["current"] == known_revisions()[-1]
        _assert_not_in_a_backup(dc, secrets, tmp_path / "backup.zip")
        entry = _listed(dc, record_id, key.public_key().public_bytes_raw())
        assert entry["note"] == NOTE
        assert entry["document"] == headers[HEADER_REVIEW]
    finally:
        dc.stop()
    _assert_nowhere(dc.log.read_bytes(), secrets, "the data center's log")


def test_a_sealed_decision_moved_to_another_record_does_not_open(tmp_path: Path) -> None:
    """Each is sealed bound to its laptop and record: a swapped ciphertext is refused."""
    center = DataCenter(tmp_path / "dc")
    try:
        device, key, _ = enroll_in_process(center)
        for record_id in ("rec-a", "rec-b"):
            decision = _decision(record_id, "ab" * 32)
            headers = review_headers(key, decision)
            signed = (headers[HEADER_REVIEW], headers[HEADER_REVIEW_SIGNATURE])
            center.store_review(device, record_id, decision, signed)
        assert [r["note"] for r in opened_reviews(center.store, center.keys)] == [NOTE, NOTE]
        with center.store.engine.begin() as conn:
            moved = conn.execute(
                sa.text("SELECT sealed FROM record_reviews WHERE record_id = 'rec-a'")
            ).scalar()
            conn.execute(
                sa.text("UPDATE record_reviews SET sealed = :s WHERE record_id = 'rec-b'"),
                {"s": moved},
            )
        with pytest.raises(DataCenterError) as refused:
            opened_reviews(center.store, center.keys)
        assert refused.value.code == "datacenter_review_unreadable"
        assert refused.value.params == {"record_id": "rec-b"}
    finally:
        center.close()
