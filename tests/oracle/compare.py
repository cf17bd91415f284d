#!/usr/bin/env python3
"""Driver for tests/oracle/run.sh: generate books, run salesrep, compare with the oracle.

Compares only the SPEC §11 columns (by header name; salesrep may append more), plus the
few extra columns the spec names (oracle.EXTRA) when salesrep prints them; the columns that
revision 2 adds (oracle.REQUIRED_EXTRA) must be there.
Prints every mismatch (command, arguments, first differing row on both sides) and a
summary by class (command, column); exits 1 if any.
"""
import argparse
import csv
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

PERIOD_CMDS = ["forecast", "targets", "activity", "funnel", "balance"]


def periods_for(today):
    """Period options to try for one --today (a list of argv lists)."""
    y = today[:4]
    return [
        ["--month"],                                   # the month holding today
        ["--month", "2026-02"],
        ["--quarter"],                                 # the fiscal quarter holding today
        ["--quarter", "2026-Q1"],
        ["--quarter", "2025-Q4"],
        ["--year"],
        ["--year", "2025"],
        ["--year", "2026"],
        ["--period", "2025-11-15..2026-04-20"],        # spans two fiscal years, days
        ["--period", "2025-10-01..2026-03-31"],        # month-aligned
        ["--period", "..2026-02-28"],                  # unbounded start
        ["--period", "2026-01-10.."],                  # unbounded end, days
        ["--period", "%s-03-03..%s-03-03" % (y, y)],   # a single day
    ]


def jobs_for(book, today):
    j = []
    for cmd in ["deals", "priority", "funnel", "balance", "forecast", "targets", "activity"]:
        j.append([cmd])
    for p in periods_for(today):
        for cmd in PERIOD_CMDS:
            j.append([cmd] + p)
    a = book.agent_ids
    sels = [["--agent", a[0]], ["--team", "north"], ["--agent", a[-1], "--team", "south"],
            ["--agent", a[1], "--agent", a[2]]]
    for s in sels:
        for cmd in ["deals", "priority"]:
            j.append([cmd] + s)
        for cmd in ["forecast", "targets", "activity"]:
            j.append([cmd, "--year"] + s)
            j.append([cmd, "--quarter"] + s)
    j.append(["report", "--quarter"])
    j.append(["report", "--year", "2025"])
    j += [["deals", "--open"], ["deals", "--won"], ["deals", "--lost", "--agent", a[0]]]
    # revision 2: --won/--lost with a period keep the deals closed in P; --opened needs one
    for p in (["--quarter"], ["--year", "2025"], ["--month", "2026-02"],
              ["--period", "2025-11-15..2026-04-20"], ["--period", "..2026-02-28"]):
        for st in ("--won", "--lost", "--opened"):
            j.append(["deals", st] + p)
    j.append(["deals", "--opened"])                    # no period: exit 2
    j.append(["deals", "--won", "--year", "--team", "north"])
    # the forecast with categories (omitted deals, overrides) over periods around T
    j.append(["forecast", "--period", "%s.." % today])
    j.append(["forecast", "--period", "..%s" % today])
    j.append(["priority", "--limit", "5"])
    j.append(["priority", "--limit", "3", "--agent", a[0]])
    return j


REPORT_FILES = ["priority", "deals", "forecast", "targets", "activity", "funnel", "balance"]


def run_report(binary, bookdir, argv):
    """report --format csv -o DIR: -> rc, {table: csv text}, stderr."""
    d = tempfile.mkdtemp(prefix="report-", dir=os.path.dirname(bookdir))
    rc, out, err = run_salesrep(binary, bookdir, argv + ["-o", d], raw=True)
    files = {}
    for t in REPORT_FILES:
        p = os.path.join(d, t + ".csv")
        files[t] = open(p, encoding="utf-8").read() if os.path.exists(p) else None
    return rc, files, err


def report_subjobs(argv):
    """The tables of `report PERIOD` as (table, oracle argv): the funnel covers every deal."""
    per = argv[1:argv.index("--today")] if "--today" in argv else argv[1:]
    out = []
    for t in REPORT_FILES:
        if t in ("priority", "deals", "funnel"):
            out.append((t, [t]))
        else:
            out.append((t, [t] + per))
    return out


def boundary_todays(book, today):
    """Days soon after `today` on which some open deal sits exactly on a flag's threshold
    (days in stage == max_days, days since contact == idle_days, expected_close == T,
    next action due == T), to tell > from >=."""
    found = {}
    d0 = oracle.parse_date(today)
    for k in range(1, 60):
        T = d0 + oracle.dt.timedelta(days=k)
        S = oracle.State(book, T)
        for st in S.deals.values():
            if st["state"] != "open":
                continue
            md = S.stage_def(st)["max_days"]
            if md is not None and (T - st["stage_entered"]).days == md:
                found.setdefault("stalled", T)
            if (T - S.last_contact(st)).days == book.idle_days:
                found.setdefault("idle", T)
            if st["close"] == T:
                found.setdefault("slipped", T)
            if st["next_due"] == T:
                found.setdefault("overdue", T)
        if len(found) == 4:
            break
    return sorted(set(x.isoformat() for x in found.values()))


