#!/usr/bin/env bash
# `make package`: Worktray's .deb and .rpm, made by the Tauri bundler from programs already
# built (`release`, or `PACKAGE_PROFILE=debug`, which is what `make test` installs and runs
# without building a second profile). Beside the two programs they carry what `worktray
# package-files` writes: the man pages in each language, shell completions, the desktop entry.
# Then the packages are checked as a distribution would: lintian, desktop-file-validate,
# appstreamcli.
set -euo pipefail
cd "$(dirname "$0")/.."
profile=${PACKAGE_PROFILE:-release}
target=$(realpath -m "${CARGO_TARGET_DIR:-target}")
bin=$target/$profile
# The bundler works in a target folder of its own, on stripped copies of the programs: a
# debug build's symbols would make the package ten times larger and slower to check.
work=$target/package
stage=$work/files
bundle=$work/$profile/bundle
for program in worktray worktray-window; do
  [ -x "$bin/$program" ] || { echo "error: $bin/$program is not built" >&2; exit 1; }
done

rm -rf "$work"
mkdir -p "$work/$profile"
for program in worktray worktray-window; do
  strip -o "$work/$profile/$program" "$bin/$program"
done
"$bin/worktray" package-files "$stage"
# Debian's policy: man pages compressed, reproducibly (no name or time in the header).
find "$stage/man" -name '*.1' -exec gzip -9n {} +
gzip -9nc packaging/changelog > "$stage/changelog.gz"

# Where each file goes on the user's machine, for the bundler: its `files` takes absolute
# paths of the build machine, so they are given here rather than in tauri.conf.json.
files=$(python3 - "$stage" "$work/$profile/worktray" "$PWD/packaging" <<'EOF'
import json, os, sys
stage, tray, packaging = sys.argv[1:]
files = {
    "/usr/share/doc/worktray/copyright": os.path.join(packaging, "copyright"),
    "/usr/share/doc/worktray/changelog.gz": f"{stage}/changelog.gz",
    "/usr/bin/worktray": tray,
    "/usr/share/metainfo/app.worktray.desktop.metainfo.xml":
        os.path.join(packaging, "app.worktray.desktop.metainfo.xml"),
    "/usr/share/bash-completion/completions/worktray": f"{stage}/completions/worktray.bash",
    "/usr/share/zsh/vendor-completions/_worktray": f"{stage}/completions/_worktray",
    "/usr/share/fish/vendor_completions.d/worktray.fish": f"{stage}/completions/worktray.fish",
}
for root, _, names in os.walk(f"{stage}/man"):
    for name in names:
        path = os.path.join(root, name)
        files["/usr/share/man/" + os.path.relpath(path, f"{stage}/man")] = path
print(json.dumps(files))
EOF
)
overlay=$stage/bundle.json
cat > "$overlay" <<EOF
{ "bundle": { "linux": {
  "deb": { "files": $files, "desktopTemplate": "$stage/worktray.desktop" },
  "rpm": { "files": $files, "desktopTemplate": "$stage/worktray.desktop" } } } }
EOF

debug=(); [ "$profile" = debug ] && debug=(--debug)
CARGO_TARGET_DIR=$work packaging/node_modules/.bin/tauri bundle "${debug[@]}" --ci \
  --bundles deb,rpm --no-binary-patching --config "$overlay"

deb=$(ls "$bundle"/deb/*.deb)
rpm=$(ls "$bundle"/rpm/*.rpm)
scripts/check-package.sh "$deb" "$rpm" "$PWD" "$target"
echo "Packages: $deb $rpm"
