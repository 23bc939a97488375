"""Words for params that are codes: the one place each is written.

A core error names some things by a code (``field_code: "recipient_name"``) beside
its English (``field: "recipient's name"``, for the command line).  ``ui.messages.fill``
puts the word here in the place ``{field}`` when the error gives ``field_code``, so no
param carries a ready-made Indonesian word and no widget picks one by language.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

#: The suffix of a param that holds the code of its neighbour's word.
CODE_SUFFIX = "_code"


def param_words() -> dict[str, str]:
    """``<param>.<code>`` -> the word; built per call so the installed translation applies."""
    return {
        "field.recipient_name": QCoreApplication.translate(
            "params", "recipient's name", "field.recipient_name"
        ),
        "field.courier_name": QCoreApplication.translate(
            "params", "courier's name", "field.courier_name"
        ),
        "field.courier_organisation": QCoreApplication.translate(
            "params", "courier's organisation", "field.courier_organisation"
        ),
        "field.note": QCoreApplication.translate("params", "note", "field.note"),
    }
