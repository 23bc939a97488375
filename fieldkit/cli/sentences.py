"""The ``fieldkit`` command's sentences: its lines (context "cli") and its own errors.

Each ``translate(context, English, code)`` is written once, here, beside the code that
raises or prints it; Qt's lupdate extracts it into ``assets/i18n/fieldkit_id.ts`` for the
screens, and :mod:`fieldkit.sentences` renders its English for logs, the CLI and ``--json``.
docs/architecture.md, "How to add a sentence", says how to add one.

Nothing else in ``fieldkit/cli`` spells a sentence: the commands print a code and params
(``fieldkit.cli.output.say``).  Counts are Qt's ``%n``; ``plural`` gives their English forms.
"""

from __future__ import annotations

from fieldkit.sentences import PLURAL, plural, translate

translate(
    "cli",
    "Audit chain BROKEN at event {seq}: {problem}",
    "audit.broken",
)
translate(
    "cli",
    "Audit chain intact: %n event(s).",
    "audit.intact",
    PLURAL,
)
plural("cli", "audit.intact", "Audit chain intact: %n event.", "Audit chain intact: %n events.")
translate(
    "cli",
    "No events.",
    "audit.none",
)
translate(
    "cli",
    "failed beside the others, tested again alone",
    "devices.tested_again",
)
translate(
    "cli",
    "Staff card {card} bound to {username}: log in with it and its PIN.",
    "card.bound",
)
translate(
    "cli",
    "Staff card of {username} forgotten.",
    "card.forgotten",
)
translate(
    "cli",
    "{username} had no staff card bound.",
    "card.none_bound",
)
translate(
    "cli",
    "%n simulated enrollment(s) sealed on visit {visit}.",
    "demo.sealed",
    PLURAL,
)
plural(
    "cli",
    "demo.sealed",
    "%n simulated enrollment sealed on visit {visit}.",
    "%n simulated enrollments sealed on visit {visit}.",
)
translate(
    "cli",
    "sealed record {record} seq {seq} sha256 {sha256}...",
    "demo.sealed_record",
)
translate("cli", "(flags: {flags})", "demo.flags")
translate(
    "cli",
    "{option} is given twice, as {first} and {second}: give it once.",
    "option_given_twice",
)
translate("cli", "unrecognized arguments: {arguments}", "unrecognized_arguments")
translate(
    "cli",
    "expected MODALITY=NUMBER with MODALITY one of {choices}, e.g. face=60",
    "threshold_format",
)
translate("cli", "expected a number of seconds such as 0.5, not {text}", "seconds_format")
translate("cli", "Visit {visit} cancelled.", "visit.cancelled")
translate("cli", "Visit {visit} moved to {date} {time}.", "visit.moved")
translate(
    "cli",
    "WARNING: no data center is enrolled; records are sealed to the "
    "DEMO data center key (training only; a real data center refuses "
    "them).",
    "demo_warning",
)
translate(
    "cli",
    "New enrollments are BLOCKED:",
    "enrollment.blocked",
)
translate(
    "cli",
    "Enrollment is open.",
    "enrollment.open",
)
translate(
    "cli",
    "  %n sealed record(s) waiting for the data center.",
    "enrollment.waiting",
    PLURAL,
)
plural(
    "cli",
    "enrollment.waiting",
    "  %n sealed record waiting for the data center.",
    "  %n sealed records waiting for the data center.",
)
translate(
    "cli",
    "Card {card} is now bound to record {record} (its first read: "
    "there was nothing to compare it with). Check the name and NIK "
    "printed on the card against the list before handing it over.",
    "handover.card_bound",
)
translate(
    "cli",
    "The card matches record {record} (the card bound at its first read).",
    "handover.card_matches",
)
translate(
    "cli",
    "The card matches record {record}: its UID is the one the office recorded in the"
    " card's delivery.",
    "handover.card_matches_office",
)
translate(
    "cli",
    "%n card(s) given to {courier} ({organisation}).",
    "handover.courier",
    PLURAL,
)
plural(
    "cli",
    "handover.courier",
    "%n card given to {courier} ({organisation}).",
    "%n cards given to {courier} ({organisation}).",
)
translate(
    "cli",
    "Delivery recorded for record {record}.",
    "handover.delivered",
)
translate(
    "cli",
    "Handed over: record {record} ({handover})",
    "handover.done",
)
translate(
    "cli",
    "No printed card to hand over.",
    "handover.none",
)
translate(
    "cli",
    "Put the printed card on the reader...",
    "handover.put_card",
)
translate(
    "cli",
    "Record {record}:",
    "handover.record",
)
translate(
    "cli",
    "{who}: please sign on the pad...",
    "handover.sign",
)
translate(
    "cli",
    "Imported %n target(s): {summary}",
    "import.done",
    PLURAL,
)
plural("cli", "import.done", "Imported %n target: {summary}", "Imported %n targets: {summary}")
translate(
    "cli",
    "  ... and %n more row(s); use --json",
    "import.more_rows",
    PLURAL,
)
plural(
    "cli",
    "import.more_rows",
    "  ... and %n more row; use --json",
    "  ... and %n more rows; use --json",
)
translate(
    "cli",
    "Nothing was imported: {summary} Fix the file and import it again.",
    "import.nothing",
)
translate(
    "cli",
    "  row {row} {status}: {problem}",
    "import.row",
)
translate(
    "cli",
    "{ok} ok, {warnings} with warnings, {errors} with errors.",
    "import.summary",
)
translate("cli", "warning", "import.status.warning")
translate("cli", "error", "import.status.error")
translate(
    "cli",
    "internal error; this is a bug in FieldKit, not your doing.",
    "internal",
)
translate(
    "cli",
    "Details are in {path}.",
    "internal.where",
)
translate(
    "cli",
    "No letters numbered yet (pattern {pattern}).",
    "letters.none",
)
translate(
    "cli",
    "  {province} / {regency} / {district}; born {born}; sex {sex}",
    "nik.decoded",
)
translate(
    "cli",
    "{text} is not a birth year like 1956",
    "not_a_birth_year",
)
translate(
    "cli",
    "{text} is not a date in the form YYYY-MM-DD",
    "not_a_date",
)
translate(
    "cli",
    "Added {username} as {role}.",
    "officer.added",
)
translate(
    "cli",
    "{username}: NIP {nip}, pangkat/golongan {rank}.",
    "officer.details",
)
translate(
    "cli",
    "Disabled {username}; the store key was rotated and old backups replaced.",
    "officer.disabled",
)
translate(
    "cli",
    "Password changed for {username}.",
    "officer.password_changed",
)
translate(
    "cli",
    "Cleared the lockout of {username}.",
    "officer.unlocked",
)
translate(
    "cli",
    "{username} can now log in with the new password.",
    "officer.first_login_done",
)
translate(
    "cli",
    "One-time code from the office for {username}: ",
    "prompt.first_login_code",
)
translate(
    "cli",
    "Staff card PIN: ",
    "prompt.card_pin",
)
translate(
    "cli",
    "Current password: ",
    "prompt.current_password",
)
translate(
    "cli",
    "Password for the new officer {username}: ",
    "prompt.new_officer_password",
)
translate(
    "cli",
    "New password: ",
    "prompt.new_password",
)
translate(
    "cli",
    "New password for {username}: ",
    "prompt.new_password_for",
)
translate(
    "cli",
    "Password for {username}: ",
    "prompt.password_for",
)
translate(
    "cli",
    "Your password, to bind the card: ",
    "prompt.password_to_bind",
)
translate(
    "cli",
    "Repeat the password: ",
    "prompt.repeat_password",
)
translate(
    "cli",
    "FAILED",
    "quality.failed",
)
translate(
    "cli",
    "PASSED",
    "quality.passed",
)
translate(
    "cli",
    "{modality}: {verdict} (score {score})",
    "quality.verdict",
)
# A check's mark in ``fieldkit quality``'s list, and the problems' codes after it.
translate("cli", "ok", "quality.check_ok")
translate("cli", "BAD", "quality.check_bad")
translate("cli", "  problems: {problems}", "quality.problems")
# ``request list``'s and ``visit list``'s counts.
translate("cli", "%n visit(s)", "request.visits", PLURAL)
plural("cli", "request.visits", "%n visit", "%n visits")
translate("cli", "%n target(s)", "visit.target_count", PLURAL)
plural("cli", "visit.target_count", "%n target", "%n targets")
translate(
    "cli",
    "{bad} of %n record(s) FAILED:",
    "records.failed",
    PLURAL,
)
plural("cli", "records.failed", "{bad} of %n record FAILED:", "{bad} of %n records FAILED:")
translate(
    "cli",
    "All %n sealed record(s) intact.",
    "records.intact",
    PLURAL,
)
plural("cli", "records.intact", "All %n sealed record intact.", "All %n sealed records intact.")
translate(
    "cli",
    "No sealed records.",
    "records.none",
)
translate(
    "cli",
    "Marked {target} for referral to Dinsos.",
    "referral.marked",
)
translate(
    "cli",
    "No candidate.",
    "referral.no_candidate",
)
translate(
    "cli",
    "No one is marked for referral.",
    "referral.none",
)
translate(
    "cli",
    "Photos in reports: off",
    "report.photos_off",
)
translate(
    "cli",
    "Photos in reports: on",
    "report.photos_on",
)
translate(
    "cli",
    "Wrote {path}",
    "report.wrote",
)
translate(
    "cli",
    "No requests yet.",
    "request.none",
)
translate(
    "cli",
    "Request {request} recorded.",
    "request.recorded",
)
translate(
    "cli",
    "Approved {record}: it goes with the next sync.",
    "review.approved",
)
translate(
    "cli",
    "by {officer}",
    "review.decided_by",
)
translate(
    "cli",
    "Nothing waits for review.",
    "review.none",
)
translate(
    "cli",
    "Returned {record} for recapture: it is not sent, and the person is on the revisit list.",
    "review.returned",
)
translate(
    "cli",
    "Undid the decision on {record}: it waits for review again.",
    "review.undone",
)
translate(
    "cli",
    "(unknown person)",
    "review.unknown_person",
)
translate(
    "cli",
    "Contact recorded for {revisit}: {result}.",
    "revisit.contact",
)
translate(
    "cli",
    "Nobody is on the revisit list.",
    "revisit.none",
)
translate(
    "cli",
    "on {date}",
    "revisit.on",
)
translate(
    "cli",
    "Planned visit {visit} on {date} with %n person(s).",
    "revisit.planned",
    PLURAL,
)
plural(
    "cli",
    "revisit.planned",
    "Planned visit {visit} on {date} with %n person.",
    "Planned visit {visit} on {date} with %n people.",
)
translate(
    "cli",
    "Enrollment rules:",
    "rules.heading",
)
translate(
    "cli",
    "Accepted by the pengurus barang {name}.",
    "sarpras.accepted",
)
translate(
    "cli",
    "Sarpras {phase} of visit {visit}: {signed}",
    "sarpras.heading",
)
translate(
    "cli",
    "No checklist yet.",
    "sarpras.none",
)
translate(
    "cli",
    "not signed",
    "sarpras.not_signed",
)
translate(
    "cli",
    "Recording allowed on visit {visit} by override.",
    "sarpras.override",
)
translate(
    "cli",
    "Recording may start.",
    "sarpras.ready",
)
translate(
    "cli",
    "Recording may start (by admin override).",
    "sarpras.ready_override",
)
translate(
    "cli",
    ", %n row(s) to do",
    "sarpras.rows_to_do",
    PLURAL,
)
plural("cli", "sarpras.rows_to_do", ", %n row to do", ", %n rows to do")
translate(
    "cli",
    "self-test FAILED",
    "sarpras.self_test_failed",
)
translate(
    "cli",
    "self-test passed",
    "sarpras.self_test_passed",
)
translate(
    "cli",
    "Signed the {phase} checklist.",
    "sarpras.signed",
)
translate(
    "cli",
    "SIGNED by {officer}",
    "sarpras.signed_by",
)
translate(
    "cli",
    "Backup written: {path}",
    "store.backup_written",
)
translate(
    "cli",
    "  %n backup(s)",
    "store.backups",
    PLURAL,
)
plural("cli", "store.backups", "  %n backup", "  %n backups")
translate(
    "cli",
    "Created a FieldKit store in {home} for office {office}.",
    "store.created",
)
translate(
    "cli",
    "Created a TRAINING store in {home} for office {office}.",
    "store.created_training",
)
translate(
    "cli",
    "Store is DAMAGED:",
    "store.damaged",
)
translate(
    "cli",
    "The damaged file was kept at {path}.",
    "store.damaged_kept",
)
translate(
    "cli",
    "Store is healthy.",
    "store.healthy",
)
translate(
    "cli",
    "Store {store} of office {office} in {home}",
    "store.info",
)
translate(
    "cli",
    "  %n active officer(s)",
    "store.officers",
    PLURAL,
)
plural("cli", "store.officers", "  %n active officer", "  %n active officers")
translate(
    "cli",
    "Restored {name}.",
    "store.restored",
)
translate(
    "cli",
    "No targets.",
    "targets.none",
)
translate(
    "cli",
    "Visit closed: {outcomes}.",
    "visit.closed",
)
translate(
    "cli",
    "Visit closed: no targets.",
    "visit.closed_empty",
)
translate(
    "cli",
    "No visits planned.",
    "visit.none",
)
translate(
    "cli",
    "Target {target}: {outcome}.",
    "visit.outcome",
)
translate(
    "cli",
    "Visit {visit} planned for {date}.",
    "visit.planned",
)
translate(
    "cli",
    "Visit {visit} on {date} {time} at {desa}",
    "visit.show",
)
translate(
    "cli",
    "Visit {visit} started (walk-in, no letter).",
    "visit.started",
)
translate(
    "cli",
    "  suggested: 1 ketua tim + {petugas} petugas, about {minutes} min",
    "visit.suggested",
)
translate(
    "cli",
    "  targets: {count}",
    "visit.targets",
)
translate(
    "cli",
    "  team: {team}",
    "visit.team",
)
translate(
    "cli",
    "Team of visit {visit} updated.",
    "visit.team_updated",
)
translate("errors", "Option {item} must look like key=value.", "device_option_format")
translate("errors", "The two passwords differ.", "cli_passwords_differ")
translate("errors", "Say who you are with --officer USER or {env}.", "cli_officer_required")
translate("errors", "--officer is empty: give an officer's username.", "cli_officer_empty")
translate(
    "errors",
    "Argument {position} ({argument}) is not UTF-8 text. Type it again in a UTF-8 "
    "terminal, or rename the file it names.",
    "cli_argument_not_utf8",
)
translate(
    "errors",
    "The value of {option} (argument {position}: {argument}) is not UTF-8 text. Type "
    "it again in a UTF-8 terminal, or rename the file it names.",
    "cli_option_value_not_utf8",
)
translate("errors", "Name the first officer with --officer USER.", "cli_first_officer_required")
translate(
    "errors",
    "demo enroll records made-up people with the simulated devices only; add --sim.",
    "cli_demo_needs_sim",
)
translate("errors", "--count must be between 1 and {max}.", "cli_demo_count_range")
translate("errors", "--with-exception must be between 0 and --count.", "cli_demo_exception_range")
translate("errors", "{option} {item} must look like KEY=VALUE.", "cli_pair_format")
translate("errors", "The quantity of {key} must be a whole number.", "cli_quantity_not_whole")
translate("errors", "Cannot read the photo {path}: {reason}.", "cli_photo_unreadable")
translate(
    "errors",
    "With --sim, give the simulated card's UID with --card-uid HEX.",
    "cli_sim_card_uid_required",
)
translate(
    "errors",
    "Name the signature pad's serial port with --pad-port (or use --sim).",
    "cli_pad_port_required",
)
translate(
    "errors",
    "Give --date YYYY-MM-DD, one or more --handover ID, or --delivery NUMBER.",
    "cli_serah_terima_needs_date",
)
translate(
    "errors",
    "--delivery makes the report of one delivery: give it without --date or --handover.",
    "cli_serah_terima_delivery_alone",
)
# ``nik check`` / ``kk check``: the verdict and each finding (issue 59 §8).
translate("cli", "valid", "number.valid")
translate("cli", "INVALID", "number.invalid")
translate("cli", "  error: {problem}", "number.error")
translate("cli", "  warning: {problem}", "number.warning")
# argparse's own words (usage, headings, the help option, a usage mistake's prefix).
translate("cli", "usage: ", "argparse.usage")
translate("cli", "positional arguments", "argparse.positionals")
translate("cli", "options", "argparse.options")
translate("cli", "show this help message and exit", "argparse.help")
translate("cli", "{prog}: error: {message}", "argparse.error")
translate("cli", "FieldKit: offline e-KTP enrollment for jemput bola teams.", "fieldkit.help")
# argparse's messages about a usage mistake (``output.argparse_mistake``).
translate("cli", "the following arguments are required: {arguments}", "argparse.required")
translate(
    "cli",
    "argument {argument}: invalid choice: {value} (choose from {choices})",
    "argparse.invalid_choice",
)
translate("cli", "argument {argument}: expected one argument", "argparse.expected_one")
translate("cli", "argument {argument}: invalid value: {value}", "argparse.invalid_value")
translate("cli", "one of the arguments {arguments} is required", "argparse.one_required")
