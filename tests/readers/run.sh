#!/usr/bin/env bash
# report --for: every reader's report in every format, on the example book, and
# the board's report holds no contact detail of any client (no contact name, no
# email, no phone), whatever the format.
#
#   SALESREP_BIN=build/salesrep bash tests/readers/run.sh
set -u
BIN=${SALESREP_BIN:?set SALESREP_BIN to the salesrep binary}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BOOK=$(cd "$HERE/../../examples/northwind" && pwd)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/salesrep-readers.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export SALESREP_TODAY=2026-11-26
fails=0 checks=0
fail() { echo "FAIL $*"; fails=$((fails + 1)); }
sr() { "$BIN" -C "$BOOK" "$@"; }

# Every contact detail of clients.yaml: names, emails and phone numbers.
contacts=$(python3 - "$BOOK/clients.yaml" <<'PY'
import sys, yaml
for c in yaml.safe_load(open(sys.argv[1]))["clients"]:
    k = c.get("contact") or {}
    for key in ("name", "email", "phone"):
        if k.get(key): print(k[key])
PY
)
[ "$(echo "$contacts" | wc -l)" -gt 20 ] || fail "too few contact details read from clients.yaml: $(echo "$contacts" | wc -l)"

for reader in "agent fatima" "lead north" director board; do
    name=${reader%% *}
    for format in table md json html; do
        checks=$((checks + 1))
        out=$TMP/$name.$format
        # shellcheck disable=SC2086
        if ! sr report --for $reader --format "$format" -o "$out" 2>"$TMP/err"; then
            fail "report --for $reader --format $format: exit $?: $(cat "$TMP/err")"
            continue
        fi
        [ -s "$out" ] || fail "report --for $reader --format $format wrote nothing"
    done
    checks=$((checks + 1))
    # shellcheck disable=SC2086
    sr report --for $reader --format csv -o "$TMP/$name.csv.d" 2>"$TMP/err" ||
        fail "report --for $reader --format csv: $(cat "$TMP/err")"
    [ "$(ls "$TMP/$name.csv.d" 2>/dev/null | wc -l)" -gt 0 ] || fail "report --for $reader --format csv wrote no file"
done

# The board: no contact detail in any format (a contact appears in the other readers' reports).
for f in "$TMP"/board.* "$TMP"/board.csv.d/*; do
    [ -f "$f" ] || continue
    checks=$((checks + 1))
    found=$(grep -F -f <(echo "$contacts") "$f" | head -3)
    [ -z "$found" ] || fail "the board's report $(basename "$f") holds contact details: $found"
    checks=$((checks + 1))
    ! grep -qE '[A-Za-z0-9._-]+@[A-Za-z0-9-]+\.[a-z]' "$f" || fail "the board's report $(basename "$f") holds an email"
    checks=$((checks + 1))
    ! grep -qE '\+[0-9]{1,3} [0-9]' "$f" || fail "the board's report $(basename "$f") holds a phone number"
done
# ... and the check itself can fail: the agent's report does show contacts.
checks=$((checks + 1))
grep -qF -f <(echo "$contacts") "$TMP/agent.table" || fail "the agent's report shows no contact: the board check proves nothing"

# The agent's report is the agent's: no other owner in its priority list.
checks=$((checks + 1))
others=$(awk -F, 'NR > 1 && $4 != "fatima"' "$TMP/agent.csv.d/priority.csv")
[ -z "$others" ] || fail "the agent's priority list holds other owners' deals: $others"

echo "readers: $checks checks, $fails failed"
[ "$fails" = 0 ]
