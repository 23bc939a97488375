"""The office steers a laptop through the real client (issue 38, sync-protocol §14).

The data center is the real service, set up with its real CLI; the laptop is a real
store enrolled with it.  Over HTTPS every push reports the laptop's health and applies
the office's package; on a stick the export carries the health and the office's
``package export`` brings the package back.  Every refusal (tampered, signed by someone
else, unsigned, older, another office, another laptop) changes nothing on the laptop.
"""

from __future__ import annotations

import base64
import json
import shutil
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519, x25519

from fieldkit.errors import AuthError
from fieldkit.office import apply as office_apply
from fieldkit.office import health as office_health
from fieldkit.office.newcomers import first_login, pending_officers
from fieldkit.planning.schedule import list_visits
from fieldkit.planning.targets_import import list_targets
from fieldkit.quality.policy import load_policy
from fieldkit.quality.result import QualityModality
from fieldkit.records import outbox
from fieldkit.store.keyring import KdfParams
from fieldkit.workspace import Workspace
from sync.client import config
from sync.client.office import OfficeResult
from sync.client.usb import export_records, import_receipts
from sync.office_package import open_package, seal_package, sign_package
from tests.support import OFFICE, cli, init_workspace
from tests.sync.client.officesupport import dc_json, office_plans
from tests.sync.client.syncsupport import (
    FixedPortDataCenter,
    client,
    enroll,
    free_port,
    payload,
    server,
)
from tests.sync.server.dcsupport import dc_cli

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

__all__ = ["server"]

#: Cheap Argon2id for the new officers' slots (the cost is not what is tested here).
CHEAP = KdfParams(memory_kib=1024, iterations=1, lanes=1)
SARI_PASSWORD = "Sari-menyapa-warga-2026"


def _laptop_state(ws: Workspace) -> dict[str, Any]:
    """What a package could change, to show that a refused one changed nothing."""
    with ws.transaction() as session:
        policy = load_policy(session).as_json()
    return {
        "version": office_apply.applied_version(ws),
        "officers": sorted(o.username for o in pending_officers(ws)),
        "policy": policy,
        "visits": [v.id for v in list_visits(ws)],
    }


def test_a_push_brings_the_office_s_officer_rule_and_plan_and_reports_the_laptop(
    server: FixedPortDataCenter, tmp_path: Path
) -> None:
    planned = office_plans(server, tmp_path, "2026-12-01")
    home = tmp_path / "home"
    with init_workspace(home) as ws:
        device_id = enroll(ws, server)
        summary = client(ws).push()
        assert summary.error is None, summary.as_json()
        assert summary.office is not None
        assert summary.office.refused is None, summary.office.as_json()
        applied = summary.office.applied
        assert applied is not None
        assert applied.applied
        codes = {c.code for c in applied.changes}
        assert {"officers_added", "threshold"} <= codes, applied.as_json()
        assert [o.username for o in pending_officers(ws)] == ["sari"]
        with ws.transaction() as session:
            assert load_policy(session).threshold(QualityModality.FACE) == 61
        assert [t.name for t in list_targets(ws, planned["visit"])] == [
            "Sasaran Kantor 1",
            "Sasaran Kantor 2",
            "Sasaran Kantor 3",
        ]
        first_login(ws, "sari", planned["code"], SARI_PASSWORD, kdf=CHEAP)
        # The same package again is no change, and says so.
        again = client(ws).push().office
        assert again is not None
        assert again.applied is not None
        assert again.applied.changes == ()
    with Workspace.login(home, "sari", SARI_PASSWORD) as sari:
        assert sari.officer.full_name == "Sari Wulandari"
    laptops = {row["device_id"]: row for row in dc_json(server, "laptops", "list")}
    row = laptops[device_id]
    assert row["package_version"] == dc_json(server, "office", "show")["version"]
    assert row["unsent_records"] == 0
    assert row["fieldkit_version"]

    dc_json(server, "officers", "disable", "sari")
    with Workspace.login(home, "admin", "kata-sandi-admin") as ws:
        pushed = client(ws).push().office
        assert pushed is not None
        assert pushed.applied is not None
        assert {c.code for c in pushed.applied.changes} >= {"officers_disabled"}
    with pytest.raises(AuthError):
        Workspace.login(home, "sari", SARI_PASSWORD)


