"""The data center's metadata: codes, devices, announcements, records and state history.

SQLAlchemy Core against a URL, so the embedded default (a SQLite file in the
data directory) and PostgreSQL (psycopg 3) run the same statements; the few
dialect differences (upserts, write serialisation, disk-full codes) live here
and nowhere else.  Every change that must be all-or-nothing (enrolling with a
code, storing a record with its receipt and first states) is one transaction.
Record payloads never come here: only hashes, ids, states and signed receipts, and of
an accepted record the coarse place its header names (``record_places``: visit, date,
desa, kecamatan; never a person).
"""

from __future__ import annotations

import contextlib
import enum
import functools
import hashlib
import json
import logging
import os
import secrets
import sqlite3
import threading
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError, OperationalError

from fieldkit import paths
from fieldkit.durable import O_BINARY
from fieldkit.records.demo import DEMO_KID
from sync.protocol import Reason, RecordState
from sync.server.errors import DataCenterError, disk_full
from sync.server.store.groupcommit import GroupCommit

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Sequence

    from sqlalchemy.dialects.postgresql import Insert as PgInsert
    from sqlalchemy.dialects.sqlite import Insert as SqliteInsert
    from sqlalchemy.engine import Connection

log = logging.getLogger(__name__)

metadata = sa.MetaData()

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
#: Any constant: serialises concurrent ``create_all`` runs (serve and a CLI chore) on PostgreSQL.
_SCHEMA_LOCK = 0x46_4B_44_43  # "FKDC"
#: PostgreSQL's advisory lock between records' commits (shared) and blob deletions
#: (exclusive): two 32-bit keys, a key space apart from the one-key locks above.
_BLOB_LOCK = (0x46_4B_44_43, 0x42_4C_4F_42)  # "FKDC", "BLOB"
SUPPORTED_DIALECTS = frozenset({"sqlite", "postgresql"})
#: Ids per ``IN (...)`` in :meth:`SqlStore.records_by_id` (a manifest holds at most 1000).
_IDS_PER_QUERY = 500

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


# --- the office's settings for its laptops (issue 38, protocol §14) ----------------

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


# --- the office's console (issue 34) ----------------------------------------------------

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


@dataclass(frozen=True)
class Counts:
    """Laptops by whether revoked, records by state: what ``/metrics`` shows as gauges."""

    laptops: dict[str, int]
    records: dict[str, int]


@dataclass(frozen=True)
class StoredAnchor:
    device_id: str
    epoch: int
    seq: int
    hash: str
    anchored_at: str
    signature: str


@dataclass(frozen=True)
class AuditFindingRow:
    problem: str
    seq: int
    detail: str


@dataclass(frozen=True)
class AuditState:
    """A laptop's current epoch and the anchors that bind it, oldest first."""

    device_id: str
    epoch: int
    anchors: list[StoredAnchor]


@dataclass(frozen=True)
class AuditDecision:
    """What to keep after checking a laptop's head: a new anchor, or findings (or neither)."""

    anchor: StoredAnchor | None = None
    findings: list[AuditFindingRow] = field(default_factory=list)


def hash_code(code: str) -> str:
    """Codes are stored hashed: a copied database does not hand out enrollments."""
    normalised = code.strip().upper().replace("-", "")
    return hashlib.sha256(normalised.encode()).hexdigest()


def new_code() -> str:
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud over the phone
    raw = "".join(secrets.choice(alphabet) for _ in range(12))
    return "-".join(raw[i : i + 4] for i in range(0, 12, 4))


@dataclass(frozen=True)
class Device:
    device_id: str
    public_key: str
    info: dict[str, str]
    enrolled_at: str
    revoked_at: str | None
    revoke_reason: str | None


@dataclass(frozen=True)
class Announcement:
    device_id: str
    record_id: str
    seq: int
    sha256: str
    size: int
    kid: str


@dataclass(frozen=True)
class StoredRecord:
    record_id: str
    device_id: str
    seq: int
    kid: str
    sha256: str
    size: int
    state: RecordState
    reason: str | None
    message: str | None
    received_at: str
    receipt: dict[str, Any]

    @property
    def demo(self) -> bool:
        """Sealed to the public demo key: training data, never a real enrollment."""
        return self.kid == DEMO_KID


@dataclass(frozen=True)
class RecordPlace:
    """An ACCEPTED record's visit and place, as its header named them (each may be missing)."""

    visit_id: str | None = None
    visit_date: str | None = None
    desa_code: str | None = None
    kecamatan_code: str | None = None
    officer: str | None = None
    #: Whether a simulator took any kept capture (the header's ``device.simulated``).
    simulated: bool | None = None


@dataclass(frozen=True)
class NewRecord:
    """What ``add_record`` writes: the record, its outer signature and its first states.

    ``ensure_blob`` makes sure the record's blob is in the blob store; it is called in
    the record's transaction, under the lock blob deletions take (``add_record``).
    """

    record: StoredRecord
    signature: str
    history: tuple[str, ...]
    ensure_blob: Callable[[], None] | None = None
    #: Its visit and place (``record_places``), written in the record's own transaction.
    place: RecordPlace | None = None
    #: Its blind index's rows (``record_search``: kind, HMAC), in the record's transaction.
    search: tuple[tuple[str, str], ...] = ()


class Added(enum.Enum):
    """What became of a record handed to ``add_record``."""

    STORED = "stored"
    #: A concurrent upload of the same record id committed first.
    ALREADY_HELD = "already_held"
    #: Its device was revoked before the record's transaction: nothing was stored.
    DEVICE_REVOKED = "device_revoked"


