#!/usr/bin/env bash
# Each library's files compiled as one translation unit (syntax only), as the unity build
# (SALESREP_UNITY) puts them together in batches of 8: there the anonymous namespaces of a
# target's files are one namespace, so two files that define the same name break the build
# once a new file moves them into one batch. This catches it for every pair, whatever the
# batches are today (tests/unit/one_unit.sh does the same for the unit tests).
#   bash tests/layers/one_unit_libs.sh c++ SOURCE_DIR
set -u
cxx=${1:?the C++ compiler}
src=${2:?the source directory}
status=0
for lib in core io import html; do
    files=("$src"/src/$lib/*.cpp)
    [ "$lib" = core ] && files+=("$src"/src/core/compute/*.cpp)
    [ -f "${files[0]}" ] || { echo "FAIL: no files under $src/src/$lib"; status=1; continue; }
    includes=()
    for f in "${files[@]}"; do includes+=(-include "$f"); done
    if out=$("$cxx" -fsyntax-only -std=c++20 -I"$src/include" -I"$src/src/core" "${includes[@]}" -x c++ /dev/null 2>&1); then
        echo "src/$lib as one translation unit: ${#files[@]} files, ok"
    else
        grep -E 'error:' <<<"$out" | head -20
        echo "FAIL: the files of src/$lib do not compile as one translation unit (a name defined in two of them?)"
        status=1
    fi
done
exit $status
