// deals.yaml read from yaml-cpp's parser events instead of its node tree.
//
// Building yaml-cpp's node tree is most of the cost of a big deals file. Its
// event parser (the same scanner, the same grammar) gives the same scalars and
// marks without the tree. This reader takes only the plain shape of a valid
// deals file, `deals:` and a list of maps of known keys (a deal's description,
// records.hpp) with scalar values, or maps of scalars (next_action);
// at the first thing it does not expect, or a value the tree reader would
// report, it gives up, and the tree reader reads the file (and reports).
#include "yaml_reader.hpp"

#include "salesrep/records.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

#include <sstream>

namespace salesrep::yaml {

namespace {

using record::Field;
using record::Is;

struct GiveUp {};

struct Value {
    bool present = false;
    std::string text;
    YAML::Mark mark;
};

// The keys of a record and of its maps (records.hpp), flattened: a key of a
// map is a slot whose parent is the map's slot.
struct Slot {
    std::string_view key;
    int parent;   // -1: a key of the record itself
    bool map;     // its value is a map of its own
};

struct Layout {
    std::vector<Slot> slots;
    int parent = -1;
    template <class M>
    void operator()(const Field& f, M& x) {
        if (!f.yaml || f.is == Is::place) return;
        slots.push_back({f.key, parent, f.is == Is::map});
        if constexpr (record::Record<M>) inner(x);
        else if constexpr (record::optional_record<M>) inner(x.emplace());
    }
    template <class N>
    void inner(N& x) {
        int outer = parent;
        parent = static_cast<int>(slots.size()) - 1;
        record::describe(*this, x);
        parent = outer;
    }
};

template <class T>
const std::vector<Slot>& slots_of() {
    static const std::vector<Slot> slots = [] {
        Layout l;
        T x{};
        record::describe(l, x);
        return std::move(l.slots);
    }();
    return slots;
}

int find_slot(const std::vector<Slot>& slots, int parent, std::string_view key) {
    for (std::size_t i = 0; i < slots.size(); ++i)
        if (slots[i].parent == parent && slots[i].key == key) return static_cast<int>(i);
    return -1;
}

// A record from the values its map held, by the same rules as the tree
// reader's (load_yaml.cpp's TreeFields), without reporting: a failure gives up.
struct EventFields {
    const Ctx& ctx;
    const std::vector<Slot>& slots;
    const std::vector<Value>& values;
    const YAML::Mark& item_mark;
    int parent = -1;
    const std::string* id = nullptr;

    const Value* get(const Field& f) const {
        const Value& v = values[static_cast<std::size_t>(find_slot(slots, parent, f.key))];
        if (v.present) return &v;
        if (f.required) throw GiveUp{};
        return nullptr;
    }

    template <class M>
    void operator()(const Field& f, M& x) {
        if (!f.yaml) return;
        if constexpr (std::is_same_v<M, SourcePos>) {  // MapReader::pos_of: the value's place, else the map's
            const Value* v = f.key.empty() ? nullptr : get(f);
            x = ctx.pos(v ? v->mark : item_mark);
            return;
        }
        const Value* v = get(f);
        if (!v) {
            if constexpr (std::is_same_v<M, std::string>)
                if (f.is == Is::name && id) x = *id;
            return;
        }
        const std::string& t = v->text;
        if constexpr (std::is_same_v<M, std::string>) {
            const bool is_id = f.is == Is::record_id || f.is == Is::stage_id || f.is == Is::id;
            if (is_id ? !valid_id(t) : has_unsafe_char(t, true)) throw GiveUp{};
            if (f.is == Is::stage_id && (t == "won" || t == "lost" || t == "open")) throw GiveUp{};
            x = t;
            if (f.is == Is::record_id || f.is == Is::stage_id) id = &x;
        } else if constexpr (std::is_same_v<M, Money>) {
            MoneyParse m = parse_money(t, ctx.currency);
            if (!m.ok || (m.value.cents < 0 && f.is != Is::balance)) throw GiveUp{};
            x = m.value;
        } else if constexpr (std::is_same_v<M, Date> || std::is_same_v<M, std::optional<Date>>) {
            auto d = parse_date(t);
            if (!d) throw GiveUp{};
            x = *d;
        } else if constexpr (std::is_same_v<M, int> || std::is_same_v<M, std::optional<int>>) {
            long long n = 0;
            if (!parse_int(t, n) || n < f.lo || n > f.hi) throw GiveUp{};
            x = static_cast<int>(n);
        } else if constexpr (std::is_same_v<M, std::optional<Category>>) {
            x = parse_category(t);
            if (!x || (f.is == Is::stage_category && *x == Category::omitted)) throw GiveUp{};
        } else if constexpr (record::Record<M>) {
            inner(f, x);
        } else if constexpr (record::optional_record<M>) {
            inner(f, x.emplace());
        } else {
            throw GiveUp{};  // a role, a list...: left to the tree reader
        }
    }

