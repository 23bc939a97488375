"""The Windows build's pins stay in step with the Linux ones (issue: one set of versions).

The Windows build ships exactly ``packaging/windows/requirements.txt``, and CI tests
that build under Wine.  Wine holds three packages back (packaging/README.md says
why); every other package must be the version the Linux suite runs, so a bump in
``constraints.txt`` that forgets Windows fails here rather than on a laptop.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

REPO = Path(__file__).resolve().parents[2]

#: Wine 10 runs nothing newer (numpy: ucrtbase; Qt: ICU), so Windows ships these.
HELD_BACK_FOR_WINE = {"numpy": "2.0.2", "pyside6-essentials": "6.9.3", "shiboken6": "6.9.3"}
#: Only on Windows: PyInstaller's Windows helpers, the cameras' names, the build backend.
WINDOWS_ONLY = {"pefile", "pywin32-ctypes", "cv2-enumerate-cameras", "setuptools"}


def _name(raw: str) -> str:
    return re.sub(r"[-_.]+", "-", raw).lower()


def _pins(path: Path) -> dict[str, str]:
    pins = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            name, version = line.split(";", 1)[0].split("==")
            pins[_name(name)] = version.strip()
    return pins


def test_windows_pins_match_the_linux_ones_except_what_wine_holds_back() -> None:
    linux = _pins(REPO / "constraints.txt")
    windows = _pins(REPO / "packaging" / "windows" / "requirements.txt")
    differ = {
        name: (linux.get(name), version)
        for name, version in windows.items()
        if name not in WINDOWS_ONLY | HELD_BACK_FOR_WINE.keys() and linux.get(name) != version
    }
    held = {name: windows.get(name) for name in HELD_BACK_FOR_WINE}
    assert differ == {}, "Windows pins differ from constraints.txt (linux, windows)"
    assert held == HELD_BACK_FOR_WINE


def test_every_runtime_dependency_is_in_the_windows_build() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    windows = _pins(REPO / "packaging" / "windows" / "requirements.txt")
    missing = []
    for spec in project["dependencies"]:
        requirement = Requirement(spec)
        if requirement.marker is not None and not requirement.marker.evaluate(
            {"sys_platform": "win32", "platform_system": "Windows", "os_name": "nt"}
        ):
            continue
        name = _name(requirement.name)
        if name not in windows or windows[name] not in requirement.specifier:
            missing.append(f"{spec} (Windows ships {windows.get(name)})")
    assert missing == []


def test_cryptography_has_hpke_everywhere() -> None:
    """Sealing needs HPKE, which cryptography has from 47 on: no range may admit less."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    (spec,) = [d for d in project["dependencies"] if _name(Requirement(d).name) == "cryptography"]
    allowed: SpecifierSet = Requirement(spec).specifier
    assert "46.0.9" not in allowed
    assert "47.0.0" in allowed
    for pins in ("constraints.txt", "packaging/windows/requirements.txt"):
        assert int(_pins(REPO / pins)["cryptography"].split(".")[0]) >= 47
