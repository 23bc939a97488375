"""FieldKit's domain core: everything a button, the CLI or a test can do, with no Qt."""

from fieldkit._version import __version__

__all__ = ["__version__"]
