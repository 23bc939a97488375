"""The words a screen shows for a core enum's value: the one place each is written.

The core's enums hold codes (``Role.KETUA_TIM``, ``PlaceType.RUMAH``); a screen shows
them in the officer's language from here (context "labels", Qt's disambiguation is
``<enum>.<value>``), and the command line reads the same English through
``fieldkit.sentences.english("labels", ...)``.  The official documents print their own
Indonesian terms (``document_term`` in the core), because their form is fixed by
regulation whatever the UI's language.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication

from fieldkit.handover.cards import HandoverState, Relation
from fieldkit.officers import Role
from fieldkit.planning.requests import RequesterType
from fieldkit.planning.schedule import PlaceType
from fieldkit.planning.targets_import import Category

log = logging.getLogger(__name__)


def role_texts() -> dict[Role, str]:
    """Role -> its name; built per call so the installed translation applies."""
    return {
        Role.PETUGAS: QCoreApplication.translate("labels", "Recording officer", "role.petugas"),
        Role.KETUA_TIM: QCoreApplication.translate("labels", "Team lead", "role.ketua_tim"),
        Role.OPERATOR: QCoreApplication.translate("labels", "Operator", "role.operator"),
        Role.ADMIN: QCoreApplication.translate("labels", "Admin", "role.admin"),
    }


def place_type_texts() -> dict[PlaceType, str]:
    """Where a visit records -> its name."""
    return {
        PlaceType.KANTOR_DESA: QCoreApplication.translate(
            "labels", "Village or kelurahan office", "place_type.kantor_desa"
        ),
        PlaceType.RUMAH: QCoreApplication.translate(
            "labels", "Targets' homes (door to door)", "place_type.rumah"
        ),
        PlaceType.RUMAH_SAKIT: QCoreApplication.translate(
            "labels", "Hospital", "place_type.rumah_sakit"
        ),
        PlaceType.PANTI: QCoreApplication.translate(
            "labels", "Care home (panti)", "place_type.panti"
        ),
        PlaceType.LAINNYA: QCoreApplication.translate(
            "labels", "Other place", "place_type.lainnya"
        ),
    }


def requester_type_texts() -> dict[RequesterType, str]:
    """Who asked for a visit -> its name."""
    return {
        RequesterType.DESA: QCoreApplication.translate(
            "labels", "Village government", "requester_type.desa"
        ),
        RequesterType.KELURAHAN: QCoreApplication.translate(
            "labels", "Kelurahan", "requester_type.kelurahan"
        ),
        RequesterType.RUMAH_SAKIT: QCoreApplication.translate(
            "labels", "Hospital", "requester_type.rumah_sakit"
        ),
        RequesterType.PANTI: QCoreApplication.translate(
            "labels", "Care home (panti)", "requester_type.panti"
        ),
        RequesterType.DINSOS: QCoreApplication.translate(
            "labels", "Social affairs office (Dinas Sosial)", "requester_type.dinsos"
        ),
        RequesterType.LAINNYA: QCoreApplication.translate(
            "labels", "Other agency", "requester_type.lainnya"
        ),
    }


def category_texts() -> dict[Category, str]:
    """Why a person needs a jemput bola visit -> its name (SOP 004's own terms kept)."""
    return {
        Category.LANSIA: QCoreApplication.translate("labels", "elderly", "category.lansia"),
        Category.DISABILITAS: QCoreApplication.translate(
            "labels", "disability", "category.disabilitas"
        ),
        Category.ODGJ: QCoreApplication.translate("labels", "mental illness", "category.odgj"),
        Category.TERBARING: QCoreApplication.translate("labels", "bed-bound", "category.terbaring"),
        Category.LAINNYA: QCoreApplication.translate("labels", "other", "category.lainnya"),
    }


def relation_texts() -> dict[Relation, str]:
    """Who received a printed card, relative to its owner -> its name."""
    return {
        Relation.SELF: QCoreApplication.translate("labels", "The card's owner", "relation.self"),
        Relation.GUARDIAN: QCoreApplication.translate(
            "labels", "Guardian (wali / pengampu)", "relation.guardian"
        ),
        Relation.FAMILY: QCoreApplication.translate("labels", "Family", "relation.family"),
        Relation.VILLAGE_OFFICER: QCoreApplication.translate(
            "labels", "Village or kelurahan officer", "relation.village_officer"
        ),
        Relation.COURIER: QCoreApplication.translate("labels", "Courier", "relation.courier"),
    }


def handover_state_texts() -> dict[HandoverState, str]:
    """Where a printed card is -> its name."""
    return {
        HandoverState.READY: QCoreApplication.translate(
            "labels", "waiting for handover", "handover_state.ready"
        ),
        HandoverState.WITH_COURIER: QCoreApplication.translate(
            "labels", "with the courier", "handover_state.with_courier"
        ),
        HandoverState.HANDED_OVER: QCoreApplication.translate(
            "labels", "handed over", "handover_state.handed_over"
        ),
    }


def categories_text(categories: tuple[Category, ...] | list[Category]) -> str:
    """A person's categories as one cell: "lansia, ODGJ"."""
    names = category_texts()
    return ", ".join(names[category] for category in categories)


def role_text(role: Role) -> str:
    """A role's name in the UI's language."""
    return role_texts()[role]


def place_type_text(place: PlaceType) -> str:
    """A visit place's name in the UI's language."""
    return place_type_texts()[place]


def requester_type_text(kind: RequesterType) -> str:
    """A requester's kind in the UI's language."""
    return requester_type_texts()[kind]