def test_an_older_data_center_and_another_office_are_refused_over_https(
    server: FixedPortDataCenter, tmp_path: Path
) -> None:
    office_plans(server, tmp_path, "2026-12-01")
    with init_workspace(tmp_path / "home") as ws:
        enroll(ws, server)
        assert client(ws).push().office is not None
        # The data center's folder as a backup taken now, at this version.
        server.stop()
        backup = tmp_path / "dc-backup"
        shutil.copytree(server.data, backup)
        server.start()
        dc_json(server, "rules", "set", "--threshold", "face=70")
        newer = client(ws).push().office
        assert newer is not None
        assert newer.applied is not None
        before = _laptop_state(ws)
        # The office restores the older backup: its package is older than the laptop's.
        server.stop()
        shutil.rmtree(server.data)
        shutil.copytree(backup, server.data)
        server.start()
        older = client(ws).push()
        assert older.error is None
        assert older.office is not None
        assert older.office.refused is not None
        assert older.office.refused.code == "office_package_older"
        assert _laptop_state(ws) == before
        dc_json(server, "office", "set", "3273")
        other = client(ws).push().office
        assert other is not None
        assert other.refused is not None
        assert other.refused.code == "package_other_office"
        assert _laptop_state(ws) == before


class _TamperingProxy:
    """Someone holding the data center's TLS key, between the laptop and the data center.

    It answers with the data center's own certificate (so the pinned CA accepts it) and
    forwards every request; the office package's answer is changed by ``tamper``.
    """

    def __init__(self, dc: FixedPortDataCenter, tamper: Any) -> None:
        trusted = ssl.create_default_context(cafile=str(dc.data / "keys" / "ca.pem"))
        upstream = httpx.Client(base_url=dc.url, verify=trusted)
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def _forward(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length) if length else b""
                headers = {k: v for k, v in self.headers.items() if k.lower() != "host"}
                answer = upstream.request(self.command, self.path, content=body, headers=headers)
                if proxy.older and self.path.startswith(("/v1/office/", "/v1/laptop/")):
                    self.send_response(404)  # a data center from before the office package
                    self.send_header("content-type", "application/json")
                    self.send_header("content-length", "2")
                    self.end_headers()
                    self.wfile.write(b"{}")
                    return
                content = answer.content
                if self.path.startswith("/v1/office/package") and answer.status_code == 200:
                    content = proxy.tamper(content)
                self.send_response(answer.status_code)
                for name, value in answer.headers.items():
                    if name.lower() not in {"content-length", "transfer-encoding", "connection"}:
                        self.send_header(name, value)
                self.send_header("content-length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)

            do_GET = do_POST = do_PUT = _forward  # noqa: N815 - http.server's names

            def log_message(self, *_: object) -> None:
                return

        self.tamper = tamper
        #: Answer the office's and the health endpoints 404, as an older data center does.
        self.older = False
        self.upstream = upstream
        self.httpd = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        keys = dc.data / "keys"
        context.load_cert_chain(keys / "server.pem", keys / "server.key")
        self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True)
        self.url = f"https://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.upstream.close()


def test_a_data_center_from_before_the_office_package_still_takes_the_records(
    server: FixedPortDataCenter, tmp_path: Path
) -> None:
    """The new laptop asks; an older data center answers 404; the records go as before."""
    proxy = _TamperingProxy(server, lambda content: content)
    proxy.older = True
    try:
        with init_workspace(tmp_path / "home") as ws:
            enroll(ws, server)
            with ws.transaction() as session:
                config.put(session, config.URL, proxy.url)
                outbox.seal_record(session, "old-dc-0001", payload("old-dc-0001", 512))
            summary = client(ws).push()
            assert summary.error is None, summary.as_json()
            assert summary.accepted == 1
            assert summary.office is None
            assert summary.warnings == []
    finally:
        proxy.close()


@pytest.fixture
def laptop_behind_a_proxy(
    server: FixedPortDataCenter, tmp_path: Path
) -> Iterator[tuple[Workspace, list[Any]]]:
    """A laptop whose address of the data center leads through a tampering proxy."""
    office_plans(server, tmp_path, "2026-12-01")
    tampers: list[Callable[[bytes], bytes]] = [lambda content: content]
    proxy = _TamperingProxy(server, lambda content: tampers[-1](content))  # noqa: PLW0108 - the last one, at call time
    with init_workspace(tmp_path / "home") as ws:
        enroll(ws, server)
        with ws.transaction() as session:
            config.put(session, config.URL, proxy.url)
        yield ws, tampers
    proxy.close()


