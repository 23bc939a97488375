"""Officer key slots that unlock the store's database key.

The database is encrypted with one random 256-bit key.  Each officer has a
slot holding an X25519 key pair: the private half is wrapped with a key
derived from the officer's password (Argon2id), and the database key is
sealed to the public half with HPKE.  So:

* any officer of the team can unlock the store with their own password;
* an admin who has the store open can add an officer, or rotate the
  database key after disabling one, without knowing anyone else's password
  (sealing needs only public keys);
* the disk alone reveals nothing: no slot opens without a password;
* an officer may also bind a staff card: the slot then holds a second wrapping
  of the same private key (with the username, which the slots otherwise do not
  name) under a key derived from the secret the card releases only after its
  PIN, and a salted hash of the card's UID to find the slot.  The card counts
  wrong PINs itself; a forged secret counts towards the lockout here.

The file also carries the lockout counters, because they must be checked
before the database can be opened.  Anyone with the disk can reset them;
the lockout is an online control against guessing at the keyboard, and
Argon2id is the control against offline guessing.  docs/security.md has the
whole scheme.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import errno
import hashlib
import json
import logging
import secrets
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NoReturn

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, hpke, serialization
from cryptography.hazmat.primitives.asymmetric import x25519
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from filelock import FileLock, Timeout

from fieldkit import kdf as argon2
from fieldkit.durable import atomic_write
from fieldkit.errors import AuthError, AuthReason, InvalidInput, StoreError, StoreReason

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

log = logging.getLogger(__name__)

KEYRING_FORMAT = 1
MAX_FAILED_LOGINS = 5
LOCKOUT = dt.timedelta(minutes=5)
DB_KEY_BYTES = 32

_HPKE = hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM)


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost; stored per slot so it can be raised without a migration."""

    memory_kib: int = 64 * 1024
    iterations: int = 3
    lanes: int = 4

    def derive(self, password: str, salt: bytes) -> bytes:
        """The slot's wrapping key; through :mod:`fieldkit.kdf`, one derivation at a time."""
        return argon2.derive(
            password.encode("utf-8"),
            salt=salt,
            length=32,
            iterations=self.iterations,
            lanes=self.lanes,
            memory_kib=self.memory_kib,
        )


#: Cheap parameters for test fixtures that create many officers.  Never used
#: by the CLI or the app, which always take the defaults.
TEST_KDF = KdfParams(memory_kib=8 * 1024, iterations=1, lanes=1)


@dataclass
class Slot:
    slot_id: str
    kdf: KdfParams
    salt: bytes
    public_key: bytes
    wrapped_private_key: bytes  # nonce || AES-GCM ciphertext
    sealed_db_key: bytes  # HPKE enc || ciphertext
    key_version: int
    failed_attempts: int = 0
    locked_until: dt.datetime | None = None
    disabled: bool = False
    #: The next database key while a rotation is under way; see :meth:`Keyring.stage_rotation`.
    pending_sealed_db_key: bytes = b""
    #: A bound staff card: its UID's salted hash, the HKDF salt, and the private key
    #: plus the username wrapped under the card's login secret (all empty when none).
    card_uid_hash: bytes = b""
    card_salt: bytes = b""
    card_wrapped: bytes = b""

    def to_json(self) -> dict[str, Any]:
        return {
            "kdf": {
                "name": "argon2id",
                "memory_kib": self.kdf.memory_kib,
                "iterations": self.kdf.iterations,
                "lanes": self.kdf.lanes,
            },
            "salt": _b64(self.salt),
            "public_key": _b64(self.public_key),
            "wrapped_private_key": _b64(self.wrapped_private_key),
            "sealed_db_key": _b64(self.sealed_db_key),
            "key_version": self.key_version,
            "failed_attempts": self.failed_attempts,
            "locked_until": self.locked_until.isoformat() if self.locked_until else None,
            "disabled": self.disabled,
            "pending_sealed_db_key": _b64(self.pending_sealed_db_key),
            "card_uid_hash": _b64(self.card_uid_hash),
            "card_salt": _b64(self.card_salt),
            "card_wrapped": _b64(self.card_wrapped),
        }

    @classmethod
    def from_json(cls, slot_id: str, raw: dict[str, Any]) -> Slot:
        kdf = raw["kdf"]
        if kdf["name"] != "argon2id":
            raise ValueError(f"unknown KDF {kdf['name']!r}")
        locked = raw.get("locked_until")
        return cls(
            slot_id=slot_id,
            kdf=KdfParams(int(kdf["memory_kib"]), int(kdf["iterations"]), int(kdf["lanes"])),
            salt=_unb64(raw["salt"]),
            public_key=_unb64(raw["public_key"]),
            wrapped_private_key=_unb64(raw["wrapped_private_key"]),
            sealed_db_key=_unb64(raw["sealed_db_key"]),
            key_version=int(raw["key_version"]),
            failed_attempts=int(raw.get("failed_attempts", 0)),
            locked_until=dt.datetime.fromisoformat(locked) if locked else None,
            disabled=bool(raw.get("disabled", False)),
            pending_sealed_db_key=_unb64(raw.get("pending_sealed_db_key", "")),
            card_uid_hash=_unb64(raw.get("card_uid_hash", "")),
            card_salt=_unb64(raw.get("card_salt", "")),
            card_wrapped=_unb64(raw.get("card_wrapped", "")),
        )


