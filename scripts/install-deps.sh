#!/usr/bin/env bash
# Installs the Debian packages listed in deps/apt.txt that are missing. Needs root (or sudo) only when
# something is missing, so a ready machine runs this in milliseconds.
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
while read -r package _; do
  [[ -z "$package" || "$package" == \#* ]] && continue
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done < deps/apt.txt
[[ ${#missing[@]} -eq 0 ]] && exit 0
echo "installing: ${missing[*]}" >&2
SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
