#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "speclint/finding.hpp"
#include "speclint/model.hpp"
#include "speclint/settings.hpp"

namespace speclint {

/// Bounds on what one input may cost; exceeding one gives a finding, never a crash.
struct limits {
  std::uint64_t max_file_bytes = 32u << 20;          ///< larger files are skipped with a finding
  std::uint32_t max_front_matter_bytes = 64u << 10;  ///< larger front matter is not parsed
  std::uint32_t max_yaml_depth = 64;                 ///< deeper nesting is refused
  std::uint32_t max_yaml_nodes = 100000;             ///< alias expansion beyond this is refused
  std::uint32_t max_findings_per_rule = 0;           ///< 0: print all (counts stay exact)
};

/// How docs are read: the conventions a team configures once.
struct reading_options {
  /// `sql_dialect`: the dialect of blocks labelled `sql` (auto: their content decides).
  sql_dialect dialect = sql_dialect::auto_detect;
  /// `delta`: globs of docs that describe a change rather than the whole schema.
  std::vector<std::string> delta;
  /// `headers`: a team's own table headers, each as the header speclint knows (`Колонка` as
  /// `Column`): pairs of the header in lower case and the known one.
  std::vector<std::pair<std::string, std::string>> headers;
  /// `nullable_by_default`: what a column whose row states no nullability is; unset, unknown.
  std::optional<bool> nullable_by_default;
};

/// The header roles `headers` may name, each with the header it stands for.
const std::vector<std::pair<std::string_view, std::string_view>>& header_roles();

/// The `.speclint.yaml` configuration.
struct config {
  std::vector<std::string> docs = {"docs"};    ///< docs roots, relative to the root
  std::vector<std::string> tasks = {"tasks"};  ///< tasks roots
  std::vector<std::string> ignore;             ///< globs of files not to load
  std::vector<std::string> migrations;         ///< globs of the migrations that implement the spec
  /// Severity per rule id; nullopt turns the rule off.
  std::map<std::string, std::optional<severity>> rules;
  settings rule_settings;
  reading_options reading;
  struct limits limits;
  std::string path;  ///< where it was read from; empty for defaults
};

/// A configuration that cannot be used; the message starts with `file:line:`.
class config_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Reads a configuration file; throws config_error on a syntax error, an unknown key,
/// a wrong type or an unknown rule id.
config load_config(const std::filesystem::path& file, const std::string& display_name);

/// What `speclint init` found in a repository that already has docs.
struct found_docs {
  std::vector<std::string> docs;   ///< where the schema docs live
  std::vector<std::string> tasks;  ///< where the task files live
  std::vector<std::string> notes;  ///< what was found, a line each, written as comments
};

/// The commented configuration that `speclint init` writes: every key at its default, or
/// with the roots it found (and what it found, in comments) when `found` is given.
std::string default_config_text(const found_docs* found = nullptr);

}  // namespace speclint
