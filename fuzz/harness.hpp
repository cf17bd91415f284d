#pragma once
// The bodies of the fuzz targets, shared by fuzz/fuzz_*.cpp (libFuzzer) and
// tests/unit/test_regressions.cpp (every committed crashing input, replayed).
//
// Each function takes arbitrary bytes, runs one parser (or the whole of
// `check`) on them and verifies what must hold for any input:
//   - no crash, no sanitizer report, no exception escaping the core;
//   - every diagnostic names a place that exists: a known file, a line of it
//     and a column at most one past the end of that line (or line 0: the file);
//   - rendering every diagnostic works;
//   - what parses round-trips: ledger entries through format_entry, dates,
//     times, amounts and periods through their printers.
// A broken property throws fuzz::Violation: libFuzzer reports it as a crash,
// the regression test as a failure.
#include "salesrep/check.hpp"
#include "salesrep/compute/common.hpp"
#include "salesrep/diagnostic.hpp"
#include "salesrep/load.hpp"
#include "salesrep/money.hpp"
#include "salesrep/period.hpp"
#include "salesrep/records.hpp"
#include "salesrep/replay.hpp"
#include "salesrep/table.hpp"
#include "salesrep/views.hpp"
#include "salesrep/report.hpp"
#include "salesrep/html.hpp"
#include "salesrep/compute/accuracy.hpp"
#include "salesrep/compute/calibration.hpp"
#include "salesrep/compute/changes.hpp"
#include "salesrep/compute/range.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace salesrep::fuzz {

struct Violation : std::logic_error {
    using std::logic_error::logic_error;
};

inline void require(bool ok, const std::string& what) {
    if (!ok) throw Violation(what);
}

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

// Every diagnostic points into a file that exists, at a line and column that exist.
inline void check_positions(const Diags& diags, const SourceSet& sources) {
    for (const Diagnostic& d : diags) {
        require(d.pos.file < sources.files.size(), "diagnostic names an unknown file: " + d.message);
        require(!d.message.empty(), "diagnostic without a message");
        if (d.pos.line == 0) {
            (void)render(d, sources);
            continue;
        }
        std::string_view text = sources.files[d.pos.file].text;
        std::size_t lines = 1;
        for (char c : text) lines += c == '\n';
        require(d.pos.line <= lines, "diagnostic line " + std::to_string(d.pos.line) + " past the end of the file (" +
                                         std::to_string(lines) + " lines): " + d.message);
        std::string_view line = line_of(text, d.pos.line);
        require(d.pos.col >= 1 && d.pos.col <= line.size() + 1,
                "diagnostic column " + std::to_string(d.pos.col) + " outside line " + std::to_string(d.pos.line) +
                    " (" + std::to_string(line.size()) + " bytes): " + d.message);
        std::string out = render(d, sources);
        require(!out.empty(), "empty rendering");
    }
}

inline Settings eur_settings() {
    Settings s;
    s.currency = "EUR";
    return s;
}

// ---- the ledger line parser

inline void ledger(const std::uint8_t* data, std::size_t size) {
    std::string_view text = as_text(data, size);
    SourceSet sources;
    std::uint32_t f = sources.add("sales.ledger", std::string(text));
    Settings settings = eur_settings();
    // The entries view the source text and this run's arena (never a global
    // one, which would grow across runs); both outlive them.
    TextArena arena;
    std::vector<Entry> entries;
    Diags diags;
    parse_ledger(sources.files[f].text, f, settings, entries, diags, &arena);
    check_positions(diags, sources);
    for (const Entry& e : entries) {
        require(e.line >= 1, "entry without a line");
        // A parsed entry prints canonically and reads back to itself.
        std::string line = format_entry(e);
        Entry back;  // views `line` and `arena`
        Diags d2;
        bool ok = parse_entry(line, f, e.line, settings, back, d2, &arena);
        require(ok && d2.empty(), "the canonical form does not parse: " + line +
                                      (d2.empty() ? std::string() : " (" + d2.front().message + ")"));
        require(same_entry(e, back), "the canonical form reads back to another entry: " + line);
        require(format_entry(back) == line, "the canonical form is not stable: " + line);
        // The columns diagnostics find again in the source line exist in it.
        std::string_view src = line_of(sources.files[f].text, e.line);
        if (e.line == 1 && src.substr(0, 3) == "\xEF\xBB\xBF") src.remove_prefix(3);  // as parse_ledger reads it
        require(entry_column(src, settings, EntryPart::date) == 1, "an entry's date is not at column 1");
        for (int p = 0; p <= static_cast<int>(EntryPart::close); ++p) {
            std::uint32_t col = entry_column(src, settings, static_cast<EntryPart>(p));
            require(col <= src.size() + 1, "entry column " + std::to_string(col) + " outside its line (" +
                                               std::to_string(src.size()) + " bytes)");
        }
    }
}

