"""Operations: backup and restore, the blob sweep, metrics, the log's format, memory.

A room of the data center (docs/architecture.md, "The data center's rooms"): what keeps
the service running, none of it a step of the office's work.
"""
