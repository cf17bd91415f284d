#pragma once
// What the view files share to turn figures into table cells.
#include "salesrep/table.hpp"
#include "salesrep/money.hpp"
#include "salesrep/date.hpp"
#include "salesrep/book.hpp"
#include "salesrep/rational.hpp"

#include <optional>
#include <string>

namespace salesrep::view {

inline std::string money(Money m) { return format_money(m); }
inline std::string opt_money(const std::optional<Money>& m) { return m ? format_money(*m) : std::string(); }
inline std::string opt_date(const std::optional<Date>& d) { return d ? format_date(*d) : std::string(); }
// The agent's id; "" for none (-1).
inline std::string owner_id(const Book& b, int agent) { return agent >= 0 ? b.agents[agent].id : std::string(); }
// A whole percentage as the CSV writes percentages: "40.0".
inline std::string pct(int p) { return std::to_string(p) + ".0"; }
inline Rational cents(Money m) { return Rational(m.cents); }
// A grouped row's scope as SPEC §11 writes it.
inline std::string scope_name(Scope s) { return s == Scope::agent ? "agent" : s == Scope::team ? "team" : "total"; }
inline Column col(std::string key, std::string title, ColType t = ColType::text, bool bar = false) {
    return Column{std::move(key), std::move(title), t, bar};
}

}  // namespace salesrep::view
