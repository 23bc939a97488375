"""The console's sentences: its pages ("console"), ``users`` lines ("cli"), refusals ("errors").

Each ``translate(context, English, code)`` is written once, here; ``scripts/i18n.py
--update`` extracts it into ``assets/i18n/fieldkit_id.ts``, where its Indonesian is
written, and the pages read that Indonesian with ``sync.server.catalogue``
(no Qt).  docs/architecture.md, "How to add a sentence", says how to add one.
"""

from __future__ import annotations

from fieldkit.sentences import translate

#: The context of the pages' sentences (written out in each call: lupdate reads literals only).
CONTEXT = "console"

# --- the frame of every page -----------------------------------------------------------
translate("console", "FieldKit data center", "console.product")
translate("console", "{page} · FieldKit data center", "console.page_title")
translate("console", "Skip to the content", "console.skip")
translate("console", "Main menu", "console.nav_label")
translate("console", "Home", "console.nav_home")
translate("console", "Laptops", "console.nav_laptops")
translate("console", "Records", "console.nav_records")
translate("console", "Charts", "console.nav_graphs")
translate("console", "Print queue", "console.nav_cards")
translate("console", "Distribution", "console.nav_distribution")
translate("console", "Officers & rules", "console.nav_officers")
translate("console", "Audit", "console.nav_audit")
translate("console", "Operations", "console.nav_operations")
translate("console", "Accounts", "console.nav_accounts")
translate("console", "Logged in as {name} ({role})", "console.signed_in_as")
translate("console", "administrator", "console.role_admin")
translate("console", "operator", "console.role_operator")
translate("console", "Log out", "console.logout")
translate("console", "Language", "console.language")
translate("console", "Indonesian", "console.language_id")
translate("console", "English", "console.language_en")

# --- logging in ------------------------------------------------------------------------
translate("console", "Log in to the console", "console.login_title")
translate("console", "Account name", "console.name_label")
translate("console", "Password", "console.password_label")
translate("console", "Log in", "console.login_button")
translate("console", "The account name or the password is wrong.", "console.login_wrong")
translate(
    "console",
    "Too many wrong passwords: this account is locked for five minutes. Try again later, or "
    "ask another administrator to unlock it on the Accounts page (on the data center: "
    "fieldkit-datacenter users unlock NAME).",
    "console.login_locked",
)
translate("console", "You have logged out.", "console.logged_out")

# --- refusals --------------------------------------------------------------------------
translate("console", "Request refused", "console.refused_title")
translate(
    "console",
    "This form has expired or did not come from this console. Open the page again and "
    "send it once more.",
    "console.csrf_refused",
)
translate("console", "Back to the console", "console.back")
translate("console", "For administrators only", "console.forbidden_title")
translate(
    "console",
    "Only an administrator of the console may do this. Ask one of the office's administrators.",
    "console.forbidden",
)

# --- Beranda ---------------------------------------------------------------------------
translate("console", "Office code not set yet", "console.office_unset")
translate("console", "TRAINING DATA CENTER", "console.training_office")
translate(
    "console",
    "Cards of records captured with a simulator are printed here, as training cards. A real "
    "office turns this off: fieldkit-datacenter office training off.",
    "console.training_office_note",
)
translate("console", "Records arrived today", "console.records_today")
translate("console", "Records waiting to be handed on", "console.records_waiting")
translate("console", "Enrolled laptops", "console.laptops_enrolled")
translate(
    "console",
    "Training records (sealed to the demo key) are not counted. Today began at {since}.",
    "console.counts_note",
)
# The promise (issue 49 §1): SOP 004's card within N working days of a complete recording.
translate("console", "Due this week: the card is promised by Sunday", "console.due_this_week")
translate("console", "Overdue: past the promise date, no card yet", "console.overdue")
translate(
    "console",
    "The promise: the card within {days} working days of a complete recording; weekends, "
    "national holidays and cuti bersama are not counted.",
    "console.promise_note",
)
translate(
    "console",
    "The list of days off for {years} is not yet the year's SKB: promise dates in it may be "
    "too early. Import the year's SKB list with fieldkit-datacenter holidays import FILE "
    "--replace.",
    "console.holidays_incomplete",
)

