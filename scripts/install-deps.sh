#!/usr/bin/env bash
# Installs the Debian 12 packages salesrep needs to build (and with --test, to test),
# only those missing.
#   scripts/install-deps.sh          # build: compiler, CMake, CLI11, fmt, yaml-cpp, doctest
#   scripts/install-deps.sh --test   # and what the tests use: Python with PyYAML, git
#                                    # (tests/team), zsh and fish (tests/completion) and
#                                    # Chromium (tests/browser renders every reader's HTML
#                                    # report in it); in CI (CI set) a test fails without
#                                    # them, elsewhere it is skipped
set -euo pipefail
packages=(cmake make g++ libcli11-dev libfmt-dev libyaml-cpp-dev doctest-dev)
if [ "${1-}" = --test ]; then packages+=(python3 python3-yaml git zsh fish chromium); fi
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
