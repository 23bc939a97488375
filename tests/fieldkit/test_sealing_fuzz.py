"""Generated and mutated bytes to the sealed-envelope reader: opened, or ``SealError``.

Two depths: the ciphertext itself mutated (decryption must refuse it), and any
plaintext at all encrypted and signed properly, as a malicious enrolled laptop
could, so the reader's parsing of what is inside is reached.
"""

from __future__ import annotations

import hashlib

from cryptography.hazmat.primitives import hpke
from cryptography.hazmat.primitives.asymmetric import ed25519, x25519
from hypothesis import given
from hypothesis import strategies as st

from fieldkit.errors import KnownError
from fieldkit.sealing import DataCenterKey, SealedRecord, SealError, open_sealed, seal
from sync.server.intake.payload import validate_json_record
from sync.server.store.rows import Announcement
from tests.fuzzing import SETTINGS, TRIED, bounded, mutations, outside_bytes

_SUITE = hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM)
DEVICE = ed25519.Ed25519PrivateKey.generate()
DEVICE_PUBLIC = DEVICE.public_key().public_bytes_raw()
DC = x25519.X25519PrivateKey.generate()
DC_KEY = DataCenterKey("dc-fuzz", DC.public_key().public_bytes_raw())
VALID = seal("r-1", 1, b'{"record_id": "r-1", "seq": 1}', device_key=DEVICE, datacenter=DC_KEY)
ANNOUNCED = Announcement("dev-1", "r-1", 1, VALID.sha256, len(VALID.envelope), "dc-fuzz")


def _sealed(envelope: bytes) -> SealedRecord:
    sha = hashlib.sha256(envelope).hexdigest()
    return SealedRecord(
        "r-1", 1, "dc-fuzz", demo=False, envelope=envelope, sha256=sha, signature=b""
    )


def _open(sealed: SealedRecord) -> None:
    try:
        payload = open_sealed(sealed, DC, DEVICE_PUBLIC, envelope_verified=True)
    except SealError:
        return
    try:
        validate_json_record(payload, ANNOUNCED)
    except KnownError:
        return


@SETTINGS
@given(mutations(VALID.envelope))
def test_a_mutated_envelope_is_refused(envelope: bytes) -> None:
    TRIED["sealed envelope (ciphertext)"] += 1
    bounded(lambda: _open(_sealed(envelope)))


inner = st.one_of(
    outside_bytes(b"FKREC1\x00\x00\x40" + b"s" * 64 + b'{"record_id": "r-1"}'),
    outside_bytes(b"FKREC2\x00\x00\x40" + b"s" * 64 + b"FKRC1\x00\x00\x00\x00\x02{}"),
    st.binary(max_size=80).map(lambda b: b"FKREC1\x00" + b),
)


@SETTINGS
@given(inner)
def test_any_plaintext_a_laptop_could_seal_is_opened_or_refused(plaintext: bytes) -> None:
    TRIED["sealed envelope (plaintext)"] += 1
    envelope = _SUITE.encrypt(plaintext, DC.public_key(), info=b"fieldkit-seal-v1|r-1|1|dc-fuzz")
    bounded(lambda: _open(_sealed(envelope)))


def test_the_valid_envelope_still_opens() -> None:
    assert open_sealed(VALID, DC, DEVICE_PUBLIC).startswith(b'{"record_id"')
    print(  # noqa: T201
        f"sealed envelope: {TRIED['sealed envelope (ciphertext)']} ciphertext and "
        f"{TRIED['sealed envelope (plaintext)']} plaintext cases"
    )
