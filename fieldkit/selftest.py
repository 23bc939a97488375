"""``--self-test``: proves an installed FieldKit has everything it needs, without Qt.

A packaged build fails in ways a source checkout never does: a data file left
out, a native library not collected, a backend imported only by name.  Each
check here exercises the real code path (the store is created, migrated and
reopened; every simulator answers its own wire protocol), so a green report
means the laptop can enroll, not merely that files exist.  The Qt checks live
in ``ui/selftest.py``; the ``fieldkit`` command can run this half on its own.

Nothing here writes to the officer's data folder: the throwaway store goes to
a temporary directory, and an existing store is only inspected.
"""

from __future__ import annotations

import enum
import json
import logging
import secrets
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cryptography.hazmat.primitives.asymmetric import ed25519, x25519
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from drivers import Modality, get_backend
from drivers.errors import DeviceReason, DeviceUnavailable, DriverError
from drivers.registry import available_backends, backend_class, get_simulator
from fieldkit import paths
from fieldkit._version import __version__
from fieldkit.devices import self_test_devices
from fieldkit.officers import Role
from fieldkit.sealing import DataCenterKey, open_sealed, seal
from fieldkit.store import database, keyring
from fieldkit.workspace import Workspace

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

log = logging.getLogger(__name__)


class Status(enum.StrEnum):
    OK = "OK"
    WARN = "WARN"
    FAIL = "FAIL"


@dataclass(frozen=True)
class Check:
    name: str
    status: Status
    detail: str

    def line(self) -> str:
        return f"{self.status.value:<4} {self.name}: {self.detail}"


#: Files the app reads from ``assets/`` (relative paths); the clip folders and
#: the signature recordings are checked by the drivers that play them.
REQUIRED_ASSETS = (
    "regions/wilayah.csv",
    "regions/former_codes.csv",
    "regions/manifest.json",
    "i18n/fieldkit_id.qm",
    "templates/sarpras_default.json",
    # The officers' password rule refuses common passwords from these lists.
    "passwords/common-passwords.txt.gz",
    "passwords/common-passwords-id.txt",
)
#: The regency the throwaway store is created for (Kabupaten Blitar).
SELFTEST_OFFICE = "3505"
_SQLITE_PLAINTEXT_HEADER = b"SQLite format 3\x00"

# --- the checks -------------------------------------------------------------------


def check_version() -> Iterable[Check]:
    frozen = getattr(sys, "frozen", False)
    where = (
        f"bundle {Path(sys.executable).parent}" if frozen else f"Python {sys.version.split()[0]}"
    )
    yield Check("version", Status.OK, f"FieldKit {__version__} ({where})")


def check_assets() -> Iterable[Check]:
    root = paths.assets_dir()
    missing = [name for name in REQUIRED_ASSETS if not (root / name).is_file()]
    if missing:
        yield Check("assets", Status.FAIL, f"missing in {root}: {', '.join(missing)}")
        return
    json.loads((root / "templates" / "sarpras_default.json").read_text("utf-8"))
    yield Check("assets", Status.OK, f"{len(REQUIRED_ASSETS)} files in {root}")


def check_regions() -> Iterable[Check]:
    from fieldkit import regions  # noqa: PLC0415 - a missing table must not stop the other checks

    info = regions.table_info()
    if regions.regency(SELFTEST_OFFICE) is None:
        yield Check("regions", Status.FAIL, f"regency {SELFTEST_OFFICE} is not in the table")
        return
    yield Check(
        "regions",
        Status.OK,
        f"{info['provinces']} provinces, {info['regencies']} regencies, "
        f"{info['districts']} districts ({info['date']})",
    )


def check_sim_media() -> Iterable[Check]:
    from drivers.simulation import sim_media  # noqa: PLC0415 - a media file left out of a build fails this check alone

    found = sim_media()
    media, missing = found.folder, found.missing_clips
    if missing:
        yield Check("sim media", Status.FAIL, f"clips missing in {media}: {', '.join(missing)}")
    else:
        yield Check("sim media", Status.OK, f"{len(found.clips)} camera clips in {media}")
    strokes = found.strokes_dir
    if found.recordings:
        yield Check("signatures", Status.OK, f"{found.recordings} pen recordings in {strokes}")
    else:
        yield Check("signatures", Status.FAIL, f"no pen recordings in {strokes}")


