"""The one entry script behind both executables in the bundle.

Both executables share one analysis (one set of collected modules and
libraries); the executable's own file name picks what runs, so the CLI costs
one extra launcher, not a second copy of the bundle.
"""

# ruff: noqa: INP001  (a script, not a package)

from __future__ import annotations

import sys
from pathlib import Path


def main() -> int:
    if sys.argv[1:2] == ["--self-test"]:
        # Before ui.app is imported, so a broken import is a FAIL line in the
        # report, not a traceback.  ``fieldkit --self-test`` is the console twin
        # of ``fieldkit-app --self-test``: a Windows GUI executable cannot print.
        from ui.selftest import main as selftest_main  # noqa: PLC0415

        return selftest_main(sys.argv[1:])
    if Path(sys.executable).stem.lower().startswith("fieldkit-app"):
        from ui.app import main as app_main  # noqa: PLC0415 - only the app needs Qt

        return app_main()
    from fieldkit.cli.main import main as cli_main  # noqa: PLC0415

    return cli_main()


if __name__ == "__main__":
    sys.exit(main())
