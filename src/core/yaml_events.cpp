// deals.yaml read from yaml-cpp's parser events instead of its node tree.
//
// Building yaml-cpp's node tree is most of the cost of a big deals file. Its
// event parser (the same scanner, the same grammar) gives the same scalars and
// marks without the tree. This reader takes only the plain shape of a valid
// deals file, `deals:` and a list of maps of known keys with scalar values;
// at the first thing it does not expect, or a value the tree reader would
// report, it gives up, and the tree reader reads the file (and reports).
#include "yaml_reader.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

#include <array>
#include <sstream>

namespace salesrep::yaml {

namespace {

struct GiveUp {};

// The keys of a deal (parse_deals in load_yaml.cpp), and of its next_action.
enum Key : int { k_id, k_client, k_title, k_owner, k_amount, k_opened, k_stage, k_probability, k_expected_close,
                 k_next_action, k_source, k_pipeline, key_count };
constexpr std::array<std::string_view, key_count> key_names = {
    "id", "client", "title", "owner", "amount", "opened", "stage", "probability", "expected_close",
    "next_action", "source", "pipeline"};

struct Value {
    bool present = false;
    std::string text;
    YAML::Mark mark;
};

class DealEvents : public YAML::EventHandler {
public:
    DealEvents(const Ctx& ctx, std::vector<Deal>& out) : ctx_(ctx), out_(out) {}
    bool finished() const { return state_ == State::done; }
    // The mark of the last scalar read.
    const YAML::Mark& last_scalar() const { return last_scalar_; }

    void OnDocumentStart(const YAML::Mark&) override {}
    void OnDocumentEnd() override {
        if (state_ != State::root_done) throw GiveUp{};
        state_ = State::done;
    }
    void OnNull(const YAML::Mark&, YAML::anchor_t) override { throw GiveUp{}; }
    void OnAlias(const YAML::Mark&, YAML::anchor_t) override { throw GiveUp{}; }
    void OnAnchor(const YAML::Mark&, const std::string&) override { throw GiveUp{}; }

    void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  const std::string& value) override {
        if (anchor != YAML::NullAnchor || (tag != "?" && tag != "!")) throw GiveUp{};
        last_scalar_ = mark;
        switch (state_) {
        case State::root_key:
            if (value != "deals") throw GiveUp{};
            state_ = State::root_value;
            return;
        case State::item_key:
        case State::next_key: key(value); return;
        case State::item_value:
            if (key_ == k_next_action) throw GiveUp{};  // a map, not a text
            set(item_[key_], value, mark);
            state_ = State::item_key;
            return;
        case State::next_value:
            set(next_[key_], value, mark);
            state_ = State::next_key;
            return;
        default: throw GiveUp{};
        }
    }

    void OnSequenceStart(const YAML::Mark&, const std::string& tag, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value) override {
        if (anchor != YAML::NullAnchor || tag != "?" || state_ != State::root_value) throw GiveUp{};
        state_ = State::list;
    }
    void OnSequenceEnd() override {
        if (state_ != State::list) throw GiveUp{};
        state_ = State::root_end;
    }

    void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                    YAML::EmitterStyle::value) override {
        if (anchor != YAML::NullAnchor || tag != "?") throw GiveUp{};
        switch (state_) {
        case State::start: state_ = State::root_key; return;
        case State::list:
            item_ = {};
            item_mark_ = mark;
            state_ = State::item_key;
            return;
        case State::item_value:
            if (key_ != k_next_action) throw GiveUp{};
            item_[k_next_action].present = true;
            item_[k_next_action].mark = mark;
            next_ = {};
            state_ = State::next_key;
            return;
        default: throw GiveUp{};
        }
    }
    void OnMapEnd() override {
        switch (state_) {
        case State::root_end: state_ = State::root_done; return;
        case State::item_key:
            out_.push_back(deal());
            state_ = State::list;
            return;
        case State::next_key: state_ = State::item_key; return;
        default: throw GiveUp{};
        }
    }

private:
    enum class State {
        start, root_key, root_value, list, item_key, item_value, next_key, next_value, root_end, root_done, done
    };
    const Ctx& ctx_;
    std::vector<Deal>& out_;
    State state_ = State::start;
    int key_ = 0;
    std::array<Value, key_count> item_;
    std::array<Value, 2> next_;  // what, due
    YAML::Mark item_mark_, last_scalar_;

    static void set(Value& v, const std::string& text, const YAML::Mark& mark) {
        v.present = true;
        v.text = text;
        v.mark = mark;
    }

