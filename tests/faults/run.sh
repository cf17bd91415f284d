#!/usr/bin/env bash
# Fault injection on writes (SPEC §10: one line, one write, under an exclusive lock).
#   SALESREP_BIN=build/salesrep bash tests/faults/run.sh
# 1. Eight writers append with `salesrep log` in loops while a third of the writes are
#    killed with SIGKILL at random moments: the ledger must hold only whole lines (at most
#    a final partial line), no line twice, every acknowledged line, and nothing else.
# 2. A last line cut off by a crash: cut inside the entry, `check` names it precisely
#    and writes refuse until it is fixed; cut before its newline, the line reads like any
#    other and the next `log` adds the newline before its own line (nothing glued together).
# 3. Writes that cannot succeed fail cleanly, exit 1, every byte of the ledger unchanged:
#    a file size limit (ulimit -f), a full disk (a small tmpfs), a ledger that is a symlink
#    to /dev/full, a read-only ledger (chmod; as root, written as nobody through setpriv),
#    and as root an immutable one (chattr +i, else a read-only mount; skipped with a
#    message when neither is possible).
# FAULTS_WRITERS and FAULTS_LOOPS change the size of part 1 (default 8 writers x 25 writes).
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${SALESREP_BIN:?set SALESREP_BIN to the salesrep binary}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
writers=${FAULTS_WRITERS:-8}
loops=${FAULTS_LOOPS:-25}
export NO_COLOR=1 LC_ALL=C.UTF-8 TZ=UTC SALESREP_TODAY=2026-11-26
unset SALESREP_BOOK SALESREP_AGENT COLUMNS

tmp=$(mktemp -d)
mounts=()
immutable=()
cleanup() {
    for f in "${immutable[@]}"; do chattr -i "$f" 2>/dev/null; done
    for m in "${mounts[@]}"; do umount "$m" 2>/dev/null; done
    rm -rf "$tmp"
}
trap cleanup EXIT
fail=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fail=$((fail + 1)); }
new_book() { rm -rf "$1" && cp -R "$root/tests/bad/base" "$1"; }

# ---- 1. concurrent writers, killed at random
book=$tmp/book
new_book "$book"
base_lines=$(wc -l <"$book/sales.ledger")
# kills land anywhere in a write's life: after 0 to 1.5 times the time one write takes
# alone, times the writers sharing each processor
t0=$(date +%s%N)
"$bin" -C "$book" log call acme-renewal --dry-run "timing" >/dev/null 2>&1
cpus=$(nproc 2>/dev/null || echo 1)
span_us=$(( ($(date +%s%N) - t0) * 3 / 2000 * (writers > cpus ? writers : cpus) / cpus ))
writer() {
    local w=$1 i p rc
    for ((i = 1; i <= loops; i++)); do
        "$bin" -C "$book" -q log call acme-renewal "w$w-$i" 2>>"$tmp/err.$w" &
        p=$!
        if ((RANDOM % 3 == 0)); then
            # $p is our child and is not reaped before `wait`: the id cannot be reused
            sleep "$(printf '0.%06d' $(( (RANDOM * 32768 + RANDOM) % (span_us + 1) )))"
            kill -KILL "$p" 2>/dev/null
        fi
        wait "$p" 2>/dev/null  # (no "Killed" job messages)
        rc=$?
        case $rc in
        0) echo "w$w-$i" >>"$tmp/acked" ;;
        137) echo "w$w-$i" >>"$tmp/killed" ;;
        *) echo "w$w-$i exit $rc" >>"$tmp/refused" ;;
        esac
    done
}
: >"$tmp/acked"; : >"$tmp/killed"; : >"$tmp/refused"
start=$(date +%s)
for ((w = 1; w <= writers; w++)); do writer "$w" & done
wait
ledger=$book/sales.ledger
total=$((writers * loops))
acked=$(wc -l <"$tmp/acked")
killed=$(wc -l <"$tmp/killed")
echo "     $writers writers x $loops writes in $(($(date +%s) - start)) s: $acked acknowledged, $killed killed"
if [ -s "$tmp/refused" ]; then
    bad "writes refused: $(head -3 "$tmp/refused"); $(cat "$tmp"/err.* | head -3)"
fi
# whole lines only: the base book's lines, then canonical `log` lines
tail -n +$((base_lines + 1)) "$ledger" >"$tmp/appended"
partial=""
if [ -n "$(tail -c 1 "$ledger")" ]; then  # no final newline: the last line is partial
    partial=$(tail -n 1 "$tmp/appended")
    sed -i '$d' "$tmp/appended"
fi
if grep -vnE '^2026-11-26 call acme-renewal "w[0-9]+-[0-9]+"$' "$tmp/appended" >"$tmp/odd"; then
    bad "lines that are not whole entries (interleaved?): $(head -3 "$tmp/odd")"
else
    ok "every appended line is one whole entry ($(wc -l <"$tmp/appended") lines)"
