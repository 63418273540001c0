#pragma once

// `speclint verify`: load the exported DDL into a scratch schema of a real PostgreSQL and
// compare what the server says with speclint's own findings.

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "speclint/export.hpp"
#include "speclint/lint.hpp"
#include "speclint/rule.hpp"

namespace speclint {

/// Scratch schemas are named `speclint_verify_<unix seconds>_<8 hex digits>`.
inline constexpr std::string_view scratch_prefix = "speclint_verify_";

/// What to verify against.
struct verify_options {
  std::string database;  ///< libpq URL or `key=value` string; empty: libpq's environment
  bool probe = false;    ///< also delete a parent row per SET NULL / SET DEFAULT key
};

/// One thing PostgreSQL said.
struct pg_verdict {
  enum class kind : std::uint8_t {
    ddl,      ///< a statement of the export was rejected
    catalog,  ///< the catalog shows a SET NULL / SET DEFAULT action that must fail
    probe,    ///< a probe delete's outcome (sqlstate empty: it succeeded)
  };
  kind what = kind::ddl;
  std::size_t statement = 0;      ///< index in the exported statements (ddl)
  std::optional<std::size_t> fk;  ///< index in model::foreign_keys()
  std::string table;              ///< the table the statement creates or alters
  std::string sqlstate;
  std::string message;
  bool inconclusive = false;  ///< probe: the rows could not be set up
};

/// What PostgreSQL does about a rule's errors (its descriptor's `postgres`); nullopt for
/// rules it has no verdict on.
std::optional<pg_expectation> expectation_of(std::string_view rule);

/// One line of the comparison.
struct verify_item {
  enum class outcome : std::uint8_t { confirmed, not_confirmed, missed, not_compared };
  outcome what = outcome::not_compared;
  std::optional<finding> about;       ///< speclint's finding (all but missed verdicts)
  std::optional<pg_verdict> verdict;  ///< PostgreSQL's verdict, when there is one
  std::string note;                   ///< why it was not compared, or what was expected
};

/// Everything a verification found.
struct verify_report {
  std::string server_version;
  std::string schema;                      ///< the scratch schema (dropped at the end)
  std::vector<std::string> stale_dropped;  ///< scratch schemas of killed runs, dropped first
  std::vector<ddl_statement> statements;
  std::vector<bool> loaded;         ///< per statement
  std::size_t catalog_checked = 0;  ///< foreign keys with SET NULL / SET DEFAULT
  std::size_t probed = 0;           ///< probe deletes run
  bool probe = false;
  std::vector<pg_verdict> verdicts;
  std::vector<verify_item> items;

  /// True when nothing is not confirmed and nothing is missed.
  bool agree() const;
};

/// A connection or scratch-schema problem; the message is one line.
class verify_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// SIGINT or SIGTERM arrived; the scratch schema was dropped.
class verify_interrupted : public std::runtime_error {
 public:
  explicit verify_interrupted(int sig) : std::runtime_error("interrupted"), signal(sig) {}
  int signal;
};

/// Compares verdicts with findings (pure): every error finding of a rule PostgreSQL can judge
/// is confirmed, not confirmed or not compared; every verdict no finding explains is missed
/// (or not compared, when it is a consequence or about the environment).
std::vector<verify_item> compare_verdicts(const model& m, const std::vector<finding>& findings,
                                          const std::vector<ddl_statement>& statements,
                                          const std::vector<bool>& loaded,
                                          const std::vector<pg_verdict>& verdicts, bool probed);

/// Runs a verification: connects, drops stale scratch schemas of killed runs, creates a fresh
/// one, loads the DDL statement by statement, reads the catalog, probes, compares, and always
/// drops the scratch schema. Throws verify_error and verify_interrupted.
verify_report verify(const lint_result& r, const verify_options& opts);

/// The report as text or JSON.
std::string render_verify(const verify_report& r, std::string_view format);

}  // namespace speclint
