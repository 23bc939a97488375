"""Every sentence a person reads, as written beside the code that raises it, and its English.

A sentence is written once, in the ``sentences`` module of the package whose code raises
or prints it (``fieldkit/cli/sentences.py``, ``sync/server/<room>/sentences.py``,
``fieldkit/<module>_sentences.py`` for the core's own modules), as
``translate(context, English template, code)``.  That call registers the sentence here
when the module is imported, and it is also what Qt's lupdate extracts (the code is Qt's
disambiguation) into ``assets/i18n/fieldkit_id.ts``, so the screens show it translated
(``ui.core_sentences``) while this module fills the English ``{name}`` places for logs,
the command line and ``--json``.  There is no Qt here: :func:`translate` only records.

A package registers its sentences when it is imported (its ``__init__`` imports its
``sentences`` module), so a code can only be raised where its sentence is known.  A code
with no sentence still renders (as ``code(name=value, ...)``) and logs a warning: a log
line must never fail because a sentence is missing.  docs/architecture.md ("How to add a
sentence") is the one way to add one.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from fieldkit.numbers import Measure, count_text
from fieldkit.printable import printable

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping

log = logging.getLogger(__name__)

#: A ``{name}`` place in a template; Qt's own ``%n`` is the plural count.
_PLACE = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
#: Codes already warned about, so a missing sentence is logged once, not at every read.
_warned: set[tuple[str, str]] = set()
#: The parameter holding the count of a plural (Qt's ``%n``).
COUNT = "n"
#: The fourth argument of a counted sentence's :func:`translate`.  It must be positional:
#: lupdate reads a call's fourth argument as "this sentence has numerus forms" and skips
#: a call with a keyword argument.
PLURAL: Final = True


@dataclass(frozen=True)
class Sentence:
    """One sentence: Qt finds its translation by context, English source and code."""

    context: str
    source: str
    code: str
    counted: bool = False


#: (context, code) -> its sentence, filled by each ``sentences`` module at import.
_SENTENCES: dict[tuple[str, str], Sentence] = {}
#: (context, code) -> the English numerus forms (singular, plural) of a counted sentence.
_PLURALS: dict[tuple[str, str], tuple[str, str]] = {}


def translate(context: str, source: str, code: str, counted: bool = False) -> Sentence:
    """Register the sentence of ``code`` in ``context``; the name is the one lupdate extracts.

    Raises ValueError when the code already names another sentence: one code, one sentence.
    """
    sentence = Sentence(context, source, code, counted=counted)
    known = _SENTENCES.setdefault((context, code), sentence)
    if known != sentence:
        msg = f"code {code!r} names two different sentences in context {context!r}"
        raise ValueError(msg)
    return sentence


def plural(context: str, code: str, singular: str, plural_form: str) -> None:
    """The English forms of a counted sentence (Qt's ``%n``), for logs and the English UI.

    Not a ``translate`` call, so lupdate leaves it alone; ``scripts/i18n.py --update``
    writes the forms into ``assets/i18n/fieldkit_en.ts``.
    """
    _PLURALS[(context, code)] = (singular, plural_form)


def sentence(context: str, code: str) -> Sentence | None:
    """The registered sentence of ``code`` in ``context``, or None."""
    return _SENTENCES.get((context, code))


def registered() -> tuple[Sentence, ...]:
    """Every sentence registered so far (by the ``sentences`` modules imported so far)."""
    return tuple(_SENTENCES.values())


def english_forms(context: str, code: str) -> tuple[str, str] | None:
    """The English (singular, plural) forms of a counted sentence, or None."""
    return _PLURALS.get((context, code))


def template(context: str, code: str) -> str | None:
    """The English template of ``code`` in ``context``, or None when no sentence has it."""
    found = _SENTENCES.get((context, code))
    return None if found is None else found.source


def _plural(context: str, code: str, text: str, values: Mapping[str, str]) -> str:
    """Qt's ``%n``: the English numerus form for the count, then the count itself."""
    count = values.get(COUNT)
    if count is None:
        return text
    forms = _PLURALS.get((context, code))
    if forms:
        text = forms[0] if count == "1" else forms[-1]
    return text.replace("%n", count)


def _shown(value: object, language: str = "id") -> str:
    """A param as a sentence shows it: a whole number's thousands grouped ("100.000")."""
    if isinstance(value, int) and not isinstance(value, bool):
        return count_text(value, language)
    if isinstance(value, Measure):
        return value.text(language)
    return str(value)


#: Two full stops ending a sentence: a name ending in a title's stop ("S.Kom.") before the
#: sentence's own.  Never an ellipsis ("...") nor a range ("0..9"): only before a space or
#: the end.
_DOUBLED_STOP = re.compile(r"(?<!\.)\.\.(?=\s|$)")


def one_stop(text: str) -> str:
    """A sentence whose last word is an abbreviation ends with one stop, as Indonesian writes.

    "Diterima oleh Sutrisno, S.Kom." and not "... S.Kom.." (issue 47, finding 11): a
    sentence ends in a full stop and a name with a title ends in one too.  Every filled
    sentence goes through here: :func:`render`, :func:`english`, and the screens that fill
    a Qt sentence's ``%1`` with a person's name.
    """
    return _DOUBLED_STOP.sub(".", text)


def render(text: str, params: Mapping[str, object]) -> str:
    """Fill each ``{name}`` of ``text`` from ``params``; an unknown name stays as it is.

    This fills the translated (Indonesian) sentences, on the screens and the console: a
    whole number is written with its thousands grouped, "100.000" (:mod:`fieldkit.numbers`).
    :func:`english` hands it strings already, grouped the English way ("100,000").
    """
    values = {name: _shown(value) for name, value in params.items()}
    return one_stop(_PLACE.sub(lambda match: values.get(match.group(1), match.group(0)), text))


#: Inside :func:`speaking`: the language and its templates, (context, code) -> text or None.
_speaker: contextvars.ContextVar[tuple[str, Callable[[str, str], str | None]] | None] = (
    contextvars.ContextVar("speaker", default=None)
)
#: Qt's count in a translation: ``%Ln`` grouped as the language writes it, ``%n`` bare.
COUNT_PLACE = re.compile(r"%L?n")


@contextlib.contextmanager
def speaking(language: str, templates: Callable[[str, str], str | None]) -> Iterator[None]:
    """Within the block, :func:`english` words in ``language`` from ``templates``.

    For a line a person reads in a command's language (``fieldkit.catalogue.said``): an
    error's ``message``, a finding's, an office summary's are each built from several
    sentences by their own code, which calls :func:`english`; inside this block those
    calls take the language's sentence where it has one.  Logs never run inside it.
    """
    token = _speaker.set((language, templates))
    try:
        yield
    finally:
        _speaker.reset(token)


def english(context: str, code: str, params: Mapping[str, object] | None = None) -> str:
    """The English sentence of ``code``, filled from ``params``; never raises.

    Each value is made :func:`~fieldkit.printable.printable` first: a param may be a
    name from a USB stick, a request or an argument, and the sentence goes to a log
    line or a terminal, where a newline or an escape sequence in it would forge a line.
    Inside :func:`speaking` it is the spoken language's sentence, where there is one.
    """
    speaker = _speaker.get()
    if speaker is not None and template(context, code) is not None:
        language, templates = speaker
        spoken = templates(context, code)
        if spoken is not None:
            shown = {k: printable(_shown(v, language)) for k, v in (params or {}).items()}
            if COUNT in shown:
                spoken = COUNT_PLACE.sub(shown[COUNT], spoken)
            return render(spoken, shown)
    values = {name: printable(_shown(value, "en")) for name, value in (params or {}).items()}
    text = template(context, code)
    if text is None:
        if (context, code) not in _warned:
            _warned.add((context, code))
            log.warning("no catalogue sentence for %s/%s", context, code)
        inside = ", ".join(f"{name}={value}" for name, value in values.items())
        return f"{code}({inside})"
    return render(_plural(context, code, text, values), values)


def english_if_any(
    context: str, code: str, params: Mapping[str, object] | None = None
) -> str | None:
    """Like :func:`english`, but None (and no warning) when the catalogue has no entry.

    For optional sentences such as an error's hint (``<code>.hint``).
    """
    if template(context, code) is None:
        return None
    return english(context, code, params)
