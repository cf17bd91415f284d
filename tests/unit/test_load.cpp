#include "salesrep/load.hpp"

#include "book_fixture.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <string>
#include <vector>

using namespace salesrep;
using salesrep::testing::day;
using salesrep::testing::eur;
using salesrep::testing::span;

namespace {

constexpr std::uint32_t kFile = 4;

// "line:col: message" per diagnostic ("line:col: warning: message" for warnings);
// every diagnostic must name kFile.
std::vector<std::string> msgs(const Diags& ds) {
    std::vector<std::string> out;
    for (const auto& d : ds) {
        CHECK(d.pos.file == kFile);
        out.push_back(fmt::format("{}:{}: {}{}", d.pos.line, d.pos.col,
                                  d.severity == Severity::warning ? "warning: " : "", d.message));
    }
    return out;
}

using Msgs = std::vector<std::string>;

struct SettingsResult {
    Settings settings;
    FilesSpec files;
    Msgs diags;
};
SettingsResult settings(std::string_view text) {
    SettingsResult r;
    Diags d;
    parse_settings(text, kFile, r.settings, r.files, d);
    r.diags = msgs(d);
    return r;
}

struct FunnelResult {
    std::vector<Pipeline> pipelines;
    Msgs diags;
};
FunnelResult funnel(std::string_view text) {
    FunnelResult r;
    Diags d;
    parse_funnel(text, kFile, r.pipelines, d);
    r.diags = msgs(d);
    return r;
}

struct TeamResult {
    std::vector<Team> teams;
    std::vector<Agent> agents;
    Msgs diags;
};
TeamResult team(std::string_view text) {
    TeamResult r;
    Diags d;
    parse_team(text, kFile, r.teams, r.agents, d);
    r.diags = msgs(d);
    return r;
}

template <class T>
struct ListResult {
    std::vector<T> items;
    Msgs diags;
};
ListResult<Client> clients(std::string_view text, const Settings& s = eur()) {
    ListResult<Client> r;
    Diags d;
    parse_clients(text, kFile, s, r.items, d);
    r.diags = msgs(d);
    return r;
}
ListResult<Deal> deals(std::string_view text, const Settings& s = eur()) {
    ListResult<Deal> r;
    Diags d;
    parse_deals(text, kFile, s, r.items, d);
    r.diags = msgs(d);
    return r;
}
ListResult<Target> targets(std::string_view text, const Settings& s = eur()) {
    ListResult<Target> r;
    Diags d;
    parse_targets(text, kFile, s, r.items, d);
    r.diags = msgs(d);
    return r;
}

SourcePos at(std::uint32_t line, std::uint32_t col) { return {kFile, line, col}; }

std::vector<std::string> patterns(const std::vector<FileRef>& refs) {
    std::vector<std::string> v;
    for (const auto& r : refs) v.push_back(r.pattern);
    return v;
}

}  // namespace

