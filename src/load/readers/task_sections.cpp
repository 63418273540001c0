// task-sections: a task file's level-1 and level-2 sections, the `a.b` names their text
// mentions, the checkboxes under Acceptance Criteria and the items under References.

#include <algorithm>
#include <unordered_set>

#include "reader.hpp"
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

// A reference (`path`, `path:12`, `path:12-20`, `path#anchor`, `#anchor`), its texts kept in
// `texts`.
reference parse_reference(std::string_view text, text_pool& texts) {
  reference r;
  r.raw = texts.add(trim(text));
  r.to = resolve_reference(r.raw, texts);
  return r;
}

class task_sections_reader final : public reader {
 public:
  std::string_view name() const override { return "task-sections"; }
  unsigned kinds() const override { return file_kind; }

  bool accepts(const whole_file&, const read_context& ctx) const override {
    return ctx.role == file_role::task;
  }

  void read(const whole_file& f, const read_context& ctx, file_facts& out) const override {
    const document& doc = *f.doc;
    text_pool& texts = ctx.texts;
    task& t = out.task ? *out.task : out.task.emplace();
    std::vector<std::size_t> section_headings;
    for (std::size_t i = 0; i < doc.headings.size(); ++i)
      if (doc.headings[i].level <= 2) section_headings.push_back(i);

    line_cursor cursor(f.text);
    for (std::size_t k = 0; k < section_headings.size(); ++k) {
      const heading& h = doc.headings[section_headings[k]];
      task_section s;
      s.heading = static_cast<std::uint32_t>(section_headings[k]);
      s.end_line = k + 1 < section_headings.size()
                       ? doc.headings[section_headings[k + 1]].site.line - 1
                       : doc.line_count;
      auto [begin, end] = cursor.lines(h.site.line + 1, s.end_line);
      s.text_offset = static_cast<std::uint32_t>(begin);
      s.text_size = static_cast<std::uint32_t>(end - begin);
      t.sections.push_back(std::move(s));
    }
    std::unordered_set<std::string_view> mentioned;  // views of the text
    std::string mentions;
    for (const task_section& s : t.sections)
      for_each_dotted_name(s.text(f.text), [&](std::string_view name) {
        if (mentioned.insert(name).second) mentions.append(name).push_back('\n');
      });
    t.mentions = texts.add(mentions);
    auto section_of = [&](std::uint32_t line) -> const task_section* {
      const task_section* found = nullptr;
      for (const auto& s : t.sections)
        if (s.line(doc) <= line && line <= s.end_line) found = &s;
      return found;
    };
    if (!f.items) return;
    for (const list_item& item : *f.items) {
      const task_section* s = section_of(item.site.line);
      if (!s) continue;
      std::string_view title = s->title(doc);
      if (item.checkbox && istarts_with(title, "Acceptance Criteria")) {
        t.criteria.push_back({texts.add(item.text), item.site, item.checked});
      } else if (!item.checkbox && iequals(title, "References")) {
        std::string target = !item.first_link.empty() ? item.first_link
                             : !item.codes.empty()
                                 ? item.codes.front()
                                 : std::string(item.text.substr(0, item.text.find(' ')));
        if (trim(target).empty()) continue;
        reference r = parse_reference(target, texts);
        r.site = item.text_site;
        t.references.push_back(std::move(r));
      }
    }
  }
};

const task_sections_reader task_sections_instance;

}  // namespace

namespace readers {
const reader& task_sections = task_sections_instance;
}  // namespace readers

}  // namespace speclint::load
