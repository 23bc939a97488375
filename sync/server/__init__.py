"""The reference data-center service: enrollment, manifest-then-upload, receipts, status."""