// ---- the YAML loaders

inline void check_yaml(std::string_view name, std::string_view text,
                       void (*parse)(std::string_view, std::uint32_t, Diags&)) {
    SourceSet sources;
    std::uint32_t f = sources.add(std::string(name), std::string(text));
    Diags diags;
    parse(sources.files[f].text, f, diags);
    check_positions(diags, sources);
}

inline void settings(const std::uint8_t* data, std::size_t size) {
    check_yaml("salesrep.yaml", as_text(data, size), [](std::string_view t, std::uint32_t f, Diags& d) {
        Settings s;
        FilesSpec files;
        parse_settings(t, f, s, files, d);
        require(s.fiscal_year_start >= 1 && s.fiscal_year_start <= 12, "fiscal_year_start out of range");
        require(s.currency.empty() || s.currency.size() == 3, "currency is not a code");
    });
}

inline void funnel(const std::uint8_t* data, std::size_t size) {
    check_yaml("funnel.yaml", as_text(data, size), [](std::string_view t, std::uint32_t f, Diags& d) {
        std::vector<Pipeline> out;
        parse_funnel(t, f, out, d);
        for (const auto& p : out)
            for (const auto& s : p.stages)
                require(s.probability >= 0 && s.probability <= 100, "stage probability out of range");
    });
}

inline void team(const std::uint8_t* data, std::size_t size) {
    check_yaml("team.yaml", as_text(data, size), [](std::string_view t, std::uint32_t f, Diags& d) {
        std::vector<Team> teams;
        std::vector<Agent> agents;
        parse_team(t, f, teams, agents, d);
    });
}

inline void clients(const std::uint8_t* data, std::size_t size) {
    check_yaml("clients.yaml", as_text(data, size), [](std::string_view t, std::uint32_t f, Diags& d) {
        std::vector<Client> out;
        parse_clients(t, f, eur_settings(), out, d);
    });
}

// Two readings of deals.yaml give the same deals, fields and positions.
inline void require_same_deals(const std::vector<Deal>& x, const std::vector<Deal>& y, const char* what) {
    const std::string field = record::first_difference(x, y);
    require(field.empty(), std::string(what) + ": " + field);
}

inline void deals(const std::uint8_t* data, std::size_t size) {
    check_yaml("deals.yaml", as_text(data, size), [](std::string_view t, std::uint32_t f, Diags& d) {
        std::vector<Deal> out;
        parse_deals(t, f, eur_settings(), out, d);
        for (const auto& deal : out) require(deal.amount.cents >= 0, "negative deal amount accepted");
        // Differential: yaml-cpp's events (what valid files get) against its node tree.
        Diags td;
        std::vector<Deal> tree, events;
        parse_deals_from_tree(t, f, eur_settings(), tree, td);
        require(td.size() == d.size(), "parse_deals and the tree reader report differently");
        require_same_deals(tree, out, "parse_deals and the tree reader differ");
        if (parse_deals_from_events(t, f, eur_settings(), events)) {
            require(td.empty(), "the events reader took a file the tree reader reports on");
            require_same_deals(tree, events, "the events and tree readers differ");
        } else {
            require(events.empty(), "a declined events reading added deals");
        }
    });
}

