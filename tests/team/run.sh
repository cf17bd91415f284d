#!/usr/bin/env bash
# A team on one book, with real git (SPEC §1, §7, README "A team on one book"):
# a bare repository and three clones in a temporary directory; each clone's
# agent logs 50 entries in rounds while the others push and pull; then every
# clone must be byte-identical, check clean, and report exactly what a single
# book that received the same entries reports. The same with
# `files: write_to: ledger/{agent}.ledger`. Then what merge=union cannot do
# (two clones winning one deal), a ledger with conflict markers, init's git
# files, init --empty, write_to's refusals and salesrep sync's errors.
#
#   SALESREP_BIN=build/salesrep bash tests/team/run.sh
#
# Git's identity comes from the environment (CI has no global git config).
set -u

BIN=${SALESREP_BIN:?set SALESREP_BIN to the salesrep binary}
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
# Without git: a skip (exit 77: SKIP_RETURN_CODE makes ctest show "Not Run", never
# "Passed"), and in CI ($CI set and not "false") a failure.
if ! command -v git >/dev/null 2>&1; then
    if [ -n "${CI:-}" ] && [ "${CI:-}" != false ]; then echo "FAIL: git is not installed (CI=$CI)"; exit 1; fi
    echo "SKIP: git is not installed"
    exit 77
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/salesrep-team.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export HOME="$TMP/home" GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null LC_ALL=C.UTF-8 TZ=UTC NO_COLOR=1
unset SALESREP_AGENT SALESREP_BOOK SALESREP_TODAY GIT_DIR GIT_WORK_TREE
mkdir -p "$HOME"
TODAY=2026-12-01
AGENTS=(ann ben cy)

FAILED=0 PASSED=0
pass() { PASSED=$((PASSED + 1)); }
fail() {
    FAILED=$((FAILED + 1))
    printf 'FAIL: %s\n' "$1" >&2
    if [ -n "${2-}" ]; then printf '%s\n' "$2" | head -40 | sed 's/^/    /' >&2; fi
}
# ok CONDITION-STATUS NAME [DETAILS]: pass when the status given is 0.
ok() { if [ "$1" = 0 ]; then pass; else fail "$2" "${3-}"; fi; }

# as AGENT CMD...: runs CMD with AGENT's git identity (user.name and user.email,
# as `git config` reads them, and the author/committer of commits).
as() {
    local who=$1
    shift
    GIT_CONFIG_COUNT=2 GIT_CONFIG_KEY_0=user.email GIT_CONFIG_VALUE_0="$who@team.example" \
        GIT_CONFIG_KEY_1=user.name GIT_CONFIG_VALUE_1="${who^}" \
        GIT_AUTHOR_NAME="${who^}" GIT_AUTHOR_EMAIL="$who@team.example" \
        GIT_COMMITTER_NAME="${who^}" GIT_COMMITTER_EMAIL="$who@team.example" "$@"
}

# ---- the book the team starts from --------------------------------------------
# make_base DIR [write_to]: `init --empty`, then the set-up a team lead writes
# once: three agents, a client and six deals each.
make_base() {
    local dir=$1 mode=${2-}
    as ann "$BIN" -q init --empty "$dir" || return 1
    if [ "$mode" = write_to ]; then
        sed -i 's|^  ledger: sales.ledger$|  ledger: ledger/*.ledger\n  write_to: ledger/{agent}.ledger|' "$dir/salesrep.yaml"
        rm "$dir/sales.ledger"
    fi
    {
        echo "teams:"
        echo "  - { id: sales, name: Sales, lead: ann }"
        echo "agents:"
        for a in "${AGENTS[@]}"; do echo "  - { id: $a, name: ${a^}, email: $a@team.example, team: sales }"; done
    } >"$dir/team.yaml"
    {
        echo "clients:"
        for a in "${AGENTS[@]}"; do echo "  - { id: c-$a, name: Client of ${a^}, segment: smb, owner: $a }"; done
    } >"$dir/clients.yaml"
    {
        echo "deals:"
        for a in "${AGENTS[@]}"; do
            for i in 1 2 3 4 5 6; do
                echo "  - { id: $a-d$i, client: c-$a, owner: $a, amount: $((i * 2000 + 10000)), opened: 2026-09-01, stage: lead, expected_close: 2026-12-31 }"
            done
        done
    } >"$dir/deals.yaml"
}

