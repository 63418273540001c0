#pragma once

// What `speclint facts` lists: every fact each reader read from each file, with its place,
// before any merging.

#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "speclint/config.hpp"
#include "speclint/model.hpp"

namespace speclint {

/// A field's value: a text, a yes/no, or a list of texts.
using fact_value = std::variant<std::string, bool, std::vector<std::string>>;

/// One named value of a fact, such as a column's `type`.
struct fact_field {
  std::string key;
  fact_value value;
};

/// One fact as a reader read it.
struct read_fact {
  std::string_view reader;  ///< the reader's name (a static text)
  std::string kind;         ///< table, column, foreign-key, index, check, task, assert, section,
                            ///< criterion, reference, property, deletion-claim
  std::uint32_t line = 0, column = 0;
  std::string subject;  ///< what it is about: `table`, `table.column`, a task id; may be empty
  std::vector<fact_field> fields;
};

/// The facts read from one file, in order of their places.
struct file_read {
  std::string path;  ///< relative to the root
  file_role role = file_role::doc;
  std::vector<read_fact> facts;
};

/// The names of the readers, in registry order.
std::vector<std::string_view> reader_names();

/// Reads every file `check` would read under `root` (same configuration) and lists the facts
/// each reader read from it; files in path order. Throws std::runtime_error when a file
/// cannot be read.
std::vector<file_read> read_facts(const std::filesystem::path& root, const config& cfg);

/// Writes the listing as text: one fact a line, `path:line:column: reader: kind subject
/// key=value…`, then a summary line; `color` paints places and reader names.
void write_facts_text(const std::vector<file_read>& files, bool color, std::ostream& out);

/// Writes the listing as JSON (docs/spec-format.md describes its shape).
void write_facts_json(const std::vector<file_read>& files, std::ostream& out);

}  // namespace speclint
