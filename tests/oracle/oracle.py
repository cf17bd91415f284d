#!/usr/bin/env python3
"""An independent implementation of salesrep's computations (SPEC.md §1-§9, §11).

    python3 tests/oracle/oracle.py BOOK CMD --today T [--month [M] | --quarter [Q] |
        --year [Y] | --period A..B] [--agent ID]... [--team ID]...

CMD is one of deals, priority, forecast, targets, activity, funnel, balance; prints the
CSV table of SPEC §11 (the §11 columns, plus the few extra columns the spec names:
funnel's win_rate_pct and avg_days_won, balance's period_invoiced/period_paid, deals'
closed, slips and category).  Follows SPEC revision 2 (2026-12-02).

Money is integer cents, every ratio a fractions.Fraction; no float is ever used.
Written from the spec only, without looking at salesrep's sources.
"""
import argparse
import csv
import datetime as dt
import glob
import io
import os
import re
import sys
from fractions import Fraction as F

import yaml

INTERACTIONS = ("call", "meeting", "email", "demo", "visit", "message")
ACT_METRIC = {"call": "calls", "meeting": "meetings", "email": "emails", "demo": "demos",
              "visit": "visits", "message": "messages"}
METRICS = ["sales", "deals_won", "deals_opened", "collected",
           "calls", "meetings", "emails", "demos", "visits", "messages"]
MONEY_METRICS = ("sales", "collected")
# §7: within a day, `client` entries take effect first, then `open`, then the rest
KIND_GROUP = {"client": 0, "open": 1}


class BookError(Exception):
    pass


# Readings of places where the spec is ambiguous.  The oracle's default is the reading
# argued for in README.md; compare.py tries these alternatives only to *classify* a
# mismatch (it is still reported as one).
VARIANTS = {
    "company-sums-agents": "§6: the company's target over a unit without a company target "
                           "is the sum of every agent's target (default: every team's rolled-up "
                           "target, so a team's own target replaces its agents', plus the "
                           "agents without a team)",
    "slips-count-any-set-close": "§9 Deals: slips counts every `set close:` entry dated <= T "
                                 "that changes the close (default: only those that move it to a "
                                 "later day)",
    "category-stage-before-override": "§2: the stage's category wins over a probability "
                                      "override (default, as revision 2 says: a probability "
                                      "override makes the status % decide)",
}
ACTIVE = set()


# ---------------------------------------------------------------- values
def parse_date(s):
    s = str(s).strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
        raise BookError("bad date %r" % s)
    return dt.date(int(s[:4]), int(s[5:7]), int(s[8:10]))


def parse_money(s, currency):
    """-> integer cents."""
    s = str(s).strip()
    if s.endswith(" " + currency):
        s = s[: -len(currency) - 1].strip()
    m = re.fullmatch(r"(-?)(\d+)(?:\.(\d{1,2}))?", s)
    if not m:
        raise BookError("bad amount %r" % s)
    frac = (m.group(3) or "").ljust(2, "0")
    v = int(m.group(2)) * 100 + int(frac or "0")
    return -v if m.group(1) else v


def parse_decimal(s):
    s = str(s).strip()
    m = re.fullmatch(r"(\d+)(?:\.(\d+))?", s)
    if not m:
        raise BookError("bad number %r" % s)
    return F(int(m.group(2) or "0"), 10 ** len(m.group(2) or "")) + int(m.group(1))


def add_months(y, m, k):
    idx = y * 12 + (m - 1) + k
    return idx // 12, idx % 12 + 1


def month_end(y, m):
    ny, nm = add_months(y, m, 1)
    return dt.date(ny, nm, 1) - dt.timedelta(days=1)


