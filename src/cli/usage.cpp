// Errors of the command line: an unknown command or option gets a "did you
// mean", a missing argument names what it expects with the command's usage
// and an example, and every message ends with the command's own --help line.
#include "cli.hpp"

#include "salesrep/diagnostic.hpp"

#include <fmt/format.h>

#include <cctype>
#include <optional>

namespace salesrep::cli {

namespace {

bool is_negative_number(std::string_view a) {
    return a.size() > 1 && a[0] == '-' && (std::isdigit(static_cast<unsigned char>(a[1])) || a[1] == '.');
}

// "--limit=5" -> "--limit"; "-o" -> "-o".
std::string option_name(std::string_view a) {
    const std::size_t eq = a.find('=');
    return std::string(a.substr(0, a.rfind("--", 0) == 0 && eq != std::string_view::npos ? eq : a.size()));
}

// The option `a` names on `app` (or on the app's parent: the global options).
const CLI::Option* find_option(const CLI::App& app, const std::string& name) {
    for (const CLI::App* a = &app; a; a = a->get_parent())
        if (const CLI::Option* o = a->get_option_no_throw(name); o && o->nonpositional()) return o;
    return nullptr;
}

// Whether the option consumes the next word as its value (not given as --x=v).
bool takes_next(const CLI::Option* o, std::string_view arg) {
    return o->get_items_expected_max() > 0 && o->get_expected_min() > 0 && arg.find('=') == std::string_view::npos;
}

// Every long option of the command and the global ones, for "did you mean".
std::vector<std::string> long_names(const CLI::App& app) {
    std::vector<std::string> out;
    for (const CLI::App* a = &app; a; a = a->get_parent())
        for (const CLI::Option* o : a->get_options())
            for (const std::string& l : o->get_lnames()) out.push_back("--" + l);
    return out;
}

struct Words {
    CLI::App* command = nullptr;  // the command named on the line, if any
    int command_at = 0;           // its index in argv
    std::string unknown;          // the first unknown option, if any
    std::string stray;            // a word where the command should be that names none
};

// Reads the line as the parser will: global options (with their values), the
// command, then its words; notes the first option that neither knows.
Words read_words(CLI::App& app, int argc, char** argv) {
    Words w;
    CLI::App* scope = &app;
    for (int i = 1; i < argc; ++i) {
        const std::string_view a = argv[i];
        if (a == "--") break;
        if (a.size() > 1 && a[0] == '-' && !is_negative_number(a)) {
            const std::string name = option_name(a);
            const CLI::Option* o = find_option(*scope, name);
            if (!o && a.rfind("--", 0) != 0 && a.size() > 2) o = find_option(*scope, std::string(a.substr(0, 2)));  // -ofile
            if (!o) {
                if (w.unknown.empty()) w.unknown = name;
                continue;
            }
            if (takes_next(o, a) && (a.rfind("--", 0) == 0 || a.size() == 2)) ++i;
            continue;
        }
        if (scope == &app) {
            for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; }))
                if (sub->get_name() == a) {
                    w.command = sub;
                    w.command_at = i;
                    scope = sub;
                }
            if (scope == &app) {
                w.stray = std::string(a);
                return w;
            }
        }
    }
    return w;
}

std::string help_line(const Words& w) {
    return w.command ? fmt::format("Run 'salesrep {} --help' for its options and examples.", w.command->get_name())
                     : std::string("Run 'salesrep --help' for the list of commands and the global options.");
}

// "salesrep next DEAL DATE \"WHAT\"": the command's positionals as it wants them.
std::string synopsis(const CLI::App& sub) {
    std::string out = "salesrep " + sub.get_name();
    for (const CLI::Option* o : sub.get_options()) {
        if (o->nonpositional()) continue;
        std::string name = o->get_name();
        if (name == "WHAT" || name == "NOTE" || name == "TITLE") name = "\"" + name + "\"";
        if (o->get_items_expected_max() > 1 && name != "\"WHAT\"") name += "...";
        out += " " + (o->get_required() ? name : "[" + name + "]");
    }
    return out;
}

// The first example of the command's footer ("Examples:" then indented lines).
std::string first_example(const CLI::App& sub) {
    const std::string footer = sub.get_footer();
    const std::size_t at = footer.find("Examples:\n");
    if (at == std::string::npos) return {};
    std::size_t from = at + 10;
    while (from < footer.size() && footer[from] == ' ') ++from;
    return footer.substr(from, footer.find('\n', from) - from);
}

}  // namespace

