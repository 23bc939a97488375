"""``fieldkit-app``'s entry point: the self-test, or the app.

The self-test is picked here, before :mod:`ui.app` is imported, for two reasons:
a bundle that lacks a module of the GUI then reports it as a FAIL line instead of
a traceback (``ui.selftest`` imports :mod:`ui.app` as one of its checks), and
:mod:`ui.app` never has to import the module that checks it.
"""

from __future__ import annotations

import sys


def main() -> int:
    if "--self-test" in sys.argv[1:]:
        from ui import selftest  # noqa: PLC0415 - no window, no log file: a report on stdout

        return selftest.main(sys.argv[1:])
    from ui import app  # noqa: PLC0415 - only the app loads its windows

    return app.main()


if __name__ == "__main__":
    sys.exit(main())
