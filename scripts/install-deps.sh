#!/usr/bin/env bash
# Installs the system packages Worktray needs to build and test, and only those missing.
# Uses apt-get directly as root, through sudo otherwise, and says what it installs.
set -euo pipefail

build_packages=(
  build-essential pkg-config libssl-dev libgtk-3-dev libwebkit2gtk-4.1-dev
  libayatana-appindicator3-dev librsvg2-dev libsoup-3.0-dev libjavascriptcoregtk-4.1-dev libxdo-dev
)
# Running the app and the tests headless: an X server, a session bus, screenshots.
run_packages=(
  xvfb xauth dbus dbus-x11 at-spi2-core imagemagick x11-utils gnome-keyring libsecret-tools
  dunst webkit2gtk-driver xdotool trayer python3
)
# Checking the packages as a distribution would: lintian, rpm's query, the desktop entry and
# AppStream validators.
package_packages=(lintian rpm desktop-file-utils appstream)

missing=()
for package in "${build_packages[@]}" "${run_packages[@]}" "${package_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing system packages: ${missing[*]}"
  if [ "$(id -u)" -eq 0 ]; then apt=(apt-get); else apt=(sudo apt-get); fi
  "${apt[@]}" update -qq
  DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y -qq --no-install-recommends "${missing[@]}"
fi

need() { # command, minimum version, how to get it
  if ! command -v "$1" >/dev/null 2>&1; then
    echo "error: $1 is not installed; $3" >&2
    exit 1
  fi
}
need cargo 1.89 "install Rust 1.89 or newer (https://rustup.rs)"
need npm 20 "install Node.js 20.19 or newer with npm"

rust_minor=$(rustc --version | sed -E 's/rustc 1\.([0-9]+).*/\1/')
if [ "$rust_minor" -lt 89 ]; then
  echo "error: Rust $(rustc --version) is too old; Worktray needs 1.89 or newer (rustup update)" >&2
  exit 1
fi
node_major=$(node --version | sed -E 's/v([0-9]+).*/\1/')
if [ "$node_major" -lt 20 ]; then
  echo "error: Node.js $(node --version) is too old; Worktray's UI build needs 20.19 or newer" >&2
  exit 1
fi
