"""The words of Jejak konsol (``console.trail``), the console's own audit (issue 49 §3)."""

from __future__ import annotations

from fieldkit.sentences import translate

translate("console_trail", "Console trail", "console_trail.title")
translate(
    "console_trail",
    "Who logged in, and what each account changed, in the console or on the data center's "
    "command line; newest first.",
    "console_trail.intro",
)
translate("console_trail", "Console trail: who logged in, who changed what", "console_trail.link")
translate("console_trail", "Back to the laptops' audit", "console_trail.back")
translate("console_trail", "Narrow the trail", "console_trail.filter_title")
translate("console_trail", "Account", "console_trail.account_label")
translate("console_trail", "Kind", "console_trail.kind_label")
translate("console_trail", "all", "console_trail.all")
translate("console_trail", "From day", "console_trail.from_label")
translate("console_trail", "To day", "console_trail.to_label")
translate("console_trail", "Day as 26-11-2026.", "console_trail.day_hint")
translate("console_trail", "Show", "console_trail.show")
translate("console_trail", "Clear", "console_trail.clear")
translate("console_trail", "Console trail, newest first", "console_trail.caption")
translate("console_trail", "Time", "console_trail.col_at")
translate("console_trail", "Account", "console_trail.col_actor")
translate("console_trail", "Action", "console_trail.col_action")
translate("console_trail", "About", "console_trail.col_subject")
translate("console_trail", "Detail", "console_trail.col_detail")
translate("console_trail", "Nothing in the trail matches.", "console_trail.none")
translate("console_trail", "{total} entries, page {page} of {pages}", "console_trail.count")
translate("console_trail", "Newer", "console_trail.newer")
translate("console_trail", "Older", "console_trail.older")
translate(
    "console_trail", "That is not a day: type it as 26-11-2026.", "console_trail.date_invalid"
)
translate("console_trail", "The last day is before the first.", "console_trail.dates_reversed")
translate(
    "console_trail", "Choose a day from {first} to {last}.", "console_trail.date_out_of_range"
)
translate("console_trail", "Choose a kind from the list.", "console_trail.kind_unknown")

# --- the kinds ----------------------------------------------------------------------------
translate("console_trail", "Logins", "console_trail.kind_login")
translate("console_trail", "Accounts", "console_trail.kind_accounts")
translate("console_trail", "Laptops", "console_trail.kind_laptops")
translate("console_trail", "Officers, office & rules", "console_trail.kind_office")
translate("console_trail", "Records", "console_trail.kind_records")
translate("console_trail", "Operations", "console_trail.kind_operations")
translate("console_trail", "Refused", "console_trail.kind_refused")

# --- the actions --------------------------------------------------------------------------
translate("console_trail", "logged in", "console_trail.action_login")
translate("console_trail", "wrong password", "console_trail.action_login_failed")
translate("console_trail", "locked by wrong passwords", "console_trail.action_locked")
translate("console_trail", "logged out", "console_trail.action_logout")
translate("console_trail", "account added", "console_trail.action_account_added")
translate("console_trail", "account disabled", "console_trail.action_account_disabled")
translate("console_trail", "account unlocked", "console_trail.action_account_unlocked")
translate("console_trail", "password changed", "console_trail.action_password_changed")
translate("console_trail", "laptop enrollment code made", "console_trail.action_laptop_code_issued")
translate("console_trail", "laptop revoked", "console_trail.action_laptop_revoked")
translate("console_trail", "laptop named", "console_trail.action_laptop_named")
translate("console_trail", "audit findings acknowledged", "console_trail.action_audit_acknowledged")
translate("console_trail", "officer added", "console_trail.action_officer_added")
translate("console_trail", "officer's new first-login code", "console_trail.action_officer_code")
translate("console_trail", "officer enabled again", "console_trail.action_officer_enabled")
translate("console_trail", "officer disabled", "console_trail.action_officer_disabled")
translate("console_trail", "office set", "console_trail.action_office_set")
translate("console_trail", "rules changed", "console_trail.action_rules_set")
translate("console_trail", "minimum version set", "console_trail.action_min_version_set")
translate("console_trail", "holiday list imported", "console_trail.action_holidays_imported")
translate(
    "console_trail",
    "training data center switched on or off",
    "console_trail.action_office_training_set",
)
translate("console_trail", "office time zone set", "console_trail.action_office_time_zone_set")
translate("console_trail", "recapture asked for", "console_trail.action_record_recapture")
translate("console_trail", "record state set by hand", "console_trail.action_record_state_set")
translate("console_trail", "duplicate decided", "console_trail.action_record_adjudicated")
translate("console_trail", "duplicate pair viewed", "console_trail.action_duplicate_pair_viewed")
translate("console_trail", "people's data viewed", "console_trail.action_person_viewed")
translate(
    "console_trail", "record exported for deduplication", "console_trail.action_record_exported"
)
translate("console_trail", "list of records exported", "console_trail.action_records_export")
translate("console_trail", "card marked printed", "console_trail.action_card_printed")
translate(
    "console_trail",
    "card delivery scheduled",
    "console_trail.action_card_delivery_scheduled",
)
translate("console_trail", "backup made", "console_trail.action_backup_made")
translate("console_trail", "refused: form without its token", "console_trail.action_refused_csrf")
translate(
    "console_trail", "refused: for administrators only", "console_trail.action_refused_forbidden"
)
translate("console_trail", "refused: {change}", "console_trail.action_refused_change")