    void key(const std::string& name) {
        if (state_ == State::item_key) {
            int k = 0;
            while (k < key_count && key_names[static_cast<std::size_t>(k)] != name) ++k;
            if (k == key_count || item_[static_cast<std::size_t>(k)].present) throw GiveUp{};  // unknown, twice
            key_ = k;
            state_ = State::item_value;
        } else {
            int k = name == "what" ? 0 : name == "due" ? 1 : -1;
            if (k < 0 || next_[static_cast<std::size_t>(k)].present) throw GiveUp{};
            key_ = k;
            state_ = State::next_value;
        }
    }

    // The same checks as MapReader's, without reporting: a failure gives up.
    const Value* get(Key k, bool required) const {
        const Value& v = item_[static_cast<std::size_t>(k)];
        if (!v.present) {
            if (required) throw GiveUp{};
            return nullptr;
        }
        return &v;
    }
    static std::string id(const Value* v) {
        if (!v) return {};
        if (!valid_id(v->text)) throw GiveUp{};
        return v->text;
    }
    // A text with a control character: MapReader::text reports it.
    static const std::string& text(const Value* v) {
        if (has_unsafe_char(v->text, true)) throw GiveUp{};
        return v->text;
    }
    static std::optional<Date> date(const Value* v) {
        if (!v) return std::nullopt;
        auto d = parse_date(v->text);
        if (!d) throw GiveUp{};
        return d;
    }
    // MapReader::pos_of: the value's place, else (absent) the map's.
    SourcePos pos_of(Key k) const {
        const Value& v = item_[static_cast<std::size_t>(k)];
        return v.present ? ctx_.pos(v.mark) : ctx_.pos(item_mark_);
    }

    Deal deal() const {
        Deal d;
        d.pos = ctx_.pos(item_mark_);
        d.id = id(get(k_id, true));
        d.client = id(get(k_client, true));
        d.client_pos = pos_of(k_client);
        if (const Value* v = get(k_title, false)) d.title = text(v);
        d.owner = id(get(k_owner, true));
        d.owner_pos = pos_of(k_owner);
        if (const Value* v = get(k_amount, false)) {
            MoneyParse m = parse_money(v->text, ctx_.currency);
            if (!m.ok || m.value.cents < 0) throw GiveUp{};
            d.amount = m.value;
        }
        d.opened = *date(get(k_opened, true));
        d.stage = id(get(k_stage, false));
        d.stage_pos = pos_of(k_stage);
        if (const Value* v = get(k_probability, false)) {
            long long n = 0;
            if (!parse_int(v->text, n) || n < 0 || n > 100) throw GiveUp{};
            d.probability = static_cast<int>(n);
        }
        d.expected_close = date(get(k_expected_close, false));
        if (item_[k_next_action].present) {
            if (!next_[0].present) throw GiveUp{};  // next_action needs its what
            NextAction na;
            na.what = text(&next_[0]);
            na.due = date(next_[1].present ? &next_[1] : nullptr);
            d.next_action = std::move(na);
        }
        if (const Value* v = get(k_source, false)) d.source = text(v);
        d.pipeline = id(get(k_pipeline, false));
        d.pipeline_pos = pos_of(k_pipeline);
        return d;
    }
};

}  // namespace

bool read_deals_from_events(const Ctx& ctx, std::string_view text, std::vector<Deal>& out) {
    // What `load` would report or treat specially: left to it.
    if (text.substr(0, 3) == "\xEF\xBB\xBF" || text_problem(text, 0)) return false;
    std::vector<Deal> deals;
    try {
        std::istringstream in{std::string(text)};
        YAML::Parser parser(in);
        DealEvents events(ctx, deals);
        // `load` reads the first document only, as YAML::Load does.
        if (!parser.HandleNextDocument(events) || !events.finished()) return false;
        // A quoted scalar left open at the end of the text (which yaml-cpp
        // accepts; `load` reports it) is the last scalar: give it to `load`.
        const YAML::Mark& last = events.last_scalar();
        if (last.pos >= 0 && quote_left_open(text, static_cast<std::size_t>(last.pos))) return false;
    } catch (...) {  // GiveUp, or any YAML::Exception (the tree reader reports it)
        return false;
    }
    if (deals.empty()) return false;  // an empty list: the tree reader says what it means
    if (out.empty()) out = std::move(deals);
    else out.insert(out.end(), std::make_move_iterator(deals.begin()), std::make_move_iterator(deals.end()));
    return true;
}

}  // namespace salesrep::yaml
