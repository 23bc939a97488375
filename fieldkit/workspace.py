"""An unlocked data directory: the keyring, the store and the officer at the keyboard.

A :class:`Workspace` is the session: login, the idle lock, switching officer, the
store's health.  It sits below every feature: finishing what a crash interrupted
is the login step's work (:mod:`fieldkit.login`), not the session's.  The user
actions are plain functions in ``fieldkit`` that take one (officer and card
administration is :class:`fieldkit.accounts.Accounts`), so the GUI's buttons,
the CLI and the tests call the same code, and each change commits together with
its audit event.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import logging
import os
import tempfile
import time
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Self

import sqlalchemy as sa

from fieldkit import audit, laptop_defaults, office_sent, paths, regions
from fieldkit._version import __version__
from fieldkit.errors import AuthError, AuthReason, InvalidInput, StoreError, StoreReason
from fieldkit.events import EventBus
from fieldkit.officers import (
    OfficerInfo,
    Role,
    check_full_name,
    check_new_password,
    check_username,
    require_role,
)
from fieldkit.permissions import ADMINISTRATORS, AUDIT_READERS
from fieldkit.store import database, keyring
from fieldkit.store.keyring import KdfParams, Keyring
from fieldkit.store.models import Officer, Setting
from fieldkit.training import TRAINING_STORE

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from sqlalchemy.orm import Session

    from fieldkit.store.database import Backup, IntegrityReport, Store

log = logging.getLogger(__name__)

DEFAULT_IDLE_MINUTES = laptop_defaults.IDLE_MINUTES


def ensure_writable(directory: Path) -> None:
    """Fail early and clearly instead of half-way through a write."""
    try:
        if not directory.exists():
            directory.mkdir(parents=True, mode=paths.PRIVATE_DIR_MODE)
        paths.make_private(directory)
        fd, probe = tempfile.mkstemp(dir=directory, prefix=".write-probe-")
        os.close(fd)
        Path(probe).unlink()
    except OSError as exc:
        raise keyring.os_error_to_store_error(exc, directory) from exc


class IdleLock:
    """Locks the screen after inactivity without closing anything, so no work is lost."""

    def __init__(self, timeout: dt.timedelta, clock: Callable[[], float] = time.monotonic) -> None:
        self.timeout = timeout
        self._clock = clock
        self._last_activity = clock()
        self.locked = False

    def touch(self) -> None:
        if not self.locked:
            self._last_activity = self._clock()

    def seconds_idle(self) -> float:
        return self._clock() - self._last_activity

    def due(self) -> bool:
        return not self.locked and self.seconds_idle() >= self.timeout.total_seconds()


class Workspace:
    def __init__(self, directory: Path, ring: Keyring, store: Store, officer: OfficerInfo) -> None:
        self.directory = directory
        self.keyring = ring
        self.store = store
        self.officer = officer
        self.events = EventBus()
        self.idle = IdleLock(dt.timedelta(minutes=self.setting_int("idle_timeout_minutes")))

    # --- opening ----------------------------------------------------------------

    @classmethod
    def init(
        cls,
        directory: Path,
        *,
        office_code: str,
        username: str,
        full_name: str,
        role: Role,
        password: str,
        kdf: KdfParams | None = None,
        training: bool = False,
    ) -> Workspace:
        """A new store; ``training`` makes a training store (see :mod:`fieldkit.training`)."""
        office_code = regions.check_office_code(office_code)
        check_username(username)
        full_name = check_full_name(full_name)
        check_new_password(password)
        ensure_writable(directory)
        if (directory / keyring.KEYRING_FILE).exists():
            raise StoreError(
                StoreReason.ALREADY_INITIALISED,
                path=directory,
            )
        _set_aside_orphan_store(directory)
        db_key = keyring.new_db_key()
        store = database.create_store(directory, db_key)
        ring = Keyring.new(store_id=str(uuid.uuid4()), office_code=office_code)
        ring.add_slot(username, password, db_key, kdf)
        ring.last_officer = username
        now = dt.datetime.now(dt.UTC)
        try:
            with store.transaction() as session:
                session.add(
                    Officer(
                        username=username,
                        full_name=full_name,
                        role=role.value,
                        active=True,
                        created_at=now,
                    )
                )
                _put_setting(session, "office_code", office_code)
                _put_setting(session, "store_id", ring.store_id)
                if training:
                    _put_setting(session, TRAINING_STORE, "1")
                audit.append(
                    session,
                    username,
                    "store.created",
                    ring.store_id,
                    {"version": __version__, "training": training},
                )
                audit.append(session, username, "officer.created", username, {"role": role.value})
            keyring.save(directory, ring)
        except BaseException:
            store.close()
            raise
        log.info("store created for office %s", office_code)
        officer = OfficerInfo(username, full_name, role, active=True, created_at=now)
        return cls(directory, ring, store, officer)

    @classmethod
    def login(cls, directory: Path, username: str, password: str) -> Workspace:
        """Open the session only: the login paths use :func:`fieldkit.login.log_in`."""
        with keyring.exclusive(directory):
            ring = keyring.load(directory)
            ensure_writable(directory)
            try:
                keys = ring.unlock(username, password)
            finally:
                keyring.save(directory, ring)
            return cls._open_session(directory, ring, keys, username, "officer.login")

    @classmethod
    def login_with_card(cls, directory: Path, uid: bytes, login_secret: bytes) -> Workspace:
        """Log in with a staff card's secret (released by the card after its PIN)."""
        with keyring.exclusive(directory):
            ring = keyring.load(directory)
            ensure_writable(directory)
            try:
                username, keys = ring.unlock_with_card(uid, login_secret)
            finally:
                keyring.save(directory, ring)
            return cls._open_session(directory, ring, keys, username, "officer.login_card")

    @classmethod
    def _open_session(
        cls, directory: Path, ring: Keyring, keys: list[bytes], username: str, action: str
    ) -> Workspace:
        store = _open_with_rotation_recovery(directory, ring, keys)
        try:
            with store.transaction() as session:
                officer = _active_officer(session, username)
                audit.append(session, username, action)
        except BaseException:
            store.close()
            raise
        log.info("officer logged in (role %s)", officer.role.value)
        return cls(directory, ring, store, officer)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        with self.store.transaction() as session:
            yield session

    # --- idle lock -----------------------------------------------------------------

    def lock(self) -> None:
        self.idle.locked = True

    def unlock(self, password: str) -> None:
        """Check the password again; the store stays open throughout, so no work is lost."""
        with keyring.exclusive(self.directory):
            self.reload_keyring()
            try:
                self.keyring.verify_password(self.officer.username, password)
            finally:
                keyring.save(self.directory, self.keyring)
        self._unlocked()

    @property
    def has_card(self) -> bool:
        """Whether this officer has bound a staff card (the lock then offers it)."""
        slot = self.keyring.slot_for(self.officer.username)
        return slot is not None and bool(slot.card_wrapped)

    def unlock_with_card(self, uid: bytes, login_secret: bytes) -> None:
        """The idle lock opened with the officer's own staff card (the card checked its PIN).

        Another officer's card opens nothing here: the session is this officer's.
        """
        with keyring.exclusive(self.directory):
            self.reload_keyring()
            last = self.keyring.last_officer
            try:
                username, _keys = self.keyring.unlock_with_card(uid, login_secret)
                if username != self.officer.username:
                    self.keyring.last_officer = last
                    raise AuthError(
                        AuthReason.CARD_OF_ANOTHER_OFFICER,
                        params={"username": self.officer.username},
                    )
            finally:
                keyring.save(self.directory, self.keyring)
        self._unlocked()

    def card_owner(self, uid: bytes, login_secret: bytes) -> OfficerInfo:
        """The active officer a staff card belongs to, checked as the idle lock checks it.

        For a second officer's countersign (``enrollment.cosign``): the card released
        ``login_secret`` after its PIN, the keyring's card slot proves the card is the
        one bound to that officer on this laptop, and a failure counts toward that
        officer's lockout, as at login.  The session stays this officer's.
        """
        with keyring.exclusive(self.directory):
            self.reload_keyring()
            last = self.keyring.last_officer
            try:
                username, _keys = self.keyring.unlock_with_card(uid, login_secret)
            finally:
                self.keyring.last_officer = last  # nobody logged in: the next login's name
                keyring.save(self.directory, self.keyring)
        with self.transaction() as session:
            return _active_officer(session, username)

    def switch_officer(self, username: str, password: str) -> OfficerInfo:
        """Another officer of the team takes the laptop (Ganti pengguna), from the lock.

        The petugas and the ketua tim take turns on one laptop in the field: quitting
        and starting again would cost minutes and close the devices.  The newcomer's
        own password is checked (a failure counts toward their lockout, as at login),
        their account must be active, and the switch is an audit event naming both.
        Drafts stay as they are: they are saved at every step, and resumable by anyone.
        """
        with keyring.exclusive(self.directory):
            self.reload_keyring()
            try:
                self.keyring.verify_password(username, password)
            finally:
                keyring.save(self.directory, self.keyring)
            with self.transaction() as session:
                officer = _active_officer(session, username)
                audit.append(
                    session, username, "officer.switch", username, {"from": self.officer.username}
                )
            previous, self.officer = self.officer, officer
            self.keyring.last_officer = username
            keyring.save(self.directory, self.keyring)
        log.info("officer switched (role %s to %s)", previous.role.value, officer.role.value)
        self._unlocked()
        return officer

    def _unlocked(self) -> None:
        self.idle.locked = False
        self.idle.touch()

    # --- settings ------------------------------------------------------------------

    def setting_int(self, key: str) -> int:
        defaults = {"idle_timeout_minutes": DEFAULT_IDLE_MINUTES}
        with self.transaction() as session:
            row = session.get(Setting, key)
            return int(row.value) if row is not None else defaults[key]

    def set_idle_timeout(self, minutes: int) -> None:
        require_role(self.officer, *ADMINISTRATORS)
        if not 1 <= minutes <= 120:  # noqa: PLR2004 - bounds are the policy
            raise InvalidInput(code="idle_lock_range")
        with self.transaction() as session:
            office_sent.refuse_above(session, "idle_timeout_minutes", minutes)
            _put_setting(session, "idle_timeout_minutes", str(minutes))
            audit.append(
                session,
                self.officer.username,
                "settings.changed",
                None,
                {"idle_timeout_minutes": minutes},
            )
        self.idle.timeout = dt.timedelta(minutes=minutes)

    # --- store -----------------------------------------------------------------------

    def verify_audit(self) -> audit.VerifyResult:
        """The chain, and the chain against the data center's anchors kept beside the store."""
        with self.transaction() as session:
            anchors = audit.load_anchors(self.directory, audit.receipt_key(session))
            return audit.verify(session, anchors)

    def recent_audit(self, limit: int = 50) -> list[dict[str, object]]:
        """The latest events, newest first, for a person to read (``fieldkit audit list``).

        Who did what, to which record and officer: the office's to read (``AUDIT_READERS``).
        Whether the chain is intact (:meth:`verify_audit`) names no one: everyone's.
        """
        require_role(self.officer, *AUDIT_READERS)
        with self.transaction() as session:
            return [
                {
                    "seq": e.seq,
                    "at": e.occurred_at,
                    "actor": e.actor,
                    "action": e.action,
                    "record_id": e.record_id,
                    "details": e.details,
                }
                for e in audit.recent(session, limit)
            ]

    def backup(self) -> Backup:
        backup = self.store.backup()
        with self.transaction() as session:
            audit.append(
                session, self.officer.username, "store.backup", None, {"file": backup.path.name}
            )
        return backup

    def check(self) -> IntegrityReport:
        return self.store.check()

    # --- internals -------------------------------------------------------------------

    def reload_keyring(self) -> None:
        """Re-read before changing: another login (or the CLI) may have moved the counters."""
        self.keyring = keyring.load(self.directory)


