#!/usr/bin/env bash
# Runs a command inside a throwaway desktop, as a user's session has one: an X server (Xvfb on a
# free display, no TCP), a private D-Bus session bus, a real notification daemon (dunst), a
# system tray host (trayer, an XEmbed tray) and private XDG directories. Everything it started
# is stopped and removed when the command ends; the command's exit status is this script's.
#
#   scripts/with-desktop.sh cargo test -p worktray-tests --test desktop_e2e -- --test-threads=1
#
# It installs nothing: the programs it needs are listed in scripts/install-deps.sh. Inside, the
# command sees WORKTRAY_DESKTOP_SESSION=1, DISPLAY, DBUS_SESSION_BUS_ADDRESS and the XDG_*
# variables; WORKTRAY_TRAY_HOST names the tray host when one runs.
set -euo pipefail

say() { echo "with-desktop: $*" >&2; }

if [ -z "${WORKTRAY_DESKTOP_INNER:-}" ]; then
  # Outside: the X server and the directories, then this script again in a D-Bus session.
  missing=()
  for program in Xvfb dbus-run-session dbus-send dunst; do
    command -v "$program" >/dev/null 2>&1 || missing+=("$program")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    say "missing ${missing[*]}: run scripts/install-deps.sh (make deps)"
    exit 127
  fi
  home=$(mktemp -d "${TMPDIR:-/tmp}/worktray-desktop.XXXXXX")
  xvfb_pid=
  cleanup() {
    if [ -n "$xvfb_pid" ]; then
      kill "$xvfb_pid" 2>/dev/null || true
      wait "$xvfb_pid" 2>/dev/null || true
    fi
    rm -rf "$home"
  }
  trap cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  for dir in runtime config data cache state; do mkdir -p "$home/$dir"; done
  chmod 700 "$home/runtime"
  export XDG_RUNTIME_DIR="$home/runtime" XDG_CONFIG_HOME="$home/config" XDG_DATA_HOME="$home/data" \
    XDG_CACHE_HOME="$home/cache" XDG_STATE_HOME="$home/state"

  # Xvfb picks a free display itself and writes its number to the -displayfd descriptor.
  Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$home/display" 2>"$home/xvfb.log" &
  xvfb_pid=$!
  for _ in $(seq 200); do
    [ -s "$home/display" ] && break
    kill -0 "$xvfb_pid" 2>/dev/null || break
    sleep 0.05
  done
  if [ ! -s "$home/display" ]; then
    say "Xvfb did not start:"
    cat "$home/xvfb.log" >&2
    exit 1
  fi
  DISPLAY=":$(tr -d '[:space:]' <"$home/display")"
  export DISPLAY
  export WORKTRAY_DESKTOP_INNER=1 WORKTRAY_DESKTOP_HOME="$home"
  # The session runs in a process group of its own (job control), so that an interrupt or a
  # TERM sent to this script ends all of it: the bus, dunst, the tray host and the command.
  # The bus daemon's chatter (service activations, fd limits) goes to a log; the command gets
  # this script's stderr back as descriptor 3 (see below).
  set -m
  dbus-run-session -- "$0" "$@" 3>&2 2>"$home/dbus.log" &
  session=$!
  set +m
  stop_session() {
    kill -TERM -- "-$session" 2>/dev/null || true
    wait "$session" 2>/dev/null || true
    exit "$1"
  }
  trap 'stop_session 130' INT
  trap 'stop_session 143' TERM
  status=0
  wait "$session" || status=$?
  exit "$status"
fi

# Inside the D-Bus session: the notification daemon and the tray host, then the command.
exec 2>&3 3>&-
unset WORKTRAY_DESKTOP_INNER
home=$WORKTRAY_DESKTOP_HOME
pids=()
cleanup_inner() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup_inner EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
# GTK programs look for an accessibility bus that this session does not have.
export NO_AT_BRIDGE=1

has_owner() {
  dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner "string:$1" 2>/dev/null | grep -q 'boolean true'
}

# dunst with a configuration of its own: notifications stay until closed (so a test can read
# them), and a history long enough for a test run.
mkdir -p "$XDG_CONFIG_HOME/dunst"
cat >"$XDG_CONFIG_HOME/dunst/dunstrc" <<'EOF'
[global]
    monitor = 0
    follow = none
    origin = top-right
    offset = 10x40
    width = 360
    font = DejaVu Sans 10
    history_length = 100
    sticky_history = yes
    show_indicators = no
    mouse_left_click = do_action, close_current
[urgency_low]
    timeout = 0
[urgency_normal]
    timeout = 0
[urgency_critical]
    timeout = 0
EOF
dunst -config "$XDG_CONFIG_HOME/dunst/dunstrc" >"$home/dunst.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do
  has_owner org.freedesktop.Notifications && break
  sleep 0.05
done
if ! has_owner org.freedesktop.Notifications; then
  say "dunst did not take org.freedesktop.Notifications:"
  cat "$home/dunst.log" >&2
  exit 1
fi

# A tray host, when installed: without one, Xvfb shows no tray icon at all.
if command -v trayer >/dev/null 2>&1; then
  # A panel along the top edge, like a desktop's top bar, with the icons on the right.
  trayer --edge top --align right --widthtype percent --width 100 --height 28 --iconspacing 6 \
    --transparent true --alpha 0 --tint 0x2e3440 --SetDockType true --SetPartialStrut true \
    --expand false >"$home/trayer.log" 2>&1 &
  pids+=($!)
  export WORKTRAY_TRAY_HOST=trayer
else
  say "no tray host (trayer) installed: the tray icon will be invisible"
fi

export WORKTRAY_DESKTOP_SESSION=1
status=0
"$@" || status=$?
exit "$status"
