#!/usr/bin/env bash
# The YAML parse cache ($XDG_CACHE_HOME/salesrep/<book>/) never changes a result:
#   SALESREP_BIN=build/salesrep bash tests/cache/run.sh
# - a second run reads the cache and prints exactly what the first printed;
# - an edit of a YAML file is seen by the very next run: a changed amount (same file size,
#   same mtime second), a deal added, a deal removed, an error introduced and fixed;
# - a corrupt, truncated or foreign cache file is ignored (the file is parsed again);
# - SALESREP_CACHE=off writes nothing; a read-only cache directory is not an error;
# - files under 64 KiB are not cached unless SALESREP_CACHE=always.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${SALESREP_BIN:?set SALESREP_BIN to the salesrep binary}
export NO_COLOR=1 LC_ALL=C.UTF-8 TZ=UTC SALESREP_TODAY=2026-11-26
unset SALESREP_BOOK SALESREP_AGENT COLUMNS SALESREP_CACHE
tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp"; rm -rf "$tmp"' EXIT
export XDG_CACHE_HOME=$tmp/xdg  # never the user's own cache
# The cache directory of the book in directory $1 (made by a caching run).
cache_of() { ls -d "$XDG_CACHE_HOME"/salesrep/*-"$1" 2>/dev/null | head -1; }
fail=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fail=1; }

book=$tmp/book
cp -r "$root/examples/northwind" "$book"
rm -rf "$book/.salesrep"
run() { "$bin" -C "$book" "$@"; }

# reference output without any cache
SALESREP_CACHE=off run deals --format csv >"$tmp/ref.csv" 2>&1 || bad "reference run"
[ ! -e "$XDG_CACHE_HOME/salesrep" ] && ok "SALESREP_CACHE=off writes no cache" || bad "SALESREP_CACHE=off wrote $XDG_CACHE_HOME/salesrep"

# small files are not cached by default
run deals --format csv >/dev/null 2>&1
[ ! -e "$XDG_CACHE_HOME/salesrep" ] && ok "files under 64 KiB are not cached by default" || bad "a small book got a cache"

export SALESREP_CACHE=always
run deals --format csv >"$tmp/cold.csv" 2>&1
cache=$(cache_of book)
[ -n "$cache" ] && [ ! -e "$book/.salesrep" ] && ok "the cache is outside the book, in $cache" \
    || bad "no cache directory in \$XDG_CACHE_HOME, or one in the book"
n=$(ls "$cache"/*.bin 2>/dev/null | wc -l)
[ "$n" -ge 5 ] && ok "a cold run caches every YAML file ($n entries)" || bad "expected >= 5 cache entries, found $n"
run deals --format csv >"$tmp/warm.csv" 2>&1
cmp -s "$tmp/ref.csv" "$tmp/cold.csv" && cmp -s "$tmp/ref.csv" "$tmp/warm.csv" \
    && ok "cold and warm runs print what an uncached run prints" || bad "cached output differs"

deal=$(sed -n 's/^  - id: \([^ ]*\)$/\1/p' "$book/deals.yaml" | head -1)
amount_line=$(grep -n -m1 '^    amount: ' "$book/deals.yaml" | cut -d: -f1)
old=$(sed -n "${amount_line}p" "$book/deals.yaml")
# same size, same mtime (to the second): only the content hash tells
new=$(echo "$old" | tr '0123456789' '1234567890')
stamp=$(stat -c %y "$book/deals.yaml")
sed -i "${amount_line}s/.*/$new/" "$book/deals.yaml"
touch -d "$stamp" "$book/deals.yaml"
SALESREP_CACHE=off run deals --format csv >"$tmp/ref2.csv" 2>&1
run deals --format csv >"$tmp/edit.csv" 2>&1
if cmp -s "$tmp/ref.csv" "$tmp/ref2.csv"; then bad "the edit did not change the reference output (test is broken)"
elif cmp -s "$tmp/ref2.csv" "$tmp/edit.csv"; then ok "an amount edited in place (same size, same mtime) is seen at once"
else bad "an amount edited in place was not seen"; diff "$tmp/ref2.csv" "$tmp/edit.csv" | head -5; fi

# a deal added at the end
client=$(sed -n 's/^  - id: \([^ ]*\)$/\1/p' "$book/clients.yaml" | head -1)
owner=$(sed -n 's/^    owner: \([^ ]*\)$/\1/p' "$book/deals.yaml" | head -1)
cat >>"$book/deals.yaml" <<YAML
  - id: zz-cache-test
    client: $client
    title: Added after caching
    owner: $owner
    amount: 1234.56
    opened: 2026-11-01
YAML
run deals --format csv >"$tmp/added.csv" 2>&1
grep -q '^zz-cache-test,' "$tmp/added.csv" && ok "a deal added to deals.yaml is listed at once" \
    || { bad "a deal added to deals.yaml is not listed"; tail -3 "$tmp/added.csv"; }

# an error introduced, then fixed
cp "$book/deals.yaml" "$tmp/deals.good"
sed -i 's/    amount: 1234.56/    amount: 12.345/' "$book/deals.yaml"
run check >"$tmp/err.txt" 2>&1; rc=$?
[ $rc = 1 ] && grep -q 'deals.yaml:.*error' "$tmp/err.txt" && ok "an error written into a cached file is reported" \
    || bad "an error written into a cached file was not reported (exit $rc)"
cp "$tmp/deals.good" "$book/deals.yaml"
run check >"$tmp/fixed.txt" 2>&1 && ok "the fix is seen at once" || bad "the fixed file still fails"

# the deal removed again: the output returns to the reference
sed -i '/^  - id: zz-cache-test$/,$d' "$book/deals.yaml"
run deals --format csv >"$tmp/removed.csv" 2>&1
cmp -s "$tmp/ref2.csv" "$tmp/removed.csv" && ok "a deal removed is gone at once" || bad "a removed deal is still listed"

# corrupt cache files are ignored
for f in "$cache"/*.bin; do printf 'garbage' | dd of="$f" bs=1 seek=100 conv=notrunc status=none; done
run deals --format csv >"$tmp/corrupt.csv" 2>&1
cmp -s "$tmp/ref2.csv" "$tmp/corrupt.csv" && ok "corrupt cache files are ignored" || bad "a corrupt cache changed the output"
for f in "$cache"/*.bin; do head -c 50 "$f" >"$f.t" && mv "$f.t" "$f"; done
run deals --format csv >"$tmp/trunc.csv" 2>&1
cmp -s "$tmp/ref2.csv" "$tmp/trunc.csv" && ok "truncated cache files are ignored" || bad "a truncated cache changed the output"
# one file's cache copied over another's
run deals --format csv >/dev/null 2>&1
clients_bin=$(ls "$cache"/*-clients.yaml.bin); deals_bin=$(ls "$cache"/*-deals.yaml.bin)
cp "$clients_bin" "$deals_bin"
run deals --format csv >"$tmp/foreign.csv" 2>&1
cmp -s "$tmp/ref2.csv" "$tmp/foreign.csv" && ok "a cache entry of another file is ignored" || bad "a foreign cache entry was used"

# a read-only cache directory is no error and gets no entry. Permission bits do not stop
# root (CI runs as root), so as root these runs are made as nobody (setpriv), on a book
# and a cache home of nobody's; a writable run first shows that the same user caches.
as_nobody=()
if [ "$(id -u)" = 0 ] && setpriv --reuid=nobody --regid=nogroup --clear-groups true 2>/dev/null; then
    as_nobody=(setpriv --reuid=nobody --regid=nogroup --clear-groups --)
fi
if [ "$(id -u)" != 0 ] || [ ${#as_nobody[@]} -gt 0 ]; then
    ro=$tmp/ro
    mkdir -p "$ro/xdg" && cp -r "$root/examples/northwind" "$ro/book" && rm -rf "$ro/book/.salesrep"
    chmod 755 "$tmp"  # mktemp -d made it 0700
    [ ${#as_nobody[@]} -gt 0 ] && chown -R nobody:nogroup "$ro"
    ro_run() { "${as_nobody[@]}" env XDG_CACHE_HOME="$ro/xdg" "$bin" -C "$ro/book" "$@"; }
    SALESREP_CACHE=off ro_run deals --format csv >"$tmp/ro-ref.csv" 2>&1
    ro_run deals --format csv >/dev/null 2>&1
    rocache=$(ls -d "$ro/xdg"/salesrep/*-book 2>/dev/null | head -1)
    if [ -z "$rocache" ] || ! ls "$rocache"/*.bin >/dev/null 2>&1; then
        bad "read-only cache directory: the writable run${as_nobody:+ as nobody} cached nothing (test is broken)"
    else
        rm -f "$rocache"/*.bin
        chmod a-w "$rocache"
        ro_run deals --format csv >"$tmp/ro.csv" 2>&1 && cmp -s "$tmp/ro-ref.csv" "$tmp/ro.csv" \
            && ok "a read-only cache directory is not an error${as_nobody:+ (as nobody)}" \
            || bad "a read-only cache directory broke the run"
        [ -z "$(ls -A "$rocache")" ] && ok "a read-only cache directory gets no entry${as_nobody:+ (as nobody)}" \
            || bad "written into a read-only cache directory: $(ls -A "$rocache" | head -3)"
        chmod u+w "$rocache"
    fi
else
    bad "a read-only cache directory: running as root and setpriv cannot drop to nobody here"
fi
rm -rf "$cache"; touch "$cache"
run deals --format csv >"$tmp/file.csv" 2>&1 && cmp -s "$tmp/ref2.csv" "$tmp/file.csv" \
    && ok "a file where the cache directory belongs is not an error" || bad "a file in the cache's place broke the run"

# two deals files whose ids interleave: the lists in id order join the two
# files' cached orders
book2=$tmp/book2
cp -r "$root/examples/northwind" "$book2"
rm -rf "$book2/.salesrep"
awk 'NR == 1 { print > A; print > B; next }
     /^  - id: / { r++ }
     { print > (r % 2 ? A : B) }' A="$book2/deals-a.yaml" B="$book2/deals-b.yaml" "$book2/deals.yaml"
sed -i 's|^  deals: deals.yaml$|  deals: [deals-b.yaml, deals-a.yaml]|' "$book2/salesrep.yaml"
run2() { "$bin" -C "$book2" "$@"; }
# the reference: the same deals in one file
SALESREP_CACHE=off "$bin" -C "$root/examples/northwind" deals --format csv >"$tmp/two-ref.csv" 2>&1
SALESREP_CACHE=off "$bin" -C "$root/examples/northwind" report --format csv -o "$tmp/two-ref" >/dev/null 2>&1
SALESREP_CACHE=off run2 deals --format csv >"$tmp/two-off.csv" 2>&1
run2 deals --format csv >"$tmp/two-cold.csv" 2>&1
run2 deals --format csv >"$tmp/two-warm.csv" 2>&1
run2 report --format csv -o "$tmp/two-warm" >/dev/null 2>&1
n=$(ls "$(cache_of book2)"/*-deals-?.yaml.bin 2>/dev/null | wc -l)
if [ "$n" != 2 ] || [ "$(wc -l <"$tmp/two-ref.csv")" -lt 90 ]; then bad "two deals files: test setup ($n cache entries)"
elif cmp -s "$tmp/two-ref.csv" "$tmp/two-off.csv" && cmp -s "$tmp/two-ref.csv" "$tmp/two-cold.csv" \
    && cmp -s "$tmp/two-ref.csv" "$tmp/two-warm.csv" \
    && diff -r "$tmp/two-ref" "$tmp/two-warm" >/dev/null; then ok "two deals files: their deals in id order, cached or not"
else bad "two deals files: the cached id order differs"; diff "$tmp/two-ref.csv" "$tmp/two-warm.csv" | head -5; fi

exit $fail
