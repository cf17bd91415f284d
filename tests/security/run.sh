#!/usr/bin/env bash
# An untrusted book (issue 20): each attack tried as an attacker would, each
# with its safe outcome asserted: a located error and exit 1, nothing read or
# written outside the book (a temporary directory plays "outside"), bounded
# time (timeout) and memory (ulimit -v).
#   SALESREP_BIN=build/salesrep bash tests/security/run.sh
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${SALESREP_BIN:?set SALESREP_BIN to the salesrep binary}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
export NO_COLOR=1 LC_ALL=C.UTF-8 TZ=UTC SALESREP_TODAY=2026-11-26
unset SALESREP_BOOK SALESREP_AGENT COLUMNS SALESREP_CACHE
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_CACHE_HOME=$tmp/xdg HOME=$tmp/home
mkdir -p "$HOME"
passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
bad() { failed=$((failed + 1)); echo "FAIL $1"; }
# run LIMIT_SECONDS CMD...: bounded in time and memory (2 GiB of address space)
# Under AddressSanitizer (SALESREP_SANITIZED=1, set by CMake) a memory limit only
# stops ASan's own shadow mappings: time is still bounded, memory is not.
if [ "${SALESREP_SANITIZED:-}" = 1 ]; then
    bounded() { local t=$1; shift; timeout "$t" "$@"; }
else
    bounded() { local t=$1; shift; (ulimit -v 2097152; timeout "$t" "$@"); }
fi

outside=$tmp/outside
mkdir -p "$outside"
printf 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n' >"$outside/passwd"
echo 'echo pwned' >"$outside/victim.sh"
cp "$outside/victim.sh" "$outside/victim.orig"

fresh() {  # a fresh copy of the example book in $book
    book=$tmp/book
    rm -rf "$book"
    cp -r "$root/examples/northwind" "$book"
    rm -rf "$book/.salesrep"
}
sb() { bounded 30 "$bin" -C "$book" "$@"; }
victim_intact() { cmp -s "$outside/victim.sh" "$outside/victim.orig"; }
set_files() {  # set_files KEY VALUE: replace files.KEY in salesrep.yaml
    sed -i "s|^  $1: .*|  $1: $2|" "$book/salesrep.yaml"
}
nothing_outside_but() {  # the outside directory holds exactly these names
    local want="$*" have
    have=$(cd "$outside" && ls -A | sort | tr '\n' ' ' | sed 's/ $//')
    [ "$have" = "$want" ]
}
base="passwd victim.orig victim.sh"

# ---- 1. paths: symbolic links, /proc, '..' ---------------------------------------------------

fresh
ln -s "$outside/victim.sh" "$book/q4.md"
sb report --format md -o "$book/q4.md" >"$tmp/out" 2>&1; rc=$?
[ $rc = 1 ] && grep -q 'symbolic link' "$tmp/out" && victim_intact && [ -L "$book/q4.md" ] \
    && ok "-o FILE refuses a symbolic link (exit 1), its target untouched" \
    || { bad "-o FILE through a symbolic link (exit $rc)"; cat "$tmp/out"; }

fresh
mkdir "$book/q4"
ln -s "$outside/victim.sh" "$book/q4/deals.csv"
sb report --format csv -o "$book/q4" >"$tmp/out" 2>&1; rc=$?
[ $rc = 1 ] && grep -q "q4/deals.csv' is a symbolic link" "$tmp/out" && victim_intact \
    && ok "report --format csv -o DIR refuses a symbolic link in DIR" \
    || { bad "report csv -o DIR through a symbolic link (exit $rc)"; cat "$tmp/out"; }

fresh
mkdir "$outside/q4dir"
ln -s "$outside/q4dir" "$book/q4"
sb report --format csv -o "$book/q4/" >"$tmp/out" 2>&1; rc=$?
[ $rc = 1 ] && grep -q "error: '$book/q4' is a symbolic link" "$tmp/out" && [ -z "$(ls -A "$outside/q4dir")" ] \
    && ok "report --format csv -o DIR refuses a DIR that is a committed symbolic link" \
    || { bad "report csv -o into a linked directory (exit $rc)"; cat "$tmp/out"; ls "$outside/q4dir"; }
rm -rf "$outside/q4dir"

# A committed link in the middle of a relative -o path (run from inside the book, as a team lead does).
fresh
mkdir "$outside/q4dir"
ln -s "$outside/q4dir" "$book/q4"
(cd "$book" && bounded 30 "$bin" report --format md -o q4/x.md) >"$tmp/out" 2>&1; rc=$?
(cd "$book" && bounded 30 "$bin" report --format csv -o q4/sub/) >>"$tmp/out" 2>&1; rc2=$?
[ $rc = 1 ] && [ $rc2 = 1 ] && grep -q "cannot write 'q4/x.md': its directory 'q4' is a symbolic link" "$tmp/out" \
    && [ -z "$(ls -A "$outside/q4dir")" ] \
    && ok "-o DIR/FILE and csv -o DIR/SUB/ refuse a linked directory in the path (nothing created outside)" \
    || { bad "-o through a linked directory in the path (exit $rc, $rc2)"; cat "$tmp/out"; ls -R "$outside/q4dir"; }
