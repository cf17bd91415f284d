// The one place where the ledger's history is applied (SPEC §7): the entries
// are put in replay order, then applied one by one (apply: the entry's target
// and @agent), each kind by its rule (apply_deal: a step per kind, such as
// move_stage, close, reopen, set_fields; apply_client); what depends on the
// whole history (last contact, generated follow-up texts) is settled at the
// end (finish).
#include "salesrep/replay.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <numeric>
#include <tuple>
#include <utility>

namespace salesrep {

std::string_view status_name(DealStatus s) {
    switch (s) {
    case DealStatus::open: return "open";
    case DealStatus::won: return "won";
    case DealStatus::lost: return "lost";
    }
    return "open";
}

namespace {

// SPEC §9 Priority: last contact = the later of the day the deal was opened and
// its latest interaction, on the deal itself or on its client.
Date last_contact(const DealState& s, const ClientState* client) {
    Date d = s.opened;
    if (s.last_interaction) d = std::max(d, *s.last_interaction);
    if (client && client->last_interaction) d = std::max(d, *client->last_interaction);
    return d;
}

// A deal enters stage `idx` on `day` (opened, moved or reopened): a new stay begins.
void enter_stage(DealState& s, int idx, Date day) {
    s.stays.push_back({idx, day, std::nullopt, false});
    s.stage = idx;
    s.stage_entered = day;
}

// The deal's current stay ends on `day` (a move, a win or a loss).
void end_stay(DealState& s, Date day) {
    if (!s.stays.empty()) { s.stays.back().left = day; s.stays.back().ended = true; }
}

// The later of `last` and `day`: an interaction or payment on `day` (the ledger is in any order of dates).
void keep_latest(std::optional<Date>& last, Date day) { last = std::max(last.value_or(day), day); }

// Jobs of look_up_ids: slices of this many deals or entries.
constexpr std::size_t look_up_slice = 1u << 16;

std::size_t slices(std::size_t n) { return (n + look_up_slice - 1) / look_up_slice; }

// Runs job(first, last) on each slice of [0, n).
void by_slices(const JobRunner& run, std::size_t n, const std::function<void(std::size_t, std::size_t)>& job) {
    run_jobs(run, slices(n), [&](std::size_t k) { job(k * look_up_slice, std::min(n, (k + 1) * look_up_slice)); });
}

class Replayer {
public:
    Replayer(const Book& b, Date today, Diags* d, const EntryIds* ids = nullptr) : book_(b), diags_(d), ids_(ids) {
        r_.today = today;
    }
    Replay run() {
        setup();
        for (std::uint32_t i : replay_order()) {
            if (book_.entries[i].date > r_.today) future(i);
            else apply(i);
        }
        finish();
        return std::move(r_);
    }
    // replay_snapshots(): the same pass, stopping at each day.
    void run_snapshots(std::vector<Date> days, const SnapshotHooks& hooks, const Replay* resolved);

private:
    const Book& book_;
    Diags* diags_;
    Replay r_;
    std::vector<int> client_owner_;  // per client: its owner's agent index, -1 none
    std::vector<std::uint32_t> follow_up_of_;  // per deal: 1 + the entry whose next: (no next_what) set its next action
    std::vector<std::vector<std::uint32_t>> line_starts_;  // per source file, built on a first error
    const SnapshotHooks* hooks_ = nullptr;  // replay_snapshots() only
    const EntryIds* ids_ = nullptr;         // entries' ids already looked up (else setup() does)
    std::vector<std::int32_t> own_agent_of_;  // setup()'s lookup, when there was none
    const std::int32_t* agent_of_ = nullptr;  // per entry: EntryIds::agent_of (null: apply() looks up)
    const Replay* ids_from_ = nullptr;      // replay_snapshots() only: entries' ids already resolved

