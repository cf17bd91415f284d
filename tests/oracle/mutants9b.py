#!/usr/bin/env python3
"""Sensitivity of the §9b oracle test: plant small bugs ("mutants") in a copy of
oracle9b.py and count, over the command lines compare9b.py runs on its books, how many
outputs each one changes.  A mutant that changes none means the books or the command
lines do not exercise that rule.  No salesrep needed (the unmutated oracle stands in).

    python3 tests/oracle/mutants9b.py [--books 1:1,2:4] [--todays D,...] [MUTANT...]
"""
import argparse
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import oracle  # noqa: E402
import compare9b  # noqa: E402

# name -> (old text, new text) in oracle9b.py
MUTANTS = {
    "changes: owner as of A": ('m = dict(deal=did, owner=b["owner"]',
                               'm = dict(deal=did, owner=(a or b)["owner"]'),
    "changes: omitted ignored": ('return (st["state"] == "open" and S.category(st) != "omitted"',
                                 'return (st["state"] == "open"'),
    "changes: no created-then-closed": ('        elif opened_in and not open_b:', '        elif False:'),
    "changes: created-then-closed at its won amount": (
        'm["move"], m["amount"] = "created+" + b["state"], amt', 'm["move"], m["amount"] = "created+" + b["state"], b["amount"]'),
    "changes: pre-close close ignored": ('            if not (Q.contains(eff) and cat != "omitted"):',
                                         '            if not cat != "omitted":'),
    "changes: closed deal amount as of B": ('            m["move"], m["amount"] = b["state"], a["amount"]',
                                            '            m["move"], m["amount"] = b["state"], b["amount"]'),
    "changes: created = pulled": ('("created" if opened_in else "pulled")', '"pulled"'),
    "changes: effective close = expected close": (
        'P.contains(S.effective_close(st)))', 'P.contains(st["close"]))'),
    "changes: --since default 6 days": ('else today - 7 * ONE', 'else today - 6 * ONE'),
    "changes: opened in [A, B]": ('opened_in = A < b["opened"] <= B', 'opened_in = A <= b["opened"] <= B'),
    "changes: first closing entry, not the last": ('day, amt, close, cat = b["pre_close"][-1]',
                                                   'day, amt, close, cat = b["pre_close"][0]'),
    "changes: pre-close effective close as of B": ('ref = B if "pre-close-effective-at-B" in ACTIVE else day',
                                                   'ref = B'),
    "changes --deals: unchanged listed": ('if "changes-deals-keep-unchanged" not in ACTIVE:', 'if False:'),
    "changes --deals: amounts of closed deals": ('if "changes-deals-amounts-when-exists" in ACTIVE:', 'if True:'),
    "changes --deals: by deal id only": (
        'ms.sort(key=lambda m: (MOVES.index(m["move"]), m["deal"].encode()))', 'ms.sort(key=lambda m: m["deal"].encode())'),
    "accuracy: 8-day steps": ('            d = d + 7 * ONE', '            d = d + 8 * ONE'),
    "accuracy: monthly = same day of the next month": (
        '            y, m = oracle.add_months(d.year, d.month, 1)\n            d = dt.date(y, m, 1)',
        '            y, m = oracle.add_months(d.year, d.month, 1)\n            d = dt.date(y, m, min(d.day, 28))'),
    "accuracy: actual as of T": ('    E = T if P.end is None else min(T, P.end)', '    E = T'),
    "accuracy: snapshot beyond T": ('    last = T if P.end is None else min(T, P.end)', '    last = P.end or T'),
    "accuracy: commit without won": ('f["won"] + f["commit"]', 'f["commit"]'),
    "accuracy: error over forecast": ('F(fc - actual, actual) * 100', 'F(fc - actual, fc or 1) * 100'),
    "accuracy: summary of the rounded errors": ('if "accuracy-mean-of-rounded" in ACTIVE:', 'if True:'),
    "accuracy: mape = |bias|": ('sum((abs(e) for e in errs), F(0))', 'abs(sum(errs, F(0)))'),
    "calibration: verdict on the rounded bounds": ('if "calibration-verdict-rounded" in ACTIVE:', 'if True:'),
    "calibration: open deals count as closed": ('closed = [st for st in reached if st["state"] in ("won", "lost")]',
                                                'closed = reached'),
    "calibration: reached without ever won": ('st["ever_max"] >= i or st["ever_won"]', 'st["ever_max"] >= i'),
    "calibration: z = 2": ('Z = decimal.Decimal("1.96")', 'Z = decimal.Decimal("2")'),
    "calibration: verdict from 5 closed": ('if closed >= 10:\n                    verdict', 'if closed >= 5:\n                    verdict'),
    "calibration: verdict >= high": ('"too high" if prob > high', '"too high" if prob >= high'),
    "calibration: cohort ignores the period": (
        'st["pipeline"] == pl["id"] and (P is None or P.contains(st["opened"]))', 'st["pipeline"] == pl["id"]'),
    "range: deals in owner order": ("key=lambda st: st[\"id\"].encode())", "key=lambda st: (st[\"owner\"], st[\"id\"]))"),
    "range: draw without >> 11": ('out.append((z ^ (z >> 31)) >> 11)', 'out.append((z ^ (z >> 31)) >> 12)'),
    "range: quantile index floor": ('v[(trials * q + 99) // 100 - 1]', 'v[max(0, trials * q // 100 - 1)]'),
    "range: chance with >": ('sum(1 for x in v if x >= t * 100)', 'sum(1 for x in v if x > t * 100)'),
    "range: selection filters the draws": ('deals = sorted((st for st in S.deals.values() if in_forecast(S, st, P))',
                                           'deals = sorted((st for st in S.deals.values() if in_forecast(S, st, P) and sel.keep_owner(st["owner"]))'),
    "range: calibrated ignores overrides": ('if calibrated and st["override"] is None and closed >= 10',
                                            'if calibrated and closed >= 10'),
    "range: calibrated from 5 closed": ('and st["override"] is None and closed >= 10', 'and st["override"] is None and closed >= 5'),
    "range: status ignores the override": ('S.status(st) * two53, 100))',
                                           'S.stage_def(st)["probability"] * two53, 100))'),
    "range: won not added": ('        w = sum(won[agents[k]] for k in ks)', '        w = 0'),
}


