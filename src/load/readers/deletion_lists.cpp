// deletion-lists: a list under a heading `Deleting `t`` (or `What deleting `t` does`) that
// says, table by table, what deleting a row of `t` does:
//
//   ### Deleting `orgs`
//
//   - `projects`: deleted
//   - `usageRecords`: `orgId` set to NULL
//   - `plans`: blocked
//
// Each item names a table in its first code span; the words after it say what happens:
// deleted, cleared (set to NULL), blocked, or nothing.

#include "../cells.hpp"
#include "../table_names.hpp"
#include "reader.hpp"
#include "speclint/text.hpp"

namespace speclint::load {

namespace {

// What the words after an item's table say happens to it.
deletion_claim::effect effect_of(std::string_view words) {
  const std::string w = " " + to_lower(collapse_space(words)) + " ";
  auto says = [&](std::string_view s) { return w.find(s) != std::string::npos; };
  if (says("blocked") || says("refused") || says("restrict"))
    return deletion_claim::effect::blocked;
  if (says("cleared") || says("set to null") || says("set null") || says("set to default") ||
      says("set default") || says("nulled"))
    return deletion_claim::effect::cleared;
  if (says("deleted") || says("removed") || says("cascade")) return deletion_claim::effect::deleted;
  return deletion_claim::effect::unstated;
}

// The table an item names: its text opens with a code span that is a valid_name.
std::optional<std::string> item_table(const list_item& item) {
  if (item.codes.empty() || !item.marked.starts_with('`')) return std::nullopt;
  return valid_name(item.codes.front());
}

class deletion_lists_reader final : public reader {
 public:
  std::string_view name() const override { return "deletion-lists"; }
  unsigned kinds() const override { return item_kind; }

  bool accepts(const list_item& item, const read_context& ctx) const override {
    return ctx.role == file_role::doc && !item.checkbox && deleted_table_of(ctx.heading) &&
           item_table(item);
  }

  void read(const list_item& item, const read_context& ctx, file_facts& out) const override {
    std::optional<std::string> deleted = deleted_table_of(ctx.heading), named = item_table(item);
    if (!deleted || !named) return;
    // The items under one heading make one list.
    if (out.deletion_lists.empty() || out.deletion_lists.back().heading != ctx.heading)
      out.deletion_lists.push_back({std::move(*deleted), std::string(ctx.heading), item.site, {}});
    const std::string_view after =
        std::string_view(item.marked)
            .substr(std::min(item.marked.size(), item.codes.front().size() + 2));
    out.deletion_lists.back().items.push_back({effect_of(after), std::move(*named), item.site});
  }
};

const deletion_lists_reader deletion_lists_instance;

}  // namespace

namespace readers {
const reader& deletion_lists = deletion_lists_instance;
}  // namespace readers

}  // namespace speclint::load
