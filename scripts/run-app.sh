#!/usr/bin/env bash
# Installs what the app needs (system packages when root, .venv, Python
# packages) and starts FieldKit.  With no hardware attached it uses the
# simulated devices; the store is the embedded, encrypted SQLite file under
# FIELDKIT_HOME (default: the platform's user data folder).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
scripts/bootstrap.sh app
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
