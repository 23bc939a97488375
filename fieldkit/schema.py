"""The whole schema of the local store: every feature's tables, registered in one place.

Each feature keeps its tables beside its code (``fieldkit/planning/models.py`` and
the others) on the one declarative ``Base`` of :mod:`fieldkit.store.models`.  The
store itself imports none of them, so it stays below every feature; this module,
above them all, is what sees the schema whole: :data:`METADATA` is what a
comparison of the models with the migrations hands Alembic's environment
(``store/migrations/env.py``, as ``target_metadata``), and the login screen's
warm-up maps every model ahead of the first login.
"""

from __future__ import annotations

from sqlalchemy.orm import configure_mappers

from fieldkit import office_sent as office_tables
from fieldkit.enrollment import models as enrollment_tables
from fieldkit.handover import models as handover_tables
from fieldkit.planning import models as planning_tables
from fieldkit.receipts import models as receipts_tables
from fieldkit.records import models as records_tables
from fieldkit.reports import models as reports_tables
from fieldkit.review import models as review_tables
from fieldkit.store import database
from fieldkit.store.models import Base

#: Every feature's table modules, in the order their tables were added.
FEATURE_TABLES = (
    planning_tables,
    enrollment_tables,
    records_tables,
    handover_tables,
    review_tables,
    reports_tables,
    receipts_tables,
    office_tables,
)

#: The store's tables, all of them: what Alembic compares and migrates against.
METADATA = Base.metadata


def warm_up() -> None:
    """Do what the first login would on the GUI thread: read the revisions, map every model.

    Both are cached for the process (SQLAlchemy's mapper configuration holds its own
    lock), so the login screen runs this while the officer types.
    """
    database.warm_up()
    configure_mappers()
