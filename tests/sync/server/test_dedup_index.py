"""Penunggalan's pre-filter (``sync.server.dedup.index``): the right few people for Bozorth3."""

from __future__ import annotations

import numpy as np

from drivers.fingerprint.templates import (
    finger_minutiae,
    impression,
    iso_template,
    person_templates,
    second_impressions,
)
from sync.server.dedup import index


def test_a_template_reads_back_as_the_minutiae_written() -> None:
    written = finger_minutiae(3, 2)
    x, y, angle = index.minutiae(iso_template(written, 2))
    assert len(x) == len(written.x)
    assert np.abs(x - np.rint(written.x)).max() <= 1
    assert np.abs(y - np.rint(written.y)).max() <= 1
    turned = np.angle(np.exp(1j * (angle - written.angle)))
    assert np.abs(turned).max() <= 2 * np.pi / 256


def test_a_cut_or_empty_template_gives_a_vector_of_zeros_not_an_error() -> None:
    whole = iso_template(finger_minutiae(1, 1), 1)
    assert not index.finger_vector(b"").any()
    assert not index.finger_vector(whole[:20]).any()
    cut = index.finger_vector(whole[: 26 + 6 * 10])  # ten minutiae of the header's count
    assert cut.any()
    assert abs(float(np.linalg.norm(cut)) - 1.0) < 1e-5


def test_another_capture_of_a_finger_is_nearer_than_any_other_finger() -> None:
    rng = np.random.default_rng(1)
    for finger in (1, 2, 7):
        own = index.finger_vector(iso_template(finger_minutiae(0, finger), finger))
        again = index.finger_vector(
            iso_template(impression(finger_minutiae(0, finger), rng), finger)
        )
        others = [
            index.finger_vector(iso_template(finger_minutiae(person, finger), finger))
            for person in range(1, 40)
        ]
        assert float(own @ again) > max(float(own @ other) for other in others)


def test_the_shortlist_puts_the_same_person_first_among_a_hundred_and_more() -> None:
    people = 120
    gallery = index.Index()
    gallery.extend(
        index.person_vectors(dict(enumerate(person_templates(p), start=1))) for p in range(people)
    )
    assert len(gallery) == people
    rng = np.random.default_rng(2)
    for person in (0, 60, 119):
        again = dict(enumerate(second_impressions(person, rng), start=1))
        assert gallery.shortlist(index.person_vectors(again))[0] == person
        # Two fingers left (a bed-bound person's worn prints): still first.
        two = {p: again[p] for p in (2, 7)}
        assert gallery.shortlist(index.person_vectors(two))[0] == person
    # The shortlist shrinks as the probe's fingers grow: ten fingers, eight people.
    assert len(gallery.shortlist(index.person_vectors(again))) == index.FEWEST_PEOPLE
    assert len(gallery.shortlist(index.person_vectors(two))) == index.COMPARISONS // 2
    short = gallery.shortlist(index.person_vectors({}), size=5)
    assert len(short) == 5  # nothing to score: any five, no error


def test_a_gallery_smaller_than_the_shortlist_is_compared_whole() -> None:
    gallery = index.Index()
    gallery.extend(index.person_vectors({1: person_templates(p)[0]}) for p in range(3))
    assert gallery.shortlist(index.person_vectors({})) == [0, 1, 2]


def test_the_shortlist_spends_a_budget_of_finger_pairs_never_below_its_fewest_people() -> None:
    sizes = {fingers: index.shortlist_size(fingers) for fingers in range(11)}
    assert sizes[0] == sizes[1] == index.COMPARISONS  # one finger, or none: the widest
    assert sizes[2] == 30
    assert all(
        sizes[f] * f >= index.COMPARISONS or sizes[f] == index.FEWEST_PEOPLE for f in range(1, 11)
    )
    assert all(sizes[f] >= sizes[f + 1] for f in range(10))
    assert sizes[10] == index.FEWEST_PEOPLE
    eight = index.person_vectors(dict(enumerate(person_templates(0)[:8], start=1)))
    assert index.fingers_of(eight) == 8


def test_a_person_enrolled_with_two_fingers_is_not_outranked_by_ten_finger_strangers() -> None:
    """Searched with ten fingers, a person whose record kept two usable ones (worn prints)
    must rank above strangers who share ten fingers a little each: a sum over ten shared
    fingers scatters wider than over two, and is divided by the square root of the count
    (real composites: the mate within its shortlist in 14 % of such searches, 89 % so)."""
    rng = np.random.default_rng(3)

    def unit(values: np.ndarray) -> np.ndarray:
        return (values / np.linalg.norm(values, axis=-1, keepdims=True)).astype(np.float32)

    probe = unit(rng.random((index.FINGERS, index.DIMENSIONS)) ** 4)
    gallery = index.Index()
    for _ in range(50):  # each finger a little like the probe's, all ten of them
        noise = unit(rng.random((index.FINGERS, index.DIMENSIONS)) ** 4)
        gallery.add(unit(0.25 * probe + 0.75 * noise))
    worn = np.zeros_like(probe)
    worn[[1, 6]] = probe[[1, 6]]  # the same person, two fingers usable at enrolment
    mate = gallery.add(worn)
    assert gallery.shortlist(probe, size=1) == [mate]
