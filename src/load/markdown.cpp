// Reads one Markdown file with cmark-gfm into facts: headings, links, code blocks,
// suppression comments, and the schema facts of column, index and reference tables.

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <unordered_map>

#include <fmt/format.h>

#include "cells.hpp"
#include "file_facts.hpp"
#include "front_matter.hpp"
#include "speclint/targets.hpp"
#include "speclint/text.hpp"
#include "sql.hpp"
#include "task_reader.hpp"

namespace speclint::load {

namespace {

struct iter_free {
  void operator()(cmark_iter* i) const { cmark_iter_free(i); }
};
using iter_ptr = std::unique_ptr<cmark_iter, iter_free>;
struct parser_free {
  void operator()(cmark_parser* p) const { cmark_parser_free(p); }
};
struct node_free {
  void operator()(cmark_node* n) const { cmark_node_free(n); }
};

struct gfm_extensions {
  cmark_syntax_extension* table = nullptr;
  cmark_syntax_extension* tasklist = nullptr;
  cmark_syntax_extension* autolink = nullptr;
  cmark_syntax_extension* strikethrough = nullptr;
};

// Registration touches cmark-gfm's global registry: done once, before any parse.
const gfm_extensions& extensions() {
  static const gfm_extensions e = [] {
    cmark_gfm_core_extensions_ensure_registered();
    return gfm_extensions{cmark_find_syntax_extension("table"),
                          cmark_find_syntax_extension("tasklist"),
                          cmark_find_syntax_extension("autolink"),
                          cmark_find_syntax_extension("strikethrough")};
  }();
  return e;
}

bool is_type(cmark_node* n, const char* name) {
  const char* t = cmark_node_get_type_string(n);
  return t && std::strcmp(t, name) == 0;
}

// The text of an inline subtree: plain, with code spans marked, and the code spans alone.
struct inline_text {
  std::string plain;    ///< code spans without backticks
  std::string marked;   ///< code spans in backticks
  std::string outside;  ///< only the text outside code spans
  std::vector<std::string> codes;
  std::string first_link;
  std::uint32_t code_column = 0;   ///< column of the first code span
  std::uint32_t first_column = 0;  ///< column of the first inline node
};

// Which forms of an inline subtree's text to gather.
enum class text_forms { all, plain_only };

inline_text collect(cmark_node* root, text_forms forms = text_forms::all) {
  const bool all = forms == text_forms::all;
  inline_text out;
  iter_ptr it(cmark_iter_new(root));
  if (!it) return out;
  for (cmark_event_type ev; (ev = cmark_iter_next(it.get())) != CMARK_EVENT_DONE;) {
    if (ev != CMARK_EVENT_ENTER) continue;
    cmark_node* n = cmark_iter_get_node(it.get());
    if (n != root && out.first_column == 0 && cmark_node_get_start_column(n) > 0)
      out.first_column = static_cast<std::uint32_t>(cmark_node_get_start_column(n));
    switch (cmark_node_get_type(n)) {
      case CMARK_NODE_TEXT: {
        const char* s = cmark_node_get_literal(n);
        if (!s) break;
        out.plain += s;
        if (!all) break;
        out.marked += s;
        out.outside += s;
        break;
      }
      case CMARK_NODE_CODE: {
        const char* s = cmark_node_get_literal(n);
        if (!all) {
          if (s) out.plain += s;
          break;
        }
        std::string code = s ? s : "";
        if (out.codes.empty()) out.code_column = static_cast<std::uint32_t>(cmark_node_get_start_column(n));
        out.plain += code;
        out.marked += "`" + code + "`";
        out.codes.push_back(std::move(code));
        break;
      }
      case CMARK_NODE_SOFTBREAK:
      case CMARK_NODE_LINEBREAK:
        out.plain += ' ';
        if (!all) break;
        out.marked += ' ';
        out.outside += ' ';
        break;
      case CMARK_NODE_LINK:
        if (all && out.first_link.empty()) {
          const char* u = cmark_node_get_url(n);
          if (u) out.first_link = u;
        }
        break;
      default:
        break;
    }
  }
  return out;
}

// Header names compared without case, spaces, `_` and `-`.
std::string header_key(std::string_view h) {
  std::string out;
  for (char c : h) {
    if (c == ' ' || c == '_' || c == '-' || c == '\t') continue;
    out += ascii_lower(c);
  }
  return out;
}

// A table cell: its text with code spans without backticks, as schema tables read it, and
// its node, for the other forms of its text (collect), which only other tables need.
struct cell {
  std::string plain;
  location site;
  cmark_node* node = nullptr;  // alive while its table is read
};
using row = std::vector<cell>;

// Which column of a table holds what, or -1.
struct table_layout {
  int column = -1, type = -1, nullable = -1, default_ = -1, references = -1, on_delete = -1,
      on_update = -1, constraints = -1, notes = -1;
  int index = -1, index_columns = -1, unique = -1, where = -1;
  int source = -1, target = -1;
};

table_layout layout_of(const row& header) {
  table_layout l;
  for (int i = 0; i < static_cast<int>(header.size()); ++i) {
    std::string k = header_key(header[static_cast<std::size_t>(i)].plain);
    auto set = [&](int& slot) {
      if (slot < 0) slot = i;
    };
    if (k == "column" || k == "field" || k == "name" || k == "columnname") set(l.column);
    if (k == "type" || k == "datatype") set(l.type);
    if (k == "nullable" || k == "null") set(l.nullable);
    if (k == "default" || k == "defaultvalue") set(l.default_);
    if (k == "references" || k == "fk" || k == "foreignkey") set(l.references);
    if (k == "ondelete") set(l.on_delete);
    if (k == "onupdate") set(l.on_update);
    if (k == "constraints" || k == "constraint") set(l.constraints);
    if (k == "notes" || k == "description" || k == "note" || k == "comment") set(l.notes);
    if (k == "index" || k == "indexname") set(l.index);
    if (k == "columns") set(l.index_columns);
    if (k == "unique") set(l.unique);
    if (k == "where" || k == "predicate") set(l.where);
    if (k == "column" || k == "fk" || k == "from" || k == "source") set(l.source);
    if (k == "references" || k == "to" || k == "target") set(l.target);
  }
  return l;
}

class reader {
 public:
  reader(std::string_view path, file_role role, std::string content, file_id id, const config& cfg,
         const file_checks& checks, text_pool& texts)
      : lim_(cfg.limits),
        settings_(cfg.rule_settings),
        checks_(checks),
        texts_(texts),
        id_(id),
        text_(std::move(content)) {
    facts_.doc.path = texts.add(path);
    facts_.doc.role = role;
  }

