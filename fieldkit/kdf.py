"""Every Argon2id call of the process, one at a time.

Why this module exists: with the pinned ``cryptography`` (50.x, built on OpenSSL 4), two
Argon2id derivations with more than one lane running at once in one process never
return.  Both threads block for good with no CPU (seen on our machines with 64 MiB, t=3,
p=4, every time; ``cryptography`` caps OpenSSL's Argon2 thread pool at the core count,
and the two derivations' lanes seem to wait on each other's threads).  Production uses
four lanes everywhere: the console's passwords, the data center's first-login codes, the
laptop's key slots.  So two people logging in to the console at the same moment froze
its login for everyone, and two ``officers add`` at once hung.

The cure is one process-wide lock around each call: a derivation at production cost
takes about a fifth of a second and 64 MiB, so one at a time is also what bounds memory
under a flood of logins.  Processes do not share OpenSSL's threads, so separate processes
(``serve --workers N``) need no lock between them.

Nothing else in the project imports ``Argon2id`` (a test scans the sources): a new caller
that forgot the lock would bring the freeze back.  The formats are cryptography's own,
so hashes stored before this module read as they did.
"""

from __future__ import annotations

import hmac
import secrets
import threading

from cryptography.exceptions import InvalidKey
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

__all__ = ["calls", "derive", "hash_phc", "matches", "verify_phc"]

_LOCK = threading.Lock()
_calls = 0


def calls() -> int:
    """How many Argon2id computations this process has run (each derive, hash or verify).

    A number of calls, not a time: a test compares the work two paths ask for with it.
    """
    return _calls


def _count() -> None:
    global _calls  # noqa: PLW0603 - the one counter of the process, kept under _LOCK
    _calls += 1


def derive(
    secret: bytes,
    *,
    salt: bytes,
    length: int,
    iterations: int,
    lanes: int,
    memory_kib: int,
) -> bytes:
    """The raw Argon2id output (a key, or a hash to compare), under the process's lock."""
    kdf = Argon2id(
        salt=salt, length=length, iterations=iterations, lanes=lanes, memory_cost=memory_kib
    )
    with _LOCK:
        _count()
        return kdf.derive(secret)


def matches(
    secret: bytes,
    expected: bytes,
    *,
    salt: bytes,
    length: int,
    iterations: int,
    lanes: int,
    memory_kib: int,
) -> bool:
    """Whether ``secret`` derives to ``expected``; the comparison is constant-time."""
    derived = derive(
        secret,
        salt=salt,
        length=length,
        iterations=iterations,
        lanes=lanes,
        memory_kib=memory_kib,
    )
    return hmac.compare_digest(derived, expected)


def hash_phc(
    secret: bytes,
    *,
    iterations: int,
    lanes: int,
    memory_kib: int,
    salt_bytes: int = 16,
    length: int = 32,
) -> str:
    """A fresh salt and the PHC string (``$argon2id$v=19$m=…,t=…,p=…$salt$hash``)."""
    kdf = Argon2id(
        salt=secrets.token_bytes(salt_bytes),
        length=length,
        iterations=iterations,
        lanes=lanes,
        memory_cost=memory_kib,
    )
    with _LOCK:
        _count()
        return kdf.derive_phc_encoded(secret)


def verify_phc(secret: bytes, encoded: str) -> bool:
    """Whether ``secret`` is the one hashed in the PHC string, with the cost it names.

    A string that does not parse is a mismatch, not an error.
    """
    with _LOCK:
        _count()
        try:
            Argon2id.verify_phc_encoded(secret, encoded)
        except (InvalidKey, ValueError):
            return False
    return True
