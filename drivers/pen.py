"""Pen samples as the core uses them: split into strokes, rendered as ink (public interface).

The signature pad's backends live in ``drivers.signature``; what the core needs
of pen data (the quality check, the serah terima report, the card handover)
is this, so callers never reach into a backend package.
"""

from drivers.signature.render import DEFAULT_UNITS_PER_MM, render_signature, split_strokes

__all__ = ["DEFAULT_UNITS_PER_MM", "render_signature", "split_strokes"]
