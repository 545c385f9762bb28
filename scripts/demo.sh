#!/usr/bin/env bash
# `make demo`: runs Worktray on its built-in Worksection simulator. On a machine without a
# desktop it starts a virtual X server and saves a screenshot instead.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${CARGO_TARGET_DIR:-target}/debug"

if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
  exec "$bin/worktray" demo
fi

echo "No desktop found: running the demo on a virtual X server (Xvfb)."
display=:$(( 90 + RANDOM % 9 ))
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true' EXIT
sleep 1
export DISPLAY=$display
dbus-run-session -- "$bin/worktray" demo &
app=$!
sleep "${DEMO_SCREENSHOT_AFTER:-8}"
mkdir -p target
/usr/bin/import -window root target/demo-screenshot.png
echo "Screenshot of the running demo: target/demo-screenshot.png"
echo "The demo keeps running on $DISPLAY; press Ctrl+C to stop it."
wait $app
