#pragma once

// Each command adds itself to the CLI11 app and returns what to run when it is chosen.

#include <filesystem>
#include <functional>
#include <memory>
#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

#include "speclint/lint.hpp"

namespace speclint::cli {

/// A usage, configuration or I/O problem: one line on stderr, exit status 2.
struct usage_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

#if defined(__SANITIZE_ADDRESS__)
#define SPECLINT_FREE_AT_EXIT 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SPECLINT_FREE_AT_EXIT 1
#endif
#endif

/// Leaves an object to the operating system when the process is about to end: freeing a
/// large spec's model piece by piece costs more than a check of a small spec. Sanitizer
/// builds free it, so that leak checking keeps seeing everything.
template <class T>
void leave_to_exit(std::unique_ptr<T> p) {
#ifdef SPECLINT_FREE_AT_EXIT
  p.reset();
#else
  static_cast<void>(p.release());
#endif
}

/// Options every command accepts.
struct common_options {
  bool no_color = false;  ///< --no-color
};

/// Adds the options every command accepts (--no-color) to a command and to its subcommands.
void add_common_options(CLI::App& cmd, common_options& o);

/// True when standard output may be colored: a terminal, without --no-color and without a
/// non-empty NO_COLOR in the environment.
bool color_on_stdout(const common_options& o);

/// Calls `write` with the file at `path`, truncated or, with `append`, appended to; a file that
/// cannot be opened or written is a usage_error naming it.
void write_file(const std::filesystem::path& path, const std::function<void(std::ostream&)>& write,
                bool append = false);

/// Calls `write` with standard output when `path` is empty or `-`, else as write_file does.
void write_output(const std::string& path, const std::function<void(std::ostream&)>& write);

/// A registered subcommand and its action.
struct command {
  CLI::App* app = nullptr;
  std::function<int()> run;
};

/// Options every command that reads the spec shares.
struct spec_args {
  std::vector<std::string> paths;
  std::string root;
  std::string config_file;
  std::vector<std::string> docs, tasks;
  unsigned jobs = 0;
};

/// Adds the shared spec options (paths, --root, --config, --docs, --tasks, --jobs).
void add_spec_options(CLI::App& cmd, spec_args& a);

/// Adds the shared spec options without the positional paths (--root, --config, --docs,
/// --tasks, --jobs), for commands whose positional argument is something else.
void add_root_options(CLI::App& cmd, spec_args& a);

/// Resolves root and configuration; `filters` receives the file arguments, relative to the root.
lint_options make_lint_options(const spec_args& a, std::vector<std::string>& filters);

/// Resolves root and configuration for a command that works on the whole spec; file
/// arguments are a usage_error naming the command.
lint_options whole_spec_options(const spec_args& a, std::string_view command);

command add_check(CLI::App& app, const common_options& common);
command add_diff(CLI::App& app, const common_options& common);
command add_rules(CLI::App& app);
command add_explain(CLI::App& app);
command add_facts(CLI::App& app, const common_options& common);
command add_tasks(CLI::App& app);
command add_graph(CLI::App& app);
command add_export(CLI::App& app);
command add_verify(CLI::App& app);
command add_baseline(CLI::App& app);
command add_init(CLI::App& app);
/// Adds `lsp`: a Language Server Protocol server on standard input and output.
command add_lsp(CLI::App& app);
/// Adds the hidden `man` command: the man page, written from `app`'s own definition.
command add_man(CLI::App& app);
/// Adds the hidden `completion bash|zsh` command: completions written from `app`'s definition.
command add_completion(CLI::App& app);

}  // namespace speclint::cli
