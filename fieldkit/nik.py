"""NIK and KK number checks that report every problem instead of raising.

A NIK is ``PP KK CC DDMMYY SSSS``: province, regency/city and kecamatan codes,
the birth date with 40 added to the day for women, and a serial that is never
``0000``.  It has no check digit, so structure, date and region are all we can
verify.  A NIK is never reissued, not when a birth date on file is corrected
and not when its region is renumbered, so disagreements with the form and
former region codes are warnings: the officer must not turn a person away
because of them.  An unknown kecamatan is a warning too, since kecamatan are
created faster than the shipped table is updated.

The KK number (Nomor Kartu Keluarga) is also 16 digits.  Our assumptions,
from Dukcapil practice rather than a regulation we could quote:

- digits 1-6 are the region code of the issuing kecamatan, checked like a NIK's;
- digits 7-12 are the date the KK number was issued, ``DDMMYY`` with no +40;
- digits 13-16 are a serial, never ``0000``.

Old KK numbers from before SIAK did not always follow this, and reissued cards
keep their number, so a KK date that does not parse is only a warning.

A finding is a code and params (``ui/nik_catalogue.py`` words it, the English
fallback is ``Finding.message``) and never quotes the whole number; use
:func:`mask` when a number must be shown.
"""

from __future__ import annotations

import datetime as dt
import enum
import logging
from dataclasses import dataclass, field

from fieldkit import (
    nik_sentences,  # noqa: F401 - registers the findings' sentences
    regions,
    sentences,
)

logger = logging.getLogger(__name__)

LENGTH = 16
DIGITS = frozenset("0123456789")
FEMALE_DAY_OFFSET = 40
_MAX_DAY = 31
_MAX_MONTH = 12
_CENTURY = 100
_MASK_KEEP = 4
_MAX_POSITIONS = 5  # in a message; more would only be noise

#: The catalogue context of the findings' sentences.
CONTEXT = "nik"
#: Params that hold a code of their own, and the prefix of its catalogue entry: the
#: number's name (``number.nik``), a character's kind (``char.letter``), a sex (``sex.P``).
WORDED_PARAMS = {"number": "number", "char": "char", "nik_sex": "sex", "form_sex": "sex"}


class Sex(enum.StrEnum):
    MALE = "L"
    FEMALE = "P"


@dataclass(frozen=True)
class Finding:
    """One problem with a number: a stable ``code`` and the ``params`` its sentence names.

    ``wording`` is the catalogue entry (context :data:`CONTEXT`) when one code has
    several sentences (one position or many); it defaults to the code's last part.  A
    param named in :data:`WORDED_PARAMS` holds a code of its own (``char: "letter"``),
    which the catalogue words too, so no language is chosen here.
    """

    code: str
    params: dict[str, str] = field(default_factory=dict)
    wording: str = ""

    @property
    def sentence(self) -> str:
        """The catalogue entry of this finding's sentence."""
        return self.wording or self.code.partition(".")[2]

    @property
    def message(self) -> str:
        """The English sentence, from the catalogue's fallback: logs, the CLI, ``--json``."""
        values = dict(self.params)
        for name, prefix in WORDED_PARAMS.items():
            if name in values:
                values[name] = sentences.english(CONTEXT, f"{prefix}.{values[name]}")
        return sentences.english(CONTEXT, self.sentence, values)

    def as_json(self) -> dict[str, object]:
        return {
            "code": self.code,
            "wording": self.sentence,
            "params": dict(self.params),
            "message": self.message,
        }


@dataclass(frozen=True)
class NikCheck:
    valid: bool
    errors: tuple[Finding, ...]
    warnings: tuple[Finding, ...]
    province: str | None
    regency: str | None
    district: str | None
    birth_date: dt.date | None
    sex: Sex | None

    def as_json(self) -> dict[str, object]:
        return {
            "valid": self.valid,
            "errors": [f.as_json() for f in self.errors],
            "warnings": [f.as_json() for f in self.warnings],
            "province": self.province,
            "regency": self.regency,
            "district": self.district,
            "birth_date": self.birth_date.isoformat() if self.birth_date else None,
            "sex": self.sex.value if self.sex else None,
        }


