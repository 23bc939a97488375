"""Enter in a form dialog presses its primary button, never "Batal"; Esc cancels.

Qt gives Enter to a dialog's *default* button.  Two things made that "Batal" in
"Tambah petugas" (issue 36): the dialogs called ``setDefault(True)`` on their button
while its ``QDialogButtonBox`` had no parent yet, so the dialog never learnt of it; and
when a dialog without a known default is shown, Qt makes the first auto-default button
after the focused field its default: the button box's first button, "Batal".  A filled
form was thrown away by the key meant to send it.  A *focused* button still takes Enter
for itself, as in every Windows dialog: a keyboard or screen-reader user who tabbed to
"Batal" and pressed Enter means "Batal".

Every form dialog calls :func:`enter_presses` once its button box is laid out.  A
destructive confirmation (disable an officer, discard a draft) does not: there the
safe answer is the default, or no button is.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPushButton


def enter_presses(dialog: QDialog, primary: QPushButton) -> None:
    """Make ``primary`` the button Enter presses in ``dialog``, from any field.

    Call it once ``primary`` is inside ``dialog`` (after the button box is added to the
    layout).  The dialog's other button-box buttons (Batal, Tutup, Lewati) stop being
    its default, so Enter in a field never presses them; each still takes Enter while it
    has the focus, as any button does (Qt's auto-default), and Esc cancels from
    anywhere.  While ``primary`` is grey (nothing valid to send yet), Enter in a field
    does nothing.
    """
    if primary.window() is not dialog:
        raise ValueError("enter_presses: lay the button out in the dialog first")
    for box in dialog.findChildren(QDialogButtonBox):
        if box.window() is not dialog:
            continue  # a dialog of its own, opened from this one
        for button in box.buttons():
            if isinstance(button, QPushButton) and button is not primary:
                button.setDefault(False)
    primary.setAutoDefault(True)
    # Qt tells the dialog about a default button only when the flag changes: one set
    # before the button was in the dialog is set again, now that the dialog hears it.
    primary.setDefault(False)
    primary.setDefault(True)
