"""KTP-el card handover: the list of printed cards, card checks, signatures, couriers."""

from fieldkit.handover import sentences as sentences