#: The hot path's reads, built once: building a statement (and its cache key) costs
#: several times more than running it against an indexed primary key.
_DEVICE = sa.select(devices).where(devices.c.device_id == sa.bindparam("device_id"))
_ANNOUNCEMENT = sa.select(announcements).where(
    announcements.c.device_id == sa.bindparam("device_id"),
    announcements.c.record_id == sa.bindparam("record_id"),
)
_RECORD = sa.select(records).where(
    records.c.device_id == sa.bindparam("device_id"),
    records.c.record_id == sa.bindparam("record_id"),
)
_STATE_CHANGE = state_changes.insert()
_DROP_ANNOUNCEMENT = announcements.delete().where(
    announcements.c.device_id == sa.bindparam("a_device_id"),
    announcements.c.record_id == sa.bindparam("a_record_id"),
)


@dataclass(frozen=True)
class StateChange:
    cursor: int
    record_id: str
    state: RecordState
    reason: str | None
    message: str | None
    changed_at: str


class MetadataStore(Protocol):
    """What the service needs from a metadata backend."""

    def add_code(self, code: str, now: str, expires_at: str) -> None: ...
    def enroll(self, code: str, public_key: str, info: dict[str, str], now: str) -> str: ...
    def device(self, device_id: str) -> Device | None: ...
    def devices(self) -> list[Device]: ...
    def revoke(self, device_id: str, reason: str, now: str) -> None: ...
    def announce(self, entries: list[Announcement], now: str) -> None: ...
    def announcement(self, device_id: str, record_id: str) -> Announcement | None: ...
    def record(self, device_id: str, record_id: str) -> StoredRecord | None: ...
    def records_by_id(
        self, device_id: str, record_ids: Iterable[str]
    ) -> dict[str, StoredRecord]: ...
    def records(self) -> list[StoredRecord]: ...
    def add_record(
        self,
        record: StoredRecord,
        signature: str,
        history: list[str],
        *,
        ensure_blob: Callable[[], None] | None = None,
    ) -> Added: ...
    def delete_unreferenced(
        self, names: Sequence[str], delete: Callable[[str], None]
    ) -> list[str]: ...
    def set_state(
        self,
        device_id: str,
        record_id: str,
        state: RecordState,
        now: str,
        *,
        reason: Reason | None = None,
        message: str | None = None,
        also: Callable[[Connection], None] | None = None,
        expected: RecordState | None = None,
    ) -> None: ...
    def changes(self, device_id: str, since: int, limit: int) -> list[StateChange]: ...
    def add_conflict(
        self, record_id: str, device_id: str, stored: str, offered: str, now: str
    ) -> None: ...
    def conflicts(self) -> list[dict[str, Any]]: ...
    def audit_state(self, device_id: str) -> AuditState: ...
    def check_audit(
        self,
        device_id: str,
        decide: Callable[[AuditState], AuditDecision],
        *,
        via: str,
        now: str,
    ) -> tuple[AuditState, AuditDecision]: ...
    def audit_findings(self, *, include_acknowledged: bool = False) -> list[dict[str, Any]]: ...
    def acknowledge_audit(
        self,
        device_id: str,
        reason: str,
        now: str,
        *,
        also: Callable[[Connection, int], None] | None = None,
    ) -> int: ...


def _is_disk_full(exc: OperationalError) -> bool:
    orig = exc.orig
    code = getattr(orig, "sqlite_errorcode", None)
    if isinstance(orig, sqlite3.Error) and isinstance(code, int):
        return code & 0xFF == sqlite3.SQLITE_FULL  # primary code of an extended one
    # PostgreSQL's disk_full; psycopg 3 calls the code ``sqlstate``, psycopg2 ``pgcode``.
    sqlstate = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    return sqlstate == "53100"


def sqlite_url(data_dir: Path) -> str:
    return f"sqlite:///{data_dir / 'datacenter.sqlite3'}"


def make_data_dir(data_dir: Path) -> None:
    """Create the data folder, or take one made by someone else: 0700 whatever the umask.

    It holds the keys, the records' metadata and the sealed blobs; on Windows the
    installer's ACL keeps it private instead (``fieldkit.paths.make_private``).
    """
    data_dir.mkdir(parents=True, exist_ok=True, mode=paths.PRIVATE_DIR_MODE)
    paths.make_private(data_dir)


def _sqlite_file(url: str) -> Path | None:
    """The database file of a SQLite URL; None for an in-memory or ``file:`` URI database."""
    database = sa.make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def _make_sqlite_private(database: Path) -> None:
    """The database and its ``-wal`` and ``-shm``: 0600 whatever the umask (POSIX).

    A new database is created empty at 0600 before SQLite opens it: SQLite gives the
    ``-wal`` and ``-shm`` it creates the database file's mode.  Files an older version
    left 0644 are given 0600.  A file that cannot be made is left for SQLite to report.
    """
    with contextlib.suppress(OSError):
        os.close(
            os.open(
                database, os.O_WRONLY | O_BINARY | os.O_CREAT | os.O_EXCL, paths.PRIVATE_FILE_MODE
            )
        )
    for suffix in ("", "-wal", "-shm"):
        paths.make_private(database.with_name(database.name + suffix))


def normalise_url(url: str) -> str:
    """``postgresql://`` means psycopg 3 here (SQLAlchemy would pick psycopg2, not installed)."""
    for bare in ("postgresql://", "postgres://"):
        if url.startswith(bare):
            return "postgresql+psycopg://" + url[len(bare) :]
    return url


