#pragma once
// Jobs that may run side by side. The core starts no thread: a caller with
// cores to spare passes a runner that shares the jobs out (the CLI passes
// run_on_cores, io.hpp); without one they run in order.
#include <cstddef>
#include <functional>

namespace salesrep {

// Runs job(0) .. job(n - 1), each once, in any order, possibly side by side.
using JobRunner = std::function<void(std::size_t n, const std::function<void(std::size_t)>& job)>;

// job(0) .. job(n - 1) through `run`, or in order when there is none.
inline void run_jobs(const JobRunner& run, std::size_t n, const std::function<void(std::size_t)>& job) {
    if (run) run(n, job);
    else
        for (std::size_t k = 0; k < n; ++k) job(k);
}

}  // namespace salesrep
