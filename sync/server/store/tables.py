"""The data center's tables, on one ``MetaData``: every room's rows, the schema Alembic keeps.

One module for every table, so whatever reads the schema whole (Alembic's
``migrations/env.py``, ``backup`` and ``restore``, the store's own checks) sees all of it
whatever else a process imported.  Each block says which room owns its tables.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()
_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
codes = sa.Table(
    "enroll_codes",
    metadata,
    sa.Column("code_hash", sa.String(64), primary_key=True),
    sa.Column("created_at", sa.String(32), nullable=False),
    sa.Column("expires_at", sa.String(32), nullable=False),
    sa.Column("used_at", sa.String(32)),
    sa.Column("used_by", sa.String(64)),
)


devices = sa.Table(
    "devices",
    metadata,
    sa.Column("device_id", sa.String(64), primary_key=True),
    sa.Column("public_key", sa.String(64), nullable=False, unique=True),
    sa.Column("info", sa.Text, nullable=False),
    sa.Column("enrolled_at", sa.String(32), nullable=False),
    sa.Column("revoked_at", sa.String(32)),
    sa.Column("revoke_reason", sa.Text),
)


announcements = sa.Table(
    "announcements",
    metadata,
    sa.Column("device_id", sa.String(64), primary_key=True),
    sa.Column("record_id", sa.String(128), primary_key=True),
    sa.Column("seq", sa.BigInteger, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("size", sa.BigInteger, nullable=False),
    sa.Column("kid", sa.String(64), nullable=False),
    sa.Column("announced_at", sa.String(32), nullable=False),
)


#: A record is keyed by its device and its id: the id is made by the laptop, so another
#: enrolled laptop announcing the same id first must not be able to shut the real one out.
records = sa.Table(
    "records",
    metadata,
    sa.Column("device_id", sa.String(64), primary_key=True),
    sa.Column("record_id", sa.String(128), primary_key=True),
    sa.Column("seq", sa.BigInteger, nullable=False),
    sa.Column("kid", sa.String(64), nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("size", sa.BigInteger, nullable=False),
    sa.Column("record_signature", sa.String(128), nullable=False),
    sa.Column("state", sa.String(32), nullable=False),
    sa.Column("reason", sa.String(64)),
    sa.Column("message", sa.Text),
    sa.Column("received_at", sa.String(32), nullable=False),
    sa.Column("receipt", sa.Text, nullable=False),
    # The console's counts (issue 46): a laptop's newest record is one seek, not a read of
    # every record; Beranda's "today" and "waiting" read their part of an index alone.
    sa.Index("ix_records_device_received", "device_id", "received_at"),
    sa.Index("ix_records_received_kid", "received_at", "kid"),
    sa.Index("ix_records_state_kid", "state", "kid"),
)


state_changes = sa.Table(
    "state_changes",
    metadata,
    # BIGINT on PostgreSQL; SQLite only auto-increments an INTEGER PRIMARY KEY.
    sa.Column("cursor", _ID, primary_key=True, autoincrement=True),
    sa.Column("record_id", sa.String(128), nullable=False),
    sa.Column("device_id", sa.String(64), nullable=False),
    sa.Column("state", sa.String(32), nullable=False),
    sa.Column("reason", sa.String(64)),
    sa.Column("message", sa.Text),
    sa.Column("changed_at", sa.String(32), nullable=False),
    sa.Index("ix_state_changes_device_cursor", "device_id", "cursor"),
)


#: Where and on which visit an ACCEPTED record was made: the coarse facts of its header's
#: "visit" (``fieldkit/enrollment/canonical_record.py``), read when the record was opened at
#: upload, so the console can list records by desa and visit without opening any again.
#: Only these: never a NIK, a name or a GPS position.  Records from before have no row.
record_places = sa.Table(
    "record_places",
    metadata,
    sa.Column("device_id", sa.String(64), primary_key=True),
    sa.Column("record_id", sa.String(128), primary_key=True),
    sa.Column("visit_id", sa.String(64)),
    sa.Column("visit_date", sa.String(10)),
    sa.Column("desa_code", sa.String(16)),
    sa.Column("kecamatan_code", sa.String(16)),
    # The officer's username (issue 49 §3, the console's pictures per petugas): a login of
    # the office, not the person recorded.
    sa.Column("officer", sa.String(32)),
    # A simulator took at least one of the record's kept captures (issue 56.2): its prints
    # are synthetic and never go on a real KTP-el.  NULL for records stored before.
    sa.Column("simulated", sa.Boolean),
    sa.Index("ix_record_places_visit", "visit_id"),
    sa.Index("ix_record_places_desa", "desa_code"),
    sa.Index("ix_record_places_officer", "officer"),
)


#: The records' blind index (issue 49 §3, ``sync.server.intake.record_search``): per record, an
#: HMAC of each searchable term of its sealed header (``kind``: nik, name word, officer),
#: under a key derived from the data center's keys.  Never a name or a NIK in the clear.
record_search = sa.Table(
    "record_search",
    metadata,
    sa.Column("device_id", sa.String(64), primary_key=True),
    sa.Column("record_id", sa.String(128), primary_key=True),
    sa.Column("kind", sa.String(16), primary_key=True),
    sa.Column("mac", sa.String(64), primary_key=True),
    sa.Index("ix_record_search_mac", "kind", "mac"),
)


#: Each exported record's reference id (issue 48): the TCN and 2.010 of its ANSI/NIST-ITL
#: file (``sync.server.dedup.interchange``), random, made at its first export and the same at
#: every later one.  The link from a reference back to a record, so to a person, is kept
#: here alone; the file names no one.
interchange_refs = sa.Table(
    "interchange_refs",
    metadata,
    sa.Column("device_id", sa.String(64), primary_key=True),
    sa.Column("record_id", sa.String(128), primary_key=True),
    sa.Column("reference", sa.String(32), nullable=False, unique=True),
    sa.Column("made_at", sa.String(32), nullable=False),
)


#: Each ABIS API request the data center wrote into its folder queue (issue 48,
#: ``sync.server.dedup.abis.queue``), and what became of its answer: the ledger that matches an
#: answer to its request by ``requestId``, refuses one for a request never sent or already
#: answered, and applies each answer once (``answered_at`` is set in the transaction that
#: applies it).  References only: the link back to a person is ``interchange_refs``'.
abis_requests = sa.Table(
    "abis_requests",
    metadata,
    sa.Column("request_id", sa.String(64), primary_key=True),
    sa.Column("operation", sa.String(32), nullable=False),
    sa.Column("reference", sa.String(32), nullable=False),
    sa.Column("device_id", sa.String(64), nullable=False),
    sa.Column("record_id", sa.String(128), nullable=False),
    sa.Column("sent_at", sa.String(32), nullable=False),
    sa.Column("answered_at", sa.String(32)),
    sa.Column("answer_file", sa.String(255)),
    sa.Column("answer_sha256", sa.String(64)),
    sa.Column("outcome", sa.String(32)),
    sa.Index("ix_abis_requests_reference", "reference"),
    sa.Index("ix_abis_requests_record", "device_id", "record_id"),
)


#: Penunggalan's gallery (issue 48, ``sync.server.dedup``): per searched record, its
#: fingerprint templates (ISO 19794-2 minutiae), face descriptor and image hashes, HPKE-sealed
#: to the data center's own key and bound to the record (``sealed``, base64).  Never in the
#: clear on disk: the searching process opens them into memory.  ``seq`` orders the rows,
#: so a searching process opens only those it has not opened yet.
dedup_templates = sa.Table(
    "dedup_templates",
    metadata,
    sa.Column("seq", _ID, primary_key=True, autoincrement=True),
    sa.Column("device_id", sa.String(64), nullable=False),
    sa.Column("record_id", sa.String(128), nullable=False),
    sa.Column("kid", sa.String(64), nullable=False),
    sa.Column("sealed", sa.Text, nullable=False),
    sa.Column("made_at", sa.String(32), nullable=False),
    sa.UniqueConstraint("device_id", "record_id", name="uq_dedup_templates_record"),
)


#: What penunggalan found for a record it made DUPLICATE_RECORD: each other record, and on
#: which part (a finger position "1".."10", "face", or "replay" for a byte-identical
#: image), with its score (Bozorth3 for a finger, 0-1 similarity for the face, 1 for a replay).
dedup_candidates = sa.Table(
    "dedup_candidates",
    metadata,
    sa.Column("id", _ID, primary_key=True, autoincrement=True),
    sa.Column("device_id", sa.String(64), nullable=False),
    sa.Column("record_id", sa.String(128), nullable=False),
    sa.Column("candidate_device_id", sa.String(64), nullable=False),
    sa.Column("candidate_record_id", sa.String(128), nullable=False),
    sa.Column("part", sa.String(16), nullable=False),
    sa.Column("score", sa.Float, nullable=False),
    sa.Column("found_at", sa.String(32), nullable=False),
    sa.Index("ix_dedup_candidates_record", "device_id", "record_id"),
)


#: A search under way: the record an ACCEPTED-record search took, by whom, until when.  One
#: row per record: a second searcher skips it until ``until`` (epoch seconds) has passed, so
#: a searcher killed mid-search leaves the record to be taken again, and the decision is
#: written only by the lease's holder (``sync.server.dedup.queue``).
dedup_leases = sa.Table(
    "dedup_leases",
    metadata,
    sa.Column("device_id", sa.String(64), primary_key=True),
    sa.Column("record_id", sa.String(128), primary_key=True),
    sa.Column("holder", sa.String(64), nullable=False),
    sa.Column("until", sa.Float, nullable=False),
)


#: The ketua tim's decision on a flagged record, as the laptop signed it (protocol §4.4).
#: Its document holds the ketua's note about the person, so it is kept only sealed to the
#: data center's own key (``sync.server.intake.reviews``); the other columns are what a listing
#: shows without opening it.
record_reviews = sa.Table(
    "record_reviews",
    metadata,
    sa.Column("device_id", sa.String(64), primary_key=True),
    sa.Column("record_id", sa.String(128), primary_key=True),
    sa.Column("decision", sa.String(16), nullable=False),
    sa.Column("decided_by", sa.String(64)),
    sa.Column("decided_at", sa.String(40)),
    #: Before revision 0003, the note in the clear; NULL once sealed.
    sa.Column("note", sa.Text),
    sa.Column("flags", sa.Text, nullable=False),
    #: Before revision 0003, the exact signed document (canonical JSON, base64) in the
    #: clear; NULL once sealed.
    sa.Column("document", sa.Text),
    #: The laptop's signature over the document, base64.
    sa.Column("signature", sa.String(128), nullable=False),
    sa.Column("received_at", sa.String(32), nullable=False),
    #: The document, HPKE-sealed to this data center's encryption key ``kid``, base64.
    sa.Column("sealed", sa.Text),
    sa.Column("kid", sa.String(64)),
)


conflicts = sa.Table(
    "conflicts",
    metadata,
    sa.Column("id", _ID, primary_key=True, autoincrement=True),
    sa.Column("record_id", sa.String(128), nullable=False),
    sa.Column("device_id", sa.String(64), nullable=False),
    sa.Column("stored_sha256", sa.String(64), nullable=False),
    sa.Column("offered_sha256", sa.String(64), nullable=False),
    sa.Column("seen_at", sa.String(32), nullable=False),
    #: One row per stored record, however often a device offers other content for it: a
    #: device cannot grow this table beyond the records it has actually stored.
    sa.Column("times", sa.BigInteger, nullable=False, server_default="1"),
    sa.UniqueConstraint("device_id", "record_id", name="uq_conflicts_device_record"),
)


#: Every audit head the data center has vouched for, per laptop (``fieldkit.audit.Anchor``).
#: Kept for ever: the laptop's own copy can be deleted, this one cannot be reached from it.
audit_anchors = sa.Table(
    "audit_anchors",
    metadata,
    sa.Column("device_id", sa.String(64), primary_key=True),
    sa.Column("epoch", sa.BigInteger, primary_key=True),
    sa.Column("seq", sa.BigInteger, primary_key=True),
    sa.Column("hash", sa.String(64), nullable=False),
    sa.Column("anchored_at", sa.String(32), nullable=False),
    sa.Column("signature", sa.String(128), nullable=False),
)


#: What the data center found wrong with a laptop's audit history, until the office
#: acknowledges it (which starts the laptop's next epoch).
audit_findings = sa.Table(
    "audit_findings",
    metadata,
    sa.Column("id", _ID, primary_key=True, autoincrement=True),
    sa.Column("device_id", sa.String(64), nullable=False),
    sa.Column("epoch", sa.BigInteger, nullable=False),
    sa.Column("problem", sa.String(32), nullable=False),
    sa.Column("seq", sa.BigInteger, nullable=False),
    sa.Column("detail", sa.Text, nullable=False),
    sa.Column("via", sa.String(8), nullable=False),
    sa.Column("found_at", sa.String(32), nullable=False),
    sa.Column("acknowledged_at", sa.String(32)),
    sa.Column("acknowledgement", sa.Text),
    #: The same finding seen at every later sync is one row, not one per sync.
    sa.UniqueConstraint("device_id", "epoch", "problem", "seq", name="uq_audit_findings"),
)


#: A laptop's current epoch (0 when absent), raised by each acknowledgement.
audit_epochs = sa.Table(
    "audit_epochs",
    metadata,
    sa.Column("device_id", sa.String(64), primary_key=True),
    sa.Column("epoch", sa.BigInteger, nullable=False),
    sa.Column("changed_at", sa.String(32), nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
)


#: One row (``id`` 1): the office's identity, rules and release, and its settings
#: revision ``version``, raised by one in the transaction of every change below.
office_settings = sa.Table(
    "office_settings",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("version", sa.BigInteger, nullable=False),
    sa.Column("office_code", sa.String(8)),
    sa.Column("office_name", sa.Text),
    #: The package's ``rules`` as canonical JSON; NULL until set.
    sa.Column("rules", sa.Text),
    sa.Column("min_version", sa.String(40)),
    sa.Column("changed_at", sa.String(32), nullable=False),
    #: A training data center (issue 56.2): records made with a simulator may be printed,
    #: on training cards.  Off on a real office: such a record never reaches a KTP-el.
    sa.Column("training", sa.Boolean, nullable=False, server_default=sa.false()),
    #: The office's time zone, ``WIB``/``WITA``/``WIT`` (issue 59 §9); NULL: its province's.
    sa.Column("time_zone", sa.String(8)),
)


#: The officers the office adds; the first-login code is kept only as its Argon2id hash.
office_officers = sa.Table(
    "office_officers",
    metadata,
    sa.Column("username", sa.String(32), primary_key=True),
    sa.Column("full_name", sa.Text, nullable=False),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("nip", sa.String(18)),
    sa.Column("rank", sa.Text),
    sa.Column("state", sa.String(16), nullable=False),
    #: ``first_login`` of the package as canonical JSON (kdf, salt, hash, params,
    #: expires_at); NULL once a laptop reported the officer's first login with it.
    sa.Column("first_login", sa.Text),
    sa.Column("created_at", sa.String(32), nullable=False),
    sa.Column("changed_at", sa.String(32), nullable=False),
    #: The laptop (device id) and the moment a laptop reported that code used (issue 56.4).
    sa.Column("first_login_used_on", sa.String(64)),
    sa.Column("first_login_used_at", sa.String(32)),
)


office_regions = sa.Table(
    "office_regions",
    metadata,
    sa.Column("code", sa.String(16), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
)


#: The years of days off the office imported (issue 49 §1, ``holidays import``): where
#: each comes from and whether it is the year's whole SKB.  A year not here is counted
#: with the list FieldKit ships (``fieldkit.promise.default_calendar``).
office_holiday_years = sa.Table(
    "office_holiday_years",
    metadata,
    sa.Column("year", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("complete", sa.Boolean, nullable=False),
    sa.Column("imported_at", sa.String(32), nullable=False),
)


#: The office's own name and team for each laptop (issue 49 §3): shown instead of the
#: hostname the laptop reports.  ``name_key`` is the name folded (case, spaces) so two
#: laptops cannot be told apart by case alone; the database refuses a second one.
laptop_labels = sa.Table(
    "laptop_labels",
    metadata,
    sa.Column("device_id", sa.String(64), primary_key=True),
    sa.Column("name", sa.String(40), nullable=False),
    sa.Column("name_key", sa.String(40), nullable=False),
    sa.Column("team", sa.String(40), nullable=False),
    sa.Column("set_by", sa.String(64), nullable=False),
    sa.Column("set_at", sa.String(32), nullable=False),
    sa.UniqueConstraint("name_key", name="uq_laptop_labels_name_key"),
)


#: Each day off of those years: a national holiday or a cuti bersama day.
office_holidays = sa.Table(
    "office_holidays",
    metadata,
    sa.Column("day", sa.String(10), primary_key=True),
    sa.Column("year", sa.Integer, nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Index("ix_office_holidays_year", "year"),
)


plan_requests = sa.Table(
    "plan_requests",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    #: The request as the package carries it, canonical JSON.
    sa.Column("document", sa.Text, nullable=False),
    sa.Column("created_at", sa.String(32), nullable=False),
)


plan_visits = sa.Table(
    "plan_visits",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("request_id", sa.String(36), nullable=False),
    #: The laptop this visit goes to; NULL for every laptop.
    sa.Column("device_id", sa.String(64)),
    sa.Column("document", sa.Text, nullable=False),
    sa.Column("created_at", sa.String(32), nullable=False),
)


#: A visit's target list (personal data): HPKE-sealed to this data center's
#: encryption key ``kid`` (``sync.server.office.steering``), opened only to build a package.
plan_targets = sa.Table(
    "plan_targets",
    metadata,
    sa.Column("visit_id", sa.String(36), primary_key=True),
    sa.Column("count", sa.Integer, nullable=False),
    sa.Column("kid", sa.String(64), nullable=False),
    sa.Column("sealed", sa.Text, nullable=False),
    sa.Column("imported_at", sa.String(32), nullable=False),
)


#: ``HMAC-SHA256(recorded_key, NIK)`` of every NIK with an ACCEPTED record, never the NIK.
recorded_niks = sa.Table(
    "recorded_niks",
    metadata,
    sa.Column("mac", sa.String(64), primary_key=True),
    sa.Column("recorded_on", sa.String(10), nullable=False),
)


#: The last health report of each laptop (§14.1), replaced by the next.
laptop_health = sa.Table(
    "laptop_health",
    metadata,
    sa.Column("device_id", sa.String(64), primary_key=True),
    sa.Column("package_key", sa.String(64), nullable=False),
    sa.Column("report", sa.Text, nullable=False),
    sa.Column("via", sa.String(8), nullable=False),
    sa.Column("received_at", sa.String(32), nullable=False),
)


#: Each printed card's handover as the laptop that made it reports it (issue 49 §2): who
#: it went to (``sync.protocol.HandoverOutcome``), the receiver's role in words, the day
#: and the courier's receipt.  Never a receiver's name: the role is all the console shows.
#: Keyed by the laptop and its own event id, so a resend is kept once.
card_handovers = sa.Table(
    "card_handovers",
    metadata,
    sa.Column("device_id", sa.String(64), primary_key=True),
    sa.Column("event_id", sa.String(64), primary_key=True),
    sa.Column("record_id", sa.String(128), nullable=False),
    sa.Column("outcome", sa.String(16), nullable=False),
    sa.Column("receiver_role", sa.String(80), nullable=False),
    sa.Column("handed_over_on", sa.String(10), nullable=False),
    sa.Column("courier_receipt", sa.String(64)),
    sa.Column("received_at", sa.String(32), nullable=False),
    sa.Index("ix_card_handovers_record", "device_id", "record_id"),
)


#: The office's console accounts, apart from the laptops' device keys.  The password is
#: kept only as its Argon2id PHC string; ``failures`` and ``locked_until`` live here, not
#: in a worker's memory, so five wrong passwords lock the account on every worker.
console_accounts = sa.Table(
    "console_accounts",
    metadata,
    sa.Column("name", sa.String(32), primary_key=True),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("password_hash", sa.Text, nullable=False),
    sa.Column("state", sa.String(16), nullable=False),
    sa.Column("failures", sa.Integer, nullable=False, server_default="0"),
    #: Seconds since the epoch; NULL when the account is not locked.
    sa.Column("locked_until", sa.Float),
    sa.Column("last_login_at", sa.String(32)),
    sa.Column("created_at", sa.String(32), nullable=False),
    sa.Column("changed_at", sa.String(32), nullable=False),
)


#: Failed console logins under names that have no active account (unknown, or disabled),
#: counted and locked exactly as ``console_accounts`` counts a real account's, so the
#: login's answers never tell the two apart (issue 46).  Only the SHA-256 of the name
#: typed is kept (it may be a password typed in the wrong box); the rows are bounded
#: (``sync.server.accounts.book.MAX_MISSED_NAMES``), the oldest forgotten first.
console_login_misses = sa.Table(
    "console_login_misses",
    metadata,
    sa.Column("name_hash", sa.String(64), primary_key=True),
    sa.Column("failures", sa.Integer, nullable=False, server_default="0"),
    #: Seconds since the epoch; NULL when the name is not locked.
    sa.Column("locked_until", sa.Float),
    sa.Column("last_at", sa.Float, nullable=False),
    sa.Index("ix_console_login_misses_last_at", "last_at"),
)


#: One row per open console session: only the SHA-256 of the cookie's token is kept, so a
#: copied database opens no session.  Times are seconds since the epoch.
console_sessions = sa.Table(
    "console_sessions",
    metadata,
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column("account", sa.String(32), nullable=False),
    sa.Column("csrf", sa.String(64), nullable=False),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("last_seen", sa.Float, nullable=False),
    sa.Index("ix_console_sessions_account", "account"),
)


#: Each KTP-el card printed for a record (issue 49 §2): its chip's UID (upper-case hex, 4
#: or 7 bytes), the day printed, who marked it and when.  A reprint adds a row, so the
#: history stays; a chip belongs to one card only (``card_uid`` unique).  No personal data.
card_prints = sa.Table(
    "card_prints",
    metadata,
    sa.Column("id", _ID, primary_key=True, autoincrement=True),
    sa.Column("device_id", sa.String(64), nullable=False),
    sa.Column("record_id", sa.String(128), nullable=False),
    sa.Column("card_uid", sa.String(20), nullable=False, unique=True),
    sa.Column("printed_on", sa.String(10), nullable=False),
    sa.Column("actor", sa.String(64), nullable=False),
    sa.Column("printed_at", sa.String(32), nullable=False),
    sa.Index("ix_card_prints_record", "device_id", "record_id"),
)


#: The distribution schedule (issue 49 §2, SOP 000 step 10): printed cards of one desa,
#: grouped into a delivery the team of one laptop takes there on a day.  ``number`` is the
#: office's own (``DST-2026-0001``, sequential per year); ``team`` is the laptop's team
#: label (or name) when the delivery was made, as its BA serah terima says it.  No
#: personal data: codes, a day, the office's words and an account's name.
card_deliveries = sa.Table(
    "card_deliveries",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("number", sa.String(16), nullable=False, unique=True),
    sa.Column("device_id", sa.String(64), nullable=False),
    sa.Column("desa_code", sa.String(16), nullable=False),
    sa.Column("kecamatan_code", sa.String(16), nullable=False),
    sa.Column("delivery_date", sa.String(10), nullable=False),
    sa.Column("team", sa.String(64), nullable=False),
    sa.Column("actor", sa.String(64), nullable=False),
    sa.Column("created_at", sa.String(32), nullable=False),
    sa.Index("ix_card_deliveries_device", "device_id", "delivery_date"),
)


#: The cards of each delivery: a record's card is in one delivery at most (the key), so
#: two operators scheduling one card at the same moment cannot both store it.
card_delivery_cards = sa.Table(
    "card_delivery_cards",
    metadata,
    sa.Column("device_id", sa.String(64), primary_key=True),
    sa.Column("record_id", sa.String(128), primary_key=True),
    sa.Column("delivery_id", sa.String(32), nullable=False),
    sa.Index("ix_card_delivery_cards_delivery", "delivery_id"),
)


#: Every change to a console account, and every login, with the name of who made it.
console_audit = sa.Table(
    "console_audit",
    metadata,
    sa.Column("id", _ID, primary_key=True, autoincrement=True),
    sa.Column("at", sa.String(32), nullable=False),
    sa.Column("actor", sa.String(64), nullable=False),
    sa.Column("action", sa.String(32), nullable=False),
    sa.Column("account", sa.String(32), nullable=False),
    sa.Column("detail", sa.Text),
)
