#!/usr/bin/env bash
# Second round for the rows that came out >= 10 % in the first, after round2.sh ends; stops starting rows after 09:33 UTC.
raw=/work/notes/ablation-raw
while pgrep -f round2.sh > /dev/null; do sleep 5; done
while read -r name row; do
    [ "$(date -u +%H%M)" -ge 0933 ] && break
    $raw/ab.sh /work/bin/ablate-base /work/bin/ablate-$name $name.r2 11 $row >> $raw/results.txt 2>> $raw/measure.err
    python3 $raw/make_md.py
done <<LIST
prefetch warm
mmap warm
threads-load warm
packed-entry check
threads-load balance
mmap cold
prefetch cold
events-only cold
threads-load cold
control cold
deal-slices cold
lanes cold
LIST
