#include "salesrep/import.hpp"

#include "salesrep/check.hpp"
#include "salesrep/replay.hpp"

#include "book_fixture.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <string>
#include <vector>

using namespace salesrep;
using salesrep::testing::day;

namespace {

Csv csv(std::string_view text, std::vector<CsvProblem>* problems = nullptr) {
    std::vector<CsvProblem> p;
    Csv c = parse_csv(text, ',', p);
    if (problems) *problems = p;
    else CHECK(p.empty());
    return c;
}

std::vector<std::string> line_col_msgs(const Diags& ds) {
    std::vector<std::string> out;
    for (const auto& d : ds) out.push_back(fmt::format("{}:{}: {}", d.pos.line, d.pos.col, d.message));
    return out;
}

ImportRules rules_of(std::string_view text) {
    ImportRules r;
    Diags d;
    bool ok = parse_rules(text, 0, r, d);
    INFO(fmt::format("{}", fmt::join(line_col_msgs(d), "\n")));
    REQUIRE(ok);
    return r;
}

const char* const kRules = R"(book: { company: Test, currency: USD }
funnel:
  stages:
    - { id: prospecting, probability: 10 }
    - { id: engaging, probability: 60 }
tables:
  accounts: { file: accounts.csv, key: account }
  products: { file: products.csv, key: product }
rewrite:
  product: { GTXPro: GTX Pro }
  accounts.sector: { technolgy: technology }
teams: { from: export, key: manager, name: "{manager}'s team", lead: manager }
agents: { from: export, key: agent, team: manager }
clients: { from: accounts, key: account, industry: sector }
deals:
  key: id
  id: keep
  client: { column: account, default: Unknown account }
  owner: agent
  title: product
  status: stage
  statuses: { Prospecting: prospecting, Engaging: engaging, Won: won, Lost: lost }
  closed_stage: engaging
  opened: { column: engage_date, default: 2017-12-31 }
  closed: close_date
  amount: close_value
  expected: { column: products.sales_price, default: 0 }
)";

const char* const kExport =
    "id,agent,manager,product,account,stage,engage_date,close_date,close_value\r\n"
    "D1,Moses Frase,Dustin Brinkmann,GTXPro,Acme Corporation,Won,2017-01-05,2017-03-01,4500\r\n"
    "D2,Anna Snelling,Dustin Brinkmann,MG Special,,Engaging,2017-02-01,,\r\n"
    "D3,Anna Snelling,Dustin Brinkmann,MG Special,\"Gekko & Co\",Prospecting,,,\r\n"
    "D4,Moses Frase,Dustin Brinkmann,GTX Pro,Acme Corporation,Lost,2017-02-01,2017-02-20,0\r\n";
const char* const kAccounts = "account,sector\nAcme Corporation,technolgy\n\"Gekko & Co\",retail\n";
const char* const kProducts = "product,sales_price\nGTX Pro,4821\nMG Special,55\n";

// An export (which may hold malformed records) and its tables, by name.
ImportInput input_of(std::string_view exported, std::vector<std::pair<std::string, std::string_view>> tables) {
    std::vector<CsvProblem> p;
    ImportInput in;
    in.export_name = "export.csv";
    in.export_csv = parse_csv(exported, ',', p);
    for (const auto& [name, text] : tables) {
        in.table_names.push_back(name);
        in.tables.push_back(csv(text));
    }
    return in;
}

ImportInput input(const char* exported = kExport) {
    return input_of(exported, {{"accounts.csv", kAccounts}, {"products.csv", kProducts}});
}

}  // namespace

TEST_SUITE("import: csv") {
    TEST_CASE("quotes, separators and line breaks in fields - CRLF - a BOM") {
        Csv c = csv("\xEF\xBB\xBF" "a,b,c\r\n1,\"x, y\",\"say \"\"hi\"\"\"\r\n2,\"two\r\nlines\",\r\n\r\n3,,z");
        REQUIRE(c.header == std::vector<std::string>{"a", "b", "c"});
        REQUIRE(c.rows.size() == 3);
        CHECK(c.rows[0] == std::vector<std::string>{"1", "x, y", "say \"hi\""});
        CHECK(c.rows[1] == std::vector<std::string>{"2", "two\nlines", ""});
        CHECK(c.rows[2] == std::vector<std::string>{"3", "", "z"});
        CHECK(c.lines == std::vector<std::uint32_t>{2, 3, 6});
        CHECK(c.column("c") == 2);
        CHECK(c.column("d") == -1);
    }

    TEST_CASE("malformed records are reported with their line and left out") {
        std::vector<CsvProblem> p;
        Csv c = csv("a,b\n1,2\n3,x\"y\n4\n\"5\"z,6\n7,8\n\"9,10\n", &p);
        REQUIRE(c.rows.size() == 2);
        CHECK(c.rows[1] == std::vector<std::string>{"7", "8"});
        REQUIRE(p.size() == 4);
        CHECK(p[0].line == 3);
        CHECK(p[0].col == 4);
        CHECK(p[0].message.find("a quote inside an unquoted field") == 0);
        CHECK(p[1].line == 4);
        CHECK(p[1].message == "1 field where the header has 2");
        CHECK(p[2].line == 5);
        CHECK(p[2].message.find("text after the closing quote") == 0);
        CHECK(p[3].line == 7);
        CHECK(p[3].message.find("a quoted field is never closed") == 0);
    }

    TEST_CASE("invalid UTF-8 and a broken header") {
        std::vector<CsvProblem> p;
        Csv c = csv("a\n\xff\xfe\nok\n", &p);
        CHECK(c.rows.size() == 1);
        REQUIRE(p.size() == 1);
        CHECK(p[0].message.find("invalid UTF-8") == 0);
        Csv none = csv("\"a\n", &p);
        CHECK(none.header.empty());
    }

    TEST_CASE("another separator - a last line without a line end") {
        std::vector<CsvProblem> p;
        Csv c = parse_csv("a;b\n1;\"2;3\"", ';', p);
        CHECK(p.empty());
        REQUIRE(c.rows.size() == 1);
        CHECK(c.rows[0][1] == "2;3");
    }
}

