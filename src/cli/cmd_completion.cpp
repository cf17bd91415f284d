// salesrep completion bash|zsh|fish: shell completion scripts generated from
// the CLI11 tree (commands, options, their values), plus the hidden helpers the
// scripts call: `__ids KIND` (the book's live ids) and `__options` (every option).
#include "cli.hpp"

#include "salesrep/io.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <set>

namespace salesrep::cli {

namespace {

// What completes a value or a positional argument:
//   ""               nothing (a flag, or free text)
//   "any"            a value that nothing completes (a date, an amount)
//   "optional"       an optional value (--month [YYYY-MM]): the next word is one when it starts with a digit
//   "dirs", "files"  paths
//   "choice:A B C"   one of these words
//   "ids:KIND"       the book's ids, from `salesrep __ids KIND`
//   "deal-stages"    the stages of the deal named by the first positional
struct OptionSpec {
    std::vector<std::string> names;  // "-o", "--output"
    std::string description;
    std::string value;
};

struct PositionalSpec {
    std::string name;  // "DEAL"
    std::string value;
    bool many = false;  // takes every remaining word
};

struct CommandSpec {
    std::string name, description;
    std::vector<OptionSpec> options;
    std::vector<PositionalSpec> positionals;
};

struct CliSpec {
    std::vector<OptionSpec> globals;
    std::vector<CommandSpec> commands;
};

bool is_word(const std::string& s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) {
        return std::isalnum(c) || c == '-' || c == '_' || c == '.';
    });
}

// The words of an IsMember validator, from the option's type name "TEXT:{a,b,c}".
std::vector<std::string> choices_of(const CLI::Option* opt) {
    std::string type = opt->get_type_name();
    auto open = type.find('{'), close = type.find('}', open == std::string::npos ? 0 : open);
    std::vector<std::string> out;
    if (open == std::string::npos || close == std::string::npos) return out;
    std::string list = type.substr(open + 1, close - open - 1);
    for (std::size_t start = 0; start <= list.size();) {
        std::size_t comma = list.find(',', start);
        if (comma == std::string::npos) comma = list.size();
        std::string w = list.substr(start, comma - start);
        if (!is_word(w)) return {};
        out.push_back(w);
        start = comma + 1;
    }
    return out;
}

std::string choice(const std::vector<std::string>& words) {
    std::string out = "choice:";
    for (std::size_t i = 0; i < words.size(); ++i) out += (i ? " " : "") + words[i];
    return out;
}

std::string option_value(const CLI::Option* opt) {
    if (opt->get_items_expected_max() <= 0) return "";  // a flag
    if (auto c = choices_of(opt); !c.empty()) return choice(c);
    const auto& l = opt->get_lnames();
    auto named = [&](const char* n) { return std::find(l.begin(), l.end(), n) != l.end(); };
    if (named("agent") || named("by")) return "ids:agents";
    if (named("team")) return "ids:teams";
    if (named("stage")) return "ids:stages";
    if (named("deal")) return "ids:deals";
    if (named("client")) return "ids:clients";
    if (named("kind")) {  // journal --kind: every kind of the ledger
        std::vector<std::string> kinds;
        for (int k = 0; k < kind_count; ++k) kinds.emplace_back(kind_name(static_cast<Kind>(k)));
        return choice(kinds);
    }
    if (named("book")) return "dirs";
    if (named("output")) return "files";
    const std::string type = opt->get_type_name();
    if (type == "FILE") return "files";
    if (type == "DIR") return "dirs";
    if (opt->get_expected_min() == 0) return "optional";
    return "any";
}

std::string positional_value(const CLI::Option* opt, const std::string& previous) {
    if (auto c = choices_of(opt); !c.empty()) return choice(c);
    const std::string& n = opt->get_name();
    if (n == "DEAL") return "ids:deals";
    if (n == "CLIENT") return "ids:clients";
    if (n == "TARGET" || n == "ID") return "ids:targets";
    if (n == "STAGE") return previous == "DEAL" ? "deal-stages" : "ids:stages";
    if (n == "DIR") return "dirs";
    if (n == "FILE") return "files";
    if (n == "KIND") {  // what `log` writes: the interactions and notes
        std::vector<std::string> kinds;
        for (int k = 0; k < kind_count; ++k)
            if (is_interaction(static_cast<Kind>(k)) || static_cast<Kind>(k) == Kind::note)
                kinds.emplace_back(kind_name(static_cast<Kind>(k)));
        return choice(kinds);
    }
    return "";
}

