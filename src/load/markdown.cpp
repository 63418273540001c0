// Reads one Markdown file into facts: checks its encoding, reads its front matter, has the
// walker hand its blocks to the readers, then hands the whole file to the file readers and
// runs the checks of file texts.

#include <algorithm>
#include <optional>

#include <fmt/format.h>

#include "file_facts.hpp"
#include "front_matter.hpp"
#include "markdown_walker.hpp"
#include "reader_registry.hpp"
#include "speclint/text.hpp"
#include "sql.hpp"
#include "table_names.hpp"

namespace speclint::load {

namespace {

bool sql_name(std::string_view path) {
  return path.size() > 4 && path.ends_with(".sql");
}

class file_reader {
 public:
  file_reader(std::string_view path, file_role role, std::string content, file_id id,
              const config& cfg, const file_callback& on_file, text_pool& texts, bool keep_marks)
      : lim_(cfg.limits),
        settings_(cfg.rule_settings),
        reading_(cfg.reading),
        on_file_(on_file),
        texts_(texts),
        id_(id),
        text_(std::move(content)) {
    facts_.doc.path = texts.add(path);
    facts_.doc.role = role;
    facts_.doc.delta = role == file_role::doc &&
                       std::any_of(cfg.reading.delta.begin(), cfg.reading.delta.end(),
                                   [&](const std::string& g) { return glob_match(g, path); });
    facts_.keep_marks = keep_marks;
  }

  file_facts run() {
    document& doc = facts_.doc;
    std::string& text = text_;
    if (text.starts_with("\xEF\xBB\xBF")) text.erase(0, 3);
    index_lines();
    if (text.find('\0') != std::string::npos) {
      doc.binary = true;
      facts_.issues.push_back(
          {load_issue::kind::binary, {id_, 1, 1}, "binary file (it holds NUL bytes); not read"});
      std::string().swap(text);
      return std::move(facts_);
    }
    check_utf8();
    if (sql_name(doc.path)) return run_sql();
    std::string_view body = text;
    // The front matter is read into a tree here and dropped at the end: what the model
    // needs of it (a doc's table, a task's fields and asserts) is taken out, and the
    // per-file callback is given it.
    std::optional<yaml_value> front_matter;
    auto fm = split_front_matter(text);
    if (fm.present) {
      doc.has_front_matter = true;
      if (!fm.closed) {
        facts_.issues.push_back({load_issue::kind::front_matter,
                                 {id_, 1, 1},
                                 "front matter opened on line 1 is never closed with `---`"});
      } else {
        yaml_error err;
        // YAML ends lines with LF, CRLF or a lone CR, but yaml-cpp knows only the first two:
        // a lone CR becomes LF in a copy (same bytes, so same lines and columns).
        std::string with_lf;
        std::string_view yaml = fm.yaml;
        for (std::size_t i = yaml.find('\r'); i < yaml.size(); ++i)
          if (yaml[i] == '\r' && (i + 1 == yaml.size() || yaml[i + 1] != '\n')) {
            if (with_lf.empty()) with_lf = yaml;
            with_lf[i] = '\n';
          }
        if (!with_lf.empty()) yaml = with_lf;
        front_matter = parse_yaml(yaml, id_, fm.yaml_line, lim_, err);
        if (!front_matter)
          facts_.issues.push_back({load_issue::kind::front_matter,
                                   {id_, std::max(err.line, 1u), std::max(err.column, 1u)},
                                   err.message});
        doc.body_line = fm.body_line;
        body = std::string_view(text).substr(fm.body_offset);
      }
    }
    const yaml_value* fm_value = front_matter ? &*front_matter : nullptr;
    std::string_view doc_table;
    if (doc.role == file_role::doc)
      if (const yaml_value* t = front_matter_table(fm_value)) doc_table = t->scalar;
    const read_context ctx{id_, doc.role, texts_, doc_table, reading_};
    std::vector<list_item> items;  // a task file's, for the task's sections
    whole_file file{&doc, text, fm_value, &items};
    hand_to_readers(file, front_matter_kind, ctx, facts_);
    walk_markdown(body, ctx, facts_, doc.role == file_role::task ? &items : nullptr);
    hand_to_readers(file, file_kind, ctx, facts_);
    // The file, read, goes to the per-file callback here, in this one place.
    if (on_file_)
      on_file_({doc, id_, text, fm_value, facts_.task ? &*facts_.task : nullptr, facts_.issues,
                settings_});
    // Nothing reads the text after this, so no file's text is kept.
    std::string().swap(text);
    fit_to_size();
    return std::move(facts_);
  }

