"""The core's sentences on screen: each looked up by its code and translated by Qt.

A sentence the core raises or prints is written once, beside the code that raises it
(``fieldkit/**/sentences.py``, ``sync/**/sentences.py``, see :mod:`fieldkit.sentences`);
``ui/`` never spells it again.  :func:`core_text` asks Qt's translator for it with the
same context, English source and code (Qt's disambiguation) that lupdate extracted, so
the screen shows the Indonesian of ``assets/i18n/fieldkit_id.ts``.  ``ui/`` itself only
spells the screens' own words.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication

from fieldkit import (
    devices_sentences,
    errors_sentences,
    labels_sentences,
    nik_sentences,
    promise_sentences,
    sentences,
)
from fieldkit.cli import sentences as cli_sentences
from fieldkit.delivery import sentences as delivery_sentences
from fieldkit.enrollment import cosign_sentences
from fieldkit.enrollment import sentences as enrollment_sentences
from fieldkit.handover import sentences as handover_sentences
from fieldkit.office import sentences as office_sentences
from fieldkit.planning import sentences as planning_sentences
from fieldkit.quality import sentences as quality_sentences
from fieldkit.receipts import sentences as receipts_sentences
from fieldkit.records import sentences as records_sentences
from fieldkit.reports import sentences as reports_sentences
from fieldkit.review import sentences as review_sentences
from fieldkit.sarpras import sentences as sarpras_sentences
from fieldkit.store import sentences as store_sentences
from fieldkit.update import sentences as update_sentences
from sync import sentences as sync_sentences
from sync.client import handovers_sentences as client_handovers_sentences
from sync.client import sentences as client_sentences

log = logging.getLogger(__name__)

#: Every sentences module the laptop has, so a screen finds each sentence whatever the core
#: imported so far (``tests/ui/test_core_sentences.py`` checks none is missing).  The data
#: center's own (each room's ``sync.server.*.sentences``) are not among them: no screen of
#: the laptop says their lines, and the laptop's bundle leaves ``sync.server`` out.
SENTENCE_MODULES = (
    cli_sentences,
    client_handovers_sentences,
    client_sentences,
    cosign_sentences,
    delivery_sentences,
    devices_sentences,
    enrollment_sentences,
    errors_sentences,
    handover_sentences,
    labels_sentences,
    nik_sentences,
    office_sentences,
    planning_sentences,
    promise_sentences,
    quality_sentences,
    receipts_sentences,
    records_sentences,
    reports_sentences,
    review_sentences,
    sarpras_sentences,
    store_sentences,
    sync_sentences,
    update_sentences,
)


def core_text(context: str, code: str, count: int = -1) -> str:
    """The sentence of ``code`` in ``context`` in the installed language; ``count`` is ``%n``.

    A code no sentences module registers is a bug (the tests look for one); the code itself
    is shown then, and a warning logged, rather than a screen failing.
    """
    found = sentences.sentence(context, code)
    if found is None:
        log.warning("no sentence for %s/%s", context, code)
        return code
    return QCoreApplication.translate(context, found.source, code, count)


def core_texts(context: str, count: int = -1) -> dict[str, str]:
    """Code -> sentence of every registered sentence of ``context``, translated now."""
    return {
        found.code: core_text(context, found.code, count)
        for found in sentences.registered()
        if found.context == context
    }
