// Multi-period columns: the same table over each sub-period, side by side.
#include "salesrep/views.hpp"

#include <map>

namespace salesrep {

Table pivot_by_period(const Table& whole, const std::vector<Table>& parts, const std::vector<std::string>& labels,
                      std::size_t key_cols) {
    Table t;
    t.name = whole.name;
    t.title = whole.title;
    for (std::size_t k = 0; k < key_cols && k < whole.columns.size(); ++k) t.columns.push_back(whole.columns[k]);
    t.columns.push_back({"measure", "Measure", ColType::text, false});
    for (const auto& label : labels) t.columns.push_back({label, label, ColType::money, false});
    t.columns.push_back({"total", "Total", ColType::money, false});

    auto key_of = [&](const Row& r) { return Row(r.begin(), r.begin() + static_cast<std::ptrdiff_t>(key_cols)); };
    // Each part's rows by key, so a row missing from a sub-period is an empty cell.
    std::vector<std::map<Row, const Row*>> index(parts.size());
    for (std::size_t p = 0; p < parts.size(); ++p)
        for (const Row& r : parts[p].rows) index[p].emplace(key_of(r), &r);
    for (std::size_t i = 0; i < whole.rows.size(); ++i) {
        const Row& r = whole.rows[i];
        Row key = key_of(r);
        bool emph = i < whole.emphasis.size() && whole.emphasis[i];
        for (std::size_t c = key_cols; c < whole.columns.size(); ++c) {
            Row row = key;
            row.push_back(whole.columns[c].key);
            for (std::size_t p = 0; p < parts.size(); ++p) {
                auto it = index[p].find(key);
                row.push_back(it == index[p].end() ? std::string() : (*it->second)[c]);
            }
            row.push_back(r[c]);
            t.rows.push_back(std::move(row));
            t.emphasis.push_back(emph);
        }
    }
    t.notes = whole.notes;
    return t;
}

}  // namespace salesrep
