#!/usr/bin/env python3
"""Write examples/northwind/, the example book of salesrep (file formats: ../shared/SPEC.md).

Deterministic (one random.Random(20261126)): a re-run writes byte-identical files. Standard library only.
Before anything is written, the ledger text is read back and replayed in SPEC §7 order, asserting check's rules."""
import datetime as dt
import re
import random
import unicodedata
from collections import Counter
from pathlib import Path
from types import SimpleNamespace as NS

OUT = Path(__file__).resolve().parent.parent / "examples" / "northwind"
START, LAST_OPEN, TODAY = dt.date(2025, 6, 1), dt.date(2026, 11, 20), dt.date(2026, 11, 26)
LEDGERS = ["ledger/2025.ledger", "sales.ledger"]  # 2025 entries, then 2026 ones (and a few late 2025 ones)
D, rng = dt.timedelta, random.Random(20261126)

def pool(text):
    return text.split("|")

# ------------------------------------------------------------------ the company
PIPELINES = [  # id, name, segments, stages (id, name, probability, max_days, category)
    ("smb", "Small business", ["smb", "startup"], [
        ("lead", "Lead", 10, 14, None), ("qualified", "Qualified", 25, 21, None),
        ("proposal", "Proposal", 50, 21, "best_case"), ("negotiation", "Negotiation", 75, 14, "commit"),
        ("verbal", "Verbal yes", 90, 7, None)]),
    ("enterprise", "Enterprise", ["enterprise", "public"], [
        ("discovery", "Discovery", 10, 30, None), ("solution", "Solution design", 30, 30, None),
        ("proposal", "Proposal", 50, 30, None), ("negotiation", "Negotiation", 70, 21, "commit"),
        ("legal", "Legal review", 85, 21, "commit")])]
STAGES = {p[0]: [NS(id=s[0], prob=s[2], max_days=s[3]) for s in p[3]] for p in PIPELINES}
SEG_PIPE = {seg: p[0] for p in PIPELINES for seg in p[2]}
TEAMS = [("north", "North region", "carol"), ("south", "South region", "erik")]
AGENTS = [  # id, name, team, role (None: agent)
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
    ("quill", "Quill Analytics", "Software", "startup", "fatima", "FR", None)]
CLIENT = {c[0]: NS(id=c[0], segment=c[3], owner=c[4], opening=c[6]) for c in CLIENTS}
PEOPLE = {  # contact names, by country
    "FR": pool("Jeanne Morel|Luc Fontaine|Élodie Marchand|Hélène Rousseau|François Lefèvre|Camille Durand|"
               "Théo Garnier|Zoë Lambert"),
    "DE": pool("Jürgen Maaß|Katrin Vogel|Stefan Brandt|Lena Schäfer|Tobias Krüger"),
    "NL": pool("Sanne de Vries|Pieter Bakker|Joost van Dijk|Femke Janssen|Ruben Smit"),
    "GB": pool("Oliver Hughes|Emma Clarke|Rachel Patel|James Whitfield|Sophie Turner|Daniel Reeves|"
               "Grace Holloway|Harriet Cole"),
    "ES": pool("Inés Ortega|Javier Ruiz"), "IE": pool("Siobhan O'Neill|Ciarán Byrne|Aoife Walsh"),
    "NO": ["Ingrid Haugen"], "BE": pool("Wouter Peeters|Charlotte Dubois"), "AT": ["Matthias Gruber"]}
PHONE = dict(FR="+33", DE="+49", NL="+31", GB="+44", ES="+34", IE="+353", NO="+47", BE="+32", AT="+43")
TITLES = {"enterprise": pool("CFO|Head of Procurement|IT Director|COO|Head of Sales Operations"),
          "public": pool("Procurement Officer|Head of Digital Services|Finance Director"),
          "smb": pool("Owner|Managing Director|Office Manager|Operations Manager"),
          "startup": pool("CEO|CTO|Co-founder|Head of Operations")}

# ------------------------------------------------------------------ what they sell, and what they say
OFFERS = {  # deal id suffix: title
    "smb": pool("crm:CRM starter, {n} seats|pos:Point-of-sale connector|renewal:{y} renewal|"
                "support:Premium support plan|analytics:Analytics add-on|pilot:Pilot, {n} users|"
                "webshop:Webshop integration|expansion:Expansion, +{n} seats|onboarding:Onboarding and training"),
    "enterprise": pool("platform:Platform licence, {n} seats|renewal:{y} renewal|expansion:Expansion, +{n} seats|"
                       "erp:ERP integration|analytics:Analytics suite|migration:Data migration|"
                       "support:Enterprise support, 3 years|rollout:Rollout to {n} sites"),
    "public": pool("tender:Public tender {y}, lot {n}|tender:Public tender {y}, lot {n}")}
