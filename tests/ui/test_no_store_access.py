"""No screen opens a database session: what a page shows comes from a fieldkit function.

The import-linter contract in pyproject.toml keeps ``ui/`` from importing the ORM
models or SQLAlchemy; this test catches the other half, a page calling
``workspace.transaction()`` (or ``store.session``) and querying through core
helpers that take a session.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

UI = Path(__file__).resolve().parents[2] / "ui"
SESSION_OPENERS = frozenset({"transaction", "session", "sessionmaker"})


def _session_calls(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in SESSION_OPENERS
    ]


@pytest.mark.parametrize(
    "path",
    [pytest.param(p, id=str(p.relative_to(UI))) for p in sorted(UI.rglob("*.py"))],
)
def test_the_module_opens_no_database_session(path: Path) -> None:
    assert _session_calls(path) == [], f"{path.name} opens a session on these lines"


def test_the_check_sees_a_session_being_opened(tmp_path: Path) -> None:
    page = tmp_path / "page.py"
    page.write_text("def refresh(ws):\n    with ws.transaction() as session:\n        pass\n")
    assert _session_calls(page) == [2]