    template <class N>
    void inner(const Field& f, N& x) {
        EventFields sub{ctx, slots, values, item_mark, find_slot(slots, parent, f.key)};
        record::describe(sub, x);
    }
};

// The events of one file: a map of one key, `root`, holding a list of records
// of type T, each a map of their keys with scalar values (or maps of scalars).
template <class T>
class RecordEvents : public YAML::EventHandler {
public:
    RecordEvents(const Ctx& ctx, std::string_view root, std::vector<T>& out)
        : ctx_(ctx), root_(root), out_(out), slots_(slots_of<T>()), values_(slots_.size()) {}
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
            if (value != root_) throw GiveUp{};
            state_ = State::root_value;
            return;
        case State::item_key:
        case State::inner_key: key(value); return;
        case State::item_value:
        case State::inner_value:
            if (slot().map) throw GiveUp{};  // a map, not a text
            set(value, mark);
            state_ = state_ == State::item_value ? State::item_key : State::inner_key;
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
            for (Value& v : values_) v.present = false;
            item_mark_ = mark;
            state_ = State::item_key;
            return;
        case State::item_value:
            if (!slot().map) throw GiveUp{};
            values_[static_cast<std::size_t>(key_)].present = true;
            values_[static_cast<std::size_t>(key_)].mark = mark;
            map_ = key_;
            state_ = State::inner_key;
            return;
        default: throw GiveUp{};
        }
    }
    void OnMapEnd() override {
        switch (state_) {
        case State::root_end: state_ = State::root_done; return;
        case State::item_key: {
            T r;
            EventFields fields{ctx_, slots_, values_, item_mark_};
            record::describe(fields, r);
            out_.push_back(std::move(r));
            state_ = State::list;
            return;
        }
        case State::inner_key:
            map_ = -1;
            state_ = State::item_key;
            return;
        default: throw GiveUp{};
        }
    }

private:
    enum class State {
        start, root_key, root_value, list, item_key, item_value, inner_key, inner_value, root_end, root_done, done
    };
    const Ctx& ctx_;
    std::string_view root_;
    std::vector<T>& out_;
    const std::vector<Slot>& slots_;
    std::vector<Value> values_;  // one per slot
    State state_ = State::start;
    int key_ = 0;   // the slot of the key just read
    int map_ = -1;  // the slot of the map being read, -1: the record's
    YAML::Mark item_mark_, last_scalar_;

    const Slot& slot() const { return slots_[static_cast<std::size_t>(key_)]; }

    void set(const std::string& text, const YAML::Mark& mark) {
        Value& v = values_[static_cast<std::size_t>(key_)];
        v.present = true;
        v.text = text;
        v.mark = mark;
    }

    void key(const std::string& name) {
        const int k = find_slot(slots_, map_, name);
        if (k < 0 || values_[static_cast<std::size_t>(k)].present) throw GiveUp{};  // unknown, twice
        key_ = k;
        state_ = state_ == State::item_key ? State::item_value : State::inner_value;
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
        RecordEvents<Deal> events(ctx, "deals", deals);
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
