#!/usr/bin/env bash
# End-to-end tests of the writing commands (log, move, won, lost, reopen, next,
# set, invoice, pay, open, add-client) on copies of examples/northwind.
#
#   SALESREP_BIN=build/salesrep bash tests/cli/write/run.sh
#
# Environment: SALESREP_BIN (required), CONC_PROCS / CONC_CALLS (the concurrency
# test: 8 processes x 250 calls by default). Exits non-zero on any failure.
set -u

BIN=${SALESREP_BIN:?set SALESREP_BIN to the salesrep binary}
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
EXAMPLE=$(cd "$HERE/../../../examples/northwind" && pwd)
CONC_PROCS=${CONC_PROCS:-8}
CONC_CALLS=${CONC_CALLS:-250}

TMP=$(mktemp -d "${TMPDIR:-/tmp}/salesrep-write.XXXXXX")
IMMUTABLE=()
cleanup() {
    local f
    for f in "${IMMUTABLE[@]+"${IMMUTABLE[@]}"}"; do chattr -i "$f" 2>/dev/null; done
    rm -rf "$TMP"
}
trap cleanup EXIT

# Reproducible: a fixed day, no agent from the environment, git isolated from
# the machine's configuration.
export SALESREP_TODAY=2026-11-26
unset SALESREP_AGENT SALESREP_BOOK NO_COLOR
export HOME="$TMP/home" GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
mkdir -p "$HOME"

FAILED=0
PASSED=0
pass() { PASSED=$((PASSED + 1)); }
fail() {
    FAILED=$((FAILED + 1))
    printf 'FAIL: %s\n' "$1" >&2
    if [ -n "${2-}" ]; then printf '%s\n' "$2" | sed 's/^/    /' >&2; fi
}
skip() { printf 'SKIP: %s\n' "$1" >&2; }

# A copy of the example book plus fixtures whose state the tests know (the
# example's own deals change when it is regenerated).
new_book() {
    local dir="$TMP/$1"
    cp -R "$EXAMPLE" "$dir"
    cat >>"$dir/clients.yaml" <<'EOF'
  - id: wt-client
    name: Write Test Client
    industry: Testing
    segment: smb
    owner: alice
EOF
    cat >>"$dir/deals.yaml" <<'EOF'
  - { id: wt-open,   client: wt-client, title: Open deal,   owner: alice, amount: 1000, opened: 2026-11-02, stage: lead, pipeline: smb, expected_close: 2026-12-31 }
  - { id: wt-closed, client: wt-client, title: Closed deal, owner: alice, amount: 2000, opened: 2026-11-02, stage: lead, pipeline: smb, expected_close: 2026-12-31 }
  - { id: wt-late,   client: wt-client, title: Late deal,   owner: bruno, amount: 3000, opened: 2026-11-20, stage: lead, pipeline: smb, expected_close: 2026-12-31 }
  - { id: wt-hist,   client: wt-client, title: History,     owner: bruno, amount: 4000, opened: 2026-11-02, stage: lead, pipeline: smb, expected_close: 2026-12-31 }
  - { id: wt-conc,   client: wt-client, title: Concurrency, owner: carol, amount: 5000, opened: 2026-11-02, stage: lead, pipeline: smb, expected_close: 2026-12-31 }
EOF
    echo "$dir"
}

# Every regular file's sha256 and every symlink's target: "no byte changed".
snapshot() {
    (cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum && find . -type l -printf '%p -> %l\n' | sort)
}

OUT="$TMP/out" ERR="$TMP/err"
# run BOOK ARGS...: runs salesrep -C BOOK ARGS, sets RC, output in $OUT / $ERR.
# RUN_AS: a command prefix for it (setpriv ..., for the read-only ledger as root).
RUN_AS=()
run() {
    local book=$1
    shift
    "${RUN_AS[@]}" "$BIN" -C "$book" "$@" >"$OUT" 2>"$ERR"
    RC=$?
}

