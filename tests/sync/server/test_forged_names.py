"""A name from a USB stick cannot forge a log line, nor reach the operator's terminal raw.

An export folder named ``export-1`` + newline + a made-up log line + ``ESC [2J``
(clear the screen) + U+2028 (a line separator) + U+202E (right-to-left override),
imported with the real ``fieldkit-datacenter import``: the text log, the JSON log
and the lines on stdout hold exactly one line per record, the forged one only as
visible escapes inside a real line, and no raw escape character.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519

from tests.sync.server.dcsupport import (
    DataCenterProcess,
    Laptop,
    database_environment,
    new_code,
    write_export,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

needs_odd_names = pytest.mark.skipif(
    sys.platform == "win32", reason="a newline or ESC is no character of a Windows file name"
)

FORGED = (
    "2026-03-02 08:00:00,000 INFO sync.server.intake.usb [1]: imported export forged: 9 accepted"
)
#: The export folder's name on the stick: one name, meant to print as three lines and a
#: cleared screen, then a reversed tail.
NAME = f"export-1\n{FORGED}\x1b[2J\u2028tail\u202eevil"
SHOWN = "export-1\\n" + FORGED + "\\x1b[2J\\u2028tail\\u202eevil"
#: What a text log line starts with; any other line start is a forged line.
LOG_LINE = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (INFO|WARNING|ERROR) [\w.]+ \[\d+\]: ")
#: Raw characters that must never be written: ESC, the C1 CSI, the line/paragraph
#: separators and the bidi overrides.
RAW = re.compile("[\x1b\x9b\u2028\u2029\u202a-\u202e\u2066-\u2069]")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DataCenterProcess]:
    root = tmp_path_factory.mktemp("names")
    dc = DataCenterProcess(root / "dc", root / "dc.log")
    dc.start()
    yield dc
    dc.stop()


def _stick(root: Path, server: DataCenterProcess) -> Path:
    """A stick with two exports named as above: one good, one signed by another key."""
    with server.client() as client:
        laptop = Laptop(client)
        laptop.enroll(new_code(server))
        stick = root / "stick"
        write_export(stick, laptop, [laptop.seal(seq=1)], export_id=NAME)
        stranger = ed25519.Ed25519PrivateKey.generate()
        write_export(stick, laptop, [laptop.seal(seq=2)], export_id=f"{NAME}-2", signed_by=stranger)
    return stick


def _import(server: DataCenterProcess, stick: Path, log_format: str) -> tuple[str, str]:
    """The real command; its stdout and stderr as the bytes it wrote, decoded strictly."""
    done = subprocess.run(
        [
            # -v: the log lines on stderr too, which this test reads (issue 59 §8)
            *(sys.executable, "-m", "sync.server.cli", "-v", "--log-format", log_format),
            "import",
            *(str(stick), "--data", str(server.data)),
        ],
        capture_output=True,
        check=False,
        stdin=subprocess.DEVNULL,
        timeout=60,
        env=database_environment(None),
    )
    assert done.returncode == 2, done.stderr  # the stranger's export was refused
    return done.stdout.decode("utf-8"), done.stderr.decode("utf-8")


@needs_odd_names
@pytest.mark.parametrize("log_format", ["text", "json"])
def test_a_stick_folder_name_forges_no_line_in_the_log_or_the_console(
    server: DataCenterProcess, tmp_path: Path, log_format: str
) -> None:
    stick = _stick(tmp_path, server)
    stdout, stderr = _import(server, stick, log_format)

    for stream in (stdout, stderr):
        assert RAW.search(stream) is None, repr(stream)
    # stdout: one line per export; splitlines() breaks at U+2028 and every line break.
    lines = stdout.splitlines()
    assert len(lines) == 2, lines
    assert lines[0].startswith(f"{stick}/"), lines[0]
    assert f"/{SHOWN}: " in lines[0], lines[0]
    assert "1 accepted" in lines[0]
    assert f"/{SHOWN}-2: REFUSED (" in lines[1], lines[1]

    records = stderr.splitlines()
    if log_format == "text":
        assert all(LOG_LINE.match(line) for line in records), records
        messages = [LOG_LINE.sub("", line, count=1) for line in records]
    else:
        messages = [json.loads(line)["message"] for line in records]  # each line one object
        assert any(NAME in message for message in messages)  # the value itself, unchanged
        messages = [m.replace(NAME, SHOWN) for m in messages]
    assert [m for m in messages if m.startswith("imported export ")] == [
        f"imported export {SHOWN} of {messages_device(messages)}: 1 accepted, 0 rejected, 0 refused"
    ]
    assert [m for m in messages if m.startswith("export ")] == [
        f"export {SHOWN}-2 refused: auth_invalid"
    ]
    assert [m for m in messages if m.startswith("stored record ")] == [
        f"stored record {messages_record(messages)} as ACCEPTED"
    ]
    # One line per record logged, and nothing else: no forged line among them. The first
    # record a data center accepts also makes its recorded-NIK key, said once in its life.
    once = [m for m in messages if m == "created the recorded-NIK key"]
    assert len(once) <= 1, records
    assert len(records) == len(messages) == 3 + len(once), records


def messages_record(messages: list[str]) -> str:
    (line,) = [m for m in messages if m.startswith("stored record ")]
    return line.split()[2]


def messages_device(messages: list[str]) -> str:
    """The device id the import logged (the laptop's, from its enrollment)."""
    (line,) = [m for m in messages if m.startswith("imported export ")]
    return line.split(" of ", 1)[1].split(":", 1)[0]


@needs_odd_names
def test_a_forged_folder_named_in_an_error_stays_one_line(
    server: DataCenterProcess, tmp_path: Path
) -> None:
    """The operator names a stick with no export: the refusal repeats the name, escaped."""
    empty = tmp_path / NAME
    empty.mkdir()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "sync.server.cli",
            "-v",
            "import",
            str(empty),
            "--data",
            server.data,
        ],
        capture_output=True,
        check=False,
        stdin=subprocess.DEVNULL,
        timeout=60,
        env=database_environment(None),
    )
    assert done.returncode == 2
    stderr = done.stderr.decode("utf-8")
    assert RAW.search(stderr) is None, repr(stderr)
    log_line, error = stderr.splitlines()
    assert LOG_LINE.match(log_line)
    assert error == f"error: No FieldKit export found in {tmp_path}/{SHOWN}."
