#!/usr/bin/env bash
# Shell completion: source the generated bash script in a bash, complete command
# lines on the example book (COMP_WORDS/COMP_CWORD, then the completion function,
# then COMPREPLY), and check the zsh and fish scripts' syntax (and fish's answers)
# when those shells are installed (in CI they must be).
#   SALESREP_BIN=build/salesrep bash tests/completion/run.sh
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${SALESREP_BIN:?set SALESREP_BIN to the salesrep binary}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
book=$root/examples/northwind
export LC_ALL=C.UTF-8
unset SALESREP_BOOK SALESREP_TODAY SALESREP_AGENT
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The scripts call the binary by the name the user typed: make "salesrep" that binary.
mkdir "$tmp/bin" && ln -s "$bin" "$tmp/bin/salesrep"
export PATH="$tmp/bin:$PATH"

passed=0 failed=0 skipped=0
ok() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }
# a missing shell is skipped, but in CI ($CI set and not "false"; scripts/install-deps.sh
# --test installs zsh and fish) it is a failure
if [ -n "${CI:-}" ] && [ "${CI:-}" != false ]; then
    skip() { fail "$* (CI=$CI: scripts/install-deps.sh --test installs it)"; }
else
    skip() { skipped=$((skipped + 1)); echo "skip: $*"; }
fi

# A real deal id whose prefix we type, from the book itself.
deal=$("$bin" -C "$book" deals --format csv 2>/dev/null | cut -d, -f1 | grep '^acme-r' | head -1)
[ -n "$deal" ] || { echo "FAIL: no acme-r... deal in $book"; exit 1; }

# ---- bash ------------------------------------------------------------------------
"$bin" completion bash >"$tmp/salesrep.bash" || fail "salesrep completion bash exits $?"
bash -n "$tmp/salesrep.bash" && ok || fail "bash -n on the bash script"

