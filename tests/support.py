"""Helpers the tests share: running the real CLI and mounting small real filesystems."""

from __future__ import annotations

import contextlib
import errno
import io
import logging
import os
import subprocess
import sys
import threading
import uuid
import warnings
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import pytest

from fieldkit.cli.main import main as fieldkit_main
from fieldkit.officers import Role
from fieldkit.store.keyring import TEST_KDF
from fieldkit.workspace import Workspace

ADMIN = "admin"
ADMIN_PASSWORD = "kata-sandi-admin"
OFFICE = "3315"


def init_workspace(
    home: Path, username: str = ADMIN, password: str = ADMIN_PASSWORD, *, training: bool = False
) -> Workspace:
    """A store with one admin, made with the cheap test KDF.

    ``training`` makes a training store, which records before any data center is
    enrolled (a real store refuses to: see ``fieldkit.training``).
    """
    return Workspace.init(
        home,
        office_code=OFFICE,
        username=username,
        full_name="Admin Uji",
        role=Role.ADMIN,
        password=password,
        kdf=TEST_KDF,
        training=training,
    )


#: The commands speak Indonesian by default (issue 59 §8); the tests that read their English
#: words run them with this.  A test of the default language gives ``FIELDKIT_LANG=""``.
IN_ENGLISH = {"FIELDKIT_LANG": "en"}


def cli(
    *args: str, env: dict[str, str] | None = None, process: bool = False
) -> subprocess.CompletedProcess[str]:
    """Run the ``fieldkit`` command the way a script would: no terminal, no prompts.

    In this process by default (:func:`run_in_process`): what a command decides, says and
    stores is the same, without a second's start-up per call.  ``process=True`` runs the
    installed command as a child, for what only a process shows: its exit through the
    shell, signals, locks held by another process, two commands at once; and always for
    ``fieldkit sim``, a simulator that runs until a signal.
    """
    # A simulator (``fieldkit sim``) runs until a signal and logs as its own process does.
    as_a_process = process or args[:1] == ("sim",)
    if as_a_process or threading.current_thread() is not threading.main_thread():
        executable = Path(sys.executable).with_name("fieldkit")
        return subprocess.run(
            [str(executable), *args],
            capture_output=True,
            text=True,
            env={**os.environ, **IN_ENGLISH, **(env or {})},
            stdin=subprocess.DEVNULL,
            timeout=120,
            check=False,
        )
    return run_in_process(
        fieldkit_main, ["fieldkit", *args], {**os.environ, **IN_ENGLISH, **(env or {})}
    )


def run_in_process(
    main: Callable[[list[str]], int], argv: list[str], env: Mapping[str, str]
) -> subprocess.CompletedProcess[str]:
    """``main(argv[1:])`` as its process would run it, in this one; its output captured.

    The environment is ``env`` exactly, stdin the null device, stdout and stderr text
    buffers; the exit code is what ``main`` returns or raises (``SystemExit``, as argparse
    does); a warning is printed on stderr, as Python prints it for a process (pytest would
    record it).  What a command changes in the process is put back afterwards: the
    environment, the root logger's handlers and level (both command lines configure
    logging), the umask (the data center's sets its own).
    """
    saved_env = dict(os.environ)
    root = logging.getLogger()
    saved_handlers, saved_level = list(root.handlers), root.level
    saved_umask = os.umask(0o022)
    os.umask(saved_umask)
    saved_stdin = sys.stdin
    stdout, stderr = io.StringIO(), io.StringIO()
    os.environ.clear()
    os.environ.update(env)
    try:
        with open(os.devnull, encoding="utf-8") as nothing:  # noqa: PTH123
            sys.stdin = nothing
            with (
                contextlib.redirect_stdout(stdout),
                contextlib.redirect_stderr(stderr),
                warnings.catch_warnings(),
            ):
                _process_warning_filters()
                warnings.showwarning = _print_warning
                try:
                    code = main(argv[1:])
                except SystemExit as stop:
                    code = _exit_code(stop.code, stderr)
    finally:
        sys.stdin = saved_stdin
        os.environ.clear()
        os.environ.update(saved_env)
        for handler in list(root.handlers):
            if handler not in saved_handlers:
                root.removeHandler(handler)
                handler.close()
        root.handlers[:] = saved_handlers
        root.setLevel(saved_level)
        os.umask(saved_umask)
    return subprocess.CompletedProcess(argv, code, stdout.getvalue(), stderr.getvalue())


