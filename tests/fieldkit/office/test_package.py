"""Reading the package document: every field checked, a bad one named in the refusal."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from fieldkit.office import OfficePackage, OfficePackageInvalid
from fieldkit.planning.kinds import PlaceType, Terrain
from fieldkit.quality.result import QualityModality
from tests.fieldkit.office.office_support import TARGET_NIK, document


def test_a_valid_document_reads_into_typed_values() -> None:
    package = OfficePackage.from_document(document())
    assert package.version == 3
    assert package.issued_at == dt.datetime(2026, 11, 25, 8, tzinfo=dt.UTC)
    assert package.officers[0].nip == "198703122010012003"
    assert package.officers[0].first_login is not None
    assert package.rules is not None
    assert package.rules.thresholds == {QualityModality.FACE: 61.0}
    assert package.regions == (("331501", "Kedungjati Baru"),)
    assert package.plan is not None
    assert package.plan.visits[0].place_type is PlaceType.RUMAH
    assert package.plan.visits[0].terrain is Terrain.SEDANG
    assert package.plan.targets[0].nik == TARGET_NIK
    assert package.release is not None
    assert package.release.min_version == "0.1.0"


def test_the_auto_capture_rule_reads_as_a_switch_and_seconds() -> None:
    doc = document()
    assert OfficePackage.from_document(doc).rules.autocapture is None  # type: ignore[union-attr]
    doc["rules"] |= {"autocapture": False, "autocapture_steady_s": 1}
    rules = OfficePackage.from_document(doc).rules
    assert rules is not None
    assert (rules.autocapture, rules.autocapture_steady_s) == (False, 1.0)
    assert isinstance(rules.autocapture_steady_s, float)
    doc["rules"] |= {"autocapture": True, "autocapture_steady_s": 5}  # the range's ends
    rules = OfficePackage.from_document(doc).rules
    assert rules is not None
    assert (rules.autocapture, rules.autocapture_steady_s) == (True, 5.0)


def test_parts_the_office_has_not_set_are_null() -> None:
    package = OfficePackage.from_document(
        document(rules=None, plan=None, recorded=None, release=None, regions=[])
    )
    assert (package.rules, package.plan, package.recorded, package.release) == (
        None,
        None,
        None,
        None,
    )


def _set(path: str, value: object) -> Callable[[dict[str, Any]], None]:
    def change(doc: dict[str, Any]) -> None:
        *parents, last = path.split("/")
        node: Any = doc
        for part in parents:
            node = node[int(part)] if part.isdigit() else node[part]
        node[int(last) if last.isdigit() else last] = value

    return change


BAD_FIELDS = [
    ("format", "x", "format"),
    ("format_version", 3, "format_version"),
    ("office_code", "33-5", "office_code"),
    ("version", -1, "version"),
    ("version", True, "version"),
    ("issued_at", "2026-11-25T08:00:00", "issued_at"),
    ("officers", None, "officers"),
    ("officers/0/role", "lurah", "officers[0].role"),
    ("officers/0/nip", "1987031220100120", "officers[0].nip"),
    ("officers/0/username", "Sari Besar", "officers[0].username"),
    ("officers/0/full_name", "  ", "officers[0].full_name"),
    ("officers/0/state", "sleeping", "officers[0].state"),
    ("officers/0/first_login/kdf", "scrypt", "officers[0].first_login.kdf"),
    ("officers/0/first_login/salt", "c2hvcnQ=", "officers[0].first_login.salt"),
    ("officers/0/first_login/hash", "not base64!", "officers[0].first_login.hash"),
    ("officers/0/first_login/lanes", 0, "officers[0].first_login.lanes"),
    ("rules/thresholds/face", 101, "rules.thresholds.face"),
    ("rules/thresholds/smell", 50, "rules.thresholds.smell"),
    ("rules/max_attempts", 0, "rules.max_attempts"),
    ("rules/freeze_days", "7", "rules.freeze_days"),
    ("rules/idle_lock_minutes", 500, "rules.idle_lock_minutes"),
    ("rules/number_pattern", "474/{nope}", "rules.number_pattern"),
    ("rules/cosign_on_spot", "on", "rules.cosign_on_spot"),
    ("rules/autocapture", "off", "rules.autocapture"),
    ("rules/autocapture", 0, "rules.autocapture"),
    ("rules/autocapture_steady_s", "0.8", "rules.autocapture_steady_s"),
    ("rules/autocapture_steady_s", True, "rules.autocapture_steady_s"),
    ("rules/autocapture_steady_s", 0.1, "rules.autocapture_steady_s"),
    ("rules/autocapture_steady_s", 5.5, "rules.autocapture_steady_s"),
    ("regions/0/code", "3315x1", "regions[0].code"),
    ("plan/requests/0/requester_type", "presiden", "plan.requests[0].requester_type"),
    ("plan/requests/0/region_code", "9999", "plan.requests[0].region_code"),
    ("plan/requests/0/letter_date", "20-11-2026", "plan.requests[0].letter_date"),
    ("plan/visits/0/request_id", "req-unknown", "plan.visits[0].request_id"),
    ("plan/visits/0/place_type", "pasar", "plan.visits[0].place_type"),
    ("plan/visits/0/terrain", "gunung", "plan.visits[0].terrain"),
    ("plan/visits/0/start_time", "25:00", "plan.visits[0].start_time"),
    ("plan/visits/0/team/0/team_role", "supir", "plan.visits[0].team[0].team_role"),
    ("plan/targets/0/nik", "331501220243930", "plan.targets[0].nik"),
    ("plan/targets/0/nik", "3315019902439301", "plan.targets[0].nik"),
    ("plan/targets/0/visit_id", "vis-unknown", "plan.targets[0].visit_id"),
    ("plan/targets/0/sex", "X", "plan.targets[0].sex"),
    ("plan/targets/0/categories", ["lansia", "pejabat"], "plan.targets[0].categories"),
    ("recorded/key", "c2hvcnQ=", "recorded.key"),
    ("recorded/entries/0/mac", "ABC", "recorded.entries[0].mac"),
    ("release/min_version", "latest", "release.min_version"),
]


@pytest.mark.parametrize(("path", "value", "field"), BAD_FIELDS)
def test_a_bad_field_refuses_the_package_and_is_named(path: str, value: object, field: str) -> None:
    doc = document()
    _set(path, value)(doc)
    with pytest.raises(OfficePackageInvalid) as caught:
        OfficePackage.from_document(doc)
    assert caught.value.code == "package_malformed"
    assert caught.value.params == {"field": field}
    assert field in caught.value.message


def test_two_officers_of_one_name_are_refused() -> None:
    doc = document()
    doc["officers"].append(dict(doc["officers"][0]))
    with pytest.raises(OfficePackageInvalid) as caught:
        OfficePackage.from_document(doc)
    assert caught.value.params == {"field": "officers[1].username"}


def test_a_document_that_is_not_an_object_is_refused() -> None:
    with pytest.raises(OfficePackageInvalid):
        OfficePackage.from_document(["not", "a", "package"])
