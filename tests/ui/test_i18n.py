from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from fieldkit import logs
from fieldkit.enrollment import intake
from fieldkit.enrollment.exceptions import ExceptionReason
from fieldkit.enrollment.intake import PersonInput
from fieldkit.errors import KnownError
from fieldkit.planning import kinds, requests
from fieldkit.workspace import Workspace
from tests.e2e.language import english_words
from ui import i18n
from ui.messages import explain, explain_any


def test_language_defaults_to_indonesian_and_english_is_available(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("FIELDKIT_LANG", raising=False)
    assert i18n.chosen_language() == "id"
    monkeypatch.setenv("FIELDKIT_LANG", "en")
    assert i18n.chosen_language() == "en"
    monkeypatch.setenv("FIELDKIT_LANG", "fr")
    assert i18n.chosen_language() == "id"


def test_a_bug_is_worded_with_where_its_details_are(
    qapp: QApplication, tmp_path: Path, indonesian: None
) -> None:
    # "Terjadi kesalahan. Rinciannya ada di berkas log." pointed at no file (issue 14).
    log_file = logs.configure(log_dir=tmp_path / "logs")
    assert log_file is not None
    words = explain_any(RuntimeError("a bug"))
    assert str(log_file) in words
    assert words.startswith("Terjadi kesalahan")


def _refusal(action: Callable[[], object]) -> KnownError:
    with pytest.raises(KnownError) as refused:
        action()
    return refused.value


def test_the_core_refusals_a_person_meets_read_in_indonesian(
    workspace: Workspace, indonesian: None
) -> None:
    # "The letter number (nomor surat) is required.", "Region code ... not in the Kemendagri
    # region table" and "The NIK is not valid: Day field 99" reached the Indonesian screens.
    letter = _refusal(
        lambda: requests.create_request(
            workspace,
            number=" ",
            letter_date=dt.date(2026, 11, 20),
            requester_type=kinds.RequesterType.DESA,
            requester_name="Desa Sumberjo",
            region_code="3315012005",
        )
    )
    assert "nomor surat" in explain(letter).lower()
    assert not english_words(explain(letter)), explain(letter)
    region = _refusal(lambda: kinds.check_region_code("9999"))
    assert "9999" in explain(region)
    assert not english_words(explain(region)), explain(region)
    bad_nik = PersonInput(nik="3315019901000001", name="Uji Sasaran", birth_date=None, sex="L")
    nik_words = explain(_refusal(lambda: intake.check_person(bad_nik)))
    assert nik_words.startswith("NIK tidak valid: Kolom tanggal 99")
    assert not english_words(nik_words), nik_words


def test_a_missing_device_reads_in_indonesian(qapp: QApplication, indonesian: None) -> None:
    """Beranda on an installed laptop with no device said "No face device found." (Wine).

    The supervisor reports a missing device as a driver failure with the reason
    ``not_found``, a probe as ``StatusReason.NOT_FOUND``: both read the same.
    """
    from drivers.base import StatusReason
    from ui.device_catalogue import device_detail

    supervised = device_detail(StatusReason.FAILED, "not_found", "No face device found.")
    probed = device_detail(StatusReason.NOT_FOUND)
    assert supervised == probed == "tidak tersambung"
    assert device_detail("no longer a reason") == "status tidak diketahui"


def test_every_device_status_reads_in_both_languages(qapp: QApplication, indonesian: None) -> None:
    """A status code with no sentence would show its code, or English, on Beranda."""
    from drivers.base import StatusReason
    from fieldkit import sentences
    from ui.device_catalogue import device_detail, failure_texts, status_texts

    assert set(status_texts()) == set(StatusReason)
    for reason in StatusReason:
        words = device_detail(reason, "checksum", "3")
        assert words, reason
        assert not english_words(words), (reason, words)
        assert sentences.template("devices", f"status.{reason.value}") is not None, reason
    for error, words in failure_texts().items():
        assert not english_words(words), (error, words)
        assert sentences.template("devices", f"status.failed.{error}") is not None, error
    assert device_detail(StatusReason.FAILED, "checksum") == "gangguan perangkat (checksum)"


#: The words UU 8/2016 on persons with disabilities left behind ("tuna-" names a lack);
#: the law's are "disabilitas fisik, intelektual, mental, sensorik (netra, rungu, wicara)".
_OLD_DISABILITY_WORDS = re.compile(r"\btuna(netra|daksa|rungu|wicara|grahita|laras)", re.IGNORECASE)


def test_no_indonesian_text_uses_the_words_uu_8_2016_left_behind() -> None:
    """Every translation and every Indonesian label in the core (issue 59 §9)."""
    catalogue = Path(__file__).resolve().parents[2] / "assets" / "i18n" / "fieldkit_id.ts"
    translations = re.findall(r"<translation>(.*?)</translation>", catalogue.read_text("utf-8"))
    assert translations
    old = [t for t in translations if _OLD_DISABILITY_WORDS.search(t)]
    assert old == [], old
    labels = [reason.document_term for reason in ExceptionReason]
    assert "Disabilitas netra / penyakit mata" in labels
    assert not [label for label in labels if _OLD_DISABILITY_WORDS.search(label)]
