#!/usr/bin/env bash
# Oracle test: generate random books (tests/oracle/gen.py), run salesrep's CSV reports on
# them and compare every SPEC §11 figure with an independent Python implementation
# (tests/oracle/oracle.py). Exit 1 on any mismatch.
#   SALESREP_BIN=build/salesrep bash tests/oracle/run.sh [--seeds 1,2,3] [--fys 1,4] [--gen-flag=--rev2-kinds]
# The oracle's own checks (selftest.py) run first.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${SALESREP_BIN:-$root/build/salesrep}
case "$bin" in /*) ;; *) bin=$PWD/$bin ;; esac
if [ ! -x "$bin" ]; then echo "run.sh: no salesrep binary at $bin (set SALESREP_BIN)" >&2; exit 2; fi
unset SALESREP_BOOK SALESREP_TODAY SALESREP_AGENT
python3 "$here/selftest.py" || exit 1
exec python3 "$here/compare.py" --bin "$bin" "$@"