inline void targets(const std::uint8_t* data, std::size_t size) {
    check_yaml("targets.yaml", as_text(data, size), [](std::string_view t, std::uint32_t f, Diags& d) {
        std::vector<Target> out;
        Settings s = eur_settings();
        s.fiscal_year_start = t.empty() ? 1 : static_cast<unsigned>(t.size() % 12) + 1;
        parse_targets(t, f, s, out, d);
        for (const auto& target : out) {
            require(target.period.bounded() && *target.period.from <= *target.period.to, "bad target period");
            for (const auto& [m, v] : target.values) require(v >= 0, "negative target accepted");
        }
    });
}

// ---- Money, Date, Time, Period
// The first byte picks the fiscal year start and the currency; the rest is the text.

inline void values(const std::uint8_t* data, std::size_t size) {
    unsigned fys = size ? data[0] % 12 + 1 : 1;
    std::string_view currency = size && (data[0] & 0x80) ? std::string_view() : std::string_view("EUR");
    std::string_view text = size ? as_text(data + 1, size - 1) : std::string_view();

    MoneyParse m = parse_money(text, currency);
    if (m.ok) {
        std::string printed = format_money(m.value);
        MoneyParse back = parse_money(printed);
        require(back.ok && back.value == m.value, "money does not round-trip: " + printed);
        for (int pct : {0, 1, 33, 50, 99, 100}) {
            Money w = weighted(m.value, pct);
            require(m.value.cents >= 0 ? (w.cents >= 0 && w.cents <= m.value.cents)
                                       : (w.cents <= 0 && w.cents >= m.value.cents),
                    "weighted amount outside [0, amount]");
        }
        (void)format_money(m.value, true);
    } else {
        require(m.col <= text.size(), "money error column past the text");
        require(!m.error.empty(), "money error without a message");
    }

    if (auto d = parse_date(text)) {
        require(format_date(*d) == text, "date does not round-trip");
        require(d->weekday() >= 1 && d->weekday() <= 7, "bad weekday");
        (void)month_of(*d);
        (void)quarter_of(*d, fys);
        (void)year_of(*d, fys);
    }
    if (auto t = parse_time(text)) require(format_time(*t) == text, "time does not round-trip");

    auto check_period = [&](const std::optional<Period>& p) {
        if (!p) return;
        if (p->from && p->to) require(*p->from <= *p->to, "period ends before it starts: " + p->label);
        auto again = parse_period(p->label, fys);
        require(again && *again == *p, "period label does not read back: " + p->label);
        Period t = fiscal_year(2026, fys);
        Overlap o = target_overlap(*p, t);
        require(o.den > 0 && o.num >= 0 && o.num <= o.den, "overlap out of range for " + p->label);
        if (p->bounded() && *p->to - *p->from < 800) {  // keep each run fast
            (void)weeks_in(*p);
            (void)months_in(*p);
            (void)quarters_in(*p, fys);
        }
    };
    check_period(parse_period(text, fys));
    for (PeriodKind k : {PeriodKind::month, PeriodKind::quarter, PeriodKind::year, PeriodKind::range})
        check_period(parse_period_as(k, text, fys));
}

// ---- check over a whole in-memory book
// The input is the book's texts separated by NUL bytes, in this order:
// salesrep.yaml, funnel, team, clients, deals, targets, ledger (more parts:
// more ledger files). A missing part takes the small book's text below.

