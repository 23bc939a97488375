"""``fieldkit-app --demo``: a throwaway store with planned visits, so the app works at once.

The app's demo (:func:`build`) also has yesterday's visit, whose people were recorded
with the simulators, sent and accepted, and whose cards the data center has printed:
Serah terima has cards to hand over (issue 36, finding 5).  The state comes the way a
laptop learns it, as the sync's status pull applies it (``fieldkit.delivery.flow``:
the accepting receipt, then the PRINTED news); only the data center is played here,
since a training store is never sent.

The constants load with the login dialog (it offers the demo accounts); the
store's code loads only in :func:`create`, on the login's warm-up thread.
Everything is made through the same ``fieldkit`` functions the screens call
(``Workspace.init``, ``create_request``, ``create_visit``, ``import_targets``),
in a temporary folder the app deletes at exit.  The people are made up: their
NIKs are structurally valid (real kecamatan code, birth date, +40 for women)
with serials from 9000 up, and their names say "Demo".
"""

from __future__ import annotations

import csv
import datetime as dt
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from fieldkit import nik
from fieldkit.officers import Role
from fieldkit.planning import kinds

if TYPE_CHECKING:
    from pathlib import Path

    from fieldkit.planning.kinds import PlaceType
    from fieldkit.planning.schedule import VisitInfo
    from fieldkit.workspace import Workspace

log = logging.getLogger(__name__)

OFFICE = "3315"  # Kabupaten Grobogan
KECAMATAN = "331501"  # Kedungjati
DESA_CODE = "3315012005"
DESA = "Sumberjo"
#: The desa list an office package would send (made up but for the demo's own desa), so
#: the planning form's desa search has something to find in training.
DEMO_DESA = (
    ("3315012001", "Desa Latihan"),
    (DESA_CODE, DESA),
    ("3315012006", "Sumberagung"),
    ("3315012007", "Karangsari"),
    ("3315012008", "Sidomulyo"),
)
#: Printed at start-up: the demo's data is fake and deleted at exit, so this is no secret.
DEMO_PASSWORD = "demo-fieldkit"  # noqa: S105
ADMIN, KETUA, PETUGAS = "admin", "ketua", "petugas"
#: (user name, role) of the demo's officers, each a role to try.
ACCOUNTS = ((ADMIN, Role.ADMIN.value), (KETUA, Role.KETUA_TIM.value), (PETUGAS, "petugas"))
TARGETS = 5
#: The demo's second visit, a week after today's, with no list yet (people are added there).
NEXT_VISIT_IN_DAYS = 7
NEXT_VISIT_PLACE = "Panti Wreda Demo"
#: People of yesterday's visit whose printed cards wait for their handover in the demo.
PRINTED_CARDS = 2
#: What the demo keeps as the data center's receipt: nobody sent anything, and it says so.
DEMO_RECEIPT = "demo: no data center; the demo played its answer"
#: Planning refuses a visit dated before yesterday, so the demo's printed cards are of
#: yesterday's visit (a real card takes up to 14 working days).
_DAYS_AGO = 1
_CATEGORIES = ("Lansia", "Disabilitas fisik", "ODGJ", "Terbaring", "Lansia")


@dataclass(frozen=True)
class Demo:
    workspace: Workspace
    visit_id: str
    accounts: tuple[tuple[str, str], ...]  # (user name, role)
    #: Records of yesterday's visit whose cards the data center printed.
    printed: tuple[str, ...] = ()


def write_targets(path: Path, count: int = TARGETS, *, first: int = 0) -> Path:
    """A village list in the usual layout: the same columns the import reads from the field.

    ``first``: the index of the first person, so two lists never share a name or a NIK.
    """
    header = ["No", "NIK", "Nama Lengkap", "Tgl Lahir", "JK", "Alamat", "Desa", "Kategori"]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for index in range(first, first + count):
            listed = listed_person(index)
            writer.writerow(
                [
                    index + 1,
                    listed.nik,
                    listed.name,
                    listed.born.strftime("%d-%m-%Y"),
                    listed.sex,
                    f"Dusun Krajan RT 0{index + 1}",
                    DESA,
                    _CATEGORIES[index % len(_CATEGORIES)],
                ]
            )
    return path


