"""Operations' sentences: serving, the database and keys, backup, restore, the sweep.

``fieldkit-datacenter``'s lines ("cli", ``dc.*``) and refusals ("errors") of this room.
Each ``translate(context, English, code)`` is written once, here, in the room that raises
or prints it; Qt's lupdate extracts it into ``assets/i18n/fieldkit_id.ts`` for the
screens, and :mod:`fieldkit.sentences` renders its English for logs, the CLI and ``--json``.
:mod:`sync.server` imports every room's sentences, so all are registered together.
docs/architecture.md, "How to add a sentence", says how to add one.
"""

from __future__ import annotations

from fieldkit.sentences import translate

translate(
    "cli",
    "Backup written to {path}: {rows} rows, {blobs} sealed records.",
    "dc.backup_written",
)
translate(
    "cli",
    "Restored {rows} rows and their sealed records.",
    "dc.restored",
)
translate(
    "cli",
    "Made {file}, the key that vouches for this data center's backups. Keep a copy "
    "offline with the keys' passphrase: a restore on another machine needs it "
    "(--backup-key).",
    "dc.backup_key_made",
)
translate(
    "cli",
    "Every private key in {keys} is encrypted with the passphrase; from now on the "
    "data center starts only with {env} set.",
    "dc.keys_protected",
)
translate(
    "cli",
    "Before serving, copy the old data center's keys folder to {keys}: without it "
    "the laptops' pinned CA and receipts do not match.",
    "dc.restore_keys_needed",
)
translate(
    "cli",
    "Deleted {deleted} blobs no record points at (of {checked} old enough to check).",
    "dc.blobs_swept",
)
translate(
    "cli",
    "Database schema: {current}; this FieldKit's: {head}.",
    "dc.db_current",
)
translate(
    "cli",
    "FieldKit data center serving on {url}",
    "dc.serving",
)
translate(
    "cli",
    "Data center:     {url}",
    "dc.url",
)
translate(
    "errors",
    "The data center stores metadata in SQLite or PostgreSQL, not {dialect}.",
    "datacenter_database_unsupported",
)
translate(
    "errors",
    "Use sqlite:///FILE or postgresql://USER:PASSWORD@HOST/DATABASE.",
    "datacenter_database_unsupported.hint",
)
translate(
    "errors",
    "The data center's keys are protected by a passphrase ({file}).",
    "datacenter_key_needs_passphrase",
)
translate(
    "errors",
    "Set {env} to the passphrase before starting the data center.",
    "datacenter_key_needs_passphrase.hint",
)
translate(
    "errors",
    "The passphrase does not open the data center's key {file}.",
    "datacenter_passphrase_wrong",
)
translate("errors", "Check {env}; the keys are unchanged.", "datacenter_passphrase_wrong.hint")
translate(
    "errors",
    "Several workers need PostgreSQL (--database postgresql://...): SQLite takes "
    "one writing process.",
    "datacenter_workers_need_postgresql",
)
translate(
    "errors",
    "--database holds a password, which every account on this computer can read in "
    "the list of processes; nothing was done. Give the password another way: the "
    "whole URL in ${env}, the password alone in a file named by {option} FILE or "
    "${file_env}, or in libpq's ~/.pgpass ($PGPASSFILE).",
    "datacenter_database_password_in_argument",
)
translate(
    "errors",
    "The database URL is not one (sqlite:///FILE or postgresql://USER@HOST/DB); it "
    "is not repeated here, because it may hold a password.",
    "datacenter_database_url_invalid",
)
translate(
    "errors",
    "The database password file {file} cannot be read: {cause}.",
    "datacenter_database_password_file_unreadable",
)
translate(
    "errors",
    "The data center cannot listen on {host} port {port}: {cause}. Stop the program that "
    "uses it, or choose another port with --port.",
    "datacenter_port_unavailable",
)
translate(
    "errors",
    "{host} is not an address of this computer, so the data center cannot listen on it. "
    "Give --host one of this computer's IP addresses (ip address on Linux, ipconfig on "
    "Windows lists them), or 0.0.0.0 for all of them.",
    "datacenter_host_not_here",
)
translate(
    "errors",
    "{host} is neither an IP address nor a name this computer can find. Give --host one "
    "of this computer's IP addresses (ip address on Linux, ipconfig on Windows lists "
    "them), or 0.0.0.0 for all of them.",
    "datacenter_host_unknown",
)
translate(
    "errors",
    "Port {port} is below 1024, which only the system's administrator may open. Leave "
    "--port out (the data center's port is 8443), or run it as its service.",
    "datacenter_port_privileged",
)
translate(
    "errors",
    "The database password file {file} is empty: its first line is the password.",
    "datacenter_database_password_file_empty",
)
translate(
    "errors",
    "The database was made by a newer FieldKit (schema {revision}; this one knows up "
    "to {known}). Install that release again, or restore a backup made by this one.",
    "datacenter_database_newer",
)
translate(
    "errors",
    'The setting ${name} is "{value}"; it takes {allowed}.',
    "datacenter_setting_invalid",
)
translate(
    "errors",
    "The backup cannot be restored ({problem}{member}); nothing was changed.",
    "datacenter_backup_invalid",
)
translate(
    "errors",
    "The keys are not encrypted with a passphrase, so they are not put in a backup: "
    "set FIELDKIT_DATACENTER_KEY_PASSPHRASE and run 'fieldkit-datacenter keys "
    "protect', or back up DATA/keys on its own.",
    "datacenter_backup_keys_unprotected",
)
translate(
    "errors",
    "The key {file} is stored in the clear, so the keys are not put in a backup and "
    "no file was written. With {env} set, run 'fieldkit-datacenter keys protect': it "
    "encrypts every key still in the clear, in place, with the passphrase.",
    "datacenter_key_in_clear",
)
translate(
    "errors",
    "The data center's key {file} is not a key this data center can read.",
    "datacenter_key_unreadable",
)
translate(
    "errors",
    "Set {env} to the passphrase first: it is read from the environment, never from "
    "the command line. No key was changed.",
    "datacenter_keys_protect_no_passphrase",
)
translate(
    "errors",
    "The sealed record {blob} is missing from the blob store, so no backup was "
    "written. Find it (a copy of the blob store, an earlier backup) before the next "
    "backup.",
    "datacenter_backup_blob_missing",
)
translate(
    "errors",
    "The sealed record {blob} is damaged in the blob store (its bytes no longer match "
    "its SHA-256), so no backup was written. Put it back from an earlier backup "
    "before the next one.",
    "datacenter_backup_blob_damaged",
)
translate(
    "errors",
    "The backup key {file} cannot be read ({error}); nothing was changed.",
    "datacenter_backup_key_unreadable",
)
translate(
    "errors",
    "{file} is not a backup key (one is {size} bytes); nothing was changed.",
    "datacenter_backup_key_invalid",
)
translate(
    "errors",
    "The backup carries no signature of a data center's backup key (it was made "
    "before backups were signed, or the signature was taken out), so nothing vouches "
    "for it; it is refused and nothing was changed.",
    "datacenter_backup_unsigned",
)
translate(
    "errors",
    "The backup cannot be checked: there is no {file} here. Give the copy of the old "
    "data center's backup.key kept with the passphrase, with --backup-key FILE or "
    "{env}; nothing was changed.",
    "datacenter_backup_no_key",
)
translate(
    "errors",
    "The backup was signed with another backup key than {file}: give the key of the "
    "data center that made it with --backup-key FILE; nothing was changed.",
    "datacenter_backup_other_key",
)
translate(
    "errors",
    "The backup was altered after it was made: its signature does not match its "
    "contents. It is refused and nothing was changed.",
    "datacenter_backup_signature_wrong",
)
translate(
    "errors",
    "The backup holds two rows of table {table} with the same {columns} ({value}); "
    "it is refused and nothing was changed.",
    "datacenter_restore_rows_clash",
)
translate(
    "errors",
    "The backup holds two rows of table {table} with the same {columns} (the value "
    "is key material and is not shown); it is refused and nothing was changed.",
    "datacenter_restore_rows_clash_withheld",
)
translate(
    "errors",
    "The database refused the backup's rows of table {table}: a constraint of this "
    "database clashes with them. Nothing was changed; the restore can be run again "
    "once that is cleared.",
    "datacenter_restore_database_refused",
)
translate(
    "errors",
    "The database failed while the backup's rows were written ({error}). Nothing was "
    "changed; the restore can be run again.",
    "datacenter_restore_database_failed",
)
translate(
    "errors",
    "The blob store is full. The sealed records this restore had written were "
    "removed again and nothing else was changed; free space and run it again.",
    "datacenter_restore_blobs_full",
)
translate(
    "errors",
    "This data center already holds {records} records and {devices} laptops; restore "
    "onto a fresh one, or give --force to replace them.",
    "datacenter_restore_not_empty",
)
translate(
    "errors",
    "The object store holding the sealed records cannot be reached ({what}); the "
    "record was not stored and the laptop sends it again.",
    "datacenter_blobs_unavailable",
)
translate(
    "errors",
    "The blob store {url} is not s3://BUCKET/PREFIX with an http(s) endpoint.",
    "datacenter_blobs_url_invalid",
)

