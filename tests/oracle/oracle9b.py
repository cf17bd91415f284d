#!/usr/bin/env python3
"""An independent implementation of SPEC §9b (revision 2): `changes`, `accuracy`,
`funnel --calibration` and `forecast --range`, on top of oracle.py's replay (§7).

    python3 tests/oracle/oracle9b.py BOOK changes --today T [--since A] [--deals] [period] [--agent/--team]
    python3 tests/oracle/oracle9b.py BOOK accuracy --today T [--monthly] [--summary] [period] [...]
    python3 tests/oracle/oracle9b.py BOOK calibration --today T [period]
    python3 tests/oracle/oracle9b.py BOOK range --today T [--trials N] [--seed S] [--calibrated] [period] [...]

Prints the §11 CSV table.  Written from SPEC.md alone (§7, §8, §9, §9b, §10, §11), without
looking at salesrep's sources.  Money is integer cents, ratios are Fractions; the Wilson
interval (a square root) is computed with 60-digit decimals.

Where §9b can be read two ways, VARIANTS names the other reading (compare9b.py uses them
only to label a mismatch, as compare.py does).
"""
import argparse
import datetime as dt
import decimal
import sys
from fractions import Fraction as F

import oracle
from oracle import Period, fmt_cents, fmt_one_decimal, UsageError

ONE = dt.timedelta(days=1)

VARIANTS = {
    "changes-deals-keep-unchanged": "changes --deals: also list the deals whose movement is "
                                    "`unchanged` (default: only the deals that moved)",
    "changes-deals-amounts-when-exists": "changes --deals: amount_a / amount_b are the deal's amount "
                                         "as of A / B whenever it exists then, open or closed (default: "
                                         "empty where the deal was not open, like the closes)",
    "calibration-verdict-rounded": "funnel --calibration: the verdict compares the probability with "
                                   "the printed (rounded) low_pct / high_pct (default: the exact bounds)",
    "accuracy-mean-of-rounded": "accuracy --summary: mape and bias are means of the printed (rounded) "
                                "error_pct values (default: of the exact values)",
    "pre-close-effective-at-B": "changes, created-then-won/lost: the effective close just before the "
                                "deal closed is taken as of B, max(close, B) (default: as of the closing "
                                "day, max(close, closing day))",
}
ACTIVE = set()

MOVES = ["won", "lost", "pushed", "created", "pulled", "increased", "decreased", "unchanged",
         "created+won", "created+lost"]


# ---------------------------------------------------------------- replay with pre-close memory
class State9b(oracle.State):
    """oracle.State that also remembers, for each closing entry (won/lost), the deal just
    before it: (date, amount, expected close, category), in replay order."""

    def apply(self, e):
        st = self.deals.get(e["target"])
        if e["kind"] in ("won", "lost") and st is not None and st["state"] == "open":
            st.setdefault("pre_close", []).append(
                (e["date"], st["amount"], st["close"], self.category(st)))
        super().apply(e)


def state(book, d):
    cache = book.__dict__.setdefault("_states9b", {})
    if d not in cache:
        cache[d] = State9b(book, d)
    return cache[d]


def default_quarter(book, today):
    y = oracle.fiscal_year_of(book.fys, today)
    s, _ = oracle.fiscal_year(book.fys, y)
    qn = ((today.year * 12 + today.month) - (s.year * 12 + s.month)) // 3 + 1
    return Period(*oracle.fiscal_quarter(book.fys, y, qn))


def in_forecast(S, st, P):
    """An open deal, not `omitted`, whose effective close as of S.T is in P (§9)."""
    return (st["state"] == "open" and S.category(st) != "omitted"
            and P.contains(S.effective_close(st)))


def rows_of(book, sel, P, per, tot, metrics=()):
    return oracle.grouped(book, sel, P, per, tot, list(metrics))


# ---------------------------------------------------------------- changes
CH_COLS = ["start", "created", "pulled", "increased", "decreased", "pushed", "lost", "won", "end"]


