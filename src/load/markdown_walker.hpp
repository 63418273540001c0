#pragma once

// Walks one Markdown body with cmark-gfm: keeps the document's headings, links, fenced
// blocks and suppression comments, and the section state (which table a section names), and
// hands each block to the readers that accept it. cmark-gfm's types stay inside this file's
// source and in the cells the table readers see.

#include <string_view>
#include <vector>

#include "readers/reader.hpp"

namespace speclint::load {

/// Walks `body` (the file's text after its front matter) into `out.doc` and hands each
/// table, heading and list item, then each fenced block, to its readers. `ctx.table` is the
/// table the doc's front matter names, or empty. With `items`, the list items that no reader
/// took are kept there for the readers of the whole file.
void walk_markdown(std::string_view body, const read_context& ctx, file_facts& out,
                   std::vector<list_item>* items);

}  // namespace speclint::load
