"""The command line's own sentences: the one place each is written (context "cli").

``fieldkit``, ``fieldkit sync`` and ``fieldkit-datacenter`` print their lines in
English through ``fieldkit.cli.output.say`` (the generated fallback,
``fieldkit.catalogue_en``); nothing in ``fieldkit/cli`` or ``sync/*/cli.py`` spells a
sentence.  Each line is written here once, with its Indonesian in
``assets/i18n/fieldkit_id.ts`` like every other sentence, so a future Indonesian
command line, or a screen that shows the same line, reads it from the same place.
Counts are Qt's ``%n`` (their English forms in ``fieldkit_en.ts``); ``{name}``
places are filled from the params.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def cli_texts(count: int = 1) -> dict[str, str]:
    """Code -> the line in the installed language; ``count`` picks a counted line's form."""
    return {
        "audit.broken": QCoreApplication.translate(
            "cli",
            "Audit chain BROKEN at event {seq}: {problem}",
            "audit.broken",
        ),
        "audit.intact": QCoreApplication.translate(
            "cli",
            "Audit chain intact: %n event(s).",
            "audit.intact",
            count,
        ),
        "audit.none": QCoreApplication.translate(
            "cli",
            "No events.",
            "audit.none",
        ),
        "card.bound": QCoreApplication.translate(
            "cli",
            "Staff card {card} bound to {username}: log in with it and its PIN.",
            "card.bound",
        ),
        "card.forgotten": QCoreApplication.translate(
            "cli",
            "Staff card of {username} forgotten.",
            "card.forgotten",
        ),
        "card.none_bound": QCoreApplication.translate(
            "cli",
            "{username} had no staff card bound.",
            "card.none_bound",
        ),
        "dc.bundle": QCoreApplication.translate(
            "cli",
            "Bundle:          {bundle} (QR code: {qr})",
            "dc.bundle",
        ),
        "dc.code": QCoreApplication.translate(
            "cli",
            "Enrollment code: {code}",
            "dc.code",
        ),
        "dc.code_fingerprint": QCoreApplication.translate(
            "cli",
            "CA fingerprint:  {fingerprint}",
            "dc.code_fingerprint",
        ),
        "dc.fingerprint": QCoreApplication.translate(
            "cli",
            "CA fingerprint (SHA-256): {fingerprint}",
            "dc.fingerprint",
        ),
        "dc.fingerprint_groups": QCoreApplication.translate(
            "cli",
            "  in groups, to read out: {groups}",
            "dc.fingerprint_groups",
        ),
        "dc.import_done": QCoreApplication.translate(
            "cli",
            "{path}: {device}: {accepted} accepted, {rejected} rejected, "
            "{refused} refused ({receipts})",
            "dc.import_done",
        ),
        "dc.import_refused": QCoreApplication.translate(
            "cli",
            "{path}: REFUSED ({reason}) {message}",
            "dc.import_refused",
        ),
        "dc.import_record_refused": QCoreApplication.translate(
            "cli",
            "  {record}  {state}  {reason}: {message}",
            "dc.import_record_refused",
        ),
        "dc.on_the_laptop": QCoreApplication.translate(
            "cli",
            "On the laptop: Sinkronisasi > Open enrollment file, or fieldkit "
            "sync enroll --bundle {name}",
            "dc.on_the_laptop",
        ),
        "dc.receipts_not_written": QCoreApplication.translate(
            "cli",
            "receipts.json NOT written",
            "dc.receipts_not_written",
        ),
        "dc.receipts_written": QCoreApplication.translate(
            "cli",
            "receipts.json written",
            "dc.receipts_written",
        ),
        "dc.backup_written": QCoreApplication.translate(
            "cli",
            "Backup written to {path}: {rows} rows, {blobs} sealed records.",
            "dc.backup_written",
        ),
        "dc.restored": QCoreApplication.translate(
            "cli",
            "Restored {rows} rows and their sealed records.",
            "dc.restored",
        ),
        "dc.backup_key_made": QCoreApplication.translate(
            "cli",
            "Made {file}, the key that vouches for this data center's backups. Keep a copy "
            "offline with the keys' passphrase: a restore on another machine needs it "
            "(--backup-key).",
            "dc.backup_key_made",
        ),
        "dc.keys_protected": QCoreApplication.translate(
            "cli",
            "Every private key in {keys} is encrypted with the passphrase; from now on the "
            "data center starts only with {env} set.",
            "dc.keys_protected",
        ),
        "dc.restore_keys_needed": QCoreApplication.translate(
            "cli",
            "Before serving, copy the old data center's keys folder to {keys}: without it "
            "the laptops' pinned CA and receipts do not match.",
            "dc.restore_keys_needed",
        ),
        "dc.blobs_swept": QCoreApplication.translate(
            "cli",
            "Deleted {deleted} blobs no record points at (of {checked} old enough to check).",
            "dc.blobs_swept",
        ),
        "dc.db_current": QCoreApplication.translate(
            "cli",
            "Database schema: {current}; this FieldKit's: {head}.",
            "dc.db_current",
        ),
        "dc.audit_finding": QCoreApplication.translate(
            "cli",
            "{device}  {problem} at event {seq} ({via}, {when}): {detail}",
            "dc.audit_finding",
        ),
        "dc.audit_no_findings": QCoreApplication.translate(
            "cli",
            "No laptop's audit log differs from what the data center saw.",
            "dc.audit_no_findings",
        ),
        "dc.audit_acknowledged": QCoreApplication.translate(
            "cli",
            "{device}: its audit log is accepted as it now is; epoch {epoch} begins.",
            "dc.audit_acknowledged",
        ),
        "dc.review": QCoreApplication.translate(
            "cli",
            "{record}  {decision} by {officer} at {when}",
            "dc.review",
        ),
        "dc.review_note": QCoreApplication.translate(
            "cli",
            "note: {note}",
            "dc.review_note",
        ),
        "dc.serving": QCoreApplication.translate(
            "cli",
            "FieldKit data center serving on {url}",
            "dc.serving",
        ),
        "dc.url": QCoreApplication.translate(
            "cli",
            "Data center:     {url}",
            "dc.url",
        ),
        "demo.sealed": QCoreApplication.translate(
            "cli",
            "%n simulated enrollment(s) sealed on visit {visit}.",
            "demo.sealed",
            count,
        ),
        "demo.sealed_record": QCoreApplication.translate(
            "cli",
            "sealed record {record} seq {seq} sha256 {sha256}...",
            "demo.sealed_record",
        ),
        "demo.flags": QCoreApplication.translate("cli", "(flags: {flags})", "demo.flags"),
        "option_given_twice": QCoreApplication.translate(
            "cli",
            "{option} is given twice, as {first} and {second}: give it once.",
            "option_given_twice",
        ),
        "unrecognized_arguments": QCoreApplication.translate(
            "cli", "unrecognized arguments: {arguments}", "unrecognized_arguments"
        ),
        "threshold_format": QCoreApplication.translate(
            "cli",
            "expected MODALITY=NUMBER with MODALITY one of {choices}, e.g. face=60",
            "threshold_format",
        ),
        "visit.cancelled": QCoreApplication.translate(
            "cli", "Visit {visit} cancelled.", "visit.cancelled"
        ),
        "visit.moved": QCoreApplication.translate(
            "cli", "Visit {visit} moved to {date} {time}.", "visit.moved"
        ),
        "demo_warning": QCoreApplication.translate(
            "cli",
            "WARNING: no data center is enrolled; records are sealed to the "
            "DEMO data center key (training only; a real data center refuses "
            "them).",
            "demo_warning",
        ),
        "enrollment.blocked": QCoreApplication.translate(
            "cli",
            "New enrollments are BLOCKED:",
            "enrollment.blocked",
        ),
        "enrollment.open": QCoreApplication.translate(
            "cli",
            "Enrollment is open.",
            "enrollment.open",
        ),
        "enrollment.waiting": QCoreApplication.translate(
            "cli",
            "  %n sealed record(s) waiting for the data center.",
            "enrollment.waiting",
            count,
        ),
        "handover.card_bound": QCoreApplication.translate(
            "cli",
            "Card {card} is now bound to record {record} (its first read: "
            "there was nothing to compare it with). Check the name and NIK "
            "printed on the card against the list before handing it over.",
            "handover.card_bound",
        ),
        "handover.card_matches": QCoreApplication.translate(
            "cli",
            "The card matches record {record} (the card bound at its first read).",
            "handover.card_matches",
        ),
        "handover.courier": QCoreApplication.translate(
            "cli",
            "%n card(s) given to {courier} ({organisation}).",
            "handover.courier",
            count,
        ),
        "handover.delivered": QCoreApplication.translate(
            "cli",
            "Delivery recorded for record {record}.",
            "handover.delivered",
        ),
        "handover.done": QCoreApplication.translate(
            "cli",
            "Handed over: record {record} ({handover})",
            "handover.done",
        ),
        "handover.none": QCoreApplication.translate(
            "cli",
            "No printed card to hand over.",
            "handover.none",
        ),
        "handover.put_card": QCoreApplication.translate(
            "cli",
            "Put the printed card on the reader...",
            "handover.put_card",
        ),
        "handover.record": QCoreApplication.translate(
            "cli",
            "Record {record}:",
            "handover.record",
        ),
        "handover.sign": QCoreApplication.translate(
            "cli",
            "{who}: please sign on the pad...",
            "handover.sign",
        ),
        "import.done": QCoreApplication.translate(
            "cli",
            "Imported %n target(s): {summary}",
            "import.done",
            count,
        ),
        "import.more_rows": QCoreApplication.translate(
            "cli",
            "  ... and %n more row(s); use --json",
            "import.more_rows",
            count,
        ),
        "import.nothing": QCoreApplication.translate(
            "cli",
            "Nothing was imported: {summary} Fix the file and import it again.",
            "import.nothing",
        ),
        "import.row": QCoreApplication.translate(
            "cli",
            "  row {row} {status}: {problem}",
            "import.row",
        ),
        "import.summary": QCoreApplication.translate(
            "cli",
            "{ok} ok, {warnings} with warnings, {errors} with errors.",
            "import.summary",
        ),
        "internal": QCoreApplication.translate(
            "cli",
            "internal error; this is a bug in FieldKit, not your doing.",
            "internal",
        ),
        "internal.where": QCoreApplication.translate(
            "cli",
            "Details are in {path}.",
            "internal.where",
        ),
        "letters.none": QCoreApplication.translate(
            "cli",
            "No letters numbered yet (pattern {pattern}).",
            "letters.none",
        ),
        "nik.decoded": QCoreApplication.translate(
            "cli",
            "  {province} / {regency} / {district}; born {born}; sex {sex}",
            "nik.decoded",
        ),
        "not_a_birth_year": QCoreApplication.translate(
            "cli",
            "{text} is not a birth year like 1956",
            "not_a_birth_year",
        ),
        "not_a_date": QCoreApplication.translate(
            "cli",
            "{text} is not a date in the form YYYY-MM-DD",
            "not_a_date",
        ),
        "officer.added": QCoreApplication.translate(
            "cli",
            "Added {username} as {role}.",
            "officer.added",
        ),
        "officer.details": QCoreApplication.translate(
            "cli",
            "{username}: NIP {nip}, pangkat/golongan {rank}.",
            "officer.details",
        ),
        "officer.disabled": QCoreApplication.translate(
            "cli",
            "Disabled {username}; the store key was rotated and old backups replaced.",
            "officer.disabled",
        ),
        "officer.password_changed": QCoreApplication.translate(
            "cli",
            "Password changed for {username}.",
            "officer.password_changed",
        ),
        "officer.unlocked": QCoreApplication.translate(
            "cli",
            "Cleared the lockout of {username}.",
            "officer.unlocked",
        ),
        "prompt.card_pin": QCoreApplication.translate(
            "cli",
            "Staff card PIN: ",
            "prompt.card_pin",
        ),
        "prompt.current_password": QCoreApplication.translate(
            "cli",
            "Current password: ",
            "prompt.current_password",
        ),
        "prompt.new_officer_password": QCoreApplication.translate(
            "cli",
            "Password for the new officer {username}: ",
            "prompt.new_officer_password",
        ),
        "prompt.new_password": QCoreApplication.translate(
            "cli",
            "New password: ",
            "prompt.new_password",
        ),
        "prompt.new_password_for": QCoreApplication.translate(
            "cli",
            "New password for {username}: ",
            "prompt.new_password_for",
        ),
        "prompt.password_for": QCoreApplication.translate(
            "cli",
            "Password for {username}: ",
            "prompt.password_for",
        ),
        "prompt.password_to_bind": QCoreApplication.translate(
            "cli",
            "Your password, to bind the card: ",
            "prompt.password_to_bind",
        ),
        "prompt.repeat_password": QCoreApplication.translate(
            "cli",
            "Repeat the password: ",
            "prompt.repeat_password",
        ),
        "quality.failed": QCoreApplication.translate(
            "cli",
            "FAILED",
            "quality.failed",
        ),
        "quality.passed": QCoreApplication.translate(
            "cli",
            "PASSED",
            "quality.passed",
        ),
        "quality.verdict": QCoreApplication.translate(
            "cli",
            "{modality}: {verdict} (score {score})",
            "quality.verdict",
        ),
        "records.failed": QCoreApplication.translate(
            "cli",
            "{bad} of %n record(s) FAILED:",
            "records.failed",
            count,
        ),
        "records.intact": QCoreApplication.translate(
            "cli",
            "All %n sealed record(s) intact.",
            "records.intact",
            count,
        ),
        "records.none": QCoreApplication.translate(
            "cli",
            "No sealed records.",
            "records.none",
        ),
        "referral.marked": QCoreApplication.translate(
            "cli",
            "Marked {target} for referral to Dinsos.",
            "referral.marked",
        ),
        "referral.no_candidate": QCoreApplication.translate(
            "cli",
            "No candidate.",
            "referral.no_candidate",
        ),
        "referral.none": QCoreApplication.translate(
            "cli",
            "No one is marked for referral.",
            "referral.none",
        ),
        "report.photos_off": QCoreApplication.translate(
            "cli",
            "Photos in reports: off",
            "report.photos_off",
        ),
        "report.photos_on": QCoreApplication.translate(
            "cli",
            "Photos in reports: on",
            "report.photos_on",
        ),
        "report.wrote": QCoreApplication.translate(
            "cli",
            "Wrote {path}",
            "report.wrote",
        ),
        "request.none": QCoreApplication.translate(
            "cli",
            "No requests yet.",
            "request.none",
        ),
        "request.recorded": QCoreApplication.translate(
            "cli",
            "Request {request} recorded.",
            "request.recorded",
        ),
        "review.approved": QCoreApplication.translate(
            "cli",
            "Approved {record}: it goes with the next sync.",
            "review.approved",
        ),
        "review.decided_by": QCoreApplication.translate(
            "cli",
            "by {officer}",
            "review.decided_by",
        ),
        "review.none": QCoreApplication.translate(
            "cli",
            "Nothing waits for review.",
            "review.none",
        ),
        "review.returned": QCoreApplication.translate(
            "cli",
            "Returned {record} for recapture: it is not sent, and the person "
            "is on the revisit list.",
            "review.returned",
        ),
        "review.unknown_person": QCoreApplication.translate(
            "cli",
            "(unknown person)",
            "review.unknown_person",
        ),
        "revisit.contact": QCoreApplication.translate(
            "cli",
            "Contact recorded for {revisit}: {result}.",
            "revisit.contact",
        ),
        "revisit.none": QCoreApplication.translate(
            "cli",
            "Nobody is on the revisit list.",
            "revisit.none",
        ),
        "revisit.on": QCoreApplication.translate(
            "cli",
            "on {date}",
            "revisit.on",
        ),
        "revisit.planned": QCoreApplication.translate(
            "cli",
            "Planned visit {visit} on {date} with %n person(s).",
            "revisit.planned",
            count,
        ),
        "rules.heading": QCoreApplication.translate(
            "cli",
            "Enrollment rules:",
            "rules.heading",
        ),
        "sarpras.accepted": QCoreApplication.translate(
            "cli",
            "Accepted by the pengurus barang {name}.",
            "sarpras.accepted",
        ),
        "sarpras.heading": QCoreApplication.translate(
            "cli",
            "Sarpras {phase} of visit {visit}: {signed}",
            "sarpras.heading",
        ),
        "sarpras.none": QCoreApplication.translate(
            "cli",
            "No checklist yet.",
            "sarpras.none",
        ),
        "sarpras.not_signed": QCoreApplication.translate(
            "cli",
            "not signed",
            "sarpras.not_signed",
        ),
        "sarpras.override": QCoreApplication.translate(
            "cli",
            "Recording allowed on visit {visit} by override.",
            "sarpras.override",
        ),
        "sarpras.ready": QCoreApplication.translate(
            "cli",
            "Recording may start.",
            "sarpras.ready",
        ),
        "sarpras.ready_override": QCoreApplication.translate(
            "cli",
            "Recording may start (by admin override).",
            "sarpras.ready_override",
        ),
        "sarpras.rows_to_do": QCoreApplication.translate(
            "cli",
            ", %n row(s) to do",
            "sarpras.rows_to_do",
            count,
        ),
        "sarpras.self_test_failed": QCoreApplication.translate(
            "cli",
            "self-test FAILED",
            "sarpras.self_test_failed",
        ),
        "sarpras.self_test_passed": QCoreApplication.translate(
            "cli",
            "self-test passed",
            "sarpras.self_test_passed",
        ),
        "sarpras.signed": QCoreApplication.translate(
            "cli",
            "Signed the {phase} checklist.",
            "sarpras.signed",
        ),
        "sarpras.signed_by": QCoreApplication.translate(
            "cli",
            "SIGNED by {officer}",
            "sarpras.signed_by",
        ),
        "store.backup_written": QCoreApplication.translate(
            "cli",
            "Backup written: {path}",
            "store.backup_written",
        ),
        "store.backups": QCoreApplication.translate(
            "cli",
            "  %n backup(s)",
            "store.backups",
            count,
        ),
        "store.created": QCoreApplication.translate(
            "cli",
            "Created a FieldKit store in {home} for office {office}.",
            "store.created",
        ),
        "store.created_training": QCoreApplication.translate(
            "cli",
            "Created a TRAINING store in {home} for office {office}.",
            "store.created_training",
        ),
        "store.damaged": QCoreApplication.translate(
            "cli",
            "Store is DAMAGED:",
            "store.damaged",
        ),
        "store.damaged_kept": QCoreApplication.translate(
            "cli",
            "The damaged file was kept at {path}.",
            "store.damaged_kept",
        ),
        "store.healthy": QCoreApplication.translate(
            "cli",
            "Store is healthy.",
            "store.healthy",
        ),
        "store.info": QCoreApplication.translate(
            "cli",
            "Store {store} of office {office} in {home}",
            "store.info",
        ),
        "store.officers": QCoreApplication.translate(
            "cli",
            "  %n active officer(s)",
            "store.officers",
            count,
        ),
        "store.restored": QCoreApplication.translate(
            "cli",
            "Restored {name}.",
            "store.restored",
        ),
        "sync.enrolled": QCoreApplication.translate(
            "cli",
            "Enrolled as {device} with {url}.",
            "sync.enrolled",
        ),
        "sync.exported": QCoreApplication.translate(
            "cli",
            "Exported %n record(s), {size}, to {path}.",
            "sync.exported",
            count,
        ),
        "sync.fingerprint_verified": QCoreApplication.translate(
            "cli",
            "CA fingerprint verified before the code was sent: {fingerprint}",
            "sync.fingerprint_verified",
        ),
        "sync.last_success": QCoreApplication.translate(
            "cli",
            "Last complete sync: {when}",
            "sync.last_success",
        ),
        "sync.last_success_never": QCoreApplication.translate(
            "cli",
            "Last complete sync: never",
            "sync.last_success_never",
        ),
        "sync.left_out": QCoreApplication.translate(
            "cli",
            "  left out {record}: {why}",
            "sync.left_out",
        ),
        "sync.more": QCoreApplication.translate(
            "cli",
            "  … and %n more",
            "sync.more",
            count,
        ),
        "sync.pull_failed": QCoreApplication.translate(
            "cli",
            "Could not fetch news from the data center: {problem}",
            "sync.pull_failed",
        ),
        "sync.pushed": QCoreApplication.translate(
            "cli",
            "Accepted {accepted}, rejected {rejected}, purged {purged}, still "
            "waiting {pending} ({size} sent in {seconds} s).",
            "sync.pushed",
        ),
        "sync.receipts": QCoreApplication.translate(
            "cli",
            "Receipts: {accepted} accepted and purged, {rejected} rejected, "
            "{pending} still waiting.",
            "sync.receipts",
        ),
        "sync.receipts_not_read": QCoreApplication.translate(
            "cli",
            "  Not read: {problem}",
            "sync.receipts_not_read",
        ),
        "sync.records": QCoreApplication.translate(
            "cli",
            "Records: {counts}",
            "sync.records",
        ),
        "sync.replaces": QCoreApplication.translate(
            "cli",
            "This replaces the revoked enrollment {device}.",
            "sync.replaces",
        ),
        "sync.requeued": QCoreApplication.translate(
            "cli",
            "Record {record} is back in the queue: the next sync or USB export sends it"
            " (it was refused: {reason}).",
            "sync.requeued",
        ),
        "sync.run_help": QCoreApplication.translate(
            "cli",
            "Run: fieldkit sync --help",
            "sync.run_help",
        ),
        "sync.status_device": QCoreApplication.translate(
            "cli",
            "(device {device})",
            "sync.status_device",
        ),
        "sync.status_not_enrolled": QCoreApplication.translate(
            "cli",
            "Data center: not enrolled",
            "sync.status_not_enrolled",
        ),
        "sync.status_url": QCoreApplication.translate(
            "cli",
            "Data center: {url}",
            "sync.status_url",
        ),
        "sync.stopped": QCoreApplication.translate(
            "cli",
            "Stopped: {problem}",
            "sync.stopped",
        ),
        "sync.stranded": QCoreApplication.translate(
            "cli",
            "%n record(s) were signed by the revoked key and cannot be "
            "delivered; they stay on this laptop, marked REJECTED "
            "(signed_by_revoked_key). Record these people again:",
            "sync.stranded",
            count,
        ),
        "targets.none": QCoreApplication.translate(
            "cli",
            "No targets.",
            "targets.none",
        ),
        "visit.closed": QCoreApplication.translate(
            "cli",
            "Visit closed: {outcomes}.",
            "visit.closed",
        ),
        "visit.closed_empty": QCoreApplication.translate(
            "cli",
            "Visit closed: no targets.",
            "visit.closed_empty",
        ),
        "visit.none": QCoreApplication.translate(
            "cli",
            "No visits planned.",
            "visit.none",
        ),
        "visit.outcome": QCoreApplication.translate(
            "cli",
            "Target {target}: {outcome}.",
            "visit.outcome",
        ),
        "visit.planned": QCoreApplication.translate(
            "cli",
            "Visit {visit} planned for {date}.",
            "visit.planned",
        ),
        "visit.show": QCoreApplication.translate(
            "cli",
            "Visit {visit} on {date} {time} at {desa}",
            "visit.show",
        ),
        "visit.started": QCoreApplication.translate(
            "cli",
            "Visit {visit} started (walk-in, no letter).",
            "visit.started",
        ),
        "visit.suggested": QCoreApplication.translate(
            "cli",
            "  suggested: 1 ketua tim + {petugas} petugas, about {minutes} min",
            "visit.suggested",
        ),
        "visit.targets": QCoreApplication.translate(
            "cli",
            "  targets: {count}",
            "visit.targets",
        ),
        "visit.team": QCoreApplication.translate(
            "cli",
            "  team: {team}",
            "visit.team",
        ),
        "visit.team_updated": QCoreApplication.translate(
            "cli",
            "Team of visit {visit} updated.",
            "visit.team_updated",
        ),
    }
