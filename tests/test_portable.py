"""Calls whose Windows behaviour differs silently from Linux's, kept right by reading the code.

``os.open`` opens in text mode on Windows unless ``O_BINARY`` is given: a sealed record
written that way gained a ``\\r`` before every ``\\n`` byte and was refused as damaged
(seen under Wine).  On Linux the flag is 0, so no behaviour test here can catch its
absence; this reads every call instead.
"""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGES = ("fieldkit", "drivers", "sync", "ui")


def _os_open_calls(tree: ast.AST) -> list[ast.Call]:
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "open"
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "os"
    ]


def test_every_os_open_asks_for_binary_mode() -> None:
    missing = []
    seen = 0
    for package in PACKAGES:
        for path in sorted((REPO / package).rglob("*.py")):
            for call in _os_open_calls(ast.parse(path.read_text(encoding="utf-8"))):
                seen += 1
                flags = ast.unparse(call.args[1]) if len(call.args) > 1 else ""
                if "O_BINARY" not in flags:
                    missing.append(f"{path.relative_to(REPO)}:{call.lineno}: {flags or '(none)'}")
    assert seen > 0, "no os.open found: the scan is looking in the wrong place"
    assert missing == []


def test_the_scan_sees_a_call_without_the_flag() -> None:
    calls = _os_open_calls(ast.parse("import os\nfd = os.open(p, os.O_WRONLY | os.O_CREAT)\n"))
    assert [ast.unparse(c.args[1]) for c in calls] == ["os.O_WRONLY | os.O_CREAT"]
