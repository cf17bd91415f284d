#!/usr/bin/env python3
"""Driver for tests/oracle/run9b.sh: SPEC §9b on random books, salesrep against oracle9b.py.

Generates `gen.py --busy` books (about 130 deals, many closed), runs `changes`,
`changes --deals`, `accuracy [--monthly] [--summary]`, `funnel --calibration` and
`forecast --range` over many days, periods, `--since` values, seeds and selections, and
compares the CSV with oracle9b.py (compare.compare: the §11 columns by name, exact rows
and order, RFC 4180 output).  It also checks on salesrep's own output that every
`changes` row satisfies start + created + pulled + increased - decreased - pushed - lost
- won = end, and that the oracle's side exercised every rule (the coverage list).
Each mismatch names the book (seed, fys) and the command line, to reproduce it:
    python3 tests/oracle/gen.py --busy --seed S --fys F --out /tmp/b
    salesrep -C /tmp/b ARGS --format csv
    python3 tests/oracle/oracle9b.py /tmp/b CMD ARGS
"""
import argparse
import csv
import datetime as dt
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import oracle  # noqa: E402
import oracle9b  # noqa: E402
import compare  # noqa: E402

ONE = dt.timedelta(days=1)
# forecast --range: the §11 forecast columns lead, the four range columns follow (by name)
RANGE_COLS = ["p10", "p50", "p90", "chance_pct"]
oracle.EXTRA["range"] = RANGE_COLS
oracle.REQUIRED_EXTRA["range"] = RANGE_COLS
SALESREP_CMD = {"changes": ["changes"], "accuracy": ["accuracy"],
                "calibration": ["funnel", "--calibration"], "range": ["forecast", "--range"]}
SHOW = int(os.environ.get("ORACLE9B_SHOW", "5"))   # mismatches printed in full per class


def d2s(d):
    return d.isoformat()


def quarter_args(book, d):
    P = oracle9b.default_quarter(book, d)
    return ["--period", "%s..%s" % (d2s(P.start), d2s(P.end))]


