"""The Operations screen's sentences (context ``console_operations``); Indonesian in the .ts.

Each ``translate`` is written out with its literal context: lupdate reads literals only.
"""

from __future__ import annotations

from fieldkit.sentences import translate

CONTEXT = "console_operations"

# --- readiness -------------------------------------------------------------------------
translate("console_operations", "Readiness", "console_operations.ready_heading")
translate(
    "console_operations",
    "Checked just now, the way a laptop's sync checks that the data center is ready.",
    "console_operations.ready_intro",
)
translate(
    "console_operations",
    "Ready: the data center can take records now.",
    "console_operations.ready_yes",
)
translate(
    "console_operations",
    "Not ready: laptops cannot send records now. What fails is named below; the server's "
    "log says more.",
    "console_operations.ready_no",
)
translate("console_operations", "Part", "console_operations.col_part")
translate("console_operations", "State", "console_operations.col_state")
translate("console_operations", "What was found", "console_operations.col_found")
translate("console_operations", "Database", "console_operations.part_database")
translate("console_operations", "Sealed-record store", "console_operations.part_blobs")
translate("console_operations", "Keys", "console_operations.part_keys")
translate("console_operations", "Backup key", "console_operations.part_backup_key")
translate("console_operations", "Ready", "console_operations.state_ok")
translate("console_operations", "Not ready", "console_operations.state_failed")
translate("console_operations", "Needs attention", "console_operations.state_warn")
translate(
    "console_operations",
    "Answers ({engine}, data layout version {revision})",
    "console_operations.database_ok",
)
translate(
    "console_operations", "Does not answer ({error})", "console_operations.database_unreachable"
)
translate(
    "console_operations",
    "Data layout version {revision}, but this version of FieldKit needs {head}",
    "console_operations.database_schema_other",
)
translate("console_operations", "Takes a write", "console_operations.blobs_ok")
translate(
    "console_operations",
    "Takes no write (a full or read-only disk, or a folder taken away)",
    "console_operations.blobs_failed",
)
translate(
    "console_operations",
    "Loaded; the active encryption key is {kid}; every private key is protected with the "
    "passphrase",
    "console_operations.keys_protected",
)
translate(
    "console_operations",
    "Loaded; the active encryption key is {kid}; private keys kept without a passphrase: "
    "{count} (run fieldkit-datacenter keys protect on the server)",
    "console_operations.keys_clear",
)
translate(
    "console_operations",
    "There ({file}): keep a copy offline, with the keys' passphrase",
    "console_operations.backup_key_there",
)
translate(
    "console_operations",
    "None yet: the first backup makes it",
    "console_operations.backup_key_none",
)

# --- version ---------------------------------------------------------------------------
translate("console_operations", "Version", "console_operations.version_heading")
translate("console_operations", "FieldKit data center", "console_operations.version_fieldkit")
translate("console_operations", "Data layout version", "console_operations.version_schema")
translate(
    "console_operations",
    "{revision} (the newest this version knows: {head})",
    "console_operations.version_schema_value",
)
translate(
    "console_operations",
    "Data layout versions this version knows",
    "console_operations.version_known",
)
translate("console_operations", "unknown", "console_operations.unknown")

# --- backups ---------------------------------------------------------------------------
translate("console_operations", "Backups", "console_operations.backups_heading")
translate(
    "console_operations",
    "A backup holds every record (still sealed), every laptop and every console account as "
    "they are at that moment, in one file in the folder {folder}. It holds no keys and no "
    "console logins.",
    "console_operations.backups_intro",
)
translate(
    "console_operations",
    "A backup on this server's own disk is lost with that disk: copy the newest one to the "
    "office's backup store every day, and keep a copy of the folder {keys} apart, once.",
    "console_operations.backups_copy",
)
translate("console_operations", "Make a backup", "console_operations.make_button")
translate(
    "console_operations",
    "It may take a few minutes; laptops keep syncing meanwhile. Wait until this page answers.",
    "console_operations.make_note",
)
translate(
    "console_operations",
    "Only an administrator may make a backup: each one is a full copy of the office's "
    "records, and it takes disk space the records need.",
    "console_operations.admins_only",
)
translate(
    "console_operations",
    "Backup {name} made: {rows} rows and {blobs} sealed records.",
    "console_operations.made",
)
translate(
    "console_operations",
    "This first backup also made the backup key {file}: keep a copy offline with the keys' "
    "passphrase; a restore on another server needs it.",
    "console_operations.key_made",
)
translate(
    "console_operations",
    "A backup is being made already; nothing new was started. Wait until it ends, then look "
    "at the list below.",
    "console_operations.busy",
)
translate(
    "console_operations",
    "The backup failed and no file was written; the server's log says why.",
    "console_operations.failed",
)
translate(
    "console_operations", "Backups in {folder}, newest first", "console_operations.list_caption"
)
translate("console_operations", "No backup in {folder} yet.", "console_operations.none")
translate("console_operations", "File", "console_operations.col_name")
translate("console_operations", "Made", "console_operations.col_made")
translate("console_operations", "Size", "console_operations.col_size")
translate("console_operations", "{size} MB", "console_operations.size_mb")
translate("console_operations", "{size} KB", "console_operations.size_kb")

# --- restoring -------------------------------------------------------------------------
translate("console_operations", "Restoring", "console_operations.restore_heading")
translate(
    "console_operations",
    "Restoring stays a command on the server, run by an administrator at its terminal, onto "
    "a fresh data center: a new data folder and, with PostgreSQL, a new empty database.",
    "console_operations.restore_intro",
)
translate(
    "console_operations",
    "First copy the folder {keys} into the new data folder: a backup made here holds no keys.",
    "console_operations.restore_keys",
)
translate(
    "console_operations",
    "Then run (the backup key is this server's; if this server is gone, the copy kept offline):",
    "console_operations.restore_then",
)
translate(
    "console_operations",
    "Console logins are not restored: everyone logs in again.",
    "console_operations.restore_sessions",
)
translate("console_operations", "NEW-DATA-FOLDER", "console_operations.new_folder")
translate("console_operations", "BACKUP-FILE.zip", "console_operations.backup_file")
