// `speclint init [DIR]`.

#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "speclint/config.hpp"

namespace speclint::cli {

namespace {

struct init_args {
  std::string dir = ".";
  bool force = false;
};

int run_init(const init_args& a) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(a.dir, ec)) throw usage_error(fmt::format("no such directory: {}", a.dir));
  fs::path file = (fs::path(a.dir) / ".speclint.yaml").lexically_normal();
  if (fs::exists(fs::symlink_status(file, ec)) && !a.force)
    throw usage_error(
        fmt::format("{} already exists (--force overwrites it)", file.generic_string()));
  write_file(file, [](std::ostream& out) { out << default_config_text(); });
  std::cout << fmt::format("wrote {}\n", file.generic_string());
  return 0;
}

}  // namespace

command add_init(CLI::App& app) {
  auto a = std::make_shared<init_args>();
  CLI::App* cmd = app.add_subcommand(
      "init", "Write a commented .speclint.yaml with every rule at its default severity");
  cmd->add_option("dir", a->dir, "Where to write it (default: the current directory)");
  cmd->add_flag("--force", a->force, "Overwrite an existing .speclint.yaml");
  return {cmd, [a] { return run_init(*a); }};
}

}  // namespace speclint::cli
