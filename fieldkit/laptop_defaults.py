"""The laptop's own defaults for the rules the office may override in its package.

They live in a module that imports nothing because the data center's console shows them
beside the office's values ("bawaan laptop (7)"): importing them from the modules that
apply them (the enrollment freeze, the workspace) loaded the laptop's ORM, its records
and its audit into every ``fieldkit-datacenter serve`` start-up, about a third of a
second of CPU each.
"""

from __future__ import annotations

#: Days a finished record may wait unsent before new enrollments stop.
FREEZE_DAYS = 7
#: Finished records that may wait unsent before new enrollments stop.
FREEZE_MAX_WAITING = 500
#: Minutes without input before the window locks.
IDLE_MINUTES = 10
