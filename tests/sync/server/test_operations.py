"""Running the data center as an office runs a service: readiness, settings from the
environment, JSON logs, and the systemd unit (issue 25)."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from fieldkit.workspace import Workspace
from sync.client.client import SyncClient
from sync.client.enroll import enroll_laptop
from sync.protocol import ca_fingerprint
from sync.server import catalogue
from sync.server.cli import _port_unavailable
from sync.server.store.blobs import DirectoryBlobStore
from tests.support import IN_ENGLISH
from tests.sync.client.syncsupport import free_port, seal_records, states
from tests.sync.server.dcsupport import DataCenterProcess, dc_cli, list_records, new_code

if TYPE_CHECKING:
    from collections.abc import Callable

UNIT = Path(__file__).resolve().parents[3] / "packaging" / "linux" / "fieldkit-datacenter.service"


def test_ready_says_what_cannot_be_used_and_health_stays_live(
    start_datacenter: Callable[..., DataCenterProcess],
) -> None:
    dc = start_datacenter()
    with dc.client() as client:
        ready = client.get("/v1/ready")
        assert ready.status_code == 200, ready.text
        assert ready.json()["status"] == "ready"
        blobs = dc.data / "blobs" / "tmp"
        blobs.chmod(0o500)  # the blob store takes no write: a full or read-only disk
        try:
            if os.geteuid() == 0:  # root writes anyway: take the folder away instead
                shutil.move(blobs, dc.data / "blobs" / "tmp-away")
            refused = client.get("/v1/ready")
        finally:
            if (dc.data / "blobs" / "tmp-away").exists():
                shutil.move(dc.data / "blobs" / "tmp-away", blobs)
            blobs.chmod(0o700)
        assert refused.status_code == 503
        body = refused.json()
        assert body["reason"] == "not_ready"
        assert set(body["details"]) == {"blobs"}
        assert "blobs" in body["message"]
        assert client.get("/v1/health").status_code == 200, "alive, only not ready"
        assert client.get("/v1/ready").status_code == 200, "ready again once it can write"


def test_every_serve_setting_comes_from_the_environment_too(tmp_path: Path) -> None:
    env = {
        **os.environ,
        **IN_ENGLISH,  # the banner's English, which it reads
        "FIELDKIT_DATACENTER_DATA": str(tmp_path / "dc"),
        "FIELDKIT_DATACENTER_HOST": "127.0.0.1",
        "FIELDKIT_DATACENTER_PORT": "0",
        "FIELDKIT_DATACENTER_ACCEPT_DEMO": "yes",
        "FIELDKIT_DATACENTER_TLS_NAMES": "dc.example.go.id, 10.0.0.5",
        "FIELDKIT_DATACENTER_LOG_FORMAT": "json",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "sync.server.cli", "serve"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        assert first.startswith("FieldKit data center serving on https://127.0.0.1:"), first
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=20)
    lines = [json.loads(line) for line in err.splitlines() if line.strip()]
    assert lines, "JSON log lines"
    assert {"time", "level", "logger", "process", "message"} <= set(lines[0])
    certificate = (tmp_path / "dc" / "keys" / "server.pem").read_bytes()
    from cryptography import x509

    names = x509.load_pem_x509_certificate(certificate).extensions.get_extension_for_class(
        x509.SubjectAlternativeName
    )
    assert "dc.example.go.id" in names.value.get_values_for_type(x509.DNSName)


@pytest.mark.parametrize(
    ("name", "value", "said"),
    [
        ("FIELDKIT_DATACENTER_ACCEPT_DEMO", "perhaps", "FIELDKIT_DATACENTER_ACCEPT_DEMO"),
        ("FIELDKIT_DATACENTER_PORT", "eighty", "invalid int value"),
        ("FIELDKIT_DATACENTER_LOG_FORMAT", "xml", "FIELDKIT_DATACENTER_LOG_FORMAT"),
    ],
)
def test_a_bad_setting_in_the_environment_is_refused_plainly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, value: str, said: str
) -> None:
    monkeypatch.setenv(name, value)
    done = dc_cli(tmp_path / "dc", "serve")
    assert done.returncode == 2
    assert said in done.stderr
    assert "Traceback" not in done.stderr


def test_the_systemd_unit_verifies(tmp_path: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    assert analyze, "systemd-analyze is missing: scripts/bootstrap.sh dev installs systemd"
    # Where the unit expects the installed program, point at this checkout's.
    program = Path(sys.executable).with_name("fieldkit-datacenter")
    unit = tmp_path / UNIT.name
    unit.write_text(
        UNIT.read_text().replace("/opt/fieldkit/.venv/bin/fieldkit-datacenter", str(program))
    )
    done = subprocess.run(
        [analyze, "verify", str(unit)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    text = UNIT.read_text()
    for hardening in ("UMask=0077", "ProtectSystem=strict", "NoNewPrivileges=yes"):
        assert hardening in text
    # started = the port answers and the banner is in the journal (issue 59 §3)
    assert "Type=notify" in text.splitlines()
    assert "Environment=PYTHONUNBUFFERED=1" in text.splitlines()


def _serve_to_file(data: Path, out: Path, port: int, **env: str) -> subprocess.Popen[bytes]:
    """``serve`` as a service manager runs it: its standard output a file, not a terminal."""
    with out.open("wb") as stdout, out.with_suffix(".err").open("wb") as stderr:
        return subprocess.Popen(
            [
                *(sys.executable, "-m", "sync.server.cli", "serve", "--data", str(data)),
                *("--host", "127.0.0.1", "--port", str(port)),
            ],
            stdout=stdout,
            stderr=stderr,
            stdin=subprocess.DEVNULL,
            env={**os.environ, **env},
        )


def _stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(5)


def test_the_banner_is_in_the_log_by_the_time_the_port_answers(tmp_path: Path) -> None:
    """A wrapper that waits for the port then reads the log found no fingerprint (issue 59 §3).

    The port answered about 1.5 s before the URL and the CA fingerprint reached a file.
    """
    port, out = free_port(), tmp_path / "serve.out"
    proc = _serve_to_file(tmp_path / "dc", out, port)
    try:
        deadline = time.monotonic() + 60
        while True:  # what a wrapper does: poll the port
            try:
                socket.create_connection(("127.0.0.1", port), timeout=5).close()
                break
            except OSError:
                assert proc.poll() is None, out.with_suffix(".err").read_text()
                assert time.monotonic() < deadline, "the port never answered"
                time.sleep(0.005)
        logged = out.read_text(encoding="utf-8")  # at once, as the wrapper reads it
    finally:
        _stop(proc)
    fingerprint = ca_fingerprint((tmp_path / "dc" / "keys" / "ca.pem").read_bytes())
    assert f"https://127.0.0.1:{port}\n" in logged, logged
    assert fingerprint in logged, logged


@pytest.mark.skipif(sys.platform != "linux", reason="systemd, and its abstract socket, are Linux's")
def test_systemd_is_told_ready_once_the_banner_is_written_and_the_port_answers(
    tmp_path: Path,
) -> None:
    """The unit's Type=notify: ``systemctl start`` returns with the banner in the journal."""
    name = f"@fieldkit-notify-{uuid.uuid4().hex}"
    port, out = free_port(), tmp_path / "serve.out"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as notify:
        notify.bind("\0" + name[1:])
        notify.settimeout(0.5)
        proc = _serve_to_file(tmp_path / "dc", out, port, NOTIFY_SOCKET=name)
        try:
            deadline = time.monotonic() + 60
            while True:  # the message systemd waits for, or the service's end
                try:
                    said = notify.recv(4096)
                    break
                except TimeoutError:
                    assert proc.poll() is None, out.with_suffix(".err").read_text()
                    assert time.monotonic() < deadline, "systemd was never told READY=1"
            logged = out.read_text(encoding="utf-8")
            socket.create_connection(("127.0.0.1", port), timeout=5).close()  # answers now
        finally:
            _stop(proc)
    assert said == b"READY=1"
    fingerprint = ca_fingerprint((tmp_path / "dc" / "keys" / "ca.pem").read_bytes())
    assert fingerprint in logged, logged