def check_cascades() -> Iterable[Check]:
    from fieldkit.quality.face import FaceAnalyzer  # noqa: PLC0415 - loads OpenCV

    FaceAnalyzer()  # loads the frontal-face and eye cascades, or raises naming the file
    yield Check("face cascades", Status.OK, "OpenCV Haar face and eye cascades load")


def check_biometrics() -> Iterable[Check]:
    """NBIS (NFIQ 2) and the WSQ codec are native libraries a bundle must carry."""
    from drivers.simulation import synthetic_print  # noqa: PLC0415 - native code: fails this check alone
    from fieldkit.formats.wsq import decode_wsq, encode_wsq  # noqa: PLC0415 - NBIS, as above
    from fieldkit.quality.finger import nfiq2  # noqa: PLC0415 - NBIS and OpenCV, as above

    print_image = synthetic_print(seed=7)
    score = nfiq2(print_image)
    if score is None:
        yield Check("nfiq2", Status.FAIL, "NBIS could not score a synthetic print")
    else:
        yield Check("nfiq2", Status.OK, f"NBIS scores a synthetic print at {score}")
    decoded = decode_wsq(encode_wsq(print_image))
    if decoded.shape != print_image.shape:
        yield Check(
            "wsq", Status.FAIL, f"round trip changed {print_image.shape} to {decoded.shape}"
        )
    else:
        yield Check(
            "wsq", Status.OK, f"WSQ round trip of a {decoded.shape[1]}x{decoded.shape[0]} print"
        )


def check_pdf_pages() -> Iterable[Check]:
    """PDFium (pypdfium2's native library) draws a report's page for the preview and the print."""
    import io  # noqa: PLC0415 - only here

    from PIL import Image  # noqa: PLC0415 - only here
    from reportlab.pdfgen import canvas  # noqa: PLC0415 - only here

    from fieldkit.reports import pages  # noqa: PLC0415 - native code: fails this check alone

    document = io.BytesIO()
    sheet = canvas.Canvas(document)
    sheet.drawString(72, 720, "FieldKit")
    sheet.save()
    png = pages.render_first_page(document.getvalue(), 36)
    size = Image.open(io.BytesIO(png)).size
    yield Check("pdf pages", Status.OK, f"PDFium draws a page at 36 dpi: {size[0]}x{size[1]}")


def check_sealing() -> Iterable[Check]:

    device = ed25519.Ed25519PrivateKey.generate()
    center = x25519.X25519PrivateKey.generate()
    raw = PublicFormat.Raw
    key = DataCenterKey("selftest", center.public_key().public_bytes(Encoding.Raw, raw))
    payload = b'{"selftest":true}'
    sealed = seal("selftest", 1, payload, device_key=device, datacenter=key)
    device_public = device.public_key().public_bytes(Encoding.Raw, raw)
    if open_sealed(sealed, center, device_public) != payload:
        yield Check("sealing", Status.FAIL, "HPKE round trip returned other bytes")
        return
    yield Check("sealing", Status.OK, "Ed25519 + HPKE seal and open a record")


def check_new_store() -> Iterable[Check]:
    """Create, migrate, close and reopen a throwaway SQLCipher store."""
    password = secrets.token_urlsafe(18)
    with tempfile.TemporaryDirectory(prefix="fieldkit-selftest-") as tmp:
        directory = Path(tmp) / "store"
        started = time.monotonic()
        with Workspace.init(
            directory,
            office_code=SELFTEST_OFFICE,
            username="selftest",
            full_name="Self Test",
            role=Role.ADMIN,
            password=password,
        ):
            pass
        with Workspace.login(directory, "selftest", password) as workspace:
            revision = workspace.store.revision()
            integrity = workspace.check()
            chain = workspace.verify_audit()
        header = (directory / database.DB_FILE).read_bytes()[:16]
        elapsed = time.monotonic() - started
    head = database.head_revision()
    problems = []
    if revision != head:
        problems.append(f"schema {revision}, expected {head}")
    if not integrity.ok:
        problems.append(f"integrity: {'; '.join(integrity.problems)}")
    if not chain.ok:
        problems.append("audit chain broken")
    if header == _SQLITE_PLAINTEXT_HEADER:
        problems.append("the database file is not encrypted")
    if problems:
        yield Check("store", Status.FAIL, ", ".join(problems))
        return
    yield Check(
        "store",
        Status.OK,
        f"encrypted store created, migrated to {head}, reopened ({elapsed:.1f} s, temporary)",
    )


