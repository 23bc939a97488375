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

import atexit
import collections
import enum
import functools
import threading
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from collections.abc import Sequence

    from numpy.typing import NDArray

WIDTH = 256
HEIGHT = 288
_PAD = 24
_ORIENTATION_BINS = 16
_ITERATIONS = 7
#: A master's ridges grow at half resolution, then are upsampled (see ``_grow_ridges``).
_GROWTH_SCALE = 2
#: A subject's master's Gabor envelope sigma, in ridge periods: wider than the 0.45 of
#: ``synthesize``'s prints, so ridges break less often (78 minutiae in a slap window, not
#: 90) and two people's same finger has fewer chance pairs (Bozorth3 max 39 over 3,800
#: pairs, not 48); 0.7 went too far (NFIQ 2's tail and the genuine scores fell).
_MASTER_SIGMA = 0.55
#: A master's ridge period range, pixels at 500 ppi (real fingers: about 8-11).
_MASTER_PERIOD = (8.0, 10.0)


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


def _gabor_bank(shape: tuple[int, int], period: float, sigma: float, bins: int) -> list[Any]:
    """OpenCV's packed DFTs of even Gabor kernels, one per orientation bin, at ``shape``."""
    import cv2  # noqa: PLC0415 - kept off the import path of code that never draws a print

    half = int(3 * sigma)
    y, x = np.mgrid[-half : half + 1, -half : half + 1].astype(np.float32)
    envelope = np.exp(-(x**2 + y**2) / np.float32(2 * sigma**2))
    bank = []
    for b in range(bins):
        phi = np.pi * b / bins
        # The wave runs across the ridges, i.e. along the ridge normal.
        across = -x * np.float32(np.sin(phi)) + y * np.float32(np.cos(phi))
        kernel = envelope * np.cos(np.float32(2 * np.pi / period) * across)
        kernel -= kernel.mean()
        padded = np.zeros(shape, np.float32)
        padded[: kernel.shape[0], : kernel.shape[1]] = kernel
        padded = np.roll(padded, (-half, -half), axis=(0, 1))
        bank.append(cv2.dft(padded))
    return bank


