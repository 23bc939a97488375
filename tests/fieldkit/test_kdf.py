"""``fieldkit.kdf``: every Argon2id call of the process, one at a time (issue 46).

Two Argon2id derivations with four lanes at once in one process never returned with the
pinned cryptography/OpenSSL.  Here: three at production cost all return, the formats
stored before read as they did, and no module but ``fieldkit.kdf`` imports Argon2id.
"""

from __future__ import annotations

import ast
import base64
from pathlib import Path

from fieldkit import kdf
from tests.atonce import at_once

ROOT = Path(__file__).resolve().parents[2]
#: Folders of ours that hold Python (the venv, caches and git's files are not ours).
OURS = ("fieldkit", "drivers", "sync", "ui", "tests", "benchmarks", "scripts", "packaging")
PRODUCTION = {"length": 32, "iterations": 3, "lanes": 4, "memory_kib": 65536}
#: Written by cryptography's own ``Argon2id.derive_phc_encoded`` before ``fieldkit.kdf``
#: existed (1 MiB, t=1, p=1, the salt ``0123456789abcdef``): a console hash as stored.
STORED_PHC = (
    "$argon2id$v=19$m=1024,t=1,p=1$MDEyMzQ1Njc4OWFiY2RlZg$"
    "rYOgyJVHORSMlGlTF236OWekkfGwTjjCH1qpI643pQ8"
)
STORED_PASSWORD = b"kata-sandi-yang-panjang"
#: ``Argon2id(salt=b"0123456789abcdef", length=32, iterations=1, lanes=2,
#: memory_cost=1024).derive(b"K7QM3XPAHW9N")`` as the office package carries it.
STORED_RAW = "NRKYQKmEb0Hnlw01FXrA+dafn2kkZdpEcCpyB3hZdLQ="


def _argon2_imports(source: str) -> list[str]:
    """Each import in ``source`` of cryptography's Argon2 module, an Argon2 class, or argon2."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            module = node.module or ""
            names = [alias.name for alias in node.names]
            if module.endswith("kdf.argon2") or module.split(".")[0] == "argon2":
                found.append(f"from {module} import {', '.join(names)}")
            found += [f"from {module} import {n}" for n in names if n.startswith("Argon2")]
            if module.startswith("cryptography") and "argon2" in names:
                found.append(f"from {module} import argon2")
        elif isinstance(node, ast.Import):
            found += [
                f"import {alias.name}"
                for alias in node.names
                if alias.name.endswith("kdf.argon2") or alias.name.split(".")[0] == "argon2"
            ]
    return found


def test_no_module_but_fieldkit_kdf_imports_argon2() -> None:
    own = ROOT / "fieldkit" / "kdf.py"
    scanned, offenders = 0, {}
    for folder in OURS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path == own:
                continue
            scanned += 1
            found = _argon2_imports(path.read_text(encoding="utf-8"))
            if found:
                offenders[str(path.relative_to(ROOT))] = found
    assert scanned > 500, "the scan read the source tree"
    assert offenders == {}, "Argon2id goes through fieldkit.kdf (its lock), nowhere else"
    assert _argon2_imports(own.read_text(encoding="utf-8")), "the scan does see an import"


def test_the_scan_sees_every_way_of_importing_it() -> None:
    for line in (
        "from cryptography.hazmat.primitives.kdf.argon2 import Argon2id",
        "from cryptography.hazmat.primitives.kdf import argon2",
        "import cryptography.hazmat.primitives.kdf.argon2",
        "import argon2",
        "from argon2 import PasswordHasher",
    ):
        assert _argon2_imports(line), line
    assert not _argon2_imports("from fieldkit import kdf as argon2")


def test_hashes_stored_before_read_as_they_did() -> None:
    assert kdf.verify_phc(STORED_PASSWORD, STORED_PHC)
    assert not kdf.verify_phc(STORED_PASSWORD + b"x", STORED_PHC)
    assert not kdf.verify_phc(STORED_PASSWORD, "not a PHC string")
    raw = base64.b64decode(STORED_RAW)
    cost = {"length": 32, "iterations": 1, "lanes": 2, "memory_kib": 1024}
    assert kdf.derive(b"K7QM3XPAHW9N", salt=b"0123456789abcdef", **cost) == raw
    assert kdf.matches(b"K7QM3XPAHW9N", raw, salt=b"0123456789abcdef", **cost)
    assert not kdf.matches(b"K7QM3XPAHW9X", raw, salt=b"0123456789abcdef", **cost)
    fresh = kdf.hash_phc(STORED_PASSWORD, iterations=1, lanes=1, memory_kib=1024)
    assert fresh.startswith("$argon2id$v=19$m=1024,t=1,p=1$")
    assert fresh != STORED_PHC, "a new salt each time"
    assert kdf.verify_phc(STORED_PASSWORD, fresh)


def test_each_computation_is_counted() -> None:
    before = kdf.calls()
    encoded = kdf.hash_phc(b"x" * 12, iterations=1, lanes=1, memory_kib=1024)
    kdf.verify_phc(b"x" * 12, encoded)
    kdf.verify_phc(b"y" * 12, encoded)
    kdf.derive(b"z", salt=b"s" * 16, length=32, iterations=1, lanes=1, memory_kib=1024)
    assert kdf.calls() - before == 4


def test_three_derivations_at_production_cost_at_once_all_return() -> None:
    """Without the process's lock, two of these never returned (issue 46)."""
    encoded = kdf.hash_phc(STORED_PASSWORD, iterations=3, lanes=4, memory_kib=65536)
    salt = b"0123456789abcdef"
    alone = kdf.derive(b"sandi", salt=salt, **PRODUCTION)
    results = at_once(
        [
            lambda: kdf.derive(b"sandi", salt=salt, **PRODUCTION),
            lambda: kdf.verify_phc(STORED_PASSWORD, encoded),
            lambda: kdf.hash_phc(b"lain", iterations=3, lanes=4, memory_kib=65536),
            lambda: kdf.verify_phc(b"salah", encoded),
        ]
    )
    assert results[0] == alone
    assert results[1] is True
    assert results[2].startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert results[3] is False
