"""Whether an installer is a FieldKit release, newer than what is installed.

The signature is Ed25519, by one of the built-in release keys, over
``b"fieldkit-release-v1|" + version + b"|" + sha256hex(installer)``, kept in base64 in a
``.sig`` file beside the installer (``scripts/sign_release.py`` makes both).  The version
is inside what is signed, so an old signed installer cannot be offered under a new
version; the laptop also refuses a version that is not newer than its own.  Trust never
comes from the TLS connection the installer arrived on.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cryptography.exceptions import InvalidSignature

from fieldkit.errors import KnownError
from fieldkit.update.release_keys import builtin_keys
from fieldkit.update.versions import installed_version, is_newer, release_order

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from cryptography.hazmat.primitives.asymmetric import ed25519

    from fieldkit.update.release_keys import ReleaseKey

STATEMENT_PREFIX = b"fieldkit-release-v1|"
SIGNATURE_BYTES = 64
_CHUNK = 1024 * 1024


class UpdateError(KnownError):
    """An update refused or not possible; ``code`` says which (``update_*``)."""

    code = "update_signature_invalid"


@dataclass(frozen=True)
class VerifiedInstaller:
    """An installer whose signature verified: version, hash, size, signature, the key's name."""

    path: Path
    version: str
    sha256: str
    size: int
    signature: str
    key_name: str


def statement(version: str, sha256_hex: str) -> bytes:
    """The bytes a release key signs for ``version`` with this SHA-256 (hex)."""
    return STATEMENT_PREFIX + version.encode() + b"|" + sha256_hex.encode()


def sign(private: ed25519.Ed25519PrivateKey, version: str, sha256_hex: str) -> str:
    """The base64 signature of a release (for ``scripts/sign_release.py`` and tests)."""
    return base64.b64encode(private.sign(statement(version, sha256_hex))).decode()


def file_sha256(path: Path) -> tuple[str, int]:
    """The file's SHA-256 (hex) and size; ``update_file_unreadable`` when it cannot be read."""
    digest = hashlib.sha256()
    size = 0
    try:
        with path.open("rb") as stream:
            while chunk := stream.read(_CHUNK):
                digest.update(chunk)
                size += len(chunk)
    except OSError as exc:
        raise UpdateError(
            code="update_file_unreadable", params={"file": path.name, "cause": exc.strerror or exc}
        ) from None
    return digest.hexdigest(), size


def check_version(version: str) -> None:
    if release_order(version) is None:
        raise UpdateError(code="update_version_invalid", params={"version": version[:64]})


def verify_signature(
    path: Path,
    version: str,
    signature_b64: str,
    *,
    trusted_keys: Sequence[ReleaseKey] | None = None,
    sha256_hex: str | None = None,
) -> VerifiedInstaller:
    """The installer, if one of the trusted keys signed this version with this content.

    ``trusted_keys`` defaults to the built-in ones.  ``sha256_hex`` spares hashing a
    file just hashed while it was written (the laptop's download).  Refusals:
    ``update_version_invalid``, ``update_signature_invalid``, ``update_file_unreadable``,
    ``update_keys_missing``.
    """
    check_version(version)
    keys = builtin_keys() if trusted_keys is None else tuple(trusted_keys)
    if sha256_hex is None:
        sha256_hex, size = file_sha256(path)
    else:
        size = path.stat().st_size
    try:
        signature = base64.b64decode(signature_b64.strip(), validate=True)
    except (binascii.Error, ValueError):
        signature = b""
    if len(signature) == SIGNATURE_BYTES:
        signed = statement(version, sha256_hex)
        for key in keys:
            try:
                key.public.verify(signature, signed)
            except InvalidSignature:
                continue
            return VerifiedInstaller(path, version, sha256_hex, size, signature_b64, key.name)
    raise UpdateError(code="update_signature_invalid", params={"version": version})


def verify_installer(
    path: Path,
    version: str,
    signature_b64: str,
    *,
    trusted_keys: Sequence[ReleaseKey] | None = None,
    installed: str | None = None,
    sha256_hex: str | None = None,
) -> VerifiedInstaller:
    """What the laptop checks before it runs an installer: newer than ``installed``, and signed.

    ``installed`` defaults to :func:`~fieldkit.update.versions.installed_version`.
    Refusals: ``update_version_invalid``, ``update_version_not_newer``, and those of
    :func:`verify_signature`.
    """
    check_version(version)
    current = installed_version() if installed is None else installed
    if not is_newer(version, current):
        raise UpdateError(
            code="update_version_not_newer", params={"version": version, "installed": current}
        )
    return verify_signature(
        path, version, signature_b64, trusted_keys=trusted_keys, sha256_hex=sha256_hex
    )