def _grow_ridges(
    theta: NDArray[np.float64],
    rng: np.random.Generator,
    period: float,
    *,
    bins: int = _ORIENTATION_BINS,
    iterations: int = _ITERATIONS,
    scale: int = _GROWTH_SCALE,
    out_shape: tuple[int, int] | None = None,
    sigma_factor: float = 0.45,
) -> NDArray[np.float32]:
    """Noise grown into ridges along ``theta`` by repeated oriented Gabor filtering.

    Why it is shaped this way (CI draws thousands of simulated prints): the DFTs are
    OpenCV's float32 ones at its fast sizes (3-4x quicker than numpy's float64), and
    each pixel takes the weighted sum of its two nearest orientation bins' responses as
    they come, so no stack of ``bins`` full responses is kept.  A subject's master grows
    at 1/``scale`` of the resolution (its ridges, 9 px apart, are still 4.5 px apart
    there, twice the sampling limit) and is upsampled: 8-9x cheaper than before in all.
    ``synthesize`` grows at full size (``scale`` 1): the tests' NFIQ 2 ladders were
    measured on those prints, and half-size ones score a few points higher when damaged.
    With ``out_shape`` (h, w) the caller has sampled ``theta`` at the growth's resolution
    already (the master's flow costs as much as its growth at full size).
    """
    import cv2  # noqa: PLC0415 - kept off the import path of code that never draws a print

    out_height, out_width = out_shape or theta.shape
    height, width = -(-out_height // scale), -(-out_width // scale)
    fast = (cv2.getOptimalDFTSize(height), cv2.getOptimalDFTSize(width))
    extend = (0, fast[0] - height, 0, fast[1] - width)
    doubled = []
    # The orientation is averaged as doubled angles (0 and 180 degrees agree).
    for part in (np.sin(2 * theta), np.cos(2 * theta)):
        plane: Any = part.astype(np.float32)
        if plane.shape != (height, width):
            plane = cv2.resize(plane, (width, height), interpolation=cv2.INTER_AREA)
        doubled.append(cv2.copyMakeBorder(plane, *extend, cv2.BORDER_REPLICATE))
    doubled_sin, doubled_cos = doubled
    position: Any = np.mod(
        np.arctan2(doubled_sin, doubled_cos) / np.float32(2 * np.pi) * bins, bins
    )
    weights = []
    for b in range(bins):
        distance = np.abs(position - np.float32(b))
        distance = np.minimum(distance, np.float32(bins) - distance)
        weights.append(np.maximum(np.float32(0.0), np.float32(1.0) - distance))
    bank = _gabor_bank(fast, period / scale, sigma=period * sigma_factor / scale, bins=bins)
    image = rng.standard_normal(fast).astype(np.float32)
    inverse = cv2.DFT_SCALE | cv2.DFT_REAL_OUTPUT
    for _ in range(iterations):
        spectrum = cv2.dft(image)
        filtered = np.zeros(fast, np.float32)
        for kernel, weight in zip(bank, weights, strict=True):
            filtered += weight * cv2.idft(cv2.mulSpectrums(spectrum, kernel, 0), flags=inverse)
        image = np.tanh(np.float32(2.5) * filtered / np.float32(filtered.std() + 1e-9))
    grown: Any = image[:height, :width]
    if scale > 1:
        grown = cv2.resize(grown, (out_width, out_height), interpolation=cv2.INTER_CUBIC)
    clipped: NDArray[np.float32] = np.clip(grown, -1.0, 1.0).astype(np.float32)
    return clipped


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
    ridges = _grow_ridges(theta, rng, period, scale=1).astype(np.float64)
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


# --- subjects: the same person's ten fingers, captured again and again ----------------------

#: A subject's master finger, larger than any sensor window so a capture can move and turn
#: the finger on the platen and still fill the window: the slap scanner's 320 x 400 finger
#: turned 15 degrees and moved 20 px stays inside (its contact ellipse, radii 141 x 194 px).
MASTER_SIZE = (368, 448)
#: Masters kept in memory: four people's ten fingers (about 0.7 MB each).  Drawing one
#: takes about 0.1 s of CPU (0.6-1.6 s before ``_grow_ridges`` was made cheaper); a
#: capture from a kept master takes milliseconds.
MASTER_CACHE = 40
#: A person places a finger within this many degrees of straight (the spread is 6 degrees).
MAX_ROTATION_DEG = 15.0
_ROTATION_SPREAD_DEG = 6.0
#: How far the finger lands from the window's centre, in pixels at 500 ppi (1 mm = 20 px).
MAX_SHIFT_PX = 20.0
#: Skin stretches as it is pressed: a smooth displacement of up to a few pixels.
_ELASTIC_PX = (1.0, 3.5)
_ELASTIC_GRID = 40
_SUBJECT_SALT = 0x5EED_F1
_PRESSURE = 0.06
#: The bins and rounds ``synthesize`` uses (here at half size).  12 bins and 5 rounds
#: cost less, but their less settled ridges leave more minutiae, and two different
#: fingers then scored up to 58 with Bozorth3 (8 of 900 pairs at 50 or more: the
#: same-finger-twice check would flag a third of the demo's people).
_MASTER_BINS = _ORIENTATION_BINS
_MASTER_ITERATIONS = _ITERATIONS


#: Pattern classes of a subject's finger and how often they come (after Henry's
#: classes; real hands have more loops, the simulated ones have more arches and twin
#: loops, so that two people's same finger is seldom of one class).
_PATTERNS = ("arch", "tented", "left loop", "right loop", "whorl", "twin loop")
_PATTERN_ODDS = (0.16, 0.12, 0.24, 0.24, 0.14, 0.1)


def _warp(angle: NDArray[np.float64], rng: np.random.Generator) -> NDArray[np.float64]:
    """A random monotone re-mapping of the angle around one singular point.

    Vizcaya and Gerhardt's refinement of the zero-pole model: each core or delta bends
    the ridges around it its own way, so two loops of one class still flow differently,
    and a minutiae matcher, which compares the geometry of minutiae pairs in their flow,
    does not find one in the other.  Slope 1 +- 0.75 at most, so the map stays monotone
    and the winding (the class) does not change.
    """
    a1, a2 = rng.uniform(0.0, 0.45), rng.uniform(0.0, 0.15)
    p1, p2 = rng.uniform(0.0, 2 * np.pi, 2)
    warped: NDArray[np.float64] = angle + a1 * np.sin(angle + p1) + a2 * np.sin(2 * angle + p2)
    return warped


def _subject_orientation(height: int, width: int, rng: np.random.Generator) -> NDArray[np.float64]:
    """``orientation_at`` every pixel of a ``width`` x ``height`` finger."""
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)
    return orientation_at(x, y, width, height, rng)


