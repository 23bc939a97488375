"""The office's console (issue 34): accounts, sessions and the browser pages at ``/``.

``accounts`` and ``sessions`` are plain functions over the data center's store (no web
framework), so the CLI, the pages and the tests call the same code; ``web`` puts the
pages on the service's own FastAPI app.
"""

from sync.server.console import sentences as sentences
