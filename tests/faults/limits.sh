#!/usr/bin/env bash
# Limits: big and hostile books must neither crash nor exhaust memory.
#   SALESREP_BIN=build/salesrep bash tests/faults/limits.sh
# - a book of 100,000 deals and 1,000,000 ledger entries (bench/gen_book.py), plus notes
#   of 1 MB: `check` finds no error, `deals` and `balance` compute;
# - YAML nested 100,000 levels deep ('[', '{', '- ', 'a: {'): one located error, quickly;
# - a ledger line of 16 MB: one located error, a message of reasonable size.
# Each run must stay under LIMITS_MAX_RSS_MB (default 4096) of memory and LIMITS_MAX_SECONDS
# (default 300). LIMITS_DEALS and LIMITS_ENTRIES shrink the big book (for slow builds).
# Peak memory is measured with GNU time (/usr/bin/time) when it is installed.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${SALESREP_BIN:?set SALESREP_BIN to the salesrep binary}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
max_rss_mb=${LIMITS_MAX_RSS_MB:-4096}
max_seconds=${LIMITS_MAX_SECONDS:-300}
deals=${LIMITS_DEALS:-100000}
entries=${LIMITS_ENTRIES:-1000000}
export NO_COLOR=1 LC_ALL=C.UTF-8 TZ=UTC SALESREP_TODAY=2026-11-26
unset SALESREP_BOOK SALESREP_AGENT COLUMNS
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
measure=()
/usr/bin/time -f '%M' true >/dev/null 2>&1 && measure=(/usr/bin/time -o "$tmp/rss" -f '%M')
[ ${#measure[@]} -eq 0 ] && echo "note: no GNU time (/usr/bin/time): peak memory is not checked"

# run NAME WANT-EXIT PATTERN BOOK ARGS...: the command exits WANT-EXIT, its output matches
# PATTERN, within the time and memory limits.
run() {
    local name=$1 want=$2 pattern=$3 book=$4
    shift 4
    local start=$SECONDS rc rss=""
    (cd "$book" && exec timeout "$max_seconds" "${measure[@]}" "$bin" "$@") >"$tmp/out" 2>&1
    rc=$?
    local secs=$((SECONDS - start))
    [ -s "$tmp/rss" ] && rss=$(($(tail -1 "$tmp/rss") / 1024)) && rm -f "$tmp/rss"
    local what="$name: exit $rc in ${secs} s${rss:+, peak ${rss} MB}"
    if [ "$rc" != "$want" ]; then
        echo "FAIL $what (want exit $want): $(head -c 300 "$tmp/out")"
        fail=$((fail + 1))
    elif ! grep -qE "$pattern" "$tmp/out"; then
        echo "FAIL $what: output does not match /$pattern/: $(head -c 300 "$tmp/out")"
        fail=$((fail + 1))
    elif [ -n "$rss" ] && [ "$rss" -gt "$max_rss_mb" ]; then
        echo "FAIL $what: more than $max_rss_mb MB"
        fail=$((fail + 1))
    else
        echo "ok   $what"
    fi
}

# ---- a big book, with notes of 1 MB
big=$tmp/big
python3 "$root/bench/gen_book.py" --deals "$deals" --clients 1000 --entries "$entries" --seed 7 \
    --today 2026-11-26 --out "$big" >/dev/null || { echo "FAIL gen_book.py"; exit 1; }
client=$(sed -n 's/^  - id: *//p' "$big/clients.yaml" | head -1)
note=$(head -c 1048576 /dev/zero | tr '\0' 'n')
for day in 21 22 23 24; do printf '2026-11-%s note %s "%s"\n' "$day" "$client" "$note"; done >>"$big/sales.ledger"
echo "     book: $deals deals, $entries + 4 entries, $(du -sm "$big" | cut -f1) MB"
run "check the big book" 0 '^0 errors, 0 warnings$' "$big" check
run "deals on the big book" 0 'deal,client,owner' "$big" deals --format csv
run "balance on the big book" 0 "^$client," "$big" balance --format csv
run "show a client with notes of 1 MB" 0 "nnnnnnnnnn" "$big" show "$client"

# ---- YAML nested 100,000 levels deep
small=$tmp/small
for shape in '[' '{' '- ' 'a: {'; do
    rm -rf "$small" && cp -R "$root/tests/bad/base" "$small"
    python3 -c 'import sys; print("deals:\n  " + sys.argv[1] * 100000)' "$shape" >"$small/deals.yaml"
    run "deals.yaml nested 100,000 deep with '$shape'" 1 \
        "^deals.yaml:2:[0-9]+: error: invalid YAML: lists and maps nested too deeply" "$small" check
done

# ---- a ledger line of 16 MB
rm -rf "$small" && cp -R "$root/tests/bad/base" "$small"
{ printf '2026-11-03 call acme-renewal '; head -c 16777216 /dev/zero | tr '\0' 'x'; echo; } >>"$small/sales.ledger"
run "a ledger line of 16 MB" 1 "^sales.ledger:7:30: error: unexpected 'x{60}\.\.\.' \(16777216 bytes\)" "$small" check
size=$(wc -c <"$tmp/out")
[ "$size" -lt 2000 ] && echo "ok   its report is $size bytes" || { echo "FAIL its report is $size bytes"; fail=$((fail + 1)); }

[ "$fail" -eq 0 ] && echo "limits: all passed" || echo "limits: $fail failed"
[ "$fail" -eq 0 ]
