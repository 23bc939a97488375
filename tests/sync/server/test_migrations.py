"""The data center's schema under Alembic: an office's database made before migrations is
recognised and upgraded, a newer one refused, and the migrated schema is the code's.

Each test runs on SQLite and on a real PostgreSQL (``start_datacenter``).
"""

from __future__ import annotations

import concurrent.futures as cf
import gc
import json
import warnings
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from fieldkit.workspace import Workspace
from sync.client.client import SyncClient
from sync.client.enroll import enroll_laptop
from sync.client.outcomes import receipt_from_json
from sync.server.store.schema import _alembic_config, known_revisions, newest_revision_by_name
from sync.server.store.tables import metadata
from tests.sync.client.syncsupport import free_port, seal_records, states
from tests.sync.server.dcsupport import DataCenterProcess, dc_cli, list_records, new_code

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

AUDIT_TABLES = ("audit_anchors", "audit_findings", "audit_epochs")


def _engine(dc: DataCenterProcess) -> sa.Engine:
    return sa.create_engine(dc.database_url)


def _as_before_migrations(dc: DataCenterProcess) -> None:
    """What every office's database looks like today: ``create_all``'s tables, no version."""
    engine = _engine(dc)
    with engine.begin() as conn:
        _to_revision(conn, "0001")
        conn.execute(sa.text("DROP TABLE alembic_version"))
        assert not set(AUDIT_TABLES) & set(sa.inspect(conn).get_table_names())
    engine.dispose()


def _to_revision(conn: sa.Connection, revision: str) -> None:
    """Down (or up) to ``revision`` with the migrations themselves: an earlier release's schema."""
    config = _alembic_config()
    config.attributes["connection"] = conn
    command.downgrade(config, revision)


def test_the_scripts_names_give_alembics_own_head() -> None:
    """Each command skips Alembic when the database is at the newest script's number."""
    assert newest_revision_by_name() == known_revisions()[-1]


def _revision(dc: DataCenterProcess) -> str | None:
    engine = _engine(dc)
    with engine.connect() as conn:
        revision = MigrationContext.configure(conn).get_current_revision()
    engine.dispose()
    return revision


def _enrolled(workspace: Workspace, dc: DataCenterProcess) -> None:
    enroll_laptop(workspace, dc.url, new_code(dc), ca_fingerprint_expected=dc.fingerprint)


def test_a_database_made_before_migrations_is_stamped_upgraded_and_keeps_serving(
    start_datacenter: Callable[..., DataCenterProcess], workspace: Workspace, tmp_path: Path
) -> None:
    dc = start_datacenter(None, "--port", str(free_port()))  # the laptop's URL survives a restart
    _enrolled(workspace, dc)
    first = seal_records(workspace, 3)
    assert SyncClient(workspace).push().ok
    with workspace.transaction() as session:
        receipts = [
            json.loads(row)
            for row in session.execute(
                sa.text("SELECT receipt FROM sealed_records WHERE receipt IS NOT NULL")
            ).scalars()
        ]
    dc.stop()
    _as_before_migrations(dc)
    assert _revision(dc) is None

    dc.start()  # the new release on the office's old database
    assert _revision(dc) == known_revisions()[-1]
    stored = {r["record_id"] for r in list_records(dc)}
    assert set(first) <= stored, "every record kept"
    settings = SyncClient(workspace).settings()
    for raw in receipts:  # what the laptop holds still verifies against the same keys
        receipt_from_json(raw).verify(settings.receipt_public_key)
    later = seal_records(workspace, 2)
    summary = SyncClient(workspace).push()
    assert summary.ok, summary.as_json()
    assert summary.audit is not None
    assert summary.audit.problems == [], "the audit tables came with the upgrade"
    assert {states(workspace)[r] for r in later} == {"PURGED"}
    assert len(list_records(dc)) == 5


def test_a_database_from_a_newer_release_is_refused_and_left_alone(
    start_datacenter: Callable[..., DataCenterProcess],
) -> None:
    dc = start_datacenter()
    dc.stop()
    engine = _engine(dc)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()

    done = dc_cli(dc, "db", "upgrade")
    assert done.returncode == 2
    assert "newer FieldKit" in done.stderr
    assert "9999" in done.stderr
    # The refusal leaves no database connection open for the garbage collector to find in
    # whatever runs next (CI: a later test failed on this one's ResourceWarning).
    with warnings.catch_warnings(record=True) as left_open:
        warnings.simplefilter("always", ResourceWarning)
        gc.collect()
    assert [str(w.message) for w in left_open if w.category is ResourceWarning] == []
    assert _revision(dc) == "9999", "nothing touched"
    done = dc_cli(dc, "db", "current", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"current": "9999", "head": known_revisions()[-1]}


def test_the_migrated_schema_is_exactly_the_codes(
    start_datacenter: Callable[..., DataCenterProcess],
) -> None:
    dc = start_datacenter()
    engine = _engine(dc)
    with engine.connect() as conn:
        differences: list[Any] = compare_metadata(MigrationContext.configure(conn), metadata)
    engine.dispose()
    assert differences == []
    done = dc_cli(dc, "db", "current")
    assert done.returncode == 0, done.stderr
    assert f"this FieldKit's: {known_revisions()[-1]}" in done.stdout


def test_two_processes_starting_at_once_migrate_once_and_both_serve(
    start_datacenter: Callable[..., DataCenterProcess], tmp_path: Path
) -> None:
    first = start_datacenter()  # makes the keys; its database is fresh, then emptied
    first.stop()
    engine = _engine(first)
    with engine.begin() as conn:
        for table in reversed(metadata.sorted_tables):
            conn.execute(sa.text(f"DROP TABLE {table.name}"))
        conn.execute(sa.text("DROP TABLE alembic_version"))
    engine.dispose()
    second = DataCenterProcess(first.data, tmp_path / "second.log", first.database)
    with cf.ThreadPoolExecutor(2) as pool:
        list(pool.map(lambda dc: dc.start(), [first, second]))
    try:
        assert _revision(first) == known_revisions()[-1]
        for dc in (first, second):
            with dc.client() as client:
                assert client.get("/v1/health").status_code == 200
    finally:
        second.stop()
