#!/usr/bin/env bash
# Fourth round of the rows whose rounds disagree; stops starting rows after 09:35 UTC.
raw=/work/notes/ablation-raw
while read -r name row; do
    [ "$(date -u +%H%M)" -ge 0935 ] && break
    $raw/ab.sh /work/bin/ablate-base /work/bin/ablate-$name $name.r4 11 $row >> $raw/results.txt 2>> $raw/measure.err
    python3 $raw/make_md.py
done <<LIST
control warm
threads-load warm
lanes warm
mallopt balance
control balance
lanes balance
threads-load balance
deal-slices cold
threads-load cold
LIST