def _open_with_rotation_recovery(directory: Path, ring: Keyring, keys: list[bytes]) -> Store:
    """Open with the current key; after a crash mid-rotation, the staged key is the right one."""
    current, *pending = keys
    try:
        store = database.open_store(directory, current)
    except StoreError as error:
        if error.reason is not StoreReason.CORRUPTED or not pending:
            raise
    else:
        if pending:  # the crash came before the re-key: the staged key was never used
            ring.abandon_rotation()
            keyring.save(directory, ring)
        return store
    store = database.open_store(directory, pending[0])
    ring.commit_rotation()
    keyring.save(directory, ring)
    log.warning("finished a store key rotation that had been interrupted")
    return store


def _active_officer(session: Session, username: str) -> OfficerInfo:
    row = session.execute(
        sa.select(Officer).where(Officer.username == username)
    ).scalar_one_or_none()
    if row is None or not row.active:
        raise AuthError(AuthReason.DISABLED)
    return OfficerInfo.from_row(row)


def _put_setting(session: Session, key: str, value: str) -> None:
    session.merge(Setting(key=key, value=value))


def _set_aside_orphan_store(directory: Path) -> None:
    """A store without a keyring (a crash during init) is kept aside, never overwritten."""
    orphan = directory / database.DB_FILE
    if not orphan.exists():
        return
    aside = directory / database.DAMAGED_DIR
    try:
        aside.mkdir(exist_ok=True)
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        for suffix in ("", "-wal", "-shm"):
            side = directory / (database.DB_FILE + suffix)
            if side.exists():
                side.replace(aside / f"orphan-{stamp}.db{suffix}")
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            raise keyring.os_error_to_store_error(exc, directory) from exc
        raise
    log.warning("an earlier store without a keyring was moved to %s", aside)
