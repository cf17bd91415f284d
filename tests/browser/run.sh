#!/usr/bin/env bash
# Every reader's HTML report (the whole report, agent, lead, director, board) opened in a
# real headless Chromium: it renders without a console message, fetches nothing, and a
# screenshot per reader is written to a temporary directory (its path is printed).
#   SALESREP_BIN=build/salesrep bash tests/browser/run.sh
#   SALESREP_CHROMIUM=/path/to/chrome ...   a browser other than chromium on PATH
#
# No browser: in CI ($CI set, as CI services do, and not "false") a failure, since
# scripts/test.sh runs scripts/install-deps.sh --test, which installs Debian's chromium;
# elsewhere a skip (exit 77, which CMake's SKIP_RETURN_CODE shows as "Not Run", never "Passed").
#
# How each page is checked (one Chromium run per page, about 1.5 s):
#  - console: Chromium runs with --enable-logging=stderr --v=0, which prints every console
#    message of the page as "...:INFO:CONSOLE:LINE] "text", source: URL (LINE)"; any CONSOLE,
#    "Uncaught", "Refused to" or "Content Security Policy" line fails the page.
#  - fetches: the network is cut (--host-resolver-rules="MAP * ~NOTFOUND" and a proxy on the
#    discard port 127.0.0.1:9) so nothing can arrive, AND --log-net-log writes every request
#    the network stack saw. The browser's own chores (the network time check, which
#    --disable-background-networking does not stop) are logged with initiator "not an
#    origin"; any other URL_REQUEST_START_JOB was started by the page and fails it. A file://
#    page's loads of other file:// URLs do not reach the net log, hence the static check.
#  - static: the HTML has no <script>, no <link>, no @import, and every src=, href= and
#    url() is a "#fragment" or a data: URL (so no http://, https:// or // URL either).
#  - render: the screenshot exists, starts with the PNG signature and is over 10 kB; the
#    DOM Chromium built (--dump-dom) holds as many <svg> as the file and an <h1>.
# A self-test then feeds broken copies of the whole report through the same checks and
# fails unless each fault is reported by the check meant to see it: a console.error()
# script (console), an <img src="http://example.com/x.png"> (fetch and static), and both
# with the page's own Content-Security-Policy kept (the CSP's refusals on the console).
# Seen here (Debian 12, chromium 156, as root in a container): --no-sandbox is needed; D-Bus
# errors and "/usr/bin/chromium: 9: [: N: unexpected operator" (/etc/chromium.d/dev-shm when
# findmnt lists /dev/shm twice) go to the log and are harmless; each page takes about 1.5 s.
# Chromium's profile (--user-data-dir) and net logs live in the temporary directory and
# are removed; the HTML pages and screenshots are kept there for a look.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${SALESREP_BIN:?set SALESREP_BIN to the salesrep binary}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
export LC_ALL=C.UTF-8 TZ=UTC
unset SALESREP_BOOK SALESREP_TODAY SALESREP_AGENT

chromium=${SALESREP_CHROMIUM:-}
if [ -z "$chromium" ]; then
    for c in chromium chromium-browser google-chrome; do
        if command -v "$c" >/dev/null; then chromium=$(command -v "$c"); break; fi
    done
fi
if [ -z "$chromium" ] || ! [ -x "$chromium" ]; then
    missing="no headless browser found (looked for chromium, chromium-browser, google-chrome on PATH${SALESREP_CHROMIUM:+ and $SALESREP_CHROMIUM})."
    hint="Install it with scripts/install-deps.sh --test (Debian: apt-get install chromium), or set SALESREP_CHROMIUM."
    if [ -n "${CI:-}" ] && [ "${CI:-}" != false ]; then
        echo "FAIL: $missing"
        echo "      CI=$CI: the browser must be there. $hint"
        echo "browser: 0 passed, 1 failed"
        exit 1
    fi
    echo "SKIP: $missing"
    echo "      $hint"
    exit 77
fi

out=$(mktemp -d "${TMPDIR:-/tmp}/salesrep-browser.XXXXXX")
trap 'rm -rf "$out/profile" "$out"/*.netlog "$out"/*.log "$out"/*.dom "$out"/*.found' EXIT

passed=0 failed=0
ok() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }

# The same flags for every page: no network, no first-run chores, a throwaway profile.
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
       --disable-component-update --disable-sync --disable-default-apps --mute-audio
       --host-resolver-rules="MAP * ~NOTFOUND" --proxy-server=127.0.0.1:9
       --user-data-dir="$out/profile" --enable-logging=stderr --v=0 "--window-size=1280,3000")

# open NAME: loads $out/NAME.html once; writes NAME.png, NAME.dom, NAME.log, NAME.netlog.
open_page() {
    local name=$1
    rm -rf "$out/profile"
    timeout 60 "$chromium" "${flags[@]}" --log-net-log="$out/$name.netlog" --screenshot="$out/$name.png" \
        --dump-dom "file://$out/$name.html" >"$out/$name.dom" 2>"$out/$name.log"
}

