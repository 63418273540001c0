#pragma once

// What a reader is: the kinds of block it accepts, a test of one block, and a `read` that
// writes the block's facts, with their places, to the file's facts. A reader knows nothing
// of rules, of other readers or of merging; the Markdown walker hands it the blocks.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "../file_facts.hpp"
#include "speclint/config.hpp"
#include "speclint/model.hpp"

struct cmark_node;

namespace speclint::load {

/// A GFM table cell: its text with code spans without backticks, and its place.
struct table_cell {
  std::string plain;
  location site;
  cmark_node* node = nullptr;  ///< the parse tree's cell, alive while its table is read
};

/// A row of a GFM table.
using table_row = std::vector<table_cell>;

/// A GFM table: its header row first, then its body rows.
struct gfm_table {
  std::vector<table_row> rows;
};

/// The cell's text with code spans in backticks (few readers need it, so it is made on demand).
std::string marked_text(const table_cell& c);

/// A heading, with the table it names (see table_named_by), if any.
struct heading_block {
  const heading* h = nullptr;
  std::string_view names_table;  ///< empty when the heading names no table
};

/// The first paragraph of a list item.
struct list_item {
  bool checkbox = false;  ///< a GFM task-list item
  bool checked = false;
  std::string text;    ///< plain text, runs of white space collapsed
  std::string marked;  ///< code spans in backticks
  std::string first_link;
  std::vector<std::string> codes;  ///< the code spans, in order
  location site;                   ///< the item marker
  location text_site;              ///< the item's text
};

/// A paragraph of a doc outside lists and quotes, line by line.
struct paragraph_block {
  struct line {
    std::string text;  ///< plain text, code spans without backticks
    location site;
  };
  std::vector<line> lines;
};

/// A whole file: before its body is walked, only its front matter and text.
struct whole_file {
  const document* doc = nullptr;
  std::string_view text;                          ///< as read, without a byte-order mark
  const yaml_value* front_matter = nullptr;       ///< null when absent or unreadable
  const std::vector<list_item>* items = nullptr;  ///< a task file's list items, in order
};

/// Where a block is: its file and the section state the walker keeps.
struct read_context {
  file_id file = 0;
  file_role role = file_role::doc;
  text_pool& texts;
  /// The table the block's section names, else the one the doc's front matter names, else empty.
  std::string_view table;
  const reading_options& reading;  ///< the configured conventions
  /// The text of the heading whose section holds the block (the last one above it), or empty.
  std::string_view heading = {};
  /// The heading whose section holds the block is the one that names its table, not a
  /// subsection of it.
  bool at_table_heading = false;
};

/// The kinds of block, as bits of reader::kinds.
enum block_kind : unsigned {
  table_kind = 1,          ///< a GFM table
  heading_kind = 2,        ///< a heading
  item_kind = 4,           ///< a list item
  fenced_kind = 8,         ///< a fenced code block, handed over once the body is walked
  front_matter_kind = 16,  ///< the file with its front matter, before its body is walked
  file_kind = 32,          ///< the whole file, once its body is walked
  paragraph_kind = 64,     ///< a paragraph of a doc outside lists and quotes
};

/// How many block kinds there are.
inline constexpr unsigned block_kinds = 7;

/// A reader of one notation. The walker hands each block to every reader of its kind that
/// accepts it; a fallback reader gets only the blocks that no other reader accepted.
class reader {
 public:
  virtual ~reader() = default;
  /// The reader's name, kebab-case; its file is the name with `_`.
  virtual std::string_view name() const = 0;
  /// The kinds of block it may accept (block_kind bits).
  virtual unsigned kinds() const = 0;
  /// True when it reads only blocks that no other reader accepted.
  virtual bool fallback() const { return false; }

  /// True when it reads this block; the `read` of the same kind then gets it.
  virtual bool accepts(const gfm_table&, const read_context&) const { return false; }
  virtual bool accepts(const heading_block&, const read_context&) const { return false; }
  virtual bool accepts(const list_item&, const read_context&) const { return false; }
  virtual bool accepts(const code_block&, const read_context&) const { return false; }
  virtual bool accepts(const whole_file&, const read_context&) const { return false; }
  virtual bool accepts(const paragraph_block&, const read_context&) const { return false; }

  /// Writes the facts of an accepted block to `out`.
  virtual void read(const gfm_table&, const read_context&, file_facts&) const {}
  virtual void read(const heading_block&, const read_context&, file_facts&) const {}
  virtual void read(const list_item&, const read_context&, file_facts&) const {}
  virtual void read(const code_block&, const read_context&, file_facts&) const {}
  virtual void read(const whole_file&, const read_context&, file_facts&) const {}
  virtual void read(const paragraph_block&, const read_context&, file_facts&) const {}
};

}  // namespace speclint::load
