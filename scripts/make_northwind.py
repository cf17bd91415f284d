#!/usr/bin/env python3
"""Write examples/northwind/, the example book of salesrep (contract: ../shared/SPEC.md).

Deterministic: one random.Random(20261126), so a re-run writes byte-identical files.
Standard library only; the YAML text is written by hand. Before any file is written,
the ledger text is parsed back and replayed in SPEC §7 order (date, time, file, line)
and every rule `salesrep check` enforces is asserted: the book is correct by construction.

    python3 scripts/make_northwind.py
"""
import datetime as dt
import re
import random
import unicodedata
from collections import Counter
from pathlib import Path
from types import SimpleNamespace as NS

OUT = Path(__file__).resolve().parent.parent / "examples" / "northwind"
START, LAST_OPEN, TODAY = dt.date(2025, 6, 1), dt.date(2026, 11, 20), dt.date(2026, 11, 26)
LEDGERS = ["ledger/2025.ledger", "sales.ledger"]
D = dt.timedelta
rng = random.Random(20261126)

# ------------------------------------------------------------------ the company
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
STAGES = {p[0]: [NS(id=s[0], prob=s[2], max_days=s[3]) for s in p[3]] for p in PIPELINES}
SEG_PIPE = {seg: p[0] for p in PIPELINES for seg in p[2]}
TEAMS = [("north", "North region", "carol"), ("south", "South region", "erik")]
AGENTS = [  # id, name, team, role (None = agent)
    ("carol", "Carol Diaz", "north", "lead"), ("alice", "Alice Martin", "north", None),
    ("bruno", "Bruno Keller", "north", None), ("fatima", "Fatima Benali", "north", None),
    ("erik", "Erik Lindqvist", "south", "lead"), ("gustavo", "Gustavo Pereira", "south", None),
    ("hana", "Hana Novak", "south", None), ("ivan", "Ivan Petrov", "south", None),
    ("dave", "Dave Roy", None, "director")]
TEAM_OF = {a[0]: a[2] for a in AGENTS}
LEAD_OF = {t[0]: t[2] for t in TEAMS}
SELLERS = [a[0] for a in AGENTS if a[3] != "director"]

CLIENTS = [  # id, name, industry, segment, owner, country, opening balance
    ("acme", "ACME Industries SA", "Manufacturing", "enterprise", "alice", "FR", "1200.00"),
    ("hartmann", "Hartmann Logistik GmbH", "Logistics", "enterprise", "carol", "DE", None),
    ("vesta", "Vesta Assurances", "Finance", "enterprise", "bruno", "FR", None),
    ("lumen", "Lumen Retail Group", "Retail", "enterprise", "gustavo", "NL", "8450.00"),
    ("orion", "Orion Pharma BV", "Healthcare", "enterprise", "erik", "NL", None),
    ("castellan", "Castellan Energy plc", "Energy", "enterprise", "hana", "GB", None),
    ("marisol", "Marisol Hoteles SL", "Hospitality", "enterprise", "ivan", "ES", "3120.50"),
    ("nordkap", "Nordkap Shipping AS", "Logistics", "enterprise", "fatima", "NO", None),
    ("bellwether", "Bellwether Foods NV", "Food & Beverage", "enterprise", "gustavo", "BE", None),
    ("valmont", "Commune de Valmont", "Public sector", "public", "alice", "FR", None),
    ("clairval", "Université de Clairval", "Education", "public", "bruno", "FR", None),
    ("rivemont", "Centre hospitalier de Rivemont", "Healthcare", "public", "carol", "FR", "15800.00"),
    ("nordhafen", "Stadtwerke Nordhafen", "Energy", "public", "hana", "DE", None),
    ("eaux-sud", "Régie des Eaux du Sud", "Utilities", "public", "ivan", "FR", None),
    ("brightwave", "Brightwave Studios", "Media", "smb", "alice", "GB", None),
    ("copperleaf", "Copperleaf Bakery & Café", "Food & Beverage", "smb", "fatima", "GB", "640.00"),
    ("dunmore", "Dunmore Hardware", "Retail", "smb", "bruno", "IE", None),
    ("elmstead", "Elmstead Dental Clinic", "Healthcare", "smb", "fatima", "GB", None),
    ("fairhaven", "Fairhaven Print Works", "Manufacturing", "smb", "alice", "GB", None),
    ("granite", "Granite Peak Outdoor", "Retail", "smb", "gustavo", "DE", None),
    ("hollis", "Hollis & Webb Accountants", "Finance", "smb", "bruno", "GB", "2275.80"),
    ("kestrel", "Kestrel Couriers", "Logistics", "smb", "ivan", "NL", None),
    ("larkspur", "Larkspur Boutique Hotel", "Hospitality", "smb", "hana", "ES", None),
    ("millbrook", "Millbrook Joinery", "Manufacturing", "smb", "erik", "IE", None),
    ("pemberton", "Pemberton Opticians", "Healthcare", "smb", "gustavo", "GB", None),
    ("quayside", "Quayside Wine Merchants", "Food & Beverage", "smb", "hana", "BE", None),
    ("zephyr", "Zephyr Robotics", "Manufacturing", "startup", "ivan", "DE", None),
    ("nimbus", "Nimbus Health", "Healthcare", "startup", "fatima", "NL", None),
    ("tallyho", "Tallyho Payments", "Finance", "startup", "alice", "GB", None),
    ("sprout", "Sprout Learning", "Education", "startup", "bruno", "IE", None),
    ("parcelpath", "ParcelPath", "Logistics", "startup", "gustavo", "NL", None),
    ("voltiq", "Voltiq Energy", "Energy", "startup", "hana", "DE", None),
    ("fernweh", "Fernweh Travel", "Hospitality", "startup", "ivan", "AT", None),
    ("quill", "Quill Analytics", "Software", "startup", "fatima", "FR", None),
]
CLIENT = {c[0]: NS(id=c[0], segment=c[3], owner=c[4], opening=c[6]) for c in CLIENTS}
PEOPLE = {  # contact names by country
    "FR": ["Jeanne Morel", "Luc Fontaine", "Élodie Marchand", "Hélène Rousseau", "François Lefèvre",
           "Camille Durand", "Théo Garnier", "Zoë Lambert"],
    "DE": ["Jürgen Maaß", "Katrin Vogel", "Stefan Brandt", "Lena Schäfer", "Tobias Krüger"],
    "NL": ["Sanne de Vries", "Pieter Bakker", "Joost van Dijk", "Femke Janssen", "Ruben Smit"],
    "GB": ["Oliver Hughes", "Emma Clarke", "Rachel Patel", "James Whitfield", "Sophie Turner",
           "Daniel Reeves", "Grace Holloway", "Harriet Cole"],
    "ES": ["Inés Ortega", "Javier Ruiz"], "IE": ["Siobhan O'Neill", "Ciarán Byrne", "Aoife Walsh"],
    "NO": ["Ingrid Haugen"], "BE": ["Wouter Peeters", "Charlotte Dubois"], "AT": ["Matthias Gruber"]}