rm -rf "$outside/q4dir"

fresh
sb report --format md -o "$book/q4.md" >/dev/null 2>&1 && [ -f "$book/q4.md" ] && [ ! -L "$book/q4.md" ] \
    && ls "$book" | grep -qv 'salesrep-tmp' && ok "-o FILE still writes a plain file (no temporary left)" \
    || bad "-o FILE into a plain path failed"

fresh
export SECRET_TOKEN=sekrit-$$-token
set_files ledger /proc/self/environ
sb check >"$tmp/out" 2>&1; rc=$?
[ $rc = 1 ] && grep -q "salesrep.yaml:[0-9]*:[0-9]*: error: '/proc/self/environ' is outside the book" "$tmp/out" \
    && ! grep -q "$SECRET_TOKEN" "$tmp/out" \
    && ok "files: ledger: /proc/self/environ is a located error; the environment is not shown" \
    || { bad "/proc/self/environ as the ledger (exit $rc)"; head -5 "$tmp/out"; }
echo 'allow_outside: true' >>"$book/salesrep.yaml"
sb check >"$tmp/out" 2>&1; rc=$?
[ $rc = 1 ] && grep -q '/proc' "$tmp/out" && grep -q 'not a regular file' "$tmp/out" && ! grep -q "$SECRET_TOKEN" "$tmp/out" \
    && ok "even with allow_outside: true, a file of /proc is not read" \
    || { bad "/proc with allow_outside (exit $rc)"; head -5 "$tmp/out"; }
unset SECRET_TOKEN

fresh
set_files ledger ../outside/passwd
sb check >"$tmp/out" 2>&1; rc=$?
[ $rc = 1 ] && grep -q "salesrep.yaml:[0-9]*:[0-9]*: error: '../outside/passwd' is outside the book" "$tmp/out" \
    && ! grep -q 'root:x' "$tmp/out" && [ "$(grep -c error: "$tmp/out")" = 1 ] \
    && ok "a ledger at ../outside/passwd: one located error, none of its lines shown" \
    || { bad "../ path as the ledger (exit $rc)"; head -5 "$tmp/out"; }

fresh
set_files deals "$outside/*"
sb check >"$tmp/out" 2>&1; rc=$?
[ $rc = 1 ] && grep -q "is outside the book" "$tmp/out" && ! grep -q 'root:x' "$tmp/out" \
    && ok "an absolute glob leading outside is an error; nothing of it is read" \
    || { bad "absolute glob (exit $rc)"; head -5 "$tmp/out"; }

fresh
set_files ledger ../outside/new.ledger
deal=$(sed -n 's/^  - id: \([^ ]*\)$/\1/p' "$book/deals.yaml" | head -1)
sb log call "$deal" "hello" >"$tmp/out" 2>&1; rc=$?
[ $rc = 1 ] && [ ! -e "$outside/new.ledger" ] && grep -q "outside the book" "$tmp/out" \
    && ok "a ledger path outside the book is never created by a write" \
    || { bad "log created or appended outside (exit $rc)"; cat "$tmp/out"; }

fresh
cp "$book/sales.ledger" "$outside/target.ledger"
cp "$outside/target.ledger" "$outside/target.orig"
ln -sf "$outside/target.ledger" "$book/sales.ledger"
sb log call "$deal" "hello" >"$tmp/out" 2>&1; rc=$?
[ $rc = 1 ] && cmp -s "$outside/target.ledger" "$outside/target.orig" && grep -q 'outside the book' "$tmp/out" \
    && ok "a committed sales.ledger link to outside: an error, the target unchanged" \
    || { bad "write through sales.ledger -> outside (exit $rc)"; cat "$tmp/out"; }
rm -f "$outside/target.ledger" "$outside/target.orig"

fresh
mv "$book/sales.ledger" "$book/ledger/real.ledger"
ln -s ledger/real.ledger "$book/sales.ledger"
cp "$book/ledger/real.ledger" "$tmp/real.orig"
sb check >/dev/null 2>&1 && ok "a ledger link inside the book is read" || bad "a ledger link inside the book is not read"
sb log call "$deal" "hello" >"$tmp/out" 2>&1; rc=$?
[ $rc = 1 ] && grep -q 'symbolic link' "$tmp/out" && cmp -s "$book/ledger/real.ledger" "$tmp/real.orig" \
    && ok "appends never follow a symbolic link (O_NOFOLLOW), even one inside the book" \
    || { bad "append through a link inside the book (exit $rc)"; cat "$tmp/out"; }

