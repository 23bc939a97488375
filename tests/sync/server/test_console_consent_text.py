"""Issue 47 A1: the console's rules form sets the consent words, against the real service.

The textarea shows the office's words, or the laptops' default greyed (placeholder,
in Indonesian); a refused text is said at the field and kept as typed; emptying it
brings the default back; a form loaded before another administrator's save changes
nothing it was not told to (the textarea is compared with the text it was shown
with); two saves at the same moment both keep their rule.
"""

from __future__ import annotations

import html
import re
import threading
from typing import TYPE_CHECKING

import httpx
import pytest

from fieldkit.enrollment import consent_words
from sync.server import catalogue
from tests.sync.server.consolesupport import started
from tests.sync.server.test_console_officers import (
    BAD,
    OK,
    REDIRECT,
    _alert,
    _cli,
    _logged_in,
    _rules_form,
    _version,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from tests.sync.server.dcsupport import DataCenterProcess

WORDS = "Bapak/Ibu, data Bapak/Ibu akan direkam untuk KTP-el.\nApakah Bapak/Ibu setuju?"


def _area(page: str) -> re.Match[str]:
    found = re.search(
        r'<textarea id="f-consent_text" name="consent_text"([^>]*)>\n(.*?)</textarea>',
        page,
        re.DOTALL,
    )
    assert found is not None, page
    return found


def _area_error(page: str) -> str:
    attributes = _area(page).group(1)
    assert 'aria-invalid="true"' in attributes
    assert "e-consent_text" in attributes
    found = re.search(r'<p class="field-error" id="e-consent_text">([^<]*)</p>', page)
    assert found is not None
    return html.unescape(found.group(1))


def test_the_consent_text_is_set_refused_at_its_field_and_taken_away(
    start_datacenter: Callable[..., DataCenterProcess],
) -> None:
    server = started(start_datacenter, siti="admin", budi="operator")
    default = catalogue.text("id", "consent.default_text", context="consent")
    assert default.startswith("Bacakan kepada yang bersangkutan")
    with _logged_in(server, "siti") as client:
        page = client.get("/petugas/aturan")
        assert page.status_code == OK
        attributes = _area(page.text).group(1)
        placeholder = re.search(r'placeholder="([^"]*)"', attributes)
        assert placeholder is not None
        assert html.unescape(placeholder.group(1)) == default
        assert f'maxlength="{consent_words.MAX_CHARS}"' in attributes
        assert _area(page.text).group(2) == ""
        assert '<label for="f-consent_text">Teks persetujuan yang dibacakan' in page.text
        assert "Paling banyak 2.000 karakter" in page.text

        for typed, words in (
            ("a" * 2001, "Teks persetujuan berisi 2.001 karakter; paling banyak 2.000."),
            ("Setu\u200bju?", "(U+200B, karakter ke-5)"),
        ):
            refused = client.post(
                "/petugas/aturan", data=_rules_form(page) | {"consent_text": typed}
            )
            assert refused.status_code == BAD
            assert words in _area_error(refused.text)
            assert html.unescape(_area(refused.text).group(2)) == typed, "kept as typed"
        assert _cli(server, "rules", "show")["rules"] is None

        # A browser sends the textarea's lines with \r\n: stored with \n.
        typed = WORDS.replace("\n", "\r\n") + "\r\n"
        saved = client.post("/petugas/aturan", data=_rules_form(page) | {"consent_text": typed})
        assert (saved.status_code, saved.headers["location"]) == (
            REDIRECT,
            "/petugas/aturan?hasil=aturan",
        )
        page = client.get(saved.headers["location"])
        assert html.unescape(_area(page.text).group(2)) == WORDS
        assert _cli(server, "rules", "show")["rules"]["consent_text"] == WORDS
        untouched = client.post("/petugas/aturan", data=_rules_form(page))
        assert untouched.status_code == BAD, "the same words again change nothing"
        assert _alert(untouched.text) == "Tidak ada aturan yang diberikan; tidak ada yang diubah."

    with _logged_in(server, "budi") as client:  # an operator reads the words, line by line
        shown = client.get("/petugas/aturan").text
        assert f'<dd class="consent-text">{html.escape(WORDS)}</dd>' in shown

    with _logged_in(server, "siti") as client:
        page = client.get("/petugas/aturan")
        cleared = client.post("/petugas/aturan", data=_rules_form(page) | {"consent_text": ""})
        assert cleared.status_code == REDIRECT
        assert _cli(server, "rules", "show")["rules"]["consent_text"] is None
        assert _area(client.get("/petugas/aturan").text).group(2) == ""
    with _logged_in(server, "budi") as client:
        shown = client.get("/petugas/aturan").text
        assert f"kata-kata bawaan laptop: {default}</dd>" in html.unescape(shown)
    assert _version(server) == 2


def test_a_form_loaded_before_another_save_keeps_the_words_it_did_not_touch(
    start_datacenter: Callable[..., DataCenterProcess],
) -> None:
    """Emptying means "the default": a stale, untouched textarea must not mean that."""
    server = started(start_datacenter, siti="admin", rina="admin")
    with _logged_in(server, "siti") as siti, _logged_in(server, "rina") as rina:
        stale = _rules_form(rina.get("/petugas/aturan"))  # shown with no words
        page = siti.get("/petugas/aturan")
        saved = siti.post("/petugas/aturan", data=_rules_form(page) | {"consent_text": WORDS})
        assert saved.status_code == REDIRECT
        other = rina.post("/petugas/aturan", data=stale | {"max_attempts": "4"})
        assert other.status_code == REDIRECT
    rules = _cli(server, "rules", "show")["rules"]
    assert (rules["consent_text"], rules["max_attempts"]) == (WORDS, 4)


@pytest.mark.both_backends
def test_two_saves_at_the_same_moment_keep_both_rules(
    start_datacenter: Callable[..., DataCenterProcess],
) -> None:
    server = started(start_datacenter, siti="admin", rina="admin")
    with _logged_in(server, "siti") as siti, _logged_in(server, "rina") as rina:
        forms = {
            "siti": (siti, _rules_form(siti.get("/petugas/aturan")) | {"consent_text": WORDS}),
            "rina": (rina, _rules_form(rina.get("/petugas/aturan")) | {"threshold_face": "60,5"}),
        }
        start = threading.Barrier(len(forms))
        answers: dict[str, int] = {}

        def save(name: str) -> None:
            client, form = forms[name]
            start.wait()
            try:
                answers[name] = client.post("/petugas/aturan", data=form).status_code
            except httpx.HTTPError as error:  # said by the assert below
                answers[name] = repr(error)  # type: ignore[assignment]

        threads = [threading.Thread(target=save, args=(name,)) for name in forms]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert answers == {"siti": REDIRECT, "rina": REDIRECT}
        page = siti.get("/petugas/aturan").text
        assert html.unescape(_area(page).group(2)) == WORDS
        assert 'id="f-threshold_face" name="threshold_face" type="text" value="60,5"' in page
    rules = _cli(server, "rules", "show")["rules"]
    assert (rules["consent_text"], rules["thresholds"]) == (WORDS, {"face": 60.5})
    assert _version(server) == 2
