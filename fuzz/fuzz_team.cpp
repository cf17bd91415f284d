// libFuzzer target: the team.yaml loader (parse_team).
// Build and run: bench/fuzz.sh team SECONDS (see fuzz/README.md).
#include "harness.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    salesrep::fuzz::team(data, size);
    return 0;
}
