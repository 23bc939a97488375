"""A synthetic person's ten templates without images (issue 48 part 5's gallery).

``drivers.fingerprint.templates`` writes ISO/IEC 19794-2:2005 records that nbis-py reads
back minutia for minutia; Bozorth3 finds a person's second impression (another
placement, part missing, some minutiae lost or false) far over the app's duplicate
threshold of 50, and other people's same finger far under it.
"""

from __future__ import annotations

import itertools

import nbis
import numpy as np
import pytest

from drivers.fingerprint.templates import (
    finger_minutiae,
    iso_template,
    person_templates,
    second_impressions,
)

PEOPLE = range(100, 105)


@pytest.fixture(scope="module")
def extractor() -> nbis.NbisExtractor:
    settings = nbis.NbisExtractorSettings(
        min_quality=0.0, get_center=False, check_fingerprint=False, compute_nfiq2=False, ppi=500.0
    )
    return nbis.new_nbis_extractor(settings)


def test_a_template_reads_back_minutia_for_minutia(extractor: nbis.NbisExtractor) -> None:
    minutiae = finger_minutiae(7, 3)
    read = extractor.load_iso_19794_2_2005(iso_template(minutiae, 3)).get()
    assert len(read) == len(minutiae.x) >= 48
    for got, x, y, kind in zip(read, minutiae.x, minutiae.y, minutiae.kind, strict=True):
        assert (got.x(), got.y()) == (round(x), round(y))
        assert got.kind().value == kind
    assert person_templates(7)[2] == iso_template(minutiae, 3)  # same person, same bytes


def test_second_impressions_match_and_other_people_do_not(extractor: nbis.NbisExtractor) -> None:
    rng = np.random.default_rng(48)
    gallery = {p: [extractor.load_iso_19794_2_2005(t) for t in person_templates(p)] for p in PEOPLE}
    probes = {
        p: [extractor.load_iso_19794_2_2005(t) for t in second_impressions(p, rng)] for p in PEOPLE
    }
    genuine = [gallery[p][f].compare(probes[p][f]) for p in PEOPLE for f in range(10)]
    impostor = [
        gallery[p][f].compare(probes[q][f])
        for p, q in itertools.permutations(PEOPLE, 2)
        for f in range(10)
    ]
    assert min(genuine) >= 60, sorted(genuine)[:5]
    assert max(impostor) < 35, sorted(impostor)[-5:]
    assert second_impressions(100, np.random.default_rng(1)) != person_templates(100)
