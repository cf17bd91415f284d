#!/usr/bin/env python3
"""`changes` and `accuracy` (SPEC §9b) on generated books, checked against salesrep itself.

    python3 tests/changes/check_books.py --bin build/salesrep [--seeds 1,2,3]

Books: tests/oracle/gen.py (seeds x fiscal year starts 1 and 4) and a small
bench/gen_book.py book. For several days T, days A and periods Q:
  - every row of `changes --format csv`: start + created + pulled + increased
    - decreased - pushed - lost - won = end, exactly (cents);
  - the total's start and end are the `pipeline` of `forecast --today A` and of
    `forecast --today T` over Q (the total does not depend on owners);
  - `changes --deals`: movement names, order (movement of SPEC §9b, then deal
    id), and their `moved` amounts add up to the total row's columns;
  - with --agent / --team: the identity again, and the deals all kept;
  - `accuracy`: each snapshot's forecast and commit are those of
    `forecast --today D` over P, row by row; actual the won as of min(T, P's end).
Exit 1 on the first book with a failure (all failures of that book printed).
"""
import argparse
import csv
import datetime as dt
import io
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
ORDER = ["won", "lost", "pushed", "created", "pulled", "increased", "decreased", "unchanged",
         "created+won", "created+lost"]
COLUMNS = "scope,id,start,created,pulled,increased,decreased,pushed,lost,won,end".split(",")


def cents(text):
    if text == "":
        return 0
    neg = text.startswith("-")
    whole, _, frac = text.lstrip("-").partition(".")
    v = int(whole) * 100 + int((frac + "00")[:2])
    return -v if neg else v


class Checker:
    def __init__(self, binary):
        self.bin = binary
        self.failures = []
        self.runs = 0

    def run(self, book, args):
        self.runs += 1
        p = subprocess.run([self.bin, "-C", book, "-q"] + args, capture_output=True, text=True)
        if p.returncode != 0:
            self.fail("salesrep %s: exit %d: %s" % (" ".join(args), p.returncode, p.stderr.strip()[:300]))
            return None
        return list(csv.DictReader(io.StringIO(p.stdout)))

    def fail(self, msg):
        self.failures.append(msg)

    def check(self, cond, msg):
        if not cond:
            self.fail(msg)

    # ---- changes
    def changes(self, book, today, since, period, selection=()):
        where = "changes --today %s --since %s %s %s" % (today, since, " ".join(period), " ".join(selection))
        rows = self.run(book, ["changes", "--today", today, "--since", since, "--format", "csv"] + period +
                        list(selection))
        if rows is None:
            return
        self.check(rows and list(rows[0].keys()) == COLUMNS, where + ": columns " + str(rows[0].keys() if rows else None))
        for r in rows:
            v = {k: cents(r[k]) for k in COLUMNS[2:]}
            lhs = (v["start"] + v["created"] + v["pulled"] + v["increased"] - v["decreased"] - v["pushed"] -
                   v["lost"] - v["won"])
            self.check(lhs == v["end"], "%s: identity broken on %s %s: %s" % (where, r["scope"], r["id"], r))
            for k in COLUMNS[2:]:
                self.check(v[k] >= 0, "%s: negative %s on %s %s" % (where, k, r["scope"], r["id"]))
        total = rows[-1]
        self.check(total["scope"] == "total", where + ": last row is not the total")
        if not selection:
            self.first_ids = {r["scope"]: r["id"] for r in reversed(rows)}  # the first agent and team
        deals = self.run(book, ["changes", "--deals", "--today", today, "--since", since, "--format", "csv"] +
                         period + list(selection))
        if deals is None:
            return
        keys = [(ORDER.index(d["movement"]) if d["movement"] in ORDER else -1, d["deal"].encode()) for d in deals]
        self.check(all(k[0] >= 0 for k in keys), where + ": unknown movement in --deals")
        self.check(keys == sorted(keys), where + ": --deals not by movement then deal id")
        sums = {k: 0 for k in COLUMNS[2:]}
        for d in deals:
            m = d["movement"]
            for part in m.split("+"):
                if part != "unchanged":
                    sums[part] += cents(d["moved"])
            if m in ("won", "lost", "pushed", "increased", "decreased", "unchanged"):
                sums["start"] += cents(d["amount_a"])
            if m in ("created", "pulled", "increased", "decreased", "unchanged"):
                sums["end"] += cents(d["amount_b"])
        self.check(all(d["movement"] != "unchanged" for d in deals), where + ": --deals lists an unchanged deal")
        # --deals lists the deals that moved: the unchanged ones, left out, hold
        # the same amount on both days, so start and end differ from the
        # listed deals' sums by one same amount.
        for k in COLUMNS[2:]:
            if k in ("start", "end"):
                continue
            self.check(sums[k] == cents(total[k]), "%s: --deals add up to %d for %s, the total row says %s" % (
                where, sums[k], k, total[k]))
        self.check(cents(total["start"]) - sums["start"] == cents(total["end"]) - sums["end"],
                   "%s: the deals left out of --deals (unchanged) do not hold the same amount at start (%s - %d) "
                   "and end (%s - %d)" % (where, total["start"], sums["start"], total["end"], sums["end"]))
        if selection:
            return
        fa = self.run(book, ["forecast", "--today", since, "--format", "csv"] + period)
        fb = self.run(book, ["forecast", "--today", today, "--format", "csv"] + period)
        if fa and fb:
            self.check(cents(fa[-1]["pipeline"]) == cents(total["start"]),
                       "%s: start %s but forecast --today %s says pipeline %s" % (where, total["start"], since,
                                                                                   fa[-1]["pipeline"]))
            self.check(cents(fb[-1]["pipeline"]) == cents(total["end"]),
                       "%s: end %s but forecast --today %s says pipeline %s" % (where, total["end"], today,
                                                                                 fb[-1]["pipeline"]))

    # ---- accuracy
    def accuracy(self, book, today, period, monthly=False):
        where = "accuracy --today %s %s%s" % (today, " ".join(period), " --monthly" if monthly else "")
        rows = self.run(book, ["accuracy", "--today", today, "--format", "csv"] + period +
                        (["--monthly"] if monthly else []))
        if rows is None:
            return
        self.check(rows and list(rows[0].keys()) == "scope,id,snapshot,forecast,commit,actual,error_pct".split(","),
                   where + ": columns")
        by_day = {}
        for r in rows:
            by_day.setdefault(r["snapshot"], []).append(r)
        for d, snap in sorted(by_day.items()):
            f = self.run(book, ["forecast", "--today", d, "--format", "csv"] + period)
            if f is None:
                return
            self.check([(r["scope"], r["id"]) for r in snap] == [(r["scope"], r["id"]) for r in f],
                       "%s: rows of snapshot %s" % (where, d))
            for a, b in zip(snap, f):
                self.check(cents(a["forecast"]) == cents(b["forecast"]),
                           "%s: %s %s on %s: forecast %s, forecast --today says %s" % (
                               where, a["scope"], a["id"], d, a["forecast"], b["forecast"]))
                self.check(cents(a["commit"]) == cents(b["won"]) + cents(b["commit"]),
                           "%s: %s %s on %s: commit %s" % (where, a["scope"], a["id"], d, a["commit"]))
                act = cents(a["actual"])
                err = a["error_pct"]
                if act == 0:
                    self.check(err == "", where + ": error_pct without actual")
                else:
                    exact = (cents(a["forecast"]) - act) * 100 / act
                    self.check(abs(float(err) - exact) <= 0.05 + 1e-9, "%s: error_pct %s, expected %.4f" % (
                        where, err, exact))