def jobs_for(book, today):
    """-> list of oracle9b argv lists (command first, without --today)."""
    T = oracle.parse_date(today)
    a = book.agent_ids
    sels = [["--agent", a[0]], ["--team", "north"], ["--agent", a[-1], "--team", "south"]]
    j = []
    # ---- changes: --since values (one day, the default week, a month, a quarter back, across
    # the start of the quarter), periods (the quarter, the previous one: pushes by the day
    # moving, next quarter, month, year, unbounded sides)
    qs = oracle9b.default_quarter(book, T).start
    sinces = [[], ["--since", d2s(T - ONE)], ["--since", d2s(T - 30 * ONE)], ["--since", d2s(T - 91 * ONE)],
              ["--since", d2s(qs - 3 * ONE)]]
    # A = the day some deal of the quarter's forecast was opened (opened on A: not `created`)
    S = oracle9b.state(book, T)
    Q = oracle9b.default_quarter(book, T)
    ons = sorted({st["opened"] for st in S.deals.values()
                  if oracle9b.in_forecast(S, st, Q) and st["opened"] < T})
    sinces += [["--since", d2s(d)] for d in ons[-2:]]
    prevq = quarter_args(book, qs - ONE)
    nextq = quarter_args(book, oracle9b.default_quarter(book, T).end + ONE)
    periods = [[], ["--quarter"], prevq, nextq, ["--month"], ["--year"],
               ["--period", "%s.." % d2s(T)], ["--period", "..%s" % d2s(T + 20 * ONE)]]
    for s in sinces:
        for p in periods:
            j.append(["changes"] + s + p)
            j.append(["changes", "--deals"] + s + p)
    for s in sels:
        j.append(["changes", "--since", d2s(T - 30 * ONE)] + s)
        j.append(["changes", "--deals", "--since", d2s(T - 30 * ONE)] + s)
        j.append(["changes", "--since", d2s(qs - 3 * ONE), "--year"] + s)
    j.append(["changes", "--since", d2s(T)])                     # exit 2: not before T
    j.append(["changes", "--since", d2s(T + 5 * ONE)])           # exit 2
    j.append(["changes", "--deals", "--since", d2s(T)])          # exit 2
    j.append(["changes", "--since", "2026-02-30"])               # exit 2: not a date
    # ---- accuracy: weekly and monthly snapshots, the quarter, year, month, a period that
    # ended before T, one with no end, selections; the summary of each
    acc = [[], ["--quarter"], ["--year"], ["--month"], prevq,
           ["--period", "%s..%s" % (d2s(T - 100 * ONE), d2s(T + 40 * ONE))],
           ["--period", "%s.." % d2s(T - 60 * ONE)], ["--period", "%s..%s" % (today, today)]]
    for p in acc:
        for m in ([], ["--monthly"]):
            j.append(["accuracy"] + m + p)
            j.append(["accuracy", "--summary"] + m + p)
    for s in sels:
        j.append(["accuracy", "--year"] + s)
        j.append(["accuracy", "--summary", "--monthly", "--year"] + s)
    j.append(["accuracy", "--period", "..%s" % today])           # exit 2: P has no start
    j.append(["accuracy", "--period", "%s.." % d2s(T + ONE)])    # exit 2: starts after T
    j.append(["accuracy"] + nextq)                               # exit 2
    # ---- calibration: all deals, cohorts of a year, a quarter, a month (small: closed < 10)
    for p in ([], ["--year", "2025"], ["--year"], ["--quarter"], ["--month"], ["--period", "..2025-12-31"]):
        j.append(["calibration"] + p)
    # ---- range: seeds, trial counts, periods, --calibrated, selections
    for p in ([], ["--year"], ["--month"], ["--period", "%s.." % today]):
        j.append(["range", "--trials", "2000", "--seed", "7"] + p)
        j.append(["range", "--trials", "2000", "--seed", "7", "--calibrated"] + p)
    j.append(["range"])                                          # N = 10000, seed 1
    j.append(["range", "--calibrated", "--year"])
    j.append(["range", "--trials", "1", "--seed", "0"])
    j.append(["range", "--trials", "37", "--seed", str(2 ** 64 - 1), "--year"])
    j.append(["range", "--trials", "999", "--seed", "123456789012345"])
    for s in sels:
        j.append(["range", "--trials", "1500", "--seed", "3", "--year"] + s)
        j.append(["range", "--trials", "1500", "--seed", "3", "--calibrated"] + s)
    j.append(["range", "--trials", "0"])                         # exit 2
    j.append(["range", "--seed", str(2 ** 64)])                  # exit 2
    j.append(["range", "--seed", "-1"])                          # exit 2
    return j


def report_jobs(book, today):
    """`report PERIOD --format csv -o DIR` writes changes.csv (since T - 7), calibration.csv
    (every deal, as the report's funnel) and, when P has begun, accuracy.csv (§10):
    -> [(report argv, {file: oracle9b argv or None when the file must be absent})]."""
    T = oracle.parse_date(today)
    out = []
    for p in (["--quarter"], ["--year", "2025"], ["--month"],
              ["--period", "%s..%s" % (d2s(T + 10 * ONE), d2s(T + 40 * ONE))]):
        a = oracle9b.make_parser().parse_args(["changes", "--today", today] + p)
        P = oracle.period_from_args(a, book.fys, T)
        files = {"changes": ["changes"] + p, "calibration": ["calibration"],
                 "accuracy": ["accuracy"] + p if P.start <= T else None}
        out.append((["report"] + p, files))
    return out


