"""The data center's words in Indonesian or English: the core's catalogue reader.

The reader lives in :mod:`fieldkit.catalogue` (the laptop's command line speaks from it
too, and the core may not import ``sync``); the console's pages and the rooms keep
reading it under this name, below the console and the rooms alike, so a room words its
answers without importing the console (issue 58).
"""

from __future__ import annotations

from fieldkit.catalogue import DEFAULT_LANGUAGE, LANGUAGES, indonesian, read_ts, text

__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "indonesian", "read_ts", "text"]