AMOUNT = dict(smb=(2500, 24000, 50), startup=(4000, 45000, 100), enterprise=(35000, 260000, 500),
              public=(25000, 180000, 500))  # lowest, highest, step
SOURCES = pool("referral|referral|referral|web|web|web|event|event|outbound|outbound|outbound|partner|partner")
NEXT_WHAT = pool("Send revised quote|Book a demo|Follow-up call|Send contract|Check with procurement|Send references|"
                 "Schedule workshop|Chase PO number|Send case study|Discovery call|Qualify budget and timeline")
KINDS = ["call", "email", "meeting", "demo", "visit", "message", "note"]
INTERACTIONS = KINDS[:-1]
PHASE_WEIGHTS = [[50, 20, 8, 6, 2, 8, 6], [35, 22, 14, 12, 5, 6, 6], [38, 25, 18, 2, 5, 7, 5]]  # per KINDS
NOTES = {
    "call": [pool("Intro call, needs confirmed|Discussed current tooling and pain points|Left a voicemail|"
                  "Budget owner identified|Timeline and budget confirmed|Asked for references"),
             pool("Walked through the proposal|Questions on pricing tiers|Security questionnaire received|"
                  "Scoping call with IT|Reviewed integration requirements"),
             pool("Negotiating payment terms|Asked for a multi-year discount|Legal redlines received|"
                  "Final pricing agreed in principle|Waiting for PO number|CFO wants a 3-year quote")],
    "email": pool("Sent quote|Sent revised quote|Follow-up on proposal|Shared onboarding plan|Sent contract draft|"
                  "Sent product sheet"),
    "meeting": pool("Kick-off with stakeholders|Workshop with operations team|Pricing review|Steering committee|"
                    "Requirements workshop"),
    "demo": pool("Product demo for the team|Demo of the reporting module|Demo for IT and finance|"
                 "Second demo, mobile app"),
    "visit": pool("Site visit, warehouse tour|Visited HQ|On-site visit with operations"),
    "message": pool("Quick check-in on LinkedIn|Confirmed meeting time by SMS|Asked for status on WhatsApp"),
    "note": pool("Competitor also in the running|Champion leaving the company in March|"
                 "Decision postponed to next board meeting|Budget frozen until new fiscal year"),
    "won": pool("Signed, 3-year term|PO received|Signed after final discount|Contract countersigned"),
    "reason": pool("Chose a competitor|No budget|Project cancelled|Price too high|No decision|"
                   "Went with an in-house solution|Postponed indefinitely"),
    "lost": pool("Keep in touch for next year|Lost on price by about 10%|New management, new priorities"),
    "client": pool("Moved to new offices|New CFO appointed|Merger announced with a competitor|"
                   "Asked to be invoiced quarterly from now on|Happy with onboarding so far")}

# ------------------------------------------------------------------ small helpers
def weekday(d):
    return d + D({5: 2, 6: 1}.get(d.weekday(), 0))  # Saturday and Sunday move to Monday

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

def ys(v):  # a YAML scalar: plain where that is safe, else double-quoted
    plain = re.fullmatch(r"[^\W\d_][\w .()/'@+-]*[\w.)]|[^\W\d_]|\d{4}-(Q[1-4]|\d\d)", str(v))
    return str(v) if isinstance(v, (int, dt.date)) or (plain and v.lower() not in ("yes", "no", "null")) else q(v)

def flow(pairs):
    return "{ " + ", ".join(f"{k}: {ys(v)}" for k, v in pairs) + " }"

def flow_rows(rows, indent="  - "):  # one flow map per row, columns padded so that the rows line up
    cells = [[f"{k}: {ys(v)}," for k, v in row] for row in rows]
    width = [max(len(c[i]) for c in cells if i < len(c)) for i in range(max(map(len, cells)))]
    return [indent + "{ " + " ".join([p.ljust(width[i]) for i, p in enumerate(c[:-1])] + [c[-1][:-1]]) + " }"
            for c in cells]

# ------------------------------------------------------------------ clients and deals
def make_contacts():
    names = {cc: rng.sample(people, len(people)) for cc, people in PEOPLE.items()}
    for cid, _, _, seg, _, cc, _ in CLIENTS:
        name = names[cc].pop()
        first, last = (re.sub(r"[^a-z]", "", unicodedata.normalize("NFKD", part.replace("ß", "ss")).lower())
                       for part in name.split(" ", 1))
        phone = " ".join([PHONE[cc], str(rng.randint(1, 9))] + [str(rng.randint(10, 99)) for _ in range(4)])
        CLIENT[cid].contact = [("name", name), ("title", rng.choice(TITLES[seg])),
                               ("email", f"{first[0]}.{last}@{cid}.example"), ("phone", phone)]

