#!/usr/bin/env python3
"""Sensitivity check of the oracle test: apply small, deliberate bugs ("mutants") to a
copy of oracle.py and count how many saved salesrep outputs each one contradicts.
A mutant that contradicts none means the generated books do not exercise that rule.

    python3 tests/oracle/compare.py --bin build/salesrep --keep /tmp/ob --save /tmp/ob/out.json
    python3 tests/oracle/mutants.py /tmp/ob/out.json

Without a binary (or before it implements the spec's latest revision), the oracle's own
outputs can stand in for salesrep's: this measures whether the generated books exercise
each rule at all.

    python3 tests/oracle/mutants.py --self /tmp/obs [--gen-flag=--rev2-kinds] [MUTANT...]
"""
import importlib.util
import json
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import compare  # noqa: E402

# name -> (old text, new text) in oracle.py
MUTANTS = {
    "time ignored in replay order": (
        'e["time"] or "00:00",\n                                    e["file"], e["line"]', 'e["file"], e["line"]'),
    "file order instead of date order": (
        'entries.sort(key=lambda e: (e["date"], KIND_GROUP', 'entries.sort(key=lambda e: (0, KIND_GROUP'),
    "client/open entries not first within a day": ('KIND_GROUP.get(e["kind"], 2)', '2'),
    "future entries not ignored": ('if e["date"] <= today]', ']'),
    "override dropped on stage move": (
        'st["stage_entered"] = date\n            st["cur_stay_start"] = date\n            st["ever_max"]',
        'st["stage_entered"] = date\n            st["override"] = None\n            st["cur_stay_start"] = date\n            st["ever_max"]'),
    "YAML probability ignored": ('override=d["probability"]', 'override=None'),
    "probability:- ignored": ('None if f["probability"] == "-" else int(f["probability"])',
                              'st["override"] if f["probability"] == "-" else int(f["probability"])'),
    "@agent on payment credited": (
        'credit(book.clients[c]["owner"], "collected", cents)', 'credit(_agent or book.clients[c]["owner"], "collected", cents)'),
    "same-day ties broken by reverse file order": (
        'e["file"], e["line"]))', '-e["file"], -e["line"]))'),
    "percentages rounded half down": (
        '    t = round_half_up_div(x.numerator * 10, x.denominator)',
        '    t = (20 * x.numerator + x.denominator - 1) // (2 * x.denominator)'),
    "money targets truncated": ('    c = round_half_up_div(x.numerator * 100, x.denominator)',
                                '    c = x.numerator * 100 // x.denominator'),
    "a loss does not end a stay": ('        st["state"] = "lost"\n            st["lost_date"] = date\n            st["lost_owner"] = st["owner"]\n            self.end_stay(st, date)',
                                      '        st["state"] = "lost"\n            st["lost_date"] = date\n            st["lost_owner"] = st["owner"]'),
    "interaction credited to YAML owner": ('agent = e["agent"] or st["owner"]', 'agent = e["agent"] or st["opening_owner"]'),
    "@agent ignored on interactions": ('agent = e["agent"] or st["owner"]', 'agent = st["owner"]'),
    "won credited to owner as of T": ('st["won_owner"] = st["owner"]', 'pass'),
    "won amount ignored": ('            if a is not None:\n                st["amount"] = a\n', ''),
    "reopen keeps days in stage": (
        '            st["state"] = "open"\n            st["stage_entered"] = date',
        '            st["state"] = "open"'),
    "client interactions not contact": (
        'if self.client_last_inter.get(st["client"]) is not None:', 'if False:'),
    "stalled with >=": ('(T - st["stage_entered"]).days > md', '(T - st["stage_entered"]).days >= md'),
    "idle with >=": ('(T - self.last_contact(st)).days > self.book.idle_days',
                     '(T - self.last_contact(st)).days >= self.book.idle_days'),
    "slipped with <=": ('st["close"] is not None and st["close"] < T', 'st["close"] is not None and st["close"] <= T'),
    "overdue with <=": ('st["next_due"] is not None and st["next_due"] < T', 'st["next_due"] is not None and st["next_due"] <= T'),
    "next: field ignored": ('st["next_due"] = parse_date(e["fields"]["next"])', 'pass'),
    "category ignores stage category": ('c = self.stage_def(st)["category"]', 'c = None'),
    "category rule from stage % not status %": (
        '        p = self.status(st)\n        return "commit"',
        '        p = self.stage_def(st)["probability"]\n        return "commit"'),
    "weighted truncated": ('return round_half_up_div(st["amount"] * self.status(st), 100)',
                           'return st["amount"] * self.status(st) // 100'),
    "targets always in days": ('    if months:\n        ov', '    if False:\n        ov'),
    "targets always in months": ('    if months:\n        ov', '    if True:\n        ov'),
    "team target always sum of agents": ('    own = own_target(book, "team", t, metric, u, months)', '    own = None'),
    "company target always sum of teams": ('    own = own_target(book, "company", "", metric, u, months)', '    own = None'),
    "company target = sum of agents (revision 1)": ('    if "company-sums-agents" in ACTIVE:', '    if True:'),
    "team target all or nothing (revision 1)": (
        'return sum_targets(team_piece(book, t, metric, u, m) for u, m in pieces(book, P))',
        'return own_target(book, "team", t, metric, P) if own_target(book, "team", t, metric, P) is not None else sum_targets(own_target(book, "agent", a, metric, P) for a in book.agent_ids if book.agent_team[a] == t)'),
    "fiscal year = calendar year": ('    s = dt.date(n, fys, 1)\n    ey, em = add_months(n, fys, 11)',
                                    '    s = dt.date(n, 1, 1)\n    ey, em = add_months(n, 1, 11)'),
    "fiscal year N starts in N-1": ('    s = dt.date(n, fys, 1)\n    ey, em = add_months(n, fys, 11)',
                                    '    s = dt.date(n - 1 if fys > 1 else n, fys, 1)\n    ey, em = add_months(s.year, fys, 11)'),
    "total counts only credited entries": ('        tot[k] += v\n        if agent in per:\n            per[agent][k] += v\n    for (d, metric',
                                           '        if agent in per:\n            tot[k] += v\n            per[agent][k] += v\n    for (d, metric'),
    "lost credited to owner as of T": ('st["lost_owner"] = st["owner"]', 'pass'),
    "deals_opened by owner as of T": ('credit(st["opening_owner"], "deals_opened")', 'credit(st["owner"], "deals_opened")'),
    "funnel avg over open stays too": ('for (sid, a, b) in st["stays"] if sid == s["id"]]',
                                       'for (sid, a, b) in st["stays"] + [(st["stage"], st["cur_stay_start"] or S.T, S.T)] if sid == s["id"]]'),
    "funnel reached = current stage only": ('st["ever_max"] >= i', 'S.book.stage_index(st["pipeline"], st["stage"]) >= i'),
    "priority tie on weighted ignored": ('items.sort(key=lambda x: (-x[0], -x[1], x[2].encode()))',
                                         'items.sort(key=lambda x: (-x[0], x[2].encode()))'),
    "balance ignores opening": ('fmt_cents(c["opening"] + inv - paid)', 'fmt_cents(inv - paid)'),
    "forecast drops past-due deals (revision 1)": ('if P.contains(S.effective_close(st)) and cat',
                                                   'if P.contains(st["close"]) and cat'),
    "omitted deals in the forecast": ('and cat != "omitted":', ':'),
    "category: stage before probability override": (
        '(st["override"] is None or "category-stage-before-override" in ACTIVE)', 'True'),
    "category override ignored": ('        if st["cat_override"]:\n', '        if False:\n'),
    "category:- ignored": ('st["cat_override"] = None if f["category"] == "-" else f["category"]',
                           'st["cat_override"] = st["cat_override"] if f["category"] == "-" else f["category"]'),
    "slips count every change of close": ('if st["close"] is not None and new > st["close"]:',
                                          'if st["close"] is not None and new != st["close"]:'),
    "slips count a first close": ('if st["close"] is not None and new > st["close"]:',
                                  'if st["close"] is None or new > st["close"]:'),
    "deals --won ignores the period": ('if P is not None and state in ("won", "lost"):', 'if False:'),
    "avg_days_won over every stay": ('for st in won for (sid, a, b)', 'for st in cohort for (sid, a, b)'),
    "funnel reached: won as of T (revision 1 variant)": ('st["ever_max"] >= i or st["ever_won"]',
                                                          'st["ever_max"] >= i or st["state"] == "won"'),
}