PHONE = {"FR": "+33", "DE": "+49", "NL": "+31", "GB": "+44", "ES": "+34", "IE": "+353", "NO": "+47",
         "BE": "+32", "AT": "+43"}
TITLES = {"enterprise": ["CFO", "Head of Procurement", "IT Director", "COO", "Head of Sales Operations"],
          "public": ["Procurement Officer", "Head of Digital Services", "Finance Director"],
          "smb": ["Owner", "Managing Director", "Office Manager", "Operations Manager"],
          "startup": ["CEO", "CTO", "Co-founder", "Head of Operations"]}

# ------------------------------------------------------------------ what they sell, and what they say
OFFERS = {
    "smb": [("crm", "CRM starter, {n} seats"), ("pos", "Point-of-sale connector"),
            ("support", "Premium support plan"), ("analytics", "Analytics add-on"),
            ("webshop", "Webshop integration"), ("expansion", "Expansion, +{n} seats"),
            ("renewal", "{y} renewal"), ("onboarding", "Onboarding and training"), ("pilot", "Pilot, {n} users")],
    "enterprise": [("platform", "Platform licence, {n} seats"), ("renewal", "{y} renewal"),
                   ("expansion", "Expansion, +{n} seats"), ("erp", "ERP integration"),
                   ("analytics", "Analytics suite"), ("migration", "Data migration"),
                   ("support", "Enterprise support, 3 years"), ("rollout", "Rollout to {n} sites")]}
TENDER = ("tender", "Public tender {y}, lot {n}")
YEARLY = ("renewal", "tender")
AMOUNT = {"smb": (2500, 24000, 50), "startup": (4000, 45000, 100), "enterprise": (35000, 260000, 500),
          "public": (25000, 180000, 500)}
SOURCES = ["referral"] * 3 + ["web"] * 3 + ["event"] * 2 + ["outbound"] * 3 + ["partner"] * 2
FIRST_ACTIONS = ["Discovery call", "Send product sheet", "Book a demo", "Call back the buyer",
                 "Send references", "Qualify budget and timeline"]
NEXT_WHAT = ["Send revised quote", "Book demo", "Follow-up call", "Send contract", "Check with procurement",
             "Schedule workshop", "Chase PO number", "Send case study"]
KINDS = ["call", "email", "meeting", "demo", "visit", "message", "note"]
PHASE_WEIGHTS = [[50, 20, 8, 6, 2, 8, 6], [35, 22, 14, 12, 5, 6, 6], [38, 25, 18, 2, 5, 7, 5]]
NOTES = {
    "call": [["Intro call, needs confirmed", "Discussed current tooling and pain points", "Left a voicemail",
              "Budget owner identified", "Timeline and budget confirmed", "Asked for references"],
             ["Walked through the proposal", "Questions on pricing tiers", "Security questionnaire received",
              "Scoping call with IT", "Reviewed integration requirements"],
             ["Negotiating payment terms", "Asked for a multi-year discount", "Legal redlines received",
              "Final pricing agreed in principle", "Waiting for PO number", "CFO wants a 3-year quote"]],
    "email": ["Sent quote", "Sent revised quote", "Follow-up on proposal", "Shared onboarding plan",
              "Sent contract draft", "Sent product sheet"],
    "meeting": ["Kick-off with stakeholders", "Workshop with operations team", "Pricing review",
                "Steering committee", "Requirements workshop"],
    "demo": ["Product demo for the team", "Demo of the reporting module", "Demo for IT and finance",
             "Second demo, mobile app"],
    "visit": ["Site visit, warehouse tour", "Visited HQ", "On-site visit with operations"],
    "message": ["Quick check-in on LinkedIn", "Confirmed meeting time by SMS", "Asked for status on WhatsApp"],
    "note": ["Competitor also in the running", "Champion leaving the company in March",
             "Decision postponed to next board meeting", "Budget frozen until new fiscal year"]}
