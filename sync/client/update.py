"""The laptop's side of the FieldKit update (docs/sync-protocol.md §14.4).

:func:`check_update` asks the enrolled data center what it offers;
:func:`download_update` fetches the installer over the same pinned, signed channel as a
push, into ``<data folder>/updates/``, capped by its announced size and a hard cap,
hashing it as it arrives, and keeps it only if a release key built into this FieldKit
signed exactly that version and content, and the version is newer than the installed
one.  Anything else is deleted and refused with its reason: the TLS connection it came
over proves where it came from, never what it is.  :func:`start_installer` runs the
verified installer on Windows, silently, detached, and FieldKit quits; setup starts it
again when done (``/STARTFIELDKIT=1``, packaging/windows/fieldkit.iss).
"""

from __future__ import annotations

import hashlib
import logging
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

from fieldkit import audit, paths
from fieldkit.records import outbox
from fieldkit.update.verify import (
    UpdateError,
    VerifiedInstaller,
    check_version,
    verify_installer,
)
from fieldkit.update.versions import installed_version, is_newer, release_order
from sync.client import config
from sync.client.errors import SyncError, SyncReason
from sync.client.transport import Transport, classify, error_from_response, pinned_context
from sync.protocol import sign_request

if TYPE_CHECKING:
    import threading
    from collections.abc import Callable, Sequence

    from fieldkit.update.release_keys import ReleaseKey
    from fieldkit.workspace import Workspace

log = logging.getLogger(__name__)

UPDATES_DIR = "updates"
UPDATE_PATH = "/v1/office/update"
OFFER_PATH = "/v1/office/update/offer"
HEADER_VERSION = "X-FieldKit-Release-Version"
HEADER_SIGNATURE = "X-FieldKit-Release-Signature"
#: No FieldKit installer comes near this (about 115 MB); a larger answer is not one.
MAX_INSTALLER_BYTES = 512 * 1024 * 1024
_CHUNK = 256 * 1024
_SIGNATURE_CHARS = 200
#: Inno Setup's silent update: no window, no question, no reboot, FieldKit closed if
#: still running, and started again afterwards (the [Run] entry of fieldkit.iss).
SILENT_FLAGS = ("/VERYSILENT", "/SUPPRESSMSGBOXES", "/NORESTART", "/CLOSEAPPLICATIONS")
START_AGAIN_FLAG = "/STARTFIELDKIT=1"
#: ``CreateProcess`` of a program that asks for administrator rights, from one without.
_ERROR_ELEVATION_REQUIRED = 740


@dataclass(frozen=True)
class UpdateOffer:
    """What the data center offers: the version, the installer's SHA-256, size, signature."""

    version: str
    sha256: str
    size: int
    signature: str

    def as_json(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "sha256": self.sha256,
            "size": self.size,
            "signature": self.signature,
        }


@dataclass(frozen=True)
class UpdateCheck:
    """The installed version, the offer (if any), and where the laptop stands."""

    installed: str
    offered: UpdateOffer | None
    min_version: str | None = None

    @property
    def newer(self) -> bool:
        """An update is offered that is newer than what is installed."""
        return self.offered is not None and is_newer(self.offered.version, self.installed)

    @property
    def below_minimum(self) -> bool:
        """The office's minimum version is newer than the installed one."""
        return self.min_version is not None and is_newer(self.min_version, self.installed)

    def as_json(self) -> dict[str, Any]:
        return {
            "installed": self.installed,
            "offered": None if self.offered is None else self.offered.as_json(),
            "newer": self.newer,
            "min_version": self.min_version,
            "below_minimum": self.below_minimum,
        }


def updates_dir(ws: Workspace) -> Path:
    return ws.directory / UPDATES_DIR


def _transport(ws: Workspace) -> Transport:
    with ws.transaction() as session:
        settings = config.load(session)
        if settings is None:
            raise SyncError(SyncReason.NOT_ENROLLED)
        key = outbox.device_key(session)
    return Transport(
        settings.url,
        pinned_context(settings.ca_pem),
        device_id=settings.device_id,
        device_key=key,
        connections=1,
    )


def _bad_answer(problem: str) -> UpdateError:
    return UpdateError(code="update_bad_answer", params={"problem": problem})


def _offer_from(body: object) -> UpdateOffer:
    if not isinstance(body, dict):
        raise _bad_answer("not an object")
    try:
        offer = UpdateOffer(
            version=str(body["version"]),
            sha256=str(body["sha256"]),
            size=int(body["size"]),
            signature=str(body["signature"])[:_SIGNATURE_CHARS],
        )
    except (KeyError, TypeError, ValueError):
        raise _bad_answer("a field is missing") from None
    if release_order(offer.version) is None:
        raise _bad_answer("version")
    return offer


