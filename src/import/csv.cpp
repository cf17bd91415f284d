// import: the CSV reader (RFC 4180) of exports and their tables.
#include "salesrep/import.hpp"

#include <fmt/format.h>

namespace salesrep {

int Csv::column(std::string_view name) const {
    for (std::size_t i = 0; i < header.size(); ++i)
        if (header[i] == name) return static_cast<int>(i);
    return -1;
}

namespace {

bool valid_utf8(std::string_view s) {
    std::size_t i = 0, n = s.size();
    while (i < n) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) { ++i; continue; }
        int len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
        if (len == 0 || c == 0xC0 || c == 0xC1 || c > 0xF4 || i + len > n) return false;
        for (int j = 1; j < len; ++j)
            if ((static_cast<unsigned char>(s[i + j]) & 0xC0) != 0x80) return false;
        i += static_cast<std::size_t>(len);
    }
    return true;
}

// Reads records one at a time; tracks lines for messages.
class CsvReader {
public:
    CsvReader(std::string_view text, char sep) : t_(text), sep_(sep) {}

    bool done() const { return i_ >= t_.size(); }

    // Reads one record into `fields`; returns false (with `problem` set) when it
    // is malformed; the reader then stands at the next record.
    bool next(std::vector<std::string>& fields, std::uint32_t& start_line, CsvProblem& problem) {
        fields.clear();
        start_line = line_;
        std::string field;
        bool ok = true;
        while (true) {
            field.clear();
            if (i_ < t_.size() && t_[i_] == '"') {
                if (!read_quoted(field, ok, problem)) return false;
            } else {
                read_unquoted(field, ok, problem);
            }
            if (ok && !valid_utf8(field)) {
                problem = {start_line, 0, "invalid UTF-8; the CSV must be UTF-8 text"};
                ok = false;
            }
            fields.push_back(field);
            if (i_ < t_.size() && t_[i_] == sep_) { ++i_; continue; }
            if (i_ < t_.size()) newline();  // end of the record
            return ok;
        }
    }

private:
    // A quoted field (the reader at its opening quote) into `field`: "" is a
    // quote, a line break is '\n'. False when it is never closed; text after the
    // closing quote is a problem (the first of the record, when `ok`).
    bool read_quoted(std::string& field, bool& ok, CsvProblem& problem) {
        std::uint32_t qline = line_, qcol = col();
        ++i_;
        bool closed = false;
        while (i_ < t_.size()) {
            char c = t_[i_];
            if (c == '"') {
                if (i_ + 1 < t_.size() && t_[i_ + 1] == '"') { field += '"'; i_ += 2; continue; }
                ++i_;
                closed = true;
                break;
            }
            if (c == '\r' || c == '\n') {
                newline();
                field += '\n';
                continue;
            }
            field += c;
            ++i_;
        }
        if (!closed) {
            problem = {qline, qcol, "a quoted field is never closed (a \" is missing)"};
            return false;
        }
        if (i_ < t_.size() && t_[i_] != sep_ && t_[i_] != '\r' && t_[i_] != '\n') {
            if (ok) problem = {line_, col(), "text after the closing quote of a field; quote the whole field"};
            ok = false;
            skip_field();
        }
        return true;
    }

    // An unquoted field, up to the separator or the line's end; a quote in it
    // is a problem (the first of the record, when `ok`).
    void read_unquoted(std::string& field, bool& ok, CsvProblem& problem) {
        while (i_ < t_.size() && t_[i_] != sep_ && t_[i_] != '\r' && t_[i_] != '\n') {
            if (t_[i_] == '"' && ok) {
                problem = {line_, col(), "a quote inside an unquoted field; quote the whole field and "
                                         "double the quotes in it (\"\")"};
                ok = false;
            }
            field += t_[i_++];
        }
    }

    std::string_view t_;
    char sep_;
    std::size_t i_ = 0, bol_ = 0;
    std::uint32_t line_ = 1;

    std::uint32_t col() const { return static_cast<std::uint32_t>(i_ - bol_ + 1); }
    void newline() {  // at '\r' or '\n'
        if (t_[i_] == '\r' && i_ + 1 < t_.size() && t_[i_ + 1] == '\n') ++i_;
        ++i_;
        ++line_;
        bol_ = i_;
    }
    void skip_field() {
        while (i_ < t_.size() && t_[i_] != sep_ && t_[i_] != '\r' && t_[i_] != '\n') ++i_;
    }
};

}  // namespace

Csv parse_csv(std::string_view text, char separator, std::vector<CsvProblem>& problems) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    Csv out;
    CsvReader r(text, separator);
    bool have_header = false;
    std::uint32_t number = 0;
    std::vector<std::string> fields;
    while (!r.done()) {
        std::uint32_t line = 0;
        CsvProblem p;
        bool ok = r.next(fields, line, p);
        if (ok && fields.size() == 1 && fields[0].empty()) continue;  // an empty line
        if (have_header) ++number;
        if (!ok) {
            problems.push_back(std::move(p));
            if (!have_header) return out;  // no header: nothing can be read
            continue;
        }
        if (!have_header) {
            out.header = fields;
            have_header = true;
            continue;
        }
        if (fields.size() != out.header.size()) {
            problems.push_back({line, 0, fmt::format("{} field{} where the header has {}", fields.size(),
                                                     fields.size() == 1 ? "" : "s", out.header.size())});
            continue;
        }
        out.rows.push_back(fields);
        out.lines.push_back(line);
        out.numbers.push_back(number);
    }
    return out;
}

}  // namespace salesrep