# The 50 entries of agent $1, in order: one a day from 2026-10-02. Each line is
# a salesrep command line (without --date): calls, moves, a new client and a
# new deal for it (`add-client`, `open`: no YAML edit), invoices and payments.
entries_of() {
    local a=$1 c="c-$1"
    local d1=$a-d1 d2=$a-d2 d3=$a-d3 d4=$a-d4 d5=$a-d5 d6=$a-d6
    cat <<EOF
log call $d1 intro
log call $d2 intro
log call $d3 intro
move $d1 qualified
log meeting $d1 "needs analysis"
move $d2 qualified
log call $d4 intro
move $d1 proposal
log email $d2 "deck sent"
move $d3 qualified
log call $d5 intro
move $d1 negotiation
add-client n-$a "New client of $a" --segment smb --contact "Kim Lee"
move $d2 proposal
log call $d6 intro
won $d1
invoice $c 12000 --ref INV-$a-1
move $d4 qualified
log call $d3 follow-up
lost $d3 --reason "No budget"
move $d2 negotiation
pay $c 6000 --ref INV-$a-1
move $d5 qualified
log visit $d4 "site visit"
won $d2 15000
invoice $c 15000 --ref INV-$a-2
move $d4 proposal
open $a-n1 n-$a 8000 "First order" --stage qualified --close 2026-12-15
move $d6 qualified
next $d4 2026-12-05 "Send the quote"
pay $c 6000 --ref INV-$a-1
log message $d5 "terms by chat"
move $d5 proposal
set $d4 amount=22000 close=2026-12-20
log call $d4 "quote sent"
move $d4 negotiation
pay $c 15000 --ref INV-$a-2
log note $d6 "new CFO from January"
move $d6 proposal
reopen $d3
log call $d3 "back in budget"
move $d3 proposal
log meeting $d5 terms
move $d5 negotiation
move $a-n1 proposal
log call $c "account review"
move $d6 negotiation
set $d5 probability=60
won $d4
invoice $c 22000 --ref INV-$a-3
EOF
}

# write_entries DIR AGENT FROM TO [how]: entries FROM..TO (1-based) of AGENT
# into the book in DIR. how=git: who writes comes from git's user.email (a
# clone); else from $SALESREP_AGENT (the single book, no git).
write_entries() {
    local dir=$1 a=$2 from=$3 to=$4 how=${5-} k=0 line day
    while IFS= read -r line; do
        k=$((k + 1))
        [ "$k" -lt "$from" ] || [ "$k" -gt "$to" ] && continue
        day=$(date -u -d "2026-10-01 +$k day" +%F)
        eval "set -- $line"
        # (A book with write_to warns that ledger/*.ledger matches no file until its first entry.)
        if [ "$how" = git ]; then
            (cd "$dir" && as "$a" "$BIN" -q --today "$TODAY" "$@" --date "$day") 2>"$TMP/err" || {
                fail "$a's entry $k in $dir: salesrep $line" "$(cat "$TMP/err")"
                return 1
            }
        else
            (cd "$dir" && SALESREP_AGENT=$a "$BIN" -q --today "$TODAY" "$@" --date "$day") 2>"$TMP/err" || {
                fail "$a's entry $k in the single book: salesrep $line" "$(cat "$TMP/err")"
                return 1
            }
        fi
    done < <(entries_of "$a")
}

