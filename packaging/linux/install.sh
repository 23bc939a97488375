#!/bin/sh
# Installs FieldKit from this unpacked tarball: the program into /opt/fieldkit
# (PREFIX to change it), a menu entry and icon for the current user, and, when
# run as root, the commands fieldkit and fieldkit-app in /usr/local/bin.
#
# Updating is the same command.  Only the program folder is replaced; the data
# (the encrypted store, backups, logs) lives in ~/.local/share/FieldKit or
# FIELDKIT_HOME, outside PREFIX, and the new version migrates it on first start.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
prefix=${PREFIX:-/opt/fieldkit}
say() { printf '[fieldkit install] %s\n' "$*" >&2; }

# The desktop entry belongs to the person who will use it, also under sudo.
user_home=$HOME
owner=""
if [ "$(id -u)" -eq 0 ] && [ -n "${SUDO_USER:-}" ]; then
    user_home=$(getent passwd "$SUDO_USER" | cut -d: -f6)
    owner=$SUDO_USER
fi
data_home=${XDG_DATA_HOME:-$user_home/.local/share}

# mkdir -p, but every folder made in the user's home belongs to the user.
user_dir() {
    [ -d "$1" ] && return 0
    user_dir "$(dirname "$1")"
    mkdir "$1"
    if [ -n "$owner" ]; then chown "$owner:" "$1"; fi
}
user_file() {  # source, destination
    install -m 644 "$1" "$2"
    if [ -n "$owner" ]; then chown "$owner:" "$2"; fi
}

if [ ! -x "$here/app/fieldkit-app" ]; then
    say "no app/fieldkit-app next to this script; run it from the unpacked tarball"
    exit 1
fi
if [ -e "$prefix" ] && [ ! -x "$prefix/fieldkit-app" ]; then
    say "$prefix exists and is not a FieldKit install; not touching it"
    exit 1
fi

# Copy beside the old install, then swap: an interrupted copy leaves the old one working.
mkdir -p "$(dirname "$prefix")"
staging="$prefix.new.$$"
rm -rf "$staging"
cp -R "$here/app" "$staging"
install -m 644 "$here/fieldkit.png" "$here/fieldkit.svg" "$staging/"
if [ -e "$prefix" ]; then
    mv "$prefix" "$prefix.old.$$"
fi
mv "$staging" "$prefix"
rm -rf "$prefix.old.$$"
say "installed into $prefix"

user_dir "$data_home/applications"
user_dir "$data_home/icons/hicolor/256x256/apps"
user_dir "$data_home/icons/hicolor/scalable/apps"
user_file "$here/fieldkit.png" "$data_home/icons/hicolor/256x256/apps/fieldkit.png"
user_file "$here/fieldkit.svg" "$data_home/icons/hicolor/scalable/apps/fieldkit.svg"
# /opt is not on PATH: the menu entry names the program by its full path.
entry=$(mktemp)
sed "s|^Exec=.*|Exec=$prefix/fieldkit-app|" "$here/fieldkit.desktop" > "$entry"
user_file "$entry" "$data_home/applications/fieldkit.desktop"
rm -f "$entry"
say "menu entry: $data_home/applications/fieldkit.desktop"

if [ "$(id -u)" -eq 0 ] && [ -z "${PREFIX:-}" ]; then
    ln -sf "$prefix/fieldkit-app" /usr/local/bin/fieldkit-app
    ln -sf "$prefix/fieldkit" /usr/local/bin/fieldkit
    say "commands: /usr/local/bin/fieldkit-app, /usr/local/bin/fieldkit"
fi

# pyscard loads the system's PC/SC client library, which must match its pcscd.
if ! ldconfig -p 2>/dev/null | grep -q 'libpcsclite\.so\.1'; then
    say "warning: libpcsclite1 is missing; the card reader needs it (sudo apt-get install libpcsclite1 pcscd)"
fi
say "check the install with: $prefix/fieldkit-app --self-test"
