"""The office's console (issue 34): sessions and the browser pages at ``/``.

The top of the data center (issue 58): the console reads the rooms, and no room imports
it.  The accounts and the audit trail it manages are below it, in
:mod:`sync.server.accounts` (plain functions over the store, so the CLI, the pages and
the tests call the same code); ``sessions`` is a plain function over the store too;
``web`` puts the pages on the service's own FastAPI app.
"""

from sync.server.console import sentences as sentences
