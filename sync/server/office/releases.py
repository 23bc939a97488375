"""The FieldKit update the office offers its laptops (docs/sync-protocol.md §14.4).

The offer lives as files, no database table: ``DATA/releases/offer.json``
(``{"version", "sha256", "size", "file", "signature"}``) and the installer beside it.
``fieldkit-datacenter release offer`` writes them only for an installer whose signature
one of FieldKit's built-in release keys verifies (the office cannot offer what every
laptop would refuse); ``release withdraw`` removes them.  Laptops fetch the offer with
signed device requests: ``GET /v1/office/update/offer`` (the JSON) and
``GET /v1/office/update`` (the installer's bytes).  Each laptop verifies the installer
again itself, with its own built-in keys: nothing here is trusted by a laptop.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fieldkit.cli.output import say
from fieldkit.durable import atomic_write
from fieldkit.update.verify import UpdateError, file_sha256, verify_signature
from fieldkit.update.versions import release_order

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable, Sequence

    from fieldkit.update.release_keys import ReleaseKey

log = logging.getLogger(__name__)

RELEASES_DIR = "releases"
OFFER_FILE = "offer.json"
UPDATE_PATH = "/v1/office/update"
OFFER_PATH = "/v1/office/update/offer"
HEADER_VERSION = "X-FieldKit-Release-Version"
HEADER_SIGNATURE = "X-FieldKit-Release-Signature"
#: The longest ``.sig`` file worth reading: a base64 signature is 88 characters.
MAX_SIGNATURE_FILE = 1024
_SHA256_HEX_CHARS = 64


@dataclass(frozen=True)
class Offer:
    """The offered installer: its version, SHA-256 (hex), size, file name in DATA/releases."""

    version: str
    sha256: str
    size: int
    file: str
    signature: str

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def releases_dir(data_dir: Path) -> Path:
    return data_dir / RELEASES_DIR


def _offer_from(raw: object) -> Offer | None:
    if not isinstance(raw, dict):
        return None
    try:
        offer = Offer(
            version=str(raw["version"]),
            sha256=str(raw["sha256"]),
            size=int(raw["size"]),
            file=str(raw["file"]),
            signature=str(raw["signature"]),
        )
    except (KeyError, TypeError, ValueError):
        return None
    sound = (
        release_order(offer.version) is not None
        and len(offer.sha256) == _SHA256_HEX_CHARS
        and offer.size >= 0
        and offer.file == Path(offer.file).name
        and offer.file not in {"", ".", "..", OFFER_FILE}
    )
    return offer if sound else None


def current_offer(data_dir: Path) -> Offer | None:
    """What ``DATA/releases/offer.json`` offers; None when nothing is (or it is unreadable)."""
    path = releases_dir(data_dir) / OFFER_FILE
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        log.warning("%s unreadable, nothing offered: %s", OFFER_FILE, exc)
        return None
    offer = _offer_from(raw)
    if offer is None:
        log.warning("%s is not an offer, nothing offered", OFFER_FILE)
    return offer


def installer_name(version: str) -> str:
    return f"fieldkit-{version}-windows-x64-setup.exe"


def write_offer(data_dir: Path, installer: Path, version: str, signature: str) -> Offer:
    """Copy ``installer`` into DATA/releases and offer it; no check (see :func:`offer_release`).

    The copy is complete and synced before ``offer.json`` names it, and the file an
    earlier offer named is removed after: a laptop downloading meanwhile gets one whole
    installer or the other.
    """
    folder = releases_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    name = installer_name(version)
    fd, temp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as sink, installer.open("rb") as source:
            shutil.copyfileobj(source, sink, 1024 * 1024)
            sink.flush()
            os.fsync(sink.fileno())
        Path(temp).replace(folder / name)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    sha256, size = file_sha256(folder / name)
    previous = current_offer(data_dir)
    offer = Offer(version, sha256, size, name, signature.strip())
    atomic_write(folder / OFFER_FILE, json.dumps(offer.as_json(), indent=1).encode() + b"\n")
    if previous is not None and previous.file != name:
        (folder / previous.file).unlink(missing_ok=True)
    log.info("FieldKit %s offered to the laptops (%d bytes, sha256 %s)", version, size, sha256)
    return offer


def read_signature_file(path: Path) -> str:
    """The base64 signature in a ``.sig`` file (``update_file_unreadable`` if it is not one)."""
    try:
        with path.open("rb") as stream:
            text = stream.read(MAX_SIGNATURE_FILE).decode("ascii")
    except (OSError, UnicodeDecodeError) as exc:
        cause = exc.strerror if isinstance(exc, OSError) else type(exc).__name__
        raise UpdateError(
            code="update_file_unreadable", params={"file": path.name, "cause": cause or exc}
        ) from None
    return text.strip()


def offer_release(
    data_dir: Path,
    installer: Path,
    version: str,
    signature: str,
    *,
    trusted_keys: Sequence[ReleaseKey] | None = None,
) -> Offer:
    """Offer ``installer`` as FieldKit ``version`` if a release key signed exactly that.

    ``trusted_keys`` defaults to the release keys built into this FieldKit, the ones
    the laptops hold too.  Refused (:class:`UpdateError`): ``release_signature_invalid``,
    ``update_version_invalid``, ``update_file_unreadable``.
    """
    try:
        verify_signature(installer, version, signature, trusted_keys=trusted_keys)
    except UpdateError as error:
        if error.code != "update_signature_invalid":
            raise
        # The laptop's sentence says the file was deleted; the office's, that it is not offered.
        raise UpdateError(code="release_signature_invalid", params={"version": version}) from None
    return write_offer(data_dir, installer, version, signature)


def withdraw(data_dir: Path) -> Offer | None:
    """Offer nothing any more; the offer that was withdrawn, if any."""
    offer = current_offer(data_dir)
    folder = releases_dir(data_dir)
    (folder / OFFER_FILE).unlink(missing_ok=True)
    if offer is not None:
        (folder / offer.file).unlink(missing_ok=True)
        log.info("FieldKit %s no longer offered", offer.version)
    return offer


# --- the operator's commands ----------------------------------------------------------


def cmd_offer(args: argparse.Namespace) -> int:
    try:
        offer = offer_release(
            args.data, args.installer, args.version, read_signature_file(args.signature)
        )
    except UpdateError as error:
        log.warning("release offer refused: %s", error.code)
        sys.stderr.write(f"error: {error.message}\n")
        return 2
    if args.json:
        sys_write(json.dumps(offer.as_json()))
    else:
        sys_write(
            say(
                "dc.release_offered",
                version=offer.version,
                file=offer.file,
                size=offer.size,
                sha256=offer.sha256,
            )
        )
    return 0


def cmd_withdraw(args: argparse.Namespace) -> int:
    offer = withdraw(args.data)
    if args.json:
        sys_write(json.dumps(None if offer is None else offer.as_json()))
    elif offer is None:
        sys_write(say("dc.release_none"))
    else:
        sys_write(say("dc.release_withdrawn", version=offer.version))
    return 0


def sys_write(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def add_commands(release: Any, data_args: Callable[[argparse.ArgumentParser], None]) -> None:
    """``release offer`` and ``release withdraw``, under ``fieldkit-datacenter release``."""
    offer = release.add_parser(
        "offer",
        help="offer a signed FieldKit installer to the laptops (refused unless one of "
        "FieldKit's release keys signed it)",
    )
    offer.add_argument("installer", type=Path, metavar="INSTALLER")
    offer.add_argument("--version", required=True, help="the installer's FieldKit version")
    offer.add_argument(
        "--signature", type=Path, required=True, metavar="SIGFILE", help="INSTALLER.sig"
    )
    offer.add_argument("--json", action="store_true", help="machine-readable output")
    data_args(offer)
    offer.set_defaults(func=cmd_offer)
    gone = release.add_parser("withdraw", help="offer no FieldKit update any more")
    gone.add_argument("--json", action="store_true", help="machine-readable output")
    data_args(gone)
    gone.set_defaults(func=cmd_withdraw)
