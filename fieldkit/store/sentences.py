"""The local store's error sentences (context "errors").

Each ``translate(context, English, code)`` is written once, here, beside the code that
raises or prints it; Qt's lupdate extracts it into ``assets/i18n/fieldkit_id.ts`` for the
screens, and :mod:`fieldkit.sentences` renders its English for logs, the CLI and ``--json``.
docs/architecture.md, "How to add a sentence", says how to add one.
"""

from __future__ import annotations

from fieldkit.sentences import translate

translate(
    "errors",
    "There is no backup named {name}; choose one from the list.",
    "backup_not_found",
)
translate("errors", "This store has no backups to restore.", "no_backups")
translate(
    "errors",
    "This staff card is already bound to another officer here.",
    "card_bound_to_another_officer",
)
translate(
    "errors",
    "Only an admin may restore a backup: it undoes everyone's work since the backup. "
    "Ask the admin of your office.",
    "restore_needs_admin",
)
translate(
    "errors",
    "The staff card's key on this laptop is damaged. Log in with your password and bind"
    " the card again.",
    "store_card_slot_damaged",
)
translate(
    "errors",
    "The account {username} was recognised, but its key on this laptop is damaged."
    " Another officer of the team can reset this account.",
    "store_key_slot_damaged",
)
