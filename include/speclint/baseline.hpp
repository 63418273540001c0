#pragma once

// A baseline records the findings a spec already has, so that a check reports only new ones.

#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "speclint/finding.hpp"
#include "speclint/lint.hpp"

namespace speclint {

/// One recorded finding: what identifies it, without line numbers.
struct baseline_entry {
  std::string fingerprint, rule, file, entity, message;
  friend bool operator==(const baseline_entry&, const baseline_entry&) = default;
};

/// The findings recorded by `speclint baseline write`.
struct baseline {
  std::vector<baseline_entry> entries;  ///< sorted by file, rule, entity, message, fingerprint
};

/// A baseline file that cannot be used; the message names the file.
class baseline_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The default baseline file name, relative to the root.
inline constexpr std::string_view default_baseline_file = ".speclint-baseline.json";

/// A baseline recording the findings (suppressed ones are not recorded).
baseline make_baseline(const std::vector<finding>& findings);

/// The baseline as JSON text: `{"version": 1, "findings": [{fingerprint, rule, file, entity,
/// message}, ...]}`, ending in a newline.
std::string to_json(const baseline& b);

/// Parses baseline JSON; throws baseline_error ("NAME: why") on malformed input. An entry
/// without a fingerprint gets the one its rule, file, entity and message give.
baseline parse_baseline(std::string_view text, const std::string& name);

/// Reads a baseline file; throws baseline_error when it cannot be read or parsed.
baseline read_baseline(const std::filesystem::path& file);

/// Writes a baseline file whole (through a temporary file and a rename); throws baseline_error.
void write_baseline(const std::filesystem::path& file, const baseline& b);

/// Moves the findings the baseline records into `r.baselined` (each entry hides one finding with
/// its fingerprint), lists entries of rules that ran but match no finding in `r.fixed`, and
/// refreshes the counts. Returns the baseline without those fixed entries.
baseline apply_baseline(lint_result& r, const baseline& b);

}  // namespace speclint
