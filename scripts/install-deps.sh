#!/usr/bin/env bash
# Installs the Debian 12 packages salesrep needs to build and test, only those missing.
# chromium: tests/browser/run.sh renders every reader's HTML report in headless Chromium
# (it fails, never skips, without a browser).
set -euo pipefail
packages=(cmake make g++ libcli11-dev libfmt-dev libyaml-cpp-dev doctest-dev python3 python3-yaml chromium)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing: ${missing[*]}"
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
