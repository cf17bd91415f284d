#include "salesrep/book.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string_view>

namespace salesrep {

namespace {
constexpr std::array<std::string_view, 4> category_names{"pipeline", "best_case", "commit", "omitted"};
constexpr std::array<std::string_view, 4> role_names{"agent", "lead", "supervisor", "director"};
constexpr std::array<std::string_view, metric_count> metric_names{
    "sales", "deals_won", "deals_opened", "collected", "calls",
    "meetings", "emails", "demos", "visits", "messages"};
constexpr std::array<std::string_view, kind_count> kind_names{
    "call", "meeting", "email", "demo", "visit", "message", "note", "stage",
    "won", "lost", "reopen", "next", "set", "invoice", "payment", "open", "client"};

template <class E, std::size_t N>
std::optional<E> lookup(const std::array<std::string_view, N>& names, std::string_view s) {
    for (std::size_t i = 0; i < N; ++i)
        if (names[i] == s) return static_cast<E>(i);
    return std::nullopt;
}

}  // namespace

std::string_view category_name(Category c) { return category_names[static_cast<int>(c)]; }
std::optional<Category> parse_category(std::string_view s) { return lookup<Category>(category_names, s); }
std::string_view role_name(Role r) { return role_names[static_cast<int>(r)]; }
std::string_view metric_name(Metric m) { return metric_names[static_cast<int>(m)]; }
std::optional<Metric> parse_metric(std::string_view s) { return lookup<Metric>(metric_names, s); }
bool metric_is_money(Metric m) { return m == Metric::sales || m == Metric::collected; }
std::string_view kind_name(Kind k) { return kind_names[static_cast<int>(k)]; }
std::optional<Kind> parse_kind(std::string_view s) { return lookup<Kind>(kind_names, s); }

int Pipeline::stage_index(std::string_view sid) const {
    for (std::size_t i = 0; i < stages.size(); ++i)
        if (stages[i].id == sid) return static_cast<int>(i);
    return -1;
}

std::vector<int> deals_in_id_order(const std::vector<Deal>& deals) {
    // Sorted on a copy of each id's first 16 bytes (big-endian, so integer
    // order is byte order; ids hold no NUL, so zero padding sorts a prefix
    // first): ids share long prefixes ("acme-0042-..."), and most
    // comparisons then never touch the deals themselves.
    struct Key {
        std::uint64_t head[2];
        std::string_view id;
        int deal;
        bool operator<(const Key& y) const {
            if (head[0] != y.head[0]) return head[0] < y.head[0];
            if (head[1] != y.head[1]) return head[1] < y.head[1];
            return id != y.id ? id < y.id : deal < y.deal;
        }
    };
    std::vector<Key> keys(deals.size());
    bool sorted = true;
    for (std::size_t i = 0; i < keys.size(); ++i) {
        std::string_view id = deals[i].id;
        Key& k = keys[i];
        for (std::size_t w = 0; w < 2; ++w) {
            std::uint64_t head = 0;
            for (std::size_t b = 8 * w; b < 8 * w + 8; ++b)
                head = (head << 8) | (b < id.size() ? static_cast<unsigned char>(id[b]) : 0u);
            k.head[w] = head;
        }
        k.id = id;
        k.deal = static_cast<int>(i);
        if (i > 0 && !(keys[i - 1] < k || keys[i - 1].id == id)) sorted = false;
    }
    if (!sorted) std::sort(keys.begin(), keys.end());
    std::vector<int> order(keys.size());
    for (std::size_t i = 0; i < keys.size(); ++i) order[i] = keys[i].deal;
    return order;
}

void Book::index() {
    IdIndex ix;
    ix.build(deals);
    index(std::move(ix));
}

void Book::index(IdIndex&& deals_index) {
    deals_by_id.clear();
    pipeline_ids.build(pipelines);
    team_ids.build(teams);
    agent_ids.build(agents);
    client_ids.build(clients);
    deal_ids = std::move(deals_index);
}

int Book::deal_index(std::string_view id) const { return deal_ids.find(id, deals); }
int Book::client_index(std::string_view id) const { return client_ids.find(id, clients); }
int Book::agent_index(std::string_view id) const { return agent_ids.find(id, agents); }
int Book::team_index(std::string_view id) const { return team_ids.find(id, teams); }
int Book::pipeline_index(std::string_view id) const { return pipeline_ids.find(id, pipelines); }

const Agent* Book::agent(std::string_view id) const {
    int i = agent_index(id);
    return i < 0 ? nullptr : &agents[i];
}
const Client* Book::client(std::string_view id) const {
    int i = client_index(id);
    return i < 0 ? nullptr : &clients[i];
}
const Deal* Book::deal(std::string_view id) const {
    int i = deal_index(id);
    return i < 0 ? nullptr : &deals[i];
}

int Book::pipeline_of(const Deal& d) const {
    if (pipelines.empty()) return -1;
    if (!d.pipeline.empty()) return pipeline_index(d.pipeline);
    if (const Client* c = client(d.client); c && !c->segment.empty()) {
        for (std::size_t i = 0; i < pipelines.size(); ++i)
            for (const auto& s : pipelines[i].segments)
                if (s == c->segment) return static_cast<int>(i);
    }
    return 0;
}

}  // namespace salesrep