inline const char* const small_book[] = {
    "company: Fuzz Ltd\ncurrency: EUR\nfiscal_year_start: 4\npriority: { idle_days: 5 }\n",
    "pipelines:\n"
    "  - id: smb\n    segments: [smb]\n    stages:\n"
    "      - { id: lead, probability: 10, max_days: 14 }\n"
    "      - { id: proposal, probability: 50, category: best_case }\n"
    "      - { id: negotiation, probability: 75, max_days: 7 }\n"
    "  - id: ent\n    segments: [enterprise]\n    stages:\n"
    "      - { id: discovery, probability: 5 }\n      - { id: contract, probability: 80, category: commit }\n",
    "teams:\n  - { id: north, name: North, lead: carol }\nagents:\n"
    "  - { id: alice, team: north }\n  - { id: carol, team: north, role: lead }\n  - { id: dave, role: director }\n",
    "clients:\n  - { id: acme, segment: enterprise, owner: alice, opening_balance: 1200.50 }\n"
    "  - { id: globex, segment: smb, owner: carol }\n",
    "deals:\n  - { id: acme-1, client: acme, owner: alice, amount: 48000, opened: 2026-09-01, stage: discovery,"
    " expected_close: 2026-12-15 }\n"
    "  - { id: globex-1, client: globex, owner: carol, amount: 900.10, opened: 2026-10-01, probability: 30,"
    " next_action: { what: Call back, due: 2026-11-20 } }\n",
    "targets:\n  - { agent: alice, period: 2026, sales: 100000, calls: 40 }\n"
    "  - { team: north, period: 2026-Q3, meetings: 5 }\n  - { company: true, period: 2026-11, sales: 5000 }\n",
    "2026-09-02 call acme-1 @alice \"first call\" next:2026-09-09\n"
    "2026-09-10 stage acme-1 contract\n2026-10-02 14:00 stage globex-1 proposal\n"
    "2026-10-20 won globex-1 950 EUR \"signed\"\n2026-10-21 invoice globex 950 ref:INV-1\n"
    "2026-11-02 payment globex 500\n2026-11-03 set acme-1 probability:65 close:2027-01-10\n"
    "2026-10-05 client nova name:\"Nova SA\" segment:smb contact:\"Ana Lima\" email:ana@nova.example @carol\n"
    "2026-10-06 open nova-1 client:nova amount:1200 stage:lead @carol\n2026-10-12 stage nova-1 proposal\n"
    "2026-11-10 open acme-2 client:acme amount:3000.50 pipeline:ent stage:discovery close:2027-01-31 @alice\n",
};

inline Book book_from_parts(std::string_view input, Diags& diags) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (true) {
        std::size_t nul = input.find('\0', start);
        parts.push_back(input.substr(start, nul == std::string_view::npos ? std::string_view::npos : nul - start));
        if (nul == std::string_view::npos) break;
        start = nul + 1;
    }
    if (input.empty()) parts.clear();
    while (parts.size() < 7) parts.push_back(small_book[parts.size()]);

    Book b;
    b.root = "book";
    FilesSpec files;
    static const char* const names[] = {"salesrep.yaml", "funnel.yaml", "team.yaml", "clients.yaml",
                                        "deals.yaml",    "targets.yaml"};
    std::vector<std::uint32_t> ids;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        std::string name = i < 6 ? names[i] : "ledger" + std::to_string(i - 5) + ".ledger";
        ids.push_back(b.sources.add(name, std::string(parts[i])));
    }
    auto text = [&](std::size_t i) -> std::string_view { return b.sources.files[ids[i]].text; };
    // The entries view the texts in b.sources and this book's own arena.
    auto arena = std::make_shared<TextArena>();
    parse_settings(text(0), ids[0], b.settings, files, diags);
    parse_funnel(text(1), ids[1], b.pipelines, diags);
    parse_team(text(2), ids[2], b.teams, b.agents, diags);
    parse_clients(text(3), ids[3], b.settings, b.clients, diags);
    parse_deals(text(4), ids[4], b.settings, b.deals, diags);
    parse_targets(text(5), ids[5], b.settings, b.targets, diags);
    for (std::size_t i = 6; i < parts.size(); ++i) {
        b.ledger_files.push_back(b.sources.files[ids[i]].path);
        parse_ledger(text(i), ids[i], b.settings, b.entries, diags, arena.get());
    }
    b.arenas.push_back(std::move(arena));
    b.index();
    add_ledger_records(b, diags);  // the deals and clients of `open` and `client` entries, as load_book does
    check_money_sums(b, diags);
    return b;
}