def periods(today, fys):
    """The month, fiscal quarter and fiscal year that hold `today`, named (so that `forecast --today A` gets Q)."""
    y, m = int(today[:4]), int(today[5:7])
    fy = y if m >= fys else y - 1
    q = ((m - fys) % 12) // 3 + 1
    return [["--month", today[:7]], ["--quarter", "%d-Q%d" % (fy, q)], ["--year", str(fy)]]


def book_days(fys):
    """(today, since, period args) triples for a book of tests/oracle/gen.py (history 2025-01..2027-03)."""
    out = []
    for today, since in (("2025-09-14", "2025-09-07"), ("2026-03-31", "2026-01-15"), ("2026-08-07", "2026-07-31"),
                         ("2026-08-07", "2026-05-01")):
        for period in periods(today, fys) + [["--period", "%s..%s" % (since, today)], ["--period", "%s.." % since]]:
            out.append((today, since, period))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--seeds", default="1,2,3")
    a = ap.parse_args()
    c = Checker(os.path.abspath(a.bin))
    with tempfile.TemporaryDirectory() as tmp:
        books = []  # (directory, fiscal_year_start, the (today, since, period) to check, the T of accuracy)
        for seed in a.seeds.split(","):
            for fys in (1, 4):
                d = os.path.join(tmp, "oracle-%s-%d" % (seed, fys))
                subprocess.run([sys.executable, os.path.join(ROOT, "tests", "oracle", "gen.py"), "--seed", seed,
                                "--fys", str(fys), "--out", d], check=True)
                books.append((d, fys, book_days(fys), "2026-08-07"))
        d = os.path.join(tmp, "bench")
        subprocess.run([sys.executable, os.path.join(ROOT, "bench", "gen_book.py"), "--deals", "600", "--clients", "60",
                        "--entries", "20000", "--seed", "3", "--today", "2026-11-26", "--out", d], check=True,
                       stdout=subprocess.DEVNULL)
        t = "2026-11-26"
        books.append((d, 1, [(t, "2026-11-19", ["--quarter", "2026-Q4"]), (t, "2026-08-01", ["--year", "2026"]),
                             (t, "2025-12-31", ["--period", "2026-01-01..2026-12-31"])], t))
        for book, fys, days, t in books:
            for today, since, period in days:
                c.changes(book, today, since, period)
            today, since, period = days[0]
            c.changes(book, today, since, period, ["--agent", c.first_ids["agent"]])
            c.changes(book, today, since, period, ["--team", c.first_ids["team"]])
            month, quarter, year = periods(t, fys)
            c.accuracy(book, t, quarter)
            c.accuracy(book, t, year, monthly=True)
            if c.failures:
                print("FAIL on %s:" % book)
                for f in c.failures[:30]:
                    print("  " + f)
                return 1
    print("changes/accuracy on %d generated books: %d salesrep runs, every check passed" % (len(books), c.runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
