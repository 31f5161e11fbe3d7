#!/usr/bin/env bash
# Runs a command with a real Secret Service (gnome-keyring) on a private session bus, so keytar
# talks to an actual keychain in tests. Keyrings live in a throw-away XDG_DATA_HOME, never the
# user's own. Where there is already a session bus, or no gnome-keyring, the command runs as is.
set -euo pipefail
if [ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ] || ! command -v gnome-keyring-daemon >/dev/null || ! command -v dbus-run-session >/dev/null; then
  exec "$@"
fi
keyring_home=$(mktemp -d)
trap 'rm -rf "$keyring_home"' EXIT
export XDG_DATA_HOME="$keyring_home"
dbus-run-session -- bash -c '
  echo -n "cxs-test" | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
  exec "$@"' bash "$@"