def movements(book, Q, A, B):
    """-> list of dicts: deal, owner (as of B), move, amount (of the movement), start, end,
    amount_a, amount_b, close_a, close_b, exists_a, open_a, open_b."""
    SA, SB = state(book, A), state(book, B)
    out = []
    for did in sorted(SB.deals, key=lambda x: x.encode()):
        b = SB.deals[did]
        a = SA.deals.get(did)
        in_a = a is not None and in_forecast(SA, a, Q)
        in_b = in_forecast(SB, b, Q)
        opened_in = A < b["opened"] <= B
        open_b = b["state"] == "open"
        m = dict(deal=did, owner=b["owner"], start=0, end=0,
                 amount_a=a["amount"] if a is not None else None, amount_b=b["amount"],
                 close_a=a["close"] if a is not None and a["state"] == "open" else None,
                 close_b=b["close"] if open_b else None,
                 open_a=a is not None and a["state"] == "open", open_b=open_b,
                 exists_a=a is not None)
        if in_a:
            m["start"] = a["amount"]
        if in_b:
            m["end"] = b["amount"]
        if in_a and not open_b:
            m["move"], m["amount"] = b["state"], a["amount"]
        elif in_a and not in_b:
            m["move"], m["amount"] = "pushed", a["amount"]
        elif not in_a and in_b:
            m["move"], m["amount"] = ("created" if opened_in else "pulled"), b["amount"]
        elif in_a and in_b:
            d = b["amount"] - a["amount"]
            m["move"] = "increased" if d > 0 else ("decreased" if d < 0 else "unchanged")
            m["amount"] = abs(d)
        elif opened_in and not open_b:
            day, amt, close, cat = b["pre_close"][-1]
            ref = B if "pre-close-effective-at-B" in ACTIVE else day
            eff = None if close is None else max(close, ref)
            if not (Q.contains(eff) and cat != "omitted"):
                continue
            m["move"], m["amount"] = "created+" + b["state"], amt
        else:
            continue
        out.append(m)
    return out


def changes_figures(book, Q, A, B):
    per = {a: {c: 0 for c in CH_COLS} for a in book.agent_ids}
    tot = {c: 0 for c in CH_COLS}
    for m in movements(book, Q, A, B):
        add = {"start": m["start"], "end": m["end"]}
        mv = m["move"]
        if mv.startswith("created+"):
            add["created"] = m["amount"]
            add[mv.split("+")[1]] = m["amount"]
        elif mv != "unchanged":
            add[mv] = m["amount"]
        for k, v in add.items():
            tot[k] += v
            if m["owner"] in per:
                per[m["owner"]][k] += v
    return per, tot


def parse_since(book, since, today):
    try:
        A = oracle.parse_date(since) if since else today - 7 * ONE
    except (oracle.BookError, ValueError):
        raise UsageError("--since: not a date: %s" % since)
    if not A < today:
        raise UsageError("--since must be before T")
    return A


def table_changes(book, sel, Q, A, B):
    per, tot = changes_figures(book, Q, A, B)
    rows = []
    for scope, i, f, _ in rows_of(book, sel, Q, per, tot):
        rows.append([scope, i] + [fmt_cents(f[c]) for c in CH_COLS])
    return ["scope", "id"] + CH_COLS, rows


def table_changes_deals(book, sel, Q, A, B):
    ms = [m for m in movements(book, Q, A, B) if sel.keep_owner(m["owner"])]
    if "changes-deals-keep-unchanged" not in ACTIVE:
        ms = [m for m in ms if m["move"] != "unchanged"]
    ms.sort(key=lambda m: (MOVES.index(m["move"]), m["deal"].encode()))
    rows = []
    for m in ms:
        if "changes-deals-amounts-when-exists" in ACTIVE:
            aa = fmt_cents(m["amount_a"]) if m["exists_a"] else ""
            ab = fmt_cents(m["amount_b"])
        else:
            aa = fmt_cents(m["amount_a"]) if m["open_a"] else ""
            ab = fmt_cents(m["amount_b"]) if m["open_b"] else ""
        rows.append([m["deal"], m["owner"], m["move"], aa, ab, oracle.dstr(m["close_a"]),
                     oracle.dstr(m["close_b"])])
    return ["deal", "owner", "movement", "amount_a", "amount_b", "close_a", "close_b"], rows


