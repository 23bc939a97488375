"""The NIK and KK checks' findings in words (context "nik"), rendered by :mod:`fieldkit.nik`.

Each ``translate(context, English, code)`` is written once, here, beside the code that
raises or prints it; Qt's lupdate extracts it into ``assets/i18n/fieldkit_id.ts`` for the
screens, and :mod:`fieldkit.sentences` renders its English for logs, the CLI and ``--json``.
docs/architecture.md, "How to add a sentence", says how to add one.
"""

from __future__ import annotations

from fieldkit.sentences import translate

translate("nik", "NIK", "number.nik")
translate("nik", "KK number", "number.kk")
translate("nik", "a space", "char.space")
translate("nik", "a letter", "char.letter")
translate("nik", "a character that is not a digit", "char.other")
translate("nik", "male", "sex.L")
translate("nik", "female", "sex.P")
translate("nik", "{number} is empty", "empty")
translate(
    "nik",
    "{number} may contain only the digits 0-9; position {positions} has {char}",
    "not_digits.one",
)
translate(
    "nik",
    "{number} may contain only the digits 0-9; positions {positions} are not digits "
    "(the first is {char})",
    "not_digits.many",
)
translate("nik", "{number} has {count} digits, needs {needed}", "length")
translate("nik", "{number} has {count} characters, needs {needed} digits", "length.characters")
translate("nik", "Province code {province} does not exist", "province_unknown")
translate(
    "nik",
    "Regency/city code {regency} does not exist in {province_name}",
    "regency_unknown",
)
translate("nik", "Regency/city code {regency} cannot be resolved", "regency_unresolved")
translate(
    "nik",
    "Kecamatan code {district} is not in the region table for {regency_name}; check "
    "it, the table may not list a new kecamatan yet",
    "district_unknown",
)
translate(
    "nik",
    "Region code {former} is a former code: {regency_name} is now {current} in "
    "{province_name}. Numbers issued before the change keep the old code; the "
    "kecamatan was not checked",
    "former_code",
)
translate(
    "nik",
    "Day field {day} is invalid: it must be 01-31 for men or 41-71 for women",
    "day_invalid",
)
translate("nik", "Month {month} is invalid: it must be 01-12", "month_invalid")
translate("nik", "Birth date {date} does not exist", "date_invalid")
translate("nik", "Birth date {date} is in the future", "birth_in_future")
translate("nik", "Issue date field {field} is not a valid date", "issue_date_field")
translate(
    "nik",
    "Issue date field {field} is not a valid date; this looks like a NIK, not a KK number",
    "issue_date_field.nik_like",
)
translate("nik", "Issue date {date} does not exist", "issue_date_missing")
translate("nik", "The last four digits of a {number} (serial) cannot be 0000", "serial_zero")
translate(
    "nik",
    "The NIK encodes birth date {nik_date} but the form says {form_date}; a NIK is "
    "not changed when a birth date is corrected, so check the documents",
    "birth_date_mismatch",
)
translate(
    "nik",
    "The NIK encodes sex {nik_sex} but the form says {form_sex}; check the documents",
    "sex_mismatch",
)
