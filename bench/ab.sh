#!/usr/bin/env bash
# Two salesrep binaries run alternately on the same command, for a comparison in the same minutes:
#
#   bench/ab.sh N BIN_A BIN_B [--a "ARGS"] [--b "ARGS"] -- ARGS...
#
# Runs BIN_A ARGS and BIN_B ARGS N times each, alternating (after one warm-up run each), and prints
# the median wall time, the median CPU time (user + sys), the peak RSS and every wall time sorted.
# --a / --b give one side other arguments (e.g. --b "--sections ..."), appended to ARGS. Each binary
# gets its own XDG_CACHE_HOME (under $TMPDIR), so neither invalidates the other's parse cache.
# The machine's noise is large: compare only runs made side by side, and read the spread.
set -euo pipefail
[ $# -ge 4 ] || { sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
n=$1 a=$2 b=$3
shift 3
extra_a="" extra_b=""
while [ $# -gt 0 ] && [ "$1" != -- ]; do
    case $1 in
    --a) extra_a=$2; shift 2 ;;
    --b) extra_b=$2; shift 2 ;;
    *) echo "ab.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
[ "${1:-}" = -- ] && shift
tmp=$(mktemp -d "${TMPDIR:-/tmp}/salesrep-ab.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
one() {  # SIDE BIN EXTRA ARGS...: one timed run, "wall cpu rss_mib" appended to $tmp/SIDE
    local side=$1 bin=$2 more=$3 cache=${1#warm}
    shift 3
    local t0=$EPOCHREALTIME
    # shellcheck disable=SC2086
    XDG_CACHE_HOME=$tmp/cache-$cache /usr/bin/time -f '%U %S %M' -o "$tmp/time" "$bin" "$@" $more >/dev/null 2>&1 || true
    local t1=$EPOCHREALTIME u s m
    read -r u s m <"$tmp/time"
    awk -v a="$t0" -v b="$t1" -v u="$u" -v s="$s" -v m="$m" 'BEGIN { printf "%.3f %.2f %d\n", b - a, u + s, m / 1024 }' >>"$tmp/$side"
}
one warmA "$a" "$extra_a" "$@"; one warmB "$b" "$extra_b" "$@"  # each fills its parse cache
for ((i = 0; i < n; i++)); do one A "$a" "$extra_a" "$@"; one B "$b" "$extra_b" "$@"; done
median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
ma=$(cut -d' ' -f1 "$tmp/A" | median) mb=$(cut -d' ' -f1 "$tmp/B" | median)
for side in A B; do
    f=$tmp/$side
    bin=$a; [ $side = B ] && bin=$b
    printf '%s %s: wall %s s, CPU %s s, peak %s MiB; walls %s\n' "$side" "$bin" "$(cut -d' ' -f1 "$f" | median)" \
        "$(cut -d' ' -f2 "$f" | median)" "$(cut -d' ' -f3 "$f" | sort -n | tail -1)" "$(cut -d' ' -f1 "$f" | sort -g | tr '\n' ' ')"
done
awk -v a="$ma" -v b="$mb" 'BEGIN { printf "B against A: %+.0f %% (medians of the wall time)\n", (b - a) * 100 / a }'