TEST_SUITE("import: ids and values") {
    TEST_CASE("slug") {
        CHECK(slug("Acme Corporation") == "acme-corporation");
        CHECK(slug("Gekko & Co") == "gekko-co");
        CHECK(slug("Mei-Mei Johns") == "mei-mei-johns");
        CHECK(slug("  --Zoë  Ltd. ") == "zo-ltd");
        CHECK(slug("Acme, Inc.") == "acme-inc");
        CHECK(slug("***") == "x");
        CHECK(slug("1C1I7A6R") == "1c1i7a6r");
    }

    TEST_CASE("dates in other formats") {
        CHECK(parse_date_as("2017-03-01", "%Y-%m-%d") == day("2017-03-01"));
        CHECK(parse_date_as("3/1/2017", "%m/%d/%Y") == day("2017-03-01"));
        CHECK(parse_date_as("01-Mar-17", "%d-%b-%y") == day("2017-03-01"));
        CHECK(parse_date_as("1 march 1999", "%d %B %Y") == day("1999-03-01"));
        CHECK(parse_date_as("2017-03-01 14:05:00", "%Y-%m-%d %H:%M:%S") == day("2017-03-01"));
        CHECK_FALSE(parse_date_as("2017-02-30", "%Y-%m-%d"));
        CHECK_FALSE(parse_date_as("2017-03-01x", "%Y-%m-%d"));
        CHECK_FALSE(parse_date_as("17-03-01", "%Y-%m-%d"));
    }
}

namespace {

// read_amount as "cents" or "error: WHY"
std::string amt(std::string_view text, std::string_view currency = "USD", AmountFormat f = {}) {
    std::string why;
    auto m = read_amount(text, currency, f, why);
    if (!m) return "error: " + why;
    return std::to_string(m->cents);
}

std::string dt(std::string_view text, DateOrder order = DateOrder::unknown, std::vector<std::string> formats = {}) {
    std::string why;
    auto d = read_date(text, formats, order, &why);
    return d ? format_date(*d) : "error: " + why;
}

}  // namespace