std::vector<OptionSpec> options_of(CLI::App* app) {
    std::vector<OptionSpec> out;
    for (CLI::Option* opt : app->get_options()) {
        if (!opt->nonpositional()) continue;
        OptionSpec o;
        for (const auto& s : opt->get_snames()) o.names.push_back("-" + s);
        for (const auto& l : opt->get_lnames()) o.names.push_back("--" + l);
        o.description = opt->get_description();
        o.value = option_value(opt);
        out.push_back(std::move(o));
    }
    return out;
}

bool hidden(const CLI::App* sub) { return sub->get_group().empty(); }

CliSpec spec_of(CLI::App& app) {
    CliSpec spec;
    spec.globals = options_of(&app);
    for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
        if (hidden(sub)) continue;
        CommandSpec c;
        c.name = sub->get_name();
        c.description = sub->get_description();
        c.options = options_of(sub);
        std::string previous;
        for (CLI::Option* opt : sub->get_options()) {
            if (!opt->get_positional() || opt->nonpositional()) continue;
            c.positionals.push_back({opt->get_name(), positional_value(opt, previous), opt->get_items_expected_max() > 1});
            previous = opt->get_name();
        }
        spec.commands.push_back(std::move(c));
    }
    return spec;
}

std::string single_quoted(const std::string& s) {
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

std::string names_joined(const std::vector<std::string>& names, const char* sep) {
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i) out += (i ? sep : "") + names[i];
    return out;
}

// ---- the case tables both bash and zsh run ------------------------------------

// Each option that takes a value as an arm of a shell's case/switch: `arm`
// of its patterns joined by `sep` ("COMMAND OPTION" for a command's option,
// `global_pattern` of each name for a global one) and its quoted value kind.
template <class Pattern, class Arm>
std::string value_arms(const CliSpec& spec, const char* sep, Pattern global_pattern, Arm arm) {
    std::string out;
    auto add = [&](const OptionSpec& o, auto pattern) {
        if (o.value.empty()) return;
        std::vector<std::string> pats;
        for (const auto& n : o.names) pats.push_back(pattern(n));
        out += arm(names_joined(pats, sep), single_quoted(o.value));
    };
    for (const CommandSpec& c : spec.commands)
        for (const OptionSpec& o : c.options)
            add(o, [&c](const std::string& n) { return single_quoted(c.name + " " + n); });
    for (const OptionSpec& o : spec.globals) add(o, global_pattern);
    return out;
}

std::string value_function(const CliSpec& spec) {
    std::string out = "# What completes the value of an option (any, optional, dirs, files, choice:WORDS,\n"
                      "# ids:KIND, deal-stages); nothing for a flag.\n"
                      "_salesrep_value() {\n    case \"$2 $1\" in\n";
    out += value_arms(
        spec, "|", [](const std::string& n) { return "*" + single_quoted(" " + n); },
        [](const std::string& pats, const std::string& value) { return fmt::format("        {}) echo {} ;;\n", pats, value); });
    return out + "    esac\n}\n";
}

std::string positional_function(const CliSpec& spec) {
    std::string out = "# What the Nth positional argument of a command is.\n"
                      "_salesrep_positional() {\n    case \"$1 $2\" in\n";
    for (const CommandSpec& c : spec.commands) {
        std::string many;
        for (std::size_t i = 0; i < c.positionals.size(); ++i) {
            const PositionalSpec& p = c.positionals[i];
            if (p.value.empty()) continue;
            if (p.many) many = fmt::format("        {}*) echo {} ;;\n", single_quoted(c.name + " "), single_quoted(p.value));
            else out += fmt::format("        {}) echo {} ;;\n", single_quoted(fmt::format("{} {}", c.name, i)),
                                    single_quoted(p.value));
        }
        out += many;
    }
    return out + "    esac\n}\n";
}

