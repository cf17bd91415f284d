#!/usr/bin/env bash
# End-to-end golden tests: run the binary on real books and compare the exact
# output (stdout, stderr and exit status) with tests/cli/expected/NAME.out.
#   SALESREP_BIN=build/salesrep bash tests/cli/run.sh          # check
#   UPDATE=1 SALESREP_BIN=build/salesrep bash tests/cli/run.sh # rewrite the expected files
# Each line of cases.txt: NAME | BOOK (relative to the repository) | ARGS
# ARGS may start with NAME=VALUE words: environment variables of that run
# (COLUMNS=80 salesrep ... as a terminal of 80 columns would run it).
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${SALESREP_BIN:?set SALESREP_BIN to the salesrep binary}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
export NO_COLOR=1 LC_ALL=C.UTF-8 TZ=UTC
unset SALESREP_BOOK SALESREP_TODAY SALESREP_AGENT COLUMNS
fail=0 count=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
while IFS='|' read -r name book args; do
    name=$(echo "$name" | xargs)
    [[ -z "$name" || "$name" == \#* ]] && continue
    book=$(echo "$book" | xargs)
    args=$(echo "$args" | sed 's/^ *//; s/ *$//')
    count=$((count + 1))
    out="$tmp/$name.out"
    (
        cd "$root/$book" || exit 99
        eval "set -- $args"
        while [ $# -gt 0 ] && [[ "$1" =~ ^[A-Z_]+= ]]; do export "$1"; shift; done
        "$bin" "$@" >"$tmp/stdout" 2>"$tmp/stderr"
        echo $? >"$tmp/status"
    )
    {
        cat "$tmp/stdout"
        if [ -s "$tmp/stderr" ]; then echo "--- stderr ---"; cat "$tmp/stderr"; fi
        echo "--- exit $(cat "$tmp/status") ---"
    } >"$out"
    expected="$here/expected/$name.out"
    if [ "${UPDATE:-}" = 1 ]; then
        cp "$out" "$expected"
    elif ! diff -u "$expected" "$out" >"$tmp/diff" 2>&1; then
        echo "FAIL $name: salesrep $args (in $book)"
        head -40 "$tmp/diff"
        fail=$((fail + 1))
    fi
done <"$here/cases.txt"
echo "cli golden: $count cases, $fail failed"
[ "$fail" -eq 0 ]