class SqlStore:
    """The SQLAlchemy implementation; SQLite by default, PostgreSQL by URL."""

    def __init__(self, url: str) -> None:
        self.url = normalise_url(url)
        dialect = sa.make_url(self.url).get_backend_name()
        if dialect not in SUPPORTED_DIALECTS:
            raise DataCenterError(
                400,
                Reason.INVALID_REQUEST,
                code="datacenter_database_unsupported",
                params={"dialect": dialect},
            )
        self.is_sqlite = dialect == "sqlite"
        database = _sqlite_file(self.url) if self.is_sqlite else None
        if database is not None:
            _make_sqlite_private(database)
        if self.is_sqlite:
            # No pre-ping: a file cannot drop the connection, and each ping is a query.
            self.engine = sa.create_engine(self.url, connect_args={"timeout": 30})
            event.listen(self.engine, "connect", _sqlite_pragmas)
        else:
            # Enough connections for the web thread pool (40) without queueing behind each other.
            self.engine = sa.create_engine(
                self.url, pool_pre_ping=True, pool_size=8, max_overflow=40, pool_timeout=60
            )
        # One writer at a time inside this process: SQLite would otherwise answer BUSY when a
        # read transaction upgrades to a write.  PostgreSQL needs no such lock.
        self._write_lock: contextlib.AbstractContextManager[Any] = (
            threading.Lock() if self.is_sqlite else contextlib.nullcontext()
        )
        try:
            with self._write() as conn:
                # One process migrates; the others wait here, then find the head.
                if self.is_sqlite:
                    # Python's sqlite3 runs DDL outside any transaction unless one is begun:
                    # two processes starting on a new file both created the tables.
                    conn.exec_driver_sql("BEGIN IMMEDIATE")
                else:
                    conn.execute(sa.select(sa.func.pg_advisory_xact_lock(_SCHEMA_LOCK)))
                migrate(conn)
        except BaseException:
            # A refused database (newer than this code, unreachable) leaves no connection
            # open behind the half-made store for the garbage collector to find.
            self.engine.dispose()
            raise
        self._insert_record_stmt = (
            self._insert(records)
            .on_conflict_do_nothing(index_elements=[records.c.device_id, records.c.record_id])
            # RETURNING, not rowcount: psycopg reports no count for INSERT here.
            .returning(records.c.record_id)
        )
        # PostgreSQL: a shared row lock, so a revocation waits for a record already being
        # committed instead of slipping in between the check and the commit.
        self._live_devices = (
            sa.select(devices.c.device_id)
            .where(devices.c.device_id.in_(sa.bindparam("ids", expanding=True)))
            .where(devices.c.revoked_at.is_(None))
        )
        if not self.is_sqlite:
            self._live_devices = self._live_devices.with_for_update(read=True)
        # PostgreSQL runs concurrent commits side by side and flushes its WAL for them together.
        self._group: GroupCommit[NewRecord, Added] | None = (
            GroupCommit(self._add_records, self._add_one) if self.is_sqlite else None
        )

    def close(self) -> None:
        self.engine.dispose()

    @contextlib.contextmanager
    def _write(self) -> Iterator[Connection]:
        try:
            with self._write_lock, self.engine.begin() as conn:
                yield conn
        except OperationalError as exc:
            if _is_disk_full(exc):
                raise disk_full("database") from exc
            raise

    def _insert(self, table: sa.Table) -> SqliteInsert | PgInsert:
        """The dialect's own INSERT, which has ``on_conflict_do_*`` on both backends."""
        return sqlite.insert(table) if self.is_sqlite else postgresql.insert(table)

    @staticmethod
    def _has(conn: Connection, device_id: str, record_id: str) -> bool:
        """Whether the data center holds ``record_id`` from ``device_id``."""
        found = conn.execute(
            sa.select(records.c.record_id).where(
                records.c.device_id == device_id, records.c.record_id == record_id
            )
        ).first()
        return found is not None

    def _serialise_device(self, conn: Connection, device_id: str) -> None:
        """Make a device's state-change cursors become visible in the order they were drawn.

        On PostgreSQL two transactions may draw cursors 7 and 8 and commit 8 first; a
        client reading then would skip 7 for ever.  Holding a per-device lock from the
        draw to the commit rules that out (only a device's own changes are ever read
        together).  SQLite already has a single writer.
        """
        if not self.is_sqlite:
            conn.execute(sa.select(sa.func.pg_advisory_xact_lock(sa.func.hashtext(device_id))))

    @contextlib.contextmanager
    def _read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn

    @contextlib.contextmanager
    def writing(self) -> Iterator[Connection]:
        """One write transaction, for the office's settings (``sync.server.office.steering``)."""
        with self._write() as conn:
            yield conn

    @contextlib.contextmanager
    def writing_alone(self, device_id: str) -> Iterator[Connection]:
        """One write transaction no other of this device's runs beside: read, decide, write.

        SQLite: the database's write lock from the first statement (``BEGIN IMMEDIATE``);
        PostgreSQL: the device's advisory lock (:meth:`_serialise_device`).  Two requests
        of one laptop at once then decide one after the other, on what the first wrote.
        """
        with self._write() as conn:
            if self.is_sqlite:
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            else:
                self._serialise_device(conn, device_id)
            yield conn

    @contextlib.contextmanager
    def reading(self) -> Iterator[Connection]:
        with self._read() as conn:
            yield conn

    def upsert(self, table: sa.Table) -> SqliteInsert | PgInsert:
        """The dialect's INSERT with ``on_conflict_do_*``, for the office's tables."""
        return self._insert(table)

    # --- codes and devices ----------------------------------------------------

    def add_code(self, code: str, now: str, expires_at: str) -> None:
        with self._write() as conn:
            conn.execute(
                codes.insert().values(
                    code_hash=hash_code(code), created_at=now, expires_at=expires_at
                )
            )

    def enroll(self, code: str, public_key: str, info: dict[str, str], now: str) -> str:
        """Use the code and register the device in one transaction, so a refusal burns no code."""
        code_hash = hash_code(code)
        with self._write() as conn:
            row = conn.execute(
                sa.select(codes).where(codes.c.code_hash == code_hash).with_for_update()
            ).first()
            if row is None:
                raise DataCenterError(
                    403,
                    Reason.CODE_UNKNOWN,
                )
            if row.used_at is not None:
                raise DataCenterError(
                    409,
                    Reason.CODE_USED,
                )
            if row.expires_at <= now:
                raise DataCenterError(
                    410,
                    Reason.CODE_EXPIRED,
                )
            exists = conn.execute(
                sa.select(devices.c.device_id, devices.c.revoked_at).where(
                    devices.c.public_key == public_key
                )
            ).first()
            if exists is not None and exists.revoked_at is not None:
                # The laptop makes a new key and tries the same code again (it is not used).
                raise DataCenterError(
                    409,
                    Reason.KEY_ALREADY_ENROLLED,
                )
            # A key that is enrolled and not revoked gets its own device back: the laptop lost
            # the first answer (or refused it), and must not be locked out for that.
            device_id = f"dev-{uuid.uuid4().hex}" if exists is None else str(exists.device_id)
            used = conn.execute(
                codes.update()
                .where(codes.c.code_hash == code_hash, codes.c.used_at.is_(None))
                .values(used_at=now, used_by=device_id)
            )
            if used.rowcount != 1:
                raise DataCenterError(409, Reason.CODE_USED)
            if exists is not None:
                return device_id
            added = conn.execute(
                self._insert(devices)
                .values(
                    device_id=device_id,
                    public_key=public_key,
                    info=json.dumps(info, sort_keys=True),
                    enrolled_at=now,
                )
                .on_conflict_do_nothing()
                .returning(devices.c.device_id)
            ).first()
            if added is None:  # the same key enrolled concurrently with another code
                raise DataCenterError(409, Reason.KEY_ALREADY_ENROLLED)
        return device_id

    @staticmethod
    def _device(row: Any) -> Device:
        return Device(
            device_id=row.device_id,
            public_key=row.public_key,
            info=json.loads(row.info),
            enrolled_at=row.enrolled_at,
            revoked_at=row.revoked_at,
            revoke_reason=row.revoke_reason,
        )

    def device(self, device_id: str) -> Device | None:
        with self._read() as conn:
            row = conn.execute(_DEVICE, {"device_id": device_id}).first()
        return None if row is None else self._device(row)

    def devices(self) -> list[Device]:
        with self._read() as conn:
            rows = conn.execute(sa.select(devices).order_by(devices.c.enrolled_at)).all()
        return [self._device(row) for row in rows]

    def revoke(self, device_id: str, reason: str, now: str) -> None:
        with self._write() as conn:
            done = conn.execute(
                devices.update()
                .where(devices.c.device_id == device_id)
                .values(revoked_at=now, revoke_reason=reason)
            )
            if done.rowcount != 1:
                raise DataCenterError(
                    404,
                    Reason.DEVICE_UNKNOWN,
                    code="datacenter_device_unknown",
                    params={"device_id": device_id},
                )

    # --- announcements and records ------------------------------------------------

    def announce(self, entries: list[Announcement], now: str) -> None:
        if not entries:
            return
        rows = [{**asdict(entry), "announced_at": now} for entry in entries]
        upsert = self._insert(announcements)
        upsert = upsert.on_conflict_do_update(
            index_elements=[announcements.c.device_id, announcements.c.record_id],
            set_={
                name: upsert.excluded[name]
                for name in ("seq", "sha256", "size", "kid", "announced_at")
            },
        )
        with self._write() as conn:
            # A single upsert, so two manifests naming the same record cannot collide.
            conn.execute(upsert, rows)

    def announcement(self, device_id: str, record_id: str) -> Announcement | None:
        with self._read() as conn:
            row = conn.execute(
                _ANNOUNCEMENT, {"device_id": device_id, "record_id": record_id}
            ).first()
        return self._announcement(row)

    def upload_state(
        self, device_id: str, record_id: str
    ) -> tuple[Announcement | None, StoredRecord | None]:
        """What an upload needs to know, in one connection: its announcement and its record."""
        with self._read() as conn:
            announced = conn.execute(
                _ANNOUNCEMENT, {"device_id": device_id, "record_id": record_id}
            ).first()
            held = conn.execute(_RECORD, {"device_id": device_id, "record_id": record_id}).first()
        return self._announcement(announced), None if held is None else self._record(held)

    @staticmethod
    def _announcement(row: Any) -> Announcement | None:
        if row is None:
            return None
        return Announcement(
            device_id=row.device_id,
            record_id=row.record_id,
            seq=row.seq,
            sha256=row.sha256,
            size=row.size,
            kid=row.kid,
        )

    @staticmethod
    def _record(row: Any) -> StoredRecord:
        return StoredRecord(
            record_id=row.record_id,
            device_id=row.device_id,
            seq=row.seq,
            kid=row.kid,
            sha256=row.sha256,
            size=row.size,
            state=RecordState(row.state),
            reason=row.reason,
            message=row.message,
            received_at=row.received_at,
            receipt=json.loads(row.receipt),
        )

    def record(self, device_id: str, record_id: str) -> StoredRecord | None:
        with self._read() as conn:
            row = conn.execute(_RECORD, {"device_id": device_id, "record_id": record_id}).first()
        return None if row is None else self._record(row)

    def records_by_id(self, device_id: str, record_ids: Iterable[str]) -> dict[str, StoredRecord]:
        """This device's held records among ``record_ids``: one query per page, not per record."""
        wanted = sorted(set(record_ids))
        found: dict[str, StoredRecord] = {}
        with self._read() as conn:
            for start in range(0, len(wanted), _IDS_PER_QUERY):
                chunk = wanted[start : start + _IDS_PER_QUERY]
                query = sa.select(records).where(
                    records.c.device_id == device_id, records.c.record_id.in_(chunk)
                )
                for row in conn.execute(query):
                    found[row.record_id] = self._record(row)
        return found

    def referenced_blobs(self, names: Iterable[str]) -> set[str]:
        """Which of these blob names a stored record points at (as of now: no lock held)."""
        wanted = list(names)
        with self._read() as conn:
            return self._referenced(conn, wanted)

    @staticmethod
    def _referenced(conn: Connection, wanted: Sequence[str]) -> set[str]:
        held: set[str] = set()
        for start in range(0, len(wanted), _IDS_PER_QUERY):
            chunk = wanted[start : start + _IDS_PER_QUERY]
            held.update(
                conn.execute(sa.select(records.c.sha256).where(records.c.sha256.in_(chunk)))
                .scalars()
                .all()
            )
        return held

    def delete_unreferenced(self, names: Sequence[str], delete: Callable[[str], None]) -> list[str]:
        """Call ``delete`` on each of these blobs no record points at; the ones deleted.

        Blobs are shared by content, and a record's blob is written before its record is
        committed; so the references are looked up, and the blobs deleted, while no
        record can be committed: under the lock every record's commit takes too (SQLite:
        the database's write lock; PostgreSQL: ``_BLOB_LOCK`` exclusive, the commits'
        shared).  A record committed before this sees its reference counted here; one
        committed after finds its blob gone and writes it again (``add_record``).
        """
        if not names:
            return []
        with self._write() as conn:
            if self.is_sqlite:
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            else:
                conn.execute(sa.select(sa.func.pg_advisory_xact_lock(*_BLOB_LOCK)))
            held = self._referenced(conn, names)
            gone = [name for name in names if name not in held]
            for name in gone:
                delete(name)
        return gone

    def devices_holding(self, record_id: str) -> list[str]:
        """The devices that stored a record with this id (an operator names a record by it)."""
        with self._read() as conn:
            rows = conn.execute(
                sa.select(records.c.device_id)
                .where(records.c.record_id == record_id)
                .order_by(records.c.device_id)
            ).all()
        return [row.device_id for row in rows]

    def records(self) -> list[StoredRecord]:
        with self._read() as conn:
            rows = conn.execute(sa.select(records).order_by(records.c.received_at)).all()
        return [self._record(row) for row in rows]

    def last_received(self) -> dict[str, str]:
        """Each enrolled laptop's newest record's ``received_at``; a laptop with none is absent.

        The console's Laptop, Beranda and Versi pages ask on every load.  A subquery per
        laptop, each one seek of ``ix_records_device_received`` on SQLite and PostgreSQL
        alike, so the answer costs the same at a million records as at ten, where
        reading every record took seconds (issue 46).  ``received_at`` is fixed-width
        UTC text (``service.iso``), so the database's MAX is the newest time.
        """
        newest = (
            sa.select(sa.func.max(records.c.received_at))
            .where(records.c.device_id == devices.c.device_id)
            .scalar_subquery()
        )
        with self._read() as conn:
            rows = conn.execute(sa.select(devices.c.device_id, newest.label("newest"))).all()
        return {row.device_id: row.newest for row in rows if row.newest is not None}

    def add_record(
        self,
        record: StoredRecord,
        signature: str,
        history: list[str],
        *,
        ensure_blob: Callable[[], None] | None = None,
        place: RecordPlace | None = None,
        search: Sequence[tuple[str, str]] = (),
    ) -> Added:
        """Store a record, its receipt and its first states, unless it is already there.

        The device is checked in the same transaction, so a laptop revoked while its
        upload was being verified and written gets nothing stored.  On SQLite, uploads
        that finish together share one commit (``GroupCommit``): each still returns
        only once its own rows are durable.

        ``ensure_blob`` is called after the record's rows are written and before they
        are committed, under the lock that blob deletions take (``delete_unreferenced``):
        a sweep that deleted the blob since it was written has finished, and none can
        begin until this commits.  So a record is never committed without its blob, and
        its blob is never deleted once it is committed.
        """
        new = NewRecord(record, signature, tuple(history), ensure_blob, place, tuple(search))
        if self._group is not None:
            return self._group.submit(new)
        return self._add_records([new])[0]

    def _add_one(self, new: NewRecord) -> Added:
        return self._add_records([new])[0]

    def _add_records(self, batch: Sequence[NewRecord]) -> list[Added]:
        """One transaction for the batch; a race lost on a record id is not an error."""
        try:
            with self._write() as conn:
                if not self.is_sqlite:  # SQLite: the first INSERT takes the write lock
                    conn.execute(sa.select(sa.func.pg_advisory_xact_lock_shared(*_BLOB_LOCK)))
                device_ids = sorted({new.record.device_id for new in batch})
                for device_id in device_ids:
                    self._serialise_device(conn, device_id)
                live = set(conn.scalars(self._live_devices, {"ids": device_ids}))
                added = [
                    self._insert_record(conn, new)
                    if new.record.device_id in live
                    else Added.DEVICE_REVOKED
                    for new in batch
                ]
                for new, outcome in zip(batch, added, strict=True):
                    if outcome is Added.STORED and new.ensure_blob is not None:
                        new.ensure_blob()
                return added
        except IntegrityError:
            if len(batch) > 1:
                raise  # GroupCommit retries each alone, so the others still get in
            return [Added.ALREADY_HELD]

    def _insert_record(self, conn: Connection, new: NewRecord) -> Added:
        record = new.record
        added = conn.execute(
            self._insert_record_stmt,
            {
                "record_id": record.record_id,
                "device_id": record.device_id,
                "seq": record.seq,
                "kid": record.kid,
                "sha256": record.sha256,
                "size": record.size,
                "record_signature": new.signature,
                "state": str(record.state),
                "reason": record.reason,
                "message": record.message,
                "received_at": record.received_at,
                "receipt": json.dumps(record.receipt, sort_keys=True),
            },
        ).first()
        if added is None:  # a concurrent upload of the same id committed first
            return Added.ALREADY_HELD
        conn.execute(
            _STATE_CHANGE,
            [
                {
                    "record_id": record.record_id,
                    "device_id": record.device_id,
                    "state": state,
                    "reason": record.reason if state == record.state else None,
                    "message": record.message if state == record.state else None,
                    "changed_at": record.received_at,
                }
                for state in new.history
            ],
        )
        if new.place is not None:
            conn.execute(
                record_places.insert().values(
                    device_id=record.device_id, record_id=record.record_id, **asdict(new.place)
                )
            )
        if new.search:
            conn.execute(
                record_search.insert(),
                [
                    {
                        "device_id": record.device_id,
                        "record_id": record.record_id,
                        "kind": kind,
                        "mac": mac,
                    }
                    for kind, mac in new.search
                ],
            )
        conn.execute(
            _DROP_ANNOUNCEMENT,
            {"a_device_id": record.device_id, "a_record_id": record.record_id},
        )
        return Added.STORED

    def set_state(
        self,
        device_id: str,
        record_id: str,
        state: RecordState,
        now: str,
        *,
        reason: Reason | None = None,
        message: str | None = None,
        also: Callable[[Connection], None] | None = None,
        expected: RecordState | None = None,
    ) -> None:
        """The record's new state and its history line; ``also`` in the same transaction.

        ``expected``: only from that state; 409 ``datacenter_state_changed`` when something
        else (a search, another operator) moved the record since the caller read it.
        """
        why = None if reason is None else str(reason)
        where = [records.c.device_id == device_id, records.c.record_id == record_id]
        if expected is not None:
            where.append(records.c.state == str(expected))
        with self._write() as conn:
            self._serialise_device(conn, device_id)
            done = conn.execute(
                records.update().where(*where).values(state=str(state), reason=why, message=message)
            )
            if (
                done.rowcount != 1
                and expected is not None
                and self._has(conn, device_id, record_id)
            ):
                raise DataCenterError(
                    409,
                    Reason.INVALID_REQUEST,
                    code="datacenter_state_changed",
                    params={"record_id": record_id, "expected": str(expected)},
                )
            if done.rowcount != 1:
                raise DataCenterError(404, Reason.RECORD_UNKNOWN, params={"record_id": record_id})
            conn.execute(
                state_changes.insert().values(
                    record_id=record_id,
                    device_id=device_id,
                    state=str(state),
                    reason=why,
                    message=message,
                    changed_at=now,
                )
            )
            if also is not None:
                also(conn)

    def move_state_in(
        self,
        conn: Connection,
        device_id: str,
        record_id: str,
        state: RecordState,
        now: str,
        *,
        expected: RecordState,
    ) -> None:
        """:meth:`set_state`'s change inside the caller's transaction, for many records at once.

        The caller holds the laptop's lock (:meth:`writing_alone`), so the history lines'
        cursors become visible in order, as :meth:`set_state` keeps them.  The record moves
        only from ``expected``; 409 ``datacenter_state_changed`` (and the caller's whole
        transaction rolled back) when it is no longer there.
        """
        done = conn.execute(
            records.update()
            .where(
                records.c.device_id == device_id,
                records.c.record_id == record_id,
                records.c.state == str(expected),
            )
            .values(state=str(state), reason=None, message=None)
        )
        if done.rowcount != 1:
            raise DataCenterError(
                409,
                Reason.INVALID_REQUEST,
                code="datacenter_state_changed",
                params={"record_id": record_id, "expected": str(expected)},
            )
        conn.execute(
            state_changes.insert().values(
                record_id=record_id,
                device_id=device_id,
                state=str(state),
                reason=None,
                message=None,
                changed_at=now,
            )
        )

    def add_review(
        self,
        device_id: str,
        record_id: str,
        review: dict[str, Any],
        *,
        signature: str,
        sealed: tuple[str, str],
        now: str,
    ) -> None:
        """Keep a record's signed decision; the first one kept stays (re-sends are idempotent).

        ``sealed`` is its document sealed to the data center's key, ``(kid, base64)``
        (``sync.server.intake.reviews.seal_document``): the note is never written here in the clear.
        """
        kid, ciphertext = sealed
        insert = self._insert(record_reviews).values(
            device_id=device_id,
            record_id=record_id,
            decision=str(review.get("decision")),
            decided_by=str(review.get("decided_by") or "") or None,
            decided_at=str(review.get("decided_at") or "") or None,
            flags=json.dumps(review.get("flags") or []),
            signature=signature,
            received_at=now,
            sealed=ciphertext,
            kid=kid,
        )
        with self._write() as conn:
            conn.execute(insert.on_conflict_do_nothing())

    def reviews(self) -> list[dict[str, Any]]:
        """The decisions as kept: sealed (``intake.reviews`` opens them with the keys)."""
        with self._read() as conn:
            rows = conn.execute(
                sa.select(record_reviews).order_by(
                    record_reviews.c.received_at, record_reviews.c.record_id
                )
            ).all()
        return [
            {**dict(row._mapping), "flags": json.loads(row.flags)}  # noqa: SLF001 - public Row API
            for row in rows
        ]

    def seal_plaintext_reviews(self, seal: Callable[[str, str, str], tuple[str, str]]) -> int:
        """Seal the decisions an earlier release kept in the clear, and empty those columns.

        ``seal(device_id, record_id, document)`` turns a document (base64, as kept) into
        ``(kid, sealed)``.  One transaction: a crash leaves every decision either sealed or
        still in the clear, never lost.  Then the clear bytes are scrubbed from the
        database's files too (``_scrub``).  Returns how many were sealed.
        """
        query = sa.select(
            record_reviews.c.device_id, record_reviews.c.record_id, record_reviews.c.document
        ).where(record_reviews.c.document.is_not(None))
        if not self.is_sqlite:  # two workers starting at once seal each decision once
            query = query.with_for_update()
        with self._write() as conn:
            rows = conn.execute(query).all()
            for row in rows:
                kid, sealed = seal(row.device_id, row.record_id, row.document)
                conn.execute(
                    record_reviews.update()
                    .where(
                        record_reviews.c.device_id == row.device_id,
                        record_reviews.c.record_id == row.record_id,
                    )
                    .values(sealed=sealed, kid=kid, document=None, note=None)
                )
        if rows:
            self._scrub()
        return len(rows)

    def _scrub(self) -> None:
        """Leave no copy of emptied columns in the database's files, as far as the engine lets.

        SQLite zeroes what is deleted (``secure_delete``, set on every connection), but
        the write-ahead log still holds pages written before; a checkpoint that
        truncates it removes them.  PostgreSQL keeps a row's old versions in the table
        until the table is rewritten: ``VACUUM FULL`` rewrites it (a small table).
        """
        if self.is_sqlite:
            with self.engine.connect() as conn:
                busy = conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").scalar()
            if busy:
                log.warning("the database is being read: its write-ahead log is cut later")
            return
        with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql(f"VACUUM FULL {record_reviews.name}")

    def changes(self, device_id: str, since: int, limit: int) -> list[StateChange]:
        with self._read() as conn:
            rows = conn.execute(
                sa.select(state_changes)
                .where(state_changes.c.device_id == device_id, state_changes.c.cursor > since)
                .order_by(state_changes.c.cursor)
                .limit(limit)
            ).all()
        return [
            StateChange(
                cursor=row.cursor,
                record_id=row.record_id,
                state=RecordState(row.state),
                reason=row.reason,
                message=row.message,
                changed_at=row.changed_at,
            )
            for row in rows
        ]

    def add_conflict(
        self, record_id: str, device_id: str, stored: str, offered: str, now: str
    ) -> None:
        insert = self._insert(conflicts).values(
            record_id=record_id,
            device_id=device_id,
            stored_sha256=stored,
            offered_sha256=offered,
            seen_at=now,
        )
        # The latest offer and a count, in the one row of this record.
        upsert = insert.on_conflict_do_update(
            index_elements=[conflicts.c.device_id, conflicts.c.record_id],
            set_={
                "offered_sha256": insert.excluded.offered_sha256,
                "seen_at": insert.excluded.seen_at,
                "times": conflicts.c.times + 1,
            },
        )
        with self._write() as conn:
            conn.execute(upsert)

    def conflicts(self) -> list[dict[str, Any]]:
        with self._read() as conn:
            rows = conn.execute(sa.select(conflicts).order_by(conflicts.c.id)).all()
        return [dict(row._mapping) for row in rows]  # noqa: SLF001 - SQLAlchemy's public Row API

    # --- the audit anchors (``fieldkit.audit``) ------------------------------------

    @staticmethod
    def _audit_state(conn: Connection, device_id: str) -> AuditState:
        epoch = conn.execute(
            sa.select(audit_epochs.c.epoch).where(audit_epochs.c.device_id == device_id)
        ).scalar()
        current = int(epoch or 0)
        rows = conn.execute(
            sa.select(audit_anchors)
            .where(audit_anchors.c.device_id == device_id, audit_anchors.c.epoch == current)
            .order_by(audit_anchors.c.seq)
        ).all()
        anchors = [
            StoredAnchor(r.device_id, int(r.epoch), int(r.seq), r.hash, r.anchored_at, r.signature)
            for r in rows
        ]
        return AuditState(device_id, current, anchors)

    def counts(self) -> Counts:
        with self._read() as conn:
            revoked = devices.c.revoked_at.is_not(None)
            by_device = conn.execute(
                sa.select(revoked.label("revoked"), sa.func.count()).group_by(revoked)
            ).all()
            by_state = conn.execute(
                sa.select(records.c.state, sa.func.count()).group_by(records.c.state)
            ).all()
        laptops = {"enrolled": 0, "revoked": 0}
        for is_revoked, n in by_device:
            laptops["revoked" if is_revoked else "enrolled"] += int(n)
        return Counts(laptops, {str(state): int(n) for state, n in by_state})

    def schema_revision(self) -> str | None:
        """The database's schema revision, read now (a real query: readiness uses it)."""
        with self._read() as conn:
            return current_revision(conn)

    def audit_state(self, device_id: str) -> AuditState:
        with self._read() as conn:
            return self._audit_state(conn, device_id)

    def check_audit(
        self,
        device_id: str,
        decide: Callable[[AuditState], AuditDecision],
        *,
        via: str,
        now: str,
    ) -> tuple[AuditState, AuditDecision]:
        """Read a laptop's anchors, let ``decide`` judge its head, and keep the verdict: one step.

        One transaction with the device serialised, so two syncs of one laptop at once
        (the window and the CLI, or a push beside a stick's import) cannot both judge
        against the same old anchor.
        """
        with self._write() as conn:
            self._serialise_device(conn, device_id)
            state = self._audit_state(conn, device_id)
            decision = decide(state)
            if decision.anchor is not None:
                conn.execute(
                    self._insert(audit_anchors)
                    .values(**asdict(decision.anchor))
                    .on_conflict_do_nothing(
                        index_elements=[
                            audit_anchors.c.device_id,
                            audit_anchors.c.epoch,
                            audit_anchors.c.seq,
                        ]
                    )
                )
            for finding in decision.findings:
                conn.execute(
                    self._insert(audit_findings)
                    .values(
                        device_id=device_id,
                        epoch=state.epoch,
                        problem=finding.problem,
                        seq=finding.seq,
                        detail=finding.detail,
                        via=via,
                        found_at=now,
                    )
                    .on_conflict_do_nothing(
                        index_elements=[
                            audit_findings.c.device_id,
                            audit_findings.c.epoch,
                            audit_findings.c.problem,
                            audit_findings.c.seq,
                        ]
                    )
                )
        return state, decision

    def audit_findings(self, *, include_acknowledged: bool = False) -> list[dict[str, Any]]:
        query = sa.select(audit_findings).order_by(audit_findings.c.id)
        if not include_acknowledged:
            query = query.where(audit_findings.c.acknowledged_at.is_(None))
        with self._read() as conn:
            rows = conn.execute(query).all()
        return [dict(row._mapping) for row in rows]  # noqa: SLF001 - SQLAlchemy's public Row API

    def devices_with_findings(self) -> set[str]:
        """The laptops with a finding not yet acknowledged: each once, whatever their count."""
        query = (
            sa.select(audit_findings.c.device_id)
            .where(audit_findings.c.acknowledged_at.is_(None))
            .distinct()
        )
        with self._read() as conn:
            return set(conn.execute(query).scalars())

    def acknowledge_audit(
        self,
        device_id: str,
        reason: str,
        now: str,
        *,
        also: Callable[[Connection, int], None] | None = None,
    ) -> int:
        """The office accepts the laptop's history as it is now: the next epoch, findings closed.

        ``also(conn, epoch)`` runs in the same transaction: the console writes its audit
        line there, so an acknowledgement is never made without the name of who made it.
        """
        with self._write() as conn:
            self._serialise_device(conn, device_id)
            if conn.execute(_DEVICE, {"device_id": device_id}).first() is None:
                raise DataCenterError(
                    404,
                    Reason.DEVICE_UNKNOWN,
                    code="datacenter_device_unknown",
                    params={"device_id": device_id},
                )
            epoch = self._audit_state(conn, device_id).epoch + 1
            upsert = self._insert(audit_epochs).values(
                device_id=device_id, epoch=epoch, changed_at=now, reason=reason
            )
            conn.execute(
                upsert.on_conflict_do_update(
                    index_elements=[audit_epochs.c.device_id],
                    set_={"epoch": epoch, "changed_at": now, "reason": reason},
                )
            )
            conn.execute(
                audit_findings.update()
                .where(
                    audit_findings.c.device_id == device_id,
                    audit_findings.c.acknowledged_at.is_(None),
                )
                .values(acknowledged_at=now, acknowledgement=reason)
            )
            if also is not None:
                also(conn, epoch)
        return epoch


