#pragma once
// Work shared between threads: run_lanes(n, lane) runs lane(0) .. lane(n - 1),
// each on its own thread when one starts (lane 0 on the caller; a lane whose
// thread cannot start runs on the caller after it). The lanes must not depend
// on each other. Every thread is joined before it returns, and the first
// exception a lane threw (in lane order) is then rethrown: a lane that runs out
// of memory is an error, as it would be on one thread, not std::terminate.
#include <atomic>
#include <cstddef>
#include <exception>
#include <system_error>
#include <thread>
#include <vector>

namespace salesrep {

template <class F>
void run_lanes(unsigned count, F&& lane) {
    if (count <= 1) {
        lane(0u);
        return;
    }
    std::vector<std::exception_ptr> failed(count);
    auto guarded = [&lane, &failed](unsigned t) {
        try {
            lane(t);
        } catch (...) {
            failed[t] = std::current_exception();
        }
    };
    std::vector<std::thread> threads;
    std::vector<unsigned> left;
    try {
        threads.reserve(count - 1);
        left.reserve(count - 1);
    } catch (...) {  // no room to keep threads: every lane runs on the caller
        for (unsigned t = 0; t < count; ++t) guarded(t);
        for (const auto& e : failed)
            if (e) std::rethrow_exception(e);
        return;
    }
    for (unsigned t = 1; t < count; ++t) {
        try {
            threads.emplace_back(guarded, t);
        } catch (...) {  // std::system_error: no thread to spare; bad_alloc
            left.push_back(t);
        }
    }
    guarded(0u);
    for (unsigned t : left) guarded(t);
    for (auto& th : threads) th.join();
    for (const auto& e : failed)
        if (e) std::rethrow_exception(e);
}

// This machine's cores, 1 to 8: as many lanes as are worth starting.
inline unsigned usable_cores() {
    const unsigned n = std::thread::hardware_concurrency();
    return n < 1 ? 1 : n > 8 ? 8 : n;
}

// Items 0 .. n - 1 shared out among `lanes` lanes: each lane takes the next
// item not taken yet (give the biggest first, and the lanes end together).
template <class F>
void share_out(std::size_t n, unsigned lanes, F&& item) {
    std::atomic<std::size_t> next{0};
    run_lanes(lanes, [&](unsigned) {
        for (std::size_t k; (k = next.fetch_add(1)) < n;) item(k);
    });
}

}  // namespace salesrep
