#!/usr/bin/env python3
"""The figures that importing a preset's sample (examples/import/*) must give,
computed from the raw CSV files on their own (not with salesrep's readers), for
tests/import/run.sh. Usage: presets.py PRESET WHAT, PRESET being opportunities or
deals-activities; prints the figure WHAT (see the functions below) as text."""
import csv
import datetime
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "examples" / "import"
CODES = {"$": "USD", "\u20ac": "EUR", "USD": "USD", "EUR": "EUR"}
MONTHS = {m: i + 1 for i, m in enumerate("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split())}


def amount(text):
    """(currency or None, cents) of an amount as the samples write it."""
    t, neg, cur = text.strip(), False, None
    if t.startswith("(") and t.endswith(")"):
        neg, t = True, t[1:-1]
    for token in sorted(CODES, key=len, reverse=True):
        if token in t:
            cur, t = CODES[token], t.replace(token, "")
    t = t.strip()
    if t.startswith("-"):
        neg, t = True, t[1:]
    if t.endswith("-"):
        neg, t = True, t[:-1]
    for blank in (" ", "\u00a0", "\u202f", "'"):
        t = t.replace(blank, "")
    m = re.search(r"[.,](\d{1,2})$", t)
    whole, frac = (t[: m.start()], m.group(1)) if m else (t, "")
    cents = int(whole.replace(",", "").replace(".", "")) * 100 + int((frac + "00")[:2])
    return cur, -cents if neg else cents


def day(text):
    """ISO date of 4/15/2021, 15 Apr, 2021 00:02:00 or 2021-09-10T15:00:00Z."""
    t = text.strip()
    if m := re.match(r"(\d+)/(\d+)/(\d{4})", t):
        return datetime.date(int(m[3]), int(m[1]), int(m[2])).isoformat()
    if m := re.match(r"(\d+) (\w{3}), (\d{4})", t):
        return datetime.date(int(m[3]), MONTHS[m[2]], int(m[1])).isoformat()
    return t[:10]


def slug(name):
    s = re.sub(r"[^a-z0-9._ -]", "", name.lower()).replace(" ", "-")
    return re.sub(r"-+", "-", s).strip("-")


def money(cents):
    return f"{cents // 100}.{cents % 100:02d}"


def rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(enumerate(csv.DictReader(f), start=2))  # (line, row)


PRESETS = {
    "opportunities": dict(
        dir="opportunities", export="opportunities.csv", currency="USD", key="Opportunity ID", owner="Opportunity Owner",
        stage="Stage", won="Closed Won", lost="Closed Lost", amount="Amount", close="Close Date",
        stages={"Prospecting": "prospecting", "Qualification": "qualification", "Proposal/Price Quote": "proposal",
                "Negotiation/Review": "negotiation"}),
    "deals-activities": dict(
        dir="deals-activities", export="deals.csv", currency="EUR", key="Deal Name", owner="Deal Owner",
        stage="Deal Stage", won="Closed Won", lost="Closed Lost", amount="Amount", close="Close Date",
        stages={"Appointment Scheduled": "appointment", "Qualified To Buy": "qualified", "Contract Sent": "contract"}),
}


def deals(p):
    """The rows that import (amount in the book's currency, not negative), and the rejected lines."""
    good, rejected = [], []
    for line, r in rows(ROOT / p["dir"] / p["export"]):
        cur, cents = amount(r[p["amount"]])
        if cur not in (None, p["currency"]) or cents < 0:
            rejected.append(line)
        else:
            good.append((line, r, cents))
    return good, rejected


def deal_id(p, line, r):
    return r[p["key"]] if p["dir"] == "opportunities" else f"deal-{line - 1}"


def main():
    p, what = PRESETS[sys.argv[1]], sys.argv[2]
    good, rejected = deals(p)
    won = [(r, c) for _, r, c in good if r[p["stage"]] == p["won"]]
    lost = [r for _, r, _ in good if r[p["stage"]] == p["lost"]]
    open_ = [(line, r, c) for line, r, c in good if r[p["stage"]] in p["stages"]]
    if what == "totals":  # won count,total lost count open count,total
        print(f"{len(won)},{money(sum(c for _, c in won))} {len(lost)} "
              f"{len(open_)},{money(sum(c for _, _, c in open_))}")
    elif what == "per-agent":  # agent,won,sales,lost
        agg = defaultdict(lambda: [0, 0, 0])
        for r, c in won:
            agg[slug(r[p["owner"]])][0] += 1
            agg[slug(r[p["owner"]])][1] += c
        for r in lost:
            agg[slug(r[p["owner"]])][2] += 1
        for a in sorted(agg):
            print(f"{a},{agg[a][0]},{money(agg[a][1])},{agg[a][2]}")
    elif what == "rejected-deals":  # the lines of the export that are rejected
        print(" ".join(map(str, rejected)))
    elif what == "open-deals":  # deal,stage,expected_close of the open deals, by id
        out = [f"{deal_id(p, line, r)},{p['stages'][r[p['stage']]]},{day(r[p['close']])}" for line, r, _ in open_]
        print("\n".join(sorted(out)))
    elif what == "history-lines":  # the stage and set close: lines the history gives
        ids = {r[p["key"]] for _, r, _ in good}
        changes = defaultdict(list)
        for line, h in rows(ROOT / p["dir"] / "opportunity_history.csv"):
            if h["Opportunity ID"] in ids and h["Stage"] in p["stages"]:
                changes[h["Opportunity ID"]].append((day(h["Last Modified"]), p["stages"][h["Stage"]], day(h["Close Date"])))
        out = []
        for deal, chs in changes.items():
            chs.sort(key=lambda c: c[0])
            _, stage, close = chs[0]
            for on, st, cl in chs[1:]:
                if st != stage:
                    out.append(f"{on} stage {deal} {st}")
                if cl != close:
                    out.append(f"{on} set {deal} close:{cl}")
                stage, close = st, cl
        print("\n".join(sorted(out)))
    elif what == "activity":  # agent,calls,meetings,emails
        kinds = {"Call": 0, "Meeting": 1, "Lunch": 1, "Email": 2, "Task": None}
        opened = {r["Deal Name"]: day(r["Create Date"]) for _, r, _ in good}
        clients = {r["Company"] for _, r, _ in good}
        agg = defaultdict(lambda: [0, 0, 0])
        for _, a in rows(ROOT / p["dir"] / "activities.csv"):
            if a["Activity Type"] not in kinds:
                continue
            if a["Associated Deal"]:
                if a["Associated Deal"] not in opened or day(a["Activity Date"]) < opened[a["Associated Deal"]]:
                    continue
            elif a["Associated Company"] not in clients:
                continue
            if kinds[a["Activity Type"]] is not None:
                agg[slug(a["Assigned To"])][kinds[a["Activity Type"]]] += 1
        for a in sorted(agg):
            print(f"{a},{agg[a][0]},{agg[a][1]},{agg[a][2]}")
    else:
        sys.exit(f"unknown figure {what}")


if __name__ == "__main__":
    main()
