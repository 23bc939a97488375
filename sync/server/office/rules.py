"""The office's rules for its laptops, checked as the laptop checks them.

Attempts, the idle lock, quality thresholds, the letterhead and the consent text: a
rule the laptop would refuse is refused here first, in the laptop's words.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fieldkit.enrollment import consent_words
from fieldkit.enrollment.autocapture_rule import AutoCaptureRule
from fieldkit.errors import InvalidInput
from fieldkit.office.package import (
    OfficePackageInvalid,
    Part,
    check_part,
)
from fieldkit.officers import (
    check_nip,
)
from fieldkit.promise import (
    PROMISE_DAYS_RANGE,
)
from fieldkit.quality.result import QualityModality
from fieldkit.reports.letter_numbers import LetterType, render_number

#: The quality policy's attempt limit (``fieldkit/quality/policy.py``), idle lock's range
#: (``Workspace.set_idle_timeout``), every threshold's 0-100 scale: the laptop refuses the
#: same values.  Public, so the console's rules form says the ranges these checks keep.
MAX_ATTEMPTS_LIMIT = 10
IDLE_LOCK_RANGE = range(1, 121)
THRESHOLD_MAX = 100
_LETTERHEAD_FIELDS = ("address", "contact", "head_name", "head_rank", "head_nip")
MAX_LETTERHEAD_TEXT = 200


def laptop_check(part: Part, value: object, *, index: int = 0) -> None:
    """Refuse what every laptop would refuse in a package, in the laptop's own words.

    One check, the laptop's (:func:`fieldkit.office.package.check_part`): a value it
    refuses would make it refuse every package whole, and an officer disabled after
    that could still log in.  The refusal is the laptop's ``package_malformed``
    sentence naming the field, raised as :class:`InvalidInput` as every other
    refusal of the office's settings is.
    """
    try:
        check_part(part, value, index=index)
    except OfficePackageInvalid as refused:
        raise InvalidInput(code="package_malformed", params=refused.params) from None


def check_letterhead(value: object) -> dict[str, str | None]:
    """The laptop's ``office.profile`` (``fieldkit/reports/letters.py``) fields, checked."""
    if not isinstance(value, dict) or not set(value) <= set(_LETTERHEAD_FIELDS):
        raise InvalidInput(
            code="datacenter_letterhead_invalid", params={"fields": ", ".join(_LETTERHEAD_FIELDS)}
        )
    checked: dict[str, str | None] = {}
    for name in _LETTERHEAD_FIELDS:
        text = value.get(name)
        if text is not None and (not isinstance(text, str) or len(text) > MAX_LETTERHEAD_TEXT):
            raise InvalidInput(
                code="datacenter_letterhead_invalid",
                params={"fields": ", ".join(_LETTERHEAD_FIELDS)},
            )
        checked[name] = (" ".join(text.split()) or None) if isinstance(text, str) else None
    if checked["head_nip"] is not None:
        checked["head_nip"] = check_nip(checked["head_nip"])
    return checked