def check_update(ws: Workspace, *, min_version: str | None = None) -> UpdateCheck:
    """Ask the enrolled data center which update it offers (``GET /v1/office/update/offer``).

    ``min_version`` is the office's minimum (from its package), to say whether this
    laptop is below it.  Raises :class:`SyncError` when the data center cannot be asked.
    """
    transport = _transport(ws)
    try:
        transport.health()
        response = transport.request("GET", OFFER_PATH)
    finally:
        transport.close()
    offered = None
    if response.status_code != httpx.codes.NO_CONTENT:
        try:
            offered = _offer_from(response.json())
        except ValueError:
            raise _bad_answer("not JSON") from None
    return UpdateCheck(installed_version(), offered, min_version)


def _signed_headers(transport: Transport, path: str) -> dict[str, str]:
    return sign_request(
        transport.device_id,
        transport.device_key,
        method="GET",
        path=path,
        body=b"",
        timestamp=int(transport.now()),
    )


def _announced(response: httpx.Response, installed: str, max_bytes: int) -> tuple[str, str, int]:
    """The version, signature and size the answer announces, checked before a byte is read."""
    version = response.headers.get(HEADER_VERSION, "")
    signature = response.headers.get(HEADER_SIGNATURE, "")[:_SIGNATURE_CHARS]
    length = response.headers.get("content-length", "")
    if not version or not signature:
        raise _bad_answer(f"no {HEADER_VERSION if not version else HEADER_SIGNATURE}")
    if not length.isdigit():
        raise _bad_answer("no Content-Length")
    check_version(version)
    if not is_newer(version, installed):
        raise UpdateError(
            code="update_version_not_newer", params={"version": version, "installed": installed}
        )
    size = int(length)
    if size > max_bytes:
        raise UpdateError(code="update_too_large", params={"size": size, "limit": max_bytes})
    return version, signature, size


def _receive(
    response: httpx.Response,
    sink: Any,
    size: int,
    progress: Callable[[int, int], None] | None,
    cancel: threading.Event | None,
) -> tuple[str, int]:
    digest = hashlib.sha256()
    got = 0
    for chunk in response.iter_bytes(_CHUNK):
        got += len(chunk)
        if got > size:  # httpx stops at Content-Length; this holds whatever the transport
            break
        digest.update(chunk)
        sink.write(chunk)
        if progress is not None:
            progress(got, size)
        if cancel is not None and cancel.is_set():
            break
    return digest.hexdigest(), got


@dataclass
class _Fetched:
    """The download in progress: its temporary file, and what the answer announced."""

    path: Path = Path()
    version: str = ""
    signature: str = ""
    sha256: str = ""
    kept: bool = False


def _fetch(  # noqa: PLR0917 - one download's parts, passed on from download_update
    transport: Transport,
    fetched: _Fetched,
    folder: Path,
    installed: str,
    max_bytes: int,
    progress: Callable[[int, int], None] | None,
    cancel: threading.Event | None,
) -> None:
    """The installer's bytes into a temporary file in ``folder``, hashed on the way."""
    transport.health()
    headers = _signed_headers(transport, UPDATE_PATH)
    with transport.client.stream("GET", UPDATE_PATH, headers=headers) as response:
        if response.status_code == httpx.codes.NO_CONTENT:
            raise UpdateError(code="update_not_offered")
        if not response.is_success:
            response.read()
            raise error_from_response(response)
        fetched.version, fetched.signature, size = _announced(response, installed, max_bytes)
        fd, name = tempfile.mkstemp(dir=folder, prefix=".download-", suffix=".part")
        fetched.path = Path(name)
        with os.fdopen(fd, "wb") as sink:
            fetched.sha256, got = _receive(response, sink, size, progress, cancel)
            sink.flush()
            os.fsync(sink.fileno())
    if got != size:
        raise UpdateError(
            code="update_incomplete",
            params={"version": fetched.version, "got": got, "expected": size},
        )


