"""The schema's migrations (Alembic, ``sync/server/migrations``): known, stored, applied.

Every start runs :func:`migrate` inside the store's first write transaction; a
database newer than this code is refused, one made before migrations is stamped.
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from sync.protocol import Reason
from sync.server.errors import DataCenterError

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection
log = logging.getLogger(__name__)


#: Tables of the schema as ``create_all`` made it before migrations (revision 0001), and
#: the audit tables revision 0002 adds: how an office's existing database is recognised.
_BASELINE_TABLES = frozenset(
    {"enroll_codes", "devices", "announcements", "records", "state_changes"}
    | {"record_reviews", "conflicts"}
)


_AUDIT_TABLES = frozenset({"audit_anchors", "audit_findings", "audit_epochs"})


def _alembic_config() -> Any:
    from alembic.config import Config  # noqa: PLC0415 - only to migrate

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent.with_name("migrations")))
    return config


def known_revisions() -> list[str]:
    """The revisions this code knows, oldest first."""
    return list(_known_revisions())


@functools.cache
def _known_revisions() -> tuple[str, ...]:
    """The revisions, read once a process: the scripts ship with the code.

    Reading them costs 10 ms of the interpreter each time, which ``/v1/ready`` paid on
    every call (issue 46).
    """
    from alembic.script import ScriptDirectory  # noqa: PLC0415 - only to migrate

    script = ScriptDirectory.from_config(_alembic_config())
    return tuple(rev.revision for rev in reversed(list(script.walk_revisions())))


@functools.cache
def newest_revision_by_name() -> str:
    """The newest revision, read from the scripts' names (``0012_office_holidays.py``).

    Why not Alembic's walk: importing Alembic and reading every script is a fifth of a
    command's start-up, and every ``fieldkit-datacenter`` command opens the store.  The
    scripts are numbered in order and each is its number's revision; a test holds this to
    Alembic's own head.
    """
    versions = Path(__file__).parent.with_name("migrations") / "versions"
    return max(path.name.split("_", 1)[0] for path in versions.glob("[0-9]*_*.py"))


def _stored_revision(conn: Connection) -> str | None:
    """The revision the database says it has, read with plain SQL (None: not stamped)."""
    if not sa.inspect(conn).has_table("alembic_version"):
        return None
    found = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalars().all()
    return found[0] if len(found) == 1 else None


def current_revision(conn: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext  # noqa: PLC0415 - only to migrate

    return MigrationContext.configure(conn).get_current_revision()


def migrate(conn: Connection) -> None:
    """Bring the database to this code's schema, inside the caller's transaction.

    An empty database gets every revision.  A database made before migrations (by
    ``create_all``, every office's until now) is recognised by its tables and stamped
    with the revision it matches, then upgraded.  A database whose revision this code
    does not know was made by a newer release: refused, and nothing is touched.
    """
    if _stored_revision(conn) == newest_revision_by_name():
        return  # every command opens the store: most find it current, without Alembic
    from alembic import command  # noqa: PLC0415 - only to migrate

    config = _alembic_config()
    config.attributes["connection"] = conn
    revision = current_revision(conn)
    known = known_revisions()
    if revision is not None and revision not in known:
        raise DataCenterError(
            500,
            Reason.INTERNAL_ERROR,
            code="datacenter_database_newer",
            params={"revision": revision, "known": known[-1]},
        )
    if revision is None:
        tables = set(sa.inspect(conn).get_table_names())
        if tables >= _BASELINE_TABLES:
            stamp = "0002" if tables >= _AUDIT_TABLES else "0001"
            command.stamp(config, stamp)
    command.upgrade(config, "head")
    after = current_revision(conn)
    if after != revision:
        log.info("database schema migrated from %s to %s", revision or "nothing", after)
