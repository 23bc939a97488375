"""The words a screen shows for a core enum's value.

The core's enums hold codes (``Role.KETUA_TIM``, ``PlaceType.RUMAH``); their names are
written once in ``fieldkit/labels_sentences.py`` (context "labels", Qt's disambiguation
is ``<enum>.<value>``); a screen shows them in the officer's language from here, and the
command line reads the same English through ``fieldkit.sentences.english("labels",
...)``. The official documents print their own Indonesian terms (``document_term`` in
the core), because their form is fixed by regulation whatever the UI's language.
"""

from __future__ import annotations

import logging

from fieldkit.handover.cards import HandoverState, Relation
from fieldkit.officers import Role
from fieldkit.planning.kinds import PlaceType, RequesterType
from fieldkit.planning.targets_import import Category
from ui.core_sentences import core_text

log = logging.getLogger(__name__)


def role_texts() -> dict[Role, str]:
    """Role -> its name; built per call so the installed translation applies."""
    return {
        Role.PETUGAS: core_text("labels", "role.petugas"),
        Role.KETUA_TIM: core_text("labels", "role.ketua_tim"),
        Role.OPERATOR: core_text("labels", "role.operator"),
        Role.ADMIN: core_text("labels", "role.admin"),
    }


def place_type_texts() -> dict[PlaceType, str]:
    """Where a visit records -> its name."""
    return {
        PlaceType.KANTOR_DESA: core_text("labels", "place_type.kantor_desa"),
        PlaceType.RUMAH: core_text("labels", "place_type.rumah"),
        PlaceType.RUMAH_SAKIT: core_text("labels", "place_type.rumah_sakit"),
        PlaceType.PANTI: core_text("labels", "place_type.panti"),
        PlaceType.LAINNYA: core_text("labels", "place_type.lainnya"),
    }


def requester_type_texts() -> dict[RequesterType, str]:
    """Who asked for a visit -> its name."""
    return {
        RequesterType.DESA: core_text("labels", "requester_type.desa"),
        RequesterType.KELURAHAN: core_text("labels", "requester_type.kelurahan"),
        RequesterType.RUMAH_SAKIT: core_text("labels", "requester_type.rumah_sakit"),
        RequesterType.PANTI: core_text("labels", "requester_type.panti"),
        RequesterType.DINSOS: core_text("labels", "requester_type.dinsos"),
        RequesterType.LAINNYA: core_text("labels", "requester_type.lainnya"),
    }


def category_texts() -> dict[Category, str]:
    """Why a person needs a jemput bola visit -> its name (SOP 004's own terms kept)."""
    return {
        Category.LANSIA: core_text("labels", "category.lansia"),
        Category.DISABILITAS: core_text("labels", "category.disabilitas"),
        Category.ODGJ: core_text("labels", "category.odgj"),
        Category.TERBARING: core_text("labels", "category.terbaring"),
        Category.LAINNYA: core_text("labels", "category.lainnya"),
    }


def relation_texts() -> dict[Relation, str]:
    """Who received a printed card, relative to its owner -> its name."""
    return {
        Relation.SELF: core_text("labels", "relation.self"),
        Relation.GUARDIAN: core_text("labels", "relation.guardian"),
        Relation.FAMILY: core_text("labels", "relation.family"),
        Relation.VILLAGE_OFFICER: core_text("labels", "relation.village_officer"),
        Relation.COURIER: core_text("labels", "relation.courier"),
    }


def handover_state_texts() -> dict[HandoverState, str]:
    """Where a printed card is -> its name."""
    return {
        HandoverState.READY: core_text("labels", "handover_state.ready"),
        HandoverState.WITH_COURIER: core_text("labels", "handover_state.with_courier"),
        HandoverState.HANDED_OVER: core_text("labels", "handover_state.handed_over"),
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
