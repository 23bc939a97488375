"""A laptop's audit problem code the console does not know is data on the Audit page.

Issue 46, hole 5: a code outside ``fieldkit.audit.Problem`` was passed to the sentence
lookup as ``code=``, the lookup's own parameter, and ``GET /audit`` answered 500 for
every account, so one laptop could break the page for the whole office.  The code is
now shown as data: escaped, one line, its controls visible, cut to size.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from sync.protocol import AuditProblem
from sync.server.console.audit import detail_words, finding_view, problem_words
from sync.server.console.pages import words
from tests.sync.server.auditsupport import SCREENS, NamedLaptop
from tests.sync.server.consolesupport import log_in, started
from tests.sync.server.dcsupport import new_code

if TYPE_CHECKING:
    from collections.abc import Callable

OK, REDIRECT = 200, 303
assert SCREENS  # the Audit screen's sentences, registered as the service registers them

#: What a laptop may put in its report's ``problem`` (the API takes up to 32 characters).
_HOSTILE_ON_THE_WIRE = "<b>x</b>\x1b[2J\u202e\n{seq}"
#: What a future or older data center may have stored: HTML, very long, controls.
_HOSTILE = (
    "<script>alert(1)</script>",
    "x" * 10_000,
    "\x1b]0;owned\x07\x1b[2J\r\n\u202e\u2028\x00",
    "{code} {seq} {what}",
    "",
)


def _broken_detail(what: str) -> str:
    """The detail ``sync.server.intake.anchors`` writes for a laptop's own failed check."""
    return f"the laptop's own check of its log failed at event 3 ({what})"


@pytest.mark.parametrize("hostile", _HOSTILE)
@pytest.mark.parametrize("lang", ["id", "en"])
def test_any_code_is_shown_as_one_short_printable_line(lang: str, hostile: str) -> None:
    t = words(lang)
    said = detail_words(AuditProblem.BROKEN_ON_LAPTOP.value, 3, _broken_detail(hostile), t)
    named = problem_words(hostile, t)
    row: dict[str, Any] = {
        "device_id": "d" * 64,
        "problem": hostile,
        "seq": 3,
        "via": hostile,
        "found_at": "2026-11-26T08:00:00+00:00",
        "detail": _broken_detail(hostile),
        "acknowledged_at": None,
        "acknowledgement": None,
    }
    view = finding_view(row, {}, t)
    for text in (said, named, view["problem"], view["detail"], view["via"]):
        assert text.isprintable(), text
        assert len(text) < 300, len(text)
    assert ("kode masalah" if lang == "id" else "problem code") in said
    assert ("Masalah tak dikenal" if lang == "id" else "Unknown problem") in named


def test_an_unknown_laptop_code_is_escaped_data_on_the_audit_page(
    start_datacenter: Callable[..., Any],
) -> None:
    server = started(start_datacenter, siti="admin")
    with server.client() as client:
        laptop = NamedLaptop(client, "laptop-desa-baru")
        laptop.enroll(new_code(server))
        laptop.audit(10, "a" * 64)
        laptop.audit(
            12,
            "c" * 64,
            proofs=[{"seq": 10, "hash": "a" * 64}],
            problem=_HOSTILE_ON_THE_WIRE,
            problem_seq=3,
        )
        assert log_in(client, "siti").status_code == REDIRECT
        said = {
            "/audit?lang=id": "kode masalah &lt;b&gt;",
            "/audit?lang=en": "problem code &lt;b&gt;",
        }
        for path in ("/audit?lang=id", "/audit?semua=1", "/audit?lang=en"):
            page = client.get(path)
            assert page.status_code == OK, page.text
            assert "&lt;b&gt;x&lt;/b&gt;\\x1b[2J\\u202e\\n{seq}" in page.text
            assert "<b>x</b>" not in page.text
            assert "\x1b" not in page.text
            assert "\u202e" not in page.text
            assert said.get(path, "&lt;b&gt;") in page.text
