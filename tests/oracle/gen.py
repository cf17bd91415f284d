#!/usr/bin/env python3
"""Generate a random, valid salesrep book deterministically from a seed.

    python3 tests/oracle/gen.py --seed 7 --out /tmp/book --fys 4 [--rev2-kinds] [--no-rev2-syntax]

Books exercise SPEC revision 2: `category:` overrides on deals (`omitted` too), `set
category:` / `category:-`, probability overrides, team and company targets over parts of
the year, past-due open deals, `set close:` pushes and pulls.  --rev2-kinds also writes
`client` and `open` entries (§7), some on the same day as the deal's first entries, in
an order of lines that only the "client, then open, then the rest" rule makes valid.
--no-rev2-syntax leaves out the `category` fields (same random draws otherwise), for a
salesrep that does not read them yet.

Independent of salesrep's sources: written from SPEC.md only.  The book's
history runs from 2025-01 to 2027-03, so that any --today between 2025-06
and 2026-12 leaves some entries in the future (warnings, ignored).

Validity is by construction: every deal's life is simulated in order and the
entries are then placed in the ledger files so that the replay order of
SPEC §7 (date, time -- none = 00:00 --, file order, line) gives back, for each
deal, the order in which the simulation produced them.  Placement shuffles
lines freely where the replay order does not depend on it (different dates or
different times) and appends some entries "backdated" to later files.
"""
import argparse
import datetime as dt
import json
import os
import random

D = dt.date
ONE = dt.timedelta(days=1)

START = D(2025, 1, 6)
LAST_OPEN = D(2026, 12, 15)
HORIZON = D(2027, 3, 31)

INTERACTIONS = ["call", "meeting", "email", "demo", "visit", "message"]
WHATS = ["Send revised quote", "Chase PO number", "Book a demo", "Follow-up call",
         "Send contract", "Schedule workshop, part 2", 'Ask about "budget"']
NOTES = ["CFO wants a 3-year quote", "Walked through the proposal", "Sent product sheet",
         "Questions on pricing, tiers", 'He said "maybe"', "Back\\slash test", "ok"]


