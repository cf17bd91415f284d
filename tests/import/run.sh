#!/usr/bin/env bash
# End-to-end tests of `salesrep import`:
#   1. the public CRM export (../shared/data/crm-sales-opportunities next to the
#      repository, or $CRM_DATA): imported into a new book (timed), checked, and
#      salesrep's reports compared with figures that awk computes from the raw
#      CSV files: won count and total, per quarter of 2017, per agent, per
#      sector; lost and open counts. The deals are `open` entries of
#      imported/sales_pipeline.ledger, read before sales.ledger (which takes new
#      entries). Then importing again must add nothing.
#   2. a small messy export (tests/import/messy): BOM, CRLF, quoting, rejected
#      rows; the exact output is compared with messy/expected.out.
#   3. importing into an existing book (a copy of examples/northwind): the files:
#      lines it asks for, the import, a later export adding outcomes and a deal.
#   SALESREP_BIN=build/salesrep bash tests/import/run.sh
#   UPDATE=1 ... rewrites messy/expected.out
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${SALESREP_BIN:?set SALESREP_BIN to the salesrep binary}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
data=${CRM_DATA:-$root/../shared/data/crm-sales-opportunities}
export NO_COLOR=1 LC_ALL=C.UTF-8 TZ=UTC
unset SALESREP_BOOK SALESREP_TODAY SALESREP_AGENT COLUMNS
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0 checks=0

same() {  # WHAT EXPECTED ACTUAL
    checks=$((checks + 1))
    if [ "$2" != "$3" ]; then
        echo "FAIL $1:"
        echo "  expected: $(echo "$2" | head -c 2000)"
        echo "  salesrep: $(echo "$3" | head -c 2000)"
        fail=$((fail + 1))
    fi
}

# Prints the named columns of a salesrep CSV (header row first) for the rows
# whose first column is SCOPE (all rows when SCOPE is empty), comma-separated.
columns() {  # SCOPE COLUMN... < CSV
    awk -F, -v scope="$1" -v want="${*:2}" '
        NR == 1 { n = split(want, w, " "); for (i = 1; i <= NF; i++) idx[$i] = i; next }
        scope == "" || $1 == scope {
            line = ""
            for (i = 1; i <= n; i++) line = line (i > 1 ? "," : "") $(idx[w[i]])
            print line
        }'
}

# ---- 1. the public CRM export ----------------------------------------------------
if [ ! -f "$data/sales_pipeline.csv" ]; then
    echo "skip: no CRM export at $data (set CRM_DATA)"
else
    book=$tmp/crm
    sr() { "$bin" -C "$book" --today 2017-12-31 "$@"; }
    start=$(date +%s.%N)
    "$bin" import "$data/sales_pipeline.csv" --rules "$root/examples/import/crm-sales-opportunities.rules.yaml" \
        --new "$book" >"$tmp/import.out" 2>"$tmp/import.err"
    rc=$?
    end=$(date +%s.%N)
    same "import exit status" 0 "$rc"
    [ "$rc" = 0 ] || cat "$tmp/import.err"
    echo "import of sales_pipeline.csv ($(($(wc -l <"$data/sales_pipeline.csv") - 1)) rows): $(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }') s wall clock"
    same "import summary" "teams: 6 new, 0 already present
