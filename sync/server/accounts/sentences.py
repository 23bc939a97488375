"""The refusals of the office's accounts (context ``errors``), raised by ``sync.server.accounts``.

Each ``translate(context, English, code)`` is written once, here; ``scripts/i18n.py
--update`` extracts it into ``assets/i18n/fieldkit_id.ts``, where its Indonesian is
written.  Beside the accounts rather than in the console's sentences, so a room or a
command that refuses with them has their words without loading the console.
"""

from __future__ import annotations

from fieldkit.sentences import translate

translate(
    "errors",
    "A console password must be at least {min} characters long; nothing was changed.",
    "console_password_too_short",
)
translate(
    "errors",
    "A console password may be at most {max} characters long; nothing was changed.",
    "console_password_too_long",
)
translate(
    "errors",
    "{role} is not a console role: choose {choices}.",
    "console_role_unknown",
)
translate(
    "errors",
    "Only an administrator may manage console accounts; nothing was changed.",
    "console_admin_only",
)
translate("errors", "There is no console account {name}.", "console_account_unknown")
translate(
    "errors",
    "Console account {name} is not locked; nothing was changed.",
    "console_account_not_locked",
)
translate(
    "errors",
    "A console account {name} already exists; nothing was changed.",
    "console_account_exists",
)
translate(
    "errors",
    "You cannot disable your own account {name}; ask another administrator.",
    "console_disable_self",
)
translate(
    "errors",
    "{name} is the last active administrator and cannot be disabled; add another "
    "administrator first. Nothing was changed.",
    "console_last_admin",
)