std::string option_words(const CommandSpec* c, const CliSpec& spec) {
    std::vector<std::string> words;
    if (c)
        for (const OptionSpec& o : c->options) words.insert(words.end(), o.names.begin(), o.names.end());
    for (const OptionSpec& o : spec.globals)
        for (const auto& n : o.names)
            if (!c || (n != "-h" && n != "--help")) words.push_back(n);
    return names_joined(words, " ");
}

std::string options_function(const CliSpec& spec) {
    std::string out = "# The options valid after a command (its own, then the global ones).\n"
                      "_salesrep_options() {\n    case \"$1\" in\n";
    for (const CommandSpec& c : spec.commands)
        out += fmt::format("        {}) echo {} ;;\n", single_quoted(c.name), single_quoted(option_words(&c, spec)));
    out += fmt::format("        *) echo {} ;;\n", single_quoted(option_words(nullptr, spec)));
    return out + "    esac\n}\n";
}

std::string command_words(const CliSpec& spec) {
    std::vector<std::string> words;
    for (const CommandSpec& c : spec.commands) words.push_back(c.name);
    return names_joined(words, " ");
}

// ---- bash -----------------------------------------------------------------------

std::string bash_script(const CliSpec& spec) {
    std::string out = R"SH(# bash completion for salesrep                            -*- shell-script -*-
# Generated by 'salesrep completion bash'. Load it in ~/.bashrc with
#     source <(salesrep completion bash)
# or save it as ~/.local/share/bash-completion/completions/salesrep.
# Ids (deals, clients, agents, stages, teams) come from the book that the command
# line names with -C, else $SALESREP_BOOK, else the one around the working directory.

)SH";
    out += "_salesrep_commands=" + single_quoted(command_words(spec)) + "\n\n";
    out += value_function(spec) + "\n" + positional_function(spec) + "\n" + options_function(spec);
    out += R"SH(
# Prints the ids of a kind, from the book the command line names (silent on errors).
_salesrep_ids() {
    local bin=$_salesrep_bin book=$_salesrep_book
    [[ $bin == "~/"* ]] && bin=$HOME/${bin#"~/"}
    [[ $book == "~/"* ]] && book=$HOME/${book#"~/"}
    if [[ -n $book ]]; then
        "$bin" -C "$book" __ids "$@" 2>/dev/null
    else
        "$bin" __ids "$@" 2>/dev/null
    fi
}

# Sets COMPREPLY to what completes CUR as a value of KIND.
_salesrep_complete_value() {
    local kind=$1 cur=$2 ids
    case $kind in
        dirs)
            compopt -o filenames 2>/dev/null
            COMPREPLY=($(compgen -d -- "$cur")) ;;
        files)
            compopt -o filenames 2>/dev/null
            COMPREPLY=($(compgen -f -- "$cur")) ;;
        choice:*)
            COMPREPLY=($(compgen -W "${kind#choice:}" -- "$cur")) ;;
        ids:*)
            ids=$(_salesrep_ids ${kind#ids:})
            COMPREPLY=($(compgen -W "$ids" -- "$cur")) ;;
        deal-stages)
            ids=$(_salesrep_ids stages "${_salesrep_pos[0]}")
            COMPREPLY=($(compgen -W "$ids" -- "$cur")) ;;
        *)
            COMPREPLY=() ;;
    esac
}