def orientation_at(
    x: NDArray[np.float64],
    y: NDArray[np.float64],
    width: float,
    height: float,
    rng: np.random.Generator,
) -> NDArray[np.float64]:
    """One finger's ridge flow at points (x, y): class, singular points, bends, drift.

    Why so varied: Bozorth3 scores two different fingers high when their flow agrees
    (the earlier three-class model let one pair in ten of the same class reach the
    duplicate threshold).  Each finger draws a class (arch, tented arch, loop either
    way, whorl, twin loop), where its cores and deltas sit, how each bends the ridges
    (``_warp``) and a smooth drift of the whole field.  Evaluated at any points, so the
    minutiae templates (``drivers.fingerprint.templates``) follow the same model.
    """
    z = x + 1j * y
    kind = _PATTERNS[int(rng.choice(len(_PATTERNS), p=_PATTERN_ODDS))]
    cx, cy = width * rng.uniform(0.38, 0.62), height * rng.uniform(0.3, 0.5)
    cores: list[complex] = []
    deltas: list[complex] = []
    if kind == "arch":
        # No singular point: ridges run across, humped under the fingertip.
        hump = width * rng.uniform(0.18, 0.35)
        rise = rng.uniform(0.4, 1.2) * np.exp(-np.maximum(y - cy, 0) / (height * 0.35))
        slope = rise * 2 * (x - cx) / hump * np.exp(-(((x - cx) / hump) ** 2))
        theta = np.arctan(slope)
    else:
        if kind == "tented":
            cores = [complex(cx, cy)]
            deltas = [
                complex(cx + width * rng.uniform(-0.06, 0.06), cy + height * rng.uniform(0.12, 0.2))
            ]
        elif kind in {"left loop", "right loop"}:
            cores = [complex(cx, cy)]
            side = rng.uniform(-0.4, -0.2) if kind == "left loop" else rng.uniform(0.2, 0.4)
            deltas = [complex(cx + width * side, cy + height * rng.uniform(0.25, 0.45))]
        else:  # whorl: two cores close; twin loop: two cores apart and askew
            gap = height * (rng.uniform(0.03, 0.08) if kind == "whorl" else rng.uniform(0.1, 0.16))
            tilt = rng.uniform(-0.8, 0.8) + (
                rng.uniform(0.5, 1.1) * rng.choice((-1, 1)) if kind == "twin loop" else 0.0
            )
            cores = [
                complex(cx + gap * np.sin(tilt), cy - gap * np.cos(tilt)),
                complex(cx - gap * np.sin(tilt), cy + gap * np.cos(tilt)),
            ]
            low = cy + height * rng.uniform(0.25, 0.45, 2)
            deltas = [
                complex(cx - width * rng.uniform(0.22, 0.4), low[0]),
                complex(cx + width * rng.uniform(0.22, 0.4), low[1]),
            ]
        theta = np.zeros_like(x)
        for delta in deltas:
            theta += _warp(np.angle(z - delta), rng)
        for core in cores:
            theta -= _warp(np.angle(z - core), rng)
        theta *= 0.5
        if len(cores) == 2:  # noqa: PLR2004 - a whorl's rings spiral in, each its own way
            centre = (cores[0] + cores[1]) / 2
            reach = width * rng.uniform(0.15, 0.3)
            twist = rng.uniform(0.6, 1.2) * rng.choice((-1, 1))
            theta += twist * np.exp(-((np.abs(z - centre) / reach) ** 2))
    # A smooth drift of the whole flow, and the finger's slant.
    for _ in range(3):  # a few long, random waves
        wave = rng.uniform(0.0, 2 * np.pi)
        freq = 2 * np.pi / (max(width, height) * rng.uniform(0.6, 1.5))
        theta += rng.uniform(0.05, 0.15) * np.cos(
            freq * (x * np.cos(wave) + y * np.sin(wave)) + rng.uniform(0.0, 2 * np.pi)
        )
    theta += rng.uniform(-0.25, 0.25)
    wrapped: NDArray[np.float64] = np.mod(theta, np.pi)
    return wrapped


