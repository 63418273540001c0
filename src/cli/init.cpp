// `speclint init [DIR]`.

#include <iostream>
#include <map>
#include <memory>
#include <set>

#include <fmt/format.h>

#include "commands.hpp"
#include "speclint/config.hpp"
#include "speclint/facts.hpp"

namespace speclint::cli {

namespace {

struct init_args {
  std::string dir = ".";
  bool force = false;
};

// Reads every Markdown file under `dir` as a doc and says where schema facts were read (the
// docs roots: each file's top directory) and by which readers; nullopt when none were.
std::optional<found_docs> find_docs(const std::filesystem::path& dir) {
  config probe;
  probe.docs = {"."};
  probe.tasks = {};
  probe.ignore = {"node_modules/", "vendor/", "third_party/", "target/", "dist/"};
  std::vector<file_read> files = read_facts(dir, probe);
  std::set<std::string> roots;
  std::map<std::string_view, std::size_t> files_by_reader;
  std::size_t schema_files = 0;
  for (const file_read& f : files) {
    std::set<std::string_view> readers;
    for (const read_fact& x : f.facts)
      if (x.kind == "column" || x.kind == "foreign-key" || x.kind == "index" || x.kind == "check")
        readers.insert(x.reader);
    if (readers.empty()) continue;
    ++schema_files;
    for (std::string_view r : readers) ++files_by_reader[r];
    std::size_t slash = f.path.find('/');
    roots.insert(slash == std::string::npos ? f.path : f.path.substr(0, slash));
  }
  if (roots.empty()) return std::nullopt;
  found_docs out;
  out.docs.assign(roots.begin(), roots.end());
  std::error_code ec;
  if (std::filesystem::is_directory(dir / "tasks", ec)) out.tasks = {"tasks"};
  out.notes.push_back(fmt::format("schema in {} of {} Markdown files, under {}", schema_files,
                                  files.size(), fmt::join(out.docs, ", ")));
  for (auto [reader, n] : files_by_reader)
    out.notes.push_back(fmt::format("{}: {} file{}", reader, n, n == 1 ? "" : "s"));
  return out;
}

int run_init(const init_args& a) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(a.dir, ec)) throw usage_error(fmt::format("no such directory: {}", a.dir));
  fs::path file = (fs::path(a.dir) / ".speclint.yaml").lexically_normal();
  if (fs::exists(fs::symlink_status(file, ec)) && !a.force)
    throw usage_error(
        fmt::format("{} already exists (--force overwrites it)", file.generic_string()));
  const std::optional<found_docs> found = find_docs(a.dir);
  write_file(file,
             [&](std::ostream& out) { out << default_config_text(found ? &*found : nullptr); });
  std::cout << fmt::format("wrote {}\n", file.generic_string());
  if (found)
    for (const std::string& n : found->notes) std::cout << "  " << n << "\n";
  return 0;
}

}  // namespace

command add_init(CLI::App& app) {
  auto a = std::make_shared<init_args>();
  CLI::App* cmd = app.add_subcommand(
      "init",
      "Write a commented .speclint.yaml with every rule at its default severity; when the "
      "directory already has schema docs, their roots, and the notations found in them");
  cmd->add_option("dir", a->dir, "Where to write it (default: the current directory)");
  cmd->add_flag("--force", a->force, "Overwrite an existing .speclint.yaml");
  return {cmd, [a] { return run_init(*a); }};
}

}  // namespace speclint::cli
