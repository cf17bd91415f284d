#!/usr/bin/env python3
"""The oracle's own checks: tiny hand-written books whose figures were worked out by hand
from SPEC.md (revision 2), so that a slip in oracle.py is caught before it is used to
judge salesrep.  Run by run.sh before the comparison; exit 1 on any failure.

    python3 tests/oracle/selftest.py
"""
import datetime as dt
import os
import sys
import tempfile
import textwrap
from fractions import Fraction as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import oracle  # noqa: E402

FAILS = []


def check(name, got, want):
    if got != want:
        FAILS.append(name)
        print("FAIL %s\n  got:  %r\n  want: %r" % (name, got, want))


def book(files):
    root = tempfile.mkdtemp(prefix="oracle-selftest-")
    base = {
        "salesrep.yaml": "company: T\ncurrency: EUR\n",
        "funnel.yaml": """
            stages:
              - { id: lead, probability: 10, max_days: 10 }
              - { id: proposal, probability: 50, category: commit }
              - { id: nego, probability: 80, category: pipeline }
            """,
        "team.yaml": """
            teams:
              - { id: north }
              - { id: south }
            agents:
              - { id: alice, team: north }
              - { id: bob, team: north }
              - { id: cid, team: south }
              - { id: dir }
            """,
        "clients.yaml": """
            clients:
              - { id: acme, name: ACME, segment: smb, owner: alice }
            """,
        "deals.yaml": "deals: []\n",
    }
    base.update(files)
    for fn, text in base.items():
        with open(os.path.join(root, fn), "w") as f:
            f.write(textwrap.dedent(text).lstrip("\n"))
    return oracle.Book(root)


def table(b, cmd, today, period=None, **kw):
    P = oracle.Period(*period) if period else None
    hdr, rows = oracle.compute(b, cmd, dt.date.fromisoformat(today), P, **kw)
    return [dict(zip(hdr, r)) for r in rows]


def D(s):
    return dt.date.fromisoformat(s)


def row(rows, **keys):
    for r in rows:
        if all(r[k] == v for k, v in keys.items()):
            return r
    return None


def test_rounding():
    check("one decimal 0.05", oracle.fmt_one_decimal(F(1, 20)), "0.1")
    check("one decimal -0.05 (away from zero)", oracle.fmt_one_decimal(F(-1, 20)), "-0.1")
    check("one decimal 0.04999", oracle.fmt_one_decimal(F(4999, 100000)), "0.0")
    check("money 0.005", oracle.fmt_money_frac(F(1, 200)), "0.01")
    check("money -0.005", oracle.fmt_money_frac(F(-1, 200)), "-0.01")
    check("weighted half cent", oracle.round_half_up_div(101 * 50, 100), 51)


def test_targets():
    b = book({"targets.yaml": """
        targets:
          - { agent: alice, period: 2026, sales: 480000 }
          - { agent: alice, period: 2026-Q4, sales: 150000 }
          - { agent: bob, period: 2026, sales: 120000, calls: 10 }
          - { agent: cid, period: 2026-Q1, sales: 30000 }
          - { agent: dir, period: 2026-03, sales: 999 }
          - { team: north, period: 2026-Q4, sales: 100000 }
          - { team: south, period: 2026-06, calls: 0 }
          - { company: true, period: 2026-Q3, sales: 60000 }
        """})
    # §6's example: alice's Q4 target is 480000 / 4 + 150000 = 270000
    t = table(b, "targets", "2026-11-01", (D("2026-10-01"), D("2026-12-31")))
    check("alice Q4 (overlapping targets add up)", row(t, id="alice", metric="sales")["target"], "270000.00")
    # north over 2026: alice + bob for Jan-Sep (9/12 of 480000 + 120000), its own for Q4
    check("north over the year rolls up per month", row(t, id="north", metric="sales")["target"], "100000.00")
    t = table(b, "targets", "2026-11-01", (D("2026-01-01"), D("2026-12-31")))
    check("north 2026", row(t, id="north", metric="sales")["target"], "550000.00")
    # company 2026: Jan-Jun and Oct-Dec the teams (+ dir), Jul-Sep its own 60000
    # north Jan-Jun: 6/12 * 600000 = 300000; Oct-Dec: 100000; south: 30000; dir: 999
    check("company 2026", row(t, scope="total", metric="sales")["target"], "490999.00")
    # calls: bob's 10 over the year; south's own 0 for June is a target (a row, 0)
    check("south calls own 0", row(t, id="south", metric="calls")["target"], "0")
    check("south calls attainment empty", row(t, id="south", metric="calls")["attainment_pct"], "")
    check("total calls", row(t, scope="total", metric="calls")["target"], "10")
    check("no cid calls row", row(t, id="cid", metric="calls"), None)
    # days: 2026-09-16..2026-10-15 = 15 September days, 15 October days
    # north: Sep (15/365)*600000 ; Oct (15/92)*100000 -> 24657.534.. + 16304.347.. = 40961.88
    t = table(b, "targets", "2026-11-01", (D("2026-09-16"), D("2026-10-15")))
    check("north by days", row(t, id="north", metric="sales")["target"], "40961.88")
    # company: Sep days its own (15/92)*60000 = 9782.608..; Oct days north 16304.347.. (south, dir none)
    check("company by days", row(t, scope="total", metric="sales")["target"], "26086.96")
    # the selected total: north's target + dir's (not a member), alice counted once
    t = table(b, "forecast", "2026-11-01", (D("2026-01-01"), D("2026-12-31")),
              agents=["alice", "dir"], teams=["north"])
    check("filtered total target", row(t, scope="total")["target"], "550999.00")
    check("filtered rows", [(r["scope"], r["id"]) for r in t],
          [("agent", "alice"), ("agent", "bob"), ("agent", "dir"), ("team", "north"), ("total", "")])
    # a period with no target at all: empty cells
    t = table(b, "forecast", "2026-11-01", (D("2024-01-01"), D("2024-12-31")))
    check("no target", row(t, scope="total")["target"], "")


