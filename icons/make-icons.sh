#!/usr/bin/env bash
# Draws every icon the app ships, with ImageMagick, so they can be regenerated and reviewed as code.
# App icon: a clock face on a teal square. Tray icons: one per state, in a dark variant (for light
# panels) and a light variant (for dark panels); running and error are coloured and read on both.
set -euo pipefail
cd "$(dirname "$0")"
IM=/usr/bin/convert

app_icon() { # size
  local s=$1
  $IM -size 512x512 xc:none \
    -fill '#0f766e' -draw "roundrectangle 16,16 496,496 96,96" \
    -fill none -stroke white -strokewidth 36 -draw "circle 256,256 256,104" \
    -stroke white -strokewidth 36 -draw "line 256,256 256,160" -draw "line 256,256 330,300" \
    -resize "${s}x${s}" "PNG32:$2"
}
# The window's icon, and the app icon at every size the icon theme's hicolor folders have.
app_icon 512 icon.png
for size in 16 24 32 48 64 128 256; do app_icon "$size" "${size}x${size}.png"; done

tray() { # name glyph-colour draw-commands...
  local name=$1 colour=$2; shift 2
  $IM -size 64x64 xc:none -fill none -stroke "$colour" -strokewidth 6 "$@" "PNG32:tray-$name.png"
}
for variant in dark light; do
  c='#1f2937'; [ $variant = light ] && c='#f3f4f6'
  tray "idle-$variant" "$c" -draw "circle 32,32 32,8" -draw "line 32,32 32,17" -draw "line 32,32 42,38"
  tray "signed-out-$variant" "$c" -strokewidth 5 -draw "stroke-dasharray 7 6 circle 32,32 32,8" -draw "line 32,32 32,17"
  tray "offline-$variant" "$c" -draw "circle 32,32 32,8" -draw "line 14,50 50,14"
  tray "syncing-$variant" "$c" -draw "arc 8,8 56,56 200,520" -fill "$c" -draw "polygon 46,6 58,18 44,22"
done
tray running '#16a34a' -fill '#16a34a' -draw "circle 32,32 32,6" -fill white -stroke white -strokewidth 1 -draw "polygon 25,19 25,45 47,32"
tray error '#dc2626' -fill '#dc2626' -draw "circle 32,32 32,6" -fill white -stroke white -strokewidth 7 -draw "line 32,18 32,36" -strokewidth 1 -fill white -draw "circle 32,47 32,50"