fresh
mkdir "$outside/dot"
ln -s "$outside/dot" "$book/.salesrep"
SALESREP_CACHE=always sb check >/dev/null 2>&1
[ -z "$(ls -A "$outside/dot")" ] && [ -n "$(ls -A "$XDG_CACHE_HOME/salesrep" 2>/dev/null)" ] \
    && ok "a committed .salesrep link: check writes nothing there (the cache is in \$XDG_CACHE_HOME)" \
    || { bad "check wrote through .salesrep"; ls -lR "$outside/dot" | head; }
rm -rf "$outside/dot"

fresh
ln -sf "$outside/passwd" "$book/team.yaml"
sb check >"$tmp/out" 2>&1; rc=$?
[ $rc = 1 ] && grep -q "'team.yaml' is outside the book" "$tmp/out" && ! grep -q 'root:x' "$tmp/out" \
    && ok "a YAML file that is a link to outside is not read" \
    || { bad "team.yaml -> outside (exit $rc)"; head -5 "$tmp/out"; }

fresh
mkfifo "$book/fifo.ledger"
set_files ledger fifo.ledger
sb check >"$tmp/out" 2>&1; rc=$?
[ $rc = 1 ] && grep -q 'not a regular file' "$tmp/out" && ok "a FIFO is refused, not read forever" \
    || { bad "FIFO as the ledger (exit $rc)"; head -5 "$tmp/out"; }

fresh
set_files ledger /dev/zero
echo 'allow_outside: true' >>"$book/salesrep.yaml"
sb check >"$tmp/out" 2>&1; rc=$?
[ $rc = 1 ] && grep -q "/dev/zero.*not a regular file" "$tmp/out" \
    && ok "a device (/dev/zero, with allow_outside: true) is refused, not read without end" \
    || { bad "/dev/zero as the ledger (exit $rc)"; head -5 "$tmp/out"; }

# allow_outside: true is written by the book itself, so it opens reading only: errors in an
# outside file never show its text, and nothing is appended outside
fresh
set_files ledger ../outside/passwd
echo 'allow_outside: true' >>"$book/salesrep.yaml"
sb check >"$tmp/out" 2>&1; rc=$?
[ $rc = 1 ] && grep -q 'passwd:1:1: error: .*its text is not shown' "$tmp/out" && ! grep -q 'root:x\|daemon' "$tmp/out" \
    && ok "allow_outside: errors in an outside file do not show what it holds" \
    || { bad "allow_outside showed an outside file (exit $rc)"; head -4 "$tmp/out"; }
fresh
cp "$book/sales.ledger" "$outside/ext.ledger"
set_files ledger ../outside/ext.ledger
echo 'allow_outside: true' >>"$book/salesrep.yaml"
sb check >/dev/null 2>&1 && ok "allow_outside: an outside ledger is read" || bad "allow_outside: the outside ledger is not read"
sb log call "$deal" 'hello $(touch /tmp/pwned)' >"$tmp/out" 2>&1; rc=$?
[ $rc = 1 ] && cmp -s "$outside/ext.ledger" "$book/sales.ledger" && grep -q 'appends only to a ledger inside the book' "$tmp/out" \
    && ok "allow_outside: still no append outside the book" || { bad "allow_outside: appended outside (exit $rc)"; cat "$tmp/out"; }
rm -f "$outside/ext.ledger"

# import rules naming a table outside the export's directory
mkdir -p "$tmp/imp"
cp "$root/tests/import/messy/export.csv" "$root/tests/import/messy/messy.rules.yaml" "$tmp/imp/"
sed -i 's|file: people.csv|file: ../outside/passwd|' "$tmp/imp/messy.rules.yaml"
(cd "$tmp/imp" && bounded 30 "$bin" -q import export.csv --rules messy.rules.yaml --new "$tmp/imp/book") >"$tmp/out" 2>&1; rc=$?
[ $rc = 1 ] && grep -q "messy.rules.yaml:[0-9]*:[0-9]*: error: table 'people': '../outside/passwd' is outside" "$tmp/out" \
    && ! grep -q 'root:x' "$tmp/out" && [ ! -e "$tmp/imp/book/salesrep.yaml" ] \
    && ok "import rules' tables: file: ../ is a located error" \
    || { bad "import table outside (exit $rc)"; head -5 "$tmp/out"; }

# init into a directory holding a dangling link where a file of the book goes
mkdir -p "$tmp/newbook"
ln -s "$outside/created-by-init" "$tmp/newbook/funnel.yaml"
bounded 30 "$bin" init "$tmp/newbook" >"$tmp/out" 2>&1; rc=$?
[ $rc = 1 ] && [ ! -e "$outside/created-by-init" ] && grep -q "funnel.yaml' exists" "$tmp/out" \
    && ok "init never writes through a dangling symbolic link" || { bad "init through a link (exit $rc)"; cat "$tmp/out"; }

nothing_outside_but "$base" && victim_intact && ok "nothing was written outside the book" \
    || { bad "the outside directory changed"; ls -la "$outside"; }