  file_facts run() {
    document& doc = facts_.doc;
    std::string& text = text_;
    if (text.starts_with("\xEF\xBB\xBF")) text.erase(0, 3);
    index_lines();
    if (text.find('\0') != std::string::npos) {
      doc.binary = true;
      facts_.issues.push_back({load_issue::kind::binary, {id_, 1, 1},
                               "binary file (it holds NUL bytes); not read"});
      std::string().swap(text);
      return std::move(facts_);
    }
    check_utf8();
    std::string_view body = text;
    // The front matter is read into a tree here and dropped at the end: what the model
    // needs of it (a doc's table, a task's fields and asserts) is taken out, and the rules
    // that check a task's front matter are given it now.
    std::optional<yaml_value> front_matter;
    auto fm = split_front_matter(text);
    if (fm.present) {
      doc.has_front_matter = true;
      if (!fm.closed) {
        facts_.issues.push_back({role_issue(), {id_, 1, 1},
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
          facts_.issues.push_back({role_issue(), {id_, std::max(err.line, 1u), std::max(err.column, 1u)},
                                   err.message});
        doc.body_line = fm.body_line;
        body = std::string_view(text).substr(fm.body_offset);
      }
    }
    if (doc.role == file_role::doc && front_matter)
      if (const yaml_value* t = front_matter->find("table");
          t && t->what == yaml_value::kind::scalar && !t->scalar.empty()) {
        doc_table_ = t->scalar;
        facts_.tables.emplace_back(doc_table_, t->site);
      }
    parse_body(body);
    if (doc.role == file_role::doc) read_sql_blocks(facts_, id_, blocks_, texts_);
    if (doc.role == file_role::task) {
      if (front_matter)
        for (task_front_matter_check check : checks_.task_front_matter)
          check(*front_matter, id_, settings_, facts_.issues);
      facts_.task =
          read_task(doc, text, front_matter ? &*front_matter : nullptr, id_, task_input_, texts_);
    }
    const task* t = facts_.task ? &*facts_.task : nullptr;
    for (file_text_check check : checks_.file_text)
      check(doc, text, t, id_, settings_, facts_.text_findings);
    // Nothing reads the text after this, so no file's text is kept.
    std::string().swap(text);
    fit_to_size();
    return std::move(facts_);
  }

 private:
  load_issue::kind role_issue() const {
    return facts_.doc.role == file_role::task ? load_issue::kind::task_front_matter
                                              : load_issue::kind::front_matter;
  }

  // The model keeps every file's lists until the end, and most are short (a task has five
  // sections, a table a dozen columns): growth by doubling would leave a third of them unused.
  void fit_to_size() {
    document& doc = facts_.doc;
    doc.headings.shrink_to_fit();
    doc.links.shrink_to_fit();
    doc.fit_rare_lists();
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
    const auto* s = reinterpret_cast<const unsigned char*>(text_.data());
    std::size_t n = text_.size();
    std::uint32_t line = 1, col = 1;
    for (std::size_t i = 0; i < n;) {
      unsigned char c = s[i];
      std::size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
      bool ok = len != 0 && i + len <= n;
      for (std::size_t k = 1; ok && k < len; ++k) ok = (s[i + k] & 0xC0) == 0x80;
      if (ok && len == 2) ok = c >= 0xC2;
      if (ok && len == 3) {
        unsigned cp = ((c & 0x0Fu) << 12) | ((s[i + 1] & 0x3Fu) << 6);
        ok = cp >= 0x800 && !(cp >= 0xD800 && cp <= 0xDFFF);
      }
      if (ok && len == 4) {
        unsigned cp = ((c & 0x07u) << 18) | ((s[i + 1] & 0x3Fu) << 12);
        ok = cp >= 0x10000 && cp <= 0x10FFFF;
      }
      if (!ok) {
        facts_.issues.push_back({load_issue::kind::markdown, {id_, line, col},
                                 fmt::format("invalid UTF-8 (byte 0x{:02x})", c)});
        return;
      }
      if (c == '\n' || (c == '\r' && !(i + 1 < n && s[i + 1] == '\n'))) {
        ++line;
        col = 1;
      } else if (c != '\r') {
        col += static_cast<std::uint32_t>(len);  // columns count bytes, as cmark's do
      }
      i += len;
    }
  }

  location at(cmark_node* n) const {
    int line = cmark_node_get_start_line(n);
    int col = cmark_node_get_start_column(n);
    if (line <= 0) return {id_, 0, 0};
    return {id_, static_cast<std::uint32_t>(line) + facts_.doc.body_line - 1,
            static_cast<std::uint32_t>(std::max(col, 1))};
  }

  void parse_body(std::string_view body) {
    const gfm_extensions& ext = extensions();
    std::unique_ptr<cmark_parser, parser_free> parser(cmark_parser_new(CMARK_OPT_DEFAULT));
    for (cmark_syntax_extension* e : {ext.table, ext.tasklist, ext.autolink, ext.strikethrough})
      if (e) cmark_parser_attach_syntax_extension(parser.get(), e);
    cmark_parser_feed(parser.get(), body.data(), body.size());
    std::unique_ptr<cmark_node, node_free> root(cmark_parser_finish(parser.get()));
    iter_ptr it(cmark_iter_new(root.get()));
    for (cmark_event_type ev; (ev = cmark_iter_next(it.get())) != CMARK_EVENT_DONE;) {
      if (ev != CMARK_EVENT_ENTER) continue;
      cmark_node* n = cmark_iter_get_node(it.get());
      switch (cmark_node_get_type(n)) {
        case CMARK_NODE_HEADING: on_heading(n); break;
        case CMARK_NODE_LINK:
        case CMARK_NODE_IMAGE: on_link(n); break;
        case CMARK_NODE_CODE_BLOCK: on_code_block(n); break;
        case CMARK_NODE_HTML_BLOCK:
        case CMARK_NODE_HTML_INLINE: on_html(n); break;
        case CMARK_NODE_ITEM:
          // A GFM task-list item stays an item; the extension only renames its type string.
          if (is_type(n, "tasklist")) on_item(n, true, cmark_gfm_extensions_get_tasklist_item_checked(n));
          else on_item(n, false, false);
          break;
        // The most common core nodes, which no extension renames: no type string to compare.
        case CMARK_NODE_TEXT:
        case CMARK_NODE_CODE:
        case CMARK_NODE_SOFTBREAK:
        case CMARK_NODE_LINEBREAK:
        case CMARK_NODE_PARAGRAPH:
        case CMARK_NODE_EMPH:
        case CMARK_NODE_STRONG:
        case CMARK_NODE_LIST:
        case CMARK_NODE_DOCUMENT:
          break;
        default:
          if (is_type(n, "table")) on_table(n);
          else if (is_type(n, "tasklist")) on_item(n, true, cmark_gfm_extensions_get_tasklist_item_checked(n));
          break;
      }
    }
    finish_headings();
  }

  void on_heading(cmark_node* n) {
    document& doc = facts_.doc;
    inline_text t = collect(n);
    std::string text = collapse_space(t.plain);
    std::string slug = github_slug(text);
    int& seen = slug_counts_[slug];
    const heading& h =
        doc.headings.emplace_back(texts_, cmark_node_get_heading_level(n), text,
                                  seen == 0 ? slug : fmt::format("{}-{}", slug, seen), at(n));
    ++seen;
    if (doc.role == file_role::task && h.level() <= 2)
      task_input_.section_headings.push_back(doc.headings.size() - 1);

    if (table_level_ > 0 && h.level() <= table_level_) {
      table_level_ = 0;
      current_table_.clear();
    }
    if (doc.role != file_role::doc) return;
    if (auto name = table_name(t)) {
      current_table_ = *name;
      table_level_ = h.level();
      facts_.tables.emplace_back(current_table_, h.site);
    }
  }

  // A heading names a table when it is one code span, or holds "table" and exactly one code
  // span, or reads "Table: name".
  static std::optional<std::string> table_name(const inline_text& t) {
    std::string outside = collapse_space(t.outside);
    if (t.codes.size() == 1 && outside.empty()) return valid_name(t.codes[0]);
    if (t.codes.size() == 1) {
      std::string lower = " " + to_lower(outside) + " ";
      for (char& c : lower)
        if (!(c >= 'a' && c <= 'z')) c = ' ';
      if (lower.find(" table ") != std::string::npos) return valid_name(t.codes[0]);
    }
    std::string plain = collapse_space(t.plain);
    if (plain.size() > 6 && iequals(std::string_view(plain).substr(0, 6), "table:"))
      return valid_name(trim(std::string_view(plain).substr(6)));
    return std::nullopt;
  }

  static std::optional<std::string> valid_name(std::string_view s) {
    s = trim(s);
    if (s.empty()) return std::nullopt;
    for (char c : s)
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
            c == '.' || c == '$' || c == '"'))
        return std::nullopt;
    std::string out(s);
    if (out.size() >= 2 && out.front() == '"' && out.back() == '"') out = out.substr(1, out.size() - 2);
    return out;
  }