# Runs the completion function on WORDS... (the last one is the word completed) in
# DIR and prints COMPREPLY, one a line.
complete_bash() {
    local dir=$1
    shift
    (cd "$dir" && bash -c '
        source "$1"; shift
        COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMPREPLY=()
        _salesrep
        printf "%s\n" "${COMPREPLY[@]}"' _ "$tmp/salesrep.bash" "$@")
}

# expect DIR WORDS... -- EXPECTED...: COMPREPLY holds every EXPECTED word (and, with
# EXACT=1, nothing else).
expect() {
    local dir=$1
    shift
    local -a words=() want=()
    while [ $# -gt 0 ] && [ "$1" != -- ]; do words+=("$1"); shift; done
    shift
    want=("$@")
    local got
    got=$(complete_bash "$dir" "${words[@]}" 2>"$tmp/stderr")
    local bad=0 w
    for w in "${want[@]}"; do grep -qxF -- "$w" <<<"$got" || bad=1; done
    if [ "${EXACT:-0}" = 1 ] && [ "$(grep -c . <<<"$got")" != "${#want[@]}" ]; then bad=1; fi
    [ -s "$tmp/stderr" ] && bad=1
    if [ $bad = 0 ]; then ok; else
        fail "completing '${words[*]}' in $dir: wanted '${want[*]}', got '$(tr '\n' ' ' <<<"$got")' $(cat "$tmp/stderr")"
    fi
}

expect "$book" salesrep show acme-r -- "$deal"
EXACT=1 expect "$book" salesrep forec -- forecast
expect "$book" salesrep "" -- check report completion deals show
EXACT=1 expect "$book" salesrep report --format "" -- table md csv json html
EXACT=1 expect "$book" salesrep deals --format "" -- table md csv json
EXACT=1 expect "$book" salesrep report --format = h -- html
expect "$book" salesrep report --agent "" -- alice carol dave
EXACT=1 expect "$book" salesrep forecast --quarter 2026-Q4 --team "" -- north south
expect "$book" salesrep priority --l -- --limit
EXACT=1 expect "$book" salesrep forecast --ra -- --range
expect "$book" salesrep forecast --range - -- --trials --seed --calibrated
EXACT=1 expect "$book" salesrep funnel --cal -- --calibration
expect "$book" salesrep report - -- --format --agent --team --quarter --output --today --book
EXACT=1 expect "$book" salesrep log "" -- call meeting email demo visit message note
expect "$book" salesrep log call acme -- acme "$deal"
expect "$book" salesrep log call acme --by "" -- alice
EXACT=1 expect "$book" salesrep move hartmann-support "" -- discovery solution proposal negotiation legal
expect "$book" salesrep --today 2026-11-26 won acme-r -- "$deal"
EXACT=1 expect "$book" salesrep invoice acm -- acme
EXACT=1 expect "$book" salesrep pay acm -- acme
EXACT=1 expect "$book" salesrep deals --stage negot -- negotiation
EXACT=1 expect "$book" salesrep completion "" -- bash zsh fish
# agenda and journal: their options and the values they take
expect "$book" salesrep agenda --d -- --days
expect "$book" salesrep agenda --e -- --exit-empty
EXACT=1 expect "$book" salesrep journal --client acm -- acme
expect "$book" salesrep journal --deal acme-r -- "$deal"
EXACT=1 expect "$book" salesrep journal --kind pa -- payment
# -C on the command line names the book, from anywhere; no book: no ids, no noise.
expect "$tmp" salesrep -C "$book" show acme-r -- "$deal"
expect "$tmp" salesrep show --book="$book" acme-r -- "$deal"
EXACT=1 expect "$tmp" salesrep show acme-r --
(export SALESREP_BOOK=$book; expect "$tmp" salesrep show acme-r -- "$deal")

# The hidden helper the scripts call.
[ "$("$bin" -C "$book" __ids stages hartmann-support | tr '\n' ' ')" = "discovery solution proposal negotiation legal " ] &&
    ok || fail "__ids stages DEAL"
"$bin" -C "$book" __ids teams >"$tmp/out" 2>"$tmp/err"
[ "$(tr '\n' ' ' <"$tmp/out")" = "north south " ] && [ ! -s "$tmp/err" ] && ok || fail "__ids teams"
(cd "$tmp" && "$bin" __ids deals >"$tmp/out" 2>"$tmp/err")
[ ! -s "$tmp/out" ] && [ ! -s "$tmp/err" ] && ok || fail "__ids without a book must print nothing"
"$bin" --help | grep -q '__ids' && fail "__ids shows in --help" || ok

# ---- zsh -------------------------------------------------------------------------
"$bin" completion zsh >"$tmp/_salesrep" || fail "salesrep completion zsh exits $?"
if command -v zsh >/dev/null; then
    zsh -n "$tmp/_salesrep" && ok || fail "zsh -n on the zsh script"
else
    skip "zsh is not installed"
fi

# ---- fish ------------------------------------------------------------------------
"$bin" completion fish >"$tmp/salesrep.fish" || fail "salesrep completion fish exits $?"
if command -v fish >/dev/null; then
    fish -n "$tmp/salesrep.fish" && ok || fail "fish -n on the fish script"
    got=$(cd "$book" && fish --no-config -c "source $tmp/salesrep.fish; complete -C'salesrep show acme-r'" 2>&1)
    grep -qx -- "$deal" <<<"$got" && ok || fail "fish: 'salesrep show acme-r' gave '$got'"
    got=$(cd "$book" && fish --no-config -c "source $tmp/salesrep.fish; complete -C'salesrep forec'" 2>&1 | cut -f1)
    [ "$got" = forecast ] && ok || fail "fish: 'salesrep forec' gave '$got'"
    got=$(cd "$book" && fish --no-config -c "source $tmp/salesrep.fish; complete -C'salesrep report --format '" 2>&1 | cut -f1 | sort | tr '\n' ' ')
    [ "$got" = "csv html json md table " ] && ok || fail "fish: 'salesrep report --format ' gave '$got'"
else
    skip "fish is not installed"
fi

echo "completion: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
