"""Plain Indonesian, no loanwords where Indonesian has a word (issue 36): no "Galat", no
"(signature pad)" or "(card reader)" after the Indonesian name of the device."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from tests.ui.text_walk import ALLOWED_PHRASES, english_words

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