# ---- 2. the parse cache ----------------------------------------------------------------------

fresh
SALESREP_CACHE=off sb deals --format csv >"$tmp/ref.csv" 2>&1
# a book shipped with an old-style cache whose entries say other amounts: never read
mkdir -p "$book/.salesrep/cache"
for f in "$book"/*.yaml; do head -c 4096 /dev/urandom >"$book/.salesrep/cache/$(basename "$f").bin"; done
SALESREP_CACHE=always sb deals --format csv >"$tmp/cold.csv" 2>&1
SALESREP_CACHE=always sb deals --format csv >"$tmp/warm.csv" 2>&1
n=$(find "$XDG_CACHE_HOME/salesrep" -name '*.bin' | wc -l)
cmp -s "$tmp/ref.csv" "$tmp/cold.csv" && cmp -s "$tmp/ref.csv" "$tmp/warm.csv" && [ "$n" -ge 5 ] \
    && ok "the cache is in \$XDG_CACHE_HOME ($n entries); one shipped in the book is ignored" \
    || bad "cached figures differ or no cache in \$XDG_CACHE_HOME ($n)"
# an entry copied in from elsewhere (tar keeps mtimes) but flipped: ignored
for f in $(find "$XDG_CACHE_HOME/salesrep" -name '*deals.yaml.bin'); do
    printf '\x7f' | dd of="$f" bs=1 seek=$(( $(stat -c %s "$f") - 20 )) conv=notrunc 2>/dev/null
done
SALESREP_CACHE=always sb deals --format csv >"$tmp/tampered.csv" 2>&1
cmp -s "$tmp/ref.csv" "$tmp/tampered.csv" && ok "a changed cache entry is never trusted" || bad "a tampered cache changed a figure"
# a file with errors gets no cache entry
rm -rf "$XDG_CACHE_HOME"
sed -i '0,/amount: /s/amount: .*/amount: 12.345/' "$book/deals.yaml"
SALESREP_CACHE=always sb check >/dev/null 2>&1
[ -z "$(find "$XDG_CACHE_HOME" -name '*deals.yaml.bin' 2>/dev/null)" ] \
    && ok "no cache entry is written for a file with errors" || bad "a file with errors was cached"

# ---- 3. YAML aliases, long ids, did-you-mean -------------------------------------------------

fresh
python3 - "$book/deals.yaml" <<'PY'
import sys
lines = ["a0: &a0 [" + ",".join(["x"] * 10) + "]"]
for i in range(1, 40):
    lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i-1}"] * 10) + "]")
open(sys.argv[1], "w").write("\n".join(lines) + "\ndeals: []\n")
PY
rm -rf "$XDG_CACHE_HOME"
start=$(date +%s)
SALESREP_CACHE=always sb check >"$tmp/out" 2>&1; rc=$?
secs=$(( $(date +%s) - start ))
[ $rc = 1 ] && grep -q 'deals.yaml:1:[0-9]*: error: YAML anchors and aliases' "$tmp/out" && [ $secs -le 5 ] \
    && ok "an alias bomb is refused at its first anchor (exit 1, ${secs} s, under 2 GiB)" \
    || { bad "alias bomb (exit $rc, ${secs} s)"; head -3 "$tmp/out"; }
[ -n "$(find "$XDG_CACHE_HOME" -name '*team.yaml*' 2>/dev/null)" ] && [ -z "$(find "$XDG_CACHE_HOME" -name '*deals.yaml*')" ] \
    && [ "$(du -sk "$XDG_CACHE_HOME" | cut -f1)" -lt 2048 ] \
    && ok "and no cache entry is written for it (the cache holds $(du -sk "$XDG_CACHE_HOME" | cut -f1) KB)" \
    || { bad "the alias bomb was cached"; find "$XDG_CACHE_HOME" -type f | head; }

fresh
sed -i 's/^    title: ERP integration$/    title: *important*/' "$book/deals.yaml"
sb check >"$tmp/out" 2>&1; rc=$?
[ $rc = 1 ] && grep -q 'deals.yaml:[0-9]*:[0-9]*: error: YAML anchors and aliases' "$tmp/out" \
    && ok "an alias in a deal's title is a located error" || { bad "alias in a title (exit $rc)"; head -3 "$tmp/out"; }
fresh
sed -i 's/^    title: ERP integration$/    title: "R\&D *and* more \&co"/' "$book/deals.yaml"
sb check >/dev/null 2>&1 && ok "'&' and '*' inside text are fine" || bad "'&' and '*' inside a title refused"

fresh
long=$(printf 'x%.0s' $(seq 300))
sed -i "0,/^  - id: valmont-erp$/s//  - id: $long/" "$book/deals.yaml"
sb check >"$tmp/out" 2>&1; rc=$?
[ $rc = 1 ] && grep -q 'deals.yaml:3:[0-9]*: error: .*at most 256 bytes' "$tmp/out" \
    && ok "an id of 300 bytes is a located error" || { bad "long id (exit $rc)"; head -3 "$tmp/out"; }

