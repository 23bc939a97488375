"""The enrollment bundle: a data center's address, a one-time code and its CA fingerprint.

``fieldkit-datacenter codes new --bundle-out FILE`` writes it as a small
versioned JSON file and as a QR code (PNG) holding the same JSON, so the
officer at the laptop never types 64 hexadecimal digits: the Sinkronisasi
screen and ``fieldkit sync enroll --bundle FILE`` read either form.  The
bundle is no secret beyond its code, which is good for one laptop, once, for
a day; the fingerprint is what makes the first connection safe.

Typing stays possible.  The fingerprint is then shown and checked in
:data:`GROUPS` groups of :data:`GROUP_SIZE` hexadecimal digits, so a slip is
marked in its group before anything is sent.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from drivers.image_size import ImageTooLarge, check_declared_size
from fieldkit.durable import atomic_write
from sync.drives import usb_roots

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

    import numpy as np
    from numpy.typing import NDArray

FORMAT = "fieldkit-enrollment"
VERSION = 1
GROUP_SIZE = 4
GROUPS = 16
#: Bigger than any bundle, smaller than anything a wrong file choice would read whole.
MAX_BUNDLE_BYTES = 64 * 1024
_HEX = re.compile(r"^[0-9a-f]*$")
_SEPARATORS = re.compile(r"[\s:\-]")


class BundleError(ValueError):
    """The file is not an enrollment bundle this version reads; ``reason`` says which way."""

    def __init__(self, reason: str, message: str, params: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.reason = reason
        #: What the catalogue's sentence for ``reason`` names (``detail.bundle_<reason>``).
        self.params = params or {}


@dataclass(frozen=True)
class EnrollmentBundle:
    url: str
    code: str
    ca_fingerprint: str

    def as_json(self) -> dict[str, object]:
        return {
            "format": FORMAT,
            "version": VERSION,
            "url": self.url,
            "code": self.code,
            "ca_fingerprint": self.ca_fingerprint,
        }

    def text(self) -> str:
        """Compact JSON: what the QR code holds and the file contains."""
        return json.dumps(self.as_json(), separators=(",", ":"), sort_keys=True)


def group_fingerprint(fingerprint: str) -> str:
    """``ab12 cd34 …``: how the fingerprint is printed and read out, in 16 groups of 4."""
    value = _SEPARATORS.sub("", fingerprint).lower()
    return " ".join(value[i : i + GROUP_SIZE] for i in range(0, len(value), GROUP_SIZE))


def fingerprint_groups(typed: str) -> list[str]:
    """The typed fingerprint cut into groups: by the typist's spaces, else every 4 digits."""
    text = typed.strip().lower().replace(":", " ").replace("-", " ")
    parts = text.split()
    if len(parts) <= 1:
        value = "".join(parts)
        return [value[i : i + GROUP_SIZE] for i in range(0, len(value), GROUP_SIZE)]
    return parts


def bad_groups(typed: str) -> list[int]:
    """Indexes (0-based) of the groups that cannot be right; empty when the form is complete.

    A group is wrong when it holds a character that is not hexadecimal or does
    not have four digits; groups missing at the end count as wrong too, so an
    empty list means 16 well-formed groups.
    """
    groups = fingerprint_groups(typed)
    wrong = [
        index
        for index, group in enumerate(groups)
        if len(group) != GROUP_SIZE or not _HEX.fullmatch(group) or index >= GROUPS
    ]
    wrong += list(range(len(groups), GROUPS))
    return wrong


def parse_bundle(text: str) -> EnrollmentBundle:
    """The bundle from its JSON text (a file's content or a decoded QR code)."""
    try:
        raw = json.loads(text)
    except ValueError:
        raise BundleError("not_json", "The file is not an enrollment bundle.") from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise BundleError("not_bundle", "The file is not an enrollment bundle.")
    if raw.get("version") != VERSION:
        raise BundleError(
            "version",
            f"Enrollment bundle version {raw.get('version')!r} is not supported.",
            {"version": repr(raw.get("version"))},
        )
    values = [raw.get(key) for key in ("url", "code", "ca_fingerprint")]
    if not all(isinstance(v, str) and v for v in values):
        raise BundleError("incomplete", "The enrollment bundle lacks its address, code or key.")
    url, code, fingerprint = (str(v) for v in values)
    return EnrollmentBundle(url=url, code=code, ca_fingerprint=fingerprint)