TEST_SUITE("import: amounts and dates as CRMs write them") {
    TEST_CASE("plain numbers and grouping without a rule") {
        CHECK(amt("900") == "90000");
        CHECK(amt("0") == "0");
        CHECK(amt("12.5") == "1250");
        CHECK(amt("12.50") == "1250");
        CHECK(amt("1,200") == "120000");           // a lone mark before three digits groups
        CHECK(amt("1.200") == "120000");
        CHECK(amt("1,200.50") == "120050");
        CHECK(amt("1.200,50") == "120050");
        CHECK(amt("1,234,567.89") == "123456789");
        CHECK(amt("1.234.567,89") == "123456789");
        CHECK(amt("1 234 567,89") == "123456789");
        CHECK(amt("1\xC2\xA0" "234,5") == "123450");        // no-break space
        CHECK(amt("1\xE2\x80\xAF" "234,50") == "123450");  // narrow no-break space
        CHECK(amt("12'345.50") == "1234550");
        CHECK(amt("12\xE2\x80\x99" "345.50") == "1234550");  // typographic apostrophe
        CHECK(amt("1,5") == "150");
        CHECK(amt("1200.000") == "120000");  // trailing zero decimals are dropped
        CHECK(amt("1200.0000") == "120000");
        CHECK(amt("  42  ") == "4200");
        CHECK(amt("1234.5") == "123450");
    }
    TEST_CASE("currency symbols and codes, before or after") {
        CHECK(amt("$22,700.00") == "2270000");
        CHECK(amt("$ 22,700.00") == "2270000");
        CHECK(amt("22,700.00$") == "2270000");
        CHECK(amt("USD 900") == "90000");
        CHECK(amt("900 USD") == "90000");
        CHECK(amt("900USD") == "90000");
        CHECK(amt("US$1,000") == "100000");
        CHECK(amt("22 700,00 \xE2\x82\xAC", "EUR") == "2270000");
        CHECK(amt("\xE2\x82\xAC" "1.200,50", "EUR") == "120050");
        CHECK(amt("EUR 1.200,50", "EUR") == "120050");
        CHECK(amt("1'200.50 CHF", "CHF") == "120050");
        CHECK(amt("\xC2\xA3" "99.99", "GBP") == "9999");
        CHECK(amt("$5", "CAD") == "500");  // $ stands for several dollars
        CHECK(amt("C$5", "CAD") == "500");
        CHECK(amt("1 200 kr", "SEK") == "120000");
    }
    TEST_CASE("a foreign currency or none in the book is refused with the reason") {
        CHECK(amt("EUR 1.200,50") == "error: 'EUR 1.200,50' is in EUR, not in the book's currency (USD)");
        CHECK(amt("22 700,00 \xE2\x82\xAC") == "error: '22 700,00 \xE2\x82\xAC' is in \xE2\x82\xAC, not in the book's currency (USD)");
        CHECK(amt("$5", "EUR") == "error: '$5' is in $, not in the book's currency (EUR)");
        CHECK(amt("C$5", "USD") == "error: 'C$5' is in C$, not in the book's currency (USD)");
        CHECK(amt("$5", "") == "error: '$5' is in $, but the book names no currency (book: currency:)");
        CHECK(amt("5", "") == "500");
        CHECK(amt("$5 USD") == "error: '$5 USD' names a currency more than once");
    }
    TEST_CASE("negatives in every form") {
        CHECK(amt("-1,200.00") == "-120000");
        CHECK(amt("(1,200.00)") == "-120000");
        CHECK(amt("($1,200.00)") == "-120000");
        CHECK(amt("$(1,200.00)") == "-120000");
        CHECK(amt("-$1,200.00") == "-120000");
        CHECK(amt("$-1,200.00") == "-120000");
        CHECK(amt("1,200.00-") == "-120000");
        CHECK(amt("-1.200,00 \xE2\x82\xAC", "EUR") == "-120000");
        CHECK(amt("\xE2\x88\x92" "5") == "-500");  // U+2212 minus
        CHECK(amt("( 5 )") == "-500");
        CHECK(amt("-0") == "0");
    }
    TEST_CASE("what is not an amount") {
        CHECK(amt("") == "error: '' is not an amount");
        CHECK(amt("$") == "error: '$' is not an amount");
        CHECK(amt("abc") == "error: 'abc' is not an amount");
        CHECK(amt("12abc") == "error: '12abc' is not an amount");
        CHECK(amt("+5") == "error: '+5' is not an amount");
        CHECK(amt("--5") == "error: '--5' is not an amount");
        CHECK(amt("-(5)") == "error: '-(5)' is not an amount");
        CHECK(amt("(5") == "error: '(5' is not an amount");
        CHECK(amt("5)") == "error: '5)' is not an amount");
        CHECK(amt("1 2") == "error: '1 2' is not grouped by thousands (groups of three digits)");
        CHECK(amt("12,34,567") == "error: '12,34,567' is not grouped by thousands (groups of three digits)");
        CHECK(amt("1234,567") == "error: '1234,567' has more than two decimals");
        CHECK(amt("1,234.5678") == "error: '1,234.5678' has more than two decimals");
        CHECK(amt("1,234,56.7") == "error: '1,234,56.7' is not grouped by thousands (groups of three digits)");
        CHECK(amt("1.234,567.8") == "error: '1.234,567.8' mixes marks: its digits are grouped by '.'");
        CHECK(amt("5 5 5") == "error: '5 5 5' is not grouped by thousands (groups of three digits)");
        CHECK(amt("1.2.3") == "error: '1.2.3' is not grouped by thousands (groups of three digits)");
        CHECK(amt("99999999999999999999") .rfind("error: '99999999999999999999': ", 0) == 0);
    }
    TEST_CASE("the rules' thousands: and decimal:") {
        AmountFormat comma{",", '.'}, dot{".", ','}, space{" ", ','}, apos{"'", '.'};
        CHECK(amt("1,200", "USD", comma) == "120000");
        CHECK(amt("1.2", "USD", comma) == "120");
        CHECK(amt("1.200", "USD", comma) == "120");  // decimal: '.' says so
        CHECK(amt("1.200", "USD", dot) == "120000");
        CHECK(amt("1,200", "USD", dot) == "120");
        CHECK(amt("1.200,5", "USD", dot) == "120050");
        CHECK(amt("1,200.5", "USD", dot) == "error: '1,200.5' has the decimal mark ',' twice");
        CHECK(amt("1.200.000,5", "USD", dot) == "120000050");
        CHECK(amt("1 200,5", "USD", space) == "120050");
        CHECK(amt("1\xE2\x80\xAF" "200,5", "USD", space) == "120050");
        CHECK(amt("1.200,5", "USD", space) == "error: '1.200,5' mixes marks: its digits are grouped by '.' where the rules say thousands: ' '");
        CHECK(amt("1'200.5", "USD", apos) == "120050");
        CHECK(amt("1,200", "USD", AmountFormat{",", 0}) == "120000");
        CHECK(amt("1.200", "USD", AmountFormat{",", 0}) == "120");  // '.' is not the grouping mark: decimal
        CHECK(amt("1,200", "USD", AmountFormat{"", ','}) == "120");
    }

    TEST_CASE("dates: ISO, with or without a time") {
        CHECK(dt("2021-04-15") == "2021-04-15");
        CHECK(dt(" 2021-04-15 ") == "2021-04-15");
        CHECK(dt("2021/04/15") == "2021-04-15");
        CHECK(dt("2021-04-15 00:02:00") == "2021-04-15");
        CHECK(dt("2021-04-15 00:02") == "2021-04-15");
        CHECK(dt("2021-04-15T23:30:00") == "2021-04-15");
        CHECK(dt("2021-04-15T23:30:00Z") == "2021-04-15");
        CHECK(dt("2021-04-15T23:30:00.123Z") == "2021-04-15");
        CHECK(dt("2021-04-15T23:30:00-05:00") == "2021-04-15");  // the date as written
        CHECK(dt("2021-04-15 10:00 +0200") == "2021-04-15");
        CHECK(dt("2021-04-15 10:00:00 UTC") == "2021-04-15");
        CHECK(dt("2021-4-5") == "2021-04-05");
    }
    TEST_CASE("dates: month names") {
        CHECK(dt("15 Apr, 2021 00:02:00") == "2021-04-15");
        CHECK(dt("15 Apr 2021") == "2021-04-15");
        CHECK(dt("15 April 2021") == "2021-04-15");
        CHECK(dt("15-Apr-2021") == "2021-04-15");
        CHECK(dt("15-apr-21") == "2021-04-15");
        CHECK(dt("Apr 15, 2021") == "2021-04-15");
        CHECK(dt("April 15, 2021 3:02 PM") == "2021-04-15");
        CHECK(dt("Apr 15, 2021, 3:02 pm") == "2021-04-15");
        CHECK(dt("Sept 1, 2021") == "2021-09-01");
        CHECK(dt("1. Sep 2021") == "2021-09-01");
    }
    TEST_CASE("dates: numeric only with date_order") {
        CHECK(dt("04/15/2021", DateOrder::month_first) == "2021-04-15");
        CHECK(dt("4/5/2021 10:00 AM", DateOrder::month_first) == "2021-04-05");
        CHECK(dt("04/15/21", DateOrder::month_first) == "2021-04-15");
        CHECK(dt("04-15-2021", DateOrder::month_first) == "2021-04-15");
        CHECK(dt("15/04/2021", DateOrder::day_first) == "2021-04-15");
        CHECK(dt("15.04.2021 00:00", DateOrder::day_first) == "2021-04-15");
        CHECK(dt("4/5/2021", DateOrder::day_first) == "2021-05-04");
        CHECK(dt("2021-04-15", DateOrder::day_first) == "2021-04-15");  // ISO is always read
        CHECK(dt("15/04/2021", DateOrder::month_first).rfind("error: is not a date (ISO", 0) == 0);
        CHECK(dt("04/15/2021") == "error: is a numeric date whose order is unsaid: give 'csv: date_order: "
                                  "month-first' (04/15/2021) or 'day-first' (15/04/2021)");
        CHECK(dt("15/04/2021 10:00") .rfind("error: is a numeric date whose order is unsaid", 0) == 0);
    }
    TEST_CASE("dates: what is not one") {
        CHECK(dt("").rfind("error: is not a date (ISO 2021-04-15, 15 Apr 2021, Apr 15, 2021; a time", 0) == 0);
        CHECK(dt("2021-02-30").rfind("error: is not a date", 0) == 0);
        CHECK(dt("2021-04-15 25").rfind("error: is not a date", 0) == 0);
        CHECK(dt("2021-04-15 10:00 XYZ").rfind("error: is not a date", 0) == 0);
        CHECK(dt("15 Foo 2021").rfind("error: is not a date", 0) == 0);
        CHECK(dt("yesterday").rfind("error: is not a date", 0) == 0);
    }
    TEST_CASE("dates: the rules' date_format, a time still dropped") {
        std::vector<std::string> f{"%d.%m.%Y"};
        CHECK(dt("15.04.2021", DateOrder::unknown, f) == "2021-04-15");
        CHECK(dt("15.04.2021 10:00:00", DateOrder::unknown, f) == "2021-04-15");
        CHECK(dt("2021-04-15", DateOrder::unknown, f) == "error: is not a date in the format %d.%m.%Y");
    }
}