agents: 41 new, 0 already present
clients: 86 new, 0 already present
deals: 8800 new, 0 already present
ledger entries: 6711 new, 0 already present
rejected rows: 0" "$(head -6 "$tmp/import.out")"
    same "check --today 2017-12-31" "0 errors, 0 warnings" "$(sr check 2>&1)"
    imported=$book/imported/sales_pipeline.ledger
    same "the deals are open entries of imported/sales_pipeline.ledger; sales.ledger is empty" "8800 15511 0" \
        "$(grep -c '^[0-9-]* open ' "$imported") $(wc -l <"$imported" | tr -d ' ') $(wc -c <"$book/sales.ledger" | tr -d ' ')"
    same "the book reads imported/*.ledger before sales.ledger, and a deals.yaml without deals" \
        '  ledger: ["imported/*.ledger", sales.ledger] deals: []' \
        "$(grep '^  ledger:' "$book/salesrep.yaml") $(grep -v '^#' "$book/deals.yaml")"
    start=$(date +%s.%N)
    sr report >/dev/null
    end=$(date +%s.%N)
    echo "report on the imported book (8800 open entries): $(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }') s wall clock"
    # A new entry goes to sales.ledger, the last ledger file, not to the imported one.
    before=$(cksum <"$imported")
    sr log call 1C1I7A6R "after the import" --by moses-frase >/dev/null 2>&1
    same "a new entry is appended to sales.ledger" "2017-12-31 call 1C1I7A6R @moses-frase \"after the import\"" \
        "$(cat "$book/sales.ledger")"
    same "... and the imported ledger is unchanged" "$before" "$(cksum <"$imported")"

    # The expected figures, from the raw files (no field of them is quoted).
    pipeline() { tr -d '\r' <"$data/sales_pipeline.csv" | tail -n +2; }
    # won rows: agent, close_date, close_value
    pipeline | awk -F, '$5 == "Won" { print $2 "," $7 "," $8 }' >"$tmp/won.csv"
    won_count=$(wc -l <"$tmp/won.csv" | tr -d ' ')
    won_total=$(awk -F, '{ s += $3 } END { printf "%.2f", s }' "$tmp/won.csv")
    lost_count=$(pipeline | awk -F, '$5 == "Lost"' | wc -l | tr -d ' ')
    open_count=$(pipeline | awk -F, '$5 == "Prospecting" || $5 == "Engaging"' | wc -l | tr -d ' ')

    sr activity --year 2017 --format csv >"$tmp/activity.csv"
    same "won count and total, lost count (activity --year 2017, total)" "$won_count,$won_total,$lost_count" \
        "$(columns total deals_won sales deals_lost <"$tmp/activity.csv")"
    sr deals --won --format csv >"$tmp/won_deals.csv"
    same "won count and total (deals --won)" "$won_count $won_total" \
        "$(columns '' amount <"$tmp/won_deals.csv" | awk '{ n++; s += $1 } END { printf "%d %.2f", n, s }')"
    same "lost count (deals --lost)" "$lost_count" "$(sr deals --lost --format csv | tail -n +2 | wc -l | tr -d ' ')"
    same "open count (deals --open)" "$open_count" "$(sr deals --open --format csv | tail -n +2 | wc -l | tr -d ' ')"

    for q in 1 2 3 4; do
        expected=$(awk -F, -v q="$q" 'substr($2, 1, 4) == "2017" && int((substr($2, 6, 2) - 1) / 3) + 1 == q {
                       n++; s += $3 } END { printf "%d,%.2f", n, s }' "$tmp/won.csv")
        same "won in 2017-Q$q (activity --quarter 2017-Q$q, total)" "$expected" \
            "$(sr activity --quarter "2017-Q$q" --format csv | columns total deals_won sales)"
    done

    # Per agent: ids are the names, lowercased, blanks -> '-'.
    per_agent=$(pipeline | awk -F, '
        { id = tolower($2); gsub(/ /, "-", id) }
        $5 == "Won" { won[id]++; sales[id] += $8; seen[id] = 1 }
        $5 == "Lost" { lost[id]++; seen[id] = 1 }
        END { for (id in seen) printf "%s,%d,%.2f,%d\n", id, won[id], sales[id], lost[id] }' | sort)
    same "won and lost per agent (activity --year 2017)" "$per_agent" \
        "$(columns agent id deals_won sales deals_lost <"$tmp/activity.csv" | awk -F, '$2 != 0 || $4 != 0' | sort)"
    for agent in $(echo "$per_agent" | sed -n '1p;15p;$p' | cut -d, -f1); do
        same "activity --year 2017 --agent $agent" "$(echo "$per_agent" | grep "^$agent," | cut -d, -f2-)" \
            "$(sr activity --year 2017 --agent "$agent" --format csv | columns total deals_won sales deals_lost)"
    done

    # Per sector: accounts.csv gives each account's sector (`technolgy` fixed).
    tr -d '\r' <"$data/accounts.csv" | tail -n +2 | awk -F, '{ s = $2 == "technolgy" ? "technology" : $2; print $1 "," s }' \
        >"$tmp/sectors.csv"
    per_sector=$(pipeline | awk -F, -v OFS=, '
        NR == FNR { sector[$1] = $2; next }
        { s = $4 == "" ? "(none)" : sector[$4] }
        $5 == "Won" { won[s]++; sales[s] += $8 }
        $5 == "Lost" { lost[s]++ }
        $5 == "Prospecting" || $5 == "Engaging" { open[s]++ }
        { all[s] = 1 }
        END {
            for (s in all) {
                mean = ""   # mean won amount in cents, rounded half up
                if (won[s]) { c = int((sales[s] * 200 + won[s]) / (2 * won[s])); mean = sprintf("%d.%02d", int(c / 100), c % 100) }
                print s, won[s] + 0, lost[s] + 0, open[s] + 0, mean
            }
        }' "$tmp/sectors.csv" - | sort)
    same "won, lost, open and mean won per sector (funnel, win rate by industry)" "$per_sector" \
        "$(sr funnel --format md | awk -F'|' '{ for (i = 2; i < NF; i++) { gsub(/^ +| +$|,/, "", $i) } }
              $2 == "industry" { print $3 "," $4 "," $5 "," $6 "," $8 }' | sort)"
    # ... and the exact won total per sector, joining deals.csv with the accounts
    # (client ids are the account names, lowercased, blanks -> '-', '&' dropped).
    same "won total per sector (deals --won joined with accounts.csv)" \
        "$(pipeline | awk -F, 'NR == FNR { sector[$1] = $2; next } $5 == "Won" { s[sector[$4]] += $8 }
              END { for (k in s) printf "%s,%.2f\n", k, s[k] }' "$tmp/sectors.csv" - | sort)" \
        "$(awk -F, 'NR == FNR { id = tolower($1); gsub(/ /, "-", id); gsub(/[^a-z0-9._-]/, "", id); gsub(/-+/, "-", id)
                                sector[id] = $2; next }
                    FNR == 1 { for (i = 1; i <= NF; i++) idx[$i] = i; next }
                    { s[sector[$(idx["client"])]] += $(idx["amount"]) }
                    END { for (k in s) printf "%s,%.2f\n", k, s[k] }' "$tmp/sectors.csv" "$tmp/won_deals.csv" | sort)"

    # Importing again adds nothing.
    before=$(cat "$book/imported/"* "$book/sales.ledger" | cksum)
    "$bin" -C "$book" import "$data/sales_pipeline.csv" --rules "$root/examples/import/crm-sales-opportunities.rules.yaml" \
        >"$tmp/again.out" 2>/dev/null
    same "importing again: exit status and summary" "0 teams: 0 new, 6 already present
agents: 0 new, 41 already present
clients: 0 new, 86 already present
deals: 0 new, 8800 already present
ledger entries: 0 new, 6711 already present
rejected rows: 0" "$? $(cat "$tmp/again.out")"
    same "importing again: the files are unchanged" "$before" "$(cat "$book/imported/"* "$book/sales.ledger" | cksum)"
    same "importing again: no new file" "3" "$(ls "$book/imported" | wc -l | tr -d ' ')"
fi

# ---- 2. a messy export -----------------------------------------------------------
messy=$here/messy
(
    cd "$messy" || exit 99
    "$bin" -q import export.csv --rules messy.rules.yaml --new "$tmp/messy" 2>&1
    echo "--- exit $? ---"
    "$bin" -C "$tmp/messy" check --today 2017-12-31
    "$bin" -C "$tmp/messy" --today 2017-12-31 activity --year 2017 --format csv
    "$bin" -C "$tmp/messy" --today 2017-12-31 deals --format csv
    cat "$tmp/messy/salesrep.yaml" "$tmp/messy/deals.yaml" "$tmp/messy/imported/export.ledger"
    echo "--- sales.ledger: $(wc -c <"$tmp/messy/sales.ledger") bytes ---"
    "$bin" -q import export.csv --rules messy.rules.yaml --dry-run 2>&1   # no book here
    echo "--- exit $? ---"
    "$bin" -q import export.csv --rules messy.rules.yaml --new "$tmp/messy" 2>&1
    echo "--- exit $? ---"
) | sed "s#$tmp#TMP#g" >"$tmp/messy.out"
if [ "${UPDATE:-}" = 1 ]; then
    cp "$tmp/messy.out" "$messy/expected.out"
fi
checks=$((checks + 1))
if ! diff -u "$messy/expected.out" "$tmp/messy.out" >"$tmp/diff"; then
    echo "FAIL the messy export (tests/import/messy/expected.out):"
    head -60 "$tmp/diff"
    fail=$((fail + 1))
fi

# ---- 3. into an existing book ----------------------------------------------------
nw=$tmp/northwind
cp -r "$root/examples/northwind" "$nw"
ledger_before=$(cksum "$nw/sales.ledger")
(cd "$messy" && "$bin" -C "$nw" -q --today 2026-11-26 import export.csv --rules northwind.rules.yaml \
    >"$tmp/nw1.out" 2>"$tmp/nw1.err")
same "a book that does not read imported/: exit status" 1 "$?"
same "a book that does not read imported/: the lines to add" '  team: [team.yaml, "imported/*.team.yaml"]
  clients: [clients.yaml, "imported/*.clients.yaml"]
  ledger: [ledger/2025.ledger, "imported/*.ledger", sales.ledger]' "$(sed -n '/^files:$/,$p' "$tmp/nw1.err" | tail -n +2)"
same "a book that does not read imported/: why imported/*.ledger goes before sales.ledger" \
    "The imported deals are 'open' entries in imported/export.ledger: 'ledger:' must read imported/*.ledger before its last file, the one that takes new entries." \
    "$(grep "^The imported deals" "$tmp/nw1.err")"
same "a book that does not read imported/: nothing written" "$ledger_before no imported/" \
    "$(cksum "$nw/sales.ledger") $([ -e "$nw/imported" ] && echo imported/ exists || echo no imported/)"
# Put the printed lines in place of the keys they name.
sed -n '/^files:$/,$p' "$tmp/nw1.err" | tail -n +2 >"$tmp/lines"
while IFS= read -r line; do
    key=$(echo "$line" | sed 's/^ *\([a-z]*\):.*/\1/')
    awk -v key="$key" -v repl="$line" '$0 ~ "^  " key ":" { print repl; next } { print }' "$nw/salesrep.yaml" >"$tmp/s.yaml"
    mv "$tmp/s.yaml" "$nw/salesrep.yaml"
done <"$tmp/lines"
(cd "$messy" && "$bin" -C "$nw" -q --today 2026-11-26 import export.csv --rules northwind.rules.yaml \
    >"$tmp/nw2.out" 2>/dev/null)
same "into the book: exit status" 0 "$?"
same "into the book: summary" "deals: 4 new, 0 already present
ledger entries: 2 new, 0 already present" "$(grep -E '^(deals|ledger)' "$tmp/nw2.out")"
same "into the book: check" "0 errors, 0 warnings" "$("$bin" -C "$nw" check --today 2026-11-26 --no-warnings 2>&1)"
same "into the book: its ledger file, sales.ledger unchanged" '2017-01-15 open m-1 client:acme-inc amount:12500.50 stage:qualified source:crm @ann-lee "Widgets for Acme, Inc."
2017-02-01 open m-2 client:acme-inc amount:0.00 stage:qualified source:crm @bob-roy "Gadgets for Acme, Inc."
2017-02-20 lost m-2 reason:"Too \"expensive\", they said"
2017-03-01 won m-1 12500.50
2017-03-05 open m-3 client:globex amount:800.00 stage:qualified source:crm @ann-lee "Multi line product for Globex"
2017-04-03 open m-13 client:initech amount:2000.00 stage:qualified source:crm @bob-roy "Widgets for Initech"
'"$ledger_before" "$(cat "$nw/imported/export.ledger"; cksum "$nw/sales.ledger")"
# A later export: two outcomes and a new deal, in a new file imported/update.ledger.
update() {  # BOOK OUT: imports update.csv into BOOK
    (cd "$messy" && "$bin" -C "$1" -q --today 2026-11-26 import update.csv --rules northwind.rules.yaml >"$2" 2>&1)
}
update_ledger='2017-05-01 lost m-3 reason:"No budget, this year"
2017-05-02 won m-13 2100.00
2017-05-03 open m-20 client:initech amount:0.00 stage:lead source:crm @ann-lee "Gizmos for Initech"'
update "$nw" "$tmp/nw3.out"
same "a later export: exit status and summary" "0 deals: 1 new, 2 already present
ledger entries: 2 new, 0 already present" "$? $(grep -E '^(deals|ledger)' "$tmp/nw3.out")"
same "a later export: its ledger file" "$update_ledger" "$(cat "$nw/imported/update.ledger")"
same "a later export: its files" "export.clients.yaml export.ledger export.team.yaml update.ledger" \
    "$(ls "$nw/imported" | tr '\n' ' ' | sed 's/ $//')"
same "a later export: check" "0 errors, 0 warnings" "$("$bin" -C "$nw" check --today 2026-11-26 --no-warnings 2>&1)"
update "$nw" "$tmp/nw4.out"
same "the later export again: nothing new, no new file, sales.ledger unchanged" "0 deals: 0 new, 3 already present
ledger entries: 0 new, 2 already present 4 $ledger_before" \
    "$? $(grep -E '^(deals|ledger)' "$tmp/nw4.out") $(ls "$nw/imported" | wc -l | tr -d ' ') $(cksum "$nw/sales.ledger")"

# A book imported into by an earlier version: the deals in imported/export.deals.yaml
# (which files: deals: lists), their outcomes appended to sales.ledger. It is still
# read; importing again finds everything there, and a later export asks for the
# ledger: line, then adds imported/update.ledger.
old=$tmp/old
cp -r "$root/examples/northwind" "$old"
mkdir "$old/imported"
cp "$nw/imported/export.team.yaml" "$nw/imported/export.clients.yaml" "$old/imported/"
cat >"$old/imported/export.deals.yaml" <<'EOF'
# deals, as they were when opened: written once by 'salesrep import'; later changes go in the ledger.
deals:
  - { id: m-1, client: acme-inc, title: "Widgets for Acme, Inc.", owner: ann-lee, amount: 12500.50, opened: 2017-01-15, stage: qualified, source: crm }
  - { id: m-2, client: acme-inc, title: "Gadgets for Acme, Inc.", owner: bob-roy, amount: 0.00, opened: 2017-02-01, stage: qualified, source: crm }
  - { id: m-3, client: globex, title: Multi line product for Globex, owner: ann-lee, amount: 800.00, opened: 2017-03-05, stage: qualified, source: crm }
  - { id: m-13, client: initech, title: Widgets for Initech, owner: bob-roy, amount: 2000.00, opened: 2017-04-03, stage: qualified, source: crm }
EOF
printf '%s\n' '2017-02-20 lost m-2 reason:"Too \"expensive\", they said"' '2017-03-01 won m-1 12500.50' >>"$old/sales.ledger"
sed -i -e 's|^  team: .*|  team: [team.yaml, "imported/*.team.yaml"]|' \
    -e 's|^  clients: .*|  clients: [clients.yaml, "imported/*.clients.yaml"]|' \
    -e 's|^  deals: .*|  deals: [deals.yaml, "imported/*.deals.yaml"]|' "$old/salesrep.yaml"
same "an earlier version's book: check" "0 errors, 0 warnings" "$("$bin" -C "$old" check --today 2026-11-26 --no-warnings 2>&1)"
old_ledger=$(cksum "$old/sales.ledger")
(cd "$messy" && "$bin" -C "$old" -q --today 2026-11-26 import export.csv --rules northwind.rules.yaml >"$tmp/old1.out" 2>&1)
same "an earlier version's book, the same export again: nothing new, no new file" "0 deals: 0 new, 4 already present
ledger entries: 0 new, 2 already present 3" \
    "$? $(grep -E '^(deals|ledger)' "$tmp/old1.out") $(ls "$old/imported" | wc -l | tr -d ' ')"
update "$old" "$tmp/old2.out"
same "an earlier version's book, a later export: the ledger: line to use" \
    '1   ledger: [ledger/2025.ledger, "imported/*.ledger", sales.ledger]' "$? $(sed -n '/^files:$/,$p' "$tmp/old2.out" | tail -n +2)"
sed -i 's|^  ledger: .*|  ledger: [ledger/2025.ledger, "imported/*.ledger", sales.ledger]|' "$old/salesrep.yaml"
update "$old" "$tmp/old3.out"
same "an earlier version's book, a later export: its ledger file, sales.ledger unchanged" \
    "0 $update_ledger $old_ledger" "$? $(cat "$old/imported/update.ledger") $(cksum "$old/sales.ledger")"
same "an earlier version's book, a later export: check" "0 errors, 0 warnings" \
    "$("$bin" -C "$old" check --today 2026-11-26 --no-warnings 2>&1)"

# ---- 4. the presets of examples/import, on their synthetic samples ---------------
# Every figure is computed from the raw CSV files by tests/import/presets.py (its
# own reading of amounts like $22,700.00, (1,200.00), 22 700,00 EUR and dates like
# 4/15/2021 and 15 Apr, 2021 00:02:00), then compared with salesrep's reports.
expect() { python3 "$here/presets.py" "$@"; }
for preset in opportunities deals-activities; do
    case $preset in
    opportunities) export_csv=opportunities.csv tables=opportunity_history.csv ;;
    deals-activities) export_csv=deals.csv tables=activities.csv ;;
    esac
    src=$root/examples/import/$preset
    book=$tmp/preset-$preset
    sr() { "$bin" -C "$book" --today 2021-12-31 "$@"; }
    "$bin" -q --today 2021-12-31 import "$src/$export_csv" --rules "$root/examples/import/$preset.rules.yaml" \
        --new "$book" >"$tmp/p.out" 2>"$tmp/p.err"
    same "$preset: import exit status" 0 "$?"
    same "$preset: check" "0 errors, 0 warnings" "$(sr check 2>&1)"
    same "$preset: the export's rejected lines (negative amounts in every form, foreign currencies)" \
        "$(expect $preset rejected-deals)" \
        "$(grep -o "^$src/$export_csv:[0-9]*" "$tmp/p.err" | sed 's/.*://' | tr '\n' ' ' | sed 's/ $//')"
    won=$(sr deals --won --format csv | columns '' amount | awk '{ n++; s += $1 } END { printf "%d,%.2f", n, s }')
    lost=$(sr deals --lost --format csv | tail -n +2 | wc -l | tr -d ' ')
    open=$(sr deals --open --format csv | columns '' amount | awk '{ n++; s += $1 } END { printf "%d,%.2f", n, s }')
    same "$preset: won count and total, lost count, open count and amount" "$(expect $preset totals)" \
        "$won $lost $open"
    same "$preset: won, sales and lost per agent (activity --year 2021)" "$(expect $preset per-agent)" \
        "$(sr activity --year 2021 --format csv | columns agent id deals_won sales deals_lost | sort)"
    same "$preset: open deals end in the export's stage and close date" "$(expect $preset open-deals)" \
        "$(sr deals --open --format csv | columns '' deal stage expected_close | sort)"
    # Importing again adds nothing (ids from the export, or from {_row}, are stable).
    before=$(cat "$book/imported/"* "$book/sales.ledger" | cksum)
    "$bin" -C "$book" -q --today 2021-12-31 import "$src/$export_csv" --rules "$root/examples/import/$preset.rules.yaml" \
        >"$tmp/p2.out" 2>/dev/null
    same "$preset: importing again: exit status, nothing new" "0 0 0" \
        "$? $(sed -n 's/^deals: \([0-9]*\) new.*/\1/p' "$tmp/p2.out") $(sed -n 's/^ledger entries: \([0-9]*\) new.*/\1/p' "$tmp/p2.out")"
    same "$preset: importing again: the files are unchanged, none added" "$before 3" \
        "$(cat "$book/imported/"* "$book/sales.ledger" | cksum) $(ls "$book/imported" | wc -l | tr -d ' ')"
