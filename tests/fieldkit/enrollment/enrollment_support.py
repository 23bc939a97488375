"""Synthetic people, photos and real simulated devices for the enrollment tests."""

from __future__ import annotations

import datetime as dt
import io

import numpy as np
from PIL import Image

from drivers.fingerprint.zfm_sim import SimZfmScanner
from fieldkit.enrollment import intake, visits
from fieldkit.planning.kinds import PlaceType
from fieldkit.planning.targets_import import Category
from fieldkit.workspace import Workspace

KECAMATAN = "331501"  # Kedungjati, Kabupaten Grobogan (the test office is 3315)
DESA = f"{KECAMATAN}2001"


def make_nik(index: int, *, female: bool = False, born: dt.date | None = None) -> str:
    """Structurally valid and synthetic: a real region code, serial 9000 + index."""
    born = born or birth_date(index)
    day = born.day + (40 if female else 0)
    return f"{KECAMATAN}{day:02d}{born.month:02d}{born.year % 100:02d}{9000 + index % 1000:04d}"


def birth_date(index: int) -> dt.date:
    # Odd years: the simulated camera's backdrop is red, the KTP-el colour for odd years.
    return dt.date(1941 + 2 * (index % 20), 1 + index % 12, 1 + index % 28)


def person(index: int, **changes: object) -> intake.PersonInput:
    female = index % 2 == 1
    born = birth_date(index)
    base = intake.PersonInput(
        nik=make_nik(index, female=female, born=born),
        name=f"Sasaran Uji {index}",
        kk=f"{KECAMATAN}{(index % 28) + 1:02d}0{(index % 9) + 1}15{9000 + index:04d}",
        birth_place="Grobogan",
        birth_date=born,
        sex="P" if female else "L",
        address="Jalan Uji",
        rt="1",
        rw="2",
        desa="Desa Uji",
        categories=(Category.LANSIA,),
    )
    return intake.PersonInput(**{**base.__dict__, **changes})  # type: ignore[arg-type]


def photo(seed: int = 0) -> bytes:
    """A small JPEG standing in for a photo of a consent letter or a bandaged hand."""
    rng = np.random.default_rng(seed)
    pixels = rng.integers(0, 255, size=(48, 64, 3), dtype=np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="JPEG")
    return buffer.getvalue()


def walk_in_visit(ws: Workspace) -> str:
    return visits.new_visit(
        ws, desa_code=DESA, visit_date=dt.date(2026, 12, 1), place=PlaceType.RUMAH
    )


def consented(ws: Workspace, visit_id: str, index: int, **options: object) -> str:
    view = intake.start_enrollment(ws, visit_id, person=person(index), **options)  # type: ignore[arg-type]
    intake.record_consent(ws, view.id, intake.ConsentInput(intake.ConsentGiver.PERSON))
    return view.id


def open_zfm(quality: str = "high") -> SimZfmScanner:
    scanner = SimZfmScanner(quality=quality)
    scanner.open()
    return scanner
