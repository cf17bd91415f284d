#!/usr/bin/env bash
# waits for hugepages' build to finish, stops build_all.sh (pid 22788, and the build it started) and restarts it with packed-entry last
while ! grep -q "== done hugepages" /work/notes/ablation-raw/build.log; do sleep 1; done
kids=$(pgrep -P 22788)
kill -STOP 22788
kids=$(pgrep -P 22788)
for k in $kids; do pkill -P $k; kill $k; done
kill -KILL 22788
sleep 2
cd /work/notes/ablation-raw && exec ./build_all.sh threads-load yaml-events prefetch mallopt mmap events-only deal-slices packed-entry
