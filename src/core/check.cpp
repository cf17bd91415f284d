// check: referential integrity of the YAML files, then the ledger's rules by replay.
#include "salesrep/check.hpp"

#include "salesrep/replay.hpp"
#include "salesrep/write_to.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <iterator>
#include <map>
#include <set>
#include <tuple>

namespace salesrep {

namespace {

struct Checker {
    const Book& book;
    const EntryIds& named;  // what each entry names
    Diags& diags;

    void error(SourcePos p, std::string msg) { diags.push_back({Severity::error, p, std::move(msg)}); }
    void warning(SourcePos p, std::string msg) { diags.push_back({Severity::warning, p, std::move(msg)}); }

    // `built`: the book's index of `items`, when it has one.
    template <class T>
    void duplicates(const std::vector<T>& items, std::string_view what, const IdIndex* built = nullptr) {
        if (built && !built->covers(items.size())) built = nullptr;  // not built from these
        IdIndex own;  // the first of equal ids wins
        if (!built) own.build(items);
        const IdIndex& index = built ? *built : own;
        for (std::size_t i = 0; i < items.size(); ++i) {
            const auto& it = items[i];
            int first_index = index.find(it.id, items);
            if (first_index < 0 || static_cast<std::size_t>(first_index) == i) continue;
            const SourcePos& first = items[static_cast<std::size_t>(first_index)].pos;
            error(it.pos, fmt::format("duplicate {} id '{}' (first defined at {}:{}); ids must be unique", what, it.id,
                                      book.sources.files[first.file].path, first.line));
        }
    }
    template <class T>
    std::vector<std::string_view> ids(const std::vector<T>& items) {
        std::vector<std::string_view> v;
        for (const auto& it : items) v.push_back(it.id);
        return v;
    }
    bool known_agent(const std::string& id, SourcePos p, std::string_view role) {
        if (id.empty() || book.agent_index(id) >= 0) return true;
        error(p, fmt::format("unknown agent '{}' as {}{}; agents are listed in the team file", id, role,
                             suggestion_suffix(id, ids(book.agents))));
        return false;
    }

    void pipelines();
    void team();
    void clients();
    void deals();
    void targets();
    void write_to();
    void repeated_money();
    void closed_twice();

