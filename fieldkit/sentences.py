"""English sentences for logs, the command line and ``--json``, from the UI's catalogue.

Every sentence a person reads is written once, in a ``ui/`` catalogue module, as
``QCoreApplication.translate(context, template, code)``.  The core has no Qt, so
``scripts/i18n.py --update`` copies the English templates into the generated
:mod:`fieldkit.catalogue_en`; this module fills their ``{name}`` places.  A code
the catalogue does not know still renders (as ``code(name=value, ...)``) and logs
a warning: a log line must never fail because a sentence is missing.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

from fieldkit import catalogue_en
from fieldkit.printable import printable

if TYPE_CHECKING:
    from collections.abc import Mapping

log = logging.getLogger(__name__)

#: A ``{name}`` place in a template; Qt's own ``%n`` is the plural count.
_PLACE = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
#: Codes already warned about, so a missing sentence is logged once, not at every read.
_warned: set[tuple[str, str]] = set()
#: The parameter holding the count of a plural (Qt's ``%n``).
COUNT = "n"


def template(context: str, code: str) -> str | None:
    """The English template of ``code`` in ``context``, or None when the catalogue has none."""
    return catalogue_en.SENTENCES.get((context, code))


def _plural(context: str, code: str, text: str, values: Mapping[str, str]) -> str:
    """Qt's ``%n``: the English numerus form for the count, then the count itself."""
    count = values.get(COUNT)
    if count is None:
        return text
    forms = catalogue_en.PLURALS.get((context, code))
    if forms:
        text = forms[0] if count == "1" else forms[-1]
    return text.replace("%n", count)


def render(text: str, params: Mapping[str, object]) -> str:
    """Fill each ``{name}`` of ``text`` from ``params``; an unknown name stays as it is."""
    values = {name: str(value) for name, value in params.items()}
    return _PLACE.sub(lambda match: values.get(match.group(1), match.group(0)), text)


def english(context: str, code: str, params: Mapping[str, object] | None = None) -> str:
    """The English sentence of ``code``, filled from ``params``; never raises.

    Each value is made :func:`~fieldkit.printable.printable` first: a param may be a
    name from a USB stick, a request or an argument, and the sentence goes to a log
    line or a terminal, where a newline or an escape sequence in it would forge a line.
    """
    values = {name: printable(str(value)) for name, value in (params or {}).items()}
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