@dataclass
class Keyring:
    """The contents of ``keyring.json``; see the module docstring."""

    store_id: str
    office_code: str
    salt: bytes  # hashes usernames into slot ids, so the file does not list the team
    key_version: int
    slots: dict[str, Slot] = field(default_factory=dict)
    #: The one name the file does hold: the last officer to log in, to prefill the login
    #: (a user name, never a password or key; the person at the keyboard sees it anyway).
    last_officer: str | None = None
    #: Slot ids of officers the office added who have not made their first login yet
    #: (hashed like the slots): their login is refused with its own reason.
    pending: set[str] = field(default_factory=set)

    # --- identities ---------------------------------------------------------

    def slot_id(self, username: str) -> str:
        digest = hashlib.sha256(b"fieldkit-slot\x00" + self.salt + username.encode("utf-8"))
        return digest.hexdigest()[:32]

    def slot_for(self, username: str) -> Slot | None:
        return self.slots.get(self.slot_id(username))

    # --- slots --------------------------------------------------------------

    def add_slot(
        self, username: str, password: str, db_key: bytes, kdf: KdfParams | None = None
    ) -> Slot:
        kdf = kdf or KdfParams()
        salt = secrets.token_bytes(16)
        private = x25519.X25519PrivateKey.generate()
        public = private.public_key()
        slot = Slot(
            slot_id=self.slot_id(username),
            kdf=kdf,
            salt=salt,
            public_key=public.public_bytes_raw(),
            wrapped_private_key=_wrap(kdf.derive(password, salt), private, self._aad(username)),
            sealed_db_key=b"",
            key_version=self.key_version,
        )
        slot.sealed_db_key = _seal(db_key, public, self._info(slot.slot_id, self.key_version))
        self.slots[slot.slot_id] = slot
        return slot

    def unlock(self, username: str, password: str, now: dt.datetime | None = None) -> list[bytes]:
        """Return the database key, and the next one if a rotation was interrupted.

        Failures count towards the lockout (an empty password is refused, uncounted);
        the caller must :func:`save` the keyring afterwards either way, so the counter
        survives a restart.
        """
        now = now or _utcnow()
        slot = self.slot_for(username)
        if slot is None:
            if self.slot_id(username) in self.pending:
                raise AuthError(
                    AuthReason.UNKNOWN_OFFICER,
                    code="auth_first_login_pending",
                    params={"username": username},
                )
            raise AuthError(AuthReason.UNKNOWN_OFFICER, params={"username": username})
        self._check_usable(slot, {"username": username}, now)
        if not password:  # nothing typed is not a wrong password: not counted (issue 36)
            raise AuthError(AuthReason.NO_PASSWORD, code="auth_empty_password")
        try:
            private = self._unwrap_private(slot, username, password)
        except InvalidTag:
            self._count_failure(slot, now, {"credential": "password", "username": username})
        return self._open(slot, username, private)

    def unlock_with_card(
        self, uid: bytes, login_secret: bytes, now: dt.datetime | None = None
    ) -> tuple[str, list[bytes]]:
        """The officer a staff card belongs to, and the database key(s) its secret opens.

        Call it only with a secret the card released after its PIN.  Save the
        keyring afterwards either way, as with :meth:`unlock`.
        """
        now = now or _utcnow()
        digest = self._card_hash(uid)
        slot = next((s for s in self.slots.values() if s.card_uid_hash == digest), None)
        if slot is None or not slot.card_wrapped:
            raise AuthError(
                AuthReason.CARD_NOT_BOUND,
            )
        self._check_usable(slot, {"credential": "card"}, now)
        try:
            raw = _unwrap_bytes(self._card_kek(slot, uid, login_secret), slot.card_wrapped)
        except InvalidTag:
            self._count_failure(slot, now, {"credential": "card"})
        private = x25519.X25519PrivateKey.from_private_bytes(raw[:_X25519_BYTES])
        username = raw[_X25519_BYTES:].decode("utf-8")
        if self.slot_id(username) != slot.slot_id:
            raise StoreError(StoreReason.KEYRING_DAMAGED, code="store_card_slot_damaged")
        return username, self._open(slot, username, private)

    def bind_card(self, username: str, password: str, uid: bytes, login_secret: bytes) -> None:
        """Let this officer log in with a staff card too; the password proves it is them."""
        self.unlock(username, password)
        slot = self._require(username)
        digest = self._card_hash(uid)
        if any(s.card_uid_hash == digest for s in self.slots.values() if s is not slot):
            raise InvalidInput(
                code="card_bound_to_another_officer",
            )
        private = self._unwrap_private(slot, username, password)
        slot.card_uid_hash, slot.card_salt = digest, secrets.token_bytes(16)
        slot.card_wrapped = _wrap_bytes(
            self._card_kek(slot, uid, login_secret),
            _raw_private(private) + username.encode("utf-8"),
        )

    def unbind_card(self, username: str) -> bool:
        """Forget the officer's staff card (lost, or handed back); True if one was bound."""
        slot = self._require(username)
        bound = bool(slot.card_wrapped)
        slot.card_uid_hash = slot.card_salt = slot.card_wrapped = b""
        return bound

    def verify_password(self, username: str, password: str) -> None:
        """Check a password without needing the database (for the idle lock)."""
        self.unlock(username, password)

    def has_pending_rotation(self) -> bool:
        return any(slot.pending_sealed_db_key for slot in self.slots.values())

    def change_password(self, username: str, old_password: str, new_password: str) -> None:
        slot = self._require(username)
        private = self._unwrap_private(slot, username, old_password)
        slot.salt = secrets.token_bytes(16)
        slot.wrapped_private_key = _wrap(
            slot.kdf.derive(new_password, slot.salt), private, self._aad(username)
        )

    def reset_password(
        self, username: str, new_password: str, db_key: bytes, kdf: KdfParams | None = None
    ) -> None:
        """Give an officer a fresh slot; an admin does this for a forgotten password."""
        self.slots.pop(self.slot_id(username), None)
        self.add_slot(username, new_password, db_key, kdf)

    def disable(self, username: str) -> None:
        """Destroy the slot's key material; the store key should be rotated afterwards."""
        slot = self._require(username)
        slot.wrapped_private_key = b""
        slot.sealed_db_key = b""
        slot.public_key = b""
        slot.card_uid_hash = slot.card_salt = slot.card_wrapped = b""
        slot.disabled = True

    def clear_lockout(self, username: str) -> None:
        slot = self._require(username)
        slot.failed_attempts = 0
        slot.locked_until = None

    def stage_rotation(self, new_db_key: bytes) -> None:
        """Seal the next database key to every active slot, beside the current one.

        Saved before the database is re-keyed, so a crash at any point leaves
        a key that opens the store; :meth:`commit_rotation` then drops the old.
        """
        for slot in self.slots.values():
            if slot.disabled:
                continue
            public = x25519.X25519PublicKey.from_public_bytes(slot.public_key)
            info = self._info(slot.slot_id, self.key_version + 1)
            slot.pending_sealed_db_key = _seal(new_db_key, public, info)

    def abandon_rotation(self) -> None:
        for slot in self.slots.values():
            slot.pending_sealed_db_key = b""

    def commit_rotation(self) -> None:
        self.key_version += 1
        for slot in self.slots.values():
            if slot.disabled or not slot.pending_sealed_db_key:
                continue
            slot.sealed_db_key = slot.pending_sealed_db_key
            slot.pending_sealed_db_key = b""
            slot.key_version = self.key_version

    # --- internals ----------------------------------------------------------

    def _check_usable(self, slot: Slot, who: dict[str, str], now: dt.datetime) -> None:
        """Refuse a disabled or locked slot; ``who`` names it by ``username`` or ``credential``.

        ``who`` holds codes and names only (``{"credential": "card"}``), never words:
        the sentence is the catalogue's.
        """
        if slot.disabled:
            raise AuthError(AuthReason.DISABLED, params=who)
        if slot.locked_until is not None and now < slot.locked_until:
            wait = int((slot.locked_until - now).total_seconds()) + 1
            raise AuthError(
                AuthReason.LOCKED_OUT, retry_after_seconds=wait, params={"seconds": wait}
            )

    def _count_failure(self, slot: Slot, now: dt.datetime, what: dict[str, str]) -> NoReturn:
        """Count a wrong password or card; ``what`` says which, as codes (``credential``)."""
        slot.failed_attempts += 1
        if slot.failed_attempts >= MAX_FAILED_LOGINS:
            slot.failed_attempts = 0
            slot.locked_until = now + LOCKOUT
            raise AuthError(
                AuthReason.LOCKED_OUT,
                retry_after_seconds=int(LOCKOUT.total_seconds()),
                params={**what, "seconds": int(LOCKOUT.total_seconds())},
            ) from None
        left = MAX_FAILED_LOGINS - slot.failed_attempts
        raise AuthError(AuthReason.WRONG_PASSWORD, params={**what, "tries_left": left}) from None

    def _open(self, slot: Slot, username: str, private: x25519.X25519PrivateKey) -> list[bytes]:
        slot.failed_attempts = 0
        slot.locked_until = None
        self.last_officer = username
        try:
            keys = [
                _HPKE.decrypt(
                    slot.sealed_db_key, private, info=self._info(slot.slot_id, slot.key_version)
                )
            ]
            if slot.pending_sealed_db_key:
                keys.append(
                    _HPKE.decrypt(
                        slot.pending_sealed_db_key,
                        private,
                        info=self._info(slot.slot_id, slot.key_version + 1),
                    )
                )
        except InvalidTag as exc:
            raise StoreError(
                StoreReason.KEYRING_DAMAGED,
                code="store_key_slot_damaged",
                params={"username": username},
            ) from exc
        return keys

    def _card_hash(self, uid: bytes) -> bytes:
        return hashlib.sha256(b"fieldkit-card\x00" + self.salt + uid).digest()[:16]

    def _card_kek(self, slot: Slot, uid: bytes, login_secret: bytes) -> bytes:
        info = f"fieldkit-card-v1|{self.store_id}|{slot.slot_id}|{uid.hex()}".encode()
        return HKDF(hashes.SHA256(), 32, slot.card_salt, info).derive(login_secret)

    def _require(self, username: str) -> Slot:
        slot = self.slot_for(username)
        if slot is None or slot.disabled:
            raise AuthError(AuthReason.UNKNOWN_OFFICER, params={"username": username})
        return slot

    def _aad(self, username: str) -> bytes:
        return f"fieldkit-keyring-v1|{self.store_id}|{self.slot_id(username)}".encode()

    def _info(self, slot_id: str, key_version: int) -> bytes:
        return f"fieldkit-db-key-v1|{self.store_id}|{slot_id}|{key_version}".encode()

    def _unwrap_private(self, slot: Slot, username: str, password: str) -> x25519.X25519PrivateKey:
        kek = slot.kdf.derive(password, slot.salt)
        nonce, ciphertext = slot.wrapped_private_key[:12], slot.wrapped_private_key[12:]
        raw = AESGCM(kek).decrypt(nonce, ciphertext, self._aad(username))
        return x25519.X25519PrivateKey.from_private_bytes(raw)

    # --- persistence --------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        raw = {
            "format": KEYRING_FORMAT,
            "store_id": self.store_id,
            "office_code": self.office_code,
            "salt": _b64(self.salt),
            "key_version": self.key_version,
            "last_officer": self.last_officer,
            "slots": {sid: slot.to_json() for sid, slot in sorted(self.slots.items())},
        }
        if self.pending:
            raw["pending"] = sorted(self.pending)
        return raw

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> Keyring:
        if raw.get("format") != KEYRING_FORMAT:
            raise ValueError(f"keyring format {raw.get('format')!r} is not {KEYRING_FORMAT}")
        ring = cls(
            store_id=str(raw["store_id"]),
            office_code=str(raw["office_code"]),
            salt=_unb64(raw["salt"]),
            key_version=int(raw["key_version"]),
            last_officer=raw.get("last_officer"),
        )
        ring.slots = {sid: Slot.from_json(sid, s) for sid, s in raw["slots"].items()}
        ring.pending = {str(sid) for sid in raw.get("pending", [])}
        return ring

    @classmethod
    def new(cls, store_id: str, office_code: str) -> Keyring:
        return cls(
            store_id=store_id, office_code=office_code, salt=secrets.token_bytes(16), key_version=1
        )


