// The one sorted list of readers. A test checks that it stays sorted, that each reader's
// file is named after it and that each has its fixtures.

#include "reader_registry.hpp"

#include <array>
#include <vector>

namespace speclint::load {

namespace readers {
extern const reader& arrow_items;
extern const reader& column_table;
extern const reader& constraint_table;
extern const reader& deletion_lists;
extern const reader& doc_front_matter;
extern const reader& field_bullets;
extern const reader& index_table;
extern const reader& key_bullets;
extern const reader& mermaid_er;
extern const reader& psql_describe;
extern const reader& reference_table;
extern const reader& sql_block;
extern const reader& table_heading;
extern const reader& table_properties;
extern const reader& task_front_matter;
extern const reader& task_sections;
}  // namespace readers

namespace {
const std::array<const reader*, 16> registry{
    &readers::arrow_items,    &readers::column_table,     &readers::constraint_table,
    &readers::deletion_lists, &readers::doc_front_matter, &readers::field_bullets,
    &readers::index_table,    &readers::key_bullets,      &readers::mermaid_er,
    &readers::psql_describe,  &readers::reference_table,  &readers::sql_block,
    &readers::table_heading,  &readers::table_properties, &readers::task_front_matter,
    &readers::task_sections,
};
}  // namespace

std::span<const reader* const> all_readers() {
  return registry;
}

std::span<const reader* const> readers_of(block_kind kind) {
  // One list per kind, made once: a block asks only the readers of its kind.
  static const std::array<std::vector<const reader*>, block_kinds> by_kind = [] {
    std::array<std::vector<const reader*>, block_kinds> out;
    for (const reader* r : registry)
      for (unsigned bit = 0; bit < out.size(); ++bit)
        if (r->kinds() & (1u << bit)) out[bit].push_back(r);
    return out;
  }();
  unsigned bit = 0;
  while ((1u << bit) != kind) ++bit;
  return by_kind[bit];
}

}  // namespace speclint::load