def run_report(binary, bookdir, argv):
    d = tempfile.mkdtemp(prefix="report-", dir=os.path.dirname(bookdir))
    rc, out, err = compare.run_salesrep(binary, bookdir, argv + ["-o", d], raw=True)   # adds --format csv
    files = {}
    for t in ("changes", "calibration", "accuracy"):
        p = os.path.join(d, t + ".csv")
        files[t] = open(p, encoding="utf-8").read() if os.path.exists(p) else None
    shutil.rmtree(d, ignore_errors=True)
    return rc, files, err


def cpu_time(binary, bookdir, argv):
    """user + sys CPU seconds of one salesrep run."""
    import resource
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([binary] + argv + ["--format", "csv"], cwd=bookdir, capture_output=True)
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)


def timing(binary, tmp, ndeals):
    """§9b: `accuracy` over a quarter costs at most twice one `forecast` (one pass over the
    ledger serves every snapshot).  The least CPU time of 3 runs each, on a book of NDEALS
    deals.  -> list of failures."""
    bookdir = os.path.join(tmp, "book-timing")
    subprocess.run([sys.executable, os.path.join(HERE, "gen.py"), "--busy", "--deals", str(ndeals), "--seed", "9",
                    "--fys", "1", "--out", bookdir], check=True)
    fails = []
    for today in ("2026-03-31", "2026-08-07"):
        base = ["--today", today, "--quarter"]
        cpu_time(binary, bookdir, ["forecast"] + base)          # warm the cache
        f = min(cpu_time(binary, bookdir, ["forecast"] + base) for _ in range(3))
        for extra in ([], ["--monthly"]):
            acc = min(cpu_time(binary, bookdir, ["accuracy"] + extra + base) for _ in range(3))
            ratio = acc / f if f else 0
            print("timing: %d deals, --today %s: forecast --quarter %.3fs, accuracy %s--quarter %.3fs "
                  "(x%.2f, at most x2)" % (ndeals, today, f, " ".join(extra + [""]), acc, ratio))
            if ratio > 2:
                fails.append("timing")
    return fails


def make_book(tmp, spec):
    """spec SEED:FYS[:rev2] -> a `gen.py --busy` book (rev2: with `client` and `open` entries):
    (directory, seed, fys label)."""
    parts = spec.split(":")
    seed, fys = int(parts[0]), int(parts[1])
    flags = ["--rev2-kinds"] if parts[2:] == ["rev2"] else []
    label = "%d%s" % (fys, " --rev2-kinds" if flags else "")
    bookdir = os.path.join(tmp, "book-" + spec.replace(":", "-"))
    shutil.rmtree(bookdir, ignore_errors=True)
    subprocess.run([sys.executable, os.path.join(HERE, "gen.py"), "--busy", "--seed", str(seed), "--fys", str(fys),
                    "--out", bookdir] + flags, check=True)
    return bookdir, seed, label


def salesrep_argv(oargv):
    return SALESREP_CMD[oargv[0]] + oargv[1:]


def changes_identity(out):
    """-> the rows of salesrep's `changes` output that break the identity of §9b."""
    rows = list(csv.reader(io.StringIO(out)))
    if not rows:
        return []
    h = rows[0]
    need = oracle9b.CH_COLS
    if any(c not in h for c in need):
        return []           # the header mismatch is reported by the comparison

    def cents(s):
        return oracle.parse_money(s, "EUR") if s else 0
    bad = []
    for r in rows[1:]:
        v = {c: cents(r[h.index(c)]) for c in need}
        lhs = (v["start"] + v["created"] + v["pulled"] + v["increased"] - v["decreased"] - v["pushed"]
               - v["lost"] - v["won"])
        if lhs != v["end"]:
            bad.append(",".join(r))
    return bad


