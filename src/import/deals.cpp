// import: the export's rows -> deals (as they were when opened) and their
// outcomes as ledger entries.
#include "map.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <fmt/ranges.h>

namespace salesrep::import_detail {

void Importer::read_deals() {
    const KindRule& k = rules_.deals;
    const int src = kExport;
    Field key = bind(src, &k.key), client = bind(src, k.field("client")), owner = bind(src, k.field("owner")),
          title = bind(src, k.field("title")), status = bind(src, k.field("status")),
          opened = bind(src, k.field("opened")), closed = bind(src, k.field("closed")),
          amount_f = bind(src, k.field("amount")), expected = bind(src, k.field("expected")),
          expected_close = bind(src, k.field("expected_close")), source = bind(src, k.field("source")),
          pipeline = bind(src, k.field("pipeline")), reason = bind(src, k.field("lost_reason")),
          stage_date = bind(src, k.field("stage_date")), id_template = bind(src, &k.id_template);
    if (!k.field("client")) error(k.pos, "'deals' has no 'client:' (the column naming each deal's client)");
    if (!k.field("owner")) error(k.pos, "'deals' has no 'owner:' (the column naming each deal's agent)");
    if (!k.field("opened")) error(k.pos, "'deals' has no 'opened:' (the column holding the day each deal was opened)");
    // statuses name stages of some pipeline (or won / lost)
    std::vector<std::string_view> stage_ids;
    for (const auto& p : book_.pipelines)
        for (const auto& st : p.stages) stage_ids.push_back(st.id);
    auto is_stage = [&](const std::string& id) {
        return std::find(stage_ids.begin(), stage_ids.end(), id) != stage_ids.end();
    };
    for (const auto& s : rules_.statuses)
        if (s.outcome != "won" && s.outcome != "lost" && !is_stage(s.outcome))
            error(s.pos, fmt::format("'{}' is not a stage of the book's funnel (nor won or lost){}", s.outcome,
                                     suggestion_suffix(s.outcome, stage_ids)));
    if (!rules_.closed_stage.empty() && !is_stage(rules_.closed_stage))
        error(rules_.closed_stage_pos, fmt::format("'{}' is not a stage of the book's funnel{}", rules_.closed_stage,
                                                   suggestion_suffix(rules_.closed_stage, stage_ids)));
    if (!diags_.empty()) return;

    auto describe_empty = [](const Field& f, std::string_view what) {
        return fmt::format("no {} ('{}' is empty) and the rules give no default", what, f.column);
    };
    std::unordered_map<std::string, std::size_t> seen;  // deal key -> row
    std::optional<Replay> replayed;                     // of the book, when a present deal needs it
    const Csv& c = csv(src);
    for (std::size_t r = 0; r < c.rows.size(); ++r) {
        std::string kv = eval(src, r, key);
        if (kv.empty()) { reject(src, r, describe_empty(key, "deal id")); continue; }
        std::string idv = eval(src, r, id_template);
        if (id_template.given && idv.empty()) { reject(src, r, describe_empty(id_template, "deal id")); continue; }
        if (auto it = seen.find(kv); it != seen.end()) {
            reject(src, r, fmt::format("deal '{}' is on line {} already", kv, c.lines[it->second]));
            continue;
        }
        // status -> open stage, won or lost
        std::string stage, outcome;
        if (status.given) {
            std::string sv = eval(src, r, status);
            const StatusRule* m = nullptr;
            for (const auto& s : rules_.statuses)
                if (s.value == sv) m = &s;
            if (!m) {
                std::vector<std::string> known;
                for (const auto& s : rules_.statuses) known.push_back(s.value);
                reject(src, r, fmt::format("status '{}' (column '{}') is not in the rules' statuses: {}", sv,
                                           status.column, fmt::join(known, ", ")));
                continue;
            }
            if (m->outcome == "won" || m->outcome == "lost") outcome = m->outcome;
            else stage = m->outcome;
        }
        std::string ov = eval(src, r, opened);
        if (ov.empty()) { reject(src, r, describe_empty(opened, "opened date")); continue; }
        std::string why;
        auto od = date(ov, why);
        if (!od) {
            reject(src, r, fmt::format("opened date '{}' (column '{}') {}", ov, opened.column, why));
            continue;
        }
        std::optional<Date> cd;
        if (!outcome.empty()) {
            std::string cv = eval(src, r, closed);
            if (cv.empty()) {
                reject(src, r, closed.given ? fmt::format("a {} deal with no close date ('{}' is empty)", outcome, closed.column)
                                            : fmt::format("a {} deal, but the rules give no 'closed:' column", outcome));
                continue;
            }
            cd = date(cv, why);
            if (!cd) {
                reject(src, r, fmt::format("close date '{}' (column '{}') {}", cv, closed.column, why));
                continue;
            }
            if (*cd < *od) {
                reject(src, r, fmt::format("closed on {}, before it was opened on {}", format_date(*cd), format_date(*od)));
                continue;
            }
        }
        std::optional<Money> won_amount;
        if (outcome == "won") {
            if (std::string av = eval(src, r, amount_f); !av.empty()) {
                won_amount = amount(av, why);
                if (!won_amount) {
                    reject(src, r, fmt::format("{} (column '{}')", why, amount_f.column));
                    continue;
                }
            }
        }
        Money exp{};
        if (std::string ev = eval(src, r, expected); !ev.empty()) {
            auto m = amount(ev, why);
            if (!m) {
                reject(src, r, fmt::format("{} (the expected amount, '{}')", why, expected.column));
                continue;
            }
            exp = *m;
        } else if (won_amount) {
            exp = *won_amount;
        }
        std::optional<Date> ec;
        if (std::string ecv = eval(src, r, expected_close); !ecv.empty()) {
            ec = date(ecv, why);
            if (!ec) {
                reject(src, r, fmt::format("expected close '{}' (column '{}') {}", ecv, expected_close.column, why));
                continue;
            }
        }
        std::string pv = eval(src, r, pipeline);
        if (!pv.empty() && pipeline_for(pv, {}) < 0) {
            reject(src, r, fmt::format("pipeline '{}' is not in the book's funnel", pv));
            continue;
        }
        std::string cv = eval(src, r, client), wv = eval(src, r, owner);
        if (cv.empty()) { reject(src, r, describe_empty(client, "client")); continue; }
        if (wv.empty()) { reject(src, r, describe_empty(owner, "owner")); continue; }
        if (!client_by_key_.count(cv) && !rules_.clients.create_missing) {
            reject(src, r, fmt::format("client '{}' is not among the rules' clients (missing: reject)", cv));
            continue;
        }
        if (!agent_by_key_.count(wv) && !rules_.agents.create_missing) {
            reject(src, r, fmt::format("owner '{}' is not among the rules' agents (missing: reject)", wv));
            continue;
        }
        // the stage it was opened in must be a stage of its pipeline
        std::string open_stage = outcome.empty() ? stage : rules_.closed_stage;
        std::string client_id;
        if (auto it = client_by_key_.find(cv); it != client_by_key_.end())
            client_id = clients_[static_cast<std::size_t>(it->second)].id;
        int pi = pipeline_for(pv, client_id);
        if (!open_stage.empty() && pi >= 0 && book_.pipelines[static_cast<std::size_t>(pi)].stage_index(open_stage) < 0) {
            reject(src, r, fmt::format("stage '{}' is not a stage of pipeline '{}'", open_stage,
                                       book_.pipelines[static_cast<std::size_t>(pi)].id));
            continue;
        }
        // the row is good: its client and owner exist from here on
        seen.emplace(kv, r);
        if (client_id.empty()) {
            NewClient nc;
            nc.key = nc.name = cv;
            nc.id = make_id(shared_ids_, cv, rules_.clients.keep_ids, Other::book_deals);
            client_id = nc.id;
            client_by_key_.emplace(cv, static_cast<int>(clients_.size()));
            clients_.push_back(std::move(nc));
        }
        bool ok = true;
        std::string owner_id = agent_for(wv, src, r, ok, "owner");

        DealOut d;
        d.deal.id = id_template.given ? make_id(shared_ids_, idv, true, Other::book_clients)
                                      : make_id(shared_ids_, kv, k.keep_ids, Other::book_clients);
        d.deal.client = client_id;
        d.deal.owner = owner_id;
        d.deal.title = one_line(eval(src, r, title));  // the `open` entry is one line
        d.deal.amount = exp;
        d.deal.opened = *od;
        d.deal.stage = open_stage;
        d.deal.expected_close = ec;
        d.deal.source = one_line(eval(src, r, source));
        d.deal.pipeline = pv;
        int present = book_.deal_index(d.deal.id);
        d.present = present >= 0;
        d.pipeline = pi;
        d.outcome = outcome;
        d.closed = cd;
        bool still_open = true;  // a deal imported before gets only what happened since
        if (d.present) {
            if (!replayed) replayed = replay(book_, today_);
            const DealState& st = replayed->deals[static_cast<std::size_t>(present)];
            still_open = st.exists && st.status == DealStatus::open;
            // a move to the stage the export shows now, on the day it entered it
            if (still_open && !open_stage.empty() && st.pipeline >= 0 && !rules_.history.given) {  // else: history:
                const Pipeline& p = book_.pipelines[static_cast<std::size_t>(st.pipeline)];
                if (p.stage_index(open_stage) >= 0 && p.stages[static_cast<std::size_t>(st.stage)].id != open_stage) {
                    Date on = *od;
                    if (std::string sv = eval(src, r, stage_date); !sv.empty())
                        if (auto sd = date(sv, why)) on = *sd;
                    Entry e;
                    e.date = std::max(on, st.stage_entered);
                    e.kind = Kind::stage;
                    e.target = texts_.keep(d.deal.id);
                    e.stage = texts_.keep(open_stage);
                    entries_.push_back(std::move(e));
                }
            }
        }
        if (!outcome.empty()) {
            Entry e;
            e.date = *cd;
            e.kind = outcome == "won" ? Kind::won : Kind::lost;
            e.target = texts_.keep(d.deal.id);
            e.amount = won_amount;
            if (outcome == "lost") e.change_details().reason = texts_.keep(one_line(eval(src, r, reason)));
            if (still_open) entries_.push_back(std::move(e));
            else ++res_.entries.present;
        }
        d.still_open = still_open;
        deal_by_key_.emplace(kv, deals_.size());
        deals_.push_back(std::move(d));
    }
}

}  // namespace salesrep::import_detail