_salesrep() {
    # Words as the user sees them: bash splits "--book=DIR" and "14:30" at = and :.
    local -a words=()
    local cword=0 j w joined=0
    for ((j = 0; j < ${#COMP_WORDS[@]}; j++)); do
        w=${COMP_WORDS[j]}
        if ((j > 0)) && [[ $w == "=" || $w == ":" || $joined == 1 ]]; then
            words[${#words[@]}-1]+=$w
            [[ $w == "=" || $w == ":" ]] && joined=1 || joined=0
        else
            words+=("$w")
            joined=0
        fi
        ((j == COMP_CWORD)) && cword=$((${#words[@]} - 1))
    done
    local cur=${words[cword]} cmd="" kind="" pending="" i
    _salesrep_bin=${words[0]}
    _salesrep_book=""
    _salesrep_pos=()
    for ((i = 1; i < cword; i++)); do
        w=${words[i]}
        case $w in
            --book=*) _salesrep_book=${w#--book=} ;;
            --*=*) ;;
            -?*)
                kind=$(_salesrep_value "$w" "$cmd")
                case $kind in
                    "") ;;
                    optional) [[ ${words[i+1]} == [0-9]* ]] && ((i++)) ;;
                    *)
                        if ((i + 1 == cword)); then pending=$kind; break; fi
                        [[ $w == -C || $w == --book ]] && _salesrep_book=${words[i+1]}
                        ((i++)) ;;
                esac ;;
            *)
                if [[ -z $cmd ]]; then cmd=$w; else _salesrep_pos+=("$w"); fi ;;
        esac
    done
    if [[ -n $pending ]]; then
        _salesrep_complete_value "$pending" "$cur"
    elif [[ $cur == --*=* ]]; then
        _salesrep_complete_value "$(_salesrep_value "${cur%%=*}" "$cmd")" "${cur#*=}"
    elif [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$(_salesrep_options "$cmd")" -- "$cur"))
    elif [[ -z $cmd ]]; then
        COMPREPLY=($(compgen -W "$_salesrep_commands" -- "$cur"))
    else
        _salesrep_complete_value "$(_salesrep_positional "$cmd" ${#_salesrep_pos[@]})" "$cur"
    fi
    return 0
}

complete -F _salesrep salesrep
)SH";
    return out;
}

// ---- zsh ------------------------------------------------------------------------

std::string zsh_described(const std::string& word, const std::string& description) {
    std::string w;
    for (char c : word) w += c == ':' ? std::string("\\:") : std::string(1, c);
    return single_quoted(w + ":" + description);
}

std::string zsh_script(const CliSpec& spec) {
    std::string out = R"SH(#compdef salesrep
# zsh completion for salesrep. Generated by 'salesrep completion zsh'. Save it as
# _salesrep in a directory of $fpath (before compinit runs), or, after compinit,
#     source <(salesrep completion zsh)
# Ids (deals, clients, agents, stages, teams) come from the book that the command
# line names with -C, else $SALESREP_BOOK, else the one around the working directory.

)SH";
    out += value_function(spec) + "\n" + positional_function(spec) + "\n";
    out += "# Commands and options with their descriptions, for _describe.\n_salesrep_described() {\n"
           "    case \"$1\" in\n        '')\n            reply=(\n";
    for (const CommandSpec& c : spec.commands) out += "                " + zsh_described(c.name, c.description) + "\n";
    out += "            ) ;;\n";
    auto option_lines = [&](const std::vector<OptionSpec>& opts, bool skip_help) {
        std::string lines;
        for (const OptionSpec& o : opts)
            for (const auto& n : o.names)
                if (!skip_help || (n != "-h" && n != "--help"))
                    lines += "                " + zsh_described(n, o.description) + "\n";
        return lines;
    };
    for (const CommandSpec& c : spec.commands)
        out += "        " + single_quoted("-" + c.name) + ")\n            reply=(\n" + option_lines(c.options, false) +
               option_lines(spec.globals, true) + "            ) ;;\n";
    out += "        *)\n            reply=(\n" + option_lines(spec.globals, false) + "            ) ;;\n";
    out += "    esac\n}\n";
    out += R"SH(
_salesrep_ids() {
    local bin=${~_salesrep_bin} book=${~_salesrep_book}
    if [[ -n $book ]]; then
        "$bin" -C "$book" __ids "$@" 2>/dev/null
    else
        "$bin" __ids "$@" 2>/dev/null
    fi
}

_salesrep_complete_value() {
    local kind=$1
    local -a items
    case $kind in
        dirs) _files -/ ;;
        files) _files ;;
        choice:*) items=(${=kind#choice:}); compadd -a items ;;
        ids:*) items=(${(f)"$(_salesrep_ids ${kind#ids:})"}); compadd -a items ;;
        deal-stages) items=(${(f)"$(_salesrep_ids stages "$_salesrep_pos[1]")"}); compadd -a items ;;
        *) return 1 ;;
    esac
}

