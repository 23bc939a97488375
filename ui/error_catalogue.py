"""The core's error codes in words, for the screens: each from the sentence beside its raise.

The core raises :class:`~fieldkit.errors.KnownError` with a stable ``code`` and
``params`` only, and writes each code's sentence once, beside the code that raises it
(``translate("errors", template, code)`` in a ``sentences`` module of ``fieldkit/`` or
``sync/``; docs/architecture.md, "How to add a sentence").  Here Qt translates them for
the app (:func:`ui.messages.explain` fills the ``{name}`` places from the params).
``tests/ui/test_error_catalogue.py`` finds every raise in ``fieldkit``, ``sync`` and
``drivers`` and checks each code has a sentence naming only the params it gets.
Device errors (``device_*``, context "devices") are worded in ``ui.messages``.
"""

from __future__ import annotations

from fieldkit import sentences
from ui.core_sentences import core_text, core_texts


def core_error_texts() -> dict[str, str]:
    """Code -> sentence of every error code; built per call so the installed translation applies."""
    return core_texts("errors")


def core_error_text(code: str) -> str | None:
    """The sentence of one error code in the installed language, or None when it has none.

    An error on screen translates its own sentence, not the whole catalogue's 400.
    """
    if sentences.sentence("errors", code) is None:
        return None
    return core_text("errors", code)
