#pragma once
// UTF-8 validation shared by the ledger parser, the YAML loader and diagnostics.
#include <cstddef>
#include <string_view>

namespace salesrep {

// The length of the valid UTF-8 sequence at s[i] (a byte >= 0x80), or 0 when
// it is not UTF-8: overlong forms, UTF-16 surrogates and code points above
// U+10FFFF are refused.
inline std::size_t utf8_length(std::string_view s, std::size_t i) {
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    unsigned char c = byte(i);
    std::size_t len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (len == 0 || c == 0xC0 || c == 0xC1 || c > 0xF4 || i + len > s.size()) return 0;
    for (std::size_t j = 1; j < len; ++j)
        if ((byte(i + j) & 0xC0) != 0x80) return 0;
    unsigned char c1 = byte(i + 1);
    if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 > 0x9F) || (c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 > 0x8F))
        return 0;
    return len;
}

}  // namespace salesrep
