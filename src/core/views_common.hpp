#pragma once
// What the view files share to turn figures into table cells.
#include "salesrep/table.hpp"
#include "salesrep/money.hpp"
#include "salesrep/date.hpp"
#include "salesrep/book.hpp"

#include <optional>
#include <string>

namespace salesrep::view {

inline std::string money(Money m) { return format_money(m); }
inline std::string opt_date(const std::optional<Date>& d) { return d ? format_date(*d) : std::string(); }
inline std::string owner_id(const Book& b, int agent) { return agent >= 0 ? b.agents[agent].id : std::string(); }
inline Column col(std::string key, std::string title, ColType t = ColType::text, bool bar = false) {
    return Column{std::move(key), std::move(title), t, bar};
}

}  // namespace salesrep::view
