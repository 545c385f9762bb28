#!/usr/bin/env bash
# Installs a Worktray .deb on this machine with apt, which brings in what it depends on; as root,
# or through sudo. Usage: install-package.sh FILE.deb
set -euo pipefail
deb=$(realpath "$1")
if [ "$(id -u)" -eq 0 ]; then apt=(apt-get); else apt=(sudo apt-get); fi
DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y -qq --no-install-recommends "$deb"
echo "Installed $(dpkg-query -W -f='${Package} ${Version}' worktray) from $deb"
