"""Every error the core can raise at a person has an Indonesian sentence, keyed by its code."""

from __future__ import annotations

import ast
import datetime as dt
import enum
import importlib
from dataclasses import dataclass
from pathlib import Path

import pytest

from fieldkit import devices, nik
from fieldkit.enrollment import intake
from fieldkit.errors import AuthError, AuthReason, KnownError, StoreError, StoreReason
from fieldkit.planning import requests
from fieldkit.workspace import Workspace
from ui import messages
from ui.error_catalogue import core_error_texts

REPO = Path(__file__).resolve().parents[2]
#: The command line speaks English to operators at a terminal; the UI never reaches it.
NOT_IN_THE_APP = ("fieldkit/cli/", "fieldkit/store/migrations/")
#: Codes too vague for a person: each raise site names what went wrong in a code of its own.
GENERIC = {"error", "invalid_input", "step_not_allowed"}


@dataclass(frozen=True)
class Raise:
    where: str
    codes: frozenset[str]


def _reason_codes(call: ast.Call, prefix: str, reasons: type[enum.Enum]) -> frozenset[str]:
    first = call.args[0] if call.args else None
    if isinstance(first, ast.Attribute) and first.attr in reasons.__members__:
        return frozenset({f"{prefix}{reasons[first.attr].value}"})
    return frozenset(f"{prefix}{r.value}" for r in reasons)  # not plain: any of them


def _codes(call: ast.Call, cls: type[KnownError]) -> frozenset[str] | None:
    given = {k.arg: k.value for k in call.keywords}
    if "code" in given:
        value = given["code"]
        assert isinstance(value, ast.Constant), "a code is a literal, so it can be found"
        return frozenset({str(value.value)})
    if issubclass(cls, StoreError):
        return _reason_codes(call, "store_", StoreReason)
    if issubclass(cls, AuthError):
        return _reason_codes(call, "auth_", AuthReason)
    if issubclass(cls, devices.DeviceError):
        return None  # the driver's reason: worded in ui.messages' device block
    return frozenset({cls.code})


def core_raises() -> list[Raise]:
    """Each ``raise SomeKnownError(...)`` in the core, with the code(s) it can carry."""
    found = []
    for path in sorted((REPO / "fieldkit").rglob("*.py")):
        where = str(path.relative_to(REPO))
        if where.startswith(NOT_IN_THE_APP):
            continue
        module = importlib.import_module(".".join(path.relative_to(REPO).with_suffix("").parts))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)):
                continue
            func = node.exc.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            cls = getattr(module, name, None) if name else None
            if isinstance(cls, type) and issubclass(cls, KnownError):
                codes = _codes(node.exc, cls)
                if codes is not None:
                    found.append(Raise(f"{where}:{node.lineno}", codes))
    return found


def test_the_scan_finds_the_core_raises() -> None:
    raises = core_raises()
    assert len(raises) > 150  # the core has about 200; a broken scan finds few
    codes = {c for r in raises for c in r.codes}
    assert {"letter_number_required", "region_code_unknown", "invalid_nik"} <= codes


def test_every_core_error_code_has_a_sentence() -> None:
    known = messages.known_codes()
    missing = sorted(f"{r.where}: {c}" for r in core_raises() for c in r.codes if c not in known)
    assert missing == []


def test_no_raise_uses_a_vague_code() -> None:
    vague = sorted(f"{r.where}: {c}" for r in core_raises() for c in r.codes if c in GENERIC)
    assert vague == []


# --- what a person reads --------------------------------------------------------------


def _explained(error: KnownError) -> str:
    return messages.explain(error)


def test_validation_errors_read_in_indonesian(workspace: Workspace, indonesian: None) -> None:
    with pytest.raises(KnownError) as raised:
        requests.create_request(
            workspace,
            number="  ",
            letter_date=dt.date(2026, 1, 5),
            requester_type=requests.RequesterType.DESA,
            requester_name="Desa Sumberjo",
            region_code="33.15.01.2005",
        )
    assert _explained(raised.value) == "Nomor surat wajib diisi."
    with pytest.raises(KnownError) as raised:
        requests.check_region_code("99.99")
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
    expected = nik.check_nik(bad_day).errors[0].pesan
    assert expected in text
    assert "not valid" not in text


def test_a_code_without_a_sentence_falls_back_to_the_log_text() -> None:
    error = KnownError("Something only a log reader needs.", code="no_such_code_anywhere")
    assert _explained(error) == "Something only a log reader needs."


def _catalogue_sources() -> dict[str, str]:
    """The English sentence of each code, as written in the catalogue's modules."""
    sources = {}
    for module in ("error_catalogue.py", "error_catalogue_ketua.py"):
        tree = ast.parse((REPO / "ui" / module).read_text(encoding="utf-8"))
        table = next(n for n in ast.walk(tree) if isinstance(n, ast.Dict))
        for key, value in zip(table.keys, table.values, strict=True):
            if key is None:  # ``**ketua_error_texts()``: read from its own module
                continue
            assert isinstance(key, ast.Constant)
            assert isinstance(value, ast.Call)
            sources[str(key.value)] = str(ast.literal_eval(value.args[1]))
    return sources


def test_every_sentence_is_translated(indonesian: None) -> None:
    # A sentence lupdate did not extract (a call it cannot parse) would stay English here.
    shown = core_error_texts()
    sources = _catalogue_sources()
    assert set(sources) == set(shown)
    assert sorted(code for code, text in sources.items() if shown[code] == text) == []
