from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from fieldkit import logs
from ui import i18n
from ui.messages import explain_any


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
