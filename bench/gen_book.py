#!/usr/bin/env python3
"""Generate a large, valid salesrep book for benchmarks (formats: SPEC §1-§7).

    gen_book.py --deals N --clients M --entries K --seed S --out DIR [--today D] [--journal FILE]
    gen_book.py --payments-only --clients M --entries K --seed S --out DIR [--journal FILE]

Deterministic: one random.Random(seed), so the same arguments write byte-identical files.
Python 3 standard library only.

The book: 2 pipelines of 5 stages (as in examples/northwind), 11 agents (10 sellers in
2 teams and a director), M clients, N deals opened over the 2 years before --today, and
K ledger entries.  Each deal's life is simulated while its entries are generated, so the
ledger obeys every rule of SPEC §7 (date >= opened; stage/won/lost/set/next only on an
open deal, reopen only on a closed one; no move to the current stage; stages of the
deal's pipeline; positive invoice/payment amounts; nothing after --today).  The entries
are then sorted in replay order (date, time, generation order) and the first half goes
to ledger/old.ledger, the rest to sales.ledger (the order of files: [old, sales]).

Mix of the K entries (normal mode): ~40 % interactions (call/email/meeting/demo/visit/
message), ~10 % notes, ~20 % payments, ~6 % invoices, and stage moves, next, set, won,
lost and reopen for the rest.

--payments-only: the K entries are all payments, spread over the M clients, and each
client's opening_balance is larger than what it pays (the deals have no entries).
--journal FILE: also write the opening balances, invoices and payments as a
ledger-cli / hledger journal (clients:ID is the receivable; `hledger bal clients`
matches the balance column of `salesrep balance`).
"""
import argparse
import datetime as dt
import os
import random
import sys
import time

PIPELINES = [  # id, name, segments, stages (id, name, probability, max_days, category)
    ("smb", "Small business", ["smb", "startup"], [
        ("lead", "Lead", 10, 14, None), ("qualified", "Qualified", 25, 21, None),
        ("proposal", "Proposal", 50, 21, "best_case"), ("negotiation", "Negotiation", 75, 14, "commit"),
        ("verbal", "Verbal yes", 90, 7, None)]),
    ("enterprise", "Enterprise", ["enterprise", "public"], [
        ("discovery", "Discovery", 10, 30, None), ("solution", "Solution design", 30, 30, None),
        ("proposal", "Proposal", 50, 30, None), ("negotiation", "Negotiation", 70, 21, "commit"),
        ("legal", "Legal review", 85, 21, "commit")]),
]
STAGE_IDS = {p[0]: [s[0] for s in p[3]] for p in PIPELINES}
SEG_PIPE = {seg: p[0] for p in PIPELINES for seg in p[2]}
TEAMS = [("north", "North region", "carol"), ("south", "South region", "erik")]
AGENTS = [  # id, name, team, role
    ("carol", "Carol Diaz", "north", "lead"), ("alice", "Alice Martin", "north", None),
    ("bruno", "Bruno Keller", "north", None), ("fatima", "Fatima Benali", "north", None),
    ("noah", "Noah Schmitt", "north", None),
    ("erik", "Erik Lindqvist", "south", "lead"), ("gustavo", "Gustavo Pereira", "south", None),
    ("hana", "Hana Novak", "south", None), ("ivan", "Ivan Petrov", "south", None),
    ("lucia", "Lucia Romano", "south", None),
    ("dave", "Dave Roy", None, "director"),
]
SELLERS = [a[0] for a in AGENTS if a[3] != "director"]
ALL_AGENTS = [a[0] for a in AGENTS]

WORDS = ("acme kestrel vesta lumen orion castellan marisol nordkap bellwether valmont clairval "
         "rivemont nordhafen brightwave sprout zephyr quayside tallyho voltiq hollis copperleaf "
         "elmstead granite harbor juniper larkspur meridian nimbus oakridge pinnacle quantum "
         "redwood saffron tamarind umbra verdant willow xenon yarrow zenith aurora beacon cobalt "
         "delta ember falcon glacier helix iris jasper kodiak lotus magnet nova onyx polaris").split()
