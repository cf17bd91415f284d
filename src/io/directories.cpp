// Creating the directory of a new ledger file (files: write_to:).
#include "salesrep/io.hpp"

#include <filesystem>
#include <fmt/format.h>

namespace fs = std::filesystem;

namespace salesrep {

std::string create_parent_directories(const std::string& path) {
    fs::path dir = fs::path(path).parent_path();
    if (dir.empty()) return {};
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return fmt::format("cannot create the directory '{}': {}", dir.string(), ec.message());
    return {};
}

}  // namespace salesrep
