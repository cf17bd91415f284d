#!/usr/bin/env python3
"""oracle9b.py's own checks: tiny books whose §9b figures were worked out by hand from
SPEC.md, so that a slip in the oracle is caught before it judges salesrep.  Run by
run9b.sh first; exit 1 on any failure.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import oracle9b  # noqa: E402
from selftest import book, check, row, FAILS  # noqa: E402


def table(b, argv, variants=()):
    hdr, rows = oracle9b.compute(b, argv, variants)
    return [dict(zip(hdr, r)) for r in rows]


# Q = 2026-Q1, A = 2026-03-01, B = 2026-03-10; stages lead 10 %, proposal 50 % (commit), nego 80 %
CHANGES_BOOK = {
    "deals.yaml": """
        deals:
          - { id: d1, client: acme, owner: alice, amount: 1000, opened: 2026-01-05, expected_close: 2026-03-20 }
          - { id: d2, client: acme, owner: alice, amount: 2000, opened: 2026-01-05, expected_close: 2026-03-15 }
          - { id: d3, client: acme, owner: alice, amount: 500,  opened: 2026-03-04, expected_close: 2026-03-30 }
          - { id: d4, client: acme, owner: alice, amount: 700,  opened: 2026-01-10, expected_close: 2026-05-01 }
          - { id: d5, client: acme, owner: alice, amount: 800,  opened: 2026-01-10, expected_close: 2026-03-31 }
          - { id: d6, client: acme, owner: alice, amount: 600,  opened: 2026-01-10, expected_close: 2026-03-31 }
          - { id: d7, client: acme, owner: alice, amount: 300,  opened: 2026-03-05, expected_close: 2026-03-28 }
          - { id: d8, client: acme, owner: alice, amount: 250,  opened: 2026-01-10, expected_close: 2026-03-31, category: omitted }
          - { id: d9, client: acme, owner: alice, amount: 100,  opened: 2026-01-10, expected_close: 2026-03-20 }
          - { id: d10, client: acme, owner: alice, amount: 400, opened: 2026-01-10, expected_close: 2026-03-31 }
          - { id: d11, client: acme, owner: cid, amount: 900,   opened: 2026-01-10, expected_close: 2026-02-10 }
          - { id: d12, client: acme, owner: alice, amount: 50,  opened: 2026-03-05, expected_close: 2026-06-01 }
        """,
    "sales.ledger": """
        2026-03-05 won d1 1200
        2026-03-03 set d2 close:2026-04-10
        2026-03-06 set d4 close:2026-03-25
        2026-03-02 set d5 amount:900
        2026-03-02 set d6 amount:450
        2026-03-06 set d7 amount:320
        2026-03-07 lost d7
        2026-03-02 set d8 category:-
        2026-02-01 lost d9
        2026-03-03 reopen d9
        2026-03-02 set d10 owner:bob
        2026-03-08 won d12
        """,
}


def test_changes():
    b = book(CHANGES_BOOK)
    args = ["changes", "--today", "2026-03-10", "--since", "2026-03-01", "--quarter", "2026-Q1"]
    t = table(b, args)
    # S(A) = d1 1000 + d2 2000 + d5 800 + d6 600 + d10 400 + d11 900 (past due: T = A in Q1)
    # created d3 500 + d7 320 (its amount just before the loss); pulled d4 700 + d8 250 + d9 100
    # increased 100 (d5), decreased 150 (d6); pushed d2 2000; lost d7 320; won d1 1000 (as of A)
    # S(B) = d3 500 + d4 700 + d5 900 + d6 450 + d8 250 + d9 100 + d10 400 + d11 900
    want = dict(start="5700.00", created="820.00", pulled="1050.00", increased="100.00", decreased="150.00",
                pushed="2000.00", lost="320.00", won="1000.00", end="4200.00")
    got = row(t, scope="total")
    check("changes total", {k: got[k] for k in want}, want)
    # d10 goes to bob (its owner as of B), start included
    check("changes bob", (row(t, id="bob")["start"], row(t, id="bob")["end"]), ("400.00", "400.00"))
    check("changes north = alice + bob", row(t, id="north")["start"], "4800.00")
    d = table(b, ["changes", "--deals", "--today", "2026-03-10", "--since", "2026-03-01", "--quarter", "2026-Q1"])
    check("changes --deals order", [(r["deal"], r["movement"]) for r in d],
          [("d1", "won"), ("d2", "pushed"), ("d3", "created"), ("d4", "pulled"), ("d8", "pulled"),
           ("d9", "pulled"), ("d5", "increased"), ("d6", "decreased"), ("d7", "created+lost")])
    r = row(d, deal="d2")
    check("changes --deals d2", (r["amount_a"], r["amount_b"], r["close_a"], r["close_b"]),
          ("2000.00", "2000.00", "2026-03-15", "2026-04-10"))
    r = row(d, deal="d1")
    check("changes --deals d1 (won: no close as of B)", (r["amount_a"], r["close_a"], r["close_b"]),
          ("1000.00", "2026-03-20", ""))
    check("d12 won in (A, B] but expected after Q: no movement", row(d, deal="d12"), None)
    # the month of March: d11 is past due; as of A = 02-25 its effective close is in February,
    # as of B = 03-05 it is in March: pulled by the day moving (and the reverse for February)
    d = table(b, ["changes", "--deals", "--today", "2026-03-05", "--since", "2026-02-25", "--month", "2026-03"])
    check("pulled by the day moving", row(d, deal="d11")["movement"], "pulled")
    d = table(b, ["changes", "--deals", "--today", "2026-03-05", "--since", "2026-02-25", "--month", "2026-02"])
    check("pushed by the day moving", row(d, deal="d11")["movement"], "pushed")
    try:
        table(b, ["changes", "--today", "2026-03-05", "--since", "2026-03-05"])
        check("--since T is a usage error", False, True)
    except oracle9b.UsageError:
        pass


ACCURACY_BOOK = {
    "deals.yaml": """
        deals:
          - { id: x, client: acme, owner: alice, amount: 1000, opened: 2026-02-01, stage: proposal,
              expected_close: 2026-03-25, category: best_case }
          - { id: y, client: acme, owner: bob, amount: 400, opened: 2026-02-01, stage: proposal,
              expected_close: 2026-03-30 }
        """,
    "sales.ledger": "2026-03-10 won x\n"}


def test_accuracy():
    b = book(ACCURACY_BOOK)
    t = table(b, ["accuracy", "--today", "2026-03-20", "--month", "2026-03"])
    tot = [r for r in t if r["scope"] == "total"]
    # weekly: 03-01, 03-08 (won 0, weighted 500 + 200), 03-15 (won 1000 + 200); actual 1000
    check("accuracy total", [(r["snapshot"], r["forecast"], r["commit"], r["actual"], r["error_pct"]) for r in tot],
          [("2026-03-01", "700.00", "400.00", "1000.00", "-30.0"),
           ("2026-03-08", "700.00", "400.00", "1000.00", "-30.0"),
           ("2026-03-15", "1200.00", "1400.00", "1000.00", "20.0")])
    check("accuracy bob: actual 0", row(t, id="bob", snapshot="2026-03-01")["error_pct"], "")
    s = table(b, ["accuracy", "--summary", "--today", "2026-03-20", "--month", "2026-03"])
    check("accuracy summary", (row(s, scope="total")["snapshots"], row(s, scope="total")["mape"],
                               row(s, scope="total")["bias"]), ("3", "26.7", "-13.3"))
    m = table(b, ["accuracy", "--monthly", "--today", "2026-04-20", "--period", "2026-02-15..2026-03-31"])
    check("accuracy monthly snapshots", [r["snapshot"] for r in m if r["scope"] == "total"],
          ["2026-02-15", "2026-03-01"])
    try:
        table(b, ["accuracy", "--today", "2026-03-20", "--month", "2026-04"])
        check("accuracy of a period after T is a usage error", False, True)
    except oracle9b.UsageError:
        pass


def cal_book():
    deals, led = [], []
    for i in range(10):     # 10 deals reach proposal; 7 won, 3 lost; one more stays open in lead
        deals.append("  - { id: p%d, client: acme, owner: alice, amount: 10, opened: 2026-01-0%d, stage: proposal }"
                     % (i, i % 9 + 1))
        led.append("2026-02-01 %s p%d" % ("won" if i < 7 else "lost", i))
    deals.append("  - { id: q, client: acme, owner: alice, amount: 10, opened: 2026-01-01 }")
    deals.append("  - { id: r, client: acme, owner: alice, amount: 10, opened: 2026-01-01 }")
    led.append("2026-02-01 lost r")
    return {"deals.yaml": "deals:\n" + "\n".join(deals) + "\n", "sales.ledger": "\n".join(led) + "\n"}


CAL_BOOK = cal_book()


def test_calibration():
    # known values of the 95 % Wilson interval: 7/10 -> 39.7..89.2, 0/10 -> 0..27.8, 10/10 -> 72.2..100
    check("wilson 7/10", tuple(oracle9b.fmt_dec1(x) for x in oracle9b.wilson(7, 10)), ("39.7", "89.2"))
    check("wilson 0/10", tuple(oracle9b.fmt_dec1(x) for x in oracle9b.wilson(0, 10)), ("0.0", "27.8"))
    check("wilson 10/10", tuple(oracle9b.fmt_dec1(x) for x in oracle9b.wilson(10, 10)), ("72.2", "100.0"))
    b = book(CAL_BOOK)
    t = table(b, ["calibration", "--today", "2026-03-01"])
    check("calibration rows", [(r["stage"], r["probability"], r["closed"], r["won"], r["win_rate_pct"], r["low_pct"],
                                r["high_pct"], r["verdict"]) for r in t],
          [("lead", "10.0", "11", "7", "63.6", "35.4", "84.8", "too low"),
           ("proposal", "50.0", "10", "7", "70.0", "39.7", "89.2", "ok"),
           ("nego", "80.0", "7", "7", "100.0", "64.6", "100.0", "")])
    # on the bounds: a 100 % stage whose 10 deals were all won (high = 100: not `too high`), a 0 %
    # one whose 10 deals were all lost (low = 0: not `too low`); 2 won of 10 at 51 %: high =
    # 50.98 (printed 51.0), 8 of 10 at 49 %: low = 49.02 (printed 49.0): the exact bounds decide
    b = book(BOUNDS_BOOK)
    t = table(b, ["calibration", "--today", "2026-03-01"])
    check("calibration on the bounds", [(r["stage"], r["probability"], r["win_rate_pct"], r["low_pct"], r["high_pct"],
                                         r["verdict"]) for r in t],
          [("sure", "100.0", "100.0", "72.2", "100.0", "ok"), ("never", "0.0", "0.0", "0.0", "27.8", "ok"),
           ("e1", "51.0", "20.0", "5.7", "51.0", "too high"), ("e2", "49.0", "80.0", "49.0", "94.3", "too low")])


def bounds_book():
    deals, led = [], []
    for pipe, n, won in (("yes", 10, 10), ("no", 10, 0), ("edge1", 10, 2), ("edge2", 10, 8)):
        for i in range(n):
            deals.append("  - { id: %s%02d, client: acme, owner: alice, amount: 10, opened: 2026-01-01, pipeline: %s }"
                         % (pipe, i, pipe))
            led.append("2026-02-01 %s %s%02d" % ("won" if i < won else "lost", pipe, i))
    return {"funnel.yaml": """
        pipelines:
          - { id: yes, stages: [{ id: sure, probability: 100 }] }
          - { id: no, stages: [{ id: never, probability: 0 }] }
          - { id: edge1, stages: [{ id: e1, probability: 51 }] }
          - { id: edge2, stages: [{ id: e2, probability: 49 }] }
        """, "deals.yaml": "deals:\n" + "\n".join(deals) + "\n", "sales.ledger": "\n".join(led) + "\n"}


BOUNDS_BOOK = bounds_book()


RANGE_BOOK = {
    "deals.yaml": """
        deals:
          - { id: a, client: acme, owner: alice, amount: 100, opened: 2026-01-01, probability: 100,
              expected_close: 2026-03-01 }
          - { id: b, client: acme, owner: bob, amount: 50, opened: 2026-01-01, probability: 0,
              expected_close: 2026-03-01 }
          - { id: c, client: acme, owner: cid, amount: 70, opened: 2026-01-01, probability: 50,
              expected_close: 2026-03-01 }
        """,
    "targets.yaml": "targets:\n  - { agent: cid, period: 2026-Q1, sales: 70 }\n"
                    "  - { team: north, period: 2026-Q1, sales: 0 }\n"}


def test_range():
    # SplitMix64 seeded with 0: the first output is 0xE220A8397B1DCDAF (the reference vector)
    check("splitmix64 seed 0", oracle9b.splitmix_draws(0, 1)[0], 0xE220A8397B1DCDAF >> 11)
    b = book(RANGE_BOOK)
    t = table(b, ["range", "--today", "2026-02-01", "--trials", "1000", "--seed", "5"])
    r = row(t, id="alice")
    check("range 100 %", (r["p10"], r["p50"], r["p90"], r["chance_pct"]), ("100.00", "100.00", "100.00", ""))
    r = row(t, id="bob")
    check("range 0 %", (r["p10"], r["p90"]), ("0.00", "0.00"))
    r = row(t, id="cid")
    chance = r["chance_pct"]
    check("range 50 %", (r["p10"], r["p90"]), ("0.00", "70.00"))
    check("range 50 %: chance near 50", 45 <= float(chance) <= 55, True)
    # deal c is the third deal in id order: trial t draws x number 3t + 2
    xs = oracle9b.splitmix_draws(5, 3000)
    wins = sum(1 for k in range(1000) if xs[3 * k + 2] * 100 < 50 * 2 ** 53)
    check("range draws in id order", chance, oracle9b.fmt_one_decimal(oracle9b.F(wins, 10)))
    r = row(t, scope="total")
    check("range total p10", r["p10"], "100.00")
    check("range: a target of 0 is reached in every trial", row(t, id="north")["chance_pct"], "100.0")


# The hand books and command lines that compare9b.py also runs salesrep on (oracle9b argv)
HAND = [
    ("changes", CHANGES_BOOK, [
        ["changes", "--today", "2026-03-10", "--since", "2026-03-01", "--quarter", "2026-Q1"],
        ["changes", "--deals", "--today", "2026-03-10", "--since", "2026-03-01", "--quarter", "2026-Q1"],
        ["changes", "--deals", "--today", "2026-03-05", "--since", "2026-02-25", "--month", "2026-03"],
        ["changes", "--deals", "--today", "2026-03-05", "--since", "2026-02-25", "--month", "2026-02"],
        ["changes", "--today", "2026-03-05", "--since", "2026-03-05"]]),
    ("accuracy", ACCURACY_BOOK, [
        ["accuracy", "--today", "2026-03-20", "--month", "2026-03"],
        ["accuracy", "--summary", "--today", "2026-03-20", "--month", "2026-03"],
        ["accuracy", "--monthly", "--today", "2026-04-20", "--period", "2026-02-15..2026-03-31"],
        ["accuracy", "--today", "2026-03-20", "--month", "2026-04"]]),
    ("calibration", CAL_BOOK, [["calibration", "--today", "2026-03-01"]]),
    ("bounds", BOUNDS_BOOK, [["calibration", "--today", "2026-03-01"]]),
    ("range", RANGE_BOOK, [["range", "--today", "2026-02-01", "--trials", "1000", "--seed", "5"],
                           ["range", "--today", "2026-02-01", "--trials", "1", "--seed", "5"]]),
]


def main():
    for t in (test_changes, test_accuracy, test_calibration, test_range):
        try:
            t()
        except Exception as ex:
            FAILS.append(t.__name__)
            print("FAIL %s: %r" % (t.__name__, ex))
    print("oracle9b selftest: %s" % ("%d failed" % len(FAILS) if FAILS else "all passed"))
    return 1 if FAILS else 0


if __name__ == "__main__":
    sys.exit(main())