_masters: collections.OrderedDict[tuple[int, int], NDArray[np.float32]] = collections.OrderedDict()
_masters_lock = threading.Lock()
_pending: set[tuple[int, int]] = set()
_queue: collections.deque[tuple[int, int]] = collections.deque()
_worker: threading.Thread | None = None
#: One master drawn at a time: two threads drawing the same finger would pay twice.
_drawing = threading.Lock()


def master_finger(subject: int, finger: int) -> NDArray[np.float32]:
    """The ridge pattern of ``subject``'s ``finger`` (1-10), values -1 (valley) to 1 (ridge).

    Same arguments, same finger, on every machine: the seed is (subject, finger).  The
    pattern is grown from noise along the finger's own orientation field, so its minutiae
    are its own and a minutiae matcher tells fingers and people apart.  Kept in memory
    (the last :data:`MASTER_CACHE`, least recently used out): drawing takes a tenth of a second.
    """
    if subject < 0 or not 1 <= finger <= 10:  # noqa: PLR2004
        raise ValueError(f"no finger {finger} of subject {subject}")
    key = (subject, finger)
    with _masters_lock:
        if key in _masters:
            _masters.move_to_end(key)
            return _masters[key]
    with _drawing:
        with _masters_lock:  # drawn by another thread while this one waited
            if key in _masters:
                return _masters[key]
        master = _draw_master(subject, finger)
        with _masters_lock:
            _masters[key] = master
            while len(_masters) > MASTER_CACHE:
                _masters.popitem(last=False)
    return master


def master_ready(subject: int, finger: int) -> bool:
    """True when this finger's master is in memory (a capture from it takes milliseconds)."""
    with _masters_lock:
        return (subject, finger) in _masters


def warm_masters(
    subject: int, fingers: Sequence[int] = tuple(range(1, 11)), *, first: bool = False
) -> None:
    """Draw ``subject``'s masters in the background (a new person steps up).

    One daemon thread draws them in turn.  ``first``: these go before any still
    waiting (the person now at the scanner before the one who left).  Fingers drawn or
    waiting already are not queued twice, so a scanner polling for a finger may call
    this as often as it likes.
    """
    global _worker  # noqa: PLW0603 - the one drawing thread of the process
    keys = [(subject, f) for f in fingers]
    with _masters_lock:
        # Not drawn, and not being drawn right now (pending but no longer queued).
        wanted = [k for k in keys if k not in _masters and (k not in _pending or k in _queue)]
        if first:
            for key in wanted:
                if key in _pending:
                    _queue.remove(key)
            _queue.extendleft(reversed(wanted))
        else:
            _queue.extend(k for k in wanted if k not in _pending)
        _pending.update(wanted)
        if not _queue or (_worker is not None and _worker.is_alive()):
            return
        _worker = threading.Thread(target=_draw_queued, name="sim-masters", daemon=True)
        _worker.start()


@atexit.register
def _stop_drawing() -> None:
    """Let the drawing thread finish its master before the interpreter goes.

    A daemon thread still inside OpenCV's DFT when Python finalises aborts the process
    (SIGABRT: ``fieldkit sim zfm`` stopped by SIGTERM exited -6); a master takes a tenth
    of a second, so the queue is emptied and that one awaited.
    """
    with _masters_lock:
        _queue.clear()
        worker = _worker
    if worker is not None:
        worker.join(timeout=5.0)


def _draw_queued() -> None:
    while True:
        with _masters_lock:
            if not _queue:
                return
            key = _queue.popleft()
        try:
            master_finger(*key)
        finally:
            with _masters_lock:
                _pending.discard(key)


def _draw_master(subject: int, finger: int) -> NDArray[np.float32]:
    rng = np.random.default_rng([_SUBJECT_SALT, subject, finger])
    width, height = MASTER_SIZE
    full = (height + 2 * _PAD, width + 2 * _PAD)
    # The flow at the growth's resolution, each sample at the centre of its pixels.
    low_y, low_x = np.mgrid[0 : full[0] : _GROWTH_SCALE, 0 : full[1] : _GROWTH_SCALE]
    centre = (_GROWTH_SCALE - 1) / 2
    theta = orientation_at(low_x + centre, low_y + centre, full[1], full[0], rng)
    ridges = _grow_ridges(
        theta,
        rng,
        rng.uniform(*_MASTER_PERIOD),
        bins=_MASTER_BINS,
        iterations=_MASTER_ITERATIONS,
        out_shape=full,
        sigma_factor=_MASTER_SIGMA,
    )
    master = ridges[_PAD : _PAD + height, _PAD : _PAD + width].astype(np.float32)
    master.setflags(write=False)
    return master


