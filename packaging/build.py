"""Builds the Linux bundle and its tarball; ``make package`` and the CI test both run this.

One script rather than Makefile recipes, so the test exercises exactly what
``make package`` does, on machines where ``make`` itself may be missing.
"""

# ruff: noqa: INP001  (a script, not a package)

from __future__ import annotations

import argparse
import logging
import os
import re
import subprocess
import sys
import tarfile
import time
from pathlib import Path

log = logging.getLogger("package")

REPO = Path(__file__).resolve().parent.parent
SPEC = REPO / "packaging" / "fieldkit.spec"
LINUX = REPO / "packaging" / "linux"
#: What goes beside the bundle in the tarball (the bundle itself goes in ``app/``).
LINUX_EXTRAS = ("install.sh", "fieldkit.desktop", "fieldkit.png", "fieldkit.svg")
MAX_BUNDLE_BYTES = 500 * 1000 * 1000


def version() -> str:
    """The one version, from ``fieldkit/_version.py``, read without importing the app."""
    text = (REPO / "fieldkit" / "_version.py").read_text("utf-8")
    match = re.search(r'^__version__ = "([^"]+)"$', text, re.MULTILINE)
    if match is None:
        raise SystemExit("fieldkit/_version.py does not define __version__")
    return match.group(1)


def build_bundle(dist: Path, work: Path) -> Path:
    command = [sys.executable, "-m", "PyInstaller", str(SPEC), "--noconfirm"]
    command += ["--distpath", str(dist), "--workpath", str(work), "--log-level", "WARN"]
    subprocess.run(command, check=True, cwd=REPO)  # noqa: S603 - our own interpreter and spec
    return dist / "fieldkit"


def bundle_size(bundle: Path) -> int:
    """Bytes of every file (links counted once, as the tarball stores them)."""
    total = 0
    for folder, _, files in os.walk(bundle):
        for name in files:
            total += (Path(folder) / name).lstat().st_size
    return total


def _normalise(info: tarfile.TarInfo) -> tarfile.TarInfo:
    # Reproducible ownership: the tarball must not carry the build user's ids.
    info.uid = info.gid = 0
    info.uname = info.gname = "root"
    return info


def make_tarball(bundle: Path, dist: Path, release: str) -> Path:
    name = f"fieldkit-{release}-linux-x86_64"
    out = dist / f"{name}.tar.gz"
    # Level 6 is about twice as fast as tarfile's default 9 for ~1 % more size.
    with tarfile.open(out, "w:gz", compresslevel=6) as tar:
        tar.add(bundle, arcname=f"{name}/app", filter=_normalise)
        for extra in LINUX_EXTRAS:
            tar.add(LINUX / extra, arcname=f"{name}/{extra}", filter=_normalise)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dist", type=Path, default=REPO / "dist")
    parser.add_argument("--work", type=Path, default=REPO / "build")
    parser.add_argument("--no-tarball", action="store_true", help="build the folder only")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="[package] %(message)s")

    started = time.monotonic()
    bundle = build_bundle(args.dist.resolve(), args.work.resolve())
    size = bundle_size(bundle)
    log.info("bundle %s: %.1f MB, built in %.0f s", bundle, size / 1e6, time.monotonic() - started)
    (args.dist / "bundle-size.txt").write_text(f"{size}\n", encoding="utf-8")
    if size > MAX_BUNDLE_BYTES:
        log.error("the bundle is over the %d MB budget", MAX_BUNDLE_BYTES // 1_000_000)
        return 1
    if not args.no_tarball:
        started = time.monotonic()
        tarball = make_tarball(bundle, args.dist, version())
        log.info(
            "tarball %s: %.1f MB, in %.0f s",
            tarball,
            tarball.stat().st_size / 1e6,
            time.monotonic() - started,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
