#pragma once
// Deal status rows and the deals list (SPEC §9 Status, Deals).
#include "salesrep/compute/common.hpp"

#include <optional>
#include <string>
#include <vector>

namespace salesrep {

// SPEC §9 Status: the deal's status % (its probability override, else its
// stage's; won 100, lost 0) and its forecast category (SPEC §2).
int status_pct(const Book& book, const DealState& s);
Category category_of(const Book& book, const DealState& s);

enum Flag : unsigned { flag_stalled = 1, flag_slipped = 2, flag_overdue = 4, flag_idle = 8 };
std::string flags_text(unsigned flags);  // "stalled;idle"

struct DealRow {
    int deal = -1;  // index in Book::deals
    const DealState* state = nullptr;
    std::string_view stage_id;     // current stage (or the one it closed in); views the book's pipelines
    int status_pct = 0;
    Money weighted;
    Category category = Category::pipeline;
    std::optional<int> days_in_stage;  // open deals only
    int days_since_contact = 0;
    unsigned flags = 0;
};

DealRow deal_row(const Context& c, int deal);

struct DealFilter {
    bool open = false, won = false, lost = false;  // none set: all
    std::string stage{};                            // only deals in that stage
    // With a period (SPEC §9 Deals): won / lost keep the deals whose closing
    // entry is dated in P; opened (which needs one) the deals opened in P.
    bool in_period = false;
    bool opened = false;
};
// Every deal existing as of T (and kept by the selection), by id.
std::vector<DealRow> deal_rows(const Context& c, const DealFilter& f = {});

}  // namespace salesrep

// priority_rows was declared here before it had a file of its own.
#include "salesrep/compute/priority.hpp"
