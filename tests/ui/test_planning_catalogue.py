"""Every note of the target import has one sentence, said in the officer's language."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from fieldkit import sentences
from fieldkit.planning.kinds import Category, PlaceType, Terrain
from fieldkit.planning.schedule import TEAM_CONTEXT, TeamReason, TeamReasonCode, suggest_team
from fieldkit.planning.target_import_types import CONTEXT, Message
from tests.e2e.language import english_words
from ui.planning_catalogue import import_texts, message_text, team_reason_text, team_texts

REPO = Path(__file__).resolve().parents[2]


def _entries_in_the_core() -> set[str]:
    """The catalogue entry of each ``Message(...)``/``row.error``/``row.warn`` in planning."""
    found: set[str] = set()
    for path in (REPO / "fieldkit" / "planning").glob("target*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name not in {"Message", "error", "warn"}:
                continue
            wording = node.args[2] if len(node.args) > 2 else node.args[0]
            if isinstance(wording, ast.Constant) and isinstance(wording.value, str):
                found.add(wording.value)
    return found


def test_every_note_has_a_sentence_and_an_english_fallback(qapp: QApplication) -> None:
    entries = _entries_in_the_core()
    assert len(entries) > 25  # a broken scan finds few
    assert entries <= set(import_texts())
    generated = {s.code for s in sentences.registered() if s.context == CONTEXT}
    assert generated == set(import_texts())


def test_a_note_reads_in_indonesian(indonesian: None) -> None:
    refused = Message("file.not_csv_or_xlsx", {"reason": "binary"})
    assert message_text(refused).startswith(
        "Berkas ini bukan spreadsheet CSV atau XLSX (berisi data biner)."
    )
    large = Message("file.xlsx_too_large", {"reason": "unpacked", "mib": "256", "max": "100,000"})
    assert "(lebih dari 256 MB setelah dibuka)" in message_text(large)
    cell = Message("kk.stored_as_number", {"number": "kk"}, "cell.stored_as_number")
    assert message_text(cell).startswith("Nomor KK berupa sel angka.")


def test_the_command_line_reads_the_english_fallback() -> None:
    refused = Message("file.not_csv_or_xlsx", {"reason": "zip_damaged"})
    assert refused.message.startswith(
        "This file is not a CSV or XLSX spreadsheet (a damaged or unreadable ZIP archive)."
    )


def test_every_reason_of_the_team_rule_has_a_sentence_in_both_languages(
    qapp: QApplication,
) -> None:
    texts = team_texts()
    generated = {s.code for s in sentences.registered() if s.context == TEAM_CONTEXT}
    assert generated == {code.value for code in TeamReasonCode}
    for code in TeamReasonCode:
        assert texts[code], code


@pytest.mark.usefixtures("indonesian")
def test_the_planner_reads_the_team_rule_in_indonesian(qapp: QApplication) -> None:
    team = suggest_team([(Category.ODGJ,), (Category.LANSIA,)] * 10, Terrain.SULIT, PlaceType.RUMAH)
    said = [team_reason_text(reason) for reason in team.reasons]
    assert {r.code for r in team.reasons} >= {
        TeamReasonCode.RECORDING,
        TeamReasonCode.TRAVEL,
        TeamReasonCode.COORDINATION,
        TeamReasonCode.ASSISTED,
        TeamReasonCode.SPLIT,
    }
    for words in said:
        assert english_words(words) == [], words
    assert said[0].startswith("20 sasaran: ")
    assert "10 ODGJ" in said[0]  # the categories named as the screens name them, not "odgj"
    assert "10 sasaran ODGJ" in said[3]


def test_the_command_line_reads_the_team_rule_in_english_plurals() -> None:
    one = suggest_team([()], Terrain.MUDAH, PlaceType.KANTOR_DESA)
    assert one.reasons[0].message == "1 target: 30 min of recording at 30 min each"
    hard = TeamReason(TeamReasonCode.HARD_TERRAIN)
    assert hard.message == "sulit terrain: a second petugas for safety"
