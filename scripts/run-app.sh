#!/usr/bin/env bash
# Installs what the app needs (system packages when root, .venv, Python
# packages) and starts FieldKit.  With no hardware attached it uses the
# simulated devices; the store is the embedded, encrypted SQLite file under
# FIELDKIT_HOME (default: the platform's user data folder).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
scripts/bootstrap.sh app
# No device attached and no FieldKit data yet: show the demo (throwaway data, simulated
# devices) instead of an empty first-run form.  FIELDKIT_DEMO=0 sets up the laptop instead.
if [ "$#" -eq 0 ] && [ "${FIELDKIT_DEMO:-}" != 0 ] && ! "$repo/.venv/bin/python" - <<'PY'
import sys
from fieldkit import paths
from fieldkit.devices import list_devices
if (paths.data_dir() / "keyring.json").exists():
    sys.exit(0)  # this laptop already has a store: open it
sys.exit(0 if any(r.backend for r in list_devices()) else 1)
PY
then
    echo "[run-app] no device and no FieldKit data found: starting the demo (FIELDKIT_DEMO=0 to set up this laptop)." >&2
    set -- --demo
fi
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ "${QT_QPA_PLATFORM:-}" != offscreen ]; then
    if command -v xvfb-run >/dev/null 2>&1; then
        echo "[run-app] no display found: starting FieldKit on a virtual screen (xvfb-run)." >&2
        echo "[run-app] on a laptop, run this from the desktop session to see the window." >&2
        exec xvfb-run -a "$repo/.venv/bin/fieldkit-app" "$@"
    fi
    echo "[run-app] no display found; run this from a desktop session." >&2
    exit 1
fi
exec "$repo/.venv/bin/fieldkit-app" "$@"