class Coverage:
    """What the oracle's side of the comparisons exercised (the rules §9b names)."""
    WANT = ["changes:" + m for m in oracle9b.MOVES if m != "unchanged"] + [
        "changes:pushed-by-day", "changes:pulled-by-day", "changes:pulled-reopened",
        "changes:pushed-omitted", "changes:pulled-omitted", "changes:owner-changed",
        "accuracy:weekly", "accuracy:monthly", "accuracy:actual-0", "accuracy:error",
        "calibration:closed=0", "calibration:closed<10", "calibration:closed>=10", "calibration:won=0", "calibration:won=closed",
        "calibration:too high", "calibration:too low", "calibration:ok",
        "range:0%", "range:100%", "range:no-target", "range:target", "range:calibrated-rate"]

    def __init__(self):
        self.seen = set()

    def note(self, book, oargv, today, hdr, rows):
        cmd = oargv[0]
        T = oracle.parse_date(today)
        if cmd == "changes" and "--deals" in oargv:
            a = oracle9b.make_parser().parse_args(oargv + ["--today", today])
            A = oracle9b.parse_since(book, a.since, T)
            Q = oracle.period_from_args(a, book.fys, T) or oracle9b.default_quarter(book, T)
            SA, SB = oracle9b.state(book, A), oracle9b.state(book, T)
            for r in rows:
                self.seen.add("changes:" + r[2])
                st_a, st_b = SA.deals.get(r[0]), SB.deals[r[0]]
                if st_a is not None and st_a["owner"] != st_b["owner"]:
                    self.seen.add("changes:owner-changed")
                if r[2] in ("pushed", "pulled") and st_a is not None and st_a["state"] == "open":
                    if st_a["close"] == st_b["close"] and st_a["close"] is not None:
                        if SA.category(st_a) == SB.category(st_b):
                            self.seen.add("changes:%s-by-day" % r[2])
                    if (SA.category(st_a) == "omitted") != (SB.category(st_b) == "omitted"):
                        self.seen.add("changes:%s-omitted" % r[2])
                if r[2] == "pulled" and st_a is not None and st_a["state"] != "open":
                    self.seen.add("changes:pulled-reopened")
        elif cmd == "accuracy" and "--summary" not in oargv:
            self.seen.add("accuracy:monthly" if "--monthly" in oargv else "accuracy:weekly")
            for r in rows:
                self.seen.add("accuracy:error" if r[6] else "accuracy:actual-0")
        elif cmd == "calibration":
            for r in rows:
                n, w = int(r[3]), int(r[4])
                self.seen.add("calibration:closed<10" if n < 10 else "calibration:closed>=10")
                if n == 0:
                    self.seen.add("calibration:closed=0")
                if n and w == 0:
                    self.seen.add("calibration:won=0")
                if n and w == n:
                    self.seen.add("calibration:won=closed")
                if r[8]:
                    self.seen.add("calibration:" + r[8])
        elif cmd == "range":
            S = oracle9b.state(book, T)
            a = oracle9b.make_parser().parse_args(oargv + ["--today", today])
            P = oracle.period_from_args(a, book.fys, T) or oracle9b.default_quarter(book, T)
            for st in S.deals.values():
                if oracle9b.in_forecast(S, st, P):
                    if S.status(st) == 0:
                        self.seen.add("range:0%")
                    if S.status(st) == 100:
                        self.seen.add("range:100%")
                    if a.calibrated and st["override"] is None:
                        c = oracle9b.calibration_counts(S, None)[(st["pipeline"], st["stage"])]
                        if c[0] >= 10:
                            self.seen.add("range:calibrated-rate")
            for r in rows:
                self.seen.add("range:target" if r[9] else "range:no-target")

    def missing(self):
        return [w for w in self.WANT if w not in self.seen]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.environ.get("SALESREP_BIN", "build/salesrep"))
    ap.add_argument("--books", default="1:1,2:4,3:1:rev2,4:10",
                    help="SEED:FYS[:rev2] of gen.py --busy books (rev2: also --rev2-kinds)")
    ap.add_argument("--todays", default="2025-11-19,2026-04-02,2026-08-07")
    ap.add_argument("--only", default="changes,accuracy,calibration,range,report",
                    help="the §9b computations to compare (a salesrep in progress may have only some)")
    ap.add_argument("--keep", help="keep the books in this directory")
    ap.add_argument("--accept", action="append", default=[], choices=sorted(oracle9b.VARIANTS),
                    help="count a mismatch that this alternative reading explains as a pass")
    ap.add_argument("--timing", type=int, metavar="NDEALS",
                    help="also check that accuracy --quarter costs at most twice forecast --quarter "
                         "(CPU time) on a book of NDEALS deals (25000: about 220,000 ledger lines)")
    ap.add_argument("--no-coverage", action="store_true", help="do not fail on missing coverage")
    a = ap.parse_args()
    binary = os.path.abspath(a.bin)
    only = set(a.only.split(","))
    t0 = time.time()
    tmp = a.keep or tempfile.mkdtemp(prefix="salesrep-oracle9b-")
    passes, fails, classes = 0, [], {}
    cov = Coverage()
    pool = ThreadPoolExecutor(max_workers=os.cpu_count() or 2)
    # the hand books of selftest9b.py (figures checked by hand there), then the random books
    import selftest
    import selftest9b
    for name, files, argvs in selftest9b.HAND:
        book = selftest.book(files)
        for j in argvs:
            if j[0] not in only:
                continue
            k = j.index("--today")
            today, j = j[k + 1], j[:k] + j[k + 2:]
            rc, out, err = compare.run_salesrep(binary, book.root, salesrep_argv(j) + ["--today", today])
            where = "hand book %s (selftest9b.py): salesrep %s --today %s" % (name, " ".join(salesrep_argv(j)), today)
            if check_one(book, j, today, rc, out, err, where, classes, a.accept, cov):
                passes += 1
            else:
                fails.append(where)
        shutil.rmtree(book.root, ignore_errors=True)
    for pair in a.books.split(","):
        bookdir, seed, fys = make_book(tmp, pair)
        book = oracle.Book(bookdir)
        for today in a.todays.split(","):
            rc, out, err = compare.run_salesrep(binary, bookdir, ["check", "--today", today])
            if rc != 0 or " 0 errors" not in " " + (out + err).strip().splitlines()[-1]:
                print("BOOK INVALID seed=%d fys=%s today=%s:\n  %s" % (seed, fys, today,
                                                                     "\n  ".join((err + out).splitlines()[-6:])))
                fails.append("check")
                continue
            jobs = [j for j in jobs_for(book, today) if j[0] in only]
            futs = [pool.submit(compare.run_salesrep, binary, bookdir, salesrep_argv(j) + ["--today", today])
                    for j in jobs]
            for j, fu in zip(jobs, futs):
                rc, out, err = fu.result()
                where = "seed=%d fys=%s: salesrep %s --today %s" % (seed, fys, " ".join(salesrep_argv(j)), today)
                ok = check_one(book, j, today, rc, out, err, where, classes, a.accept, cov)
                if ok:
                    passes += 1
                else:
                    fails.append(where)
                if j[0] == "changes" and "--deals" not in j and rc == 0:
                    bad = changes_identity(out)
                    if bad:
                        cls = ("changes", "identity start+created+pulled+increased-decreased-pushed-lost-won=end")
                        classes.setdefault(cls, []).append(where)
                        print("IDENTITY BROKEN %s\n  rows: %s" % (where, "\n        ".join(bad[:4])))
                        fails.append(where)
            if "report" in only:
                for argv, files in report_jobs(book, today):
                    rc, got, err = run_report(binary, bookdir, argv + ["--today", today])
                    for t, oargv in files.items():
                        where = "seed=%d fys=%s: salesrep %s --today %s --format csv -o DIR (%s.csv)" % (
                            seed, fys, " ".join(argv), today, t)
                        if oargv is None:
                            ok = rc == 0 and got[t] is None
                            if not ok:
                                cls = ("report", "%s.csv written before P has begun" % t if rc == 0
                                       else "exit %d" % rc)
                                classes.setdefault(cls, []).append(where)
                                if len(classes[cls]) <= SHOW:
                                    print("MISMATCH %s: %s" % (where, cls[1] if rc == 0 else err.strip()[-300:]))
                        elif rc == 0 and got[t] is None:
                            ok = False
                            cls = ("report", "no %s.csv" % t)
                            classes.setdefault(cls, []).append(where)
                            if len(classes[cls]) <= SHOW:
                                print("MISMATCH %s: report wrote no %s.csv" % (where, t))
                        else:
                            ok = check_one(book, oargv, today, rc, got[t] or "", err, where, classes, a.accept, cov)
                        if ok:
                            passes += 1
                        else:
                            fails.append(where)
    pool.shutdown()
    if a.timing:
        fails += timing(binary, tmp, a.timing)
    print()
    print("§9b comparisons: %d passed, %d failed (%.1fs; books in %s)" % (passes, len(fails), time.time() - t0, tmp))
    if classes:
        print("mismatch classes (computation, differing columns): count")
        for cls, lst in sorted(classes.items(), key=lambda x: -len(x[1])):
            print("  %-12s %-60s %4d  e.g. %s" % (cls[0], cls[1], len(lst), lst[0]))
        print("(at most %d mismatches of each class are printed in full: ORACLE9B_SHOW=N for more)" % SHOW)
        print("to reproduce one (seed S, fys F, oracle9b's command name: changes, accuracy, calibration, range):\n"
              "  python3 tests/oracle/gen.py --busy --seed S --fys F [--rev2-kinds] --out /tmp/b\n"
              "  salesrep -C /tmp/b ARGS --format csv; python3 tests/oracle/oracle9b.py /tmp/b CMD ARGS")
        if any("AMBIGUOUS" in c[1] for c in classes):
            print("variants (other readings of §9b):")
            for k, v in oracle9b.VARIANTS.items():
                print("  %s: %s" % (k, v))
    missing = [m for m in cov.missing() if m.split(":")[0] in only]
    if missing:
        print("coverage: the books never exercised: %s" % ", ".join(missing))
        if not a.no_coverage:
            fails.append("coverage")
    else:
        print("coverage: every rule in the list was exercised (%d)" % len(cov.WANT))
    if not a.keep and not fails:
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if fails else 0


