"""The data center's command line loads what a command needs, not the laptop's ORM.

Every ``fieldkit-datacenter`` command (an office's scripts, the console's operators, the
test suite's thousands) pays its imports first.  The laptop's store tables and
SQLAlchemy's ORM were a third of that, reached through a few enums and checks; the
abis queue's interchange another third.  This holds the line: a new import that pulls
them back in fails here, naming the chain.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

#: Modules no ``fieldkit-datacenter`` command needs before it runs.
NOT_AT_START = ("sqlalchemy.orm", "alembic", "sync.server.dedup.interchange", "fastapi")

_PROBE = """
import json, sys
import sync.server.cli
print(json.dumps(sorted(m for m in sys.modules)))
"""


@pytest.fixture(scope="module")
def loaded() -> set[str]:
    """The modules a fresh interpreter holds after importing the command line."""
    done = subprocess.run(
        [sys.executable, "-c", _PROBE], capture_output=True, text=True, timeout=120, check=True
    )
    return set(json.loads(done.stdout))


@pytest.mark.parametrize("module", NOT_AT_START)
def test_the_command_line_starts_without(loaded: set[str], module: str) -> None:
    assert "sync.server.cli" in loaded
    assert module not in loaded, f"{module} is imported by `import sync.server.cli`"