# --- the schema's migrations (Alembic, ``sync/server/migrations``) --------------------

#: Tables of the schema as ``create_all`` made it before migrations (revision 0001), and
#: the audit tables revision 0002 adds: how an office's existing database is recognised.
_BASELINE_TABLES = frozenset(
    {"enroll_codes", "devices", "announcements", "records", "state_changes"}
    | {"record_reviews", "conflicts"}
)
_AUDIT_TABLES = frozenset({"audit_anchors", "audit_findings", "audit_epochs"})


def _alembic_config() -> Any:
    from alembic.config import Config  # noqa: PLC0415 - only to migrate

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent.with_name("migrations")))
    return config


def known_revisions() -> list[str]:
    """The revisions this code knows, oldest first."""
    return list(_known_revisions())


@functools.cache
def _known_revisions() -> tuple[str, ...]:
    """The revisions, read once a process: the scripts ship with the code.

    Reading them costs 10 ms of the interpreter each time, which ``/v1/ready`` paid on
    every call (issue 46).
    """
    from alembic.script import ScriptDirectory  # noqa: PLC0415 - only to migrate

    script = ScriptDirectory.from_config(_alembic_config())
    return tuple(rev.revision for rev in reversed(list(script.walk_revisions())))


@functools.cache
def newest_revision_by_name() -> str:
    """The newest revision, read from the scripts' names (``0012_office_holidays.py``).

    Why not Alembic's walk: importing Alembic and reading every script is a fifth of a
    command's start-up, and every ``fieldkit-datacenter`` command opens the store.  The
    scripts are numbered in order and each is its number's revision; a test holds this to
    Alembic's own head.
    """
    versions = Path(__file__).parent.with_name("migrations") / "versions"
    return max(path.name.split("_", 1)[0] for path in versions.glob("[0-9]*_*.py"))


