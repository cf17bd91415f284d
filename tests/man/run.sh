#!/usr/bin/env bash
# man/salesrep.1 documents the whole command line: every command, every long
# option and every word an option takes from a list (--format html), as the
# binary's own parser lists them (`salesrep __options`).
#   SALESREP_BIN=build/salesrep bash tests/man/run.sh
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${SALESREP_BIN:?set SALESREP_BIN to the salesrep binary}
man=$root/man/salesrep.1
export LC_ALL=C.UTF-8

passed=0 failed=0
ok() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }

options=$("$bin" __options) || { echo "FAIL: salesrep __options exits $?"; exit 1; }
[ "$(grep -c . <<<"$options")" -gt 50 ] || { echo "FAIL: salesrep __options lists too little"; exit 1; }

# roff escapes every minus: --next-what is written \-\-next\-what.
roff() { sed 's/-/\\-/g' <<<"$1"; }
# A regex matching TEXT literally.
literal() { sed 's/[][\.*^$+?(){}|/]/\\&/g' <<<"$1"; }

seen=" "
while read -r cmd rest; do
    if [ -z "$rest" ]; then
        # A command: an entry ".B salesrep CMD ..." or ".BI "salesrep CMD" ..." in COMMANDS.
        grep -qE "^\.(B|BI|BR) \"?salesrep $(literal "$(roff "$cmd")")( |\"|$)" "$man" && ok ||
            fail "man/salesrep.1 has no entry for the command '$cmd'"
        continue
    fi
    for word in $rest; do
        case $word in
            --*)
                # Each long option once, wherever it is documented; not followed by more of a name.
                case $seen in *" $word "*) continue ;; esac
                seen="$seen$word "
                grep -qP -- "$(literal "$(roff "$word")")(?![A-Za-z0-9]|\\\\-)" "$man" && ok ||
                    fail "man/salesrep.1 does not mention $word (used by '$cmd'; write it \\-\\-${word#--})"
                ;;
            \{*\})
                for choice in $(tr ',' ' ' <<<"${word:1:${#word}-2}"); do
                    case $seen in *" =$choice "*) continue ;; esac
                    seen="$seen=$choice "
                    grep -qE "\\\\fB$(literal "$(roff "$choice")")\\\\f|^\.B $(literal "$(roff "$choice")")$" "$man" && ok ||
                        fail "man/salesrep.1 does not document the value '$choice' (of an option of '$cmd')"
                done
                ;;
        esac
    done
done <<<"$options"

echo "man: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