# ---------------------------------------------------------------- accuracy
def forecast_figures(book, S, P):
    """Per agent and total: won, weighted, commit (as `forecast --today S.T` over P)."""
    keys = ["won", "weighted", "commit"]
    per = {a: {k: 0 for k in keys} for a in book.agent_ids}
    tot = {k: 0 for k in keys}

    def credit(agent, k, v):
        tot[k] += v
        if agent in per:
            per[agent][k] += v
    for st in S.deals.values():
        if st["state"] == "won" and P.contains(st["won_date"]):
            credit(st["won_owner"], "won", st["amount"])
        if in_forecast(S, st, P):
            credit(st["owner"], "weighted", S.weighted(st))
            if S.category(st) == "commit":
                credit(st["owner"], "commit", st["amount"])
    return per, tot


def snapshots(P, T, monthly):
    last = T if P.end is None else min(T, P.end)
    out, d = [], P.start
    while d <= last:
        out.append(d)
        if monthly:
            y, m = oracle.add_months(d.year, d.month, 1)
            d = dt.date(y, m, 1)
        else:
            d = d + 7 * ONE
    return out


def accuracy_rows(book, sel, P, T, monthly):
    """-> [(scope, id, [(D, forecast, commit, actual)])] in §11 order."""
    if P.start is None or P.start > T:
        raise UsageError("accuracy needs a period that starts on or before T")
    E = T if P.end is None else min(T, P.end)
    per_e, tot_e = forecast_figures(book, state(book, E), P)
    act = {(s, i): f["won"] for s, i, f, _ in rows_of(book, sel, P, per_e, tot_e)}
    out = {}
    order = []
    for D in snapshots(P, T, monthly):
        per, tot = forecast_figures(book, state(book, D), P)
        for s, i, f, _ in rows_of(book, sel, P, per, tot):
            if (s, i) not in out:
                out[(s, i)] = []
                order.append((s, i))
            out[(s, i)].append((D, f["won"] + f["weighted"], f["won"] + f["commit"], act[(s, i)]))
    return [(s, i, out[(s, i)]) for s, i in order]


def error(fc, actual):
    return None if actual == 0 else F(fc - actual, actual) * 100


def table_accuracy(book, sel, P, T, monthly):
    rows = []
    for s, i, snaps in accuracy_rows(book, sel, P, T, monthly):
        for D, fc, cm, ac in snaps:
            e = error(fc, ac)
            rows.append([s, i, D.isoformat(), fmt_cents(fc), fmt_cents(cm), fmt_cents(ac),
                         "" if e is None else fmt_one_decimal(e)])
    return ["scope", "id", "snapshot", "forecast", "commit", "actual", "error_pct"], rows


def table_accuracy_summary(book, sel, P, T, monthly):
    rows = []
    for s, i, snaps in accuracy_rows(book, sel, P, T, monthly):
        errs = [error(fc, ac) for D, fc, cm, ac in snaps]
        errs = [e for e in errs if e is not None]
        if "accuracy-mean-of-rounded" in ACTIVE:
            errs = [F(fmt_one_decimal(e)) for e in errs]
        if errs:
            mape = fmt_one_decimal(sum((abs(e) for e in errs), F(0)) / len(errs))
            bias = fmt_one_decimal(sum(errs, F(0)) / len(errs))
        else:
            mape = bias = ""
        rows.append([s, i, str(len(snaps)), mape, bias])
    return ["scope", "id", "snapshots", "mape", "bias"], rows


# ---------------------------------------------------------------- calibration
Z = decimal.Decimal("1.96")
CTX = decimal.Context(prec=60)