def download_update(
    ws: Workspace,
    *,
    trusted_keys: Sequence[ReleaseKey] | None = None,
    installed: str | None = None,
    max_bytes: int = MAX_INSTALLER_BYTES,
    progress: Callable[[int, int], None] | None = None,
    cancel: threading.Event | None = None,
) -> VerifiedInstaller:
    """Download the offered installer and keep it only if it verifies (see the module).

    ``trusted_keys`` defaults to the release keys built into this FieldKit (tests pass
    their own); ``installed`` to :func:`installed_version`.  Refusals: ``update_not_offered``,
    ``update_version_invalid``, ``update_version_not_newer``, ``update_too_large``,
    ``update_incomplete``, ``update_signature_invalid``, ``update_bad_answer``,
    ``update_write_failed``, and :class:`SyncError` for the connection.  A refused or
    interrupted download leaves no file behind.
    """
    current = installed_version() if installed is None else installed
    folder = updates_dir(ws)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        paths.make_private(folder)
    except OSError as exc:
        raise UpdateError(
            code="update_write_failed", params={"folder": folder, "cause": exc.strerror or exc}
        ) from None
    transport = _transport(ws)
    fetched = _Fetched()
    try:
        _fetch(transport, fetched, folder, current, max_bytes, progress, cancel)
        verified = verify_installer(
            fetched.path,
            fetched.version,
            fetched.signature,
            trusted_keys=trusted_keys,
            installed=current,
            sha256_hex=fetched.sha256,
        )
        final = folder / installer_file_name(verified.version)
        fetched.path.replace(final)
        fetched.kept = True
    except httpx.TransportError as exc:
        error = classify(exc)
        raise error from exc
    except UpdateError as error:
        log.warning("update refused: %s", error.code)
        raise
    except OSError as exc:
        raise UpdateError(
            code="update_write_failed", params={"folder": folder, "cause": exc.strerror or exc}
        ) from None
    finally:
        transport.close()
        if not fetched.kept and fetched.path.name:
            fetched.path.unlink(missing_ok=True)
    version = verified.version
    _forget_others(folder, final)
    log.info("FieldKit %s downloaded and verified (key %s)", version, verified.key_name)
    with ws.transaction() as session:
        audit.append(
            session,
            ws.officer.username,
            "update.downloaded",
            None,
            {"version": version, "sha256": verified.sha256, "key": verified.key_name},
        )
    return VerifiedInstaller(
        final, version, verified.sha256, verified.size, verified.signature, verified.key_name
    )


def installer_file_name(version: str) -> str:
    return f"fieldkit-{version}-windows-x64-setup.exe"


def _forget_others(folder: Path, keep: Path) -> None:
    """Older downloads are of no use once a newer one verified."""
    for stale in folder.glob("fieldkit-*-setup.exe"):
        if stale != keep:
            stale.unlink(missing_ok=True)


def install_command(installer: Path, log_file: Path) -> list[str]:
    """The silent setup command line FieldKit runs (``/LOG`` keeps setup's log beside it)."""
    return [str(installer), *SILENT_FLAGS, START_AGAIN_FLAG, f"/LOG={log_file}"]


def start_installer(
    ws: Workspace,
    verified: VerifiedInstaller,
    *,
    trusted_keys: Sequence[ReleaseKey] | None = None,
    platform: str = sys.platform,
) -> Path:
    """Run the verified installer silently, detached; the caller quits next. Windows only.

    The file is verified again first (it waited in the data folder since its download).
    Returns setup's log file.  ``update_windows_only`` elsewhere (the Linux build is
    updated by its own package); ``update_start_failed`` when Windows refuses to start it.
    """
    if platform != "win32":
        raise UpdateError(code="update_windows_only")
    again = verify_installer(
        verified.path,
        verified.version,
        verified.signature,
        trusted_keys=trusted_keys,
        installed=installed_version(),
    )
    if again.sha256 != verified.sha256:
        raise UpdateError(code="update_signature_invalid", params={"version": verified.version})
    log_file = verified.path.with_name(f"setup-{verified.version}.log")
    command = install_command(verified.path, log_file)
    with ws.transaction() as session:
        audit.append(
            session,
            ws.officer.username,
            "update.installing",
            None,
            {"version": verified.version, "sha256": verified.sha256},
        )
    _spawn_detached(command)
    log.info("FieldKit %s: setup started; FieldKit quits for it", verified.version)
    return log_file


def _spawn_detached(command: list[str]) -> None:
    """Start ``command`` outside this process's console and lifetime (Windows)."""
    if sys.platform != "win32":  # start_installer checked; this keeps mypy's Linux run honest
        raise UpdateError(code="update_windows_only")
    flags = subprocess.DETACHED_PROCESS | subprocess.CREATE_NEW_PROCESS_GROUP
    try:
        subprocess.Popen(  # noqa: S603 - the installer just verified, and its fixed flags
            command,
            creationflags=flags,
            close_fds=True,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    except OSError as exc:
        if getattr(exc, "winerror", None) != _ERROR_ELEVATION_REQUIRED:
            raise UpdateError(
                code="update_start_failed",
                params={"version": Path(command[0]).name, "cause": exc.strerror or exc},
            ) from None
        # An officer without administrator rights: Windows asks for them (UAC) first.
        try:
            os.startfile(command[0], "runas", " ".join(f'"{a}"' for a in command[1:]))  # noqa: S606
        except OSError as again:
            raise UpdateError(
                code="update_start_failed",
                params={"version": Path(command[0]).name, "cause": again.strerror or again},
            ) from None
