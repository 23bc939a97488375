"""Issue 47 A1: the office sets the consent words its laptops read (the rule ``consent_text``).

``fieldkit-datacenter rules set --consent-text`` (or ``--consent-text-file``) stores
the words, checked as the laptop checks them and refused in the office's words; ``""``
takes them away (the laptops' default again).  The sealed package carries them, a real
laptop store applies it and ``intake.consent_text`` returns them; two saves at once
both keep their own rule.
"""

from __future__ import annotations

import base64
import json
import threading
from typing import TYPE_CHECKING, Any

import psycopg
import pytest
import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric import x25519

from fieldkit import office as laptop_office
from fieldkit.enrollment import consent_words, intake
from fieldkit.errors import InvalidInput
from fieldkit.office.package import OfficePackage
from fieldkit.safejson import canonical_json
from sync.office_package import open_package
from sync.server.keys import DataCenterKeys
from sync.server.office.steering import Office
from sync.server.store.database import SqlStore, sqlite_url
from tests.support import OFFICE
from tests.sync.server.dcsupport import dc_cli, fresh_database

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

    from fieldkit.workspace import Workspace

DEVICE = "dev-0123456789abcdef"
WORDS = "Bapak/Ibu, data Bapak/Ibu akan direkam untuk KTP-el.\nApakah Bapak/Ibu setuju?"


def _ok(data: Path, *args: str) -> Any:
    done = dc_cli(data, *args, "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _refusal(data: Path, *args: str) -> str:
    done = dc_cli(data, *args)
    assert done.returncode == 2, (done.stdout, done.stderr)
    return done.stderr.split("error: ", 1)[1].strip()


def test_the_cli_sets_the_consent_text_refuses_a_bad_one_and_takes_it_away(
    tmp_path: Path,
) -> None:
    data = tmp_path / "dc"
    _ok(data, "office", "set", OFFICE)
    set_ = _ok(data, "rules", "set", "--consent-text", WORDS + "  \n\n")
    assert set_["rules"]["consent_text"] == WORDS, "kept as stored: no trailing blanks"
    version = set_["version"]

    too_long = "a" * (consent_words.MAX_CHARS + 1)
    assert _refusal(data, "rules", "set", "--consent-text", too_long) == (
        "The consent text has 2001 characters; it may have at most 2000. Shorten it; "
        "nothing was changed."
    )
    said = _refusal(data, "rules", "set", "--consent-text", "Setuju?\x1b[2J")
    assert said.startswith("The consent text holds a character a laptop cannot show (U+001B,")
    assert "character 8" in said
    said = _refusal(data, "rules", "set", "--consent-text", "Setu\u200bju?")
    assert "(U+200B, character 5)" in said
    shown = _ok(data, "rules", "show")
    assert (shown["rules"]["consent_text"], shown["version"]) == (WORDS, version)

    several = tmp_path / "persetujuan.txt"
    several.write_bytes(("\ufeffBaris satu\r\nBaris dua\r\n").encode())
    from_file = _ok(data, "rules", "set", "--consent-text-file", str(several))
    assert from_file["rules"]["consent_text"] == "Baris satu\nBaris dua"
    not_text = tmp_path / "foto.jpg"
    not_text.write_bytes(b"\xff\xd8\xff\xe0 not UTF-8")
    assert "cannot be read as a UTF-8 text file" in _refusal(
        data, "rules", "set", "--consent-text-file", str(not_text)
    )
    both = dc_cli(data, "rules", "set", "--consent-text", "a", "--consent-text-file", "b")
    assert both.returncode == 2, "one or the other"

    cleared = _ok(data, "rules", "set", "--consent-text", "")
    assert cleared["rules"]["consent_text"] is None
    assert cleared["version"] == from_file["version"] + 1
    again = _ok(data, "rules", "set", "--attempts", "4")
    assert again["rules"]["consent_text"] is None, "another rule leaves it as it is"


@pytest.fixture
def office(tmp_path: Path) -> Iterator[Office]:
    store = SqlStore(sqlite_url(tmp_path))
    yield Office(store)
    store.close()


def _opened(office: Office, keys: DataCenterKeys, key: x25519.X25519PrivateKey) -> OfficePackage:
    sealed = office.sealed_package(DEVICE, keys)
    assert sealed is not None
    document = open_package(
        canonical_json(sealed),
        package_private_key=key,
        receipt_public_key=keys.receipt_key.public_key().public_bytes_raw(),
        office_code=OFFICE,
        device_id=DEVICE,
    )
    return OfficePackage.from_document(document)


def test_the_office_s_words_reach_the_laptop_s_consent_step_and_go_again(
    office: Office, tmp_path: Path, workspace: Workspace
) -> None:
    keys = DataCenterKeys(tmp_path / "keys")
    key = x25519.X25519PrivateKey.generate()
    public = base64.b64encode(key.public_key().public_bytes_raw()).decode()
    office.store_health(DEVICE, {"package_key": public}, via="test")
    office.set_office(OFFICE, "Kantor")
    longest = ("Bapak/Ibu setuju?\n" * 200)[: consent_words.MAX_CHARS].strip()
    office.set_rules(consent_text=longest)

    package = _opened(office, keys, key)
    assert package.rules is not None
    assert package.rules.consent_text == longest
    summary = laptop_office.apply_package(workspace, package)
    assert "consent_text" in [c.code for c in summary.changes]
    assert intake.consent_text(workspace) == longest

    office.set_rules(consent_text="")
    summary = laptop_office.apply_package(workspace, _opened(office, keys, key))
    assert "consent_text_default" in [c.code for c in summary.changes]
    assert intake.consent_text(workspace) is None


def test_a_consent_text_is_refused_before_it_is_stored(office: Office) -> None:
    office.set_office(OFFICE)
    version = office.settings()["version"]
    for text, code in (
        ("x" * (consent_words.MAX_CHARS + 1), "datacenter_consent_text_too_long"),
        ("Setuju \u202e?", "datacenter_consent_text_character"),
        ("Setuju\t?", "datacenter_consent_text_character"),
    ):
        with pytest.raises(InvalidInput) as refused:
            office.set_rules(consent_text=text)
        assert refused.value.code == code
    with pytest.raises(InvalidInput) as refused:
        office.set_rules(consent_text=["not", "text"])
    assert refused.value.params == {"field": "rules.consent_text"}
    assert office.settings()["version"] == version
    assert office.settings()["rules"] is None


def _save_at_once(office: Office, *rules: dict[str, Any]) -> list[BaseException]:
    """``Office.set_rules`` with each of ``rules`` in a thread of its own, started together."""
    start = threading.Barrier(len(rules))
    errors: list[BaseException] = []

    def save(rule: dict[str, Any]) -> None:
        start.wait()
        try:
            office.set_rules(**rule)
        except BaseException as error:  # noqa: BLE001 - reported by the caller's assert
            errors.append(error)

    threads = [threading.Thread(target=save, args=(rule,)) for rule in rules]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def _waiting_on_a_lock(url: str) -> bool:
    """Whether a session of that PostgreSQL database waits on a lock another one holds."""
    with psycopg.connect(sa.make_url(url).render_as_string(hide_password=False)) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        ).fetchone()
    return row is not None and row[0] > 0


