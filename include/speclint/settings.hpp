#pragma once

#include <map>
#include <string>
#include <vector>

namespace speclint {

/// The parts of the configuration that rules read (task enums, hygiene patterns, limits).
struct settings {
  /// Allowed values per task front-matter key (status, scope, risk, impact, level).
  std::map<std::string, std::vector<std::string>> task_enums = {
      {"status", {"pending", "in-progress", "completed", "blocked", "cancelled"}},
      {"scope", {"narrow", "moderate", "broad"}},
      {"risk", {"low", "medium", "high", "critical"}},
      {"impact", {"isolated", "component", "phase", "project"}},
      {"level", {"research", "planning", "decision", "implementation", "review"}},
  };
  /// Warn about front-matter keys speclint does not know.
  bool warn_unknown_task_keys = false;
  /// Extra host-name patterns (globs) that `hygiene/internal-hostname` reports.
  std::vector<std::string> internal_hostnames;
  /// Extra path prefixes (globs) that `hygiene/private-path` reports.
  std::vector<std::string> private_paths;
  /// Password values `hygiene/credential` accepts as placeholders.
  std::vector<std::string> placeholders;
  /// `anchors: github` (the default): a link's fragment finds a heading ignoring case, as
  /// GitHub resolves it (`ref/anchor-case` notes the difference); `anchors: exact`: only the
  /// heading's slug as written.
  bool anchors_ignore_case = true;
  /// Column names that mark a row as soft-deleted (`schema/soft-delete-unique`), matched
  /// ignoring case.
  std::vector<std::string> soft_delete_markers = {"deletedAt", "deleted_at", "is_deleted",
                                                  "archivedAt"};
  /// Tables the configuration marks append-only (`schema/ledger-rewritten`), besides those
  /// whose section says `Kind: append-only` or `Retention: …`.
  std::vector<std::string> append_only;
};

}  // namespace speclint
