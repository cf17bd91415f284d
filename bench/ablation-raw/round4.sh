#!/usr/bin/env bash
# Third round of the quick rows whose first two rounds disagree, after round3.sh ends; stops starting rows after 09:35 UTC.
raw=/work/notes/ablation-raw
while pgrep -f round3.sh > /dev/null; do sleep 5; done
while read -r name row; do
    [ "$(date -u +%H%M)" -ge 0935 ] && break
    $raw/ab.sh /work/bin/ablate-base /work/bin/ablate-$name $name.r3 11 $row >> $raw/results.txt 2>> $raw/measure.err
    python3 $raw/make_md.py
done <<LIST
control warm
threads-load warm
lanes warm
lanes balance
hugepages warm
swar warm
mallopt balance
prefetch warm
mmap warm
packed-entry warm
swar balance
LIST
