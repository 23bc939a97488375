"""Every instruction the quality checks give has one sentence, said in the officer's language."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from fieldkit import sentences
from fieldkit.enrollment.assess import LOW_SCORE
from fieldkit.formats.positions import FingerPosition
from fieldkit.quality import face, finger, iris, signature
from fieldkit.quality.finger import DuplicateFinding, duplicate_report
from fieldkit.quality.result import OK_INSTRUCTION, QUALITY_CONTEXT, Instruction
from tests.e2e.language import english_words
from ui.quality_catalogue import finger_names, instruction_text, quality_texts


def _every_instruction() -> list[Instruction]:
    """What the checks can return: each modality's table, its special cases, the fallbacks."""
    found = [OK_INSTRUCTION, LOW_SCORE]
    found += list(face.INSTRUCTIONS.values()) + list(face._BACKGROUND_FOR.values())
    found += [*iris.INSTRUCTIONS.values(), iris._DILATED, iris._CONSTRICTED]
    found += list(signature.INSTRUCTIONS.values())
    found += [finger.PLACE_FLAT, finger.PRESS_FIRMER, finger.CLEAN_FINGER, finger.RETRY_FINGER]
    finding = DuplicateFinding(FingerPosition.RIGHT_INDEX, FingerPosition.LEFT_INDEX, 300)
    found.append(duplicate_report((finding,)).instruction)
    return found


def test_every_instruction_has_a_sentence_and_an_english_fallback(qapp: QApplication) -> None:
    texts = quality_texts()
    for instruction in _every_instruction():
        assert instruction.code in texts, instruction.code
        english = instruction.english()
        assert not english.startswith(f"{instruction.code}("), english  # not the unknown form


def test_the_catalogue_codes_are_the_ones_the_fallback_knows(qapp: QApplication) -> None:
    # The dict key and the translate() call's code are written twice: they must agree.
    generated = {s.code for s in sentences.registered() if s.context == QUALITY_CONTEXT}
    assert set(quality_texts()) | {f"finger_name.{p.value}" for p in finger_names()} == generated


@pytest.mark.usefixtures("indonesian")
def test_the_officer_reads_each_instruction_in_indonesian(qapp: QApplication) -> None:
    for instruction in _every_instruction():
        words = instruction_text(instruction)
        assert words
        assert english_words(words) == [], (instruction.code, words)
    assert instruction_text(face.INSTRUCTIONS["too_dark"]) == "Wajah terlalu gelap; tambah cahaya"


@pytest.mark.usefixtures("indonesian")
def test_a_duplicate_names_both_fingers_in_the_officers_words(qapp: QApplication) -> None:
    finding = DuplicateFinding(FingerPosition.RIGHT_INDEX, FingerPosition.LEFT_INDEX, 300)
    words = instruction_text(duplicate_report((finding,)).instruction)
    assert words == (
        "Telunjuk kanan dan Telunjuk kiri tampak jari yang sama; ulangi dengan jari yang benar"
    )


def test_in_english_the_screen_and_the_cli_say_the_same(qapp: QApplication) -> None:
    finding = DuplicateFinding(FingerPosition.RIGHT_THUMB, FingerPosition.LEFT_THUMB, 300)
    instruction = duplicate_report((finding,)).instruction
    assert instruction_text(instruction) == instruction.english()
    assert instruction.english().startswith("Right thumb and Left thumb look like")


def test_an_unknown_code_says_its_english_rather_than_nothing(qapp: QApplication) -> None:
    assert instruction_text(Instruction("face.no_such_thing", {"x": "1"})) == (
        "face.no_such_thing(x=1)"
    )
