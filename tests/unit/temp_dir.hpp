#pragma once
// A directory under /tmp for a test, removed with everything in it.
#include <doctest/doctest.h>

#include <filesystem>
#include <stdlib.h>
#include <string>
#include <system_error>

namespace salesrep::testing {

struct TempDir {
    std::string path;
    TempDir() {
        char tmpl[] = "/tmp/salesrep-test-XXXXXX";
        char* p = ::mkdtemp(tmpl);
        REQUIRE(p != nullptr);
        path = p;
    }
    ~TempDir() {
        std::error_code ec;
        for (auto& e : std::filesystem::recursive_directory_iterator(path, ec))
            std::filesystem::permissions(e.path(), std::filesystem::perms::owner_all, std::filesystem::perm_options::add, ec);
        std::filesystem::permissions(path, std::filesystem::perms::owner_all, std::filesystem::perm_options::add, ec);
        std::filesystem::remove_all(path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
};

}  // namespace salesrep::testing
