// The one place where the ledger's history is applied (SPEC §7).
#include "salesrep/replay.hpp"

#include "salesrep/lanes.hpp"
#include "salesrep/memory.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <numeric>
#include <iterator>
#include <thread>

namespace salesrep {

std::string_view status_name(DealStatus s) {
    switch (s) {
    case DealStatus::open: return "open";
    case DealStatus::won: return "won";
    case DealStatus::lost: return "lost";
    }
    return "open";
}

int status_pct(const Book& book, const DealState& s) {
    if (s.status == DealStatus::won) return 100;
    if (s.status == DealStatus::lost) return 0;
    if (s.probability) return *s.probability;
    if (s.pipeline < 0) return 0;
    const auto& stages = book.pipelines[s.pipeline].stages;
    if (s.stage < 0 || s.stage >= static_cast<int>(stages.size())) return 0;
    return stages[s.stage].probability;
}

Category category_of(const Book& book, const DealState& s) {
    if (s.pipeline >= 0 && s.status == DealStatus::open) {
        const auto& stages = book.pipelines[s.pipeline].stages;
        if (s.stage >= 0 && s.stage < static_cast<int>(stages.size()) && stages[s.stage].category)
            return *stages[s.stage].category;
    }
    int pct = status_pct(book, s);
    return pct >= 75 ? Category::commit : pct >= 50 ? Category::best_case : Category::pipeline;
}

namespace {

class Replayer {
public:
    Replayer(const Book& b, Date today, Diags* d, unsigned lanes) : book_(b), diags_(d), lanes_(std::max(1u, lanes)) {
        r_.today = today;
    }
    Replay run();

private:
    const Book& book_;
    Diags* diags_;
    const unsigned lanes_;
    Replay r_;

    std::vector<int> client_owner_;    // per client: its owner's agent index, -1 none

    // What one lane of the replay writes besides the states it owns: the
    // entries it applied and its diagnostics, by position in replay order.
    struct alignas(64) Lane {  // a cache line of its own: each lane writes its own all the time
        std::vector<std::uint32_t> applied;      // replay positions
        std::vector<std::int32_t> credited;      // the agent credited with each (Replay::credited)
        std::vector<std::uint32_t> future;       // entry indexes dated after today
        Diags diags;
        std::vector<std::uint32_t> diag_at;      // replay position of each diagnostic
        std::uint32_t at = 0;                    // the position being applied
        std::vector<std::vector<std::uint32_t>> line_starts;  // per source file, built on a first error
    };

