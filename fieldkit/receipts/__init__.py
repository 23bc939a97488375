"""The bukti perekaman: the receipt a family keeps after a person's recording."""

from fieldkit.receipts import sentences as sentences