TEST_SUITE("import: rules") {
    TEST_CASE("a full rules file") {
        ImportRules r = rules_of(kRules);
        CHECK(r.company == "Test");
        CHECK(r.funnel_single);
        REQUIRE(r.pipelines.size() == 1);
        CHECK(r.pipelines[0].stages.size() == 2);
        REQUIRE(r.tables.size() == 2);
        CHECK(r.tables[0].join == "account");
        REQUIRE(r.rewrites.size() == 2);
        CHECK(r.rewrites[1].column == "accounts.sector");
        CHECK(r.deals.keep_ids);
        const FieldSpec* client = r.deals.field("client");
        REQUIRE(client);
        CHECK(client->from == FieldSpec::From::column);
        CHECK(client->fallback == "Unknown account");
        CHECK(r.teams.field("name")->from == FieldSpec::From::templ);
        CHECK(r.statuses.size() == 4);
        CHECK(r.closed_stage == "engaging");
    }

    TEST_CASE("every problem at its line and column") {
        ImportRules r;
        Diags d;
        CHECK_FALSE(parse_rules("csv: { separator: ';;', colour: red }\n"
                                "tables:\n  export: { file: a.csv, key: id }\n"
                                "teams: { key: \"{manager\" }\n"
                                "agents: { id: uuid }\n"
                                "deals:\n  key: id\n  statuses: { Won: \"not an id\" }\n  opened: { column: a, value: b }\n",
                                0, r, d));
        INFO(fmt::format("{}", fmt::join(line_col_msgs(d), "\n")));
        CHECK(line_col_msgs(d) == std::vector<std::string>{
                             "1:25: unknown key 'colour' in 'csv'; known keys: separator, date_format, date_order, thousands, decimal",
                             "1:19: 'csv.separator' is one character, found ';;'",
                             "3:3: 'export' cannot name a table: use letters, digits, '.', '_' and '-' (and not 'export', "
                             "which is the CSV being imported)",
                             "4:15: template '{manager' has a '{' without a column name and '}'; write {COLUMN}, or '{{' "
                             "for a brace",
                             "5:15: 'id' of 'agents' is 'slug' (ids made from names, the default) or 'keep' (the key "
                             "itself when it is a valid id), found 'uuid'",
                             "5:9: 'agents' has no 'key:' (the column that names each record)",
                             "9:11: 'deals.opened' gives more than one of column, template and value; keep one",
                             "8:20: 'deals.statuses' maps 'Won' to a stage id, 'won' or 'lost', found 'not an id'",
                         });
    }

    TEST_CASE("a YAML syntax error") {
        ImportRules r;
        Diags d;
        CHECK_FALSE(parse_rules("deals: [\n", 0, r, d));
        REQUIRE(d.size() == 1);
        CHECK(d[0].message.find("invalid YAML") == 0);
    }
}

