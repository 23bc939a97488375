"""The plan's kinds and codes, without the tables that store them.

Why a module of its own: the office package and the data center read and check these
(a request's requester type, its region code, a target's category), and importing the
ORM tables for them made every ``fieldkit-datacenter`` command load SQLAlchemy's ORM,
a third of its start-up time, for a few enums.  Everything that names them imports them
from here (``tests/sync/server/test_cli_startup.py`` keeps the command line's imports light).
"""

from __future__ import annotations

import enum
import re

from fieldkit import regions
from fieldkit.errors import InvalidInput

DESA_CODE_DIGITS = 10
_REGION_DIGITS = (4, 6, DESA_CODE_DIGITS)
_TIME = re.compile(r"^([01]\d|2[0-3])[:.]([0-5]\d)$")

ID_LENGTH = 36
#: A visit's start and the days between weekly visits, when the planner names none.
DEFAULT_CADENCE_DAYS = 7
DEFAULT_START_TIME = "08:00"


class Category(enum.StrEnum):
    """Why a person needs a jemput bola visit (SOP 004: lansia, disabilitas, ODGJ).

    Targets, intake, the schedule, referrals and the berita acara all speak it;
    a target stores its categories as comma-separated values.
    """

    LANSIA = "lansia"
    DISABILITAS = "disabilitas"
    ODGJ = "odgj"
    TERBARING = "terbaring"  # bed-bound, including in hospital
    LAINNYA = "lainnya"


class RequesterType(enum.StrEnum):
    DESA = "desa"
    KELURAHAN = "kelurahan"
    RUMAH_SAKIT = "rumah_sakit"
    PANTI = "panti"
    DINSOS = "dinsos"
    LAINNYA = "lainnya"


def parse_requester_type(text: str) -> RequesterType:
    key = text.strip().lower().replace(" ", "_").replace("-", "_")
    aliases = {"rs": RequesterType.RUMAH_SAKIT, "hospital": RequesterType.RUMAH_SAKIT}
    try:
        return aliases.get(key) or RequesterType(key)
    except ValueError:
        choices = ", ".join(t.value for t in RequesterType)
        raise InvalidInput(
            code="requester_type_unknown",
            params={"value": text, "choices": choices},
        ) from None


def region_levels(code: str) -> tuple[str | None, str | None]:
    """The kecamatan and desa codes a request's region code gives, as far as it goes.

    ``3315012005`` (a desa) gives both; ``331501`` (a kecamatan) the kecamatan only; a
    regency code neither.  The visit form takes them from the request, so the same code
    is not typed twice (issue 23, finding 15).
    """
    digits = code.strip().replace(".", "")
    if not digits.isdigit():
        return None, None
    kecamatan = digits[:6] if len(digits) >= _REGION_DIGITS[1] else None
    desa = digits if len(digits) == DESA_CODE_DIGITS else None
    return kecamatan, desa


def check_region_code(code: str) -> str:
    """A regency (4), kecamatan (6) or desa/kelurahan (10 digits) code; dots are allowed.

    The shipped table stops at kecamatan, so a desa code is checked by its
    kecamatan prefix only.
    """
    digits = code.strip().replace(".", "")
    if not digits.isdigit() or len(digits) not in _REGION_DIGITS:
        raise InvalidInput(
            code="region_code_format",
            params={"code": code},
        )
    known = regions.regency(digits) if len(digits) == _REGION_DIGITS[0] else None
    if len(digits) > _REGION_DIGITS[0]:
        known = regions.district(digits[:6])
    if known is None:
        raise InvalidInput(
            code="region_code_unknown",
            params={"code": code},
        )
    return digits


class PlaceType(enum.StrEnum):
    KANTOR_DESA = "kantor_desa"
    RUMAH = "rumah"  # door to door
    RUMAH_SAKIT = "rumah_sakit"
    PANTI = "panti"
    LAINNYA = "lainnya"

    @property
    def document_term(self) -> str:
        """The Indonesian term the official documents print, whatever the UI's language.

        The receipt, the letters and the berita acara are worded in Indonesian by
        regulation (``fieldkit/reports/``); a screen words this value from
        ``ui/labels_catalogue.py`` instead.
        """
        return _PLACE_LABELS[self]


_PLACE_LABELS = {
    PlaceType.KANTOR_DESA: "Kantor Desa/Kelurahan",
    PlaceType.RUMAH: "Rumah sasaran (dari rumah ke rumah)",
    PlaceType.RUMAH_SAKIT: "Rumah Sakit",
    PlaceType.PANTI: "Panti",
    PlaceType.LAINNYA: "Lokasi lain",
}


class Terrain(enum.StrEnum):
    MUDAH = "mudah"  # paved roads, houses close together
    SEDANG = "sedang"
    SULIT = "sulit"  # hills, unpaved tracks, river crossings, far-apart houses


class TeamRole(enum.StrEnum):
    KETUA_TIM = "ketua_tim"
    PETUGAS = "petugas"


def check_time(text: str) -> str:
    match = _TIME.fullmatch(text.strip())
    if not match:
        raise InvalidInput(
            code="time_format",
            params={"value": text},
        )
    return f"{match.group(1)}:{match.group(2)}"
