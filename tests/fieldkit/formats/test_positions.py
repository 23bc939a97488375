"""Finger positions: ANSI/NIST codes, names and slap membership."""

from __future__ import annotations

import pytest

from fieldkit.formats.positions import (
    CAPTURE_442,
    TEN_FINGERS,
    Eye,
    FingerPosition,
    Hand,
    slap_members,
)

P = FingerPosition


def test_codes_follow_ansi_nist_table_8() -> None:
    assert [int(p) for p in TEN_FINGERS] == list(range(1, 11))
    assert (P.RIGHT_SLAP, P.LEFT_SLAP, P.BOTH_THUMBS) == (13, 14, 15)
    assert P.RIGHT_THUMB.id == "Ibu jari kanan"
    assert P.RIGHT_THUMB.en == "Right thumb"
    assert P.LEFT_LITTLE.id == "Kelingking kiri"
    assert all(p.id and p.en for p in P)


def test_hands_and_slaps() -> None:
    assert {p.hand for p in TEN_FINGERS[:5]} == {Hand.RIGHT}
    assert {p.hand for p in TEN_FINGERS[5:]} == {Hand.LEFT}
    assert P.BOTH_THUMBS.hand is None
    assert P.RIGHT_INDEX.slap is P.RIGHT_SLAP
    assert P.LEFT_THUMB.slap is P.BOTH_THUMBS
    assert P.RIGHT_SLAP.is_slap
    assert not P.RIGHT_SLAP.is_single_finger


def test_442_covers_each_finger_once_in_image_order() -> None:
    assert CAPTURE_442 == (P.LEFT_SLAP, P.RIGHT_SLAP, P.BOTH_THUMBS)
    covered = [finger for slap in CAPTURE_442 for finger in slap_members(slap)]
    assert sorted(covered) == sorted(TEN_FINGERS)
    assert slap_members(P.RIGHT_SLAP) == (P(2), P(3), P(4), P(5))
    assert slap_members(P.LEFT_SLAP) == (P(10), P(9), P(8), P(7))
    assert slap_members(P.BOTH_THUMBS) == (P.LEFT_THUMB, P.RIGHT_THUMB)
    with pytest.raises(ValueError, match="not a slap"):
        slap_members(P.RIGHT_INDEX)


def test_eyes() -> None:
    assert (Eye.RIGHT.iso_label, Eye.LEFT.iso_label) == (1, 2)
    assert Eye.LEFT.id == "Mata kiri"
    assert Eye.RIGHT.en == "Right eye"