NOUNS = ["Industries", "Logistics", "Retail", "Pharma", "Energy", "Foods", "Studios", "Systems",
         "Labs", "Hotels", "Shipping", "Capital", "Health", "Motors", "Textiles", "Software"]
SUFFIXES = ["SA", "GmbH", "BV", "plc", "SL", "AS", "NV", "Ltd", "SAS", "AG", "Oy", "srl"]
INDUSTRIES = ["Manufacturing", "Logistics", "Finance", "Retail", "Healthcare", "Energy",
              "Hospitality", "Food & Beverage", "Public sector", "Education", "Media",
              "Software", "Utilities", "Construction"]
FIRST = ["Jeanne", "Théo", "Lena", "Élodie", "Sanne", "Femke", "Harriet", "Marta", "Lars",
         "Sofia", "Jonas", "Amélie", "Pieter", "Chiara", "Mateo", "Ingrid", "Yusuf", "Olga"]
LAST = ["Morel", "Garnier", "Schäfer", "Marchand", "de Vries", "Janssen", "Cole", "Ruiz",
        "Berg", "Rossi", "Weber", "Dubois", "Visser", "Bianchi", "García", "Nilsen", "Kaya"]
TITLES = ["CFO", "CEO", "COO", "IT Director", "Head of Procurement", "Head of Sales Operations",
          "Office Manager", "CTO", "Purchasing Manager"]
PRODUCTS = [("crm", "CRM rollout"), ("erp", "ERP integration"), ("support", "Premium support plan"),
            ("analytics", "Analytics suite"), ("renewal", "Annual renewal"), ("webshop", "Webshop"),
            ("migration", "Data migration"), ("training", "Training package"), ("seats", "Extra seats")]
SOURCES = ["referral", "web", "partner", "event", "outbound", "inbound"]
WHAT = ["Send revised quote", "Check with procurement", "Send contract", "Discovery call",
        "Send references", "Book a demo", "Follow up on proposal", "Call the CFO"]
NOTES = {
    "call": ["Discussed current tooling and pain points", "Left a voicemail", "Asked for references",
             "CFO wants a 3-year quote", "Budget owner identified", "Intro call, needs confirmed",
             "Security questionnaire received", "Final pricing agreed in principle"],
    "email": ["Sent revised quote", "Follow-up on proposal", "Sent contract draft", "Sent quote",
              "Answered the security questions", "Shared case study"],
    "meeting": ["Kick-off with stakeholders", "Steering committee", "Quarterly account review",
                "Workshop on requirements", "Met the board: they said \\\"maybe\\\""],
    "demo": ["Product demo for the team", "Demo for IT and finance", "Reporting module demo"],
    "visit": ["On-site visit, plant tour", "Visited the head office", "Lunch with the sponsor"],
    "message": ["Quick check-in on LinkedIn", "Confirmed meeting time by SMS",
                "Asked for status on WhatsApp"],
    "note": ["Competitor also in the running", "Champion leaving the company in March",
             "Budget freeze until next quarter", "Legal wants the DPA reviewed",
             "Price is the main objection", "Strong fit, \\\"must have\\\" per the CTO"],
}
INTERACTIONS = ["call", "email", "meeting", "demo", "visit", "message"]
INTERACTION_W = [35, 30, 12, 6, 5, 12]
LOST_REASONS = ["No budget", "Went with a competitor", "No decision", "Project cancelled",
                "Price too high"]
WON_NOTES = ["Signed", "PO received", "Contract countersigned"]

SEGMENTS = ["smb", "startup", "enterprise", "public"]
SEGMENT_W = [40, 20, 30, 10]
AMOUNT_RANGE = {"smb": (2000, 30000), "startup": (1000, 20000),
                "enterprise": (30000, 400000), "public": (20000, 300000)}


def money(cents):
    return "%d.%02d" % divmod(cents, 100)


def quote(s):  # s is already escaped
    return '"' + s + '"'


def cumulative(weights):
    out, acc = [], 0
    for w in weights:
        acc += w
        out.append(acc)
    return out


