"""Planning's sentences: the target import ("targets"), the team rule ("team"), its errors.

Each ``translate(context, English, code)`` is written once, here, beside the code that
raises or prints it; Qt's lupdate extracts it into ``assets/i18n/fieldkit_id.ts`` for the
screens, and :mod:`fieldkit.sentences` renders its English for logs, the CLI and ``--json``.
docs/architecture.md, "How to add a sentence", says how to add one.
"""

from __future__ import annotations

from fieldkit.sentences import PLURAL, plural, translate

translate(
    "errors",
    "Region code {code} must be a Kemendagri code of 4 (kabupaten/kota), 6 "
    "(kecamatan) or 10 (desa/kelurahan) digits, e.g. 35.05.01.2001.",
    "region_code_format",
)
translate(
    "errors",
    "Region code {code} is not in the Kemendagri region table.",
    "region_code_unknown",
)
translate(
    "errors",
    "The requester's name (e.g. Desa Sumberjo) is required.",
    "requester_name_required",
)
translate("errors", "A {what} id needs at least {min} characters.", "id_prefix_too_short")
translate("errors", "No {what} with id {id}.", "id_not_found")
translate("errors", "The {what} id {id} is ambiguous; type more of it.", "id_ambiguous")
translate(
    "errors",
    "Unknown requester type {value}; choose one of: {choices}.",
    "requester_type_unknown",
)
translate("errors", "Time {value} must look like 08:00 (24-hour clock).", "time_format")
translate(
    "errors",
    "A team needs at least one petugas besides the ketua tim.",
    "team_needs_petugas",
)
translate("errors", "An officer can hold only one place on a team.", "team_duplicate_officer")
translate("errors", "Plan between 1 and {max} visits at a time.", "visits_count_range")
translate("errors", "Visits must be at least one day apart.", "visits_cadence_too_small")
translate("errors", "The desa/kelurahan name is required.", "desa_name_required")
translate("errors", "{code} is not a 6-digit kecamatan code.", "kecamatan_code_format")
translate("errors", "Desa code {code} is not in kecamatan {kecamatan}.", "desa_not_in_kecamatan")
translate("errors", "No active officer named {username}.", "officer_not_active")
translate("errors", "{username} is not a ketua tim and cannot lead the team.", "officer_not_ketua")
translate("errors", "{username} is a {role}, not a field officer.", "officer_not_field")
translate("errors", "Cannot read {path}: {reason}.", "targets_file_unreadable")
translate("errors", "The letter number (nomor surat) is required.", "letter_number_required")
translate("errors", "The letter date {date} is in the future.", "letter_date_in_future")
translate("targets", "The file is empty.", "file.empty")
translate(
    "targets",
    "No header row with the columns {columns} was found in the first {rows} rows. "
    "Put one row of column names above the list, with at least {columns}.",
    "file.no_header",
)
translate(
    "targets",
    "These columns appear twice in the header: {names}. Keep one of each.",
    "file.repeated_column",
)
translate(
    "targets",
    "This file is not a CSV or XLSX spreadsheet ({reason}). Open the list in Excel or "
    "LibreOffice and save it as .xlsx or as CSV.",
    "file.not_csv_or_xlsx",
)
translate(
    "targets",
    "{name} is named like an Excel workbook but is not one: it holds plain text with "
    "no list in it. Open the real list in Excel or LibreOffice and save it as Excel "
    "Workbook (.xlsx) or as CSV.",
    "file.excel_name_but_text",
)
translate(
    "targets",
    "{name} is named like an Excel workbook but holds a CSV list; it was read as CSV.",
    "file.excel_name_read_as_csv",
)
translate(
    "targets",
    "The list has more than {max} rows (empty but formatted rows count too). Split it "
    "into one file per village, or delete the empty rows below the list.",
    "file.too_many_rows",
)
translate(
    "targets",
    "The file is {size} MiB; split lists larger than {max} MiB.",
    "file.too_large",
)
translate(
    "targets",
    "This is an old Excel 97-2003 (.xls) file. Open it in Excel and save it as Excel "
    "Workbook (.xlsx) or CSV, then import again.",
    "file.old_xls",
)
translate(
    "targets",
    "Row {row} has a cell longer than {limit} characters, or a quote that is never "
    "closed. Check that row in Excel, save the file again and import it.",
    "file.field_too_long",
)
translate(
    "targets",
    "The file was read as {encoding} (not UTF-8); check that names with accents look right.",
    "file.encoding",
)
translate(
    "targets",
    "The file cannot be read past row {row}; it may be damaged. Open it in Excel or "
    "LibreOffice, save it again and import it.",
    "file.damaged",
)
translate(
    "targets",
    "The sheet has {count} merged cell range(s); each merged cell was read as the value it shows.",
    "file.merged_cells",
)
translate(
    "targets",
    "The workbook is too large inside ({reason}); a target list is at most {max} rows "
    "of short text. Copy the list alone into a new workbook, save it and import again.",
    "file.xlsx_too_large",
)
translate(
    "targets",
    "The workbook declares XML entities, which Excel never writes; it may have been "
    "made to attack the importer. Open it in Excel, save it as a new .xlsx and import "
    "that.",
    "file.xml_entities",
)
translate("targets", "The file has a header row but no targets below it.", "file.no_rows")
translate("targets", "it is a PDF, an image or an archive", "reason.document")
translate("targets", "it contains binary data", "reason.binary")
translate("targets", "it contains control characters", "reason.control_characters")
translate("targets", "a ZIP archive without an Excel workbook", "reason.zip_without_workbook")
translate("targets", "a damaged or unreadable ZIP archive", "reason.zip_damaged")
translate("targets", "a ZIP archive packed in a way Excel does not use", "reason.zip_packed_oddly")
translate("targets", "a cell or text longer than {kib} KiB", "reason.long_text")
translate("targets", "a shared string longer than {kib} KiB", "reason.long_shared_string")
translate("targets", "over {mib} MiB unpacked", "reason.unpacked")
translate("targets", "over {mib} MiB of text", "reason.shared_strings")
translate("targets", "NIK", "number.nik")
translate("targets", "KK number", "number.kk")
translate(
    "targets",
    "The {column} cell holds a formula; formulas are not imported. Select the column, "
    "Copy, then Paste Special > Values, save and import again.",
    "cell.formula",
)
translate(
    "targets",
    "The {number} cell is part of a merged range shared with another row; each person "
    "needs their own cell. Unmerge the cells.",
    "cell.merged",
)
translate(
    "targets",
    "The {number} is a number cell. "
    "Excel stored it as a number and keeps only 15 digits, so the last digit is lost. "
    "Fix: format the NIK column as Text, re-type (or paste) the full 16-digit numbers, "
    "save, and import again; or export a CSV from a sheet whose NIK column is Text.",
    "cell.stored_as_number",
)
translate(
    "targets",
    "The {number} is in scientific notation (like 3.31501E+15). "
    "Excel stored it as a number and keeps only 15 digits, so the last digit is lost. "
    "Fix: format the NIK column as Text, re-type (or paste) the full 16-digit numbers, "
    "save, and import again; or export a CSV from a sheet whose NIK column is Text.",
    "cell.scientific_notation",
)
translate(
    "targets",
    "The {number} has decimals. "
    "Excel stored it as a number and keeps only 15 digits, so the last digit is lost. "
    "Fix: format the NIK column as Text, re-type (or paste) the full 16-digit numbers, "
    "save, and import again; or export a CSV from a sheet whose NIK column is Text.",
    "cell.decimals",
)
translate(
    "targets",
    "{column} is longer than {limit} characters and was cut.",
    "cell.too_long",
)
translate(
    "targets",
    "The birth date gives only a year; it was not stored.",
    "tanggal_lahir.year_only",
)
translate(
    "targets",
    "The birth date looks like month/day/year; it was read as day/month/year.",
    "tanggal_lahir.month_first",
)
translate(
    "targets",
    "The birth date is not a date FieldKit understands; write it as DD-MM-YYYY "
    "(e.g. 17-08-1950) or use an Excel date cell.",
    "tanggal_lahir.unreadable",
)
translate("targets", "The birth date {date} does not exist.", "tanggal_lahir.invalid")
translate("targets", "The birth date is in the future.", "tanggal_lahir.future")
translate(
    "targets",
    "Jenis kelamin must be L or P (Laki-laki / Perempuan).",
    "jenis_kelamin.unknown",
)
translate(
    "targets",
    "Kategori {category} is not one of lansia, disabilitas, ODGJ, terbaring, lainnya; "
    "it was stored as lainnya.",
    "kategori.unknown",
)
translate(
    "targets",
    "{field} must be a number of up to 3 digits; it was not stored.",
    "rt_rw.invalid",
)
translate(
    "targets",
    "Kategori is disabilitas but the Jenis disabilitas column is empty: the person cannot be "
    "recorded until the kind is known. Fill it in the file and import again, or complete it "
    "in Planning → Targets.",
    "jenis_disabilitas.missing",
)
translate("targets", "The name (Nama) is empty.", "nama.missing")
translate("targets", "The name is longer than {max} characters.", "nama.too_long")
translate("targets", "The NIK is empty.", "nik.missing")
translate(
    "targets",
    "The KK number equals the NIK; a KK number is the family card's own number.",
    "kk.same_as_nik",
)
translate(
    "targets",
    "The same NIK is already on row {row} of this file.",
    "nik.duplicate_in_file",
)
translate(
    "targets",
    "This NIK is already a target of visit {visit} on {date}.",
    "nik.duplicate_stored",
)
translate(
    "team",
    "%n target(s): {minutes} min of recording at {each} min each, more for {conditions}",
    "recording",
    PLURAL,
)
plural(
    "team",
    "recording",
    "%n target: {minutes} min of recording at {each} min each, more for {conditions}",
    "%n targets: {minutes} min of recording at {each} min each, more for {conditions}",
)
translate(
    "team",
    "%n target(s): {minutes} min of recording at {each} min each",
    "recording_plain",
    PLURAL,
)
plural(
    "team",
    "recording_plain",
    "%n target: {minutes} min of recording at {each} min each",
    "%n targets: {minutes} min of recording at {each} min each",
)
translate(
    "team",
    "door to door on {terrain} terrain: {each} min between houses, {minutes} min",
    "travel",
)
translate(
    "team",
    "coordination with the village: {minutes} min",
    "coordination",
)
translate(
    "team",
    "%n target(s) ODGJ, bed-bound or disabled: a second petugas",
    "assisted",
    PLURAL,
)
plural(
    "team",
    "assisted",
    "%n target ODGJ, bed-bound or disabled: a second petugas",
    "%n targets ODGJ, bed-bound or disabled: a second petugas",
)
translate(
    "team",
    "sulit terrain: a second petugas for safety",
    "hard_terrain",
)
translate(
    "team",
    "{minutes} min is more than one field day ({day} min): split the list over {days} visits",
    "split",
)
