"""Sync to the data center: the laptop's client and the data center's service."""

from sync import sentences as sentences
