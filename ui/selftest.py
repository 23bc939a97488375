"""``fieldkit-app --self-test``: the Qt half of the self-test, then ``fieldkit.selftest``.

It never opens a window, so it runs on a build server or over SSH: with no
display it asks Qt for the offscreen platform itself.  The Qt checks are the
ones a bundle gets wrong (a platform plugin or a translation left out); the
rest of the report comes from :mod:`fieldkit.selftest`.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from fieldkit import paths, selftest
from fieldkit.selftest import Check, Status
from ui import i18n

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

#: Platform plugins a desktop needs, and the one the self-test itself uses.
_PLATFORM_PLUGINS = {
    "linux": ("libqxcb.so", "libqwayland.so", "libqoffscreen.so"),
    "win32": ("qwindows.dll", "qoffscreen.dll"),
    "darwin": ("libqcocoa.dylib", "libqoffscreen.dylib"),
}


def choose_platform() -> None:
    """Fall back to offscreen when no display is reachable, before Qt reads the setting."""
    if os.environ.get("QT_QPA_PLATFORM") or not sys.platform.startswith("linux"):
        return
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"


#: Keeps the self-test's QApplication alive across the checks that need it.
_APP: list[QCoreApplication] = []


def _application() -> QCoreApplication:
    if not _APP:
        _APP.append(QApplication.instance() or QApplication([sys.argv[0], "--self-test"]))
    return _APP[0]


def check_qt_platform() -> Iterable[Check]:
    _application()
    name = QGuiApplication.platformName()
    plugins = QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)
    folder = os.path.join(plugins, "platforms")  # noqa: PTH118 - Qt hands back a str
    wanted = _PLATFORM_PLUGINS.get(sys.platform, ())
    missing = [p for p in wanted if not os.path.isfile(os.path.join(folder, p))]  # noqa: PTH113, PTH118
    if missing:
        yield Check("qt platforms", Status.FAIL, f"missing in {folder}: {', '.join(missing)}")
    else:
        yield Check("qt platforms", Status.OK, f"Qt runs on '{name}'; {', '.join(wanted)} present")


def check_translations() -> Iterable[Check]:
    """Every language but English (the source strings) needs a .qm that Qt can load."""
    _application()
    folder = paths.assets_dir() / "i18n"
    for language in sorted(set(i18n.LANGUAGES) - {"en"}):
        qm = folder / f"fieldkit_{language}.qm"
        translator = QTranslator()
        if not translator.load(str(qm)):
            yield Check(f"translation {language}", Status.FAIL, f"Qt cannot load {qm}")
        elif translator.isEmpty():
            yield Check(f"translation {language}", Status.FAIL, f"{qm} holds no translations")
        else:
            name = i18n.LANGUAGES[language]
            yield Check(f"translation {language}", Status.OK, f"{name} loads from {qm.name}")


def check_ui_imports() -> Iterable[Check]:
    """The whole GUI imports: a bundle that lacks one module fails here, not at the officer's."""
    importlib.import_module("ui.app")
    yield Check("ui", Status.OK, "the app's windows and dialogs import")


def check_icons() -> Iterable[Check]:
    """The navigation's icons are bundled and QtSvg draws them (a bundle may lack either)."""
    from ui import icons  # noqa: PLC0415 - loads QtSvg, after the platform is chosen
    from ui.screens import SCREENS  # noqa: PLC0415

    _application()
    names = sorted({screen.icon for screen in SCREENS if screen.icon})
    broken = [name for name in names if not icons.renders(name)]
    folder = paths.assets_dir() / icons.FLUENT
    if broken:
        yield Check("icons", Status.FAIL, f"QtSvg cannot draw {', '.join(broken)} from {folder}")
    else:
        yield Check("icons", Status.OK, f"{len(names)} Fluent icons draw with QtSvg from {folder}")


QT_CHECKS: tuple[Callable[[], Iterable[Check]], ...] = (
    check_qt_platform,
    check_translations,
    check_icons,
    check_ui_imports,
)


def main(argv: Sequence[str] = ()) -> int:
    """Run the Qt-free checks, then the Qt ones; exit 0, or 1 naming what failed."""
    del argv  # ``--self-test`` takes no options yet
    choose_platform()
    return selftest.main((*selftest.CHECKS, *QT_CHECKS))
