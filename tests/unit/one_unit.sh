#!/usr/bin/env bash
# Every unit test file compiled as one translation unit (syntax only), as a
# unity build (-DCMAKE_UNITY_BUILD=ON) puts several of them together. There the
# anonymous namespaces of the files are one namespace and a file's
# 'using namespace salesrep::testing' reaches the files after it, so two test
# files that define the same name at namespace scope (a World, a day()) break
# the build: give a helper its own name, or share it in a fixture header.
#   bash tests/unit/one_unit.sh c++ SOURCE_DIR
set -u
cxx=${1:?the C++ compiler}
src=${2:?the source directory}
files=("$src"/tests/unit/*.cpp)
[ ${#files[@]} -gt 1 ] || { echo "FAIL: no unit test files under $src/tests/unit"; exit 1; }
includes=()
for f in "${files[@]}"; do includes+=(-include "$f"); done
if out=$("$cxx" -fsyntax-only -std=c++20 -I"$src/include" -I"$src/fuzz" \
        -DSALESREP_FUZZ_REGRESSIONS="\"$src/tests/fuzz_regressions\"" "${includes[@]}" -x c++ /dev/null 2>&1); then
    echo "unit tests as one translation unit: ${#files[@]} files, ok"
else
    grep -E 'error:' <<<"$out" | head -20
    echo "FAIL: the unit test files do not compile as one translation unit (a name defined in two of them?)"
    exit 1
fi
