// run_lanes (src/io/lanes.hpp, the file loads of src/io): every lane runs once, and a lane's
// exception comes back to the caller after every thread is joined.
#include "../../src/io/lanes.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <stdexcept>
#include <string>
#include <vector>

using salesrep::run_lanes;

TEST_CASE("run_lanes: each lane once, on any count") {
    for (unsigned count : {0u, 1u, 2u, 5u}) {
        CAPTURE(count);
        std::vector<std::atomic<int>> ran(std::max(count, 1u));
        run_lanes(count, [&](unsigned t) { ran[t].fetch_add(1); });
        for (auto& r : ran) CHECK(r.load() == 1);
    }
}

TEST_CASE("run_lanes: the first lane's exception is rethrown after all lanes ran") {
    std::atomic<int> finished{0};
    std::string caught;
    try {
        run_lanes(4, [&](unsigned t) {
            if (t == 1) throw std::runtime_error("lane 1");
            if (t == 3) throw std::runtime_error("lane 3");
            finished.fetch_add(1);
        });
    } catch (const std::runtime_error& e) {
        caught = e.what();
    }
    CHECK(caught == "lane 1");
    CHECK(finished.load() == 2);  // lanes 0 and 2 ran to the end

    caught.clear();
    try {
        run_lanes(3, [](unsigned t) {
            if (t == 0) throw std::runtime_error("the caller's lane");
        });
    } catch (const std::runtime_error& e) {
        caught = e.what();
    }
    CHECK(caught == "the caller's lane");
}
