"""The sentences registry: one sentence per code, English filled for logs and the CLI."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest

import fieldkit.errors
from fieldkit import sentences

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _own_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    """The test sentences below stay out of the registry other tests read."""
    monkeypatch.setattr(sentences, "_SENTENCES", dict(sentences._SENTENCES))
    monkeypatch.setattr(sentences, "_PLURALS", dict(sentences._PLURALS))


def test_a_code_names_one_sentence() -> None:
    first = sentences.translate("test-only", "One {thing}.", "test.one")
    assert sentences.translate("test-only", "One {thing}.", "test.one") == first
    with pytest.raises(ValueError, match="two different sentences"):
        sentences.translate("test-only", "Another {thing}.", "test.one")
    assert sentences.template("test-only", "test.one") == "One {thing}."


def test_a_counted_sentence_takes_its_english_form() -> None:
    sentences.translate("test-only", "%n box(es) in {room}.", "test.boxes", sentences.PLURAL)
    sentences.plural("test-only", "test.boxes", "%n box in {room}.", "%n boxes in {room}.")
    one = sentences.english("test-only", "test.boxes", {"n": 1, "room": "A"})
    assert one == "1 box in A."
    assert sentences.english("test-only", "test.boxes", {"n": 4, "room": "A"}) == "4 boxes in A."


def test_a_code_without_a_sentence_still_renders(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="fieldkit.sentences"):
        assert sentences.english("test-only", "test.none", {"a": 1}) == "test.none(a=1)"
    assert "no catalogue sentence" in caplog.text
    assert sentences.english_if_any("test-only", "test.none") is None


def test_a_known_error_finds_its_english_with_only_its_package_imported() -> None:
    """A package registers its sentences on import: the English is there when it raises."""
    del fieldkit.errors
    script = (
        "from fieldkit.errors import KnownError\n"
        "import fieldkit.review\n"
        "print(KnownError(code='store_busy').message)\n"
        "print(KnownError(code='review_not_found', params={'record_id': 'r1'}).message)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert "store_busy" not in out[0]
    assert out[1] == "Record r1 is not waiting for review."
