#pragma once
// A disposable binary cache of what parsing one YAML file of a book produced,
// kept outside the book in $XDG_CACHE_HOME/salesrep/ (default
// ~/.cache/salesrep/), one directory per book named after its real path: a
// book (untrusted: it comes through git) can neither ship a cache nor make a
// read-only command write inside it. A cache entry is used only when
// everything a parse depends on is provably the same (see load_yaml_cache) and
// its values are ones the parser could have produced; any doubt means "no
// entry" and the caller parses the YAML as usual. Deleting the directory is
// always safe.
#include "salesrep/book.hpp"
#include "salesrep/load.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace salesrep {

// What parsing one YAML file produced (only the vectors its kind fills are non-empty).
struct YamlParse {
    std::vector<Pipeline> pipelines;
    std::vector<Team> teams;
    std::vector<Agent> agents;
    std::vector<Client> clients;
    std::vector<Deal> deals;
    std::vector<Target> targets;
    std::vector<int> deals_order;  // deals_in_id_order(deals): kept, so a cached load need not sort
    Diags diags;  // diagnostics of that file (warnings; errors too)
};

// Which parser produced the entry (parse_funnel, parse_team, ...).
enum class YamlKind : std::uint8_t { funnel, team, clients, deals, targets };

// The cache file for `path` (a YAML file of the book at `root`):
// <cache home>/<hash of the book's real path>-<book's name>/<hash of path>-<base name>.bin;
// "" when there is no cache home ($XDG_CACHE_HOME and $HOME unset).
std::string yaml_cache_file(const std::string& root, const std::string& path);

// Fills `out` and returns true only when the entry for `path` exists and its key
// matches exactly: format version, the running executable (size and mtime, so a
// rebuilt parser never reuses an old parse), kind, path, the file's size and
// mtime (nanoseconds, from stat(path)), text.size() and content_hash(text), and
// `settings_key` (what the parse depends on beyond the text, e.g. currency and
// fiscal_year_start; built by the caller). The whole cache file must also pass
// its checksum, decode to exactly its length, and a deals order must hold
// each deal once, and every value must be one the parser could have produced
// (ids, texts without control characters, amounts and probabilities in range). Any doubt -> false, `out`
// untouched; never throws.
// Every SourcePos that was in the parsed file (see store_yaml_cache) comes back
// with `file` set to `file`, the index of the file in this run's SourceSet.
bool load_yaml_cache(const std::string& root, const std::string& path, std::string_view text, YamlKind kind,
                     std::string_view settings_key, std::uint32_t file, YamlParse& out);

// Writes the entry for `in`, parsed from `text` (the content of `path`) with file
// index `file`: into a temporary file of the cache directory, then renamed over
// the entry, so readers see the old entry or the new one. Creates the cache
// directories when needed (0700). Writes nothing for a parse far bigger than
// its text (load_book stores no parse that has errors). Does nothing, silently, when it cannot (no
// cache home, no space, file size limit, ...); never throws.
// SourcePos whose `file` is `file` are stored as "this file"; any other value
// (e.g. a default {0,0,0}) is stored as it is.
void store_yaml_cache(const std::string& root, const std::string& path, std::string_view text, YamlKind kind,
                      std::string_view settings_key, std::uint32_t file, const YamlParse& in);

// A fast 64-bit hash of bytes: XXH64 with seed 0 (deterministic across runs and
// machines of one byte order).
std::uint64_t content_hash(std::string_view bytes);

}  // namespace salesrep
