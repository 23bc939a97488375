"""Penunggalan's pre-filter (``sync.server.dedup.index``): the right few people for Bozorth3."""

from __future__ import annotations

import numpy as np
import pytest

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


def _float_scores(rows: np.ndarray, probe: np.ndarray) -> np.ndarray:
    """The score as it was computed on float vectors before the index kept bytes."""
    present = np.linalg.norm(rows, axis=2) > 0
    mean = rows[present].mean(axis=0)
    probe_present = np.linalg.norm(probe, axis=1) > 0
    centred_rows = np.where(present[..., None], rows - mean, 0.0)
    centred_rows /= np.maximum(np.linalg.norm(centred_rows, axis=2, keepdims=True), 1e-12)
    centred = np.where(probe_present[:, None], probe - mean, 0.0)
    centred /= np.maximum(np.linalg.norm(centred, axis=1, keepdims=True), 1e-12)
    summed = np.einsum("npd,pd->n", centred_rows, centred)
    shared = np.count_nonzero(present & probe_present, axis=1)
    return summed / np.sqrt(np.maximum(shared, 1))


def _people(count: int, seed: int = 0) -> list[np.ndarray]:
    return [
        index.person_vectors(dict(enumerate(person_templates(p + seed), start=1)))
        for p in range(count)
    ]


def test_the_index_kept_as_bytes_ranks_as_the_floats_did() -> None:
    """Each vector kept in 256 levels of its own range: the scores within rounding."""
    people = _people(60)
    # Some records with fingers missing (exceptions), across more than one block's worth
    # of rows would cost seconds: one block holds them all, which the loop treats alike.
    people[5][3:] = 0
    people[9][[0, 4]] = 0
    gallery = index.Index()
    gallery.extend(people)
    rows = np.stack(people).astype(np.float64)
    for person in (0, 5, 9, 33):
        probe = index.person_vectors(
            dict(enumerate(second_impressions(person, np.random.default_rng(person)), start=1))
        )
        held, exact = gallery.scores(probe), _float_scores(rows, probe.astype(np.float64))
        assert np.abs(held - exact).max() < 0.01
        # The mate first either way; below it strangers a thousandth apart may swap.
        assert int(np.argmax(held)) == int(np.argmax(exact)) == person


def test_a_taken_index_keeps_its_rows_faces_and_images_renumbered() -> None:
    people = _people(12, seed=100)
    rng = np.random.default_rng(7)
    faces = [np.sqrt(rng.random(64)).astype(np.float32) for _ in people]
    faces = [(f / np.linalg.norm(f)).astype(np.float32) for f in faces]
    gallery = index.Index()
    for number, (vectors, face) in enumerate(zip(people, faces, strict=True)):
        gallery.add(vectors, face, {f"{number:02d}" + "ab" * 31})
    kept = gallery.take([3, 7, 11])
    assert len(kept) == 3
    assert np.allclose(kept.vectors_of(1), gallery.vectors_of(7))
    face = kept.face_of(2)
    assert face is not None
    assert np.allclose(face, faces[11], atol=0.01)
    assert kept.sharing_images({"07" + "ab" * 31}) == {1}
    assert kept.sharing_images({"05" + "ab" * 31}) == set()
    probe = index.person_vectors(
        dict(enumerate(second_impressions(107, np.random.default_rng(1)), start=1))
    )
    assert kept.shortlist(probe, size=1) == [1]


def test_faces_are_compared_only_where_fingers_cannot_decide() -> None:
    rng = np.random.default_rng(11)
    face = np.sqrt(rng.random(64)).astype(np.float32)
    face /= np.linalg.norm(face)
    gallery = index.Index()
    ten = _people(1, seed=200)[0]
    gallery.add(ten, face)  # ten fingers: the probe's ten fingers decide
    one = ten.copy()
    one[1:] = 0
    gallery.add(one, face)  # one finger: the face is compared
    gallery.add(one)  # no face: nothing to compare
    similar = gallery.similar_faces(face, ten, fewer_than=2, at_least=0.9)
    assert list(similar) == [1]
    assert similar[1] > 0.99
    assert gallery.similar_faces(None, ten, fewer_than=2, at_least=0.9) == {}
    other = np.sqrt(rng.random(64)).astype(np.float32)
    other /= np.linalg.norm(other)
    assert gallery.similar_faces(other, ten, fewer_than=2, at_least=0.999) == {}