@dataclass(frozen=True)
class ListedPerson:
    """Who the ``index``-th row of a demo list is: what a petugas would type from a KK."""

    nik: str
    name: str
    born: dt.date
    sex: str


def listed_person(index: int) -> ListedPerson:
    """The ``index``-th person of the demo's lists (today's visit holds the first TARGETS)."""
    female = index % 2 == 1
    born = dt.date(1938 + 7 * index, 1 + index, 3 + 4 * index)
    number = nik.synthetic_nik(KECAMATAN, born, nik.Sex.FEMALE if female else nik.Sex.MALE, index)
    return ListedPerson(number, f"Demo Sasaran {index + 1}", born, "P" if female else "L")


def create(home: Path, *, printed_cards: int = 0) -> Demo:
    """A new store in ``home``: three officers, a request, today's visit and its targets.

    Next week's visit is planned too, with no list: the screens choose today's.
    ``printed_cards``: that many people of yesterday's visit have a printed card waiting
    (a few seconds each: the simulators record them, so only the app's demo asks).
    """
    # The store's code, loaded here: the login dialog paints before it (see module doc).
    from fieldkit.accounts import Accounts  # noqa: PLC0415
    from fieldkit.planning import requests, targets_import  # noqa: PLC0415
    from fieldkit.store.keyring import TEST_KDF  # noqa: PLC0415
    from fieldkit.workspace import Workspace  # noqa: PLC0415

    # The cheap KDF keeps start-up quick; the password is printed and the data is fake.
    ws = Workspace.init(
        home,
        office_code=OFFICE,
        username=ADMIN,
        full_name="Admin Demo",
        role=Role.ADMIN,
        password=DEMO_PASSWORD,
        kdf=TEST_KDF,
        training=True,
    )
    try:
        requests.add_office_desa(ws, DEMO_DESA)
        Accounts(ws).add_officer(
            KETUA, "Ketua Tim Demo", Role.KETUA_TIM, DEMO_PASSWORD, kdf=TEST_KDF
        )
        Accounts(ws).add_officer(PETUGAS, "Petugas Demo", Role.PETUGAS, DEMO_PASSWORD, kdf=TEST_KDF)
        today = dt.datetime.now().astimezone().date()
        request = requests.create_request(
            ws,
            number="470/001/DEMO/" + str(today.year),
            letter_date=today,
            requester_type=kinds.RequesterType.DESA,
            requester_name=f"Pemerintah Desa {DESA}",
            region_code=DESA_CODE,
            subject="Permohonan perekaman KTP-el jemput bola (demo)",
        )
        visit = _plan_visit(ws, request.id, today)
        # Next week's visit to the desa's panti, planned already: a petugas who starts a
        # person on it is told it is not today's (issue 36), and can practise that here.
        _plan_visit(
            ws,
            request.id,
            today + dt.timedelta(days=NEXT_VISIT_IN_DAYS),
            place=(kinds.PlaceType.PANTI, NEXT_VISIT_PLACE),
        )
        report = targets_import.import_targets(
            ws, visit.id, write_targets(home / "demo-targets.csv")
        )
        if not report.accepted:
            log.error("demo targets were refused: %s", report.as_json()["summary"])
        printed = (
            _printed_or_none(ws, request.id, today - dt.timedelta(days=_DAYS_AGO), printed_cards)
            if printed_cards
            else ()
        )
    except BaseException:
        ws.close()
        raise
    return Demo(ws, visit.id, ACCOUNTS, printed)


