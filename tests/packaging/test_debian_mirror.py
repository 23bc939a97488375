"""The Windows stage's chroots come from the Debian archive this machine's apt uses.

``packaging/windows/under_wine.py`` names no host: an office behind its own mirror has
that mirror in its apt sources, in either of apt's two formats.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "packaging" / "windows" / "under_wine.py"


@pytest.fixture(scope="module")
def under_wine() -> ModuleType:
    spec = importlib.util.spec_from_file_location("under_wine", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["under_wine"] = module  # dataclasses and typing look a module up by name
    spec.loader.exec_module(module)
    return module


def _apt(tmp_path: Path, files: dict[str, str]) -> Path:
    folder = tmp_path / "apt" / "sources.list.d"
    folder.mkdir(parents=True)
    for name, text in files.items():
        (tmp_path / "apt" / name).write_text(text, encoding="utf-8")
    return tmp_path / "apt"


def test_a_deb822_source_is_read_past_the_security_archive(
    under_wine: ModuleType, tmp_path: Path
) -> None:
    apt = _apt(
        tmp_path,
        {
            "sources.list.d/a-security.sources": (
                "Types: deb\nURIs: http://mirror.office.example/debian-security\n"
                "Suites: bookworm-security\nComponents: main\n"
            ),
            "sources.list.d/debian.sources": (
                "Types: deb deb-src\n# a comment\nURIs: http://mirror.office.example/debian/\n"
                "Suites: bookworm bookworm-updates\nComponents: main contrib\n"
                "Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg\n"
            ),
            "sources.list.d/other.list.disabled": "deb http://elsewhere.example/x stable main\n",
        },
    )
    assert under_wine.debian_mirror(apt) == "http://mirror.office.example/debian"


def test_a_one_line_source_with_options_is_read(under_wine: ModuleType, tmp_path: Path) -> None:
    apt = _apt(
        tmp_path,
        {
            "sources.list": (
                "# deb http://commented.example/debian bookworm main\n"
                "deb-src http://source.example/debian bookworm main\n"
                "deb [arch=amd64 signed-by=/k.gpg] http://mirror.office.example/debian "
                "bookworm main non-free-firmware\n"
            ),
        },
    )
    assert under_wine.debian_mirror(apt) == "http://mirror.office.example/debian"


def test_no_archive_with_main_is_said_by_name(under_wine: ModuleType, tmp_path: Path) -> None:
    apt = _apt(tmp_path, {"sources.list": "deb http://x.example/debian bookworm contrib\n"})
    with pytest.raises(under_wine.StepFailed, match="no Debian archive"):
        under_wine.debian_mirror(apt)


def test_this_machine_has_one(under_wine: ModuleType) -> None:
    """The stage runs on this machine: its apt sources name an archive (whatever it is)."""
    mirror = under_wine.debian_mirror()
    assert mirror.startswith(("http://", "https://", "file:/")), mirror
