"""Plain Indonesian, no loanwords where Indonesian has a word (issue 36): no "Galat", no
"(signature pad)" or "(card reader)" after the Indonesian name of the device."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from drivers.base import Modality
from drivers.registry import available_backends
from tests.ui.text_walk import ALLOWED_PHRASES, english_words
from ui.device_catalogue import backend_text

ASSETS = Path(__file__).resolve().parents[2] / "assets"


def _translations() -> list[str]:
    root = ET.parse(ASSETS / "i18n" / "fieldkit_id.ts").getroot()  # noqa: S314 - our own file
    texts = []
    for message in root.iter("message"):
        translation = message.find("translation")
        if translation is not None:
            texts += [translation.text or ""] + [
                n.text or "" for n in translation.iter("numerusform")
            ]
    return texts


def test_no_translation_says_galat_or_names_a_device_in_english() -> None:
    texts = _translations()
    assert not [t for t in texts if "galat" in t.lower()]
    assert not [t for t in texts if "(signature pad)" in t or "(card reader)" in t]


def test_the_sarpras_checklist_names_its_items_in_plain_indonesian() -> None:
    template = json.loads((ASSETS / "templates" / "sarpras_default.json").read_text("utf-8"))
    labels = [item["label"] for section in template["sections"] for item in section["items"]]
    assert "Bantalan tanda tangan" in labels
    assert "Pembaca kartu" in labels
    english = {label: english_words(label) for label in labels if english_words(label)}
    assert not english, english


def test_the_text_walk_no_longer_lets_the_device_loanwords_through() -> None:
    assert "(signature pad)" not in ALLOWED_PHRASES
    assert "(card reader)" not in ALLOWED_PHRASES
    assert english_words("⚠ Galat") == ["Galat"]
    assert english_words("Alat tanda tangan (signature pad)")


#: Jargon and English an officer met on Indonesian screens (issue 47, finding 11), and its
#: kin: a capture's English name, a standard's or a unit's abbreviation, the data center's
#: internals, a reading that alarms ("data terbuka... dihapus").
_JARGON = (
    re.compile(r"\bslaps?\b", re.IGNORECASE),
    re.compile(r"\bNFIQ\b"),
    re.compile(r"\b[KMG]iB\b"),
    re.compile(r"\bbatas alat\b", re.IGNORECASE),
    re.compile(r"\bskema\b", re.IGNORECASE),
    re.compile(r"\b(GET|POST) /"),
    re.compile(r"\bterbukanya\b"),
    # A number written the English way: 100,000 (Indonesian: 100.000).
    re.compile(r"\b\d{1,3}(,\d{3})+\b"),
)


def test_no_translation_speaks_jargon_or_writes_a_number_the_english_way() -> None:
    found = sorted({t for t in _translations() for p in _JARGON if p.search(t)})
    # Paper sizes are Qt's own (its print dialog): "14,875 x 11 inci" is a decimal comma.
    assert [t for t in found if "inci" not in t] == []


def test_every_counted_translation_writes_its_count_in_the_indonesian_way(
    indonesian: None,
) -> None:
    """Qt's ``%n`` writes 100000; ``%Ln`` writes the locale's 100.000 (QLocale: Indonesian)."""
    counted = [t for t in _translations() if "%n" in t or "%Ln" in t]
    assert counted
    assert [t for t in counted if "%n" in t] == []
    said = QCoreApplication.translate("NavigationRail", "%n waiting to be sent", "", 100_000)
    assert said == "100.000 menunggu dikirim"


def test_no_device_is_named_by_its_backends_registry_key(indonesian: None) -> None:
    """Beranda's lights and Pengaturan say what a device is; ``isdv4`` stays in the config."""
    keys = {key for kind in Modality for key in available_backends(kind)}
    assert {"sim", "sbi", "isdv4"} <= keys
    for key in keys:
        said = backend_text(key)
        assert said != key, key
        assert not [k for k in keys if re.search(rf"(?<![\w-]){re.escape(k)}(?![\w-])", said)], said
    assert backend_text("sim") == "simulator (latihan)"
    assert backend_text(None) == "otomatis"
    assert backend_text("kantor-sendiri") == "kantor-sendiri"  # a site's own keeps its name


#: What a command line's help line keeps as typed: options, variables, argparse's places,
#: quoted commands and examples, metavars (FILE, DATA) and file names (backup.key).
_TYPED = re.compile(r"--[\w-]+|\$\w+|%\(\w+\)\w|'[^']*'|\b[A-Z][A-Z0-9_]+\b|\b\w+\.\w+\b")


def test_the_command_lines_help_lines_speak_no_english() -> None:
    """Issue 59 §8: every option's help line in Indonesian, without a word of English."""
    root = ET.parse(ASSETS / "i18n" / "fieldkit_id.ts").getroot()  # noqa: S314 - our own file
    (options,) = [c for c in root.iter("context") if c.findtext("name") == "cli-option"]
    lines = [m.findtext("translation") or "" for m in options.iter("message")]
    assert len(lines) > 300
    english = {line: english_words(_TYPED.sub(" ", line)) for line in lines}
    assert {line: words for line, words in english.items() if words} == {}
    assert [line for line in lines for p in _JARGON if p.search(line)] == []
