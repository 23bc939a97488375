"""Signature pads: the Wacom ISDV4 serial backend, its pty emulator and the ink renderer.

Modules load pyserial and OpenCV, so nothing is imported here; the registry
imports ``drivers.signature.pad`` or ``drivers.signature.pad_sim`` only when
that backend is chosen.
"""
