#pragma once
#include <cstddef>

namespace salesrep::cli {
// The files of examples/northwind, compiled in for `salesrep init`.
struct EmbeddedFile {
    const char* path;
    const unsigned char* data;
    std::size_t size;
};
extern const EmbeddedFile example_files[];
extern const std::size_t example_file_count;
}  // namespace salesrep::cli
