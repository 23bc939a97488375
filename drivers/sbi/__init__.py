"""MOSIP SBI (Secure Biometric Interface) devices: slap scanners, iris and face cameras.

``client`` speaks the protocol, ``discovery`` finds services on 127.0.0.1
ports 4501-4600, ``backends`` adapts them to the FieldKit interfaces, and
``sim`` is a training-mode device service built on ``images``.  Nothing is
imported here, so choosing another backend never loads OpenCV.
"""
