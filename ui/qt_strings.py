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
    """(context, English, translated) for each Qt text; lupdate reads the calls below."""
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
        # Qt's print dialog (Unix): printer, options, properties, page setup, page sizes.
        (
            "Print Device Input Slot",
            "Automatic",
            QCoreApplication.translate("Print Device Input Slot", "Automatic"),
        ),
        (
            "Print Device Output Bin",
            "Automatic",
            QCoreApplication.translate("Print Device Output Bin", "Automatic"),
        ),
        (
            "QCupsJobWidget",
            "&Billing information:",
            QCoreApplication.translate("QCupsJobWidget", "&Billing information:"),
        ),
        ("QCupsJobWidget", "&End:", QCoreApplication.translate("QCupsJobWidget", "&End:")),
        ("QCupsJobWidget", "&Start:", QCoreApplication.translate("QCupsJobWidget", "&Start:")),
        (
            "QCupsJobWidget",
            "Banner Pages",
            QCoreApplication.translate("QCupsJobWidget", "Banner Pages"),
        ),
        (
            "QCupsJobWidget",
            "Classified",
            QCoreApplication.translate("QCupsJobWidget", "Classified"),
        ),
        (
            "QCupsJobWidget",
            "Confidential",
            QCoreApplication.translate("QCupsJobWidget", "Confidential"),
        ),
        (
            "QCupsJobWidget",
            "Day (06:00 to 17:59)",
            QCoreApplication.translate("QCupsJobWidget", "Day (06:00 to 17:59)"),
        ),
        (
            "QCupsJobWidget",
            "Hold Indefinitely",
            QCoreApplication.translate("QCupsJobWidget", "Hold Indefinitely"),
        ),
        ("QCupsJobWidget", "Job", QCoreApplication.translate("QCupsJobWidget", "Job")),
        (
            "QCupsJobWidget",
            "Job &priority:",
            QCoreApplication.translate("QCupsJobWidget", "Job &priority:"),
        ),
        (
            "QCupsJobWidget",
            "Job Control",
            QCoreApplication.translate("QCupsJobWidget", "Job Control"),
        ),
        (
            "QCupsJobWidget",
            "Night (18:00 to 05:59)",
            QCoreApplication.translate("QCupsJobWidget", "Night (18:00 to 05:59)"),
        ),
        ("QCupsJobWidget", "None", QCoreApplication.translate("QCupsJobWidget", "None")),
        (
            "QCupsJobWidget",
            "Print Immediately",
            QCoreApplication.translate("QCupsJobWidget", "Print Immediately"),
        ),
        (
            "QCupsJobWidget",
            "Scheduled &printing:",
            QCoreApplication.translate("QCupsJobWidget", "Scheduled &printing:"),
        ),
        (
            "QCupsJobWidget",
            "Second Shift (16:00 to 23:59)",
            QCoreApplication.translate("QCupsJobWidget", "Second Shift (16:00 to 23:59)"),
        ),
        ("QCupsJobWidget", "Secret", QCoreApplication.translate("QCupsJobWidget", "Secret")),
        (
            "QCupsJobWidget",
            "Specific Time",
            QCoreApplication.translate("QCupsJobWidget", "Specific Time"),
        ),
        ("QCupsJobWidget", "Standard", QCoreApplication.translate("QCupsJobWidget", "Standard")),
        (
            "QCupsJobWidget",
            "Third Shift (00:00 to 07:59)",
            QCoreApplication.translate("QCupsJobWidget", "Third Shift (00:00 to 07:59)"),
        ),
        (
            "QCupsJobWidget",
            "Top Secret",
            QCoreApplication.translate("QCupsJobWidget", "Top Secret"),
        ),
        (
            "QCupsJobWidget",
            "Unclassified",
            QCoreApplication.translate("QCupsJobWidget", "Unclassified"),
        ),
        (
            "QCupsJobWidget",
            "Weekend (Saturday to Sunday)",
            QCoreApplication.translate("QCupsJobWidget", "Weekend (Saturday to Sunday)"),
        ),
        (
            "QCupsPrinterSupport",
            "Authentication Needed",
            QCoreApplication.translate("QCupsPrinterSupport", "Authentication Needed"),
        ),
        (
            "QCupsPrinterSupport",
            "Authentication needed to use %1 on %2.",
            QCoreApplication.translate(
                "QCupsPrinterSupport", "Authentication needed to use %1 on %2."
            ),
        ),
        (
            "QCupsPrinterSupport",
            "Authentication needed to use %1.",
            QCoreApplication.translate("QCupsPrinterSupport", "Authentication needed to use %1."),
        ),
        (
            "QCupsPrinterSupport",
            "Password:",
            QCoreApplication.translate("QCupsPrinterSupport", "Password:"),
        ),
        (
            "QCupsPrinterSupport",
            "Username:",
            QCoreApplication.translate("QCupsPrinterSupport", "Username:"),
        ),
        ("QPageSetupWidget", "CC", QCoreApplication.translate("QPageSetupWidget", "CC")),
        (
            "QPageSetupWidget",
            "Cicero (CC)",
            QCoreApplication.translate("QPageSetupWidget", "Cicero (CC)"),
        ),
        ("QPageSetupWidget", "Custom", QCoreApplication.translate("QPageSetupWidget", "Custom")),
        ("QPageSetupWidget", "DD", QCoreApplication.translate("QPageSetupWidget", "DD")),
        (
            "QPageSetupWidget",
            "Didot (DD)",
            QCoreApplication.translate("QPageSetupWidget", "Didot (DD)"),
        ),
        ("QPageSetupWidget", "Form", QCoreApplication.translate("QPageSetupWidget", "Form")),
        ("QPageSetupWidget", "Height:", QCoreApplication.translate("QPageSetupWidget", "Height:")),
        (
            "QPageSetupWidget",
            "Inches (in)",
            QCoreApplication.translate("QPageSetupWidget", "Inches (in)"),
        ),
        (
            "QPageSetupWidget",
            "Landscape",
            QCoreApplication.translate("QPageSetupWidget", "Landscape"),
        ),
        ("QPageSetupWidget", "Margins", QCoreApplication.translate("QPageSetupWidget", "Margins")),
        (
            "QPageSetupWidget",
            "Millimeters (mm)",
            QCoreApplication.translate("QPageSetupWidget", "Millimeters (mm)"),
        ),
        (
            "QPageSetupWidget",
            "Orientation",
            QCoreApplication.translate("QPageSetupWidget", "Orientation"),
        ),
        (
            "QPageSetupWidget",
            "Page &order:",
            QCoreApplication.translate("QPageSetupWidget", "Page &order:"),
        ),
        (
            "QPageSetupWidget",
            "Page Layout",
            QCoreApplication.translate("QPageSetupWidget", "Page Layout"),
        ),
        (
            "QPageSetupWidget",
            "Page size:",
            QCoreApplication.translate("QPageSetupWidget", "Page size:"),
        ),
        (
            "QPageSetupWidget",
            "Pages &per sheet:",
            QCoreApplication.translate("QPageSetupWidget", "Pages &per sheet:"),
        ),
        ("QPageSetupWidget", "Paper", QCoreApplication.translate("QPageSetupWidget", "Paper")),
        (
            "QPageSetupWidget",
            "Paper source:",
            QCoreApplication.translate("QPageSetupWidget", "Paper source:"),
        ),
        (
            "QPageSetupWidget",
            "Pica (P̸)",
            QCoreApplication.translate("QPageSetupWidget", "Pica (P̸)"),
        ),
        (
            "QPageSetupWidget",
            "Points (pt)",
            QCoreApplication.translate("QPageSetupWidget", "Points (pt)"),
        ),
        (
            "QPageSetupWidget",
            "Portrait",
            QCoreApplication.translate("QPageSetupWidget", "Portrait"),
        ),
        ("QPageSetupWidget", "P̸", QCoreApplication.translate("QPageSetupWidget", "P̸")),
        (
            "QPageSetupWidget",
            "Reverse landscape",
            QCoreApplication.translate("QPageSetupWidget", "Reverse landscape"),
        ),
        (
            "QPageSetupWidget",
            "Reverse portrait",
            QCoreApplication.translate("QPageSetupWidget", "Reverse portrait"),
        ),
        ("QPageSetupWidget", "Width:", QCoreApplication.translate("QPageSetupWidget", "Width:")),
        (
            "QPageSetupWidget",
            "bottom margin",
            QCoreApplication.translate("QPageSetupWidget", "bottom margin"),
        ),
        ("QPageSetupWidget", "in", QCoreApplication.translate("QPageSetupWidget", "in")),
        (
            "QPageSetupWidget",
            "left margin",
            QCoreApplication.translate("QPageSetupWidget", "left margin"),
        ),
        ("QPageSetupWidget", "mm", QCoreApplication.translate("QPageSetupWidget", "mm")),
        ("QPageSetupWidget", "pt", QCoreApplication.translate("QPageSetupWidget", "pt")),
        (
            "QPageSetupWidget",
            "right margin",
            QCoreApplication.translate("QPageSetupWidget", "right margin"),
        ),
        (
            "QPageSetupWidget",
            "top margin",
            QCoreApplication.translate("QPageSetupWidget", "top margin"),
        ),
        ("QPageSize", "%1 x %2 in", QCoreApplication.translate("QPageSize", "%1 x %2 in")),
        ("QPageSize", "A0", QCoreApplication.translate("QPageSize", "A0")),
        ("QPageSize", "A1", QCoreApplication.translate("QPageSize", "A1")),
        ("QPageSize", "A10", QCoreApplication.translate("QPageSize", "A10")),
        ("QPageSize", "A2", QCoreApplication.translate("QPageSize", "A2")),
        ("QPageSize", "A3", QCoreApplication.translate("QPageSize", "A3")),
        ("QPageSize", "A3 Extra", QCoreApplication.translate("QPageSize", "A3 Extra")),
        ("QPageSize", "A4", QCoreApplication.translate("QPageSize", "A4")),
        ("QPageSize", "A4 Extra", QCoreApplication.translate("QPageSize", "A4 Extra")),
        ("QPageSize", "A4 Plus", QCoreApplication.translate("QPageSize", "A4 Plus")),
        ("QPageSize", "A4 Small", QCoreApplication.translate("QPageSize", "A4 Small")),
        ("QPageSize", "A5", QCoreApplication.translate("QPageSize", "A5")),
        ("QPageSize", "A5 Extra", QCoreApplication.translate("QPageSize", "A5 Extra")),
        ("QPageSize", "A6", QCoreApplication.translate("QPageSize", "A6")),
        ("QPageSize", "A7", QCoreApplication.translate("QPageSize", "A7")),
        ("QPageSize", "A8", QCoreApplication.translate("QPageSize", "A8")),
        ("QPageSize", "A9", QCoreApplication.translate("QPageSize", "A9")),
        ("QPageSize", "ANSI C", QCoreApplication.translate("QPageSize", "ANSI C")),
        ("QPageSize", "ANSI D", QCoreApplication.translate("QPageSize", "ANSI D")),
        ("QPageSize", "ANSI E", QCoreApplication.translate("QPageSize", "ANSI E")),
        ("QPageSize", "Architect A", QCoreApplication.translate("QPageSize", "Architect A")),
        ("QPageSize", "Architect B", QCoreApplication.translate("QPageSize", "Architect B")),
        ("QPageSize", "Architect C", QCoreApplication.translate("QPageSize", "Architect C")),
        ("QPageSize", "Architect D", QCoreApplication.translate("QPageSize", "Architect D")),
        ("QPageSize", "Architect E", QCoreApplication.translate("QPageSize", "Architect E")),
        ("QPageSize", "B0", QCoreApplication.translate("QPageSize", "B0")),
        ("QPageSize", "B1", QCoreApplication.translate("QPageSize", "B1")),
        ("QPageSize", "B10", QCoreApplication.translate("QPageSize", "B10")),
        ("QPageSize", "B2", QCoreApplication.translate("QPageSize", "B2")),
        ("QPageSize", "B3", QCoreApplication.translate("QPageSize", "B3")),
        ("QPageSize", "B4", QCoreApplication.translate("QPageSize", "B4")),
        ("QPageSize", "B5", QCoreApplication.translate("QPageSize", "B5")),
        ("QPageSize", "B5 Extra", QCoreApplication.translate("QPageSize", "B5 Extra")),
        ("QPageSize", "B6", QCoreApplication.translate("QPageSize", "B6")),
        ("QPageSize", "B7", QCoreApplication.translate("QPageSize", "B7")),
        ("QPageSize", "B8", QCoreApplication.translate("QPageSize", "B8")),
        ("QPageSize", "B9", QCoreApplication.translate("QPageSize", "B9")),
        ("QPageSize", "Custom", QCoreApplication.translate("QPageSize", "Custom")),
        (
            "QPageSize",
            "Custom (%1CC x %2CC)",
            QCoreApplication.translate("QPageSize", "Custom (%1CC x %2CC)"),
        ),
        (
            "QPageSize",
            "Custom (%1DD x %2DD)",
            QCoreApplication.translate("QPageSize", "Custom (%1DD x %2DD)"),
        ),
        (
            "QPageSize",
            "Custom (%1in x %2in)",
            QCoreApplication.translate("QPageSize", "Custom (%1in x %2in)"),
        ),
        (
            "QPageSize",
            "Custom (%1mm x %2mm)",
            QCoreApplication.translate("QPageSize", "Custom (%1mm x %2mm)"),
        ),
        (
            "QPageSize",
            "Custom (%1pc x %2pc)",
            QCoreApplication.translate("QPageSize", "Custom (%1pc x %2pc)"),
        ),
        (
            "QPageSize",
            "Custom (%1pt x %2pt)",
            QCoreApplication.translate("QPageSize", "Custom (%1pt x %2pt)"),
        ),
        (
            "QPageSize",
            "Double Postcard",
            QCoreApplication.translate("QPageSize", "Double Postcard"),
        ),
        ("QPageSize", "Envelope B4", QCoreApplication.translate("QPageSize", "Envelope B4")),
        ("QPageSize", "Envelope B5", QCoreApplication.translate("QPageSize", "Envelope B5")),
        ("QPageSize", "Envelope B6", QCoreApplication.translate("QPageSize", "Envelope B6")),
        ("QPageSize", "Envelope C0", QCoreApplication.translate("QPageSize", "Envelope C0")),
        ("QPageSize", "Envelope C1", QCoreApplication.translate("QPageSize", "Envelope C1")),
        ("QPageSize", "Envelope C2", QCoreApplication.translate("QPageSize", "Envelope C2")),
        ("QPageSize", "Envelope C3", QCoreApplication.translate("QPageSize", "Envelope C3")),
        ("QPageSize", "Envelope C4", QCoreApplication.translate("QPageSize", "Envelope C4")),
        ("QPageSize", "Envelope C5", QCoreApplication.translate("QPageSize", "Envelope C5")),
        ("QPageSize", "Envelope C6", QCoreApplication.translate("QPageSize", "Envelope C6")),
        ("QPageSize", "Envelope C65", QCoreApplication.translate("QPageSize", "Envelope C65")),
        ("QPageSize", "Envelope C7", QCoreApplication.translate("QPageSize", "Envelope C7")),
        (
            "QPageSize",
            "Envelope Chou 3",
            QCoreApplication.translate("QPageSize", "Envelope Chou 3"),
        ),
        (
            "QPageSize",
            "Envelope Chou 4",
            QCoreApplication.translate("QPageSize", "Envelope Chou 4"),
        ),
        ("QPageSize", "Envelope DL", QCoreApplication.translate("QPageSize", "Envelope DL")),
        (
            "QPageSize",
            "Envelope Invite",
            QCoreApplication.translate("QPageSize", "Envelope Invite"),
        ),
        (
            "QPageSize",
            "Envelope Italian",
            QCoreApplication.translate("QPageSize", "Envelope Italian"),
        ),
        (
            "QPageSize",
            "Envelope Kaku 2",
            QCoreApplication.translate("QPageSize", "Envelope Kaku 2"),
        ),
        (
            "QPageSize",
            "Envelope Kaku 3",
            QCoreApplication.translate("QPageSize", "Envelope Kaku 3"),
        ),
        (
            "QPageSize",
            "Envelope Monarch",
            QCoreApplication.translate("QPageSize", "Envelope Monarch"),
        ),
        ("QPageSize", "Envelope PRC 1", QCoreApplication.translate("QPageSize", "Envelope PRC 1")),
        (
            "QPageSize",
            "Envelope PRC 10",
            QCoreApplication.translate("QPageSize", "Envelope PRC 10"),
        ),
        ("QPageSize", "Envelope PRC 2", QCoreApplication.translate("QPageSize", "Envelope PRC 2")),
        ("QPageSize", "Envelope PRC 3", QCoreApplication.translate("QPageSize", "Envelope PRC 3")),
        ("QPageSize", "Envelope PRC 4", QCoreApplication.translate("QPageSize", "Envelope PRC 4")),
        ("QPageSize", "Envelope PRC 5", QCoreApplication.translate("QPageSize", "Envelope PRC 5")),
        ("QPageSize", "Envelope PRC 6", QCoreApplication.translate("QPageSize", "Envelope PRC 6")),
        ("QPageSize", "Envelope PRC 7", QCoreApplication.translate("QPageSize", "Envelope PRC 7")),
        ("QPageSize", "Envelope PRC 8", QCoreApplication.translate("QPageSize", "Envelope PRC 8")),
        ("QPageSize", "Envelope PRC 9", QCoreApplication.translate("QPageSize", "Envelope PRC 9")),
        (
            "QPageSize",
            "Envelope Personal",
            QCoreApplication.translate("QPageSize", "Envelope Personal"),
        ),
        ("QPageSize", "Envelope US 10", QCoreApplication.translate("QPageSize", "Envelope US 10")),
        ("QPageSize", "Envelope US 11", QCoreApplication.translate("QPageSize", "Envelope US 11")),
        ("QPageSize", "Envelope US 12", QCoreApplication.translate("QPageSize", "Envelope US 12")),
        ("QPageSize", "Envelope US 14", QCoreApplication.translate("QPageSize", "Envelope US 14")),
        ("QPageSize", "Envelope US 9", QCoreApplication.translate("QPageSize", "Envelope US 9")),
        ("QPageSize", "Envelope You 4", QCoreApplication.translate("QPageSize", "Envelope You 4")),
        (
            "QPageSize",
            "Executive (7.25 x 10.5 in)",
            QCoreApplication.translate("QPageSize", "Executive (7.25 x 10.5 in)"),
        ),
        (
            "QPageSize",
            "Executive (7.5 x 10 in)",
            QCoreApplication.translate("QPageSize", "Executive (7.5 x 10 in)"),
        ),
        (
            "QPageSize",
            "Fan-fold German (8.5 x 12 in)",
            QCoreApplication.translate("QPageSize", "Fan-fold German (8.5 x 12 in)"),
        ),
        (
            "QPageSize",
            "Fan-fold German Legal (8.5 x 13 in)",
            QCoreApplication.translate("QPageSize", "Fan-fold German Legal (8.5 x 13 in)"),
        ),
        (
            "QPageSize",
            "Fan-fold US (14.875 x 11 in)",
            QCoreApplication.translate("QPageSize", "Fan-fold US (14.875 x 11 in)"),
        ),
        (
            "QPageSize",
            "Folio (8.27 x 13 in)",
            QCoreApplication.translate("QPageSize", "Folio (8.27 x 13 in)"),
        ),
        ("QPageSize", "JIS B0", QCoreApplication.translate("QPageSize", "JIS B0")),
        ("QPageSize", "JIS B1", QCoreApplication.translate("QPageSize", "JIS B1")),
        ("QPageSize", "JIS B10", QCoreApplication.translate("QPageSize", "JIS B10")),
        ("QPageSize", "JIS B2", QCoreApplication.translate("QPageSize", "JIS B2")),
        ("QPageSize", "JIS B3", QCoreApplication.translate("QPageSize", "JIS B3")),
        ("QPageSize", "JIS B4", QCoreApplication.translate("QPageSize", "JIS B4")),
        ("QPageSize", "JIS B5", QCoreApplication.translate("QPageSize", "JIS B5")),
        ("QPageSize", "JIS B6", QCoreApplication.translate("QPageSize", "JIS B6")),
        ("QPageSize", "JIS B7", QCoreApplication.translate("QPageSize", "JIS B7")),
        ("QPageSize", "JIS B8", QCoreApplication.translate("QPageSize", "JIS B8")),
        ("QPageSize", "JIS B9", QCoreApplication.translate("QPageSize", "JIS B9")),
        (
            "QPageSize",
            "Ledger / ANSI B",
            QCoreApplication.translate("QPageSize", "Ledger / ANSI B"),
        ),
        ("QPageSize", "Legal", QCoreApplication.translate("QPageSize", "Legal")),
        ("QPageSize", "Legal Extra", QCoreApplication.translate("QPageSize", "Legal Extra")),
        (
            "QPageSize",
            "Letter / ANSI A",
            QCoreApplication.translate("QPageSize", "Letter / ANSI A"),
        ),
        ("QPageSize", "Letter Extra", QCoreApplication.translate("QPageSize", "Letter Extra")),
        ("QPageSize", "Letter Plus", QCoreApplication.translate("QPageSize", "Letter Plus")),
        ("QPageSize", "Letter Small", QCoreApplication.translate("QPageSize", "Letter Small")),
        ("QPageSize", "Note", QCoreApplication.translate("QPageSize", "Note")),
        ("QPageSize", "PRC 16K", QCoreApplication.translate("QPageSize", "PRC 16K")),
        ("QPageSize", "PRC 32K", QCoreApplication.translate("QPageSize", "PRC 32K")),
        ("QPageSize", "PRC 32K Big", QCoreApplication.translate("QPageSize", "PRC 32K Big")),
        ("QPageSize", "Postcard", QCoreApplication.translate("QPageSize", "Postcard")),
        ("QPageSize", "Quarto", QCoreApplication.translate("QPageSize", "Quarto")),
        ("QPageSize", "Statement", QCoreApplication.translate("QPageSize", "Statement")),
        ("QPageSize", "Super A", QCoreApplication.translate("QPageSize", "Super A")),
        ("QPageSize", "Super B", QCoreApplication.translate("QPageSize", "Super B")),
        (
            "QPageSize",
            "Tabloid / ANSI B",
            QCoreApplication.translate("QPageSize", "Tabloid / ANSI B"),
        ),
        ("QPageSize", "Tabloid Extra", QCoreApplication.translate("QPageSize", "Tabloid Extra")),
        (
            "QPrintDialog",
            "%1 already exists.\nDo you want to overwrite it?",
            QCoreApplication.translate(
                "QPrintDialog", "%1 already exists.\nDo you want to overwrite it?"
            ),
        ),
        (
            "QPrintDialog",
            "%1 does not follow the correct syntax. Please use ',' to separate ranges and pages, '-' to define ranges and make sure ranges do not intersect with each other.",  # noqa: E501 - Qt's text, verbatim
            QCoreApplication.translate(
                "QPrintDialog",
                "%1 does not follow the correct syntax. Please use ',' to separate ranges and pages, '-' to define ranges and make sure ranges do not intersect with each other.",  # noqa: E501 - Qt's text, verbatim
            ),
        ),
        (
            "QPrintDialog",
            "%1 is a directory.\nPlease choose a different file name.",
            QCoreApplication.translate(
                "QPrintDialog", "%1 is a directory.\nPlease choose a different file name."
            ),
        ),
        ("QPrintDialog", "&Options <<", QCoreApplication.translate("QPrintDialog", "&Options <<")),
        ("QPrintDialog", "&Options >>", QCoreApplication.translate("QPrintDialog", "&Options >>")),
        ("QPrintDialog", "&Print", QCoreApplication.translate("QPrintDialog", "&Print")),
        ("QPrintDialog", "1 (1x1)", QCoreApplication.translate("QPrintDialog", "1 (1x1)")),
        ("QPrintDialog", "16 (4x4)", QCoreApplication.translate("QPrintDialog", "16 (4x4)")),
        ("QPrintDialog", "2 (2x1)", QCoreApplication.translate("QPrintDialog", "2 (2x1)")),
        ("QPrintDialog", "4 (2x2)", QCoreApplication.translate("QPrintDialog", "4 (2x2)")),
        ("QPrintDialog", "6 (2x3)", QCoreApplication.translate("QPrintDialog", "6 (2x3)")),
        ("QPrintDialog", "9 (3x3)", QCoreApplication.translate("QPrintDialog", "9 (3x3)")),
        ("QPrintDialog", "All Pages", QCoreApplication.translate("QPrintDialog", "All Pages")),
        (
            "QPrintDialog",
            "Bottom to Top, Left to Right",
            QCoreApplication.translate("QPrintDialog", "Bottom to Top, Left to Right"),
        ),
        (
            "QPrintDialog",
            "Bottom to Top, Right to Left",
            QCoreApplication.translate("QPrintDialog", "Bottom to Top, Right to Left"),
        ),
        (
            "QPrintDialog",
            "Duplex Settings Conflicts",
            QCoreApplication.translate("QPrintDialog", "Duplex Settings Conflicts"),
        ),
        ("QPrintDialog", "Even Pages", QCoreApplication.translate("QPrintDialog", "Even Pages")),
        (
            "QPrintDialog",
            "File %1 is not writable.\nPlease choose a different file name.",
            QCoreApplication.translate(
                "QPrintDialog", "File %1 is not writable.\nPlease choose a different file name."
            ),
        ),
        (
            "QPrintDialog",
            "Invalid Pages Definition",
            QCoreApplication.translate("QPrintDialog", "Invalid Pages Definition"),
        ),
        (
            "QPrintDialog",
            "Left to Right, Bottom to Top",
            QCoreApplication.translate("QPrintDialog", "Left to Right, Bottom to Top"),
        ),
        (
            "QPrintDialog",
            "Left to Right, Top to Bottom",
            QCoreApplication.translate("QPrintDialog", "Left to Right, Top to Bottom"),
        ),
        ("QPrintDialog", "Local file", QCoreApplication.translate("QPrintDialog", "Local file")),
        ("QPrintDialog", "Odd Pages", QCoreApplication.translate("QPrintDialog", "Odd Pages")),
        (
            "QPrintDialog",
            "Options 'Pages Per Sheet' and 'Page Set' cannot be used together.\nPlease turn one of those options off.",  # noqa: E501 - Qt's text, verbatim
            QCoreApplication.translate(
                "QPrintDialog",
                "Options 'Pages Per Sheet' and 'Page Set' cannot be used together.\nPlease turn one of those options off.",  # noqa: E501 - Qt's text, verbatim
            ),
        ),
        ("QPrintDialog", "Print", QCoreApplication.translate("QPrintDialog", "Print")),
        (
            "QPrintDialog",
            "Print To File ...",
            QCoreApplication.translate("QPrintDialog", "Print To File ..."),
        ),
        (
            "QPrintDialog",
            "Print to File (PDF)",
            QCoreApplication.translate("QPrintDialog", "Print to File (PDF)"),
        ),
        (
            "QPrintDialog",
            "Right to Left, Bottom to Top",
            QCoreApplication.translate("QPrintDialog", "Right to Left, Bottom to Top"),
        ),
        (
            "QPrintDialog",
            "Right to Left, Top to Bottom",
            QCoreApplication.translate("QPrintDialog", "Right to Left, Top to Bottom"),
        ),
        (
            "QPrintDialog",
            "The 'From' value cannot be greater than the 'To' value.",
            QCoreApplication.translate(
                "QPrintDialog", "The 'From' value cannot be greater than the 'To' value."
            ),
        ),
        (
            "QPrintDialog",
            "There are conflicts in duplex settings. Do you want to fix them?",
            QCoreApplication.translate(
                "QPrintDialog", "There are conflicts in duplex settings. Do you want to fix them?"
            ),
        ),
        (
            "QPrintDialog",
            "Top to Bottom, Left to Right",
            QCoreApplication.translate("QPrintDialog", "Top to Bottom, Left to Right"),
        ),
        (
            "QPrintDialog",
            "Top to Bottom, Right to Left",
            QCoreApplication.translate("QPrintDialog", "Top to Bottom, Right to Left"),
        ),
        (
            "QPrintDialog",
            "Write PDF file",
            QCoreApplication.translate("QPrintDialog", "Write PDF file"),
        ),
        (
            "QPrintPropertiesDialog",
            "Advanced Option Conflicts",
            QCoreApplication.translate("QPrintPropertiesDialog", "Advanced Option Conflicts"),
        ),
        (
            "QPrintPropertiesDialog",
            "Custom value for %1",
            QCoreApplication.translate("QPrintPropertiesDialog", "Custom value for %1"),
        ),
        (
            "QPrintPropertiesDialog",
            "Job Options",
            QCoreApplication.translate("QPrintPropertiesDialog", "Job Options"),
        ),
        (
            "QPrintPropertiesDialog",
            "Page Setup Conflicts",
            QCoreApplication.translate("QPrintPropertiesDialog", "Page Setup Conflicts"),
        ),
        (
            "QPrintPropertiesDialog",
            "Printer Properties",
            QCoreApplication.translate("QPrintPropertiesDialog", "Printer Properties"),
        ),
        (
            "QPrintPropertiesDialog",
            "There are conflicts in page setup options. Do you want to fix them?",
            QCoreApplication.translate(
                "QPrintPropertiesDialog",
                "There are conflicts in page setup options. Do you want to fix them?",
            ),
        ),
        (
            "QPrintPropertiesDialog",
            "There are conflicts in some advanced options. Do you want to fix them?",
            QCoreApplication.translate(
                "QPrintPropertiesDialog",
                "There are conflicts in some advanced options. Do you want to fix them?",
            ),
        ),
        (
            "QPrintPropertiesWidget",
            "Advanced",
            QCoreApplication.translate("QPrintPropertiesWidget", "Advanced"),
        ),
        (
            "QPrintPropertiesWidget",
            "Form",
            QCoreApplication.translate("QPrintPropertiesWidget", "Form"),
        ),
        (
            "QPrintPropertiesWidget",
            "Page",
            QCoreApplication.translate("QPrintPropertiesWidget", "Page"),
        ),
        (
            "QPrintPropertiesWidget",
            "There are conflicts in some options. Please fix them.",
            QCoreApplication.translate(
                "QPrintPropertiesWidget", "There are conflicts in some options. Please fix them."
            ),
        ),
        (
            "QPrintSettingsOutput",
            "Collate",
            QCoreApplication.translate("QPrintSettingsOutput", "Collate"),
        ),
        (
            "QPrintSettingsOutput",
            "Color",
            QCoreApplication.translate("QPrintSettingsOutput", "Color"),
        ),
        (
            "QPrintSettingsOutput",
            "Color Mode",
            QCoreApplication.translate("QPrintSettingsOutput", "Color Mode"),
        ),
        (
            "QPrintSettingsOutput",
            "Copies",
            QCoreApplication.translate("QPrintSettingsOutput", "Copies"),
        ),
        (
            "QPrintSettingsOutput",
            "Copies:",
            QCoreApplication.translate("QPrintSettingsOutput", "Copies:"),
        ),
        (
            "QPrintSettingsOutput",
            "Current Page",
            QCoreApplication.translate("QPrintSettingsOutput", "Current Page"),
        ),
        (
            "QPrintSettingsOutput",
            "Double Sided Printing",
            QCoreApplication.translate("QPrintSettingsOutput", "Double Sided Printing"),
        ),
        (
            "QPrintSettingsOutput",
            "Form",
            QCoreApplication.translate("QPrintSettingsOutput", "Form"),
        ),
        (
            "QPrintSettingsOutput",
            "Grayscale",
            QCoreApplication.translate("QPrintSettingsOutput", "Grayscale"),
        ),
        (
            "QPrintSettingsOutput",
            "Long side binding",
            QCoreApplication.translate("QPrintSettingsOutput", "Long side binding"),
        ),
        ("QPrintSettingsOutput", "Off", QCoreApplication.translate("QPrintSettingsOutput", "Off")),
        (
            "QPrintSettingsOutput",
            "Options",
            QCoreApplication.translate("QPrintSettingsOutput", "Options"),
        ),
        (
            "QPrintSettingsOutput",
            "Output Settings",
            QCoreApplication.translate("QPrintSettingsOutput", "Output Settings"),
        ),
        (
            "QPrintSettingsOutput",
            "Page &Set:",
            QCoreApplication.translate("QPrintSettingsOutput", "Page &Set:"),
        ),
        (
            "QPrintSettingsOutput",
            "Pages",
            QCoreApplication.translate("QPrintSettingsOutput", "Pages"),
        ),
        (
            "QPrintSettingsOutput",
            "Pages from",
            QCoreApplication.translate("QPrintSettingsOutput", "Pages from"),
        ),
        (
            "QPrintSettingsOutput",
            "Print all",
            QCoreApplication.translate("QPrintSettingsOutput", "Print all"),
        ),
        (
            "QPrintSettingsOutput",
            "Print range",
            QCoreApplication.translate("QPrintSettingsOutput", "Print range"),
        ),
        (
            "QPrintSettingsOutput",
            "Reverse",
            QCoreApplication.translate("QPrintSettingsOutput", "Reverse"),
        ),
        (
            "QPrintSettingsOutput",
            "Selection",
            QCoreApplication.translate("QPrintSettingsOutput", "Selection"),
        ),
        (
            "QPrintSettingsOutput",
            "Short side binding",
            QCoreApplication.translate("QPrintSettingsOutput", "Short side binding"),
        ),
        (
            "QPrintSettingsOutput",
            "Specify pages or ranges separated by commas. Ranges are specified by two numbers separated by a hyphen. E.g: 3,5-7,9 prints pages 3, 5, 6, 7 and 9.",  # noqa: E501 - Qt's text, verbatim
            QCoreApplication.translate(
                "QPrintSettingsOutput",
                "Specify pages or ranges separated by commas. Ranges are specified by two numbers separated by a hyphen. E.g: 3,5-7,9 prints pages 3, 5, 6, 7 and 9.",  # noqa: E501 - Qt's text, verbatim
            ),
        ),
        ("QPrintSettingsOutput", "to", QCoreApplication.translate("QPrintSettingsOutput", "to")),
        ("QPrintWidget", "&Name:", QCoreApplication.translate("QPrintWidget", "&Name:")),
        ("QPrintWidget", "...", QCoreApplication.translate("QPrintWidget", "...")),
        ("QPrintWidget", "Form", QCoreApplication.translate("QPrintWidget", "Form")),
        ("QPrintWidget", "Location:", QCoreApplication.translate("QPrintWidget", "Location:")),
        (
            "QPrintWidget",
            "Output &file:",
            QCoreApplication.translate("QPrintWidget", "Output &file:"),
        ),
        ("QPrintWidget", "P&roperties", QCoreApplication.translate("QPrintWidget", "P&roperties")),
        ("QPrintWidget", "Preview", QCoreApplication.translate("QPrintWidget", "Preview")),
        ("QPrintWidget", "Printer", QCoreApplication.translate("QPrintWidget", "Printer")),
        ("QPrintWidget", "Type:", QCoreApplication.translate("QPrintWidget", "Type:")),
    ]
