#!/usr/bin/env bash
# Oracle test of SPEC §9b: generate busy random books (tests/oracle/gen.py --busy), run
# salesrep's `changes`, `accuracy`, `funnel --calibration` and `forecast --range` on them and
# compare with an independent Python implementation (tests/oracle/oracle9b.py). Exit 1 on
# any mismatch, any `changes` row that breaks start + created + pulled + increased -
# decreased - pushed - lost - won = end, or a rule the books never exercised.
#   SALESREP_BIN=build/salesrep bash tests/oracle/run9b.sh [--books 1:1,2:4] [--todays D,...]
#       [--only changes,accuracy,calibration,range] [--keep DIR] [--accept VARIANT]
# The oracle's own checks (selftest9b.py) run first.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${SALESREP_BIN:-$root/build/salesrep}
case "$bin" in /*) ;; *) bin=$PWD/$bin ;; esac
if [ ! -x "$bin" ]; then echo "run9b.sh: no salesrep binary at $bin (set SALESREP_BIN)" >&2; exit 2; fi
unset SALESREP_BOOK SALESREP_TODAY SALESREP_AGENT
python3 "$here/selftest9b.py" || exit 1
exec python3 "$here/compare9b.py" --bin "$bin" "$@"
