"""Every text a person can see or hear in a window, and the English words among them.

``texts_of`` walks a widget tree the way an officer (or a screen reader) meets
it: labels, buttons, tabs, group titles, placeholders, tooltips, accessible
names, combo items, table headers and cells, menus, window titles, spin-box
prefixes.  ``english_words`` finds words of English that do not occur in
Indonesian, from a list of common English words (function words and the
words of this app's own English source strings).  ``tests/ui/test_no_english.py``
runs both over every screen and dialog of the Indonesian app.
"""

from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QFileSystemModel,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMenuBar,
    QPlainTextEdit,
    QSpinBox,
    QTabWidget,
    QTextEdit,
    QWidget,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

#: English words that are not Indonesian words, so one on an Indonesian screen is a
#: missed translation.  Words Indonesian shares with English (data, status, total,
#: demo, admin, operator, folder, laptop, server, format, mode, normal, iris, port, log,
#: OK, set as in "set alat", no as in "No. KK", cap as in "cap jempol") are left out.
ENGLISH = frozenset(
    [
        "about",
        "accepted",
        "account",
        "add",
        "added",
        "address",
        "after",
        "again",
        "all",
        "already",
        "also",
        "and",
        "any",
        "are",
        "as",
        "at",
        "attempt",
        "attempts",
        "available",
        "back",
        "backend",
        "backends",
        "backup",
        "be",
        "been",
        "before",
        "below",
        "birth",
        "born",
        "both",
        "busy",
        "but",
        "button",
        "by",
        "camera",
        "can",
        "cancel",
        "cannot",
        "capture",
        "captured",
        "card",
        "change",
        "check",
        "checked",
        "checking",
        "choose",
        "clean",
        "close",
        "code",
        "complete",
        "condition",
        "connected",
        "consent",
        "could",
        "create",
        "current",
        "date",
        "day",
        "days",
        "delete",
        "details",
        "device",
        "devices",
        "did",
        "disabled",
        "disconnected",
        "do",
        "does",
        "done",
        "down",
        "each",
        "edit",
        "enrolled",
        "enrollment",
        "enter",
        "error",
        "errors",
        "every",
        "exception",
        "exceptions",
        "expected",
        "export",
        "face",
        "failed",
        "faulty",
        "field",
        "file",
        "files",
        "find",
        "finger",
        "fingerprint",
        "fingers",
        "finish",
        "first",
        "for",
        "found",
        "from",
        "get",
        "give",
        "go",
        "good",
        "has",
        "have",
        "help",
        "here",
        "hide",
        "home",
        "if",
        "image",
        "images",
        "import",
        "in",
        "into",
        "is",
        "it",
        "its",
        "keep",
        "key",
        "kind",
        "last",
        "later",
        "leave",
        "left",
        "list",
        "load",
        "lock",
        "locked",
        "login",
        "look",
        "make",
        "mark",
        "marked",
        "missing",
        "more",
        "must",
        "name",
        "names",
        "need",
        "needs",
        "new",
        "next",
        "none",
        "not",
        "note",
        "notes",
        "now",
        "number",
        "of",
        "off",
        "on",
        "one",
        "only",
        "open",
        "or",
        "other",
        "out",
        "outcome",
        "passed",
        "password",
        "pause",
        "paused",
        "pending",
        "person",
        "photo",
        "place",
        "plan",
        "planned",
        "planning",
        "please",
        "press",
        "problem",
        "problems",
        "purged",
        "quality",
        "quantity",
        "quit",
        "read",
        "ready",
        "reason",
        "reasons",
        "recorded",
        "recording",
        "records",
        "remove",
        "report",
        "reports",
        "request",
        "requests",
        "required",
        "resume",
        "retry",
        "review",
        "right",
        "row",
        "rows",
        "run",
        "save",
        "saved",
        "scanner",
        "screen",
        "search",
        "seal",
        "sealed",
        "select",
        "self",
        "sent",
        "settings",
        "show",
        "sign",
        "signed",
        "signature",
        "size",
        "skip",
        "some",
        "start",
        "started",
        "step",
        "still",
        "stop",
        "sync",
        "target",
        "targets",
        "team",
        "test",
        "tested",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "this",
        "threshold",
        "time",
        "to",
        "today",
        "too",
        "try",
        "type",
        "unknown",
        "until",
        "up",
        "use",
        "used",
        "user",
        "using",
        "visit",
        "visits",
        "waiting",
        "warning",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "who",
        "will",
        "with",
        "without",
        "wrong",
        "yes",
        "yet",
        "you",
        "your",
    ]
)

#: Indonesian words spelled like English ones that :func:`app_english` would otherwise
#: count ("Set alat perekaman" is the checklist's own Indonesian section name).
INDONESIAN_TOO = frozenset({"set"})

#: Proper names and equipment names that carry English words on purpose: product and
#: device names, and the office's own checklist items as its staff name them.
ALLOWED_PHRASES = (
    "FieldKit",
    "OpenCV",
    "Power bank",
    "Hand sanitizer",
    # The language chooser names each language in its own tongue (Pengaturan → Bahasa).
    "English",
)