  void on_link(cmark_node* n) {
    const char* url = cmark_node_get_url(n);
    if (!url || !*url) return;
    std::string_view raw = texts_.add(url);
    facts_.doc.links.push_back(
        {raw, at(n), resolve_link(parent_dir(facts_.doc.path), raw, texts_)});
  }

  void on_code_block(cmark_node* n) {
    int fence_length = 0, fence_offset = 0;
    char fence_char = 0;
    if (!cmark_node_get_fenced(n, &fence_length, &fence_offset, &fence_char)) return;
    code_block b;
    const char* info = cmark_node_get_fence_info(n);
    std::string_view first = trim(info ? std::string_view(info) : std::string_view{});
    b.info = to_lower(first.substr(0, first.find_first_of(" \t{")));
    const char* lit = cmark_node_get_literal(n);
    b.text = lit ? lit : "";
    b.site = at(n);
    b.first_line = b.site.line + 1;
    b.indent = static_cast<std::uint32_t>(fence_offset);
    facts_.doc.add_code_block(std::move(b));
  }

  void on_html(cmark_node* n) {
    const char* lit = cmark_node_get_literal(n);
    if (!lit) return;
    std::string_view html = lit;
    std::uint32_t base = at(n).line;
    for (std::size_t open = html.find("<!--"); open != std::string_view::npos;
         open = html.find("<!--", open + 4)) {
      std::size_t close = html.find("-->", open + 4);
      if (close == std::string_view::npos) break;
      std::string_view body = trim(html.substr(open + 4, close - open - 4));
      auto line = base + static_cast<std::uint32_t>(std::count(html.begin(), html.begin() + static_cast<std::ptrdiff_t>(open), '\n'));
      static constexpr std::pair<std::string_view, suppression::kind> directives[] = {
          {"speclint-disable-next-line", suppression::kind::next_line},
          {"speclint-disable-line", suppression::kind::same_line},
          {"speclint-disable-file", suppression::kind::file},
          {"speclint-disable", suppression::kind::disable},
          {"speclint-enable", suppression::kind::enable},
      };
      for (auto [word, kind] : directives) {
        if (!body.starts_with(word)) continue;
        std::string_view rest = body.substr(word.size());
        if (!rest.empty() && rest.front() != ' ' && rest.front() != '\t' && rest.front() != '\n') continue;
        suppression s;
        s.what = kind;
        s.line = line;
        for (auto& r : split_list(collapse_space(rest), ' ')) s.rules.push_back(r);
        facts_.doc.add_suppression(std::move(s));
        break;
      }
      open = close;
    }
  }

