#!/usr/bin/env bash
# Quick start, step 2: build and run every test (unit tests and end-to-end tests).
# Arguments go to cmake's configure step (.ci/run: -DSALESREP_WERROR=ON).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --test
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
cmake --build build -j"$(nproc)"
ctest --test-dir build --output-on-failure -j"$(nproc)"
