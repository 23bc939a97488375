"""The signed FieldKit update: the built-in release keys, verifying an installer, versions.

Qt-free and network-free: the data center checks an installer here before it offers
it, and the laptop checks the one it downloaded here before it runs it
(docs/sync-protocol.md §14.4).
"""

from fieldkit.update import sentences  # noqa: F401 - registers the update's sentences