def test_a_second_save_on_a_new_data_center_merges_into_the_first(
    request: pytest.FixtureRequest, wait_until: Callable[[Callable[[], bool], float, str], None]
) -> None:
    """No settings row yet: a save at the same moment must still wait, then merge.

    ``FOR UPDATE`` alone found no row to lock there: the second save read no rules,
    waited only to write, and dropped the first's consent words (PostgreSQL, once in a
    console test run).  Here the first save, inside its transaction, lets the second start
    and commits only once the second waits on it: the order that lost the words, every time.
    """
    url = fresh_database(request, "postgresql")
    assert url is not None
    store = SqlStore(url)
    errors: list[BaseException] = []

    def second_save() -> None:
        try:
            office.set_rules(thresholds={"face": 60.0})
        except BaseException as error:  # noqa: BLE001 - reported by the assert below
            errors.append(error)

    second = threading.Thread(target=second_save)

    def on_change(_conn: object, _what: str, version: int) -> None:
        if version == 1:  # the first save, written and not yet committed
            second.start()
            wait_until(lambda: _waiting_on_a_lock(url), 30, "the second save to wait")

    try:
        office = Office(store, on_change=on_change)
        office.set_rules(consent_text=WORDS)
        second.join(60)
        assert not second.is_alive()
        assert errors == []
        rules = office.settings()["rules"]
        assert (rules["consent_text"], rules["thresholds"]) == (WORDS, {"face": 60.0})
        assert office.settings()["version"] == 2
    finally:
        store.close()


def test_two_saves_at_once_keep_each_rule(office: Office) -> None:
    """One saves the consent words, another a threshold, at the same moment: both stay."""
    office.set_office(OFFICE)
    errors = _save_at_once(
        office,
        {"consent_text": WORDS},
        {"thresholds": {"face": 60.0}},
        {"consent_text": "x" * 3000},
    )
    assert [type(e) for e in errors] == [InvalidInput]
    rules = office.settings()["rules"]
    assert (rules["consent_text"], rules["thresholds"]) == (WORDS, {"face": 60.0})
    assert office.settings()["version"] == 3