fi
sed -E 's/.*"(w[0-9]+-[0-9]+)"$/\1/' "$tmp/appended" | sort >"$tmp/written"
if [ -n "$(uniq -d "$tmp/written")" ]; then
    bad "lines written twice: $(uniq -d "$tmp/written" | head -3)"
else
    ok "no line written twice"
fi
sort "$tmp/acked" >"$tmp/acked.sorted"
missing=$(comm -23 "$tmp/acked.sorted" "$tmp/written" | wc -l)
if [ "$missing" -ne 0 ]; then
    bad "$missing acknowledged writes missing from the ledger: $(comm -23 "$tmp/acked.sorted" "$tmp/written" | head -3)"
else
    ok "every acknowledged write is in the ledger ($acked)"
fi
sort "$tmp/acked" "$tmp/killed" >"$tmp/attempted"
phantom=$(comm -13 "$tmp/attempted" "$tmp/written" | wc -l)
[ "$phantom" -eq 0 ] && ok "nothing else was written" || bad "$phantom lines nobody wrote"
survived=$(comm -12 <(sort "$tmp/killed") "$tmp/written" | wc -l)
echo "     of the $killed killed writes, $survived had appended their line before the kill"
if [ -n "$partial" ]; then
    echo "     the last line is partial: $partial"
    [[ '2026-11-26 call acme-renewal "w' == "${partial:0:31}"* ]] || bad "the partial line is not a prefix of an entry"
fi
out=$("$bin" -C "$book" check 2>&1)
rc=$?
if [ -z "$partial" ]; then
    [ "$rc" = 0 ] && [ "$out" = "0 errors, 0 warnings" ] && ok "check: $out" || bad "check after the writers: $out"
else
    last=$(wc -l <"$ledger")
    echo "$out" | grep -q "^$book/sales.ledger:$((last + 1)):" && ok "check names the partial line" ||
        bad "check does not name the partial line: $out"
fi

# ---- 2. a last line cut off by a crash, then the next write
# 2a. cut inside the note: an error that check names precisely; writes refuse until it is fixed
book=$tmp/cut
new_book "$book"
printf '2026-11-26 call acme-renewal "cut off by a cra' >>"$book/sales.ledger"
cp "$book/sales.ledger" "$tmp/cut.before"
out=$(cd "$book" && "$bin" check 2>&1)
rc=$?
expected='sales.ledger:7:30: error: unterminated quoted string; close it with "
2026-11-26 call acme-renewal "cut off by a cra
                             ^
1 error, 0 warnings'
[ "$rc" = 1 ] && [ "$out" = "$expected" ] && ok "check names the partial last line at 7:30" ||
    bad "check on a partial last line (exit $rc): $out"
out=$(cd "$book" && "$bin" log call acme-renewal "after the crash" 2>&1)
rc=$?
if [ "$rc" = 1 ] && [[ $out == *"sales.ledger:7:30: error: unterminated quoted string"* ]] &&
    cmp -s "$tmp/cut.before" "$book/sales.ledger"; then
    ok "log refuses to write on a broken last line, names it, and changes nothing"
else
    bad "log after a broken partial line (exit $rc): $out"
fi
# 2b. cut before the newline: the line is whole; the next log ends it, then appends its own
book=$tmp/nonl
new_book "$book"
printf '2026-11-26 call acme-renewal "no newline yet"' >>"$book/sales.ledger"
out=$(cd "$book" && "$bin" check 2>&1)
[ "$out" = "0 errors, 0 warnings" ] && ok "a last line without its newline reads like any other" ||
    bad "check on a last line without a newline: $out"
(cd "$book" && "$bin" -q log call acme-renewal "after the crash") 2>"$tmp/log.err"
rc=$?
want=$(printf '%s\n' '2026-11-26 call acme-renewal "no newline yet"' '2026-11-26 call acme-renewal "after the crash"')
if [ "$rc" = 0 ] && [ "$(tail -n 2 "$book/sales.ledger")" = "$want" ] && [ -z "$(tail -c 1 "$book/sales.ledger")" ]; then
    ok "log adds the missing newline, then appends its own line"
else
    bad "log after a last line without a newline (exit $rc): $(cat "$tmp/log.err"); ledger ends: $(tail -n 2 "$book/sales.ledger")"
fi
out=$(cd "$book" && "$bin" check 2>&1)
[ "$out" = "0 errors, 0 warnings" ] && ok "check after the repair: $out" || bad "check after the repair: $out"

