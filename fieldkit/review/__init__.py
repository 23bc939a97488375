"""The ketua tim's loop: review of flagged records before sync, and the revisit list."""

from fieldkit.review import sentences as sentences