def new_db_key() -> bytes:
    return secrets.token_bytes(DB_KEY_BYTES)


KEYRING_FILE = "keyring.json"
KEYRING_PREVIOUS = "keyring.previous.json"
KEYRING_LOCK = "keyring.lock"
# How long a login waits for another process's keyring change (an Argon2id derivation
# takes well under a second; thirty at once, serialised, stay far below this).
KEYRING_LOCK_WAIT_S = 120.0


@contextlib.contextmanager
def exclusive(directory: Path) -> Iterator[None]:
    """Hold the keyring for one read-change-write, against every other process and thread.

    A login reads the failure counter, counts the attempt and writes the file back;
    without this, thirty parallel wrong passwords each read the same count and wrote
    over each other's, and the lockout never came (issue 24).  An OS lock on a file
    beside the keyring (``fcntl.flock`` on POSIX, ``LockFileEx`` on Windows, through
    ``filelock``), re-entrant within a thread, released if the process dies.
    """
    lock = FileLock(
        directory / KEYRING_LOCK,
        timeout=KEYRING_LOCK_WAIT_S,
        mode=0o600,
        is_singleton=True,
        preserve_lock_file=True,
    )
    try:
        lock.acquire()
    except Timeout as exc:
        raise StoreError(StoreReason.IO_ERROR, path=directory / KEYRING_LOCK) from exc
    except OSError as exc:
        raise os_error_to_store_error(exc, directory) from exc
    try:
        yield
    finally:
        lock.release()


