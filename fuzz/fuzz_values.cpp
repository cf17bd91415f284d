// libFuzzer target: Money, Date, time and Period parsing and printing (first byte: fiscal year start, currency).
// Build and run: bench/fuzz.sh values SECONDS (see fuzz/README.md).
#include "harness.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    salesrep::fuzz::values(data, size);
    return 0;
}
