// import: the `history:` table (stage and close-date changes -> `stage` and
// `set close:` entries) and the `activities:` table (calls, meetings, ... ->
// interaction entries), both as ledger text lines.
#include "map.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <map>

namespace salesrep::import_detail {

void Importer::add_line(Date date, std::string text) {
    if (!book_lines_read_) {
        book_lines_read_ = true;
        for (const auto& e : book_.entries) ++book_lines_[format_entry(e)];
    }
    if (auto it = book_lines_.find(text); it != book_lines_.end() && it->second > 0) {
        --it->second;
        ++res_.entries.present;
        return;
    }
    lines_.push_back({date, 0, std::move(text)});
}

namespace {

// The kinds an activity may be (SPEC §7): the interactions, and note.
constexpr std::string_view kActivityKinds[] = {"call", "meeting", "email", "demo", "visit", "message", "note"};

}  // namespace

// One usable row of the history table.
struct Importer::Change {
    Date date;
    std::size_t row = 0;
    std::string stage;  // a stage id, or "" (no stage in this row)
    std::optional<Date> close;
};

// The columns of the history: table.
struct Importer::HistoryColumns {
    Field deal, date, stage, close;
};

// The columns of the activities: table.
struct Importer::ActivityColumns {
    Field date, type, owner, deal, client, note;
};

int Importer::rule_table(bool given, const std::string& from, SourcePos from_pos, std::string_view what) {
    return given ? source_of_table(from, from_pos, what) : kExport;
}

const StatusRule* Importer::status_rule(const std::string& value) const {
    const StatusRule* m = nullptr;
    for (const auto& s : rules_.statuses)
        if (s.value == value) m = &s;
    return m;
}

std::optional<Date> Importer::row_date(int src, std::size_t r, const Field& f) {
    std::string why, dv = eval(src, r, f);
    auto on = date(dv, why);
    if (!on)
        reject(src, r, dv.empty() ? fmt::format("no date ('{}' is empty)", f.column)
                                  : fmt::format("date '{}' (column '{}') {}", dv, f.column, why));
    return on;
}

void Importer::read_history() {
    const HistoryRule& h = rules_.history;
    int src = rule_table(h.given, h.from, h.from_pos, "history");
    if (src == kExport) return;
    HistoryColumns cols{bind(src, &h.deal), bind(src, &h.date), bind(src, &h.stage), bind(src, &h.close)};
    if (!diags_.empty()) return;
    std::map<std::size_t, std::vector<Change>> by_deal;  // deals_ index -> its changes, in file order
    const Csv& c = csv(src);
    for (std::size_t r = 0; r < c.rows.size(); ++r) {
        std::size_t index = 0;
        if (auto ch = read_change(src, r, cols, index)) by_deal[index].push_back(std::move(*ch));
    }
    for (auto& [index, changes] : by_deal) add_history(deals_[index], changes);
}

// Row `r` of the history table as a change of its deal (deals_[index]); nullopt
// when it is rejected or changes nothing (a won or lost row agreeing with the export).
std::optional<Importer::Change> Importer::read_change(int src, std::size_t r, const HistoryColumns& cols, std::size_t& index) {
    std::string kv = eval(src, r, cols.deal);
    auto it = deal_by_key_.find(kv);
    if (it == deal_by_key_.end()) {
        reject(src, r, kv.empty() ? fmt::format("no deal ('{}' is empty)", cols.deal.column)
                                  : fmt::format("deal '{}' is not a deal of the export (or its row was rejected)", kv));
        return std::nullopt;
    }
    index = it->second;
    const DealOut& d = deals_[index];
    auto on = row_date(src, r, cols.date);
    if (!on) return std::nullopt;
    Change ch{*on, r, {}, {}};
    if (std::string sv = eval(src, r, cols.stage); !sv.empty() && !change_stage(src, r, cols.stage, sv, d, ch.stage))
        return std::nullopt;
    std::string why;
    if (std::string cv = eval(src, r, cols.close); !cv.empty()) {
        ch.close = date(cv, why);
        if (!ch.close) {
            reject(src, r, fmt::format("close date '{}' (column '{}') {}", cv, cols.close.column, why));
            return std::nullopt;
        }
    }
    if (d.closed && ch.date > *d.closed && (!ch.stage.empty() || ch.close)) {
        reject(src, r, fmt::format("dated {}, after the deal was {} on {}", format_date(ch.date), d.outcome,
                                   format_date(*d.closed)));
        return std::nullopt;
    }
    return ch;
}

// The stage a history row's status `sv` moves deal `d` to, in `stage`; false
// when the row is rejected, or is a won or lost row (the deal's own row closes it).
bool Importer::change_stage(int src, std::size_t r, const Field& f, const std::string& sv, const DealOut& d,
                            std::string& stage) {
    const StatusRule* m = status_rule(sv);
    if (!m) {
        reject(src, r, fmt::format("stage '{}' (column '{}') is not in the rules' deals.statuses", sv, f.column));
        return false;
    }
    if (m->outcome == "won" || m->outcome == "lost") {
        // the outcome itself comes from the deal's row; it must agree
        if (m->outcome != d.outcome)
            reject(src, r, fmt::format("says the deal was {}, but the export shows it {}", m->outcome,
                                       d.outcome.empty() ? "open" : d.outcome));
        return false;  // the won or lost entry closes it: nothing to add
    }
    if (d.pipeline >= 0 && book_.pipelines[static_cast<std::size_t>(d.pipeline)].stage_index(m->outcome) < 0) {
        reject(src, r, fmt::format("stage '{}' is not a stage of pipeline '{}'", m->outcome,
                                   book_.pipelines[static_cast<std::size_t>(d.pipeline)].id));
        return false;
    }
    stage = m->outcome;
    return true;
}

// A deal's changes, in file order: how it was opened (a new deal), then its
// `stage` and `set close:` lines.
void Importer::add_history(DealOut& d, std::vector<Change>& changes) {
    // closed in the book: its history is there already (a line it lacks could not be added)
    bool closed = d.present && !d.still_open;
    auto add = [&](Date on, std::string text) {
        if (closed) ++res_.entries.present;
        else add_line(on, std::move(text));
    };
    std::stable_sort(changes.begin(), changes.end(), [](const Change& a, const Change& b) { return a.date < b.date; });
    // The deal is opened as its earliest change shows it; changes dated
    // before it was opened count as of that day.
    const Deal& start = d.present ? book_.deals[static_cast<std::size_t>(book_.deal_index(d.deal.id))] : d.deal;
    std::string stage = start.stage, now = d.deal.stage;  // now: the stage the export shows
    std::optional<Date> close = start.expected_close;
    Date last = start.opened;
    bool first = true;
    for (const auto& ch : changes) {
        Date on = std::max(ch.date, start.opened);
        last = std::max(last, on);
        bool opening = !d.present && (first || ch.date <= start.opened);
        first = false;
        if (opening) {
            if (!ch.stage.empty()) stage = d.deal.stage = ch.stage;
            if (ch.close) close = d.deal.expected_close = ch.close;
            continue;
        }
        if (!ch.stage.empty() && ch.stage != stage) {
            add(on, fmt::format("{} stage {} {}", format_date(on), d.deal.id, ch.stage));
            stage = ch.stage;
        }
        if (ch.close && ch.close != close) {
            add(on, fmt::format("{} set {} close:{}", format_date(on), d.deal.id, format_date(*ch.close)));
            close = ch.close;
        }
    }
    // an open deal ends in the stage the export shows, whatever its history says
    if (d.outcome.empty() && !now.empty() && stage != now)
        add(last, fmt::format("{} stage {} {}", format_date(last), d.deal.id, now));
}

void Importer::read_activities() {
    const ActivityRule& a = rules_.activities;
    int src = rule_table(a.given, a.from, a.from_pos, "activities");
    if (src == kExport) return;
    ActivityColumns cols{bind(src, &a.date),  bind(src, &a.type),   bind(src, &a.owner),
                         bind(src, &a.deal),  bind(src, &a.client), bind(src, &a.note)};
    if (!diags_.empty()) return;
    const Csv& c = csv(src);
    for (std::size_t r = 0; r < c.rows.size(); ++r) read_activity(src, r, cols);
}

// The kind of an activity of type `tv`: the rules' types:, else the type itself
// when it names a kind (any case); "" when neither.
std::string Importer::activity_kind(const std::string& tv) const {
    std::string kind;
    for (const auto& [from, to] : rules_.activities.types)
        if (from == tv) kind = to;
    if (kind.empty()) {
        std::string low;
        for (char ch : tv) low += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        if (std::find(std::begin(kActivityKinds), std::end(kActivityKinds), low) != std::end(kActivityKinds)) kind = low;
    }
    return kind;
}

// What an activity dated `on` is about, in `target`: the id of its deal, else
// of its client; false when the row is rejected.
bool Importer::activity_target(int src, std::size_t r, const ActivityColumns& cols, Date on, std::string& target) {
    std::string dk = eval(src, r, cols.deal), ck = eval(src, r, cols.client);
    if (!dk.empty()) {
        auto it = deal_by_key_.find(dk);
        if (it == deal_by_key_.end()) {
            reject(src, r, fmt::format("deal '{}' is not a deal of the export (or its row was rejected)", dk));
            return false;
        }
        const DealOut& d = deals_[it->second];
        if (on < d.deal.opened) {
            reject(src, r, fmt::format("dated {}, before its deal was opened on {}", format_date(on),
                                       format_date(d.deal.opened)));
            return false;
        }
        target = d.deal.id;
        return true;
    }
    if (!ck.empty()) {
        auto it = client_by_key_.find(ck);
        if (it == client_by_key_.end()) {
            reject(src, r, fmt::format("client '{}' is not a client of the import", ck));
            return false;
        }
        target = clients_[static_cast<std::size_t>(it->second)].id;
        return true;
    }
    reject(src, r, fmt::format("neither a deal nor a client{}", cols.deal.given && cols.client.given
                                                                    ? fmt::format(" ('{}' and '{}' are empty)",
                                                                                  cols.deal.column, cols.client.column)
                                                                    : " (its column is empty)"));
    return false;
}

// Row `r` of the activities table as a ledger line, unless it is rejected.
void Importer::read_activity(int src, std::size_t r, const ActivityColumns& cols) {
    std::string tv = eval(src, r, cols.type), kind = activity_kind(tv);
    if (kind.empty()) {
        reject(src, r, fmt::format("activity type '{}' (column '{}') is not call, meeting, email, demo, visit, "
                                   "message or note, nor in the rules' activities.types", tv, cols.type.column));
        return;
    }
    auto on = row_date(src, r, cols.date);
    if (!on) return;
    std::string target;
    if (!activity_target(src, r, cols, *on, target)) return;
    std::string line = fmt::format("{} {} {}", format_date(*on), kind, target);
    if (std::string ov = eval(src, r, cols.owner); !ov.empty()) {
        bool ok = true;
        std::string agent = agent_for(ov, src, r, ok, "owner");
        if (!ok) return;
        line += " @" + agent;
    }
    std::string note = one_line(eval(src, r, cols.note));
    if (!note.empty() || kind == "note") line += " " + quote_ledger(note.empty() ? tv : note);
    add_line(*on, std::move(line));
}

}  // namespace salesrep::import_detail
