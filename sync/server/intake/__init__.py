"""The intake of records: enrollment, announce, upload, receipts, states, search, USB.

A room of the data center (docs/architecture.md, "The data center's rooms"): it owns the
``DataCenter`` the HTTP routes call, the USB import that goes through the same code, the
anchors of the laptops' audit chains, the reviews and the console's search index.
"""
