from __future__ import annotations

import dataclasses
import os

import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519, x25519

from fieldkit.sealing import DataCenterKey, SealError, open_sealed, seal, verify_envelope

PAYLOAD = b'{"demographics":{"nama":"Sintetis"},"face":"' + os.urandom(64_000) + b'"}'


@pytest.fixture
def keys() -> tuple[ed25519.Ed25519PrivateKey, x25519.X25519PrivateKey, DataCenterKey]:
    device = ed25519.Ed25519PrivateKey.generate()
    datacenter = x25519.X25519PrivateKey.generate()
    public = DataCenterKey("dc-2026-1", datacenter.public_key().public_bytes_raw())
    return device, datacenter, public


def test_the_data_center_opens_what_the_laptop_sealed(keys) -> None:
    device, datacenter, public = keys
    sealed = seal("rec-1", 1, PAYLOAD, device_key=device, datacenter=public)
    assert PAYLOAD[:40] not in sealed.envelope
    device_public = device.public_key().public_bytes_raw()
    verify_envelope(sealed, device_public)
    assert open_sealed(sealed, datacenter, device_public) == PAYLOAD


def test_the_laptop_cannot_read_a_sealed_record_back(keys) -> None:
    device, _datacenter, public = keys
    sealed = seal("rec-1", 1, PAYLOAD, device_key=device, datacenter=public)
    # The laptop holds only its own keys and the data center's *public* key; any private
    # key it could make is the wrong one.
    guess = x25519.X25519PrivateKey.generate()
    with pytest.raises(SealError) as refused:
        open_sealed(sealed, guess, device.public_key().public_bytes_raw())
    assert refused.value.params["problem"] == "cannot_decrypt"


@pytest.mark.parametrize(
    "tamper",
    [
        lambda s: dataclasses.replace(s, envelope=s.envelope[:-1] + bytes([s.envelope[-1] ^ 1])),
        lambda s: dataclasses.replace(s, seq=s.seq + 1),
        lambda s: dataclasses.replace(s, record_id="rec-2"),
        lambda s: dataclasses.replace(s, signature=bytes(64)),
    ],
    ids=["flipped-bit", "other-seq", "other-id", "forged-signature"],
)
def test_altered_or_forged_records_are_refused(keys, tamper) -> None:
    device, datacenter, public = keys
    sealed = tamper(seal("rec-1", 1, PAYLOAD, device_key=device, datacenter=public))
    with pytest.raises(SealError):
        open_sealed(sealed, datacenter, device.public_key().public_bytes_raw())


@pytest.mark.parametrize(
    "tamper",
    [
        lambda s: dataclasses.replace(s, envelope=s.envelope[:-1] + bytes([s.envelope[-1] ^ 1])),
        # XOR, not a fixed byte: a fixed byte equals the random ciphertext's own 1 time in 256.
        lambda s: dataclasses.replace(
            s, envelope=s.envelope[:100] + bytes([s.envelope[100] ^ 0x5A]) + s.envelope[101:]
        ),
        lambda s: dataclasses.replace(s, seq=s.seq + 1),
        lambda s: dataclasses.replace(s, record_id="rec-2"),
    ],
    ids=["flipped-bit", "altered-inside", "other-seq", "other-id"],
)
def test_skipping_the_second_hash_still_refuses_altered_bytes(keys, tamper) -> None:
    """The data center's ingest hashes and checks the outer signature itself, then opens with
    ``envelope_verified``: decryption still refuses any byte or identity that changed."""
    device, datacenter, public = keys
    device_public = device.public_key().public_bytes_raw()
    sealed = seal("rec-1", 1, PAYLOAD, device_key=device, datacenter=public)
    assert open_sealed(sealed, datacenter, device_public, envelope_verified=True) == PAYLOAD
    with pytest.raises(SealError) as refused:
        open_sealed(tamper(sealed), datacenter, device_public, envelope_verified=True)
    assert refused.value.params["problem"] == "cannot_decrypt"


def test_a_record_signed_by_another_laptop_is_refused(keys) -> None:
    device, _, public = keys
    other = ed25519.Ed25519PrivateKey.generate()
    sealed = seal("rec-1", 1, PAYLOAD, device_key=other, datacenter=public)
    with pytest.raises(SealError) as refused:
        verify_envelope(sealed, device.public_key().public_bytes_raw())
    assert refused.value.params["problem"] == "signature"


def test_demo_keys_are_flagged_on_the_record(keys) -> None:
    device, _, public = keys
    demo = dataclasses.replace(public, kid="demo-local", demo=True)
    assert seal("rec-1", 1, PAYLOAD, device_key=device, datacenter=demo).demo
