"""Officers unlocking key slots at once, at production cost, in one process (issue 46).

Two Argon2id derivations with four lanes at once in one process never returned with the
pinned cryptography/OpenSSL; the other keyring tests use a cheap one-lane cost that hid
it.  Here the slots have the defaults the app uses (64 MiB, t=3, p=4).
"""

from __future__ import annotations

import pytest

from fieldkit import kdf
from fieldkit.errors import AuthError, AuthReason
from fieldkit.store.keyring import KdfParams, Keyring
from tests.atonce import at_once

KEY = bytes(range(32))
OFFICERS = {"siti": "sandi-siti-panjang", "budi": "sandi-budi-panjang", "ani": "sandi-ani-panjang"}


def test_three_officers_unlock_at_once_at_production_cost_and_all_get_an_answer() -> None:
    ring = Keyring.new(store_id="store-1", office_code="3315")
    for name, password in OFFICERS.items():
        ring.add_slot(name, password, KEY)  # the app's default cost
    assert {slot.kdf for slot in ring.slots.values()} == {KdfParams(65536, 3, 4)}
    saved = ring.to_json()

    def unlock(name: str, password: str) -> list[bytes]:
        # A keyring of its own, as each login loads the file for itself.
        return Keyring.from_json(saved).unlock(name, password)

    def refused(name: str) -> AuthReason:
        with pytest.raises(AuthError) as wrong:
            Keyring.from_json(saved).unlock(name, "bukan-sandinya")
        return wrong.value.reason

    before = kdf.calls()
    answers = at_once(
        [
            lambda: unlock("siti", OFFICERS["siti"]),
            lambda: unlock("budi", OFFICERS["budi"]),
            lambda: unlock("ani", OFFICERS["ani"]),
            lambda: refused("siti"),
        ]
    )
    assert answers == [[KEY], [KEY], [KEY], AuthReason.WRONG_PASSWORD]
    assert kdf.calls() - before == len(answers), "one derivation per unlock"
