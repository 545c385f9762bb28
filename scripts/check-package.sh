#!/usr/bin/env bash
# Checks Worktray's packages as a distribution would (lintian on the .deb, the desktop entry and
# the AppStream file as installed), that each carries what a user needs (both programs, the
# app icon at every size, man pages, completions), and that nothing in them names the folders
# they were built in. Usage: check-package.sh DEB RPM SOURCE_DIR TARGET_DIR
set -euo pipefail
deb=$1 rpm=$2 source_dir=$3 target_dir=$4
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
dpkg-deb -x "$deb" "$root"
rpm -qpl "$rpm" > "$root.rpm-files"
trap 'rm -rf "$root" "$root.rpm-files"' EXIT

expected=(
  usr/bin/worktray usr/bin/worktray-window
  usr/share/applications/Worktray.desktop
  usr/share/metainfo/app.worktray.desktop.metainfo.xml
  usr/share/man/man1/worktray.1.gz usr/share/man/man1/worktray-log.1.gz
  usr/share/man/man1/worktray-window.1.gz
  usr/share/man/uk/man1/worktray.1.gz usr/share/man/ru/man1/worktray.1.gz
  usr/share/bash-completion/completions/worktray usr/share/zsh/vendor-completions/_worktray
  usr/share/fish/vendor_completions.d/worktray.fish
  usr/share/doc/worktray/copyright usr/share/doc/worktray/changelog.gz
)
for size in 16 24 32 48 64 128 256 512; do
  expected+=("usr/share/icons/hicolor/${size}x${size}/apps/worktray-window.png")
done
missing=0
for path in "${expected[@]}"; do
  [ -e "$root/$path" ] || { echo "error: $deb lacks /$path" >&2; missing=1; }
  grep -qx "/$path" "$root.rpm-files" || { echo "error: $rpm lacks /$path" >&2; missing=1; }
done
[ "$missing" = 0 ]

built_here=$(grep -rlF --binary-files=text -e "$source_dir" -e "$target_dir" "$root" || true)
if [ -n "$built_here" ]; then
  echo "error: these files of $deb name the build folders $source_dir or $target_dir:" >&2
  echo "$built_here" >&2
  exit 1
fi

desktop-file-validate "$root/usr/share/applications/Worktray.desktop"
appstreamcli validate --no-net "$root/usr/share/metainfo/app.worktray.desktop.metainfo.xml"
for program in worktray worktray-window; do
  "$root/usr/bin/$program" --version
done
# Errors fail; warnings are shown.
lintian --fail-on error --tag-display-limit 0 "$deb"
echo "Packages checked: $deb, $rpm"
