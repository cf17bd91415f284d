#!/usr/bin/env bash
# Colour on a terminal, and never escape codes where they do not belong: the
# table format run under a pseudo-terminal (script(1)) with TERM=xterm has
# ANSI codes; with TERM=dumb, NO_COLOR or --no-color it has none.
#   SALESREP_BIN=build/salesrep bash tests/cli/tty.sh
set -u
here=$(cd "$(dirname "$0")" && pwd)
book=$(cd "$here/../../examples/northwind" && pwd)
bin=${SALESREP_BIN:?set SALESREP_BIN to the salesrep binary}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
command -v script >/dev/null || { echo "FAIL: script(1) (util-linux) is needed to run salesrep on a terminal"; exit 1; }
unset NO_COLOR COLUMNS SALESREP_BOOK SALESREP_TODAY
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0

# on_tty OUT ENV... -- ARGS...: runs salesrep ARGS on a pseudo-terminal with ENV.
on_tty() {
    local out=$1; shift
    local env=()
    while [ "$1" != -- ]; do env+=("$1"); shift; done
    shift
    local cmd
    cmd=$(printf '%q ' env "${env[@]}" "$bin" -C "$book" --today 2026-11-26 "$@")
    script -qec "$cmd" /dev/null >"$out" 2>&1 </dev/null
}
has_escape() { grep -q $'\x1b' "$1"; }
check() {  # NAME WANT(escape|none) ENV... -- ARGS...
    local name=$1 want=$2; shift 2
    on_tty "$tmp/out" "$@"
    grep -q "Who to call first" "$tmp/out" || { failed=$((failed + 1)); echo "FAIL $name: no output"; cat "$tmp/out"; return; }
    if { [ "$want" = escape ] && has_escape "$tmp/out"; } || { [ "$want" = none ] && ! has_escape "$tmp/out"; }; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1)); echo "FAIL $name: wanted $want"; head -3 "$tmp/out" | od -c | head
    fi
}

check "a terminal gets colour" escape TERM=xterm -- priority --limit 3
check "TERM=dumb gets no escape codes" none TERM=dumb -- priority --limit 3
check "NO_COLOR" none TERM=xterm NO_COLOR=1 -- priority --limit 3
check "--no-color" none TERM=xterm -- priority --limit 3 --no-color
echo "tty: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