TEST_SUITE("load: salesrep.yaml") {
    TEST_CASE("every setting") {
        auto r = settings("company: Northwind Traders      # shown in report titles\n"
                          "currency: EUR\n"
                          "fiscal_year_start: 4\n"
                          "priority:\n"
                          "  idle_days: 10\n"
                          "files:\n"
                          "  funnel: funnel.yaml\n"
                          "  team: team.yaml\n"
                          "  clients: clients.yaml\n"
                          "  deals: [deals.yaml, deals-2025.yaml]\n"
                          "  targets: targets.yaml\n"
                          "  ledger: [ledger/*.ledger, sales.ledger]\n");
        CHECK(r.diags == Msgs{});
        CHECK(r.settings.company == "Northwind Traders");
        CHECK(r.settings.currency == "EUR");
        CHECK(r.settings.fiscal_year_start == 4);
        CHECK(r.settings.idle_days == 10);
        CHECK(r.settings.pos == at(1, 1));
        CHECK(patterns(r.files.funnel) == std::vector<std::string>{"funnel.yaml"});
        CHECK(patterns(r.files.team) == std::vector<std::string>{"team.yaml"});
        CHECK(patterns(r.files.clients) == std::vector<std::string>{"clients.yaml"});
        CHECK(patterns(r.files.deals) == std::vector<std::string>{"deals.yaml", "deals-2025.yaml"});
        CHECK(patterns(r.files.targets) == std::vector<std::string>{"targets.yaml"});
        CHECK(patterns(r.files.ledger) == std::vector<std::string>{"ledger/*.ledger", "sales.ledger"});
        CHECK(r.files.has_targets);
        CHECK(r.files.has_ledger);
        CHECK(r.files.funnel[0].pos == at(7, 11));
        CHECK(r.files.deals[1].pos == at(10, 23));
        CHECK(r.files.ledger[0].pos == at(12, 12));
    }

    TEST_CASE("defaults") {
        for (std::string_view text : {"", "\n", "# nothing\n", "company: X\n"}) {
            CAPTURE(text);
            auto r = settings(text);
            CHECK(r.diags == Msgs{});
            CHECK(r.settings.currency.empty());
            CHECK(r.settings.fiscal_year_start == 1);
            CHECK(r.settings.idle_days == 7);
            CHECK(r.files.funnel.empty());
            CHECK(r.files.ledger.empty());
            CHECK_FALSE(r.files.has_targets);
            CHECK_FALSE(r.files.has_ledger);
        }
    }

    TEST_CASE("a files value: one path or a list") {
        auto r = settings("files:\n  ledger: sales.ledger\n  targets: [t1.yaml]\n");
        CHECK(r.diags == Msgs{});
        CHECK(patterns(r.files.ledger) == std::vector<std::string>{"sales.ledger"});
        CHECK(r.files.ledger[0].pos == at(2, 11));
        CHECK(patterns(r.files.targets) == std::vector<std::string>{"t1.yaml"});
        CHECK(r.files.has_ledger);
        CHECK(r.files.has_targets);

        auto bad = settings("files:\n  team: []\n  clients: {a: b}\n  deals: [a.yaml, [b.yaml]]\n  ledgr: x\n");
        // unknown keys are reported as the map is read, before its values
        CHECK(bad.diags == Msgs{
                               "5:3: unknown key 'ledgr' in files (did you mean 'ledger'?); known keys: funnel, team, "
                               "clients, deals, targets, ledger, write_to",
                               "2:9: files.team is an empty list; name at least one file",
                               "3:12: files.clients must be a path or a list of paths, found a map",
                               "4:19: files.deals must be a path or a list of paths, found a list",
                           });
        CHECK(patterns(bad.files.deals) == std::vector<std::string>{"a.yaml"});
    }

    TEST_CASE("priority.idle_days") {
        CHECK(settings("priority: { idle_days: 0 }\n").settings.idle_days == 0);
        CHECK(settings("priority: { idle_days: -1 }\n").diags ==
              Msgs{"1:24: 'idle_days' of priority must be a whole number from 0 to 100000, found '-1'"});
        CHECK(settings("priority: { idle_days: 2.5 }\n").diags ==
              Msgs{"1:24: 'idle_days' of priority must be a whole number from 0 to 100000, found '2.5'"});
        CHECK(settings("priority: 3\n").diags ==
              Msgs{"1:11: priority must be a map of keys and values, found a text value"});
        CHECK(settings("priority:\n  idle: 3\n").diags ==
              Msgs{"2:3: unknown key 'idle' in priority; known keys: idle_days"});
        CHECK(settings("priority: { idle_days: -1 }\n").settings.idle_days == 7);
    }

    TEST_CASE("fiscal_year_start") {
        CHECK(settings("fiscal_year_start: 12\n").settings.fiscal_year_start == 12);
        CHECK(settings("fiscal_year_start: 13\n").diags ==
              Msgs{"1:20: 'fiscal_year_start' of salesrep.yaml must be a whole number from 1 to 12, found '13'"});
        CHECK(settings("fiscal_year_start: 0\n").diags ==
              Msgs{"1:20: 'fiscal_year_start' of salesrep.yaml must be a whole number from 1 to 12, found '0'"});
        CHECK(settings("fiscal_year_start: april\n").diags ==
              Msgs{"1:20: 'fiscal_year_start' of salesrep.yaml must be a whole number from 1 to 12, found 'april'"});
        CHECK(settings("fiscal_year_start: 13\n").settings.fiscal_year_start == 1);
    }

    TEST_CASE("a bad currency") {
        for (std::string_view code : {"eur", "EURO", "978", "E1R", "\"\""}) {
            CAPTURE(code);
            auto r = settings(fmt::format("currency: {}\n", code));
            std::string shown = code == "\"\"" ? "" : std::string(code);
            CHECK(r.diags ==
                  Msgs{fmt::format("1:11: currency '{}' is not an ISO 4217 code (three capital letters, e.g. EUR)",
                                   shown)});
            CHECK(r.settings.currency.empty());
        }
        CHECK(settings("currency: [EUR]\n").diags ==
              Msgs{"1:11: 'currency' of salesrep.yaml must be text, found a list"});
    }

    TEST_CASE("the shape of the file") {
        CHECK(settings("- a\n- b\n").diags ==
              Msgs{"1:1: salesrep.yaml must be a map of keys and values, found a list"});
        CHECK(settings("company: A\ncompany: B\n").diags ==
              Msgs{"2:1: duplicate key 'company' in salesrep.yaml; keep one"});
        CHECK(settings("company: A\ncompany: B\n").settings.company == "A");
        CHECK(settings("compnay: A\n").diags ==
              Msgs{"1:1: unknown key 'compnay' in salesrep.yaml (did you mean 'company'?); known keys: company, "
                   "currency, fiscal_year_start, files, priority, allow_outside"});
        CHECK(settings("\xEF\xBB\xBF"
                       "currency: EUR\n")
                  .settings.currency == "EUR");
    }
}

