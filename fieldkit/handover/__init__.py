"""KTP-el card handover: the list of printed cards, card checks, signatures, couriers."""