fresh
huge=$(head -c 100000 /dev/zero | tr '\0' 'q')
echo "2026-11-20 call $huge \"x\"" >>"$book/sales.ledger"
start=$(date +%s)
sb check >"$tmp/out" 2>&1; rc=$?
secs=$(( $(date +%s) - start ))
[ $rc = 1 ] && grep -q 'sales.ledger:[0-9]*:[0-9]*: error:' "$tmp/out" && [ $secs -le 5 ] && [ "$(wc -c <"$tmp/out")" -lt 5000 ] \
    && ok "a 100 KB unknown id: a short located error in ${secs} s" \
    || { bad "100 KB id (exit $rc, ${secs} s)"; head -c 600 "$tmp/out"; }

# 400 unknown ids in a 100,000-deal book
big=$tmp/big
python3 "$root/bench/gen_book.py" --deals 100000 --clients 5000 --entries 20000 --out "$big" >/dev/null 2>&1
if [ -f "$big/salesrep.yaml" ]; then
    led=$(ls "$big"/*.ledger "$big"/ledger/*.ledger 2>/dev/null | tail -1)
    cp "$led" "$tmp/big-ledger.orig"
    for i in $(seq 400); do echo "2026-01-05 call nosuch-deal-$i-$RANDOM \"x\""; done >>"$led"
    start=$(date +%s)
    bounded 60 "$bin" -C "$big" check >"$tmp/out" 2>&1; rc=$?
    secs=$(( $(date +%s) - start ))
    n=$(grep -c 'error: unknown' "$tmp/out")
    [ $rc = 1 ] && [ "$n" -ge 400 ] && [ $secs -le 20 ] \
        && ok "400 unknown ids in a 100,000-deal book: $n errors in ${secs} s" \
        || { bad "400 unknown ids (exit $rc, $n errors, ${secs} s)"; head -3 "$tmp/out"; }
    cp "$tmp/big-ledger.orig" "$led"
else
    bad "bench/gen_book.py made no book"
fi

# ---- 4. money overflow -----------------------------------------------------------------------

fresh
sed -i '0,/^    amount: 174000$/s//    amount: 92233720368547758.07/' "$book/deals.yaml"
sed -i '0,/^    amount: 127500$/s//    amount: 92233720368547758.07/' "$book/deals.yaml"
sb check >"$tmp/out" 2>&1; rc=$?
[ $rc = 1 ] && grep -q "deals.yaml:[0-9]*:[0-9]*: error: the amount of deal 'lumen-analytics'.*add up to more than" "$tmp/out" \
    && ok "two deals at the largest amount: an error naming the deal (no wrap-around)" \
    || { bad "overflow (exit $rc)"; head -3 "$tmp/out"; }
sb forecast --format csv >"$tmp/out" 2>&1; rc=$?
[ $rc = 1 ] && ! grep -q -- '-92' "$tmp/out" && ok "and no command prints a wrapped total" || bad "a wrapped total was printed (exit $rc)"

fresh
sed -i 's/^\(2026-01-19 08:40 won     vesta-renewal-2026       \)68150/\192233720368547758.07/' "$book/sales.ledger"
sb check >"$tmp/out" 2>&1; rc=$?
[ $rc = 1 ] && grep -q "sales.ledger:40:1: error: the amount of the entry at .*sales.ledger:40 (92233720368547758.07) makes the book's amounts add up" "$tmp/out" \
    && ok "a ledger amount that makes the sums overflow: a located error naming the entry" \
    || { bad "ledger overflow (exit $rc)"; head -3 "$tmp/out"; }
fresh
cp "$book/sales.ledger" "$tmp/ledger.orig"
sb won bellwether-rollout 92233720368547758.07 >"$tmp/out" 2>&1; rc=$?
[ $rc = 1 ] && grep -q "error: the amount of the entry .*(92233720368547758.07) makes the book's amounts add up" "$tmp/out" \
    && cmp -s "$book/sales.ledger" "$tmp/ledger.orig" \
    && ok "a write whose amount would make the sums overflow is refused, nothing written" \
    || { bad "won at the largest amount (exit $rc)"; head -3 "$tmp/out"; }
mkdir -p "$tmp/impo"
cp "$root/tests/import/messy/"{export.csv,people.csv,messy.rules.yaml} "$tmp/impo/"
sed -i 's/"12,500.50"/"92,233,720,368,547,758.07"/' "$tmp/impo/export.csv"
(cd "$tmp/impo" && bounded 30 "$bin" -q import export.csv --rules messy.rules.yaml --new "$tmp/impo/book") >"$tmp/out" 2>&1; rc=$?
[ $rc = 1 ] && grep -q "export.ledger:[0-9]*:[0-9]*: error: .*add up to more than" "$tmp/out" && [ ! -e "$tmp/impo/book/salesrep.yaml" ] \
    && ok "an import whose amounts would overflow: a located error, nothing written" \
    || { bad "import overflow (exit $rc)"; grep -v rejected "$tmp/out" | head -3; }

# ---- 5. output clean for its medium ----------------------------------------------------------

fresh
sed -i 's/^    title: ERP integration$/    title: "=HYPERLINK(\\"http:\/\/evil\\",\\"x\\")"/' "$book/deals.yaml"
sed -i '0,/^    title: Analytics suite$/s//    title: "<script>alert(1)<\/script> \& more"/' "$book/deals.yaml"
sed -i 's/^company: .*/company: "<b>Evil<\/b> \& Co"/' "$book/salesrep.yaml"
sb deals --format csv >"$tmp/out.csv" 2>&1; rc=$?
[ $rc = 0 ] && grep -q "^valmont-erp,.*\"'=HYPERLINK(" "$tmp/out.csv" && ! grep -q ',=HYPERLINK' "$tmp/out.csv" \
    && ok "a CSV text cell starting with '=' gets a leading quote" || { bad "formula cell (exit $rc)"; grep valmont "$tmp/out.csv"; }
sb balance --format csv --today 2026-11-26 >"$tmp/bal.csv" 2>&1
grep -q ',-[0-9]' "$tmp/bal.csv" || grep -q ',[0-9]' "$tmp/bal.csv" && ! grep -q ",'-[0-9]" "$tmp/bal.csv" \
    && ok "numbers stay numbers in CSV" || bad "a number got a quote"
{ sb report --format md && sb deals --format md; } >"$tmp/out.md" 2>&1; rc=$?
[ $rc = 0 ] && grep -q '&lt;script&gt;alert(1)&lt;/script&gt; &amp; more' "$tmp/out.md" && ! grep -q '<script>' "$tmp/out.md" \
    && grep -q '^# &lt;b&gt;Evil&lt;/b&gt; &amp; Co' "$tmp/out.md" && ! grep -q '<b>' "$tmp/out.md" \
    && ok "Markdown escapes <, > and &" || { bad "Markdown passes HTML through (exit $rc)"; grep -m2 script "$tmp/out.md"; }

fresh
sed -i 's/^    title: ERP integration$/    title: "ok\\e]52;c;cHduZWQ=\\aend"/' "$book/deals.yaml"
sb check >"$tmp/out" 2>&1; rc=$?
[ $rc = 1 ] && grep -q 'deals.yaml:[0-9]*:[0-9]*: error: .title. of a deal holds the control character 0x1B' "$tmp/out" \
    && ! grep -q $'\e' "$tmp/out" && ! grep -q $'\a' "$tmp/out" \
    && ok "ESC/BEL written as YAML escapes: a located error, no raw control character printed" \
    || { bad "control characters in a title (exit $rc)"; cat -v "$tmp/out" | head -3; }
for f in "deals --format csv" "report --format md" "deals --format json" "report --format html"; do
    sb $f >"$tmp/out" 2>"$tmp/err"; rc=$?
    [ $rc = 1 ] && ! grep -q $'[\e\a]' "$tmp/out" "$tmp/err" && [ ! -s "$tmp/out" ] \
        && ok "$f with ESC/BEL in a title: exit 1, nothing printed, no control character" \
        || { bad "$f carried a control character (exit $rc)"; cat -v "$tmp/out" | head -3; }
done
fresh
sed -i 's/^    title: ERP integration$/    title: "abc\\u202Edef"/' "$book/deals.yaml"
sed -i 's/^    title: Analytics suite$/    title: "x\\u009by"/' "$book/deals.yaml"
sb check >"$tmp/out" 2>&1; rc=$?
[ $rc = 1 ] && grep -q 'U+202E' "$tmp/out" && grep -q 'U+009B' "$tmp/out" && ! grep -q $'\u202e' "$tmp/out" \
    && ok "bidi override U+202E and C1 control U+009B are located errors" \
    || { bad "U+202E / C1 (exit $rc)"; cat -v "$tmp/out" | head -3; }
fresh
printf 'pipelines:\n  - id: p\n    "bad\\ekey\\u202e": 1\n' >"$book/funnel.yaml"
sb check >"$tmp/out" 2>&1; rc=$?
[ $rc = 1 ] && grep -q "funnel.yaml:3:[0-9]*: error: unknown key" "$tmp/out" && ! grep -q $'\e' "$tmp/out" && ! grep -q $'\u202e' "$tmp/out" \
    && ok "a message quoting a YAML value is cleaned (no ESC, no U+202E)" \
    || { bad "message text not cleaned (exit $rc)"; cat -v "$tmp/out" | head -3; }
fresh
sb show $'x\e]52;c;cHduZWQ=\a\u202ey' >"$tmp/out" 2>&1; rc=$?
[ $rc = 2 ] && grep -q "error: no deal or client 'x.*y'" "$tmp/out" && ! grep -q $'[\e\a]' "$tmp/out" && ! grep -q $'\u202e' "$tmp/out" \
    && ok "an argument quoted in an error message is cleaned too" \
    || { bad "argument echoed raw (exit $rc)"; cat -v "$tmp/out" | head -3; }
mkdir -p "$tmp/impc"
cp "$root/tests/import/messy/"{export.csv,people.csv,messy.rules.yaml} "$tmp/impc/"
sed -i $'2s/Closed Won/Won\e]52;c;cHduZWQ=\a\u202e/' "$tmp/impc/export.csv"
(cd "$tmp/impc" && bounded 30 "$bin" -q import export.csv --rules messy.rules.yaml --dry-run --new "$tmp/impc/book") >"$tmp/out" 2>&1; rc=$?
[ $rc = 0 ] && grep -q "^export.csv:2: rejected: status 'Won" "$tmp/out" && ! grep -q $'[\e\a]' "$tmp/out" && ! grep -q $'\u202e' "$tmp/out" \
    && ok "import's rejected rows quote the export's cells cleaned (no ESC, BEL, U+202E)" \
    || { bad "import echoed a control character (exit $rc)"; cat -v "$tmp/out" | head -3; }

# ---- 6. limits end in exit 1 -----------------------------------------------------------------

if [ "${SALESREP_SANITIZED:-}" = 1 ]; then
    echo "skip: out of memory under a memory limit (AddressSanitizer needs the address space: run without sanitizers)"
elif [ -f "$big/salesrep.yaml" ]; then
    # the 100,000-deal report needs about 430 MB: under 120 MB it must run out
    (ulimit -v 120000; timeout 60 "$bin" -C "$big" report --format md) >/dev/null 2>"$tmp/out"; rc=$?
    [ $rc = 1 ] && grep -q '^salesrep: error: out of memory' "$tmp/out" && ! grep -qi 'internal error\|terminate\|abort' "$tmp/out" \
        && ok "out of memory (ulimit -v 120 MB) is an error with exit 1: $(head -1 "$tmp/out" | cut -c1-70)" \
        || { bad "out of memory exits $rc"; head -3 "$tmp/out"; }
    # a tight limit: the small book still works, the big one is an error, nothing aborts
    fresh
    (ulimit -v 60000; timeout 60 "$bin" -C "$book" check >/dev/null 2>&1; echo "small=$?"
     timeout 60 "$bin" -C "$big" check >/dev/null 2>"$tmp/err"; echo "big=$?") >"$tmp/out" 2>&1
    [ "$(tr '\n' ' ' <"$tmp/out")" = "small=0 big=1 " ] && grep -q '^salesrep: error: out of memory' "$tmp/err" \
        && ok "under ulimit -v 60 MB the example book checks and the big one is an out-of-memory error (exit 1)" \
        || { bad "under 60 MB: $(tr '\n' ' ' <"$tmp/out")"; head -3 "$tmp/err"; }
fi
fresh
sb deals >/dev/full 2>"$tmp/out"; rc=$?
[ $rc = 1 ] && grep -q '^salesrep: error: cannot write to standard output' "$tmp/out" \
    && ok "output that cannot be written (/dev/full) is an error with exit 1, not a silent success" \
    || { bad "/dev/full (exit $rc)"; cat "$tmp/out"; }

# ---- 7. the ledger lock ----------------------------------------------------------------------

fresh
cp "$book/sales.ledger" "$tmp/ledger.orig"
flock "$book" sleep 6 &
holder=$!
sleep 0.3
start=$(date +%s)
sb log call "$deal" "waits" --wait 2 >"$tmp/out" 2>&1; rc=$?
secs=$(( $(date +%s) - start ))
kill "$holder" 2>/dev/null; wait "$holder" 2>/dev/null
[ $rc = 1 ] && grep -q 'waiting for the lock on .* held by another salesrep' "$tmp/out" \
    && grep -q 'gave up waiting' "$tmp/out" && [ $secs -le 5 ] && cmp -s "$book/sales.ledger" "$tmp/ledger.orig" \
    && ok "a held lock: said after 1 s, given up after --wait 2 (${secs} s), nothing written" \
    || { bad "lock wait (exit $rc, ${secs} s)"; cat "$tmp/out"; }
flock "$book/sales.ledger" sleep 1.5 &
holder=$!
sleep 0.3
sb log call "$deal" "after the wait" >"$tmp/out" 2>&1; rc=$?
wait "$holder" 2>/dev/null
[ $rc = 0 ] && grep -q 'after the wait' "$book/sales.ledger" && ok "a lock released in time: the write goes through" \
    || { bad "write after a short wait (exit $rc)"; cat "$tmp/out"; }

# ---- 8. import: links out of the book, the directory lock ---------------------------------------

messy=$root/tests/import/messy
imp_book() {  # a fresh book whose files: read what import writes under imported/
    fresh
    sed -i -e 's|^  team: .*|  team: [team.yaml, "imported/*.team.yaml"]|' \
        -e 's|^  clients: .*|  clients: [clients.yaml, "imported/*.clients.yaml"]|' \
        -e 's|^  ledger: .*|  ledger: [ledger/2025.ledger, "imported/*.ledger", sales.ledger]|' "$book/salesrep.yaml"
}
imp() {  # imp [GLOBAL OPTIONS]: import messy/export.csv into $book
    (cd "$messy" && bounded 30 "$bin" -C "$book" -q "$@" import export.csv --rules northwind.rules.yaml)
}

imp_book
mkdir "$outside/imports"
ln -s "$outside/imports" "$book/imported"
imp >"$tmp/out" 2>&1; rc=$?
[ $rc = 1 ] && grep -q "error: '$book/imported/export.team.yaml' is outside the book's directory (it leads to '$outside/imports/export.team.yaml')" "$tmp/out" \
    && [ -z "$(ls -A "$outside/imports")" ] \
    && ok "import refuses a committed 'imported' link leading out of the book: the path named, nothing written" \
    || { bad "import through an 'imported' link to outside (exit $rc)"; tail -3 "$tmp/out"; ls -A "$outside/imports"; }
echo 'allow_outside: true' >>"$book/salesrep.yaml"
imp >"$tmp/out" 2>&1; rc=$?
[ $rc = 1 ] && grep -q "imported/export.team.yaml' is outside the book's directory.*even with allow_outside" "$tmp/out" \
    && [ -z "$(ls -A "$outside/imports")" ] \
    && ok "and so it does with allow_outside: true (which opens reading only)" \
    || { bad "import wrote outside under allow_outside (exit $rc)"; tail -3 "$tmp/out"; ls -A "$outside/imports"; }
rm -rf "$outside/imports"

imp_book
mkdir "$book/imported"
ln -s "$outside/import-target.ledger" "$book/imported/export.ledger"
imp >"$tmp/out" 2>&1; rc=$?
[ $rc = 1 ] && grep -q "imported/export.ledger" "$tmp/out" && [ ! -e "$outside/import-target.ledger" ] \
    && ok "import into a book holding a dangling imported/export.ledger link: exit 1, the path named, nothing created" \
    || { bad "import with a dangling imported/STEM.ledger link (exit $rc)"; tail -3 "$tmp/out"; }
# the same link in the directory of a new book (--new): never written through
rm -rf "$tmp/newimp"
mkdir -p "$tmp/newimp/imported"
ln -s "$outside/import-target.ledger" "$tmp/newimp/imported/export.ledger"
(cd "$messy" && bounded 30 "$bin" -q import export.csv --rules messy.rules.yaml --new "$tmp/newimp") >"$tmp/out" 2>&1; rc=$?
[ $rc = 1 ] && grep -q "error: '$tmp/newimp/imported/export.ledger' is a symbolic link: salesrep never writes through one" "$tmp/out" \
    && [ ! -e "$outside/import-target.ledger" ] && [ ! -e "$tmp/newimp/salesrep.yaml" ] \
    && [ "$(ls -A "$tmp/newimp/imported")" = export.ledger ] \
    && ok "import --new never writes through a symbolic link (O_NOFOLLOW), and takes back what it wrote" \
    || { bad "import --new through a dangling link (exit $rc)"; tail -3 "$tmp/out"; ls -A "$tmp/newimp" "$tmp/newimp/imported"; }

# a lock on the book held by another process: said after one second, given up after --wait
imp_book
flock "$book" sleep 6 &
holder=$!
sleep 0.3
start=$(date +%s)
imp --wait 2 >"$tmp/out" 2>&1; rc=$?
secs=$(( $(date +%s) - start ))
kill "$holder" 2>/dev/null; wait "$holder" 2>/dev/null
[ $rc = 1 ] && grep -q "waiting for the lock on $book held by another salesrep" "$tmp/out" \
    && grep -q "gave up waiting for the lock on '$book' after 2 s.*nothing was written" "$tmp/out" \
    && [ $secs -le 5 ] && [ ! -e "$book/imported" ] \
    && ok "import under a held lock: said after 1 s, given up after --wait 2 (${secs} s), nothing written" \
    || { bad "import lock wait (exit $rc, ${secs} s)"; cat "$tmp/out"; }
flock "$book" sleep 1.5 &
holder=$!
sleep 0.3
imp >"$tmp/out" 2>&1; rc=$?
wait "$holder" 2>/dev/null
[ $rc = 0 ] && [ -s "$book/imported/export.ledger" ] && grep -q 'waiting for the lock' "$tmp/out" \
    && ok "a lock released within --wait: the import goes through" \
    || { bad "import after a short wait (exit $rc)"; cat "$tmp/out"; }

nothing_outside_but "$base" && victim_intact && ok "nothing was written outside the book (import)" \
    || { bad "the outside directory changed (import)"; ls -la "$outside"; }

echo "$passed passed, $failed failed"
[ $failed = 0 ]
