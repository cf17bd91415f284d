#!/usr/bin/env bash
# measure_queue2.sh N NAME... : for each NAME, waits until /work/bin/ablate-NAME.ok exists
# (built, report byte-identical), then runs ab.sh against /work/bin/ablate-base on the rows where it can matter.
set -u
n=$1; shift
raw=/work/notes/ablation-raw
for name in "$@"; do
    while [ ! -e /work/bin/ablate-$name.ok ]; do
        grep -q "BUILD FAILED $name\|DIFFERENT $name" $raw/build.log 2>/dev/null && continue 2
        sleep 10
    done
    case $name in
        yaml-events|deal-slices|events-only) rows="cold" ;;
        swar) rows="warm balance check" ;;
        hugepages|mallopt|mmap) rows="warm cold balance" ;;
        *) rows="warm cold balance check" ;;
    esac
    $raw/ab.sh /work/bin/ablate-base /work/bin/ablate-$name $name "$n" $rows >> $raw/results.txt 2>> $raw/measure.err
    python3 $raw/make_md.py
done
