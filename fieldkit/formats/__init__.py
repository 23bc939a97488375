"""Biometric codes and codecs the core shares.

* ``positions``: finger positions and eyes, by their ANSI/NIST-ITL codes, shared
  by capture, quality, receipts and reports so a finger never changes number.
* ``wsq``: the WSQ codec of 500 ppi fingerprints (the FBI's lossy codec); the
  self-test checks that a bundle carries its native library.

Fingerprints are *stored* as lossless JPEG 2000 (``fieldkit.quality.imageio``).
The ISO/IEC 19794 and ANSI/NIST-ITL record writers that once lived here had no
caller and were removed (issue 26); a data center that asks for such an export
would bring them back with a real use.
"""
