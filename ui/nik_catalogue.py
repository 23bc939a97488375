"""The NIK and KK checks' findings in the officer's language.

``fieldkit.nik`` reports a finding as a code, the catalogue entry of its sentence
(``Finding.sentence``) and params; each entry's English sentence is written once in
``fieldkit/nik_sentences.py``, and Qt's translator turns it into the officer's language
here. A param listed in ``fieldkit.nik.WORDED_PARAMS`` holds a code too (the number's
name, a character's kind, a sex), worded by an entry of its own, so the widget never
picks a language. ``Finding.message`` renders the same English for the CLI and logs.
"""

from __future__ import annotations

import datetime as dt
import json
import logging

from fieldkit import sentences
from fieldkit.nik import CONTEXT, WORDED_PARAMS, Finding
from ui.core_sentences import core_text
from ui.dates import date_text

log = logging.getLogger(__name__)


def nik_texts() -> dict[str, str]:
    """Catalogue entry -> sentence; built per call so the installed translation applies."""
    return {
        # --- what the params name
        "number.nik": core_text("nik", "number.nik"),
        "number.kk": core_text("nik", "number.kk"),
        "char.space": core_text("nik", "char.space"),
        "char.letter": core_text("nik", "char.letter"),
        "char.other": core_text("nik", "char.other"),
        "sex.L": core_text("nik", "sex.L"),
        "sex.P": core_text("nik", "sex.P"),
        # --- shape
        "empty": core_text("nik", "empty"),
        "not_digits.one": core_text("nik", "not_digits.one"),
        "not_digits.many": core_text("nik", "not_digits.many"),
        "length": core_text("nik", "length"),
        "length.characters": core_text("nik", "length.characters"),
        # --- region
        "province_unknown": core_text("nik", "province_unknown"),
        "regency_unknown": core_text("nik", "regency_unknown"),
        "regency_unresolved": core_text("nik", "regency_unresolved"),
        "district_unknown": core_text("nik", "district_unknown"),
        "former_code": core_text("nik", "former_code"),
        # --- dates
        "day_invalid": core_text("nik", "day_invalid"),
        "month_invalid": core_text("nik", "month_invalid"),
        "date_invalid": core_text("nik", "date_invalid"),
        "birth_in_future": core_text("nik", "birth_in_future"),
        "issue_date_field": core_text("nik", "issue_date_field"),
        "issue_date_field.nik_like": core_text("nik", "issue_date_field.nik_like"),
        "issue_date_missing": core_text("nik", "issue_date_missing"),
        "serial_zero": core_text("nik", "serial_zero"),
        # --- the form
        "birth_date_mismatch": core_text("nik", "birth_date_mismatch"),
        "sex_mismatch": core_text("nik", "sex_mismatch"),
    }


def finding_words(sentence: str, params: dict[str, str]) -> str:
    """A finding's sentence (its catalogue entry and params) in the UI's language."""
    texts = nik_texts()
    text = texts.get(sentence)
    if text is None:
        log.warning("no sentence in the NIK catalogue for %s", sentence)
        return sentences.english(CONTEXT, sentence, params)
    values = {name: _local_date(value) for name, value in params.items()}
    for name, prefix in WORDED_PARAMS.items():
        if name in values:
            values[name] = texts.get(f"{prefix}.{values[name]}", values[name])
    return sentences.render(text, values)


#: ``YYYY-MM-DD``: the only way a finding names a day.
ISO_DATE_LENGTH = 10


def _local_date(value: str) -> str:
    """An ISO date a finding names (``1995-08-07``) as Indonesians write it (07-08-1995)."""
    try:
        return date_text(dt.date.fromisoformat(value)) if len(value) == ISO_DATE_LENGTH else value
    except ValueError:
        return value


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
