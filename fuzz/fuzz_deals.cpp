// libFuzzer target: the deals.yaml loader (parse_deals).
// Build and run: bench/fuzz.sh deals SECONDS (see fuzz/README.md).
#include "harness.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    salesrep::fuzz::deals(data, size);
    return 0;
}