@dataclass(frozen=True)
class KkCheck:
    valid: bool
    errors: tuple[Finding, ...]
    warnings: tuple[Finding, ...]
    province: str | None
    regency: str | None
    district: str | None
    issue_date: dt.date | None

    def as_json(self) -> dict[str, object]:
        return {
            "valid": self.valid,
            "errors": [f.as_json() for f in self.errors],
            "warnings": [f.as_json() for f in self.warnings],
            "province": self.province,
            "regency": self.regency,
            "district": self.district,
            "issue_date": self.issue_date.isoformat() if self.issue_date else None,
        }


@dataclass
class _Report:
    """Findings collected while checking one number; ``kind`` prefixes every code."""

    kind: str  # "nik" or "kk"; also the ``number`` param, worded by the catalogue
    errors: list[Finding] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)
    province: str | None = None
    regency: str | None = None
    district: str | None = None

    def _finding(self, code: str, params: dict[str, str], wording: str) -> Finding:
        return Finding(f"{self.kind}.{code}", {"number": self.kind, **params}, wording)

    def error(self, code: str, params: dict[str, str] | None = None, wording: str = "") -> None:
        self.errors.append(self._finding(code, params or {}, wording))

    def warn(self, code: str, params: dict[str, str] | None = None, wording: str = "") -> None:
        self.warnings.append(self._finding(code, params or {}, wording))


def _dotted(code: str) -> str:
    return ".".join(code[i : i + 2] for i in range(0, len(code), 2))


# --- shape ---------------------------------------------------------------


def _char_kind(char: str) -> str:
    """The kind of a stray character, a code the catalogue words (``char.<kind>``)."""
    if char.isspace():
        return "space"
    if char.isalpha():
        return "letter"
    return "other"


def _check_shape(value: str, report: _Report) -> bool:
    """Report length and stray characters together; parse on only if both are right."""
    if not value:
        report.error("empty")
        return False
    bad = [i for i, char in enumerate(value) if char not in DIGITS]
    if bad:
        shown = ", ".join(str(i + 1) for i in bad[:_MAX_POSITIONS])
        if len(bad) > _MAX_POSITIONS:
            shown += ", ..."
        report.error(
            "not_digits",
            {"positions": shown, "char": _char_kind(value[bad[0]])},
            "not_digits.one" if len(bad) == 1 else "not_digits.many",
        )
    if len(value) != LENGTH:
        report.error(
            "length",
            {"count": str(len(value)), "needed": str(LENGTH)},
            "length.characters" if bad else "length",
        )
    return not bad and len(value) == LENGTH


# --- region --------------------------------------------------------------


def _check_region(code6: str, report: _Report) -> None:
    prov_code, reg_code = code6[:2], code6[:4]
    current = regions.resolve_former(reg_code)
    if current is not None:
        _check_former_region(code6, current, report)
        return
    prov = regions.province(prov_code)
    if prov is None:
        report.error("province_unknown", {"province": prov_code})
        return
    report.province = prov.display_name
    reg = regions.regency(reg_code)
    if reg is None:
        report.error(
            "regency_unknown", {"regency": _dotted(reg_code), "province_name": prov.display_name}
        )
        return
    report.regency = reg.display_name
    dist = regions.district(code6)
    if dist is None:
        report.warn(
            "district_unknown", {"district": _dotted(code6), "regency_name": reg.display_name}
        )
        return
    report.district = dist.display_name


def _check_former_region(code6: str, current: str, report: _Report) -> None:
    """Name the current region but leave the kecamatan alone: its code may have moved too."""
    prov = regions.province(current[:2])
    reg = regions.regency(current)
    if prov is None or reg is None:  # former_codes.csv is checked against the table
        logger.error("former code %s points to unknown region %s", code6[:4], current)
        report.error("regency_unknown", {"regency": _dotted(code6[:4])}, "regency_unresolved")
        return
    report.province, report.regency = prov.display_name, reg.display_name
    report.warn(
        "former_code",
        {
            "former": _dotted(code6[:4]),
            "current": _dotted(current),
            "regency_name": reg.display_name,
            "province_name": prov.display_name,
        },
    )