DEALS = """
    deals:
      - { id: a-late, client: acme, owner: alice, amount: 1000, opened: 2026-01-05, expected_close: 2026-02-10 }
      - { id: b-none, client: acme, owner: alice, amount: 2000, opened: 2026-01-05 }
      - { id: c-omit, client: acme, owner: bob, amount: 3000, opened: 2026-01-05, expected_close: 2026-05-01, category: omitted }
      - { id: d-prob, client: acme, owner: bob, amount: 4000, opened: 2026-01-05, expected_close: 2026-05-01, stage: proposal, probability: 40 }
      - { id: e-stage, client: acme, owner: cid, amount: 5000, opened: 2026-01-05, expected_close: 2026-05-01, stage: nego }
      - { id: f-won, client: acme, owner: cid, amount: 6000, opened: 2026-01-05, expected_close: 2026-05-01 }
      - { id: g-noclose, client: acme, owner: dir, amount: 7000, opened: 2026-01-05 }
    """
LEDGER = """
    2026-01-10 set a-late close:2026-01-20
    2026-01-11 set a-late close:2026-01-25
    2026-01-12 set a-late close:2026-01-15
    2026-01-13 set a-late close:2026-01-15
    2026-01-14 set a-late close:2026-02-10
    2026-01-15 set b-none close:2026-09-01
    2026-01-20 stage f-won proposal
    2026-02-01 won f-won 6500
    2026-02-02 reopen f-won
    2026-02-05 won f-won
    2026-02-06 set c-omit category:commit
    2026-02-07 set c-omit category:-
    2026-02-08 set e-stage category:omitted
    2026-02-09 set e-stage category:best_case
    2026-06-01 set a-late close:2026-12-01
    """


def test_deals_and_forecast():
    b = book({"deals.yaml": DEALS, "sales.ledger": LEDGER})
    t = table(b, "deals", "2026-03-15")
    # slips: pushes on 01-11 (01-20 -> 01-25) and 01-14 (01-15 -> 02-10); 01-10 moved 02-10 back
    check("slips a-late", row(t, deal="a-late")["slips"], "2")
    check("slips: a close on a deal without one", row(t, deal="b-none")["slips"], "0")
    check("closed f-won (the last win)", row(t, deal="f-won")["closed"], "2026-02-05")
    check("f-won amount", row(t, deal="f-won")["amount"], "6500.00")
    check("category closed empty", row(t, deal="f-won")["category"], "")
    check("category dropped -> % rule", row(t, deal="c-omit")["category"], "pipeline")
    check("category probability override beats stage", row(t, deal="d-prob")["category"], "pipeline")
    check("category override", row(t, deal="e-stage")["category"], "best_case")
    check("expected_close is the deal's own", row(t, deal="a-late")["expected_close"], "2026-02-10")
    check("slips dated after T ignored", row(table(b, "deals", "2026-01-12"), deal="a-late")["slips"], "1")
    # forecast Q1 2026 (fys 1) as of 03-15: a-late is past due -> counts as closing today
    f = table(b, "forecast", "2026-03-15", (D("2026-01-01"), D("2026-03-31")))
    check("past-due deal in the period holding T", row(f, id="alice")["open_deals"], "1")
    check("won in P", row(f, id="cid")["won"], "6500.00")
    # Q2: c-omit (pipeline now) and d-prob and e-stage
    f = table(b, "forecast", "2026-03-15", (D("2026-04-01"), D("2026-06-30")))
    check("Q2 bob", [row(f, id="bob")[k] for k in ("open_deals", "pipeline", "weighted", "commit", "best_case")],
          ["2", "7000.00", "1900.00", "0.00", "0.00"])
    check("Q2 cid best_case", row(f, id="cid")["best_case"], "5000.00")
    check("Q2 alice: past due is not in a later period", row(f, id="alice")["open_deals"], "0")
    # a period that ended before T has no open deals
    f = table(b, "forecast", "2026-03-15", (D("2026-02-01"), D("2026-02-28")))
    check("ended period", row(f, scope="total")["open_deals"], "0")
    # omitted: out of the forecast, still in deals and priority
    b2 = book({"deals.yaml": DEALS, "sales.ledger": "2026-02-08 set e-stage category:omitted\n"})
    f = table(b2, "forecast", "2026-03-15", (D("2026-04-01"), D("2026-06-30")))
    check("omitted out of forecast", [row(f, id="cid")[k] for k in ("open_deals", "pipeline")], ["1", "6000.00"])
    check("omitted in priority", row(table(b2, "priority", "2026-03-15"), deal="e-stage") is not None, True)
    check("omitted in deals", row(table(b2, "deals", "2026-03-15"), deal="e-stage")["category"], "omitted")
    # deals --won/--opened with a period
    w = table(b, "deals", "2026-03-15", (D("2026-02-03"), D("2026-02-28")), state="won")
    check("--won in P: the last win", [r["deal"] for r in w], ["f-won"])
    w = table(b, "deals", "2026-03-15", (D("2026-02-01"), D("2026-02-01")), state="won")
    check("--won: the first win does not count", [r["deal"] for r in w], [])
    w = table(b, "deals", "2026-03-15", (D("2026-01-05"), D("2026-01-05")), state="opened")
    check("--opened", len(w), 7)
    f = table(b, "forecast", "2026-03-15", (None, None))
    check("a deal without expected close is in no period", row(f, id="dir")["open_deals"], "0")
    try:
        table(b, "deals", "2026-03-15", state="opened")
        check("--opened without a period is a usage error", False, True)
    except oracle.UsageError:
        pass


