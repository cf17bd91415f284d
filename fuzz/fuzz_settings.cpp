// libFuzzer target: the salesrep.yaml loader (parse_settings).
// Build and run: bench/fuzz.sh settings SECONDS (see fuzz/README.md).
#include "harness.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    salesrep::fuzz::settings(data, size);
    return 0;
}
