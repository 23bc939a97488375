"""``fieldkit officer card-bind|card-unbind`` with a virtual staff card in a real pcscd."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from drivers.cardreader.vpcd_card import VirtualCard, VpcdCard
from drivers.staff_card import StaffCard
from fieldkit.errors import AuthError, AuthReason
from fieldkit.workspace import Workspace
from tests.support import ADMIN, ADMIN_PASSWORD, cli, init_workspace

READER = "Virtual PCD 00 00"
UID = bytes.fromhex("04C0FFEE")
SECRET = bytes(range(50, 82))
PIN = "7531"
ENV = {"FIELDKIT_PASSWORD": ADMIN_PASSWORD, "FIELDKIT_OFFICER": ADMIN}


def test_bind_a_card_then_log_in_with_it_then_forget_it(home: Path, pcscd) -> None:
    init_workspace(home).close()
    card = VirtualCard(UID, StaffCard("ADM-3315-0001", "3315"), pin=PIN, login_secret=SECRET)
    wired = VpcdCard(card, port=35963)
    wired.insert()
    try:
        wrong = cli(
            "officer", "card-bind", "--reader", READER, "--json",
            env=ENV | {"FIELDKIT_CARD_PIN": "0000"},
        )  # fmt: skip
        assert wrong.returncode == 1
        assert json.loads(wrong.stdout)["error"]["code"] == "device_wrong_pin"
        assert "2 more wrong PINs" in json.loads(wrong.stdout)["error"]["message"]
        bound = cli(
            "officer", "card-bind", "--reader", READER, "--json",
            env=ENV | {"FIELDKIT_CARD_PIN": PIN},
        )  # fmt: skip
        assert bound.returncode == 0, bound.stderr
        assert json.loads(bound.stdout) == {"card_bound": ADMIN, "card_officer_id": "ADM-3315-0001"}
    finally:
        wired.remove()
    with Workspace.login_with_card(home, UID, SECRET) as ws:
        assert ws.officer.username == ADMIN
    forgot = cli("officer", "card-unbind", "--json", env=ENV)
    assert json.loads(forgot.stdout) == {"card_unbound": ADMIN, "was_bound": True}
    with pytest.raises(AuthError) as refused:
        Workspace.login_with_card(home, UID, SECRET)
    assert refused.value.reason is AuthReason.CARD_NOT_BOUND


def test_a_malformed_pin_is_the_users_error(home: Path) -> None:
    init_workspace(home).close()
    done = cli("officer", "card-bind", env=ENV | {"FIELDKIT_CARD_PIN": "12ab"})
    assert done.returncode == 1
    assert "4 to 12 digits" in done.stderr