def _flip_sealed_byte(content: bytes) -> bytes:
    outer = json.loads(content)
    sealed = bytearray(base64.b64decode(outer["sealed"]))
    sealed[len(sealed) // 2] ^= 0x01
    outer["sealed"] = base64.b64encode(bytes(sealed)).decode()
    return json.dumps(outer).encode()


def _resigned(ws: Workspace, signer: ed25519.Ed25519PrivateKey | None) -> Callable[[bytes], bytes]:
    """A package with the real document, signed by ``signer`` (or with no signature)."""
    public = office_health.package_public_key(ws)
    private = x25519.X25519PrivateKey.from_private_bytes(office_health.package_private_key(ws))
    with ws.transaction() as session:
        settings = config.load(session)
    assert settings is not None
    receipt_key = settings.receipt_public_key

    def tamper(content: bytes) -> bytes:
        outer = json.loads(content)
        document = open_package(
            content,
            package_private_key=private,
            receipt_public_key=receipt_key,
            office_code=OFFICE,
            device_id=outer["device_id"],
        )
        document["rules"] = {**(document["rules"] or {}), "thresholds": {"face": 1}}
        if signer is None:
            signed = json.dumps({"document": document, "signature": ""}).encode()
        else:
            signed = sign_package(document, signer)
        return json.dumps(seal_package(document, signed, public)).encode()

    return tamper


@pytest.mark.parametrize(
    ("tamper", "reason"),
    [
        ("flip", "package_unreadable"),
        ("other_signer", "package_unverified"),
        ("unsigned", "package_unverified"),
    ],
)
def test_a_tampered_or_unsigned_package_over_https_is_refused_and_changes_nothing(
    laptop_behind_a_proxy: tuple[Workspace, list[Any]], tamper: str, reason: str
) -> None:
    ws, tampers = laptop_behind_a_proxy
    before = _laptop_state(ws)
    tampers.append(
        {
            "flip": _flip_sealed_byte,
            "other_signer": _resigned(ws, ed25519.Ed25519PrivateKey.generate()),
            "unsigned": _resigned(ws, None),
        }[tamper]
    )
    summary = client(ws).push()
    assert summary.error is None, summary.as_json()
    assert summary.office is not None
    assert summary.office.refused is not None
    assert summary.office.refused.code == reason
    assert _laptop_state(ws) == before
    # The untouched package, through the same proxy, is applied: the refusal was the tamper's.
    tampers.append(lambda content: content)
    fine = client(ws).push().office
    assert fine is not None
    assert fine.applied is not None
    assert fine.applied.applied


def _through_a_stick(
    ws: Workspace, dc: FixedPortDataCenter, stick: Path
) -> tuple[Path, OfficeResult | None]:
    """Export, the office's import and package export, the laptop's receipts: one round."""
    exported = export_records(ws, stick)
    assert (exported.path / "health.json").is_file()
    assert (exported.path / "health.sig").is_file()
    done = dc_cli(dc.data, "import", str(stick))
    assert done.returncode == 0, done.stderr
    dc_json(dc, "package", "export", str(stick))
    package = stick / exported.path.parent.name / "office-package.json"
    assert package.is_file()
    return package, import_receipts(ws, stick).office


def test_the_package_on_a_stick_is_applied_after_the_receipts(
    server: FixedPortDataCenter, tmp_path: Path
) -> None:
    planned = office_plans(server, tmp_path, "2026-12-01")
    with init_workspace(tmp_path / "home") as ws:
        device_id = enroll(ws, server)
        with ws.transaction() as session:
            outbox.seal_record(session, "stick-0001", payload("stick-0001", 512))
        _, result = _through_a_stick(ws, server, tmp_path / "stick")
        assert result is not None
        assert result.applied is not None, result
        assert [o.username for o in pending_officers(ws)] == ["sari"]
        assert len(list_targets(ws, planned["visit"])) == 3
        with ws.transaction() as session:
            assert outbox.record_info(session, "stick-0001") is not None
    row = {r["device_id"]: r for r in dc_json(server, "laptops", "list")}[device_id]
    assert row["hostname"]


def _outer_changed(content: bytes, **fields: str) -> bytes:
    return json.dumps({**json.loads(content), **fields}).encode()


def test_bad_packages_on_a_stick_are_refused_and_change_nothing(
    server: FixedPortDataCenter, tmp_path: Path
) -> None:
    office_plans(server, tmp_path, "2026-12-01")
    with init_workspace(tmp_path / "home") as ws:
        enroll(ws, server)
        old_package, first = _through_a_stick(ws, server, tmp_path / "stick-1")
        assert first is not None
        assert first.applied is not None
        kept = old_package.read_bytes()
        dc_json(server, "rules", "set", "--threshold", "face=65")
        assert client(ws).push().office is not None
        before = _laptop_state(ws)
        settings_device = old_package.parent.name
        cases = {
            "office_package_older": kept,
            "package_unreadable": _flip_sealed_byte(kept),
            "package_other_office": json.dumps(
                {**json.loads(kept), "office_code": "3273"}
            ).encode(),
            "package_other_laptop": json.dumps({**json.loads(kept), "device_id": "dev-x"}).encode(),
            "package_malformed": b"{" * 5000,
        }
        for reason, content in cases.items():
            stick = tmp_path / f"stick-{reason}"
            (stick / settings_device).mkdir(parents=True)
            (stick / settings_device / "office-package.json").write_bytes(content)
            result = import_receipts(ws, stick).office
            assert result is not None
            assert result.refused is not None, reason
            assert result.refused.code == reason
            assert _laptop_state(ws) == before, reason


def test_a_first_login_code_works_once_on_one_laptop(
    server: FixedPortDataCenter, tmp_path: Path
) -> None:
    """Issue 56.4: Sari's paper code, used on laptop 1, worked again on laptop 2.

    Laptop 1 reports the first login in its next push; the office then sends no code for
    Sari, says where it was used, and laptop 2 refuses the code from its next sync.
    """
    planned = office_plans(server, tmp_path, "2026-12-01")
    first, second = tmp_path / "laptop-1", tmp_path / "laptop-2"
    devices = []
    for home in (first, second):
        with init_workspace(home) as ws:
            devices.append(enroll(ws, server))
            assert client(ws).push().error is None
            assert [o.username for o in pending_officers(ws)] == ["sari"]
    dc_json(server, "laptops", "name", devices[0], "--name", "Laptop Tim 1", "--team", "Tim 1")
    with Workspace.login(first, "admin", "kata-sandi-admin") as ws:
        first_login(ws, "sari", planned["code"], SARI_PASSWORD, kdf=CHEAP)
        assert client(ws).push().error is None
    (sari,) = [o for o in dc_json(server, "officers", "list") if o["username"] == "sari"]
    assert (sari["waiting_first_login"], sari["first_login_on"]) == (False, devices[0])
    listed = dc_cli(server.data, "officers", "list")
    assert "first login on Laptop Tim 1" in listed.stdout
    (english,) = [line for line in listed.stdout.splitlines() if line.startswith("sari ")]
    assert " active " in english
    # The operator's words are Indonesian by default, the state too (issue 59 §8).
    said = dc_cli(server.data, "officers", "list", env={"FIELDKIT_LANG": ""}).stdout
    (indonesian,) = [line for line in said.splitlines() if line.startswith("sari ")]
    assert " aktif " in indonesian
    assert "active" not in indonesian
    with Workspace.login(second, "admin", "kata-sandi-admin") as ws:
        pulled = client(ws).push().office
        assert pulled is not None
        assert pulled.applied is not None
        assert "first_login_withdrawn" in {c.code for c in pulled.applied.changes}
    refused = cli(
        "officer",
        "first-login",
        "sari",
        env={
            "FIELDKIT_HOME": str(second),
            "FIELDKIT_OFFICER": "admin",
            "FIELDKIT_PASSWORD": "kata-sandi-admin",
            "FIELDKIT_FIRST_LOGIN_CODE": planned["code"],
            "FIELDKIT_NEW_PASSWORD": SARI_PASSWORD,
        },
    )
    assert refused.returncode == 1
    assert "it was used on another laptop" in refused.stderr, refused.stderr
    with pytest.raises(AuthError):
        Workspace.login(second, "sari", SARI_PASSWORD)
    with Workspace.login(first, "sari", SARI_PASSWORD) as sari_ws:  # laptop 1 is hers
        assert sari_ws.officer.username == "sari"
