"""Every sync reason has a sentence and a hint; the window's hint says what to do in the window."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from sync.client.errors import SyncError, SyncReason
from tests.e2e.language import english_words
from ui.sync_catalogue import sync_error_text, sync_texts


def test_every_reason_has_a_sentence_and_a_hint(qapp: QApplication) -> None:
    texts = sync_texts()
    for reason in SyncReason:
        assert texts[reason.value], reason
        assert texts[f"{reason.value}.hint"], reason
        error = SyncError(reason)
        assert error.message == texts[reason.value]  # the English fallback is the same sentence
        assert error.hint


def test_the_window_never_quotes_a_command_the_cli_still_does(qapp: QApplication) -> None:
    texts = sync_texts()
    for reason in SyncReason:
        assert "fieldkit" not in texts[f"{reason.value}.hint"], reason
    not_enrolled = SyncError(SyncReason.NOT_ENROLLED)
    assert not_enrolled.hint == "Run: fieldkit sync enroll URL CODE --ca-fingerprint F"
    assert "Enroll this laptop" in sync_error_text(not_enrolled)


@pytest.mark.usefixtures("indonesian")
def test_the_officer_reads_a_sync_failure_in_indonesian_only(qapp: QApplication) -> None:
    for reason in SyncReason:
        words = sync_error_text(SyncError(reason))
        assert english_words(words) == [], (reason, words)
    words = sync_error_text(SyncError(SyncReason.NO_NETWORK))
    assert words.startswith("Tidak ada koneksi jaringan")
    assert "Wi-Fi" in words


@pytest.mark.usefixtures("indonesian")
def test_a_detail_and_a_hint_from_the_raise_are_kept(qapp: QApplication) -> None:
    error = SyncError(SyncReason.REFUSED, "quota reached", hint="Call the office.")
    said = sync_error_text(error)
    assert said == "Data center menolak permintaan. (quota reached) Call the office."
    assert error.message == "quota reached"
    assert error.as_dict()["hint"] == "Call the office."
