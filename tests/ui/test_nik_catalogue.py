"""Every NIK/KK finding has one sentence, said in the officer's language, old stores included."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from PySide6.QtWidgets import QApplication

from fieldkit import nik, sentences
from fieldkit.review.queue import _nik_warning
from ui.nik_catalogue import finding_text, nik_texts, stored_finding_text

#: Numbers that between them give every finding the checks can report.
_NIKS = [
    "",
    "33150147O8950003",
    "3315 0147 0895 0003",
    "3315014708950003"[:-1],
    "9915017202950000",
    "3399014708950003",
    "3315994708950003",
    "3315019901409001",
    "3315013102950003",
    "3315010101990003",
    "9101014708950003",
]
_KKS = ["", "331501O1", "3315014708950003", "3315013102950003", "3315010000000000"]


def _every_finding() -> list[nik.Finding]:
    found: list[nik.Finding] = []
    for value in _NIKS:
        checked = nik.check_nik(
            value, birth_date=dt.date(1990, 1, 1), sex=nik.Sex.MALE, today=dt.date(1998, 6, 1)
        )
        found += [*checked.errors, *checked.warnings]
    for value in _KKS:
        kk = nik.check_kk(value, today=dt.date(2026, 1, 1))
        found += [*kk.errors, *kk.warnings]
    return found


def test_every_finding_has_a_sentence_and_an_english_fallback(qapp: QApplication) -> None:
    texts = nik_texts()
    findings = _every_finding()
    assert len({f.sentence for f in findings}) >= 15  # a broken list of numbers finds few
    for finding in findings:
        assert finding.sentence in texts, finding.sentence
        assert not finding.message.startswith(finding.sentence + "("), finding.message
        assert "{" not in finding.message, finding.message


def test_the_catalogue_entries_are_the_ones_the_fallback_knows(qapp: QApplication) -> None:
    generated = {s.code for s in sentences.registered() if s.context == nik.CONTEXT}
    assert generated == set(nik_texts())


def test_a_finding_reads_in_indonesian(indonesian: None) -> None:
    letter = nik.check_nik("33150147O8950003").errors[0]
    assert finding_text(letter) == "NIK hanya boleh berisi angka 0-9; posisi 9 berisi huruf"
    short = nik.check_kk("331501470895000").errors[0]
    assert finding_text(short) == "Nomor KK berisi 15 digit, seharusnya 16"
    mixed = nik.check_nik("3315014708950003", sex=nik.Sex.MALE).warnings[0]
    assert "jenis kelamin perempuan tetapi formulir berisi laki-laki" in finding_text(mixed)


def test_a_finding_reads_in_english(english: None) -> None:
    letter = nik.check_nik("33150147O8950003").errors[0]
    assert finding_text(letter) == letter.message
    assert letter.message == "NIK may contain only the digits 0-9; position 9 has a letter"


@pytest.mark.usefixtures("indonesian")
def test_the_review_queue_words_a_stored_finding_and_keeps_an_old_one() -> None:
    warning = nik.check_nik("3315014708950003", sex=nik.Sex.MALE).warnings[0]
    stored = json.loads(json.dumps(warning.as_json()))
    detail = _nik_warning(warning.code, stored)
    assert detail["text"] is None
    assert detail["params"] is not None
    words = stored_finding_text(detail["wording"] or "", detail["params"])
    assert words == finding_text(warning)
    # A store written before findings were codes kept the Indonesian sentence itself.
    old = {"code": "nik.sex_mismatch", "message": "The NIK ...", "pesan": "NIK memuat ..."}
    assert _nik_warning("nik.sex_mismatch", old)["text"] == "NIK memuat ..."
