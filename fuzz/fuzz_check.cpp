// libFuzzer target: check over a whole in-memory book (NUL-separated texts), then every report when it has no errors.
// Build and run: bench/fuzz.sh check SECONDS (see fuzz/README.md).
#include "harness.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    salesrep::fuzz::check(data, size);
    return 0;
}