TEST_SUITE("load: YAML errors") {
    TEST_CASE("syntax errors carry line:col (1-based)") {
        CHECK(funnel("pipelines:\n  - id: smb\n    stages: [a, b\n").diags ==
              Msgs{"3:13: invalid YAML: this '[' is never closed; add the missing ']'"});
        CHECK(clients("clients:\n  - id: a: b\n").diags == Msgs{"2:10: invalid YAML: illegal map value"});
        CHECK(team("teams:\n  - { id: north\nagents: []\n").diags.size() == 1);
        CHECK(deals("deals: [\n").diags == Msgs{"1:8: invalid YAML: this '[' is never closed; add the missing ']'"});
        CHECK(deals("deals: [\n  { id: a, title: \"x ]\n").diags ==
              Msgs{"2:19: invalid YAML: this quoted text never ends; add the missing '\"'"});
        CHECK(deals("deals:\n  - { id: a, title: \"x\n").diags ==
              Msgs{"2:21: invalid YAML: this quoted text never ends; add the missing '\"'"});
        CHECK(deals("deals:\n  - id: a\n    title: 'it''s\n    owner: b\n").diags ==
              Msgs{"3:12: invalid YAML: this quoted text never ends; add the missing \"'\""});
    }

    TEST_CASE("tabs in indentation") {
        CHECK(funnel("pipelines:\n\t- id: smb\n").diags ==
              Msgs{"2:1: tab character in indentation; YAML indents with spaces only"});
        CHECK(team("agents:\n  - id: alice\n  \tname: Alice\n").diags ==
              Msgs{"3:3: tab character in indentation; YAML indents with spaces only"});
        // a tab after the indentation is just a blank
        auto r = team("agents:\n  - { id: alice,\tname: Alice }\n");
        CHECK(r.diags == Msgs{});
        REQUIRE(r.agents.size() == 1);
        CHECK(r.agents[0].name == "Alice");
    }

    TEST_CASE("duplicate keys") {
        auto r = deals("deals:\n"
                       "  - id: d1\n"
                       "    client: acme\n"
                       "    owner: alice\n"
                       "    opened: 2026-01-01\n"
                       "    amount: 100\n"
                       "    amount: 200\n");
        CHECK(r.diags == Msgs{"7:5: duplicate key 'amount' in a deal; keep one"});
        REQUIRE(r.items.size() == 1);
        CHECK(r.items[0].amount.cents == 10000);
        CHECK(funnel("stages:\n  - { id: a, probability: 1, id: b }\n").diags ==
              Msgs{"2:30: duplicate key 'id' in a stage; keep one"});
    }

    TEST_CASE("unknown keys, with did-you-mean") {
        CHECK(funnel("stages:\n  - { id: a, probabilty: 10, probability: 10 }\n").diags ==
              Msgs{"2:14: unknown key 'probabilty' in a stage (did you mean 'probability'?); known keys: id, name, "
                   "probability, max_days, category"});
        CHECK(deals("deals:\n  - { id: d, client: c, owner: o, opened: 2026-01-01, expected_clse: 2026-02-01 }\n")
                  .diags == Msgs{"2:55: unknown key 'expected_clse' in a deal (did you mean 'expected_close'?); known "
                                 "keys: id, client, title, owner, amount, opened, stage, probability, expected_close, "
                                 "next_action, source, pipeline, category"});
        CHECK(clients("clients:\n  - { id: a, colour: red }\n").diags ==
              Msgs{"2:14: unknown key 'colour' in a client; known keys: id, name, industry, segment, owner, contact, "
                   "opening_balance"});
        CHECK(clients("client:\n  - { id: a }\n").diags ==
              Msgs{"1:1: unknown key 'client' in the clients file (did you mean 'clients'?); known keys: clients"});
    }

    TEST_CASE("a list where a map belongs, and the other way round") {
        CHECK(clients("clients:\n  - id: acme\n    contact: [Jeanne, CFO]\n").diags ==
              Msgs{"3:14: a contact must be a map of keys and values, found a list"});
        CHECK(funnel("stages:\n  - [lead, 10]\n").diags ==
              Msgs{"2:5: a stage must be a map of keys and values, found a list"});
        CHECK(deals("- id: d1\n").diags == Msgs{"1:1: the deals file must be a map of keys and values, found a list"});
        CHECK(clients("clients:\n  id: acme\n").diags == Msgs{"2:3: 'clients' must be a list, found a map"});
        CHECK(team("agents: alice\n").diags == Msgs{"1:9: 'agents' must be a list, found a text value"});
        CHECK(team("agents:\n  - { id: bob, team: [north] }\n").diags ==
              Msgs{"2:22: 'team' of an agent must be an id, found a list"});
    }
}

