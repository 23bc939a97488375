#!/usr/bin/env bash
# Installs everything (system packages when root, .venv, Python packages) and
# runs every check CI runs: ruff, ruff format, mypy, import-linter, the Qt-free
# import check and pytest.  Exits non-zero on the first failing stage.
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
stage "mypy (strict on fieldkit, drivers, sync)"
mypy fieldkit drivers sync ui
stage "import-linter (layers, no Qt outside ui/)"
lint-imports
stage "translations are compiled from their sources"
python scripts/i18n.py --check
stage "PostgreSQL for the data-center tests"
scripts/start-postgres.sh
stage "pytest"
pytest "$@"
