"""Every error the core can raise at a person has an Indonesian sentence, keyed by its code."""

from __future__ import annotations

import ast
import datetime as dt
import enum
import importlib
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from drivers.base import Modality
from drivers.errors import DeviceReason, DriverError, ProtocolReason, TimeoutReason
from fieldkit import devices, nik, sentences
from fieldkit.enrollment import intake
from fieldkit.errors import (
    AuthError,
    AuthReason,
    InvalidInput,
    KnownError,
    StoreError,
    StoreReason,
)
from fieldkit.planning import kinds, requests
from fieldkit.safejson import JsonReason, JsonRefused
from fieldkit.workspace import Workspace
from sync.protocol import Reason
from sync.server.errors import DataCenterError
from ui import messages
from ui.error_catalogue import core_error_texts
from ui.nik_catalogue import finding_text

REPO = Path(__file__).resolve().parents[2]
#: Where the core, the sync and the drivers live: no sentence for a person is spelled there.
PACKAGES = ("fieldkit", "sync", "drivers")
#: sync/client/errors.py's SyncError words its reasons from its own table ("sync" context).
NOT_HERE = {"SyncError"}
#: Codes too vague for a person: each raise site names what went wrong in a code of its own.
GENERIC = {"error", "invalid_input", "step_not_allowed"}
#: Params a class adds to its errors itself, whatever the raise passes.
ADDED_BY_CLASS = {
    "WeakPassword": {"min"},
    "NotReadyToFinish": {"missing"},
    "VisitHasOpenTargets": {"count", "visit"},
    "SignatureRejected": {"instruction"},
    "InvalidNik": {"problems", "findings"},
    "InvalidKk": {"problems", "findings"},
}
_PLACE = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


@dataclass(frozen=True)
class Raise:
    where: str
    cls: type[KnownError]
    codes: frozenset[str]
    #: The params the raise names, or None when they are not a literal dict.
    params: frozenset[str] | None
    call: ast.Call


def _reason_codes(call: ast.Call, prefix: str, reasons: type[enum.Enum]) -> frozenset[str]:
    first = call.args[0] if call.args else None
    if isinstance(first, ast.Attribute) and first.attr in reasons.__members__:
        return frozenset({f"{prefix}{reasons[first.attr].value}"})
    return frozenset(f"{prefix}{r.value}" for r in reasons)  # not plain: any of them


def _codes(call: ast.Call, cls: type[KnownError]) -> frozenset[str] | None:  # noqa: PLR0911
    given = {k.arg: k.value for k in call.keywords}
    if "code" in given:
        value = given["code"]
        choices = [value.body, value.orelse] if isinstance(value, ast.IfExp) else [value]
        assert all(isinstance(c, ast.Constant) for c in choices), "a code is a literal"
        return frozenset(
            cls.code if c.value is None else str(c.value)
            for c in choices
            if isinstance(c, ast.Constant)
        )
    if issubclass(cls, StoreError):
        return _reason_codes(call, "store_", StoreReason)
    if issubclass(cls, AuthError):
        return _reason_codes(call, "auth_", AuthReason)
    if issubclass(cls, DataCenterError):
        reason = call.args[1] if len(call.args) > 1 else None
        if isinstance(reason, ast.Attribute) and reason.attr in Reason.__members__:
            return frozenset({str(Reason[reason.attr])})
        return frozenset(str(r) for r in Reason)
    if issubclass(cls, JsonRefused):
        return _reason_codes(call, "json_", JsonReason)
    if issubclass(cls, devices.DeviceError):
        return None  # the driver's reason: worded in ui.messages' device sentences
    return frozenset({cls.code})


def _params(call: ast.Call, cls: type[KnownError]) -> frozenset[str] | None:
    given = {k.arg: k.value for k in call.keywords}
    names = set(ADDED_BY_CLASS.get(cls.__name__, set()))
    if "path" in given and issubclass(cls, StoreError):
        names.add("path")
    if "params" in given:
        value = given["params"]
        if not isinstance(value, ast.Dict) or None in value.keys:
            return None
        names |= {str(k.value) for k in value.keys if isinstance(k, ast.Constant)}
    return frozenset(names)