# ``fieldkit-datacenter --help``: the tool's description and one line per command
# (issue 59 §8), set on the parser by ``sync.server.cli.describe_commands``.
translate("cli", "FieldKit's reference data-center service.", "dc.help")
translate("cli", "run the HTTPS service until SIGTERM/SIGINT", "dc.command.serve")
translate("cli", "the records the laptops sent, and their state", "dc.command.records")
translate(
    "cli",
    "import USB exports (DIR/<device_id>/<export_id>/) and write receipts",
    "dc.command.import",
)
translate("cli", "enrollment codes that let a new laptop join this data center", "dc.command.codes")
translate("cli", "the laptops enrolled here: list or revoke them", "dc.command.devices")
translate("cli", "the ketua tim's review notes the laptops sent", "dc.command.reviews")
translate("cli", "the laptops' audit logs: findings and their acceptance", "dc.command.audit")
translate(
    "cli", "records two laptops sent differently, and their resolution", "dc.command.conflicts"
)
translate("cli", "penunggalan: search the records for duplicates", "dc.command.dedup")
translate("cli", "write a consistent backup while serving", "dc.command.backup")
translate("cli", "check a backup, then put it onto this data center", "dc.command.restore")
translate("cli", "the data center's private keys: protect them", "dc.command.keys")
translate("cli", "the sealed records' files: sweep the orphans", "dc.command.blobs")
translate("cli", "the database's schema: its revision, or upgrade it", "dc.command.db")
translate("cli", "the office's officers", "dc.command.officers")
translate("cli", "the office's identity", "dc.command.office")
translate("cli", "rules the laptops follow", "dc.command.rules")
translate(
    "cli",
    "national holidays and cuti bersama: the promise date skips them",
    "dc.command.holidays",
)
translate("cli", "the region table", "dc.command.regions")
translate("cli", "the plan the laptops receive", "dc.command.plan")
translate("cli", "FieldKit versions", "dc.command.release")
translate("cli", "the laptops' office packages", "dc.command.package")
translate("cli", "what each laptop last reported", "dc.command.laptops")
translate("cli", "the office's console accounts", "dc.command.users")
translate(
    "cli",
    "the hand-on to an ABIS (MOSIP's ABIS API v1.1) over a folder queue",
    "dc.command.abis",
)
translate("cli", "printed KTP-el cards", "dc.command.cards")
translate("cli", "write the service's OpenAPI spec", "dc.command.openapi")
translate(
    "cli",
    "language of the output: id (Bahasa Indonesia) or en (English) [$FIELDKIT_LANG]",
    "dc.lang_help",
)
translate(
    "cli",
    "also show the log lines on the terminal (they go to the log file: {file})",
    "dc.verbose_help",
)
translate("cli", "error: {message}", "dc.error")