TEST_SUITE("load: funnel.yaml") {
    TEST_CASE("pipelines") {
        auto r = funnel(salesrep::testing::default_funnel);
        CHECK(r.diags == Msgs{});
        REQUIRE(r.pipelines.size() == 2);
        const Pipeline& smb = r.pipelines[0];
        CHECK(smb.id == "smb");
        CHECK(smb.name == "Small business");
        CHECK(smb.segments == std::vector<std::string>{"smb", "startup"});
        CHECK(smb.pos == at(2, 5));
        REQUIRE(smb.stages.size() == 5);
        CHECK(smb.stages[0].id == "lead");
        CHECK(smb.stages[0].name == "Lead");
        CHECK(smb.stages[0].probability == 10);
        CHECK(smb.stages[0].max_days == 14);
        CHECK_FALSE(smb.stages[0].category);
        CHECK(smb.stages[0].pos == at(6, 9));
        CHECK(smb.stages[2].category == Category::best_case);
        CHECK(smb.stages[3].category == Category::commit);
        CHECK(smb.stages[4].name == "Verbal yes");
        CHECK(smb.stage_index("negotiation") == 3);
        CHECK(smb.stage_index("won") == -1);
        const Pipeline& ent = r.pipelines[1];
        CHECK(ent.id == "enterprise");
        CHECK(ent.name == "enterprise");  // defaults to the id
        CHECK(ent.stages[0].name == "discovery");
        CHECK_FALSE(ent.stages[0].max_days);
        CHECK(ent.stages[2].category == Category::pipeline);
    }

    TEST_CASE("a top-level stages: list is pipeline 'default'") {
        auto r = funnel("stages:\n"
                        "  - { id: lead, probability: 10 }\n"
                        "  - id: won-back\n"
                        "    name: Won back\n"
                        "    probability: 100\n"
                        "    max_days: 0\n"
                        "    category: commit\n");
        CHECK(r.diags == Msgs{});
        REQUIRE(r.pipelines.size() == 1);
        CHECK(r.pipelines[0].id == "default");
        CHECK(r.pipelines[0].segments.empty());
        REQUIRE(r.pipelines[0].stages.size() == 2);
        CHECK(r.pipelines[0].stages[1].id == "won-back");
        CHECK(r.pipelines[0].stages[1].probability == 100);
        CHECK(r.pipelines[0].stages[1].max_days == 0);
        CHECK(r.pipelines[0].stages[1].pos == at(3, 5));
    }

    TEST_CASE("a single segment may be written without a list") {
        auto r = funnel("pipelines:\n  - { id: p, segments: smb, stages: [{ id: a, probability: 1 }] }\n");
        CHECK(r.diags == Msgs{});
        CHECK(r.pipelines[0].segments == std::vector<std::string>{"smb"});
    }

    TEST_CASE("won, lost and open are not stage ids") {
        for (std::string_view id : {"won", "lost", "open"}) {
            CAPTURE(id);
            auto r = funnel(fmt::format("stages:\n  - {{ id: lead, probability: 1 }}\n  - {{ id: {}, probability: 100 }}\n",
                                        id));
            CHECK(r.diags == Msgs{fmt::format("3:11: '{}' cannot be a stage id: won, lost and open are the deal "
                                              "outcomes, not stages",
                                              id)});
            REQUIRE(r.pipelines.size() == 1);
            CHECK(r.pipelines[0].stages.size() == 1);
        }
        // only those exact words
        CHECK(funnel("stages:\n  - { id: Won, probability: 1 }\n  - { id: won-back, probability: 1 }\n").diags ==
              Msgs{});
    }

    TEST_CASE("probability") {
        const char* range = "2:27: 'probability' of a stage must be a whole number from 0 to 100, found '{}'";
        CHECK(funnel("stages:\n  - { id: a, probability: 101 }\n").diags ==
              Msgs{fmt::format(fmt::runtime(range), "101")});
        CHECK(funnel("stages:\n  - { id: a, probability: -1 }\n").diags ==
              Msgs{fmt::format(fmt::runtime(range), "-1")});
        CHECK(funnel("stages:\n  - { id: a, probability: 50% }\n").diags ==
              Msgs{fmt::format(fmt::runtime(range), "50%")});
        CHECK(funnel("stages:\n  - { id: a, probability: 0.5 }\n").diags ==
              Msgs{fmt::format(fmt::runtime(range), "0.5")});
        CHECK(funnel("stages:\n  - { id: a, probability: 0 }\n  - { id: b, probability: 100 }\n").diags == Msgs{});
        CHECK(funnel("stages:\n  - { id: a }\n").diags ==
              Msgs{"2:5: a stage has no 'probability'; add `probability: <whole number>`"});
        CHECK(funnel("stages:\n  - { id: a, probability: 5, max_days: -2 }\n").diags ==
              Msgs{"2:40: 'max_days' of a stage must be a whole number from 0 to 100000, found '-2'"});
    }

    TEST_CASE("categories") {
        CHECK(funnel("stages:\n  - { id: a, probability: 5, category: comit }\n").diags ==
              Msgs{"2:40: unknown category 'comit' (did you mean 'commit'?); a category is pipeline, best_case or "
                   "commit"});
        CHECK(funnel("stages:\n  - { id: a, probability: 5, category: upside }\n").diags ==
              Msgs{"2:40: unknown category 'upside'; a category is pipeline, best_case or commit"});
    }

    TEST_CASE("the funnel's shape") {
        CHECK(funnel("").diags == Msgs{"1:1: funnel file is empty; it needs 'pipelines:' (or a single 'stages:' list)"});
        CHECK(funnel("pipelines: []\nstages: []\n").diags ==
              Msgs{"2:9: the funnel file has both 'pipelines:' and 'stages:'; use one of them"});
        CHECK(funnel("pipeline: []\n").diags ==
              Msgs{"1:1: unknown key 'pipeline' in the funnel file (did you mean 'pipelines'?); known keys: "
                   "pipelines, stages",
                   "1:1: the funnel file has no 'pipelines:' list (or a single 'stages:' list)"});
        CHECK(funnel("pipelines:\n  - id: p\n").diags ==
              Msgs{"2:5: pipeline 'p' has no 'stages:'; list its stages in order"});
        CHECK(funnel("pipelines:\n  - id: p\n    stages: []\n").diags ==
              Msgs{"2:5: pipeline 'p' has no stages; list at least one"});
        CHECK(funnel("pipelines:\n  - name: P\n    stages: []\n").diags ==
              Msgs{"2:5: a pipeline has no 'id'; add `id: <id>`"});
        CHECK(funnel("stages:\n  - { id: \"a b\", probability: 1 }\n").diags ==
              Msgs{"2:11: 'a b' is not a valid id: an id starts with a letter or digit and holds only letters, "
                   "digits, '.', '_' and '-'"});
    }
}

