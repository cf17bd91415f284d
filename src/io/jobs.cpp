// Whole jobs on this machine's cores: the one place outside the file loads
// where salesrep starts threads (issue 21: threads around whole independent
// jobs, never inside the rules).
#include "salesrep/io.hpp"

#include "salesrep/check.hpp"

#include "lanes.hpp"

#include <algorithm>
#include <iterator>
#include <thread>

namespace salesrep {

void run_on_cores(std::size_t n, const std::function<void(std::size_t)>& job) {
    const unsigned cores = std::clamp(std::thread::hardware_concurrency(), 1u, 8u);
    share_out(n, static_cast<unsigned>(std::min<std::size_t>(n, cores)), job);
}

Replay check_on_cores(const Book& book, Date today, Diags& diags) {
    constexpr std::size_t big = 100'000;  // entries or deals: below, a thread costs more than it saves
    if (book.entries.size() < big && book.deals.size() < big) return check_book(book, today, diags);
    Diags records, replayed;
    Replay r;
    run_on_cores(2, [&](std::size_t job) {
        if (job == 0) r = replay(book, today, &replayed);
        else check_records(book, records);
    });
    for (Diags* part : {&records, &replayed})
        diags.insert(diags.end(), std::make_move_iterator(part->begin()), std::make_move_iterator(part->end()));
    return r;
}

}  // namespace salesrep