int check_command_name(CLI::App& app, int argc, char** argv) {
    const Words w = read_words(app, argc, argv);
    if (w.command) return 0;  // the command's own errors: usage_failure, after parsing
    if (!w.unknown.empty()) {
        const std::vector<std::string> longs = long_names(app);
        print_error(fmt::format("unknown option '{}'{}\n{}", w.unknown,
                                suggestion_suffix(w.unknown, {longs.begin(), longs.end()}), help_line(w)));
        return 2;
    }
    if (w.stray.empty()) return 0;  // no command at all: the parser says so
    std::vector<std::string_view> names;
    for (const CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) names.push_back(sub->get_name());
    print_error(fmt::format("unknown command '{}'{}\nRun 'salesrep --help' for the list of commands.", w.stray,
                            suggestion_suffix(w.stray, names)));
    return 2;
}

int usage_failure(CLI::App& app, const CLI::ParseError& e, int argc, char** argv) {
    const Words w = read_words(app, argc, argv);
    std::string message = e.what();
    if (!w.unknown.empty() && w.command) {
        const std::vector<std::string> longs = long_names(*w.command);
        message = fmt::format("unknown option '{}' for '{}'{}", w.unknown, w.command->get_name(),
                              suggestion_suffix(w.unknown, {longs.begin(), longs.end()}));
    } else if (const auto* req = dynamic_cast<const CLI::RequiredError*>(&e); req && w.command) {
        // "DATE is required": a positional argument is missing
        const std::string what = message.substr(0, message.find(" is required"));
        const CLI::Option* o = w.command->get_option_no_throw(what);
        if (o && !o->nonpositional()) {
            message = fmt::format("'{}' needs {}{}\nUsage: {}", w.command->get_name(), what,
                                  o->get_description().empty() ? "" : " (" + o->get_description() + ")",
                                  synopsis(*w.command));
            if (std::string ex = first_example(*w.command); !ex.empty()) message += "\nExample: " + ex;
        }
    } else if (dynamic_cast<const CLI::ExtrasError*>(&e) && w.command) {
        // "The following argument was not expected: b"
        const std::size_t colon = message.find(": ");
        message = fmt::format("'{}' got more arguments than it takes: {}\nUsage: {}", w.command->get_name(),
                              colon == std::string::npos ? message : message.substr(colon + 2), synopsis(*w.command));
    } else if (dynamic_cast<const CLI::ArgumentMismatch*>(&e) && message.find(" missing") != std::string::npos) {
        // "--format: 1 required TEXT:{table,md,csv,json} missing": an option without its value
        const std::string name = message.substr(0, message.find(':'));
        const CLI::Option* o = find_option(w.command ? *w.command : app, name);
        std::string type = o ? o->get_type_name() : std::string();
        if (type.rfind("TEXT:", 0) == 0) type = type.substr(5);
        std::string what = "a value";
        if (type.size() > 2 && type.front() == '{' && type.back() == '}') {
            what = "one of " + type.substr(1, type.size() - 2);
            for (std::size_t c = what.find(','); c != std::string::npos; c = what.find(',', c + 2)) what.insert(c + 1, " ");
        } else if (!type.empty() && type != "TEXT") {
            what += " (" + type + ")";
        }
        message = fmt::format("{} needs {} after it", name, what);
    } else if (dynamic_cast<const CLI::RequiredError*>(&e) && !w.command) {
        message = "no command given: salesrep [GLOBAL OPTIONS] COMMAND [OPTIONS] [ARGUMENTS]";
    }
    print_error(fmt::format("{}\n{}", message, help_line(w)));
    return 2;
}

CLI::Validator whole_number(long long max) {
    return CLI::Validator(
        [max](std::string& text) -> std::string {
            std::string_view s = text;
            if (!s.empty() && s[0] == '+') s.remove_prefix(1);
            const bool negative = !s.empty() && s[0] == '-';
            if (negative) s.remove_prefix(1);
            const bool digits = !s.empty() && s.size() <= 18 &&
                                s.find_first_not_of("0123456789") == std::string_view::npos;
            if (!digits) return fmt::format("'{}' is not a whole number; write a number from 0 to {}", text, max);
            if (negative && s.find_first_not_of('0') != std::string_view::npos)
                return fmt::format("must be 0 or more, found {}", text);
            if (std::stoll(std::string(s)) > max) return fmt::format("must be at most {}, found {}", max, text);
            return {};
        },
        "", "whole number");
}

}  // namespace salesrep::cli
