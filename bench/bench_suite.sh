#!/usr/bin/env bash
# Benchmark suite of salesrep, against ledger-cli and hledger when installed (see bench/README.md,
# "Benchmark suite").
#
#   bench/bench_suite.sh [--sizes 10k,100k,1M] [--with-10m] [--full-10m] [--runs N]
#                        [--tool-runs N] [--only scaling,report,payments,accuracy] [--no-tools] [--base DIR]
#
#   --sizes LIST    ledger sizes of the scaling books (10k, 100k, 1M, 10M or a number; default 10k,100k,1M)
#   --with-10m      add the 10M book (~650 MB of ledger; generating it takes minutes)
#   --full-10m      on the 10M book, run every command and ledger/hledger too
#                   (default there: only `report --quarter` and `balance`)
#   --runs N        timed runs of each salesrep command and of the floor (default 5)
#   --tool-runs N   timed runs of each ledger / hledger command (default 1)
#   --only LIST     parts to run: scaling, report, payments, accuracy (default all four)
#   --no-tools      do not run ledger / hledger even when installed
#   --base DIR      where the generated books are kept (default /tmp/salesrep-suite)
#
# Builds nothing: SALESREP_BIN (default build/salesrep of this repository) must exist.
# Prints Markdown tables on stdout; progress goes to stderr.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
bin=${SALESREP_BIN:-$root/build/salesrep}
today=2026-11-26
seed=1
runs=5
tool_runs=1
sizes=10k,100k,1M
with10m=0
full10m=0
only=scaling,report,payments,accuracy
use_tools=1
base=/tmp/salesrep-suite

die() { echo "bench_suite.sh: $*" >&2; exit 2; }
while [ $# -gt 0 ]; do
    case $1 in
        --sizes) [ $# -ge 2 ] || die "--sizes needs a value"; sizes=$2; shift ;;
        --with-10m) with10m=1 ;;
        --full-10m) with10m=1; full10m=1 ;;
        --runs) [ $# -ge 2 ] || die "--runs needs a value"; runs=$2; shift ;;
        --tool-runs) [ $# -ge 2 ] || die "--tool-runs needs a value"; tool_runs=$2; shift ;;
        --only) [ $# -ge 2 ] || die "--only needs a value"; only=$2; shift ;;
        --no-tools) use_tools=0 ;;
        --base) [ $# -ge 2 ] || die "--base needs a value"; base=$2; shift ;;
        -h|--help) awk 'NR > 1 && /^#/ {sub(/^# ?/, ""); print; next} NR > 1 {exit}' "$0"; exit 0 ;;
        *) die "unknown argument '$1' (try --help)" ;;
    esac
    shift
done
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "--runs must be a positive integer"
[[ $tool_runs =~ ^[1-9][0-9]*$ ]] || die "--tool-runs must be a positive integer"

want() { [[ ",$only," == *",$1,"* ]]; }
for part in ${only//,/ }; do
    case $part in scaling|report|payments|accuracy) ;; *) die "--only: unknown part '$part'" ;; esac
done

