"""Alembic loads only to migrate: opening a store at head (every login) does without it."""

from __future__ import annotations

import os
import subprocess
import sys

from fieldkit.store import database
from fieldkit.workspace import Workspace
from tests.support import ADMIN, ADMIN_PASSWORD


def test_the_revisions_read_from_source_match_alembics() -> None:
    assert database.all_revisions() == database._alembic_revisions()
    assert database.head_revision() == database._alembic_revisions()[-1]


def test_a_login_on_a_store_at_head_does_not_import_alembic(workspace: Workspace) -> None:
    workspace.close()
    probe = f"""
import sys
from pathlib import Path
from fieldkit.workspace import Workspace
ws = Workspace.login(Path({str(workspace.directory)!r}), {ADMIN!r}, {ADMIN_PASSWORD!r})
print(ws.store.revision(), "alembic" in sys.modules)
ws.close()
"""
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=120,
        check=True,
    )
    assert done.stdout.split() == [database.head_revision(), "False"]
