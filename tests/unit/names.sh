#!/usr/bin/env bash
# The names of the unit test cases, as ctest sees them: doctest_discover_tests
# splits a name at ';' into two tests that each match no test case and so pass
# without running anything (7 cases were lost that way); two cases of one name
# run as one. Fails on either.
#   bash tests/unit/names.sh build/salesrep_tests
set -u
bin=${1:?the salesrep_tests binary}
names=$("$bin" --list-test-cases --no-version | grep -v '^\[doctest\]\|^=====')
[ -n "$names" ] || { echo "FAIL: $bin lists no test case"; exit 1; }
fail=0
semi=$(grep ';' <<<"$names")
[ -z "$semi" ] || { echo "FAIL: test case names with ';' (ctest would run none of them):"; echo "$semi"; fail=1; }
dup=$(sort <<<"$names" | uniq -d)
[ -z "$dup" ] || { echo "FAIL: test case names used twice:"; echo "$dup"; fail=1; }
echo "unit test names: $(wc -l <<<"$names") cases, $([ $fail = 0 ] && echo ok || echo FAILED)"
exit $fail
