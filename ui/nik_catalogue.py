"""The NIK and KK checks' findings in words: the one place each sentence is written.

``fieldkit.nik`` reports a finding as a code, the catalogue entry of its sentence
(``Finding.sentence``) and params; here each entry gets its English sentence, which
Qt's translator turns into the officer's language.  A param listed in
``fieldkit.nik.WORDED_PARAMS`` holds a code too (the number's name, a character's
kind, a sex), worded by an entry of its own, so the widget never picks a language.
``scripts/i18n.py --update`` copies these templates into the English fallback that
``Finding.message`` renders for the CLI and logs.
"""

from __future__ import annotations

import json
import logging

from PySide6.QtCore import QCoreApplication

from fieldkit import sentences
from fieldkit.nik import CONTEXT, WORDED_PARAMS, Finding

log = logging.getLogger(__name__)


def nik_texts() -> dict[str, str]:
    """Catalogue entry -> sentence; built per call so the installed translation applies."""
    return {
        # --- what the params name
        "number.nik": QCoreApplication.translate("nik", "NIK", "number.nik"),
        "number.kk": QCoreApplication.translate("nik", "KK number", "number.kk"),
        "char.space": QCoreApplication.translate("nik", "a space", "char.space"),
        "char.letter": QCoreApplication.translate("nik", "a letter", "char.letter"),
        "char.other": QCoreApplication.translate(
            "nik", "a character that is not a digit", "char.other"
        ),
        "sex.L": QCoreApplication.translate("nik", "male", "sex.L"),
        "sex.P": QCoreApplication.translate("nik", "female", "sex.P"),
        # --- shape
        "empty": QCoreApplication.translate("nik", "{number} is empty", "empty"),
        "not_digits.one": QCoreApplication.translate(
            "nik",
            "{number} may contain only the digits 0-9; position {positions} has {char}",
            "not_digits.one",
        ),
        "not_digits.many": QCoreApplication.translate(
            "nik",
            "{number} may contain only the digits 0-9; positions {positions} are not digits "
            "(the first is {char})",
            "not_digits.many",
        ),
        "length": QCoreApplication.translate(
            "nik", "{number} has {count} digits, needs {needed}", "length"
        ),
        "length.characters": QCoreApplication.translate(
            "nik", "{number} has {count} characters, needs {needed} digits", "length.characters"
        ),
        # --- region
        "province_unknown": QCoreApplication.translate(
            "nik", "Province code {province} does not exist", "province_unknown"
        ),
        "regency_unknown": QCoreApplication.translate(
            "nik",
            "Regency/city code {regency} does not exist in {province_name}",
            "regency_unknown",
        ),
        "regency_unresolved": QCoreApplication.translate(
            "nik", "Regency/city code {regency} cannot be resolved", "regency_unresolved"
        ),
        "district_unknown": QCoreApplication.translate(
            "nik",
            "Kecamatan code {district} is not in the region table for {regency_name}; check "
            "it, the table may not list a new kecamatan yet",
            "district_unknown",
        ),
        "former_code": QCoreApplication.translate(
            "nik",
            "Region code {former} is a former code: {regency_name} is now {current} in "
            "{province_name}. Numbers issued before the change keep the old code; the "
            "kecamatan was not checked",
            "former_code",
        ),
        # --- dates
        "day_invalid": QCoreApplication.translate(
            "nik",
            "Day field {day} is invalid: it must be 01-31 for men or 41-71 for women",
            "day_invalid",
        ),
        "month_invalid": QCoreApplication.translate(
            "nik", "Month {month} is invalid: it must be 01-12", "month_invalid"
        ),
        "date_invalid": QCoreApplication.translate(
            "nik", "Birth date {date} does not exist", "date_invalid"
        ),
        "birth_in_future": QCoreApplication.translate(
            "nik", "Birth date {date} is in the future", "birth_in_future"
        ),
        "issue_date_field": QCoreApplication.translate(
            "nik", "Issue date field {field} is not a valid date", "issue_date_field"
        ),
        "issue_date_field.nik_like": QCoreApplication.translate(
            "nik",
            "Issue date field {field} is not a valid date; this looks like a NIK, not a KK number",
            "issue_date_field.nik_like",
        ),
        "issue_date_missing": QCoreApplication.translate(
            "nik", "Issue date {date} does not exist", "issue_date_missing"
        ),
        "serial_zero": QCoreApplication.translate(
            "nik", "The last four digits of a {number} (serial) cannot be 0000", "serial_zero"
        ),
        # --- the form
        "birth_date_mismatch": QCoreApplication.translate(
            "nik",
            "The NIK encodes birth date {nik_date} but the form says {form_date}; a NIK is "
            "not changed when a birth date is corrected, so check the documents",
            "birth_date_mismatch",
        ),
        "sex_mismatch": QCoreApplication.translate(
            "nik",
            "The NIK encodes sex {nik_sex} but the form says {form_sex}; check the documents",
            "sex_mismatch",
        ),
    }


def finding_words(sentence: str, params: dict[str, str]) -> str:
    """A finding's sentence (its catalogue entry and params) in the UI's language."""
    texts = nik_texts()
    text = texts.get(sentence)
    if text is None:
        log.warning("no sentence in the NIK catalogue for %s", sentence)
        return sentences.english(CONTEXT, sentence, params)
    values = dict(params)
    for name, prefix in WORDED_PARAMS.items():
        if name in values:
            values[name] = texts.get(f"{prefix}.{values[name]}", values[name])
    return sentences.render(text, values)


def finding_text(finding: Finding) -> str:
    """The finding in the UI's language."""
    return finding_words(finding.sentence, finding.params)


def stored_finding_text(sentence: str, params_json: str) -> str:
    """A finding the review queue stored (its entry and params as JSON) in the UI's language."""
    try:
        params = json.loads(params_json)
    except ValueError:
        log.warning("a stored NIK finding has unreadable params")
        params = {}
    if not isinstance(params, dict):
        params = {}
    return finding_words(sentence, {str(k): str(v) for k, v in params.items()})