  void on_item(cmark_node* n, bool is_task_item, bool checked) {
    cmark_node* para = cmark_node_first_child(n);
    if (!para || cmark_node_get_type(para) != CMARK_NODE_PARAGRAPH) return;
    inline_text t = collect(para);
    location site = at(n);
    if (facts_.doc.role == file_role::task) {
      task_input_.items.push_back({is_task_item, checked, collapse_space(t.plain),
                                   t.first_link, t.codes, site, at(para)});
      return;
    }
    find_arrows(t.marked, site);
  }

  // `a.b` → `c.d` with optional onDelete / onUpdate words after it.
  void find_arrows(std::string_view marked, location site) {
    for (std::string_view arrow : {std::string_view("\u2192"), std::string_view("->")}) {
      for (std::size_t p = marked.find(arrow); p != std::string_view::npos; p = marked.find(arrow, p + 1)) {
        std::string_view left = trim(marked.substr(0, p));
        std::string_view right = trim(marked.substr(p + arrow.size()));
        if (!left.ends_with('`') || !right.starts_with('`')) continue;
        std::size_t lopen = left.rfind('`', left.size() - 2);
        std::size_t rclose = right.find('`', 1);
        if (lopen == std::string_view::npos || rclose == std::string_view::npos) continue;
        auto from = parse_column_ref(left.substr(lopen + 1, left.size() - lopen - 2));
        auto to = parse_column_ref(right.substr(1, rclose - 1));
        if (!from || !to) continue;
        std::string_view rest = right.substr(rclose + 1);
        // Actions belong to this arrow only up to the next arrow.
        std::size_t next = std::min(rest.find("\u2192"), rest.find("->"));
        if (next != std::string_view::npos) rest = rest.substr(0, next);
        fk_decl d;
        d.site = site;
        d.source = fact_source::arrow_item;
        d.parent_table = to->table;
        d.parent_columns = {to->column};
        // The action may itself be a code span: "onDelete: `CASCADE`".
        std::string words;
        for (char c : rest)
          if (c != '`') words += c;
        if (auto a = find_action_after(words, true)) d.on_delete = make_action(*a, site);
        if (auto a = find_action_after(words, false)) d.on_update = make_action(*a, site);
        facts_.fks.push_back({from->table, {from->column}, std::move(d)});
      }
    }
  }