 private:
  // A `.sql` file (a migration) is one SQL script, read as if its whole text were one ```sql
  // block at line 1: same lines and columns, and its statements apply in order.
  file_facts run_sql() {
    code_block b;
    b.info = "sql";
    b.text = std::move(text_);
    b.site = {id_, 1, 1};
    b.first_line = 1;
    // A migration is PostgreSQL unless the configuration names another dialect.
    sql_dialect dialect =
        reading_.dialect == sql_dialect::auto_detect ? sql_dialect::postgres : reading_.dialect;
    read_sql(b, id_, texts_, facts_, dialect, true, true);
    if (on_file_) on_file_({facts_.doc, id_, b.text, nullptr, nullptr, facts_.issues, settings_});
    return std::move(facts_);
  }

  // The model keeps every file's lists until the end, and most are short (a task has five
  // sections, a table a dozen columns): growth by doubling would leave a third of them unused.
  void fit_to_size() {
    document& doc = facts_.doc;
    doc.headings.shrink_to_fit();
    doc.links.shrink_to_fit();
    doc.code_blocks.shrink_to_fit();
    doc.suppressions.shrink_to_fit();
    if (facts_.task) {
      task& t = *facts_.task;
      t.depends_on.shrink_to_fit();
      t.criteria.shrink_to_fit();
      t.references.shrink_to_fit();
      t.asserts.shrink_to_fit();
      t.sections.shrink_to_fit();
    }
  }

  // Line starts, for line counts and section texts; "\r\n", "\n" and "\r" all end a line.
  void index_lines() { facts_.doc.line_count = count_lines(text_); }

  void check_utf8() {
    std::string_view s = text_;
    std::uint32_t line = 1, col = 1;
    for (std::size_t i = 0; i < s.size();) {
      std::size_t len = utf8_length(s, i);
      unsigned char c = static_cast<unsigned char>(s[i]);
      if (len == 0) {
        facts_.issues.push_back({load_issue::kind::markdown,
                                 {id_, line, col},
                                 fmt::format("invalid UTF-8 (byte 0x{:02x})", c)});
        return;
      }
      if (c == '\n' || (c == '\r' && !(i + 1 < s.size() && s[i + 1] == '\n'))) {
        ++line;
        col = 1;
      } else if (c != '\r') {
        col += static_cast<std::uint32_t>(len);  // columns count bytes, as cmark's do
      }
      i += len;
    }
  }

  const limits& lim_;
  const settings& settings_;
  const reading_options& reading_;
  const file_callback& on_file_;
  text_pool& texts_;
  file_id id_;
  std::string text_;  ///< the file's content, until it is read
  file_facts facts_;
};

}  // namespace

std::uint32_t count_lines(std::string_view t) {
  std::uint32_t lines = t.empty() ? 0 : 1;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t[i] == '\r' && i + 1 < t.size() && t[i + 1] == '\n') ++i;
    if ((t[i] == '\n' || t[i] == '\r') && i + 1 < t.size()) ++lines;
  }
  return lines;
}

file_facts read_markdown(std::string_view path, file_role role, std::string content, file_id id,
                         text_pool& texts, const config& cfg, const file_callback& on_file,
                         bool keep_marks) {
  file_facts f =
      file_reader(path, role, std::move(content), id, cfg, on_file, texts, keep_marks).run();
  f.compact();
  return f;
}

}  // namespace speclint::load