def round_half_up_div(num, den):
    """round(num/den) half up, for num >= 0 (and half away from zero for negatives)."""
    if den < 0:
        num, den = -num, -den
    if num >= 0:
        return (2 * num + den) // (2 * den)
    return -((2 * -num + den) // (2 * den))


def fmt_cents(c):
    sign = "-" if c < 0 else ""
    c = abs(c)
    return "%s%d.%02d" % (sign, c // 100, c % 100)


def fmt_money_frac(x):
    """x: Fraction of currency units -> 2 decimals, half up."""
    c = round_half_up_div(x.numerator * 100, x.denominator)
    return fmt_cents(c)


def fmt_one_decimal(x):
    """x: Fraction -> one decimal, half away from zero."""
    t = round_half_up_div(x.numerator * 10, x.denominator)
    sign = "-" if t < 0 else ""
    t = abs(t)
    return "%s%d.%d" % (sign, t // 10, t % 10)


def pct(num, den):
    if den == 0:
        return ""
    return fmt_one_decimal(F(num) / F(den) * 100)


def fmt_count_target(x):
    if x.denominator == 1:
        return str(x.numerator)
    return fmt_money_frac(x)


# ---------------------------------------------------------------- periods
class Period:
    def __init__(self, start, end):
        self.start, self.end = start, end   # dates or None (unbounded)

    def contains(self, d):
        return d is not None and (self.start is None or d >= self.start) and (self.end is None or d <= self.end)

    def month_aligned(self):
        if self.start is not None and self.start.day != 1:
            return False
        if self.end is not None and (self.end + dt.timedelta(days=1)).day != 1:
            return False
        return True

    def __repr__(self):
        return "Period(%s..%s)" % (self.start, self.end)


def fiscal_year(fys, n):
    s = dt.date(n, fys, 1)
    ey, em = add_months(n, fys, 11)
    return s, month_end(ey, em)


def fiscal_quarter(fys, n, qn):
    sy, sm = add_months(n, fys, 3 * (qn - 1))
    ey, em = add_months(sy, sm, 2)
    return dt.date(sy, sm, 1), month_end(ey, em)


def fiscal_year_of(fys, d):
    return d.year if d.month >= fys else d.year - 1


def parse_target_period(s, fys):
    s = str(s).strip()
    if re.fullmatch(r"\d{4}", s):
        return fiscal_year(fys, int(s))
    m = re.fullmatch(r"(\d{4})-Q([1-4])", s)
    if m:
        return fiscal_quarter(fys, int(m.group(1)), int(m.group(2)))
    m = re.fullmatch(r"(\d{4})-(\d{2})", s)
    if m:
        y, mo = int(m.group(1)), int(m.group(2))
        return dt.date(y, mo, 1), month_end(y, mo)
    raise BookError("bad target period %r" % s)


def period_from_args(a, fys, today):
    if a.month is not None:
        v = a.month or "%04d-%02d" % (today.year, today.month)
        y, m = int(v[:4]), int(v[5:7])
        return Period(dt.date(y, m, 1), month_end(y, m))
    if a.quarter is not None:
        if a.quarter:
            y, qn = int(a.quarter[:4]), int(a.quarter[6])
        else:
            y = fiscal_year_of(fys, today)
            s, _ = fiscal_year(fys, y)
            months = (today.year * 12 + today.month) - (s.year * 12 + s.month)
            qn = months // 3 + 1
        return Period(*fiscal_quarter(fys, y, qn))
    if a.year is not None:
        y = int(a.year) if a.year else fiscal_year_of(fys, today)
        return Period(*fiscal_year(fys, y))
    if a.period is not None:
        lo, hi = a.period.split("..")
        return Period(parse_date(lo) if lo else None, parse_date(hi) if hi else None)
    return None


# ---------------------------------------------------------------- loading
def load_yaml(path):
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=yaml.BaseLoader)   # every scalar a string: no floats


def as_list(v):
    if v is None:
        return []
    return v if isinstance(v, list) else [v]


def expand(root, spec, default):
    out = []
    for p in as_list(spec) if spec is not None else [default]:
        if any(ch in p for ch in "*?["):
            out.extend(sorted(os.path.relpath(x, root) for x in glob.glob(os.path.join(root, p))))
        else:
            out.append(p)
    return out


class Book:
    def __init__(self, root):
        self.root = root
        cfg = load_yaml(os.path.join(root, "salesrep.yaml")) or {}
        self.currency = cfg.get("currency", "EUR")
        self.fys = int(cfg.get("fiscal_year_start", "1"))
        pr = cfg.get("priority") or {}
        self.idle_days = int(pr.get("idle_days", "7"))
        files = cfg.get("files") or {}

        def paths(key, default):
            return [os.path.join(root, p) for p in expand(root, files.get(key), default)]

        # funnel
        self.pipelines = []     # [{id, segments, stages:[{id,probability,max_days,category}]}]
        for p in paths("funnel", "funnel.yaml"):
            y = load_yaml(p) or {}
            if "pipelines" in y:
                for pl in y["pipelines"]:
                    self.pipelines.append(self._pipe(pl))
            else:
                self.pipelines.append(self._pipe({"id": "default", "stages": y.get("stages", [])}))
        self.pipe_by_id = {p["id"]: p for p in self.pipelines}

        # team
        self.teams, self.agents = [], []
        for p in paths("team", "team.yaml"):
            y = load_yaml(p) or {}
            self.teams += [t["id"] for t in y.get("teams") or []]
            self.agents += [dict(id=a["id"], team=a.get("team")) for a in y.get("agents") or []]
        self.agent_ids = [a["id"] for a in self.agents]
        self.agent_team = {a["id"]: a["team"] for a in self.agents}

        # clients
        self.clients = {}
        for p in paths("clients", "clients.yaml"):
            y = load_yaml(p) or {}
            for c in y.get("clients") or []:
                self.clients[c["id"]] = dict(
                    id=c["id"], name=c.get("name", ""), segment=c.get("segment"),
                    owner=c.get("owner"),
                    opening=parse_money(c.get("opening_balance", "0"), self.currency),
                    since=None)

        # ledger (read before the deals: `client` entries add clients, §7)
        self.entries = []
        for fi, p in enumerate(paths("ledger", "sales.ledger")):
            if not os.path.exists(p):
                continue
            with open(p, encoding="utf-8") as f:
                text = f.read()
            for li, line in enumerate(text.split("\n"), start=1):
                s = line.strip()
                if not s or s[0] in ";#":
                    continue
                self.entries.append(self.parse_entry(s, fi, li))
        for e in self.entries:
            if e["kind"] == "client":
                f = e["fields"]
                self.clients[e["target"]] = dict(
                    id=e["target"], name=f.get("name", ""), segment=f.get("segment"),
                    owner=e["agent"], opening=0, since=e["date"])

        # deals
        self.deals = {}
        for p in paths("deals", "deals.yaml"):
            y = load_yaml(p) or {}
            for d in y.get("deals") or []:
                na = d.get("next_action") or {}
                self.deals[d["id"]] = self.new_deal(
                    d["id"], d["client"], d["owner"], d.get("pipeline"), d.get("amount", "0"),
                    parse_date(d["opened"]), d.get("stage"), d.get("probability"),
                    d.get("expected_close"), d.get("category"),
                    parse_date(na["due"]) if na.get("due") else None)

        # targets
        self.targets = []      # (scope, id, metric, start, end, value)
        tp = files.get("targets")
        tpaths = paths("targets", "targets.yaml")
        for p in tpaths:
            if not os.path.exists(p):
                continue
            y = load_yaml(p) or {}
            for t in y.get("targets") or []:
                if t.get("agent"):
                    scope, sid = "agent", t["agent"]
                elif t.get("team"):
                    scope, sid = "team", t["team"]
                else:
                    scope, sid = "company", ""
                s, e = parse_target_period(t["period"], self.fys)
                for m in METRICS:
                    if m in t:
                        self.targets.append((scope, sid, m, s, e, parse_decimal(str(t[m]).split()[0])))

    def new_deal(self, did, client, owner, pipe, amount, opened, stage, probability, close,
                 category, next_due):
        """A deal as it is on the day it is opened (deals.yaml §5, or an `open` entry §7)."""
        if not pipe:
            seg = self.clients[client]["segment"]
            pipe = next((pl["id"] for pl in self.pipelines if seg in pl["segments"]),
                        self.pipelines[0]["id"])
        stages = self.pipe_by_id[pipe]["stages"]
        return dict(
            id=did, client=client, owner=owner, pipeline=pipe,
            amount=parse_money(amount if amount is not None else "0", self.currency),
            opened=opened, stage=stage or stages[0]["id"],
            probability=int(probability) if probability not in (None, "") else None,
            close=parse_date(close) if close not in (None, "") else None,
            category=category or None, next_due=next_due)

    def _pipe(self, pl):
        stages = []
        for s in pl.get("stages") or []:
            stages.append(dict(id=s["id"], probability=int(s["probability"]),
                               max_days=int(s["max_days"]) if s.get("max_days") not in (None, "") else None,
                               category=s.get("category")))
        return dict(id=pl["id"], segments=list(pl.get("segments") or []), stages=stages)

    def stage_index(self, pipe, sid):
        for i, s in enumerate(self.pipe_by_id[pipe]["stages"]):
            if s["id"] == sid:
                return i
        raise BookError("unknown stage %s in %s" % (sid, pipe))

    # ------------------------------------------------------------ ledger lines
    @staticmethod
    def tokenize(s):
        toks = []      # (kind, value) kind: 'q' quoted, 'w' word
        i, n = 0, len(s)
        while i < n:
            if s[i] in " \t":
                i += 1
                continue
            if s[i] == '"':
                val, i = Book._quoted(s, i)
                toks.append(("q", val))
                continue
            j = i
            buf = ""
            while j < n and s[j] not in " \t":
                if s[j] == '"':     # KEY:"quoted value"
                    val, j = Book._quoted(s, j)
                    buf += val
                    toks.append(("fq", buf))
                    buf = None
                    break
                buf += s[j]
                j += 1
            if buf is not None:
                toks.append(("w", buf))
            i = j
        return toks

    @staticmethod
    def _quoted(s, i):
        assert s[i] == '"'
        i += 1
        out = []
        while i < len(s):
            c = s[i]
            if c == "\\" and i + 1 < len(s) and s[i + 1] in '"\\':
                out.append(s[i + 1])
                i += 2
                continue
            if c == '"':
                return "".join(out), i + 1
            out.append(c)
            i += 1
        raise BookError("unterminated string")

    def parse_entry(self, s, fi, li):
        toks = self.tokenize(s)
        e = dict(file=fi, line=li, time=None, agent=None, fields={}, pos=[])
        k = 0
        e["date"] = parse_date(toks[k][1])
        k += 1
        if toks[k][0] == "w" and re.fullmatch(r"\d{2}:\d{2}", toks[k][1]):
            e["time"] = toks[k][1]
            k += 1
        e["kind"] = toks[k][1]
        e["target"] = toks[k + 1][1]
        for kind, v in toks[k + 2:]:
            if kind == "w" and v.startswith("@"):
                e["agent"] = v[1:]
            elif kind == "fq" or (kind == "w" and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*:.*", v)):
                key, _, val = v.partition(":")
                e["fields"][key] = val
            else:
                e["pos"].append((kind, v))
        return e


# ---------------------------------------------------------------- replay
class State:
    """The book as of day T."""

    def __init__(self, book, today):
        self.book, self.T = book, today
        self.deals = {}
        for d in book.deals.values():
            if d["opened"] > today:
                continue
            self.add_deal(d)
        self.client_last_inter = {}
        self.acts = []          # (date, metric, agent or None)
        self.invoices = []      # (date, client, cents)
        self.payments = []      # (date, client, cents)
        entries = [e for e in book.entries if e["date"] <= today]
        entries.sort(key=lambda e: (e["date"], KIND_GROUP.get(e["kind"], 2), e["time"] or "00:00",
                                    e["file"], e["line"]))
        for e in entries:
            self.apply(e)

    def add_deal(self, d):
        st = dict(d)
        st.update(state="open", stage_entered=d["opened"], override=d["probability"],
                  cat_override=d["category"], slips=0, changes_of_close=0,
                  stays=[], cur_stay_start=d["opened"],
                  ever_max=self.book.stage_index(d["pipeline"], d["stage"]),
                  ever_won=False, won_date=None, won_owner=None, won_amount=None,
                  lost_date=None, lost_owner=None, last_inter=None, opening_owner=d["owner"])
        self.deals[d["id"]] = st

    def amount_pos(self, e):
        """First positional AMOUNT (optionally followed by the currency code)."""
        pos = [v for k, v in e["pos"] if k == "w"]
        if not pos:
            return None
        return parse_money(pos[0], self.book.currency)

    def end_stay(self, st, date):
        st["stays"].append((st["stage"], st["cur_stay_start"], date))
        st["cur_stay_start"] = None

    def validate(self, e, st):
        """The §7 rules that `check` enforces and that the replay relies on (a generated book
        that breaks one is a bug of gen.py): raise BookError."""
        book, kind, tgt, date = self.book, e["kind"], e["target"], e["date"]
        where = "ledger file %d line %d: " % (e["file"] + 1, e["line"])

        def client_exists(cid):
            c = book.clients.get(cid)
            return c is not None and (c["since"] is None or c["since"] <= date)
        if kind == "client":
            if tgt in book.deals or sum(1 for x in book.entries if x["kind"] == "client" and x["target"] == tgt) != 1 \
                    or book.clients[tgt]["since"] != date:
                raise BookError(where + "client id %s is not new" % tgt)
            return
        if kind == "open":
            if tgt in book.deals or tgt in self.deals or tgt in book.clients:
                raise BookError(where + "deal id %s is not new" % tgt)
            if not client_exists(e["fields"].get("client")):
                raise BookError(where + "open: no client %s as of %s" % (e["fields"].get("client"), date))
            c = book.clients[e["fields"]["client"]]
            if not (e["agent"] or c["owner"]):
                raise BookError(where + "open: no owner")
            return
        if st is None:
            if kind in INTERACTIONS + ("note", "invoice", "payment") and client_exists(tgt):
                if "next" in e["fields"] or "next_what" in e["fields"]:
                    raise BookError(where + "next: on a client")
                return
            raise BookError(where + "%s: no deal or client %s as of %s" % (kind, tgt, date))
        if kind in ("invoice", "payment"):
            raise BookError(where + "%s on a deal" % kind)
        if date < st["opened"]:
            raise BookError(where + "before the deal was opened")
        if kind in ("stage", "won", "lost", "set", "next") and st["state"] != "open":
            raise BookError(where + "%s needs an open deal" % kind)
        if kind == "reopen" and st["state"] == "open":
            raise BookError(where + "reopen needs a closed deal")
        if kind == "stage":
            book.stage_index(st["pipeline"], e["pos"][0][1])
            if e["pos"][0][1] == st["stage"]:
                raise BookError(where + "stage move to the deal's own stage")

    def apply(self, e):
        book = self.book
        kind, tgt, date = e["kind"], e["target"], e["date"]
        st = self.deals.get(tgt)
        self.validate(e, st)
        if kind in INTERACTIONS:
            if st is not None:
                agent = e["agent"] or st["owner"]
                st["last_inter"] = date if st["last_inter"] is None else max(st["last_inter"], date)
                if "next" in e["fields"]:
                    st["next_due"] = parse_date(e["fields"]["next"])
            else:
                c = book.clients[tgt]
                agent = e["agent"] or c["owner"]
                prev = self.client_last_inter.get(tgt)
                self.client_last_inter[tgt] = date if prev is None else max(prev, date)
            self.acts.append((date, ACT_METRIC[kind], agent))
        elif kind in ("note", "client"):
            pass          # a `client` entry's client is in book.clients (with its `since`)
        elif kind == "open":
            f = e["fields"]
            c = book.clients[f["client"]]
            self.add_deal(book.new_deal(
                tgt, f["client"], e["agent"] or c["owner"], f.get("pipeline"), f.get("amount"),
                date, f.get("stage"), f.get("probability"), f.get("close"), f.get("category"),
                None))
        elif kind == "stage":
            new = e["pos"][0][1]
            self.end_stay(st, date)
            st["stage"] = new
            st["stage_entered"] = date
            st["cur_stay_start"] = date
            st["ever_max"] = max(st["ever_max"], book.stage_index(st["pipeline"], new))
        elif kind == "won":
            a = self.amount_pos(e)
            if a is not None:
                st["amount"] = a
            st["state"] = "won"
            st["ever_won"] = True
            st["won_date"] = date
            st["won_owner"] = st["owner"]
            self.end_stay(st, date)
        elif kind == "lost":
            st["state"] = "lost"
            st["lost_date"] = date
            st["lost_owner"] = st["owner"]
            self.end_stay(st, date)
        elif kind == "reopen":
            words = [v for k, v in e["pos"] if k == "w"]
            if words:
                st["stage"] = words[0]
                st["ever_max"] = max(st["ever_max"], book.stage_index(st["pipeline"], words[0]))
            st["state"] = "open"
            st["stage_entered"] = date
            st["cur_stay_start"] = date
        elif kind == "next":
            st["next_due"] = parse_date(e["pos"][0][1])
        elif kind == "set":
            f = e["fields"]
            if "amount" in f:
                st["amount"] = parse_money(f["amount"], book.currency)
            if "close" in f:
                new = parse_date(f["close"])
                if st["close"] is not None and new > st["close"]:
                    st["slips"] += 1
                if st["close"] is not None and new != st["close"]:
                    st["changes_of_close"] += 1
                st["close"] = new
            if "category" in f:
                st["cat_override"] = None if f["category"] == "-" else f["category"]
            if "probability" in f:
                st["override"] = None if f["probability"] == "-" else int(f["probability"])
            if "owner" in f:
                st["owner"] = f["owner"]
        elif kind == "invoice":
            self.invoices.append((date, tgt, self.amount_pos(e)))
        elif kind == "payment":
            self.payments.append((date, tgt, self.amount_pos(e), e["agent"]))
        else:
            raise BookError("unknown kind %s" % kind)

    # ------------------------------------------------------------ per-deal figures
    def stage_def(self, st):
        return self.book.pipe_by_id[st["pipeline"]]["stages"][self.book.stage_index(st["pipeline"], st["stage"])]

    def status(self, st):
        if st["state"] == "won":
            return 100
        if st["state"] == "lost":
            return 0
        return st["override"] if st["override"] is not None else self.stage_def(st)["probability"]

    def weighted(self, st):
        return round_half_up_div(st["amount"] * self.status(st), 100)

    def category(self, st):
        """§2: the deal's own override, else (with a probability override) the status %'s,
        else the stage's, else the status %'s.  Empty for a closed deal."""
        if st["state"] != "open":
            return ""
        if st["cat_override"]:
            return st["cat_override"]
        c = self.stage_def(st)["category"]
        if c and (st["override"] is None or "category-stage-before-override" in ACTIVE):
            return c
        p = self.status(st)
        return "commit" if p >= 75 else ("best_case" if p >= 50 else "pipeline")

    def effective_close(self, st):
        """§9: the later of the expected close and T (None without an expected close)."""
        if st["close"] is None:
            return None
        return max(st["close"], self.T)

    def closed_date(self, st):
        if st["state"] == "won":
            return st["won_date"]
        if st["state"] == "lost":
            return st["lost_date"]
        return None

    def last_contact(self, st):
        c = [st["opened"]]
        if st["last_inter"] is not None:
            c.append(st["last_inter"])
        if self.client_last_inter.get(st["client"]) is not None:
            c.append(self.client_last_inter[st["client"]])
        return max(c)

    def flags(self, st):
        T = self.T
        out = []
        md = self.stage_def(st)["max_days"]
        if md is not None and (T - st["stage_entered"]).days > md:
            out.append("stalled")
        if st["close"] is not None and st["close"] < T:
            out.append("slipped")
        if st["next_due"] is not None and st["next_due"] < T:
            out.append("overdue")
        if (T - self.last_contact(st)).days > self.book.idle_days:
            out.append("idle")
        return ";".join(out)


# ---------------------------------------------------------------- selections
class Selection:
    def __init__(self, book, agents, teams):
        self.book = book
        self.active = bool(agents or teams)
        self.agents = set(agents or [])
        self.teams = list(teams or [])
        for t in self.teams:
            self.agents |= {a for a in book.agent_ids if book.agent_team[a] == t}

    def keep_owner(self, owner):
        return not self.active or owner in self.agents

    def agent_rows(self):
        return [a for a in self.book.agent_ids if not self.active or a in self.agents]

    def team_rows(self):
        return [t for t in self.book.teams if not self.active or t in self.teams]


def dstr(d):
    return d.isoformat() if d else ""


# ---------------------------------------------------------------- tables
class UsageError(Exception):
    """A command line that salesrep must refuse with exit 2."""


def deal_kept(S, st, state, P):
    """§9 Deals: --open/--won/--lost by state as of T; with a period, --won/--lost also need
    the closing entry dated in P, and --opened keeps the deals opened in P."""
    if state is None:
        return True
    if state == "opened":
        return P.contains(st["opened"])
    if st["state"] != state:
        return False
    if P is not None and state in ("won", "lost"):
        return P.contains(S.closed_date(st))
    return True


def table_deals(S, sel, state=None, P=None):
    if state == "opened" and P is None:
        raise UsageError("deals --opened needs a period")
    rows = []
    for did in sorted(S.deals, key=lambda x: x.encode()):
        st = S.deals[did]
        if not sel.keep_owner(st["owner"]) or not deal_kept(S, st, state, P):
            continue
        status = S.status(st)
        open_ = st["state"] == "open"
        slips = st["changes_of_close"] if "slips-count-any-set-close" in ACTIVE else st["slips"]
        rows.append([did, st["client"], st["owner"], st["pipeline"], st["stage"], st["state"],
                     fmt_one_decimal(F(status)), fmt_cents(st["amount"]), fmt_cents(S.weighted(st)),
                     dstr(st["close"]), dstr(S.last_contact(st)),
                     str((S.T - st["stage_entered"]).days) if open_ else "",
                     S.flags(st) if open_ else "",
                     dstr(S.closed_date(st)), str(slips), S.category(st)])
    return ["deal", "client", "owner", "pipeline", "stage", "state", "status_pct", "amount", "weighted",
            "expected_close", "last_contact", "days_in_stage", "flags", "closed", "slips", "category"], rows


def table_priority(S, sel, limit=None):
    items = []
    for did, st in S.deals.items():
        if st["state"] != "open" or not sel.keep_owner(st["owner"]):
            continue
        lc = S.last_contact(st)
        items.append(((S.T - lc).days, S.weighted(st), did, st, lc))
    items.sort(key=lambda x: (-x[0], -x[1], x[2].encode()))
    if limit is not None:
        items = items[:limit]
    rows = []
    for r, (days, w, did, st, lc) in enumerate(items, start=1):
        rows.append([str(r), did, st["client"], st["owner"], st["stage"], str(days), dstr(lc),
                     fmt_cents(w), dstr(st["next_due"]), S.flags(st)])
    return ["rank", "deal", "client", "owner", "stage", "days_since_contact", "last_contact", "weighted",
            "next_action_due", "flags"], rows


def overlap_ratio(P, ts, te, months=None):
    """overlap(P, T) / length(T) as a Fraction, counted in whole months when every bounded
    end of the reporting period is a month boundary, else in days (§6).  `months` is that
    choice when P is a piece of the reporting period."""
    if months is None:
        months = P.month_aligned()
    s = ts if P.start is None else max(ts, P.start)
    e = te if P.end is None else min(te, P.end)
    if s > e:
        return F(0)
    if months:
        ov = (e.year * 12 + e.month) - (s.year * 12 + s.month) + 1
        ln = (te.year * 12 + te.month) - (ts.year * 12 + ts.month) + 1
        return F(ov, ln)
    return F((e - s).days + 1, (te - ts).days + 1)


def target_index(book):
    ix = book.__dict__.get("_tix")
    if ix is None:
        ix = {}
        for (sc, i, m, ts, te, v) in book.targets:
            ix.setdefault((sc, i, m), []).append((ts, te, v))
        book._tix = ix
    return ix


def own_target(book, scope, sid, metric, P, months=None):
    """Sum of the shares of one scope's own targets, or None when none overlaps P."""
    tot, any_ = F(0), False
    for (ts, te, v) in target_index(book).get((scope, sid, metric), ()):
        r = overlap_ratio(P, ts, te, months)
        if r > 0:
            any_ = True
            tot += v * r
    return tot if any_ else None


def sum_targets(vals):
    vals = [v for v in vals if v is not None]
    return sum(vals, F(0)) if vals else None


def pieces(book, P):
    """§6 cuts P into units (months when P is month-aligned, else days); only units that a
    target overlaps matter.  Consecutive units that the same targets cover give the same
    roll-up decisions, so P is cut only where a target starts or ends: -> [(piece, months)].
    Summing the shares over a piece equals summing them over its units."""
    months = P.month_aligned()
    cuts = set()
    for (_, _, _, ts, te, _) in book.targets:
        cuts.add(ts)
        cuts.add(te + dt.timedelta(days=1))
    if not cuts:
        return []
    lo, hi = min(cuts), max(cuts)                       # hi: exclusive
    s = lo if P.start is None else max(P.start, lo)
    e = hi if P.end is None else min(P.end + dt.timedelta(days=1), hi)
    if s >= e:
        return []
    bounds = [s] + sorted(c for c in cuts if s < c < e) + [e]
    return [(Period(bounds[k], bounds[k + 1] - dt.timedelta(days=1)), months)
            for k in range(len(bounds) - 1)]


def agent_target(book, a, metric, P):
    return own_target(book, "agent", a, metric, P)


def team_piece(book, t, metric, u, months):
    own = own_target(book, "team", t, metric, u, months)
    if own is not None:
        return own
    return sum_targets(own_target(book, "agent", a, metric, u, months)
                       for a in book.agent_ids if book.agent_team[a] == t)


def company_piece(book, metric, u, months):
    own = own_target(book, "company", "", metric, u, months)
    if own is not None:
        return own
    if "company-sums-agents" in ACTIVE:
        return sum_targets(own_target(book, "agent", a, metric, u, months) for a in book.agent_ids)
    return sum_targets([team_piece(book, t, metric, u, months) for t in book.teams] +
                       [own_target(book, "agent", a, metric, u, months)
                        for a in book.agent_ids if not book.agent_team[a]])


def team_target(book, t, metric, P):
    """§6: per unit, the team's own share where one of its targets overlaps the unit, else
    the sum of its agents' targets; None when no target of the team or its agents overlaps P."""
    return sum_targets(team_piece(book, t, metric, u, m) for u, m in pieces(book, P))


def company_target(book, metric, P):
    return sum_targets(company_piece(book, metric, u, m) for u, m in pieces(book, P))


def grouped(book, sel, P, per_agent, total_all, metrics_for_target):
    """-> list of (scope, id, figures dict, targets dict(metric->Fraction|None)).

    per_agent: agent -> figures dict; total_all: figures for the unfiltered total.
    With a selection, the total sums the kept rows without counting an agent twice
    (a kept team's members are inside the team's row)."""
    rows = []
    def add(a, b):
        return {k: a[k] + b[k] for k in a}
    zero = {k: 0 for k in total_all}
    for a in sel.agent_rows():
        rows.append(("agent", a, per_agent[a],
                     {m: agent_target(book, a, m, P) for m in metrics_for_target}))
    for t in sel.team_rows():
        fig = zero
        for a in book.agent_ids:
            if book.agent_team[a] == t:
                fig = add(fig, per_agent[a])
        rows.append(("team", t, fig, {m: team_target(book, t, m, P) for m in metrics_for_target}))
    if not sel.active:
        rows.append(("total", "", total_all, {m: company_target(book, m, P) for m in metrics_for_target}))
    else:
        fig = zero
        tg = {m: [] for m in metrics_for_target}
        for (scope, i, f, t) in rows:
            if scope == "agent" and book.agent_team[i] in sel.teams:
                continue
            fig = add(fig, f)
            for m in metrics_for_target:
                tg[m].append(t[m])
        rows.append(("total", "", fig, {m: sum_targets(tg[m]) for m in metrics_for_target}))
    return rows


def activity_figures(S, P):
    """-> per-agent dict of figures, and the total (every entry, credited or not)."""
    book = S.book
    keys = ["calls", "meetings", "emails", "demos", "visits", "messages", "deals_opened", "deals_won",
            "sales", "deals_lost", "collected"]
    per = {a: {k: 0 for k in keys} for a in book.agent_ids}
    tot = {k: 0 for k in keys}

    def credit(agent, k, v=1):
        tot[k] += v
        if agent in per:
            per[agent][k] += v
    for (d, metric, agent) in S.acts:
        if P.contains(d):
            credit(agent, metric)
    for st in S.deals.values():
        if P.contains(st["opened"]):
            credit(st["opening_owner"], "deals_opened")
        if st["state"] == "won" and P.contains(st["won_date"]):
            credit(st["won_owner"], "deals_won")
            credit(st["won_owner"], "sales", st["amount"])
        if st["state"] == "lost" and P.contains(st["lost_date"]):
            credit(st["lost_owner"], "deals_lost")
    for (d, c, cents, _agent) in S.payments:
        if P.contains(d):
            credit(book.clients[c]["owner"], "collected", cents)
    return per, tot


def table_activity(S, sel, P):
    per, tot = activity_figures(S, P)
    cols = ["calls", "meetings", "emails", "demos", "visits", "messages", "deals_opened", "deals_won",
            "sales", "deals_lost", "collected"]
    rows = []
    for scope, i, f, _ in grouped(S.book, sel, P, per, tot, []):
        rows.append([scope, i] + [fmt_cents(f[c]) if c in MONEY_METRICS else str(f[c]) for c in cols])
    return ["scope", "id"] + cols, rows


def table_targets(S, sel, P):
    per, tot = activity_figures(S, P)
    rows = []
    for scope, i, f, tg in grouped(S.book, sel, P, per, tot, METRICS):
        for m in METRICS:
            t = tg[m]
            if t is None:
                continue
            actual = f[m]
            if m in MONEY_METRICS:
                a_s, t_s = fmt_cents(actual), fmt_money_frac(t)
                ratio = "" if t == 0 else fmt_one_decimal(F(actual, 100) / t * 100)
            else:
                a_s, t_s = str(actual), fmt_count_target(t)
                ratio = "" if t == 0 else fmt_one_decimal(F(actual) / t * 100)
            rows.append([scope, i, m, a_s, t_s, ratio])
    return ["scope", "id", "metric", "actual", "target", "attainment_pct"], rows


def table_forecast(S, sel, P):
    book = S.book
    keys = ["won", "open_deals", "pipeline", "weighted", "commit", "best_case"]
    per = {a: {k: 0 for k in keys} for a in book.agent_ids}
    tot = {k: 0 for k in keys}

    def credit(agent, k, v):
        tot[k] += v
        if agent in per:
            per[agent][k] += v
    for st in S.deals.values():
        if st["state"] == "won" and P.contains(st["won_date"]):
            credit(st["won_owner"], "won", st["amount"])
        if st["state"] != "open":
            continue
        cat = S.category(st)
        if P.contains(S.effective_close(st)) and cat != "omitted":
            o = st["owner"]
            credit(o, "open_deals", 1)
            credit(o, "pipeline", st["amount"])
            credit(o, "weighted", S.weighted(st))
            if cat == "commit":
                credit(o, "commit", st["amount"])
            elif cat == "best_case":
                credit(o, "best_case", st["amount"])
    rows = []
    for scope, i, f, tg in grouped(book, sel, P, per, tot, ["sales"]):
        t = tg["sales"]
        fc = f["won"] + f["weighted"]
        row = [scope, i, fmt_cents(f["won"]), str(f["open_deals"]), fmt_cents(f["pipeline"]),
               fmt_cents(f["weighted"]), fmt_cents(f["commit"]), fmt_cents(f["best_case"]), fmt_cents(fc)]
        if t is None:
            row += ["", "", ""]
        else:
            row += [fmt_money_frac(t),
                    "" if t == 0 else fmt_one_decimal(F(f["won"], 100) / t * 100),
                    "" if t == 0 else fmt_one_decimal(F(fc, 100) / t * 100)]
        rows.append(row)
    return ["scope", "id", "won", "open_deals", "pipeline", "weighted", "commit", "best_case", "forecast",
            "target", "attainment_pct", "projected_pct"], rows


def table_funnel(S, P):
    book = S.book
    rows = []
    for pl in book.pipelines:
        cohort = [st for st in S.deals.values()
                  if st["pipeline"] == pl["id"] and (P is None or P.contains(st["opened"]))]
        stages = pl["stages"]
        n = len(stages)
        # revision 2: "won" in `reached` = a win entry dated <= T, even if reopened since
        reached = [sum(1 for st in cohort if st["ever_max"] >= i or st["ever_won"]) for i in range(n)]
        won = [st for st in cohort if st["state"] == "won"]
        lost = [st for st in cohort if st["state"] == "lost"]
        opn = [st for st in cohort if st["state"] == "open"]
        for i, s in enumerate(stages):
            nxt = reached[i + 1] if i + 1 < n else len(won)
            stays = [(b - a).days for st in cohort for (sid, a, b) in st["stays"] if sid == s["id"]]
            stays_won = [(b - a).days for st in won for (sid, a, b) in st["stays"] if sid == s["id"]]
            rows.append([pl["id"], s["id"], str(reached[i]), pct(nxt, reached[i]), mean_days(stays), "",
                         mean_days(stays_won)])
        cycles = [(st["won_date"] - st["opened"]).days for st in won]
        wr = pct(len(won), len(won) + len(lost))
        rows.append([pl["id"], "won", str(len(won)), "", mean_days(cycles), wr, ""])
        rows.append([pl["id"], "lost", str(len(lost)), "", "", "", ""])
        rows.append([pl["id"], "open", str(len(opn)), "", "", "", ""])
    return ["pipeline", "stage", "reached", "conversion_pct", "avg_days", "win_rate_pct", "avg_days_won"], rows


def mean_days(days):
    return fmt_one_decimal(F(sum(days), len(days))) if days else ""


def table_balance(S, P):
    book = S.book
    rows = []
    for cid in sorted(book.clients, key=lambda x: x.encode()):
        c = book.clients[cid]
        if c["since"] is not None and c["since"] > S.T:
            continue          # a `client` entry after T: the client does not exist yet
        inv = sum(a for (d, k, a) in S.invoices if k == cid)
        paid = sum(a for (d, k, a, _) in S.payments if k == cid)
        lastp = max((d for (d, k, a, _) in S.payments if k == cid), default=None)
        row = [cid, c["name"], fmt_cents(c["opening"]), fmt_cents(inv), fmt_cents(paid),
               fmt_cents(c["opening"] + inv - paid), dstr(lastp)]
        if P is not None:
            row += [fmt_cents(sum(a for (d, k, a) in S.invoices if k == cid and P.contains(d))),
                    fmt_cents(sum(a for (d, k, a, _) in S.payments if k == cid and P.contains(d)))]
        rows.append(row)
    hdr = ["client", "name", "opening", "invoiced", "paid", "balance", "last_payment"]
    if P is not None:
        hdr += ["period_invoiced", "period_paid"]
    return hdr, rows


# Columns the spec names beyond §11 (compared when salesrep prints them too)
EXTRA = {"funnel": ["win_rate_pct", "avg_days_won"], "balance": ["period_invoiced", "period_paid"],
         "deals": ["closed", "slips", "category"]}
# The columns revision 2 adds: salesrep must print them (a missing one is a mismatch)
REQUIRED_EXTRA = {"funnel": ["avg_days_won"], "deals": ["closed", "slips", "category"]}


def compute(book, cmd, today, P, agents=(), teams=(), limit=None, variants=(), state=None):
    """-> (header, rows). P: Period or None (as given on the command line)."""
    ACTIVE.clear()
    ACTIVE.update(variants)
    cache = book.__dict__.setdefault("_states", {})
    if today not in cache:
        cache[today] = State(book, today)
    S = cache[today]
    sel = Selection(book, agents, teams)
    if cmd == "deals":
        return table_deals(S, sel, state, P)
    if cmd == "priority":
        return table_priority(S, sel, limit)
    if cmd == "funnel":
        return table_funnel(S, P)
    if cmd == "balance":
        return table_balance(S, P)
    if P is None:   # reports that need a period and get none use the current fiscal quarter
        y = fiscal_year_of(book.fys, today)
        s, _ = fiscal_year(book.fys, y)
        qn = ((today.year * 12 + today.month) - (s.year * 12 + s.month)) // 3 + 1
        P = Period(*fiscal_quarter(book.fys, y, qn))
    if cmd == "forecast":
        return table_forecast(S, sel, P)
    if cmd == "targets":
        return table_targets(S, sel, P)
    if cmd == "activity":
        return table_activity(S, sel, P)
    raise SystemExit("unknown command %s" % cmd)


def to_csv(hdr, rows):
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(hdr)
    w.writerows(rows)
    return out.getvalue()


def make_parser():
    ap = argparse.ArgumentParser()
    ap.add_argument("book")
    ap.add_argument("cmd")
    ap.add_argument("--today", required=True)
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--month", nargs="?", const="")
    g.add_argument("--quarter", nargs="?", const="")
    g.add_argument("--year", nargs="?", const="")
    g.add_argument("--period")
    ap.add_argument("--agent", action="append", default=[])
    ap.add_argument("--team", action="append", default=[])
    ap.add_argument("--limit", type=int)
    st = ap.add_mutually_exclusive_group()
    for x in ("open", "won", "lost", "opened"):
        st.add_argument("--" + x, dest="state", action="store_const", const=x)
    ap.add_argument("--variant", action="append", default=[], choices=sorted(VARIANTS),
                    help="an alternative reading of an ambiguous sentence of the spec")
    return ap


def main(argv=None):
    a = make_parser().parse_args(argv)
    book = Book(a.book)
    today = parse_date(a.today)
    P = period_from_args(a, book.fys, today)
    try:
        hdr, rows = compute(book, a.cmd, today, P, a.agent, a.team, a.limit, a.variant, a.state)
    except UsageError as ex:
        sys.stderr.write("oracle: %s\n" % ex)
        sys.exit(2)
    sys.stdout.write(to_csv(hdr, rows))


if __name__ == "__main__":
    main()
