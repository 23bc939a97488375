"""Qt's own texts a person meets in FieldKit, so the Indonesian catalogue can translate them.

PySide6 ships Qt's translations (``qtbase_*.qm``) for many languages but not
for Indonesian, so the file dialog, the message boxes' and button boxes'
standard buttons, the text fields' context menus and the print dialog (the
receipt's "Cetak…": printer, options, properties, page setup, page sizes) would
speak English on Indonesian screens.  Each text here is written exactly as Qt asks for it (the
context is Qt's class); lupdate extracts them into ``fieldkit_id.ts`` beside
our own, and the one installed translator answers Qt's requests too.  The
list was taken from Qt's own catalogue (``qtbase_de.qm``, same Qt version) for
the classes the app shows; ``tests/ui/test_no_english.py`` opens the dialogs.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ui.qt_strings_page import page_texts
from ui.qt_strings_print import print_texts

#: Qt's classes whose texts are here (the file dialog, message boxes, buttons, menus,
#: and the print dialog with its options, properties, page setup and page sizes).
CONTEXTS = (
    "CloseButton",
    "Print Device Input Slot",
    "Print Device Output Bin",
    "QAbstractFileIconProvider",
    "QAbstractSpinBox",
    "QComboBox",
    "QCupsJobWidget",
    "QCupsPrinterSupport",
    "QDialogButtonBox",
    "QFileDialog",
    "QFileSystemModel",
    "QInputDialog",
    "QLineEdit",
    "QMessageBox",
    "QPageSetupWidget",
    "QPageSize",
    "QPlatformTheme",
    "QPrintDialog",
    "QPrintPropertiesDialog",
    "QPrintPropertiesWidget",
    "QPrintSettingsOutput",
    "QPrintWidget",
    "QScrollBar",
    "QTabBar",
    "QWidgetTextControl",
)


def qt_texts() -> list[tuple[str, str, str]]:
    """(context, English, translated) for each Qt text; lupdate reads the calls.

    The print dialog's texts (:mod:`ui.qt_strings_print`) and its page setup's and page
    sizes' (:mod:`ui.qt_strings_page`) are kept apart only for size.
    """
    return [*widget_texts(), *print_texts(), *page_texts()]


def widget_texts() -> list[tuple[str, str, str]]:
    """The file dialog's, the message boxes' and the widgets' own texts."""
    return [
        ("CloseButton", "Close Tab", QCoreApplication.translate("CloseButton", "Close Tab")),
        (
            "QAbstractFileIconProvider",
            "Alias",
            QCoreApplication.translate("QAbstractFileIconProvider", "Alias"),
        ),
        (
            "QAbstractFileIconProvider",
            "Drive",
            QCoreApplication.translate("QAbstractFileIconProvider", "Drive"),
        ),
        (
            "QAbstractFileIconProvider",
            "File",
            QCoreApplication.translate("QAbstractFileIconProvider", "File"),
        ),
        (
            "QAbstractFileIconProvider",
            "File Folder",
            QCoreApplication.translate("QAbstractFileIconProvider", "File Folder"),
        ),
        (
            "QAbstractFileIconProvider",
            "Folder",
            QCoreApplication.translate("QAbstractFileIconProvider", "Folder"),
        ),
        (
            "QAbstractFileIconProvider",
            "Shortcut",
            QCoreApplication.translate("QAbstractFileIconProvider", "Shortcut"),
        ),
        (
            "QAbstractFileIconProvider",
            "Unknown",
            QCoreApplication.translate("QAbstractFileIconProvider", "Unknown"),
        ),
        (
            "QAbstractSpinBox",
            "&Select All",
            QCoreApplication.translate("QAbstractSpinBox", "&Select All"),
        ),
        (
            "QAbstractSpinBox",
            "&Step up",
            QCoreApplication.translate("QAbstractSpinBox", "&Step up"),
        ),
        (
            "QAbstractSpinBox",
            "Step &down",
            QCoreApplication.translate("QAbstractSpinBox", "Step &down"),
        ),
        (
            "QComboBox",
            "Open the combo box selection popup",
            QCoreApplication.translate("QComboBox", "Open the combo box selection popup"),
        ),
        ("QDialogButtonBox", "OK", QCoreApplication.translate("QDialogButtonBox", "OK")),
        (
            "QFileDialog",
            "%1\nDirectory not found.\nPlease verify the correct directory name was given.",
            QCoreApplication.translate(
                "QFileDialog",
                "%1\nDirectory not found.\nPlease verify the correct directory name was given.",
            ),
        ),
        (
            "QFileDialog",
            "%1\nFile not found.\nPlease verify the correct file name was given.",
            QCoreApplication.translate(
                "QFileDialog", "%1\nFile not found.\nPlease verify the correct file name was given."
            ),
        ),
        (
            "QFileDialog",
            "%1 already exists.\nDo you want to replace it?",
            QCoreApplication.translate(
                "QFileDialog", "%1 already exists.\nDo you want to replace it?"
            ),
        ),
        ("QFileDialog", "&Choose", QCoreApplication.translate("QFileDialog", "&Choose")),
        ("QFileDialog", "&Delete", QCoreApplication.translate("QFileDialog", "&Delete")),
        ("QFileDialog", "&Look in:", QCoreApplication.translate("QFileDialog", "&Look in:")),
        ("QFileDialog", "&New Folder", QCoreApplication.translate("QFileDialog", "&New Folder")),
        ("QFileDialog", "&Open", QCoreApplication.translate("QFileDialog", "&Open")),
        ("QFileDialog", "&Rename", QCoreApplication.translate("QFileDialog", "&Rename")),
        ("QFileDialog", "&Save", QCoreApplication.translate("QFileDialog", "&Save")),
        (
            "QFileDialog",
            "'%1' is write protected.\nDo you want to delete it anyway?",
            QCoreApplication.translate(
                "QFileDialog", "'%1' is write protected.\nDo you want to delete it anyway?"
            ),
        ),
        (
            "QFileDialog",
            "All Files (*)",
            QCoreApplication.translate("QFileDialog", "All Files (*)"),
        ),
        (
            "QFileDialog",
            "All files (*)",
            QCoreApplication.translate("QFileDialog", "All files (*)"),
        ),
        (
            "QFileDialog",
            "Are you sure you want to delete '%1'?",
            QCoreApplication.translate("QFileDialog", "Are you sure you want to delete '%1'?"),
        ),
        ("QFileDialog", "Back", QCoreApplication.translate("QFileDialog", "Back")),
        (
            "QFileDialog",
            "Change to detail view mode",
            QCoreApplication.translate("QFileDialog", "Change to detail view mode"),
        ),
        (
            "QFileDialog",
            "Change to list view mode",
            QCoreApplication.translate("QFileDialog", "Change to list view mode"),
        ),
        (
            "QFileDialog",
            "Could not delete directory.",
            QCoreApplication.translate("QFileDialog", "Could not delete directory."),
        ),
        (
            "QFileDialog",
            "Create New Folder",
            QCoreApplication.translate("QFileDialog", "Create New Folder"),
        ),
        (
            "QFileDialog",
            "Create a New Folder",
            QCoreApplication.translate("QFileDialog", "Create a New Folder"),
        ),
        ("QFileDialog", "Delete", QCoreApplication.translate("QFileDialog", "Delete")),
        ("QFileDialog", "Detail View", QCoreApplication.translate("QFileDialog", "Detail View")),
        ("QFileDialog", "Directories", QCoreApplication.translate("QFileDialog", "Directories")),
        ("QFileDialog", "Directory:", QCoreApplication.translate("QFileDialog", "Directory:")),
        ("QFileDialog", "File &name:", QCoreApplication.translate("QFileDialog", "File &name:")),
        ("QFileDialog", "Files", QCoreApplication.translate("QFileDialog", "Files")),
        (
            "QFileDialog",
            "Files of &type:",
            QCoreApplication.translate("QFileDialog", "Files of &type:"),
        ),
        (
            "QFileDialog",
            "Find Directory",
            QCoreApplication.translate("QFileDialog", "Find Directory"),
        ),
        ("QFileDialog", "Forward", QCoreApplication.translate("QFileDialog", "Forward")),
        ("QFileDialog", "Go back", QCoreApplication.translate("QFileDialog", "Go back")),
        ("QFileDialog", "Go forward", QCoreApplication.translate("QFileDialog", "Go forward")),
        (
            "QFileDialog",
            "Go to the parent directory",
            QCoreApplication.translate("QFileDialog", "Go to the parent directory"),
        ),
        ("QFileDialog", "List View", QCoreApplication.translate("QFileDialog", "List View")),
        (
            "QFileDialog",
            "List of places and bookmarks",
            QCoreApplication.translate("QFileDialog", "List of places and bookmarks"),
        ),
        ("QFileDialog", "New Folder", QCoreApplication.translate("QFileDialog", "New Folder")),
        ("QFileDialog", "Open", QCoreApplication.translate("QFileDialog", "Open")),
        (
            "QFileDialog",
            "Parent Directory",
            QCoreApplication.translate("QFileDialog", "Parent Directory"),
        ),
        (
            "QFileDialog",
            "Recent Places",
            QCoreApplication.translate("QFileDialog", "Recent Places"),
        ),
        ("QFileDialog", "Remove", QCoreApplication.translate("QFileDialog", "Remove")),
        ("QFileDialog", "Save As", QCoreApplication.translate("QFileDialog", "Save As")),
        ("QFileDialog", "Show ", QCoreApplication.translate("QFileDialog", "Show ")),
        (
            "QFileDialog",
            "Show &hidden files",
            QCoreApplication.translate("QFileDialog", "Show &hidden files"),
        ),
        ("QFileDialog", "Sidebar", QCoreApplication.translate("QFileDialog", "Sidebar")),
        (
            "QFileSystemModel",
            "Computer",
            QCoreApplication.translate("QFileSystemModel", "Computer"),
        ),
        (
            "QFileSystemModel",
            "Date Modified",
            QCoreApplication.translate("QFileSystemModel", "Date Modified"),
        ),
        ("QFileSystemModel", "Kind", QCoreApplication.translate("QFileSystemModel", "Kind")),
        (
            "QFileSystemModel",
            "My Computer",
            QCoreApplication.translate("QFileSystemModel", "My Computer"),
        ),
        ("QFileSystemModel", "Name", QCoreApplication.translate("QFileSystemModel", "Name")),
        ("QFileSystemModel", "Size", QCoreApplication.translate("QFileSystemModel", "Size")),
        ("QFileSystemModel", "Type", QCoreApplication.translate("QFileSystemModel", "Type")),
        (
            "QInputDialog",
            "Enter a value:",
            QCoreApplication.translate("QInputDialog", "Enter a value:"),
        ),
        ("QLineEdit", "&Copy", QCoreApplication.translate("QLineEdit", "&Copy")),
        ("QLineEdit", "&Paste", QCoreApplication.translate("QLineEdit", "&Paste")),
        ("QLineEdit", "&Redo", QCoreApplication.translate("QLineEdit", "&Redo")),
        ("QLineEdit", "&Undo", QCoreApplication.translate("QLineEdit", "&Undo")),
        ("QLineEdit", "Cu&t", QCoreApplication.translate("QLineEdit", "Cu&t")),
        ("QLineEdit", "Delete", QCoreApplication.translate("QLineEdit", "Delete")),
        ("QLineEdit", "Select All", QCoreApplication.translate("QLineEdit", "Select All")),
        ("QMessageBox", "About Qt", QCoreApplication.translate("QMessageBox", "About Qt")),
        (
            "QMessageBox",
            "Hide Details...",
            QCoreApplication.translate("QMessageBox", "Hide Details..."),
        ),
        (
            "QMessageBox",
            "Show Details...",
            QCoreApplication.translate("QMessageBox", "Show Details..."),
        ),
        ("QPlatformTheme", "&No", QCoreApplication.translate("QPlatformTheme", "&No")),
        ("QPlatformTheme", "&Yes", QCoreApplication.translate("QPlatformTheme", "&Yes")),
        ("QPlatformTheme", "Abort", QCoreApplication.translate("QPlatformTheme", "Abort")),
        ("QPlatformTheme", "Apply", QCoreApplication.translate("QPlatformTheme", "Apply")),
        ("QPlatformTheme", "Cancel", QCoreApplication.translate("QPlatformTheme", "Cancel")),
        ("QPlatformTheme", "Close", QCoreApplication.translate("QPlatformTheme", "Close")),
        ("QPlatformTheme", "Discard", QCoreApplication.translate("QPlatformTheme", "Discard")),
        ("QPlatformTheme", "Help", QCoreApplication.translate("QPlatformTheme", "Help")),
        ("QPlatformTheme", "Ignore", QCoreApplication.translate("QPlatformTheme", "Ignore")),
        (
            "QPlatformTheme",
            "N&o to All",
            QCoreApplication.translate("QPlatformTheme", "N&o to All"),
        ),
        ("QPlatformTheme", "OK", QCoreApplication.translate("QPlatformTheme", "OK")),
        ("QPlatformTheme", "Open", QCoreApplication.translate("QPlatformTheme", "Open")),
        ("QPlatformTheme", "Reset", QCoreApplication.translate("QPlatformTheme", "Reset")),
        (
            "QPlatformTheme",
            "Restore Defaults",
            QCoreApplication.translate("QPlatformTheme", "Restore Defaults"),
        ),
        ("QPlatformTheme", "Retry", QCoreApplication.translate("QPlatformTheme", "Retry")),
        ("QPlatformTheme", "Save", QCoreApplication.translate("QPlatformTheme", "Save")),
        ("QPlatformTheme", "Save All", QCoreApplication.translate("QPlatformTheme", "Save All")),
        (
            "QPlatformTheme",
            "Yes to &All",
            QCoreApplication.translate("QPlatformTheme", "Yes to &All"),
        ),
        ("QScrollBar", "Bottom", QCoreApplication.translate("QScrollBar", "Bottom")),
        ("QScrollBar", "Left edge", QCoreApplication.translate("QScrollBar", "Left edge")),
        ("QScrollBar", "Page down", QCoreApplication.translate("QScrollBar", "Page down")),
        ("QScrollBar", "Page left", QCoreApplication.translate("QScrollBar", "Page left")),
        ("QScrollBar", "Page right", QCoreApplication.translate("QScrollBar", "Page right")),
        ("QScrollBar", "Page up", QCoreApplication.translate("QScrollBar", "Page up")),
        ("QScrollBar", "Right edge", QCoreApplication.translate("QScrollBar", "Right edge")),
        ("QScrollBar", "Scroll down", QCoreApplication.translate("QScrollBar", "Scroll down")),
        ("QScrollBar", "Scroll here", QCoreApplication.translate("QScrollBar", "Scroll here")),
        ("QScrollBar", "Scroll left", QCoreApplication.translate("QScrollBar", "Scroll left")),
        ("QScrollBar", "Scroll right", QCoreApplication.translate("QScrollBar", "Scroll right")),
        ("QScrollBar", "Scroll up", QCoreApplication.translate("QScrollBar", "Scroll up")),
        ("QScrollBar", "Top", QCoreApplication.translate("QScrollBar", "Top")),
        ("QTabBar", "Scroll Left", QCoreApplication.translate("QTabBar", "Scroll Left")),
        ("QTabBar", "Scroll Right", QCoreApplication.translate("QTabBar", "Scroll Right")),
        ("QWidgetTextControl", "&Copy", QCoreApplication.translate("QWidgetTextControl", "&Copy")),
        (
            "QWidgetTextControl",
            "&Paste",
            QCoreApplication.translate("QWidgetTextControl", "&Paste"),
        ),
        ("QWidgetTextControl", "&Redo", QCoreApplication.translate("QWidgetTextControl", "&Redo")),
        ("QWidgetTextControl", "&Undo", QCoreApplication.translate("QWidgetTextControl", "&Undo")),
        (
            "QWidgetTextControl",
            "Copy &Link Location",
            QCoreApplication.translate("QWidgetTextControl", "Copy &Link Location"),
        ),
        ("QWidgetTextControl", "Cu&t", QCoreApplication.translate("QWidgetTextControl", "Cu&t")),
        (
            "QWidgetTextControl",
            "Delete",
            QCoreApplication.translate("QWidgetTextControl", "Delete"),
        ),
        (
            "QWidgetTextControl",
            "Select All",
            QCoreApplication.translate("QWidgetTextControl", "Select All"),
        ),
    ]
