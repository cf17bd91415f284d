// import: the export's rows -> deals (as they were when opened) and their
// outcomes as ledger entries.
#include "map.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <fmt/ranges.h>

namespace salesrep::import_detail {

// The columns of the export that deals: reads.
struct Importer::DealColumns {
    Field key, client, owner, title, status, opened, closed, amount, expected, expected_close, source, pipeline,
        reason, stage_date, id_template;
};

// One row of the export, checked: what its deal is made of.
struct Importer::DealRow {
    std::string key, id;         // the deal's key, and its id from deals.id's template
    std::string stage, outcome;  // what its status says: an open stage, or "won" / "lost"
    Date opened;
    std::optional<Date> closed, expected_close;
    std::optional<Money> won_amount;
    Money expected{};
    std::string pipeline, client, owner;  // the cells naming them
    std::string open_stage;               // the stage it was opened in
    std::string client_id;                // its client's id, when the client is known already
    int pipeline_index = -1;              // in book_.pipelines
};

namespace {

std::string describe_empty(const Field& f, std::string_view what) {
    return fmt::format("no {} ('{}' is empty) and the rules give no default", what, f.column);
}

}  // namespace

Importer::DealColumns Importer::bind_deal_columns() {
    const KindRule& k = rules_.deals;
    const int src = kExport;
    return {bind(src, &k.key),           bind(src, k.field("client")),   bind(src, k.field("owner")),
            bind(src, k.field("title")), bind(src, k.field("status")),   bind(src, k.field("opened")),
            bind(src, k.field("closed")), bind(src, k.field("amount")),  bind(src, k.field("expected")),
            bind(src, k.field("expected_close")), bind(src, k.field("source")), bind(src, k.field("pipeline")),
            bind(src, k.field("lost_reason")), bind(src, k.field("stage_date")), bind(src, &k.id_template)};
}

// The fields every deal needs, and the stages the statuses name: false on an error.
bool Importer::check_deal_rules() {
    const KindRule& k = rules_.deals;
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
    return diags_.empty();
}

void Importer::read_deals() {
    DealColumns cols = bind_deal_columns();
    if (!check_deal_rules()) return;
    DealSeen seen;                   // deal key -> row
    std::optional<Replay> replayed;  // of the book, when a present deal needs it
    const Csv& c = csv(kExport);
    for (std::size_t r = 0; r < c.rows.size(); ++r) {
        DealRow row;
        if (read_deal_row(r, cols, seen, row)) add_deal(r, cols, row, seen, replayed);
    }
}

// Row `r` of the export, each check in turn; false when the row is rejected.
bool Importer::read_deal_row(std::size_t r, const DealColumns& cols, const DealSeen& seen, DealRow& row) {
    return read_deal_key(r, cols, seen, row) && read_deal_status(r, cols, row) && read_deal_dates(r, cols, row) &&
           read_deal_amounts(r, cols, row) && read_deal_plan(r, cols, row) && read_deal_parties(r, cols, row);
}

// The deal's key (and id from a template): given, and not on an earlier row.
bool Importer::read_deal_key(std::size_t r, const DealColumns& cols, const DealSeen& seen, DealRow& row) {
    const int src = kExport;
    row.key = eval(src, r, cols.key);
    if (row.key.empty()) { reject(src, r, describe_empty(cols.key, "deal id")); return false; }
    row.id = eval(src, r, cols.id_template);
    if (cols.id_template.given && row.id.empty()) {
        reject(src, r, describe_empty(cols.id_template, "deal id"));
        return false;
    }
    if (auto it = seen.find(row.key); it != seen.end()) {
        reject(src, r, fmt::format("deal '{}' is on line {} already", row.key, csv(src).lines[it->second]));
        return false;
    }
    return true;
}

// status -> open stage, won or lost
bool Importer::read_deal_status(std::size_t r, const DealColumns& cols, DealRow& row) {
    if (!cols.status.given) return true;
    const int src = kExport;
    std::string sv = eval(src, r, cols.status);
    const StatusRule* m = status_rule(sv);
    if (!m) {
        std::vector<std::string> known;
        for (const auto& s : rules_.statuses) known.push_back(s.value);
        reject(src, r, fmt::format("status '{}' (column '{}') is not in the rules' statuses: {}", sv,
                                   cols.status.column, fmt::join(known, ", ")));
        return false;
    }
    if (m->outcome == "won" || m->outcome == "lost") row.outcome = m->outcome;
    else row.stage = m->outcome;
    return true;
}

// The day it was opened; a won or lost deal's close date, not before it.
bool Importer::read_deal_dates(std::size_t r, const DealColumns& cols, DealRow& row) {
    const int src = kExport;
    std::string ov = eval(src, r, cols.opened);
    if (ov.empty()) { reject(src, r, describe_empty(cols.opened, "opened date")); return false; }
    std::string why;
    auto od = date(ov, why);
    if (!od) {
        reject(src, r, fmt::format("opened date '{}' (column '{}') {}", ov, cols.opened.column, why));
        return false;
    }
    row.opened = *od;
    if (row.outcome.empty()) return true;
    std::string cv = eval(src, r, cols.closed);
    if (cv.empty()) {
        reject(src, r, cols.closed.given
                           ? fmt::format("a {} deal with no close date ('{}' is empty)", row.outcome, cols.closed.column)
                           : fmt::format("a {} deal, but the rules give no 'closed:' column", row.outcome));
        return false;
    }
    row.closed = date(cv, why);
    if (!row.closed) {
        reject(src, r, fmt::format("close date '{}' (column '{}') {}", cv, cols.closed.column, why));
        return false;
    }
    if (*row.closed < *od) {
        reject(src, r, fmt::format("closed on {}, before it was opened on {}", format_date(*row.closed),
                                   format_date(*od)));
        return false;
    }
    return true;
}

// A won deal's amount; the deal's expected amount (else the won amount, else 0).
bool Importer::read_deal_amounts(std::size_t r, const DealColumns& cols, DealRow& row) {
    const int src = kExport;
    std::string why;
    if (row.outcome == "won") {
        if (std::string av = eval(src, r, cols.amount); !av.empty()) {
            row.won_amount = amount(av, why);
            if (!row.won_amount) {
                reject(src, r, fmt::format("{} (column '{}')", why, cols.amount.column));
                return false;
            }
        }
    }
    if (std::string ev = eval(src, r, cols.expected); !ev.empty()) {
        auto m = amount(ev, why);
        if (!m) {
            reject(src, r, fmt::format("{} (the expected amount, '{}')", why, cols.expected.column));
            return false;
        }
        row.expected = *m;
    } else if (row.won_amount) {
        row.expected = *row.won_amount;
    }
    return true;
}

// Its expected close, and the pipeline the row names (one of the book's).
bool Importer::read_deal_plan(std::size_t r, const DealColumns& cols, DealRow& row) {
    const int src = kExport;
    if (std::string ecv = eval(src, r, cols.expected_close); !ecv.empty()) {
        std::string why;
        row.expected_close = date(ecv, why);
        if (!row.expected_close) {
            reject(src, r, fmt::format("expected close '{}' (column '{}') {}", ecv, cols.expected_close.column, why));
            return false;
        }
    }
    row.pipeline = eval(src, r, cols.pipeline);
    if (!row.pipeline.empty() && pipeline_for(row.pipeline, {}) < 0) {
        reject(src, r, fmt::format("pipeline '{}' is not in the book's funnel", row.pipeline));
        return false;
    }
    return true;
}

// Its client and owner (known, or made when missing: create), and the stage it
// was opened in, a stage of its pipeline.
bool Importer::read_deal_parties(std::size_t r, const DealColumns& cols, DealRow& row) {
    const int src = kExport;
    row.client = eval(src, r, cols.client);
    row.owner = eval(src, r, cols.owner);
    if (row.client.empty()) { reject(src, r, describe_empty(cols.client, "client")); return false; }
    if (row.owner.empty()) { reject(src, r, describe_empty(cols.owner, "owner")); return false; }
    if (!client_by_key_.count(row.client) && !rules_.clients.create_missing) {
        reject(src, r, fmt::format("client '{}' is not among the rules' clients (missing: reject)", row.client));
        return false;
    }
    if (!agent_by_key_.count(row.owner) && !rules_.agents.create_missing) {
        reject(src, r, fmt::format("owner '{}' is not among the rules' agents (missing: reject)", row.owner));
        return false;
    }
    // the stage it was opened in must be a stage of its pipeline
    row.open_stage = row.outcome.empty() ? row.stage : rules_.closed_stage;
    if (auto it = client_by_key_.find(row.client); it != client_by_key_.end())
        row.client_id = clients_[static_cast<std::size_t>(it->second)].id;
    row.pipeline_index = pipeline_for(row.pipeline, row.client_id);
    if (!row.open_stage.empty() && row.pipeline_index >= 0 &&
        book_.pipelines[static_cast<std::size_t>(row.pipeline_index)].stage_index(row.open_stage) < 0) {
        reject(src, r, fmt::format("stage '{}' is not a stage of pipeline '{}'", row.open_stage,
                                   book_.pipelines[static_cast<std::size_t>(row.pipeline_index)].id));
        return false;
    }
    return true;
}

// The row is good: its deal, its client when new, and its entries.
void Importer::add_deal(std::size_t r, const DealColumns& cols, DealRow& row, DealSeen& seen,
                        std::optional<Replay>& replayed) {
    const int src = kExport;
    // its client and owner exist from here on
    seen.emplace(row.key, r);
    if (row.client_id.empty()) {
        NewClient nc;
        nc.key = nc.name = row.client;
        nc.id = make_id(shared_ids_, row.client, rules_.clients.keep_ids, Other::book_deals);
        row.client_id = nc.id;
        client_by_key_.emplace(row.client, static_cast<int>(clients_.size()));
        clients_.push_back(std::move(nc));
    }
    bool ok = true;
    std::string owner_id = agent_for(row.owner, src, r, ok, "owner");

    DealOut d;
    d.deal.id = cols.id_template.given ? make_id(shared_ids_, row.id, true, Other::book_clients)
                                       : make_id(shared_ids_, row.key, rules_.deals.keep_ids, Other::book_clients);
    d.deal.client = row.client_id;
    d.deal.owner = owner_id;
    d.deal.title = one_line(eval(src, r, cols.title));  // the `open` entry is one line
    d.deal.amount = row.expected;
    d.deal.opened = row.opened;
    d.deal.stage = row.open_stage;
    d.deal.expected_close = row.expected_close;
    d.deal.source = one_line(eval(src, r, cols.source));
    d.deal.pipeline = row.pipeline;
    int present = book_.deal_index(d.deal.id);
    d.present = present >= 0;
    d.pipeline = row.pipeline_index;
    d.outcome = row.outcome;
    d.closed = row.closed;
    // a deal imported before gets only what happened since
    if (d.present) d.still_open = move_present_deal(r, cols, row, d.deal.id, present, replayed);
    if (!row.outcome.empty()) add_outcome(r, cols, row, d.deal.id, d.still_open);
    deal_by_key_.emplace(row.key, deals_.size());
    deals_.push_back(std::move(d));
}

// A deal the book has (deals_index `present`): is it still open there? If so,
// and no history: table says how it moved, a `stage` entry to the stage the
// export shows now, on the day it entered it.
bool Importer::move_present_deal(std::size_t r, const DealColumns& cols, const DealRow& row, const std::string& id,
                                 int present, std::optional<Replay>& replayed) {
    if (!replayed) replayed = replay(book_, today_);
    const DealState& st = replayed->deals[static_cast<std::size_t>(present)];
    bool still_open = st.exists && st.status == DealStatus::open;
    if (!still_open || row.open_stage.empty() || st.pipeline < 0 || rules_.history.given) return still_open;
    const Pipeline& p = book_.pipelines[static_cast<std::size_t>(st.pipeline)];
    if (p.stage_index(row.open_stage) >= 0 && p.stages[static_cast<std::size_t>(st.stage)].id != row.open_stage) {
        Date on = row.opened;
        std::string why;
        if (std::string sv = eval(kExport, r, cols.stage_date); !sv.empty())
            if (auto sd = date(sv, why)) on = *sd;
        Entry e;
        e.date = std::max(on, st.stage_entered);
        e.kind = Kind::stage;
        e.target = texts_.keep(id);
        e.stage = texts_.keep(row.open_stage);
        entries_.push_back(std::move(e));
    }
    return still_open;
}

// The won or lost entry of a closed deal (counted as present when the book has
// closed the deal already).
void Importer::add_outcome(std::size_t r, const DealColumns& cols, const DealRow& row, const std::string& id,
                           bool still_open) {
    Entry e;
    e.date = *row.closed;
    e.kind = row.outcome == "won" ? Kind::won : Kind::lost;
    e.target = texts_.keep(id);
    e.amount = row.won_amount;
    if (row.outcome == "lost") e.change_details().reason = texts_.keep(one_line(eval(kExport, r, cols.reason)));
    if (still_open) entries_.push_back(std::move(e));
    else ++res_.entries.present;
}

}  // namespace salesrep::import_detail
