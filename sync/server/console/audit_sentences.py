"""The Audit screen's sentences (context ``console_audit``); Indonesian in ``fieldkit_id.ts``.

Each ``translate`` is written out with its literal context: lupdate reads literals only.
"""

from __future__ import annotations

from fieldkit.sentences import translate

CONTEXT = "console_audit"

# --- the findings ----------------------------------------------------------------------
translate(
    "console_audit",
    "Every laptop keeps an audit log: a chain in which each event seals the one before it. "
    "At each sync the data center notes how far the chain has reached. A finding means the "
    "laptop's log no longer matches what was noted.",
    "console_audit.intro",
)
translate(
    "console_audit",
    "No findings: every laptop's audit log matches what the data center noted.",
    "console_audit.none_open",
)
translate("console_audit", "No findings, acknowledged or not.", "console_audit.none_at_all")
translate("console_audit", "Also show acknowledged findings", "console_audit.show_all")
translate("console_audit", "Show only findings not yet acknowledged", "console_audit.show_open")
translate(
    "console_audit", "Findings not yet acknowledged, oldest first", "console_audit.caption_open"
)
translate(
    "console_audit",
    "All findings, acknowledged ones included, oldest first",
    "console_audit.caption_all",
)
translate("console_audit", "Laptop", "console_audit.col_laptop")
translate("console_audit", "Problem", "console_audit.col_problem")
translate("console_audit", "Event", "console_audit.col_seq")
translate("console_audit", "Reported via", "console_audit.col_via")
translate("console_audit", "Found", "console_audit.col_found")
translate("console_audit", "Detail", "console_audit.col_detail")
translate("console_audit", "Acknowledged", "console_audit.col_acknowledged")
translate("console_audit", "Not yet", "console_audit.not_acknowledged")
translate("console_audit", "On {when}. Reason: {reason}", "console_audit.acknowledged")
translate("console_audit", "Laptop no longer enrolled", "console_audit.laptop_gone")

# What the data center found (``sync.protocol.AuditProblem``).
translate("console_audit", "Log rewritten", "console_audit.problem_rewritten")
translate("console_audit", "Log set back", "console_audit.problem_rolled_back")
translate("console_audit", "Log cannot be checked", "console_audit.problem_unproven")
translate("console_audit", "Chain broken on the laptop", "console_audit.problem_broken_on_laptop")
translate("console_audit", "Unknown problem ({code})", "console_audit.problem_unknown")

translate("console_audit", "network (HTTPS)", "console_audit.via_https")
translate("console_audit", "USB stick", "console_audit.via_usb")
translate("console_audit", "other ({via})", "console_audit.via_other")

# The detail of each problem, from the numbers and times the data center stored with it.
translate(
    "console_audit",
    "Event {seq} differs from the one the data center noted on {when}: the log was "
    "rewritten up to there.",
    "console_audit.detail_rewritten",
)
translate(
    "console_audit",
    "The log ends at event {head}, but on {when} it had reached event {seq}: an older copy "
    "of the laptop's data is in use.",
    "console_audit.detail_rolled_back",
)
translate(
    "console_audit",
    "The laptop did not show event {seq}, noted on {when}: the events up to there cannot "
    "be checked.",
    "console_audit.detail_unproven",
)
translate(
    "console_audit",
    "The laptop's own check of its log failed at event {seq}: {what}.",
    "console_audit.detail_broken_on_laptop",
)
translate(
    "console_audit",
    "The server's command fieldkit-datacenter audit findings shows the details.",
    "console_audit.detail_other",
)
# What the laptop's own check found (``fieldkit.audit.Problem``), as the laptop sent it.
translate("console_audit", "an event was edited", "console_audit.laptop_edited")
translate("console_audit", "an event is missing", "console_audit.laptop_missing")
translate("console_audit", "events are out of order", "console_audit.laptop_out_of_order")
translate("console_audit", "the log was cut short", "console_audit.laptop_truncated")
translate("console_audit", "the log was set back", "console_audit.laptop_rolled_back")
translate("console_audit", "the log was rewritten", "console_audit.laptop_rewritten")
translate("console_audit", "problem code {code}", "console_audit.laptop_other")

# --- refused attempts (issue 46), shown to administrators --------------------------------
translate("console_audit", "Refused attempts", "console_audit.refusals_heading")
translate(
    "console_audit",
    "The newest {count} forms and pages the console refused: a form without its security "
    "token (perhaps sent from another site), or an operator on a page for administrators.",
    "console_audit.refusals_intro",
)
translate(
    "console_audit",
    "{when}: a form from {account} to {path} came without its security token, from {address}; "
    "it was refused.",
    "console_audit.refusal_csrf",
)
translate(
    "console_audit",
    "{when}: {account} (an operator) asked for {path}, which is for administrators, "
    "from {address}; it was refused.",
    "console_audit.refusal_forbidden",
)

# --- acknowledging ---------------------------------------------------------------------
translate("console_audit", "Acknowledge a laptop's findings", "console_audit.ack_heading")
translate(
    "console_audit",
    "Acknowledge only once you know why the log differs, for example because the laptop was "
    "restored from a backup.",
    "console_audit.ack_intro",
)
translate("console_audit", "{laptop} (findings: {count})", "console_audit.ack_legend")
translate(
    "console_audit", "Reason (required, at most 500 characters)", "console_audit.reason_label"
)
translate("console_audit", "Acknowledge", "console_audit.ack_button")
translate(
    "console_audit",
    "Only an administrator may acknowledge findings: acknowledging closes them and starts "
    "the laptop's log afresh, so it is kept apart from the people who use the laptops.",
    "console_audit.admins_only",
)
translate("console_audit", "Acknowledge the findings of {laptop}?", "console_audit.confirm_title")
translate("console_audit", "What acknowledging does:", "console_audit.confirm_what")
translate(
    "console_audit",
    "The office accepts this laptop's audit log as it is now, with the differences found.",
    "console_audit.confirm_accept",
)
translate(
    "console_audit",
    "A new period of the log (number {epoch}) begins: what the data center noted before no "
    "longer binds it, and the laptop's next sync is noted afresh.",
    "console_audit.confirm_epoch",
)
translate(
    "console_audit",
    "These findings move to the acknowledged ones, with your reason and your account's name.",
    "console_audit.confirm_closed",
)
translate(
    "console_audit",
    "A change made to the log after this is found again.",
    "console_audit.confirm_later",
)
translate("console_audit", "Your reason:", "console_audit.confirm_reason")
translate("console_audit", "Yes, acknowledge", "console_audit.confirm_button")
translate("console_audit", "Cancel", "console_audit.cancel")
translate(
    "console_audit",
    "The findings of {laptop} are acknowledged; period {epoch} of its log has begun.",
    "console_audit.done",
)
translate(
    "console_audit", "Write why you acknowledge these findings.", "console_audit.reason_missing"
)
translate(
    "console_audit",
    "The reason is too long: at most 500 characters, {count} given.",
    "console_audit.reason_too_long",
)
translate(
    "console_audit",
    "That laptop is not enrolled at this data center; nothing was changed.",
    "console_audit.laptop_unknown",
)
translate(
    "console_audit",
    "That laptop has no findings left to acknowledge (someone may have acknowledged them "
    "already); nothing was changed.",
    "console_audit.nothing_open",
)
