"""Qt's texts in the print dialog (the receipt's "Cetak…"), so Indonesian screens show them.

Kept apart from :mod:`ui.qt_strings` only for size; the same rule applies: each text is
written exactly as Qt asks for it (the context is Qt's class), for lupdate to extract.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def print_texts() -> list[tuple[str, str, str]]:
    """(context, English, translated) of the print dialog, its options and properties."""
    return [
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
