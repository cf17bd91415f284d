// Percentages beside the scope rows (SPEC §9: one decimal, half away from zero).
#include "salesrep/compute/scopes.hpp"

namespace salesrep {

std::string pct_text(const Rational& num, const Rational& den) {
    if (den.is_zero()) return {};
    return format_fixed(num * Rational(100) / den, 1);
}

}  // namespace salesrep
