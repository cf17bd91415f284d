// The descriptions of the records (include/salesrep/records.hpp): each names
// every member of its record (so no reader, cache or comparison can miss one),
// and first_difference finds a change in any of them.
#include "salesrep/records.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <vector>

using namespace salesrep;

namespace {

// Where each described member lies in its record.
template <class T>
struct Cover {
    const T* base;
    struct Span {
        std::size_t offset, size, align;
        std::string_view name;
    };
    std::vector<Span> spans;
    template <class M>
    void operator()(const record::Field& f, const M& m) {
        auto at = static_cast<std::size_t>(reinterpret_cast<const char*>(&m) - reinterpret_cast<const char*>(base));
        spans.push_back({at, sizeof(M), alignof(M), f.name});
    }
};

std::size_t round_up(std::size_t n, std::size_t align) { return (n + align - 1) / align * align; }

// "" when the described members, with the padding their alignment asks, fill
// the whole record; else where the first byte no member covers is.
template <class T>
std::string undescribed() {
    const T x{};
    Cover<T> c{&x, {}};
    record::describe(c, x);
    std::sort(c.spans.begin(), c.spans.end(), [](const auto& a, const auto& b) { return a.offset < b.offset; });
    std::size_t end = 0;
    std::string_view after = "(the start)";
    for (const auto& s : c.spans) {
        if (s.offset != round_up(end, s.align))
            return fmt::format("bytes {}..{} after '{}' are no described member", end, s.offset, after);
        end = s.offset + s.size;
        after = s.name;
    }
    if (sizeof(T) != round_up(end, alignof(T)))
        return fmt::format("bytes {}..{} after '{}' are no described member", end, sizeof(T), after);
    return {};
}

Deal a_deal() {
    Deal d;
    d.id = "acme-renewal";
    d.client = "acme";
    d.owner = "alice";
    d.amount = Money{1200000};
    d.next_action = NextAction{"Call back", std::nullopt};
    d.pos = {1, 3, 5};
    return d;
}

}  // namespace

TEST_CASE("each record's description names every member of it") {
    CHECK(undescribed<Stage>() == "");
    CHECK(undescribed<Pipeline>() == "");
    CHECK(undescribed<Team>() == "");
    CHECK(undescribed<Agent>() == "");
    CHECK(undescribed<Contact>() == "");
    CHECK(undescribed<Client>() == "");
    CHECK(undescribed<NextAction>() == "");
    CHECK(undescribed<Deal>() == "");
    CHECK(undescribed<Target>() == "");
}

TEST_CASE("the YAML keys of a record: those of its description, in order") {
    using V = std::vector<std::string_view>;
    CHECK(record::keys<Deal>() == V{"id", "client", "title", "owner", "amount", "opened", "stage", "probability",
                                    "expected_close", "next_action", "source", "pipeline", "category"});
    CHECK(record::keys<Client>() == V{"id", "name", "industry", "segment", "owner", "contact", "opening_balance"});
    CHECK(record::keys<NextAction>() == V{"what", "due"});
    CHECK(record::keys<Stage>() == V{"id", "name", "probability", "max_days", "category"});
    CHECK(record::keys<Target>().empty());  // parse_targets reads its own shape
}

TEST_CASE("first_difference: the first field that differs, nested ones by their path") {
    const Deal a = a_deal();
    Deal b = a;
    CHECK(record::first_difference(a, b) == "");
    b.next_action->due = Date{20000};
    CHECK(record::first_difference(a, b) == "next_action.due");
    b = a;
    b.next_action.reset();
    CHECK(record::first_difference(a, b) == "next_action");
    b = a;
    b.from_entry = true;  // no YAML key, compared all the same
    CHECK(record::first_difference(a, b) == "from_entry");
    b = a;
    b.stage_pos.col = 9;
    b.category = Category::commit;  // later in the description than stage_pos
    CHECK(record::first_difference(a, b) == "stage_pos");

    Client c, d;
    d.since = Date{20000};
    CHECK(record::first_difference(c, d) == "since");
    d = c;
    d.contact.phone = "+33 1";
    CHECK(record::first_difference(c, d) == "contact.phone");

    Pipeline p, q;
    p.stages.resize(3);
    q = p;
    q.stages[1].max_days = 14;
    CHECK(record::first_difference(p, q) == "stages[1].max_days");
    q.stages.pop_back();
    CHECK(record::first_difference(p, q) == "stages (count)");

    Target t, u;
    u.period.label = "2026-Q4";  // Period's == leaves the label out; the comparison does not
    CHECK(record::first_difference(t, u) == "period");

    const std::vector<Deal> list_a{a, a};
    std::vector<Deal> list_b = list_a;
    list_b[1].title = "Other";
    CHECK(record::first_difference(list_a, list_b) == "[1].title");
    list_b.pop_back();
    CHECK(record::first_difference(list_a, list_b) == " (count)");
}