done
book=$tmp/preset-opportunities
same "opportunities: the history's stage and set close: lines" "$(expect opportunities history-lines)" \
    "$(grep -E '^[0-9-]+ (stage|set) ' "$book/imported/opportunities.ledger" | sort)"
same "opportunities: the history's rejected rows" "opportunity_history.csv:17 opportunity_history.csv:18 opportunity_history.csv:19" \
    "$("$bin" -q --today 2021-12-31 import "$root/examples/import/opportunities/opportunities.csv" \
        --rules "$root/examples/import/opportunities.rules.yaml" --dry-run --new "$tmp/nowhere" 2>&1 >/dev/null |
        grep -o 'opportunity_history.csv:[0-9]*' | tr '\n' ' ' | sed 's/ $//')"
book=$tmp/preset-deals-activities
same "deals-activities: calls, meetings and emails per agent (activity --year 2021)" \
    "$(expect deals-activities activity)" \
    "$("$bin" -C "$book" --today 2021-12-31 activity --year 2021 --format csv | columns agent id calls meetings emails | sort)"
same "deals-activities: the activities' rejected rows" "activities.csv:13 activities.csv:14 activities.csv:15 activities.csv:16" \
    "$(grep -o 'activities.csv:[0-9]*' "$tmp/p.err" | tr '\n' ' ' | sed 's/ $//')"