def _samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    from prometheus_client.parser import text_string_to_metric_families

    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def test_metrics_count_uploads_verdicts_latency_and_what_the_database_holds(
    start_datacenter: Callable[..., DataCenterProcess], workspace: Workspace
) -> None:
    dc = start_datacenter()
    enroll_laptop(workspace, dc.url, new_code(dc), ca_fingerprint_expected=dc.fingerprint)
    seal_records(workspace, 3)
    assert SyncClient(workspace).push().ok
    device_id = SyncClient(workspace).settings().device_id
    with dc.client() as client:
        assert client.get("/v1/status").status_code == 401  # a refusal, counted by reason
        text = client.get("/metrics").text
    samples = _samples(text)
    assert samples[("fieldkit_dc_uploads_total", (("state", "ACCEPTED"),))] == 3
    assert samples[("fieldkit_dc_upload_bytes_total", ())] > 0
    assert samples[("fieldkit_dc_records", (("state", "ACCEPTED"),))] == 3
    assert samples[("fieldkit_dc_laptops", (("state", "enrolled"),))] == 1
    assert samples[("fieldkit_dc_refusals_total", (("reason", "auth_missing"),))] >= 1
    uploads = (
        "fieldkit_dc_request_seconds_count",
        (("route", "/v1/records/{record_id}"),),
    )
    assert samples[uploads] == 3
    assert device_id not in text, "no label names a laptop"
    for record_id in states(workspace):
        assert record_id not in text