    // Which record an entry names, as one number: the index of its deal or
    // client, else (an unknown id, reported by the replay) a hash of the id.
    // The three kinds never share a value.
    std::uint64_t target_key(std::size_t i) const {
        if (named.deal_of[i] >= 0) return std::uint64_t{1} << 62 | static_cast<std::uint32_t>(named.deal_of[i]);
        if (named.client_of[i] >= 0) return static_cast<std::uint32_t>(named.client_of[i]);
        return std::uint64_t{1} << 63 | IdIndex::hash(book.entries[i].target);
    }
};

void Checker::pipelines() {
    duplicates(book.pipelines, "pipeline", &book.pipeline_ids);
    std::map<std::string, std::string> segment_owner;
    for (const auto& p : book.pipelines) {
        duplicates(p.stages, fmt::format("stage (in pipeline '{}')", p.id));
        for (const auto& seg : p.segments) {
            auto [it, fresh] = segment_owner.emplace(seg, p.id);
            if (!fresh && it->second != p.id)
                warning(p.pos, fmt::format("segment '{}' is listed by pipelines '{}' and '{}'; its clients get '{}'",
                                           seg, it->second, p.id, it->second));
        }
    }
}

void Checker::team() {
    duplicates(book.teams, "team", &book.team_ids);
    duplicates(book.agents, "agent", &book.agent_ids);
    for (const auto& t : book.teams) known_agent(t.lead, t.lead_pos, fmt::format("lead of team '{}'", t.id));
    for (const auto& a : book.agents) {
        if (a.team.empty() || book.team_index(a.team) >= 0) continue;
        error(a.team_pos, fmt::format("unknown team '{}' for agent '{}'{}", a.team, a.id,
                                      suggestion_suffix(a.team, ids(book.teams))));
    }
}

void Checker::clients() {
    duplicates(book.clients, "client", &book.client_ids);
    for (const auto& c : book.clients) known_agent(c.owner, c.owner_pos, fmt::format("owner of client '{}'", c.id));
}

void Checker::deals() {
    duplicates(book.deals, "deal", &book.deal_ids);
    for (const auto& d : book.deals) {
        if (const Client* c = book.client(d.id)) {
            error(d.pos, fmt::format("deal id '{}' is also a client id (at {}:{}); deals and clients share one "
                                     "namespace, rename one", d.id, book.sources.files[c->pos.file].path, c->pos.line));
        }
        const Client* client = d.client.empty() ? nullptr : book.client(d.client);
        if (!d.client.empty() && !client)  // empty: reported as missing
            error(d.client_pos, fmt::format("unknown client '{}' for deal '{}'{}", d.client, d.id,
                                            suggestion_suffix(d.client, ids(book.clients))));
        if (client && client->since && d.opened < *client->since)
            error(d.client_pos, fmt::format("deal '{}' is opened on {}, before its client '{}' was added ({}, at "
                                            "{}:{}); open it on or after that day", d.id, format_date(d.opened),
                                            d.client, format_date(*client->since),
                                            book.sources.files[client->pos.file].path, client->pos.line));
        known_agent(d.owner, d.owner_pos, fmt::format("owner of deal '{}'", d.id));
        if (!d.pipeline.empty() && book.pipeline_index(d.pipeline) < 0) {
            error(d.pipeline_pos, fmt::format("unknown pipeline '{}' for deal '{}'{}", d.pipeline, d.id,
                                              suggestion_suffix(d.pipeline, ids(book.pipelines))));
            continue;
        }
        int p = book.pipeline_of(d);
        if (p >= 0 && !d.stage.empty() && book.pipelines[p].stage_index(d.stage) < 0) {
            std::vector<std::string_view> st;
            for (const auto& s : book.pipelines[p].stages) st.push_back(s.id);
            std::string hint = (d.stage == "won" || d.stage == "lost")
                                   ? "; a deal opens in a stage, and its outcome is a ledger entry"
                                   : suggestion_suffix(d.stage, st);
            error(d.stage_pos, fmt::format("unknown stage '{}' in pipeline '{}'{}", d.stage, book.pipelines[p].id, hint));
        }
        if (d.expected_close && *d.expected_close < d.opened)
            warning(d.pos, fmt::format("deal '{}' is expected to close ({}) before it was opened ({})", d.id,
                                       format_date(*d.expected_close), format_date(d.opened)));
    }
}

void Checker::targets() {
    // overlapping targets of one scope for one metric add up: warn
    std::map<std::tuple<int, std::string, int>, std::vector<const Target*>> by_key;
    for (const auto& t : book.targets) {
        if (t.scope == Scope::agent && book.agent_index(t.id) < 0)
            error(t.id_pos, fmt::format("unknown agent '{}' in a target{}", t.id, suggestion_suffix(t.id, ids(book.agents))));
        if (t.scope == Scope::team && book.team_index(t.id) < 0)
            error(t.id_pos, fmt::format("unknown team '{}' in a target{}", t.id, suggestion_suffix(t.id, ids(book.teams))));
        for (const auto& [m, v] : t.values) {
            if (!metric_is_money(m) && v % 100 != 0)
                warning(t.pos, fmt::format("target {} {} is not a whole number", metric_name(m), format_money(Money{v})));
            auto& list = by_key[{static_cast<int>(t.scope), t.id, static_cast<int>(m)}];
            for (const Target* other : list) {
                bool overlap = *t.period.from <= *other->period.to && *other->period.from <= *t.period.to;
                if (overlap)
                    warning(t.period_pos,
                            fmt::format("{} target for {} over {} overlaps the one over {} (line {}); overlapping "
                                        "targets add up",
                                        metric_name(m), t.scope == Scope::company ? std::string("the company") : t.id,
                                        t.period.label, other->period.label, other->pos.line));
            }
            list.push_back(&t);
        }
    }
}

// files.write_to must write where files.ledger reads (SPEC §1): else an entry
// would be written and never counted.
void Checker::write_to() {
    const Settings& s = book.settings;
    if (s.write_to.empty()) return;
    std::vector<std::string_view> missed;
    std::string first;
    for (const auto& a : book.agents) {
        std::string path = write_to_path(s, a.id);
        if (ledger_reads(s, path)) continue;
        if (missed.empty()) first = path;
        missed.push_back(a.id);
    }
    if (missed.empty()) return;
    const std::string glob = write_to_path(s, "*");
    std::string more = missed.size() == 1 ? std::string()
                       : fmt::format(" (and {} more {} to theirs)", missed.size() - 1, missed.size() == 2 ? "agent's" : "agents'");
    error(s.write_to_pos,
          fmt::format("files.write_to sends the entries of agent '{}' to '{}'{}, which files.ledger does not read: "
                      "they would be written and never counted; make files.ledger read them, e.g. 'ledger: {}'",
                      missed.front(), first, more, glob));
}

// A money entry's key (hash of what makes two lines the same) and its index.
struct MoneyKey {
    std::uint64_t hash;
    std::uint32_t index;
};

// The keys grouped by the hash's top bits, each group in index order (one
// counting pass): a group is small enough to stay in cache while it is looked at.
std::vector<std::uint32_t> group_money_keys(std::vector<MoneyKey>& keys) {
    constexpr unsigned group_bits = 12;
    auto group = [](const MoneyKey& k) { return static_cast<std::size_t>(k.hash >> (64 - group_bits)); };
    std::vector<std::uint32_t> starts((1u << group_bits) + 1, 0);
    for (const MoneyKey& k : keys) ++starts[group(k) + 1];
    for (std::size_t g = 1; g < starts.size(); ++g) starts[g] += starts[g - 1];
    std::vector<MoneyKey> grouped(keys.size());
    std::vector<std::uint32_t> fill(starts.begin(), starts.end() - 1);
    for (const MoneyKey& k : keys) grouped[fill[group(k)]++] = k;
    keys.swap(grouped);
    return starts;
}

// Two invoices (or two payments) of one client on one day, of one amount and
// with one ref (or both without): most likely one line twice, as a careless
// merge leaves (SPEC §7). A warning on each line after the first; both count.
void Checker::repeated_money() {
    std::vector<MoneyKey> keys;
    const auto& entries = book.entries;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const Entry& e = entries[i];
        if (e.kind != Kind::invoice && e.kind != Kind::payment) continue;
        std::uint64_t h = (target_key(i) + 1) * 0xD6E8FEB86659FD93ull;
        if (!e.ref.empty()) h ^= IdIndex::hash(e.ref) * 0x9E3779B97F4A7C15ull;
        h ^= (static_cast<std::uint64_t>(e.date.days) << 1 | (e.kind == Kind::payment)) * 0xBF58476D1CE4E5B9ull;
        h ^= static_cast<std::uint64_t>(e.amount.value_or(Money{0}).cents) * 0x94D049BB133111EBull;
        keys.push_back({h, static_cast<std::uint32_t>(i)});
    }
    const std::vector<std::uint32_t> starts = group_money_keys(keys);
    auto same = [](const Entry& a, const Entry& b) {
        return a.kind == b.kind && a.date == b.date && a.target == b.target && a.amount == b.amount &&
               a.ref == b.ref;
    };
    // Per group, a table of the first line of each content seen so far (open
    // addressing on the hash): a line finds its first copy there, or goes in.
    constexpr std::uint32_t empty = ~std::uint32_t{0};
    std::vector<std::uint32_t> table;
    for (std::size_t g = 0; g + 1 < starts.size(); ++g) {
        const std::size_t first = starts[g], count = starts[g + 1] - first;
        if (count < 2) continue;
        std::size_t size = 1;  // a power of two, at least twice the group
        while (size < 2 * count) size <<= 1;
        table.assign(size, empty);
        const std::size_t mask = size - 1;
        for (std::size_t k = first; k < first + count; ++k) {
            const Entry& e = entries[keys[k].index];
            std::size_t slot = keys[k].hash & mask;
            for (; table[slot] != empty; slot = (slot + 1) & mask) {
                const MoneyKey& seen = keys[table[slot]];
                if (seen.hash != keys[k].hash || !same(entries[seen.index], e)) continue;
                const Entry& copy = entries[seen.index];
                std::string ref = e.ref.empty() ? std::string(" without a ref") : fmt::format(" ref:{}", e.ref);
                warning(e.pos(), fmt::format("{} {} {}{} on {} is also at {}:{}: the same line twice, as a careless "
                                             "merge leaves? Both count; delete one if it happened once",
                                             kind_name(e.kind), e.target, format_money(*e.amount), ref,
                                             format_date(e.date), book.sources.files[copy.file].path, copy.line));
                break;
            }
            if (table[slot] == empty) table[slot] = static_cast<std::uint32_t>(k);
        }
    }
}

// A deal won (or lost) twice with no reopen between: the replay reports the
// second close; this names the first too, so that whoever merged two clones
// sees both lines (SPEC §7: merge=union keeps both, check says which).
void Checker::closed_twice() {
    struct Close {
        std::uint64_t target;  // target_key() of the deal
        std::int32_t day;
        int time;              // none counts as 00:00
        std::uint32_t index;   // book.entries is in (file, line) order
        auto key() const { return std::tuple(target, day, time, index); }
    };
    std::vector<Close> closes;
    const auto& entries = book.entries;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const Entry& e = entries[i];
        if (e.kind == Kind::won || e.kind == Kind::lost || e.kind == Kind::reopen)
            closes.push_back({target_key(i), e.date.days, e.time.value_or(0),
                              static_cast<std::uint32_t>(i)});
    }
    // Each deal's closes and reopens in the replay's order (date, time, file, line).
    std::sort(closes.begin(), closes.end(), [](const Close& a, const Close& b) { return a.key() < b.key(); });
    for (std::size_t j = 1; j < closes.size(); ++j) {
        const Entry& first = entries[closes[j - 1].index];
        const Entry& again = entries[closes[j].index];
        if (first.target != again.target || first.kind == Kind::reopen || again.kind == Kind::reopen) continue;
        warning(first.pos(),
                fmt::format("deal '{}' is closed here ({}) and again at {}:{} ({} on {}) with no reopen between: two "
                            "people closed the same deal, as a merge of two clones may show; keep the right line and "
                            "delete the other (or log a reopen between them)",
                            first.target, kind_name(first.kind), book.sources.files[again.file].path, again.line,
                            kind_name(again.kind), format_date(again.date)));
    }
}

