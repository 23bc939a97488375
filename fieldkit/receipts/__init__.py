"""The bukti perekaman: the receipt a family keeps after a person's recording."""
