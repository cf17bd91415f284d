// libFuzzer target: the funnel.yaml loader (parse_funnel).
// Build and run: bench/fuzz.sh funnel SECONDS (see fuzz/README.md).
#include "harness.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    salesrep::fuzz::funnel(data, size);
    return 0;
}
