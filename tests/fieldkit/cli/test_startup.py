"""Each command line loads what its command uses (issue 60).

``fieldkit --help`` used to import NumPy, OpenCV, Pillow, ReportLab and the ORM before it
printed a line: 1.4 s of CPU for every script, every operator's ``records list`` and
every test that ran a command.  Here each command runs as its own process, as a person's
shell runs it, and reports which modules it ended with: a new import that pulls the
stack back in fails here, by name.  The handlers every parser names are resolved too,
since a mistyped deferred handler would show only when its command runs.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from fieldkit.cli.deferred import DeferredHandler
from fieldkit.cli.main import build_parser
from tests.support import ADMIN, ADMIN_PASSWORD, init_workspace

#: The stacks a listing or a help text never needs.
HEAVY = ("numpy", "cv2", "PIL", "reportlab", "PySide6", "nbis", "uvicorn")

#: What the installed script does (``fieldkit = fieldkit.cli.main:main``), then a report.
_PROBE = """
import importlib, json, sys
try:
    code = importlib.import_module(sys.argv[1]).main(sys.argv[2:])
except SystemExit as stop:
    code = stop.code
sys.stderr.write("\\nLOADED=" + json.dumps(sorted(sys.modules)) + "\\n")
sys.stderr.write("EXIT=" + json.dumps(code) + "\\n")
"""


def _loaded_by(module: str, *args: str, env: dict[str, str] | None = None) -> set[str]:
    """The modules a fresh interpreter holds after ``module.main(args)`` ran."""
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, module, *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        stdin=subprocess.DEVNULL,
        timeout=120,
        check=False,
    )
    lines = done.stderr.splitlines()
    loaded = next(line for line in lines if line.startswith("LOADED="))
    exit_line = next(line for line in lines if line.startswith("EXIT="))
    assert json.loads(exit_line.removeprefix("EXIT=")) in (0, None), done.stderr[-2000:]
    return set(json.loads(loaded.removeprefix("LOADED=")))


def _heavy(loaded: set[str]) -> list[str]:
    return [name for name in HEAVY if name in loaded]


@pytest.mark.parametrize(
    "args",
    [("--help",), ("records", "list", "--help"), ("sync", "--help"), ("nik", "check", "--help")],
    ids=" ".join,
)
def test_help_loads_no_stack(args: tuple[str, ...]) -> None:
    loaded = _loaded_by("fieldkit.cli.main", *args)
    assert "fieldkit.cli.main" in loaded
    assert _heavy(loaded) == []
    assert "sqlalchemy" not in loaded, "the help text needs no store"


def test_listing_the_records_loads_the_store_and_no_capture_stack(tmp_path: Path) -> None:
    home = tmp_path / "home"
    init_workspace(home).close()
    loaded = _loaded_by(
        "fieldkit.cli.main",
        "records",
        "list",
        "--json",
        env={
            "FIELDKIT_HOME": str(home),
            "FIELDKIT_OFFICER": ADMIN,
            "FIELDKIT_PASSWORD": ADMIN_PASSWORD,
        },
    )
    assert "fieldkit.cli.records_commands" in loaded  # the command ran
    assert "sqlalchemy.orm" in loaded
    assert _heavy(loaded) == []


def test_the_data_centers_help_loads_no_stack() -> None:
    loaded = _loaded_by("sync.server.cli", "--help")
    assert "sync.server.cli" in loaded
    assert _heavy(loaded) == []


def _handlers(parser: argparse.ArgumentParser) -> list[object]:
    """Every handler the parser and its subparsers hold, depth first."""
    found: list[object] = []
    default = parser.get_default("handler")
    if default is not None:
        found.append(default)
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                found.extend(_handlers(sub))
    return found


def test_every_deferred_handler_names_a_real_one() -> None:
    handlers = _handlers(build_parser())
    deferred = [h for h in handlers if isinstance(h, DeferredHandler)]
    assert len(deferred) > len(handlers) * 0.9, "nearly every command is deferred"
    for handler in deferred:
        assert callable(handler.resolve()), handler
