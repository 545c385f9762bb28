#!/usr/bin/env bash
# Opens Worktray's tray menu in the tray host of scripts/with-desktop.sh and saves a PNG of it:
#   tests/e2e/tray-menu.sh OUT.png
# With no StatusNotifier host on the bus, libayatana-appindicator shows an XEmbed icon, which
# the tray host (trayer) embeds; a click on it opens the menu. Closes the menu again after.
set -euo pipefail
out=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The icon: the window libayatana-appindicator's fallback (GtkStatusIcon) embeds in the tray.
icon=
for _ in $(seq 100); do
  icon=$(xdotool search --class '^tray-icon tray app' 2>/dev/null | head -1 || true)
  [ -n "$icon" ] && break
  sleep 0.1
done
if [ -z "$icon" ]; then
  echo "no Worktray icon in the tray host; windows on the display:" >&2
  xwininfo -root -tree >&2
  exit 1
fi
eval "$(xdotool getwindowgeometry --shell "$icon" | sed 's/^/ICON_/')"
echo "tray icon: window $icon at ${ICON_X},${ICON_Y} ${ICON_WIDTH}x${ICON_HEIGHT}"

# Notifications sit in the same corner: close them so that only the menu shows.
dunstctl close-all 2>/dev/null || true

menu_window() {
  # The menu is a mapped toplevel of class Worktray bigger than GTK's 10x10 helper windows.
  local window
  for window in $(xdotool search --onlyvisible --class '^worktray$' 2>/dev/null || true); do
    eval "$(xdotool getwindowgeometry --shell "$window" | sed 's/^/MENU_/')"
    if [ "$MENU_WIDTH" -gt 50 ] && [ "$MENU_HEIGHT" -gt 50 ]; then
      echo "$window"
      return 0
    fi
  done
  return 1
}

# A click that lands while the icon is still being embedded can be lost: click again then.
menu=
for _ in 1 2 3; do
  xdotool mousemove "$((ICON_X + ICON_WIDTH / 2))" "$((ICON_Y + ICON_HEIGHT / 2))" click 1
  for _ in $(seq 30); do
    menu=$(menu_window || true)
    [ -n "$menu" ] && break
    sleep 0.1
  done
  [ -n "$menu" ] && break
done
if [ -z "$menu" ]; then
  echo "the tray menu did not open after a click on the icon; windows on the display:" >&2
  xwininfo -root -tree >&2
  exit 1
fi
eval "$(xdotool getwindowgeometry --shell "$menu" | sed 's/^/MENU_/')"
echo "tray menu: window $menu at ${MENU_X},${MENU_Y} ${MENU_WIDTH}x${MENU_HEIGHT}"
# Let GTK finish drawing it.
sleep 0.5
import -window root "$work/root.png"

# The tray strip and the menu under it, with a margin.
read -r screen_width screen_height < <(xdpyinfo | awk '/dimensions:/ { split($2, d, "x"); print d[1], d[2] }')
left=$(( (MENU_X < ICON_X ? MENU_X : ICON_X) - 24 ))
[ "$left" -lt 0 ] && left=0
bottom=$(( MENU_Y + MENU_HEIGHT + 24 ))
[ "$bottom" -gt "$screen_height" ] && bottom=$screen_height
mkdir -p "$(dirname "$out")"
# Xvfb's root is black: paint the empty desktop a calm grey (a flood fill from a corner stops at
# the menu's border and the panel).
/usr/bin/convert "$work/root.png" -crop "$((screen_width - left))x${bottom}+${left}+0" +repage \
  -fill '#4c566a' -fuzz 0 -draw "color 0,$((bottom - 1)) floodfill" "$out"
echo "saved $out"

xdotool key Escape
for _ in $(seq 30); do
  menu_window >/dev/null || exit 0
  sleep 0.1
done
echo "the tray menu did not close on Escape" >&2
exit 1
