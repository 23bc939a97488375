"""Planning a jemput bola trip: requests, visits, team assignment and the targets to record.

Submodules are imported where needed; this package imports nothing itself but its
sentences (which import only :mod:`fieldkit.sentences`), so
``fieldkit.store.models`` can register the planning tables without a cycle.
"""

from fieldkit.planning import sentences as sentences
