"""Bozorth3's score of two fingerprint images, for tests of the simulated people.

The tests of the simulators' subjects ask the same question in several places: are two
prints the same finger (a score well above 40, NBIS's guide) or two fingers (well below)?
"""

from __future__ import annotations

from typing import Any

import nbis
import numpy as np


def bozorth_score(first: Any, second: Any) -> int:
    """Bozorth3's score of two grey images (MINDTCT at 500 ppi, no quality gate)."""
    extractor = nbis.new_nbis_extractor(
        nbis.NbisExtractorSettings(
            min_quality=0.0,
            get_center=False,
            check_fingerprint=False,
            compute_nfiq2=False,
            ppi=500.0,
        )
    )

    def template(image: Any) -> Any:
        grey = np.ascontiguousarray(np.asarray(image, dtype=np.uint8))
        height, width = grey.shape[:2]
        return extractor.extract_minutiae(b"P5\n%d %d\n255\n" % (width, height) + grey.tobytes())

    return int(template(first).compare(template(second)))