def wilson(won, n):
    """-> (low, high) in percent, as Decimals (the 95 % Wilson score interval)."""
    with decimal.localcontext(CTX):
        p = decimal.Decimal(won) / n
        z2 = Z * Z
        den = 1 + z2 / n
        centre = p + z2 / (2 * n)
        half = Z * (p * (1 - p) / n + z2 / (4 * n * n)).sqrt()
        low = (centre - half) / den * 100
        high = (centre + half) / den * 100
        if won == 0:
            low = decimal.Decimal(0)
        if won == n:
            high = decimal.Decimal(100)
        return low, high


def fmt_dec1(x):
    q = x.quantize(decimal.Decimal("0.1"), rounding=decimal.ROUND_HALF_UP, context=CTX)
    s = "%s" % q
    return "0.0" if s == "-0.0" else s


def calibration_counts(S, P):
    """-> {(pipeline, stage): (closed, won)} over the funnel's cohort (§9)."""
    out = {}
    for pl in S.book.pipelines:
        cohort = [st for st in S.deals.values()
                  if st["pipeline"] == pl["id"] and (P is None or P.contains(st["opened"]))]
        for i, s in enumerate(pl["stages"]):
            reached = [st for st in cohort if st["ever_max"] >= i or st["ever_won"]]
            closed = [st for st in reached if st["state"] in ("won", "lost")]
            won = [st for st in closed if st["state"] == "won"]
            out[(pl["id"], s["id"])] = (len(closed), len(won))
    return out


def table_calibration(book, T, P):
    S = state(book, T)
    cnt = calibration_counts(S, P)
    rows = []
    for pl in book.pipelines:
        for s in pl["stages"]:
            closed, won = cnt[(pl["id"], s["id"])]
            prob = s["probability"]
            row = [pl["id"], s["id"], fmt_one_decimal(F(prob)), str(closed), str(won)]
            if closed == 0:
                row += ["", "", "", ""]
            else:
                low, high = wilson(won, closed)
                if "calibration-verdict-rounded" in ACTIVE:
                    low, high = decimal.Decimal(fmt_dec1(low)), decimal.Decimal(fmt_dec1(high))
                verdict = ""
                if closed >= 10:
                    verdict = "too high" if prob > high else ("too low" if prob < low else "ok")
                row += [fmt_one_decimal(F(won * 100, closed)), fmt_dec1(wilson(won, closed)[0]),
                        fmt_dec1(wilson(won, closed)[1]), verdict]
            rows.append(row)
    return ["pipeline", "stage", "probability", "closed", "won", "win_rate_pct", "low_pct", "high_pct",
            "verdict"], rows


# ---------------------------------------------------------------- range
M64 = (1 << 64) - 1


def splitmix_draws(seed, n):
    """The first n values of next() >> 11."""
    cache = splitmix_draws.__dict__.setdefault("cache", {})
    got = cache.get(seed)
    if got is not None and len(got) >= n:
        return got
    out = []
    s = seed
    for _ in range(n):
        s = (s + 0x9E3779B97F4A7C15) & M64
        z = s
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
        out.append((z ^ (z >> 31)) >> 11)
    cache[seed] = out
    return out


