"""The core, the drivers and sync must import, every submodule of them, with Qt blocked."""

from __future__ import annotations

import subprocess
import sys
import textwrap

BLOCK_QT_AND_IMPORT_ALL = textwrap.dedent(
    """
    import importlib, importlib.abc, pkgutil, sys

    class BlockQt(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in {"PySide6", "shiboken6", "PyQt5", "PyQt6"}:
                raise ImportError(f"Qt is blocked in this check: {name}")
            return None

    sys.meta_path.insert(0, BlockQt())
    imported = []
    for top in ("fieldkit", "drivers", "sync"):
        package = importlib.import_module(top)
        imported.append(top)
        for info in pkgutil.walk_packages(package.__path__, top + "."):
            if ".__main__" in info.name:
                continue
            importlib.import_module(info.name)
            imported.append(info.name)
    assert not any(m.split(".")[0] in {"PySide6", "shiboken6"} for m in sys.modules)
    print(len(imported))
    """
)


def test_core_drivers_and_sync_import_without_qt() -> None:
    done = subprocess.run(
        [sys.executable, "-c", BLOCK_QT_AND_IMPORT_ALL],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    # The walk really happened: the store, the CLI and the migrations' package at least.
    assert int(done.stdout.strip()) >= 10
