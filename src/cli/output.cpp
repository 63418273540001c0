// Where commands write their output: a file or standard output.

#include <fstream>
#include <iostream>

#include <fmt/format.h>

#include "commands.hpp"

namespace speclint::cli {

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
