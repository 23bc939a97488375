"""Sarana dan prasarana: the equipment a team takes out and must bring back intact."""

from fieldkit.sarpras import sentences as sentences