namespace {

// The book of kRules with kExport imported: its deals opened in imported/a.ledger.
Book imported_book() {
    ImportRules r = rules_of(kRules);
    Book book = new_book(r);
    Diags d;
    ImportResult first = import_rows(r, input(), book, day("2018-01-01"), "t", d);
    REQUIRE(d.empty());
    REQUIRE(verify_import(book, first, {"a.team.yaml", "a.clients.yaml", "imported/a.ledger"}, day("2018-01-01"))
                .empty());
    return book;
}

// The errors verify_import finds in `book` with an import of these ledger lines,
// as FILE:LINE: MESSAGE.
std::vector<std::string> import_errors(Book book, std::vector<std::string> lines, Date today = day("2018-01-01")) {
    ImportResult res;
    res.ledger_lines = std::move(lines);
    std::vector<std::string> errors;
    for (const auto& x : verify_import(book, res, {"b.team.yaml", "b.clients.yaml", "imported/b.ledger"}, today))
        if (x.severity == Severity::error)
            errors.push_back(fmt::format("{}:{}: {}", book.sources.files[x.pos.file].path, x.pos.line, x.message));
    return errors;
}

}  // namespace

TEST_SUITE("import: mapping") {
    TEST_CASE("a new book: YAML texts, ledger lines, nothing rejected") {
        ImportRules r = rules_of(kRules);
        Book book = new_book(r);
        Diags d;
        ImportResult res = import_rows(r, input(), book, day("2018-01-01"), "test", d);
        REQUIRE(d.empty());
        CHECK(res.rejected.empty());
        CHECK(res.team_yaml == "# test\n# teams and agents: written once by 'salesrep import'; later changes go in the "
                               "ledger.\nteams:\n"
                               "  - { id: dustin-brinkmann, name: \"Dustin Brinkmann's team\", lead: dustin-brinkmann }\n"
                               "agents:\n"
                               "  - { id: dustin-brinkmann, name: Dustin Brinkmann, team: dustin-brinkmann, role: lead }\n"
                               "  - { id: moses-frase, name: Moses Frase, team: dustin-brinkmann }\n"
                               "  - { id: anna-snelling, name: Anna Snelling, team: dustin-brinkmann }\n");
        CHECK(res.clients_yaml.substr(res.clients_yaml.find("\nclients:") + 1) ==
              "clients:\n"
              "  - { id: acme-corporation, name: Acme Corporation, industry: technology }\n"
              "  - { id: gekko-co, name: \"Gekko & Co\", industry: retail }\n"
              "  - { id: unknown-account, name: Unknown account }\n");
        // each deal an `open` entry, first among the lines of its day
        CHECK(res.ledger_lines ==
              std::vector<std::string>{
                  "2017-01-05 open D1 client:acme-corporation amount:4821.00 stage:engaging @moses-frase \"GTX Pro\"",
                  "2017-02-01 open D2 client:unknown-account amount:55.00 stage:engaging @anna-snelling \"MG Special\"",
                  "2017-02-01 open D4 client:acme-corporation amount:4821.00 stage:engaging @moses-frase \"GTX Pro\"",
                  "2017-02-20 lost D4",
                  "2017-03-01 won D1 4500.00",
                  "2017-12-31 open D3 client:gekko-co amount:55.00 stage:prospecting @anna-snelling \"MG Special\"",
              });
        CHECK(res.deals.added == 4);
        CHECK(res.agents.added == 3);
        CHECK(res.entries.added == 2);  // the open entries are counted as deals

        // the book with the import passes check; its deals come from the ledger
        ImportFiles files{"imported/x.team.yaml", "imported/x.clients.yaml", "imported/x.ledger"};
        Diags v = verify_import(book, res, files, day("2018-01-01"));
        CHECK(line_col_msgs(v).empty());
        REQUIRE(book.deals.size() == 4);
        CHECK(book.deals[0].id == "D1");
        CHECK(book.deals[0].from_entry);
        CHECK(book.deals[0].opened == day("2017-01-05"));
        CHECK(book.deals[0].owner == "moses-frase");
        CHECK(book.deals[0].title == "GTX Pro");
        CHECK(book.sources.files[book.deals[0].pos.file].path == "imported/x.ledger");
        Replay rp = replay(book, day("2018-01-01"));
        CHECK(rp.deals[0].status == DealStatus::won);
        CHECK(rp.deals[0].amount == Money{450000});
    }

    TEST_CASE("importing again adds nothing - an export that moved on adds what happened") {
        ImportRules r = rules_of(kRules);
        Book book = new_book(r);
        Diags d;
        ImportResult first = import_rows(r, input(), book, day("2018-01-01"), "t", d);
        ImportFiles files{"a.team.yaml", "a.clients.yaml", "imported/a.ledger"};
        REQUIRE(verify_import(book, first, files, day("2018-01-01")).empty());

        ImportResult again = import_rows(r, input(), book, day("2018-01-01"), "t", d);
        REQUIRE(d.empty());
        CHECK(again.nothing_new());
        CHECK(again.deals.present == 4);
        CHECK(again.clients.present == 3);
        CHECK(again.entries.present == 2);

        // D2 is won now; D3 is engaging since 2018-01-03; D5 is new
        std::string later = kExport;
        later.replace(later.find("Engaging,2017-02-01,,"), 21, "Won,2017-02-01,2018-01-05,60");
        later.replace(later.find("Prospecting,,,"), 14, "Engaging,2018-01-03,,");
        later += "D5,Carl Lin,Summer Sewald,MG Special,Acme Corporation,Engaging,2018-01-02,,\r\n";
        ImportResult next = import_rows(r, input(later.c_str()), book, day("2018-01-10"), "t", d);
        REQUIRE(d.empty());
        CHECK(next.deals.added == 1);
        CHECK(next.deals.present == 4);
        CHECK(next.teams.added == 1);
        INFO(fmt::format("{}", fmt::join(next.ledger_lines, "\n")));
        CHECK(next.ledger_lines ==
              std::vector<std::string>{
                  "2018-01-02 open D5 client:acme-corporation amount:55.00 stage:engaging @carl-lin \"MG Special\"",
                  "2018-01-03 stage D3 engaging", "2018-01-05 won D2 60.00"});
        CHECK(verify_import(book, next, {"b.team.yaml", "b.clients.yaml", "imported/b.ledger"}, day("2018-01-10"))
                  .empty());
        CHECK(book.deal_index("D5") >= 0);
    }

    TEST_CASE("verify_import reads the open entries as deals: a taken id or a bad deal is refused") {
        Book book = imported_book();
        auto refused = [&](std::vector<std::string> lines) { return import_errors(book, std::move(lines)); };
        // D1 is opened by the first import's ledger already
        std::vector<std::string> dup =
            refused({"2017-06-01 open D9 client:gekko-co amount:5.00 @moses-frase",
                     "2017-06-01 open D1 client:gekko-co amount:5.00 @moses-frase"});
        REQUIRE(dup.size() == 1);
        CHECK(dup[0].find("imported/b.ledger:2: ") == 0);
        CHECK(dup[0].find("'D1'") != std::string::npos);
        std::vector<std::string> unknown = refused({"2017-06-01 open D9 client:nobody amount:5.00 @moses-frase"});
        REQUIRE(unknown.size() == 1);
        CHECK(unknown[0].find("imported/b.ledger:1: ") == 0);
        CHECK(unknown[0].find("'nobody'") != std::string::npos);
        std::vector<std::string> bad = refused({"2017-06-01 open D9 amount:5.00 @moses-frase"});
        REQUIRE(bad.size() == 1);
        CHECK(bad[0].find("imported/b.ledger:1: 'open' needs the deal's client") == 0);
        CHECK(refused({"2017-06-01 open D9 client:gekko-co amount:5.00 @moses-frase"}).empty());
    }

    TEST_CASE("verify_import reads the import's lines before the book's last ledger file, as the book will") {
        Book book = imported_book();
        Diags d;
        // sales.ledger, the last file, says D3 was won; the import moves it on the same day
        std::uint32_t f = book.sources.add("sales.ledger", "2018-01-05 won D3 10.00\n");
        parse_ledger(book.sources.files[f].text, f, book.settings, book.entries, d);
        REQUIRE(d.empty());
        auto errors = [&](std::vector<std::string> ledger_files) {
            Book b = book;
            b.ledger_files = std::move(ledger_files);
            return import_errors(b, {"2018-01-05 stage D3 engaging"}, day("2018-01-10")).size();
        };
        CHECK(errors({"imported/a.ledger", "sales.ledger"}) == 0);  // the move, then the win
        CHECK(errors({}) == 1);  // read after sales.ledger, the move would follow the win
    }

    TEST_CASE("a title or source with line breaks and quotes: one line that reads back") {
        ImportRules r = rules_of(std::string(kRules) + "  source: product\n");
        Book book = new_book(r);
        Diags d;
        ImportResult res = import_rows(r,
                                       input("id,agent,manager,product,account,stage,engage_date,close_date,close_value\n"
                                             "Q1,Moses Frase,Dustin Brinkmann,\"Big \"\"one\"\"\nand\\ more\","
                                             "Acme,Engaging,2017-01-05,,\n"),
                                       book, day("2018-01-01"), "t", d);
        REQUIRE(d.empty());
        REQUIRE(res.ledger_lines.size() == 1);
        CHECK(res.ledger_lines[0] == "2017-01-05 open Q1 client:acme amount:0.00 stage:engaging "
                                     "source:\"Big \\\"one\\\" and\\\\ more\" @moses-frase "
                                     "\"Big \\\"one\\\" and\\\\ more\"");
        CHECK(verify_import(book, res, {"t.yaml", "c.yaml", "imported/t.ledger"}, day("2018-01-01")).empty());
        REQUIRE(book.deals.size() == 1);
        CHECK(book.deals[0].title == "Big \"one\" and\\ more");
        CHECK(book.deals[0].source == "Big \"one\" and\\ more");
    }

    TEST_CASE("rejected rows say why, with their line") {
        ImportRules r = rules_of(kRules);
        Book book = new_book(r);
        Diags d;
        const char* bad = "id,agent,manager,product,account,stage,engage_date,close_date,close_value\n"
                          ",Moses Frase,Dustin Brinkmann,GTX Pro,Acme Corporation,Engaging,2017-01-05,,\n"
                          "E1,Moses Frase,Dustin Brinkmann,GTX Pro,Acme Corporation,Paused,2017-01-05,,\n"
                          "E2,Moses Frase,Dustin Brinkmann,GTX Pro,Acme Corporation,Engaging,05/01/2017,,\n"
                          "E3,Moses Frase,Dustin Brinkmann,GTX Pro,Acme Corporation,Won,2017-01-05,2017-01-01,10\n"
                          "E4,Moses Frase,Dustin Brinkmann,GTX Pro,Acme Corporation,Won,2017-01-05,,10\n"
                          "E5,Moses Frase,Dustin Brinkmann,GTX Pro,Acme Corporation,Won,2017-01-05,2017-02-01,1.2345\n"
                          "E6,,Dustin Brinkmann,GTX Pro,Acme Corporation,Engaging,2017-01-05,,\n"
                          "E6,Moses Frase,Dustin Brinkmann,GTX Pro,Acme Corporation,Engaging,2017-01-05,,\n"
                          "E6,Moses Frase,Dustin Brinkmann,GTX Pro,Acme Corporation,Engaging,2017-01-05,,\n";
        ImportResult res = import_rows(r, input(bad), book, day("2018-01-01"), "t", d);
        REQUIRE(d.empty());
        std::vector<std::string> got;
        for (const auto& x : res.rejected) got.push_back(fmt::format("{}:{}: {}", x.file, x.line, x.reason));
        CHECK(got == std::vector<std::string>{
                         "export.csv:2: no deal id ('id' is empty) and the rules give no default",
                         "export.csv:3: status 'Paused' (column 'stage') is not in the rules' statuses: Prospecting, "
                         "Engaging, Won, Lost",
                         "export.csv:4: opened date '05/01/2017' (column 'engage_date') is a numeric date whose order "
                         "is unsaid: give 'csv: date_order: month-first' (04/15/2021) or 'day-first' (15/04/2021)",
                         "export.csv:5: closed on 2017-01-01, before it was opened on 2017-01-05",
                         "export.csv:6: a won deal with no close date ('close_date' is empty)",
                         "export.csv:7: '1.2345' has more than two decimals (column 'close_value')",
                         "export.csv:8: no owner ('agent' is empty) and the rules give no default",
                         "export.csv:10: deal 'E6' is on line 9 already",
                     });
        CHECK(res.deals.added == 1);
    }

    TEST_CASE("rules that do not fit the CSV or the book") {
        ImportRules r = rules_of(std::string(kRules) + "  source: channel\n");
        r.statuses[0].outcome = "lead";
        Book book = new_book(r);
        Diags d;
        ImportResult res = import_rows(r, input(), book, day("2018-01-01"), "t", d);
        CHECK(res.nothing_new());
        REQUIRE(d.size() == 2);
        CHECK(d[0].message.find("column 'channel' is not in export.csv; its columns: id, agent,") == 0);
        CHECK(d[1].message == "'lead' is not a stage of the book's funnel (nor won or lost)");
    }

    TEST_CASE("ids: slugs deduplicated in order, clients and deals share one namespace") {
        ImportRules r = rules_of(R"(funnel: { stages: [ { id: open1, probability: 10 } ] }
deals: { key: id, client: account, owner: agent, opened: day }
)");
        Book book = new_book(r);
        Diags d;
        ImportInput in;
        in.export_name = "e.csv";
        in.export_csv = csv("id,account,agent,day\nAcme,Acme,Al Bo,2017-01-01\nacme,ACME,al-bo,2017-01-02\n");
        ImportResult res = import_rows(r, std::move(in), book, day("2018-01-01"), "t", d);
        REQUIRE(d.empty());
        // each row's client is made before its deal
        CHECK(res.clients_yaml.find("{ id: acme, name: Acme }\n  - { id: acme-3, name: ACME }") != std::string::npos);
        CHECK(res.ledger_lines == std::vector<std::string>{"2017-01-01 open acme-2 client:acme amount:0.00 @al-bo",
                                                           "2017-01-02 open acme-4 client:acme-3 amount:0.00 @al-bo-2"});
    }
}