EXTRA_CODE = ""


def load_mutant(name, old, new):
    src = open(os.path.join(HERE, "oracle.py")).read()
    if old not in src:
        raise SystemExit("mutant %r: text not found" % name)
    src = src.replace(old, new) + EXTRA_CODE
    d = tempfile.mkdtemp()
    p = os.path.join(d, "oracle_mutant.py")
    open(p, "w").write(src)
    spec = importlib.util.spec_from_file_location("oracle_mutant", p)
    m = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(m)
    return m


def self_outputs(out, gen_flags):
    """The compare.py configurations, with the oracle's tables as the "salesrep" outputs."""
    import subprocess
    saved = []
    cfgs = [(s, f, t) for s in (1, 2, 3) for f in (1, 4)
            for t in ("2025-09-14", "2026-03-31", "2026-08-07")] + [(4, 10, "2026-02-28"), (5, 7, "2026-11-30")]
    books = {}
    for seed, fys, today in cfgs:
        d = os.path.join(out, "book-s%d-f%d" % (seed, fys))
        if (seed, fys) not in books:
            subprocess.run([sys.executable, os.path.join(HERE, "gen.py"), "--seed", str(seed), "--fys", str(fys),
                            "--out", d] + gen_flags, check=True)
            books[(seed, fys)] = compare.oracle.Book(d)
        b = books[(seed, fys)]
        jobs = [(j, today) for j in compare.jobs_for(b, today) if j[0] != "report"]
        jobs += [([c], t) for t in compare.boundary_todays(b, today) for c in ("deals", "priority")]
        for j, t in jobs:
            try:
                h, rows = compare.oracle_table(b, j, t)
                saved.append(dict(book=d, argv=j, today=t, rc=0, out=compare.oracle.to_csv(h, rows)))
            except compare.oracle.UsageError:
                saved.append(dict(book=d, argv=j, today=t, rc=2, out=""))
    return saved


