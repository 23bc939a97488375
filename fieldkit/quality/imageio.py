"""Reading capture files robustly, and storing face and iris images as lossless JPEG 2000.

Decoding goes through Pillow rather than ``cv2.imread`` because Pillow refuses
a truncated JPEG or PNG (``cv2`` silently returns a half-grey picture, which
would then be *scored*), and it reads JPEG 2000 too.  Every failure becomes one
``ImageUnreadable`` with a message an officer can act on.

Storage is JPEG 2000 with the reversible 5/3 wavelet (``irreversible=False``)
and no quality layers: bit-exact, which the data center's deduplication and
any later re-assessment rely on.
"""

from __future__ import annotations

import io
import logging
from pathlib import Path
from typing import IO, TYPE_CHECKING, Literal

import numpy as np
from PIL import Image, UnidentifiedImageError

from drivers.image_size import ImageTooLarge, check_declared_size, check_size
from fieldkit.errors import InvalidInput

if TYPE_CHECKING:
    from numpy.typing import NDArray

log = logging.getLogger(__name__)

ColourMode = Literal["bgr", "grey", "keep"]

_GREY_MODES = {"1", "L", "P", "LA", "I", "I;16", "I;16B", "I;16L", "I;16N", "F"}
_WIDE_MODES = {"I", "I;16", "I;16B", "I;16L", "I;16N", "F"}
_COLOUR_CHANNELS = 3


class ImageUnreadable(InvalidInput):
    """The file is missing, empty, truncated or not an image; the CLI exits 2 for it."""

    code = "image_unreadable"


def load_image(path: str | Path, *, mode: ColourMode = "bgr") -> NDArray[np.uint8]:
    """Decode an image file into an 8-bit array: BGR (OpenCV order), grey, or as stored."""
    file = Path(path)
    try:
        data = file.read_bytes()
    except FileNotFoundError:
        raise ImageUnreadable(code="image_file_missing", params={"file": str(file)}) from None
    except IsADirectoryError:
        raise ImageUnreadable(params={"file": file.name}) from None
    except OSError:
        raise ImageUnreadable(params={"file": file.name}) from None
    if not data:
        raise ImageUnreadable(params={"file": file.name})
    return decode_image(data, mode=mode, name=str(file))


def decode_image(
    data: bytes, *, mode: ColourMode = "bgr", name: str = "image"
) -> NDArray[np.uint8]:
    """``load_image`` for bytes already in memory (a capture from a device, a stored record).

    The size the header declares is checked before anything is decoded
    (``drivers.image_size``): a few hundred bytes may claim 20,000 x 20,000 pixels.
    """
    try:
        check_declared_size(data)
        with Image.open(io.BytesIO(data)) as picture:
            check_size(*picture.size)  # a format the header check does not parse (BMP, TIFF)
            picture.load()
            return _to_array(picture, mode)
    except ImageTooLarge as exc:
        raise ImageUnreadable(
            code="image_too_large",
            params={"file": name, "width": exc.width, "height": exc.height, "limit": exc.limit},
        ) from None
    except UnidentifiedImageError:
        raise ImageUnreadable(params={"file": name}) from None
    except Image.DecompressionBombError:
        raise ImageUnreadable(params={"file": name}) from None
    except (OSError, SyntaxError, ValueError) as error:
        # Pillow says "image file is truncated", "broken data stream", etc.
        log.info("image decode failed: %s", type(error).__name__)
        raise ImageUnreadable(params={"file": name}) from None


def _to_array(picture: Image.Image, mode: ColourMode) -> NDArray[np.uint8]:
    if picture.mode in _WIDE_MODES:
        wide = np.asarray(picture, dtype=np.float64)
        top = float(wide.max()) or 1.0
        grey = np.clip(wide * (255.0 / max(top, 255.0)), 0, 255).astype(np.uint8)
        if mode == "bgr":
            return np.ascontiguousarray(np.repeat(grey[:, :, None], 3, axis=2))
        return grey
    grey_source = picture.mode in _GREY_MODES
    if mode == "grey" or (mode == "keep" and grey_source):
        return np.asarray(picture.convert("L"), dtype=np.uint8).copy()
    rgb = np.asarray(picture.convert("RGB"), dtype=np.uint8)
    return np.ascontiguousarray(rgb[:, :, ::-1])


def save_jp2_lossless(image: NDArray[np.uint8], target: str | Path | IO[bytes]) -> None:
    """Write grey or BGR ``image`` as a bit-exact JPEG 2000 (JP2 container)."""
    if image.dtype != np.uint8 or image.ndim not in (2, 3):
        raise ValueError("expected an 8-bit grey (H, W) or BGR (H, W, 3) image")
    if image.ndim == _COLOUR_CHANNELS:
        if image.shape[2] != _COLOUR_CHANNELS:
            raise ValueError("expected an 8-bit grey (H, W) or BGR (H, W, 3) image")
        picture = Image.fromarray(np.ascontiguousarray(image[:, :, ::-1]))
    else:
        picture = Image.fromarray(np.ascontiguousarray(image))
    options: dict[str, object] = {"irreversible": False, "no_jp2": False}
    if isinstance(target, (str, Path)):
        picture.save(Path(target), format="JPEG2000", **options)
    else:
        picture.save(target, format="JPEG2000", **options)


def jp2_bytes(image: NDArray[np.uint8]) -> bytes:
    buffer = io.BytesIO()
    save_jp2_lossless(image, buffer)
    return buffer.getvalue()


def load_jp2(source: str | Path | bytes) -> NDArray[np.uint8]:
    """Read a stored JPEG 2000 back as written: grey stays grey, colour comes back BGR."""
    if isinstance(source, bytes):
        return decode_image(source, mode="keep", name="JPEG 2000 data")
    return load_image(source, mode="keep")
