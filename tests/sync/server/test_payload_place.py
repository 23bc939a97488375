"""What the data center keeps in the clear of an opened record (``sync.server.intake.service``).

Only the visit's coarse facts and the officer's login, and whether a simulator took one
of the kept captures (issue 56.2): a mark the print queue needs, read from the laptop's
own ``device.simulated``.  A header the laptop did not write well never fails the upload.
"""

from __future__ import annotations

from typing import Any

import pytest

from sync.server.intake.payload import payload_place, payload_simulated
from sync.server.store.rows import RecordPlace

VISIT = {
    "id": "0b5c5a8e-1f3e-4a0e-9d7e-3b1f4f1d2a11",
    "date": "2026-11-20",
    "desa_code": "3315012001",
}


def _captures(*attempts: Any) -> dict[str, Any]:
    return {"captures": [{"slot": "finger:right_slap", "attempts": list(attempts)}]}


def _attempt(*, kept: bool = True, simulated: object = True) -> dict[str, Any]:
    return {"kept": kept, "device": {"backend": "sim", "simulated": simulated}, "images": []}


@pytest.mark.parametrize(
    ("header", "simulated"),
    [
        (_captures(_attempt()), True),
        (_captures(_attempt(simulated=False)), False),
        # An attempt not kept put nothing in the record: its device does not count.
        (_captures(_attempt(kept=False), _attempt(simulated=False)), False),
        (_captures(_attempt(simulated=False), _attempt()), True),
        ({"captures": [{"slot": "face", "attempts": [{"kept": True}]}]}, False),
        # Malformed shapes are read as nothing, never as an error.
        ({"captures": "none"}, False),
        ({"captures": [None, 3, {"attempts": "x"}, {"attempts": [None, "y"]}]}, False),
        ({}, False),
    ],
)
def test_a_simulator_is_read_from_the_kept_attempts_devices(
    header: dict[str, Any], *, simulated: bool
) -> None:
    assert payload_simulated(header) is simulated


def test_the_mark_is_kept_with_or_without_a_visit() -> None:
    with_visit = payload_place({"visit": VISIT, **_captures(_attempt())})
    assert with_visit is not None
    assert (with_visit.desa_code, with_visit.simulated) == ("3315012001", True)
    assert payload_place(_captures(_attempt())) == RecordPlace(simulated=True)
    # A visit whose every field is malformed: nothing to keep but the mark.
    assert payload_place({"visit": {"id": "bad id!"}, **_captures(_attempt())}) == RecordPlace(
        simulated=True
    )
    real = payload_place({"visit": VISIT})
    assert real is not None
    assert real.simulated is False
    assert payload_place({"visit": {"id": "bad id!"}}) is None
    assert payload_place({}) is None
    assert payload_place(None) is None
