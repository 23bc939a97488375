"""Every enum value a screen shows has a name in both languages, and none from the core."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from fieldkit import sentences
from fieldkit.handover.cards import HandoverState, Relation
from fieldkit.officers import Role
from fieldkit.planning.kinds import PlaceType, RequesterType
from fieldkit.planning.targets_import import Category
from ui.labels_catalogue import (
    categories_text,
    category_texts,
    place_type_text,
    place_type_texts,
    requester_type_texts,
    role_text,
    role_texts,
)

REPO = Path(__file__).resolve().parents[2]
#: Each worded enum and the prefix of its codes in the "labels" context.
WORDED = (
    (Role, "role"),
    (PlaceType, "place_type"),
    (RequesterType, "requester_type"),
    (Category, "category"),
    (Relation, "relation"),
    (HandoverState, "handover_state"),
)


def test_every_value_has_an_english_name_for_the_command_line(qapp: QApplication) -> None:
    generated = {s.code for s in sentences.registered() if s.context == "labels"}
    expected = {f"{prefix}.{value.value}" for enum, prefix in WORDED for value in enum}
    assert generated == expected
    assert sentences.english("labels", "role.ketua_tim") == "Team lead"
    assert set(role_texts()) == set(Role)
    assert set(place_type_texts()) == set(PlaceType)
    assert set(requester_type_texts()) == set(RequesterType)
    assert set(category_texts()) == set(Category)


@pytest.mark.usefixtures("indonesian")
def test_the_officer_reads_the_names_in_indonesian(qapp: QApplication) -> None:
    assert role_text(Role.PETUGAS) == "Petugas perekaman"
    assert place_type_text(PlaceType.RUMAH) == "Rumah sasaran (dari rumah ke rumah)"
    assert categories_text((Category.LANSIA, Category.ODGJ)) == "lansia, ODGJ"
    named: dict[object, str] = {**role_texts(), **place_type_texts()}
    named |= {("requester", k): v for k, v in requester_type_texts().items()}
    named |= {("category", k): v for k, v in category_texts().items()}
    untranslated = {
        s.code
        for s in sentences.registered()
        if s.context == "labels" and s.source in named.values()
    }
    # Only names that are the same word in both languages stay as they are.
    assert untranslated <= {"role.operator", "role.admin", "requester_type.kelurahan"}


def test_no_screen_reads_a_label_from_the_core() -> None:
    for path in (REPO / "ui").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert ".label_id" not in text, path
        assert ".label_en" not in text, path
