"""An officer's first-login code: made, hashed (Argon2id) and its expiry.

The code is shown once to the administrator who adds or re-enables an officer; the
laptop checks it offline against the hash the office package carries.
"""

from __future__ import annotations

import base64
import datetime as dt
import secrets
from typing import Any

from fieldkit import kdf as argon2
from fieldkit.officers import (
    normalise_first_login_code,
)

#: The first-login code's Argon2id parameters (the laptop checks the code with these).
CODE_MEMORY_KIB = 65536
CODE_ITERATIONS = 3
CODE_LANES = 4
CODE_TTL = dt.timedelta(days=14)
#: Unambiguous letters and digits: no 0/O, 1/I/L; read out over a phone.
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
_CODE_GROUPS = 3
_CODE_GROUP_LENGTH = 4


def new_first_login_code() -> str:
    """A one-time code like ``K7QM-3XPA-HW9N``, handed to the officer once."""
    groups = (
        "".join(secrets.choice(_CODE_ALPHABET) for _ in range(_CODE_GROUP_LENGTH))
        for _ in range(_CODE_GROUPS)
    )
    return "-".join(groups)


def hash_first_login_code(code: str, salt: bytes) -> bytes:
    """The code's Argon2id hash; through :mod:`fieldkit.kdf`, one derivation at a time."""
    return argon2.derive(
        normalise_first_login_code(code).encode("utf-8"),
        salt=salt,
        length=32,
        iterations=CODE_ITERATIONS,
        lanes=CODE_LANES,
        memory_kib=CODE_MEMORY_KIB,
    )


def first_login(code: str, now: dt.datetime) -> dict[str, Any]:
    """The package's ``first_login`` for ``code``: its hash and parameters, never the code."""
    salt = secrets.token_bytes(16)
    return {
        "kdf": "argon2id",
        "salt": base64.b64encode(salt).decode("ascii"),
        "hash": base64.b64encode(hash_first_login_code(code, salt)).decode("ascii"),
        "memory_kib": CODE_MEMORY_KIB,
        "iterations": CODE_ITERATIONS,
        "lanes": CODE_LANES,
        "expires_at": (now + CODE_TTL).replace(microsecond=0).isoformat(),
    }