  action make_action(std::string_view raw, location site) const {
    action a;
    a.raw = texts_.add(trim(raw));
    std::string_view words = a.raw;
    // PostgreSQL 15's column list: `SET NULL (col, ...)`, `SET DEFAULT (col, ...)`.
    if (auto open = words.find('('); open != std::string_view::npos && words.ends_with(')')) {
      auto kind = parse_action(words.substr(0, open));
      if (kind == action_kind::set_null || kind == action_kind::set_default) {
        for (auto& c : split_list(words.substr(open + 1, words.size() - open - 2), ','))
          a.columns.push_back(valid_name(c).value_or(c));
        words = words.substr(0, open);
      }
    }
    a.kind = parse_action(words).value_or(action_kind::unknown);
    a.site = site;
    return a;
  }

  std::optional<action> cell_action(const row& r, int idx) const {
    if (idx < 0 || idx >= static_cast<int>(r.size())) return std::nullopt;
    const cell& c = r[static_cast<std::size_t>(idx)];
    if (is_blank_cell(c.plain)) return std::nullopt;
    return make_action(collapse_space(c.plain), c.site);
  }

  void on_table(cmark_node* n) {
    std::vector<row> rows;
    for (cmark_node* r = cmark_node_first_child(n); r; r = cmark_node_next(r)) {
      row cells;
      cells.reserve(rows.empty() ? 0 : rows.front().size());
      for (cmark_node* c = cmark_node_first_child(r); c; c = cmark_node_next(c)) {
        inline_text t = collect(c, text_forms::plain_only);
        cell x{std::move(t.plain), at(c), c};
        // Point at the cell's content rather than the space after the pipe.
        if (t.first_column && x.site.line) x.site.column = t.first_column;
        cells.push_back(std::move(x));
      }
      rows.push_back(std::move(cells));
    }
    if (rows.empty() || facts_.doc.role != file_role::doc) return;
    table_layout l = layout_of(rows.front());
    std::string table = current_table_.empty() ? doc_table_ : current_table_;
    if (!table.empty() && l.column >= 0 && l.type >= 0) {
      read_column_table(table, l, rows);
    } else if (!table.empty() && l.index >= 0 && l.index_columns >= 0) {
      read_index_table(table, l, rows);
    } else if (l.source >= 0 && l.target >= 0 && l.source != l.target && l.type < 0) {
      read_reference_table(l, rows);
    } else {
      for (std::size_t i = 1; i < rows.size(); ++i)
        for (const cell& c : rows[i]) find_arrows(collect(c.node).marked, c.site);
    }
  }