def load(directory: Path) -> Keyring:
    """Read the keyring, falling back to the previous copy if the current one is damaged."""
    path = directory / KEYRING_FILE
    if not path.exists():
        raise StoreError(
            StoreReason.NOT_INITIALISED,
            path=directory,
        )
    errors: list[str] = []
    for candidate in (path, directory / KEYRING_PREVIOUS):
        try:
            ring = Keyring.from_json(json.loads(candidate.read_text("utf-8")))
        except FileNotFoundError:
            errors.append(f"{candidate.name}: missing")
        except (ValueError, KeyError, TypeError) as exc:
            errors.append(f"{candidate.name}: {exc}")
        else:
            if candidate != path:
                log.warning("keyring.json is damaged (%s); using the previous copy", errors[0])
            return ring
    raise StoreError(
        StoreReason.KEYRING_DAMAGED,
        path=path,
        params={"problems": "; ".join(errors)},
    )


def save(directory: Path, ring: Keyring) -> None:
    """Write atomically, keeping the previous version, so a crash never strands the store."""
    path = directory / KEYRING_FILE
    data = json.dumps(ring.to_json(), indent=2, sort_keys=True).encode("utf-8")
    try:
        if path.exists():
            atomic_write(directory / KEYRING_PREVIOUS, path.read_bytes())
        atomic_write(path, data)
    except OSError as exc:
        raise os_error_to_store_error(exc, directory) from exc