    void setup();
    // The entries' deal and client indexes (an EntryIds, or an earlier Replay
    // of the book): copied, or moved from setup()'s own lookup.
    template <class Ids>
    void take_ids(Ids&& from) {
        r_.deal_of = std::forward<Ids>(from).deal_of;
        r_.client_of = std::forward<Ids>(from).client_of;
        r_.client_of_deal = std::forward<Ids>(from).client_of_deal;
    }
    std::vector<std::uint32_t> replay_order() const;
    void future(std::uint32_t index);
    void apply(std::uint32_t index);
    // apply()'s steps: the entry's target and @agent, then its rule
    void unknown_target(const Entry& e);
    void unknown_agent(const Entry& e, EntryPart part, std::string_view id);
    bool fits_target(const Entry& e, int di, int ci);
    bool client_added_by(const Entry& e, int ci);
    void credit(std::uint32_t index, int agent);
    bool apply_deal(const Entry& e, int di, DealState& s);
    // apply_deal()'s steps (SPEC §7): whether the deal takes the entry, then one per kind
    bool opened_by(const Entry& e, const Deal& d, const DealState& s);
    bool status_allows(const Entry& e, const Deal& d, const DealState& s);
    void interact(const Entry& e, int di, DealState& s);
    void plan_next(int di, DealState& s, NextStep step, std::uint32_t follow_up);
    bool move_stage(const Entry& e, const Deal& d, DealState& s);
    void close(const Entry& e, DealState& s);
    bool reopen(const Entry& e, DealState& s);
    bool set_fields(const Entry& e, DealState& s);
    bool set_owner(const Entry& e, std::string_view owner, DealState& s);
    void apply_client(const Entry& e, ClientState& c);
    void finish();
    void settle_contacts();