    // The entry's line, found again in its source text (empty when it has none).
    std::string_view line_of(Lane& lane, const Entry& e) const {
        if (e.file >= book_.sources.files.size()) return {};
        std::string_view text = book_.sources.files[e.file].text;
        if (lane.line_starts.size() <= e.file) lane.line_starts.resize(e.file + 1);
        auto& starts = lane.line_starts[e.file];
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
    void report(Lane& lane, Diagnostic d) const {
        lane.diags.push_back(std::move(d));
        lane.diag_at.push_back(lane.at);
    }
    // A diagnostic at `part` of the entry (else at `fallback`, else at its date).
    void error(Lane& lane, const Entry& e, EntryPart part, std::string msg, EntryPart fallback = EntryPart::date) const {
        if (!diags_) return;
        std::uint32_t col = 1;
        if (part != EntryPart::date) {
            std::string_view line = line_of(lane, e);
            if (!line.empty()) {
                col = entry_column(line, book_.settings, part);
                if (col == 0 && fallback != EntryPart::date) col = entry_column(line, book_.settings, fallback);
                if (col == 0) col = 1;
            }
        }
        report(lane, {Severity::error, {e.file, e.line, col}, std::move(msg)});
    }
    std::vector<std::string_view> stage_ids(int pipeline) const {
        std::vector<std::string_view> v;
        for (const auto& s : book_.pipelines[pipeline].stages) v.push_back(s.id);
        return v;
    }
    void init_deals(std::size_t from, std::size_t to);
    // Also counts, when `share`, the entries naming each deal (`per_deal`) and,
    // of the others, each client (`per_client`).
    bool resolve(std::size_t from, std::size_t to, bool share, std::vector<std::uint32_t>& per_deal,
                 std::vector<std::uint32_t>& per_client);
    // SPEC §7's order: (date, time — none counts as 00:00 —, file order, line).
    // Entries are in reading order, so their index breaks ties; one 64-bit key
    // per entry sorts without touching the entries again.
    std::uint64_t order_key(std::size_t i) const {
        const Entry& e = book_.entries[i];
        // 22 bits of day (years 1000-9999: -354,285 to 2,932,896 days), 11 of minute, 31 of index
        std::uint64_t day = static_cast<std::uint64_t>(static_cast<std::int64_t>(e.date.days) + (1 << 19)) & 0x3FFFFF;
        std::uint64_t minute = static_cast<std::uint64_t>(std::max<int>(e.time, 0)) & 0x7FF;
        return (day << 42) | (minute << 31) | static_cast<std::uint64_t>(i);
    }
    void apply(Lane& lane, std::uint32_t index);
    bool apply_deal(Lane& lane, const Entry& e, int di, DealState& s);
    int stage_arg(Lane& lane, const Entry& e, const DealState& s);
};

// Deals [from, to): their state on the day they were opened.
void Replayer::init_deals(std::size_t from, std::size_t to) {
    for (std::size_t i = from; i < to; ++i) {
        const Deal& d = book_.deals[i];
        DealState& s = r_.deals[i];
        r_.client_of_deal[i] = book_.client_index(d.client);
        s.pipeline = book_.pipeline_of(d);
        s.opened = d.opened;
        if (d.opened > r_.today) continue;
        s.exists = true;
        s.stage = 0;
        if (s.pipeline >= 0 && !d.stage.empty()) s.stage = std::max(0, book_.pipelines[s.pipeline].stage_index(d.stage));
        s.stage_entered = d.opened;
        s.stays.reserve(2);  // most deals move at most once: one allocation
        s.stays.push_back({s.stage, d.opened, std::nullopt, false});
        s.amount = d.amount;
        s.probability = d.probability;
        s.expected_close = d.expected_close;
        s.owner = s.opening_owner = book_.agent_index(d.owner);
        if (d.next_action) s.next_action = NextStep{d.next_action->what, d.next_action->due};
        s.title = d.title;
        s.last_contact = d.opened;
    }
}

int Replayer::stage_arg(Lane& lane, const Entry& e, const DealState& s) {
    if (s.pipeline < 0) return -1;
    const Pipeline& p = book_.pipelines[s.pipeline];
    int idx = p.stage_index(e.stage());
    if (idx < 0) {
        std::string extra = (e.stage() == "won" || e.stage() == "lost")
                                ? fmt::format("; to close the deal write '{} {}'", e.stage(), e.target())
                                : suggestion_suffix(e.stage(), stage_ids(s.pipeline));
        error(lane, e, EntryPart::stage, fmt::format("unknown stage '{}' in pipeline '{}'{}", e.stage(), p.id, extra));
    }
    return idx;
}

bool Replayer::apply_deal(Lane& lane, const Entry& e, int di, DealState& s) {
    const Deal& d = book_.deals[di];  // read on errors only: the state holds what a step needs
    if (e.date < s.opened) {
        error(lane, e, EntryPart::date, fmt::format("entry dated {} is before deal '{}' was opened ({}); fix the date or the "
                                         "deal's 'opened:'", format_date(e.date), d.id, format_date(d.opened)));
        return false;
    }
    bool needs_open = e.kind == Kind::stage || e.kind == Kind::won || e.kind == Kind::lost || e.kind == Kind::set ||
                      e.kind == Kind::next;
    if (needs_open && s.status != DealStatus::open) {
        error(lane, e, EntryPart::kind, fmt::format("'{}' needs an open deal, but '{}' was {} on {}{}", kind_name(e.kind), d.id,
                                         status_name(s.status), s.closed_on ? format_date(*s.closed_on) : "?",
                                         "; log 'reopen " + d.id + "' first if it is back in play"));
        return false;
    }
    if (e.kind == Kind::reopen && s.status == DealStatus::open) {
        error(lane, e, EntryPart::kind, fmt::format("'reopen' needs a closed deal, but '{}' is open", d.id));
        return false;
    }
    switch (e.kind) {
    case Kind::call: case Kind::meeting: case Kind::email: case Kind::demo: case Kind::visit: case Kind::message:
        s.last_contact = std::max(s.last_contact, e.date);
        ++s.interactions;
        if (e.next_date && s.status == DealStatus::open) {
            // Without next_what the text is written after the replay, for the
            // deals whose last next action it still is.
            s.next_action = NextStep{e.has_next_what ? e.next_what() : std::string_view(), e.next_date};
            s.follow_up_of = e.has_next_what ? 0 : static_cast<std::uint32_t>(&e - book_.entries.data()) + 1;
        }
        break;
    case Kind::note:
        break;
    case Kind::stage: {
        int idx = stage_arg(lane, e, s);
        if (idx < 0) return false;
        if (idx == s.stage) {
            error(lane, e, EntryPart::stage, fmt::format("deal '{}' is already in stage '{}' (since {})", d.id, e.stage(),
                                              format_date(s.stage_entered)));
            return false;
        }
        if (!s.stays.empty()) { s.stays.back().left = e.date; s.stays.back().ended = true; }
        s.stays.push_back({idx, e.date, std::nullopt, false});
        s.stage = idx;
        s.stage_entered = e.date;
        break;
    }
    case Kind::won:
    case Kind::lost:
        if (e.kind == Kind::won) {
            if (e.amount) s.amount = *e.amount;
            s.status = DealStatus::won;
            s.ever_won = true;
        } else {
            s.status = DealStatus::lost;
            s.lost_reason = e.x().reason;
        }
        s.closed_on = e.date;
        s.closed_owner = s.owner;
        if (!s.stays.empty()) { s.stays.back().left = e.date; s.stays.back().ended = true; }
        break;
    case Kind::reopen: {
        int idx = s.stage;
        if (!e.stage().empty()) {
            idx = stage_arg(lane, e, s);
            if (idx < 0) return false;
        }
        s.status = DealStatus::open;
        s.closed_on.reset();
        s.closed_owner = -1;
        s.lost_reason = {};
        s.stays.push_back({idx, e.date, std::nullopt, false});
        s.stage = idx;
        s.stage_entered = e.date;
        break;
    }
    case Kind::next:
        s.next_action = NextStep{e.next_what(), e.next_date};
        s.follow_up_of = 0;
        break;
    case Kind::set: {
        const EntryExtra& x = e.x();
        if (!x.set_owner.empty()) {
            int a = book_.agent_index(x.set_owner);
            if (a < 0) {
                std::vector<std::string_view> ids;
                for (const auto& ag : book_.agents) ids.push_back(ag.id);
                error(lane, e, EntryPart::owner,
                      fmt::format("unknown agent '{}'{}", x.set_owner, suggestion_suffix(x.set_owner, ids)));
                return false;
            }
            s.owner = a;
            s.owner_changes.emplace_back(e.date, a);
        }
        if (x.set_amount) s.amount = *x.set_amount;
        if (x.set_close) s.expected_close = x.set_close;
        if (x.set_probability) s.probability = x.set_probability;
        if (x.clear_probability) s.probability.reset();
        if (x.set_title) s.title = *x.set_title;
        break;
    }
    case Kind::invoice: case Kind::payment:
        break;  // refused before
    }
    return true;
}

void Replayer::apply(Lane& lane, std::uint32_t index) {
    const Entry& e = book_.entries[index];
    // ids resolved before the replay (see resolve())
    int di = r_.deal_of[index];
    int ci = r_.client_of[index];
    if (di < 0 && ci < 0) {
        std::vector<std::string_view> ids;
        if (!is_client_only(e.kind))
            for (const auto& d : book_.deals) ids.push_back(d.id);
        if (!is_deal_only(e.kind))
            for (const auto& c : book_.clients) ids.push_back(c.id);
        const char* what = is_client_only(e.kind) ? "client" : is_deal_only(e.kind) ? "deal" : "deal or client";
        error(lane, e, EntryPart::target, fmt::format("unknown {} '{}'{}", what, e.target(), suggestion_suffix(e.target(), ids)));
        return;
    }
    int agent = r_.credited[index];  // the @agent, resolved before; credited below
    if (!e.agent().empty() && agent < 0) {
        std::vector<std::string_view> ids;
        for (const auto& a : book_.agents) ids.push_back(a.id);
        error(lane, e, EntryPart::agent, fmt::format("unknown agent '{}'{}", e.agent(), suggestion_suffix(e.agent(), ids)));
        return;
    }
    if (di >= 0 && is_client_only(e.kind)) {
        error(lane, e, EntryPart::target, fmt::format("'{}' is about a client, but '{}' is a deal; write its client '{}'",
                                           kind_name(e.kind), e.target(), book_.deals[di].client));
        return;
    }
    if (di < 0 && is_deal_only(e.kind)) {
        error(lane, e, EntryPart::target, fmt::format("'{}' is about a deal, but '{}' is a client", kind_name(e.kind), e.target()));
        return;
    }
    if (di < 0 && (e.next_date || e.has_next_what)) {
        error(lane, e, EntryPart::next,
              fmt::format("'next:' sets a deal's next action, but '{}' is a client; log it on one of its deals", e.target()),
              EntryPart::target);
        return;
    }
    if (di >= 0) {
        DealState& s = r_.deals[di];
        int owner_before = s.owner;
        if (!apply_deal(lane, e, di, s)) return;
        if (agent < 0) agent = owner_before;
    } else if (ci >= 0) {
        ClientState& c = r_.clients[ci];
        if (is_interaction(e.kind))
            c.last_interaction = c.last_interaction ? std::max(*c.last_interaction, e.date) : e.date;
        if (e.kind == Kind::invoice && e.amount) c.invoiced.cents += e.amount->cents;
        if (e.kind == Kind::payment && e.amount) {
            c.paid.cents += e.amount->cents;
            c.last_payment = c.last_payment ? std::max(*c.last_payment, e.date) : e.date;
        }
    }
    if (agent < 0 && ci >= 0) agent = client_owner_[ci];
    lane.applied.push_back(lane.at);
    lane.credited.push_back(agent);
}

// Entries [from, to): the ids each names, looked up once (the hash lookups are
// most of a replay's time on a big ledger).
// Also says whether they follow each other (and the one before) in replay order.
bool Replayer::resolve(std::size_t from, std::size_t to, bool share, std::vector<std::uint32_t>& per_deal,
                       std::vector<std::uint32_t>& per_client) {
    bool in_order = true;
    std::uint64_t last = from > 0 ? order_key(from - 1) : 0;
    // The deals' index is big: each lookup starts a few entries early.
    constexpr std::size_t ahead = 12;
    std::uint64_t hashes[16];
    auto start = [&](std::size_t i) {
        const std::uint64_t h = IdIndex::hash(book_.entries[i].target());
        hashes[i % 16] = h;
        book_.deal_ids.prefetch(h);
    };
    for (std::size_t i = from; i < std::min(to, from + ahead); ++i) start(i);
    for (std::size_t i = from; i < to; ++i) {
        if (i + ahead < to) start(i + ahead);
        const Entry& e = book_.entries[i];
        int di = book_.deal_ids.find(e.target(), book_.deals, hashes[i % 16]);
        r_.deal_of[i] = di;
        const int ci = di >= 0 ? r_.client_of_deal[di] : book_.client_index(e.target());
        r_.client_of[i] = ci;
        if (!e.agent().empty()) r_.credited[i] = book_.agent_index(e.agent());
        std::uint64_t key = order_key(i);
        in_order &= last < key || i == 0;
        last = key;
        if (!share) continue;  // one lane: nothing to share out
        if (di >= 0) ++per_deal[static_cast<std::size_t>(di)];
        else if (ci >= 0) ++per_client[static_cast<std::size_t>(ci)];
    }
    return in_order;
}

Replay Replayer::run() {
    const auto& entries = book_.entries;
    const std::size_t n = entries.size(), nd = book_.deals.size(), nc = book_.clients.size();
    reserve_huge(r_.deals, nd);  // read all over by the lanes and the reports
    r_.deals.resize(nd);
    r_.clients.resize(nc);
    r_.client_of_deal.resize(nd);
    client_owner_.resize(nc);
    for (auto* v : {&r_.credited, &r_.deal_of, &r_.client_of}) {
        reserve_huge(*v, n);
        v->assign(n, -1);
    }
    // Each lane first sets up its share of the deals and clients, then looks up
    // the ids of its share of the entries.
    run_lanes(lanes_, [&](unsigned t) {
        init_deals(nd * t / lanes_, nd * (t + 1) / lanes_);
        for (std::size_t i = nc * t / lanes_; i < nc * (t + 1) / lanes_; ++i)
            client_owner_[i] = book_.agent_index(book_.clients[i].owner);
    });
    // ... and whether they are in replay order already (a ledger kept in date
    // order needs no sort).
    std::vector<char> sorted(lanes_);
    std::vector<std::vector<std::uint32_t>> per_deal(lanes_), per_client(lanes_);
    run_lanes(lanes_, [&](unsigned t) {
        per_deal[t].assign(lanes_ > 1 ? nd : 0, 0);
        per_client[t].assign(lanes_ > 1 ? nc : 0, 0);
        sorted[t] = resolve(n * t / lanes_, n * (t + 1) / lanes_, lanes_ > 1, per_deal[t], per_client[t]);
    });

    const bool in_order = std::find(sorted.begin(), sorted.end(), 0) == sorted.end();
    std::vector<std::uint64_t> keys;
    if (!in_order) {
        keys.resize(n);
        for (std::size_t i = 0; i < n; ++i) keys[i] = order_key(i);
        std::sort(keys.begin(), keys.end());
    }
    auto index_at = [&](std::size_t k) {
        return static_cast<std::uint32_t>(in_order ? k : keys[k] & 0x7FFFFFFFu);
    };

    // An entry changes the state of one deal or one client only. Each lane
    // replays the entries of its own share of the deals and clients, in replay
    // order; their results are then joined in that order.
    // Each lane takes a run of deals and a run of clients with about the same
    // number of entries as the others' (older deals have more).
    auto bounds = [&](const std::vector<std::vector<std::uint32_t>>& counts, std::size_t size) {
        std::vector<std::size_t> first(lanes_ + 1, size);  // lane t: [first[t], first[t + 1])
        first[0] = 0;
        std::uint64_t total = 0;
        for (const auto& c : counts)
            for (std::uint32_t x : c) total += x;
        std::uint64_t seen = 0;
        unsigned lane = 1;
        for (std::size_t i = 0; i < size && lane < lanes_; ++i) {
            while (lane < lanes_ && seen >= total * lane / lanes_) first[lane++] = i;
            for (const auto& c : counts) seen += c[i];
        }
        return first;
    };
    const std::vector<std::size_t> deal_first = lanes_ > 1 ? bounds(per_deal, nd) : std::vector<std::size_t>{};
    const std::vector<std::size_t> client_first = lanes_ > 1 ? bounds(per_client, nc) : std::vector<std::size_t>{};
    std::vector<std::vector<std::uint32_t>>().swap(per_deal);
    std::vector<std::vector<std::uint32_t>>().swap(per_client);
    auto lane_of = [&](std::uint32_t i) -> unsigned {
        auto in = [&](const std::vector<std::size_t>& first, std::size_t x) {
            unsigned t = 0;
            while (x >= first[t + 1]) ++t;
            return t;
        };
        if (int di = r_.deal_of[i]; di >= 0) return in(deal_first, static_cast<std::size_t>(di));
        if (int ci = r_.client_of[i]; ci >= 0) return in(client_first, static_cast<std::size_t>(ci));
        return 0;  // an unknown id: an error, reported by lane 0
    };
    std::vector<Lane> lanes(lanes_);
    run_lanes(lanes_, [&](unsigned t) {
        Lane& lane = lanes[t];
        // about its share of the entries (even, unless a few deals hold most of
        // them), so the lists rarely grow
        reserve_huge(lane.applied, n / lanes_ + n / (8 * lanes_) + 16);
        reserve_huge(lane.credited, lane.applied.capacity());
        constexpr std::size_t ahead = 16;
        std::uint32_t pending[ahead];  // this lane's next entries, prefetched
        std::size_t head = 0, queued = 0, k = 0;
        auto fill = [&] {
            for (; queued < ahead && k < n; ++k) {
                std::uint32_t i = index_at(k);
                if (lanes_ > 1 && lane_of(i) != t) continue;
                // Each entry updates a state anywhere in memory: ask for it a
                // few entries ahead. (Written out here: GCC drops a call to a
                // function that does nothing but prefetch, as a pure one.)
                if (int di = r_.deal_of[i]; di >= 0)
                    __builtin_prefetch(&r_.deals[static_cast<std::size_t>(di)], 1);  // its first cache line: see DealState
                else if (int ci = r_.client_of[i]; ci >= 0)
                    __builtin_prefetch(&r_.clients[static_cast<std::size_t>(ci)], 1);
                pending[(head + queued++) % ahead] = static_cast<std::uint32_t>(k);
            }
        };
        for (fill(); queued > 0; fill()) {
            lane.at = pending[head];
            head = (head + 1) % ahead;
            --queued;
            std::uint32_t i = index_at(lane.at);
            const Entry& e = entries[i];
            if (e.date > r_.today) {
                lane.future.push_back(i);
                if (diags_)
                    report(lane, {Severity::warning, e.pos(),
                                  fmt::format("entry dated {} is after today ({}); it is ignored until then",
                                              format_date(e.date), format_date(r_.today)),
                                  DiagCode::future_entry});
                continue;
            }
            apply(lane, i);
        }
    });

    // The lanes' results, joined in replay order.
    for (const Lane& lane : lanes)
        for (std::uint32_t i : lane.future) r_.deal_of[i] = r_.client_of[i] = -1;  // not applied
    // Written here, not by the lanes: their entries interleave, so they would
    // write the same cache lines all the time.
    std::fill(r_.credited.begin(), r_.credited.end(), -1);
    for (Lane& lane : lanes) {
        for (std::size_t j = 0; j < lane.applied.size(); ++j) r_.credited[index_at(lane.applied[j])] = lane.credited[j];
        std::vector<std::int32_t>().swap(lane.credited);
    }
    std::vector<std::uint32_t> applied;
    for (Lane& lane : lanes) {
        std::vector<std::uint32_t> joined;
        reserve_huge(joined, applied.size() + lane.applied.size());
        std::merge(applied.begin(), applied.end(), lane.applied.begin(), lane.applied.end(), std::back_inserter(joined));
        applied.swap(joined);
        std::vector<std::uint32_t>().swap(lane.applied);
    }
    for (auto& k : applied) k = index_at(k);
    r_.applied = std::move(applied);
    if (diags_) {
        std::vector<std::pair<std::uint32_t, Diagnostic*>> all;
        for (Lane& lane : lanes)
            for (std::size_t j = 0; j < lane.diags.size(); ++j) all.emplace_back(lane.diag_at[j], &lane.diags[j]);
        std::stable_sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        diags_->reserve(diags_->size() + all.size());
        for (auto& [at, d] : all) diags_->push_back(std::move(*d));
    }

    std::shared_ptr<TextArena> texts;
    for (std::size_t i = 0; i < nd; ++i) {
        DealState& s = r_.deals[i];
        if (!s.exists) continue;
        if (s.follow_up_of) {
            const Entry& e = entries[s.follow_up_of - 1];
            if (!texts) texts = std::make_shared<TextArena>();
            s.next_action->what = texts->keep(fmt::format("follow up on the {} of {}", kind_name(e.kind), format_date(e.date)));
            s.follow_up_of = 0;
        }
        int ci = r_.client_of_deal[i];
        if (ci >= 0 && r_.clients[ci].last_interaction)
            s.last_contact = std::max(s.last_contact, *r_.clients[ci].last_interaction);
    }
    r_.texts = std::move(texts);
    return std::move(r_);
}

}  // namespace

Replay replay(const Book& book, Date today, Diags* diags, unsigned lanes) {
    if (lanes == 0) {
        // threads pay off on a big ledger only
        const unsigned cores = std::max(1u, std::min(8u, std::thread::hardware_concurrency()));
        lanes = book.entries.size() + book.deals.size() >= 200000 ? cores : 1;
    }
    return Replayer(book, today, diags, lanes).run();
}

}  // namespace salesrep