WIN_NOTES = ["Signed, 3-year term", "PO received", "Signed after final discount", "Contract countersigned"]
LOSS_REASONS = ["Chose a competitor", "No budget", "Project cancelled", "Price too high", "No decision",
                "Went with an in-house solution", "Postponed indefinitely"]
LOSS_NOTES = ["Keep in touch for next year", "Lost on price by about 10%", "New management, new priorities"]
CLIENT_NOTES = ["Moved to new offices", "New CFO appointed", "Merger announced with a competitor",
                "Asked to be invoiced quarterly from now on", "Happy with onboarding so far"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]


# ------------------------------------------------------------------ small helpers
def weekday(d):
    while d.weekday() >= 5:
        d += D(1)
    return d


def money(cents, always_cents=False):
    return f"{cents // 100}.{cents % 100:02d}" if cents % 100 or always_cents else str(cents // 100)


def cents_of(text):
    m = re.fullmatch(r"(\d+)(?:\.(\d{1,2}))?", text)
    assert m, f"bad amount {text!r}"
    return int(m[1]) * 100 + int((m[2] or "0").ljust(2, "0"))


def q(text):  # a quoted ledger argument
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def clock():
    return f"{rng.randint(8, 17):02d}:{rng.choice([0, 5, 10, 15, 20, 30, 40, 45, 50]):02d}"


def ascii_fold(text):
    text = unicodedata.normalize("NFKD", text.replace("ß", "ss"))
    return re.sub(r"[^a-z]", "", text.lower())


PLAIN = re.compile(r"[^\W\d_][\w .()/'@+-]*[\w.)]|[^\W\d_]")
RESERVED = {"true", "false", "yes", "no", "on", "off", "null", "y", "n"}


def ys(v):  # a YAML scalar
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, dt.date)):
        return str(v)
    if (PLAIN.fullmatch(v) and v.lower() not in RESERVED) or re.fullmatch(r"\d{4}-(Q[1-4]|\d\d)", v):
        return v
    return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'


def flow(pairs):
    return "{ " + ", ".join(f"{k}: {ys(v)}" for k, v in pairs) + " }"


def flow_rows(rows, indent="  - "):
    """One flow map per row, the columns padded so that the rows line up."""
    cells = [[f"{k}: {ys(v)}" for k, v in row] for row in rows]
    width = [max(len(c[i]) + 1 for c in cells if i < len(c)) for i in range(max(map(len, cells)))]
    return [indent + "{ " + " ".join([(p + ",").ljust(width[i]) for i, p in enumerate(c[:-1])] + [c[-1]]) + " }"
            for c in cells]


# ------------------------------------------------------------------ clients and deals
def make_contacts():
    pools = {cc: rng.sample(names, len(names)) for cc, names in PEOPLE.items()}
    for cid, _, _, seg, _, cc, _ in CLIENTS:
        name = pools[cc].pop()
        first, last = name.split(" ", 1)
        phone = f"{PHONE[cc]} {rng.randint(1, 9)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}"
        CLIENT[cid].contact = [("name", name), ("title", rng.choice(TITLES[seg])),
                               ("email", f"{ascii_fold(first)[0]}.{ascii_fold(last)}@{cid}.example"), ("phone", phone)]


