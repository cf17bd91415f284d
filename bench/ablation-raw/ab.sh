#!/usr/bin/env bash
# ab.sh BASE VARIANT NAME N ROW... : alternating runs (base, variant, base, variant, ...),
# one untimed warm-up each; rows: warm cold balance forecast check.
# Prints one line per row: name row base_med var_med change% base_cpu var_cpu load_start load_end
set -u
base=$1 var=$2 name=$3 n=$4; shift 4
today=2026-11-26
RA=/tmp/ablate-books/r100k-A RB=/tmp/ablate-books/r100k-B
PAY=/tmp/salesrep-suite/payments-1M-10k-clients/book
SC=/tmp/salesrep-suite/scaling-1M/book
raw=/work/notes/ablation-raw
tmp=$(mktemp -d)
med() { sort -g | awk '{a[NR]=$1} END {printf "%.3f", (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
# one BIN BOOK COLD CMD... -> appends "wall cpu" to $tmp/$tag
one() {
    local tag=$1 bin=$2 book=$3 cold=$4; shift 4
    [ "$cold" = 1 ] && rm -rf "$book/.salesrep/cache"
    local t0=$EPOCHREALTIME
    /usr/bin/time -f '%U %S' -o "$tmp/time" "$bin" -C "$book" "$@" > /dev/null 2> "$tmp/err" || echo "FAILED: $bin $*" >&2
    local t1=$EPOCHREALTIME
    read -r u s < <(tail -n 1 "$tmp/time")
    awk -v a="$t0" -v b="$t1" -v u="$u" -v s="$s" 'BEGIN {printf "%.4f %.2f\n", b - a, u + s}' >> "$tmp/$tag"
}
for row in "$@"; do
    cold=0
    case $row in
        warm) bA=$RA bB=$RB; cmd=(report --quarter --today $today) ;;
        cold) bA=$RA bB=$RB; cold=1; cmd=(report --quarter --today $today) ;;
        balance) bA=$PAY bB=$PAY; cmd=(balance --today $today) ;;
        forecast) bA=$SC bB=$SC; cmd=(forecast --today $today) ;;
        check) bA=$SC bB=$SC; cmd=(check --today $today) ;;
        *) echo "unknown row $row" >&2; continue ;;
    esac
    rm -f "$tmp/A" "$tmp/B"
    l0=$(cut -d' ' -f1 /proc/loadavg)
    start=$(date -u +%H:%M)
    one W "$base" "$bA" "$cold" "${cmd[@]}"; one W "$var" "$bB" "$cold" "${cmd[@]}"
    for ((i = 0; i < n; i++)); do
        one A "$base" "$bA" "$cold" "${cmd[@]}"
        one B "$var" "$bB" "$cold" "${cmd[@]}"
    done
    l1=$(cut -d' ' -f1 /proc/loadavg)
    { echo "# $name $row $start-$(date -u +%H:%M) load $l0 -> $l1; base $base vs $var"; paste "$tmp/A" "$tmp/B"; } > "$raw/$name-$row.txt"
    ma=$(cut -d' ' -f1 "$tmp/A" | med); mb=$(cut -d' ' -f1 "$tmp/B" | med)
    ca=$(cut -d' ' -f2 "$tmp/A" | med); cb=$(cut -d' ' -f2 "$tmp/B" | med)
    pct=$(awk -v a="$ma" -v b="$mb" 'BEGIN {printf "%+.1f", (b - a) * 100 / a}')
    echo "$name $row $ma $mb $pct $ca $cb $l0 $l1 $start"
done
rm -rf "$tmp"
