"""Biometric quality: whether a capture is good enough for the data center's deduplication.

Judged in the field, live on the preview, with one plain instruction for the
officer, because a capture that fails at the data center means a second trip
to a bed-bound grandmother.
"""

from fieldkit.quality import sentences as sentences
