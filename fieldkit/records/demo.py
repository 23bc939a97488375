"""The demo data center's key: sealing works before a real data center is enrolled.

The key pair is derived from a published seed, so anyone with FieldKit's
source can open a demo-sealed record.  That is the point: a training laptop,
a demo, or the local reference service started with ``--accept-demo`` can
walk a record through the whole flow.  Records sealed to it are flagged
``demo`` in the outbox, in ``fieldkit records list`` and in the app, and a
real data center refuses them (unknown kid).  docs/security.md says so too.
"""

from __future__ import annotations

import hashlib

from cryptography.hazmat.primitives.asymmetric import x25519

from fieldkit.sealing import DataCenterKey

DEMO_KID = "demo-datacenter-v1"
_SEED = hashlib.sha256(b"fieldkit demo data center v1: not secret, training only").digest()


def demo_private_key() -> x25519.X25519PrivateKey:
    """The demo data center's private key; public knowledge by design (see module doc)."""
    return x25519.X25519PrivateKey.from_private_bytes(_SEED)


DEMO_KEY = DataCenterKey(
    kid=DEMO_KID,
    public_key=demo_private_key().public_key().public_bytes_raw(),
    demo=True,
)