def check_rules(  # noqa: C901, PLR0912 - one check per rule, in the laptop's words
    *,
    thresholds: dict[str, float] | None = None,
    max_attempts: int | None = None,
    freeze_days: int | None = None,
    freeze_max_waiting: int | None = None,
    idle_lock_minutes: int | None = None,
    letterhead: object = None,
    number_pattern: str | None = None,
    cosign_on_spot: bool | None = None,
    autocapture: bool | None = None,
    autocapture_steady_s: float | None = None,
    consent_text: str | None = None,
    promise_days: int | None = None,
) -> dict[str, Any]:
    """The rules given, checked as the laptop checks them; what was not given is absent.

    ``consent_text=""`` is given: it takes the office's consent words away (stored as
    None), and each laptop shows the catalogue's default again.
    """
    rules: dict[str, Any] = {}
    if thresholds:
        checked: dict[str, float] = {}
        for name, value in thresholds.items():
            try:
                modality = QualityModality(name.strip().lower())
            except ValueError:
                raise InvalidInput(
                    code="datacenter_modality_unknown",
                    params={
                        "modality": name,
                        "choices": ", ".join(m.value for m in QualityModality),
                    },
                ) from None
            if not 0 <= value <= THRESHOLD_MAX:
                raise InvalidInput(code="threshold_range", params={"modality": modality.value})
            checked[modality.value] = value
        rules["thresholds"] = checked
    if max_attempts is not None:
        if not 1 <= max_attempts <= MAX_ATTEMPTS_LIMIT:
            raise InvalidInput(code="attempts_range", params={"max": MAX_ATTEMPTS_LIMIT})
        rules["max_attempts"] = max_attempts
    if freeze_days is not None:
        if freeze_days < 1:
            raise InvalidInput(code="freeze_days_too_small")
        rules["freeze_days"] = freeze_days
    if freeze_max_waiting is not None:
        if freeze_max_waiting < 1:
            raise InvalidInput(code="freeze_waiting_too_small")
        rules["freeze_max_waiting"] = freeze_max_waiting
    if idle_lock_minutes is not None:
        if idle_lock_minutes not in IDLE_LOCK_RANGE:
            raise InvalidInput(code="idle_lock_range")
        rules["idle_lock_minutes"] = idle_lock_minutes
    if letterhead is not None:
        rules["letterhead"] = check_letterhead(letterhead)
    if number_pattern is not None:
        pattern = number_pattern.strip()
        render_number(pattern, 1, dt.date(2026, 1, 1), LetterType.SURAT_TUGAS)
        rules["number_pattern"] = pattern
    if cosign_on_spot is not None:
        rules["cosign_on_spot"] = bool(cosign_on_spot)  # the laptop takes a JSON boolean only
    if autocapture is not None:
        rules["autocapture"] = bool(autocapture)
    if autocapture_steady_s is not None:
        # The laptop's own check (its range, its refusal): a value it would refuse never
        # reaches a package, which the laptop would refuse whole.
        rules["autocapture_steady_s"] = AutoCaptureRule(steady_s=autocapture_steady_s).steady_s
    if consent_text is not None:
        rules[consent_words.PACKAGE_NAME] = check_consent_text(consent_text)
    if promise_days is not None:
        # The working days from a complete recording to the card (SOP 004: 14).
        if isinstance(promise_days, bool) or promise_days not in PROMISE_DAYS_RANGE:
            raise InvalidInput(
                code="promise_days_range",
                params={"low": PROMISE_DAYS_RANGE.start, "high": PROMISE_DAYS_RANGE.stop - 1},
            )
        rules["promise_days"] = promise_days
    return rules


def check_consent_text(text: object) -> str | None:
    """The office's consent words as stored (:func:`consent_words.clean`), or refused.

    The laptop's own check (:func:`consent_words.fault`) decides; the refusal says which
    limit in the office's words rather than the package's field name.  Empty is None.
    """
    if not isinstance(text, str):  # from code, never typed: the laptop's own refusal
        raise InvalidInput(
            code="package_malformed", params={"field": f"rules.{consent_words.PACKAGE_NAME}"}
        )
    cleaned = consent_words.clean(text)
    found = consent_words.fault(cleaned or "")
    if found is None:
        return cleaned
    if found.fault is consent_words.Fault.TOO_LONG:
        raise InvalidInput(
            code="datacenter_consent_text_too_long",
            params={"length": found.length, "max": consent_words.MAX_CHARS},
        )
    raise InvalidInput(
        code="datacenter_consent_text_character",
        params={"codepoint": found.codepoint, "position": found.position},
    )


RULE_FIELDS = (
    "thresholds",
    "max_attempts",
    "freeze_days",
    "freeze_max_waiting",
    "idle_lock_minutes",
    "letterhead",
    "number_pattern",
    "cosign_on_spot",
    "autocapture",
    "autocapture_steady_s",
    consent_words.PACKAGE_NAME,
    "promise_days",
)
