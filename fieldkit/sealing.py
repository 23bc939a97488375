"""Sealing a finished record: signed by the laptop, readable only by the data center.

A sealed record is HPKE-encrypted (X25519, HKDF-SHA256, AES-256-GCM) to the
data center's public key, so once it is sealed the laptop itself cannot read
the biometrics back: it never holds the private key.  Two Ed25519 signatures
by the laptop's device key travel with it:

* inside the ciphertext, over the record's own bytes, so authorship survives
  decryption and re-storage at the data center;
* outside, over ``(record id, sequence, key id, SHA-256 of the ciphertext)``,
  so the data center can refuse a forged or altered upload before it spends
  any effort decrypting it (MOSIP's packets work the same way).

The record id, sequence number and key id are bound into HPKE's ``info``, so
a ciphertext cannot be replayed under another record's identity.
"""

from __future__ import annotations

import hashlib
import struct
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hpke
from cryptography.hazmat.primitives.asymmetric import ed25519, x25519

from fieldkit import framing
from fieldkit.errors import KnownError

_SUITE = hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM)
_MAGIC = b"FKREC1\x00"
_INNER_CONTEXT = b"fieldkit-record-v1\x00"
#: Version 2 signs a record container's header (which lists every blob's hash)
#: instead of hashing the whole payload: see ``fieldkit.records.container``.
_MAGIC_V2 = b"FKREC2\x00"
_INNER_CONTEXT_V2 = b"fieldkit-record-v2\x00"
_LENGTH = struct.Struct(">H")


class SealError(KnownError):
    """A sealed record failed its checks: altered, forged, or for another key."""

    code = "seal_invalid"


@dataclass(frozen=True)
class DataCenterKey:
    kid: str
    public_key: bytes  # raw X25519
    #: The built-in demonstration key, used until a real data center is enrolled.
    demo: bool = False


@dataclass(frozen=True)
class SealedRecord:
    record_id: str
    seq: int
    kid: str
    demo: bool
    envelope: bytes
    sha256: str
    signature: bytes  # Ed25519 over the envelope statement

    def statement(self) -> bytes:
        return envelope_statement(self.record_id, self.seq, self.kid, self.sha256)


def envelope_statement(record_id: str, seq: int, kid: str, sha256: str) -> bytes:
    return f"fieldkit-envelope-v1|{record_id}|{seq}|{kid}|{sha256}".encode()


def _info(record_id: str, seq: int, kid: str) -> bytes:
    return f"fieldkit-seal-v1|{record_id}|{seq}|{kid}".encode()


def encrypt_record(
    record_id: str,
    seq: int,
    payload: bytes,
    *,
    device_key: ed25519.Ed25519PrivateKey,
    datacenter: DataCenterKey,
    statement: bytes | None = None,
) -> bytes:
    """Sign ``payload`` inside and HPKE-encrypt it to the data center: the envelope.

    ``statement`` is a record container's header digest
    (``fieldkit.records.container.pack``): signing it binds every blob through
    the hashes the header lists, so two megabytes need not be hashed again here.
    """
    if statement is None:
        magic, signed = _MAGIC, _INNER_CONTEXT + hashlib.sha256(payload).digest()
    else:
        magic, signed = _MAGIC_V2, _INNER_CONTEXT_V2 + statement
    inner_signature = device_key.sign(signed)
    plaintext = b"".join((magic, _LENGTH.pack(len(inner_signature)), inner_signature, payload))
    recipient = x25519.X25519PublicKey.from_public_bytes(datacenter.public_key)
    return _SUITE.encrypt(plaintext, recipient, info=_info(record_id, seq, datacenter.kid))


def sign_envelope(
    record_id: str,
    seq: int,
    envelope: bytes,
    sha256: str,
    *,
    device_key: ed25519.Ed25519PrivateKey,
    datacenter: DataCenterKey,
) -> SealedRecord:
    """The outer signature over the envelope's identity and hash (``sha256`` of ``envelope``).

    Separate from :func:`encrypt_record` so a caller can hash the envelope
    while it writes it to disk.
    """
    signature = device_key.sign(envelope_statement(record_id, seq, datacenter.kid, sha256))
    return SealedRecord(
        record_id=record_id,
        seq=seq,
        kid=datacenter.kid,
        demo=datacenter.demo,
        envelope=envelope,
        sha256=sha256,
        signature=signature,
    )


