"""The words of the console's Akun screen (context ``console_accounts``).

Each ``translate(context, English, code)`` is written once, here; ``scripts/i18n.py
--update`` extracts it into ``assets/i18n/fieldkit_id.ts``, where its Indonesian is
written.  The pages read them with :func:`sync.server.console.pages.words`.
"""

from __future__ import annotations

from fieldkit.sentences import translate

# --- the list ---------------------------------------------------------------------------
translate("console_accounts", "Console accounts", "console_accounts.title")
translate(
    "console_accounts",
    "The office's people log in to this console with these accounts. An operator uses the "
    "console; an administrator also manages the accounts.",
    "console_accounts.intro",
)
translate("console_accounts", "The office's console accounts", "console_accounts.caption")
translate("console_accounts", "Name", "console_accounts.col_name")
translate("console_accounts", "Role", "console_accounts.col_role")
translate("console_accounts", "State", "console_accounts.col_state")
translate("console_accounts", "Locked until", "console_accounts.col_locked")
translate("console_accounts", "Last login", "console_accounts.col_last_login")
translate("console_accounts", "Actions", "console_accounts.col_actions")
translate("console_accounts", "active", "console_accounts.state_active")
translate("console_accounts", "disabled", "console_accounts.state_disabled")
translate("console_accounts", "not locked", "console_accounts.not_locked")
translate("console_accounts", "never", "console_accounts.never")
translate("console_accounts", "(you)", "console_accounts.you")
translate("console_accounts", "New password", "console_accounts.change_password")
translate("console_accounts", "Disable", "console_accounts.disable")
translate("console_accounts", "Unlock", "console_accounts.unlock")
translate("console_accounts", "for {name}", "console_accounts.for_name")

# --- adding one -------------------------------------------------------------------------
translate("console_accounts", "Add an account", "console_accounts.add_title")
translate("console_accounts", "Account name", "console_accounts.name_label")
translate(
    "console_accounts",
    "2 to 32 characters: small letters, digits, dot, underscore or hyphen; a letter first.",
    "console_accounts.name_hint",
)
translate("console_accounts", "Role", "console_accounts.role_label")
translate(
    "console_accounts",
    "Operator: uses the console, does not manage accounts",
    "console_accounts.role_operator",
)
translate("console_accounts", "Administrator: also manages accounts", "console_accounts.role_admin")
translate("console_accounts", "Password", "console_accounts.password_label")
translate(
    "console_accounts",
    "At least {min} characters. A sentence of a few words is easy to remember.",
    "console_accounts.password_hint",
)
translate("console_accounts", "The password again", "console_accounts.password_again_label")
translate("console_accounts", "Add the account", "console_accounts.add_button")

# --- a new password ---------------------------------------------------------------------
translate("console_accounts", "New password for {name}", "console_accounts.password_title")
translate(
    "console_accounts",
    "A new password unlocks the account and ends its open sessions. Give the new password "
    "to the account's owner in person.",
    "console_accounts.password_note",
)
translate(
    "console_accounts",
    "This is your own account: you log in again with the new password afterwards.",
    "console_accounts.password_own",
)
translate("console_accounts", "New password", "console_accounts.new_password_label")
translate("console_accounts", "The new password again", "console_accounts.new_password_again_label")
translate("console_accounts", "Save the new password", "console_accounts.password_button")
translate("console_accounts", "Cancel", "console_accounts.cancel")

# --- disabling one ----------------------------------------------------------------------
translate("console_accounts", "Disable {name}?", "console_accounts.disable_title")
translate(
    "console_accounts",
    "{name} will no longer be able to log in to the console, and its open sessions end "
    "now. The account and its audit trail are kept.",
    "console_accounts.disable_question",
)
translate("console_accounts", "Yes, disable {name}", "console_accounts.disable_button")

# --- what happened ----------------------------------------------------------------------
translate("console_accounts", "Account {name} added as {role}.", "console_accounts.added")
translate(
    "console_accounts",
    "New password saved for {name}; its open sessions have ended.",
    "console_accounts.password_set",
)
translate(
    "console_accounts",
    "Account {name} disabled; its open sessions have ended.",
    "console_accounts.disabled",
)
translate(
    "console_accounts",
    "Account {name} unlocked: it can log in again now.",
    "console_accounts.unlocked",
)

# --- refusals, at the field -------------------------------------------------------------
translate(
    "console_accounts",
    "The account was not added: see the marked fields.",
    "console_accounts.not_added",
)
translate(
    "console_accounts",
    "The password was not changed: see the marked fields.",
    "console_accounts.not_changed",
)
translate(
    "console_accounts",
    "This name cannot be used: 2 to 32 characters, small letters, digits, dot, underscore "
    "or hyphen, beginning with a letter.",
    "console_accounts.err_name",
)
translate(
    "console_accounts", "There is already an account named {name}.", "console_accounts.err_exists"
)
translate("console_accounts", "Choose a role from the list.", "console_accounts.err_role")
translate(
    "console_accounts",
    "The password is too short: at least {min} characters.",
    "console_accounts.err_short",
)
translate(
    "console_accounts",
    "The password is too long: at most {max} characters.",
    "console_accounts.err_long",
)
translate(
    "console_accounts",
    "The two passwords are not the same.",
    "console_accounts.err_differ",
)
translate(
    "console_accounts",
    "You cannot disable your own account. Ask another administrator.",
    "console_accounts.err_self",
)
translate(
    "console_accounts",
    "{name} is the last active administrator: add another administrator first.",
    "console_accounts.err_last_admin",
)
translate(
    "console_accounts", "Account {name} is already disabled.", "console_accounts.err_disabled"
)
translate("console_accounts", "There is no account named {name}.", "console_accounts.err_unknown")
translate(
    "console_accounts",
    "Account {name} is not locked; nothing was changed.",
    "console_accounts.err_not_locked",
)