def read_bundle(path: Path) -> EnrollmentBundle:
    """A bundle from its JSON file, or from the PNG of its QR code (decoded with OpenCV)."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BUNDLE_BYTES + 1)
    except OSError as exc:
        raise BundleError(
            "unreadable",
            f"Cannot read {path.name}: {exc.strerror}.",
            {"file": path.name, "error": str(exc.strerror)},
        ) from None
    if len(data) > MAX_BUNDLE_BYTES:
        raise BundleError("not_bundle", "The file is not an enrollment bundle.")
    if data.startswith(b"\x89PNG"):
        return parse_bundle(_decode_qr(data))
    try:
        return parse_bundle(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise BundleError("not_bundle", "The file is not an enrollment bundle.") from None


def decode_qr_image(image: NDArray[np.integer[Any] | np.floating[Any]]) -> str | None:
    """The text of the QR code in an OpenCV image (a file's pixels or a camera frame), if any.

    OpenCV's classic detector misses the odd code outright (about one sharp PNG
    in sixty here), so the ArUco-based detector and two rescalings get a try too.
    """
    import cv2  # noqa: PLC0415 - only reading a QR code needs OpenCV

    detectors = [cv2.QRCodeDetector(), cv2.QRCodeDetectorAruco()]
    height, width = image.shape[:2]
    for scale in (1.0, 0.5, 1.5):
        scaled = (
            image
            if scale == 1.0
            else cv2.resize(
                image, (round(width * scale), round(height * scale)), interpolation=cv2.INTER_AREA
            )
        )
        for detector in detectors:
            text, _points, _straight = detector.detectAndDecode(scaled)
            if text:
                return str(text)
    return None


def _decode_qr(data: bytes) -> str:
    import cv2  # noqa: PLC0415 - as above
    import numpy  # noqa: PLC0415, ICN001 - ``np`` is the type-checking import above

    try:
        check_declared_size(data)  # before OpenCV allocates what the header claims (57.1)
    except ImageTooLarge:
        raise BundleError(
            "image_too_large", "The picture declares a size far larger than a QR code needs."
        ) from None
    image = cv2.imdecode(numpy.frombuffer(data, dtype=numpy.uint8), cv2.IMREAD_GRAYSCALE)
    text = decode_qr_image(image) if image is not None else None
    if text is None:
        raise BundleError("no_qr", "No readable QR code was found in the picture.")
    return text


def write_bundle(bundle: EnrollmentBundle, path: Path) -> Path:
    """Write the JSON file at ``path`` and its QR code beside it (``.png``); the PNG's path.

    ``segno`` (pure Python, in the server extra) draws the QR code: only the
    data center writes bundles.
    """
    import segno  # noqa: PLC0415 - the server extra; laptops only read bundles

    # Both hold the one-time code: each is written to a 0600 temporary file and renamed
    # (``atomic_write``), so no other account can read either, not even for a moment,
    # whatever the umask; an old bundle of the same name is replaced whole.
    text = json.dumps(bundle.as_json(), indent=2, sort_keys=True) + "\n"
    atomic_write(path, text.encode("utf-8"))
    png = path.with_suffix(".png") if path.suffix != ".png" else path.with_name(path.name + ".png")
    image = io.BytesIO()
    segno.make(bundle.text(), error="m", micro=False).save(image, kind="png", scale=8, border=4)
    atomic_write(png, image.getvalue())
    return png


_SEARCH_DEPTH = 3


def find_bundles(roots: Iterable[Path] | None = None) -> list[Path]:
    """Enrollment bundles (JSON first, then QR PNGs) on mounted sticks, newest first.

    ``roots`` defaults to :func:`sync.drives.usb_roots` (the mount folders on
    Linux, the removable drive letters on Windows).  Only a few levels deep and
    only files small enough to be a bundle, so a stick full of photos is not
    read through.
    """
    found: list[Path] = []
    for root in usb_roots() if roots is None else roots:
        found += _walk(root, _SEARCH_DEPTH)
    readable = []
    for path in found:
        try:
            read_bundle(path)
        except BundleError:
            continue
        readable.append(path)
    return sorted(readable, key=lambda p: (p.suffix != ".json", -p.stat().st_mtime))


def _walk(folder: Path, depth: int) -> list[Path]:
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    files = [e for e in entries if e.suffix.lower() in {".json", ".png"} and _small_file(e)]
    if depth > 0:
        for entry in entries:
            if entry.is_dir() and not entry.is_symlink():
                files += _walk(entry, depth - 1)
    return files


def _small_file(path: Path) -> bool:
    try:
        return path.is_file() and path.stat().st_size <= MAX_BUNDLE_BYTES
    except OSError:
        return False