# expect_refused NAME BOOK PATTERN ARGS...: exit 1, PATTERN on stderr, no byte changed.
expect_refused() {
    local name=$1 book=$2 pattern=$3
    shift 3
    local before after
    before=$(snapshot "$book")
    run "$book" "$@"
    after=$(snapshot "$book")
    if [ "$RC" != 1 ]; then fail "$name: exit $RC, expected 1 (salesrep $*)" "$(cat "$ERR" "$OUT")"; return; fi
    if ! grep -qF -- "$pattern" "$ERR"; then fail "$name: stderr lacks '$pattern'" "$(cat "$ERR")"; return; fi
    if [ -s "$OUT" ]; then fail "$name: a refused write printed on stdout" "$(cat "$OUT")"; return; fi
    if [ "$before" != "$after" ]; then fail "$name: files changed" "$(diff <(echo "$before") <(echo "$after"))"; return; fi
    pass
}

# expect_usage NAME BOOK PATTERN ARGS...: exit 2, PATTERN on stderr, no byte changed.
expect_usage() {
    local name=$1 book=$2 pattern=$3
    shift 3
    local before after
    before=$(snapshot "$book")
    run "$book" "$@"
    after=$(snapshot "$book")
    if [ "$RC" != 2 ]; then fail "$name: exit $RC, expected 2 (salesrep $*)" "$(cat "$ERR" "$OUT")"; return; fi
    if ! grep -qF -- "$pattern" "$ERR"; then fail "$name: stderr lacks '$pattern'" "$(cat "$ERR")"; return; fi
    if [ "$before" != "$after" ]; then fail "$name: files changed" "$(diff <(echo "$before") <(echo "$after"))"; return; fi
    pass
}

# expect_written NAME BOOK LINE ARGS...: exit 0, LINE echoed on stderr and now the
# last line of the ledger file $LEDGER (relative to BOOK), stdout empty.
expect_written() {
    local name=$1 book=$2 line=$3
    shift 3
    run "$book" "$@"
    if [ "$RC" != 0 ]; then fail "$name: exit $RC (salesrep $*)" "$(cat "$ERR" "$OUT")"; return; fi
    if [ "$(tail -n 1 "$book/$LEDGER")" != "$line" ]; then
        fail "$name: last ledger line" "expected: $line
found:    $(tail -n 1 "$book/$LEDGER")"
        return
    fi
    if [ "$(cat "$ERR")" != "$line" ]; then fail "$name: stderr should echo the line" "$(cat "$ERR")"; return; fi
    if [ -s "$OUT" ]; then fail "$name: stdout should stay empty" "$(cat "$OUT")"; return; fi
    pass
}

expect_check_passes() {
    local name=$1 book=$2
    run "$book" check
    if [ "$RC" != 0 ] || ! grep -q '^0 errors, 0 warnings$' "$OUT"; then
        fail "$name: 'salesrep check' does not pass" "$(head -c 3000 "$OUT"; cat "$ERR")"
        return 1
    fi
    pass
}

# ---------------------------------------------------------------------------
B=$(new_book main)
expect_check_passes "the example book with the test fixtures" "$B" || {
    echo "the example book (plus fixtures) does not check; nothing else can be tested" >&2
    exit 1
}

# Which ledger file takes new entries: the one that a first write changes.
before=$(snapshot "$B")
run "$B" log call wt-client "first write"
LEDGER=$(diff <(echo "$before") <(snapshot "$B") | sed -n 's/^> [0-9a-f]*  \.\///p' | head -n 1)
if [ "$RC" != 0 ] || [ -z "$LEDGER" ]; then
    fail "a first 'log call' writes a ledger file" "$(cat "$ERR")"
    exit 1
fi
pass

# ---- one entry of every kind ----
L0=$(wc -l <"$B/$LEDGER")
expect_written "log call" "$B" '2026-11-26 call wt-open @alice "Budget confirmed" next:2026-12-03 next_what:"Send quote"' \
    log call wt-open "Budget confirmed" --by alice --next 2026-12-03 --next-what "Send quote"
