"""Biometric record formats: how a finished capture leaves the laptop.

* ``positions``: finger positions and eyes, shared by every module.
* ``wsq``: WSQ export of 500 ppi fingerprints (the FBI's lossy codec).
* ``record``: ``BiometricRecord``, the plain data one enrollment exports.
* ``iso19794``: ISO/IEC 19794-4/-5/-6 image records.
* ``ansi_nist``: one ANSI/NIST-ITL 1-2011 transaction (types 1, 2, 8, 10, 14, 17).

Fingerprints are *stored* as lossless JPEG 2000 (``fieldkit.quality.imageio``);
WSQ is only an export, because it is lossy.
"""
