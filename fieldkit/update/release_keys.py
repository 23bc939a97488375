"""The release keys built into FieldKit: the only keys an update may be signed with.

The public halves are in ``release_keys.txt``, package data of the wheel and of the
PyInstaller bundle (``packaging/fieldkit.spec``).  Nothing at run time widens them: no
setting, no environment variable, no key the data center sends.  Tests pass their own
keys to :func:`fieldkit.update.verify.verify_installer` as ``trusted_keys``.
"""

from __future__ import annotations

import base64
import binascii
import importlib.resources
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric import ed25519

from fieldkit.errors import KnownError

KEYS_FILE = "release_keys.txt"
RAW_KEY_BYTES = 32


@dataclass(frozen=True)
class ReleaseKey:
    """One trusted public key and the name it is listed under."""

    name: str
    public: ed25519.Ed25519PublicKey

    def raw(self) -> bytes:
        from cryptography.hazmat.primitives import serialization  # noqa: PLC0415

        return self.public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)

    def as_text(self) -> str:
        """The key's line in ``release_keys.txt``."""
        return f"{base64.b64encode(self.raw()).decode()} {self.name}"


def key_from_text(text: str, name: str = "") -> ReleaseKey:
    """A raw base64 public key; ValueError when it is not 32 bytes of base64."""
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValueError("not base64") from exc
    if len(raw) != RAW_KEY_BYTES:
        raise ValueError(f"{len(raw)} bytes, not {RAW_KEY_BYTES}")
    return ReleaseKey(name, ed25519.Ed25519PublicKey.from_public_bytes(raw))


def parse_keys(text: str) -> tuple[ReleaseKey, ...]:
    """The keys of a ``release_keys.txt``; ValueError naming the line that is not one."""
    keys = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()  # noqa: PLW2901 - the same line, trimmed
        if not line or line.startswith("#"):
            continue
        encoded, _, name = line.partition(" ")
        try:
            keys.append(key_from_text(encoded, name.strip() or f"line {number}"))
        except ValueError as exc:
            raise ValueError(f"{KEYS_FILE} line {number}: {exc}") from None
    return tuple(keys)


def builtin_keys() -> tuple[ReleaseKey, ...]:
    """The keys this FieldKit was built with; ``update_keys_missing`` when there are none."""
    try:
        text = importlib.resources.files("fieldkit.update").joinpath(KEYS_FILE).read_text("utf-8")
        keys = parse_keys(text)
    except (OSError, ValueError, UnicodeDecodeError):
        keys = ()
    if not keys:
        raise KnownError(code="update_keys_missing", params={"file": KEYS_FILE})
    return keys
