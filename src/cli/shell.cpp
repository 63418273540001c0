// `speclint man` and `speclint completion bash|zsh`: the man page and the shell completions,
// written from the CLI11 definition itself, so that the files the build installs cannot drift
// from the options speclint accepts. Both commands are hidden from `--help`.

#include <algorithm>
#include <iostream>
#include <memory>
#include <span>
#include <sstream>

#include <fmt/format.h>

#include "commands.hpp"
#include "speclint/export.hpp"
#include "speclint/report.hpp"
#include "speclint/rule.hpp"
#include "speclint/version.hpp"

namespace speclint::cli {

namespace {

// One option or positional argument as the man page and the completions need it.
struct option_view {
  std::vector<std::string> names;  // "-f", "--format"; empty for a positional
  std::string positional;          // the positional's name
  std::string metavar;             // what its value is called; empty for a flag
  std::string description;
  std::vector<std::string> choices;  // the values it accepts, when they are a closed set
  bool rule_id = false;              // its value is a rule id
};

// One command (the program itself, a subcommand or a sub-subcommand).
struct command_view {
  std::string path;  // "speclint", "speclint check", "speclint baseline write"
  std::string description;
  std::vector<option_view> options;
  std::vector<command_view> subcommands;
};

bool hidden(const CLI::App* a) {
  return a->get_group().empty();
}

// The values of an option whose set CLI11 does not know (it is checked where it is used).
std::vector<std::string> known_choices(const std::string& command, const std::string& name) {
  auto list = [](std::span<const std::string_view> s) {
    return std::vector<std::string>(s.begin(), s.end());
  };
  if (name == "--format") {
    if (command == "speclint check") return list(report_formats());
    if (command == "speclint export") return list(export_formats());
    if (command == "speclint graph") return {"mermaid", "dot"};
    if (command == "speclint verify") return {"text", "json"};
  }
  if (command == "speclint graph" && name == "what") return {"tasks"};
  return {};
}

// CLI11 appends a set validator to the type name as `TYPE:{a,b,c}`.
std::vector<std::string> validator_choices(const CLI::Option* o) {
  std::vector<std::string> out;
  std::string type = o->get_type_name();
  std::size_t open = type.find(":{");
  if (open == std::string::npos || type.back() != '}') return out;
  std::stringstream in(type.substr(open + 2, type.size() - open - 3));
  for (std::string v; std::getline(in, v, ',');) out.push_back(v);
  return out;
}

std::string metavar(const CLI::Option* o) {
  std::string type = o->get_type_name();
  type = type.substr(0, type.find(':'));
  if (type == "UINT" || type == "INT") return "N";
  if (type != "TEXT" || o->get_lnames().empty()) return type;
  std::string name = o->get_lnames().front();
  std::transform(name.begin(), name.end(), name.begin(), [](char c) {
    return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
  });
  return name;
}

command_view view(CLI::App& app, const std::string& path) {
  command_view c{path, app.get_description(), {}, {}};
  for (CLI::Option* o : app.get_options()) {
    option_view v;
    if (!o->nonpositional()) {
      v.positional = o->get_name(true);
    } else {
      for (const auto& s : o->get_snames()) v.names.push_back("-" + s);
      for (const auto& l : o->get_lnames()) v.names.push_back("--" + l);
    }
    if (o->get_type_size_max() > 0) v.metavar = metavar(o);
    v.description = o->get_description();
    v.choices = validator_choices(o);
    if (v.choices.empty())
      v.choices = known_choices(path, v.names.empty() ? v.positional : v.names.back());
    v.rule_id = v.positional == "rule" || (!v.names.empty() && v.names.back() == "--rule");
    c.options.push_back(std::move(v));
  }
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; }))
    if (!hidden(sub)) c.subcommands.push_back(view(*sub, path + " " + sub->get_name()));
  return c;
}

// Whether an option's value is a path: not a count, a connection string or a git ref.
bool takes_files(const option_view& o) {
  return o.choices.empty() && !o.rule_id && o.metavar != "N" && o.metavar != "DATABASE" &&
         o.metavar != "REF";
}

std::string last_word(const std::string& path) {
  return path.substr(path.rfind(' ') + 1);
}

// --- man page ------------------------------------------------------------------------------

// Text for roff: backslashes escaped, and no line may start with a control character.
std::string roff(std::string_view s) {
  std::string out;
  bool line_start = true;
  for (char ch : s) {
    if (line_start && (ch == '.' || ch == '\'')) out += "\\&";
    line_start = ch == '\n';
    if (ch == '\\')
      out += "\\e";
    else
      out += ch;
  }
  return out;
}

