#pragma once

#include <string>
#include <vector>

#include "speclint/model.hpp"

namespace speclint::load {

/// A list item of a task file, as the Markdown reader saw it.
struct task_item {
  bool checkbox = false;
  bool checked = false;
  std::string text;
  std::string first_link;
  std::vector<std::string> codes;
  location site;       ///< the item marker
  location text_site;  ///< the item's text
};

/// What the Markdown reader hands over for a task file.
struct task_input {
  std::vector<task_item> items;
  std::vector<std::size_t> section_headings;  ///< indexes of level-1 and level-2 headings
};

/// Builds a task from its document (headings), the file's text, its parsed front matter (null
/// when missing or unreadable) and list items; the task's texts are kept in `texts`.
task read_task(const document& doc, std::string_view text, const yaml_value* front_matter,
               file_id id, const task_input& in, text_pool& texts);

/// Parses a reference (`path`, `path:12`, `path:12-20`, `path#anchor`, `#anchor`), keeping its
/// texts in `texts`.
reference parse_reference(std::string_view text, text_pool& texts);

}  // namespace speclint::load