  static std::string cell_text(const row& r, int idx) {
    if (idx < 0 || idx >= static_cast<int>(r.size())) return {};
    return collapse_space(r[static_cast<std::size_t>(idx)].plain);
  }

  void read_column_table(const std::string& table, const table_layout& l, const std::vector<row>& rows) {
    std::uint32_t block = ++blocks_;
    for (std::size_t i = 1; i < rows.size(); ++i) {
      const row& r = rows[i];
      std::string name = cell_text(r, l.column);
      if (auto v = valid_name(name)) name = *v;
      else continue;
      column_decl d;
      d.site = r[static_cast<std::size_t>(l.column)].site;
      d.source = fact_source::column_table;
      d.block = block;
      cell_constraints type = parse_type_cell(cell_text(r, l.type));
      opt_text type_text, default_text, note_text;
      if (!type.type.empty()) type_text = type.type;
      cell_constraints cons = parse_constraint_cell(cell_text(r, l.constraints), false);
      cell_constraints notes = parse_constraint_cell(cell_text(r, l.notes), true);
      std::optional<bool> nullable;
      if (l.nullable >= 0) nullable = parse_nullable(cell_text(r, l.nullable));
      for (const auto* c : {&type, &cons, &notes}) {
        if (!nullable && c->nullable) nullable = c->nullable;
        if (!default_text && c->default_value) default_text = *c->default_value;
        d.primary_key |= c->primary_key;
        d.unique |= c->unique;
      }
      d.nullable = nullable;
      std::string def = cell_text(r, l.default_);
      if (!is_blank_cell(def)) default_text = def;
      std::string note = cell_text(r, l.notes);
      if (!is_blank_cell(note)) note_text = note;
      d.set_texts(texts_, type_text, default_text, note_text);

      std::optional<column_ref> target;
      if (l.references >= 0 && !is_blank_cell(cell_text(r, l.references)))
        target = parse_column_ref(cell_text(r, l.references));
      std::optional<action> on_delete = cell_action(r, l.on_delete);
      std::optional<action> on_update = cell_action(r, l.on_update);
      for (const auto* c : {&type, &cons, &notes}) {
        if (!target && c->references) target = c->references;
        if (!on_delete && c->on_delete) on_delete = make_action(*c->on_delete, d.site);
        if (!on_update && c->on_update) on_update = make_action(*c->on_update, d.site);
      }
      if (target) {
        fk_decl fk;
        fk.site = d.site;
        fk.source = fact_source::column_table;
        fk.parent_table = target->table;
        fk.parent_columns = {target->column};
        fk.on_delete = on_delete;
        fk.on_update = on_update;
        facts_.fks.push_back({table, {name}, std::move(fk)});
      }
      facts_.columns.push_back({table, name, std::move(d)});
    }
  }

