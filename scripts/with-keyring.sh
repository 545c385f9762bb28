#!/usr/bin/env bash
# Runs a command with a real Secret Service, as a desktop session has: a private D-Bus session
# bus and an unlocked gnome-keyring-daemon with a throwaway keyring.
set -euo pipefail
if [ -z "${WORKTRAY_KEYRING_SESSION:-}" ]; then
  export WORKTRAY_KEYRING_SESSION=1
  exec dbus-run-session -- "$0" "$@"
fi
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
export XDG_DATA_HOME="$home/data" XDG_RUNTIME_DIR="$home/run"
mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
# Tests that lock the keyring unlock it again with this password.
export WORKTRAY_TEST_KEYRING_PASSWORD=worktray-test
eval "$(printf '%s' "$WORKTRAY_TEST_KEYRING_PASSWORD" | gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL
"$@"
