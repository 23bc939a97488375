"""Petugas & aturan's rules form: the office's rules as the form's fields, and back.

:func:`rule_values` fills the form from the office's settings; :func:`changed_rules`
reads a posted form into what ``Office.set_rules`` takes, only what differs, so an
untouched form changes nothing.  A blank field (or a switch left at "not set") is
unchanged.  The page itself is :mod:`sync.server.console.officers`.

The consent text is the one field where empty means something: the laptops' default
words again.  So it changes only when the person changed it: the form carries the
text it was shown with (:data:`CONSENT_WAS`, hidden), and a textarea that still holds
it gives nothing, whatever another administrator saved meanwhile.

Decimals are written the page's way (``0,2`` in Indonesian), and read either way.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from fieldkit.enrollment import consent_words
from fieldkit.numbers import decimal_text
from fieldkit.quality.result import QualityModality
from fieldkit.reports.letter_numbers import indonesian_pattern

MODALITIES = tuple(QualityModality)
LETTERHEAD = ("address", "contact", "head_name", "head_rank", "head_nip")
#: The rules that are on or off (``<select>`` of "", "on", "off"; "" leaves them as they are).
SWITCHES = ("cosign_on_spot", "autocapture")
SWITCH_CHOICES = ("", "on", "off")
_WHOLE = ("max_attempts", "freeze_days", "freeze_max_waiting", "idle_lock_minutes")
_DECIMAL = ("autocapture_steady_s",)
#: The consent text's textarea, and the hidden copy of the text the form was shown with.
CONSENT = consent_words.PACKAGE_NAME
CONSENT_WAS = "consent_text_was"


class NotANumber(ValueError):
    """A number field holds something else; said at that field."""

    code = "console_officers.not_a_number"

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


class NotAChoice(NotANumber):
    """A switch holds neither "on" nor "off" (a forged form): said at that field."""

    code = "console_officers.not_a_choice"


def rule_values(settings: dict[str, Any], language: str = "id") -> dict[str, str]:
    """The rules form's fields filled with the office's current rules ("" when unset)."""
    rules = settings["rules"] or {}
    values: dict[str, str] = {
        "office_code": settings["office_code"] or "",
        "office_name": settings["office_name"] or "",
        "min_version": settings["min_version"] or "",
        # The zone the office chose; "" while its province decides (issue 59 §9).
        "time_zone": settings["time_zone"] if settings.get("time_zone_chosen") else "",
    }
    thresholds = rules.get("thresholds") or {}
    for modality in MODALITIES:
        value = thresholds.get(modality.value)
        values[f"threshold_{modality.value}"] = "" if value is None else number(value, language)
    for name in _WHOLE:
        values[name] = "" if rules.get(name) is None else str(rules[name])
    for name in _DECIMAL:
        values[name] = "" if rules.get(name) is None else number(rules[name], language)
    for name in SWITCHES:
        values[name] = "" if rules.get(name) is None else ("on" if rules[name] else "off")
    letterhead = rules.get("letterhead") or {}
    for name in LETTERHEAD:
        values[name] = letterhead.get(name) or ""
    # A format stored with the English places ({seq}) reads with the Indonesian ones ({urut}).
    values["number_pattern"] = indonesian_pattern(rules.get("number_pattern") or "")
    values[CONSENT] = rules.get(CONSENT) or ""
    values[CONSENT_WAS] = values[CONSENT]
    return values


def number(value: float, language: str = "id") -> str:
    """A rule's number as short as it is exact, the page's way: ``40``, ``61,5``, ``0,25``.

    Never grouped (``1000000``): it is also a field's value, read back by :func:`_whole`.
    """
    if float(value).is_integer():
        return str(int(value))
    places = len(format(Decimal(repr(float(value))), "f").partition(".")[2])
    return decimal_text(float(value), places, language).replace(
        "." if language == "id" else ",", ""
    )


def _whole(form: dict[str, str], name: str) -> int | None:
    text = form.get(name, "").strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        raise NotANumber(name) from None


def _decimal(form: dict[str, str], name: str) -> float | None:
    text = form.get(name, "").strip().replace(",", ".")  # 61,5 as Indonesia writes it
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise NotANumber(name) from None
    if not math.isfinite(value):  # "nan" and "inf" are floats to Python, not to an office
        raise NotANumber(name)
    return value


def _switch(form: dict[str, str], name: str) -> bool | None:
    chosen = form.get(name, "").strip()
    if chosen not in SWITCH_CHOICES:
        raise NotAChoice(name)
    return None if not chosen else chosen == "on"


def changed_rules(form: dict[str, str], current: dict[str, Any] | None) -> dict[str, Any]:
    """The rules the form changes, as ``Office.set_rules`` takes them; a blank is unchanged.

    Only what differs from the office's rules is given, so saving an untouched form
    changes nothing (Office says so) and never raises the package version.  The
    letterhead is one rule of five lines: given whole when any line changed, and a
    line emptied is a line no longer printed.
    """
    rules = current or {}
    given: dict[str, Any] = {}
    thresholds = {}
    for modality in MODALITIES:
        value = _decimal(form, f"threshold_{modality.value}")
        if value is not None and value != (rules.get("thresholds") or {}).get(modality.value):
            thresholds[modality.value] = value
    if thresholds:
        given["thresholds"] = thresholds
    given |= _changed_values(form, rules)
    typed = {name: " ".join(form.get(name, "").split()) or None for name in LETTERHEAD}
    kept = rules.get("letterhead") or dict.fromkeys(LETTERHEAD)
    if any(typed[name] != kept.get(name) for name in LETTERHEAD):
        given["letterhead"] = typed
    pattern = form.get("number_pattern", "").strip()
    if pattern and pattern != rules.get("number_pattern"):
        given["number_pattern"] = pattern
    consent = _changed_consent(form, rules)
    if consent is not None:
        given[CONSENT] = consent
    return given


def _changed_consent(form: dict[str, str], rules: dict[str, Any]) -> str | None:
    r"""The consent text typed when the person changed it ("" for the default), else None.

    Compared as stored (:func:`consent_words.clean`): a browser's ``\r\n`` or a trailing
    space is no change.  A form without the textarea (an older page) changes nothing.
    """
    if CONSENT not in form:
        return None
    typed = consent_words.clean(form[CONSENT])
    shown = consent_words.clean(form.get(CONSENT_WAS, rules.get(CONSENT) or ""))
    if typed == shown or typed == rules.get(CONSENT):
        return None
    return form[CONSENT] if typed is not None else ""


def _changed_values(form: dict[str, str], rules: dict[str, Any]) -> dict[str, Any]:
    """The whole numbers, the decimals and the switches the form changes."""
    given: dict[str, Any] = {}
    for names, read in ((_WHOLE, _whole), (_DECIMAL, _decimal), (SWITCHES, _switch)):
        for name in names:
            value = read(form, name)
            if value is not None and value != rules.get(name):
                given[name] = value
    return given