def test_the_sweep_deletes_old_blobs_no_record_points_at_and_nothing_else(
    start_datacenter: Callable[..., DataCenterProcess], workspace: Workspace
) -> None:
    """What a crash between a blob's write and its record's commit leaves behind."""
    dc = start_datacenter()
    enroll_laptop(workspace, dc.url, new_code(dc), ca_fingerprint_expected=dc.fingerprint)
    seal_records(workspace, 2)
    assert SyncClient(workspace).push().ok
    blobs = DirectoryBlobStore(dc.data / "blobs")
    kept = blobs.names()
    old, young = b"an orphan from a crash", b"an upload being committed now"
    for data in (old, young):
        blobs.put(hashlib.sha256(data).hexdigest(), data)
    hour_ago = time.time() - 3600
    for path in (dc.data / "blobs").glob("??/??/*"):  # every blob old but the young one
        if path.name != hashlib.sha256(young).hexdigest():
            os.utime(path, (hour_ago, hour_ago))

    done = dc_cli(dc, "blobs", "sweep", "--older-than-minutes", "30", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"deleted": 1, "checked": 3}
    assert sorted(blobs.names()) == sorted([*kept, hashlib.sha256(young).hexdigest()])
    assert len(list_records(dc)) == 2


@pytest.mark.skipif(sys.platform == "win32", reason="Windows passes arguments as Unicode")
def test_an_argument_that_is_not_utf8_is_named_not_a_traceback(tmp_path: Path) -> None:
    """``--reason`` with a Latin-1 byte reached the database: a traceback (exit 1)."""
    data = tmp_path / "dc"
    done = subprocess.run(
        [
            *(os.fsencode(sys.executable), b"-m", b"sync.server.cli", b"devices", b"revoke"),
            *(b"dev-1", b"--reason", b"hilang di jalan \xe0 Sidoarjo", b"--data"),
            os.fsencode(data),
        ],
        capture_output=True,
        check=False,
        stdin=subprocess.DEVNULL,
        timeout=60,
        env={**os.environ, **IN_ENGLISH},
    )
    said = done.stderr.decode("utf-8")
    assert done.returncode == 2, said
    assert said == (
        "error: The value of --reason (argument 5: hilang di jalan \\xe0 Sidoarjo) is not "
        "UTF-8 text. Type it again in a UTF-8 terminal, or rename the file it names.\n"
    )
    assert not data.exists(), "refused before anything was made"


def test_a_port_another_program_holds_is_named_not_a_traceback(tmp_path: Path) -> None:
    """``serve --port`` on a port in use ended in an OSError's traceback (exit 1)."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = dc_cli(tmp_path / "dc", "serve", "--host", "127.0.0.1", "--port", str(port))
    assert done.returncode == 2, done.stderr
    assert f"cannot listen on 127.0.0.1 port {port}" in done.stderr
    assert "--port" in done.stderr.split("cannot listen", 1)[1], "what to do"
    assert "Traceback" not in done.stderr


SERVE = [sys.executable, "-m", "sync.server.cli", "serve"]


def test_an_address_this_computer_lacks_is_named_with_what_to_give_instead(
    tmp_path: Path,
) -> None:
    """README's ``serve --host 10.0.0.5`` typed where the PC has another address.

    It was told to stop "the program that uses" the port, and the cause came in English.
    192.0.2.1 is a documentation address (RFC 5737): no computer has it.
    """
    env = {k: v for k, v in os.environ.items() if k != "FIELDKIT_LANG"}  # as typed
    done = subprocess.run(
        [*SERVE, "--data", str(tmp_path / "dc"), "--host", "192.0.2.1", "--port", "8443"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.splitlines()[-1] == (
        "kesalahan: 192.0.2.1 bukan alamat komputer ini, jadi pusat data tidak dapat "
        "mendengarkan di sana. Isi --host dengan salah satu alamat IP komputer ini (ip "
        "address di Linux, ipconfig di Windows menampilkannya), atau 0.0.0.0 untuk semuanya."
    )
    assert "Hentikan program" not in done.stderr


@pytest.mark.parametrize(
    ("host", "port", "error", "code"),
    [
        ("dc.kantor", 8443, socket.gaierror(-2, "Name or service not known"), "host_unknown"),
        ("10.0.0.5", 443, PermissionError(errno.EACCES, "Permission denied"), "port_privileged"),
        ("10.0.0.5", 8443, PermissionError(errno.EACCES, "Permission denied"), "port_unavailable"),
        ("10.0.0.5", 8443, OSError(errno.EADDRINUSE, "Address in use"), "port_unavailable"),
    ],
)
def test_each_refused_address_says_its_own_cause(
    host: str, port: int, error: OSError, code: str
) -> None:
    """A name nobody resolves, a port only root opens (CI runs as root: no real refusal)."""
    said = _port_unavailable(host, port, error)
    assert said.code == f"datacenter_{code}"
    words = catalogue.text("id", said.code, said.params, context="errors")
    named = host if code == "host_unknown" else str(port)
    assert named in words
    assert ("--host" in words) == (code == "host_unknown")