_salesrep() {
    local cur=$words[CURRENT] cmd="" kind="" pending="" w i
    local -a reply
    _salesrep_bin=$words[1]
    _salesrep_book=""
    _salesrep_pos=()
    for ((i = 2; i < CURRENT; i++)); do
        w=$words[i]
        case $w in
            --book=*) _salesrep_book=${w#--book=} ;;
            --*=*) ;;
            -?*)
                kind=$(_salesrep_value "$w" "$cmd")
                case $kind in
                    "") ;;
                    optional) [[ $words[i+1] == [0-9]* ]] && ((i++)) ;;
                    *)
                        if ((i + 1 == CURRENT)); then pending=$kind; break; fi
                        [[ $w == -C || $w == --book ]] && _salesrep_book=$words[i+1]
                        ((i++)) ;;
                esac ;;
            *)
                if [[ -z $cmd ]]; then cmd=$w; else _salesrep_pos+=("$w"); fi ;;
        esac
    done
    if [[ -n $pending ]]; then
        _salesrep_complete_value "$pending"
    elif [[ $cur == --*=* ]]; then
        kind=$(_salesrep_value "${cur%%=*}" "$cmd")
        compset -P '*='
        _salesrep_complete_value "$kind"
    elif [[ $cur == -* ]]; then
        _salesrep_described "-$cmd"
        _describe -t options 'option' reply
    elif [[ -z $cmd ]]; then
        _salesrep_described ''
        _describe -t commands 'command' reply
    else
        _salesrep_complete_value "$(_salesrep_positional "$cmd" $#_salesrep_pos)"
    fi
}

if [[ $funcstack[1] == _salesrep ]]; then
    _salesrep "$@"
else
    compdef _salesrep salesrep
fi
)SH";
    return out;
}

// ---- fish -----------------------------------------------------------------------

std::string fish_script(const CliSpec& spec) {
    std::string out = R"SH(# fish completion for salesrep. Generated by 'salesrep completion fish'. Save it as
# ~/.config/fish/completions/salesrep.fish, or load it with
#     salesrep completion fish | source
# Ids (deals, clients, agents, stages, teams) come from the book that the command
# line names with -C, else $SALESREP_BOOK, else the one around the working directory.

)SH";
    // The same tables, in fish's syntax.
    out += "function __salesrep_value --description 'The value an option takes (OPTION COMMAND)'\n"
           "    switch \"$argv[2] $argv[1]\"\n";
    out += value_arms(
        spec, " ", [](const std::string& n) { return single_quoted("* " + n); },
        [](const std::string& pats, const std::string& value) {
            return fmt::format("        case {}\n            echo {}\n", pats, value);
        });
    out += "    end\nend\n\n";
    out += R"SH(# Prints the command, the book (-C) and the positional arguments of the command line, one a line.
function __salesrep_parse
    set -l toks (commandline -opc)
    set -l cmd ''
    set -l book ''
    set -l pos
    set -l n (count $toks)
    set -l i 2
    while test $i -le $n
        set -l w $toks[$i]
        switch $w
            case '--book=*'
                set book (string replace -- '--book=' '' $w)
            case '--*=*'
            case '-?*'
                set -l kind (__salesrep_value $w "$cmd")
                if test "$kind" = optional
                    if test $i -lt $n; and string match -qr '^[0-9]' -- $toks[(math $i + 1)]
                        set i (math $i + 1)
                    end
                else if test -n "$kind"
                    if test $i -lt $n
                        if contains -- $w -C --book
                            set book $toks[(math $i + 1)]
                        end
                    end
                    set i (math $i + 1)
                end
            case '*'
                if test -z "$cmd"
                    set cmd $w
                else
                    set -a pos $w
                end
        end
        set i (math $i + 1)
    end
    printf '%s\n' "$cmd" "$book" $pos
end