def check_existing_store() -> Iterable[Check]:
    """Inspect the officer's store without the password: only what can be read in the clear."""
    home = paths.data_dir()
    if not (home / keyring.KEYRING_FILE).exists():
        yield Check("data folder", Status.OK, f"no store yet in {home} (the first start makes one)")
        return
    ring = keyring.load(home)
    db = home / database.DB_FILE
    if not db.is_file():
        yield Check("data folder", Status.FAIL, f"{home} has a keyring but no {database.DB_FILE}")
        return
    with db.open("rb") as fh:
        header = fh.read(16)
    if header == _SQLITE_PLAINTEXT_HEADER:
        yield Check("data folder", Status.FAIL, f"{db} is not encrypted")
        return
    backups = database.list_backups(home)
    yield Check(
        "data folder",
        Status.OK,
        f"store in {home}: keyring parses (office {ring.office_code}, "
        f"{len(ring.slots)} officer slot(s)), {db.stat().st_size} bytes, {len(backups)} backup(s)",
    )


def check_backends() -> Iterable[Check]:
    """Import every backend the registry names: a bundle must carry each one's libraries."""
    for kind in Modality:
        failed = []
        names = available_backends(kind)
        for name in names:
            try:
                backend_class(kind, name)
            except Exception as exc:  # noqa: BLE001 - each failure is reported by name
                failed.append(f"{name} ({type(exc).__name__}: {exc})")
        if failed:
            yield Check(f"driver {kind.value}", Status.FAIL, "cannot import " + "; ".join(failed))
        else:
            yield Check(f"driver {kind.value}", Status.OK, f"backends {', '.join(names)} import")


def check_simulators() -> Iterable[Check]:
    """Each modality's simulator backend: camera clips, SBI, ISDV4 on a pty or socket, the card."""
    for report in self_test_devices(sim=True, timeout_s=30.0):
        name = f"sim {report.kind.value}"
        if report.ok:
            yield Check(name, Status.OK, f"{len(report.checks)} checks ({report.duration_s:.2f} s)")
        else:
            yield Check(name, Status.FAIL, report.message or "no checks ran")


#: How long the self-test waits for the SBI simulator's answers and first frames.  It checks
#: that the pieces work, not how fast: at a laptop's first start, or in the Windows stage
#: under Wine beside the tests, the first fingerprint frame took longer than a capture's 3 s.
SBI_SELF_TEST_PATIENCE_S = 20.0


def check_sbi() -> Iterable[Check]:
    """The MOSIP SBI simulator over real HTTP, read by the SBI backend of each modality."""
    for device_type, kind in (
        ("Finger", Modality.FINGERPRINT),
        ("Iris", Modality.IRIS),
        ("Face", Modality.FACE),
    ):
        with get_simulator("sbi", device_type=device_type, port=0, capture_delay_s=0.0) as sim:
            backend = get_backend(
                kind,
                "sbi",
                port=sim.port,
                timeout_s=SBI_SELF_TEST_PATIENCE_S,
                frame_timeout_s=SBI_SELF_TEST_PATIENCE_S,
            )
            result = backend.health_check()
        name = f"sbi {kind.value}"
        if result.ok:
            yield Check(name, Status.OK, f"{len(result.checks)} checks ({result.duration_s:.2f} s)")
        else:
            yield Check(name, Status.FAIL, result.message or "no checks ran")


VPCD_READER = "Virtual PCD 00 00"
#: Why no card reader can be used, on Linux and on Windows (whose Smart Card service
#: starts only once a reader is plugged in, so this is the usual state of a laptop).
NO_SMART_CARD_SERVICE = (
    (
        "pcscd is not running, so no card reader can be used "
        "(install and start pcscd; the simulated card reader still works)"
    ),
    (
        "Windows' Smart Card service is not running: no reader is plugged in "
        "(the simulated card reader still works)"
    ),
)


