"""The ZFM simulator's prints are real enough for NFIQ 2, and their quality can be set."""

from __future__ import annotations

import io

import nbis
import pytest
from PIL import Image

from drivers.fingerprint.synth import ImageQuality, synthesize

MOSIP_FINGER_THRESHOLD = 40  # DESIGN.md §3: MOSIP's default for single fingers and slaps


@pytest.fixture(scope="module")
def extractor() -> nbis.NbisExtractor:
    settings = nbis.NbisExtractorSettings(
        min_quality=0.0, get_center=False, check_fingerprint=False, compute_nfiq2=True, ppi=500.0
    )
    return nbis.new_nbis_extractor(settings)


def nfiq2(extractor: nbis.NbisExtractor, seed: int, quality: ImageQuality) -> int:
    buffer = io.BytesIO()
    Image.fromarray(synthesize(seed, quality)).save(buffer, format="PNG")
    return int(extractor.extract_minutiae(buffer.getvalue()).quality().score)


@pytest.mark.parametrize("seed", range(1, 6))
def test_high_quality_prints_pass_and_low_quality_prints_fail(
    extractor: nbis.NbisExtractor, seed: int
) -> None:
    assert nfiq2(extractor, seed, ImageQuality.HIGH) >= MOSIP_FINGER_THRESHOLD
    assert nfiq2(extractor, seed, ImageQuality.LOW) < MOSIP_FINGER_THRESHOLD
