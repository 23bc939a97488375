"""ISDV4 signature pad: protocol, renderer, and the backend against its emulator on real ptys."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest

from drivers.base import CancelToken, CaptureRequest, DeviceState, Frame, PenSample
from drivers.errors import (
    CaptureCancelled,
    DeviceReason,
    DeviceTimeout,
    DeviceUnavailable,
    ProtocolError,
    ProtocolReason,
    TimeoutReason,
)
from drivers.interfaces import SignaturePad
from drivers.signature.ink import NO_PEN_REASON, InkCollector, PenEvent, PenState, sample_rate_hz
from drivers.signature.isdv4 import (
    HEADER_BIT,
    PEN_PACKET_LEN,
    QUERY_REPLY_LEN,
    PacketReader,
    PenPacket,
    QueryReply,
)
from drivers.signature.pad import Isdv4SignaturePad
from drivers.signature.pad_sim import (
    Fault,
    Isdv4Emulator,
    Recording,
    SimIsdv4SignaturePad,
    default_strokes_dir,
    load_recordings,
)
from drivers.signature.render import RenderStyle, render_signature, split_strokes
from drivers.simulator.pty import Transport

SIGNATURES = default_strokes_dir()
MakeEmulator = Callable[..., Isdv4Emulator]
MakePad = Callable[..., Isdv4SignaturePad]
#: Short protocol and idle timings keep the suite fast; the defaults are for people.
FAST: dict[str, Any] = {
    "baudrate": 38400,
    "timeout_s": 0.4,
    "settle_s": 0.02,
    "idle_s": 0.4,
    "liveness_s": 0.5,
}


def recording(name: str) -> Recording:
    return Recording.load(SIGNATURES / f"{name}.json")


@pytest.fixture
def make_emulator(transport: Transport) -> Iterator[MakeEmulator]:
    started: list[Isdv4Emulator] = []

    def make(*names: str, **options: Any) -> Isdv4Emulator:
        emu = Isdv4Emulator([recording(n) for n in names], transport=transport, **options)
        emu.start()
        started.append(emu)
        return emu

    yield make
    for emu in started:
        emu.stop()


@pytest.fixture
def make_pad() -> Iterator[MakePad]:
    pads: list[Isdv4SignaturePad] = []

    def make(emu: Isdv4Emulator, **options: Any) -> Isdv4SignaturePad:
        pad = Isdv4SignaturePad(emu.slave_path, **{**FAST, **options})
        pads.append(pad)
        return pad

    yield make
    for pad in pads:
        pad.close()


def kernel_parse_pen_data(data: bytes) -> tuple[int, int, int, int, int, int, int]:
    """A line-by-line transliteration of wacom_w8001.c ``parse_pen_data``, as an oracle."""
    rdy, tsw, f1 = data[0] & 0x20, data[0] & 0x01, data[0] & 0x02
    x = ((data[1] & 0x7F) << 9) | ((data[2] & 0x7F) << 2) | ((data[6] & 0x60) >> 5)
    y = ((data[3] & 0x7F) << 9) | ((data[4] & 0x7F) << 2) | ((data[6] & 0x18) >> 3)
    pressure = (data[5] & 0x7F) | ((data[6] & 0x07) << 7)
    return bool(rdy), bool(tsw), bool(f1), x, y, pressure, data[7] & 0x7F


def ink_samples(samples: tuple[PenSample, ...] | list[PenSample]) -> list[PenSample]:
    return [s for s in samples if s.pressure > 0]


def expected_ink(emu: Isdv4Emulator, rec: Recording) -> list[tuple[int, int]]:
    return [emu.to_device(s.x_mm, s.y_mm) for stroke in rec.strokes for s in stroke]


# --- protocol ----------------------------------------------------------------


def test_pen_packets_round_trip_and_match_the_kernel_parser() -> None:
    rng = np.random.default_rng(7)
    for _ in range(5000):
        packet = PenPacket(
            x=int(rng.integers(0, 0x10000)),
            y=int(rng.integers(0, 0x10000)),
            pressure=int(rng.integers(0, 0x400)),
            proximity=bool(rng.integers(2)),
            tip=bool(rng.integers(2)),
            side=bool(rng.integers(2)),
            eraser=bool(rng.integers(2)),
            tilt_x=int(rng.integers(0, 0x80)),
            tilt_y=int(rng.integers(0, 0x80)),
        )
        data = packet.encode()
        assert len(data) == PEN_PACKET_LEN
        assert data[0] & 0xD0 == HEADER_BIT  # header set; control and touch bits clear
        assert all(b < HEADER_BIT for b in data[1:])  # only byte 0 can start a packet
        assert PenPacket.decode(data) == packet
        assert kernel_parse_pen_data(data) == (
            packet.proximity,
            packet.tip,
            packet.side,
            packet.x,
            packet.y,
            packet.pressure,
            packet.tilt_x,
        )


def test_query_replies_round_trip_and_known_bytes_decode() -> None:
    rng = np.random.default_rng(11)
    for _ in range(2000):
        reply = QueryReply(
            max_x=int(rng.integers(0, 0x10000)),
            max_y=int(rng.integers(0, 0x10000)),
            max_pressure=int(rng.integers(0, 0x400)),
            version=int(rng.integers(0, 0x4000)),
        )
        data = reply.encode()
        assert len(data) == QUERY_REPLY_LEN
        assert data[0] == 0xC0
        assert QueryReply.decode(data) == reply
    # Hand-assembled per isdv4.h isdv4ParseQuery: x=26202, y=16325, pressure 255, version 0x0126.
    x, y, p = 26202, 16325, 255
    byte6 = ((x & 3) << 5) | ((y & 3) << 3) | (p >> 7)
    raw = bytes([0xC0, x >> 9, (x >> 2) & 0x7F, y >> 9, (y >> 2) & 0x7F, p & 0x7F, byte6, 0, 0])
    raw += bytes([0x0126 >> 7, 0x0126 & 0x7F])
    decoded = QueryReply.decode(raw)
    assert (decoded.max_x, decoded.max_y, decoded.max_pressure) == (x, y, p)
    assert decoded.firmware == "0126"
    assert decoded.problems() == []
    assert QueryReply(0, 0, 0, 1).problems()


def test_encoders_refuse_values_the_wire_cannot_carry() -> None:
    with pytest.raises(ValueError, match="x="):
        PenPacket(x=0x10000, y=0, pressure=0, proximity=True, tip=False).encode()
    with pytest.raises(ValueError, match="pressure="):
        PenPacket(x=0, y=0, pressure=1024, proximity=True, tip=True).encode()
    with pytest.raises(ValueError, match="version="):
        QueryReply(1, 1, 1, version=0x4000).encode()


def test_reader_resyncs_on_noise_truncation_and_touch_packets() -> None:
    rng = np.random.default_rng(3)
    pens = [
        PenPacket(x=i * 100, y=i * 50, pressure=i, proximity=True, tip=True) for i in range(1, 6)
    ]
    reply = QueryReply(16000, 10000, 1023, 0x126)
    stream = (
        b"\x01\x02\x7f"  # noise before any header
        + pens[0].encode()
        + pens[1].encode()[:5]  # cut off by the next header
        + pens[2].encode()
        + bytes([0x91, 1, 2, 3, 4])  # a touch packet: not pen data
        + reply.encode()
        + bytes([0x55, 0x80, 0x00])  # noise containing a lone header
        + pens[3].encode()
        + pens[4].encode()[:4]  # incomplete at the end: waits for more
    )
    reader = PacketReader()
    got: list[PenPacket | QueryReply] = []
    position = 0
    while position < len(stream):  # feed in random chunks, as a UART delivers
        size = int(rng.integers(1, 12))
        reader.feed(stream[position : position + size])
        got.extend(reader.packets())
        position += size
    assert got == [pens[0], pens[2], reply, pens[3]]
    assert reader.partial
    assert reader.dropped == 2  # the cut pen packet and the lone header
    assert reader.skipped == 3 + 5 + 5 + 3


# --- backend on a real pty ------------------------------------------------------


def test_open_reads_the_capabilities(make_emulator: MakeEmulator, make_pad: MakePad) -> None:
    emu = make_emulator(max_x=20000, max_y=12000, max_pressure=511, version=0x0234)
    pad = make_pad(emu)
    pad.open()
    reply = pad.capabilities
    assert reply is not None
    assert (reply.max_x, reply.max_y, reply.max_pressure) == (20000, 12000, 511)
    info = pad.info()
    assert (info.vendor, info.backend, info.firmware, info.address) == (
        "Wacom",
        "isdv4",
        "0234",
        emu.slave_path,
    )
    assert "pressure" in info.capabilities
    assert emu.wait_for_commands(3)[:3] == [b"0", b"*", b"1"]  # stop, query, start
    assert pad.status().state is DeviceState.READY
    assert isinstance(pad, SignaturePad)


def assert_ink_where_the_strokes_were(image: np.ndarray, ink: list[PenSample]) -> None:
    assert image.dtype == np.uint8
    assert image.ndim == 2
    assert (image < 128).sum() > 500
    style = RenderStyle()
    scale = style.px_per_mm / 100.0
    margin = style.margin_mm * style.px_per_mm
    x0, y0 = min(s.x for s in ink), min(s.y for s in ink)
    hits = 0
    for s in ink:
        col = round((s.x - x0) * scale + margin)
        row = round((s.y - y0) * scale + margin)
        hits += image[row - 1 : row + 2, col - 1 : col + 2].min() < 128
    assert hits >= 0.98 * len(ink)
    # ...and no ink further than a pen width plus one sample step from any sample.
    points = np.full(image.shape, 255, dtype=np.uint8)
    for s in ink:
        points[round((s.y - y0) * scale + margin), round((s.x - x0) * scale + margin)] = 0
    distance = cv2.distanceTransform(points, cv2.DIST_L2, 3)
    assert distance[image < 128].max() < 8
    assert image[:10, :10].min() == 255  # the margin stays white


def assert_live_mirror(frames: list[Frame]) -> None:
    assert len(frames) > 20
    fps = (len(frames) - 1) / (frames[-1].timestamp - frames[0].timestamp)
    assert fps >= 15
    assert [f.sequence for f in frames] == list(range(len(frames)))
    assert "down" in {f.hints["pen"] for f in frames}
    inked = [(f.image < 128).sum() for f in frames]
    assert inked[0] == 0
    assert inked[-1] > 200
    assert inked == sorted(inked)


def test_capture_end_to_end_with_live_mirror(
    make_emulator: MakeEmulator, make_pad: MakePad
) -> None:
    rec = recording("loops")
    emu = make_emulator("loops", lead_in_s=0.2)
    pad = make_pad(emu)
    pad.open()
    frames: list[Frame] = []
    stop_preview = CancelToken()

    def preview() -> None:
        frames.extend(pad.stream(stop_preview))

    viewer = threading.Thread(target=preview)
    viewer.start()
    try:
        start = time.monotonic()
        result = pad.capture(CaptureRequest(timeout_s=10.0, position="signature"))
        elapsed = time.monotonic() - start
    finally:
        stop_preview.cancel()
        viewer.join(5)
    assert elapsed < 0.2 + rec.duration_s + 0.4 + 1.0
    meta = result.metadata
    assert meta["end_reason"] == "idle"
    assert (meta["max_x"], meta["max_y"], meta["max_pressure"]) == ("16000", "10000", "1023")

    # Every recorded sample arrives, at its scaled position, split into the same strokes.
    strokes = split_strokes(result.pen_samples)
    assert [len(s) for s in strokes] == [len(s) for s in rec.strokes]
    assert len(result.pen_samples) == rec.sample_count + len(rec.strokes)  # + one lift each
    ink = ink_samples(result.pen_samples)
    assert [(s.x, s.y) for s in ink] == expected_ink(emu, rec)
    recorded_pressure = [s.pressure for stroke in rec.strokes for s in stroke]
    assert np.allclose([s.pressure for s in ink], recorded_pressure, atol=1 / 1023)
    # Timing follows the recording (host clock, so a little slack).
    rec_span_ms = rec.strokes[-1][-1].t_ms - rec.strokes[0][0].t_ms
    assert abs(ink[-1].t_ms - rec_span_ms) < 150
    rate = float(meta["sample_rate_hz"])
    assert 115 <= rate <= 150
    assert rate == pytest.approx(sample_rate_hz(result.pen_samples), abs=0.1)

    # The image has ink exactly where the strokes were, and none far from them.
    (image,) = result.images
    assert_ink_where_the_strokes_were(image, ink)
    # The mirror ran at >= 15 fps while the pen moved, and showed the ink growing.
    assert_live_mirror(frames)


def test_finish_ends_the_capture_with_what_was_signed(
    make_emulator: MakeEmulator, make_pad: MakePad
) -> None:
    rec = recording("flourish")
    emu = make_emulator("flourish", lead_in_s=0.1)
    pad = make_pad(emu, idle_s=5.0)
    pad.open()
    timer = threading.Timer(0.7, pad.finish)
    timer.start()
    start = time.monotonic()
    result = pad.capture(CaptureRequest(timeout_s=10.0))
    assert time.monotonic() - start < 1.2
    assert result.metadata["end_reason"] == "finish"
    assert 0 < len(ink_samples(result.pen_samples)) < rec.sample_count
    assert result.pen_samples[-1].pressure == 0  # the open stroke was closed


def test_capture_is_cancellable(make_emulator: MakeEmulator, make_pad: MakePad) -> None:
    pad = make_pad(make_emulator())
    pad.open()
    cancel = CancelToken()
    threading.Timer(0.2, cancel.cancel).start()
    start = time.monotonic()
    with pytest.raises(CaptureCancelled):
        pad.capture(CaptureRequest(timeout_s=10.0, cancel=cancel))
    assert time.monotonic() - start < 0.6
    assert pad.status().state is DeviceState.READY


def test_nobody_signing_times_out_while_the_pad_is_probed(
    make_emulator: MakeEmulator, make_pad: MakePad
) -> None:
    emu = make_emulator("empty")
    pad = make_pad(emu)
    pad.open()
    start = time.monotonic()
    with pytest.raises(DeviceTimeout) as info:
        pad.capture(CaptureRequest(timeout_s=1.3))
    assert info.value.reason is NO_PEN_REASON
    assert time.monotonic() - start < 1.6
    assert emu.commands_seen.count(b"*") >= 2  # the silent line was checked for life
    assert emu.commands_seen[-1] == b"1"  # and sampling restarted after each probe


@pytest.mark.parametrize(
    ("fault", "reason"),
    [
        (Fault.GARBAGE, ProtocolReason.GARBAGE),
        (Fault.TRUNCATE, ProtocolReason.TRUNCATED),
        (Fault.BAD_QUERY, ProtocolReason.BAD_REPLY),
    ],
)
def test_bad_query_replies_raise_a_reason_and_recover(
    make_emulator: MakeEmulator, make_pad: MakePad, fault: Fault, reason: ProtocolReason
) -> None:
    emu = make_emulator()
    emu.inject(fault)
    pad = make_pad(emu)
    start = time.monotonic()
    with pytest.raises(ProtocolError) as info:
        pad.open()
    assert time.monotonic() - start < FAST["timeout_s"] + 0.4
    assert info.value.reason is reason
    assert info.value.device == emu.slave_path
    assert pad.status().state is DeviceState.NOT_READY
    pad.open()  # the next attempt works
    assert pad.status().state is DeviceState.READY


def test_hung_pad_at_open_times_out_at_each_baud_rate(
    make_emulator: MakeEmulator, make_pad: MakePad
) -> None:
    emu = make_emulator()
    emu.hang()
    pad = make_pad(emu, baudrate=None)
    start = time.monotonic()
    with pytest.raises(DeviceTimeout) as info:
        pad.open()
    assert info.value.reason is TimeoutReason.NO_RESPONSE
    assert time.monotonic() - start < 2 * (FAST["timeout_s"] + 0.2)
    assert emu.commands_seen.count(b"*") == 2  # 38400, then 19200


def test_line_noise_and_cut_packets_cost_samples_not_the_capture(
    make_emulator: MakeEmulator, make_pad: MakePad
) -> None:
    rec = recording("loops")
    emu = make_emulator("loops", lead_in_s=0.2, speed=2.0)
    pad = make_pad(emu)
    pad.open()  # the replay starts 0.2 s after this; faults hit its first packets:
    # packet 1 is the hover before the first stroke; packets 2, 4 and 5 are ink.
    for fault in (Fault.NOISE, Fault.TRUNCATE, Fault.NOISE, Fault.TRUNCATE, Fault.GARBAGE):
        emu.inject(fault)
    result = pad.capture(CaptureRequest(timeout_s=10.0))
    meta = result.metadata
    assert meta["end_reason"] == "idle"
    assert meta["strokes"] == "2"
    ink = ink_samples(result.pen_samples)
    assert len(ink) == rec.sample_count - 3
    expected = expected_ink(emu, rec)
    assert [(s.x, s.y) for s in ink] == expected[1:2] + expected[4:]
    assert int(meta["noise_bytes"]) > 0
    assert int(meta["dropped_packets"]) >= 2


def test_pad_that_stops_answering_mid_signature(
    make_emulator: MakeEmulator, make_pad: MakePad
) -> None:
    emu = make_emulator("loops", lead_in_s=0.1)
    pad = make_pad(emu)
    pad.open()
    hung_at: list[float] = []

    def hang() -> None:
        hung_at.append(time.monotonic())
        emu.hang()

    threading.Timer(0.6, hang).start()
    with pytest.raises(DeviceTimeout) as info:
        pad.capture(CaptureRequest(timeout_s=10.0))
    assert info.value.reason is TimeoutReason.NO_RESPONSE
    assert time.monotonic() - hung_at[0] < FAST["liveness_s"] + FAST["timeout_s"] + 0.4
    assert pad.status().state is DeviceState.DISCONNECTED


def test_unplugged_mid_signature(make_emulator: MakeEmulator, make_pad: MakePad) -> None:
    emu = make_emulator("loops", lead_in_s=0.1)
    pad = make_pad(emu)
    pad.open()
    unplugging = threading.Timer(0.6, emu.unplug)
    unplugging.start()
    start = time.monotonic()
    with pytest.raises(DeviceUnavailable) as info:
        pad.capture(CaptureRequest(timeout_s=10.0))
    assert info.value.reason is DeviceReason.UNPLUGGED
    assert time.monotonic() - start < 1.2
    assert pad.status().state is DeviceState.DISCONNECTED
    with pytest.raises(DeviceUnavailable):
        next(iter(pad.stream()))
    pad.close()
    assert pad.status().state is DeviceState.NOT_READY
    # The pad notices the hang-up while the emulator is still taking its port away;
    # a person's unplug is one event, so the reopen waits for the whole of it.
    unplugging.join(5.0)
    with pytest.raises(DeviceUnavailable) as info:
        pad.open()
    assert info.value.reason is DeviceReason.NOT_FOUND


def test_missing_port_is_not_found() -> None:
    with pytest.raises(DeviceUnavailable) as info:
        Isdv4SignaturePad("/dev/ttyFIELDKIT-NOPE", **FAST).open()
    assert info.value.reason is DeviceReason.NOT_FOUND


def test_health_check_measures_the_report_rate(make_emulator: MakeEmulator) -> None:
    emu = make_emulator("flourish", lead_in_s=0.0, loop=True)
    pad = Isdv4SignaturePad(emu.slave_path, **FAST)
    health = pad.health_check(rate_window_s=0.6)
    assert health.ok, health.message
    checks = {c.name: c for c in health.checks}
    assert set(checks) == {"port", "query", "sample_rate"}
    measured = re.match(r"(\d+) reports/s", checks["sample_rate"].detail)
    assert measured is not None, checks["sample_rate"].detail
    rate = int(measured.group(1))
    assert 115 <= rate <= 150
    assert pad.status().state is DeviceState.NOT_READY  # it closed what it opened
    emu.hang()
    sick = pad.health_check(rate_window_s=0.2)
    assert not sick.ok
    assert "does not answer" in sick.message


def test_sim_backend_signs_a_recording_per_capture(transport: Transport) -> None:
    pad = SimIsdv4SignaturePad(strokes="dot", idle_s=0.3, lead_in_s=0.05, transport=transport.value)
    assert isinstance(pad, SignaturePad)
    with pad:
        assert pad.info().backend == "sim"
        for _ in range(2):
            result = pad.capture(CaptureRequest(timeout_s=5.0))
            assert result.metadata["strokes"] == "1"
            assert len(ink_samples(result.pen_samples)) == 4
            assert (result.images[0] < 128).any()
    assert pad.status().state is DeviceState.NOT_READY


def test_emulator_cli_prints_the_port_first_and_stops_on_sigterm(
    transport: Transport, port_prefix: str
) -> None:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "drivers.signature.pad_sim",
            "--strokes",
            "dot",
            "--baud",
            "38400",
            "--gap",
            "1.0",
            "--transport",
            transport.value,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        path = proc.stdout.readline().strip()
        assert path.startswith(port_prefix)
        with Isdv4SignaturePad(path, **FAST) as pad:
            result = pad.capture(CaptureRequest(timeout_s=5.0))
        assert result.metadata["strokes"] == "1"
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(5) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(5)
        proc.communicate(timeout=5)


# --- media and rendering -------------------------------------------------------


def test_recorded_signatures_are_valid() -> None:
    recs = {p.stem: Recording.load(p) for p in sorted(SIGNATURES.glob("*.json"))}
    assert {"empty", "dot", "loops", "initials", "flourish"} <= set(recs)
    assert recs["empty"].strokes == ()
    assert len(recs["dot"].strokes) == 1
    for name in ("loops", "initials", "flourish"):
        rec = recs[name]
        assert rec.sample_count > 200
        assert 1.0 < rec.duration_s < 5.0
        for stroke in rec.strokes:
            for s in stroke:
                assert 0 < s.x_mm < 160
                assert 0 < s.y_mm < 100
    assert "empty" not in {r.name for r in load_recordings()}  # nothing to replay


def test_assets_folder_follows_fieldkit_assets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "sim" / "signatures"
    folder.mkdir(parents=True)
    doc = {"strokes": [[[1.0, 2.0, 0.5, 0.0], [1.5, 2.0, 0.6, 7.5]]]}
    (folder / "tick.json").write_text(json.dumps(doc))
    (folder / "broken.json").write_text(json.dumps({"strokes": [[[1, 2, 0.0, 0]]]}))
    monkeypatch.setenv("FIELDKIT_ASSETS", str(tmp_path))
    assert default_strokes_dir() == folder
    with pytest.raises(ValueError, match="pressure"):
        load_recordings()
    (folder / "broken.json").unlink()
    assert [r.name for r in load_recordings()] == ["tick"]


def line(pressure: float, n: int = 40) -> list[PenSample]:
    samples = [PenSample(1000.0 + i * 50, 2000.0, pressure, i * 8) for i in range(n)]
    return [*samples, PenSample(samples[-1].x, 2000.0, 0.0, n * 8)]


def test_render_width_follows_pressure_with_smooth_edges() -> None:
    light = render_signature(line(0.1))
    heavy = render_signature(line(1.0))
    assert light.shape == heavy.shape
    assert (heavy < 128).sum() > 2 * (light < 128).sum()
    greys = np.unique(heavy)
    assert ((greys > 10) & (greys < 245)).sum() >= 5  # anti-aliased, not binary
    style = RenderStyle()
    margin = round(style.margin_mm * style.px_per_mm)
    rows, cols = np.nonzero(heavy < 250)
    # Cropped to the ink plus the margin (less half the stroke width).
    assert margin - 4 <= cols.min() <= margin
    assert margin - 4 <= heavy.shape[1] - 1 - cols.max() <= margin + 2
    assert abs(rows.mean() - heavy.shape[0] / 2) < 2


def test_render_dot_empty_and_whole_pad() -> None:
    dot = render_signature([PenSample(500.0, 500.0, 0.5, 0), PenSample(500.0, 500.0, 0.0, 8)])
    assert (dot < 128).sum() > 5
    empty = render_signature([])
    assert empty.size > 0
    assert empty.min() == 255
    pad = render_signature(line(0.5), area=(16000, 10000))
    assert pad.shape == (10000 * 8 // 100 + 49, 16000 * 8 // 100 + 49)
    assert split_strokes(line(0.5) + line(0.7)) == [line(0.5)[:-1], line(0.7)[:-1]]


def test_collector_closes_strokes_at_lift_hover_and_silence() -> None:
    ink = InkCollector()
    t = 100.0
    ink.feed([PenEvent(10, 20, 0.0, tip=False, proximity=True, t=t)])  # hovering in
    assert ink.state is PenState.HOVER
    assert not ink.progress().has_ink
    ink.feed(
        [PenEvent(10 + i, 20, 0.5, tip=True, proximity=True, t=t + 0.01 * i) for i in range(5)]
    )
    ink.feed([PenEvent(15, 21, 0.0, tip=False, proximity=True, t=t + 0.06)])  # lifted, hovering
    assert ink.state is PenState.HOVER
    ink.feed([PenEvent(30, 20, 0.4, tip=True, proximity=True, t=t + 0.2)])
    ink.mark_away(t + 0.3)  # the line went quiet mid-stroke
    samples = ink.samples()
    assert [s.pressure > 0 for s in samples] == [True] * 5 + [False, True, False]
    assert [s.t_ms for s in samples[:6]] == [0, 10, 20, 30, 40, 60]
    assert (samples[5].x, samples[5].y) == (15, 21)  # the lift is where the tip left
    assert (samples[-1].x, samples[-1].y, samples[-1].t_ms) == (30, 20, 300)
    progress = ink.progress()
    assert progress.state is PenState.AWAY
    assert progress.left_t == t + 0.3
    assert sample_rate_hz(samples) == pytest.approx(100.0)
    ink.clear()
    assert ink.samples() == []
