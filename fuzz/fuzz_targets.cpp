// libFuzzer target: the targets.yaml loader (parse_targets).
// Build and run: bench/fuzz.sh targets SECONDS (see fuzz/README.md).
#include "harness.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    salesrep::fuzz::targets(data, size);
    return 0;
}