// The records' checks but the money lines twice: the YAML files, then the deals closed twice.
void check_records(const Book& book, const EntryIds& ids, Diags& diags, Diags& closes) {
    Checker c{book, ids, diags};
    c.pipelines();
    c.team();
    c.clients();
    c.deals();
    c.targets();
    c.write_to();
    Checker{book, ids, closes}.closed_twice();
}

}  // namespace

Replay check_book(const Book& book, Date today, Diags& diags, const JobRunner& run) {
    // The ids the entries name, looked up once; then three jobs that read the
    // book only, the longest first: the replay, the money lines written twice
    // (a scan of every entry), the rest of the records' checks. Their
    // diagnostics are joined in one order, whatever ran first.
    const EntryIds ids = look_up_ids(book, run);
    Diags records, money, closes, replayed;
    Replay r;
    run_jobs(run, 3, [&](std::size_t job) {
        if (job == 0) r = replay(book, today, &replayed, &ids);
        else if (job == 1) Checker{book, ids, money}.repeated_money();
        else check_records(book, ids, records, closes);
    });
    for (Diags* part : {&records, &money, &closes, &replayed})
        diags.insert(diags.end(), std::make_move_iterator(part->begin()), std::make_move_iterator(part->end()));
    return r;
}

}  // namespace salesrep
