// Funnel conversion, win rates and winning paths (SPEC §9 Funnel).
#include "salesrep/compute/funnel.hpp"

#include "memo.hpp"

#include <array>
#include <algorithm>
#include <string_view>
#include <unordered_map>

namespace salesrep {

bool in_funnel_cohort(const Context& c, int deal, bool use_period) {
    const DealState& s = c.replay.deals[static_cast<std::size_t>(deal)];
    if (!s.exists || s.pipeline < 0 || !c.keeps_owner(s.owner)) return false;
    return !use_period || c.period.contains(c.book.deals[static_cast<std::size_t>(deal)].opened);
}

int furthest_reached(const DealState& s, int stages) {
    if (s.ever_won) return stages - 1;  // "or were won": a win reopened since still went through
    int furthest = -1;
    for (const StageStay& stay : s.stays) furthest = std::max(furthest, stay.stage);
    return std::min(furthest, stages - 1);
}

namespace {

Funnel compute_funnel(const Context& c, bool use_period, std::size_t top_paths) {
    const Book& b = c.book;
    Funnel out;
    for (std::size_t p = 0; p < b.pipelines.size(); ++p) {
        FunnelPipeline fp;
        fp.pipeline = static_cast<int>(p);
        for (const auto& st : b.pipelines[p].stages) fp.stages.push_back(FunnelStage{st.id});
        out.pipelines.push_back(std::move(fp));
    }
    // Values view the book's strings; sorted by value at the end.
    std::unordered_map<std::string_view, Breakdown> by_dim[4];
    std::unordered_map<std::string, long long> paths;
    std::string path;  // reused: a lookup of a known path allocates nothing
    static const char* dims[] = {"segment", "industry", "source", "owner"};
    auto breakdown = [&](int k, std::string_view value) -> Breakdown* {
        auto [it, added] = by_dim[k].try_emplace(value);
        if (added) {
            it->second.dimension = dims[k];
            it->second.value = value;
        }
        return &it->second;  // a node: it stays where it is
    };
    // Segment and industry come with the client, owner with the agent: each
    // looked up once per client and agent, not per deal.
    std::vector<std::array<Breakdown*, 2>> of_client(b.clients.size() + 1, {nullptr, nullptr});  // last: none
    std::vector<Breakdown*> of_agent(b.agents.size() + 1, nullptr);                             // last: none
    for (std::size_t i = 0; i < b.deals.size(); ++i) {
        const Deal& d = b.deals[i];
        const DealState& s = c.replay.deals[i];
        if (!in_funnel_cohort(c, static_cast<int>(i), use_period)) continue;
        FunnelPipeline& fp = out.pipelines[s.pipeline];
        int n = static_cast<int>(fp.stages.size());
        for (const StageStay& stay : s.stays) {
            if (stay.ended && stay.left && stay.stage >= 0 && stay.stage < n) {
                FunnelStage& fs = fp.stages[static_cast<std::size_t>(stay.stage)];
                fs.stay_days += *stay.left - stay.entered;
                fs.stays += 1;
                if (s.status == DealStatus::won) {
                    fs.won_stay_days += *stay.left - stay.entered;
                    fs.won_stays += 1;
                }
            }
        }
        const int furthest = furthest_reached(s, n);
        for (int k = 0; k <= furthest; ++k) fp.stages[k].reached += 1;
        if (s.status == DealStatus::won) {
            ++fp.won;
            fp.cycle_days += *s.closed_on - d.opened;
            path.clear();
            path += b.pipelines[s.pipeline].id;
            path += ": ";
            const std::size_t head = path.size();
            int last = -1;
            for (const StageStay& stay : s.stays) {
                if (stay.stage == last) continue;  // a reopen into the same stage is not a new step
                last = stay.stage;
                if (path.size() > head) path += " > ";
                path += b.pipelines[s.pipeline].stages[stay.stage].id;
            }
            path += path.size() > head ? " > won" : "won";
            if (auto it = paths.find(path); it != paths.end()) ++it->second;
            else paths.emplace(path, 1);
        } else if (s.status == DealStatus::lost) {
            ++fp.lost;
        } else {
            ++fp.open;
        }
        const Client* cl = c.client_of(static_cast<int>(i));
        auto& by_client = of_client[cl ? static_cast<std::size_t>(cl - b.clients.data()) : b.clients.size()];
        if (!by_client[0]) {
            by_client[0] = breakdown(0, cl ? std::string_view(cl->segment) : "");
            by_client[1] = breakdown(1, cl ? std::string_view(cl->industry) : "");
        }
        Breakdown*& by_owner = of_agent[s.owner >= 0 ? static_cast<std::size_t>(s.owner) : b.agents.size()];
        if (!by_owner) by_owner = breakdown(3, s.owner >= 0 ? std::string_view(b.agents[s.owner].id) : "");
        Breakdown* found[] = {by_client[0], by_client[1], breakdown(2, d.source), by_owner};
        for (Breakdown* br_of : found) {
            Breakdown& br = *br_of;
            if (s.status == DealStatus::won) {
                ++br.won;
                br.won_amount.cents += s.amount.cents;
            } else if (s.status == DealStatus::lost) {
                ++br.lost;
            } else {
                ++br.open;
            }
        }
    }
    for (auto& fp : out.pipelines) {
        for (std::size_t k = 0; k < fp.stages.size(); ++k) {
            long long next = k + 1 < fp.stages.size() ? fp.stages[k + 1].reached : fp.won;
            fp.stages[k].conversion_num = Rational(next);
            fp.stages[k].conversion_den = Rational(fp.stages[k].reached);
        }
    }
    for (auto& dim : by_dim) {
        const std::size_t first = out.breakdowns.size();
        for (auto& [value, br] : dim) out.breakdowns.push_back(std::move(br));
        std::sort(out.breakdowns.begin() + static_cast<std::ptrdiff_t>(first), out.breakdowns.end(),
                  [](const Breakdown& x, const Breakdown& y) { return x.value < y.value; });
    }
    // most frequent first, then by path
    std::vector<PathCount> pc;
    for (auto& [p, n] : paths) pc.push_back({p, n});
    std::sort(pc.begin(), pc.end(), [](const PathCount& x, const PathCount& y) {
        return x.deals != y.deals ? x.deals > y.deals : x.path < y.path;
    });
    if (top_paths && pc.size() > top_paths) pc.resize(top_paths);
    out.paths = std::move(pc);
    return out;
}

}  // namespace

Funnel funnel(const Context& c, bool use_period, std::size_t top_paths) {
    ContextMemo& memo = c.memo();
    std::lock_guard lock(memo.funnels_mutex);
    auto it = memo.funnels.find({use_period, top_paths});
    if (it == memo.funnels.end())
        it = memo.funnels.emplace(std::pair{use_period, top_paths}, compute_funnel(c, use_period, top_paths)).first;
    return it->second;
}

}  // namespace salesrep