  void read_index_table(const std::string& table, const table_layout& l, const std::vector<row>& rows) {
    for (std::size_t i = 1; i < rows.size(); ++i) {
      const row& r = rows[i];
      index_def ix;
      ix.name = cell_text(r, l.index);
      ix.site = r[static_cast<std::size_t>(l.index)].site;
      for (auto& c : split_list(cell_text(r, l.index_columns), ','))
        ix.columns.push_back(valid_name(c).value_or(c));
      if (ix.columns.empty()) continue;
      if (l.unique >= 0) ix.unique = parse_nullable(cell_text(r, l.unique)).value_or(false);
      std::string where = cell_text(r, l.where);
      if (!is_blank_cell(where)) ix.where = where;
      facts_.indexes.emplace_back(table, std::move(ix));
    }
  }

  void read_reference_table(const table_layout& l, const std::vector<row>& rows) {
    for (std::size_t i = 1; i < rows.size(); ++i) {
      const row& r = rows[i];
      auto from = parse_column_ref(cell_text(r, l.source));
      auto to = parse_column_ref(cell_text(r, l.target));
      if (!from || !to) continue;
      fk_decl d;
      d.site = r[static_cast<std::size_t>(l.source)].site;
      d.source = fact_source::reference_table;
      d.parent_table = to->table;
      d.parent_columns = {to->column};
      d.on_delete = cell_action(r, l.on_delete);
      d.on_update = cell_action(r, l.on_update);
      facts_.fks.push_back({from->table, {from->column}, std::move(d)});
    }
  }

  // Each heading's section runs to the line before the next heading of the same or a
  // higher level.
  void finish_headings() {
    auto& hs = facts_.doc.headings;
    std::vector<std::size_t> open;
    for (std::size_t i = 0; i < hs.size(); ++i) {
      while (!open.empty() && hs[open.back()].level() >= hs[i].level()) {
        hs[open.back()].end_line = hs[i].site.line - 1;
        open.pop_back();
      }
      open.push_back(i);
    }
    for (std::size_t i : open) hs[i].end_line = std::max(facts_.doc.line_count, hs[i].site.line);
  }

  const limits& lim_;
  const settings& settings_;
  const file_checks& checks_;
  text_pool& texts_;
  file_id id_;
  std::string text_;  ///< the file's content, until it is read
  file_facts facts_;
  std::string doc_table_;
  std::string current_table_;
  int table_level_ = 0;
  std::uint32_t blocks_ = 0;
  std::unordered_map<std::string, int> slug_counts_;
  task_input task_input_;
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
                         text_pool& texts, const config& cfg, const file_checks& checks) {
  return reader(path, role, std::move(content), id, cfg, checks, texts).run();
}

}  // namespace speclint::load