same "deals-activities: an activity's line (quotes in its subject)" \
    '2021-05-05 call deal-2 @eli-moreau "Follow-up: \"budget ok\""' "$(grep ' deal-2 .*budget' "$book/imported/deals.ledger")"

# ---- 5. every row rejected: exit 1, nothing written ----------------------------------
mkdir -p "$tmp/allrej"
printf 'Opportunity ID,Opportunity Name,Account Name,Opportunity Owner,Stage,Amount,Created Date,Close Date,Lead Source\n%s\n%s\n%s\n' \
    '1,A,Acme,Al,Closed Won,"EUR 9,300.00",1/4/2021,3/15/2021,Web' \
    '2,B,Acme,Al,Closed Won,"EUR 100",1/4/2021,3/15/2021,Web' \
    '3,C,Acme,Al,Prospecting,"-$5",1/4/2021,3/15/2021,Web' >"$tmp/allrej/export.csv"
echo 'Opportunity ID,Stage,Amount,Close Date,Last Modified' >"$tmp/allrej/opportunity_history.csv"
"$bin" -q import "$tmp/allrej/export.csv" --rules "$root/examples/import/opportunities.rules.yaml" \
    --new "$tmp/allrej/book" >"$tmp/allrej.out" 2>"$tmp/allrej.err"
same "all rejected: exit status 1, nothing on stdout, no book" "1  no book" \
    "$? $(cat "$tmp/allrej.out") $([ -e "$tmp/allrej/book" ] && echo book || echo no book)"
same "all rejected: the first rows, the reasons and their counts" "TMP/allrej/export.csv:2: rejected: 'EUR 9,300.00' is in EUR, not in the book's currency (USD) (column 'Amount')
TMP/allrej/export.csv:3: rejected: 'EUR 100' is in EUR, not in the book's currency (USD) (column 'Amount')
TMP/allrej/export.csv:4: rejected: '-\$5' is negative; a deal's amount is 0 or more (the expected amount, 'Amount')
salesrep: error: every row of TMP/allrej/export.csv was rejected, so nothing was written; the reasons:
  2 rows: '...' is in EUR, not in the book's currency (USD) (column 'Amount')
  1 row: '...' is negative; a deal's amount is 0 or more (the expected amount, 'Amount')" "$(sed "s#$tmp#TMP#g" "$tmp/allrej.err")"

echo "import: $checks checks, $fail failed"
[ "$fail" -eq 0 ]
