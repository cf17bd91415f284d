#!/usr/bin/env bash
# Second round, more pairs, after measure_queue2.sh ends; stops starting rows after 09:33 UTC.
raw=/work/notes/ablation-raw
while pgrep -f measure_queue2.sh > /dev/null; do sleep 5; done
while read -r name row; do
    [ "$(date -u +%H%M)" -ge 0933 ] && break
    $raw/ab.sh /work/bin/ablate-base /work/bin/ablate-$name $name.r2 11 $row >> $raw/results.txt 2>> $raw/measure.err
    python3 $raw/make_md.py
done <<LIST
control warm
lanes warm
lanes balance
hugepages warm
swar warm
swar balance
control balance
hugepages balance
lanes check
mallopt warm
prefetch balance
packed-entry warm
packed-entry balance
mallopt balance
LIST