TEST_SUITE("load: team.yaml") {
    TEST_CASE("teams and agents") {
        auto r = team(salesrep::testing::default_team);
        CHECK(r.diags == Msgs{});
        REQUIRE(r.teams.size() == 2);
        CHECK(r.teams[0].id == "north");
        CHECK(r.teams[0].name == "North region");
        CHECK(r.teams[0].lead == "carol");
        CHECK(r.teams[0].pos == at(2, 5));
        CHECK(r.teams[0].lead_pos == at(2, 44));
        CHECK(r.teams[1].lead.empty());
        REQUIRE(r.agents.size() == 4);
        CHECK(r.agents[0].id == "alice");
        CHECK(r.agents[0].name == "Alice Martin");
        CHECK(r.agents[0].team == "north");
        CHECK(r.agents[0].team_pos == at(5, 44));
        CHECK(r.agents[0].email == "alice@example.com");
        CHECK(r.agents[0].role == Role::agent);
        CHECK(r.agents[2].role == Role::lead);
        CHECK(r.agents[3].role == Role::director);
        CHECK(r.agents[3].team.empty());
    }

    TEST_CASE("roles") {
        auto r = team("agents:\n"
                      "  - { id: a, role: agent }\n"
                      "  - { id: b, role: lead }\n"
                      "  - { id: c, role: supervisor }\n"
                      "  - { id: d, role: director }\n"
                      "  - { id: e }\n");
        CHECK(r.diags == Msgs{});
        REQUIRE(r.agents.size() == 5);
        CHECK(r.agents[0].role == Role::agent);
        CHECK(r.agents[1].role == Role::lead);
        CHECK(r.agents[2].role == Role::supervisor);
        CHECK(r.agents[3].role == Role::director);
        CHECK(r.agents[4].role == Role::agent);
        CHECK(r.agents[4].name == "e");
        CHECK(team("agents:\n  - { id: a, role: leed }\n").diags ==
              Msgs{"2:20: unknown role 'leed' (did you mean 'lead'?); a role is agent, lead, supervisor or director"});
        CHECK(team("agents:\n  - { id: a, role: agnet }\n").diags ==
              Msgs{"2:20: unknown role 'agnet' (did you mean 'agent'?); a role is agent, lead, supervisor or "
                   "director"});
        CHECK(team("agents:\n  - { id: a, role: boss }\n").diags ==
              Msgs{"2:20: unknown role 'boss'; a role is agent, lead, supervisor or director"});
    }

    TEST_CASE("team file errors") {
        CHECK(team("").diags == Msgs{"1:1: team file is empty; it needs an 'agents:' list"});
        CHECK(team("teams: []\n").diags == Msgs{"1:1: the team file has no 'agents:' list"});
        CHECK(team("teams:\n  - { id: north, boss: x }\nagents: []\n").diags ==
              Msgs{"2:18: unknown key 'boss' in a team; known keys: id, name, lead"});
        CHECK(team("agents:\n  - { name: Alice }\n").diags == Msgs{"2:5: an agent has no 'id'; add `id: <id>`"});
        CHECK(team("agents:\n  - { id: al ice }\n").diags ==
              Msgs{"2:11: 'al ice' is not a valid id: an id starts with a letter or digit and holds only letters, "
                   "digits, '.', '_' and '-'"});
    }
}

