#!/usr/bin/env bash
# Quick start, step 1: install what is missing, build, and run the main job
# (check + the quarterly report) on the bundled example book.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" --target salesrep
build/salesrep -C examples/northwind check
build/salesrep -C examples/northwind report --quarter
