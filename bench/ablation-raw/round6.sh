#!/usr/bin/env bash
# One more round of the borderline rows, after round5.sh; stops starting rows after 09:35 UTC.
raw=/work/notes/ablation-raw
while pgrep -f round5.sh > /dev/null; do sleep 3; done
while read -r name row; do
    [ "$(date -u +%H%M)" -ge 0935 ] && break
    $raw/ab.sh /work/bin/ablate-base /work/bin/ablate-$name $name.r4 11 $row >> $raw/results.txt 2>> $raw/measure.err
    python3 $raw/make_md.py
done <<LIST
lanes check
mmap warm
prefetch warm
control cold
LIST
