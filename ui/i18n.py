"""Loads the app's translations: Bahasa Indonesia by default, English as the alternative.

Source strings are English (``self.tr("...")``); ``assets/i18n/fieldkit_id.ts``
holds the Indonesian and compiles to the ``.qm`` Qt loads at start-up.  The
officer's choice is kept in ``ui.ini`` beside the store, in plain text: the
login screen needs it before any password is typed, and it names no one.
"""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

from fieldkit import paths
from fieldkit.numbers import count_text, size_text

if TYPE_CHECKING:
    from pathlib import Path

log = logging.getLogger(__name__)

LANGUAGES = {"id": "Bahasa Indonesia", "en": "English"}
DEFAULT_LANGUAGE = "id"
ENV_LANGUAGE = "FIELDKIT_LANG"
SETTINGS_FILE = "ui.ini"
_LANGUAGE_KEY = "language"

_active = "en"  # until install() runs no translator is loaded: the source strings show


def _settings(home: Path) -> QSettings:
    return QSettings(str(home / SETTINGS_FILE), QSettings.Format.IniFormat)


def saved_language(home: Path) -> str | None:
    """The language saved in Settings, or None when none was saved (or it is unknown)."""
    if not (home / SETTINGS_FILE).exists():
        return None
    value = str(_settings(home).value(_LANGUAGE_KEY, "") or "")
    return value if value in LANGUAGES else None


def save_language(home: Path, language: str) -> None:
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    home.mkdir(parents=True, exist_ok=True)
    settings = _settings(home)
    settings.setValue(_LANGUAGE_KEY, language)
    settings.sync()


def chosen_language(home: Path | None = None) -> str:
    """``FIELDKIT_LANG`` first (for support and tests), then the saved choice, then Indonesian."""
    language = os.environ.get(ENV_LANGUAGE) or (saved_language(home) if home else None)
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


def active_language() -> str:
    """The language installed at start-up (the core's bilingual messages pick by it)."""
    return _active


def count_words(number: int) -> str:
    """A count as the installed language writes it: "1.200" in Indonesian, "1,200" in English."""
    return count_text(number, _active)


def size_words(size: float) -> str:
    """A size in bytes as the installed language writes it: "1,5 MB" (never "1.5 MiB")."""
    return size_text(size, _active)


def install(app: QCoreApplication, language: str) -> QTranslator | None:
    """Install the translator for ``language``; English needs none."""
    global _active  # noqa: PLW0603 - one process, one UI language
    _active = language
    QLocale.setDefault(
        QLocale(QLocale.Language.Indonesian if language == "id" else QLocale.Language.English)
    )
    if language == "en":
        return _install_english_plurals(app)
    # Qt asks the translator installed last first: Qt's own goes in before ours.
    _install_qt_translation(app, language)
    translator = QTranslator(app)
    qm = paths.assets_dir() / "i18n" / f"fieldkit_{language}.qm"
    if not translator.load(str(qm)):
        log.error("translation file missing or unreadable: %s", qm)
        return None
    app.installTranslator(translator)
    return translator


def _install_english_plurals(app: QCoreApplication) -> QTranslator | None:
    """English's numerus forms of Qt's ``%n`` sentences, the only English a .ts holds."""
    qm = paths.assets_dir() / "i18n" / "fieldkit_en.qm"
    if not qm.exists():
        return None
    translator = QTranslator(app)
    if not translator.load(str(qm)):
        log.error("translation file unreadable: %s", qm)
        return None
    app.installTranslator(translator)
    return translator


def _install_qt_translation(app: QCoreApplication, language: str) -> None:
    """Qt's own catalogue (file dialog, standard buttons) where PySide6 ships one.

    PySide6 has no ``qtbase_id.qm``: for Indonesian, the Qt texts a person meets
    are in our own catalogue (``ui.qt_strings``).  A language Qt does ship also
    gets Qt's own, for the texts ours does not list.
    """
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt_translator = QTranslator(app)
    if qt_translator.load(f"qtbase_{language}", folder):
        app.installTranslator(qt_translator)
    else:
        log.debug("no Qt translation for %s in %s; ui.qt_strings has Qt's texts", language, folder)