_WORD = re.compile(r"[A-Za-z]+")
_COMMAND = re.compile(r"'fieldkit[^']*'")
_TAG = re.compile(r"<[^>]+>")
_CATALOGUE = Path(__file__).resolve().parents[2] / "assets" / "i18n" / "fieldkit_id.ts"


@functools.cache
def app_english() -> frozenset[str]:
    """Words of the app's English source strings that no Indonesian translation uses.

    A word a translator kept (data, status, slap, ...) is shared by both
    languages here, so it is left out; what stays is English only this app
    would show, on top of :data:`ENGLISH`.
    """
    root = ET.parse(_CATALOGUE).getroot()  # noqa: S314 - our own file
    sources: set[str] = set()
    translations: set[str] = set()
    for message in root.iter("message"):
        sources.update(
            w.lower() for w in _WORD.findall(_TAG.sub(" ", message.findtext("source") or ""))
        )
        translation = message.find("translation")
        texts = [translation.text or ""] if translation is not None else []
        if translation is not None:
            texts += [n.text or "" for n in translation.iter("numerusform")]
        for text in texts:
            translations.update(w.lower() for w in _WORD.findall(_TAG.sub(" ", text)))
    return frozenset(w for w in sources - translations - INDONESIAN_TOO if len(w) > 2)


#: Loanwords Indonesian has a plain word for ("galat": kesalahan, gangguan); a screen that
#: shows one is reported with the English (issue 36).
LOANWORDS = frozenset({"galat"})


#: A file's name as a page lists it (a document made, a file picked).
_FILE_NAME = re.compile(r"\.(pdf|csv|xlsx|png|jpe?g|json|zip|log|fkp)\W*$", re.IGNORECASE)


def english_words(text: str) -> list[str]:
    """The English words in ``text``; paths, addresses and allowed names are skipped."""
    for phrase in ALLOWED_PHRASES:
        text = text.replace(phrase, " ")
    text = _COMMAND.sub(" ", text)  # a command to type, quoted, is the command's own words
    found = []
    for token in _TAG.sub(" ", text).replace("&", "").split():
        if any(mark in token for mark in "/\\@=+"):
            # a path, an address, a device option, a key (Ctrl+Return): not words
            continue
        if _FILE_NAME.search(token):
            # a file's name: "surat-tugas-760be3e2-….pdf" is no English "be"
            continue
        english = ENGLISH | app_english() | LOANWORDS
        found += [w for w in _WORD.findall(token) if w.lower() in english]
    return found


def _model_texts(model: QAbstractItemModel, *, cells: bool) -> Iterator[str]:
    top = QModelIndex()
    try:
        columns = model.columnCount(top)
    except TypeError:  # a list model keeps its one column private
        columns = 1
    for section in range(columns):
        yield str(model.headerData(section, Qt.Orientation.Horizontal) or "")
    if not cells:
        return
    for row in range(model.rowCount(top)):
        for column in range(columns):
            index = model.index(row, column)
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                value = model.data(index, role)
                if isinstance(value, str):
                    yield value


def _is_file_list(model: QAbstractItemModel | None) -> bool:
    """The file dialog's list shows the disk's own file names: its headers count, not cells."""
    while isinstance(model, QSortFilterProxyModel):
        model = model.sourceModel()
    return isinstance(model, QFileSystemModel)


def _own_texts(widget: QWidget) -> Iterator[str]:  # noqa: C901, PLR0912 - one case per kind
    yield widget.toolTip()
    yield widget.accessibleName()
    yield widget.accessibleDescription()
    if widget.isWindow():
        yield widget.windowTitle()
    if isinstance(widget, QLabel | QAbstractButton):
        yield widget.text()
    if isinstance(widget, QGroupBox):
        yield widget.title()
    if isinstance(widget, QLineEdit):
        yield widget.placeholderText()
        if widget.isReadOnly():
            yield widget.text()
    if isinstance(widget, QTextEdit | QPlainTextEdit):
        yield widget.placeholderText()
        if widget.isReadOnly():
            yield widget.toPlainText()
    if isinstance(widget, QSpinBox):
        yield widget.prefix()
        yield widget.suffix()
    if isinstance(widget, QAbstractSpinBox):
        yield widget.specialValueText()
    if isinstance(widget, QComboBox):
        yield from (widget.itemText(i) for i in range(widget.count()))
    if isinstance(widget, QTabWidget):
        for i in range(widget.count()):
            yield widget.tabText(i)
            yield widget.tabToolTip(i)
    if isinstance(widget, QAbstractItemView) and not isinstance(widget, QHeaderView):
        yield from _model_texts(widget.model(), cells=not _is_file_list(widget.model()))
    if isinstance(widget, QMenuBar | QMenu):
        for action in widget.actions():
            yield action.text()
            yield action.toolTip()
            if action.menu() is not None:
                yield from _own_texts(action.menu())


def texts_of(root: QWidget) -> list[tuple[str, str]]:
    """(where, text) for ``root`` and every widget in it, shown or not yet shown."""
    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        where = f"{type(widget).__name__} {widget.objectName() or ''}".strip()
        found += [(where, t) for t in _own_texts(widget) if t and t.strip()]
    return found
