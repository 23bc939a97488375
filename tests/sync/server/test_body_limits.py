"""Nobody on the LAN can exhaust the data center's memory without logging in (issue 16, item 3).

A real server process; a client that streams 300 MB over TLS and stops as soon
as the server answers; the server's peak resident memory read from /proc.
"""

from __future__ import annotations

import select
import socket
import ssl
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.sync.server.dcsupport import DataCenterProcess

TOTAL = 300 * 1024 * 1024
CHUNK = b"[" * (1 << 20)


#: What the server may grow by while refusing the five 300 MB bodies: one body read into
#: memory would be 300 MiB on its own.
GROWTH_MIB = 80


def _status_mib(pid: int, field: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text(encoding="ascii").splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    raise AssertionError(f"no {field}")  # pragma: no cover


def peak_rss_mib(pid: int) -> float:
    """VmHWM: the most resident memory the process had since start (or the last reset)."""
    return _status_mib(pid, "VmHWM")


def reset_peak_rss(pid: int) -> float:
    """Start counting the peak afresh (``clear_refs`` 5), and say the resident memory now.

    The server's start-up work (the console's decoy Argon2 hash, 64 MiB, issue 46) sets
    a peak of its own that says nothing about how a body is read.  Needs the server's
    own user (``/proc/PID/clear_refs`` is the owner's): the test started it.
    """
    Path(f"/proc/{pid}/clear_refs").write_text("5", encoding="ascii")
    return _status_mib(pid, "VmRSS")


def _answer_so_far(sock: ssl.SSLSocket) -> bytes | None:
    """What the server has answered, or None when the socket held only TLS's own records.

    A TLS 1.3 server sends its session tickets after the handshake: the socket turns
    readable with no answer in it.  Taking that for an answer stopped the body after a few
    chunks, and the server, still waiting for the rest, answered 408 after 30 s.
    """
    timeout = sock.gettimeout()
    sock.setblocking(False)  # noqa: FBT003 - the socket module's flag
    try:
        return sock.recv(4096)
    except ssl.SSLWantReadError:
        return None
    finally:
        sock.settimeout(timeout)


def stream_unauthenticated(
    server: DataCenterProcess, method: str, path: str, *, chunked: bool
) -> tuple[int, int]:
    """The status the server answers and how many body bytes went out before it did."""
    url = urlsplit(server.url)
    assert url.hostname is not None
    assert url.port is not None
    context = ssl.create_default_context(cafile=str(server.data / "keys" / "ca.pem"))
    raw = socket.create_connection((url.hostname, url.port), timeout=60)
    with context.wrap_socket(raw, server_hostname=url.hostname) as sock:
        length = "Transfer-Encoding: chunked" if chunked else f"Content-Length: {TOTAL}"
        sock.sendall(
            f"{method} {path} HTTP/1.1\r\nHost: {url.hostname}\r\n"
            f"Content-Type: application/json\r\n{length}\r\n\r\n".encode()
        )
        sent = 0
        answer = b""
        while sent < TOTAL:
            readable, _, _ = select.select([sock], [], [], 0)
            if readable or sock.pending():
                early = _answer_so_far(sock)
                if early is not None:
                    answer = early
                    break  # the server has answered: stop sending
            data = b"%x\r\n%s\r\n" % (len(CHUNK), CHUNK) if chunked else CHUNK
            try:
                sock.sendall(data)
            except OSError:
                break
            sent += len(CHUNK)
        try:
            while b"\r\n" not in answer:
                more = sock.recv(4096)
                if not more:
                    break
                answer += more
        except OSError:
            pass
    assert answer.startswith(b"HTTP/1.1 "), answer[:200]
    return int(answer.split(b" ")[1]), sent


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_an_unauthenticated_300_mb_post_is_refused_in_bounded_memory(
    datacenter: DataCenterProcess, *, chunked: bool
) -> None:
    assert datacenter.proc is not None
    # The server prints its address before it builds the app (and the decoy): wait for it.
    with datacenter.client() as client:
        assert client.get("/v1/ready").status_code == 200
    before = reset_peak_rss(datacenter.proc.pid)
    answers = {
        (method, path): stream_unauthenticated(datacenter, method, path, chunked=chunked)
        for method, path in (
            ("POST", "/v1/manifest"),
            ("POST", "/v1/enroll"),
            ("PUT", "/v1/records/some-record"),
            ("GET", "/v1/status"),
            ("POST", "/v1/no-such-endpoint"),
        )
    }
    print(answers, f"from {before:.0f} MiB, peak {peak_rss_mib(datacenter.proc.pid):.0f} MiB")  # noqa: T201 - -s shows it
    for (method, path), (status, sent) in answers.items():
        assert status in ({401, 404, 413} if "no-such" in path else {401, 413}), (method, path)
        assert sent < TOTAL, (method, path)
    peak = peak_rss_mib(datacenter.proc.pid)
    assert peak < 200, f"the server's resident memory peaked at {peak:.0f} MiB"
    assert peak - before < GROWTH_MIB, f"the server grew from {before:.0f} to {peak:.0f} MiB"
