// task-front-matter: a task file's front matter: `id`, `name`, `status`, `depends_on` and
// the schema facts of `asserts`. Every task file is a task, valid once it has an id.

#include <fmt/format.h>

#include "../cells.hpp"
#include "../sql.hpp"
#include "reader.hpp"
#include "speclint/text.hpp"

namespace speclint::load {

namespace {

// A `check` assertion's value, `table.column in (a, b)`: the column and the values, quotes
// around a value left out; nullopt for anything else.
struct check_assertion {
  column_ref column;
  std::vector<std::string> values;
};

std::optional<check_assertion> parse_check_assertion(std::string_view s) {
  const std::string lower = to_lower(s);
  const std::size_t in = lower.find(" in ");
  if (in == std::string::npos) return std::nullopt;
  auto ref = parse_column_ref(trim(s.substr(0, in)));
  std::string_view list = trim(s.substr(in + 4));
  if (!ref || list.size() < 2 || list.front() != '(' || list.back() != ')') return std::nullopt;
  check_assertion out{std::move(*ref), {}};
  for (std::string& v : split_list(list.substr(1, list.size() - 2), ',')) {
    if (v.size() >= 2 && (v.front() == '\'' || v.front() == '"') && v.back() == v.front())
      v = v.substr(1, v.size() - 2);
    if (v.empty()) return std::nullopt;
    out.values.push_back(std::move(v));
  }
  if (out.values.empty()) return std::nullopt;
  return out;
}

void read_assert(const yaml_value& v, task& t, text_pool& texts, file_facts& out) {
  if (v.what != yaml_value::kind::map) return;
  assertion a;
  a.site = v.site;
  std::string table, column, parent_table, parent_column;  // as the last key that names each says
  bool subject = false;
  for (const auto& [key, value] : v.entries) {
    if (value.what != yaml_value::kind::scalar &&
        (key == "table" || key == "column" || key == "fk" || key == "check"))
      return;
    if (key == "table") {
      a.what = assertion::kind::table;
      table = value.scalar;
      a.site = value.key_site;
      subject = true;
    } else if (key == "column") {
      auto ref = parse_column_ref(value.scalar);
      if (!ref) return;
      a.what = assertion::kind::column;
      table = ref->table;
      column = ref->column;
      a.site = value.key_site;
      subject = true;
    } else if (key == "fk") {
      std::string_view s = value.scalar;
      std::size_t arrow = s.find("->");
      std::size_t len = 2;
      if (arrow == std::string_view::npos) {
        arrow = s.find("\u2192");
        len = 3;
      }
      if (arrow == std::string_view::npos) return;
      auto from = parse_column_ref(s.substr(0, arrow));
      auto to = parse_column_ref(s.substr(arrow + len));
      if (!from || !to) return;
      a.what = assertion::kind::fk;
      table = from->table;
      column = from->column;
      parent_table = to->table;
      parent_column = to->column;
      a.site = value.key_site;
      subject = true;
    } else if (key == "check") {
      auto c = parse_check_assertion(value.scalar);
      if (!c) return;
      a.what = assertion::kind::check;
      table = c->column.table;
      column = c->column.column;
      a.site = value.key_site;
      subject = true;
      expected_value e{texts.add(value.scalar), {}, {}, value.site, value.what, value.quoted};
      for (const std::string& item : c->values) e.items.push_back(texts.add(item));
      a.expect.emplace_back(texts.add("in"), std::move(e));
    } else {
      expected_value e{texts.add(value.scalar), {}, {}, value.site, value.what, value.quoted};
      for (const yaml_value& item : value.items)
        if (item.what == yaml_value::kind::scalar) e.items.push_back(texts.add(item.scalar));
      if (key == "where" && value.what == yaml_value::kind::scalar) {
        e.key = texts.add(predicate_key(value.scalar));
        if (e.key.empty())
          out.issues.push_back(
              {load_issue::kind::front_matter, value.site,
               fmt::format("`where` is not an SQL predicate PostgreSQL reads: {}", value.scalar)});
      }
      a.expect.emplace_back(texts.add(key), std::move(e));
    }
  }
  if (!subject) return;
  a.table = texts.add(table);
  a.column = texts.add(column);
  a.parent_table = texts.add(parent_table);
  a.parent_column = texts.add(parent_column);
  t.asserts.push_back(std::move(a));
}

class task_front_matter_reader final : public reader {
 public:
  std::string_view name() const override { return "task-front-matter"; }
  unsigned kinds() const override { return front_matter_kind; }

  bool accepts(const whole_file&, const read_context& ctx) const override {
    return ctx.role == file_role::task;
  }

  void read(const whole_file& f, const read_context& ctx, file_facts& out) const override {
    task& t = out.task.emplace();
    t.file = ctx.file;
    if (!f.front_matter || f.front_matter->what != yaml_value::kind::map) return;
    const yaml_value& fm = *f.front_matter;
    text_pool& texts = ctx.texts;
    auto scalar = [&](std::string_view key, std::string_view& value, location* site) {
      const yaml_value* v = fm.find(key);
      if (v && v->what == yaml_value::kind::scalar) {
        value = texts.add(v->scalar);
        if (site) *site = v->key_site;
      }
    };
    scalar("id", t.id, &t.id_site);
    scalar("name", t.name, nullptr);
    scalar("status", t.status, &t.status_site);
    if (const yaml_value* deps = fm.find("depends_on");
        deps && deps->what == yaml_value::kind::sequence)
      for (const auto& d : deps->items)
        if (d.what == yaml_value::kind::scalar)
          t.depends_on.emplace_back(texts.add(d.scalar), d.site);
    if (const yaml_value* asserts = fm.find("asserts");
        asserts && asserts->what == yaml_value::kind::sequence)
      for (const auto& a : asserts->items) read_assert(a, t, texts, out);
    t.valid = !t.id.empty();
  }
};

const task_front_matter_reader task_front_matter_instance;

}  // namespace

namespace readers {
const reader& task_front_matter = task_front_matter_instance;
}  // namespace readers

}  // namespace speclint::load
