#!/usr/bin/env bash
# Builds one libFuzzer target of fuzz/ (clang, ASan, UBSan) and runs it for SECS seconds.
#
#   bench/fuzz.sh TARGET SECS [LIBFUZZER-OPTION...]
#   bench/fuzz.sh list                     # the targets
#   bench/fuzz.sh TARGET 0 FILE...         # replay inputs (e.g. a crash) and exit
#
# TARGET is one of: ledger settings funnel team clients deals targets values check.
# Build directory: $FUZZ_BUILD (default build-fuzz/ in the repository). The corpus grows in
# $FUZZ_BUILD/corpus/TARGET (seeded on the first run from examples/, tests/books/ and
# tests/bad/); crashing inputs land in $FUZZ_BUILD/artifacts/TARGET/. Copy each one to
# tests/fuzz_regressions/TARGET/ once it is fixed: tests/unit/test_regressions.cpp replays them.
# Runs at the lowest priority (nice 19), one job: the machine is shared. Not part of CI.
# Needs clang and libclang-rt-14-dev (libFuzzer): apt-get install clang libclang-rt-14-dev.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
targets=(ledger settings funnel team clients deals targets values check)

usage() { sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
[ $# -ge 1 ] || usage
if [ "$1" = list ]; then printf '%s\n' "${targets[@]}"; exit 0; fi
[ $# -ge 2 ] || usage
target=$1 secs=$2
shift 2
case " ${targets[*]} " in *" $target "*) ;; *) echo "fuzz.sh: unknown target '$target'" >&2; usage ;; esac
[[ $secs =~ ^[0-9]+$ ]] || { echo "fuzz.sh: SECS must be a number of seconds" >&2; exit 2; }

build=${FUZZ_BUILD:-$root/build-fuzz}
cxx=${CXX:-clang++}
if ! command -v "$cxx" >/dev/null || ! "$cxx" --version | grep -q clang; then
    echo "fuzz.sh: needs clang++ (apt-get install clang libclang-rt-14-dev), or set CXX" >&2
    exit 2
fi

# ---- build (ASan + UBSan + libFuzzer, optimised, with debug info for the stack traces)
if [ ! -f "$build/CMakeCache.txt" ]; then
    cmake -S "$root" -B "$build" -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
          -DSALESREP_FUZZ=ON -DSALESREP_SANITIZE=ON -DBUILD_TESTING=OFF >/dev/null
fi
nice -n 19 cmake --build "$build" --target "fuzz_$target" -j1 >/dev/null

# ---- seed corpus (first run only): whole files of the example and test books
corpus=$build/corpus/$target
artifacts=$build/artifacts/$target
mkdir -p "$artifacts"
if [ ! -d "$corpus" ]; then
    mkdir -p "$corpus"
    books=("$root/examples/northwind" "$root/tests/books/broken")
    for d in "$root"/tests/bad/*/; do [ -f "$d/salesrep.yaml" ] && books+=("${d%/}"); done
    n=0
    seed() { n=$((n + 1)); cat >"$corpus/seed-$(printf '%04d' $n)"; }
    for b in "${books[@]}"; do
        case $target in
        ledger)
            for f in "$b"/*.ledger "$b"/ledger/*.ledger; do [ -f "$f" ] && seed < <(head -c 8192 "$f"); done ;;
        settings|funnel|team|clients|deals|targets)
            file=$target.yaml
            [ "$target" = settings ] && file=salesrep.yaml
            [ -f "$b/$file" ] && seed <"$b/$file" ;;
        check)
            # the book's texts, NUL-separated: see fuzz/harness.hpp
            if [ -f "$b/funnel.yaml" ] && [ -f "$b/deals.yaml" ]; then
                seed < <(
                    for f in salesrep.yaml funnel.yaml team.yaml clients.yaml deals.yaml targets.yaml; do
                        [ -f "$b/$f" ] && cat "$b/$f"
                        printf '\0'
                    done
                    first=1
                    for f in "$b"/ledger/*.ledger "$b"/sales.ledger; do
                        [ -f "$f" ] || continue
                        [ $first = 1 ] || printf '\0'
                        cat "$f"; first=0
                    done
                )
            fi ;;
        esac
    done
    if [ "$target" = ledger ]; then  # the entry kinds that make records: open and client, every field
        seed <<'EOF2'
2026-10-05 client nova name:"Nova SA" industry:retail segment:smb contact:"Ana Lima" title:CFO email:ana@nova.example phone:"+351 21 000 0000" @carol
2026-10-06 open nova-1 client:nova amount:1200 stage:lead pipeline:smb source:referral probability:20 close:2027-01-31 ref:Q-7 @carol
2026-10-06 09:30 open nova-2 client:nova amount:99.99 category:commit "second order"
2026-10-12 stage nova-1 proposal
EOF2
    fi
    if [ "$target" = values ]; then
        for v in 48000 48000.5 -12.30 "48000 EUR" "10 USD" 12.345 99999999999999999999 \
                 92233720368547758.07 -92233720368547758.08 2026-11-26 2024-02-29 2026-02-30 2026-13-01 \
                 14:05 23:59 24:00 2026 2026-Q4 2026-Q5 2026-11 2026-13 2026-01-01..2026-03-31 ..2026-03-31 \
                 2026-01-01.. ..; do
            seed < <(printf '\x03%s' "$v")
        done
    fi
    seed </dev/null
    echo "fuzz.sh: seeded $corpus with $n inputs" >&2
fi

# Dictionaries of the formats' words; inputs capped so a run stays fast (override with -max_len=N).
case $target in
ledger) opts=(-dict="$root/fuzz/ledger.dict" -max_len=8192) ;;
values) opts=(-max_len=64) ;;
check) opts=(-dict="$root/fuzz/check.dict" -max_len=16384) ;;
*) opts=(-dict="$root/fuzz/yaml.dict" -max_len=8192) ;;
esac

bin=$build/fuzz_$target
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
if [ "$secs" = 0 ]; then
    exec "$bin" "$@"
fi
# -timeout: an input slower than 10 s is a finding; -rss_limit_mb: so is one that needs 2 GB.
exec nice -n 19 "$bin" "${opts[@]}" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$artifacts/" "$@" "$corpus"