def run_salesrep(binary, bookdir, argv, raw=False):
    if argv[0] == "report" and not raw:
        return run_report(binary, bookdir, argv)
    fmt = [] if argv[0] == "check" else ["--format", "csv"]
    p = subprocess.run([binary] + argv + fmt, cwd=bookdir, capture_output=True,
                       env=dict(os.environ, NO_COLOR="1", LC_ALL="C.UTF-8", TZ="UTC"))
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def oracle_table(book, argv, today, variants=()):
    ap = oracle.make_parser()
    a = ap.parse_args([book.root] + argv + ["--today", today])
    P = oracle.period_from_args(a, book.fys, oracle.parse_date(today))
    return oracle.compute(book, a.cmd, oracle.parse_date(today), P, a.agent, a.team, a.limit, variants,
                          a.state)


def compare(cmd, ohdr, orows, out):
    """-> None when equal, else (column class, oracle row, salesrep row, message)."""
    if "\r" in out:
        return ("format", None, None, "CR in output")
    rows = list(csv.reader(io.StringIO(out)))
    if not rows:
        return ("format", None, None, "empty output")
    again = io.StringIO()
    csv.writer(again, lineterminator="\n").writerows(rows)
    if again.getvalue() != out:
        a, b = again.getvalue().splitlines(), out.splitlines()
        k = next((i for i in range(min(len(a), len(b))) if a[i] != b[i]), min(len(a), len(b)))
        return ("csv-format", a[k] if k < len(a) else None, b[k] if k < len(b) else None,
                "not RFC 4180 minimal quoting / LF line ends (line %d)" % (k + 1))
    shdr = rows[0]
    base = [c for c in ohdr if c not in oracle.EXTRA.get(cmd, [])]
    if shdr[:len(base)] != base:
        return ("header", base, shdr, "header differs")
    missing = [c for c in oracle.REQUIRED_EXTRA.get(cmd, []) if c not in shdr]
    miss = ["missing " + c for c in missing]
    cols = [c for c in ohdr if c in shdr]
    oi = [ohdr.index(c) for c in cols]
    si = [shdr.index(c) for c in cols]
    srows = rows[1:]
    n = max(len(orows), len(srows))
    first, diff = None, []      # the first differing row; every column that differs somewhere
    for k in range(n):
        o = orows[k] if k < len(orows) else None
        s = srows[k] if k < len(srows) else None
        op = [o[i] for i in oi] if o is not None else None
        sp = [s[i] if i < len(s) else "<missing>" for i in si] if s is not None else None
        if op != sp:
            if op is None or sp is None:
                return (",".join(["rowcount"] + miss), op, sp, "row %d: %d oracle rows vs %d salesrep rows"
                        % (k + 1, len(orows), len(srows)))
            if op[:2] != sp[:2] and cmd in ("deals", "priority", "balance", "funnel"):
                return (",".join(["<row order/keys>"] + miss), dict(zip(cols, op)), dict(zip(cols, sp)),
                        "row %d" % (k + 1))
            diff += [c for c, x, y in zip(cols, op, sp) if x != y and c not in diff]
            if first is None:
                first = (dict(zip(cols, op)), dict(zip(cols, sp)), "row %d" % (k + 1))
    if first is not None:
        diff = [c for c in cols if c in diff]
        return (",".join(diff + miss),) + first
    if miss:
        return (",".join(miss), missing, shdr, "salesrep does not print the column(s) of revision 2")
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.environ.get("SALESREP_BIN", "build/salesrep"))
    ap.add_argument("--seeds", default="1,2,3")
    ap.add_argument("--fys", default="1,4")
    ap.add_argument("--todays", default="2025-09-14,2026-03-31,2026-08-07")
    ap.add_argument("--extra", default="4:10:2026-02-28,5:7:2026-11-30",
                    help="extra SEED:FYS:TODAY triples")
    ap.add_argument("--keep", help="keep the books in this directory")
    ap.add_argument("--accept", action="append", default=[], choices=sorted(oracle.VARIANTS),
                    help="count a mismatch that this alternative reading explains as a pass")
    ap.add_argument("--save", help="save salesrep's outputs as JSON (for mutants.py)")
    ap.add_argument("--gen-flag", action="append", default=[],
                    help="pass this flag to gen.py (e.g. --rev2-kinds, --no-rev2-syntax)")
    a = ap.parse_args()
    binary = os.path.abspath(a.bin)
    t0 = time.time()
    configs = []
    for s in a.seeds.split(","):
        for f in a.fys.split(","):
            for t in a.todays.split(","):
                configs.append((int(s), int(f), t))
    for x in filter(None, a.extra.split(",")):
        s, f, t = x.split(":")
        configs.append((int(s), int(f), t))

    tmp = a.keep or tempfile.mkdtemp(prefix="salesrep-oracle-")
    books = {}
    passes, fails = 0, []
    classes = {}
    pool = ThreadPoolExecutor(max_workers=os.cpu_count() or 2)
    saved = []
    for (seed, fys, today) in configs:
        bookdir = os.path.join(tmp, "book-s%d-f%d" % (seed, fys))
        if (seed, fys) not in books:
            shutil.rmtree(bookdir, ignore_errors=True)
            subprocess.run([sys.executable, os.path.join(HERE, "gen.py"), "--seed", str(seed),
                            "--fys", str(fys), "--out", bookdir] + a.gen_flag, check=True)
            books[(seed, fys)] = oracle.Book(bookdir)
        book = books[(seed, fys)]
        rc, out, err = run_salesrep(binary, bookdir, ["check", "--today", today])
        if rc != 0 or " 0 errors" not in " " + (out + err).strip().splitlines()[-1]:
            lines = (err + out).splitlines()
            errs = [x for x in lines if ": error:" in x]
            print("BOOK INVALID seed=%d fys=%d today=%s: %s\n  %s" % (
                seed, fys, today, lines[-1] if lines else "", "\n  ".join(errs[:6] or lines[-20:])))
            fails.append(("check", None))
            continue
        jobs = [(j, today) for j in jobs_for(book, today)]
        jobs += [([c], t) for t in boundary_todays(book, today) for c in ("deals", "priority")]
        futs = [pool.submit(run_salesrep, binary, bookdir, j + ["--today", t]) for j, t in jobs]
        for (j, today), fu in zip(jobs, futs):
            rc, out, err = fu.result()
            argv = j + ["--today", today]
            if j[0] == "report":
                subs = []
                for t, oargv in report_subjobs(j):
                    if rc == 0 and out[t] is None:
                        subs.append((t, oargv, 1, "", "report wrote no %s.csv" % t))
                    else:
                        subs.append((t, oargv, rc, out[t] or "", err))
            else:
                subs = [(None, j, rc, out, err)]
            for t, oargv, rc, out, err in subs:
                saved.append(dict(seed=seed, fys=fys, today=today, book=bookdir, argv=oargv, rc=rc, out=out))
                where = "seed=%d fys=%d: salesrep %s" % (seed, fys, " ".join(argv))
                if t:
                    where += " (%s.csv)" % t
                p, f = check_one(book, oargv, today, rc, out, err, where, classes, a.accept)
                passes += p
                fails.extend(f)
    pool.shutdown()
    if a.save:
        import json
        with open(a.save, "w") as f:
            json.dump(saved, f)
    print()
    print("comparisons: %d passed, %d failed (%.1fs; books in %s)" % (passes, len(fails), time.time() - t0, tmp))
    if any("AMBIGUOUS" in c[1] for c in classes):
        print("variants (alternative readings of the spec):")
        for k, v in oracle.VARIANTS.items():
            print("  %s: %s" % (k, v))
    if classes:
        print("mismatch classes (command, first differing columns): count")
        for cls, lst in sorted(classes.items(), key=lambda x: -len(x[1])):
            print("  %-10s %-60s %4d  e.g. %s" % (cls[0], cls[1], len(lst), lst[0]))
    if not a.keep and not fails:
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if fails else 0