def os_error_to_store_error(exc: OSError, where: Path) -> StoreError:
    if exc.errno == errno.ENOSPC:
        return StoreError(
            StoreReason.DISK_FULL,
            path=where,
        )
    if exc.errno in {errno.EROFS, errno.EACCES, errno.EPERM}:
        return StoreError(
            StoreReason.READ_ONLY,
            path=where,
        )
    return StoreError(
        StoreReason.IO_ERROR,
        path=where,
    )


_X25519_BYTES = 32


def _raw_private(private: x25519.X25519PrivateKey) -> bytes:
    return private.private_bytes(
        serialization.Encoding.Raw,
        serialization.PrivateFormat.Raw,
        serialization.NoEncryption(),
    )


def _wrap(kek: bytes, private: x25519.X25519PrivateKey, aad: bytes) -> bytes:
    return _wrap_bytes(kek, _raw_private(private), aad)


def _wrap_bytes(kek: bytes, data: bytes, aad: bytes = b"") -> bytes:
    nonce = secrets.token_bytes(12)
    return nonce + AESGCM(kek).encrypt(nonce, data, aad)


def _unwrap_bytes(kek: bytes, wrapped: bytes, aad: bytes = b"") -> bytes:
    return AESGCM(kek).decrypt(wrapped[:12], wrapped[12:], aad)


def _seal(db_key: bytes, public: x25519.X25519PublicKey, info: bytes) -> bytes:
    return _HPKE.encrypt(db_key, public, info=info)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
