"""The target import's notes in the officer's language.

``fieldkit.planning`` reports a file or row problem as a
:class:`~fieldkit.planning.target_import_types.Message`: a code, the catalogue entry
of its sentence and params; the NIK/KK check's findings travel beside them and are
worded by ``ui.nik_catalogue``.  A param named in ``WORDED_PARAMS`` holds a code
worded by its own entry, so the planning screen never picks a language.  The sentences
are written once in ``fieldkit/planning/sentences.py`` (contexts "targets" and "team"),
whose English the command line prints (``Message.message``); here Qt translates them.
"""

from __future__ import annotations

import logging

from fieldkit import sentences
from fieldkit.nik import Finding
from fieldkit.planning.schedule import TeamReason, TeamReasonCode
from fieldkit.planning.target_import_types import WORDED_PARAMS, Message, Note
from ui.core_sentences import core_text
from ui.labels_catalogue import category_texts
from ui.nik_catalogue import finding_text

log = logging.getLogger(__name__)


def _file_texts() -> dict[str, str]:
    """What is wrong with a whole file."""
    return {
        "file.empty": core_text("targets", "file.empty"),
        "file.no_header": core_text("targets", "file.no_header"),
        "file.repeated_column": core_text("targets", "file.repeated_column"),
        "file.not_csv_or_xlsx": core_text("targets", "file.not_csv_or_xlsx"),
        "file.excel_name_but_text": core_text("targets", "file.excel_name_but_text"),
        "file.excel_name_read_as_csv": core_text("targets", "file.excel_name_read_as_csv"),
        "file.too_many_rows": core_text("targets", "file.too_many_rows"),
        "file.too_large": core_text("targets", "file.too_large"),
        "file.old_xls": core_text("targets", "file.old_xls"),
        "file.field_too_long": core_text("targets", "file.field_too_long"),
        "file.encoding": core_text("targets", "file.encoding"),
        "file.damaged": core_text("targets", "file.damaged"),
        "file.merged_cells": core_text("targets", "file.merged_cells"),
        "file.xlsx_too_large": core_text("targets", "file.xlsx_too_large"),
        "file.xml_entities": core_text("targets", "file.xml_entities"),
        "file.no_rows": core_text("targets", "file.no_rows"),
        # --- why a file is not a table, what in a workbook is too large
        "reason.document": core_text("targets", "reason.document"),
        "reason.binary": core_text("targets", "reason.binary"),
        "reason.control_characters": core_text("targets", "reason.control_characters"),
        "reason.zip_without_workbook": core_text("targets", "reason.zip_without_workbook"),
        "reason.zip_damaged": core_text("targets", "reason.zip_damaged"),
        "reason.zip_packed_oddly": core_text("targets", "reason.zip_packed_oddly"),
        "reason.long_text": core_text("targets", "reason.long_text"),
        "reason.long_shared_string": core_text("targets", "reason.long_shared_string"),
        "reason.unpacked": core_text("targets", "reason.unpacked"),
        "reason.shared_strings": core_text("targets", "reason.shared_strings"),
    }


def _row_texts() -> dict[str, str]:
    """What is wrong with one row."""
    return {
        "number.nik": core_text("targets", "number.nik"),
        "number.kk": core_text("targets", "number.kk"),
        "cell.formula": core_text("targets", "cell.formula"),
        "cell.merged": core_text("targets", "cell.merged"),
        "cell.stored_as_number": core_text("targets", "cell.stored_as_number"),
        "cell.scientific_notation": core_text("targets", "cell.scientific_notation"),
        "cell.decimals": core_text("targets", "cell.decimals"),
        "cell.too_long": core_text("targets", "cell.too_long"),
        "tanggal_lahir.year_only": core_text("targets", "tanggal_lahir.year_only"),
        "tanggal_lahir.month_first": core_text("targets", "tanggal_lahir.month_first"),
        "tanggal_lahir.unreadable": core_text("targets", "tanggal_lahir.unreadable"),
        "tanggal_lahir.invalid": core_text("targets", "tanggal_lahir.invalid"),
        "tanggal_lahir.future": core_text("targets", "tanggal_lahir.future"),
        "jenis_kelamin.unknown": core_text("targets", "jenis_kelamin.unknown"),
        "kategori.unknown": core_text("targets", "kategori.unknown"),
        "jenis_disabilitas.missing": core_text("targets", "jenis_disabilitas.missing"),
        "rt_rw.invalid": core_text("targets", "rt_rw.invalid"),
        "nama.missing": core_text("targets", "nama.missing"),
        "nama.too_long": core_text("targets", "nama.too_long"),
        "nik.missing": core_text("targets", "nik.missing"),
        "kk.same_as_nik": core_text("targets", "kk.same_as_nik"),
        "nik.duplicate_in_file": core_text("targets", "nik.duplicate_in_file"),
        "nik.duplicate_stored": core_text("targets", "nik.duplicate_stored"),
    }


def import_texts() -> dict[str, str]:
    """Catalogue entry -> sentence; built per call so the installed translation applies."""
    return _file_texts() | _row_texts()


def message_text(message: Message) -> str:
    """An import's own note in the UI's language."""
    texts = import_texts()
    text = texts.get(message.sentence)
    if text is None:
        log.warning("no sentence in the import catalogue for %s", message.sentence)
        return message.message
    values = dict(message.params)
    for name in WORDED_PARAMS:
        if name in values:
            worded = texts.get(f"{name}.{values[name]}", str(values[name]))
            values[name] = sentences.render(worded, message.params)
    return sentences.render(text, values)


def note_text(note: Note) -> str:
    """A note on an import, its own or the NIK/KK check's, in the UI's language."""
    if isinstance(note, Finding):
        return finding_text(note)
    return message_text(note)


def team_texts(count: int = 1) -> dict[str, str]:
    """Team-rule code -> sentence; ``count`` picks the plural form of the counted ones.

    Built per call so the installed translation applies.
    """
    return {
        TeamReasonCode.RECORDING: core_text("team", "recording", count),
        TeamReasonCode.RECORDING_PLAIN: core_text("team", "recording_plain", count),
        TeamReasonCode.TRAVEL: core_text("team", "travel"),
        TeamReasonCode.COORDINATION: core_text("team", "coordination"),
        TeamReasonCode.ASSISTED: core_text("team", "assisted", count),
        TeamReasonCode.HARD_TERRAIN: core_text("team", "hard_terrain"),
        TeamReasonCode.SPLIT: core_text("team", "split"),
    }


def team_reason_text(reason: TeamReason) -> str:
    """One reason of the team rule in the UI's language."""
    count = int(reason.params.get(sentences.COUNT, "1"))
    text = team_texts(count).get(reason.code)
    if text is None:
        log.warning("no sentence in the team catalogue for %s", reason.code)
        return reason.message
    return sentences.render(text, {**reason.params, **_conditions_named(reason.params)})


def _conditions_named(params: dict[str, str]) -> dict[str, str]:
    """The core's "2 lansia, 1 odgj" with each category named as the screens name it."""
    conditions = params.get("conditions")
    if not conditions:
        return {}
    names = {category.value: name for category, name in category_texts().items()}
    named = []
    for item in conditions.split(", "):
        count, _, code = item.partition(" ")
        named.append(f"{count} {names.get(code, code)}")
    return {"conditions": ", ".join(named)}