# --- Laptop ----------------------------------------------------------------------------
translate("console", "The enrolled laptops and what each last reported", "console.laptops_caption")
translate("console", "Laptop", "console.col_laptop")
translate("console", "FieldKit", "console.col_version")
translate("console", "Office package", "console.col_package")
translate("console", "Last seen", "console.col_seen")
translate("console", "Unsent records", "console.col_unsent")
translate("console", "Free disk", "console.col_disk")
translate("console", "Needs attention", "console.col_flags")
translate("console", "{size} GB", "console.disk_gb")
translate("console", "{count}, the oldest from {since}", "console.unsent_since")
translate("console", "never", "console.never")
translate("console", "no report yet", "console.no_report")
translate("console", "revoked", "console.revoked")
translate("console", "all well", "console.flag_none")
translate("console", "not seen for over {days} days", "console.flag_not_seen")
translate("console", "has not reported since it was enrolled", "console.flag_never_reported")
translate(
    "console",
    "audit findings the office has not acknowledged (see Audit)",
    "console.flag_audit_findings",
)
translate("console", "holds records older than {days} days", "console.flag_old_records")
translate("console", "office package not applied yet", "console.flag_behind")
translate("console", "below the minimum FieldKit version", "console.flag_below_min_version")
translate("console", "device self-test failed: {devices}", "console.flag_devices_failed")
translate("console", "audit chain broken", "console.flag_audit")
translate("console", "face camera", "console.device_face")
translate("console", "fingerprint scanner", "console.device_fingerprint")
translate("console", "iris camera", "console.device_iris")
translate("console", "signature pad", "console.device_signature")
translate("console", "card reader", "console.device_card")
translate("console", "new recording frozen", "console.flag_frozen")
# The office's entries for officers a laptop did not apply (issue 46), by the laptop's reason.
translate(
    "console",
    "office's officer not applied: {officers} is the laptop's own account (its role, state "
    "and password stay the laptop's)",
    "console.flag_officer_laptop_own",
)
translate(
    "console",
    "office's officer not applied: {officers} is the laptop's last active admin",
    "console.flag_officer_last_admin",
)
translate(
    "console",
    "office's officer not applied: {officers} ({reason})",
    "console.flag_officer_other",
)
translate(
    "console",
    "No laptop is enrolled yet: make a one-time code with fieldkit-datacenter codes new.",
    "console.no_laptops",
)

# --- fieldkit-datacenter users ---------------------------------------------------------
translate("cli", "Console account {name} added ({role}).", "dc.console_user_added")
translate(
    "cli", "Console account {name} disabled; its sessions have ended.", "dc.console_user_disabled"
)
translate(
    "cli",
    "New password set for console account {name}; its sessions have ended.",
    "dc.console_password_set",
)
translate(
    "cli",
    "Console account {name} unlocked: it can log in again now.",
    "dc.console_user_unlocked",
)
translate("cli", "{name} {role} {state} {locked}", "dc.console_user_line")
translate("cli", "locked until {until}", "dc.console_user_locked")
translate(
    "cli",
    "No console accounts yet: fieldkit-datacenter users add NAME --role admin adds the first.",
    "dc.console_no_users",
)
translate("cli", "New password for {name}: ", "dc.console_password_prompt")
translate("cli", "The same password again: ", "dc.console_password_again")

# --- refusals of ``users`` (the accounts' own: sync.server.accounts.sentences) -------
translate(
    "errors",
    "The two passwords typed differ; nothing was changed.",
    "console_passwords_differ",
)
translate(
    "errors",
    "No password was given: set FIELDKIT_DATACENTER_NEW_PASSWORD or type it at the prompt; "
    "nothing was changed.",
    "console_password_not_given",
)

# The office code not set yet (issue 47, finding B3): shown on Beranda until it is.
translate(
    "console",
    "The office code is not set yet, so nothing reaches the laptops: no officer, rule or "
    "plan is sent to them until it is.",
    "console.office_unset_notice",
)
translate("console", "Set the office code", "console.office_unset_action")
translate(
    "console",
    "An administrator sets it in Officers & rules (Office & rules), or on the data center "
    "with fieldkit-datacenter office set CODE.",
    "console.office_unset_ask_admin",
)
