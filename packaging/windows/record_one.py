"""Record one synthetic person on the installed laptop's store, under Wine (CI only).

The Windows check (``under_wine.py``) needs a record the data center will accept,
made on the installed, enrolled store.  The installed programs record people only
on the Perekaman screen; this runs the same core functions that screen calls
(README's first day is walked in the window on Linux by
``tests/e2e/test_readme_first_day.py``), in the Windows CPython the bundle was
built from, with the simulators standing in for the hardware: a walk-in visit,
one person, sealed to the data center's key.  The last line
printed is the record's id.
"""

# ruff: noqa: T201, INP001  (a script the Windows check runs; its output is read)

from __future__ import annotations

import os
import sys
from pathlib import Path

from fieldkit import demo, login


def main() -> int:
    home = Path(os.environ["FIELDKIT_HOME"])
    with login.log_in(home, "admin", os.environ["FIELDKIT_PASSWORD"]) as ws:
        record = demo.enroll_walk_in(ws)
    if record.demo:
        print("the record was sealed to the demo key: the store is not enrolled", file=sys.stderr)
        return 1
    print(record.record_id)
    return 0


if __name__ == "__main__":
    sys.exit(main())
