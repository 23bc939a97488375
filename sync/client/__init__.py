"""The laptop's side of sync: enrollment, manifest-then-upload, receipts, purge, USB export.

The UI and the ``fieldkit sync`` commands call :class:`sync.client.client.SyncClient`
and :func:`sync.client.enroll.enroll_laptop`; docs/sync-protocol.md describes the wire.
"""

from sync.client import sentences as sentences