def main():
    if sys.argv[1] == "--self":
        flags = [a for a in sys.argv[3:] if a.startswith("--gen-flag=")]
        saved = self_outputs(sys.argv[2], [a.split("=", 1)[1] for a in flags])
        only = [a for a in sys.argv[3:] if a not in flags]
    else:
        saved = json.load(open(sys.argv[1]))
        only = sys.argv[2:]
    survivors = 0
    books = {}
    baseline = set()
    for k, r in enumerate(saved):
        b = books.get(r["book"]) or books.setdefault(r["book"], compare.oracle.Book(r["book"]))
        try:
            h, rows = compare.oracle_table(b, r["argv"], r["today"])
        except compare.oracle.UsageError:
            if r["rc"] != 2:
                baseline.add(k)
            continue
        if r["rc"] != 0 or compare.compare(r["argv"][0], h, rows, r["out"]) is not None:
            baseline.add(k)
    print("%d of %d outputs already differ from the oracle; not counted below" % (len(baseline), len(saved)))
    for name, (old, new) in MUTANTS.items():
        if only and name not in only:
            continue
        m = load_mutant(name, old, new)
        compare.oracle = m
        books, killed = {}, 0
        for k, r in enumerate(saved):
            if k in baseline:
                continue
            b = books.get(r["book"]) or books.setdefault(r["book"], m.Book(r["book"]))
            try:
                h, rows = compare.oracle_table(b, r["argv"], r["today"])
            except m.UsageError:
                killed += r["rc"] != 2
                continue
            except Exception:
                killed += 1
                continue
            if r["rc"] == 2:
                killed += 1
                continue
            if compare.compare(r["argv"][0], h, rows, r["out"]) is not None:
                killed += 1
        survivors += killed == 0
        print("%-45s contradicted by %4d of %d outputs" % (name, killed, len(saved)))
    print("%d mutant(s) not detected" % survivors)


if __name__ == "__main__":
    main()