# "10k" -> 10000, "1M" -> 1000000, "250000" -> 250000
to_count() {
    case $1 in
        *[kK]) echo $(( ${1%[kK]} * 1000 )) ;;
        *[mM]) echo $(( ${1%[mM]} * 1000000 )) ;;
        *) [[ $1 =~ ^[0-9]+$ ]] || die "bad size '$1'"; echo "$1" ;;
    esac
}
# 10000 -> "10k", 1000000 -> "1M"
label() {
    local n=$1
    if (( n >= 1000000 && n % 1000000 == 0 )); then echo "$((n / 1000000))M"
    elif (( n >= 1000 && n % 1000 == 0 )); then echo "$((n / 1000))k"
    else echo "$n"; fi
}
size_list=()
for s in ${sizes//,/ }; do size_list+=("$(to_count "$s")"); done
if [ "$with10m" = 1 ] && [[ " ${size_list[*]} " != *" 10000000 "* ]]; then size_list+=(10000000); fi

case $bin in /*) ;; *) bin=$PWD/$bin ;; esac
[ -x "$bin" ] || die "no salesrep binary at $bin (build it, or set SALESREP_BIN)"
if ! /usr/bin/time -f '%e' true >/dev/null 2>&1; then
    echo "bench_suite.sh: installing GNU time" >&2
    apt-get install -y time >/dev/null || { apt-get update >/dev/null && apt-get install -y time >/dev/null; }
fi
have_ledger=0; have_hledger=0
if [ "$use_tools" = 1 ]; then
    command -v ledger >/dev/null 2>&1 && have_ledger=1
    command -v hledger >/dev/null 2>&1 && have_hledger=1
fi

mkdir -p "$base"
# The parse cache of every run goes to the suite's own directory, never to ~/.cache.
export XDG_CACHE_HOME=$base/xdg-cache
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
log() { echo "[suite $(date +%H:%M:%S)] $*" >&2; }

# ---- the machine and the tree, taken at the start
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
cpu_model=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo 2>/dev/null || true)
mem_gib=$(awk '/^MemTotal/ {printf "%.0f", $2 / 1048576}' /proc/meminfo 2>/dev/null || echo "?")
commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ "$commit" != unknown ] && ! git -C "$root" diff --quiet HEAD -- 2>/dev/null; then commit="$commit+dirty"; fi
bin_date=$(date -r "$bin" '+%Y-%m-%d %H:%M' 2>/dev/null || echo "?")
gen_hash=$(sha1sum "$here/gen_book.py" | cut -c1-12)

# ---- books: book NAME GEN_ARGS... ; sets book (the directory) and journal (its ledger-cli journal)
# A book is kept in $base/NAME and reused while the arguments and gen_book.py's hash match.
book() {
    local name=$1; shift
    local dir=$base/$name
    local params="gen_book $gen_hash $* --seed $seed --today $today"
    book=$dir/book
    journal=$dir/book.journal
    if [ ! -f "$dir/params" ] || [ "$(cat "$dir/params")" != "$params" ] \
        || [ ! -f "$book/salesrep.yaml" ] || [ ! -f "$journal" ]; then
        log "generating $name ($*)"
        rm -rf "$dir"
        mkdir -p "$dir"
        python3 "$here/gen_book.py" "$@" --seed "$seed" --today "$today" --out "$book" --journal "$journal"
        echo "$params" > "$dir/params"
    fi
    ledgers=("$book/ledger/old.ledger" "$book/sales.ledger")
    cat "$book"/*.yaml "${ledgers[@]}" "$journal" > /dev/null   # warm the page cache
}

# ---- the floor (C++, compiled once)
floor=$base/floor
if [ ! -x "$floor" ] || [ "$here/floor.cpp" -nt "$floor" ]; then
    g++ -O2 -std=c++20 -o "$floor" "$here/floor.cpp"
fi

# median [DECIMALS] < numbers
median() { sort -g | awk -v d="${1:-2}" '{a[NR]=$1} END {if (NR == 0) print "-"; else printf "%." d "f", (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

# measure N WARMUP CMD... : runs CMD once untimed when WARMUP is 1, then N times under GNU time.
# Sets med (median wall s, 3 decimals), cpu (median user+sys s), peak (max RSS, MiB), rc (0, or 1 if a run
# failed) and out (the stdout of the last run). When cold_book is set, removes
# the parse cache before each run (untimed): $XDG_CACHE_HOME/salesrep, where salesrep keeps it since
# issue 20, and $cold_book/.salesrep/cache, where binaries before it did.
cold_book=
drop_cache() { rm -rf "$XDG_CACHE_HOME/salesrep" "$cold_book/.salesrep/cache"; }
measure() {
    local n=$1 warm=$2; shift 2
    local i t0 t1 m u s times=() rss=() cpus=()
    rc=0
    out=$tmp/out
    if [ "$warm" = 1 ]; then
        [ -z "$cold_book" ] || drop_cache
        "$@" > "$out" 2> "$tmp/err" || rc=1
    fi
    for ((i = 0; i < n; i++)); do
        [ -z "$cold_book" ] || drop_cache
        t0=$EPOCHREALTIME
        /usr/bin/time -f '%e %M %U %S' -o "$tmp/time" "$@" > "$out" 2> "$tmp/err" || rc=1
        t1=$EPOCHREALTIME
        read -r _ m u s < <(tail -n 1 "$tmp/time")
        # wall: bash's clock around /usr/bin/time (1 ms resolution; %e has only 10 ms)
        times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN {print b - a}')"); rss+=("$m")
        cpus+=("$(awk -v u="$u" -v s="$s" 'BEGIN {print u + s}')")
    done
    med=$(printf '%s\n' "${times[@]}" | median 3)
    cpu=$(printf '%s\n' "${cpus[@]}" | median)
    peak=$(printf '%s\n' "${rss[@]}" | sort -g | tail -n 1 | awk '{printf "%.0f", $1 / 1024}')
    if [ "$rc" != 0 ]; then
        { echo "bench_suite.sh: '$*' failed; its stderr:"; head -n 20 "$tmp/err"; } >&2
    fi
    log "  -> wall $med s, CPU $cpu s, $peak MiB$([ "$rc" = 0 ] || echo ', FAILED')"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (a + 0 > 0 && b + 0 > 0) printf "%.2f", a / b; else print "-"}'; }
per_entry() { awk -v t="$1" -v n="$2" 'BEGIN {if (n > 0) printf "%.2f", t * 1e6 / n; else print "-"}'; }

# The total balance: salesrep's `total` row (5th column) or ledger/hledger's last line.
sr_total() { awk '$1 == "total" {v = $5} END {gsub(",", "", v); print v}' "$1"; }
tool_total() { awk 'NF {v = $NF} END {print v}' "$1"; }
same_total() { awk -v a="$1" -v b="$2" 'BEGIN {d = a - b; if (a != "" && b != "" && d < 0.005 && d > -0.005) print "yes"; else print "no (" b ")"}'; }

# tool_rows LABEL ENTRIES SR_WALL SR_PEAK SR_TOTAL ; appends the ledger / hledger rows on $journal to rows
tool_rows() {
    local lab=$1 entries=$2 sr_wall=$3 sr_peak=$4 sr_tot=$5 tool name
    local -a cmd
    for tool in "ledger-flat" "ledger" "hledger"; do
        case $tool in
            ledger-flat) [ "$have_ledger" = 1 ] || continue; cmd=(ledger -f "$journal" bal clients --flat) ;;
            ledger) [ "$have_ledger" = 1 ] || continue; cmd=(ledger -f "$journal" bal clients) ;;
            hledger) [ "$have_hledger" = 1 ] || continue; cmd=(hledger -f "$journal" bal clients) ;;
        esac
        name="\`${cmd[0]} -f J ${cmd[*]:3}\`"
        log "$lab: ${cmd[*]} ($tool_runs timed)"
        measure "$tool_runs" 0 "${cmd[@]}"
        if [ "$rc" != 0 ]; then
            rows+=("| $lab | $name | $tool_runs | FAILED | | $peak | | | | |")
        else
            rows+=("| $lab | $name | $tool_runs | $med | $cpu | $peak | $(per_entry "$med" "$entries") | $(ratio "$med" "$sr_wall") | $(ratio "$sr_peak" "$peak") | $(same_total "$sr_tot" "$(tool_total "$out")") |")
        fi
    done
}

header="| entries | command | runs | median wall s | median CPU s | peak MiB | wall µs/entry | wall tool / salesrep | RSS salesrep / tool | same total |"
rule="|---:|---|---:|---:|---:|---:|---:|---:|---:|---|"

# ---------------------------------------------------------------- part 1: scaling
scaling_rows=()
if want scaling; then
    for n in "${size_list[@]}"; do
        lab=$(label "$n")
        book "scaling-$lab" --deals 10000 --clients 1000 --entries "$n"
        cmds=("check" "priority" "forecast --quarter" "balance" "report --quarter")
        tools_here=1
        if [ "$n" -ge 10000000 ] && [ "$full10m" = 0 ]; then
            cmds=("balance" "report --quarter"); tools_here=0
        fi
        rows=()
        log "scaling $lab: floor ($runs timed + 1 warm-up)"
        measure "$runs" 1 "$floor" "${ledgers[@]}"
        floor_wall=$med floor_cpu=$cpu floor_peak=$peak
        sr_wall=- sr_peak=- sr_tot=
        for c in "${cmds[@]}"; do
            log "scaling $lab: salesrep $c ($runs timed + 1 warm-up)"
            # shellcheck disable=SC2086
            measure "$runs" 1 "$bin" -C "$book" $c --today "$today"
            if [ "$rc" != 0 ]; then
                rows+=("| $lab | \`salesrep $c\` | $runs | FAILED | | $peak | | | | |")
            else
                rows+=("| $lab | \`salesrep $c\` | $runs | $med | $cpu | $peak | $(per_entry "$med" "$n") | | | |")
                if [ "$c" = balance ]; then sr_wall=$med sr_peak=$peak sr_tot=$(sr_total "$out"); fi
            fi
        done
        rows=("| $lab | floor (C++ scan of the ledger) | $runs | $floor_wall | $floor_cpu | $floor_peak | $(per_entry "$floor_wall" "$n") | $(ratio "$floor_wall" "$sr_wall") | $(ratio "$sr_peak" "$floor_peak") | |" "${rows[@]}")
        if [ "$tools_here" = 1 ]; then
            cat "$journal" > /dev/null
            tool_rows "$lab" "$n" "$sr_wall" "$sr_peak" "$sr_tot"
        fi
        scaling_rows+=("${rows[@]}")
    done
fi

# ---------------------------------------------------------------- part 2: report, 100k deals, warm and cold
report_rows=()
cache_note=
if want report; then
    book "report-100k-deals" --deals 100000 --clients 1000 --entries 1000000
    log "report: warm, salesrep report --quarter ($runs timed + 1 warm-up)"
    cold_book=
    measure "$runs" 1 "$bin" -C "$book" report --quarter --today "$today"
    cache_dir=$XDG_CACHE_HOME/salesrep
    [ -d "$cache_dir" ] || cache_dir=$book/.salesrep/cache  # a binary from before issue 20
    if [ -d "$cache_dir" ]; then
        warm_label="warm (cache present)"
        cache_note="After the warm-up run, the parse cache held $(find "$cache_dir" -type f | wc -l) files, $(du -sm "$cache_dir" | cut -f1) MiB."
    else
        warm_label="warm (no cache written)"
        cache_note="This salesrep wrote no parse cache, so warm and cold measure the same thing."
    fi
    warm_wall=$med warm_cpu=$cpu warm_peak=$peak warm_rc=$rc
    log "report: cold, salesrep report --quarter ($runs timed, cache removed before each)"
    cold_book=$book
    measure "$runs" 0 "$bin" -C "$book" report --quarter --today "$today"
    cold_book=
    cold_rc=$rc
    if [ "$warm_rc" != 0 ]; then report_rows+=("| $warm_label | $runs | FAILED | | $warm_peak | |")
    else report_rows+=("| $warm_label | $runs | $warm_wall | $warm_cpu | $warm_peak | 1.00 |"); fi
    if [ "$cold_rc" != 0 ]; then report_rows+=("| cold (parse cache removed before each run) | $runs | FAILED | | $peak | |")
    else report_rows+=("| cold (parse cache removed before each run) | $runs | $med | $cpu | $peak | $(ratio "$med" "$warm_wall") |"); fi
fi

# ---------------------------------------------------------------- part 3: 1M payments from 10k clients
pay_rows=()
if want payments; then
    book "payments-1M-10k-clients" --payments-only --deals 0 --clients 10000 --entries 1000000
    rows=()
    log "payments: salesrep balance ($runs timed + 1 warm-up)"
    measure "$runs" 1 "$bin" -C "$book" balance --today "$today"
    sr_wall=$med sr_peak=$peak sr_tot=$(sr_total "$out")
    if [ "$rc" != 0 ]; then sr_wall=- sr_peak=-; rows+=("| 1M | \`salesrep balance\` | $runs | FAILED | | $peak | | | | |")
    else rows+=("| 1M | \`salesrep balance\` | $runs | $med | $cpu | $peak | $(per_entry "$med" 1000000) | | | |"); fi
    log "payments: floor ($runs timed + 1 warm-up)"
    measure "$runs" 1 "$floor" "${ledgers[@]}"
    rows+=("| 1M | floor (C++ scan of the ledger) | $runs | $med | $cpu | $peak | $(per_entry "$med" 1000000) | $(ratio "$med" "$sr_wall") | $(ratio "$sr_peak" "$peak") | |")
    cat "$journal" > /dev/null
    tool_rows 1M 1000000 "$sr_wall" "$sr_peak" "$sr_tot"
    pay_rows=("${rows[@]}")
fi

# ---------------------------------------------------------------- part 4: accuracy against one forecast, 100k deals
# SPEC §9b: `accuracy` over a quarter (14 weekly snapshots replayed in one pass) costs at most twice
# one `forecast` of the same quarter. Measured side by side, alternating, on the same book.
acc_rows=()
if want accuracy; then
    book "report-100k-deals" --deals 100000 --clients 1000 --entries 1000000
    q=2026-Q3  # a whole quarter before --today: 14 snapshots (13 weeks and its first day)
    declare -A acc_wall acc_cpu acc_peak
    for c in "forecast --quarter $q" "accuracy --quarter $q" "changes --quarter $q"; do
        log "accuracy: salesrep $c ($runs timed + 1 warm-up)"
        # shellcheck disable=SC2086
        measure "$runs" 1 "$bin" -C "$book" $c --today "$today"
        acc_wall[$c]=$med acc_cpu[$c]=$cpu acc_peak[$c]=$peak
        [ "$rc" = 0 ] || acc_wall[$c]=FAILED
    done
    f="forecast --quarter $q"
    for c in "forecast --quarter $q" "accuracy --quarter $q" "changes --quarter $q"; do
        acc_rows+=("| \`salesrep $c\` | $runs | ${acc_wall[$c]} | ${acc_cpu[$c]} | ${acc_peak[$c]} | $(ratio "${acc_wall[$c]}" "${acc_wall[$f]}") | $(ratio "${acc_cpu[$c]}" "${acc_cpu[$f]}") |")
    done
fi

# ---------------------------------------------------------------- the tables
tools_v=
[ "$have_ledger" = 1 ] && tools_v+=" $(ledger --version 2>/dev/null | head -n 1 | sed 's/,.*//');"
[ "$have_hledger" = 1 ] && tools_v+=" $(hledger --version 2>/dev/null | head -n 1 | sed 's/,.*//');"
[ -n "$tools_v" ] || tools_v=" ledger and hledger not used (not installed, or --no-tools);"

echo
echo "salesrep \`$commit\` ($bin, built $bin_date); $(nproc) cores${cpu_model:+ ($cpu_model)}, ${mem_gib} GiB;"
echo "load average at start $load_start, at the end $(cut -d' ' -f1-3 /proc/loadavg);${tools_v} --today $today, gen_book seed $seed."
if want scaling && [ ${#scaling_rows[@]} -gt 0 ]; then
    echo
    echo "Scaling: 10,000 deals, 1,000 clients. Warm page cache; salesrep and the floor get one untimed run first."
    echo "\"tool / salesrep\" compares with \`salesrep balance\` on the same book (wall time; RSS the other way round)."
    echo "\"same total\": the tool's total balance equals salesrep's."
    echo
    echo "$header"
    echo "$rule"
    printf '%s\n' "${scaling_rows[@]}"
fi
if want report && [ ${#report_rows[@]} -gt 0 ]; then
    echo
    echo "\`salesrep report --quarter\`: 100,000 deals, 1,000 clients, 1,000,000 entries. $cache_note"
    echo
    echo "| run | runs | median wall s | median CPU s | peak MiB | wall / warm |"
    echo "|---|---:|---:|---:|---:|---:|"
    printf '%s\n' "${report_rows[@]}"
fi
if want accuracy && [ ${#acc_rows[@]} -gt 0 ]; then
    echo
    echo "\`accuracy\` against one \`forecast\` (SPEC §9b: at most 2x): 100,000 deals, 1,000 clients, 1,000,000 entries, --today $today."
    echo
    echo "| command | runs | median wall s | median CPU s | peak MiB | wall / forecast | CPU / forecast |"
    echo "|---|---:|---:|---:|---:|---:|---:|"
    printf '%s\n' "${acc_rows[@]}"
fi
if want payments && [ ${#pay_rows[@]} -gt 0 ]; then
    echo
    echo "Payments: 1,000,000 payments from 10,000 clients (\`gen_book.py --payments-only --clients 10000\`), J = its journal."
    echo
    echo "$header"
    echo "$rule"
    printf '%s\n' "${pay_rows[@]}"
fi