expect_written "log meeting" "$B" '2026-11-26 14:30 meeting wt-open @bruno' log meeting wt-open --by bruno --time 14:30
expect_written "log email" "$B" '2026-11-25 email wt-client "Sent the \"deck\" \\ v2"' \
    log email wt-client 'Sent the "deck" \ v2' --date 2026-11-25
expect_written "log demo" "$B" '2026-11-26 demo wt-open "Démo réussie"' log demo wt-open "Démo réussie"
expect_written "log visit" "$B" '2026-11-26 visit wt-client' log visit wt-client
expect_written "log message" "$B" '2026-11-26 message wt-open "WhatsApp"' log message wt-open WhatsApp
expect_written "log note" "$B" '2026-11-26 note wt-client "New CFO from January"' log note wt-client "New CFO from January"
expect_written "move" "$B" '2026-11-26 stage wt-open qualified' move wt-open qualified
expect_written "next" "$B" '2026-11-26 next wt-open 2026-12-01 "Call the CFO"' next wt-open 2026-12-01 Call the CFO
expect_written "set" "$B" '2026-11-26 set wt-open amount:1500.00 close:2027-01-15 probability:40 owner:bruno title:"Open deal, v2"' \
    set wt-open amount=1500 close=2027-01-15 probability=40 owner=bruno "title=Open deal, v2"
expect_written "set probability:-" "$B" '2026-11-26 set wt-open probability:-' set wt-open probability=-
expect_written "lost" "$B" '2026-11-26 lost wt-closed "Try again in Q3" reason:"No budget"' \
    lost wt-closed --reason "No budget" --note "Try again in Q3"
expect_written "reopen" "$B" '2026-11-26 reopen wt-closed proposal' reopen wt-closed proposal
expect_written "lost again" "$B" '2026-11-26 lost wt-closed' lost wt-closed
expect_written "invoice" "$B" '2026-11-26 invoice wt-client 1200.50 "Pilot" ref:INV-1' \
    invoice wt-client 1200.50 --ref INV-1 --note Pilot
expect_written "pay" "$B" '2026-11-26 payment wt-client 600.00 ref:"INV 1"' pay wt-client "600 EUR" --ref "INV 1"
expect_written "move with --date and --time" "$B" '2026-11-10 09:00 stage wt-hist qualified' \
    move wt-hist qualified --date 2026-11-10 --time 09:00
L1=$(wc -l <"$B/$LEDGER")
expect_check_passes "check after one entry of every kind" "$B"

# -q writes silently
run "$B" log call wt-client "quiet" -q
if [ "$RC" = 0 ] && [ ! -s "$ERR" ] && [ ! -s "$OUT" ] && [ "$(tail -n 1 "$B/$LEDGER")" = '2026-11-26 call wt-client "quiet"' ]; then
    pass
else
    fail "-q writes without echoing" "$(cat "$ERR" "$OUT")"
fi

# ---- won: the deals report changes ----
if "$BIN" deals --help >/dev/null 2>&1; then
    run "$B" deals --format csv
    deals_before=$(cat "$OUT")
    row=$(grep '^wt-open,' "$OUT")
    expect_written "won" "$B" '2026-11-26 16:45 won wt-open 1234.50 "Signed"' won wt-open 1234.50 --time 16:45 --note Signed
    run "$B" deals --format csv
    row_after=$(grep '^wt-open,' "$OUT")
    if [ "$deals_before" != "$(cat "$OUT")" ] && [ "$(echo "$row_after" | cut -d, -f6,7,8)" = "won,100.0,1234.50" ]; then
        pass
    else
        fail "won changes 'deals --format csv'" "before: $row
after:  $row_after"
    fi
else
    skip "no 'deals' command: 'won' checked by the ledger and 'check' only"
    expect_written "won" "$B" '2026-11-26 16:45 won wt-open 1234.50 "Signed"' won wt-open 1234.50 --time 16:45 --note Signed