# The checks print one line per fault found, prefixed by its kind, into NAME.found.
console_faults() {
    grep -E ':CONSOLE[:(]|Uncaught|Refused to|Content Security Policy' "$out/$1.log" | sed 's/^/console: /'
}
fetch_faults() {
    python3 - "$out/$1.netlog" <<'EOF'
import json, sys
try:
    log = json.load(open(sys.argv[1]))
except (OSError, ValueError) as e:
    print(f"fetch: the net log cannot be read ({e})")
    sys.exit()
kinds = {v: k for k, v in log["constants"]["logEventTypes"].items()}
for e in log["events"]:
    p = e.get("params", {})
    if kinds.get(e["type"]) == "URL_REQUEST_START_JOB" and "url" in p and p.get("initiator") != "not an origin":
        print(f"fetch: the page requested {p.get('url')} (initiator {p.get('initiator')})")
EOF
}
static_faults() {
    local f="$out/$1.html"
    grep -oiE '<script|<link|@import' "$f" | sort -u | sed 's/^/static: /'
    grep -oiE '(src|href)[[:space:]]*=[[:space:]]*["'\'']?[^"'\'' >]*|url\([^)]*\)' "$f" |
        grep -viE '=[[:space:]]*["'\'']?(#|data:)|url\([[:space:]]*["'\'']?(#|data:)' | sort -u | sed 's/^/static: /'
}
render_faults() {
    local name=$1 size svgs
    size=$(stat -c %s "$out/$name.png" 2>/dev/null || echo 0)
    [ "$size" -gt 10000 ] || echo "render: the screenshot is missing or blank ($size bytes)"
    [ "$(head -c 8 "$out/$name.png" 2>/dev/null | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] ||
        echo "render: $name.png is not a PNG"
    svgs=$(grep -o '<svg' "$out/$name.html" | wc -l)
    [ "$(grep -o '<svg' "$out/$name.dom" | wc -l)" -eq "$svgs" ] || echo "render: the DOM does not hold the $svgs svg charts"
    grep -q '<h1' "$out/$name.dom" || echo "render: no <h1> in the DOM"
}
check_page() {
    local name=$1 rc=0
    open_page "$name" || rc=$?
    { [ "$rc" -eq 0 ] || echo "render: chromium exits $rc"
      console_faults "$name"; fetch_faults "$name"; static_faults "$name"; render_faults "$name"
    } >"$out/$name.found"
}

report() { "$bin" -C "$root/examples/northwind" report --quarter 2026-Q4 --today 2026-11-26 --format html "$@"; }

start=$SECONDS
readers=(whole agent lead director board)
declare -A args=([whole]="" [agent]="--for agent fatima" [lead]="--for lead north"
                 [director]="--for director" [board]="--for board")
for r in "${readers[@]}"; do
    # shellcheck disable=SC2086  # the reader's words
    if ! report ${args[$r]} -o "$out/$r.html"; then fail "$r: salesrep report ${args[$r]} exits non-zero"; continue; fi
    check_page "$r"
    if [ -s "$out/$r.found" ]; then
        fail "$r (report ${args[$r]}):"; sed 's/^/    /' "$out/$r.found" | head -20
    else
        ok; echo "ok $r: $(stat -c %s "$out/$r.png") bytes in $out/$r.png"
    fi
done

# Self-test: each fault injected into a copy of the whole report must be reported, by the
# check meant to see it. The page's own Content-Security-Policy (default-src 'none') blocks
# both faults before they run, so the first two copies drop it to reach each check; the
# third keeps it and must show the CSP's refusal on the console.
inject() { sed -e "s|</body>|$3</body>|" -e "$2" "$out/whole.html" >"$out/$1.html"; }
no_csp='/http-equiv="Content-Security-Policy"/d'
inject broken-console "$no_csp" '<script>console.error("injected-x")</script>'
inject broken-fetch "$no_csp" '<img src="http://example.com/x.png" alt="">'
inject broken-csp '' '<script>console.error("injected-x")</script><img src="http://example.com/x.png" alt="">'
grep -q 'Content-Security-Policy' "$out/broken-console.html" &&
    fail "self-test: the CSP meta was not removed from the copy"
check_page broken-console
grep -q '^console: .*"injected-x"' "$out/broken-console.found" && ok ||
    fail "self-test: a console.error() in the page was not reported (found: $(tr '\n' ' ' <"$out/broken-console.found"))"
check_page broken-fetch
grep -q '^fetch: the page requested http://example.com/x.png' "$out/broken-fetch.found" && ok ||
    fail "self-test: the net log did not show the page fetching http://example.com/x.png"
grep -q '^static: src="http://example.com/x.png' "$out/broken-fetch.found" && ok ||
    fail "self-test: the static check did not report src=\"http://example.com/x.png\""
check_page broken-csp
[ "$(grep -c '^console: .*Content Security Policy' "$out/broken-csp.found")" -ge 2 ] && ok ||
    fail "self-test: the page's CSP refusals of the script and the image were not both reported"
rm -f "$out"/broken-*

echo "screenshots in $out ($((SECONDS - start)) s)"
echo "browser: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
