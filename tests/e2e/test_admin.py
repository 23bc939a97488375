"""The admin's officer administration through the real window: an officer is added with a
first password in Pengaturan (a double click on the button adds one), then, after
"Ganti pengguna", logs in with that password and reaches Beranda under their own name.
"""

from __future__ import annotations

from tests.e2e.desktop import Desktop, Hands
from tests.e2e.journeys import (
    choose_containing,
    log_in,
    open_page,
    problems_on_screen,
    switch_user,
)
from ui.demo import DEMO_PASSWORD

NEW_OFFICER = "siti.aminah"
NEW_NAME = "Siti Aminah"
PASSWORD = "kunci-rahasia-uji-7"


def _fill_the_add_officer_form(hands: Hands, *, role: str | None = None) -> None:
    """The admin opens Tambah petugas from Pengaturan and types every field."""
    log_in(hands, "admin")
    open_page(hands, "Pengaturan")
    hands.click("push button", "Kelola petugas…")
    hands.click("push button", "Tambah petugas…")
    hands.find("dialog", "Tambah petugas")
    hands.fill("text", "Nama pengguna", NEW_OFFICER)
    hands.fill("text", "Nama lengkap", NEW_NAME)
    if role is not None:
        choose_containing(hands, "petugas perekaman", role)
    hands.fill("password text", "Kata sandi", PASSWORD)
    hands.fill("password text", "Ulangi kata sandi", PASSWORD)


def test_the_admin_adds_an_officer_who_then_logs_in(launch, desktop: Desktop) -> None:
    app = launch(desktop, "--demo")
    hands = app.hands
    _fill_the_add_officer_form(hands, role="Ketua tim")
    hands.screenshot("add-officer")
    problems = problems_on_screen(hands.look(), desktop.width, desktop.height)
    hands.double_click("push button", "Tambahkan petugas")  # one click, one officer
    hands.wait_text(f"{NEW_NAME} ditambahkan")
    hands.screenshot("officer-added")
    assert len(hands.look().find("table cell", NEW_NAME)) == 1, "the officer was added twice"
    hands.click("push button", "Tutup daftar petugas")

    switch_user(hands, NEW_OFFICER, PASSWORD)
    open_page(hands, "Beranda")
    hands.wait_text(f"{NEW_NAME} ({NEW_OFFICER})")
    hands.screenshot("new-officer-home")
    problems += problems_on_screen(hands.look(), desktop.width, desktop.height)
    assert not problems, "\n".join(problems)
    assert not app.crashes()


def test_enter_in_the_filled_add_officer_form_adds_the_officer(launch, desktop: Desktop) -> None:
    """Issue 36: Enter in a filled "Tambah petugas" pressed "Batal" and threw the form away."""
    app = launch(desktop, "--demo")
    hands = app.hands
    _fill_the_add_officer_form(hands)
    hands.key("Return")  # in the last field, as a person who has typed everything does
    hands.wait_text(f"{NEW_NAME} ditambahkan")
    hands.wait("the form closed", lambda s: not s.find("dialog", "Tambah petugas"))
    hands.screenshot("officer-added-with-enter")
    assert len(hands.look().find("table cell", NEW_NAME)) == 1
    assert not app.crashes()


def test_masuk_with_an_empty_password_says_it_is_missing_and_counts_nothing(
    launch, desktop: Desktop
) -> None:
    """Issue 36: Masuk with nothing typed said "Kata sandi salah … sisa 4 kali"."""
    app = launch(desktop, "--demo")
    hands = app.hands
    hands.find("dialog", "Masuk FieldKit", timeout=60)
    hands.fill("text", "Nama pengguna", "admin")
    hands.click("password text", "Kata sandi")
    hands.key("ctrl+a", "BackSpace")  # the demo fills its password in: the officer clears it
    for _ in range(5):  # as many as the lockout allows: none of them may count
        hands.click("push button", "Masuk")
        hands.wait_text("Kata sandi belum diisi")
    hands.screenshot("empty-password")
    said = " ".join(hands.look().texts())
    assert "sisa" not in said, said
    assert "salah" not in said, said
    assert "dikunci" not in said, said
    # Nothing was counted: the right password still opens the laptop.
    log_in(hands, "admin", DEMO_PASSWORD)
    open_page(hands, "Beranda")
    assert not app.crashes()