def test_an_index_read_back_from_its_parts_scores_alike() -> None:
    people = _people(20, seed=300)
    gallery = index.Index()
    for number, vectors in enumerate(people):
        gallery.add(vectors, None, {f"{number:02x}" + "0" * 62})
    again = index.Index.from_parts(dict(gallery.parts()))
    probe = index.person_vectors(
        dict(enumerate(second_impressions(304, np.random.default_rng(2)), start=1))
    )
    assert np.array_equal(again.scores(probe), gallery.scores(probe))
    assert again.sharing_images({"04" + "0" * 62}) == {4}


def test_an_index_of_more_than_a_block_read_back_read_only_grows_on() -> None:
    """A snapshot hands its full blocks over as read-only arrays; adding writes elsewhere."""
    rng = np.random.default_rng(5)
    rows = rng.random((index.BLOCK + 3, index.FINGERS, index.DIMENSIONS)) ** 4
    rows = (rows / np.linalg.norm(rows, axis=2, keepdims=True)).astype(np.float32)
    gallery = index.Index()
    gallery.extend(rows)
    as_read = {
        name: np.frombuffer(part.tobytes(), dtype=part.dtype).reshape(part.shape)
        for name, part in gallery.parts()
    }
    again = index.Index.from_parts(as_read)
    probe = rows[index.BLOCK - 2]
    assert np.array_equal(again.scores(probe), gallery.scores(probe))
    for _ in range(index.BLOCK):  # into the last partial block, then a new one
        again.add(rows[7])
    assert len(again) == 2 * index.BLOCK + 3
    assert again.shortlist(probe, size=1) == [index.BLOCK - 2]


def test_image_hashes_are_found_sorted_or_still_waiting_and_kept_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Hashes wait unsorted until enough came, then are sorted in; each is found either way.

    The index once kept a sorted copy beside the hashes and sorted again after every added
    record: 87 MB more at 100,000 people, and a sort per search.
    """
    monkeypatch.setattr(index, "_PENDING_HASHES", 6)
    gallery = index.Index()
    vectors = _people(1, seed=400)[0]
    hashes = {row: {f"{row:02x}{n:02x}" + "c" * 60 for n in range(2)} for row in range(7)}
    for row in range(7):
        gallery.add(vectors, None, hashes[row])
    # Sorted in at six waiting (rows 0-2, then 3-5); row 6's two wait.
    assert len(gallery._hash_digests) == 12
    assert gallery._pending_count == 2
    for row in range(7):
        assert gallery.sharing_images(hashes[row]) == {row}
        assert gallery.hashes_of(row) == frozenset(hashes[row])
    assert gallery.sharing_images({"ff" * 32}) == set()
    assert gallery.sharing_images(hashes[1] | hashes[5]) == {1, 5}
    kept = gallery.take([6, 1])
    assert kept.sharing_images(hashes[6]) == {0}
    assert kept.sharing_images(hashes[1]) == {1}
    assert kept.sharing_images(hashes[3]) == set()
    again = index.Index.from_parts(dict(gallery.parts()))
    assert all(again.sharing_images(hashes[row]) == {row} for row in range(7))


def test_a_snapshot_with_its_hashes_in_row_order_is_read_sorted() -> None:
    """Snapshots written before the hashes were kept sorted hold them in row order."""
    gallery = index.Index()
    vectors = _people(1, seed=401)[0]
    for row in range(5):
        gallery.add(vectors, None, {f"{9 - row:02x}" + "d" * 62})
    parts = dict(gallery.parts())
    order = np.argsort(parts["hash_rows"])
    parts["hash_digests"], parts["hash_rows"] = (
        parts["hash_digests"][order],
        parts["hash_rows"][order],
    )
    again = index.Index.from_parts(parts)
    assert all(again.sharing_images({f"{9 - row:02x}" + "d" * 62}) == {row} for row in range(5))
