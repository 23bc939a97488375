"""Every sync reason has a sentence and a hint; the window's hint says what to do in the window."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from fieldkit import sentences
from sync.client.errors import SERVER_PREFIX, SYNC_CONTEXT, SyncError, SyncReason
from sync.client.outcomes import RECORD_CODES
from sync.client.transport import _SERVER_REASONS
from sync.protocol import Reason
from tests.e2e.language import english_words
from ui.sync_catalogue import (
    detail_texts,
    record_texts,
    server_texts,
    sync_error_text,
    sync_texts,
)

REPO = Path(__file__).resolve().parents[2]
#: Every ``BundleError`` reason of ``sync.bundle``; ``load_bundle`` raises each as a detail.
BUNDLE_REASONS = (
    "not_json",
    "not_bundle",
    "version",
    "incomplete",
    "unreadable",
    "no_qr",
    "image_too_large",
)


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
def test_a_refusal_is_worded_by_the_data_centers_reason_not_its_english(
    qapp: QApplication,
) -> None:
    error = SyncError(
        SyncReason.REFUSED, server_reason="client_too_old", details={"minimum": "2.1"}
    )
    said = sync_error_text(error)
    assert said == (
        "Data center memerlukan FieldKit 2.1 atau yang lebih baru di laptop ini."
        " Minta pembaruan FieldKit, pasang, lalu coba lagi."
    )
    assert error.message == "The data center needs FieldKit 2.1 or newer on this laptop."
    assert error.as_dict()["hint"] == "Ask for the FieldKit update, install it, then try again."


@pytest.mark.usefixtures("indonesian")
def test_a_reason_from_a_newer_data_center_is_named_by_its_code(qapp: QApplication) -> None:
    error = SyncError(SyncReason.REFUSED, server_reason="quota_reached")
    said = sync_error_text(error)
    assert said.startswith("Data center menolak permintaan. (quota_reached) ")
    assert english_words(said.replace("quota_reached", "")) == []
    assert error.message == "The data center refused the request. (quota_reached)"


@pytest.mark.usefixtures("indonesian")
def test_every_refusal_reason_the_laptop_meets_has_a_sentence_in_both_languages(
    qapp: QApplication,
) -> None:
    indonesian = server_texts()
    own = {str(reason) for reason in _SERVER_REASONS} | {Reason.INTERNAL_ERROR.value}
    for reason in Reason:
        if reason.value in own:
            continue  # worded as a SyncReason of its own
        code = f"{SERVER_PREFIX}{reason.value}"
        english = sentences.template(SYNC_CONTEXT, code)
        assert english, reason
        assert indonesian[code], reason
        assert indonesian[code] != english, reason
        error = SyncError(SyncReason.REFUSED, server_reason=reason.value, details={"minimum": "2"})
        assert error.message == sentences.render(english, {"minimum": "2"}), reason
        assert error.hint


@pytest.mark.usefixtures("indonesian")
def test_every_record_outcome_code_has_a_sentence_in_both_languages(qapp: QApplication) -> None:
    indonesian = record_texts()
    for code in RECORD_CODES:
        english = sentences.template(SYNC_CONTEXT, f"record.{code}")
        assert english, code
        assert indonesian[f"record.{code}"], code
        assert indonesian[f"record.{code}"] != english, code


def _details_raised() -> set[str]:
    """The detail and hint codes the sync client's raises give (``SyncError(reason, "code")``)."""
    found: set[str] = set()
    for path in (REPO / "sync" / "client").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "SyncError"):
                continue
            if len(node.args) > 1 and isinstance(node.args[1], ast.Constant):
                found.add(f"detail.{node.args[1].value}")
            found |= {
                f"hint.{k.value.value}"
                for k in node.keywords
                if k.arg == "hint" and isinstance(k.value, ast.Constant)
            }
    return found


def test_every_detail_a_raise_gives_has_a_sentence(qapp: QApplication) -> None:
    raised = _details_raised()
    assert len(raised) > 8  # a broken scan finds few
    assert raised <= set(detail_texts())
    bundle = {f"detail.bundle_{reason}" for reason in BUNDLE_REASONS}
    assert bundle <= set(detail_texts())


@pytest.mark.usefixtures("indonesian")
def test_a_detail_reads_in_indonesian(qapp: QApplication) -> None:
    error = SyncError(
        SyncReason.EXPORT_INVALID,
        "no_receipts",
        params={"file": "receipts.json", "directory": "E:\\"},
    )
    said = sync_error_text(error)
    assert "(Tidak ada receipts.json di E:\\.)" in said
    assert said.endswith("Jalankan 'fieldkit-datacenter import' pada flashdisk terlebih dahulu.")
    assert error.message == "No receipts.json under E:\\."
    assert error.hint == "Run 'fieldkit-datacenter import' on the drive first."
