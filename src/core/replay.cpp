// The one place where the ledger's history is applied (SPEC §7).
#include "salesrep/replay.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <numeric>
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
    Replayer(const Book& b, Date today, Diags* d) : book_(b), diags_(d) { r_.today = today; }
    Replay run();

private:
    const Book& book_;
    Diags* diags_;
    Replay r_;

    std::vector<int> client_of_deal_;  // per deal: its client's index, -1 none
    std::vector<int> client_owner_;    // per client: its owner's agent index, -1 none
    void resolve();
    std::vector<std::vector<std::uint32_t>> line_starts_;  // per source file, built on a first error

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
    void init_deals();
    void apply(std::uint32_t index);
    bool apply_deal(const Entry& e, int di, DealState& s);
    int stage_arg(const Entry& e, const DealState& s);
};

void Replayer::init_deals() {
    r_.deals.resize(book_.deals.size());
    r_.clients.resize(book_.clients.size());
    for (std::size_t i = 0; i < book_.deals.size(); ++i) {
        const Deal& d = book_.deals[i];
        DealState& s = r_.deals[i];
        s.pipeline = book_.pipeline_of(d);
        if (d.opened > r_.today) continue;
        s.exists = true;
        s.stage = 0;
        if (s.pipeline >= 0 && !d.stage.empty()) s.stage = std::max(0, book_.pipelines[s.pipeline].stage_index(d.stage));
        s.stage_entered = d.opened;
        s.stays.push_back({s.stage, d.opened, std::nullopt, false});
        s.amount = d.amount;
        s.probability = d.probability;
        s.expected_close = d.expected_close;
        s.owner = book_.agent_index(d.owner);
        s.owners.emplace_back(d.opened, s.owner);
        s.next_action = d.next_action;
        s.title = d.title;
        s.last_contact = d.opened;
    }
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

bool Replayer::apply_deal(const Entry& e, int di, DealState& s) {
    const Deal& d = book_.deals[di];
    if (e.date < d.opened) {
        error(e, EntryPart::date, fmt::format("entry dated {} is before deal '{}' was opened ({}); fix the date or the "
                                         "deal's 'opened:'", format_date(e.date), d.id, format_date(d.opened)));
        return false;
    }
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
    switch (e.kind) {
    case Kind::call: case Kind::meeting: case Kind::email: case Kind::demo: case Kind::visit: case Kind::message:
        s.last_contact = std::max(s.last_contact, e.date);
        ++s.interactions;
        if (e.next_date && s.status == DealStatus::open)
            s.next_action = NextAction{e.has_next_what ? std::string(e.next_what)
                                                       : fmt::format("follow up on the {} of {}", kind_name(e.kind),
                                                                     format_date(e.date)),
                                       e.next_date};
        break;
    case Kind::note:
        break;
    case Kind::stage: {
        int idx = stage_arg(e, s);
        if (idx < 0) return false;
        if (idx == s.stage) {
            error(e, EntryPart::stage, fmt::format("deal '{}' is already in stage '{}' (since {})", d.id, e.stage,
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
        if (!e.stage.empty()) {
            idx = stage_arg(e, s);
            if (idx < 0) return false;
        }
        s.status = DealStatus::open;
        s.closed_on.reset();
        s.closed_owner = -1;
        s.lost_reason.clear();
        s.stays.push_back({idx, e.date, std::nullopt, false});
        s.stage = idx;
        s.stage_entered = e.date;
        break;
    }
    case Kind::next:
        s.next_action = NextAction{std::string(e.next_what), e.next_date};
        break;
    case Kind::set: {
        const EntryExtra& x = e.x();
        if (!x.set_owner.empty()) {
            int a = book_.agent_index(x.set_owner);
            if (a < 0) {
                std::vector<std::string_view> ids;
                for (const auto& ag : book_.agents) ids.push_back(ag.id);
                error(e, EntryPart::owner,
                      fmt::format("unknown agent '{}'{}", x.set_owner, suggestion_suffix(x.set_owner, ids)));
                return false;
            }
            s.owner = a;
            s.owners.emplace_back(e.date, a);
        }
        if (x.set_amount) s.amount = *x.set_amount;
        if (x.set_close) s.expected_close = x.set_close;
        if (x.set_probability) s.probability = x.set_probability;
        if (x.clear_probability) s.probability.reset();
        if (x.set_title) s.title = std::string(*x.set_title);
        break;
    }
    case Kind::invoice: case Kind::payment:
        break;  // refused before
    }
    return true;
}

void Replayer::apply(std::uint32_t index) {
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
        error(e, EntryPart::target, fmt::format("unknown {} '{}'{}", what, e.target, suggestion_suffix(e.target, ids)));
        return;
    }
    int agent = r_.credited[index];  // the @agent, resolved before; credited below
    r_.credited[index] = -1;
    if (!e.agent.empty() && agent < 0) {
        std::vector<std::string_view> ids;
        for (const auto& a : book_.agents) ids.push_back(a.id);
        error(e, EntryPart::agent, fmt::format("unknown agent '{}'{}", e.agent, suggestion_suffix(e.agent, ids)));
        return;
    }
    if (di >= 0 && is_client_only(e.kind)) {
        error(e, EntryPart::target, fmt::format("'{}' is about a client, but '{}' is a deal; write its client '{}'",
                                           kind_name(e.kind), e.target, book_.deals[di].client));
        return;
    }
    if (di < 0 && is_deal_only(e.kind)) {
        error(e, EntryPart::target, fmt::format("'{}' is about a deal, but '{}' is a client", kind_name(e.kind), e.target));
        return;
    }
    if (di < 0 && (e.next_date || e.has_next_what)) {
        error(e, EntryPart::next,
              fmt::format("'next:' sets a deal's next action, but '{}' is a client; log it on one of its deals", e.target),
              EntryPart::target);
        return;
    }
    if (di >= 0) {
        DealState& s = r_.deals[di];
        int owner_before = s.owner;
        if (!apply_deal(e, di, s)) return;
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
    r_.credited[index] = agent;
    r_.applied.push_back(index);
}

// The ids every entry names, looked up once, on every core: the hash lookups
// are most of a replay's time on a big ledger.
void Replayer::resolve() {
    client_of_deal_.resize(book_.deals.size());
    for (std::size_t i = 0; i < book_.deals.size(); ++i) client_of_deal_[i] = book_.client_index(book_.deals[i].client);
    client_owner_.resize(book_.clients.size());
    for (std::size_t i = 0; i < book_.clients.size(); ++i) client_owner_[i] = book_.agent_index(book_.clients[i].owner);
    const auto& entries = book_.entries;
    const std::size_t n = entries.size();
    r_.deal_of.assign(n, -1);
    r_.client_of.assign(n, -1);
    auto work = [&](std::size_t from, std::size_t to) {
        for (std::size_t i = from; i < to; ++i) {
            const Entry& e = entries[i];
            int di = book_.deal_index(e.target);
            r_.deal_of[i] = di;
            r_.client_of[i] = di >= 0 ? client_of_deal_[di] : book_.client_index(e.target);
            if (!e.agent.empty()) r_.credited[i] = book_.agent_index(e.agent);
        }
    };
    const unsigned cores = std::max(1u, std::min(8u, std::thread::hardware_concurrency()));
    if (n < 200000 || cores < 2) {
        work(0, n);
        return;
    }
    std::vector<std::thread> threads;
    for (unsigned t = 1; t < cores; ++t) threads.emplace_back(work, n * t / cores, n * (t + 1) / cores);
    work(0, n / cores);
    for (auto& t : threads) t.join();
}

Replay Replayer::run() {
    init_deals();
    const auto& entries = book_.entries;
    r_.credited.assign(entries.size(), -1);
    resolve();
    // SPEC §7's order: (date, time — none counts as 00:00 —, file order, line).
    // Entries are in reading order, so their index breaks ties; one 64-bit key
    // per entry sorts without touching the entries again.
    auto key = [&](std::size_t i) {
        const Entry& e = entries[i];
        // 22 bits of day (years 1000-9999: -354,285 to 2,932,896 days), 11 of minute, 31 of index
        std::uint64_t day = static_cast<std::uint64_t>(static_cast<std::int64_t>(e.date.days) + (1 << 19)) & 0x3FFFFF;
        std::uint64_t minute = static_cast<std::uint64_t>(std::max<int>(e.time, 0)) & 0x7FF;
        return (day << 42) | (minute << 31) | static_cast<std::uint64_t>(i);
    };
    auto visit = [&](std::uint32_t i) {
        const Entry& e = entries[i];
        if (e.date > r_.today) {
            r_.deal_of[i] = r_.client_of[i] = r_.credited[i] = -1;  // not applied
            if (diags_)
                diags_->push_back({Severity::warning, e.pos(),
                                   fmt::format("entry dated {} is after today ({}); it is ignored until then",
                                               format_date(e.date), format_date(r_.today)),
                                   DiagCode::future_entry});
            return;
        }
        apply(i);
    };
    r_.applied.reserve(entries.size());
    bool in_order = true;  // a ledger kept in date order needs no sort
    for (std::size_t i = 1; i < entries.size() && in_order; ++i) in_order = key(i - 1) < key(i);
    // Each entry updates the state of a deal or client anywhere in memory: ask
    // for the one a few entries ahead while this one is applied.
    auto prefetch = [&](std::uint32_t i) {
        if (int di = r_.deal_of[i]; di >= 0) {
            const DealState& d = r_.deals[static_cast<std::size_t>(di)];
            __builtin_prefetch(&d.status, 1);
            __builtin_prefetch(&d.last_contact, 1);  // a later cache line: DealState spans several
        }
        else if (int ci = r_.client_of[i]; ci >= 0)
            __builtin_prefetch(&r_.clients[static_cast<std::size_t>(ci)], 1);
    };
    constexpr std::size_t ahead = 8;
    const std::size_t n = entries.size();
    if (in_order) {
        for (std::size_t i = 0; i < n; ++i) {
            if (i + ahead < n) prefetch(static_cast<std::uint32_t>(i + ahead));
            visit(static_cast<std::uint32_t>(i));
        }
    } else {
        std::vector<std::uint64_t> keys(n);
        for (std::size_t i = 0; i < n; ++i) keys[i] = key(i);
        std::sort(keys.begin(), keys.end());
        for (std::size_t k = 0; k < n; ++k) {
            if (k + ahead < n) prefetch(static_cast<std::uint32_t>(keys[k + ahead] & 0x7FFFFFFFu));
            visit(static_cast<std::uint32_t>(keys[k] & 0x7FFFFFFFu));
        }
    }
    for (std::size_t i = 0; i < r_.deals.size(); ++i) {
        DealState& s = r_.deals[i];
        if (!s.exists) continue;
        int ci = client_of_deal_[i];
        if (ci >= 0 && r_.clients[ci].last_interaction)
            s.last_contact = std::max(s.last_contact, *r_.clients[ci].last_interaction);
    }
    return std::move(r_);
}

}  // namespace

Replay replay(const Book& book, Date today, Diags* diags) {
    return Replayer(book, today, diags).run();
}

}  // namespace salesrep
