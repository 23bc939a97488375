"""Loads the app's translations: Bahasa Indonesia by default, English as the alternative.

Source strings are English (``self.tr("...")``); ``assets/i18n/fieldkit_id.ts``
holds the Indonesian and compiles to the ``.qm`` Qt loads at start-up.
"""

from __future__ import annotations

import logging
import os

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from fieldkit import paths

log = logging.getLogger(__name__)

LANGUAGES = {"id": "Bahasa Indonesia", "en": "English"}
DEFAULT_LANGUAGE = "id"
ENV_LANGUAGE = "FIELDKIT_LANG"


def chosen_language() -> str:
    language = os.environ.get(ENV_LANGUAGE, DEFAULT_LANGUAGE)
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


def install(app: QCoreApplication, language: str) -> QTranslator | None:
    """Install the translator for ``language``; English needs none."""
    QLocale.setDefault(
        QLocale(QLocale.Language.Indonesian if language == "id" else QLocale.Language.English)
    )
    if language == "en":
        return None
    translator = QTranslator(app)
    qm = paths.assets_dir() / "i18n" / f"fieldkit_{language}.qm"
    if not translator.load(str(qm)):
        log.error("translation file missing or unreadable: %s", qm)
        return None
    app.installTranslator(translator)
    return translator
