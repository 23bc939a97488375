#!/usr/bin/env bash
# Installs everything (system packages when root, .venv, Python packages) and
# runs every check CI runs: ruff, ruff format, mypy (Linux and Windows), import-linter,
# the Qt-free import check, the Windows build under Wine and pytest.  Exits non-zero on
# the first failing stage.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
# The whole run's CPU seconds are counted from here, the setup included (test_summary.py).
rm -rf test-artifacts/cpu && mkdir -p test-artifacts/cpu
python3 scripts/test_summary.py test-artifacts --since test-artifacts/cpu/start.json --mark
scripts/bootstrap.sh dev

export PATH="$repo/.venv/bin:$PATH"
export QT_QPA_PLATFORM=offscreen
stage() { printf '\n== %s\n' "$*"; }
# Where the time goes, every run (scripts/test_summary.py, printed last): the machine's CPU
# seconds from here on, and each test's CPU seconds (tests/cputime.py).
export FIELDKIT_TEST_CPU_DIR="$repo/test-artifacts/cpu"

# The project's byte code, compiled once: the tests start thousands of fieldkit,
# fieldkit-app and fieldkit-datacenter processes, and where PYTHONDONTWRITEBYTECODE is set
# (this machine's image sets it) each of them would otherwise compile every module it imports
# again: a tenth of the suite's busy CPU in a py-spy sample.  pip compiled the packages' own.
stage "byte code for the project's modules"
python -m compileall -q -j 0 fieldkit drivers sync ui tests scripts packaging benchmarks

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
# (packaging/README.md).  Needs root (debootstrap, chroot, mount).  It runs beside pytest:
# it mostly waits on Wine and the chroots' own processes, and shares nothing with the
# tests but the CPUs.  FIELDKIT_SKIP_WINDOWS=1 skips it on a developer's machine, saying so.
windows_log=test-artifacts/windows-stage.log
windows_pid=
if [ "${FIELDKIT_SKIP_WINDOWS:-0}" = 1 ]; then
    stage "Windows build under Wine: skipped (FIELDKIT_SKIP_WINDOWS=1)"
else
    stage "Windows build under Wine: started beside pytest (its log: $windows_log)"
    python packaging/windows/under_wine.py >"$windows_log" 2>&1 &
    windows_pid=$!
fi
# Independent tests run on several pytest-xdist workers.  The tests of the machine's one PC/SC
# stack (marked pcsc by tests/conftest.py) run in one process of their own, beside the
# workers: they are the only users of pcscd, and run alone first they held the workers
# back for six minutes of CI.
# Each end-to-end worker starts its own Xvfb and accessibility bus, each data-center test
# its own database.  Each test's time and any failure's message land in
# test-artifacts/junit*.xml as well.
workers="${FIELDKIT_TEST_WORKERS:-3}"
# Each session its own temporary folder: two pytest sessions at once must not number or
# clean up each other's.
scratch="${TMPDIR:-/tmp}/fieldkit-tests-$$"
mkdir -p "$scratch"
set +e
stage "pytest: the PC/SC tests in one process, beside everything else on $workers workers"
pytest -m pcsc --basetemp="$scratch/pcsc" --junitxml=test-artifacts/junit-pcsc.xml "$@" \
    >test-artifacts/pytest-pcsc.log 2>&1 &
pcsc_pid=$!
# worksteal: a worker that runs out takes tests from a busy one's queue, so the minutes-long
# end-to-end tests do not leave two workers idle at the end of the run.
pytest -n "$workers" --dist worksteal -m "not pcsc" --basetemp="$scratch/rest" --durations=30 \
    --junitxml=test-artifacts/junit.xml "$@" 2>&1 | tee test-artifacts/pytest.log
pytest_status=${PIPESTATUS[0]}
wait "$pcsc_pid"
pcsc_status=$?
set -e
stage "pytest: the PC/SC tests (exit $pcsc_status)"
cat test-artifacts/pytest-pcsc.log
# Exit 5 (no test selected) is only fine for the PC/SC part when "$@" picked other tests.
[ "$pcsc_status" -eq 5 ] && [ "$#" -gt 0 ] && pcsc_status=0
[ "$pytest_status" -eq 0 ] && pytest_status=$pcsc_status
# A failed run's files stay for whoever looks into it; a passing run's go.
[ "$pytest_status" -eq 0 ] && rm -rf "$scratch"
windows_status=0
if [ -n "$windows_pid" ]; then
    wait "$windows_pid" || windows_status=$?
    stage "Windows build under Wine (exit $windows_status)"
    cat "$windows_log"
fi
stage "where the time went (docs/testing.md)"
python scripts/test_summary.py test-artifacts --since test-artifacts/cpu/start.json || true
# pytest's own summary last, so whoever reads the end of the output sees the tests' count.
stage "pytest summary (the PC/SC tests, then the rest)"
tail -n 1 test-artifacts/pytest-pcsc.log
tail -n 1 test-artifacts/pytest.log
[ "$windows_status" -eq 0 ] || exit "$windows_status"
exit "$pytest_status"