namespace {

const char* const kHistoryRules = R"(book: { company: T, currency: USD }
funnel:
  stages:
    - { id: new, probability: 10 }
    - { id: talks, probability: 50 }
    - { id: offer, probability: 80 }
tables:
  history: { file: history.csv }
  acts: { file: acts.csv }
deals:
  id: "d-{_row}"
  client: Company
  owner: Owner
  status: Stage
  statuses: { New: new, Talks: talks, Offer: offer, Won: won, Lost: lost }
  opened: Created
  closed: Closed
  expected_close: Closed
  amount: Amount
  expected: Amount
history: { from: history, deal: "d-{Row}", date: On, stage: Stage, close: Close }
activities:
  from: acts
  date: When
  type: Kind
  types: { Lunch: meeting, Task: note }
  owner: Who
  deal: "{Deal}"
  client: Company
  note: Subject
)";

// Rows 1..4: "bad,line" is malformed (counted by {_row}: d-2 does not exist).
const char* const kHistoryExport = "Company,Owner,Stage,Amount,Created,Closed\n"
                                   "Acme,Al Bo,Won,\"$1,000.00\",15 Apr 2021,2021-06-01 10:00:00\n"
                                   "bad,li\"ne,x,x,x,x\n"
                                   "Acme,Al Bo,Offer,$500,2021-04-20,2021-09-30\n"
                                   "Initech,Cy Do,Talks,700,2021-05-01,2021-12-31\n";