def _process_warning_filters() -> None:
    """The warning filters a Python process starts with (``-W`` and ``-X dev`` not given)."""
    warnings.resetwarnings()
    warnings.simplefilter("default")
    for quiet in (DeprecationWarning, PendingDeprecationWarning, ImportWarning, ResourceWarning):
        warnings.simplefilter("ignore", quiet)


def _print_warning(  # noqa: PLR0917 - warnings.showwarning's own signature
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: object = None,
    line: str | None = None,
) -> None:
    """A warning as Python prints it for a process: on (the redirected) stderr."""
    sys.stderr.write(warnings.formatwarning(message, category, filename, lineno, line))


def _exit_code(code: object, stderr: io.StringIO) -> int:
    """The status ``sys.exit(code)`` gives a process: a message goes to stderr, exit 1."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    stderr.write(f"{code}\n")
    return 1


def cli_into_a_closed_pipe(
    program: str, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run an installed command whose stdout is a pipe nobody reads any more (``| head``).

    The pipe's reading end is closed before the command starts, so its first write
    fails with EPIPE: no race with a reader, no waiting.
    """
    executable = Path(sys.executable).with_name(program)
    reading, writing = os.pipe()
    os.close(reading)
    try:
        return subprocess.run(
            [str(executable), *args],
            stdout=writing,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, **IN_ENGLISH, **(env or {})},
            stdin=subprocess.DEVNULL,
            timeout=120,
            check=False,
        )
    finally:
        os.close(writing)


def wildcard_twin(identifier: str) -> str:
    """``identifier`` with its third character ``_`` and its tail ``%``.

    Read as an SQL ``LIKE`` pattern it matches ``identifier`` (and, in practice, nothing
    else); read literally, as an id prefix must be, it matches no id at all.
    """
    return identifier[:2] + "_" + identifier[3:12] + "%"


@contextlib.contextmanager
def small_filesystem(where: Path, size: str) -> Iterator[Path]:
    """A real tmpfs of ``size``, so full-disk and read-only faults are the kernel's, not ours.

    Needs root, which CI and the README's test command have.
    """
    where.mkdir(parents=True, exist_ok=True)
    mount = subprocess.run(
        [
            "mount",
            "-t",
            "tmpfs",
            "-o",
            f"size={size},mode=0700",
            f"fk-{uuid.uuid4().hex[:8]}",
            str(where),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if mount.returncode != 0:
        pytest.fail(
            "this test mounts a small tmpfs and must run as root (the README's test command "
            f"does): {mount.stderr.strip()}"
        )
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False, capture_output=True)


def remount_read_only(where: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(where)], check=True, capture_output=True)


def fill_disk(filler: Path, leave: int = 0) -> None:
    """Write until the kernel says ENOSPC, then give back ``leave`` bytes."""
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while True:
            os.write(fd, b"\0" * 4096)
    except OSError as exc:
        if exc.errno != errno.ENOSPC:
            raise
    finally:
        os.close(fd)
    if leave:
        os.truncate(filler, max(0, filler.stat().st_size - leave))


def read_qr(png: Path) -> str | None:
    """The text of the QR code in an image, as a phone's reader would find it; None if none.

    OpenCV's classic detector misses some codes on a whole page now and then (it depends
    on the code's own pattern, so on the record id); a phone tries harder, and so does the
    ArUco-based detector, tried second.
    """
    import cv2  # only the tests that read a QR code need OpenCV

    image = cv2.imread(str(png))
    assert image is not None, f"{png} is no image"
    for detector in (cv2.QRCodeDetector(), cv2.QRCodeDetectorAruco()):
        decoded, points, _ = detector.detectAndDecode(image)
        if points is not None and decoded:
            return str(decoded)
    return None
