"""The office puts a record the data center refused back in the queue, in the real window.

At the office, after a sync, the operator finds a record under "Ditolak data center"
with its reason. They choose it, press "Kirim ulang ke antrean…", and the question's
safe answer is the default: Enter cancels. Clicking "Kirim ulang" puts the record back;
the audit log names who did it. The next sync carries it, and the data center, which
really refused it, answers the same again: nothing is lost by trying (issue 24).
"""

from __future__ import annotations

from pathlib import Path

from fieldkit.records import outbox
from tests.e2e.desktop import Desktop
from tests.e2e.journeys import audit_events, log_in, open_page, problems_on_screen
from tests.support import ADMIN, ADMIN_PASSWORD, init_workspace
from tests.sync.client.syncsupport import FixedPortDataCenter, client, enroll, server, states

__all__ = ["server"]  # the data center fixture, shared with tests/sync/client


def _synced_with_a_refused_record(home: Path, datacenter: FixedPortDataCenter) -> str:
    """One record the data center accepts and one it refuses (its JSON nests too deep)."""
    with init_workspace(home) as ws:
        enroll(ws, datacenter)
        with ws.transaction() as session:
            outbox.seal_record(session, "good-0001", b'{"record_id": "good-0001"}')
            outbox.seal_record(session, "odd-00001", b"[" * 10_000 + b"]" * 10_000)
        sent = client(ws).push()
        assert (sent.accepted, sent.rejected) == (1, 1), sent.as_json()
        assert states(ws)["odd-00001"] == "REJECTED"
    return "odd-00001"


def test_the_office_puts_a_refused_record_back_in_the_queue(
    launch, desktop: Desktop, server: FixedPortDataCenter, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    record = _synced_with_a_refused_record(home, server)
    app = launch(desktop, home=home)
    hands = app.hands
    log_in(hands, ADMIN, ADMIN_PASSWORD)
    open_page(hands, "Sinkronisasi")
    hands.wait_text("Ditolak data center")
    hands.click("table cell", record[:8])
    hands.screenshot("refused-listed")
    problems = problems_on_screen(hands.look(), desktop.width, desktop.height)

    hands.click("push button", "Kirim ulang ke antrean…")
    hands.wait_text(f"Masukkan rekaman {record[:8]} kembali ke antrean kirim?")
    hands.screenshot("question")
    hands.key("Return")  # the default answer: Batal
    hands.wait("the question to close", lambda snap: not snap.find("push button", "Kirim ulang"))
    assert "requeued" not in str(audit_events(home))

    hands.click("push button", "Kirim ulang ke antrean…")
    hands.wait_text(f"Masukkan rekaman {record[:8]} kembali ke antrean kirim?")
    hands.click("push button", "Kirim ulang")
    hands.wait_text(f"Rekaman {record[:8]} menunggu dikirim lagi.")
    hands.screenshot("put-back")
    problems += problems_on_screen(hands.look(), desktop.width, desktop.height)
    events = [e for e in audit_events(home) if e["action"] == "record.requeued"]
    assert [(e["actor"], e["record_id"]) for e in events] == [(ADMIN, record)]

    # The data center really refused it: the next sync carries it and hears the same.
    hands.click("push button", "Kirim rekaman sekarang")
    hands.wait_text("Ditolak data center", timeout=90)
    hands.wait("the record listed again", lambda snap: snap.find("table cell", record[:8]))
    assert app.crashes() == []
    assert problems == []