def q(s):
    """A ledger quoted string."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def ys(s):
    """A YAML double-quoted scalar."""
    return json.dumps(s, ensure_ascii=False)


class Gen:
    def __init__(self, seed, fys, rev2_kinds=False, rev2_syntax=True, busy=False, ndeals=None):
        self.r = random.Random(seed * 1000 + fys)
        self.busy = busy
        self.ndeals = ndeals
        self.fys = fys
        self.rev2_kinds = rev2_kinds
        self.rev2_syntax = rev2_syntax
        self.entries = []   # dicts: date, time, text, key(target), seq
        self.seq = 0

    # ------------------------------------------------------------ helpers
    def money(self, lo, hi, cents_p=0.3):
        r = self.r
        v = r.randint(lo, hi)
        if r.random() < cents_p:
            c = r.randint(0, 99)
            return v * 100 + c
        return v * 100

    def fmt_money_yaml(self, cents):
        r = self.r
        whole, c = divmod(cents, 100)
        s = str(whole) if c == 0 and r.random() < 0.7 else "%d.%02d" % (whole, c)
        if c % 10 == 0 and c != 0 and r.random() < 0.5:
            s = "%d.%d" % (whole, c // 10)
        k = r.random()
        if k < 0.15:
            return ys(s)              # a string
        if k < 0.25:
            return s + " EUR"         # with the currency code
        return s                      # a YAML number

    def fmt_money_ledger(self, cents):
        r = self.r
        whole, c = divmod(cents, 100)
        s = str(whole) if c == 0 and r.random() < 0.6 else "%d.%02d" % (whole, c)
        if r.random() < 0.15:
            s += " EUR"
        return s

    def add(self, date, text, key, time=None, group=2):
        """group: the §7 order within a day (0 `client`, 1 `open`, 2 the rest)."""
        self.seq += 1
        self.entries.append(dict(date=date, time=time, text=text, key=key, seq=self.seq, group=group))

    # ------------------------------------------------------------ the book
    def build(self):
        r = self.r
        # funnel: smb names categories on some stages, ent relies on the % rule
        smb_probs = sorted(r.sample(range(5, 96), 5))
        smb_cats = [None, r.choice([None, "best_case"]), "best_case", "commit",
                    r.choice([None, "commit", "pipeline"])]
        smb = dict(id="smb", name="Small business", segments=["smb", "startup"], stages=[])
        for i, sid in enumerate(["lead", "qualified", "proposal", "negotiation", "verbal"]):
            st = dict(id=sid, probability=smb_probs[i])
            if r.random() < 0.8:
                st["max_days"] = r.randint(5, 30)
            if smb_cats[i]:
                st["category"] = smb_cats[i]
            smb["stages"].append(st)
        ent_probs = [10, r.choice([25, 30, 49, 50]), r.choice([50, 60, 74, 75]),
                     r.choice([75, 80]), 90]
        ent = dict(id="enterprise", name="Enterprise", segments=["enterprise"], stages=[])
        for i, sid in enumerate(["discovery", "solution", "proposal", "negotiation", "legal"]):
            st = dict(id=sid, probability=ent_probs[i])
            if r.random() < 0.7:
                st["max_days"] = r.randint(10, 40)
            ent["stages"].append(st)
        self.pipes = [smb, ent] if r.random() < 0.6 else [ent, smb]
        self.pipe_by_id = {p["id"]: p for p in self.pipes}

        # team
        self.teams = ["north", "south"] + (["west"] if r.random() < 0.4 else [])
        names = ["alice", "bruno", "carol", "dave", "erik", "fatima", "gus", "hana"]
        r.shuffle(names)
        nag = r.randint(5, 7)
        self.agents = []
        for i, a in enumerate(names[:nag]):
            if i == nag - 1:
                team = None                      # a director without a team
            else:
                team = "north" if i % 2 == 0 else "south"
            self.agents.append(dict(id=a, team=team))
        self.agent_ids = [a["id"] for a in self.agents]

        # clients
        segs = ["smb", "startup", "enterprise", "public", "nonprofit"]
        cnames = ["ACME Industries SA", "Smith, Jones & Co", 'The "Best" Bakery', "Vesta Assurances",
                  "Lumen Retail Group", "Orion Pharma BV", "Café Zürich", "Hartmann Logistik GmbH",
                  "Quill & Ink", "Nordkap AS", "Sprout", "Zephyr"]
        cids = ["acme", "smithjones", "best-bakery", "vesta", "lumen", "orion", "cafe.z",
                "Hartmann", "quill", "nordkap", "sprout", "zephyr"]
        nc = r.randint(8, 12)
        self.clients = []
        for i in range(nc):
            c = dict(id=cids[i], name=cnames[i], segment=r.choice(segs),
                     industry=r.choice(["Retail", "Finance", "Manufacturing", "Health"]))
            if r.random() < 0.8:
                c["owner"] = r.choice(self.agent_ids)
            if r.random() < 0.3:
                c["opening_balance"] = self.money(100, 9000)
            self.clients.append(c)
        self.client_by_id = {c["id"]: c for c in self.clients}

        # deals
        nd = r.randint(22, 36)
        if self.busy:       # --busy: enough history for §9b (calibration wants >= 10 closed per stage)
            nd = r.randint(110, 150)
        if self.ndeals:     # --deals N (a big book, for timings)
            nd = self.ndeals
        self.deals = []
        used = set(cids)
        for i in range(nd):
            c = r.choice(self.clients)
            base = c["id"].lower().replace(".", "-") + "-" + r.choice(["renewal", "erp", "crm", "pilot", "rollout"])
            did = base
            k = 2
            while did in used:
                did = "%s-%d" % (base, k)
                k += 1
            used.add(did)
            opened = START + ONE * r.randint(0, (LAST_OPEN - START).days)
            d = dict(id=did, client=c["id"], owner=r.choice(self.agent_ids),
                     amount=self.money(0, 150000) if r.random() > 0.03 else 0,
                     opened=opened, title="Deal %d, phase %d" % (i, r.randint(1, 3)))
            if r.random() < 0.25:
                d["pipeline"] = r.choice(self.pipes)["id"]
            d["pipe"] = self.pipe_of(d)
            stages = self.pipe_by_id[d["pipe"]]["stages"]
            d["stage_i"] = 0
            if r.random() < 0.3:
                d["stage_i"] = r.randint(0, 2)
                d["stage"] = stages[d["stage_i"]]["id"]
            if r.random() < 0.2:
                d["probability"] = r.choice([0, 15, 33, 50, 75, 100, r.randint(0, 100)])
            if r.random() < 0.2:
                d["category"] = r.choice(["pipeline", "best_case", "commit", "omitted", "omitted"])
            d["expected_close"] = opened + ONE * r.randint(-5 if r.random() < 0.1 else 10, 200)
            if d["expected_close"] < opened:
                d["expected_close"] = opened
            if r.random() < 0.08:
                del d["expected_close"]        # in no period until a `set close:`
            if r.random() < 0.6:
                d["next_action"] = (r.choice(WHATS), opened + ONE * r.randint(0, 30))
            if r.random() < 0.7:
                d["source"] = r.choice(["referral", "web", "partner", "cold call"])
            self.deals.append(d)
        if self.rev2_kinds:
            self.ledger_clients_and_deals(used)
        self.deals_by_id = {d["id"]: d for d in self.deals}

        for d in self.deals:
            self.simulate_deal(d)
        for c in self.clients:
            self.simulate_client(c)
        for c in getattr(self, "new_clients", []):
            self.simulate_client(c)
        self.build_targets()

    def ledger_clients_and_deals(self, used):
        """--rev2-kinds: clients created by `client` entries, deals opened by `open` entries
        (on clients of either kind)."""
        r = self.r
        self.new_clients = []
        for i in range(r.randint(2, 4)):
            cid = "newco-%d" % (i + 1)
            used.add(cid)
            c = dict(id=cid, name="New Co %d, \"fresh\"" % (i + 1), segment=r.choice(["smb", "enterprise", "public"]),
                     industry=r.choice(["Retail", "Finance"]),
                     since=START + ONE * r.randint(0, (LAST_OPEN - START).days), ledger=True)
            if r.random() < 0.7:
                c["owner"] = r.choice(self.agent_ids)
            self.new_clients.append(c)
            self.client_by_id[cid] = c
        for i in range(r.randint(3, 7)):
            c = r.choice(self.new_clients + self.clients)
            did = "opened-%d" % (i + 1)
            used.add(did)
            lo = c.get("since", START)
            opened = lo + ONE * (0 if r.random() < 0.4 else r.randint(0, max(0, (LAST_OPEN - lo).days)))
            d = dict(id=did, client=c["id"], amount=self.money(0, 90000), opened=opened,
                     title="Opened in the ledger %d" % i, via_open=True)
            if "owner" not in c or r.random() < 0.5:
                d["owner"] = r.choice(self.agent_ids)
                d["owner_given"] = True
            else:
                d["owner"] = c["owner"]
            if r.random() < 0.2:
                d["pipeline"] = r.choice(self.pipes)["id"]
            d["pipe"] = self.pipe_of(d)
            d["stage_i"] = 0
            if r.random() < 0.4:
                d["stage_i"] = r.randint(0, 3)
                d["stage"] = self.pipe_by_id[d["pipe"]]["stages"][d["stage_i"]]["id"]
            if r.random() < 0.25:
                d["probability"] = r.randint(0, 100)
            if r.random() < 0.25:
                d["category"] = r.choice(["commit", "omitted", "best_case"])
            if r.random() < 0.85:
                d["expected_close"] = opened + ONE * r.randint(0, 150)
            self.deals.append(d)

    def open_entry(self, d):
        """The `open` entry of a deal opened in the ledger (fields in a random order)."""
        r = self.r
        f = ["client:" + d["client"], "amount:" + ("%d.%02d" % divmod(d["amount"], 100))]
        if "stage" in d:
            f.append("stage:" + d["stage"])
        if "expected_close" in d:
            f.append("close:" + d["expected_close"].isoformat())
        if "pipeline" in d:
            f.append("pipeline:" + d["pipeline"])
        if "probability" in d:
            f.append("probability:%d" % d["probability"])
        if "category" in d and self.rev2_syntax:
            f.append("category:" + d["category"])
        if r.random() < 0.5:
            f.append("source:" + q("web form"))
        if d.get("owner_given"):
            f.append("@" + d["owner"])
        r.shuffle(f)
        return "open %s %s %s" % (d["id"], " ".join(f), q(d["title"]))

    def client_entry(self, c):
        f = ["name:" + q(c["name"]), "segment:" + c["segment"], "industry:" + q(c["industry"]),
             "contact:" + q("Contact of " + c["id"]), "email:x@example.com"]
        if "owner" in c:
            f.append("@" + c["owner"])
        self.r.shuffle(f)
        return "client %s %s" % (c["id"], " ".join(f))

    def pipe_of(self, d):
        if "pipeline" in d:
            return d["pipeline"]
        seg = self.client_by_id[d["client"]]["segment"]
        for p in self.pipes:
            if seg in p["segments"]:
                return p["id"]
        return self.pipes[0]["id"]

    # ------------------------------------------------------------ ledger simulation
    def simulate_deal(self, d):
        r = self.r
        stages = [s["id"] for s in self.pipe_by_id[d["pipe"]]["stages"]]
        n = len(stages)
        date = d["opened"]
        last_time = None   # effective time of the previous entry on `date` (None = untimed)
        state = "open"
        si = d["stage_i"]
        has_prob = "probability" in d
        has_cat = "category" in d
        close = d.get("expected_close")
        closes = 0
        if d.get("via_open"):
            # the `open` entry; the deal's later entries of that day may carry an earlier time
            if r.random() < 0.5:
                t = r.randint(8 * 60, 20 * 60)
                self.add(date, self.open_entry(d), d["id"], "%02d:%02d" % divmod(t, 60), group=1)
                if r.random() < 0.6:    # logged "before" the open entry: valid by the §7 rule
                    e = r.randint(0, t - 1)
                    self.add(date, "call %s %s" % (d["id"], q("first call")), d["id"],
                             "%02d:%02d" % divmod(e, 60))
                    last_time = e
            else:
                self.add(date, self.open_entry(d), d["id"], None, group=1)
        nevents = r.randint(3, 22)
        for _ in range(nevents):
            # advance the clock
            k = r.random()
            if k < 0.22:
                step = 0
            elif k < 0.8:
                step = r.randint(1, 12)
            else:
                step = r.randint(13, 60)
            if step:
                date = date + ONE * step
                last_time = None
                same_day = False
            else:
                same_day = True
            if date > HORIZON:
                break
            # a time: untimed when the day is fresh (or sometimes still), else later than before
            time = None
            if same_day:
                if last_time is None and r.random() < 0.35:
                    time = None           # tie on (date, 00:00): file order decides
                else:
                    lo = 0 if last_time is None else last_time + 1
                    if lo > 23 * 60:
                        continue
                    time = r.randint(lo, min(lo + 300, 23 * 60 + 59))
            elif r.random() < 0.2:
                time = r.choice([0, r.randint(0, 23 * 60 + 59)])
            at = None if time is None else "%02d:%02d" % divmod(time, 60)
            if time is not None:
                last_time = time
            elif last_time is None:
                last_time = None

            agent = ""
            if r.random() < 0.25:
                agent = " @" + r.choice(self.agent_ids)

            if state == "open":
                acts = ["inter"] * 6 + ["note", "stage", "stage", "stage", "set", "set", "set", "next",
                                        "won", "lost"]
                if self.busy:
                    acts += ["won", "won", "lost"]
            else:
                if closes >= 3:
                    acts = ["inter", "note"]
                else:
                    acts = ["inter", "note", "reopen", "reopen", "stop"]
            act = r.choice(acts)
            if act == "stop":
                break
            if act == "inter":
                kind = r.choice(INTERACTIONS)
                parts = [kind, d["id"]]
                pieces = []
                if agent:
                    pieces.append(agent.strip())
                if r.random() < 0.6:
                    pieces.append(q(r.choice(NOTES)))
                if state == "open" and r.random() < 0.3:
                    pieces.append("next:" + (date + ONE * r.randint(-3, 20)).isoformat())
                    if r.random() < 0.5:
                        pieces.append("next_what:" + q(r.choice(WHATS)))
                r.shuffle(pieces) if r.random() < 0.3 else None
                self.add(date, " ".join(parts + pieces), d["id"], at)
            elif act == "note":
                self.add(date, "note %s%s %s" % (d["id"], agent, q(r.choice(NOTES))), d["id"], at)
            elif act == "stage":
                choices = [j for j in range(n) if j != si]
                fwd = [j for j in choices if j > si]
                if fwd and r.random() < 0.75:
                    j = fwd[0] if r.random() < 0.6 else r.choice(fwd)
                else:
                    j = r.choice(choices)
                si = j
                self.add(date, "stage %s %s%s" % (d["id"], stages[si], agent), d["id"], at)
            elif act == "set":
                fields = []
                opts = ["amount", "close", "close", "close", "prob", "prob", "owner", "owner", "title", "cat", "cat"]
                for key in r.sample(opts, r.randint(1, 2)):
                    if key == "amount" and not any(f.startswith("amount:") for f in fields):
                        cents = self.money(0, 200000)
                        fields.append("amount:" + ("%d.%02d" % divmod(cents, 100)))
                    elif key == "close" and not any(f.startswith("close:") for f in fields):
                        k = r.random()
                        if close is None or k < 0.3:
                            close = date + ONE * r.randint(-10, 150)
                        elif k < 0.7:
                            close = close + ONE * r.randint(1, 60)          # pushed (a slip)
                        elif k < 0.9:
                            close = close - ONE * r.randint(1, 40)          # pulled in
                        # else: set to the same day (not a slip)
                        fields.append("close:" + close.isoformat())
                    elif key == "cat" and not any(f.startswith("category:") for f in fields):
                        if has_cat and r.random() < 0.4:
                            value = "-"
                            has_cat = False
                        else:
                            value = r.choice(["pipeline", "best_case", "commit", "omitted"])
                            has_cat = True
                        if self.rev2_syntax:
                            fields.append("category:" + value)
                    elif key == "prob" and not any(f.startswith("probability:") for f in fields):
                        if has_prob and r.random() < 0.5:
                            fields.append("probability:-")
                            has_prob = False
                        else:
                            fields.append("probability:%d" % r.randint(0, 100))
                            has_prob = True
                    elif key == "owner" and not any(f.startswith("owner:") for f in fields):
                        fields.append("owner:" + r.choice(self.agent_ids))
                    elif key == "title" and not any(f.startswith("title:") for f in fields):
                        fields.append("title:" + q("Retitled, v%d" % r.randint(1, 9)))
                if not fields:      # --no-rev2-syntax dropped its only field
                    self.add(date, "note %s%s %s" % (d["id"], agent, q("no category")), d["id"], at)
                else:
                    self.add(date, "set %s %s%s" % (d["id"], " ".join(fields), agent), d["id"], at)
            elif act == "next":
                self.add(date, "next %s %s %s" % (d["id"], (date + ONE * r.randint(0, 25)).isoformat(),
                                                 q(r.choice(WHATS))), d["id"], at)
            elif act == "won":
                amt = ""
                if r.random() < 0.5:
                    amt = " " + self.fmt_money_ledger(self.money(0, 200000))
                note = " " + q("Signed!") if r.random() < 0.3 else ""
                self.add(date, "won %s%s%s%s" % (d["id"], amt, agent, note), d["id"], at)
                state = "won"
                closes += 1
            elif act == "lost":
                extra = ""
                if r.random() < 0.5:
                    extra += " reason:" + q(r.choice(["No budget", "Competitor", "Timing, again"]))
                if r.random() < 0.3:
                    extra += " " + q("Lost to a competitor")
                self.add(date, "lost %s%s%s" % (d["id"], agent, extra), d["id"], at)
                state = "lost"
                closes += 1
            elif act == "reopen":
                st = ""
                if r.random() < 0.5:
                    si = r.randrange(n)
                    st = " " + stages[si]
                self.add(date, "reopen %s%s%s" % (d["id"], st, agent), d["id"], at)
                state = "open"

    def simulate_client(self, c):
        r = self.r
        first = START - ONE * 20
        if c.get("ledger"):
            first = c["since"]
            t = None if r.random() < 0.4 else "%02d:%02d" % (r.randint(20, 23), r.randint(0, 59))
            self.add(first, self.client_entry(c), c["id"], t, group=0)
        for _ in range(r.randint(2, 14)):
            date = first + ONE * r.randint(0, (HORIZON - first).days)
            at = None
            if r.random() < 0.2:
                at = "%02d:%02d" % (r.randint(0, 23), r.randint(0, 59))
            agent = " @" + r.choice(self.agent_ids) if r.random() < 0.3 else ""
            k = r.random()
            if k < 0.4:
                note = " " + q(r.choice(NOTES)) if r.random() < 0.5 else ""
                self.add(date, "%s %s%s%s" % (r.choice(INTERACTIONS), c["id"], agent, note), c["id"], at)
            elif k < 0.5:
                self.add(date, "note %s%s %s" % (c["id"], agent, q(r.choice(NOTES))), c["id"], at)
            elif k < 0.75:
                ref = " ref:INV-%d" % r.randint(1, 999) if r.random() < 0.7 else ""
                self.add(date, "invoice %s %s%s" % (c["id"], self.fmt_money_ledger(self.money(1, 60000)), ref),
                         c["id"], at)
            else:
                ref = " ref:INV-%d" % r.randint(1, 999) if r.random() < 0.7 else ""
                ag = " @" + r.choice(self.agent_ids) if r.random() < 0.1 else ""
                note = " " + q("Partial payment") if r.random() < 0.3 else ""
                self.add(date, "payment %s %s%s%s%s" % (c["id"], self.fmt_money_ledger(self.money(1, 40000)),
                                                         ref, ag, note), c["id"], at)

    # ------------------------------------------------------------ targets
    def fy_periods(self):
        return ["2025", "2026"]

    def build_targets(self):
        r = self.r
        metrics_count = ["deals_won", "deals_opened", "calls", "meetings", "emails", "demos",
                         "visits", "messages"]
        t = []

        def val(money):
            if money:
                v = r.randint(1000, 400000)
                if r.random() < 0.2:
                    return "%d.%02d" % (v, r.randint(0, 99))
                return str(v)
            v = r.randint(0, 40)
            if r.random() < 0.15:
                return "%d.5" % v
            return str(v)

        def period():
            k = r.random()
            if k < 0.4:
                return r.choice(self.fy_periods())
            if k < 0.75:
                return "%s-Q%d" % (r.choice(self.fy_periods()), r.randint(1, 4))
            y = r.choice([2025, 2026])
            return "%d-%02d" % (y, r.randint(1, 12))

        for a in self.agent_ids:
            if r.random() < 0.15:
                continue                           # an agent without targets
            for _ in range(r.randint(1, 4)):
                row = {"agent": a, "period": period()}
                for m in r.sample(["sales", "collected"] + metrics_count, r.randint(1, 4)):
                    row[m] = val(m in ("sales", "collected"))
                t.append(row)
            if r.random() < 0.5:   # deliberate overlap: a year plus one of its quarters
                y = r.choice(self.fy_periods())
                t.append({"agent": a, "period": y, "sales": val(True)})
                t.append({"agent": a, "period": "%s-Q%d" % (y, r.randint(1, 4)), "sales": val(True)})
        # north has explicit targets, south does not (sums of its agents)
        for _ in range(r.randint(1, 3)):
            row = {"team": "north", "period": period()}
            for m in r.sample(["sales", "calls", "meetings", "deals_won"], r.randint(1, 2)):
                row[m] = val(m == "sales")
            t.append(row)
        if r.random() < 0.6:     # south: its own target over a quarter or a month only
            y = r.choice(self.fy_periods())
            per = "%s-Q%d" % (y, r.randint(1, 4)) if r.random() < 0.6 else "%s-%02d" % (y, r.randint(1, 12))
            row = {"team": "south", "period": per}
            for m in r.sample(["sales", "calls", "deals_won"], r.randint(1, 2)):
                row[m] = "0" if r.random() < 0.15 else val(m == "sales")
            t.append(row)
        if r.random() < 0.5:     # the company: sales over one quarter (the rest rolls up)
            t.append({"company": True, "period": "%s-Q%d" % (r.choice(self.fy_periods()), r.randint(1, 4)),
                      "sales": val(True)})
        for _ in range(r.choice([0, 1, 1, 2])):
            row = {"company": True, "period": r.choice(self.fy_periods()) if r.random() < 0.6 else period()}
            for m in r.sample(["sales", "collected", "calls", "deals_opened"], r.randint(1, 2)):
                row[m] = val(m in ("sales", "collected"))
            t.append(row)
        r.shuffle(t)
        self.targets = t

    # ------------------------------------------------------------ writing
    def write(self, out):
        r = self.r
        os.makedirs(os.path.join(out, "ledger"), exist_ok=True)
        os.makedirs(os.path.join(out, "deals"), exist_ok=True)

        # ledger files: ledger/2025.ledger, ledger/2026.ledger (a glob), then sales.ledger (last)
        ledger_files = ["ledger/2025.ledger", "ledger/2026.ledger", "sales.ledger"]
        use_glob = r.random() < 0.5
        idle = r.choice([None, 7, 10, 3])
        with open(os.path.join(out, "salesrep.yaml"), "w") as f:
            f.write("# generated by tests/oracle/gen.py\n")
            f.write("company: %s\ncurrency: EUR\n" % ys("Oracle & Co"))
            if self.fys != 1 or r.random() < 0.5:
                f.write("fiscal_year_start: %d\n" % self.fys)
            if idle is not None:
                f.write("priority: { idle_days: %d }\n" % idle)
            f.write("files:\n  funnel: funnel.yaml\n  team: team.yaml\n  clients: clients.yaml\n")
            f.write("  deals: [deals/a.yaml, deals/b.yaml]\n  targets: targets.yaml\n")
            if use_glob:
                f.write("  ledger: [\"ledger/*.ledger\", sales.ledger]\n")
            else:
                f.write("  ledger: [%s]\n" % ", ".join(ledger_files))

        with open(os.path.join(out, "funnel.yaml"), "w") as f:
            f.write("pipelines:\n")
            for p in self.pipes:
                f.write("  - id: %s\n    name: %s\n    segments: [%s]\n    stages:\n" % (
                    p["id"], p["name"], ", ".join(p["segments"])))
                for s in p["stages"]:
                    extra = ""
                    if "max_days" in s:
                        extra += ", max_days: %d" % s["max_days"]
                    if "category" in s:
                        extra += ", category: %s" % s["category"]
                    f.write("      - { id: %s, name: %s, probability: %d%s }\n" % (
                        s["id"], s["id"].capitalize(), s["probability"], extra))

        with open(os.path.join(out, "team.yaml"), "w") as f:
            f.write("teams:\n")
            for t in self.teams:
                f.write("  - { id: %s, name: %s region }\n" % (t, t.capitalize()))
            f.write("agents:\n")
            for a in self.agents:
                extra = ", team: %s" % a["team"] if a["team"] else ", role: director"
                f.write("  - { id: %s, name: %s%s }\n" % (a["id"], a["id"].capitalize(), extra))

        with open(os.path.join(out, "clients.yaml"), "w") as f:
            f.write("clients:\n")
            for c in self.clients:
                f.write("  - id: %s\n    name: %s\n    industry: %s\n    segment: %s\n" % (
                    c["id"], ys(c["name"]), c["industry"], c["segment"]))
                if "owner" in c:
                    f.write("    owner: %s\n" % c["owner"])
                f.write("    contact: { name: %s, email: x@example.com }\n" % ys("Contact of " + c["id"]))
                if "opening_balance" in c:
                    f.write("    opening_balance: %s\n" % self.fmt_money_yaml(c["opening_balance"]))

        deals_a, deals_b = [], []
        for d in self.deals:
            if d.get("via_open"):
                continue        # opened by an `open` entry
            (deals_a if r.random() < 0.6 else deals_b).append(d)
        for fn, lst in (("deals/a.yaml", deals_a), ("deals/b.yaml", deals_b)):
            with open(os.path.join(out, fn), "w") as f:
                f.write("deals:\n" if lst else "deals: []\n")
                for d in lst:
                    f.write("  - id: %s\n    client: %s\n    title: %s\n    owner: %s\n" % (
                        d["id"], d["client"], ys(d["title"]), d["owner"]))
                    f.write("    amount: %s\n    opened: %s\n" % (self.fmt_money_yaml(d["amount"]),
                                                                d["opened"].isoformat()))
                    if "stage" in d:
                        f.write("    stage: %s\n" % d["stage"])
                    if "probability" in d:
                        f.write("    probability: %d\n" % d["probability"])
                    if "expected_close" in d:
                        f.write("    expected_close: %s\n" % d["expected_close"].isoformat())
                    if "next_action" in d:
                        f.write("    next_action: { what: %s, due: %s }\n" % (
                            ys(d["next_action"][0]), d["next_action"][1].isoformat()))
                    if "source" in d:
                        f.write("    source: %s\n" % d["source"])
                    if "pipeline" in d:
                        f.write("    pipeline: %s\n" % d["pipeline"])
                    if "category" in d and self.rev2_syntax:
                        f.write("    category: %s\n" % d["category"])

        with open(os.path.join(out, "targets.yaml"), "w") as f:
            f.write("targets:\n")
            for t in self.targets:
                items = []
                for k, v in t.items():
                    if k == "company":
                        items.append("company: true")
                    elif k == "period":
                        items.append("period: %s" % v)
                    else:
                        items.append("%s: %s" % (k, v))
                f.write("  - { %s }\n" % ", ".join(items))

        self.write_ledgers(out, ledger_files)

    def write_ledgers(self, out, files):
        r = self.r
        # 1. file by date: 2025 and earlier -> 0, 2026 -> 1, later -> 2
        def home(e):
            return 0 if e["date"].year <= 2025 else (1 if e["date"].year == 2026 else 2)

        def eff(e):
            return e["time"] or "00:00"

        # entries whose (target, date, effective time) is shared keep their relative order
        def tie(e):
            return (e["key"], e["date"], e["group"], eff(e))
        groups = {}
        for e in self.entries:
            groups.setdefault(tie(e), []).append(e)
        for e in self.entries:
            e["file"] = home(e)
            e["tied"] = len(groups[tie(e)]) > 1
            e["sort"] = (e["date"].toordinal() + r.random() * 0.9)   # shuffle within a day
        # 2. backdating: some untied entries go to a later file, or far down their own file
        for e in self.entries:
            if e["tied"]:
                continue
            k = r.random()
            if k < 0.07 and e["file"] < 2:
                e["file"] = 2 if r.random() < 0.7 else e["file"] + 1
                e["sort"] = e["date"].toordinal() + r.randint(10, 400)   # appended later
            elif k < 0.12:
                e["sort"] = e["date"].toordinal() + r.randint(3, 90)
        per_file = {0: [], 1: [], 2: []}
        for e in self.entries:
            per_file[e["file"]].append(e)
        for i in per_file:
            lst = sorted(per_file[i], key=lambda e: e["sort"])
            # tied groups: re-place members in generation order on the positions they got
            pos = {}
            for j, e in enumerate(lst):
                if e["tied"]:
                    pos.setdefault(tie(e), []).append(j)
            for g, js in pos.items():
                members = sorted((lst[j] for j in js), key=lambda e: e["seq"])
                for j, e in zip(sorted(js), members):
                    lst[j] = e
            per_file[i] = lst
        # 3. verify: per target, replay order == generation order
        order = []
        for i in per_file:
            for j, e in enumerate(per_file[i]):
                order.append(((e["date"], e["group"], eff(e), i, j), e))
        order.sort(key=lambda x: x[0])
        last = {}
        for _, e in order:
            if e["key"] not in self.deals_by_id:
                continue            # a client's entries may come in any order
            assert last.get(e["key"], 0) < e["seq"], ("order broken", e)
            last[e["key"]] = e["seq"]
        # 4. write, with comments, blank lines, odd spacing; maybe no final newline
        for i, fn in enumerate(files):
            with open(os.path.join(out, fn), "w") as f:
                f.write("; ledger %s, generated\n" % fn)
                lines = []
                for e in per_file[i]:
                    head = e["date"].isoformat()
                    if e["time"]:
                        head += " " + e["time"]
                    sep = " " if r.random() < 0.7 else r.choice(["  ", "\t", "   "])
                    line = head + sep + e["text"]
                    lines.append(line)
                    if r.random() < 0.03:
                        lines.append("")
                    if r.random() < 0.02:
                        lines.append("   # a comment line")
                text = "\n".join(lines)
                if lines and (i != len(files) - 1 or r.random() < 0.5):
                    text += "\n"
                f.write(text)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--fys", type=int, default=1)
    ap.add_argument("--rev2-kinds", action="store_true",
                    help="also write `client` and `open` entries (SPEC §7, revision 2)")
    ap.add_argument("--no-rev2-syntax", action="store_true",
                    help="leave out the `category` fields (for a salesrep without revision 2)")
    ap.add_argument("--busy", action="store_true",
                    help="about 130 deals that close more often (for the §9b commands)")
    ap.add_argument("--deals", type=int, help="this many deals (default 22-36, 110-150 with --busy)")
    a = ap.parse_args()
    g = Gen(a.seed, a.fys, a.rev2_kinds, not a.no_rev2_syntax, a.busy, a.deals)
    g.build()
    g.write(a.out)


if __name__ == "__main__":
    main()
