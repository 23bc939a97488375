"""Argument types the parsers share: what a person types, read or refused in words."""

from __future__ import annotations

import argparse
import datetime as dt

from fieldkit.cli.output import say


def iso_date(text: str) -> dt.date:
    """``2026-11-28``; anything else is argparse's usage error, in the catalogue's words."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(say("not_a_date", text=repr(text))) from None