fi
expect_check_passes "check after won" "$B"

# ---- --dry-run writes nothing; prints the line on stdout ----
before=$(snapshot "$B")
run "$B" invoice wt-client 99 --ref DRY --dry-run
if [ "$RC" = 0 ] && [ "$(cat "$OUT")" = '2026-11-26 invoice wt-client 99.00 ref:DRY' ] && [ "$before" = "$(snapshot "$B")" ]; then
    pass
else
    fail "--dry-run prints the line and writes nothing" "exit $RC; stdout: $(cat "$OUT"); stderr: $(cat "$ERR")"
fi
expect_refused "--dry-run of a refused entry" "$B" "needs an open deal" won wt-open --dry-run

# ---- today: --today, $SALESREP_TODAY, --date ----
run "$B" --today 2026-11-27 log call wt-client --dry-run
[ "$RC" = 0 ] && [ "$(cat "$OUT")" = "2026-11-27 call wt-client" ] && pass || fail "--today sets the entry's day" "$(cat "$OUT" "$ERR")"
run "$B" log call wt-client --dry-run --today 2026-11-28
[ "$RC" = 0 ] && [ "$(cat "$OUT")" = "2026-11-28 call wt-client" ] && pass || fail "--today after the command" "$(cat "$OUT" "$ERR")"
SALESREP_TODAY=2026-11-29 "$BIN" -C "$B" log call wt-client --dry-run >"$OUT" 2>"$ERR"
[ "$(cat "$OUT")" = "2026-11-29 call wt-client" ] && pass || fail "\$SALESREP_TODAY sets the entry's day" "$(cat "$OUT" "$ERR")"
run "$B" --today 2026-11-27 log call wt-client --date 2026-11-20 --dry-run
[ "$RC" = 0 ] && [ "$(cat "$OUT")" = "2026-11-20 call wt-client" ] && pass || fail "--date overrides today" "$(cat "$OUT" "$ERR")"
run "$B" log call wt-client --date 2026-12-05 --dry-run
[ "$RC" = 0 ] && grep -q "after today" "$ERR" && pass || fail "a future entry is written with a warning" "$(cat "$OUT" "$ERR")"

# ---- who is logging: --by, $SALESREP_AGENT, git's user.email ----
if command -v git >/dev/null 2>&1; then
    G=$(new_book git)
    git -C "$G" init -q && git -C "$G" config user.email BRUNO@northwind.example
    run "$G" log call wt-client --dry-run
    [ "$(cat "$OUT")" = "2026-11-26 call wt-client @bruno" ] && pass || fail "the agent from git's user.email" "$(cat "$OUT" "$ERR")"
    SALESREP_AGENT=carol "$BIN" -C "$G" log call wt-client --dry-run >"$OUT" 2>"$ERR"
    [ "$(cat "$OUT")" = "2026-11-26 call wt-client @carol" ] && pass || fail "\$SALESREP_AGENT before git" "$(cat "$OUT" "$ERR")"
    SALESREP_AGENT=carol "$BIN" -C "$G" log call wt-client --by dave --dry-run >"$OUT" 2>"$ERR"
    [ "$(cat "$OUT")" = "2026-11-26 call wt-client @dave" ] && pass || fail "--by before \$SALESREP_AGENT" "$(cat "$OUT" "$ERR")"
    git -C "$G" config user.email nobody@example.org
    run "$G" log call wt-client --dry-run
    [ "$(cat "$OUT")" = "2026-11-26 call wt-client" ] && pass || fail "no agent when git's email is unknown" "$(cat "$OUT" "$ERR")"
    SALESREP_AGENT=carl "$BIN" -C "$G" log call wt-client >"$OUT" 2>"$ERR"
    [ $? = 1 ] && grep -qF "unknown agent 'carl' (did you mean 'carol'?), given by \$SALESREP_AGENT" "$ERR" && pass ||
        fail "an unknown \$SALESREP_AGENT is refused" "$(cat "$ERR")"
