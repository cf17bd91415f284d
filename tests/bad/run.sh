#!/usr/bin/env bash
# The bad-input corpus: run `salesrep check --today 2026-11-26` in a copy of every case
# directory of tests/bad/ and compare the exact output (stdout, stderr, exit status) with
# tests/bad/NAME.expected. See tests/bad/README.md.
#   SALESREP_BIN=build/salesrep bash tests/bad/run.sh [PREFIX]           # check
#   UPDATE=1 SALESREP_BIN=build/salesrep bash tests/bad/run.sh [PREFIX]  # rewrite the expected files
# Besides the text, every case must exit with 0 or 1 (2 and up, or a signal, is a crash)
# and every diagnostic must be located: FILE:LINE:COL: error|warning: ... (or FILE: ... for
# a file that cannot be read at all).
set -u
here=$(cd "$(dirname "$0")" && pwd)
bin=${SALESREP_BIN:?set SALESREP_BIN to the salesrep binary}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
prefix=${1:-}
export NO_COLOR=1 LC_ALL=C.UTF-8 TZ=UTC
unset SALESREP_BOOK SALESREP_TODAY SALESREP_AGENT COLUMNS
fail=0 count=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for dir in "$here"/*/; do
    name=$(basename "$dir")
    [[ $name == "$prefix"* ]] || continue
    count=$((count + 1))
    book=$tmp/$name
    cp -R "$dir" "$book"
    if [ -f "$book/setup.sh" ]; then
        (cd "$book" && bash ./setup.sh) || { echo "FAIL $name: setup.sh failed"; fail=$((fail + 1)); continue; }
        rm "$book/setup.sh"
    fi
    (cd "$book" && "$bin" check --today 2026-11-26 >"$tmp/stdout" 2>"$tmp/stderr"; echo $? >"$tmp/status")
    status=$(cat "$tmp/status")
    out=$tmp/$name.out
    {
        cat "$tmp/stdout"
        if [ -s "$tmp/stderr" ]; then echo "--- stderr ---"; cat "$tmp/stderr"; fi
        echo "--- exit $status ---"
    } >"$out"
    problems=""
    [ "$status" = 0 ] || [ "$status" = 1 ] || problems+="exit status $status (a crash?); "
    # every diagnostic is located: the lines that say error/warning start with FILE:LINE:COL or FILE
    if LC_ALL=C grep -aE '(^|: )(error|warning): ' "$tmp/stdout" |
        LC_ALL=C grep -avE '^[^ :]+(:[0-9]+:[0-9]+)?: (error|warning): ' >"$tmp/unlocated"; then
        problems+="unlocated diagnostic: $(head -1 "$tmp/unlocated"); "
    fi
    expected=$here/$name.expected
    if [ "${UPDATE:-}" = 1 ]; then
        cp "$out" "$expected"
    elif [ ! -f "$expected" ]; then
        problems+="no $name.expected (run with UPDATE=1 and review it); "
    elif ! cmp -s "$expected" "$out"; then
        problems+="output differs; "
        diff -u "$expected" "$out" | head -40 >"$tmp/diff"
    fi
    if [ -n "$problems" ]; then
        echo "FAIL $name: $problems"
        [ -f "$tmp/diff" ] && cat "$tmp/diff" && rm "$tmp/diff"
        fail=$((fail + 1))
    fi
done
echo "bad inputs: $count cases, $fail failed"
[ "$count" -gt 0 ] && [ "$fail" -eq 0 ]