const char* const kHistory = "Row,On,Stage,Close\n"
                             "1,2021-04-15,New,2021-05-31\n"
                             "1,2021-05-02,Offer,2021-06-15\n"
                             "1,2021-05-20,Offer,2021-06-01\n"
                             "1,2021-06-01,Won,2021-06-01\n"
                             "3,2021-04-01,New,2021-08-31\n"  // before it was opened: as of the opening
                             "3,2021-05-01,Talks,2021-08-31\n"
                             "3,2021-06-01,Talks,2021-09-30\n"
                             "4,2021-05-10,Lost,\n"            // the export shows it open
                             "1,2021-07-01,Talks,\n"           // after it was won
                             "9,2021-05-01,Talks,\n";          // no such deal
const char* const kActs = "When,Kind,Who,Deal,Company,Subject\n"
                          "2021-04-16 09:00,Call,Al Bo,d-1,,\"Intro, \"\"first\"\"\"\n"
                          "\"20 Apr, 2021 10:00:00\",Lunch,Al Bo,d-1,,Lunch\n"
                          "2021-05-03,Task,Cy Do,,Initech,Send the deck\n"
                          "2021-05-03,Fax,Cy Do,,Initech,\n"
                          "2021-03-01,Call,Al Bo,d-3,,Before\n"
                          "2021-05-04,Call,Al Bo,d-2,,No such deal\n"
                          "2021-05-05,Email,Ed Fu,,Globex,No such client\n"
                          "2021-05-06,Email,Ed Fu,d-4,,\n";

ImportInput history_input() { return input_of(kHistoryExport, {{"history.csv", kHistory}, {"acts.csv", kActs}}); }

}  // namespace

