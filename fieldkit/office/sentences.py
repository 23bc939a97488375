"""Sentences of the office package and first logins, and the summary of what a package changed.

Written once here in English; the Indonesian is in ``assets/i18n/fieldkit_id.ts``
(docs/architecture.md, "How to add a sentence").
"""

from __future__ import annotations

from fieldkit.sentences import PLURAL, plural, translate

CONTEXT = "office"

# --- refusals: context "errors", as every error's.  ``package_malformed`` is word for
# word the sentence sync/sentences.py gives the same code, so either may register it.
translate(
    "errors",
    "The office package is not a package this laptop can read ({field}); nothing was changed.",
    "package_malformed",
)
translate(
    "errors",
    "This office package (version {version}) is older than the one already applied "
    "(version {applied}); nothing was changed.",
    "office_package_older",
)
translate(
    "errors",
    "This office package is for office {office}, not for this laptop's office {ours}; "
    "nothing was changed.",
    "office_package_other_office",
)
translate(
    "errors", "{username} has no first login waiting on this laptop.", "first_login_not_pending"
)
translate(
    "errors",
    "The office no longer accepts {username}'s first-login code: it was used on another"
    " laptop, or the office replaced it. Ask the office for a new code for this laptop.",
    "first_login_code_used",
)
translate(
    "errors",
    "The one-time code is wrong ({failures} of {limit} tries used).",
    "first_login_code_wrong",
)
translate(
    "errors",
    "The one-time code expired on {expires}. Ask the office for a new code.",
    "first_login_code_expired",
)
translate(
    "errors",
    "Too many wrong codes for {username}. Ask the office for a new code.",
    "first_login_locked",
)

# --- what a package changed (ApplySummary) ---------------------------------------------
translate("office", "From the office: {changes}", "summary")
translate("office", "nothing new", "nothing_new")
translate("office", "%n new officers", "officers_added", PLURAL)
plural("office", "officers_added", "%n new officer", "%n new officers")
translate("office", "%n officers updated", "officers_updated", PLURAL)
plural("office", "officers_updated", "%n officer updated", "%n officers updated")
translate("office", "%n officers enabled again", "officers_enabled", PLURAL)
plural("office", "officers_enabled", "%n officer enabled again", "%n officers enabled again")
translate("office", "%n officers disabled", "officers_disabled", PLURAL)
plural("office", "officers_disabled", "%n officer disabled", "%n officers disabled")
translate("office", "%n first-login codes used on another laptop", "first_login_withdrawn", PLURAL)
plural(
    "office",
    "first_login_withdrawn",
    "%n first-login code used on another laptop",
    "%n first-login codes used on another laptop",
)
translate("office", "%n officers not applied (reported to the office)", "officers_refused", PLURAL)
plural(
    "office",
    "officers_refused",
    "%n officer not applied (reported to the office)",
    "%n officers not applied (reported to the office)",
)
translate("office", "{modality} threshold {value}", "threshold")
translate("office", "at most {value} capture attempts", "max_attempts")
translate("office", "freeze after {value} days without a sync", "freeze_days")
translate("office", "freeze at {value} records waiting", "freeze_max_waiting")
translate("office", "screen locks after {value} minutes", "idle_lock_minutes")
translate("office", "the ketua tim may countersign on the spot", "cosign_on_spot_on")
translate("office", "no countersign on the spot", "cosign_on_spot_off")
translate("office", "auto-capture on", "autocapture_on")
translate("office", "auto-capture off", "autocapture_off")
translate("office", "auto-capture after {value} s steady", "autocapture_steady_s")
translate("office", "new letterhead", "letterhead")
translate("office", "new letter number pattern", "number_pattern")
translate("office", "new consent text", "consent_text")
translate("office", "consent text back to the default", "consent_text_default")
translate("office", "the card promised within {value} working days", "promise_days")
translate("office", "days off for {years}", "holidays")
translate("office", "%n region names", "regions", PLURAL)
plural("office", "regions", "%n region name", "%n region names")
translate("office", "%n requests", "requests", PLURAL)
plural("office", "requests", "%n request", "%n requests")
translate("office", "%n visits", "visits", PLURAL)
plural("office", "visits", "%n visit", "%n visits")
translate("office", "%n targets", "targets", PLURAL)
plural("office", "targets", "%n target", "%n targets")
translate("office", "%n visits called off", "visits_cancelled", PLURAL)
plural("office", "visits_cancelled", "%n visit called off", "%n visits called off")
translate("office", "%n people already recorded", "recorded", PLURAL)
plural("office", "recorded", "%n person already recorded", "%n people already recorded")
translate("office", "FieldKit {version} or newer required", "min_version")
translate("office", "%n card deliveries", "deliveries", PLURAL)
plural("office", "deliveries", "%n card delivery", "%n card deliveries")
translate("office", "%n printed cards", "printed_cards", PLURAL)
plural("office", "printed_cards", "%n printed card", "%n printed cards")
