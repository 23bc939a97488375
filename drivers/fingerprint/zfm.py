"""ZhianTec ZFM-20 / R305 / R307 fingerprint scanner over a UART (pyserial).

Protocol: see ``drivers.fingerprint.protocol`` (ZFM-20 and R30x user manuals,
cross-checked with the ``pyfingerprint`` package).  These modules are cheap
single-finger optical sensors that jemput bola teams can carry as a spare.

Limits of the hardware, stated so nobody is surprised in the field:

* an image is 256 x 288 at 4 bits per pixel (upscaled here to 8 bits); the
  sensor is roughly 500 ppi;
* UpImage moves 36 KiB; at 57600 baud that takes about 6.5 s (3.3 s at
  115200), so live preview on real hardware is "finger present/absent" plus
  the last image, far below 3 fps.  The emulator is not bound by this.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import TYPE_CHECKING, ClassVar

import numpy as np

from drivers.base import (
    CancelToken,
    CaptureRequest,
    CaptureResult,
    Deadline,
    DeviceInfo,
    DeviceState,
    DeviceStatus,
    Frame,
    HealthCheck,
    HealthCheckBuilder,
    StatusReason,
    build_result,
    utcnow,
)
from drivers.errors import (
    AuthenticationFailed,
    AuthReason,
    CaptureCancelled,
    DeviceTimeout,
    DeviceUnavailable,
    DriverError,
    ProtocolError,
    ProtocolReason,
    TimeoutReason,
)
from drivers.fingerprint.protocol import (
    DEFAULT_ADDRESS,
    DEFAULT_BAUD,
    DEFAULT_PASSWORD,
    IMAGE_BYTES,
    IMAGE_HEIGHT,
    IMAGE_WIDTH,
    PACKET_SIZES,
    Cmd,
    Confirm,
    Packet,
    PacketReader,
    Pid,
    SystemParameters,
    encode_packet,
)
from drivers.interfaces import FingerprintScanner
from drivers.serialport import SerialLine, not_open_error

if TYPE_CHECKING:
    from collections.abc import Iterator

    from numpy.typing import NDArray

log = logging.getLogger(__name__)

_READ_SLICE_S = 0.05
_FINGER_POLL_S = 0.1
_PREVIEW_PERIOD_S = 0.2
#: How errors name the device ("The fingerprint scanner was unplugged.").
_DEVICE_NAME = "fingerprint scanner"

_SENSOR_VERDICT: dict[int, str] = {
    Confirm.OK: "ok",
    Confirm.DISORDERLY: "disorderly",
    Confirm.FEW_FEATURES: "few_features",
    Confirm.NO_VALID_IMAGE: "no_valid_image",
}


class ZfmScanner(FingerprintScanner):
    backend_name: ClassVar[str] = "zfm"

    def __init__(
        self,
        port: str,
        *,
        baudrate: int = DEFAULT_BAUD,
        address: int = DEFAULT_ADDRESS,
        password: int = DEFAULT_PASSWORD,
        timeout_s: float = 2.0,
        image_timeout_s: float = 15.0,
    ) -> None:
        """``timeout_s`` bounds one command; ``image_timeout_s`` one UpImage transfer."""
        self.port = port
        self._baudrate = baudrate
        self._address = address
        self._password = password
        self._timeout_s = timeout_s
        self._image_timeout_s = image_timeout_s
        self._line: SerialLine | None = None
        self._reader = PacketReader()
        self._lock = threading.RLock()
        self._params: SystemParameters | None = None

    # --- lifecycle -------------------------------------------------------

    def open(self) -> None:
        if self._line is not None:
            return
        self._line = SerialLine.open(
            self.port,
            self._baudrate,
            device_name=_DEVICE_NAME,
            read_slice_s=_READ_SLICE_S,
            write_timeout_s=self._timeout_s,
            on_unplugged=self.close,
        )
        self._reader.clear()
        try:
            self._line.reset_input()
            self.verify_password()
            self._params = self.read_system_parameters()
        except DriverError:
            self.close()
            raise
        log.info("opened ZFM scanner on %s", self.port)

    def close(self) -> None:
        line, self._line = self._line, None
        if line is not None:
            line.close()
            log.info("closed ZFM scanner on %s", self.port)

    # --- wire ------------------------------------------------------------

    def _open_line(self) -> SerialLine:
        if self._line is None:
            raise not_open_error(_DEVICE_NAME)
        return self._line

    def _write(self, pid: int, payload: bytes) -> None:
        self._open_line().write(
            encode_packet(self._address, pid, payload),
            refused="The scanner did not accept the command.",
        )

    def _read_packet(self, deadline: Deadline) -> Packet:
        line = self._open_line()
        self._reader.skipped = 0
        while True:
            try:
                packet = self._reader.next_packet()
            except ProtocolError as exc:
                self._drain()
                exc.device = self.port
                raise
            if packet is not None:
                if self._reader.skipped:
                    log.info("skipped %d noise byte(s) before a packet", self._reader.skipped)
                return packet
            if deadline.expired:
                raise self._silence_error()
            data = line.read_available()
            if data:
                self._reader.feed(data)

    def _silence_error(self) -> DriverError:
        if self._reader.partial:
            self._reader.clear()
            return ProtocolError(
                "The scanner's answer was cut off.",
                reason=ProtocolReason.TRUNCATED,
                device=self.port,
            )
        if self._reader.skipped:
            return ProtocolError(
                f"The scanner sent {self._reader.skipped} byte(s) of noise and no valid packet.",
                reason=ProtocolReason.GARBAGE,
                device=self.port,
            )
        return DeviceTimeout(
            "The fingerprint scanner does not answer.",
            reason=TimeoutReason.NO_RESPONSE,
            device=self.port,
        )

    def _drain(self) -> None:
        """Forget the rest of a broken answer so the next command starts clean."""
        self._reader.clear()
        line = self._line
        if line is not None:
            line.reset_input()

    def _command(self, cmd: Cmd, args: bytes = b"", timeout_s: float | None = None) -> bytes:
        """Send a command; return the ack payload, confirmation code first."""
        with self._lock:
            self._write(Pid.COMMAND, bytes([cmd]) + args)
            packet = self._read_packet(Deadline(timeout_s or self._timeout_s))
        if packet.pid != Pid.ACK or not packet.payload:
            self._drain()
            raise ProtocolError(
                f"Expected an acknowledgement, got packet type {packet.pid:#04x}.",
                reason=ProtocolReason.UNEXPECTED_PACKET,
                device=self.port,
            )
        code = packet.payload[0]
        if code == Confirm.ADDRESS_ERROR:
            raise AuthenticationFailed(
                "The scanner's address does not match the configured one.",
                reason=AuthReason.WRONG_ADDRESS,
                device=self.port,
            )
        if code == Confirm.MUST_VERIFY_PASSWORD:
            raise AuthenticationFailed(
                "The scanner requires its password first.",
                reason=AuthReason.WRONG_PASSWORD,
                device=self.port,
            )
        if code == Confirm.PACKET_ERROR:
            raise ProtocolError(
                "The scanner could not read our command (line noise?).",
                reason=ProtocolReason.COMMUNICATION,
                device=self.port,
                code=code,
            )
        return packet.payload

    def _device_error(self, what: str, code: int) -> ProtocolError:
        return ProtocolError(
            f"The scanner failed to {what} (code {code:#04x}).",
            reason=ProtocolReason.DEVICE_ERROR,
            device=self.port,
            code=code,
        )

    # --- commands --------------------------------------------------------

    def verify_password(self) -> None:
        answer = self._command(Cmd.VFY_PWD, self._password.to_bytes(4, "big"))
        if answer[0] == Confirm.WRONG_PASSWORD:
            raise AuthenticationFailed(
                "The fingerprint scanner rejected the configured password.",
                reason=AuthReason.WRONG_PASSWORD,
                device=self.port,
            )
        if answer[0] != Confirm.OK:
            raise self._device_error("verify the password", answer[0])

    def read_system_parameters(self) -> SystemParameters:
        answer = self._command(Cmd.READ_SYS_PARA)
        if answer[0] != Confirm.OK:
            raise self._device_error("read its parameters", answer[0])
        return SystemParameters.decode(answer[1:])

    def template_count(self) -> int:
        answer = self._command(Cmd.TEMPLATE_NUM)
        if answer[0] != Confirm.OK or len(answer) < 3:  # noqa: PLR2004  code + u16
            raise self._device_error("count templates", answer[0])
        return int.from_bytes(answer[1:3], "big")

    def generate_image(self) -> bool:
        """GenImg: True if a finger was imaged, False if none is on the glass."""
        answer = self._command(Cmd.GEN_IMG)
        if answer[0] == Confirm.NO_FINGER:
            return False
        if answer[0] != Confirm.OK:
            raise self._device_error("take an image", answer[0])
        return True

    def upload_image(self) -> NDArray[np.uint8]:
        """UpImage: the image buffer as 288 x 256 8-bit grey (4-bit values x 17)."""
        deadline = Deadline(self._image_timeout_s)
        with self._lock:
            answer = self._command(Cmd.UP_IMAGE)
            if answer[0] != Confirm.OK:
                raise self._device_error("send the image", answer[0])
            data = bytearray()
            while True:
                packet = self._read_packet(deadline)
                if packet.pid not in (Pid.DATA, Pid.END_DATA):
                    self._drain()
                    raise ProtocolError(
                        f"Expected image data, got packet type {packet.pid:#04x}.",
                        reason=ProtocolReason.UNEXPECTED_PACKET,
                        device=self.port,
                    )
                data += packet.payload
                if packet.pid == Pid.END_DATA:
                    break
        if len(data) != IMAGE_BYTES:
            raise ProtocolError(
                f"Image has {len(data)} bytes, expected {IMAGE_BYTES}.",
                reason=ProtocolReason.BAD_LENGTH,
                device=self.port,
            )
        packed = np.frombuffer(bytes(data), dtype=np.uint8)
        pixels = np.empty(IMAGE_BYTES * 2, dtype=np.uint8)
        pixels[0::2] = packed >> 4
        pixels[1::2] = packed & 0x0F
        return (pixels * 17).reshape(IMAGE_HEIGHT, IMAGE_WIDTH)

    def image_to_template(self, buffer_id: int = 1) -> str:
        """Img2Tz: the sensor's own verdict on the image ("ok", "few_features", ...)."""
        answer = self._command(Cmd.IMG2TZ, bytes([buffer_id]))
        verdict = _SENSOR_VERDICT.get(answer[0])
        if verdict is None:
            raise self._device_error("extract features", answer[0])
        return verdict

    # --- Device ----------------------------------------------------------

    def info(self) -> DeviceInfo:
        """ZFM modules expose no serial number; the 32-bit module address stands in."""
        params = self._params
        return DeviceInfo(
            modality=self.modality,
            vendor="ZhianTec",
            model="ZFM/R30x",
            serial=f"{params.address:08X}" if params else "",
            firmware=f"system id {params.system_id:04X}" if params else "",
            backend=self.backend_name,
            capabilities=frozenset({"image_256x288_4bit", "template_count", "sensor_verdict"}),
            address=self.port,
        )

    def status(self) -> DeviceStatus:
        if self._line is None:
            return DeviceStatus(DeviceState.NOT_READY, StatusReason.NOT_OPEN)
        if not self._lock.acquire(blocking=False):
            return DeviceStatus(DeviceState.BUSY, StatusReason.CAPTURING)
        try:
            self.template_count()
        except DeviceUnavailable as exc:
            return DeviceStatus.failed(DeviceState.DISCONNECTED, exc)
        except DeviceTimeout:
            return DeviceStatus(DeviceState.DISCONNECTED, StatusReason.SCANNER_SILENT)
        except DriverError as exc:
            return DeviceStatus.failed(DeviceState.ERROR, exc)
        finally:
            self._lock.release()
        return DeviceStatus(DeviceState.READY, StatusReason.READY)

    def health_check(self) -> HealthCheck:
        checks = HealthCheckBuilder()
        opened_here = self._line is None
        try:
            if opened_here:
                self.open()
            checks.add("port", ok=True, detail=self.port)
            checks.add("password", ok=True)
            params = self.read_system_parameters()
            checks.add(
                "parameters",
                ok=params.packet_size in PACKET_SIZES,
                detail=f"packet {params.packet_size} B, {params.baudrate} baud",
            )
            checks.add("template_count", ok=True, detail=str(self.template_count()))
            finger = self.generate_image()
            checks.add("sensor", ok=True, detail="finger on glass" if finger else "glass clear")
        except AuthenticationFailed as exc:
            checks.add("password", ok=False, detail=exc.message)
        except DriverError as exc:
            checks.add("port", ok=False, detail=exc.message)
        finally:
            if opened_here:
                self.close()
        return checks.finish(self.info())

    def _wait_for_finger(self, deadline: Deadline, cancel: CancelToken) -> None:
        while True:
            if cancel.cancelled:
                raise CaptureCancelled(device=self.port)
            if self.generate_image():
                return
            if deadline.expired:
                raise DeviceTimeout(
                    "No finger was placed on the scanner in time.",
                    reason=TimeoutReason.NO_FINGER,
                    device=self.port,
                )
            cancel.wait(min(_FINGER_POLL_S, deadline.remaining()))

    def capture(self, request: CaptureRequest) -> CaptureResult:
        started_at = utcnow()
        deadline = Deadline(request.timeout_s)
        with self._lock:
            self._wait_for_finger(deadline, request.cancel)
            image = self.upload_image()
            if request.cancel.cancelled:
                raise CaptureCancelled(device=self.port)
            verdict = self.image_to_template()
        return build_result(
            self,
            request,
            started_at=started_at,
            images=(image,),
            metadata={"sensor_verdict": verdict, "ppi": "500", "bit_depth": "4"},
        )

    def stream(self, cancel: CancelToken | None = None, *, position: str = "") -> Iterator[Frame]:  # noqa: ARG002 - one sensor
        token = cancel or CancelToken()
        blank = np.full((IMAGE_HEIGHT, IMAGE_WIDTH), 255, dtype=np.uint8)
        sequence = 0
        while not token.cancelled:
            started = time.monotonic()
            with self._lock:
                finger = self.generate_image()
                image = self.upload_image() if finger else blank
            yield Frame(
                image=image,
                sequence=sequence,
                timestamp=time.monotonic(),
                hints={"finger": "present" if finger else "absent"},
            )
            sequence += 1
            token.wait(_PREVIEW_PERIOD_S - (time.monotonic() - started))
