r"""Text from outside shown on one line: control and format characters made visible.

A name that comes from a USB stick, a request or an argument reaches the
command line's output and the text logs.  Written raw, a newline in it forges a
second log line, ``ESC [2J`` clears the operator's terminal, and U+202E (a
right-to-left override) turns the rest of the line around.  :func:`printable`
writes each such character as a visible escape instead (``\n``, ``\x1b``,
``\u202e``; a byte that was not UTF-8, kept by Python as a lone surrogate, as
the byte ``\xff``), so one record stays one line and reads as it is.

"Such characters" are Unicode's controls (C0, DEL, C1: category ``Cc``), format
characters (``Cf``: bidi overrides and isolates, zero-width ones, the soft
hyphen), the line and paragraph separators (``Zl``, ``Zp``: U+2028, U+2029,
which ``str.splitlines`` and some viewers break at) and lone surrogates
(``Cs``).  The backslash is left alone: Windows paths are full of them, and a
literal ``\n`` in a name cannot break a line.

The places that use it: :func:`fieldkit.sentences.english` for every
parameter of a sentence (so every ``say(...)`` line and every ``KnownError``
message), :class:`PrintableFormatter` for every text log line, and
:func:`printable_lines` for every line ``fieldkit-datacenter`` writes to its
standard output (a laptop's hostname, version or device kinds in a table).
"""

from __future__ import annotations

import logging
import re
import unicodedata

#: The categories escaped: controls, format characters, line/paragraph separators, surrogates.
_UNSAFE = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})
#: Everything but printable ASCII: the only characters that may need a look.
_SUSPECT = re.compile(r"[^\x20-\x7e]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
#: ``surrogateescape`` keeps a byte 0x80-0xff that is not UTF-8 as U+DC80..U+DCFF.
_ESCAPED_BYTES = range(0xDC80, 0xDD00)
_BMP = 0x10000
_LATIN1 = 0x100


def is_unsafe(char: str) -> bool:
    """Whether ``char`` breaks a line, moves the cursor or reorders the text shown."""
    return unicodedata.category(char) in _UNSAFE


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    if not is_unsafe(char):
        return char
    if char in _NAMED:
        return _NAMED[char]
    point = ord(char)
    if point in _ESCAPED_BYTES:
        return f"\\x{point - 0xDC00:02x}"
    if point < _LATIN1:
        return f"\\x{point:02x}"
    if point < _BMP:
        return f"\\u{point:04x}"
    return f"\\U{point:08x}"


def printable(text: str) -> str:
    """``text`` with every control, format and separator character as a visible escape."""
    if _SUSPECT.search(text) is None:  # the common case: plain ASCII, nothing to do
        return text
    return _SUSPECT.sub(_visible, text)


def printable_lines(text: str) -> str:
    """``text`` with each of its lines made :func:`printable`; its own line breaks kept.

    For a command's output built from lines it joined itself: the breaks between them
    are the command's, everything inside a line (a value from a laptop) is escaped.
    A value that may hold a newline of its own is made :func:`printable` before it is
    put in its line, so it cannot forge a second one.
    """
    if _SUSPECT.search(text) is None:
        return text
    return "\n".join(printable(line) for line in text.split("\n"))


def _json_escape(match: re.Match[str]) -> str:
    char = match.group()
    if not is_unsafe(char):
        return char
    point = ord(char)
    if point < _BMP:
        return f"\\u{point:04x}"
    point -= _BMP  # a JSON string spells a character beyond the BMP as a surrogate pair
    return f"\\u{0xD800 + (point >> 10):04x}\\u{0xDC00 + (point & 0x3FF):04x}"


def json_printable(encoded: str) -> str:
    r"""JSON text (``json.dumps(..., ensure_ascii=False)``) with the same characters escaped.

    ``json`` escapes C0 controls itself but leaves C1 controls, U+2028, U+202E and
    lone surrogates raw.  These occur only inside strings of the JSON text, where
    ``\uXXXX`` is the same character to a JSON reader: the value does not change,
    only its spelling, and the line stays one line.
    """
    if _SUSPECT.search(encoded) is None:
        return encoded
    return _SUSPECT.sub(_json_escape, encoded)


class PrintableFormatter(logging.Formatter):
    """A text log formatter whose every record is one line, whatever its arguments held.

    The message (with its arguments filled) is escaped whole.  A traceback keeps its
    own line breaks, which are its structure; any other unsafe character in it is
    escaped.  (Its exception messages come from our code, whose parameters
    :func:`fieldkit.sentences.english` escaped already, or from ``OSError``, which
    quotes a file name with ``repr``.)
    """

    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 - logging's name
        return printable(super().formatMessage(record))

    def formatException(self, ei: logging._SysExcInfoType) -> str:  # noqa: N802
        return "\n".join(printable(line) for line in super().formatException(ei).split("\n"))

    def formatStack(self, stack_info: str) -> str:  # noqa: N802 - logging's name
        return "\n".join(printable(line) for line in super().formatStack(stack_info).split("\n"))