def _smooth_field(
    size: tuple[int, int], cell: int, rng: np.random.Generator
) -> NDArray[np.float32]:
    """Smooth unit-ish noise at ``size`` (w, h): random values on a coarse grid, upsampled."""
    import cv2  # noqa: PLC0415 - only the subject captures need OpenCV

    width, height = size
    coarse = rng.standard_normal((height // cell + 2, width // cell + 2)).astype(np.float32)
    field = np.asarray(cv2.resize(coarse, (width, height), interpolation=cv2.INTER_CUBIC))
    return field.astype(np.float32)


def capture_finger(
    subject: int,
    finger: int,
    quality: ImageQuality = ImageQuality.HIGH,
    *,
    size: tuple[int, int] = (WIDTH, HEIGHT),
    contact: float = 1.0,
    rng: np.random.Generator | None = None,
) -> NDArray[np.uint8]:
    """One capture of ``subject``'s ``finger``: the same finger each time, never the same image.

    What changes between two placements of a real finger: where it lands (up to 20 px)
    and how it is turned (up to 15 degrees), how the skin stretches (a smooth elastic
    displacement), how hard it is pressed (ridges thicker or thinner, contrast), which
    part of it touches (the contact area moves and shrinks) and the sensor's noise.  A
    poor capture (``quality`` low) is the same finger worn and dry, as in the field.
    ``rng`` fixes the variation for a reproducible test; by default it is fresh each call.
    """
    import cv2  # noqa: PLC0415 - only the subject captures need OpenCV

    rng = rng if rng is not None else np.random.default_rng()
    master = master_finger(subject, finger)
    width, height = size
    angle = np.deg2rad(
        float(np.clip(rng.normal(0.0, _ROTATION_SPREAD_DEG), -MAX_ROTATION_DEG, MAX_ROTATION_DEG))
    )
    shift_x, shift_y = rng.uniform(-MAX_SHIFT_PX, MAX_SHIFT_PX, 2)
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    x -= width / 2.0
    y -= height / 2.0
    stretch = rng.uniform(*_ELASTIC_PX)
    dx = _smooth_field(size, _ELASTIC_GRID, rng) * stretch
    dy = _smooth_field(size, _ELASTIC_GRID, rng) * stretch
    cos, sin = np.float32(np.cos(angle)), np.float32(np.sin(angle))
    map_x = (cos * x - sin * y + dx + np.float32(MASTER_SIZE[0] / 2.0 + shift_x)).astype(np.float32)
    map_y = (sin * x + cos * y + dy + np.float32(MASTER_SIZE[1] / 2.0 + shift_y)).astype(np.float32)
    placed = np.asarray(
        cv2.remap(master, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT),
        dtype=np.float32,
    )
    # Pressure: a firmer press widens the ridges (a threshold moved on the blurred pattern).
    ridges = np.clip(placed + rng.uniform(-_PRESSURE, _PRESSURE), -1.0, 1.0)
    if quality is ImageQuality.HIGH:
        contrast = rng.uniform(0.93, 1.0) + 0.06 * _smooth_field(size, 48, rng)
        ridges = np.asarray(cv2.GaussianBlur(ridges, (0, 0), 0.7)) * contrast
        scale = contact * rng.uniform(1.1, 1.2)
        noise_sigma = rng.uniform(2.5, 4.0)
    else:
        dry = np.clip(0.5 + 0.6 * _smooth_field(size, 16, rng), 0.0, 1.0)
        ridges = np.asarray(cv2.GaussianBlur(ridges, (0, 0), 2.0)) * 0.6 * dry
        scale = 0.8
        noise_sigma = 15.0
    mask = _contact_mask(height, width, rng, scale)
    valley, ridge, background = 225.0, 40.0, 244.0
    grey = valley - (ridges + 1.0) / 2.0 * (valley - ridge)
    image = background * (1 - mask) + grey * mask
    image += rng.normal(0.0, noise_sigma, image.shape)
    out: NDArray[np.uint8] = np.clip(image, 0, 255).astype(np.uint8)
    return out