def _stored_revision(conn: Connection) -> str | None:
    """The revision the database says it has, read with plain SQL (None: not stamped)."""
    if not sa.inspect(conn).has_table("alembic_version"):
        return None
    found = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalars().all()
    return found[0] if len(found) == 1 else None


def current_revision(conn: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext  # noqa: PLC0415 - only to migrate

    return MigrationContext.configure(conn).get_current_revision()


def migrate(conn: Connection) -> None:
    """Bring the database to this code's schema, inside the caller's transaction.

    An empty database gets every revision.  A database made before migrations (by
    ``create_all``, every office's until now) is recognised by its tables and stamped
    with the revision it matches, then upgraded.  A database whose revision this code
    does not know was made by a newer release: refused, and nothing is touched.
    """
    if _stored_revision(conn) == newest_revision_by_name():
        return  # every command opens the store: most find it current, without Alembic
    from alembic import command  # noqa: PLC0415 - only to migrate

    config = _alembic_config()
    config.attributes["connection"] = conn
    revision = current_revision(conn)
    known = known_revisions()
    if revision is not None and revision not in known:
        raise DataCenterError(
            500,
            Reason.INTERNAL_ERROR,
            code="datacenter_database_newer",
            params={"revision": revision, "known": known[-1]},
        )
    if revision is None:
        tables = set(sa.inspect(conn).get_table_names())
        if tables >= _BASELINE_TABLES:
            stamp = "0002" if tables >= _AUDIT_TABLES else "0001"
            command.stamp(config, stamp)
    command.upgrade(config, "head")
    after = current_revision(conn)
    if after != revision:
        log.info("database schema migrated from %s to %s", revision or "nothing", after)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """WAL lets readers run beside the writer; FULL sync makes each commit durable.

    ``secure_delete`` zeroes what is deleted or overwritten instead of leaving it in
    the file's free space: a column emptied of personal data (a note sealed by
    ``seal_plaintext_reviews``) is then gone from the file, not merely unreferenced.
    """
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()
