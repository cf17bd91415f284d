#!/usr/bin/env bash
# The HTML report of the example book, rendered by headless Chromium: the page
# loads without a console error or a blocked request, its DOM holds the tables and
# the SVG charts, and a screenshot is written. Fails when Chromium is missing
# (tests/browser/run.sh checks every reader's page the same way).
#   SALESREP_BIN=build/salesrep bash tests/html/run.sh
#   KEEP=DIR ...   keeps report.html, dom.html, report.png and chromium.log in DIR
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${SALESREP_BIN:?set SALESREP_BIN to the salesrep binary}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
export LC_ALL=C.UTF-8 TZ=UTC
unset SALESREP_BOOK SALESREP_TODAY SALESREP_AGENT

chromium=""
for c in chromium chromium-browser google-chrome; do
    if command -v "$c" >/dev/null; then chromium=$(command -v "$c"); break; fi
done
if [ -z "$chromium" ]; then
    echo "FAIL: chromium is not installed (scripts/install-deps.sh, or apt-get install chromium); the HTML report was not rendered"
    echo "html: 0 passed, 1 failed"
    exit 1
fi

out=${KEEP:-$(mktemp -d)}
mkdir -p "$out"
profile=$(mktemp -d)
trap 'rm -rf "$profile"; [ -n "${KEEP:-}" ] || rm -rf "$out"' EXIT

passed=0 failed=0
ok() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }

"$bin" -C "$root/examples/northwind" report --quarter 2026-Q4 --today 2026-11-26 --format html -o "$out/report.html" &&
    ok || fail "salesrep report --format html exits $?"
page="file://$out/report.html"

# The same flags for every run: no network, no first-run chores, a throwaway profile.
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
       --disable-component-update --disable-sync --disable-default-apps --mute-audio
       --user-data-dir="$profile" --enable-logging=stderr --v=0 --window-size=1280,2400)

run() { timeout 120 "$chromium" "${flags[@]}" "$@" "$page"; }

run --screenshot="$out/report.png" >"$out/chromium.log" 2>&1 || fail "chromium --screenshot exits $?"
size=$(stat -c %s "$out/report.png" 2>/dev/null || echo 0)
[ "$size" -gt 50000 ] && ok || fail "the screenshot is missing or blank ($size bytes)"
# The PNG signature.
[ "$(head -c 8 "$out/report.png" 2>/dev/null | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] && ok ||
    fail "report.png is not a PNG"

run --dump-dom >"$out/dom.html" 2>>"$out/chromium.log" || fail "chromium --dump-dom exits $?"
svgs=$(grep -o '<svg' "$out/dom.html" | wc -l)
[ "$svgs" -ge 4 ] && ok || fail "the DOM holds $svgs svg elements, wanted at least 4"
rects=$(grep -o '<rect' "$out/dom.html" | wc -l)
[ "$rects" -ge 40 ] && ok || fail "the DOM holds $rects rect elements (bars), wanted at least 40"
for heading in "Summary" "Targets and attainment" "Forecast" "Activity" "Funnel (every deal)" "Client balances"; do
    grep -qF "<h2>$heading</h2>" "$out/dom.html" && ok || fail "no <h2>$heading</h2> in the DOM"
done
for chart in "Sales attainment, 2026-Q4" "Forecast by category, 2026-Q4" "Activity per ISO week, 2026-Q4" "Funnel: "; do
    grep -qF "<h3>$chart" "$out/dom.html" && ok || fail "no chart titled '$chart' in the DOM"
done
[ "$(grep -o '<table>' "$out/dom.html" | wc -l)" -ge 8 ] && ok || fail "fewer than 8 tables in the DOM"

# No console message from the page, no request blocked or failed (the page must not load anything).
if grep -E 'CONSOLE|Uncaught|Content Security Policy|Refused to|net::ERR_' "$out/chromium.log" >"$out/errors"; then
    fail "chromium reported: $(head -5 "$out/errors")"
else
    ok
fi
for ref in 'http://' 'https://' 'src=' 'url(' '<script' '<link'; do
    grep -qF "$ref" "$out/report.html" && fail "report.html refers to something outside ($ref)" || ok
done

[ -n "${KEEP:-}" ] && echo "kept in $out: report.html, report.png ($size bytes), dom.html, chromium.log"
echo "html: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
