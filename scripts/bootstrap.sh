#!/usr/bin/env bash
# Installs what FieldKit needs on a Debian/Ubuntu machine: system packages
# (only when run as root), a virtualenv in .venv, and the Python packages at
# the exact versions in constraints.txt.  Safe to run again; it skips what is
# already there.  Usage: scripts/bootstrap.sh [app|dev]
set -euo pipefail

profile="${1:-app}"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

log() { printf '[bootstrap] %s\n' "$*" >&2; }

apt_packages=(
    python3-venv python3-dev
    # Smart cards: pyscard builds against PC/SC; pcscd + vpcd give a real
    # reader stack with our simulated card.
    libpcsclite-dev libpcsclite1 swig pcscd vsmartcard-vpcd
    # Qt's xcb platform plugin on a desktop, and Xvfb for real-window checks.
    libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3
    libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0
    libxcb-shape0 libxcb-xinerama0 libxcb-randr0 libxcb-xkb1
    xvfb
)
if [ "$profile" = dev ]; then
    # PostgreSQL: the data-center tests run on it as well as on SQLite
    # (scripts/start-postgres.sh starts it).
    apt_packages+=(sqlite3 poppler-utils postgresql)
    # The data center scaled out (tests/sync/server/test_load_balancer.py): a real
    # load balancer in front of several processes.
    apt_packages+=(haproxy)
    # The end-to-end suite (tests/e2e): the real window on Xvfb, read through the
    # accessibility bus (pyatspi is Debian's, run by /usr/bin/python3) and worked
    # with real X input events from xdotool.
    apt_packages+=(xdotool python3-pyatspi at-spi2-core dbus)
    # The office's console in a real browser (tests/sync/server/test_console_browser.py):
    # Debian's Chromium, driven by Playwright's Python package without its download.
    apt_packages+=(chromium)
fi

if command -v apt-get >/dev/null 2>&1; then
    missing=()
    for pkg in "${apt_packages[@]}"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
    done
    if [ "${#missing[@]}" -gt 0 ]; then
        if [ "$(id -u)" -eq 0 ]; then
            log "installing system packages: ${missing[*]}"
            export DEBIAN_FRONTEND=noninteractive
            apt-get update -qq
            apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
        else
            log "not root: skipping system packages ${missing[*]}; run as root or install them with sudo apt-get"
        fi
    fi
fi

python="${PYTHON:-python3}"
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    log "FieldKit needs Python 3.11 or newer; found $("$python" --version 2>&1)"
    exit 1
fi

stamp=".venv/.fieldkit-$profile-$(cat pyproject.toml constraints.txt | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
    [ -x .venv/bin/python ] || "$python" -m venv .venv
    extras="server"
    [ "$profile" = dev ] && extras="server,dev,package"
    log "installing Python packages ($extras)"
    .venv/bin/python -m pip install -q --disable-pip-version-check -c constraints.txt -e ".[$extras]"
    rm -f .venv/.fieldkit-"$profile"-*
    touch "$stamp"
    # A new shell does not search .venv/bin (issue 59 §5: "fieldkit-datacenter: command
    # not found" after run-app.sh): say once where the commands are.
    log "the commands (fieldkit, fieldkit-app, fieldkit-datacenter) are in $repo/.venv/bin: run 'source $repo/.venv/bin/activate' in a new shell to use them"
fi
