"""The office's auto-capture rule on its own: whether it is on, and the steady spell.

Apart from :mod:`fieldkit.enrollment.autocapture` so the data center, which only checks
an office's rule before it goes into a package, does not import the capture machinery
(OpenCV and NumPy: most of a second at every ``fieldkit-datacenter`` command).
"""

from __future__ import annotations

from dataclasses import dataclass

from fieldkit.errors import InvalidInput

ON_KEY = "autocapture.on"
STEADY_KEY = "autocapture.steady_s"
#: Good verdicts in a row for this long, then the capture.  The issue asks for about
#: 0.5-1 s; a person at rest blinks every 3-4 s (the demo's simulated face every 3 s),
#: and a blink breaks the spell.
DEFAULT_STEADY_S = 0.5
#: An office may choose a longer or shorter spell, within reason: under 0.2 s a
#: swaying head is caught mid-sway, over 5 s a tired person is asked too much.
STEADY_RANGE_S = (0.2, 5.0)


@dataclass(frozen=True)
class AutoCaptureRule:
    """The office's auto-capture rule: whether it is on, and the steady spell."""

    on: bool = True
    steady_s: float = DEFAULT_STEADY_S

    def __post_init__(self) -> None:
        low, high = STEADY_RANGE_S
        if not low <= self.steady_s <= high:
            raise InvalidInput(
                code="autocapture_steady_range",
                params={"low": f"{low:g}", "high": f"{high:g}"},
            )

    def as_json(self) -> dict[str, object]:
        return {"on": self.on, "steady_s": self.steady_s}
