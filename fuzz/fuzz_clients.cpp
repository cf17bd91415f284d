// libFuzzer target: the clients.yaml loader (parse_clients).
// Build and run: bench/fuzz.sh clients SECONDS (see fuzz/README.md).
#include "harness.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    salesrep::fuzz::clients(data, size);
    return 0;
}