else
    skip "git is not installed: the git user.email rule is not tested"
fi

# ---- refused writes: exit 1, the reason, no byte changed ----
expect_refused "unknown deal" "$B" "unknown deal 'wt-opne' (did you mean 'wt-open'?)" won wt-opne
expect_refused "unknown target of log" "$B" "unknown deal or client 'wt-clinet' (did you mean 'wt-client'?)" log call wt-clinet
expect_refused "unknown client" "$B" "unknown client 'wt-clint' (did you mean 'wt-client'?)" invoice wt-clint 10
expect_refused "invoice on a deal" "$B" "'invoice' is about a client, but 'wt-hist' is a deal" invoice wt-hist 10
expect_refused "closed deal" "$B" "'won' needs an open deal, but 'wt-open' was won on 2026-11-26" won wt-open
expect_refused "closed deal (move)" "$B" "'stage' needs an open deal, but 'wt-closed' was lost on 2026-11-26" move wt-closed proposal
expect_refused "reopen an open deal" "$B" "'reopen' needs a closed deal, but 'wt-hist' is open" reopen wt-hist
expect_refused "stage not in pipeline" "$B" "unknown stage 'discovery' in pipeline 'smb'" move wt-hist discovery
expect_refused "stage it is in" "$B" "is already in stage 'qualified'" move wt-hist qualified
expect_refused "stage won" "$B" "to close the deal write 'won wt-hist'" move wt-hist won
expect_refused "date before opened" "$B" "entry dated 2026-11-19 is before deal 'wt-late' was opened (2026-11-20)" \
    log call wt-late --date 2026-11-19
expect_refused "bad amount (decimals)" "$B" "more than two decimals" invoice wt-client 12.345
expect_refused "bad amount (text)" "$B" "'abc' is not an amount" won wt-hist abc
expect_refused "bad amount (negative)" "$B" "must be positive" pay wt-client -5
expect_refused "bad amount (zero)" "$B" "must be positive" invoice wt-client 0
expect_refused "bad amount (currency)" "$B" "currency 'USD' is not the book's currency 'EUR'" invoice wt-client "10 USD"
expect_refused "bad set amount" "$B" "must not be negative" set wt-hist amount=-1
expect_refused "bad probability" "$B" "probability '140' must be a whole number from 0 to 100" set wt-hist probability=140
expect_refused "unknown owner" "$B" "unknown agent 'alcie' (did you mean 'alice'?)" set wt-hist owner=alcie
expect_refused "unknown --by" "$B" "unknown agent 'bruon' (did you mean 'bruno'?), given by --by" log call wt-hist --by bruon
expect_refused "next on a client" "$B" "'next:' sets a deal's next action, but 'wt-client' is a client" \
    log call wt-client --next 2026-12-01
# a next action in the past is refused, unless --date backdates the entry (then from its day on)
expect_refused "next in the past" "$B" "the next action's day 2026-11-20 is before the entry's day 2026-11-26" \
    next wt-open 2026-11-20 Call the CFO
expect_refused "log --next in the past" "$B" "the next action's day 2026-11-25 is before the entry's day 2026-11-26" \
    log call wt-open --next 2026-11-25
expect_refused "backdated, next before its day" "$B" "the next action's day 2026-11-21 is before the entry's day 2026-11-22" \
    log call wt-open --date 2026-11-22 --next 2026-11-21
expect_written "backdated next" "$B" '2026-11-22 next wt-open 2026-11-24 "Call the CFO"' \
    next wt-open 2026-11-24 Call the CFO --date 2026-11-22
expect_written "next today" "$B" '2026-11-26 call wt-open next:2026-11-26' log call wt-open --next 2026-11-26
expect_refused "a later entry becomes invalid" "$B" "this entry would make 1 later entry wrong" \
    won wt-hist --date 2026-11-05
expect_refused "a line break in a note" "$B" "holds a line break" log call wt-hist $'two\nlines'
expect_refused "an invalid id" "$B" "'wt hist' is not a valid deal or client id" log call "wt hist"