TEST_SUITE("load: clients.yaml") {
    TEST_CASE("a client") {
        auto r = clients("clients:\n"
                         "  - id: acme\n"
                         "    name: ACME Industries SA          # the company\n"
                         "    industry: Manufacturing\n"
                         "    segment: enterprise\n"
                         "    owner: alice\n"
                         "    contact: { name: Jeanne Morel, title: CFO, email: j.morel@acme.example, phone: \"+33 1 "
                         "23 45 67 89\" }\n"
                         "    opening_balance: 1200.00\n"
                         "  - id: globex\n"
                         "    opening_balance: \"-12.50 EUR\"\n");
        CHECK(r.diags == Msgs{});
        REQUIRE(r.items.size() == 2);
        const Client& c = r.items[0];
        CHECK(c.id == "acme");
        CHECK(c.name == "ACME Industries SA");
        CHECK(c.industry == "Manufacturing");
        CHECK(c.segment == "enterprise");
        CHECK(c.owner == "alice");
        CHECK(c.owner_pos == at(6, 12));
        CHECK(c.pos == at(2, 5));
        CHECK(c.contact.name == "Jeanne Morel");
        CHECK(c.contact.title == "CFO");
        CHECK(c.contact.email == "j.morel@acme.example");
        CHECK(c.contact.phone == "+33 1 23 45 67 89");
        CHECK(c.opening_balance.cents == 120000);
        const Client& g = r.items[1];
        CHECK(g.name == "globex");
        CHECK(g.owner.empty());
        CHECK(g.opening_balance.cents == -1250);
    }

    TEST_CASE("clients file errors") {
        CHECK(clients("").diags == Msgs{"1:1: the clients file is empty; it needs a map with a 'clients:' list"});
        CHECK(clients("clients:\n  - { id: a, opening_balance: 12.345 }\n").diags ==
              Msgs{"2:36: 'opening_balance' of a client: amount '12.345' has more than two decimals"});
        CHECK(clients("clients:\n  - { id: a, opening_balance: 12 USD }\n").diags ==
              Msgs{"2:34: 'opening_balance' of a client: currency 'USD' is not the book's currency 'EUR'"});
        CHECK(clients("clients:\n  - { id: a, contact: { name: J, fax: 1 } }\n").diags ==
              Msgs{"2:34: unknown key 'fax' in a contact; known keys: name, title, email, phone"});
        CHECK(clients("clients:\n  - { id: a, owner: bad id }\n").diags ==
              Msgs{"2:21: 'bad id' is not a valid id: an id starts with a letter or digit and holds only letters, "
                   "digits, '.', '_' and '-'"});
    }
}

TEST_SUITE("load: deals.yaml") {
    TEST_CASE("a deal") {
        auto r = deals("deals:\n"
                       "  - id: acme-renewal\n"
                       "    client: acme\n"
                       "    title: 2027 renewal, +20 seats\n"
                       "    owner: alice               # required\n"
                       "    amount: 48000              # expected revenue, >= 0\n"
                       "    opened: 2026-09-01\n"
                       "    stage: qualified\n"
                       "    probability: 30\n"
                       "    expected_close: 2026-12-15\n"
                       "    next_action: { what: Send revised quote, due: 2026-11-28 }\n"
                       "    source: referral\n"
                       "    pipeline: enterprise\n"
                       "  - { id: d2, client: globex, owner: bruno, opened: 2026-10-01, amount: \"1200.50 EUR\" }\n");
        CHECK(r.diags == Msgs{});
        REQUIRE(r.items.size() == 2);
        const Deal& d = r.items[0];
        CHECK(d.id == "acme-renewal");
        CHECK(d.client == "acme");
        CHECK(d.title == "2027 renewal, +20 seats");
        CHECK(d.owner == "alice");
        CHECK(d.amount.cents == 4800000);
        CHECK(d.opened == day("2026-09-01"));
        CHECK(d.stage == "qualified");
        CHECK(d.probability == 30);
        CHECK(d.expected_close == day("2026-12-15"));
        REQUIRE(d.next_action.has_value());
        CHECK(d.next_action->what == "Send revised quote");
        CHECK(d.next_action->due == day("2026-11-28"));
        CHECK(d.source == "referral");
        CHECK(d.pipeline == "enterprise");
        CHECK(d.pos == at(2, 5));
        CHECK(d.client_pos == at(3, 13));
        CHECK(d.owner_pos == at(5, 12));
        CHECK(d.stage_pos == at(8, 12));
        CHECK(d.pipeline_pos == at(13, 15));
        const Deal& e = r.items[1];
        CHECK(e.amount.cents == 120050);
        CHECK(e.stage.empty());
        CHECK_FALSE(e.probability);
        CHECK_FALSE(e.expected_close);
        CHECK_FALSE(e.next_action);
        CHECK(e.pipeline.empty());
    }

    TEST_CASE("required fields: a deal without them is reported, and kept unless it has no id") {
        auto r = deals("deals:\n"
                       "  - { id: d1, client: acme, opened: 2026-01-01 }\n"
                       "  - { id: d2, owner: alice, opened: 2026-01-01 }\n"
                       "  - { id: d3, client: acme, owner: alice }\n"
                       "  - { id: d4, client: acme, owner: alice, opened: 2026-02-30 }\n"
                       "  - { client: acme, owner: alice, opened: 2026-01-01 }\n"
                       "  - { id: ok, client: acme, owner: alice, opened: 2026-01-01 }\n");
        CHECK(r.diags == Msgs{
                             "2:5: a deal has no 'owner'; add `owner: <id>`",
                             "3:5: a deal has no 'client'; add `client: <id>`",
                             "4:5: a deal has no 'opened'; add `opened: <date YYYY-MM-DD>`",
                             "5:51: 'opened' of a deal is not a valid date: '2026-02-30' (write YYYY-MM-DD, a day that "
                             "exists)",
                             "6:5: a deal has no 'id'; add `id: <id>`",
                         });
        // kept, so the ledger's entries about them are not "unknown deal" too
        REQUIRE(r.items.size() == 5);
        CHECK(r.items[0].id == "d1");
        CHECK(r.items[0].owner.empty());
        CHECK(r.items[4].id == "ok");
    }

    TEST_CASE("values") {
        const char* head = "deals:\n  - { id: d, client: c, owner: o, opened: 2026-01-01, ";
        auto one = [&](std::string_view rest) { return deals(std::string(head) + std::string(rest) + " }\n").diags; };
        CHECK(one("amount: -1") == Msgs{"2:63: 'amount' of a deal must not be negative, found '-1'"});
        CHECK(one("amount: 1.001") == Msgs{"2:67: 'amount' of a deal: amount '1.001' has more than two decimals"});
        CHECK(one("amount: 12 USD") ==
              Msgs{"2:66: 'amount' of a deal: currency 'USD' is not the book's currency 'EUR'"});
        CHECK(one("probability: 101") ==
              Msgs{"2:68: 'probability' of a deal must be a whole number from 0 to 100, found '101'"});
        CHECK(one("expected_close: 2026-13-01") ==
              Msgs{"2:71: 'expected_close' of a deal is not a valid date: '2026-13-01' (write YYYY-MM-DD, a day that "
                   "exists)"});
        CHECK(one("next_action: { due: 2026-11-28 }") == Msgs{"2:68: next_action has no 'what'; add `what: <text>`"});
        CHECK(one("next_action: Send it") ==
              Msgs{"2:68: next_action must be a map of keys and values, found a text value"});
        CHECK(one("stage: \"\"") == Msgs{"2:62: '' is not a valid id: an id starts with a letter or digit and holds "
                                         "only letters, digits, '.', '_' and '-'"});
        CHECK(one("amount: 0") == Msgs{});
    }
}

