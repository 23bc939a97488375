#!/usr/bin/env bash
# Installs everything (system packages when root, .venv, Python packages) and
# runs every check CI runs: ruff, ruff format, mypy (Linux and Windows), import-linter,
# the Qt-free import check, the Windows build under Wine and pytest.  Exits non-zero on
# the first failing stage.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
scripts/bootstrap.sh dev

export PATH="$repo/.venv/bin:$PATH"
export QT_QPA_PLATFORM=offscreen
stage() { printf '\n== %s\n' "$*"; }

stage "ruff check"
ruff check .
stage "ruff format --check"
ruff format --check .
stage "mypy (strict on fieldkit, drivers, sync), for Linux and for Windows"
mypy --platform linux fieldkit drivers sync ui
mypy --platform win32 fieldkit drivers sync ui
stage "import-linter (layers, no Qt outside ui/)"
lint-imports
stage "translations are compiled from their sources"
python scripts/i18n.py --check
stage "PostgreSQL for the data-center tests"
scripts/start-postgres.sh
# The users' laptops run Windows: build the installer, install it and use it under Wine
# (packaging/README.md).  Needs root (debootstrap, chroot); FIELDKIT_SKIP_WINDOWS=1 skips
# it on a developer's machine, and saying so.
if [ "${FIELDKIT_SKIP_WINDOWS:-0}" = 1 ]; then
    stage "Windows build under Wine: skipped (FIELDKIT_SKIP_WINDOWS=1)"
else
    stage "Windows build under Wine: installer, silent install, self-test, training, push, upgrade, app"
    python packaging/windows/under_wine.py
fi
stage "pytest"
pytest "$@"
