"""The target import's notes in words: the one place each sentence is written.

``fieldkit.planning`` reports a file or row problem as a
:class:`~fieldkit.planning.target_import_types.Message`: a code, the catalogue entry
of its sentence and params; the NIK/KK check's findings travel beside them and are
worded by ``ui.nik_catalogue``.  A param named in ``WORDED_PARAMS`` holds a code
worded by its own entry here, so the planning screen never picks a language.
``scripts/i18n.py --update`` copies these templates into the English fallback the
command line prints (``Message.message``).  The team rule's reasons
(:class:`~fieldkit.planning.schedule.TeamReason`, context "team") are worded here too.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication

from fieldkit import sentences
from fieldkit.nik import Finding
from fieldkit.planning.schedule import TeamReason, TeamReasonCode
from fieldkit.planning.target_import_types import WORDED_PARAMS, Message, Note
from ui.labels_catalogue import category_texts
from ui.nik_catalogue import finding_text

log = logging.getLogger(__name__)


def _file_texts() -> dict[str, str]:
    """What is wrong with a whole file."""
    return {
        "file.empty": QCoreApplication.translate("targets", "The file is empty.", "file.empty"),
        "file.no_header": QCoreApplication.translate(
            "targets",
            "No header row with the columns {columns} was found in the first {rows} rows. "
            "Put one row of column names above the list, with at least {columns}.",
            "file.no_header",
        ),
        "file.repeated_column": QCoreApplication.translate(
            "targets",
            "These columns appear twice in the header: {names}. Keep one of each.",
            "file.repeated_column",
        ),
        "file.not_csv_or_xlsx": QCoreApplication.translate(
            "targets",
            "This file is not a CSV or XLSX spreadsheet ({reason}). Open the list in Excel or "
            "LibreOffice and save it as .xlsx or as CSV.",
            "file.not_csv_or_xlsx",
        ),
        "file.excel_name_but_text": QCoreApplication.translate(
            "targets",
            "{name} is named like an Excel workbook but is not one: it holds plain text with "
            "no list in it. Open the real list in Excel or LibreOffice and save it as Excel "
            "Workbook (.xlsx) or as CSV.",
            "file.excel_name_but_text",
        ),
        "file.excel_name_read_as_csv": QCoreApplication.translate(
            "targets",
            "{name} is named like an Excel workbook but holds a CSV list; it was read as CSV.",
            "file.excel_name_read_as_csv",
        ),
        "file.too_many_rows": QCoreApplication.translate(
            "targets",
            "The list has more than {max} rows (empty but formatted rows count too). Split it "
            "into one file per village, or delete the empty rows below the list.",
            "file.too_many_rows",
        ),
        "file.too_large": QCoreApplication.translate(
            "targets",
            "The file is {size} MiB; split lists larger than {max} MiB.",
            "file.too_large",
        ),
        "file.old_xls": QCoreApplication.translate(
            "targets",
            "This is an old Excel 97-2003 (.xls) file. Open it in Excel and save it as Excel "
            "Workbook (.xlsx) or CSV, then import again.",
            "file.old_xls",
        ),
        "file.field_too_long": QCoreApplication.translate(
            "targets",
            "Row {row} has a cell longer than {limit} characters, or a quote that is never "
            "closed. Check that row in Excel, save the file again and import it.",
            "file.field_too_long",
        ),
        "file.encoding": QCoreApplication.translate(
            "targets",
            "The file was read as {encoding} (not UTF-8); check that names with accents look "
            "right.",
            "file.encoding",
        ),
        "file.damaged": QCoreApplication.translate(
            "targets",
            "The file cannot be read past row {row}; it may be damaged. Open it in Excel or "
            "LibreOffice, save it again and import it.",
            "file.damaged",
        ),
        "file.merged_cells": QCoreApplication.translate(
            "targets",
            "The sheet has {count} merged cell range(s); each merged cell was read as the "
            "value it shows.",
            "file.merged_cells",
        ),
        "file.xlsx_too_large": QCoreApplication.translate(
            "targets",
            "The workbook is too large inside ({reason}); a target list is at most {max} rows "
            "of short text. Copy the list alone into a new workbook, save it and import again.",
            "file.xlsx_too_large",
        ),
        "file.xml_entities": QCoreApplication.translate(
            "targets",
            "The workbook declares XML entities, which Excel never writes; it may have been "
            "made to attack the importer. Open it in Excel, save it as a new .xlsx and import "
            "that.",
            "file.xml_entities",
        ),
        "file.no_rows": QCoreApplication.translate(
            "targets", "The file has a header row but no targets below it.", "file.no_rows"
        ),
        # --- why a file is not a table, what in a workbook is too large
        "reason.document": QCoreApplication.translate(
            "targets", "it is a PDF, an image or an archive", "reason.document"
        ),
        "reason.binary": QCoreApplication.translate(
            "targets", "it contains binary data", "reason.binary"
        ),
        "reason.control_characters": QCoreApplication.translate(
            "targets", "it contains control characters", "reason.control_characters"
        ),
        "reason.zip_without_workbook": QCoreApplication.translate(
            "targets", "a ZIP archive without an Excel workbook", "reason.zip_without_workbook"
        ),
        "reason.zip_damaged": QCoreApplication.translate(
            "targets", "a damaged or unreadable ZIP archive", "reason.zip_damaged"
        ),
        "reason.zip_packed_oddly": QCoreApplication.translate(
            "targets", "a ZIP archive packed in a way Excel does not use", "reason.zip_packed_oddly"
        ),
        "reason.long_text": QCoreApplication.translate(
            "targets", "a cell or text longer than {kib} KiB", "reason.long_text"
        ),
        "reason.long_shared_string": QCoreApplication.translate(
            "targets", "a shared string longer than {kib} KiB", "reason.long_shared_string"
        ),
        "reason.unpacked": QCoreApplication.translate(
            "targets", "over {mib} MiB unpacked", "reason.unpacked"
        ),
        "reason.shared_strings": QCoreApplication.translate(
            "targets", "over {mib} MiB of text", "reason.shared_strings"
        ),
    }


def _row_texts() -> dict[str, str]:
    """What is wrong with one row."""
    return {
        "number.nik": QCoreApplication.translate("targets", "NIK", "number.nik"),
        "number.kk": QCoreApplication.translate("targets", "KK number", "number.kk"),
        "cell.formula": QCoreApplication.translate(
            "targets",
            "The {column} cell holds a formula; formulas are not imported. Select the column, "
            "Copy, then Paste Special > Values, save and import again.",
            "cell.formula",
        ),
        "cell.merged": QCoreApplication.translate(
            "targets",
            "The {number} cell is part of a merged range shared with another row; each person "
            "needs their own cell. Unmerge the cells.",
            "cell.merged",
        ),
        "cell.stored_as_number": QCoreApplication.translate(
            "targets",
            "The {number} is a number cell. "
            "Excel stored it as a number and keeps only 15 digits, so the last digit is lost. "
            "Fix: format the NIK column as Text, re-type (or paste) the full 16-digit numbers, "
            "save, and import again; or export a CSV from a sheet whose NIK column is Text.",
            "cell.stored_as_number",
        ),
        "cell.scientific_notation": QCoreApplication.translate(
            "targets",
            "The {number} is in scientific notation (like 3.31501E+15). "
            "Excel stored it as a number and keeps only 15 digits, so the last digit is lost. "
            "Fix: format the NIK column as Text, re-type (or paste) the full 16-digit numbers, "
            "save, and import again; or export a CSV from a sheet whose NIK column is Text.",
            "cell.scientific_notation",
        ),
        "cell.decimals": QCoreApplication.translate(
            "targets",
            "The {number} has decimals. "
            "Excel stored it as a number and keeps only 15 digits, so the last digit is lost. "
            "Fix: format the NIK column as Text, re-type (or paste) the full 16-digit numbers, "
            "save, and import again; or export a CSV from a sheet whose NIK column is Text.",
            "cell.decimals",
        ),
        "cell.too_long": QCoreApplication.translate(
            "targets",
            "{column} is longer than {limit} characters and was cut.",
            "cell.too_long",
        ),
        "tanggal_lahir.year_only": QCoreApplication.translate(
            "targets",
            "The birth date gives only a year; it was not stored.",
            "tanggal_lahir.year_only",
        ),
        "tanggal_lahir.month_first": QCoreApplication.translate(
            "targets",
            "The birth date looks like month/day/year; it was read as day/month/year.",
            "tanggal_lahir.month_first",
        ),
        "tanggal_lahir.unreadable": QCoreApplication.translate(
            "targets",
            "The birth date is not a date FieldKit understands; write it as DD-MM-YYYY "
            "(e.g. 17-08-1950) or use an Excel date cell.",
            "tanggal_lahir.unreadable",
        ),
        "tanggal_lahir.invalid": QCoreApplication.translate(
            "targets", "The birth date {date} does not exist.", "tanggal_lahir.invalid"
        ),
        "tanggal_lahir.future": QCoreApplication.translate(
            "targets", "The birth date is in the future.", "tanggal_lahir.future"
        ),
        "jenis_kelamin.unknown": QCoreApplication.translate(
            "targets",
            "Jenis kelamin must be L or P (Laki-laki / Perempuan).",
            "jenis_kelamin.unknown",
        ),
        "kategori.unknown": QCoreApplication.translate(
            "targets",
            "Kategori {category} is not one of lansia, disabilitas, ODGJ, terbaring, lainnya; "
            "it was stored as lainnya.",
            "kategori.unknown",
        ),
        "rt_rw.invalid": QCoreApplication.translate(
            "targets",
            "{field} must be a number of up to 3 digits; it was not stored.",
            "rt_rw.invalid",
        ),
        "nama.missing": QCoreApplication.translate(
            "targets", "The name (Nama) is empty.", "nama.missing"
        ),
        "nama.too_long": QCoreApplication.translate(
            "targets", "The name is longer than {max} characters.", "nama.too_long"
        ),
        "nik.missing": QCoreApplication.translate("targets", "The NIK is empty.", "nik.missing"),
        "kk.same_as_nik": QCoreApplication.translate(
            "targets",
            "The KK number equals the NIK; a KK number is the family card's own number.",
            "kk.same_as_nik",
        ),
        "nik.duplicate_in_file": QCoreApplication.translate(
            "targets",
            "The same NIK is already on row {row} of this file.",
            "nik.duplicate_in_file",
        ),
        "nik.duplicate_stored": QCoreApplication.translate(
            "targets",
            "This NIK is already a target of visit {visit} on {date}.",
            "nik.duplicate_stored",
        ),
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
            worded = texts.get(f"{name}.{values[name]}", values[name])
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
        TeamReasonCode.RECORDING: QCoreApplication.translate(
            "team",
            "%n target(s): {minutes} min of recording at {each} min each, more for {conditions}",
            "recording",
            count,
        ),
        TeamReasonCode.RECORDING_PLAIN: QCoreApplication.translate(
            "team",
            "%n target(s): {minutes} min of recording at {each} min each",
            "recording_plain",
            count,
        ),
        TeamReasonCode.TRAVEL: QCoreApplication.translate(
            "team",
            "door to door on {terrain} terrain: {each} min between houses, {minutes} min",
            "travel",
        ),
        TeamReasonCode.COORDINATION: QCoreApplication.translate(
            "team",
            "coordination with the village: {minutes} min",
            "coordination",
        ),
        TeamReasonCode.ASSISTED: QCoreApplication.translate(
            "team",
            "%n target(s) ODGJ, bed-bound or disabled: a second petugas",
            "assisted",
            count,
        ),
        TeamReasonCode.HARD_TERRAIN: QCoreApplication.translate(
            "team",
            "sulit terrain: a second petugas for safety",
            "hard_terrain",
        ),
        TeamReasonCode.SPLIT: QCoreApplication.translate(
            "team",
            "{minutes} min is more than one field day ({day} min): split the list over "
            "{days} visits",
            "split",
        ),
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