function __salesrep_needs_command
    set -l p (__salesrep_parse)
    test -z "$p[1]"
end

function __salesrep_using --description 'The command line runs this command'
    set -l p (__salesrep_parse)
    test "$p[1]" = "$argv[1]"
end

function __salesrep_positional --description 'COMMAND N: the word completed is the Nth positional (from 0); N+: or later'
    set -l p (__salesrep_parse)
    test "$p[1]" = "$argv[1]"; or return 1
    string match -q -- '-*' (commandline -ct); and return 1
    set -l have (math (count $p) - 2)
    if string match -q -- '*+' $argv[2]
        test $have -ge (string trim -r -c + -- $argv[2])
    else
        test $have -eq $argv[2]
    end
end

function __salesrep_ids --description 'The ids of a kind, from the book the command line names'
    set -l toks (commandline -opc)
    set -l p (__salesrep_parse)
    set -l bin (string replace -r '^~/' "$HOME/" -- $toks[1])
    set -l args __ids $argv
    if test "$argv[1]" = deal-stages
        set args __ids stages $p[3]
    end
    if test -n "$p[2]"
        $bin -C (string replace -r '^~/' "$HOME/" -- $p[2]) $args 2>/dev/null
    else
        $bin $args 2>/dev/null
    end
end

complete -c salesrep -f
)SH";
    auto fish_value_args = [](const std::string& value) -> std::string {
        if (value.rfind("choice:", 0) == 0) return " -x -a " + single_quoted(value.substr(7));
        if (value.rfind("ids:", 0) == 0) return " -x -a " + single_quoted("(__salesrep_ids " + value.substr(4) + ")");
        if (value == "deal-stages") return " -x -a '(__salesrep_ids deal-stages)'";
        if (value == "dirs") return " -x -a '(__fish_complete_directories (commandline -ct))'";
        if (value == "files") return " -r -F";
        if (value == "any") return " -x";
        return "";
    };
    auto fish_option = [&](const OptionSpec& o, const std::string& condition) {
        std::string line = "complete -c salesrep" + condition;
        for (const auto& n : o.names) line += n.rfind("--", 0) == 0 ? " -l " + n.substr(2) : " -s " + n.substr(1);
        return line + fish_value_args(o.value) + " -d " + single_quoted(o.description) + "\n";
    };
    out += "\n# Commands\n";
    for (const CommandSpec& c : spec.commands)
        out += "complete -c salesrep -n __salesrep_needs_command -a " + single_quoted(c.name) + " -d " +
               single_quoted(c.description) + "\n";
    out += "\n# Global options\n";
    for (const OptionSpec& o : spec.globals) out += fish_option(o, "");
    for (const CommandSpec& c : spec.commands) {
        out += "\n# " + c.name + "\n";
        const std::string cond = " -n " + single_quoted("__salesrep_using " + c.name);
        for (const OptionSpec& o : c.options) {
            if (std::find(o.names.begin(), o.names.end(), "--help") != o.names.end()) continue;  // global already
            out += fish_option(o, cond);
        }
        for (std::size_t i = 0; i < c.positionals.size(); ++i) {
            const PositionalSpec& p = c.positionals[i];
            if (p.value.empty()) continue;
            std::string args = fish_value_args(p.value);
            if (p.value == "files" || p.value == "dirs") args = " -a '(__fish_complete_directories (commandline -ct))'";
            out += fmt::format("complete -c salesrep -n {}{}\n",
                               single_quoted(fmt::format("__salesrep_positional {} {}{}", c.name, i, p.many ? "+" : "")),
                               args);
        }
    }
    return out;
}

// ---- __ids and __options ----------------------------------------------------------

