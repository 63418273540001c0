#include "task_reader.hpp"

#include <algorithm>
#include <unordered_set>

#include "cells.hpp"
#include "speclint/text.hpp"

namespace speclint::load {

namespace {

// Walks a text's lines forwards: sections come in order, so the whole body is read once.
class line_cursor {
 public:
  explicit line_cursor(std::string_view text) : text_(text) {}

  // The byte range of lines `from`..`to` (1-based, inclusive) with their line ends.
  std::pair<std::size_t, std::size_t> lines(std::uint32_t from, std::uint32_t to) {
    if (from < line_) {  // never happens for ordered sections; start over to stay correct
      pos_ = 0;
      line_ = 1;
    }
    std::size_t begin = text_.size();
    while (pos_ < text_.size() && line_ <= to) {
      if (line_ == from) begin = pos_;
      std::size_t e = pos_;
      while (e < text_.size() && text_[e] != '\n' && text_[e] != '\r') ++e;
      if (e < text_.size() && text_[e] == '\r' && e + 1 < text_.size() && text_[e + 1] == '\n') ++e;
      pos_ = std::min(e + 1, text_.size());
      ++line_;
    }
    return {begin, std::max(begin, pos_)};
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  std::uint32_t line_ = 1;
};

void read_assert(const yaml_value& v, task& t, text_pool& texts) {
  if (v.what != yaml_value::kind::map) return;
  assertion a;
  a.site = v.site;
  std::string table, column, parent_table, parent_column;  // as the last key that names each says
  bool subject = false;
  for (const auto& [key, value] : v.entries) {
    if (value.what != yaml_value::kind::scalar && (key == "table" || key == "column" || key == "fk"))
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
    } else {
      a.expect.emplace_back(texts.add(key), expected_value{texts.add(value.scalar), value.site,
                                                           value.what, value.quoted});
    }
  }
  if (!subject) return;
  a.table = texts.add(table);
  a.column = texts.add(column);
  a.parent_table = texts.add(parent_table);
  a.parent_column = texts.add(parent_column);
  t.asserts.push_back(std::move(a));
}

}  // namespace

reference parse_reference(std::string_view text, text_pool& texts) {
  reference r;
  r.raw = texts.add(trim(text));
  r.to = resolve_reference(r.raw, texts);
  return r;
}

task read_task(const document& doc, std::string_view text, const yaml_value* front_matter,
               file_id id, const task_input& in, text_pool& texts) {
  task t;
  t.file = id;
  if (front_matter && front_matter->what == yaml_value::kind::map) {
    const yaml_value& fm = *front_matter;
    auto scalar = [&](std::string_view key, std::string_view& out, location* site) {
      const yaml_value* v = fm.find(key);
      if (v && v->what == yaml_value::kind::scalar) {
        out = texts.add(v->scalar);
        if (site) *site = v->key_site;
      }
    };
    scalar("id", t.id, &t.id_site);
    scalar("name", t.name, nullptr);
    scalar("status", t.status, &t.status_site);
    if (const yaml_value* deps = fm.find("depends_on"); deps && deps->what == yaml_value::kind::sequence)
      for (const auto& d : deps->items)
        if (d.what == yaml_value::kind::scalar)
          t.depends_on.emplace_back(texts.add(d.scalar), d.site);
    if (const yaml_value* asserts = fm.find("asserts"); asserts && asserts->what == yaml_value::kind::sequence)
      for (const auto& a : asserts->items) read_assert(a, t, texts);
    t.valid = !t.id.empty();
  }

  line_cursor cursor(text);
  for (std::size_t k = 0; k < in.section_headings.size(); ++k) {
    const heading& h = doc.headings[in.section_headings[k]];
    task_section s;
    s.heading = static_cast<std::uint32_t>(in.section_headings[k]);
    s.end_line = k + 1 < in.section_headings.size()
                     ? doc.headings[in.section_headings[k + 1]].site.line - 1
                     : doc.line_count;
    auto [begin, end] = cursor.lines(h.site.line + 1, s.end_line);
    s.text_offset = static_cast<std::uint32_t>(begin);
    s.text_size = static_cast<std::uint32_t>(end - begin);
    t.sections.push_back(std::move(s));
  }
  std::unordered_set<std::string_view> mentioned;  // views of the text
  std::string mentions;
  for (const task_section& s : t.sections)
    for_each_dotted_name(s.text(text), [&](std::string_view name) {
      if (mentioned.insert(name).second) mentions.append(name).push_back('\n');
    });
  t.mentions = texts.add(mentions);
  auto section_of = [&](std::uint32_t line) -> const task_section* {
    const task_section* found = nullptr;
    for (const auto& s : t.sections)
      if (s.line(doc) <= line && line <= s.end_line) found = &s;
    return found;
  };
  for (const task_item& item : in.items) {
    const task_section* s = section_of(item.site.line);
    if (!s) continue;
    std::string_view title = s->title(doc);
    if (item.checkbox && istarts_with(title, "Acceptance Criteria")) {
      t.criteria.push_back({texts.add(item.text), item.site, item.checked});
    } else if (!item.checkbox && iequals(title, "References")) {
      std::string target = !item.first_link.empty()  ? item.first_link
                           : !item.codes.empty()     ? item.codes.front()
                                                     : std::string(item.text.substr(0, item.text.find(' ')));
      if (trim(target).empty()) continue;
      reference r = parse_reference(target, texts);
      r.site = item.text_site;
      t.references.push_back(std::move(r));
    }
  }
  return t;
}

}  // namespace speclint::load
