#!/usr/bin/env bash
# Load benchmark of salesrep on a generated book (see bench/README.md).
#
#   bench/bench_load.sh [--big] [--runs N] [--dir DIR]
#
# Builds nothing: SALESREP_BIN (default build/salesrep of this repository) must exist.
# Generates the book with bench/gen_book.py into DIR (default /tmp/salesrep-bench, or
# /tmp/salesrep-bench-big with --big), reusing it when it was generated with the same
# parameters, then runs each command N times (default 5) and prints one Markdown table:
# median wall seconds, peak RSS (max over the runs) and the ratio to the floor.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
bin=${SALESREP_BIN:-$root/build/salesrep}
today=2026-11-26
runs=5
big=0
dir=

while [ $# -gt 0 ]; do
    case $1 in
        --big) big=1 ;;
        --runs) runs=$2; shift ;;
        --dir) dir=$2; shift ;;
        -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
        *) echo "bench_load.sh: unknown argument '$1'" >&2; exit 2 ;;
    esac
    shift
done

if [ "$big" = 1 ]; then
    deals=100000; clients=1000; entries=1000000; dir=${dir:-/tmp/salesrep-bench-big}
else
    deals=10000; clients=1000; entries=1000000; dir=${dir:-/tmp/salesrep-bench}
fi
seed=1

case $bin in /*) ;; *) bin=$PWD/$bin ;; esac
if [ ! -x "$bin" ]; then
    echo "bench_load.sh: no salesrep binary at $bin (build it, or set SALESREP_BIN)" >&2
    exit 2
fi
if ! /usr/bin/time -f '%e' true >/dev/null 2>&1; then
    echo "bench_load.sh: installing GNU time" >&2
    apt-get install -y time >/dev/null || { apt-get update >/dev/null && apt-get install -y time >/dev/null; }
fi

# ---- the book
params="gen_book $(sha1sum "$here/gen_book.py" | cut -c1-12) --deals $deals --clients $clients --entries $entries --seed $seed --today $today"
if [ ! -f "$dir/.bench-params" ] || [ "$(cat "$dir/.bench-params")" != "$params" ]; then
    rm -rf "$dir"
    mkdir -p "$dir"
    python3 "$here/gen_book.py" --deals "$deals" --clients "$clients" --entries "$entries" \
        --seed "$seed" --today "$today" --out "$dir" --journal "$dir.journal"
    echo "$params" > "$dir/.bench-params"
fi
ledgers=("$dir/ledger/old.ledger" "$dir/sales.ledger")

# ---- the floor (C++, compiled once)
floor=/tmp/salesrep-bench-floor
if [ ! -x "$floor" ] || [ "$here/floor.cpp" -nt "$floor" ]; then
    g++ -O2 -std=c++20 -o "$floor" "$here/floor.cpp"
fi

cat "$dir"/*.yaml "${ledgers[@]}" > /dev/null   # warm the page cache

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# measure NAME CMD... : sets med (wall seconds), cpu (user+sys seconds, median), peak (MiB), rc
measure() {
    local name=$1; shift
    local i times=() rss=() cpus=() t m u s
    rc=0
    for ((i = 0; i < runs; i++)); do
        if ! /usr/bin/time -f '%e %M %U %S' -o "$tmp/time" "$@" > "$tmp/out" 2> "$tmp/err"; then
            rc=1
        fi
        read -r t m u s < <(tail -n 1 "$tmp/time")
        times+=("$t"); rss+=("$m"); cpus+=("$(awk -v u="$u" -v s="$s" 'BEGIN {print u + s}')")
    done
    med=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}')
    cpu=$(printf '%s\n' "${cpus[@]}" | sort -g | awk '{a[NR]=$1} END {printf "%.2f", (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}')
    peak=$(printf '%s\n' "${rss[@]}" | sort -g | tail -n 1 | awk '{printf "%.0f", $1 / 1024}')
    if [ "$rc" != 0 ]; then
        {
            echo "bench_load.sh: '$name' failed; its stderr:"
            head -n 20 "$tmp/err"
        } >&2
    fi
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.1f", a / b; else print "-"}'; }

rows=()
measure floor "$floor" "${ledgers[@]}"
floor_s=$med
floor_cpu=$cpu
rows+=("| floor (C++ scan: payments per client) | $med | $cpu | $peak | 1.0 | 1.0 |")
measure awk awk '$2 ~ /^[0-9][0-9]:[0-9][0-9]$/ {k=$3; c=$4; t=$5} $2 !~ /^[0-9][0-9]:/ {k=$2; c=$3; t=$4} k=="payment" {p[c]+=t} END {for (c in p) n++; print n}' "${ledgers[@]}"
rows+=("| floor (awk scan, for reference) | $med | $cpu | $peak | $(ratio "$med" "$floor_s") | $(ratio "$cpu" "$floor_cpu") |")

for cmd in "check" "deals --format csv" "priority" "forecast --quarter" "balance" "report --quarter"; do
    # shellcheck disable=SC2086
    measure "$cmd" "$bin" -C "$dir" $cmd --today "$today"
    if [ "$rc" != 0 ]; then
        rows+=("| \`salesrep $cmd\` | FAILED | | $peak | | |")
    else
        rows+=("| \`salesrep $cmd\` | $med | $cpu | $peak | $(ratio "$med" "$floor_s") | $(ratio "$cpu" "$floor_cpu") |")
    fi
done

lines=$(cat "${ledgers[@]}" | wc -l)
mib=$(du -cm "$dir"/*.yaml "${ledgers[@]}" | tail -n 1 | cut -f1)
echo
echo "Book: $dir — $deals deals, $clients clients, $entries ledger entries ($lines lines, ~$mib MiB); $runs runs each, --today $today; $(nproc) cores."
echo
echo "| command | median wall s | median CPU s | peak MiB | wall × floor | CPU × floor |"
echo "|---|---:|---:|---:|---:|---:|"
printf '%s\n' "${rows[@]}"
