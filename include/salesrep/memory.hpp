#pragma once
// Memory hints for big arrays. Hints only: failure changes nothing.
#include <cstddef>
#include <cstdint>
#include <sys/mman.h>

namespace salesrep {

// Asks for transparent huge pages on the whole 2 MiB pages inside
// [p, p + bytes), before they are first touched. A big array read all over
// (100,000 deals or their states) then needs a few TLB entries instead of
// thousands. Arrays under 8 MiB are left alone. Returns the range advised
// ([begin, end) of whole huge pages; empty when none).
struct HugePages {
    std::uintptr_t begin = 0, end = 0;
};
inline HugePages prefer_huge_pages(const void* p, std::size_t bytes) {
    constexpr std::uintptr_t huge = std::uintptr_t{2} << 20;
    if (bytes < 4 * huge) return {};
    const auto b = (reinterpret_cast<std::uintptr_t>(p) + huge - 1) & ~(huge - 1);
    const auto e = (reinterpret_cast<std::uintptr_t>(p) + bytes) & ~(huge - 1);
    if (e <= b) return {};
    ::madvise(reinterpret_cast<void*>(b), e - b, MADV_HUGEPAGE);
    return {b, e};
}

}  // namespace salesrep