TEST_SUITE("load: targets.yaml") {
    TEST_CASE("scopes and periods") {
        auto r = targets("targets:\n"
                         "  - { agent: alice,  period: 2026,    sales: 480000, deals_won: 24, calls: 900, meetings: 160 }\n"
                         "  - { agent: bruno,  period: 2026-Q4, sales: 150000.50 }\n"
                         "  - { team: north,   period: 2026-11, meetings: 60 }\n"
                         "  - { company: true, period: 2026,    sales: 2000000, collected: 1500000 }\n");
        CHECK(r.diags == Msgs{});
        REQUIRE(r.items.size() == 4);
        const Target& a = r.items[0];
        CHECK(a.scope == Scope::agent);
        CHECK(a.id == "alice");
        CHECK(a.period.label == "2026");
        CHECK(span(a.period) == "2026-01-01..2026-12-31");
        using V = std::vector<std::pair<Metric, std::int64_t>>;
        CHECK(a.values ==
              V{{Metric::sales, 48000000}, {Metric::deals_won, 2400}, {Metric::calls, 90000}, {Metric::meetings, 16000}});
        CHECK(a.pos == at(2, 5));
        CHECK(a.id_pos == at(2, 14));
        CHECK(a.period_pos == at(2, 30));
        const Target& b = r.items[1];
        CHECK(b.period.label == "2026-Q4");
        CHECK(span(b.period) == "2026-10-01..2026-12-31");
        CHECK(b.values == V{{Metric::sales, 15000050}});
        const Target& t = r.items[2];
        CHECK(t.scope == Scope::team);
        CHECK(t.id == "north");
        CHECK(span(t.period) == "2026-11-01..2026-11-30");
        const Target& c = r.items[3];
        CHECK(c.scope == Scope::company);
        CHECK(c.id.empty());
        CHECK(c.values == V{{Metric::sales, 200000000}, {Metric::collected, 150000000}});
    }

    TEST_CASE("every metric, in SPEC order") {
        auto r = targets("targets:\n  - { agent: a, period: 2026-01, messages: 1, visits: 2, demos: 3, emails: 4, "
                         "meetings: 5, calls: 6, collected: 7, deals_opened: 8, deals_won: 9, sales: 10 }\n");
        CHECK(r.diags == Msgs{});
        REQUIRE(r.items.size() == 1);
        REQUIRE(r.items[0].values.size() == 10);
        for (int i = 0; i < metric_count; ++i) {
            CHECK(r.items[0].values[i].first == static_cast<Metric>(i));
            CHECK(r.items[0].values[i].second == (10 - i) * 100);
        }
    }

    TEST_CASE("fiscal periods follow fiscal_year_start") {
        Settings s = eur();
        s.fiscal_year_start = 4;
        auto r = targets("targets:\n  - { company: true, period: 2026, sales: 1 }\n"
                         "  - { company: true, period: 2026-Q1, sales: 1 }\n"
                         "  - { company: true, period: 2026-Q4, sales: 1 }\n"
                         "  - { company: true, period: 2026-02, sales: 1 }\n",
                         s);
        CHECK(r.diags == Msgs{});
        REQUIRE(r.items.size() == 4);
        CHECK(span(r.items[0].period) == "2026-04-01..2027-03-31");
        CHECK(span(r.items[1].period) == "2026-04-01..2026-06-30");
        CHECK(span(r.items[2].period) == "2027-01-01..2027-03-31");
        CHECK(span(r.items[3].period) == "2026-02-01..2026-02-28");
    }

    TEST_CASE("targets file errors") {
        const char* bad_period = "2:25: '{}' is not a target period; write a fiscal year YYYY, a fiscal quarter YYYY-QN "
                                 "or a month YYYY-MM";
        for (std::string_view p : {"2026-13", "2026-Q5", "2026-Q0", "26", "2026-00", "2026-01-01..2026-03-31",
                                   "2026-1"}) {
            CAPTURE(p);
            auto r = targets(fmt::format("targets:\n  - {{ agent: a, period: {}, sales: 1 }}\n", p));
            CHECK(r.diags == Msgs{fmt::format(fmt::runtime(bad_period), p)});
            CHECK(r.items.empty());
        }
        CHECK(targets("targets:\n  - { agent: a, period: 2026 }\n").diags ==
              Msgs{"2:5: a target names no metric; add e.g. 'sales: 100000' (metrics: sales, deals_won, deals_opened, "
                   "collected, calls, meetings, emails, demos, visits, messages)"});
        CHECK(targets("targets:\n  - { agent: a, team: t, period: 2026, sales: 1 }\n").diags ==
              Msgs{"2:5: a target names more than one scope; keep one of agent, team, company"});
        CHECK(targets("targets:\n  - { agent: a, company: true, period: 2026, sales: 1 }\n").diags ==
              Msgs{"2:5: a target names more than one scope; keep one of agent, team, company"});
        CHECK(targets("targets:\n  - { period: 2026, sales: 1 }\n").diags ==
              Msgs{"2:5: a target names no scope; add 'agent: ID', 'team: ID' or 'company: true'"});
        CHECK(targets("targets:\n  - { agent: a, sales: 1 }\n").diags ==
              Msgs{"2:5: a target has no 'period'; add `period: <text>`"});
        CHECK(targets("targets:\n  - { agent: a, period: 2026, sales: 1, revenue: 2 }\n").diags ==
              Msgs{"2:41: unknown key 'revenue' in a target; known keys: agent, team, company, period, sales, "
                   "deals_won, deals_opened, collected, calls, meetings, emails, demos, visits, messages"});
        CHECK(targets("targets:\n  - { agent: a, period: 2026, sales: 1, call: 2 }\n").diags.at(0) ==
              "2:41: unknown key 'call' in a target (did you mean 'calls'?); known keys: agent, team, company, "
              "period, sales, deals_won, deals_opened, collected, calls, meetings, emails, demos, visits, messages");
        CHECK(targets("targets:\n  - { company: maybe, period: 2026, sales: 1 }\n").diags ==
              Msgs{"2:16: 'company' of a target must be true or false, found 'maybe'"});
        CHECK(targets("targets:\n  - { company: false, period: 2026, sales: 1 }\n").diags ==
              Msgs{"2:16: 'company: false' means nothing; write 'company: true' or name an agent or team"});
        CHECK(targets("targets:\n  - { agent: a, period: 2026, sales: -1, calls: 3 }\n").diags ==
              Msgs{"2:38: 'sales' of a target must not be negative, found '-1'"});
        // a metric with a bad value is named: no second, misleading error
        CHECK(targets("targets:\n  - { agent: a, period: 2026, sales: -1 }\n").diags ==
              Msgs{"2:38: 'sales' of a target must not be negative, found '-1'"});
        CHECK(targets("targets:\n  - { agent: a, period: 2026, calls: 1.234 }\n").diags ==
              Msgs{"2:42: 'calls' of a target: amount '1.234' has more than two decimals"});
        CHECK(targets("targets:\n  - { agent: a, period: 2026, calls: ~ }\n").diags ==
              Msgs{"2:5: a target names no metric; add e.g. 'sales: 100000' (metrics: sales, deals_won, "
                   "deals_opened, collected, calls, meetings, emails, demos, visits, messages)"});
    }

    TEST_CASE("an empty targets file has no targets") {
        CHECK(targets("").diags == Msgs{});
        CHECK(targets("").items.empty());
        CHECK(targets("targets: []\n").diags == Msgs{});
        CHECK(targets("targets:\n").diags == Msgs{});
    }
}
