// What every command shares about its output: color, and writing to a file or standard output.

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iostream>

#include <fmt/format.h>

#include "commands.hpp"

namespace speclint::cli {

void add_common_options(CLI::App& cmd, common_options& o) {
  cmd.add_flag("--no-color", o.no_color, "Never color the output (NO_COLOR is honoured too)");
  for (CLI::App* sub : cmd.get_subcommands({})) add_common_options(*sub, o);
}

bool color_on_stdout(const common_options& o) {
  // An empty NO_COLOR does not count (no-color.org).
  const char* no_color = std::getenv("NO_COLOR");
  return !o.no_color && !(no_color && *no_color) && ::isatty(STDOUT_FILENO);
}

void write_file(const std::filesystem::path& path, const std::function<void(std::ostream&)>& write,
                bool append) {
  std::ofstream file(path, std::ios::binary | (append ? std::ios::app : std::ios::trunc));
  if (!file) throw usage_error(fmt::format("cannot write {}", path.generic_string()));
  write(file);
  if (!file.flush()) throw usage_error(fmt::format("cannot write {}", path.generic_string()));
}

void write_output(const std::string& path, const std::function<void(std::ostream&)>& write) {
  if (!path.empty() && path != "-") return write_file(path, write);
  write(std::cout);
  std::cout.flush();
}

}  // namespace speclint::cli