def seal(
    record_id: str,
    seq: int,
    payload: bytes,
    *,
    device_key: ed25519.Ed25519PrivateKey,
    datacenter: DataCenterKey,
    statement: bytes | None = None,
) -> SealedRecord:
    """Sign and encrypt ``payload`` (the canonical record) for the data center."""
    envelope = encrypt_record(
        record_id, seq, payload, device_key=device_key, datacenter=datacenter, statement=statement
    )
    return sign_envelope(
        record_id,
        seq,
        envelope,
        hashlib.sha256(envelope).hexdigest(),
        device_key=device_key,
        datacenter=datacenter,
    )


def verify_envelope(sealed: SealedRecord, device_public_key: bytes) -> None:
    """Check the hash and the laptop's signature; needs no private key, so the laptop can too."""
    if hashlib.sha256(sealed.envelope).hexdigest() != sealed.sha256:
        raise SealError(params={"problem": "hash"})
    verify_signature(sealed, device_public_key)


def verify_signature(sealed: SealedRecord, device_public_key: bytes) -> None:
    """The outer signature alone, for a caller that has just hashed the envelope itself."""
    try:
        ed25519.Ed25519PublicKey.from_public_bytes(device_public_key).verify(
            sealed.signature, sealed.statement()
        )
    except InvalidSignature:
        raise SealError(params={"problem": "signature"}) from None


def open_sealed(
    sealed: SealedRecord,
    datacenter_private_key: x25519.X25519PrivateKey,
    device_public_key: bytes,
    *,
    envelope_verified: bool = False,
) -> bytes:
    """The data center's side: verify, decrypt, verify again, and return the record's bytes.

    ``envelope_verified`` tells that the caller has just hashed these very
    bytes into ``sealed.sha256`` and checked the outer signature (the data
    center's ingest does both before it decrypts), so two megabytes are not
    hashed a second time; the inner checks always run.
    """
    if not envelope_verified:
        verify_envelope(sealed, device_public_key)
    try:
        plaintext = _SUITE.decrypt(
            sealed.envelope,
            datacenter_private_key,
            info=_info(sealed.record_id, sealed.seq, sealed.kid),
        )
    except InvalidTag:
        raise SealError(params={"problem": "cannot_decrypt"}) from None
    version2 = plaintext.startswith(_MAGIC_V2)
    if not (version2 or plaintext.startswith(_MAGIC)):
        raise SealError(params={"problem": "magic"})
    offset = len(_MAGIC)
    # A device that signs what it seals can still seal nonsense: the lengths are checked
    # before they are used, so a record holding only its magic is refused, not a crash.
    if len(plaintext) < offset + _LENGTH.size:
        raise SealError(params={"problem": "truncated"})
    (length,) = _LENGTH.unpack_from(plaintext, offset)
    if len(plaintext) < offset + _LENGTH.size + length:
        raise SealError(params={"problem": "truncated"})
    inner_signature = plaintext[offset + 2 : offset + 2 + length]
    payload = plaintext[offset + 2 + length :]
    if version2:
        try:
            head, _ = framing.split(payload)
        except framing.ContainerError:
            raise SealError(params={"problem": "container"}) from None
        signed = _INNER_CONTEXT_V2 + hashlib.sha256(head).digest()
    else:
        signed = _INNER_CONTEXT + hashlib.sha256(payload).digest()
    try:
        ed25519.Ed25519PublicKey.from_public_bytes(device_public_key).verify(
            inner_signature, signed
        )
    except InvalidSignature:
        raise SealError(params={"problem": "signature"}) from None
    # A version-2 payload is a record container: its blobs are checked against the hashes
    # in the signed header by ``container.unpack``, which every reader of the record calls.
    return payload


def seal_to(public_key: bytes, plaintext: bytes, *, info: bytes) -> bytes:
    """HPKE-encrypt ``plaintext`` to a raw X25519 key with the suite records are sealed with.

    Without the signatures and framing of a record: for what the data center keeps
    beside a record about the same person (the ketua tim's note), sealed to its own
    key.  ``info`` binds the ciphertext to where it is kept, so it opens nowhere else.
    """
    recipient = x25519.X25519PublicKey.from_public_bytes(public_key)
    return _SUITE.encrypt(plaintext, recipient, info=info)


def open_from(private_key: x25519.X25519PrivateKey, ciphertext: bytes, *, info: bytes) -> bytes:
    """Open what :func:`seal_to` sealed; ``SealError`` if it was altered or sealed elsewhere."""
    try:
        return _SUITE.decrypt(ciphertext, private_key, info=info)
    except (InvalidTag, ValueError):
        raise SealError(params={"problem": "cannot_decrypt"}) from None
