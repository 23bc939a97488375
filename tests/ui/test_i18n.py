from __future__ import annotations

import pytest

from ui import i18n


def test_language_defaults_to_indonesian_and_english_is_available(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("FIELDKIT_LANG", raising=False)
    assert i18n.chosen_language() == "id"
    monkeypatch.setenv("FIELDKIT_LANG", "en")
    assert i18n.chosen_language() == "en"
    monkeypatch.setenv("FIELDKIT_LANG", "fr")
    assert i18n.chosen_language() == "id"
