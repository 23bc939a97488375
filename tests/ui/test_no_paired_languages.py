"""No sentence in the core comes in two languages: Indonesian lives in the catalogue only.

Issue 26 moved every pair of English and Indonesian sentences (NIK findings, import
notes, sync reasons) out of ``fieldkit/`` and ``sync/`` into the Qt catalogue.  This
test fails when such a pair comes back: one call, tuple or dict holding an English
literal beside an Indonesian one, or a ``pesan`` (Indonesian message) field.
"""

from __future__ import annotations

import ast
import re
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
#: A commit that still had the pairs (the merge of h26-knot, before this follow-up).
_BEFORE = "dd0f7dd"
PACKAGES = ("fieldkit", "sync")
#: Words that mark a phrase as Indonesian; none of them is English.
_INDONESIAN = re.compile(
    r"\b(tidak|yang|berisi|sudah|dengan|atau|untuk|harus|lalu|sebagai|kosong|berkas|"
    r"seharusnya|belum|dapat|periksa|simpan|bukan)\b",
    re.IGNORECASE,
)
#: Words that mark a phrase as English; none of them is Indonesian.
_ENGLISH = re.compile(r"\b(the|is|not|must|has|cannot|does|was|with|should)\b", re.IGNORECASE)
#: Reads the ``pesan`` that stores written before issue 26 kept, so old records still show.
_READS_OLD_STORES = {"fieldkit/review/queue.py"}


def _text(node: ast.AST) -> str | None:
    """The literal words of a string constant or f-string, or None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return " ".join(_text(v) or "" for v in node.values)
    return None


def _children(node: ast.AST) -> list[ast.AST]:
    if isinstance(node, ast.Call):
        return [*node.args, *(k.value for k in node.keywords)]
    if isinstance(node, (ast.Tuple, ast.List)):
        return list(node.elts)
    if isinstance(node, ast.Dict):
        return [v for v in node.values if v is not None]
    return []


def paired_literals(source: str) -> list[int]:
    """Line numbers where one call, tuple, list or dict holds English and Indonesian words."""
    found = []
    for node in ast.walk(ast.parse(source)):
        texts = [t for t in map(_text, _children(node)) if t]
        english = any(_ENGLISH.search(t) and not _INDONESIAN.search(t) for t in texts)
        indonesian = any(_INDONESIAN.search(t) and not _ENGLISH.search(t) for t in texts)
        if english and indonesian:
            found.append(getattr(node, "lineno", 0))
    return found


def _modules() -> list[Path]:
    return [path for package in PACKAGES for path in sorted((REPO / package).rglob("*.py"))]


def test_the_check_finds_a_pair() -> None:
    pair = 'report.error("empty", "The NIK is empty", "NIK kosong")\n'
    assert paired_literals(pair) == [1]
    assert paired_literals('report.error("empty", {"number": "nik"})\n') == []


@pytest.mark.parametrize(
    "path",
    ["fieldkit/nik.py", "fieldkit/planning/target_rows.py", "fieldkit/planning/target_xlsx.py"],
)
def test_the_check_finds_the_pairs_issue_26_removed(path: str) -> None:
    before = subprocess.run(
        ["git", "show", f"{_BEFORE}:{path}"], cwd=REPO, capture_output=True, text=True, check=False
    )
    if before.returncode != 0:
        pytest.skip("the history before issue 26 is not in this checkout")
    assert len(paired_literals(before.stdout)) > 3


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(REPO)))
def test_no_sentence_is_paired_with_its_indonesian(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    assert paired_literals(source) == []
    if str(path.relative_to(REPO)) not in _READS_OLD_STORES:
        assert not re.search(r"\bpesan\b", source), "an Indonesian message field in the core"
