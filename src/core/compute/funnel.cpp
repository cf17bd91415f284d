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

// One pipeline's row per stage, every count at zero.
std::vector<FunnelPipeline> empty_pipelines(const Book& b) {
    std::vector<FunnelPipeline> out;
    for (std::size_t p = 0; p < b.pipelines.size(); ++p) {
        FunnelPipeline fp;
        fp.pipeline = static_cast<int>(p);
        for (const auto& st : b.pipelines[p].stages) fp.stages.push_back(FunnelStage{st.id});
        out.push_back(std::move(fp));
    }
    return out;
}

// The deal's ended stays (days and count, and the same for a won deal), the
// stages it reached, and its state.
void add_deal(FunnelPipeline& fp, const Deal& d, const DealState& s) {
    const int n = static_cast<int>(fp.stages.size());
    for (const StageStay& stay : s.stays) {
        if (!stay.ended || !stay.left || stay.stage < 0 || stay.stage >= n) continue;
        FunnelStage& fs = fp.stages[static_cast<std::size_t>(stay.stage)];
        fs.stay_days += *stay.left - stay.entered;
        fs.stays += 1;
        if (s.status == DealStatus::won) {
            fs.won_stay_days += *stay.left - stay.entered;
            fs.won_stays += 1;
        }
    }
    const int furthest = furthest_reached(s, n);
    for (int k = 0; k <= furthest; ++k) fp.stages[static_cast<std::size_t>(k)].reached += 1;
    if (s.status == DealStatus::won) {
        ++fp.won;
        fp.cycle_days += *s.closed_on - d.opened;
    } else if (s.status == DealStatus::lost) {
        ++fp.lost;
    } else {
        ++fp.open;
    }
}

// conversion to the next stage (after the last: won) = reached(next) / reached(this).
void set_conversions(FunnelPipeline& fp) {
    for (std::size_t k = 0; k < fp.stages.size(); ++k) {
        const long long next = k + 1 < fp.stages.size() ? fp.stages[k + 1].reached : fp.won;
        fp.stages[k].conversion_num = Rational(next);
        fp.stages[k].conversion_den = Rational(fp.stages[k].reached);
    }
}

// A won deal's path, into `path`: "pipeline: lead > proposal > won" (a reopen
// into the same stage is not a new step).
void won_path(const Pipeline& pl, const DealState& s, std::string& path) {
    path.clear();
    path += pl.id;
    path += ": ";
    const std::size_t head = path.size();
    int last = -1;
    for (const StageStay& stay : s.stays) {
        if (stay.stage == last) continue;
        last = stay.stage;
        if (path.size() > head) path += " > ";
        path += pl.stages[static_cast<std::size_t>(stay.stage)].id;
    }
    path += path.size() > head ? " > won" : "won";
}

// The most frequent paths first, then by path; the first `top` (0: all).
std::vector<PathCount> top_paths(const std::unordered_map<std::string, long long>& paths, std::size_t top) {
    std::vector<PathCount> pc;
    for (const auto& [p, n] : paths) pc.push_back({p, n});
    std::sort(pc.begin(), pc.end(), [](const PathCount& x, const PathCount& y) {
        return x.deals != y.deals ? x.deals > y.deals : x.path < y.path;
    });
    if (top && pc.size() > top) pc.resize(top);
    return pc;
}

// Win rate and won amount by segment, industry, source and owner.
class Breakdowns {
public:
    explicit Breakdowns(const Book& b) : b_(b), of_client_(b.clients.size() + 1), of_agent_(b.agents.size() + 1) {}

    void add(const Context& c, int deal, const DealState& s) {
        const Client* cl = c.client_of(deal);
        // Segment and industry come with the client, owner with the agent:
        // each looked up once per client and agent, not per deal.
        auto& by_client = of_client_[cl ? static_cast<std::size_t>(cl - b_.clients.data()) : b_.clients.size()];
        if (!by_client[0]) {
            by_client[0] = find(0, cl ? std::string_view(cl->segment) : "");
            by_client[1] = find(1, cl ? std::string_view(cl->industry) : "");
        }
        Breakdown*& by_owner = of_agent_[s.owner >= 0 ? static_cast<std::size_t>(s.owner) : b_.agents.size()];
        if (!by_owner) by_owner = find(3, s.owner >= 0 ? std::string_view(b_.agents[s.owner].id) : "");
        Breakdown* found[] = {by_client[0], by_client[1], find(2, b_.deals[static_cast<std::size_t>(deal)].source),
                              by_owner};
        for (Breakdown* br : found) {
            if (s.status == DealStatus::won) {
                ++br->won;
                br->won_amount.cents += s.amount.cents;
            } else if (s.status == DealStatus::lost) {
                ++br->lost;
            } else {
                ++br->open;
            }
        }
    }

    // By dimension (segment, industry, source, owner), then value.
    std::vector<Breakdown> sorted() {
        std::vector<Breakdown> out;
        for (auto& dim : by_dim_) {
            const std::size_t first = out.size();
            for (auto& [value, br] : dim) out.push_back(std::move(br));
            std::sort(out.begin() + static_cast<std::ptrdiff_t>(first), out.end(),
                      [](const Breakdown& x, const Breakdown& y) { return x.value < y.value; });
        }
        return out;
    }

private:
    Breakdown* find(int k, std::string_view value) {
        static const char* dims[] = {"segment", "industry", "source", "owner"};
        auto [it, added] = by_dim_[k].try_emplace(value);
        if (added) {
            it->second.dimension = dims[k];
            it->second.value = value;
        }
        return &it->second;  // a node: it stays where it is
    }

    const Book& b_;
    std::unordered_map<std::string_view, Breakdown> by_dim_[4];  // values view the book's strings
    std::vector<std::array<Breakdown*, 2>> of_client_;            // last: no client
    std::vector<Breakdown*> of_agent_;                            // last: no owner
};

Funnel compute_funnel(const Context& c, bool use_period, std::size_t top) {
    const Book& b = c.book;
    Funnel out;
    out.pipelines = empty_pipelines(b);
    Breakdowns breakdowns(b);
    std::unordered_map<std::string, long long> paths;
    std::string path;  // reused: a lookup of a known path allocates nothing
    for (std::size_t i = 0; i < b.deals.size(); ++i) {
        if (!in_funnel_cohort(c, static_cast<int>(i), use_period)) continue;
        const DealState& s = c.replay.deals[i];
        add_deal(out.pipelines[static_cast<std::size_t>(s.pipeline)], b.deals[i], s);
        if (s.status == DealStatus::won) {
            won_path(b.pipelines[static_cast<std::size_t>(s.pipeline)], s, path);
            if (auto it = paths.find(path); it != paths.end()) ++it->second;
            else paths.emplace(path, 1);
        }
        breakdowns.add(c, static_cast<int>(i), s);
    }
    for (auto& fp : out.pipelines) set_conversions(fp);
    out.breakdowns = breakdowns.sorted();
    out.paths = top_paths(paths, top);
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