def load_mutant(name, old, new):
    src = open(os.path.join(HERE, "oracle9b.py")).read()
    if src.count(old) != 1:
        raise SystemExit("mutant %r: its text is found %d times" % (name, src.count(old)))
    d = tempfile.mkdtemp(prefix="mut9b-")
    p = os.path.join(d, "oracle9b_mut.py")
    with open(p, "w") as f:
        f.write(src.replace(old, new))
    spec = importlib.util.spec_from_file_location("oracle9b_mut", p)
    m = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(m)
    shutil.rmtree(d)
    return m


def outputs(mod, books, todays):
    out = {}
    for key, book in books.items():
        for k in ("_states9b",):
            book.__dict__.pop(k, None)
        for today in todays:
            for j in compare9b.jobs_for(book, today):
                try:
                    out[(key, today, tuple(j))] = mod.compute(book, j + ["--today", today])
                except oracle.UsageError:
                    out[(key, today, tuple(j))] = "usage"
                except Exception as ex:   # a mutant may crash: that is a change too
                    out[(key, today, tuple(j))] = "crash %r" % ex
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--books", default="1:1,2:4,3:1:rev2,4:10")
    ap.add_argument("--todays", default="2025-11-19,2026-04-02,2026-08-07")
    ap.add_argument("names", nargs="*")
    a = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="salesrep-mut9b-")
    books = {}
    for pair in a.books.split(","):
        books[pair] = oracle.Book(compare9b.make_book(tmp, pair)[0])
    todays = a.todays.split(",")
    import oracle9b
    base = outputs(oracle9b, books, todays)
    print("%d command lines" % len(base))
    dead = []
    for name, (old, new) in MUTANTS.items():
        if a.names and name not in a.names:
            continue
        m = load_mutant(name, old, new)
        got = outputs(m, books, todays)
        n = sum(1 for k in base if got[k] != base[k])
        print("  %-50s alters %5d outputs" % (name, n))
        if n == 0:
            dead.append(name)
    shutil.rmtree(tmp, ignore_errors=True)
    print("mutants never caught: %s" % (", ".join(dead) or "none"))
    return 1 if dead else 0


if __name__ == "__main__":
    sys.exit(main())