def test_funnel():
    b = book({"deals.yaml": DEALS, "sales.ledger": """
        2026-01-15 stage f-won proposal
        2026-01-25 won f-won
        2026-02-04 reopen f-won
        2026-01-15 stage a-late proposal
        2026-01-18 lost a-late
        2026-01-25 stage d-prob nego
        """})
    t = table(b, "funnel", "2026-03-01")
    # lead stays ended: f-won 10, a-late 10; proposal: f-won 10, a-late 3, d-prob 20
    check("avg_days lead", row(t, stage="lead")["avg_days"], "10.0")
    check("avg_days proposal", row(t, stage="proposal")["avg_days"], "11.0")
    check("avg_days_won: no deal won as of T", row(t, stage="proposal")["avg_days_won"], "")
    # reached: f-won is counted as won (ever won) in nego although it was reopened
    check("reached nego (ever won)", row(t, stage="nego")["reached"], "3")
    t = table(b, "funnel", "2026-01-30")
    check("avg_days_won proposal", row(t, stage="proposal")["avg_days_won"], "10.0")
    check("avg_days_won lead", row(t, stage="lead")["avg_days_won"], "10.0")


def test_client_and_open():
    # in file order the open comes before the client, and a call before the open: the
    # §7 rule (client, then open, then the rest within a day) makes it valid
    b = book({"sales.ledger": """
        2026-03-01 09:00 call new-1 "before its open"
        2026-03-01 10:00 open new-1 client:newco amount:500 close:2026-03-20 category:commit "A deal"
        2026-03-01 23:00 client newco name:"New Co" segment:smb @bob
        2026-03-05 stage new-1 proposal
        2026-03-06 payment newco 10
        """})
    t = table(b, "deals", "2026-03-10")
    check("open entry deal", [(r["deal"], r["owner"], r["category"], r["last_contact"]) for r in t],
          [("new-1", "bob", "commit", "2026-03-01")])
    check("client exists from its day", [r["client"] for r in table(b, "balance", "2026-03-01")], ["acme", "newco"])
    check("client not yet", [r["client"] for r in table(b, "balance", "2026-02-28")], ["acme"])
    a = table(b, "activity", "2026-03-10", (D("2026-03-01"), D("2026-03-31")))
    check("opened/collected credited", [row(a, id="bob")[k] for k in ("deals_opened", "calls", "collected")],
          ["1", "1", "10.00"])


def test_validation():
    try:
        b = book({"deals.yaml": DEALS, "sales.ledger": "2026-02-01 won f-won\n2026-02-02 stage f-won nego\n"})
        table(b, "deals", "2026-03-01")
        check("a stage move on a closed deal is refused", False, True)
    except oracle.BookError:
        pass


def main():
    for t in (test_rounding, test_targets, test_deals_and_forecast, test_funnel, test_client_and_open,
              test_validation):
        try:
            t()
        except Exception as ex:     # an exception is a failure of that test
            FAILS.append(t.__name__)
            print("FAIL %s: %r" % (t.__name__, ex))
    print("oracle selftest: %s" % ("%d failed" % len(FAILS) if FAILS else "all passed"))
    return 1 if FAILS else 0


if __name__ == "__main__":
    sys.exit(main())
