"""Counts are said with Qt's numerus forms: "1 record", "2 records", never "record(s)"."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from ui import i18n

I18N = Path(__file__).resolve().parents[2] / "assets" / "i18n"


def _numerus(ts: Path) -> set[tuple[str, str]]:
    root = ET.parse(ts).getroot()  # noqa: S314 - our own file
    return {
        (context.findtext("name") or "", message.findtext("source") or "")
        for context in root.iter("context")
        for message in context.iter("message")
        if message.get("numerus") == "yes"
    }


def test_the_english_numerus_forms_load(qapp: QApplication) -> None:
    translator = i18n.install(qapp, "en")
    assert translator is not None, "the English numerus forms must load"
    qapp.removeTranslator(translator)


def test_every_counted_sentence_has_english_numerus_forms() -> None:
    counted = _numerus(I18N / "fieldkit_id.ts")
    assert counted, "lupdate found no %n sentence"
    assert counted <= _numerus(I18N / "fieldkit_en.ts")


def test_no_screen_builds_a_plural_by_replacing_n() -> None:
    sources = (Path(__file__).resolve().parents[2] / "ui").rglob("*.py")
    offenders = [str(p) for p in sources if '.replace("%n"' in p.read_text(encoding="utf-8")]
    assert offenders == []


def test_english_says_one_and_many(qapp: QApplication) -> None:
    def said(n: int) -> str:
        return QCoreApplication.translate("SyncPage", "%n record(s) written to %1.", "", n)

    assert said(1) == "1 record written to %1."
    assert said(3) == "3 records written to %1."


@pytest.mark.usefixtures("indonesian")
def test_indonesian_has_one_form(qapp: QApplication) -> None:
    said = QCoreApplication.translate("CaptureStep", "%n attempt(s) left.", "", 2)
    assert said == "Sisa 2 percobaan."
