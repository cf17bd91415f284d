// A new ledger entry, checked against the whole book before it is appended (SPEC §10).
#include "salesrep/write.hpp"

#include "salesrep/check.hpp"
#include "utf8.hpp"
#include "yaml_reader.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <map>
#include <tuple>

namespace salesrep {

namespace {

// The first problem of a text that must stand inside one quoted ledger string, or "".
std::string text_problem(std::string_view what, std::string_view s) {
    for (std::size_t i = 0; i < s.size(); i += char_length(s, i)) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (!unsafe_char(s, i)) continue;
        if (c == '\n' || c == '\r')
            return fmt::format("the {} holds a line break; an entry is one line of the ledger, so write it on one line",
                               what);
        if (c < 0x80) return fmt::format("the {} holds a control character (0x{:02x}); remove it", what, c);
        if (utf8_length(s, i) == 0) return fmt::format("the {} is not valid UTF-8; the ledger is UTF-8 text", what);
        return fmt::format("the {} holds a control or text-direction character (C1, or a bidirectional override); "
                           "remove it", what);
    }
    return {};
}

std::string id_problem(std::string_view what, std::string_view id) {
    if (yaml::valid_id(id)) return {};
    if (id.empty()) return fmt::format("the {} id is empty", what);
    return fmt::format("'{}' is not a valid {} id: an id starts with a letter or digit and holds only letters, "
                       "digits, '.', '_' and '-'", id, what);
}

// A next action is what comes next: a new entry may not plan it for a day
// before its own. Without a date of its own the entry is dated today, so a
// next action in the past is refused; a backdated entry may plan one from its
// day on (what was planned back then). Only new entries: a ledger may hold
// such lines (an import of old notes), and check does not refuse them.
std::string next_day_problem(const Entry& e) {
    if (!e.next_date || *e.next_date >= e.date) return {};
    return fmt::format("the next action's day {} is before the entry's day {}: a next action is planned for a day "
                       "from {} on (to record one planned earlier, date the entry itself earlier)",
                       format_date(*e.next_date), format_date(e.date), format_date(e.date));
}

// Problems of the entry's own fields, found before it is formatted.
void field_problems(const Entry& e, SourcePos at, Diags& out) {
    auto add = [&](std::string msg) {
        if (!msg.empty()) out.push_back({Severity::error, at, std::move(msg)});
    };
    add(id_problem(is_client_only(e.kind) || e.kind == Kind::client ? "client"
                   : is_deal_only(e.kind) || e.kind == Kind::open   ? "deal"
                                                                     : "deal or client",
                   e.target));
    if (!e.agent.empty()) add(id_problem("agent", e.agent));
    if (!e.stage.empty()) add(id_problem("stage", e.stage));
    if (!e.set().owner.empty()) add(id_problem("agent", e.set().owner));
    if (e.has_note) add(text_problem("note", e.note));
    if (e.has_next_what || e.kind == Kind::next) add(text_problem("next action", e.next_what));
    add(text_problem("reason", e.reason()));
    add(text_problem("ref", e.ref));
    if (e.set().title) add(text_problem("title", *e.set().title));
    const RecordFields& r = e.record();
    if (!r.client.empty()) add(id_problem("client", r.client));
    if (!r.pipeline.empty()) add(id_problem("pipeline", r.pipeline));
    if (!r.segment.empty()) add(id_problem("segment", r.segment));
    for (auto [what, text] : {std::pair{"source", r.source}, {"name", r.name}, {"industry", r.industry},
                              {"contact", r.contact}, {"job title", r.job_title}, {"email", r.email},
                              {"phone", r.phone}})
        add(text_problem(what, text));
    add(next_day_problem(e));
}

using ErrorKey = std::tuple<SourcePos, std::string>;

std::map<ErrorKey, int> count_errors(const Diags& diags) {
    std::map<ErrorKey, int> counts;
    for (const auto& d : diags)
        if (d.severity == Severity::error) ++counts[{d.pos, d.message}];
    return counts;
}

}  // namespace

std::uint32_t next_line_number(std::string_view text) {
    if (text.empty()) return 1;
    auto lines = static_cast<std::uint32_t>(std::count(text.begin(), text.end(), '\n'));
    return text.back() == '\n' ? lines + 1 : lines + 2;
}

NewEntry check_new_entry(const Book& book, const Entry& e, Date today, const std::string& ledger) {
    NewEntry r;
    // Where the line goes: the last source read from `ledger`, else a new one.
    std::uint32_t file = static_cast<std::uint32_t>(book.sources.files.size());
    for (std::size_t i = book.sources.files.size(); i-- > 0;) {
        if (book.sources.files[i].path == ledger) {
            file = static_cast<std::uint32_t>(i);
            break;
        }
    }
    std::string_view old_text = file < book.sources.files.size() ? std::string_view(book.sources.files[file].text)
                                                                   : std::string_view();
    r.at = {file, next_line_number(old_text), 1};

    field_problems(e, r.at, r.problems);
    if (!r.problems.empty()) return r;

    r.line = format_entry(e);
    Diags parse;
    if (!parse_entry(r.line, file, r.at.line, book.settings, r.entry, parse)) {
        for (auto& d : parse) r.problems.push_back({Severity::error, r.at, std::move(d.message)});
        return r;
    }
    if (!same_entry(r.entry, e)) {
        r.problems.push_back({Severity::error, r.at,
                              fmt::format("internal error: the line '{}' does not read back to the entry it was "
                                          "written from; nothing was written (please report this)", r.line)});
        return r;
    }

    Book with = book;
    if (file == with.sources.files.size()) with.sources.add(ledger, std::string());
    std::string text(with.sources.files[file].text);
    if (!text.empty() && text.back() != '\n') text += '\n';
    text += r.line;
    text += '\n';
    with.sources.replace(file, std::move(text));
    Entry added = r.entry;
    with.entries.push_back(std::move(added));

    // As of the entry's day when it is in the future, so that it is applied.
    Date day = std::max(today, e.date);
    Diags after, before;
    add_ledger_records(with, after, with.entries.size() - 1);  // an `open` or `client` entry: its record
    check_money_sums(with, after);  // an amount that would make totals wrap around (the loaded book's sums fit)
    check_book(with, day, after);
    check_book(book, day, before);
    auto known = count_errors(before);
    sort_diagnostics(after);
    for (auto& d : after) {
        if (d.severity != Severity::error) continue;
        auto it = known.find({d.pos, d.message});
        if (it != known.end() && it->second > 0) {
            --it->second;
            continue;
        }
        r.problems.push_back(std::move(d));
    }
    return r;
}

}  // namespace salesrep