def _modules() -> list[tuple[str, object, ast.AST]]:
    found = []
    for package in PACKAGES:
        for path in sorted((REPO / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue  # alembic's scripts import only inside a migration, and raise nothing
            name = ".".join(path.relative_to(REPO).with_suffix("").parts)
            module = importlib.import_module(name)
            tree = ast.parse(path.read_text(encoding="utf-8"))
            found.append((str(path.relative_to(REPO)), module, tree))
    return found


def core_raises() -> list[Raise]:
    """Each construction of a ``KnownError`` class in the core, with the code(s) it can carry."""
    found = []
    for where, module, tree in _modules():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            cls = getattr(module, name, None) if name else None
            if not (isinstance(cls, type) and issubclass(cls, KnownError)):
                continue
            if cls.__name__ in NOT_HERE:
                continue
            codes = _codes(node, cls) or frozenset()
            found.append(Raise(f"{where}:{node.lineno}", cls, codes, _params(node, cls), node))
    return found


def _is_text(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return True
    if isinstance(node, ast.JoinedStr):
        return True
    return isinstance(node, ast.BinOp) and (_is_text(node.left) or _is_text(node.right))


def test_the_scan_finds_the_core_raises() -> None:
    raises = core_raises()
    assert len(raises) > 250  # the core has about 300; a broken scan finds few
    codes = {c for r in raises for c in r.codes}
    assert {"letter_number_required", "region_code_unknown", "invalid_nik"} <= codes


def test_no_error_is_raised_with_a_sentence() -> None:
    # The sentence lives in the catalogue (ui/), the raise names a code and params only.
    spelled = sorted(
        r.where
        for r in core_raises()
        if any(_is_text(arg) for arg in r.call.args)
        or any(k.arg == "hint" for k in r.call.keywords)
    )
    assert spelled == []


def test_every_core_error_code_has_a_sentence() -> None:
    # The scan imports every module first: a package's sentences are registered when it is
    # imported, so asking for the known codes before it failed whenever this test ran alone.
    raises = core_raises()
    known = messages.known_codes()
    missing = sorted(f"{r.where}: {c}" for r in raises for c in r.codes if c not in known)
    assert missing == []


def test_every_code_has_an_english_sentence_for_logs() -> None:
    contexts = {"errors", "devices"}
    english = {s.code for s in sentences.registered() if s.context in contexts}
    assert messages.known_codes() <= english


def test_a_sentence_names_only_what_its_raise_gives() -> None:
    wrong = []
    for found in core_raises():
        if found.params is None:
            continue
        for code in found.codes:
            text = sentences.template(found.cls.context, code) or ""
            hint = sentences.template(found.cls.context, f"{code}.hint") or ""
            places = set(_PLACE.findall(text + hint))
            if not places <= found.params:
                wrong.append(f"{found.where}: {code} names {sorted(places - found.params)}")
    assert wrong == []


def test_no_raise_uses_a_vague_code() -> None:
    vague = sorted(f"{r.where}: {c}" for r in core_raises() for c in r.codes if c in GENERIC)
    assert vague == []


def test_a_drivers_english_never_reaches_the_officer(indonesian: None) -> None:
    for reason in (*DeviceReason, *ProtocolReason, *TimeoutReason):
        driver_error = DriverError("Port /dev/ttyUSB0: errno 5.", reason=reason)
        text = messages.explain(devices.DeviceError(driver_error, Modality.FINGERPRINT))
        assert "errno" not in text, (reason, text)
        assert "ttyUSB0" not in text, (reason, text)


def test_a_known_error_logs_the_catalogues_english() -> None:
    error = InvalidInput(code="letter_number_required")
    assert error.message == sentences.english("errors", "letter_number_required")
    assert str(error) == error.message
    assert error.as_dict()["code"] == "letter_number_required"


# --- what a person reads --------------------------------------------------------------


def _explained(error: KnownError) -> str:
    return messages.explain(error)


def test_validation_errors_read_in_indonesian(workspace: Workspace, indonesian: None) -> None:
    with pytest.raises(KnownError) as raised:
        requests.create_request(
            workspace,
            number="  ",
            letter_date=dt.date(2026, 1, 5),
            requester_type=kinds.RequesterType.DESA,
            requester_name="Desa Sumberjo",
            region_code="33.15.01.2005",
        )
    assert _explained(raised.value) == "Nomor surat wajib diisi."
    with pytest.raises(KnownError) as raised:
        kinds.check_region_code("99.99")
    assert _explained(raised.value) == ("Kode wilayah 99.99 tidak ada di tabel wilayah Kemendagri.")


def test_a_nik_error_names_the_failing_field_in_indonesian(indonesian: None) -> None:
    bad_day = "3315019901409001"  # day 99 is no date, even for a woman (+40)
    with pytest.raises(KnownError) as raised:
        intake.check_person(intake.PersonInput(nik=bad_day, name="Sasaran Uji"))
    error = raised.value
    assert error.code == "invalid_nik"
    assert error.params["findings"]  # the core's finding codes, for logs and tests
    text = _explained(error)
    assert text.startswith("NIK tidak valid: ")
    assert "99" in text
    expected = finding_text(nik.check_nik(bad_day).errors[0])
    assert expected.startswith("Kolom tanggal 99 tidak valid")
    assert expected in text
    assert "not valid" not in text


def test_a_code_without_a_sentence_falls_back_to_the_log_text() -> None:
    error = KnownError(code="no_such_code_anywhere", params={"n": 2})
    assert _explained(error) == "no_such_code_anywhere(n=2)"


def _catalogue_sources() -> dict[str, str]:
    """The English sentence of each error code, as written beside the code that raises it."""
    return {s.code: s.source for s in sentences.registered() if s.context == "errors"}


def test_every_sentence_is_translated(indonesian: None) -> None:
    # A sentence lupdate did not extract (a call it cannot parse) would stay English here.
    shown = core_error_texts()
    sources = _catalogue_sources()
    assert set(sources) == set(shown)
    assert sorted(code for code, text in sources.items() if shown[code] == text) == []