# --- dates ---------------------------------------------------------------


def _resolve_year(yy: int, month: int, day: int, today: dt.date) -> int:
    """Pick the latest year ending in ``yy`` whose (month, day) is not after today."""
    year = today.year - (today.year - yy) % _CENTURY
    if year == today.year and (month, day) > (today.month, today.day):
        year -= _CENTURY
    return year


def _build_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _nik_date(
    ddmmyy: str,
    report: _Report,
    form_date: dt.date | None,
    today: dt.date,
) -> tuple[dt.date | None, Sex | None]:
    raw_day, month, yy = int(ddmmyy[:2]), int(ddmmyy[2:4]), int(ddmmyy[4:])
    sex: Sex | None = None
    day = raw_day
    if 1 <= raw_day <= _MAX_DAY:
        sex = Sex.MALE
    elif FEMALE_DAY_OFFSET + 1 <= raw_day <= FEMALE_DAY_OFFSET + _MAX_DAY:
        sex, day = Sex.FEMALE, raw_day - FEMALE_DAY_OFFSET
    else:
        report.error("day_invalid", {"day": ddmmyy[:2]})
    if not 1 <= month <= _MAX_MONTH:
        report.error("month_invalid", {"month": ddmmyy[2:4]})
    if sex is None or not 1 <= month <= _MAX_MONTH:
        return None, sex

    if form_date is not None and form_date.year % _CENTURY == yy:
        year = form_date.year  # the form settles the century
    else:
        year = _resolve_year(yy, month, day, today)
    birth = _build_date(year, month, day)
    if birth is None:
        report.error("date_invalid", {"date": f"{day:02d}-{month:02d}-{year}"})
    elif birth > today:
        report.error("birth_in_future", {"date": birth.isoformat()})
        birth = None
    return birth, sex


def _kk_date(ddmmyy: str, report: _Report, today: dt.date) -> dt.date | None:
    day, month, yy = int(ddmmyy[:2]), int(ddmmyy[2:4]), int(ddmmyy[4:])
    if not (1 <= day <= _MAX_DAY and 1 <= month <= _MAX_MONTH):
        nik_like = FEMALE_DAY_OFFSET < day <= FEMALE_DAY_OFFSET + _MAX_DAY
        report.warn(
            "issue_date_invalid",
            {"field": f"{ddmmyy[:2]}-{ddmmyy[2:4]}"},
            "issue_date_field.nik_like" if nik_like else "issue_date_field",
        )
        return None
    year = _resolve_year(yy, month, day, today)
    issued = _build_date(year, month, day)
    if issued is None:
        report.warn(
            "issue_date_invalid", {"date": f"{day:02d}-{month:02d}-{year}"}, "issue_date_missing"
        )
    return issued


def _check_serial(serial: str, report: _Report) -> None:
    if serial == "0000":
        report.error("serial_zero")


# --- form cross-checks ---------------------------------------------------


def _compare_form(
    report: _Report,
    nik_date: dt.date | None,
    nik_sex: Sex | None,
    form_date: dt.date | None,
    form_sex: Sex | None,
) -> None:
    if form_date is not None and nik_date is not None and form_date != nik_date:
        report.warn(
            "birth_date_mismatch",
            {"nik_date": nik_date.isoformat(), "form_date": form_date.isoformat()},
        )
    if form_sex is not None and nik_sex is not None and form_sex != nik_sex:
        report.warn("sex_mismatch", {"nik_sex": nik_sex.value, "form_sex": form_sex.value})


# --- public API ----------------------------------------------------------


def birth_date_of(nik: str, *, today: dt.date | None = None) -> dt.date | None:
    """The birth date a NIK's digits 7-12 hold (the day plus 40 for a woman), or None.

    What a record falls back on when no birth date was typed or listed: a village list
    often has no Tanggal Lahir column, and the KTP-el photo's backdrop (red for an odd
    birth year, blue for an even one) must still be known.  The century is a guess
    (the latest one not in the future), which never changes a year's parity.
    """
    value = nik.strip()
    if len(value) != LENGTH or not set(value) <= DIGITS:
        return None
    today = today or dt.date.today()  # noqa: DTZ011 - a birth date is a local calendar date
    return _nik_date(value[6:12], _Report("nik"), None, today)[0]


