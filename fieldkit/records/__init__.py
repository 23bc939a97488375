"""Sealed records on the laptop: the device key, the data-center keys, the outbox and tombstones."""

from fieldkit.records import sentences as sentences