def _plan_visit(
    ws: Workspace,
    request_id: str,
    day: dt.date,
    *,
    place: tuple[PlaceType, str | None] | None = None,
) -> VisitInfo:
    """One of the demo's visits to the desa, by its ketua and its petugas.

    To the houses, unless ``place`` (a kind and a name) says otherwise.
    """
    from fieldkit.planning import schedule  # noqa: PLC0415 - the store's code (module doc)

    kind, name = place or (kinds.PlaceType.RUMAH, None)
    (visit,) = schedule.create_visit(
        ws,
        request_id,
        visit_date=day,
        place_type=kind,
        place_name=name,
        desa_name=DESA,
        desa_code=DESA_CODE,
        kecamatan_code=KECAMATAN,
        terrain=kinds.Terrain.SEDANG,
        team=schedule.TeamPlan(KETUA, (PETUGAS,)),
    )
    return visit


def _printed_or_none(ws: Workspace, request_id: str, day: dt.date, count: int) -> tuple[str, ...]:
    """The printed cards, or none when a simulator could not start on this computer.

    The demo still opens: Serah terima then says where cards come from.
    """
    from drivers.errors import DriverError  # noqa: PLC0415 - with the store's code
    from fieldkit.errors import FieldKitError  # noqa: PLC0415

    try:
        return _printed_yesterday(ws, request_id, day, count)
    except (DriverError, FieldKitError, OSError):
        log.warning("the demo's printed cards could not be made", exc_info=True)
        return ()


def _printed_yesterday(ws: Workspace, request_id: str, day: dt.date, count: int) -> tuple[str, ...]:
    """Yesterday's visit: its people recorded, sent, accepted, and their cards printed.

    Recorded as a team does it (the equipment out, consent, every capture
    with the simulators), then the data center's answers applied as the status pull
    applies them: the accepting receipt purges the record (what a laptop keeps of a
    sent person is a tombstone), and the PRINTED news puts the card on Serah terima.
    """
    # The store's and the simulators' code, loaded here (see module doc).
    from fieldkit import demo as simulated  # noqa: PLC0415
    from fieldkit import finish  # noqa: PLC0415
    from fieldkit.enrollment import intake  # noqa: PLC0415
    from fieldkit.enrollment.machine import FingerMode  # noqa: PLC0415
    from fieldkit.planning import targets_import  # noqa: PLC0415
    from fieldkit.sarpras import checklist  # noqa: PLC0415

    visit = _plan_visit(ws, request_id, day)
    listed = write_targets(ws.directory / "demo-yesterday.csv", count, first=TARGETS)
    targets_import.import_targets(ws, visit.id, listed)
    checklist.open_checklist(ws, visit.id, checklist.Phase.CHECKOUT)
    checklist.grant_recording_override(
        ws, visit.id, "Demo: kunjungan kemarin, direkam dengan simulator"
    )
    records = []
    with simulated.SimKit() as kit:
        for target in targets_import.list_targets(ws, visit.id):
            draft = intake.start_enrollment(
                ws, visit.id, target_ref=target.id, finger_mode=FingerMode.SINGLE
            ).id
            intake.record_consent(ws, draft, intake.ConsentInput(intake.ConsentGiver.PERSON))
            simulated.capture_rest(ws, kit, draft)  # the person's backdrop hung first
            records.append(finish.finish_enrollment(ws, draft).record_id)
    # Only the records a sync would have sent are answered (issue 47): a person whose
    # record waits for the ketua tim has no printed card.
    return simulated.play_printed_news(ws, records, receipt=DEMO_RECEIPT)


def build(home: Path) -> None:
    """The store alone, closed again: the officer logs in to it like to a real one.

    Made once a day; later starts copy the one kept (:mod:`ui.demo_cache`), since making
    it records yesterday's people with the simulators.
    """
    from ui import demo_cache  # noqa: PLC0415 - the store's helpers load on the warm-up

    today = dt.datetime.now().astimezone().date()
    key = demo_cache.store_key(today, f"printed_cards={PRINTED_CARDS}")
    if demo_cache.copy_kept(key, home):
        return
    create(home, printed_cards=PRINTED_CARDS).workspace.close()
    demo_cache.keep(key, home)
