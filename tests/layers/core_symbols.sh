#!/usr/bin/env bash
# The core reads no disk, no clock and no environment and does not exit (STYLE.md): no object of
# libsalesrep_core.a may call the functions that do. salesrep_core_alone (CMakeLists.txt) already
# makes the link fail when the core calls into io, import, html or the CLI; this checks the calls
# into the C and C++ libraries, which that link allows.
# Usage: NM=nm core_symbols.sh path/to/libsalesrep_core.a
set -euo pipefail
lib=$1
nm=${NM:-nm}
# Disk, clock, environment, process exit. Names as `nm -u` prints them (C, and C++ demangled).
forbidden='^(open|open64|openat|creat|fopen|fopen64|fdopen|opendir|stat|stat64|fstat|lstat|mmap|mmap64|unlink|rename|flock|fsync|time|clock_gettime|gettimeofday|localtime|localtime_r|getenv|secure_getenv|exit|_exit|std::chrono::_V2::system_clock::now\(\)|std::chrono::_V2::steady_clock::now\(\)|std::filesystem::.*|std::basic_ifstream.*|std::basic_ofstream.*|std::basic_fstream.*)$'
# Threads: the core starts none of its own (io's file loads run whole jobs side by side).
thread='^(std::thread::_M_start_thread.*|pthread_create)$'

bad=0
obj=""
while IFS= read -r line; do
    case $line in
        *.o:) obj=${line%:}; continue ;;
        "") continue ;;
    esac
    sym=$(sed -E 's/^ *U //' <<<"$line")
    if [[ $sym =~ $forbidden ]]; then
        echo "core_symbols: $obj calls $sym (disk, clock, environment or exit: belongs in io or the CLI)"
        bad=1
    elif [[ $sym =~ $thread ]]; then
        echo "core_symbols: $obj starts a thread ($sym): the core starts none of its own"
        bad=1
    fi
done < <("$nm" -uC "$lib")
count=$("$nm" -A "$lib" | cut -d: -f2 | sort -u | wc -l)
[ "$count" -gt 0 ] || { echo "core_symbols: no object in $lib"; exit 1; }
if [ $bad = 0 ]; then echo "core_symbols: $count objects of the core, none reads the disk, the clock or the environment"; fi
exit $bad