# share DIR AGENT ROUND: the clone's commits reach the others, as README says:
# by hand on odd rounds, with `salesrep sync` on even ones. Fails on any git
# error, and on a pull that left a conflict.
share() {
    local dir=$1 a=$2 round=$3 out
    if [ $((round % 2)) = 1 ]; then
        out=$(cd "$dir" && as "$a" git add -A 2>&1 && as "$a" git commit -q -m "$a, round $round" 2>&1) ||
            { fail "git commit in $a's clone, round $round" "$out"; return 1; }
        out=$(cd "$dir" && as "$a" git pull -q --rebase 2>&1) ||
            { fail "git pull --rebase in $a's clone, round $round: a conflict" "$out
$(cd "$dir" && git status --short)"; return 1; }
        out=$(cd "$dir" && as "$a" git push -q 2>&1) || { fail "git push from $a's clone, round $round" "$out"; return 1; }
    else
        out=$(cd "$dir" && as "$a" "$BIN" --today "$TODAY" sync -m "$a, round $round" 2>&1) ||
            { fail "salesrep sync in $a's clone, round $round" "$out"; return 1; }
    fi
    [ -z "$(cd "$dir" && git status --porcelain --untracked-files=all)" ] ||
        { fail "$a's clone is not clean after sharing, round $round" "$(cd "$dir" && git status --short)"; return 1; }
    pass
}

# The reports a book gives as of TODAY, in DIR/out: the table and every CSV.
reports() {
    local dir=$1 out=$2
    mkdir -p "$out/csv"
    (cd "$dir" && "$BIN" --today "$TODAY" report >"$out/report.txt" 2>"$out.err" &&
        "$BIN" --today "$TODAY" report --format csv -o "$out/csv" >/dev/null 2>>"$out.err" &&
        "$BIN" --today "$TODAY" balance --format csv >"$out/balance.csv" 2>>"$out.err")
}

# team MODE: the whole exercise, with one ledger file (MODE "") or one per agent.
team() {
    local mode=$1 W="$TMP/team${1:+-$1}"
    mkdir -p "$W"
    git init -q --bare -b main "$W/remote.git"
    make_base "$W/setup" "$mode" || { fail "init --empty and the set-up ($mode)"; return; }
    (cd "$W/setup" && git init -q -b main && as ann git add -A && as ann git commit -q -m "The book" &&
        git remote add origin "$W/remote.git" && as ann git push -q -u origin main) ||
        { fail "the shared repository ($mode)"; return; }
    for a in "${AGENTS[@]}"; do git clone -q "$W/remote.git" "$W/$a" || { fail "git clone for $a"; return; }; done
    cp -R "$W/setup" "$W/single" && rm -rf "$W/single/.git"
    sed -i 's|^  write_to: .*$||; s|^  ledger: ledger/\*.ledger$|  ledger: sales.ledger|' "$W/single/salesrep.yaml"

    local round from to a
    for round in 1 2 3 4 5; do
        from=$(((round - 1) * 10 + 1)) to=$((round * 10))
        # Everyone logs their day's entries, then shares them in turn: each pull
        # brings the others' lines into a ledger that has new lines of its own.
        for a in "${AGENTS[@]}"; do write_entries "$W/$a" "$a" "$from" "$to" git || return; done
        for a in "${AGENTS[@]}"; do write_entries "$W/single" "$a" "$from" "$to" || return; done
        for a in "${AGENTS[@]}"; do share "$W/$a" "$a" "$round" || return; done
    done
    for a in "${AGENTS[@]}"; do
        out=$(cd "$W/$a" && as "$a" git pull -q --rebase 2>&1) || fail "the last pull in $a's clone ($mode)" "$out"
    done

    # Every clone holds the same bytes.
    for a in ben cy; do
        out=$(diff -r --exclude=.git --exclude=.salesrep "$W/ann" "$W/$a" 2>&1)
        ok $? "$mode: ann's and $a's clones differ after the last pull" "$out"
    done
    local lines
    if [ "$mode" = write_to ]; then
        [ "$(ls "$W/ann/ledger")" = "$(printf 'ann.ledger\nben.ledger\ncy.ledger')" ] &&
            [ "$(cat "$W/ann/ledger/"*.ledger | wc -l)" = 150 ] && ! grep -q "@ann" "$W/ann/ledger/ben.ledger"
        ok $? "write_to: one file per agent, 50 lines each" "$(ls -l "$W/ann/ledger"; wc -l "$W/ann/ledger/"*)"
        lines=$(cat "$W/ann/ledger/"*.ledger | sort)
    else
        lines=$(grep -v '^#' "$W/ann/sales.ledger" | sort)
    fi
    [ "$lines" = "$(grep -v '^#' "$W/single/sales.ledger" | sort)" ]
    ok $? "$mode: the clones' ledger lines are the single book's (150, none lost, none twice)" \
        "$(diff <(echo "$lines") <(grep -v '^#' "$W/single/sales.ledger" | sort))"

    # check is clean everywhere, and every report is the single book's.
    reports "$W/single" "$W/out-single" || fail "$mode: the single book's reports" "$(cat "$W/out-single.err")"
    for a in "${AGENTS[@]}"; do
        out=$(cd "$W/$a" && "$BIN" --today "$TODAY" check 2>&1)
        [ $? = 0 ] && [ "$out" = "0 errors, 0 warnings" ]
        ok $? "$mode: check in $a's clone" "$out"
        reports "$W/$a" "$W/out-$a" || fail "$mode: the reports of $a's clone" "$(cat "$W/out-$a.err")"
        out=$(diff -r "$W/out-single" "$W/out-$a" 2>&1)
        ok $? "$mode: $a's clone reports what the single book reports" "$out"
    done
    [ "$(ls "$W/out-ann/csv" | wc -l)" -ge 7 ] && grep -q "c-ben" "$W/out-ann/balance.csv"
    ok $? "$mode: the reports compared are not empty" "$(ls "$W/out-ann/csv")"
}

team ""
team write_to

# ---- what merge=union cannot do: two clones win the same deal -----------------
W="$TMP/semantic"
mkdir -p "$W"
git init -q --bare -b main "$W/remote.git"
make_base "$W/setup"
(cd "$W/setup" && git init -q -b main && as ann git add -A && as ann git commit -q -m "The book" &&
    git remote add origin "$W/remote.git" && as ann git push -q -u origin main)
git clone -q "$W/remote.git" "$W/ann" && git clone -q "$W/remote.git" "$W/ben"
(cd "$W/ann" && as ann "$BIN" -q --today "$TODAY" won ann-d1 --date 2026-11-30 && as ann git commit -qam "won" &&
    as ann git push -q)
(cd "$W/ben" && as ben "$BIN" -q --today "$TODAY" won ann-d1 13000 --date 2026-11-30 --time 17:00 &&
    as ben git commit -qam "won too")
out=$(cd "$W/ben" && as ben git pull -q --rebase 2>&1)
ok $? "two wins of one deal: the pull itself has no conflict (merge=union)" "$out"
out=$(cd "$W/ben" && "$BIN" --today "$TODAY" check 2>&1)
rc=$?
l1=$(grep -n '^2026-11-30 won ann-d1 @ann' "$W/ben/sales.ledger" | cut -d: -f1)
l2=$(grep -n '^2026-11-30 17:00 won ann-d1 13000.00 @ben' "$W/ben/sales.ledger" | cut -d: -f1)
[ "$rc" = 1 ] && [ -n "$l1" ] && [ -n "$l2" ] && grep -q "^sales.ledger:$l2:[0-9]*: error: .*ann-d1" <<<"$out" &&
    grep -q "^sales.ledger:$l1:1: warning: deal 'ann-d1' is closed here (won) and again at sales.ledger:$l2 (won on 2026-11-30)" <<<"$out"
ok $? "two wins of one deal: check names both lines (sales.ledger:$l1 and :$l2)" "$out"
out=$(cd "$W/ben" && as ben "$BIN" --today "$TODAY" sync 2>&1)
rc=$?
[ "$rc" = 1 ] && grep -q "nothing was pushed" <<<"$out" && [ "$(git -C "$W/remote.git" rev-list --count main)" = 2 ]
ok $? "salesrep sync does not push a book with errors" "$out"

# ---- a ledger with conflict markers (a repository without merge=union) --------
W="$TMP/markers"
mkdir -p "$W"
git init -q --bare -b main "$W/remote.git"
make_base "$W/setup"
rm "$W/setup/.gitattributes"
(cd "$W/setup" && git init -q -b main && as ann git add -A && as ann git commit -q -m "The book" &&
    git remote add origin "$W/remote.git" && as ann git push -q -u origin main)
git clone -q "$W/remote.git" "$W/ann" && git clone -q "$W/remote.git" "$W/ben"
(cd "$W/ann" && as ann "$BIN" -q --today "$TODAY" log call ann-d1 && as ann git commit -qam "a call" && as ann git push -q)
(cd "$W/ben" && as ben "$BIN" -q --today "$TODAY" log call ben-d1 && as ben git commit -qam "a call")
out=$(cd "$W/ben" && as ben git pull -q --rebase 2>&1)
[ $? != 0 ] && grep -q '^<<<<<<<' "$W/ben/sales.ledger"
ok $? "without merge=union, two appends conflict (the premise of this test)" "$out"
out=$(cd "$W/ben" && "$BIN" --today "$TODAY" check 2>&1)
rc=$?
m=$(grep -n '^<<<<<<<' "$W/ben/sales.ledger" | cut -d: -f1)
[ "$rc" = 1 ] && grep -q "^sales.ledger:$m:1: error: unresolved git merge conflict: '<<<<<<<' is a conflict marker" <<<"$out" &&
    grep -q "keep the lines of both sides" <<<"$out" && grep -q "^\^" <<<"$out" &&
    [ "$(grep -c 'unresolved git merge conflict' <<<"$out")" = 3 ]
ok $? "conflict markers: check says merge conflict, at each marker, with the line and a caret" "$out"
out=$(cd "$W/ben" && "$BIN" --today "$TODAY" priority 2>&1)
[ $? = 1 ] && grep -q "unresolved git merge conflict" <<<"$out"
ok $? "conflict markers: every command stops with the same words" "$out"
out=$(cd "$W/ben" && as ben "$BIN" sync 2>&1)
[ $? = 1 ] && grep -q "in the middle of a rebase" <<<"$out"
ok $? "salesrep sync in the middle of a rebase: exit 1 and what to do" "$out"
# Resolved as the message says: both sides' lines kept, markers deleted.
sed -i '/^<<<<<<<\|^=======\|^>>>>>>>/d' "$W/ben/sales.ledger"
out=$(cd "$W/ben" && "$BIN" --today "$TODAY" check 2>&1 && as ben git add sales.ledger &&
    GIT_EDITOR=true as ben git rebase --continue 2>&1 && as ben "$BIN" -q --today "$TODAY" sync 2>&1)
[ $? = 0 ] && [ "$(git -C "$W/remote.git" show main:sales.ledger | grep -c ' call ')" = 2 ]
ok $? "resolved as check says, the book syncs with both calls" "$out"

# ---- salesrep sync's other stops -------------------------------------------------
W="$TMP/sync"
make_base "$W/plain"
out=$(cd "$W/plain" && as ann "$BIN" sync 2>&1)
[ $? = 1 ] && grep -q "is not in a git repository" <<<"$out" && grep -q "git init" <<<"$out"
ok $? "sync outside a repository: exit 1, how to make one" "$out"
(cd "$W/plain" && git init -q -b main && as ann git add -A && as ann git commit -q -m "The book")
out=$(cd "$W/plain" && as ann "$BIN" -q --today "$TODAY" log call ann-d1 && as ann "$BIN" sync 2>&1)
[ $? = 1 ] && grep -q "has no upstream" <<<"$out" && grep -q "git push -u origin HEAD" <<<"$out"
ok $? "sync without an upstream: exit 1, how to set one" "$out"
out=$(cd "$W/plain" && as ann "$BIN" --today "$TODAY" sync --no-push 2>&1)
[ $? = 0 ] && [ "$(git -C "$W/plain" log -1 --format=%s)" = "salesrep sync: new ledger entries" ] &&
    [ -z "$(git -C "$W/plain" status --porcelain)" ]
ok $? "sync --no-push without an upstream commits the ledger" "$out"
echo "2026-11-30 call ann-d2" >>"$W/plain/sales.ledger"
echo "# a note" >>"$W/plain/team.yaml"
(cd "$W/plain" && as ann "$BIN" -q sync --no-push -m "by hand")
[ "$(git -C "$W/plain" status --porcelain)" = " M team.yaml" ] && [ "$(git -C "$W/plain" log -1 --format=%s)" = "by hand" ]
ok $? "sync commits the ledger files only" "$(git -C "$W/plain" status --porcelain)"
out=$(cd "$W/plain" && PATH=/nonexistent "$BIN" sync 2>&1)
[ $? = 1 ] && grep -q "sync needs git" <<<"$out"
ok $? "sync without git: exit 1" "$out"

# ---- init: the git files; init --empty -----------------------------------------
W="$TMP/init"
mkdir -p "$W"
out=$(cd "$W" && "$BIN" init book 2>&1 && cd book && git init -q && git add -A && mkdir -p .salesrep/cache &&
    echo x >.salesrep/cache/x && git status --porcelain --ignored && git check-attr merge -- sales.ledger ledger/2025.ledger)
[ $? = 0 ] && grep -qx '!! .salesrep/' <<<"$out" && grep -qx 'sales.ledger: merge: union' <<<"$out" &&
    grep -qx 'ledger/2025.ledger: merge: union' <<<"$out" && grep -qx 'A  .gitattributes' <<<"$out" &&
    grep -qx 'A  .gitignore' <<<"$out"
ok $? "init, git init, git add -A: .gitattributes and .gitignore added, .salesrep/ ignored" "$out"
mkdir -p "$W/repo" && printf 'build/\n' >"$W/repo/.gitignore"
out=$("$BIN" -q init --empty "$W/repo" 2>&1 && "$BIN" -q init --empty "$W/repo" 2>&1)
[ "$(cat "$W/repo/.gitignore")" = "$(printf 'build/\n# salesrep: the disposable parse cache\n.salesrep/')" ]
ok $? "init into a repository with a .gitignore adds its line once" "$(cat "$W/repo/.gitignore")"
out=$(as ben "$BIN" init --empty "$W/empty" 2>&1)
[ $? = 0 ] && grep -q "the team 'sales' and its agent 'ben'" <<<"$out" &&
    grep -qF '{ id: ben, name: "Ben", email: "ben@team.example", team: sales, role: lead }' "$W/empty/team.yaml" &&
    [ "$(grep -c 'id:' "$W/empty/funnel.yaml")" = 5 ] && [ -f "$W/empty/.gitattributes" ] && [ -f "$W/empty/.gitignore" ]
ok $? "init --empty: 5 stages, one team, the agent from git's user.name and user.email" "$out
$(cat "$W/empty/team.yaml")"
out=$("$BIN" -C "$W/empty" check 2>&1)
ok $? "init --empty: check is clean" "$out"
[ "$out" = "0 errors, 0 warnings" ] || fail "init --empty: check says nothing but the count" "$out"
out=$(cd "$W/empty" && as ben "$BIN" -q log call acme 2>&1)
[ $? = 1 ] && grep -q "unknown deal or client 'acme'" <<<"$out"
ok $? "init --empty: no example data" "$out"
out=$("$BIN" init --empty "$W/nobody" 2>&1)
[ $? = 0 ] && grep -q "git has no user.name or user.email, so the agent is called 'me'" <<<"$out" &&
    grep -qF '{ id: me, name: "Me", team: sales, role: lead }' "$W/nobody/team.yaml" &&
    "$BIN" -C "$W/nobody" -q check
ok $? "init --empty without a git identity: the agent 'me', a note that says what to do, check clean" "$out"

# ---- write_to: the agent's file; no agent, no write; ledger: must read it ----------
W="$TMP/write_to"
make_base "$W/book" write_to
before=$(cd "$W/book" && find . -type f | sort)
out=$(cd "$W/book" && "$BIN" --today "$TODAY" log call ann-d1 2>&1)
[ $? = 1 ] && grep -qF -- "--by AGENT" <<<"$out" && grep -qF '$SALESREP_AGENT' <<<"$out" &&
    grep -qF "git config user.email" <<<"$out" && [ "$(cd "$W/book" && find . -type f | sort)" = "$before" ]
ok $? "write_to without a known agent: refused, naming --by, \$SALESREP_AGENT and git; nothing written" "$out"
out=$(cd "$W/book" && "$BIN" -q --today "$TODAY" log call ann-d1 --by ben 2>&1 &&
    SALESREP_AGENT=cy "$BIN" -q --today "$TODAY" log call ann-d2 && as ann "$BIN" -q --today "$TODAY" log call ann-d3)
[ "$(cat "$W/book/ledger/ben.ledger")" = "$TODAY call ann-d1 @ben" ] &&
    [ "$(cat "$W/book/ledger/cy.ledger")" = "$TODAY call ann-d2 @cy" ] &&
    [ "$(cat "$W/book/ledger/ann.ledger")" = "$TODAY call ann-d3 @ann" ] && "$BIN" -C "$W/book" -q --today "$TODAY" check
ok $? "write_to: --by, \$SALESREP_AGENT and git's user.email each write the agent's file, created when missing" \
    "$out
$(head "$W/book/ledger/"*)"
sed -i 's|^  ledger: ledger/\*.ledger$|  ledger: [ledger/ann.ledger, ledger/ben.ledger]|' "$W/book/salesrep.yaml"
out=$("$BIN" -C "$W/book" --today "$TODAY" check 2>&1)
[ $? = 1 ] && grep -q "files.write_to sends the entries of agent 'cy' to 'ledger/cy.ledger', which files.ledger does not read" <<<"$out"
ok $? "check: an error when files.ledger does not read what write_to writes" "$out"

echo "team: $PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