class Gen:
    def __init__(self, a):
        self.a = a
        self.rng = random.Random(a.seed)
        self.today = dt.date.fromisoformat(a.today).toordinal()
        self.start = self.today - 730                 # deals are opened over 2 years
        self.first_day = self.start - 30              # client entries may start a bit earlier
        self.iso = {}
        for o in range(self.first_day - 1, self.today + 400):
            self.iso[o] = dt.date.fromordinal(o).isoformat()
        self.entries = []          # (key, body) ; key = ((day * 2048 + minute) << 26) + seq
        self.seq = 0
        self.journal = []          # (day, seq, text)

    # ------------------------------------------------------------------ YAML
    def make_team(self):
        lines = ["teams:"]
        for t in TEAMS:
            lines.append("  - { id: %s, name: %s, lead: %s }" % t)
        lines.append("agents:")
        for aid, name, team, role in AGENTS:
            s = "  - { id: %s, name: %s, email: %s@bench.example" % (aid, name, aid)
            if team:
                s += ", team: " + team
            if role:
                s += ", role: " + role
            lines.append(s + " }")
        return "\n".join(lines) + "\n"

    def make_funnel(self):
        lines = ["pipelines:"]
        for pid, pname, segs, stages in PIPELINES:
            lines += ["  - id: " + pid, "    name: " + pname, "    segments: [%s]" % ", ".join(segs),
                      "    stages:"]
            for sid, sname, prob, maxd, cat in stages:
                s = "      - { id: %s, name: %s, probability: %d, max_days: %d" % (sid, sname, prob, maxd)
                if cat:
                    s += ", category: " + cat
                lines.append(s + " }")
        return "\n".join(lines) + "\n"

    def make_clients(self, m):
        r = self.rng
        self.clients = []
        for i in range(m):
            w = WORDS[i % len(WORDS)]
            cid = "%s-%04d" % (w, i)
            seg = r.choices(SEGMENTS, SEGMENT_W)[0]
            c = {"id": cid, "name": "%s %s %s" % (w.capitalize(), r.choice(NOUNS), r.choice(SUFFIXES)),
                 "industry": r.choice(INDUSTRIES), "segment": seg, "owner": r.choice(SELLERS),
                 "opening": 0}
            if r.random() < 0.3:
                c["opening"] = r.randint(100, 20000) * 100 + r.choice([0, 0, 50, 90])
            fn, ln = r.choice(FIRST), r.choice(LAST)
            c["contact"] = (fn + " " + ln, r.choice(TITLES),
                            "%s.%s@%s.example" % (fn[0].lower(), ln.replace(" ", "").lower(), w),
                            "+33 %d %02d %02d %02d %02d" % tuple(r.randint(1, 99) for _ in range(5)))
            self.clients.append(c)

    def write_clients(self, path):
        out = ["clients:"]
        for c in self.clients:
            out.append("  - id: " + c["id"])
            out.append("    name: " + c["name"])
            out.append("    industry: " + c["industry"])
            out.append("    segment: " + c["segment"])
            out.append("    owner: " + c["owner"])
            n, t, e, p = c["contact"]
            out.append('    contact: { name: %s, title: %s, email: %s, phone: "%s" }' % (n, t, e, p))
            if c["opening"]:
                out.append("    opening_balance: " + money(c["opening"]))
        write(path, out)

    def make_deals(self, n):
        r = self.rng
        self.deals = []
        per_client = {}
        for i in range(n):
            c = self.clients[r.randrange(len(self.clients))]
            prod, title = r.choice(PRODUCTS)
            k = per_client.get((c["id"], prod), 0) + 1
            per_client[(c["id"], prod)] = k
            did = "%s-%s" % (c["id"], prod) if k == 1 else "%s-%s-%d" % (c["id"], prod, k)
            seg = c["segment"]
            pipe = SEG_PIPE[seg]
            explicit = None
            if r.random() < 0.2:
                explicit = pipe if r.random() < 0.85 else ("enterprise" if pipe == "smb" else "smb")
                pipe = explicit
            lo, hi = AMOUNT_RANGE[seg]
            opened = r.randint(self.start, self.today - 1)
            d = {"id": did, "client": c, "title": title, "owner": c["owner"] if r.random() < 0.8 else r.choice(SELLERS),
                 "amount": r.randint(lo // 100, hi // 100) * 10000 + (5000 if r.random() < 0.1 else 0),
                 "opened": opened, "pipe": pipe, "explicit": explicit,
                 "stage": 0 if r.random() < 0.75 else 1,
                 "prob": r.choice([5, 15, 20, 30, 40]) if r.random() < 0.1 else None,
                 "close": opened + r.randint(20, 200),
                 "next": (r.choice(WHAT), opened + r.randint(3, 15)) if r.random() < 0.6 else None,
                 "source": r.choice(SOURCES) if r.random() < 0.8 else None}
            self.deals.append(d)
        self.deals.sort(key=lambda d: (d["opened"], d["id"]))

    def write_deals(self, path):
        iso = self.iso
        out = ["deals:"]
        month = None
        for d in self.deals:
            m = iso[d["opened"]][:7]
            if m != month:
                out.append("  # opened in " + m)
                month = m
            out.append("  - id: " + d["id"])
            out.append("    client: " + d["client"]["id"])
            out.append("    title: " + d["title"])
            out.append("    owner: " + d["owner"])
            out.append("    amount: " + money(d["amount"]))
            out.append("    opened: " + iso[d["opened"]])
            out.append("    stage: " + STAGE_IDS[d["pipe"]][d["stage"]])
            if d["prob"] is not None:
                out.append("    probability: %d" % d["prob"])
            out.append("    expected_close: " + iso[d["close"]])
            if d["next"]:
                out.append("    next_action: { what: %s, due: %s }" % (d["next"][0], iso[d["next"][1]]))
            if d["source"]:
                out.append("    source: " + d["source"])
            if d["explicit"]:
                out.append("    pipeline: " + d["explicit"])
        write(path, out)

    def write_targets(self, path):
        r = self.rng
        out = ["targets:"]
        y = dt.date.fromordinal(self.today).year
        for year in (y - 1, y):
            for a in SELLERS:
                out.append("  - { agent: %s, period: %d, sales: %d, deals_won: %d, calls: %d, meetings: %d }"
                           % (a, year, r.randint(20, 120) * 10000, r.randint(10, 60),
                              r.randint(500, 3000), r.randint(100, 600)))
        out.append("  - { team: north, period: %d-Q4, sales: 2500000 }" % y)
        out.append("  - { team: south, period: %d-11, meetings: 300, calls: 900 }" % y)
        out.append("  - { company: true, period: %d, sales: 20000000, collected: 30000000 }" % y)
        write(path, out)

    # ------------------------------------------------------------------ ledger
    def add(self, day, minute, body):
        self.seq += 1
        self.entries.append((((day * 2048 + minute) << 26) + self.seq, body))

    def rand_minute(self, lo=0):
        """0 (no time) or a time of day 08:00-18:55 as minutes; never below lo (same-day order)."""
        r = self.rng
        if lo == 0 and r.random() < 0.75:
            return 0
        m = r.randint(96, 227) * 5   # 08:00 .. 18:55
        return m if m >= lo else lo

    def gen_deal(self, d, budget):
        r = self.rng
        rnd = r.random
        ri = r.randint
        iso = self.iso
        today = self.today
        did = d["id"]
        stages = STAGE_IDS[d["pipe"]]
        nst = len(stages)
        o = d["opened"]
        life = ri(30, 420)
        e = min(today, o + life)
        closes = budget >= 1 and e < today - 10 and rnd() < 0.92
        days = sorted([ri(o, e) for _ in range(budget)])
        if closes:
            days[-1] = e
        close_mid = reopen_at = -1
        if closes and budget >= 8 and rnd() < 0.12:
            close_mid = ri(2, budget - 5)
            reopen_at = close_mid + 1 + ri(0, 2)
        is_open = True
        st = d["stage"]
        override = d["prob"] is not None
        last_day = last_min = -1
        add = self.add
        iw = INTERACTION_W_CUM
        for i in range(budget):
            day = days[i]
            if day == last_day:
                minute = self.rand_minute(last_min)
            else:
                minute = self.rand_minute()
            last_day, last_min = day, minute
            if i == budget - 1 and closes or i == close_mid:
                if rnd() < 0.42:
                    parts = ["won    ", did]
                    x = rnd()
                    if x < 0.5:
                        parts.append(money(d["amount"] + ri(-20, 20) * 500 if d["amount"] > 20000 else d["amount"]))
                        if x < 0.1:
                            parts.append("EUR")
                    if rnd() < 0.3:
                        parts.append(quote(r.choice(WON_NOTES)))
                else:
                    parts = ["lost   ", did]
                    if rnd() < 0.8:
                        parts.append('reason:"%s"' % r.choice(LOST_REASONS))
                    if rnd() < 0.2:
                        parts.append(quote(r.choice(NOTES["note"])))
                if rnd() < 0.2:
                    parts.append("@" + r.choice(ALL_AGENTS))
                add(day, minute, " ".join(parts))
                is_open = False
                continue
            if i == reopen_at:
                parts = ["reopen ", did]
                if rnd() < 0.5:
                    st = ri(0, nst - 2)
                    parts.append(stages[st])
                add(day, minute, " ".join(parts))
                is_open = True
                continue
            x = rnd()
            if not is_open and x >= 0.64:       # closed: only interactions and notes
                x = rnd() * 0.64
            if x < 0.52:                         # interaction
                kind = INTERACTIONS[bisect(iw, rnd() * 100)]
                parts = ["%-7s" % kind, did]
                if rnd() < 0.3:
                    parts.append("@" + r.choice(ALL_AGENTS))
                if rnd() < 0.75:
                    parts.append(quote(r.choice(NOTES[kind])))
                if is_open and rnd() < 0.15:
                    parts.append("next:" + iso[day + ri(2, 21)])
                    if rnd() < 0.5:
                        parts.append('next_what:"%s"' % r.choice(WHAT))
                add(day, minute, " ".join(parts))
            elif x < 0.64:                       # note
                parts = ["note   ", did]
                if rnd() < 0.2:
                    parts.append("@" + r.choice(ALL_AGENTS))
                parts.append(quote(r.choice(NOTES["note"])))
                add(day, minute, " ".join(parts))
            elif x < 0.805:                      # stage move
                y = rnd()
                if y < 0.72 and st < nst - 1:
                    ns = st + 1
                elif y < 0.9 and st > 0:
                    ns = st - 1
                else:
                    ns = ri(0, nst - 2)
                    if ns >= st:
                        ns += 1
                st = ns
                s = "stage   %s %s" % (did, stages[st])
                if rnd() < 0.1:
                    s += " @" + r.choice(ALL_AGENTS)
                add(day, minute, s)
            elif x < 0.905:                      # next
                add(day, minute, 'next    %s %s "%s"' % (did, iso[day + ri(2, 21)], r.choice(WHAT)))
            else:                                # set
                parts = ["set    ", did]
                y = rnd()
                if y < 0.3:
                    d["amount"] = max(0, d["amount"] + ri(-40, 60) * 500)
                    parts.append("amount:" + money(d["amount"]))
                elif y < 0.65:
                    parts.append("close:" + iso[day + ri(10, 120)])
                elif y < 0.8:
                    parts.append("probability:%d" % ri(0, 100))
                    override = True
                elif y < 0.9:
                    parts.append("owner:" + r.choice(SELLERS))
                elif y < 0.95 and override:
                    parts.append("probability:-")
                    override = False
                else:
                    parts.append('title:"%s (revised)"' % d["title"])
                if rnd() < 0.15 and not parts[-1].startswith("close:"):
                    parts.append("close:" + iso[day + ri(10, 120)])
                add(day, minute, " ".join(parts))

    def gen_client_entries(self, n_pay, n_inv, n_int, n_note):
        """Client-level entries: payments, invoices, interactions and notes, dates over the book."""
        r = self.rng
        rnd = r.random
        ri = r.randint
        iso = self.iso
        m = len(self.clients)
        weight = {"enterprise": 4, "public": 3, "smb": 1.5, "startup": 1}
        cw = cumulative([weight[c["segment"]] for c in self.clients])
        tot = cw[-1]
        money_events = [[] for _ in range(m)]
        for kind, count in (("payment", n_pay), ("invoice", n_inv)):
            for _ in range(count):
                ci = bisect(cw, rnd() * tot)
                money_events[ci].append((ri(self.first_day, self.today), kind))
        add = self.add
        jr = self.journal
        inv_no = 0
        payments_only = self.a.payments_only
        for ci, evs in enumerate(money_events):
            c = self.clients[ci]
            cid = c["id"]
            lo, hi = AMOUNT_RANGE[c["segment"]]
            evs.sort()
            if payments_only:
                amounts = [ri(100, 500000) for _ in evs]
                c["opening"] = sum(amounts) + ri(0, 1000000)
            outstanding = c["opening"]
            open_refs = []
            paid = set()
            for j, (day, kind) in enumerate(evs):
                minute = self.rand_minute()
                if kind == "invoice":
                    inv_no += 1
                    ref = "INV-%s-%05d" % (iso[day][:4], inv_no)
                    amt = ri(lo // 10, hi // 4) * 100
                    outstanding += amt
                    open_refs.append(ref)
                    s = "invoice %s %s ref:%s" % (cid, money(amt), ref)
                    if rnd() < 0.1:
                        s += ' "Milestone %d"' % ri(1, 4)
                    add(day, minute, s)
                    jr.append((day, self.seq, "%s invoice %s\n    clients:%s    EUR %s\n    income:sales\n"
                               % (iso[day].replace("-", "/"), ref, cid, money(amt))))
                else:
                    if payments_only:
                        amt = amounts[j]
                    elif outstanding > 200:
                        amt = max(100, int(outstanding * (0.15 + 0.5 * rnd())))
                    else:
                        amt = ri(1, 500) * 100
                    eur = " EUR" if rnd() < 0.1 else ""
                    ref = ""
                    if open_refs and rnd() < 0.6:
                        ref = " ref:" + open_refs[-1]
                        if rnd() < 0.4:
                            open_refs.pop()
                    # Never the same payment twice (date, client, amount, ref): check
                    # warns about those as lines a careless merge doubled (SPEC §7).
                    while (day, amt, ref) in paid:
                        amt += 1
                    paid.add((day, amt, ref))
                    outstanding -= amt
                    s = "payment %s %s%s%s" % (cid, money(amt), eur, ref)
                    add(day, minute, s)
                    jr.append((day, self.seq, "%s payment\n    clients:%s    EUR -%s\n    assets:bank\n"
                               % (iso[day].replace("-", "/"), cid, money(amt))))
        for count, is_note in ((n_int, False), (n_note, True)):
            for _ in range(count):
                c = self.clients[r.randrange(m)]
                day = ri(self.first_day, self.today)
                kind = "note" if is_note else INTERACTIONS[bisect(INTERACTION_W_CUM, rnd() * 100)]
                parts = ["%-7s" % kind, c["id"]]
                if rnd() < 0.3:
                    parts.append("@" + r.choice(ALL_AGENTS))
                if is_note or rnd() < 0.7:
                    parts.append(quote(r.choice(NOTES[kind])))
                add(day, self.rand_minute(), " ".join(parts))

    def write_ledgers(self, out):
        self.entries.sort()
        iso = self.iso
        n = len(self.entries)
        half = n // 2
        names = ["ledger/old.ledger", "sales.ledger"]
        for fi, (lo, hi) in enumerate(((0, half), (half, n))):
            buf = ["; %s -- generated by bench/gen_book.py (seed %d), entries %d..%d"
                   % (names[fi], self.a.seed, lo + 1, hi)]
            month = None
            chunk = []
            with open(os.path.join(out, names[fi]), "w", encoding="utf-8") as f:
                for key, body in self.entries[lo:hi]:
                    v = key >> 26
                    day, minute = v >> 11, v & 2047
                    ds = iso[day]
                    if ds[:7] != month:
                        month = ds[:7]
                        buf.append("\n; ---- %s ----" % month)
                    if minute:
                        buf.append("%s %02d:%02d %s" % (ds, minute // 60, minute % 60, body))
                    else:
                        buf.append(ds + " " + body)
                    if len(buf) >= 65536:
                        f.write("\n".join(buf))
                        f.write("\n")
                        buf = []
                if buf:
                    f.write("\n".join(buf))
                    f.write("\n")
        return names

    def write_journal(self, path):
        iso = self.iso
        self.journal.sort()
        with open(path, "w", encoding="utf-8") as f:
            f.write("; generated by bench/gen_book.py (seed %d): opening balances, invoices and payments\n\n"
                    % self.a.seed)
            buf = []
            d0 = iso[self.first_day - 1].replace("-", "/")
            for c in self.clients:
                if c["opening"]:
                    buf.append("%s opening balance\n    clients:%s    EUR %s\n    equity:opening\n"
                               % (d0, c["id"], money(c["opening"])))
            for _, _, text in self.journal:
                buf.append(text)
                if len(buf) >= 65536:
                    f.write("\n".join(buf))
                    f.write("\n")
                    buf = []
            if buf:
                f.write("\n".join(buf))
                f.write("\n")


INTERACTION_W_CUM = cumulative(INTERACTION_W)


def bisect(cum, x):
    lo, hi = 0, len(cum) - 1
    while lo < hi:
        mid = (lo + hi) // 2
        if cum[mid] <= x:
            lo = mid + 1
        else:
            hi = mid
    return lo


def write(path, lines):
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
        f.write("\n")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--deals", type=int, default=1000)
    p.add_argument("--clients", type=int, default=100)
    p.add_argument("--entries", type=int, default=10000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--today", default="2026-11-26")
    p.add_argument("--out", required=True)
    p.add_argument("--journal")
    p.add_argument("--payments-only", action="store_true")
    a = p.parse_args()
    if a.clients < 1 or a.deals < 0 or a.entries < 0:
        p.error("need --clients >= 1, --deals >= 0, --entries >= 0")
    t0 = time.time()
    g = Gen(a)
    out = a.out
    os.makedirs(os.path.join(out, "ledger"), exist_ok=True)
    g.make_clients(a.clients)
    g.make_deals(a.deals)
    r = g.rng
    K = a.entries
    if a.payments_only:
        g.gen_client_entries(K, 0, 0, 0)
    else:
        n_pay, n_inv = round(K * 0.20), round(K * 0.06)
        n_int, n_note = round(K * 0.05), round(K * 0.02)
        if not g.deals:
            n_int += K - (n_pay + n_inv + n_int + n_note)
        deal_total = K - (n_pay + n_inv + n_int + n_note)
        if g.deals and deal_total > 0:
            # each deal's share grows with the time it has had, with some noise
            ws = [((g.today - d["opened"]) ** 0.5 + 2) * (0.3 + 1.4 * r.random()) for d in g.deals]
            W = sum(ws)
            budgets = [int(deal_total * w / W) for w in ws]
            rest = deal_total - sum(budgets)
            for _ in range(rest):
                budgets[r.randrange(len(budgets))] += 1
            for d, b in zip(g.deals, budgets):
                g.gen_deal(d, b)
        g.gen_client_entries(n_pay, n_inv, n_int, n_note)
    assert len(g.entries) == K, (len(g.entries), K)
    g.write_clients(os.path.join(out, "clients.yaml"))   # after the entries: payments-only sets openings
    g.write_deals(os.path.join(out, "deals.yaml"))
    write(os.path.join(out, "funnel.yaml"), [g.make_funnel().rstrip("\n")])
    write(os.path.join(out, "team.yaml"), [g.make_team().rstrip("\n")])
    g.write_targets(os.path.join(out, "targets.yaml"))
    ledgers = g.write_ledgers(out)
    write(os.path.join(out, "salesrep.yaml"), [
        "# generated by bench/gen_book.py --deals %d --clients %d --entries %d --seed %d --today %s%s"
        % (a.deals, a.clients, K, a.seed, a.today, " --payments-only" if a.payments_only else ""),
        "company: Bench Traders", "currency: EUR", "fiscal_year_start: 1", "priority: { idle_days: 7 }",
        "files:", "  funnel: funnel.yaml", "  team: team.yaml", "  clients: clients.yaml",
        "  deals: deals.yaml", "  targets: targets.yaml",
        "  ledger: [%s]" % ", ".join(ledgers)])
    if a.journal:
        g.write_journal(a.journal)
    print("gen_book: %d deals, %d clients, %d entries -> %s in %.1fs"
          % (len(g.deals), len(g.clients), K, out, time.time() - t0), file=sys.stderr)


if __name__ == "__main__":
    main()