def check_one(book, j, today, rc, out, err, where, classes, accept=()):
    """Compare one salesrep output with the oracle. -> (passes, list of failures)."""
    try:
        ohdr, orows = oracle_table(book, j, today)
    except oracle.UsageError as ex:  # salesrep must refuse the command line: exit 2
        if rc == 2:
            return 1, []
        cls = (j[0], "usage: exit %d, not 2" % rc)
        classes.setdefault(cls, []).append(where)
        print("MISMATCH %s\n  %s: expected exit 2, got %d" % (where, ex, rc))
        return 0, [(where, cls)]
    except Exception as ex:  # an oracle bug: report it as such
        print("ORACLE ERROR %s: %r" % (where, ex))
        return 0, [(where, "oracle-exception")]
    if rc != 0:
        res = ("exit", None, None, "exit %d: %s" % (rc, err.strip()[-500:]))
    else:
        res = compare(j[0], ohdr, orows, out)
    if res is None:
        return 1, []
    label = res[0]
    if rc == 0:
        for v in sorted(oracle.VARIANTS):
            vh, vr = oracle_table(book, j, today, [v])
            if compare(j[0], vh, vr, out) is None:
                if v in accept:
                    return 1, []
                label = "AMBIGUOUS: salesrep follows variant " + v
                break
    cls = (j[0], label)
    classes.setdefault(cls, []).append(where)
    print("MISMATCH %s\n  %s [%s]\n  oracle:   %s\n  salesrep: %s" % (where, res[3], label, res[1], res[2]))
    return 0, [(where, cls)]


if __name__ == "__main__":
    sys.exit(main())
