// Whole jobs on this machine's cores: the one place outside the file loads
// where salesrep starts threads (issue 21: threads around whole independent
// jobs, never inside the rules).
#include "salesrep/io.hpp"

#include "salesrep/check.hpp"

#include "lanes.hpp"

#include <algorithm>

namespace salesrep {

void run_on_cores(std::size_t n, const std::function<void(std::size_t)>& job) {
    share_out(n, static_cast<unsigned>(std::min<std::size_t>(n, usable_cores())), job);
}

Replay check_on_cores(const Book& book, Date today, Diags& diags) {
    constexpr std::size_t big = 100'000;  // entries or deals: below, a thread costs more than it saves
    const bool small = book.entries.size() < big && book.deals.size() < big;
    return check_book(book, today, diags, small ? JobRunner{} : JobRunner(run_on_cores));
}

}  // namespace salesrep