# ---- 3. writes that cannot succeed
# expect_clean_failure NAME BOOK PATTERN [COMMAND-PREFIX...]: log must exit 1 with a message
# matching PATTERN, and leave the ledger byte for byte as it was.
expect_clean_failure() {
    local name=$1 book=$2 pattern=$3
    shift 3
    local ledger=$book/sales.ledger state
    # never read through a symlink here: /dev/full reads as endless zeros
    ledger_state() { if [ -L "$ledger" ]; then echo "-> $(readlink "$ledger")"; else sha256sum <"$ledger"; fi; }
    state=$(ledger_state)
    "$@" "$bin" -C "$book" log call acme-renewal "must not be written" >"$tmp/out" 2>&1
    local rc=$?
    if [ "$rc" != 1 ]; then
        bad "$name: exit $rc (want 1): $(cat "$tmp/out")"
    elif ! grep -qE "$pattern" "$tmp/out"; then
        bad "$name: unexpected message: $(cat "$tmp/out")"
    elif [ "$(ledger_state)" != "$state" ]; then
        bad "$name: the ledger changed"
    else
        ok "$name: exit 1, ledger unchanged: $(head -1 "$tmp/out")"
    fi
}
# pad the ledger with a comment so that it ends 8 bytes before BYTES
pad_to() {
    local ledger=$1 bytes=$2 size
    size=$(wc -c <"$ledger")
    { printf ';'; head -c $((bytes - size - 10)) /dev/zero | tr '\0' ' '; printf ';\n'; } >>"$ledger"
}

# a file size limit: the line would cross it (without care, SIGXFSZ kills mid-line)
book=$tmp/fsize
new_book "$book"
pad_to "$book/sales.ledger" 4096
limited() { (ulimit -f 4 && "$@"); }
expect_clean_failure "file size limit (ulimit -f)" "$book" "File too large" limited

# a full disk: a small tmpfs filled up to the ledger's last page
can_mount=0
mnt=$tmp/full
mkdir -p "$mnt"
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=64k tmpfs "$mnt" 2>/dev/null; then
    can_mount=1
    mounts+=("$mnt")
    book=$mnt/book
    new_book "$book"
    pad_to "$book/sales.ledger" 4096
    dd if=/dev/zero of="$mnt/filler" bs=1024 2>/dev/null  # until the disk is full
    expect_clean_failure "full disk (tmpfs)" "$book" "No space left on device"
    rm -f "$mnt/filler"
    "$bin" -C "$book" -q log call acme-renewal "once there is room" && ok "full disk: the next write, once there is room, works" ||
        bad "full disk: no write after freeing space"
else
    echo "skip full disk (tmpfs): mounting needs root and CAP_SYS_ADMIN"
fi

# a ledger that is a symlink to /dev/full: outside the book, refused before any write;
# with allow_outside, still not a regular file, refused too
book=$tmp/devfull
new_book "$book"
rm "$book/sales.ledger"
ln -s /dev/full "$book/sales.ledger"
expect_clean_failure "ledger -> /dev/full" "$book" "is outside the book"
echo 'allow_outside: true' >>"$book/salesrep.yaml"
expect_clean_failure "ledger -> /dev/full (allow_outside)" "$book" "not a regular file"

# a read-only ledger (chmod a-w). Permission bits do not stop root (CI runs as root), so
# as root the write is made as nobody (setpriv) on a book of nobody's.
book=$tmp/ro
new_book "$book"
as_nobody=()
if [ "$(id -u)" = 0 ] && setpriv --reuid=nobody --regid=nogroup --clear-groups true 2>/dev/null; then
    as_nobody=(setpriv --reuid=nobody --regid=nogroup --clear-groups --)
    chmod 755 "$tmp"  # mktemp -d made it 0700
    chown -R nobody:nogroup "$book"
fi
if [ "$(id -u)" != 0 ] || [ ${#as_nobody[@]} -gt 0 ]; then
    chmod a-w "$book/sales.ledger"
    expect_clean_failure "read-only ledger (chmod${as_nobody:+, as nobody})" "$book" "Permission denied" "${as_nobody[@]}"
else
    bad "read-only ledger (chmod): running as root and setpriv cannot drop to nobody here"
fi
# an immutable ledger stops even root: chattr +i, else a read-only mount
if [ "$(id -u)" = 0 ]; then
    book=$tmp/ro-root
    new_book "$book"
    if chattr +i "$book/sales.ledger" 2>/dev/null; then
        immutable+=("$book/sales.ledger")
        expect_clean_failure "read-only ledger (chattr +i)" "$book" "Operation not permitted"
        chattr -i "$book/sales.ledger"
    elif [ "$can_mount" = 1 ] && mkdir -p "$tmp/rom" && mount -t tmpfs -o size=64k tmpfs "$tmp/rom" 2>/dev/null; then
        mounts+=("$tmp/rom")
        new_book "$tmp/rom/book"
        mount -o remount,ro "$tmp/rom"
        expect_clean_failure "read-only ledger (read-only mount)" "$tmp/rom/book" "Read-only file system"
    else
        echo "skip read-only ledger as root: neither chattr +i nor a read-only mount is possible here"
    fi
fi

[ "$fail" -eq 0 ] && echo "faults: all passed" || echo "faults: $fail failed"
[ "$fail" -eq 0 ]