def check_one(book, j, today, rc, out, err, where, classes, accept, cov):
    try:
        ohdr, orows = oracle9b.compute(book, j + ["--today", today])
    except oracle.UsageError as ex:
        if rc == 2:
            return True
        cls = (j[0], "usage: exit %d, not 2" % rc)
        classes.setdefault(cls, []).append(where)
        if len(classes[cls]) <= SHOW:
            print("MISMATCH %s\n  %s: expected exit 2, got %d" % (where, ex, rc))
        return False
    except Exception as ex:
        print("ORACLE ERROR %s: %r" % (where, ex))
        classes.setdefault((j[0], "oracle-exception"), []).append(where)
        return False
    cov.note(book, j, today, ohdr, orows)
    if rc != 0:
        res = ("exit", None, None, "exit %d: %s" % (rc, err.strip()[-300:]))
    else:
        res = compare.compare(j[0], ohdr, orows, out)
    if res is None:
        return True
    label = res[0]
    if rc == 0:
        for v in sorted(oracle9b.VARIANTS):
            vh, vr = oracle9b.compute(book, j + ["--today", today], [v])
            if compare.compare(j[0], vh, vr, out) is None:
                if v in accept:
                    return True
                label = "AMBIGUOUS: salesrep follows variant " + v
                break
    cls = (j[0], label)
    classes.setdefault(cls, []).append(where)
    if len(classes[cls]) <= SHOW:
        if res[0] == "exit":
            print("MISMATCH %s\n  %s" % (where, res[3]))
        else:
            print("MISMATCH %s\n  %s [%s]\n  oracle:   %s\n  salesrep: %s" % (where, res[3], label, res[1], res[2]))
    return False


if __name__ == "__main__":
    sys.exit(main())
