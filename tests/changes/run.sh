#!/usr/bin/env bash
# `changes` and `accuracy` (SPEC §9b) on generated books: the identity of every
# row, start/end against the forecast, --deals against the rows, every accuracy
# snapshot against `forecast --today D` (see check_books.py).
#   SALESREP_BIN=build/salesrep bash tests/changes/run.sh [--seeds 1,2,3]
set -u
here=$(cd "$(dirname "$0")" && pwd)
bin=${SALESREP_BIN:?set SALESREP_BIN to the salesrep binary}
unset SALESREP_BOOK SALESREP_TODAY SALESREP_AGENT
exec python3 "$here/check_books.py" --bin "$bin" "$@"