def table_range(book, sel, P, T, trials, seed, calibrated):
    if trials < 1:
        raise UsageError("--trials must be >= 1")
    if not 0 <= seed < 1 << 64:
        raise UsageError("--seed out of range")
    S = state(book, T)
    hdr, frows = oracle.table_forecast(S, sel, P)
    deals = sorted((st for st in S.deals.values() if in_forecast(S, st, P)), key=lambda st: st["id"].encode())
    cal = calibration_counts(S, None) if calibrated else {}
    two53 = 1 << 53
    tests = []     # per deal: (owner, amount, numerator, denominator): won when x * den < num
    for st in deals:
        closed, won = cal.get((st["pipeline"], st["stage"]), (0, 0))
        if calibrated and st["override"] is None and closed >= 10:
            tests.append((st["owner"], st["amount"], won * two53, closed))
        else:
            tests.append((st["owner"], st["amount"], S.status(st) * two53, 100))
    n = len(tests)
    xs = splitmix_draws(seed, trials * n)
    # per trial, the amount won per agent (and in all)
    agents = book.agent_ids
    aidx = {a: k for k, a in enumerate(agents)}
    per = [[0] * trials for _ in agents]
    tot = [0] * trials
    for t in range(trials):
        base = t * n
        for k, (owner, amt, num, den) in enumerate(tests):
            if xs[base + k] * den < num:
                tot[t] += amt
                if owner in aidx:
                    per[aidx[owner]][t] += amt
    # won per agent (as the forecast)
    won = {a: 0 for a in agents}
    won_all = 0
    for st in S.deals.values():
        if st["state"] == "won" and P.contains(st["won_date"]):
            won_all += st["amount"]
            if st["won_owner"] in won:
                won[st["won_owner"]] += st["amount"]

    def scope_trials(scope, i):
        if scope == "agent":
            ks = [aidx[i]]
        elif scope == "team":
            ks = [aidx[a] for a in agents if book.agent_team[a] == i]
        elif not sel.active:
            return [won_all + v for v in tot]
        else:
            ks = [aidx[a] for a in agents if a in sel.agents]
        w = sum(won[agents[k]] for k in ks)
        return [w + sum(per[k][t] for k in ks) for t in range(trials)]

    # the exact targets (Fractions) from the grouped rows
    targets = {}
    for scope, i, f, tg in oracle.grouped(book, sel, P, {a: {"x": 0} for a in agents}, {"x": 0}, ["sales"]):
        targets[(scope, i)] = tg["sales"]
    rows = []
    for r in frows:
        scope, i = r[0], r[1]
        v = sorted(scope_trials(scope, i))
        ps = [fmt_cents(v[(trials * q + 99) // 100 - 1]) for q in (10, 50, 90)]
        t = targets[(scope, i)]
        if t is None:
            ch = ""
        else:
            ch = fmt_one_decimal(F(sum(1 for x in v if x >= t * 100), trials) * 100)
        rows.append(r + ps + [ch])
    return hdr + ["p10", "p50", "p90", "chance_pct"], rows


# ---------------------------------------------------------------- driver
def compute(book, argv, variants=()):
    """argv as for main() without BOOK: -> (header, rows); raises UsageError."""
    ACTIVE.clear()
    ACTIVE.update(variants)
    a = make_parser().parse_args(argv)
    T = oracle.parse_date(a.today)
    P = oracle.period_from_args(a, book.fys, T)
    sel = oracle.Selection(book, a.agent, a.team)
    if a.cmd == "calibration":
        return table_calibration(book, T, P)
    if P is None:
        P = default_quarter(book, T)
    if a.cmd == "changes":
        A = parse_since(book, a.since, T)
        if a.deals:
            return table_changes_deals(book, sel, P, A, T)
        return table_changes(book, sel, P, A, T)
    if a.cmd == "accuracy":
        if a.summary:
            return table_accuracy_summary(book, sel, P, T, a.monthly)
        return table_accuracy(book, sel, P, T, a.monthly)
    if a.cmd == "range":
        return table_range(book, sel, P, T, a.trials, a.seed, a.calibrated)
    raise SystemExit("unknown command %s" % a.cmd)


def make_parser():
    ap = argparse.ArgumentParser()
    ap.add_argument("cmd", choices=["changes", "accuracy", "calibration", "range"])
    ap.add_argument("--today", required=True)
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--month", nargs="?", const="")
    g.add_argument("--quarter", nargs="?", const="")
    g.add_argument("--year", nargs="?", const="")
    g.add_argument("--period")
    ap.add_argument("--agent", action="append", default=[])
    ap.add_argument("--team", action="append", default=[])
    ap.add_argument("--since")
    ap.add_argument("--deals", action="store_true")
    ap.add_argument("--monthly", action="store_true")
    ap.add_argument("--summary", action="store_true")
    ap.add_argument("--trials", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--calibrated", action="store_true")
    return ap


def main():
    book = oracle.Book(sys.argv[1])
    try:
        hdr, rows = compute(book, sys.argv[2:])
    except UsageError as ex:
        sys.stderr.write("oracle9b: %s\n" % ex)
        sys.exit(2)
    sys.stdout.write(oracle.to_csv(hdr, rows))


if __name__ == "__main__":
    main()