# ---- wrong usage: exit 2, no byte changed ----
expect_usage "log stage" "$B" "use 'salesrep move DEAL STAGE'" log stage wt-hist qualified
expect_usage "unknown kind" "$B" "'cal' is not a kind that 'log' writes (did you mean 'call'?)" log cal wt-hist
expect_usage "note without text" "$B" "'log note' needs the note's text" log note wt-hist
expect_usage "--next-what without --next" "$B" "--next-what needs --next" log call wt-hist --next-what "x"
expect_usage "bad --date" "$B" "--date '2026-02-30' is not a date" log call wt-hist --date 2026-02-30
expect_usage "bad --time" "$B" "--time '25:00' is not a time" log call wt-hist --time 25:00
expect_usage "set: unknown key" "$B" "unknown key 'prob' (did you mean 'probability'?)" set wt-hist prob=5
expect_usage "set: no =" "$B" "is not KEY=VALUE" set wt-hist 5
expect_usage "missing argument" "$B" "'invoice' needs AMOUNT" invoice wt-client

# ---- a read-only ledger ----
# Permission bits do not stop root (CI runs as root): as root, the write is made as nobody
# (setpriv) on a book of nobody's, so chmod 444 is what refuses it.
R=$(new_book readonly)
AS=()
if [ "$(id -u)" = 0 ] && setpriv --reuid=nobody --regid=nogroup --clear-groups true 2>/dev/null; then
    AS=(setpriv --reuid=nobody --regid=nogroup --clear-groups --)
    chmod 755 "$TMP"  # mktemp -d made it 0700
    chown -R nobody:nogroup "$R"
