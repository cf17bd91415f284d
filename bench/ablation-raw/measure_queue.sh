#!/usr/bin/env bash
# measure_queue.sh N NAME... : for each NAME, waits until /work/bin/ablate-NAME.ok exists
# (built, report byte-identical), then runs ab.sh against /work/bin/ablate-base on every row.
set -u
n=$1; shift
raw=/work/notes/ablation-raw
for name in "$@"; do
    while [ ! -e /work/bin/ablate-$name.ok ]; do
        grep -q "BUILD FAILED $name\|DIFFERENT $name" $raw/build.log 2>/dev/null && continue 2
        sleep 10
    done
    case $name in
        yaml-events|deal-slices|events-only) rows="cold warm" ;;
        *) rows="warm cold balance forecast check" ;;
    esac
    $raw/ab.sh /work/bin/ablate-base /work/bin/ablate-$name $name "$n" $rows >> $raw/results.txt 2>> $raw/measure.err
    python3 $raw/make_md.py
done
