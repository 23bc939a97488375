"""The card's journey: printed, delivered, handed over, and the 14-day promise.

A room of the data center (docs/architecture.md, "The data center's rooms").
"""
