"""The reference data-center service: enrollment, manifest-then-upload, receipts, status."""

from sync.server import sentences as sentences
