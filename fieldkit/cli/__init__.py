"""The ``fieldkit`` command: the same core functions the app's buttons call."""

from fieldkit.cli import sentences as sentences