def make_deals(n=92):
    span = (LAST_OPEN - START).days
    days = sorted(int(span * rng.random() ** 0.9) for _ in range(n))
    ids = [c[0] for c in CLIENTS]
    weight = {"enterprise": 3, "public": 2, "smb": 2, "startup": 1.5}
    picks = ids + rng.choices(ids, weights=[weight[CLIENT[c].segment] for c in ids], k=n - len(ids))
    rng.shuffle(picks)
    deals, used = [], set(ids)
    for day, cid in zip(days, picks):
        c = CLIENT[cid]
        opened = weekday(START + D(day))
        pipe, explicit, seg = SEG_PIPE[c.segment], False, c.segment
        r = rng.random()
        if c.segment == "startup" and r < 0.2:
            pipe, explicit, seg = "enterprise", True, "enterprise"  # a large deal for a young company
        elif c.segment == "enterprise" and r < 0.08:
            pipe, explicit, seg = "smb", True, "smb"  # a small departmental pilot
        elif c.segment == "public" and r < 0.15:
            explicit = True
        offers = OFFERS["smb" if pipe == "smb" else "enterprise"] + ([TENDER] * 2 if c.segment == "public" else [])
        slug, title = rng.choice(offers)
        year = opened.year + (opened.month >= 9)
        did = f"{cid}-{slug}" + (f"-{year}" if slug in YEARLY else "")
        if did in used:
            did += f"-{opened.year}" if slug not in YEARLY else "-b"
        while did in used:
            did += "x"
        used.add(did)
        lo, hi, step = AMOUNT[seg]
        amount = rng.randint(lo // step, hi // step) * step * 100
        if rng.random() < 0.2:
            amount += rng.randint(1, 99)
        owner = c.owner
        if rng.random() < 0.15:
            owner = rng.choice([a for a in SELLERS if TEAM_OF[a] == TEAM_OF[c.owner] and a not in (c.owner, LEAD_OF[TEAM_OF[a]])])
        st = STAGES[pipe]
        r = rng.random()
        source = rng.choice(SOURCES)
        stage = 2 if slug == "renewal" else 1 if r < 0.2 or (source == "referral" and r < 0.4) else 2 if r < 0.25 else 0
        close = weekday(opened + D(round(sum(s.max_days for s in st[stage:]) * rng.uniform(0.8, 1.25))))
        prob = None
        if rng.random() < 0.12:
            prob = max(5, min(95, st[stage].prob + rng.choice([-15, -10, -5, 5, 10, 15])))
        nxt = None
        if rng.random() < 0.75:
            nxt = (rng.choice(FIRST_ACTIONS), weekday(opened + D(rng.randint(2, 10))))
        deals.append(NS(id=did, client=cid, title=title.format(n=rng.choice([5, 10, 12, 20, 25, 40, 60]), y=year),
                        owner=owner, amount=amount, opened=opened, stage=stage, prob=prob, close=close,
                        next=nxt, source=source, pipe=pipe, explicit=explicit,
                        show_stage=stage > 0 or rng.random() < 0.5))
    return deals


# ------------------------------------------------------------------ the story of each deal
class Ledger:
    def __init__(self):
        self.entries = []

    def add(self, date, time, kind, target, args):
        assert START <= date <= TODAY, (date, kind, target)
        self.entries.append(NS(date=date, time=time, kind=kind, target=target,
                               args=[a for a in args if a], seq=len(self.entries)))


class DealStory:
    def __init__(self, deal, ledger):
        self.d, self.L = deal, ledger
        self.owner, self.close, self.amount = deal.owner, deal.close, deal.amount
        self.override, self.last, self.won, self.lost = deal.prob is not None, (None, None), None, None
        self.step = 9 if deal.pipe == "smb" else 13

    def add(self, date, kind, *args, time=None):
        last_date, last_time = self.last
        if date == last_date and last_time:  # keep one deal's same-day entries in the order they happen
            h, m = map(int, last_time.split(":"))
            minutes = min(h * 60 + m + rng.randint(10, 50), 23 * 60 + 59)
            time = f"{minutes // 60:02d}:{minutes % 60:02d}"
        self.last = (date, time)
        self.L.add(date, time, kind, self.d.id, list(args))

    def helper(self):  # someone other than the owner who joins in
        lead = LEAD_OF.get(TEAM_OF[self.owner])
        return lead if lead != self.owner and rng.random() < 0.75 else "dave"

    def interact(self, date, phase):
        kind = rng.choices(KINDS, weights=PHASE_WEIGHTS[phase])[0]
        pool = NOTES[kind][phase] if kind == "call" else NOTES[kind]
        args = ["@" + self.helper()] if rng.random() < 0.1 else []
        if kind == "note" or rng.random() < 0.8:
            args.append(q(rng.choice(pool)))
        if kind != "note" and rng.random() < 0.15:
            args.append(f"next:{weekday(date + D(rng.randint(3, 12)))}")
            if rng.random() < 0.7:
                args.append("next_what:" + q(rng.choice(NEXT_WHAT)))
        self.add(date, kind, *args, time=clock() if rng.random() < 0.3 else None)

    def revise(self, t):  # at a stage change: re-forecasts and planned actions
        d, r = self.d, rng.random()
        if self.close < t + D(5) and r < 0.5:
            self.close = weekday(t + D(rng.randint(20, 60)))
            self.add(t, "set", f"close:{self.close}")
        elif rng.random() < 0.07:
            step = 5000 if d.pipe == "smb" else 50000
            self.amount = max(step, round(self.amount * rng.uniform(0.8, 1.25) / step) * step)
            self.add(t, "set", f"amount:{money(self.amount)}",
                     f"close:{weekday(self.close + D(14))}" if rng.random() < 0.3 else None)
        elif r < 0.55 and not self.override:
            self.override = True
            self.add(t, "set", f"probability:{rng.choice([20, 35, 40, 60, 65, 80])}")
        elif r < 0.6 and self.override:
            self.override = False
            self.add(t, "set", "probability:-")
        if d.handover and t > d.opened:
            d.handover = False
            team = TEAM_OF[self.owner]
            self.owner = rng.choice([a for a in SELLERS if TEAM_OF[a] == team and a not in (self.owner, LEAD_OF[team])])
            self.add(t, "set", f"owner:{self.owner}")
        if d.retitle and t > d.opened:
            d.retitle = False
            self.add(t, "set", "title:" + q(d.title + rng.choice([", phase 2", " (revised scope)"])))
        if rng.random() < 0.18:
            self.add(t, "next", str(weekday(t + D(rng.randint(3, 10)))), q(rng.choice(NEXT_WHAT)))

    def plan(self, t):  # an open deal's latest planned action
        if rng.random() < 0.5:
            self.add(t, "next", str(weekday(TODAY + D(rng.randint(1, 14)))), q(rng.choice(NEXT_WHAT)))

    def win(self, t):
        args, amount = [], self.amount
        r = rng.random()
        if r < 0.35:
            amount = round(amount * rng.uniform(0.88, 1.08) / 5000) * 5000 + (rng.randint(1, 99) if r < 0.05 else 0)
            args.append(money(amount, rng.random() < 0.3))
        elif r < 0.55:
            args.append(money(amount, True))
        if rng.random() < 0.1:
            args.append("@" + self.helper())
        if rng.random() < 0.3:
            args.append(q(rng.choice(WIN_NOTES)))
        self.add(t, "won", *args, time=clock() if rng.random() < 0.4 else None)
        self.won = (t, amount)

    def lose(self, t):
        note = q(rng.choice(LOSS_NOTES)) if rng.random() < 0.35 else None
        self.add(t, "lost", "reason:" + q(rng.choice(LOSS_REASONS)), note,
                 time=clock() if rng.random() < 0.2 else None)
        self.lost = t

    def run(self, fate):
        d, st = self.d, STAGES[self.d.pipe]
        last, i, t = len(st) - 1, d.stage, d.opened
        quiet = rng.choice([0, 1, 2, 3, 4, 6]) if rng.random() < 0.6 else rng.randint(8, 25)
        horizon = TODAY - D(rng.randint(10, 70) if fate == "zombie" else quiet) if fate in ("open", "zombie") else TODAY
        stuck = rng.randint(i, last) if fate == "zombie" else None
        lost_at = rng.randint(i, last) if fate in ("lost", "reopen_won", "reopen_open") else None
        went_back = False
        if rng.random() < 0.6:
            self.interact(t, 0)
        while True:
            endless = i == stuck or (i == last and fate in ("open", "zombie"))
            end = t + D(10 ** 4 if endless else max(3, round(st[i].max_days * rng.uniform(0.4, 1.5))))
            x, phase = t, min(2, max(0, i - 1))
            while True:
                x = weekday(x + D(rng.randint(2, self.step)))
                if x >= end or x > horizon:
                    break
                self.interact(x, phase)
            t = weekday(end)
            if endless or t > horizon:
                return self.plan(max(horizon, d.opened))
            if lost_at is not None and i >= lost_at:
                self.lose(t)
                t = weekday(t + D(rng.randint(12, 45)))
                if fate == "lost" or t > horizon:
                    return
                if i > 0 and rng.random() < 0.5:
                    i -= 1
                    self.add(t, "reopen", st[i].id)
                else:
                    self.add(t, "reopen")
                fate, lost_at, self.lost = ("won" if fate == "reopen_won" else "open"), None, None
                continue
            self.revise(t)
            if fate == "won" and (i == last or (i == last - 1 and rng.random() < 0.3)):
                return self.win(t)
            j = i + 1
            if i + 2 <= last and rng.random() < 0.1:
                j = i + 2
            elif i >= 2 and not went_back and rng.random() < 0.07:
                j, went_back = i - 1, True
            self.add(t, "stage", st[j].id)
            i = j


def pick_fate(d):
    age = (TODAY - d.opened).days
    cycle = sum(s.max_days for s in STAGES[d.pipe][d.stage:])
    r = rng.random()
    if age > cycle * 1.2:
        return ("zombie" if r < 0.09 else "reopen_won" if r < 0.12 else "reopen_open" if r < 0.14
                else "won" if r < 0.60 else "lost")
    return "lost" if r < 0.15 else "won" if r < 0.28 else "open"


def bill(stories, L):
    """Invoices after wins, payments (full, partial, none), reminders and account reviews."""
    invoices = []
    for s in stories:
        if not s.won:
            continue
        w, amount = s.won
        if amount >= 60000_00 and rng.random() < 0.7:
            half = amount // 2
            invoices += [(weekday(w + D(rng.randint(1, 5))), s.d.client, half),
                         (weekday(w + D(rng.randint(60, 90))), s.d.client, amount - half)]
        else:
            invoices.append((weekday(w + D(rng.randint(1, 6))), s.d.client, amount))
    invoices = sorted(x for x in invoices if x[0] <= TODAY)
    numbers = Counter()
    for date, cid, amount in invoices:
        numbers[date.year] += 1
        ref = f"ref:INV-{date.year}-{numbers[date.year]:03d}"
        eur = "EUR" if rng.random() < 0.04 else None
        L.add(date, None, "invoice", cid, [money(amount), eur, ref])
        r, paid = rng.random(), weekday(date + D(rng.randint(10, 50)))
        if r < 0.14:
            remind = weekday(date + D(rng.randint(30, 40)))
            if remind <= TODAY:
                L.add(remind, None, "call", cid, [q(f"Reminder: {ref[4:]} is overdue")])
        elif r < 0.32:
            part = round(amount * rng.uniform(0.4, 0.6) / 100) * 100
            rest = weekday(paid + D(rng.randint(30, 60)))
            if paid <= TODAY:
                L.add(paid, None, "payment", cid, [money(part), ref, q("Partial payment")])
                if rest <= TODAY:
                    L.add(rest, None, "payment", cid, [money(amount - part), ref])
        elif paid <= TODAY:
            L.add(paid, None, "payment", cid, [money(amount), ref])
    for c in CLIENT.values():
        if c.opening:
            owed, r = cents_of(c.opening), rng.random()
            when = weekday(START + D(rng.randint(5, 50)))
            if r < 0.85:
                part = owed if r < 0.6 else owed // 2
                L.add(when, None, "payment", c.id, [money(part), "ref:OPENING", q("Opening balance")])
    first_win = {}
    for s in sorted((s for s in stories if s.won), key=lambda s: s.won[0]):
        first_win.setdefault(s.d.client, s.won[0])
    for cid, w in first_win.items():
        x = weekday(w + D(rng.randint(60, 100)))
        while x <= TODAY:
            if rng.random() < 0.65:
                who = "@" + LEAD_OF[TEAM_OF[CLIENT[cid].owner]] if rng.random() < 0.3 else None
                if who == "@" + CLIENT[cid].owner:
                    who = "@dave"
                L.add(x, clock() if rng.random() < 0.5 else None, "meeting", cid, [who, q("Quarterly account review")])
            x = weekday(x + D(rng.randint(80, 100)))
    for cid in rng.sample(sorted(CLIENT), 8):
        L.add(weekday(START + D(rng.randint(10, (TODAY - START).days - 3))), None, "note", cid,
              [q(rng.choice(CLIENT_NOTES))])


# ------------------------------------------------------------------ reading the ledger back
def tokenize(line):
    toks, i, n = [], 0, len(line)
    while i < n:
        if line[i] in " \t":
            i += 1
            continue
        start, tok = i, ""
        while i < n and line[i] not in " \t":
            if line[i] == '"':
                i += 1
                while line[i] != '"':
                    if line[i] == "\\":
                        i += 1
                        assert line[i] in '"\\', f"bad escape in {line!r}"
                    tok, i = tok + line[i], i + 1
                i += 1
            else:
                tok, i = tok + line[i], i + 1
        toks.append((tok, line[start] == '"'))
    return toks


SHAPES = {"note": "n", "stage": "w", "won": "w?w?n?", "lost": "n?", "reopen": "w?", "next": "wn", "set": "",
          "invoice": "ww?n?", "payment": "ww?n?", **{k: "n?" for k in KINDS if k != "note"}}
FIELDS = {"lost": {"reason"}, "set": {"amount", "close", "probability", "owner", "title"},
          "invoice": {"ref"}, "payment": {"ref"}, **{k: {"next", "next_what"} for k in KINDS if k != "note"}}


def parse(text, where):
    toks = tokenize(text)
    e = NS(where=where, date=dt.date.fromisoformat(toks[0][0]), time=None, agent=None, words=[], notes=[], fields={})
    k = 1
    if re.fullmatch(r"\d\d:\d\d", toks[1][0]):
        e.time, k = toks[1][0], 2
        assert int(e.time[:2]) < 24 and int(e.time[3:]) < 60, where
    e.kind, e.target = toks[k][0], toks[k + 1][0]
    assert e.kind in SHAPES, f"{where}: unknown kind {e.kind}"
    shape = ""
    for tok, quoted in toks[k + 2:]:
        if quoted:
            e.notes.append(tok)
            shape += "n"
        elif tok.startswith("@"):
            assert e.agent is None, where
            e.agent = tok[1:]
        elif m := re.fullmatch(r"([a-z_]+):(.*)", tok):
            assert m[1] in FIELDS.get(e.kind, ()) and m[1] not in e.fields, f"{where}: field {m[1]}"
            e.fields[m[1]] = m[2]
        else:
            e.words.append(tok)
            shape += "w"
    assert re.fullmatch(SHAPES[e.kind], shape), f"{where}: arguments {shape!r} for {e.kind}"
    if e.kind in ("won", "invoice", "payment") and len(e.words) == 2:
        assert e.words[1] == "EUR", where
    assert e.kind != "set" or e.fields, where
    return e


def replay(files, deals):
    """SPEC §7 replay of the rendered ledger files; asserts check's rules, returns the state as of TODAY."""
    entries = []
    for fi, (name, text) in enumerate(files):
        for ln, raw in enumerate(text.split("\n"), 1):
            if raw.strip() and raw.strip()[0] not in ";#":
                e = parse(raw, f"{name}:{ln}")
                e.order = (e.date, e.time or "00:00", fi, ln)
                entries.append(e)
    entries.sort(key=lambda e: e.order)
    agents = {a[0] for a in AGENTS}
    state = {d.id: NS(d=d, state="open", stage=STAGES[d.pipe][d.stage].id, since=d.opened, owner=d.owner,
                      close=d.close, amount=d.amount, prob=d.prob, last=d.opened,
                      due=d.next[1] if d.next else None, closed=None) for d in deals}
    balance = {c.id: cents_of(c.opening) if c.opening else 0 for c in CLIENT.values()}
    contact, S = {}, NS(activity=Counter(), won=[], lost=[], collected=Counter(), invoiced=0, paid=0)
    for e in entries:
        w, s = e.where, state.get(e.target)
        assert START <= e.date <= TODAY, f"{w}: date out of range"
        assert s or e.target in CLIENT, f"{w}: unknown id {e.target}"
        assert e.agent is None or e.agent in agents, f"{w}: unknown agent"
        assert s is None or e.date >= s.d.opened, f"{w}: before {e.target} was opened"
        assert s or e.kind not in ("stage", "won", "lost", "reopen", "next", "set"), f"{w}: needs a deal"
        assert e.kind not in ("invoice", "payment") or s is None, f"{w}: needs a client"
        if e.kind in ("stage", "won", "lost", "set", "next") or "next" in e.fields:
            assert s and s.state == "open", f"{w}: {e.kind} on a deal that is not open"
        client = s.d.client if s else e.target
        who = e.agent or (s.owner if s else CLIENT[client].owner)
        if e.kind in KINDS and e.kind != "note":
            S.activity[(who, e.kind, e.date.year, e.date.month)] += 1
            contact[client] = e.date
            if s:
                s.last = e.date
                if "next" in e.fields:
                    s.due = dt.date.fromisoformat(e.fields["next"])
        stage_ids = [x.id for x in STAGES[s.d.pipe]] if s else []
        if e.kind == "stage":
            assert e.words[0] in stage_ids and e.words[0] != s.stage, f"{w}: bad stage move"
            s.stage, s.since = e.words[0], e.date
        elif e.kind == "won":
            s.amount = cents_of(e.words[0]) if e.words else s.amount
            s.state, s.closed = "won", e.date
            S.won.append((e.date, s.amount, s.owner))
        elif e.kind == "lost":
            s.state, s.closed = "lost", e.date
            S.lost.append((e.date, s.owner))
        elif e.kind == "reopen":
            assert s.state != "open", f"{w}: reopen of an open deal"
            assert not e.words or e.words[0] in stage_ids, f"{w}: bad stage"
            s.state, s.stage, s.since = "open", (e.words or [s.stage])[0], e.date
        elif e.kind == "next":
            s.due = dt.date.fromisoformat(e.words[0])
        elif e.kind == "set":
            f = e.fields
            s.amount = cents_of(f["amount"]) if "amount" in f else s.amount
            s.close = dt.date.fromisoformat(f["close"]) if "close" in f else s.close
            if "probability" in f:
                p = f["probability"]
                assert p == "-" or (p.isdigit() and int(p) <= 100), f"{w}: probability"
                s.prob = None if p == "-" else int(p)
            assert f.get("owner", "alice") in agents, f"{w}: unknown owner"
            s.owner = f.get("owner", s.owner)
            assert f.get("title", "x"), f"{w}: empty title"
        elif e.kind in ("invoice", "payment"):
            amount = cents_of(e.words[0])
            assert amount > 0, f"{w}: amount"
            if e.kind == "invoice":
                balance[client] += amount
                S.invoiced += amount
            else:
                balance[client] -= amount
                assert balance[client] >= 0, f"{w}: {client} pays more than it owes"
                S.paid += amount
                S.collected[(CLIENT[client].owner, e.date.year)] += amount
        if "next" in e.fields or e.kind == "next":
            assert s.due >= e.date, f"{w}: next action in the past"
    S.entries, S.state, S.balance, S.contact = entries, state, balance, contact
    return S


# ------------------------------------------------------------------ writing the files
def render_ledger(entries, title):
    out, month = [f"; Northwind Traders -- {title}", "; written by scripts/make_northwind.py"], None
    width = max(len(e.target) for e in entries) + 1
    for e in entries:
        if (e.date.year, e.date.month) != month:
            month = (e.date.year, e.date.month)
            out += ["", f"; ---- {MONTHS[e.date.month - 1]} {e.date.year} ----"]
        out.append(ledger_line(e, width))
    return out


def ledger_line(e, width=26):
    head = str(e.date) + (f" {e.time}" if e.time else "")
    return f"{head} {e.kind:<7} {e.target:<{width}} {' '.join(e.args)}".rstrip()


def yaml_files(deals, targets):
    files = {"salesrep.yaml": [
        "# Northwind Traders: the example book of salesrep (written by scripts/make_northwind.py)",
        "company: Northwind Traders", "currency: EUR", "fiscal_year_start: 1", "priority: { idle_days: 7 }",
        "files:", "  funnel: funnel.yaml", "  team: team.yaml", "  clients: clients.yaml", "  deals: deals.yaml",
        "  targets: targets.yaml", f"  ledger: [{', '.join(LEDGERS)}]"]}
    funnel = ["pipelines:"]
    for pid, name, segs, stages in PIPELINES:
        funnel += [f"  - id: {pid}", f"    name: {name}", f"    segments: [{', '.join(segs)}]", "    stages:"]
        funnel += flow_rows([[("id", s[0]), ("name", s[1]), ("probability", s[2]), ("max_days", s[3])]
                             + ([("category", s[4])] if s[4] else []) for s in stages], "      - ")
    files["funnel.yaml"] = funnel
    files["team.yaml"] = ["teams:"] + flow_rows([[("id", t), ("name", n), ("lead", l)] for t, n, l in TEAMS]) + \
        ["agents:"] + flow_rows([[("id", a), ("name", n)] + ([("team", t)] if t else []) + ([("role", r)] if r else [])
                                 + [("email", f"{a}@northwind.example")] for a, n, t, r in AGENTS])
    clients = ["clients:"]
    for cid, name, industry, seg, owner, _, opening in CLIENTS:
        clients += [f"  - id: {cid}", f"    name: {ys(name)}", f"    industry: {ys(industry)}",
                    f"    segment: {seg}", f"    owner: {owner}",
                    "    contact: " + flow(CLIENT[cid].contact)]
        clients += [f"    opening_balance: {opening}"] if opening else []
    files["clients.yaml"] = clients
    out, month = ["deals:"], None
    for d in deals:
        if (d.opened.year, d.opened.month) != month:
            month = (d.opened.year, d.opened.month)
            out += [f"  # opened in {MONTHS[d.opened.month - 1]} {d.opened.year}"]
        out += [f"  - id: {d.id}", f"    client: {d.client}", f"    title: {ys(d.title)}", f"    owner: {d.owner}",
                f"    amount: {money(d.amount)}", f"    opened: {d.opened}"]
        out += [f"    stage: {STAGES[d.pipe][d.stage].id}"] if d.show_stage else []
        out += [f"    probability: {d.prob}"] if d.prob is not None else []
        out += [f"    expected_close: {d.close}"]
        out += ["    next_action: " + flow([("what", d.next[0]), ("due", d.next[1])])] if d.next else []
        out += [f"    source: {d.source}"] + ([f"    pipeline: {d.pipe}"] if d.explicit else [])
    files["deals.yaml"] = out
    files["targets.yaml"] = ["targets:"] + flow_rows(targets)
    return files


def make_targets(S):
    """Targets that the 2026 figures come close to: some met, some missed."""
    def nice(x, step):
        return max(step, round(x / step) * step)
    rows, year = [], 365 / (TODAY - dt.date(2026, 1, 1)).days
    for a in SELLERS:
        won = [amt for date, amt, owner in S.won if owner == a and date.year == 2026]
        acts = {k: sum(v for (who, kind, y, _), v in S.activity.items() if who == a and kind == k and y == 2026)
                for k in ("call", "meeting")}
        f = lambda: year * rng.uniform(0.85, 1.3)
        rows.append([("agent", a), ("period", 2026), ("sales", nice(sum(won) / 100 * f(), 10000)),
                     ("deals_won", nice(len(won) * f(), 1)), ("calls", nice(acts["call"] * f(), 10)),
                     ("meetings", nice(acts["meeting"] * f(), 5))])
    north = sum(r[2][1] for r in rows if TEAM_OF[r[0][1]] == "north")
    south_nov = {k: sum(v for (who, kind, y, m), v in S.activity.items()
                        if TEAM_OF.get(who) == "south" and kind == k and (y, m) == (2026, 11)) for k in ("call", "meeting")}
    rows += [[("team", "north"), ("period", "2026-Q4"), ("sales", nice(north * 0.3, 10000))],
             [("team", "south"), ("period", "2026-11"), ("meetings", nice(south_nov["meeting"] * 1.4, 5)),
              ("calls", nice(south_nov["call"] * 1.3, 10))],
             [("company", True), ("period", 2026), ("sales", nice(sum(r[2][1] for r in rows) * 1.05, 50000)),
              ("collected", nice(sum(v for (_, y), v in S.collected.items() if y == 2026) / 100 * year * 1.1, 50000))]]
    return rows


def check_yaml(deals):
    ids = [c[0] for c in CLIENTS] + [d.id for d in deals]
    assert len(ids) == len(set(ids)), "duplicate ids"
    assert all(re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", i) for i in ids + [a[0] for a in AGENTS])
    for d in deals:
        assert d.client in CLIENT and d.owner in TEAM_OF and START <= d.opened <= LAST_OPEN and d.close >= d.opened
        assert d.explicit or d.pipe == SEG_PIPE[CLIENT[d.client].segment]


def main():
    make_contacts()
    deals = make_deals()
    check_yaml(deals)
    for d in deals:
        d.handover, d.retitle = rng.random() < 0.05, rng.random() < 0.04
    L, stories = Ledger(), []
    for d in deals:
        stories.append(DealStory(d, L))
        stories[-1].run(pick_fate(d))
    bill(stories, L)
    first_lost = next(s for s in stories if s.lost)
    L.add(first_lost.lost, "17:30", "note", first_lost.d.id, [q('Their CFO: "we stay with the incumbent until 2027"')])
    L.add(dt.date(2025, 12, 9), "10:00", "meeting", "acme", ["@carol", q("Réunion avec le DAF : budget 2026 validé")])
    ordered = sorted(L.entries, key=lambda e: (e.date, e.time or "00:00", e.seq))
    old = [e for e in ordered if e.date.year == 2025]
    late = rng.sample([e for e in old if e.kind in ("call", "email", "message", "note")
                       and not any(a.startswith("next") for a in e.args)], 6)
    old = [e for e in old if e not in late]
    new = [e for e in ordered if e.date.year == 2026]
    texts = [render_ledger(old, "ledger for 2025"), render_ledger(new, "sales ledger, 2026 onwards") +
             ["", "; ---- backdated 2025 entries, logged late: the replay orders entries by date, not by place ----"] +
             [ledger_line(e) for e in sorted(late, key=lambda e: e.seq)]]
    texts = ["\n".join(t) + "\n" for t in texts]
    S = replay(list(zip(LEDGERS, texts)), deals)
    files = yaml_files(deals, make_targets(S))
    files = {name: "\n".join(lines) + "\n" for name, lines in files.items()}
    files.update(zip(LEDGERS, texts))
    (OUT / "ledger").mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (OUT / name).write_text(text, encoding="utf-8", newline="\n")
    report(S, deals, texts)


def report(S, deals, texts):
    st = S.state.values()
    count = Counter(s.state for s in st)
    quarter = lambda d: f"{d.year}-Q{(d.month - 1) // 3 + 1}"
    flags = Counter()
    for s in st:
        if s.state != "open":
            continue
        stage = next(x for x in STAGES[s.d.pipe] if x.id == s.stage)
        last = max(s.last, S.contact.get(s.d.client, s.last))
        flags.update([f for f, on in [("stalled", (TODAY - s.since).days > stage.max_days), ("slipped", s.close < TODAY),
                                      ("overdue", s.due is not None and s.due < TODAY),
                                      ("idle", (TODAY - last).days > 7)] if on])
    print(f"pipelines {len(PIPELINES)}, teams {len(TEAMS)}, agents {len(AGENTS)}, clients {len(CLIENTS)}, deals {len(deals)}")
    for name, text in zip(LEDGERS, texts):
        print(f"{name}: {sum(1 for l in text.splitlines() if l.strip() and l.strip()[0] not in ';#')} entries")
    print(f"as of {TODAY}: {dict(count)}; open deals flagged: {dict(flags)}")
    print("won per quarter:", dict(sorted(Counter(quarter(d) for d, _, _ in S.won).items())))
    print("lost per quarter:", dict(sorted(Counter(quarter(d) for d, _ in S.lost).items())))
    print("kinds:", dict(Counter(e.kind for e in S.entries).most_common()))
    print(f"invoiced {money(S.invoiced, True)}, paid {money(S.paid, True)}, explicit pipelines "
          f"{sum(d.explicit for d in deals)}")
    assert len(S.entries) >= 650 and 25 <= count["open"] <= 35 and len(deals) >= 85
    assert all(flags[f] for f in ("stalled", "slipped", "idle", "overdue"))


if __name__ == "__main__":
    main()
