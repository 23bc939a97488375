"""The first day at a real office, through the real window: a new laptop enrolls from the
operator's enrollment file (nobody types the CA fingerprint), then sends its first record."""

from __future__ import annotations

from pathlib import Path

from fieldkit.workspace import Workspace
from tests.e2e.desktop import Desktop
from tests.e2e.journeys import log_in, open_page, problems_on_screen
from tests.support import ADMIN, ADMIN_PASSWORD, init_workspace
from tests.sync.client.syncsupport import FixedPortDataCenter, seal_records, server
from tests.sync.server.dcsupport import dc_cli, list_records

__all__ = ["server"]  # the data center fixture, shared with tests/sync/client


def test_a_laptop_enrolls_from_the_bundle_file_without_typing_the_fingerprint_then_pushes(
    launch, desktop: Desktop, server: FixedPortDataCenter, tmp_path: Path
) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    bundle = usb / "laptop-1.json"
    made = dc_cli(server.data, "codes", "new", "--bundle-out", str(bundle), "--url", server.url)
    assert made.returncode == 0, made.stderr
    home = tmp_path / "home"
    init_workspace(home).close()  # a real store, as `fieldkit init` makes it

    app = launch(desktop, home=home)
    hands = app.hands
    log_in(hands, ADMIN, ADMIN_PASSWORD)
    # Beranda says recording waits for the data center, and offers the way there.
    hands.wait_text("belum terdaftar di data center")
    hands.screenshot("beranda-not-enrolled")
    hands.click("push button", "Buka Sinkronisasi")
    hands.find("push button", "Buka berkas pendaftaran…")
    problems = problems_on_screen(hands.look(), desktop.width, desktop.height)

    hands.click("push button", "Buka berkas pendaftaran…")
    hands.find("dialog", "Buka berkas pendaftaran")
    hands.screenshot("file-dialog")
    hands.type(str(bundle))
    hands.key("Return")
    hands.wait_text("Dibaca dari laptop-1.json")
    hands.screenshot("bundle-read")
    hands.click("push button", "Daftarkan laptop ini")
    hands.wait_text("Terdaftar di data center sebagai", timeout=60)
    hands.screenshot("enrolled")

    # The first record: sealed now that the laptop is enrolled (the Perekaman journey is
    # test_petugas's), then sent from the screen.
    ws = Workspace.login(home, ADMIN, ADMIN_PASSWORD)  # beside the running app, as SQLite allows
    try:
        with_record = seal_records(ws, 1)
    finally:
        ws.close()
    open_page(hands, "Beranda")
    open_page(hands, "Sinkronisasi")
    hands.click("push button", "Kirim rekaman sekarang")
    hands.wait_text("Semua rekaman terkirim dan dikonfirmasi.", timeout=90)
    hands.screenshot("pushed")
    problems += problems_on_screen(hands.look(), desktop.width, desktop.height)
    accepted = [r["record_id"] for r in list_records(server.data) if r["state"] == "ACCEPTED"]
    assert accepted == with_record
    assert not problems, "\n".join(problems)
    assert not app.crashes()