def colleague(agent):  # another agent (not the lead) of the agent's team
    team = TEAM_OF[agent]
    return rng.choice([a for a in SELLERS if TEAM_OF[a] == team and a not in (agent, LEAD_OF[team])])

def make_deals(n=92):
    days = sorted(int((LAST_OPEN - START).days * rng.random() ** 0.9) for _ in range(n - 2))
    days = [1] + days + [(LAST_OPEN - START).days]  # the first deal on Monday, 2 June 2025; the last on 20 November
    weight = {"enterprise": 3, "public": 2, "smb": 2, "startup": 1.5}
    picks = list(CLIENT) + rng.choices(list(CLIENT), [weight[c.segment] for c in CLIENT.values()], k=n - len(CLIENT))
    rng.shuffle(picks)
    deals, used = [], set(CLIENT)  # client ids and deal ids share one namespace
    for day, cid in zip(days, picks):
        c, opened, r = CLIENT[cid], weekday(START + D(day)), rng.random()
        pipe, explicit, seg = SEG_PIPE[c.segment], False, c.segment
        if c.segment == "startup" and r < 0.2:
            pipe, explicit, seg = "enterprise", True, "enterprise"  # a large deal for a young company
        elif c.segment == "enterprise" and r < 0.08:
            pipe, explicit, seg = "smb", True, "smb"  # a small departmental pilot
        elif c.segment == "public" and r < 0.15:
            explicit = True
        slug, title = rng.choice(OFFERS[pipe] + (OFFERS["public"] if c.segment == "public" else [])).split(":")
        year = opened.year + (opened.month >= 9)
        did = f"{cid}-{slug}" + (f"-{year}" if slug in ("renewal", "tender") or f"{cid}-{slug}" in used else "")
        base, k = did, 2
        while did in used:
            did, k = f"{base}-{k}", k + 1
        used.add(did)
        lo, hi, step = AMOUNT[seg]
        amount = rng.randint(lo // step, hi // step) * step * 100 + (rng.randint(1, 99) if rng.random() < 0.2 else 0)
        owner = colleague(c.owner) if rng.random() < 0.15 else c.owner
        st, r, source = STAGES[pipe], rng.random(), rng.choice(SOURCES)
        stage = 2 if slug == "renewal" else 1 if r < 0.2 or (source == "referral" and r < 0.4) else 2 if r < 0.25 else 0
        close = weekday(opened + D(round(sum(s.max_days for s in st[stage:]) * rng.uniform(0.8, 1.25))))
        prob = max(5, min(95, st[stage].prob + rng.choice([-15, -10, -5, 5, 10, 15]))) if rng.random() < 0.12 else None
        nxt = (rng.choice(NEXT_WHAT), weekday(opened + D(rng.randint(2, 10)))) if rng.random() < 0.75 else None
        assert START <= opened <= LAST_OPEN and opened < close
        deals.append(NS(id=did, client=cid, title=title.format(n=rng.choice([5, 10, 12, 20, 25, 40, 60]), y=year),
                        owner=owner, amount=amount, opened=opened, stage=stage, prob=prob, close=close, next=nxt,
                        source=source, pipe=pipe, explicit=explicit, show_stage=stage > 0 or rng.random() < 0.5,
                        handover=rng.random() < 0.05, retitle=rng.random() < 0.04))
    return deals

# ------------------------------------------------------------------ the story of each deal
ENTRIES = []

def entry(date, time, kind, target, *args):
    assert START <= date <= TODAY, (date, kind, target)
    ENTRIES.append(NS(date=date, time=time, kind=kind, target=target, args=[a for a in args if a], seq=len(ENTRIES)))

class DealStory:
    def __init__(self, deal):
        self.d, self.owner, self.close, self.amount = deal, deal.owner, deal.close, deal.amount
        self.override, self.won, self.lost = deal.prob is not None, None, None

    def add(self, date, kind, *args, time=None):
        entry(date, time, kind, self.d.id, *args)

    def helper(self):  # someone other than the owner who joins in
        lead = LEAD_OF.get(TEAM_OF[self.owner])
        return "@" + (lead if lead != self.owner and rng.random() < 0.75 else "dave")

    def interact(self, date, phase):
        kind = rng.choices(KINDS, weights=PHASE_WEIGHTS[phase])[0]
        args = [self.helper()] if rng.random() < 0.1 else []
        if kind == "note" or rng.random() < 0.8:
            args.append(q(rng.choice(NOTES[kind][phase] if kind == "call" else NOTES[kind])))
        if kind != "note" and rng.random() < 0.15:
            args.append(f"next:{weekday(date + D(rng.randint(3, 12)))}")
            args.append("next_what:" + q(rng.choice(NEXT_WHAT)) if rng.random() < 0.7 else None)
        self.add(date, kind, *args, time=clock() if rng.random() < 0.3 else None)

    def revise(self, t):  # at a stage change: re-forecasts, hand-overs, planned actions
        d, r = self.d, rng.random()
        if self.close < t + D(5) and rng.random() < 0.5:
            self.close = weekday(t + D(rng.randint(20, 60)))
            self.add(t, "set", f"close:{self.close}")
        elif r < 0.07:
            step = 5000 if d.pipe == "smb" else 50000
            self.amount = max(step, round(self.amount * rng.uniform(0.8, 1.25) / step) * step)
            self.add(t, "set", f"amount:{money(self.amount)}",
                     f"close:{weekday(self.close + D(14))}" if rng.random() < 0.3 else None)
        elif r < 0.12 and not self.override:
            self.override = True
            self.add(t, "set", f"probability:{rng.choice([20, 35, 40, 60, 65, 80])}")
        elif r < 0.3 and self.override:
            self.override = False
            self.add(t, "set", "probability:-")
        if d.handover:
            d.handover, self.owner = False, colleague(self.owner)
            self.add(t, "set", f"owner:{self.owner}")
        if d.retitle:
            d.retitle = False
            self.add(t, "set", "title:" + q(d.title + rng.choice([", phase 2", " (revised scope)"])))
        if rng.random() < 0.18:
            self.add(t, "next", str(weekday(t + D(rng.randint(3, 10)))), q(rng.choice(NEXT_WHAT)))

    def win(self, t):
        args, amount, r = [], self.amount, rng.random()
        if r < 0.35:  # won for another amount than forecast
            amount = round(amount * rng.uniform(0.88, 1.08) / 5000) * 5000 + (rng.randint(1, 99) if r < 0.05 else 0)
            args.append(money(amount, rng.random() < 0.3))
        elif r < 0.55:
            args.append(money(amount, True))
        args += [self.helper() if rng.random() < 0.1 else None,
                 q(rng.choice(NOTES["won"])) if rng.random() < 0.3 else None]
        self.add(t, "won", *args, time=clock() if rng.random() < 0.4 else None)
        self.won = (t, amount)

    def run(self):
        """Walk the deal through its pipeline towards its fate; what would happen after TODAY does not."""
        d, st, r = self.d, STAGES[self.d.pipe], rng.random()
        last, i, t, went_back, gap = len(st) - 1, d.stage, d.opened, False, 10 if d.pipe == "smb" else 14
        if (TODAY - d.opened).days > 1.2 * sum(s.max_days for s in st[i:]):  # old enough to be decided
            fate = ("zombie" if r < 0.09 else "reopen_won" if r < 0.12 else "reopen_open" if r < 0.14
                    else "won" if r < 0.66 else "lost")
        else:
            fate = "lost" if r < 0.2 else "won" if r < 0.32 else "open"
        quiet = rng.choice([0, 1, 2, 3, 4, 6]) if rng.random() < 0.7 else rng.randint(8, 25)
        horizon = TODAY - D(rng.randint(10, 70) if fate == "zombie" else quiet) if fate in ("open", "zombie") else TODAY
        stuck = rng.randint(i, last) if fate == "zombie" else None
        later = range(i, last + 1)  # a deal is lost early, mostly
        lost_at = rng.choices(later, [last + 1 - k for k in later])[0] if fate.startswith(("lost", "reopen")) else None
        if rng.random() < 0.6:
            self.interact(t, 0)
        while True:
            endless = i == stuck or (i == last and fate in ("open", "zombie"))
            end = t + D(10 ** 4 if endless else max(3, round(st[i].max_days * rng.uniform(0.4, 1.5))))
            x = weekday(t + D(rng.randint(3, gap)))
            while x < end and x <= horizon:
                self.interact(x, min(2, max(0, i - 1)))
                x = weekday(x + D(rng.randint(3, gap)))
            t = weekday(end)
            if endless or t > horizon:  # still open as of TODAY
                if rng.random() < 0.5:
                    self.add(max(horizon, d.opened), "next", str(weekday(TODAY + D(rng.randint(1, 14)))),
                             q(rng.choice(NEXT_WHAT)))
                return
            if lost_at is not None and i >= lost_at:
                self.add(t, "lost", "reason:" + q(rng.choice(NOTES["reason"])),
                         q(rng.choice(NOTES["lost"])) if rng.random() < 0.35 else None,
                         time=clock() if rng.random() < 0.2 else None)
                self.lost, t = t, weekday(t + D(rng.randint(12, 45)))
                if fate == "lost" or t > horizon:
                    return
                back = i > 0 and rng.random() < 0.5  # reopened one stage back, else where it was lost
                i -= back
                self.add(t, "reopen", st[i].id if back else None)
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

def bill(stories):
    """Invoices after wins, payments (full, partial, none), reminders, account reviews, client notes."""
    invoices = []
    for s in (s for s in stories if s.won):
        (w, amount), cid = s.won, s.d.client
        if amount >= 60000_00 and rng.random() < 0.7:  # half at signature, half on delivery
            invoices += [(weekday(w + D(rng.randint(1, 5))), cid, amount // 2),
                         (weekday(w + D(rng.randint(60, 90))), cid, amount - amount // 2)]
        else:
            invoices.append((weekday(w + D(rng.randint(1, 6))), cid, amount))
    numbers = Counter()
    for date, cid, amount in sorted(x for x in invoices if x[0] <= TODAY):
        numbers[date.year] += 1
        ref = f"INV-{date.year}-{numbers[date.year]:03d}"
        entry(date, None, "invoice", cid, money(amount), "EUR" if rng.random() < 0.04 else None, "ref:" + ref)
        r, paid = rng.random(), weekday(date + D(rng.randint(10, 50)))
        if r < 0.14 and weekday(date + D(35)) <= TODAY:
            entry(weekday(date + D(35)), None, "call", cid, q(f"Reminder: {ref} is overdue"))
        elif 0.14 <= r < 0.32 and paid <= TODAY:
            part, rest = round(amount * rng.uniform(0.4, 0.6) / 100) * 100, weekday(paid + D(rng.randint(30, 60)))
            entry(paid, None, "payment", cid, money(part), "ref:" + ref, q("Partial payment"))
            if rest <= TODAY:
                entry(rest, None, "payment", cid, money(amount - part), "ref:" + ref)
        elif r >= 0.32 and paid <= TODAY:
            entry(paid, None, "payment", cid, money(amount), "ref:" + ref)
    for c in (c for c in CLIENT.values() if c.opening):
        r, owed = rng.random(), cents_of(c.opening)
        if r < 0.85:  # most pay what they owed before the book began; some half of it; some nothing
            entry(weekday(START + D(rng.randint(5, 50))), None, "payment", c.id, money(owed if r < 0.6 else owed // 2),
                  "ref:OPENING", q("Opening balance"))
    wins = sorted((s.won[0], s.d.client) for s in stories if s.won)
    for cid, w in {cid: w for w, cid in reversed(wins)}.items():  # each client's first win
        x, owner = weekday(w + D(rng.randint(60, 100))), CLIENT[cid].owner
        while x <= TODAY:
            if rng.random() < 0.65:
                who = "@" + (LEAD_OF[TEAM_OF[owner]] if LEAD_OF[TEAM_OF[owner]] != owner else "dave")
                entry(x, clock() if rng.random() < 0.5 else None, "meeting", cid, who if rng.random() < 0.3 else None,
                      q("Quarterly account review"))
            x = weekday(x + D(rng.randint(80, 100)))
    for cid in rng.sample(sorted(CLIENT), 8):
        entry(weekday(START + D(rng.randint(10, (TODAY - START).days - 3))), None, "note", cid,
              q(rng.choice(NOTES["client"])))

# ------------------------------------------------------------------ reading the ledger back
TOKEN = re.compile(r'(?:"(?:[^"\\]|\\["\\])*"|[^\s"])+')
SHAPES = {"note": "n", "stage": "w", "won": "w?w?n?", "lost": "n?", "reopen": "w?", "next": "wn", "set": "",
          "invoice": "ww?n?", "payment": "ww?n?", **{k: "n?" for k in INTERACTIONS}}  # w: a word, n: a "note"
FIELDS = {"lost": {"reason"}, "set": {"amount", "close", "probability", "owner", "title"},
          "invoice": {"ref"}, "payment": {"ref"}, **{k: {"next", "next_what"} for k in INTERACTIONS}}

def parse(text, where):
    assert TOKEN.sub("", text).strip() == "", f"{where}: bad quoting"
    toks = [(re.sub(r'"((?:[^"\\]|\\.)*)"', lambda m: re.sub(r"\\(.)", r"\1", m[1]), t), t[0] == '"')
            for t in TOKEN.findall(text)]
    e = NS(where=where, date=dt.date.fromisoformat(toks[0][0]), time=None, agent=None, words=[], fields={})
    if re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", toks[1][0]):
        e.time = toks.pop(1)[0]
    e.kind, e.target, shape = toks[1][0], toks[2][0], ""
    assert e.kind in SHAPES, f"{where}: unknown kind {e.kind}"
    for tok, quoted in toks[3:]:
        if quoted:
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
    assert e.kind not in ("won", "invoice", "payment") or e.words[1:] in ([], ["EUR"]), f"{where}: currency"
    assert e.kind != "set" or e.fields, f"{where}: set what?"
    return e

def replay(texts, deals):
    """SPEC §7: entries in (date, time, file, line) order; asserts check's rules; returns the state as of TODAY."""
    entries = []
    for fi, (name, text) in enumerate(zip(LEDGERS, texts)):
        for ln, raw in enumerate(text.split("\n"), 1):
            if raw.strip() and raw.strip()[0] not in ";#":
                e = parse(raw, f"{name}:{ln}")
                e.order, e.file = (e.date, e.time or "00:00", fi, ln), name
                entries.append(e)
    entries.sort(key=lambda e: e.order)
    state = {d.id: NS(d=d, state="open", stage=STAGES[d.pipe][d.stage].id, since=d.opened, owner=d.owner,
                      close=d.close, amount=d.amount, last=d.opened, due=d.next[1] if d.next else None) for d in deals}
    balance = {c.id: cents_of(c.opening) if c.opening else 0 for c in CLIENT.values()}
    S = NS(entries=entries, state=state, contact={}, activity=Counter(), won=[], lost=[], collected=Counter())
    for e in entries:
        w, s = e.where, state.get(e.target)
        assert START <= e.date <= TODAY, f"{w}: date out of range"
        assert s or e.target in CLIENT, f"{w}: unknown id {e.target}"
        assert e.agent in [*TEAM_OF, None] and e.fields.get("owner", "dave") in TEAM_OF, f"{w}: unknown agent"
        assert s is None or e.date >= s.d.opened, f"{w}: before {e.target} was opened"
        assert e.kind in KINDS or bool(s) == (e.kind in ("stage", "won", "lost", "reopen", "next", "set")), \
            f"{w}: {e.kind} needs a {'client' if s else 'deal'}"
        if e.kind in ("stage", "won", "lost", "set", "next") or "next" in e.fields:
            assert s and s.state == "open", f"{w}: {e.kind} needs an open deal"
        client = s.d.client if s else e.target
        stage_ids = [x.id for x in STAGES[s.d.pipe]] if s else []
        if e.kind in INTERACTIONS:
            S.activity[(e.agent or (s.owner if s else CLIENT[client].owner), e.kind, e.date.year, e.date.month)] += 1
            S.contact[client] = e.date
            if s:
                s.last = e.date
        if e.kind == "stage":
            assert e.words[0] in stage_ids and e.words[0] != s.stage, f"{w}: bad stage move"
            s.stage, s.since = e.words[0], e.date
        elif e.kind in ("won", "lost"):
            s.state = e.kind
            s.amount = cents_of(e.words[0]) if e.words else s.amount
            (S.won if e.kind == "won" else S.lost).append((e.date, s.amount, s.owner))
        elif e.kind == "reopen":
            assert s.state != "open" and (e.words or [s.stage])[0] in stage_ids, f"{w}: bad reopen"
            s.state, s.stage, s.since = "open", (e.words or [s.stage])[0], e.date
        elif e.kind == "set":
            s.close = dt.date.fromisoformat(e.fields.get("close", str(s.close)))
            s.amount = cents_of(e.fields.get("amount", money(s.amount)))
            s.owner, p = e.fields.get("owner", s.owner), e.fields.get("probability", "-")
            assert p == "-" or (p.isdigit() and int(p) <= 100), f"{w}: probability"
            assert e.fields.get("title", "x"), f"{w}: empty title"
        elif e.kind in ("invoice", "payment"):
            amount = cents_of(e.words[0])
            assert amount > 0, f"{w}: amount"
            balance[client] += amount if e.kind == "invoice" else -amount
            assert balance[client] >= 0, f"{w}: {client} pays more than it owes"
            S.collected[(CLIENT[client].owner, e.date.year)] += amount if e.kind == "payment" else 0
        if e.kind == "next" or "next" in e.fields:
            s.due = dt.date.fromisoformat(e.words[0] if e.kind == "next" else e.fields["next"])
            assert s.due >= e.date, f"{w}: next action in the past"
    return S

# ------------------------------------------------------------------ writing the files
def ledger_line(e, width):
    head = str(e.date) + (f" {e.time}" if e.time else "")
    return f"{head} {e.kind:<7} {e.target:<{width}} {' '.join(e.args)}".rstrip()

def render_ledger(entries, title, late=()):
    out, month = [f"; Northwind Traders -- {title}", "; written by scripts/make_northwind.py"], None
    width = max(len(e.target) for e in entries) + 1
    for e in entries:
        if f"{e.date:%B %Y}" != month:
            month = f"{e.date:%B %Y}"
            out += ["", f"; ---- {month} ----"]
        out.append(ledger_line(e, width))
    if late:
        out += ["", "; ---- 2025 entries logged late: the replay orders entries by date, not by place ----"]
        out += [ledger_line(e, width) for e in late]
    return "\n".join(out) + "\n"

def yaml_files(deals, targets):
    files = {"salesrep.yaml": [
        "# Northwind Traders: the example book of salesrep (written by scripts/make_northwind.py)",
        "company: Northwind Traders", "currency: EUR", "fiscal_year_start: 1", "priority: { idle_days: 7 }",
        "files:", "  funnel: funnel.yaml", "  team: team.yaml", "  clients: clients.yaml", "  deals: deals.yaml",
        "  targets: targets.yaml", f"  ledger: [{', '.join(LEDGERS)}]"]}
    funnel = files["funnel.yaml"] = ["pipelines:"]
    for pid, name, segments, stages in PIPELINES:
        funnel += [f"  - id: {pid}", f"    name: {name}", f"    segments: [{', '.join(segments)}]", "    stages:"]
        funnel += flow_rows([[("id", s[0]), ("name", s[1]), ("probability", s[2]), ("max_days", s[3])]
                             + ([("category", s[4])] if s[4] else []) for s in stages], "      - ")
    files["team.yaml"] = ["teams:"] + flow_rows([[("id", t), ("name", n), ("lead", l)] for t, n, l in TEAMS]) + \
        ["agents:"] + flow_rows([[("id", a), ("name", n), ("email", f"{a}@northwind.example")]
                                 + ([("team", t)] if t else []) + ([("role", r)] if r else [])
                                 for a, n, t, r in AGENTS])
    clients = files["clients.yaml"] = ["clients:"]
    for cid, name, industry, segment, owner, _, opening in CLIENTS:
        clients += [f"  - id: {cid}", f"    name: {ys(name)}", f"    industry: {ys(industry)}",
                    f"    segment: {segment}", f"    owner: {owner}", "    contact: " + flow(CLIENT[cid].contact)]
        clients += [f"    opening_balance: {opening}"] if opening else []
    out = files["deals.yaml"] = ["deals:"]
    for k, d in enumerate(deals):
        if k == 0 or f"{d.opened:%Y%m}" != f"{deals[k - 1].opened:%Y%m}":
            out += [f"  # opened in {d.opened:%B %Y}"]
        out += [f"  - id: {d.id}", f"    client: {d.client}", f"    title: {ys(d.title)}", f"    owner: {d.owner}",
                f"    amount: {money(d.amount)}", f"    opened: {d.opened}"]
        out += [f"    stage: {STAGES[d.pipe][d.stage].id}"] if d.show_stage else []
        out += [f"    probability: {d.prob}"] if d.prob is not None else []
        out += [f"    expected_close: {d.close}"]
        out += ["    next_action: " + flow([("what", d.next[0]), ("due", d.next[1])])] if d.next else []
        out += [f"    source: {d.source}"] + ([f"    pipeline: {d.pipe}"] if d.explicit else [])
    files["targets.yaml"] = ["targets:"] + flow_rows(targets)
    return {name: "\n".join(lines) + "\n" for name, lines in files.items()}

def make_targets(S):
    """2026 targets near a 35 % win rate on the deals opened in 2026 and the activity logged: some met, some missed."""
    def nice(x, step):
        return max(step, round(x / step) * step)

    def acts(kind, agents, month=None):
        return sum(v for (a, k, y, m), v in S.activity.items()
                   if k == kind and a in agents and y == 2026 and month in (None, m))

    rows, year = [], 365 / (TODAY - dt.date(2026, 1, 1)).days
    for a in SELLERS:
        opened = [s.d.amount for s in S.state.values() if s.d.owner == a and s.d.opened.year == 2026]
        f = [year * rng.uniform(0.85, 1.3) for _ in range(4)]
        rows.append([("agent", a), ("period", 2026), ("sales", nice(0.35 * sum(opened) / 100 * f[0], 10000)),
                     ("deals_won", nice(0.35 * len(opened) * f[1], 1)), ("calls", nice(acts("call", [a]) * f[2], 10)),
                     ("meetings", nice(acts("meeting", [a]) * f[3], 5))])
    north, south = ([a for a in SELLERS if TEAM_OF[a] == team] for team in ("north", "south"))
    collected = sum(v for (_, y), v in S.collected.items() if y == 2026) / 100
    rows += [[("team", "north"), ("period", "2026-Q4"),
              ("sales", nice(sum(r[2][1] for r in rows if r[0][1] in north) * 0.3, 10000))],
             [("team", "south"), ("period", "2026-11"), ("meetings", nice(acts("meeting", south, 11) * 1.4, 5)),
              ("calls", nice(acts("call", south, 11) * 1.3, 10))],
             [("company", "true"), ("period", 2026), ("sales", nice(sum(r[2][1] for r in rows) * 1.05, 50000)),
              ("collected", nice(collected * year * 1.1, 50000))]]
    return rows

def main():
    make_contacts()
    deals = make_deals()
    ids = [*CLIENT, *(d.id for d in deals)]  # one namespace
    assert len(set(ids)) == len(ids) and all(re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", i) for i in ids + [*TEAM_OF])
    stories = [DealStory(d) for d in deals]
    for s in stories:
        s.run()
    bill(stories)
    lost = next(s for s in stories if s.lost)
    entry(lost.lost, "17:55", "note", lost.d.id, q('Their CFO: "we stay with the incumbent until 2027"'))
    entry(dt.date(2025, 12, 9), "10:00", "meeting", "acme", "@carol", q("Réunion avec le DAF : budget 2026 validé"))
    ordered = sorted(ENTRIES, key=lambda e: (e.date, e.time or "00:00", e.seq))
    old = [e for e in ordered if e.date.year == 2025]
    late = rng.sample([e for e in old if e.kind in ("call", "email", "message", "note")
                       and not any(a.startswith("next") for a in e.args)], 6)
    texts = [render_ledger([e for e in old if e not in late], "ledger for 2025"),
             render_ledger([e for e in ordered if e.date.year > 2025], "sales ledger, from 2026 on", late)]
    S = replay(texts, deals)
    files = yaml_files(deals, make_targets(S))
    files.update(zip(LEDGERS, texts))
    (OUT / "ledger").mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (OUT / name).write_text(text, encoding="utf-8", newline="\n")
    report(S, deals)

def report(S, deals):
    """What the book holds; asserts that it has what the reports need."""
    still_open, flags = [s for s in S.state.values() if s.state == "open"], Counter()
    for s in still_open:
        max_days = next(x.max_days for x in STAGES[s.d.pipe] if x.id == s.stage)
        flags.update(f for f, on in [("stalled", (TODAY - s.since).days > max_days), ("slipped", s.close < TODAY),
                                     ("overdue", (s.due or TODAY) < TODAY),
                                     ("idle", (TODAY - max(s.last, S.contact.get(s.d.client, s.last))).days > 7)] if on)
    closed = Counter(f"{d.year}-Q{(d.month + 2) // 3} {kind}" for kind, rows in (("won", S.won), ("lost", S.lost))
                     for d, *_ in rows)
    print(f"pipelines {len(PIPELINES)}, teams {len(TEAMS)}, agents {len(AGENTS)}, clients {len(CLIENTS)}, "
          f"deals {len(deals)} ({sum(d.explicit for d in deals)} with pipeline:)\n"
          f"entries: {dict(Counter(e.file for e in S.entries))}\n"
          f"kinds: {dict(Counter(e.kind for e in S.entries).most_common())}\n"
          f"as of {TODAY}: {dict(Counter(s.state for s in S.state.values()))}; open deals flagged {dict(flags)}\n"
          f"closed per quarter: {dict(sorted(closed.items()))}")
    assert len(S.entries) >= 650 and 25 <= len(still_open) <= 35 and len(deals) >= 85 and len(flags) == 4
    assert all(closed[f"{y}-Q{n} {k}"] for y, n in [(2025, 3), (2025, 4), *((2026, n) for n in range(1, 5))]
               for k in ("won", "lost")), "each quarter has wins and losses"


if __name__ == "__main__":
    main()
