"""Freeze a store at the current schema revision for the upgrade tests.

Run once right after adding a migration, and commit the folder it writes:
    python tests/fieldkit/store/make_revision_fixture.py
It freezes a store at the new head; never regenerate an older one.  The
upgrade tests then prove that a store written at every revision still opens.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
from pathlib import Path

from fieldkit import audit, finish
from fieldkit.accounts import Accounts
from fieldkit.enrollment import intake, outcomes, visits
from fieldkit.officers import Role
from fieldkit.planning.kinds import PlaceType
from fieldkit.store import database
from fieldkit.store.keyring import TEST_KDF
from fieldkit.workspace import Workspace

PASSWORD = "fixture-password"
HERE = Path(__file__).parent / "fixtures"

log = logging.getLogger(__name__)


def _field_data(ws: Workspace) -> None:
    """A walk-in visit with a synthetic person, an outcome and a consented draft (0004+)."""
    visit = visits.new_visit(
        ws, desa_code="3505012001", visit_date=dt.date(2026, 12, 1), place=PlaceType.RUMAH
    )
    people = [
        intake.PersonInput(
            nik=f"350501{day:02d}0545{9000 + n:04d}",
            name=f"Sasaran Fixture {n}",
            birth_date=dt.date(1945, 5, day - (40 if n % 2 else 0)),
            sex="P" if n % 2 else "L",
        )
        for n, day in ((0, 11), (1, 52))
    ]
    draft = intake.start_enrollment(ws, visit, person=people[0])
    intake.record_consent(ws, draft.id, intake.ConsentInput(intake.ConsentGiver.PERSON))
    absent = intake.add_person(ws, visit, people[1])
    finish.record_outcome(ws, visit, absent, outcomes.Outcome.NOT_AT_HOME)


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
        # Since the training rule, a real store refuses to record before a data center is
        # enrolled; the fixture's draft is made on a training store.
        training=True,
    ) as ws:
        Accounts(ws).add_officer(
            "petugas1", "Petugas Fixture", Role.PETUGAS, PASSWORD, kdf=TEST_KDF
        )
        with ws.transaction() as session:
            audit.append(session, "admin", "fixture.event", "rec-1", {"revision": revision})
        _field_data(ws)
    shutil.rmtree(target / "logs", ignore_errors=True)
    shutil.rmtree(target / "backups", ignore_errors=True)
    logging.basicConfig(level=logging.INFO)
    log.info("wrote %s", target)


if __name__ == "__main__":
    main()