// Command and option names: a hyphen there is a minus sign, so that it can be copied.
std::string roff_name(std::string_view s) {
  std::string out;
  for (char ch : s) {
    if (ch == '-') out += '\\';
    out += ch;
  }
  return out;
}

void write_man_command(std::ostream& out, const command_view& c) {
  bool has_sub = !c.subcommands.empty();
  if (c.path != "speclint" && !has_sub) {
    std::string usage;
    for (const auto& o : c.options)
      if (!o.positional.empty()) usage += fmt::format(" [\\fI{}\\fR]", roff_name(o.positional));
    out << ".SS \"" << roff_name(c.path) << "\"\n"
        << ".B " << roff_name(c.path) << usage << " [\\fIoptions\\fR]\n.br\n"
        << roff(c.description) << "\n";
    for (const auto& o : c.options) {
      if (o.names.size() == 2 && o.names[1] == "--help") continue;
      out << ".TP\n";
      if (o.names.empty()) {
        out << "\\fI" << roff_name(o.positional) << "\\fR\n";
      } else {
        std::string names;
        for (const auto& n : o.names)
          names += (names.empty() ? "" : ", ") + fmt::format("\\fB{}\\fR", roff_name(n));
        if (!o.metavar.empty()) names += fmt::format(" \\fI{}\\fR", roff_name(o.metavar));
        out << names << "\n";
      }
      out << roff(o.description);
      if (!o.choices.empty() && o.description.find(o.choices.front()) == std::string::npos) {
        std::string values;
        for (const auto& v : o.choices) values += (values.empty() ? "" : ", ") + v;
        out << " (" << roff(values) << ")";
      }
      out << "\n";
    }
  }
  for (const auto& s : c.subcommands) write_man_command(out, s);
}

void write_man(std::ostream& out, CLI::App& root) {
  command_view c = view(root, "speclint");
  out << ".\\\" Generated by `speclint man` from speclint's own command-line definition.\n"
      << ".TH SPECLINT 1 \"\" \"speclint " << version << "\" \"User Commands\"\n"
      << ".SH NAME\nspeclint \\- lint database storage specifications written in Markdown\n"
      << ".SH SYNOPSIS\n"
      << ".B speclint\n[\\fIPATH\\fR...] [\\fIoptions\\fR]\n.br\n"
      << ".B speclint\n\\fICOMMAND\\fR [\\fIarguments\\fR] [\\fIoptions\\fR]\n"
      << ".br\n.B speclint \\-\\-version\n"
      << ".SH DESCRIPTION\n";
  std::string paragraphs = c.description + "\n\n";
  for (std::size_t at; (at = paragraphs.find("\n\n")) != std::string::npos;
       paragraphs.erase(0, at + 2))
    out << roff(paragraphs.substr(0, at)) << (paragraphs.size() > at + 2 ? "\n.PP\n" : "\n");
  out << ".SH COMMANDS\n";
  write_man_command(out, c);
  out << ".SH RULES\n"
         "Each rule has a page: \\fBspeclint explain\\fR \\fIRULE\\fR, or the Markdown pages in "
         "\\fIshare/doc/speclint/rules/\\fR under the prefix speclint is installed in "
         "(\\fI/usr\\fR for the Debian package). The severity shown is the default one; "
         "\\fI.speclint.yaml\\fR changes it.\n";
  for (const rule* r : all_rules())
    out << ".TP\n.B " << roff(r->info.id) << "\n(" << to_string(r->info.default_severity) << ") "
        << roff(r->info.summary) << "\n";
  out << ".SH EXIT STATUS\n"
         ".TP\n.B 0\nno finding reaches \\fB\\-\\-fail\\-on\\fR\n"
         ".TP\n.B 1\na finding reaches \\fB\\-\\-fail\\-on\\fR (default: an error)\n"
         ".TP\n.B 2\na usage, configuration or I/O error (one line on standard error)\n"
         ".SH ENVIRONMENT\n"
         ".TP\n.B NO_COLOR\nwhen set and not empty, never color the output\n"
         ".TP\n.B GITHUB_STEP_SUMMARY\nwith \\fB\\-\\-format github\\fR, the file the Markdown "
         "summary is appended to\n"
         ".TP\n.B SPECLINT_HUGE_PAGES\n1 asks for transparent huge pages for large parse trees\n"
         ".SH FILES\n"
         ".TP\n.I .speclint.yaml\nthe configuration, in the checked root (\\fBspeclint init\\fR "
         "writes one with every rule)\n"
         ".TP\n.I .speclint-baseline.json\nthe default file of \\fBspeclint baseline write\\fR\n"
         ".SH SEE ALSO\n"
      << roff(homepage) << "\n";
}

