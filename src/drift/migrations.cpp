// Which migration files apply, and in what order: the conventions of the common migration
// tools (numbered files, timestamped folders, Flyway's versioned and repeatable scripts).

#include <algorithm>
#include <optional>
#include <stdexcept>
#include <tuple>

#include <fmt/format.h>

#include "speclint/drift.hpp"
#include "speclint/text.hpp"

namespace speclint {

namespace fs = std::filesystem;

namespace {

bool digit(char c) {
  return c >= '0' && c <= '9';
}

// A version: its parts as digit strings without leading zeros, so that any length compares.
using version = std::vector<std::string>;

bool version_less(const version& a, const version& b) {
  for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
    if (a[i].size() != b[i].size()) return a[i].size() < b[i].size();
    if (a[i] != b[i]) return a[i] < b[i];
  }
  return a.size() < b.size();
}

std::string without_zeros(std::string_view d) {
  std::size_t i = 0;
  while (i + 1 < d.size() && d[i] == '0') ++i;
  return std::string(d.substr(i));
}

// Digit runs from `at`, joined by one of `joiners` followed by a digit: `2024-01-01-000000`,
// `2.1`, `2_1`.
version read_version(std::string_view s, std::size_t at, std::string_view joiners) {
  version v;
  while (at < s.size() && digit(s[at])) {
    std::size_t end = at;
    while (end < s.size() && digit(s[end])) ++end;
    v.push_back(without_zeros(s.substr(at, end - at)));
    if (end + 1 < s.size() && joiners.find(s[end]) != std::string_view::npos && digit(s[end + 1]))
      at = end + 1;
    else
      break;
  }
  return v;
}

enum class kind : std::uint8_t { versioned, plain, repeatable, left_out };

struct named {
  kind what = kind::plain;
  version v;
};

// What a file or folder name says of its migration.
named classify(std::string_view name) {
  // Flyway: V<version>__, U<version>__ (undo), R__ (repeatable).
  if (name.size() > 2 && (name[0] == 'V' || name[0] == 'U') && digit(name[1])) {
    version v = read_version(name, 1, "._");
    if (name.find("__", 1) != std::string_view::npos)
      return {name[0] == 'U' ? kind::left_out : kind::versioned, std::move(v)};
  }
  if (name.starts_with("R__")) return {kind::repeatable, {}};
  if (!name.empty() && digit(name[0])) return {kind::versioned, read_version(name, 0, "-.")};
  return {kind::plain, {}};
}

bool down_name(std::string_view name) {
  return name == "down.sql" || name.ends_with(".down.sql") || name.ends_with(".undo.sql");
}

}  // namespace

migration_order order_migrations(std::vector<std::string> paths) {
  migration_order out;
  struct entry {
    std::string path;
    named n;
    std::string source;  // the file or folder whose name gave the version
  };
  std::vector<entry> kept;
  std::sort(paths.begin(), paths.end());
  paths.erase(std::unique(paths.begin(), paths.end()), paths.end());
  for (std::string& p : paths) {
    std::string_view path = p;
    std::size_t slash = path.rfind('/');
    std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
    std::string_view dir = slash == std::string_view::npos ? "" : path.substr(0, slash);
    if (!name.ends_with(".sql") || name.size() <= 4 || down_name(name)) {
      out.left_out.push_back(std::move(p));
      continue;
    }
    named n = classify(name);
    std::string source(path);
    // A tool that gives each migration a folder (Prisma, Diesel, Drizzle's snapshots) names the
    // folder, not the file.
    if (n.what == kind::plain && !dir.empty()) {
      std::string_view folder =
          dir.substr(dir.rfind('/') == std::string_view::npos ? 0 : dir.rfind('/') + 1);
      named f = classify(folder);
      if (f.what != kind::plain) {
        n = std::move(f);
        source = std::string(dir);
      }
    }
    if (n.what == kind::left_out) {
      out.left_out.push_back(std::move(p));
      continue;
    }
    kept.push_back({std::move(p), std::move(n), std::move(source)});
  }
  std::stable_sort(kept.begin(), kept.end(), [](const entry& a, const entry& b) {
    if (a.n.what != b.n.what) return a.n.what < b.n.what;
    if (a.n.what == kind::versioned && a.n.v != b.n.v) return version_less(a.n.v, b.n.v);
    return a.path < b.path;
  });
  for (std::size_t i = 0; i < kept.size(); ++i) {
    if (i > 0 && kept[i].n.what == kind::versioned && kept[i - 1].n.what == kind::versioned &&
        kept[i].n.v == kept[i - 1].n.v && kept[i].source != kept[i - 1].source)
      out.errors.push_back(
          fmt::format("`{}` and `{}` have the same version {}: which applies "
                      "first is not known",
                      out.files.back(), kept[i].path, fmt::join(kept[i].n.v, ".")));
    out.files.push_back(std::move(kept[i].path));
  }
  return out;
}

std::vector<std::string> match_migrations(const fs::path& root,
                                          const std::vector<std::string>& globs) {
  std::vector<std::string> out;
  std::error_code ec;
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const fs::directory_entry& e = *it;
    std::error_code gone;
    if (e.is_symlink(gone) || gone) continue;
    std::string name = e.path().filename().string();
    if (e.is_directory(gone)) {
      if (name.starts_with('.')) it.disable_recursion_pending();
      continue;
    }
    if (!e.is_regular_file(gone) || !name.ends_with(".sql")) continue;
    std::string rel = e.path().lexically_relative(root).generic_string();
    if (std::any_of(globs.begin(), globs.end(),
                    [&](const std::string& g) { return glob_match(g, rel); }))
      out.push_back(std::move(rel));
  }
  std::sort(out.begin(), out.end());
  return out;
}

model load_implementation(const fs::path& root, const std::vector<std::string>& files,
                          const config& cfg) {
  std::vector<input_file> inputs;
  inputs.reserve(files.size());
  for (const std::string& f : files) inputs.push_back({f, file_role::doc});
  return load_spec(root, inputs, cfg, 1);
}

model load_migrations(const fs::path& root, const std::vector<std::string>& globs,
                      const config& cfg) {
  migration_order order = order_migrations(match_migrations(root, globs));
  if (!order.errors.empty()) throw std::runtime_error(order.errors.front());
  if (order.files.empty())
    throw std::runtime_error(fmt::format("no migration file matches {}", fmt::join(globs, ", ")));
  return load_implementation(root, order.files, cfg);
}

}  // namespace speclint