int run_ids(const Globals& g, const std::vector<std::string>& args) {
    static const std::set<std::string> kinds{"deals", "clients", "agents", "stages", "teams", "targets", "pipelines"};
    if (args.empty() || !kinds.count(args[0])) return 2;
    BookLocation loc = find_book(g.book, std::getenv("SALESREP_BOOK"));
    if (!loc.error.empty()) return 1;
    Diags ignored;  // silent: a book with mistakes still has ids to complete
    Book b = load_book(loc.root, ignored);
    std::vector<std::string> out;
    auto add = [&](const std::string& id) {
        if (!id.empty() && std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
    };
    const std::string& kind = args[0];
    if (kind == "deals" || kind == "targets")
        for (const auto& d : b.deals) add(d.id);
    if (kind == "clients" || kind == "targets")
        for (const auto& c : b.clients) add(c.id);
    if (kind == "agents")
        for (const auto& a : b.agents) add(a.id);
    if (kind == "teams")
        for (const auto& t : b.teams) add(t.id);
    if (kind == "pipelines")
        for (const auto& p : b.pipelines) add(p.id);
    if (kind == "stages") {
        const Deal* d = args.size() > 1 ? b.deal(args[1]) : nullptr;
        int only = d ? b.pipeline_of(*d) : -1;
        for (std::size_t p = 0; p < b.pipelines.size(); ++p)
            if (only < 0 || static_cast<int>(p) == only)
                for (const auto& s : b.pipelines[p].stages) add(s.id);
    }
    std::string text;
    for (const auto& id : out) text += id + "\n";
    std::fwrite(text.data(), 1, text.size(), stdout);
    return 0;
}

// One line per command (its name alone), and one per option: the command
// ("salesrep" for the global options), the option's names, and the words it
// takes as {a,b,c} when it takes one of a list.
std::string options_dump(const CliSpec& spec) {
    auto line = [](const std::string& cmd, const OptionSpec& o) {
        std::string out = cmd + " " + names_joined(o.names, " ");
        if (o.value.rfind("choice:", 0) == 0) {
            std::string words = o.value.substr(7);
            std::replace(words.begin(), words.end(), ' ', ',');
            out += " {" + words + "}";
        }
        return out + "\n";
    };
    std::string out;
    for (const OptionSpec& o : spec.globals) out += line("salesrep", o);
    for (const CommandSpec& c : spec.commands) {
        out += c.name + "\n";
        for (const OptionSpec& o : c.options) out += line(c.name, o);
    }
    return out;
}

}  // namespace

void setup_completion(CLI::App& app, Globals& g) {
    auto shell = std::make_shared<std::string>();
    CLI::App* sub = app.add_subcommand("completion", "Print a shell completion script (bash, zsh or fish)");
    sub->footer(
        "Completes commands, options, option values (--format, --agent, --team, --by,\n"
        "--stage, -C, -o) and the book's ids where a command takes one (deals, clients,\n"
        "stages, agents, teams), read at completion time from the book that the command\n"
        "line names (-C), else $SALESREP_BOOK, else the one around the working directory.\n\n"
        "Examples:\n"
        "  source <(salesrep completion bash)                       # in ~/.bashrc\n"
        "  salesrep completion zsh > ~/.zfunc/_salesrep             # with fpath+=(~/.zfunc) before compinit\n"
        "  salesrep completion fish > ~/.config/fish/completions/salesrep.fish");
    sub->add_option("SHELL", *shell, "The shell: bash, zsh or fish")->required()->check(CLI::IsMember({"bash", "zsh", "fish"}));
    sub->callback([&app, shell] {
        CliSpec spec = spec_of(app);
        std::string text = *shell == "bash" ? bash_script(spec) : *shell == "zsh" ? zsh_script(spec) : fish_script(spec);
        emit(text, "");
        throw Exit{0};
    });

    // Hidden helpers for the scripts and the tests.
    auto args = std::make_shared<std::vector<std::string>>();
    CLI::App* ids = app.add_subcommand("__ids", "The book's ids of a kind, one a line (for completion scripts)");
    ids->group("");
    ids->add_option("KIND", *args, "deals, clients, agents, stages [DEAL], teams, targets or pipelines");
    ids->callback([&g, args] { throw Exit{run_ids(g, *args)}; });

    CLI::App* opts = app.add_subcommand("__options", "Every command and its options, one option a line");
    opts->group("");
    opts->callback([&app] {
        emit(options_dump(spec_of(app)), "");
        throw Exit{0};
    });
}

}  // namespace salesrep::cli
