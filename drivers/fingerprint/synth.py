"""Synthetic fingerprints for the simulators (numpy only).

Trainees and tests need prints with real ridge structure, not noise, so the
quality checks behave as they will on a real finger.  The method is a small
version of SFinGe (Cappelli et al.): an orientation field from one core and
one delta (Sherlock and Monro's zero-pole model), then random noise grown into
ridges by repeated Gabor filtering tuned to the local orientation and a ridge
period of about 9 px (0.46 mm at 500 ppi).  Low quality adds what the field
sees on worn or dry fingers: blur, low contrast, patchy contact and noise.
"""

from __future__ import annotations

import enum
import functools
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from numpy.typing import NDArray

WIDTH = 256
HEIGHT = 288
_PAD = 24
_ORIENTATION_BINS = 16
_ITERATIONS = 7


class ImageQuality(enum.Enum):
    HIGH = "high"
    LOW = "low"


def _orientation_field(height: int, width: int, rng: np.random.Generator) -> NDArray[np.float64]:
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)
    z = x + 1j * y
    core = complex(width * rng.uniform(0.44, 0.56), height * rng.uniform(0.34, 0.44))
    delta = complex(width * rng.uniform(0.2, 0.8), height * rng.uniform(0.74, 0.86))
    theta = 0.5 * (np.angle(z - delta) - np.angle(z - core))
    # A gentle global tilt, as a finger is never placed perfectly straight.
    theta += rng.uniform(-0.15, 0.15)
    wrapped: NDArray[np.float64] = np.mod(theta, np.pi)
    return wrapped


def _smooth_noise(
    shape: tuple[int, int], sigma: float, rng: np.random.Generator
) -> NDArray[np.float64]:
    noise = rng.standard_normal(shape)
    out = _gaussian(noise, sigma)
    normalised: NDArray[np.float64] = (out - out.mean()) / (out.std() + 1e-9)
    return normalised


def _gaussian(image: NDArray[np.float64], sigma: float) -> NDArray[np.float64]:
    """Gaussian blur through the FFT (periodic borders; callers pad)."""
    fy = np.fft.fftfreq(image.shape[0])[:, None]
    fx = np.fft.rfftfreq(image.shape[1])[None, :]
    transfer = np.exp(-2.0 * (np.pi * sigma) ** 2 * (fx**2 + fy**2))
    return np.fft.irfft2(np.fft.rfft2(image) * transfer, s=image.shape)


def _gabor_bank(shape: tuple[int, int], period: float, sigma: float) -> NDArray[np.complex128]:
    """FFTs of even Gabor kernels, one per orientation bin."""
    half = int(3 * sigma)
    y, x = np.mgrid[-half : half + 1, -half : half + 1].astype(np.float64)
    envelope = np.exp(-(x**2 + y**2) / (2 * sigma**2))
    bank = []
    for b in range(_ORIENTATION_BINS):
        phi = np.pi * b / _ORIENTATION_BINS
        # The wave runs across the ridges, i.e. along the ridge normal.
        across = -x * np.sin(phi) + y * np.cos(phi)
        kernel = envelope * np.cos(2 * np.pi * across / period)
        kernel -= kernel.mean()
        padded = np.zeros(shape)
        padded[: kernel.shape[0], : kernel.shape[1]] = kernel
        padded = np.roll(padded, (-half, -half), axis=(0, 1))
        bank.append(np.fft.rfft2(padded))
    return np.stack(bank)


def _grow_ridges(
    theta: NDArray[np.float64], rng: np.random.Generator, period: float
) -> NDArray[np.float64]:
    shape = (theta.shape[0], theta.shape[1])
    bank = _gabor_bank(shape, period, sigma=period * 0.45)
    position = theta / np.pi * _ORIENTATION_BINS
    low = np.floor(position).astype(np.int64) % _ORIENTATION_BINS
    high = (low + 1) % _ORIENTATION_BINS
    frac = position - np.floor(position)
    image = rng.standard_normal(shape)
    for _ in range(_ITERATIONS):
        spectrum = np.fft.rfft2(image)
        responses = np.fft.irfft2(spectrum[None, :, :] * bank, s=shape, axes=(1, 2))
        rows, cols = np.indices(shape)
        filtered = (1 - frac) * responses[low, rows, cols] + frac * responses[high, rows, cols]
        image = np.tanh(2.5 * filtered / (filtered.std() + 1e-9))
    return image


def _contact_mask(
    height: int, width: int, rng: np.random.Generator, scale: float
) -> NDArray[np.float64]:
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)
    cx = width * rng.uniform(0.47, 0.53)
    cy = height * rng.uniform(0.48, 0.54)
    rx, ry = width * 0.40 * scale, height * 0.44 * scale
    r = np.sqrt(((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2)
    mask: NDArray[np.float64] = np.clip((1.0 - r) / 0.06, 0.0, 1.0)
    return mask


@functools.lru_cache(maxsize=16)
def _cached(seed: int, quality: ImageQuality, size: tuple[int, int], contact: float) -> bytes:
    rng = np.random.default_rng(seed)
    out_width, out_height = size
    height, width = out_height + 2 * _PAD, out_width + 2 * _PAD
    theta = _orientation_field(height, width, rng)
    period = rng.uniform(8.5, 9.5)
    ridges = _grow_ridges(theta, rng, period)
    if quality is ImageQuality.HIGH:
        contrast = 0.9 + 0.1 * _smooth_noise((height, width), 30, rng)
        ridges = _gaussian(ridges, 0.7) * contrast
        mask = _contact_mask(height, width, rng, contact)
        noise_sigma = 4.0
    else:
        # Worn or dry skin: ridges break up, blur, low and patchy contrast.
        dry = np.clip(0.5 + 0.6 * _smooth_noise((height, width), 10, rng), 0.0, 1.0)
        ridges = _gaussian(ridges, 2.0) * 0.6 * dry
        mask = _contact_mask(height, width, rng, 0.8)
        noise_sigma = 15.0
    valley, ridge = 225.0, 40.0
    grey = valley - (ridges + 1.0) / 2.0 * (valley - ridge)
    background = 244.0
    image = background * (1 - mask) + grey * mask
    image += rng.normal(0.0, noise_sigma, image.shape)
    image = image[_PAD : _PAD + out_height, _PAD : _PAD + out_width]
    return np.clip(image, 0, 255).astype(np.uint8).tobytes()


def synthesize(
    seed: int = 0,
    quality: ImageQuality = ImageQuality.HIGH,
    *,
    size: tuple[int, int] = (WIDTH, HEIGHT),
    contact: float = 1.0,
) -> NDArray[np.uint8]:
    """An 8-bit grey print, ``size`` (w x h, 256x288 by default); same arguments, same print.

    ``contact`` scales the area a good finger presses onto the platen (the ellipse's radii);
    a poor print keeps its patchy, smaller contact whatever is asked.  The defaults are
    the ZFM/R30x sensor's window; an enrollment-grade slap scanner's segmented fingers
    are larger (see ``drivers.sbi.images.SLAP_FINGER_SIZE``).
    """
    data = _cached(seed, quality, size, contact)
    width, height = size
    return np.frombuffer(data, dtype=np.uint8).reshape(height, width).copy()
