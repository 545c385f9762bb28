#!/usr/bin/env bash
# `make bench`: measures the release build like a user runs it and prints a table (also written
# to target/bench.md): memory of the whole process tree (PSS/RSS, WebKit children included)
# with no window, with the window open and after closing it; idle CPU with a timer running;
# launch → ready; open → window visible; a closed window kept ready (hidden, reopened, then
# gone); binary sizes; API requests made to the simulator.
#
# It measures, it does not test: a missed target shows as FAIL and the exit status stays 0.
# It exits non-zero only when it cannot measure (missing programs, no release build, the
# simulator or the daemon not starting).
#
# Runs inside its own Xvfb (a free display, no TCP) and a private D-Bus session, with
# temporary XDG directories; everything it started is stopped and removed when it ends.
# Needs Xvfb, dbus-run-session and python3 (scripts/install-deps.sh); uses trayer as the tray
# host when it is installed, as scripts/with-desktop.sh does. No window manager and no xdotool:
# scripts/xwin.py talks to the X server through libX11.
#
# Knobs for working on this script: BENCH_IDLE, BENCH_CPU, BENCH_SETTLE, BENCH_POLL_WAIT,
# BENCH_KEEP (seconds; BENCH_KEEP=0 skips the kept-window phase), BENCH_AWAY (seconds away
# with the timer running; 0 skips it), BENCH_TRAY_HOST=0 (no trayer), BENCH_OUT (report path; logs go beside it in
# bench-logs/), BENCH_WINDOW_BIN (another window program), BENCH_TRACE=DIR (a screenshot of
# every new picture of the window).
set -euo pipefail
cd "$(dirname "$0")/.."

say() { echo "bench: $*" >&2; }

release="${CARGO_TARGET_DIR:-target}/release"
out="${BENCH_OUT:-${CARGO_TARGET_DIR:-target}/bench.md}"
logs="$(dirname "$out")/bench-logs"

missing=()
for program in Xvfb dbus-run-session python3; do
  command -v "$program" >/dev/null 2>&1 || missing+=("$program")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "missing ${missing[*]}: run scripts/install-deps.sh (make deps)"
  exit 127
fi
for binary in worktray worktray-window worktray-sim; do
  if [ ! -x "$release/$binary" ]; then
    say "no release build of $binary in $release:"
    say "  cargo build --release --locked -p worktray -p worktray-window -p worktray-sim"
    exit 1
  fi
done

work=$(mktemp -d "${TMPDIR:-/tmp}/worktray-bench.XXXXXX")
marker=$(basename "$work")
xvfb_pid=
bench_pid=
cleanup() {
  local status=$?
  if [ -n "$bench_pid" ] && kill -0 "$bench_pid" 2>/dev/null; then
    # The Python side stops what it started; dbus-run-session then ends with it.
    if [ -s "$work/bench.pid" ]; then kill -TERM "$(cat "$work/bench.pid")" 2>/dev/null || true; fi
    wait "$bench_pid" 2>/dev/null || true
  fi
  if [ -n "$xvfb_pid" ]; then
    kill "$xvfb_pid" 2>/dev/null || true
    wait "$xvfb_pid" 2>/dev/null || true
  fi
  # Anything this run started that outlived its parent (a WebKit helper, a service the
  # session bus activated) carries the marker in its environment.
  for environ in /proc/[0-9]*/environ; do
    if grep -qaz -x "WORKTRAY_BENCH_SESSION=$marker" "$environ" 2>/dev/null; then
      pid=${environ#/proc/}
      pid=${pid%/environ}
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  # The logs of the processes it ran (the daemon's, the simulator's, …), for a closer look.
  if [ -d "$work" ]; then
    rm -rf "$logs"
    mkdir -p "$logs"
    cp "$work"/*.log "$work"/*.out "$logs"/ 2>/dev/null || true
    [ "$status" -eq 0 ] || say "logs of the failed run: $logs/"
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

export WORKTRAY_BENCH_SESSION="$marker"

# Xvfb picks a free display itself and writes its number to the -displayfd descriptor.
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$work/display" 2>"$work/xvfb.log" &
xvfb_pid=$!
for _ in $(seq 200); do
  [ -s "$work/display" ] && break
  kill -0 "$xvfb_pid" 2>/dev/null || break
  sleep 0.05
done
if [ ! -s "$work/display" ]; then
  say "Xvfb did not start:"
  cat "$work/xvfb.log" >&2
  exit 1
fi
export DISPLAY=":$(tr -d '[:space:]' <"$work/display")"

# Services the session bus activates (a notification daemon, the accessibility bus) talk on the
# session's stdout/stderr: that goes to a log; the report and progress come on fds 3 and 4.
dbus-run-session -- python3 scripts/bench/bench.py \
  --release "$release" --work "$work" --marker "$marker" --out "$out" \
  3>&1 4>&2 >"$work/session.log" 2>&1 &
bench_pid=$!
status=0
wait "$bench_pid" || status=$?
bench_pid=
exit "$status"