fi
if [ "$(id -u)" != 0 ] || [ ${#AS[@]} -gt 0 ]; then
    chmod 444 "$R/$LEDGER"
    RUN_AS=("${AS[@]}")
    expect_refused "read-only ledger (chmod 444${AS:+, as nobody})" "$R" "cannot open '" log call wt-client
    RUN_AS=()
    chmod 644 "$R/$LEDGER"
else
    fail "read-only ledger: running as root and setpriv cannot drop to nobody here"
fi
if [ "$(id -u)" = 0 ]; then
    R=$(new_book readonly-root)
    if chattr +i "$R/$LEDGER" 2>/dev/null; then
        # an immutable file stops even root
        IMMUTABLE+=("$R/$LEDGER")
        expect_refused "read-only ledger (root: chattr +i)" "$R" "cannot open '" log call wt-client
        chattr -i "$R/$LEDGER"
    else
        skip "immutable ledger: chattr +i is not available here"
    fi
fi

# ---- a write error: the file size limit (EFBIG) after a partial write ----
E=$(new_book efbig)
# pad the ledger to 1020 bytes past a KiB boundary: the line's first bytes fit, the rest fails
size=$(wc -c <"$E/$LEDGER")
pad=$(((1020 - size % 1024 + 1024) % 1024))
if [ "$pad" = 1 ]; then
    printf '\n' >>"$E/$LEDGER"
elif [ "$pad" -gt 1 ]; then
    { printf ';'; head -c $((pad - 2)) /dev/zero | tr '\0' '-'; printf '\n'; } >>"$E/$LEDGER"
fi
blocks=$(($(wc -c <"$E/$LEDGER") / 1024 + 1))  # the limit: 4 bytes past the end
before=$(snapshot "$E")
(
    trap '' XFSZ
    ulimit -f "$blocks"
    exec "$BIN" -C "$E" log call wt-client "a line longer than the four bytes left"
) >"$OUT" 2>"$ERR"
RC=$?
if [ "$RC" = 1 ] && grep -q "File too large" "$ERR" && grep -q "nothing was written" "$ERR" && [ "$before" = "$(snapshot "$E")" ]; then
    pass
else
    fail "a write error (EFBIG) leaves the ledger as it was" "exit $RC; $(cat "$ERR")"
fi

# ---- a write error: the ledger is a symlink to /dev/full ----
F=$(new_book devfull)
rm "$F/$LEDGER" && ln -s /dev/full "$F/$LEDGER"
before=$(snapshot "$F")
(
    # reading /dev/full never ends: fail fast instead of eating memory (not under ASan, which
    # reserves terabytes of address space when it starts)
    LC_ALL=C grep -qa __asan_init "$BIN" || ulimit -v 1000000 2>/dev/null
    exec timeout 30 "$BIN" -C "$F" log call wt-client
) >"$OUT" 2>"$ERR"
RC=$?
if [ "$RC" = 1 ] && [ "$before" = "$(snapshot "$F")" ]; then
    pass
else
    fail "a ledger that is a symlink to /dev/full: exit 1, nothing changed" "exit $RC; $(head -c 500 "$ERR")
(exit 3 'std::bad_alloc' or 124: load_book reads /dev/full without end; read_file in src/io/book_io.cpp
should refuse files that are not regular files)"
fi

# ---- a ledger without a final newline gets one first ----
N=$(new_book nonl)
printf '%s' "$(cat "$N/$LEDGER")" >"$N/$LEDGER.tmp" && mv "$N/$LEDGER.tmp" "$N/$LEDGER"
last=$(tail -n 1 "$N/$LEDGER")
run "$N" log call wt-client "after a missing newline"
if [ "$RC" = 0 ] && [ "$(tail -n 2 "$N/$LEDGER" | head -n 1)" = "$last" ] &&
    [ "$(tail -n 1 "$N/$LEDGER")" = '2026-11-26 call wt-client "after a missing newline"' ]; then
    pass
else
    fail "a newline is added before the entry" "$(tail -n 2 "$N/$LEDGER")"
fi
expect_check_passes "check after appending to a ledger without a final newline" "$N"

# ---- the last ledger file does not exist yet: it is created ----
C=$(new_book create)
if grep -q '^  ledger: \[.*\]$' "$C/salesrep.yaml"; then
    sed -i 's/^\(  ledger: \[.*\)\]$/\1, new.ledger]/' "$C/salesrep.yaml"
    run "$C" log call wt-client "into a new file"
    if [ "$RC" = 0 ] && [ "$(cat "$C/new.ledger")" = '2026-11-26 call wt-client "into a new file"' ]; then pass; else
        fail "the last ledger file is created by the first write" "$(cat "$ERR")"
    fi
    expect_check_passes "check after creating the last ledger file" "$C"
else
    skip "salesrep.yaml has no one-line 'ledger: [...]': the new-file case is not tested"
fi

# ---- open / add-client: new deals and clients as ledger entries ----
O=$(new_book records)
expect_written "add-client" "$O" '2026-11-26 client wt-new name:"New Client SA" industry:Retail segment:smb contact:"Ana Ruiz" title:CTO phone:"+33 1 23" @carol' \
    add-client wt-new "New Client SA" --industry Retail --segment smb --contact "Ana Ruiz" --title CTO --phone "+33 1 23" --by carol
expect_written "open on the new client, owned by its owner" "$O" '2026-11-26 open wt-new-1 client:wt-new amount:1500.00 stage:qualified close:2026-12-15 probability:40 category:commit source:"Trade fair" "First order"' \
    open wt-new-1 wt-new 1500 "First order" --stage qualified --close 2026-12-15 --probability 40 --category commit --source "Trade fair"
run "$O" deals --format csv
if grep -q '^wt-new-1,wt-new,carol,smb,qualified,open,40.0,1500.00,600.00,2026-12-15,' "$OUT"; then pass
else fail "the opened deal is listed like a deals.yaml deal" "$(grep wt-new "$OUT")"; fi
run "$O" deals --format csv --today 2026-11-25
if ! grep -q '^wt-new-1,' "$OUT"; then pass; else fail "the deal does not exist before its day" "$(grep wt-new "$OUT")"; fi
expect_written "an entry on the new deal" "$O" '2026-11-26 call wt-new-1 "kick-off"' log call wt-new-1 "kick-off"
expect_refused "open: the id is taken" "$O" "duplicate deal id 'wt-open'" open wt-open wt-client 10 --by alice
expect_refused "open: a client id is taken too" "$O" "is also a client id" open wt-client wt-client 10 --by alice
expect_refused "add-client: the id is taken" "$O" "duplicate client id 'wt-new'" add-client wt-new "Again"
expect_refused "open: unknown client, with a suggestion" "$O" "unknown client 'wt-neww' for deal 'wt-x' (did you mean 'wt-new'?)" open wt-x wt-neww 10 --by alice
expect_refused "open: before the client exists" "$O" "before its client 'wt-new' was added" open wt-y wt-new 10 --date 2026-11-20 --by alice
expect_refused "open: a stage of another pipeline" "$O" "unknown stage 'solution' in pipeline 'smb'" open wt-z wt-new 10 --stage solution
expect_refused "open: a negative amount" "$O" "must not be negative" open wt-z wt-new -- -10
expect_refused "open: a probability over 100" "$O" "probability '120' must be a whole number from 0 to 100" open wt-z wt-new 10 --probability 120
expect_written "add-client without an owner (nobody known)" "$O" '2026-11-26 client wt-free name:Free' add-client wt-free Free
expect_refused "open: no owner known" "$O" "deal 'wt-z' has no owner: its client 'wt-free' has none either" open wt-z wt-free 10
expect_usage "add-client: an empty name" "$O" "the client's NAME is empty" add-client wt-empty ""
expect_usage "log open points to the command" "$O" "use 'salesrep open DEAL CLIENT AMOUNT'" log open wt-z
expect_check_passes "check after open and add-client" "$O"
expect_refused "a note with a right-to-left override is refused (it would hide what the line says)" "$O" \
    "holds a control or text-direction character" log call wt-open "$(printf 'invoice \xe2\x80\xaefdp.exe')"
expect_refused "a note with a C1 control is refused" "$O" "holds a control or text-direction character" \
    log call wt-open "$(printf 'next\xc2\x85line')"

# ---- concurrency: P processes x N calls, every line whole, none lost ----
K=$(new_book conc)
lines0=$(wc -l <"$K/$LEDGER")
start=$(date +%s%N)
pids=()
for p in $(seq 1 "$CONC_PROCS"); do
    (
        for n in $(seq 1 "$CONC_CALLS"); do
            "$BIN" -C "$K" log call wt-conc "conc p$p n$n" --by alice -q || echo "process $p call $n: exit $?" >&2
        done
    ) 2>"$TMP/conc.$p.err" &
    pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid"; done
end=$(date +%s%N)
total=$((CONC_PROCS * CONC_CALLS))
lines1=$(wc -l <"$K/$LEDGER")
grown=$((lines1 - lines0))
expected=$(for p in $(seq 1 "$CONC_PROCS"); do for n in $(seq 1 "$CONC_CALLS"); do
    echo "2026-11-26 call wt-conc @alice \"conc p$p n$n\""
done; done | sort)
found=$(tail -n "$total" "$K/$LEDGER" | sort)
# (a writer that waited over a second for the lock says so: not an error)
errors=$(cat "$TMP"/conc.*.err | grep -v '^salesrep: waiting for the lock on ')
if [ -z "$errors" ] && [ "$grown" = "$total" ] && [ "$expected" = "$found" ]; then
    pass
else
    fail "concurrency: $total whole new lines" "grew by $grown lines; errors: $(echo "$errors" | head -5)
$(diff <(echo "$expected") <(echo "$found") | head -10)"
fi
expect_check_passes "check after $total concurrent writes" "$K"
ms=$(((end - start) / 1000000))
printf 'concurrency: %s processes x %s calls in %d.%03d s\n' "$CONC_PROCS" "$CONC_CALLS" $((ms / 1000)) $((ms % 1000))

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
