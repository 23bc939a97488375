"""``fieldkit officer first-login`` and the officer list's source and state, from a script."""

from __future__ import annotations

import json
from pathlib import Path

from fieldkit import office
from tests.fieldkit.office.office_support import CODE, document
from tests.support import ADMIN_PASSWORD, cli, init_workspace

NEW_PASSWORD = "kopi-pagi-sari-2026"


def test_first_login_through_the_cli(home: Path) -> None:
    with init_workspace(home) as ws:
        office.apply_package(ws, office.OfficePackage.from_document(document()))
    as_admin = {"FIELDKIT_PASSWORD": ADMIN_PASSWORD}
    listed = json.loads(cli("officer", "list", "--json", env=as_admin).stdout)
    assert {o["username"]: (o["source"], o["state"]) for o in listed} == {
        "admin": ("local", "active"),
        "sari": ("office", "pending"),
    }
    as_sari = {"FIELDKIT_OFFICER": "sari", "FIELDKIT_PASSWORD": NEW_PASSWORD}
    refused = cli("officer", "list", env=as_sari)
    assert refused.returncode == 1
    assert "First login" in refused.stderr

    wrong = cli(
        "officer",
        "first-login",
        "sari",
        env=as_admin
        | {"FIELDKIT_FIRST_LOGIN_CODE": "SALAH-0000", "FIELDKIT_NEW_PASSWORD": NEW_PASSWORD},
    )
    assert wrong.returncode == 1
    assert "one-time code is wrong (1 of 5" in wrong.stderr
    done = cli(
        "officer",
        "first-login",
        "sari",
        "--json",
        env=as_admin | {"FIELDKIT_FIRST_LOGIN_CODE": CODE, "FIELDKIT_NEW_PASSWORD": NEW_PASSWORD},
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["state"] == "active"
    mine = cli("officer", "list", "--json", env=as_sari)
    assert mine.returncode == 0, mine.stderr
