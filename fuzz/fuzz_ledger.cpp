// libFuzzer target: the ledger parser (parse_ledger, then every entry through format_entry and back).
// Build and run: bench/fuzz.sh ledger SECONDS (see fuzz/README.md).
#include "harness.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    salesrep::fuzz::ledger(data, size);
    return 0;
}