inline void check(const std::uint8_t* data, std::size_t size) {
    Diags diags;
    Book book = book_from_parts(as_text(data, size), diags);
    Date today = Date::from_ymd(2026, 11, 26);
    check_book(book, today, diags);
    sort_diagnostics(diags);
    check_positions(diags, book.sources);
    for (const Diagnostic& d : diags)
        if (d.severity == Severity::error) return;  // every command stops here

    // A book without errors: every report must compute and render.
    Replay r = replay(book, today);
    unsigned fys = book.settings.fiscal_year_start;
    Selection all;
    for (const Period& period : {quarter_of(today, fys), Period{{}, {}, "all time"}}) {
        Context c(book, r, today, period, period.bounded(), all);
        ViewOptions o;
        Document doc = report_document(c, o);
        (void)render_text(doc, TextStyle{60, true, true});
        (void)render_markdown(doc);
        (void)render_json(doc);
        for (const Table& t : report_csv_tables(c)) (void)render_csv(t);
        o.explain = true;
        (void)render_json(forecast_explain_table(c));
        (void)render_text(priority_explain_table(c, o), TextStyle{});
    }
    // Each reader's report (`report --for`), its selection narrowed as the CLI does.
    const Period quarter = quarter_of(today, fys);
    auto render_all = [](const Document& doc) {
        (void)render_text(doc, TextStyle{60, true, true});
        (void)render_markdown(doc);
        (void)render_json(doc);
    };
    for (Reader reader : {Reader::agent, Reader::lead, Reader::director, Reader::board}) {
        ReportSpec spec;
        spec.reader = reader;
        Selection sel;
        if (reader == Reader::agent) {
            if (book.agents.empty()) continue;
            spec.who = book.agents.front().id;
            sel.agents = {spec.who};
        } else if (reader == Reader::lead) {
            if (book.teams.empty()) continue;
            spec.who = book.teams.front().id;
            sel.teams = {spec.who};
        }
        Context c(book, r, today, quarter, true, sel);
        Document doc = report_document(c, ViewOptions{}, spec);
        render_all(doc);
        (void)render_html(doc, report_charts(c));
        for (const Table& t : report_csv_tables(c, spec)) (void)render_csv(t);
    }
    // The new pieces on their own: changes over one small window, accuracy,
    // the range with few trials (plain and calibrated), the calibration.
    Context c(book, r, today, quarter, true, all);
    const Changes ch = pipeline_changes(c, today.plus(-7));
    require(ch.since < ch.until, "changes: since not before until");
    for (const auto& row : ch.rows)
        require(row.figures.expected_end() == row.figures.end, "changes: the waterfall does not add up for " + row.id);
    for (const Table& t : {changes_table(c, ch), changes_deals_table(c, ch), changes_waterfall_table(c, ch)})
        (void)render_text(t, TextStyle{});
    for (bool monthly : {false, true}) {
        const Accuracy a = forecast_accuracy(c, monthly);
        (void)render_json(accuracy_table(c, a));
        (void)render_csv(accuracy_summary_table(c, a));
    }
    for (bool calibrated : {false, true}) {
        RangeOptions ro;
        ro.trials = 50;
        ro.calibrated = calibrated;
        for (const auto& row : range_rows(c, ro))
            require(row.figures.p10 <= row.figures.p50 && row.figures.p50 <= row.figures.p90,
                    "range: percentiles out of order for " + row.id);
        (void)render_text(forecast_range_table(c, ViewOptions{}, ro), TextStyle{});
    }
    for (bool use_period : {false, true}) {
        for (const StageCalibration& s : calibration(c, use_period)) {
            require(s.won >= 0 && s.won <= s.closed, "calibration: more won than closed");
            const WilsonInterval w = wilson_interval(s.won, s.closed);
            require(w.low_pct >= 0 && w.low_pct <= w.high_pct && w.high_pct <= 100, "calibration: bad interval");
            (void)calibration_verdict(s);
        }
        (void)render_markdown(calibration_table(c, use_period));
    }
}

}  // namespace salesrep::fuzz
