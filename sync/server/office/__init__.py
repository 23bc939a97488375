"""The office's steering: its package to the laptops, officers, rules, fleet, labels.

A room of the data center (docs/architecture.md, "The data center's rooms"): what the
office decides and sends to its laptops, and the commands that change it.
"""