TEST_SUITE("import: history, activities, id templates") {
    TEST_CASE("{_row} counts malformed rows - the id template is the key too") {
        std::vector<CsvProblem> p;
        Csv c = parse_csv(kHistoryExport, ',', p);
        CHECK(c.numbers == std::vector<std::uint32_t>{1, 3, 4});
        ImportRules r = rules_of(kHistoryRules);
        CHECK(r.deals.id_template.text == "d-{_row}");
        CHECK(r.deals.key.text == "d-{_row}");
    }

    TEST_CASE("history rows become stage and set close: lines - activities interaction lines") {
        ImportRules r = rules_of(kHistoryRules);
        Book book = new_book(r);
        Diags d;
        ImportResult res = import_rows(r, history_input(), book, day("2021-12-31"), "t", d);
        INFO(fmt::format("{}", fmt::join(line_col_msgs(d), "\n")));
        REQUIRE(d.empty());
        CHECK(res.ledger_lines == std::vector<std::string>{
                                      "2021-04-15 open d-1 client:acme amount:1000.00 stage:new close:2021-05-31 @al-bo",
                                      "2021-04-16 call d-1 @al-bo \"Intro, \\\"first\\\"\"",
                                      "2021-04-20 open d-3 client:acme amount:500.00 stage:new close:2021-08-31 @al-bo",
                                      "2021-04-20 meeting d-1 @al-bo \"Lunch\"",
                                      "2021-05-01 open d-4 client:initech amount:700.00 stage:talks close:2021-12-31 @cy-do",
                                      "2021-05-01 stage d-3 talks",
                                      "2021-05-02 stage d-1 offer",
                                      "2021-05-02 set d-1 close:2021-06-15",
                                      "2021-05-03 note initech @cy-do \"Send the deck\"",
                                      "2021-05-06 email d-4 @ed-fu",
                                      "2021-05-20 set d-1 close:2021-06-01",
                                      "2021-06-01 set d-3 close:2021-09-30",
                                      "2021-06-01 stage d-3 offer",  // the export shows it in offer
                                      "2021-06-01 won d-1 1000.00",  // after the day's moves
                                  });
        std::vector<std::string> got;
        for (const auto& x : res.rejected) got.push_back(fmt::format("{}:{}: {}", x.file, x.line, x.reason));
        CHECK(got == std::vector<std::string>{
                         "history.csv:9: says the deal was lost, but the export shows it open",
                         "history.csv:10: dated 2021-07-01, after the deal was won on 2021-06-01",
                         "history.csv:11: deal 'd-9' is not a deal of the export (or its row was rejected)",
                         "acts.csv:5: activity type 'Fax' (column 'Kind') is not call, meeting, email, demo, visit, "
                         "message or note, nor in the rules' activities.types",
                         "acts.csv:6: dated 2021-03-01, before its deal was opened on 2021-04-20",
                         "acts.csv:7: deal 'd-2' is not a deal of the export (or its row was rejected)",
                         "acts.csv:8: client 'Globex' is not a client of the import",
                     });
        CHECK(res.rejected[0].kind == "says the deal was lost, but the export shows it open");
        CHECK(res.rejected[2].kind == "deal 'd-9' is not a deal of the export (or its row was rejected)");
        CHECK(res.rejected[5].kind == "deal '...' is not a deal of the export (or its row was rejected)");
        Diags problems = verify_import(book, res, {"t.yaml", "c.yaml", "imported/t.ledger"}, day("2021-12-31"));
        CHECK(line_col_msgs(problems).empty());

        // Importing the same files again into the book adds nothing.
        ImportResult again = import_rows(r, history_input(), book, day("2021-12-31"), "t", d);
        REQUIRE(d.empty());
        CHECK(again.deals.present == 3);
        CHECK(again.ledger_lines.empty());
        CHECK(again.entries.present == res.entries.added);
    }

    TEST_CASE("rules of history: and activities: and keyless tables") {
        ImportRules r;
        Diags d;
        CHECK_FALSE(parse_rules("tables: { h: { file: h.csv } }\n"
                                "deals: { key: id, client: c, owner: o, opened: d }\n"
                                "history: { from: h }\n"
                                "activities: { from: h, types: { Call: phone } }\n",
                                0, r, d));
        INFO(fmt::format("{}", fmt::join(line_col_msgs(d), "\n")));
        CHECK(line_col_msgs(d) == std::vector<std::string>{
                             "3:10: 'history' has no 'deal:' (the column naming each row's deal by its key)",
                             "3:10: 'history' has no 'date:' (the column holding the day of each change)",
                             "3:10: 'history' has neither 'stage:' nor 'close:': it would change nothing",
                             "4:13: 'activities' has no 'date:' (the column holding the day of each activity)",
                             "4:13: 'activities' has no 'type:' (the column saying call, meeting, ...)",
                             "4:13: 'activities' has neither 'deal:' nor 'client:' (what each activity is about)",
                             "4:39: 'activities.types' maps 'Call' to call, meeting, email, demo, visit, message or "
                             "note, found 'phone'",
                         });
        ImportRules bad = rules_of("book: { currency: USD }\nfunnel: { stages: [ { id: a, probability: 1 } ] }\n"
                                   "tables: { h: { file: h.csv } }\n"
                                   "deals: { key: id, client: h.c, owner: o, opened: d }\n");
        ImportInput in;
        in.export_name = "e.csv";
        in.export_csv = csv("id,o,d\n1,x,2021-01-01\n");
        in.table_names = {"h.csv"};
        in.tables = {csv("c\nx\n")};
        Book book = new_book(bad);
        import_rows(bad, in, book, day("2021-12-31"), "t", d = {});
        INFO(fmt::format("{}", fmt::join(line_col_msgs(d), "\n")));
        CHECK(line_col_msgs(d) == std::vector<std::string>{
                             "4:27: table 'h' has no 'key:', so 'h.c' cannot be joined to the rows of e.csv"});
    }
}