def check_pcsc() -> Iterable[Check]:
    """The real PC/SC stack; without pcscd only a warning, since a laptop may lack the reader."""
    try:
        readers = get_backend(Modality.CARD, "pcsc").readers()
    except DeviceUnavailable as exc:
        if exc.reason is not DeviceReason.NO_SERVICE:
            raise
        yield Check("card pcsc", Status.WARN, NO_SMART_CARD_SERVICE[sys.platform == "win32"])
        return
    if VPCD_READER not in readers:
        if readers:
            yield Check("card pcsc", Status.OK, f"pcscd lists {len(readers)} reader(s)")
        else:
            yield Check("card pcsc", Status.WARN, "pcscd is running but lists no reader")
        return
    card = get_simulator("vpcd-card")
    try:
        card.insert(timeout_s=5.0)
    except (OSError, DriverError) as exc:
        yield Check("card pcsc", Status.WARN, f"vpcd reader busy, card simulator not run: {exc}")
        return
    reader = get_backend(Modality.CARD, "pcsc", reader=VPCD_READER)
    try:
        reader.open()
        try:
            reader.wait_for_card(timeout_s=5.0)
            result = reader.health_check()
        finally:
            card.remove()
            # Until pcscd has seen the simulated card leave, the next program to wait
            # for a card (the login screen after the self-test) would be told one is in.
            try:
                reader.wait_for_removal(timeout_s=5.0)
            finally:
                reader.close()
    finally:
        card.remove()  # also when the reader did not open
    if result.ok:
        yield Check("card pcsc", Status.OK, f"card simulator read through pcscd + {VPCD_READER}")
    else:
        yield Check("card pcsc", Status.FAIL, result.message or "no checks ran")


#: In report order: what a bundle most often lacks first.
CHECKS: tuple[Callable[[], Iterable[Check]], ...] = (
    check_version,
    check_assets,
    check_regions,
    check_sim_media,
    check_cascades,
    check_biometrics,
    check_pdf_pages,
    check_sealing,
    check_new_store,
    check_existing_store,
    check_backends,
    check_simulators,
    check_sbi,
    check_pcsc,
)


# --- running -------------------------------------------------------------------------


def run(checks: Sequence[Callable[[], Iterable[Check]]] = CHECKS) -> list[Check]:
    """Run every check; one that raises is a FAIL naming the error, never a crash."""
    results: list[Check] = []
    for check in checks:
        name = check.__name__.removeprefix("check_").replace("_", " ")
        try:
            results.extend(check())
        except Exception as exc:  # a self-test reports every failure and goes on
            log.debug("self-test check %s raised", name, exc_info=True)
            results.append(Check(name, Status.FAIL, f"{type(exc).__name__}: {exc}"))
    return results


def exit_code(results: Sequence[Check]) -> int:
    return 1 if any(r.status is Status.FAIL for r in results) else 0


def summary(results: Sequence[Check]) -> str:
    failed = [r.name for r in results if r.status is Status.FAIL]
    warned = sum(r.status is Status.WARN for r in results)
    if failed:
        return f"FAILED: {len(failed)} of {len(results)} checks: {', '.join(failed)}"
    return f"PASSED: {len(results)} checks, {warned} warning(s)"


def report(results: Iterable[Check], out: Callable[[str], object] | None = None) -> None:
    """Write one line per check as it is known (a CLI's own report, so it goes to stdout)."""
    write = out or _stdout_line
    for result in results:
        write(result.line())


def _stdout_line(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def configure_logging() -> None:
    """Warnings to stderr: the report on stdout stays one line per check."""
    logging.basicConfig(
        level=logging.WARNING, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s"
    )


def main(checks: Sequence[Callable[[], Iterable[Check]]] = CHECKS) -> int:
    configure_logging()
    results: list[Check] = []

    def each() -> Iterable[Check]:
        for check in checks:
            for result in run([check]):
                results.append(result)
                yield result

    report(each())
    _stdout_line(summary(results))
    return exit_code(results)
