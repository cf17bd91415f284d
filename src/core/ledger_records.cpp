// SPEC §7 `open` and `client`: the deals and clients that ledger entries bring
// into the book. Each becomes a record like those of deals.yaml and
// clients.yaml (a deal opened on the entry's day), so that every rule and
// every report reads it the same way; where it differs (a client exists from
// its day on) the record says so (Client::since, Deal::from_entry).
#include "salesrep/load.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <tuple>

namespace salesrep {

namespace {

Client client_of_entry(const Entry& e) {
    const RecordFields& r = e.record();
    Client c;
    c.id = e.target;
    c.name = r.name;
    c.industry = r.industry;
    c.segment = r.segment;
    c.owner = e.agent;
    c.contact = {std::string(r.contact), std::string(r.job_title), std::string(r.email), std::string(r.phone)};
    c.since = e.date;
    c.pos = {e.file, e.line, r.target_col};
    c.owner_pos = {e.file, e.line, r.agent_col ? r.agent_col : r.target_col};
    return c;
}

// The deal, owned by the entry's @agent, else by its client's owner.
Deal deal_of_entry(const Book& book, const Entry& e, Diags& diags) {
    const RecordFields& r = e.record();
    Deal d;
    d.id = e.target;
    d.client = r.client;
    d.title = e.note;
    d.owner = e.agent;
    if (d.owner.empty())
        if (const Client* c = book.client(d.client)) d.owner = c->owner;
    d.amount = e.amount.value_or(Money{});
    d.opened = e.date;
    d.stage = e.stage;
    d.probability = e.set().probability;
    d.expected_close = e.set().close;
    d.category = e.set().category;
    d.source = r.source;
    d.pipeline = r.pipeline;
    d.from_entry = true;
    d.pos = {e.file, e.line, r.target_col};
    d.client_pos = {e.file, e.line, r.client_col ? r.client_col : r.target_col};
    d.owner_pos = {e.file, e.line, r.agent_col ? r.agent_col : r.target_col};
    d.stage_pos = {e.file, e.line, r.stage_col ? r.stage_col : r.target_col};
    d.pipeline_pos = {e.file, e.line, r.pipeline_col ? r.pipeline_col : r.target_col};
    if (d.owner.empty() && book.client(d.client))
        diags.push_back({Severity::error, d.owner_pos,
                         fmt::format("deal '{}' has no owner: its client '{}' has none either; write @AGENT on the "
                                     "'open' entry", d.id, d.client)});
    return d;
}

}  // namespace

void add_ledger_records(Book& book, Diags& diags, std::size_t first_entry) {
    // The record entries in the order of SPEC §7 (date, client before open, time,
    // reading order), so that of two entries with one id the later is the duplicate.
    std::vector<std::uint32_t> records;
    for (std::size_t i = first_entry; i < book.entries.size(); ++i)
        if (is_record(book.entries[i].kind)) records.push_back(static_cast<std::uint32_t>(i));
    if (records.empty()) return;
    auto key = [&](std::uint32_t i) {
        const Entry& e = book.entries[i];
        return std::tuple(e.date, day_rank(e.kind), e.time.value_or(0), i);
    };
    std::sort(records.begin(), records.end(), [&](std::uint32_t a, std::uint32_t b) { return key(a) < key(b); });

    for (std::uint32_t i : records)
        if (book.entries[i].kind == Kind::client) book.clients.push_back(client_of_entry(book.entries[i]));
    book.client_ids.build(book.clients);  // the deals' owners may be those clients' owners
    for (std::uint32_t i : records)
        if (book.entries[i].kind == Kind::open) book.deals.push_back(deal_of_entry(book, book.entries[i], diags));
    book.index();
}

}  // namespace salesrep
