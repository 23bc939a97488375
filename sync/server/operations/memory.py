"""Keep the C allocator from handing each multi-megabyte upload buffer back to the kernel.

glibc serves a large ``malloc`` with a fresh ``mmap`` and gives it back with
``munmap`` (or trims the heap top) on ``free``.  Every 2 MiB body then costs
hundreds of page faults, each zeroing a page, several times per upload (the
HTTP server's buffer, the joined body, the decrypted record): measured here,
more CPU than hashing and decrypting the record.  Raising the mmap and trim
thresholds keeps those buffers in the heap and reuses them; memory held stays
bounded by the peak of concurrent uploads.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import sys

log = logging.getLogger(__name__)

# mallopt(3) parameters (glibc's malloc.h).
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
#: glibc's largest mmap threshold on 64-bit (DEFAULT_MMAP_THRESHOLD_MAX): blocks below it
#: come from the heap; MAX_RECORD_BYTES-sized ones still get their own mapping.
MMAP_THRESHOLD = 32 * 1024 * 1024
#: Free heap top kept rather than returned to the kernel after each upload.
TRIM_THRESHOLD = 128 * 1024 * 1024


def keep_large_buffers() -> bool:
    """Tune glibc's malloc for large, short-lived buffers; False where that is not glibc."""
    if not sys.platform.startswith("linux"):
        return False
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name)
        mallopt = libc.mallopt
    except (OSError, AttributeError, TypeError):
        log.info("no glibc mallopt here; large buffers use the allocator's defaults")
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    done = bool(mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1)
    done = bool(mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD) == 1) and done
    if not done:
        log.info("glibc refused the malloc thresholds; large buffers use its defaults")
    return done