def check_nik(
    nik: str,
    *,
    birth_date: dt.date | None = None,
    sex: Sex | None = None,
    today: dt.date | None = None,
) -> NikCheck:
    """Check a NIK, optionally against the birth date and sex written on the form.

    ``today`` decides the century when the form gives none, and what counts as
    the future; pass it in tests so they don't age.
    """
    today = today or dt.date.today()  # noqa: DTZ011 - a birth date is a local calendar date
    report = _Report("nik")
    value = nik.strip()
    nik_date: dt.date | None = None
    nik_sex: Sex | None = None
    if _check_shape(value, report):
        _check_region(value[:6], report)
        nik_date, nik_sex = _nik_date(value[6:12], report, birth_date, today)
        _check_serial(value[12:], report)
        _compare_form(report, nik_date, nik_sex, birth_date, sex)
    logger.debug(
        "NIK check: errors=%s warnings=%s",
        [f.code for f in report.errors],
        [f.code for f in report.warnings],
    )
    return NikCheck(
        valid=not report.errors,
        errors=tuple(report.errors),
        warnings=tuple(report.warnings),
        province=report.province,
        regency=report.regency,
        district=report.district,
        birth_date=nik_date,
        sex=nik_sex,
    )


def check_kk(kk: str, *, today: dt.date | None = None) -> KkCheck:
    """Check a KK (family card) number; see the module docstring for what is assumed."""
    today = today or dt.date.today()  # noqa: DTZ011 - a local calendar date
    report = _Report("kk")
    value = kk.strip()
    issued: dt.date | None = None
    if _check_shape(value, report):
        _check_region(value[:6], report)
        issued = _kk_date(value[6:12], report, today)
        _check_serial(value[12:], report)
    logger.debug(
        "KK check: errors=%s warnings=%s",
        [f.code for f in report.errors],
        [f.code for f in report.warnings],
    )
    return KkCheck(
        valid=not report.errors,
        errors=tuple(report.errors),
        warnings=tuple(report.warnings),
        province=report.province,
        regency=report.regency,
        district=report.district,
        issue_date=issued,
    )


def mask(nik: str) -> str:
    """Hide the birth date and kecamatan: ``3315********0003``.

    The regency and serial stay so an officer can tell two records apart.  A
    value too short to keep half of it hidden is masked completely.
    """
    value = nik.strip()
    if len(value) < 3 * _MASK_KEEP:
        return "*" * len(value)
    return value[:_MASK_KEEP] + "*" * (len(value) - 2 * _MASK_KEEP) + value[-_MASK_KEEP:]


#: Serials from here up mark a made-up person (demo, tests, benchmarks): 9000-9999.
SYNTHETIC_SERIAL_BASE = 9000
_SERIAL_COUNT = 10_000
_REGION_DIGITS = 6


def build_nik(region: str, born: dt.date, sex: Sex, serial: int) -> str:
    """The NIK for a person: ``region`` (6 digits), birth date (+40 on the day for women), serial.

    The one place the formula is written, so the demo, the tests and the
    benchmarks cannot drift from what :func:`check_nik` accepts.  It checks the
    parts' shape, not that the region exists (a caller may want an unknown one).
    """
    if len(region) != _REGION_DIGITS or not set(region) <= DIGITS:
        msg = f"a region code is {_REGION_DIGITS} digits, got {len(region)} characters"
        raise ValueError(msg)
    if not 0 < serial < _SERIAL_COUNT:
        msg = f"a NIK serial is 0001-9999, got {serial}"
        raise ValueError(msg)
    day = born.day + (FEMALE_DAY_OFFSET if sex is Sex.FEMALE else 0)
    return f"{region}{day:02d}{born.month:02d}{born.year % _CENTURY:02d}{serial:04d}"


def synthetic_nik(region: str, born: dt.date, sex: Sex, index: int) -> str:
    """A valid NIK for made-up person number ``index``: serial 9000-9999, never a real one's."""
    return build_nik(region, born, sex, SYNTHETIC_SERIAL_BASE + index % 1000)
