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

// One usable row of the history table.
struct Change {
    Date date;
    std::size_t row = 0;
    std::string stage;  // a stage id, or "" (no stage in this row)
    std::optional<Date> close;
};

}  // namespace

void Importer::read_history() {
    const HistoryRule& h = rules_.history;
    if (!h.given) return;
    int src = source_of_table(h.from, h.from_pos, "history");
    if (src == kExport) return;
    Field deal = bind(src, &h.deal), date_f = bind(src, &h.date), stage_f = bind(src, &h.stage),
          close_f = bind(src, &h.close);
    if (!diags_.empty()) return;
    std::map<std::size_t, std::vector<Change>> by_deal;  // deals_ index -> its changes, in file order
    const Csv& c = csv(src);
    for (std::size_t r = 0; r < c.rows.size(); ++r) {
        std::string kv = eval(src, r, deal);
        auto it = deal_by_key_.find(kv);
        if (it == deal_by_key_.end()) {
            reject(src, r, kv.empty() ? fmt::format("no deal ('{}' is empty)", deal.column)
                                      : fmt::format("deal '{}' is not a deal of the export (or its row was rejected)", kv));
            continue;
        }
        const DealOut& d = deals_[it->second];
        std::string why, dv = eval(src, r, date_f);
        auto on = date(dv, why);
        if (!on) {
            reject(src, r, dv.empty() ? fmt::format("no date ('{}' is empty)", date_f.column)
                                      : fmt::format("date '{}' (column '{}') {}", dv, date_f.column, why));
            continue;
        }
        Change ch{*on, r, {}, {}};
        if (std::string sv = eval(src, r, stage_f); !sv.empty()) {
            const StatusRule* m = nullptr;
            for (const auto& s : rules_.statuses)
                if (s.value == sv) m = &s;
            if (!m) {
                reject(src, r, fmt::format("stage '{}' (column '{}') is not in the rules' deals.statuses", sv,
                                           stage_f.column));
                continue;
            }
            if (m->outcome == "won" || m->outcome == "lost") {
                // the outcome itself comes from the deal's row; it must agree
                if (m->outcome != d.outcome) {
                    reject(src, r, fmt::format("says the deal was {}, but the export shows it {}", m->outcome,
                                               d.outcome.empty() ? "open" : d.outcome));
                    continue;
                }
                continue;  // the won or lost entry closes it: nothing to add
            } else if (d.pipeline >= 0 &&
                       book_.pipelines[static_cast<std::size_t>(d.pipeline)].stage_index(m->outcome) < 0) {
                reject(src, r, fmt::format("stage '{}' is not a stage of pipeline '{}'", m->outcome,
                                           book_.pipelines[static_cast<std::size_t>(d.pipeline)].id));
                continue;
            } else {
                ch.stage = m->outcome;
            }
        }
        if (std::string cv = eval(src, r, close_f); !cv.empty()) {
            ch.close = date(cv, why);
            if (!ch.close) {
                reject(src, r, fmt::format("close date '{}' (column '{}') {}", cv, close_f.column, why));
                continue;
            }
        }
        if (d.closed && ch.date > *d.closed && (!ch.stage.empty() || ch.close)) {
            reject(src, r, fmt::format("dated {}, after the deal was {} on {}", format_date(ch.date), d.outcome,
                                       format_date(*d.closed)));
            continue;
        }
        by_deal[it->second].push_back(ch);
    }

    for (auto& [index, changes] : by_deal) {
        DealOut& d = deals_[index];
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
}

void Importer::read_activities() {
    const ActivityRule& a = rules_.activities;
    if (!a.given) return;
    int src = source_of_table(a.from, a.from_pos, "activities");
    if (src == kExport) return;
    Field date_f = bind(src, &a.date), type_f = bind(src, &a.type), owner_f = bind(src, &a.owner),
          deal_f = bind(src, &a.deal), client_f = bind(src, &a.client), note_f = bind(src, &a.note);
    if (!diags_.empty()) return;
    static constexpr std::string_view kinds[] = {"call", "meeting", "email", "demo", "visit", "message", "note"};
    const Csv& c = csv(src);
    for (std::size_t r = 0; r < c.rows.size(); ++r) {
        // the kind: the rules' types:, else the type itself when it names a kind (any case)
        std::string tv = eval(src, r, type_f), kind;
        for (const auto& [from, to] : a.types)
            if (from == tv) kind = to;
        if (kind.empty()) {
            std::string low;
            for (char ch : tv) low += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
            if (std::find(std::begin(kinds), std::end(kinds), low) != std::end(kinds)) kind = low;
        }
        if (kind.empty()) {
            reject(src, r, fmt::format("activity type '{}' (column '{}') is not call, meeting, email, demo, visit, "
                                       "message or note, nor in the rules' activities.types", tv, type_f.column));
            continue;
        }
        std::string why, dv = eval(src, r, date_f);
        auto on = date(dv, why);
        if (!on) {
            reject(src, r, dv.empty() ? fmt::format("no date ('{}' is empty)", date_f.column)
                                      : fmt::format("date '{}' (column '{}') {}", dv, date_f.column, why));
            continue;
        }
        // what it is about: its deal, else its client
        std::string target;
        std::string dk = eval(src, r, deal_f), ck = eval(src, r, client_f);
        if (!dk.empty()) {
            auto it = deal_by_key_.find(dk);
            if (it == deal_by_key_.end()) {
                reject(src, r, fmt::format("deal '{}' is not a deal of the export (or its row was rejected)", dk));
                continue;
            }
            const DealOut& d = deals_[it->second];
            if (*on < d.deal.opened) {
                reject(src, r, fmt::format("dated {}, before its deal was opened on {}", format_date(*on),
                                           format_date(d.deal.opened)));
                continue;
            }
            target = d.deal.id;
        } else if (!ck.empty()) {
            auto it = client_by_key_.find(ck);
            if (it == client_by_key_.end()) {
                reject(src, r, fmt::format("client '{}' is not a client of the import", ck));
                continue;
            }
            target = clients_[static_cast<std::size_t>(it->second)].id;
        } else {
            reject(src, r, fmt::format("neither a deal nor a client{}", deal_f.given && client_f.given
                                                                            ? fmt::format(" ('{}' and '{}' are empty)",
                                                                                          deal_f.column, client_f.column)
                                                                            : " (its column is empty)"));
            continue;
        }
        std::string line = fmt::format("{} {} {}", format_date(*on), kind, target);
        if (std::string ov = eval(src, r, owner_f); !ov.empty()) {
            bool ok = true;
            std::string agent = agent_for(ov, src, r, ok, "owner");
            if (!ok) continue;
            line += " @" + agent;
        }
        std::string note = one_line(eval(src, r, note_f));
        if (!note.empty() || kind == "note") line += " " + quote_ledger(note.empty() ? tv : note);
        add_line(*on, std::move(line));
    }
}

}  // namespace salesrep::import_detail