// --- completions ---------------------------------------------------------------------------

std::string joined(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

std::vector<std::string> rule_ids() {
  std::vector<std::string> out;
  for (const rule* r : all_rules()) out.emplace_back(r->info.id);
  return out;
}

// Every command below `c`, depth first, `c` itself included.
void flatten(const command_view& c, std::vector<const command_view*>& out) {
  out.push_back(&c);
  for (const auto& s : c.subcommands) flatten(s, out);
}

void write_bash(std::ostream& out, CLI::App& root) {
  command_view top = view(root, "speclint");
  std::vector<const command_view*> all;
  flatten(top, all);
  // Which command a word leads to, and what a command's options take.
  std::string descend, values, option_words, positionals;
  for (const command_view* c : all) {
    std::string key = c->path == "speclint" ? "" : c->path.substr(9);
    for (const auto& s : c->subcommands)
      descend +=
          fmt::format("      \"{}|{}\") cmd=\"{}\" ;;\n", key, last_word(s.path), s.path.substr(9));
    std::vector<std::string> names, subs;
    for (const auto& s : c->subcommands) subs.push_back(last_word(s.path));
    for (const auto& o : c->options) {
      names.insert(names.end(), o.names.begin(), o.names.end());
      std::string patterns;
      for (const auto& n : o.names)
        patterns += (patterns.empty() ? "" : "|") + fmt::format("\"{}|{}\"", key, n);
      std::string reply =
          o.rule_id ? "COMPREPLY=($(compgen -W \"$rules\" -- \"$cur\"))"
          : o.metavar == "REF"
              ? "COMPREPLY=($(compgen -W \"$(git for-each-ref --format='%(refname:short)' "
                "2>/dev/null)\" -- \"$cur\"))"
          : !o.choices.empty()
              ? fmt::format("COMPREPLY=($(compgen -W \"{}\" -- \"$cur\"))", joined(o.choices))
          : !takes_files(o) ? "COMPREPLY=()"
                            : "COMPREPLY=($(compgen -f -- \"$cur\"))";
      if (!o.names.empty() && !o.metavar.empty())
        values += fmt::format("    {}) {}; return ;;\n", patterns, reply);
      if (!o.positional.empty())
        subs.push_back(o.rule_id ? "$rules" : !o.choices.empty() ? joined(o.choices) : "@files");
    }
    option_words += fmt::format("    \"{}\") words=\"{}\" ;;\n", key, joined(names));
    std::string files = std::find(subs.begin(), subs.end(), "@files") != subs.end() ? "1" : "";
    std::erase(subs, "@files");
    positionals += fmt::format("    \"{}\") words=\"{}\" files={} ;;\n", key, joined(subs), files);
  }
  out << "# bash completion for speclint " << version
      << ", generated by `speclint completion bash` from its command-line definition.\n"
      << "_speclint() {\n"
         "  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
         "  local cmd=\"\" words=\"\" files=\"\" i\n"
         "  local rules=\""
      << joined(rule_ids())
      << "\"\n"
         "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
         "    case \"$cmd|${COMP_WORDS[i]}\" in\n"
      << descend
      << "      \"|\"[!-]*) cmd=check ;;  # a path: the default command\n"
         "    esac\n"
         "  done\n"
         "  # Before a command is named, `speclint` takes check's options and paths as well.\n"
         "  local shown=$cmd\n"
         "  [ -z \"$cmd\" ] && shown=check\n"
         "  case \"$shown|$prev\" in\n"
      << values
      << "  esac\n"
         "  if [[ $cur == -* ]]; then\n"
         "    case \"$shown\" in\n"
      << option_words
      << "    esac\n"
         "    [ -z \"$cmd\" ] && words=\"$words --version\"\n"
         "    COMPREPLY=($(compgen -W \"$words\" -- \"$cur\"))\n"
         "    return\n"
         "  fi\n"
         "  case \"$cmd\" in\n"
      << positionals
      << "  esac\n"
         "  [ -z \"$cmd\" ] && files=1\n"
         "  COMPREPLY=($(compgen -W \"$words\" -- \"$cur\"))\n"
         "  if [ -n \"$files\" ]; then\n"
         "    compopt -o filenames 2>/dev/null\n"
         "    COMPREPLY+=($(compgen -f -- \"$cur\"))\n"
         "  fi\n"
         "}\n"
         "complete -F _speclint speclint\n";
}

// A word in single quotes for zsh.
std::string zsh_quote(std::string_view s) {
  std::string out = "'";
  for (char ch : s) out += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
  return out + "'";
}

// An option's description for `_arguments`, where brackets and colons are syntax.
std::string zsh_description(std::string_view s) {
  std::string out;
  for (char ch : s.substr(0, s.find('\n'))) {
    if (ch == '[' || ch == ']' || ch == ':' || ch == '\\') out += '\\';
    out += ch;
  }
  return out;
}

std::string zsh_function(const std::string& path) {
  std::string f = "_" + path;
  std::replace(f.begin(), f.end(), ' ', '_');
  return f;
}

std::string zsh_action(const option_view& o) {
  if (o.rule_id) return "_speclint_rules";
  if (o.metavar == "REF") return "_speclint_refs";
  if (!takes_files(o)) return " ";
  if (!o.choices.empty()) return "(" + joined(o.choices) + ")";
  return "_files";
}

void write_zsh_command(std::ostream& out, const command_view& c) {
  out << zsh_function(c.path) << "() {\n";
  std::vector<std::string> specs;
  for (const auto& o : c.options) {
    if (!o.positional.empty()) {
      specs.push_back(zsh_quote("*:" + o.positional + ":" + zsh_action(o)));
      continue;
    }
    std::string arg = o.metavar.empty() ? "" : ":" + o.metavar + ":" + zsh_action(o);
    std::string names =
        o.names.size() == 1 ? o.names.front() : "{" + o.names[0] + "," + o.names[1] + "}";
    specs.push_back("'*'" + names + zsh_quote("[" + zsh_description(o.description) + "]" + arg));
  }
  if (c.subcommands.empty()) {
    out << "  _arguments -s";
    for (const auto& s : specs) out << " \\\n    " << s;
    out << "\n}\n";
    return;
  }
  out << "  local -a commands=(\n";
  for (const auto& s : c.subcommands)
    out << "    " << zsh_quote(last_word(s.path) + ":" + s.description) << "\n";
  out << "  )\n"
         "  if (( CURRENT == 2 )); then\n"
         "    _describe -t commands command commands\n";
  if (c.path == "speclint")
    out << "    [[ $words[2] == -* ]] && _speclint_check && return\n    _files\n";
  out << "    return\n"
         "  fi\n"
         "  local cmd=$words[2]\n"
         "  if (( ${commands[(I)$cmd:*]} )); then\n"
         "    shift words\n"
         "    (( CURRENT-- ))\n"
         "    "
      << zsh_function(c.path) << "_$cmd\n";
  if (c.path == "speclint") out << "  else\n    _speclint_check\n";
  out << "  fi\n}\n";
  for (const auto& s : c.subcommands) write_zsh_command(out, s);
}

void write_zsh(std::ostream& out, CLI::App& root) {
  out << "#compdef speclint\n# zsh completion for speclint " << version
      << ", generated by `speclint completion zsh` from its command-line definition.\n\n"
         "_speclint_rules() {\n  local -a rules=("
      << joined(rule_ids())
      << ")\n  _wanted rules expl rule compadd -a rules\n}\n\n"
         "_speclint_refs() {\n"
         "  local -a refs=(${(f)\"$(git for-each-ref --format='%(refname:short)' 2>/dev/null)\"})\n"
         "  _wanted refs expl ref compadd -a refs\n}\n\n";
  write_zsh_command(out, view(root, "speclint"));
  out << "\n_speclint \"$@\"\n";
}

}  // namespace

command add_man(CLI::App& app) {
  CLI::App* cmd = app.add_subcommand("man", "Print the man page (roff)")->group("");
  return {cmd, [&app] {
            write_man(std::cout, app);
            return 0;
          }};
}

command add_completion(CLI::App& app) {
  auto shell = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("completion", "Print a shell's completion script")->group("");
  cmd->add_option("shell", *shell, "bash or zsh")
      ->required()
      ->check(CLI::IsMember({"bash", "zsh"}));
  return {cmd, [&app, shell] {
            if (*shell == "bash")
              write_bash(std::cout, app);
            else
              write_zsh(std::cout, app);
            return 0;
          }};
}

}  // namespace speclint::cli
