"""Bounded JSON for everything that comes from outside: HTTP bodies, USB sticks, record headers.

Python's ``json`` is safe against code execution but not against cost: a body
nested 100,000 deep raises ``RecursionError``, a 5,000-digit number raises a
bare ``ValueError`` (CPython's int digit limit), and a file is read whole
before anything is checked.  None of those is a ``json.JSONDecodeError``, so a
caller that catches only that one ends in a traceback, and one bad manifest
used to stop a whole USB import.

Here the size is checked before reading, numbers are limited by their digits
before they are converted, depth is limited after the C parser has refused
anything deeper than the interpreter's recursion limit, and every failure is
one ``JsonRefused`` with a ``JsonReason``.  No parser exception type leaves
this module.
"""

from __future__ import annotations

import enum
import json
import math
from typing import TYPE_CHECKING

from fieldkit.errors import KnownError

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

#: Objects/arrays inside each other; FieldKit's own documents need fewer than 10.
MAX_DEPTH = 32
#: Digits of an integer or characters of a float; a SHA-256 as a number would need 78.
MAX_NUMBER_CHARS = 40


class JsonReason(enum.StrEnum):
    TOO_LARGE = "too_large"
    TOO_DEEP = "too_deep"
    NUMBER_TOO_LONG = "number_too_long"
    NOT_UTF8 = "not_utf8"
    SYNTAX = "syntax"
    UNREADABLE = "unreadable"


class JsonRefused(KnownError):
    """Input that is not JSON this program will read; ``reason`` says which limit it broke."""

    code = "json_refused"

    def __init__(self, reason: JsonReason, params: Mapping[str, object] | None = None) -> None:
        super().__init__(code=f"json_{reason.value}", params=params)
        self.reason = reason


class _NumberTooLong(Exception):
    """Raised from inside the parser's hooks; turned into ``JsonRefused`` by ``loads``."""


def canonical_json(value: object) -> bytes:
    """One byte string per value, so the same record always hashes and signs the same.

    Here rather than in :mod:`fieldkit.sealing` so that the record container,
    which sealing reads, can use it without importing sealing back.
    """
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_NUMBER_CHARS:
        raise _NumberTooLong
    return int(text)


def _float(text: str) -> float:
    if len(text) > MAX_NUMBER_CHARS:
        raise _NumberTooLong
    value = float(text)
    if not math.isfinite(value):  # 1e999: JSON has no infinity
        raise ValueError
    return value


def _constant(_text: str) -> float:
    """``NaN`` and ``Infinity`` are not JSON; Python accepts them unless told otherwise."""
    raise ValueError


def _check_tree(value: object, limit: int) -> None:
    """Depth, and text that cannot be written back as UTF-8 (a lone surrogate).

    Iterative, so checking cannot itself recurse.
    """
    stack: list[tuple[object, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            _check_text(item)
            continue
        if isinstance(item, dict):
            children: list[object] = [*item.keys(), *item.values()]
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            raise JsonRefused(JsonReason.TOO_DEEP, params={"max_depth": limit})
        stack.extend((child, depth + 1) for child in children)


def _check_text(text: str) -> None:
    if text.isascii():
        return
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise JsonRefused(JsonReason.NOT_UTF8) from None


def loads(data: bytes | str, *, max_bytes: int, max_depth: int = MAX_DEPTH) -> object:
    """The value in ``data``, or ``JsonRefused``; ``data`` must already be at most ``max_bytes``."""
    if len(data) > max_bytes:
        raise JsonRefused(JsonReason.TOO_LARGE, params={"max_bytes": max_bytes})
    try:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
    except UnicodeDecodeError:
        raise JsonRefused(JsonReason.NOT_UTF8) from None
    try:
        value = json.loads(text, parse_int=_int, parse_float=_float, parse_constant=_constant)
    except _NumberTooLong:
        raise JsonRefused(JsonReason.NUMBER_TOO_LONG, params={"max": MAX_NUMBER_CHARS}) from None
    except RecursionError:
        raise JsonRefused(JsonReason.TOO_DEEP, params={"max_depth": max_depth}) from None
    except ValueError:  # JSONDecodeError, NaN/Infinity, a lone surrogate
        raise JsonRefused(JsonReason.SYNTAX) from None
    _check_tree(value, max_depth)
    return value


def read_file(path: Path, *, max_bytes: int) -> bytes:
    """A file's bytes, refused by its size before it is read, and never more than the limit."""
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError:
        raise JsonRefused(JsonReason.UNREADABLE, params={"file": path.name}) from None
    if len(data) > max_bytes:
        raise JsonRefused(JsonReason.TOO_LARGE, params={"max_bytes": max_bytes})
    return data


def load_file(path: Path, *, max_bytes: int, max_depth: int = MAX_DEPTH) -> tuple[object, bytes]:
    """The value in a file and the exact bytes it was read from (a signature covers those)."""
    data = read_file(path, max_bytes=max_bytes)
    return loads(data, max_bytes=max_bytes, max_depth=max_depth), data
