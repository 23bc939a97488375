"""Freeze a store at the current schema revision for the upgrade tests.

Run once right after adding a migration, and commit the folder it writes:
    python tests/fieldkit/store/make_revision_fixture.py
It freezes a store at the new head; never regenerate an older one.  The
upgrade tests then prove that a store written at every revision still opens.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from fieldkit import audit
from fieldkit.officers import Role
from fieldkit.store import database
from fieldkit.store.keyring import TEST_KDF
from fieldkit.workspace import Workspace

PASSWORD = "fixture-password"
HERE = Path(__file__).parent / "fixtures"

log = logging.getLogger(__name__)


def main() -> None:
    revision = database.head_revision()
    target = HERE / f"rev-{revision}"
    shutil.rmtree(target, ignore_errors=True)
    with Workspace.init(
        target,
        office_code="3505",
        username="admin",
        full_name="Admin Fixture",
        role=Role.ADMIN,
        password=PASSWORD,
        kdf=TEST_KDF,
    ) as ws:
        ws.add_officer("petugas1", "Petugas Fixture", Role.PETUGAS, PASSWORD, kdf=TEST_KDF)
        with ws.transaction() as session:
            audit.append(session, "admin", "fixture.event", "rec-1", {"revision": revision})
    shutil.rmtree(target / "logs", ignore_errors=True)
    shutil.rmtree(target / "backups", ignore_errors=True)
    logging.basicConfig(level=logging.INFO)
    log.info("wrote %s", target)


if __name__ == "__main__":
    main()
