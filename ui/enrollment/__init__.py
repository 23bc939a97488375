"""Perekaman, one widget per step over the core's step model (see ``page``)."""