    // The entry's line, found again in its source text (empty when it has none).
    std::string_view line_of(const Entry& e) {
        if (e.file >= book_.sources.files.size()) return {};
        std::string_view text = book_.sources.files[e.file].text;
        if (line_starts_.size() <= e.file) line_starts_.resize(e.file + 1);
        auto& starts = line_starts_[e.file];
        if (starts.empty()) {
            starts.push_back(0);
            for (std::size_t i = 0; i < text.size(); ++i)
                if (text[i] == '\n') starts.push_back(static_cast<std::uint32_t>(i + 1));
        }
        if (e.line == 0 || e.line > starts.size()) return {};
        std::size_t b = starts[e.line - 1];
        std::size_t end = e.line < starts.size() ? starts[e.line] - 1 : text.size();
        std::string_view line = text.substr(b, end - b);
        if (e.line == 1 && line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        return line;
    }
    // A diagnostic at `part` of the entry (else at `fallback`, else at its date).
    void error(const Entry& e, EntryPart part, std::string msg, EntryPart fallback = EntryPart::date) {
        if (!diags_) return;
        std::uint32_t col = 1;
        if (part != EntryPart::date) {
            std::string_view line = line_of(e);
            if (!line.empty()) {
                col = entry_column(line, book_.settings, part);
                if (col == 0 && fallback != EntryPart::date) col = entry_column(line, book_.settings, fallback);
                if (col == 0) col = 1;
            }
        }
        diags_->push_back({Severity::error, {e.file, e.line, col}, std::move(msg)});
    }
    std::vector<std::string_view> stage_ids(int pipeline) const {
        std::vector<std::string_view> v;
        for (const auto& s : book_.pipelines[pipeline].stages) v.push_back(s.id);
        return v;
    }
    int stage_arg(const Entry& e, const DealState& s);
};

// The ids each entry names, then every deal on the day it was opened and every client's owner.
void Replayer::setup() {
    const std::size_t nd = book_.deals.size(), nc = book_.clients.size();
    if (ids_from_) {  // replay_snapshots: the ids a replay of the same book already looked up
        take_ids(*ids_from_);
    } else if (ids_) {  // copied: check reads the caller's beside the replay
        take_ids(*ids_);
        agent_of_ = ids_->agent_of.data();
    } else {
        EntryIds own = look_up_ids(book_);
        own_agent_of_ = std::move(own.agent_of);
        agent_of_ = own_agent_of_.data();
        take_ids(std::move(own));
    }
    r_.credited.assign(book_.entries.size(), -1);
    r_.applied.reserve(book_.entries.size());  // most are
    r_.deals.resize(nd);
    r_.clients.resize(nc);
    follow_up_of_.assign(nd, 0);
    client_owner_.resize(nc);
    for (std::size_t i = 0; i < nc; ++i) {
        const Client& c = book_.clients[i];
        client_owner_[i] = book_.agent_index(c.owner);
        r_.clients[i].exists = !c.since || *c.since <= r_.today;
    }
    for (std::size_t i = 0; i < nd; ++i) {
        const Deal& d = book_.deals[i];
        DealState& s = r_.deals[i];
        s.pipeline = book_.pipeline_of(d);
        s.opened = d.opened;
        if (d.opened > r_.today) continue;
        s.exists = true;
        int stage = 0;
        if (s.pipeline >= 0 && !d.stage.empty()) stage = std::max(0, book_.pipelines[s.pipeline].stage_index(d.stage));
        enter_stage(s, stage, d.opened);
        s.amount = d.amount;
        s.probability = d.probability;
        s.category = d.category;
        s.expected_close = d.expected_close;
        s.owner = s.opening_owner = book_.agent_index(d.owner);
        if (d.next_action) s.next_action = NextStep{d.next_action->what, d.next_action->due};
        s.title = d.title;
    }
}

// SPEC §7's order: (date, `client` before `open` before the rest, time — none
// counts as 00:00 —, file order, line). Entries are in reading order (file
// order, line), so a stable sort by the rest gives it.
std::vector<std::uint32_t> Replayer::replay_order() const {
    const auto& entries = book_.entries;
    std::vector<std::uint32_t> order(entries.size());
    std::iota(order.begin(), order.end(), 0u);
    auto key = [&](std::uint32_t i) {
        const Entry& e = entries[i];
        return std::tuple(e.date, day_rank(e.kind), e.time.value_or(0));
    };
    auto before = [&](std::uint32_t a, std::uint32_t b) { return key(a) < key(b); };
    // A ledger kept in date order (the usual case) needs no sort.
    if (!std::is_sorted(order.begin(), order.end(), before)) std::stable_sort(order.begin(), order.end(), before);
    return order;
}

// An entry dated after today: ignored until then (SPEC §7).
void Replayer::future(std::uint32_t index) {
    const Entry& e = book_.entries[index];
    r_.deal_of[index] = r_.client_of[index] = -1;  // not applied
    if (diags_)
        diags_->push_back({Severity::warning, e.pos(),
                           fmt::format("entry dated {} is after today ({}); it is ignored until then",
                                       format_date(e.date), format_date(r_.today)),
                           DiagCode::future_entry});
}

int Replayer::stage_arg(const Entry& e, const DealState& s) {
    if (s.pipeline < 0) return -1;
    const Pipeline& p = book_.pipelines[s.pipeline];
    int idx = p.stage_index(e.stage);
    if (idx < 0) {
        std::string extra = (e.stage == "won" || e.stage == "lost")
                                ? fmt::format("; to close the deal write '{} {}'", e.stage, e.target)
                                : suggestion_suffix(e.stage, stage_ids(s.pipeline));
        error(e, EntryPart::stage, fmt::format("unknown stage '{}' in pipeline '{}'{}", e.stage, p.id, extra));
    }
    return idx;
}

// One entry in replay order: its target and @agent are checked, the entry is
// applied by the rule of its kind and credited to its agent (SPEC §7).
void Replayer::apply(std::uint32_t index) {
    const Entry& e = book_.entries[index];
    // ids resolved before the replay (see setup())
    int di = r_.deal_of[index];
    int ci = r_.client_of[index];
    if (di < 0 && ci < 0) return unknown_target(e);
    int agent = agent_of_ ? agent_of_[index] : e.agent.empty() ? -1 : book_.agent_index(e.agent);  // credited below
    if (is_record(e.kind)) {
        // The deal or client exists from the entry's day on (setup()); `check`
        // reports an id that two records share, and an @agent it does not know
        // (as the record's owner).
        if (agent < 0) agent = di >= 0 ? r_.deals[static_cast<std::size_t>(di)].owner : ci >= 0 ? client_owner_[ci] : -1;
        return credit(index, agent);
    }
    if (!e.agent.empty() && agent < 0) return unknown_agent(e, EntryPart::agent, e.agent);
    if (!fits_target(e, di, ci)) return;
    if (di >= 0) {
        DealState& s = r_.deals[di];
        int owner_before = s.owner;
        if (hooks_ && hooks_->before_close && (e.kind == Kind::won || e.kind == Kind::lost) &&
            s.status == DealStatus::open)
            hooks_->before_close(di, s, e);
        if (!apply_deal(e, di, s)) return;
        if (agent < 0) agent = owner_before;
    } else {
        apply_client(e, r_.clients[ci]);
    }
    // SPEC §7: the @agent, else the deal's owner at that point, else the client's owner.
    if (agent < 0 && ci >= 0) agent = client_owner_[ci];
    credit(index, agent);
}

// The entry is applied, and counts for `agent` (-1: nobody).
void Replayer::credit(std::uint32_t index, int agent) {
    r_.applied.push_back(index);
    r_.credited[index] = agent;
}

// No deal or client has the entry's target id.
void Replayer::unknown_target(const Entry& e) {
    std::vector<std::string_view> ids;
    if (!is_client_only(e.kind))
        for (const auto& d : book_.deals) ids.push_back(d.id);
    if (!is_deal_only(e.kind))
        for (const auto& c : book_.clients) ids.push_back(c.id);
    const char* what = is_client_only(e.kind) ? "client" : is_deal_only(e.kind) ? "deal" : "deal or client";
    error(e, EntryPart::target, fmt::format("unknown {} '{}'{}", what, e.target, suggestion_suffix(e.target, ids)));
}

// An @agent or `set owner:` that names no agent of team.yaml.
void Replayer::unknown_agent(const Entry& e, EntryPart part, std::string_view id) {
    std::vector<std::string_view> ids;
    for (const auto& a : book_.agents) ids.push_back(a.id);
    error(e, part, fmt::format("unknown agent '{}'{}", id, suggestion_suffix(id, ids)));
}

// The entry's kind is about what its target is (a deal or a client), it is not
// dated before its client was added, and only a deal gets a `next:`.
bool Replayer::fits_target(const Entry& e, int di, int ci) {
    if (di >= 0 && is_client_only(e.kind)) {
        error(e, EntryPart::target, fmt::format("'{}' is about a client, but '{}' is a deal; write its client '{}'",
                                           kind_name(e.kind), e.target, book_.deals[di].client));
        return false;
    }
    if (di < 0 && is_deal_only(e.kind)) {
        error(e, EntryPart::target, fmt::format("'{}' is about a deal, but '{}' is a client", kind_name(e.kind), e.target));
        return false;
    }
    if (di < 0 && ci >= 0 && e.kind != Kind::client && !client_added_by(e, ci)) return false;
    if (di < 0 && (e.next_date || e.has_next_what)) {
        error(e, EntryPart::next,
              fmt::format("'next:' sets a deal's next action, but '{}' is a client; log it on one of its deals", e.target),
              EntryPart::target);
        return false;
    }
    return true;
}

// An entry about a client added by a `client` entry is not dated before it.
bool Replayer::client_added_by(const Entry& e, int ci) {
    const Client& c = book_.clients[static_cast<std::size_t>(ci)];
    if (!c.since || e.date >= *c.since) return true;
    error(e, EntryPart::date,
          fmt::format("entry dated {} is before client '{}' was added ({}); fix the date or that of its "
                      "'client' entry ({}:{})", format_date(e.date), c.id, format_date(*c.since),
                      book_.sources.files[c.pos.file].path, c.pos.line));
    return false;
}

// An entry about deal `di`, whose state is `s`: applied when the deal can take
// it, by the rule of its kind. False: refused (reported).
bool Replayer::apply_deal(const Entry& e, int di, DealState& s) {
    const Deal& d = book_.deals[di];
    if (!opened_by(e, d, s) || !status_allows(e, d, s)) return false;
    switch (e.kind) {
    case Kind::call: case Kind::meeting: case Kind::email: case Kind::demo: case Kind::visit: case Kind::message:
        interact(e, di, s);
        return true;
    case Kind::stage: return move_stage(e, d, s);
    case Kind::won: case Kind::lost: close(e, s); return true;
    case Kind::reopen: return reopen(e, s);
    case Kind::next: plan_next(di, s, NextStep{e.next_what, e.next_date}, 0); return true;
    case Kind::set: return set_fields(e, s);
    case Kind::note: return true;
    case Kind::invoice: case Kind::payment: case Kind::open: case Kind::client:
        return true;  // refused or applied before (apply())
    }
    return true;
}

// No entry is dated before the deal was opened.
bool Replayer::opened_by(const Entry& e, const Deal& d, const DealState& s) {
    if (e.date >= s.opened) return true;
    error(e, EntryPart::date,
          fmt::format("entry dated {} is before deal '{}' was opened ({}); fix the date or {}", format_date(e.date),
                      d.id, format_date(d.opened),
                      d.from_entry ? fmt::format("that of its 'open' entry ({}:{})",
                                                 book_.sources.files[d.pos.file].path, d.pos.line)
                                   : std::string("the deal's 'opened:'")));
    return false;
}

// `stage`, `won`, `lost`, `set` and `next` need an open deal, `reopen` a closed one.
bool Replayer::status_allows(const Entry& e, const Deal& d, const DealState& s) {
    bool needs_open = e.kind == Kind::stage || e.kind == Kind::won || e.kind == Kind::lost || e.kind == Kind::set ||
                      e.kind == Kind::next;
    if (needs_open && s.status != DealStatus::open) {
        error(e, EntryPart::kind, fmt::format("'{}' needs an open deal, but '{}' was {} on {}{}", kind_name(e.kind), d.id,
                                         status_name(s.status), s.closed_on ? format_date(*s.closed_on) : "?",
                                         "; log 'reopen " + d.id + "' first if it is back in play"));
        return false;
    }
    if (e.kind == Kind::reopen && s.status == DealStatus::open) {
        error(e, EntryPart::kind, fmt::format("'reopen' needs a closed deal, but '{}' is open", d.id));
        return false;
    }
    return true;
}

// A call, meeting, ...: counted, and its `next:` (on an open deal) is the next action.
void Replayer::interact(const Entry& e, int di, DealState& s) {
    keep_latest(s.last_interaction, e.date);
    ++s.interactions;
    if (!e.next_date || s.status != DealStatus::open) return;
    // Without next_what the text is written at the end (finish), for the deals
    // whose last next action it still is.
    const auto index = static_cast<std::uint32_t>(&e - book_.entries.data());
    plan_next(di, s, NextStep{e.has_next_what ? e.next_what : std::string_view(), e.next_date},
              e.has_next_what ? 0 : index + 1);
}

// The deal's next action is `step`; `follow_up`: 1 + the entry whose text
// finish() writes for it, 0 when it has its own.
void Replayer::plan_next(int di, DealState& s, NextStep step, std::uint32_t follow_up) {
    s.next_action = step;
    follow_up_of_[static_cast<std::size_t>(di)] = follow_up;
}

// `stage STAGE`: to a stage of its pipeline other than the one it is in.
bool Replayer::move_stage(const Entry& e, const Deal& d, DealState& s) {
    int idx = stage_arg(e, s);
    if (idx < 0) return false;
    if (idx == s.stage) {
        error(e, EntryPart::stage, fmt::format("deal '{}' is already in stage '{}' (since {})", d.id, e.stage,
                                          format_date(s.stage_entered)));
        return false;
    }
    end_stay(s, e.date);
    enter_stage(s, idx, e.date);
    return true;
}

// `won [AMOUNT]` (the amount, default the current one, becomes its amount) or
// `lost [reason:]`: closed in the stage it is in, by its owner then.
void Replayer::close(const Entry& e, DealState& s) {
    if (e.kind == Kind::won) {
        if (e.amount) s.amount = *e.amount;
        s.status = DealStatus::won;
        s.ever_won = true;
    } else {
        s.status = DealStatus::lost;
        s.lost_reason = e.reason();
    }
    s.closed_on = e.date;
    s.closed_owner = s.owner;
    end_stay(s, e.date);
}

// `reopen [STAGE]`: open again, in STAGE, default the stage it closed in.
bool Replayer::reopen(const Entry& e, DealState& s) {
    int idx = s.stage;
    if (!e.stage.empty()) {
        idx = stage_arg(e, s);
        if (idx < 0) return false;
    }
    s.status = DealStatus::open;
    s.closed_on.reset();
    s.closed_owner = -1;
    s.lost_reason = {};
    enter_stage(s, idx, e.date);
    return true;
}

// `set`: each field given replaces the deal's; a later close is a slip (SPEC §9);
// `probability:-` and `category:-` drop the override.
bool Replayer::set_fields(const Entry& e, DealState& s) {
    const SetFields& x = e.set();
    if (!x.owner.empty() && !set_owner(e, x.owner, s)) return false;
    if (x.amount) s.amount = *x.amount;
    if (x.close) {
        if (s.expected_close && *x.close > *s.expected_close) s.pushes.push_back({e.date, *s.expected_close, *x.close});
        s.expected_close = x.close;
    }
    if (x.category) s.category = x.category;
    if (x.clear_category) s.category.reset();
    if (x.probability) s.probability = x.probability;
    if (x.clear_probability) s.probability.reset();
    if (x.title) s.title = *x.title;
    return true;
}

// `set owner:ID`: an agent of team.yaml, from the entry's day on.
bool Replayer::set_owner(const Entry& e, std::string_view owner, DealState& s) {
    int a = book_.agent_index(owner);
    if (a < 0) {
        unknown_agent(e, EntryPart::owner, owner);
        return false;
    }
    s.owner = a;
    s.owner_changes.emplace_back(e.date, a);
    return true;
}

void Replayer::apply_client(const Entry& e, ClientState& c) {
    if (is_interaction(e.kind)) keep_latest(c.last_interaction, e.date);
    if (e.kind == Kind::invoice && e.amount) c.invoiced.cents += e.amount->cents;
    if (e.kind == Kind::payment && e.amount) {
        c.paid.cents += e.amount->cents;
        keep_latest(c.last_payment, e.date);
    }
}

// What needs the whole history: each deal's last contact, and the text of a
// next action set by an interaction's next: without next_what:.
void Replayer::finish() {
    std::shared_ptr<TextArena> texts;
    for (std::size_t i = 0; i < r_.deals.size(); ++i) {
        DealState& s = r_.deals[i];
        if (!s.exists) continue;
        if (follow_up_of_[i]) {
            const Entry& e = book_.entries[follow_up_of_[i] - 1];
            if (!texts) texts = std::make_shared<TextArena>();
            s.next_action->what = texts->keep(fmt::format("follow up on the {} of {}", kind_name(e.kind), format_date(e.date)));
        }
    }
    settle_contacts();
    r_.texts = std::move(texts);
}

// Each existing deal's last contact, from the history applied so far.
void Replayer::settle_contacts() {
    for (std::size_t i = 0; i < r_.deals.size(); ++i) {
        DealState& s = r_.deals[i];
        if (!s.exists) continue;
        const int ci = r_.client_of_deal[i];
        s.last_contact = last_contact(s, ci >= 0 ? &r_.clients[static_cast<std::size_t>(ci)] : nullptr);
    }
}

// SPEC §9b: one pass, the book as of each day in turn. setup() prepares every
// deal opened by the last day; each comes into existence on the day it was
// opened, and the entries are applied in replay order up to each day.
void Replayer::run_snapshots(std::vector<Date> days, const SnapshotHooks& hooks, const Replay* resolved) {
    std::sort(days.begin(), days.end());
    days.erase(std::unique(days.begin(), days.end()), days.end());
    if (days.empty()) return;
    hooks_ = &hooks;
    // A replay to a later day knows every id the entries up to the last day name
    // (it forgets only those of entries after its own day).
    if (resolved && resolved->today >= days.back() && resolved->deal_of.size() == book_.entries.size() &&
        resolved->client_of.size() == book_.entries.size())
        ids_from_ = resolved;
    r_.today = days.back();
    setup();
    std::vector<std::uint32_t> by_opened;  // the deals of the last day, by the day they were opened
    for (std::uint32_t i = 0; i < r_.deals.size(); ++i) {
        if (!r_.deals[i].exists) continue;
        by_opened.push_back(i);
        r_.deals[i].exists = false;
    }
    std::stable_sort(by_opened.begin(), by_opened.end(),
                     [this](std::uint32_t a, std::uint32_t b) { return r_.deals[a].opened < r_.deals[b].opened; });
    std::size_t opened = 0;
    auto open_until = [&](Date d) {
        for (; opened < by_opened.size() && r_.deals[by_opened[opened]].opened <= d; ++opened)
            r_.deals[by_opened[opened]].exists = true;
    };
    const std::vector<std::uint32_t> order = replay_order();
    std::size_t next = 0;
    for (Date day : days) {
        for (; next < order.size() && book_.entries[order[next]].date <= day; ++next) {
            open_until(book_.entries[order[next]].date);
            apply(order[next]);
        }
        open_until(day);
        r_.today = day;
        settle_contacts();
        if (hooks.as_of) hooks.as_of(r_);
    }
}

}  // namespace

EntryIds look_up_ids(const Book& book, const JobRunner& run) {
    EntryIds ids;
    ids.client_of_deal.resize(book.deals.size());
    by_slices(run, book.deals.size(), [&](std::size_t first, std::size_t last) {
        for (std::size_t i = first; i < last; ++i) ids.client_of_deal[i] = book.client_index(book.deals[i].client);
    });
    ids.deal_of.resize(book.entries.size());
    ids.client_of.resize(book.entries.size());
    ids.agent_of.resize(book.entries.size());
    by_slices(run, book.entries.size(), [&](std::size_t first, std::size_t last) {
        for (std::size_t i = first; i < last; ++i) {
            const std::string_view agent = book.entries[i].agent;
            ids.agent_of[i] = agent.empty() ? -1 : book.agent_index(agent);
            const std::string_view target = book.entries[i].target;
            const std::uint64_t h = IdIndex::hash(target);  // one hash for both lookups
            const int di = book.deal_ids.find(target, book.deals, h);
            ids.deal_of[i] = di;
            ids.client_of[i] =
                di >= 0 ? ids.client_of_deal[static_cast<std::size_t>(di)] : book.client_ids.find(target, book.clients, h);
        }
    });
    return ids;
}

Replay replay(const Book& book, Date today, Diags* diags, const EntryIds* ids) {
    return Replayer(book, today, diags, ids).run();
}

void replay_snapshots(const Book& book, std::vector<Date> days, const SnapshotHooks& hooks, const Replay* resolved) {
    Replayer(book, Date{}, nullptr).run_snapshots(std::move(days), hooks, resolved);
}

}  // namespace salesrep
