"""Every note of the target import has one sentence, said in the officer's language."""

from __future__ import annotations

import ast
from pathlib import Path

from PySide6.QtWidgets import QApplication

from fieldkit import catalogue_en
from fieldkit.planning.target_import_types import CONTEXT, Message
from ui.planning_catalogue import import_texts, message_text

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
    generated = {code for context, code in catalogue_en.SENTENCES if context == CONTEXT}
    assert generated == set(import_texts())


def test_a_note_reads_in_indonesian(indonesian: None) -> None:
    refused = Message("file.not_csv_or_xlsx", {"reason": "binary"})
    assert message_text(refused).startswith(
        "Berkas ini bukan spreadsheet CSV atau XLSX (berisi data biner)."
    )
    large = Message("file.xlsx_too_large", {"reason": "unpacked", "mib": "256", "max": "100,000"})
    assert "(lebih dari 256 MiB setelah dibuka)" in message_text(large)
    cell = Message("kk.stored_as_number", {"number": "kk"}, "cell.stored_as_number")
    assert message_text(cell).startswith("Nomor KK berupa sel angka.")


def test_the_command_line_reads_the_english_fallback() -> None:
    refused = Message("file.not_csv_or_xlsx", {"reason": "zip_damaged"})
    assert refused.message.startswith(
        "This file is not a CSV or XLSX spreadsheet (a damaged or unreadable ZIP archive)."
    )
