"""The data center's keys, made on first start and kept in ``DATA/keys``.

* X25519 encryption keys by ``kid``: laptops seal records to them;
* an Ed25519 receipt key: receipts signed with it let a laptop purge safely;
* a private CA (ECDSA P-256) and a server TLS certificate it issues: laptops pin
  the CA's fingerprint at enrollment, so no public CA or DNS name is needed.

Private keys are written once, mode 0600, fsynced; nothing here logs key bytes.
With a passphrase (``$FIELDKIT_DATACENTER_KEY_PASSPHRASE``) every private key is
stored as encrypted PKCS#8 (scrypt, AES-256-CBC: ``BestAvailableEncryption``), so
a copy of ``DATA/keys`` (a backup tape, a stolen disk) opens no record; keys
found unprotected are encrypted in place the first time a passphrase is given, or
by ``fieldkit-datacenter keys protect``.

``DATA/keys/backup.key`` is apart from the others: 32 random bytes that authenticate
the data center's backups (``sync.server.operations.backup``).  It is made by the first backup,
never put into one, and its copy is kept offline with the passphrase.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import ipaddress
import logging
import os
import secrets
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, x25519
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from filelock import FileLock

from fieldkit import paths
from fieldkit.durable import O_BINARY, fsync_dir
from sync.protocol import EncryptionKey, KeySet, Reason, b64encode, ca_fingerprint
from sync.server.errors import DataCenterError

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

log = logging.getLogger(__name__)

_CA_YEARS = 10
_LEAF_DAYS = 397
#: Where ``serve`` and ``import`` read the keys' passphrase from (never a command-line
#: argument: those show in ``ps``).
PASSPHRASE_ENV = "FIELDKIT_DATACENTER_KEY_PASSPHRASE"  # noqa: S105 - a variable name
_ENCRYPTED_PEM = b"-----BEGIN ENCRYPTED PRIVATE KEY-----"
#: The TLS key ``serve`` issues afresh at every start: protected, never backed up.
SERVER_KEY = "server.key"
#: The secret that authenticates backups; never in a backup itself.
BACKUP_KEY = "backup.key"
BACKUP_KEY_BYTES = 32


def passphrase_from_environment() -> bytes | None:
    value = os.environ.get(PASSPHRASE_ENV)
    return value.encode() if value else None


def _write_new(path: Path, data: bytes, mode: int = 0o600) -> None:
    """Create ``path`` durably; refuse to overwrite, because losing a key loses records."""
    fd = os.open(path, os.O_WRONLY | O_BINARY | os.O_CREAT | os.O_EXCL, mode)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    paths.make_private(path)  # 0600 whatever the umask (POSIX; the installer's ACL on Windows)


def _replace(path: Path, data: bytes, mode: int = 0o600) -> None:
    temp = path.with_suffix(path.suffix + ".tmp")
    temp.unlink(missing_ok=True)
    _write_new(temp, data, mode)
    temp.replace(path)


_PrivateKey = ec.EllipticCurvePrivateKey | ed25519.Ed25519PrivateKey | x25519.X25519PrivateKey


def _pem_private(key: _PrivateKey, passphrase: bytes | None = None) -> bytes:
    protection: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(passphrase)
        if passphrase
        else serialization.NoEncryption()
    )
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, protection
    )


def _load_private(path: Path, passphrase: bytes | None) -> object:
    """A PEM key (encrypted or not) or, for X25519 keys of old, 32 raw bytes.

    A protected key without the passphrase, or with a wrong one, is a clear refusal.
    """
    return load_private_bytes(path.read_bytes(), path.name, passphrase)


def load_private_bytes(data: bytes, name: str, passphrase: bytes | None) -> object:
    """``_load_private`` of bytes already read (a backup's member, checked before written)."""
    encrypted = data.startswith(_ENCRYPTED_PEM)
    if encrypted and not passphrase:
        raise DataCenterError(
            400,
            Reason.INVALID_REQUEST,
            code="datacenter_key_needs_passphrase",
            params={"file": name, "env": PASSPHRASE_ENV},
        )
    if not data.startswith(b"-----BEGIN"):
        try:
            return x25519.X25519PrivateKey.from_private_bytes(data)
        except ValueError:
            raise DataCenterError(
                400, Reason.INVALID_REQUEST, code="datacenter_key_unreadable", params={"file": name}
            ) from None
    try:
        return serialization.load_pem_private_key(data, password=passphrase if encrypted else None)
    except ValueError:
        raise DataCenterError(
            400,
            Reason.INVALID_REQUEST,
            code="datacenter_passphrase_wrong",
            params={"file": name, "env": PASSPHRASE_ENV},
        ) from None


def is_encrypted(data: bytes) -> bool:
    """An encrypted PKCS#8 PEM: what a copy of the keys folder may hold."""
    return data.startswith(_ENCRYPTED_PEM)


def require_protected(data: bytes, name: str, passphrase: bytes) -> None:
    """Refuse a private key that a copy would give away, or that the passphrase does not open.

    In the clear is a PEM or the raw 32 bytes of an X25519 key of old.
    """
    if not is_encrypted(data):
        raise DataCenterError(
            400,
            Reason.INVALID_REQUEST,
            code="datacenter_key_in_clear",
            params={"file": name, "env": PASSPHRASE_ENV},
        )
    load_private_bytes(data, name, passphrase)


def private_key_files(directory: Path) -> list[Path]:
    """The long-lived private keys in ``directory``: the CA's, receipt and encryption keys.

    Not the TLS key ``serve`` issues afresh at every start, nor ``backup.key``.
    """
    found = [directory / "ca.key", directory / "receipt.key"]
    found += sorted((directory / "encryption").glob("*.key"))
    return [path for path in found if path.is_file()]


def protect_keys(directory: Path, passphrase: bytes) -> list[str]:
    """``keys protect``: encrypt in place every private key still in the clear.

    The keys are loaded as ``serve`` loads them (an encrypted one must open with this
    passphrase), and ``DataCenterKeys._protect`` encrypts the others.  Returns the names
    of the keys that were in the clear.
    """
    if not (directory / "ca.pem").is_file():
        raise DataCenterError(400, Reason.INVALID_REQUEST, code="datacenter_no_ca")
    candidates = [*private_key_files(directory), directory / SERVER_KEY]
    clear = [
        path.relative_to(directory).as_posix()
        for path in candidates
        if path.is_file() and not path.read_bytes().startswith(_ENCRYPTED_PEM)
    ]
    keys = DataCenterKeys(directory, passphrase)  # protects the CA, receipt and encryption keys
    if (directory / SERVER_KEY).is_file():
        keys.protect_server_key()
    return clear


@dataclass
class StagedKeys:
    """Key files written beside their places, put there only once the rest of a restore holds.

    ``commit`` links each into place (never over a key that is there); ``discard``
    removes them and the folders made for them, leaving the keys folder as it was.
    """

    files: list[tuple[Path, Path]] = field(default_factory=list)
    folders: list[Path] = field(default_factory=list)

    def commit(self) -> None:
        try:
            for temp, final in self.files:
                os.link(temp, final)
                temp.unlink()
        except BaseException:
            self.discard()  # a key that appeared meanwhile stays; no temp file is left
            raise
        for folder in {final.parent for _, final in self.files}:
            fsync_dir(folder)
        self.files, self.folders = [], []

    def discard(self) -> None:
        for temp, _ in self.files:
            temp.unlink(missing_ok=True)
        for folder in reversed(self.folders):
            with contextlib.suppress(OSError):
                folder.rmdir()
        self.files, self.folders = [], []


def stage_key_files(directory: Path, files: dict[str, bytes]) -> StagedKeys:
    """Write ``files`` (names relative to ``directory``) 0600 beside their places."""
    staged = StagedKeys()
    try:
        for name, data in sorted(files.items()):
            final = directory / name
            _make_folders(final.parent, staged.folders)
            temp = final.parent / f".{final.name}.{secrets.token_hex(6)}.tmp"
            _write_new(temp, data)
            staged.files.append((temp, final))
    except BaseException:
        staged.discard()
        raise
    return staged


def _make_folders(folder: Path, made: list[Path]) -> None:
    """``mkdir -p`` at 0700, remembering each folder made so a discard can remove it."""
    missing = [p for p in (folder, *folder.parents) if not p.exists()]
    for path in reversed(missing):
        path.mkdir(mode=0o700)
        made.append(path)


def backup_key_id(key: bytes) -> str:
    """A name for a backup key that gives nothing of it away: which key signed a backup."""
    return hashlib.sha256(b"fieldkit-datacenter backup key id\0" + key).hexdigest()[:16]


def read_backup_key(path: Path) -> bytes:
    """The 32 bytes of a backup key file, or a clear refusal naming the file."""
    try:
        with path.open("rb") as handle:
            key = handle.read(BACKUP_KEY_BYTES + 1)
    except OSError as exc:
        raise DataCenterError(
            400,
            Reason.INVALID_REQUEST,
            code="datacenter_backup_key_unreadable",
            params={"file": path, "error": exc.strerror or type(exc).__name__},
        ) from None
    if len(key) != BACKUP_KEY_BYTES:
        raise DataCenterError(
            400,
            Reason.INVALID_REQUEST,
            code="datacenter_backup_key_invalid",
            params={"file": path, "size": BACKUP_KEY_BYTES},
        )
    return key


def backup_key(directory: Path) -> tuple[bytes, bool]:
    """``DATA/keys/backup.key``, made on first use; and whether it was made just now.

    The key is written to a file of its own, created 0600 from its first byte
    (``O_CREAT | O_EXCL``), then linked into place: a concurrent first backup finds
    either no key or a whole one, and the first link wins.
    """
    path = directory / BACKUP_KEY
    made = False
    if not path.exists():
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        made = install_backup_key(directory, secrets.token_bytes(BACKUP_KEY_BYTES))
        if made:
            log.info("created the backup key %s", backup_key_id(read_backup_key(path)))
    return read_backup_key(path), made


def install_backup_key(directory: Path, key: bytes) -> bool:
    """Put ``key`` at ``DATA/keys/backup.key`` unless one is there; True if it was put."""
    temp = directory / f".{BACKUP_KEY}.{secrets.token_hex(8)}.tmp"
    _write_new(temp, key)
    try:
        os.link(temp, directory / BACKUP_KEY)
    except FileExistsError:
        return False
    finally:
        temp.unlink()
    fsync_dir(directory)
    return True


@dataclass(frozen=True)
class TlsFiles:
    certfile: Path
    keyfile: Path


class DataCenterKeys:
    """Loads the key material from ``DATA/keys``, creating what is missing."""

    def __init__(self, directory: Path, passphrase: bytes | None = None) -> None:
        self.directory = directory
        self.passphrase = passphrase
        self.encryption_dir = directory / "encryption"
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.encryption_dir.mkdir(exist_ok=True, mode=0o700)
        self._ensure_encryption_key()
        self._ensure_receipt_key()
        self._ensure_ca()
        self.encryption_keys = self._load_encryption_keys()
        receipt = _load_private(self.directory / "receipt.key", passphrase)
        ca_key = _load_private(self.directory / "ca.key", passphrase)
        if not isinstance(receipt, ed25519.Ed25519PrivateKey) or not isinstance(
            ca_key, ec.EllipticCurvePrivateKey
        ):
            raise TypeError(f"unexpected key types in {directory}")
        self.receipt_key = receipt
        self.ca_key = ca_key
        self.ca_pem = (self.directory / "ca.pem").read_bytes()
        self.ca_cert = x509.load_pem_x509_certificate(self.ca_pem)
        self.fingerprint = ca_fingerprint(self.ca_pem)
        if passphrase:
            self._protect([self.directory / "receipt.key", self.directory / "ca.key"])

    def protect_server_key(self) -> None:
        """The TLS key ``serve`` issued last, encrypted like the others (``keys protect``)."""
        self._protect([self.directory / SERVER_KEY])

    def _protect(self, paths: list[Path]) -> None:
        """Encrypt, in place, each key still stored in the clear (loaded above, so readable)."""
        paths = paths + sorted(self.encryption_dir.glob("*.key"))
        for path in paths:
            if path.read_bytes().startswith(_ENCRYPTED_PEM):
                continue
            key = _load_private(path, None)
            if not isinstance(
                key,
                ec.EllipticCurvePrivateKey | ed25519.Ed25519PrivateKey | x25519.X25519PrivateKey,
            ):  # pragma: no cover - only our own key types are written here
                raise TypeError(path.name)
            _replace(path, _pem_private(key, self.passphrase))
            log.info("protected %s with the passphrase", path.name)

    # --- creation -----------------------------------------------------------

    def _ensure_encryption_key(self) -> None:
        if any(self.encryption_dir.glob("*.key")):
            return
        kid = f"dc-{dt.datetime.now(dt.UTC):%Y%m%d}-{secrets.token_hex(3)}"
        key = x25519.X25519PrivateKey.generate()
        if self.passphrase:
            data = _pem_private(key, self.passphrase)
        else:  # the raw 32 bytes, as data centers made before passphrases still hold them
            data = key.private_bytes(
                serialization.Encoding.Raw,
                serialization.PrivateFormat.Raw,
                serialization.NoEncryption(),
            )
        _write_new(self.encryption_dir / f"{kid}.key", data)
        log.info("created data-center encryption key %s", kid)

    def _ensure_receipt_key(self) -> None:
        path = self.directory / "receipt.key"
        if not path.exists():
            _write_new(path, _pem_private(ed25519.Ed25519PrivateKey.generate(), self.passphrase))
            log.info("created the receipt-signing key")

    def _ensure_ca(self) -> None:
        key_path, cert_path = self.directory / "ca.key", self.directory / "ca.pem"
        if cert_path.exists():
            return
        key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name(
            [
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, "FieldKit data center"),
                x509.NameAttribute(NameOID.COMMON_NAME, "FieldKit data center CA"),
            ]
        )
        now = dt.datetime.now(dt.UTC)
        cert = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=365 * _CA_YEARS))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=True,
                    content_commitment=False,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    key_cert_sign=True,
                    crl_sign=True,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
            .add_extension(
                x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False
            )
            .sign(key, hashes.SHA256())
        )
        key_path.unlink(missing_ok=True)
        _write_new(key_path, _pem_private(key, self.passphrase))
        _write_new(cert_path, cert.public_bytes(serialization.Encoding.PEM))
        log.info("created the data-center CA")

    def _load_encryption_keys(self) -> dict[str, x25519.X25519PrivateKey]:
        keys = {}
        for path in sorted(self.encryption_dir.glob("*.key")):
            key = _load_private(path, self.passphrase)
            if not isinstance(key, x25519.X25519PrivateKey):
                raise TypeError(f"{path.name} is not an X25519 key")
            keys[path.stem] = key
        return keys

    # --- use ----------------------------------------------------------------

    @property
    def active_kid(self) -> str:
        """The newest key: kids start with their creation date, so they sort by age."""
        return max(self.encryption_keys)

    @property
    def receipt_public_key(self) -> bytes:
        return self.receipt_key.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )

    def key_set(self, now: str) -> KeySet:
        keys = [
            EncryptionKey(
                kid=kid,
                public_key=b64encode(
                    private.public_key().public_bytes(
                        serialization.Encoding.Raw, serialization.PublicFormat.Raw
                    )
                ),
            )
            for kid, private in sorted(self.encryption_keys.items())
        ]
        key_set = KeySet(
            keys=keys,
            active_kid=self.active_kid,
            receipt_key=b64encode(self.receipt_public_key),
            issued_at=now,
        )
        signature = self.ca_key.sign(key_set.statement(), ec.ECDSA(hashes.SHA256()))
        key_set.signature = b64encode(signature)
        return key_set

    @contextlib.contextmanager
    def server_certificate(self, hosts: list[str]) -> Iterator[TlsFiles]:
        """A fresh leaf, on disk and unchanged until the block ends.

        Several ``serve`` processes may share one data folder (behind a load balancer, or
        two started at the same moment).  Each writes ``server.key`` and ``server.pem``
        anew; without the lock one could write its key between another's key and
        certificate, and a process would load a key and a certificate that do not match.
        The caller loads the pair (uvicorn's ``Config.load``) inside the block.  The lock
        is an OS lock (``filelock``), released if the process dies.
        """
        with FileLock(str(self.directory / "server.lock")):
            yield self.issue_server_certificate(hosts)

    def issue_server_certificate(self, hosts: list[str]) -> TlsFiles:
        """A fresh leaf for these host names/addresses; the pinned CA is what laptops trust.

        Writes ``server.key`` and ``server.pem``: a process that serves with them takes
        them through :meth:`server_certificate`, which keeps another from rewriting them.
        """
        key = ec.generate_private_key(ec.SECP256R1())
        names: list[x509.GeneralName] = []
        for host in dict.fromkeys([*hosts, "localhost", "127.0.0.1", "::1"]):
            try:
                names.append(x509.IPAddress(ipaddress.ip_address(host)))
            except ValueError:
                names.append(x509.DNSName(host))
        now = dt.datetime.now(dt.UTC)
        cert = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, hosts[0])]))
            .issuer_name(self.ca_cert.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=_LEAF_DAYS))
            .add_extension(x509.SubjectAlternativeName(names), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(self.ca_key.public_key()),
                critical=False,
            )
            .sign(self.ca_key, hashes.SHA256())
        )
        files = TlsFiles(
            certfile=self.directory / "server.pem", keyfile=self.directory / "server.key"
        )
        _replace(files.keyfile, _pem_private(key, self.passphrase))
        # The CA follows the leaf, so a laptop that is enrolling can compare the CA it is
        # shown with the fingerprint it was given before it sends its one-time code.
        chain = cert.public_bytes(serialization.Encoding.PEM) + self.ca_pem
        _replace(files.certfile, chain)
        return files
