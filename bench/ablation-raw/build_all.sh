#!/usr/bin/env bash
# Builds each ablate-NAME branch in /work/wt-ablate (Release, target salesrep) to /work/bin/ablate-NAME
# and checks that its report on the 100k-deal book is byte-identical to the base's.
set -u
wt=/work/wt-ablate
log=/work/notes/ablation-raw/build.log
ref=/tmp/ablate-books/report-base.txt
for name in "$@"; do
    echo "== $name $(date -u +%H:%M:%S)" >> $log
    git -C $wt checkout -q ablate-$name || { echo "checkout failed" >> $log; continue; }
    if ! cmake --build $wt/build -j2 --target salesrep >> $log 2>&1; then echo "BUILD FAILED $name" >> $log; continue; fi
    cp $wt/build/salesrep /work/bin/ablate-$name
    rm -rf /tmp/ablate-books/r100k-V/.salesrep/cache
    /work/bin/ablate-$name -C /tmp/ablate-books/r100k-V report --quarter --today 2026-11-26 > /tmp/ablate-books/report-$name.txt 2>/dev/null
    /work/bin/ablate-$name -C /tmp/ablate-books/r100k-V report --quarter --today 2026-11-26 > /tmp/ablate-books/report-$name-warm.txt 2>/dev/null
    if cmp -s $ref /tmp/ablate-books/report-$name.txt && cmp -s $ref /tmp/ablate-books/report-$name-warm.txt; then
        echo "IDENTICAL $name (cold and warm)" >> $log; touch /work/bin/ablate-$name.ok
    else echo "DIFFERENT $name" >> $log; fi
    echo "== done $name $(date -u +%H:%M:%S)" >> $log
done
git -C $wt checkout -q ablate
