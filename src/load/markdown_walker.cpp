#include "markdown_walker.hpp"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <memory>
#include <unordered_map>

#include <fmt/format.h>

#include "cells.hpp"
#include "psql_output.hpp"
#include "reader_registry.hpp"
#include "speclint/targets.hpp"
#include "speclint/text.hpp"
#include "sql_dialect.hpp"
#include "table_header.hpp"
#include "table_names.hpp"

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
    return gfm_extensions{
        cmark_find_syntax_extension("table"), cmark_find_syntax_extension("tasklist"),
        cmark_find_syntax_extension("autolink"), cmark_find_syntax_extension("strikethrough")};
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
        if (out.codes.empty())
          out.code_column = static_cast<std::uint32_t>(cmark_node_get_start_column(n));
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

// A heading text that could be a table's name as it stands: letters (any script), digits
// and `_`.
bool is_plain_name(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char ch) {
    auto c = static_cast<unsigned char>(ch);
    return c >= 0x80 || c == '_' || (c >= '0' && c <= '9') ||
           ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
  });
}

// True when the text has `CREATE TABLE` (any case, any white space between the words, and
// TEMP, TEMPORARY or UNLOGGED between them) starting a word.
bool holds_create_table(std::string_view text) {
  const std::string lower = to_lower(text);
  auto word_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  for (std::size_t at = lower.find("create"); at != std::string::npos;
       at = lower.find("create", at + 1)) {
    if (at > 0 && word_char(lower[at - 1])) continue;
    std::string_view rest = std::string_view(lower).substr(at + 6);
    auto skip_space = [&] {
      std::size_t n = 0;
      while (n < rest.size() && std::isspace(static_cast<unsigned char>(rest[n]))) ++n;
      rest.remove_prefix(n);
      return n > 0;
    };
    if (!skip_space()) continue;
    for (std::string_view w : {"temporary", "temp", "unlogged"})
      if (rest.starts_with(w) && rest.size() > w.size() &&
          std::isspace(static_cast<unsigned char>(rest[w.size()]))) {
        rest.remove_prefix(w.size());
        skip_space();
        break;
      }
    if (rest.starts_with("table") && (rest.size() == 5 || !word_char(rest[5]))) return true;
  }
  return false;
}

class walker {
 public:
  walker(const read_context& ctx, file_facts& out, std::vector<list_item>* items)
      : ctx_(ctx), out_(out), items_(items), doc_table_(ctx.table) {}

  void run(std::string_view body) {
    const gfm_extensions& ext = extensions();
    std::unique_ptr<cmark_parser, parser_free> parser(cmark_parser_new(CMARK_OPT_DEFAULT));
    for (cmark_syntax_extension* e : {ext.table, ext.tasklist, ext.autolink, ext.strikethrough})
      if (e) cmark_parser_attach_syntax_extension(parser.get(), e);
    cmark_parser_feed(parser.get(), body.data(), body.size());
    // The tree outlives the walk: table cells point into it while their table is read.
    std::unique_ptr<cmark_node, node_free> root(cmark_parser_finish(parser.get()));
    if (ctx_.role == file_role::doc && ctx_.reading.dialect == sql_dialect::auto_detect)
      out_.dialect = file_dialect(root.get());
    iter_ptr it(cmark_iter_new(root.get()));
    for (cmark_event_type ev; (ev = cmark_iter_next(it.get())) != CMARK_EVENT_DONE;) {
      if (ev != CMARK_EVENT_ENTER) continue;
      cmark_node* n = cmark_iter_get_node(it.get());
      switch (cmark_node_get_type(n)) {
        case CMARK_NODE_HEADING:
          on_heading(n);
          break;
        case CMARK_NODE_LINK:
        case CMARK_NODE_IMAGE:
          on_link(n);
          break;
        case CMARK_NODE_CODE_BLOCK:
          on_code_block(n);
          break;
        case CMARK_NODE_HTML_BLOCK:
        case CMARK_NODE_HTML_INLINE:
          on_html(n);
          break;
        case CMARK_NODE_ITEM:
          // A GFM task-list item stays an item; the extension only renames its type string.
          if (is_type(n, "tasklist"))
            on_item(n, true, cmark_gfm_extensions_get_tasklist_item_checked(n));
          else
            on_item(n, false, false);
          break;
        // The most common core nodes, which no extension renames: no type string to compare.
        case CMARK_NODE_TEXT:
        case CMARK_NODE_CODE:
        case CMARK_NODE_PARAGRAPH:
          on_paragraph(n);
          break;
        case CMARK_NODE_SOFTBREAK:
        case CMARK_NODE_LINEBREAK:
        case CMARK_NODE_EMPH:
        case CMARK_NODE_STRONG:
        case CMARK_NODE_LIST:
        case CMARK_NODE_DOCUMENT:
          break;
        default:
          if (is_type(n, "table"))
            on_table(n);
          else if (is_type(n, "tasklist"))
            on_item(n, true, cmark_gfm_extensions_get_tasklist_item_checked(n));
          break;
      }
    }
    finish_headings();
    heading_ = {};
    // Fenced blocks are handed over after the walk: the facts of a doc's DDL then follow
    // those of its tables, as the merge's column order and first declarations expect.
    read_context c = block_context(doc_table_);
    const std::vector<code_block>& blocks = out_.doc.code_blocks;
    for (const code_block& b : blocks) {
      // A Mermaid diagram's CREATE TABLE is a label in a picture, never DDL to be read.
      if (c.role == file_role::doc && b.info != "mermaid" && !read_as_schema(b, fenced_kind, c))
        unread_code_block(b);
      hand_to_readers(b, fenced_kind, c, out_);
    }
    // The columns of a doc written for MySQL or SQLite are that dialect's, whichever notation
    // stated them.
    const sql_dialect dialect =
        ctx_.reading.dialect != sql_dialect::auto_detect ? ctx_.reading.dialect : out_.dialect;
    if (dialect == sql_dialect::mysql || dialect == sql_dialect::sqlite)
      for (auto& col : out_.columns) col.decl.dialect = dialect;
  }

 private:
  read_context block_context(std::string_view table) const {
    return {ctx_.file,
            ctx_.role,
            ctx_.texts,
            table,
            ctx_.reading,
            heading_,
            !table.empty() && table == current_table_ && at_table_heading_};
  }

  // The table of the current section, else the doc's.
  std::string_view section_table() const {
    return current_table_.empty() ? doc_table_ : std::string_view(current_table_);
  }

  location at(cmark_node* n) const {
    int line = cmark_node_get_start_line(n);
    int col = cmark_node_get_start_column(n);
    if (line <= 0) return {ctx_.file, 0, 0};
    return {ctx_.file, static_cast<std::uint32_t>(line) + out_.doc.body_line - 1,
            static_cast<std::uint32_t>(std::max(col, 1))};
  }

  void on_heading(cmark_node* n) {
    document& doc = out_.doc;
    inline_text t = collect(n);
    std::string text = collapse_space(t.plain);
    std::string slug = github_slug(text);
    int& seen = slug_counts_[slug];
    heading& h = doc.headings.emplace_back();
    h.text = ctx_.texts.add(text);
    h.slug = ctx_.texts.add(seen == 0 ? slug : fmt::format("{}-{}", slug, seen));
    h.site = at(n);
    h.level = cmark_node_get_heading_level(n);
    heading_ = h.text;
    at_table_heading_ = false;
    ++seen;
    // A section that a plain heading opened (name_table_by_section) holds only its parts:
    // any other subheading ends it.
    if (table_level_ > 0 &&
        (h.level <= table_level_ || (opened_by_plain_name_ && !is_section_part(t.plain)))) {
      table_level_ = 0;
      current_table_.clear();
      opened_by_plain_name_ = false;
    }
    while (!plain_names_.empty() && plain_names_.back().level >= h.level) plain_names_.pop_back();
    if (doc.role != file_role::doc) return;
    heading_block block{&h, {}};
    if (auto name = table_named_by(t.plain, t.outside, t.codes, t.marked)) {
      // A heading above a named table's section is a title, not a table's name.
      for (plain_name& p : plain_names_) p.name.clear();
      opened_by_plain_name_ = false;
      current_table_ = std::move(*name);
      table_level_ = h.level;
      at_table_heading_ = true;
      block.names_table = current_table_;
    } else if (auto plain = table_named_by_section(t.plain)) {
      plain_names_.push_back({h.level, doc.headings.size() - 1, std::move(*plain)});
    } else if (doc.headings.size() == 1 && h.level == 1 && t.plain == to_lower(t.plain) &&
               valid_name(t.plain, true)) {
      // A doc's title that is a part's word in lower case (`# comments`, `# notes`) is a
      // generated doc's table name, as `## Comments` under a table's heading is a part.
      plain_names_.push_back({h.level, 0, t.plain});
    } else if (!is_section_part(t.plain)) {
      // Any other heading: a table of columns under it belongs to no heading above it.
      plain_names_.push_back({h.level, 0, {}});
    }
    hand_to_readers(block, heading_kind, block_context(section_table()), out_);
  }

  // A table of columns outside any table's section, under a heading that names a table once
  // its section holds one (`# users`, `## 3. users`): that heading now opens the table's
  // section, and the table is defined at its place. Only the table-heading reader takes
  // headings, so handing the heading over again adds only the table.
  void name_table_by_section() {
    const plain_name p = std::move(plain_names_.back());
    plain_names_.clear();
    current_table_ = p.name;
    table_level_ = p.level;
    opened_by_plain_name_ = true;
    at_table_heading_ = p.heading + 1 == out_.doc.headings.size();
    heading_block block{&out_.doc.headings[p.heading], current_table_};
    hand_to_readers(block, heading_kind, block_context(current_table_), out_);
  }

  void on_link(cmark_node* n) {
    const char* url = cmark_node_get_url(n);
    if (!url || !*url) return;
    std::string_view raw = ctx_.texts.add(url);
    out_.doc.links.push_back(
        {raw, at(n), resolve_link(parent_dir(out_.doc.path), raw, ctx_.texts)});
  }

  // A fence's info string's first word, lower-cased: ```sql title="x", ```sql{1,3} and
  // ```sql, all say sql.
  static std::string info_word(cmark_node* n) {
    const char* info = cmark_node_get_fence_info(n);
    std::string_view first = trim(info ? std::string_view(info) : std::string_view{});
    return to_lower(first.substr(0, first.find_first_of(" \t{,")));
  }

  // The dialect of the doc's first top-level SQL block written in MySQL or SQLite: the tables
  // read before the blocks (constraint tables) are in it too.
  static sql_dialect file_dialect(cmark_node* root) {
    for (cmark_node* n = cmark_node_first_child(root); n; n = cmark_node_next(n)) {
      if (cmark_node_get_type(n) != CMARK_NODE_CODE_BLOCK) continue;
      const std::string word = info_word(n);
      sql_dialect d = dialect_of_info(word, sql_dialect::auto_detect);
      if (d == sql_dialect::auto_detect && word == "sql")
        if (const char* lit = cmark_node_get_literal(n)) d = detect_dialect(lit);
      if (d == sql_dialect::mysql || d == sql_dialect::sqlite) return d;
    }
    return sql_dialect::auto_detect;
  }

  void on_code_block(cmark_node* n) {
    int fence_length = 0, fence_offset = 0;
    char fence_char = 0;
    if (!cmark_node_get_fenced(n, &fence_length, &fence_offset, &fence_char)) return;
    code_block b;
    b.info = info_word(n);
    const char* lit = cmark_node_get_literal(n);
    b.text = lit ? lit : "";
    b.site = at(n);
    b.first_line = b.site.line + 1;
    b.indent = static_cast<std::uint32_t>(fence_offset);
    out_.doc.code_blocks.push_back(std::move(b));
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
      auto line = base + static_cast<std::uint32_t>(std::count(
                             html.begin(), html.begin() + static_cast<std::ptrdiff_t>(open), '\n'));
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
        if (!rest.empty() && rest.front() != ' ' && rest.front() != '\t' && rest.front() != '\n')
          continue;
        suppression s;
        s.what = kind;
        s.line = line;
        for (auto& r : split_list(collapse_space(rest), ' ')) s.rules.push_back(r);
        out_.doc.suppressions.push_back(std::move(s));
        break;
      }
      open = close;
    }
  }

  void on_item(cmark_node* n, bool is_task_item, bool checked) {
    cmark_node* para = cmark_node_first_child(n);
    if (!para || cmark_node_get_type(para) != CMARK_NODE_PARAGRAPH) return;
    inline_text t = collect(para);
    list_item item{is_task_item,
                   checked,
                   collapse_space(t.plain),
                   std::move(t.marked),
                   std::move(t.first_link),
                   std::move(t.codes),
                   at(n),
                   at(para)};
    bool taken = hand_to_readers(item, item_kind, block_context(section_table()), out_);
    if (!taken && items_) items_->push_back(std::move(item));
  }

  // A paragraph at the top level of a doc, handed over line by line (a property line of a
  // table's section, `Kind: append-only`, is one line of one).
  void on_paragraph(cmark_node* n) {
    if (out_.doc.role != file_role::doc) return;
    cmark_node* parent = cmark_node_parent(n);
    if (!parent || cmark_node_get_type(parent) != CMARK_NODE_DOCUMENT) return;
    paragraph_block p;
    p.lines.push_back({{}, at(n)});
    iter_ptr it(cmark_iter_new(n));
    if (!it) return;
    for (cmark_event_type ev; (ev = cmark_iter_next(it.get())) != CMARK_EVENT_DONE;) {
      if (ev != CMARK_EVENT_ENTER) continue;
      cmark_node* c = cmark_iter_get_node(it.get());
      switch (cmark_node_get_type(c)) {
        case CMARK_NODE_TEXT:
        case CMARK_NODE_CODE:
          if (const char* s = cmark_node_get_literal(c)) p.lines.back().text += s;
          break;
        case CMARK_NODE_SOFTBREAK:
        case CMARK_NODE_LINEBREAK: {
          location next = p.lines.back().site;
          ++next.line;
          next.column = 1;
          p.lines.push_back({{}, next});
          break;
        }
        default:
          break;
      }
    }
    hand_to_readers(p, paragraph_kind, block_context(section_table()), out_);
  }

  void on_table(cmark_node* n) {
    if (out_.doc.role != file_role::doc) return;
    gfm_table t;
    for (cmark_node* r = cmark_node_first_child(n); r; r = cmark_node_next(r)) {
      table_row cells;
      cells.reserve(t.rows.empty() ? 0 : t.rows.front().size());
      for (cmark_node* c = cmark_node_first_child(r); c; c = cmark_node_next(c)) {
        inline_text x = collect(c, text_forms::plain_only);
        table_cell cell{std::move(x.plain), at(c), c};
        // Point at the cell's content rather than the space after the pipe.
        if (x.first_column && cell.site.line) cell.site.column = x.first_column;
        cells.push_back(std::move(cell));
      }
      // A team's own headers (`headers` in the configuration) read as the ones they stand for.
      if (t.rows.empty() && !ctx_.reading.headers.empty())
        for (table_cell& c : cells) {
          const std::string k = to_lower(collapse_space(c.plain));
          for (const auto& [alias, known] : ctx_.reading.headers)
            if (alias == k) c.plain = known;
        }
      t.rows.push_back(std::move(cells));
    }
    if (t.rows.empty()) return;
    const bool of_columns = is_column_table(t);
    if (of_columns && section_table().empty() && !plain_names_.empty() &&
        !plain_names_.back().name.empty())
      name_table_by_section();
    const read_context c = block_context(section_table());
    if (of_columns && !read_as_schema(t, table_kind, c)) unread_column_table(t.rows.front(), at(n));
    hand_to_readers(t, table_kind, c, out_);
  }

  // A fenced block of a doc that no reader took but that holds DDL or psql's `\d` output of
  // a table: said at its fence, with what to change.
  void unread_code_block(const code_block& b) {
    if (holds_create_table(b.text)) {
      out_.issues.push_back(
          {load_issue::kind::unread_schema, b.site,
           b.info.empty()
               ? std::string("a code block without a language holds CREATE TABLE: it is not "
                             "read; label its fence ```sql to have its DDL read")
               : fmt::format("a code block labelled `{}` holds CREATE TABLE: only `sql`, "
                             "`postgres`, `mysql`, `sqlite` blocks and their synonyms are "
                             "read; label its fence with its SQL dialect",
                             b.info)});
      return;
    }
    std::string_view title = psql_table_title_line(b.text);
    if (title.empty()) return;
    // A message quotes a title of any length only up to a point (and a whole character).
    if (title.size() > 80) {
      std::size_t cut = 80;
      while (cut > 0 && (static_cast<unsigned char>(title[cut]) & 0xC0) == 0x80) --cut;
      title = title.substr(0, cut);
    }
    out_.issues.push_back(
        {load_issue::kind::unread_schema, b.site,
         psql_output_label(b.info)
             ? fmt::format("a code block holds psql `\\d` output (`{}`) whose next line is not "
                           "its `Column | Type | …` header: its columns are not read",
                           title)
             : fmt::format("a code block labelled `{}` holds psql `\\d` output (`{}`): it is "
                           "not read; label its fence ```text to have it read",
                           b.info, title)});
  }

  // A table with a name and a Type header that no reader took: it sits outside any table's
  // section. Said at its place, with the heading to change, so that speclint is never
  // silently blind on a table of columns.
  void unread_column_table(const table_row& header, location site) {
    const std::string name = cell_text(header, name_header(header));
    const std::string type = cell_text(header, type_header(header));
    const std::vector<heading>& hs = out_.doc.headings;
    std::string where = "outside any heading";
    std::string fix = "put it under a heading that names its table, as `## Table: name`";
    if (!hs.empty()) {
      const heading& h = hs.back();
      where = fmt::format("under the heading `{}` (line {}), which names no table", h.text,
                          h.site.line);
      fix = fmt::format(
          "name its table in the heading, as `{} Table: {}`",
          std::string(static_cast<std::size_t>(h.level), '#'),
          is_plain_name(h.text) && !is_section_part(h.text) ? h.text : std::string_view("name"));
    }
    out_.issues.push_back(
        {load_issue::kind::unread_schema, site,
         fmt::format("a table of columns (headers `{}` and `{}`) {}: its columns are not read; {}",
                     name, type, where, fix)});
  }

  // Each heading's section runs to the line before the next heading of the same or a
  // higher level.
  void finish_headings() {
    auto& hs = out_.doc.headings;
    std::vector<std::size_t> open;
    for (std::size_t i = 0; i < hs.size(); ++i) {
      while (!open.empty() && hs[open.back()].level >= hs[i].level) {
        hs[open.back()].end_line = hs[i].site.line - 1;
        open.pop_back();
      }
      open.push_back(i);
    }
    for (std::size_t i : open) hs[i].end_line = std::max(out_.doc.line_count, hs[i].site.line);
  }

  const read_context& ctx_;
  file_facts& out_;
  std::vector<list_item>* items_;
  std::string_view doc_table_;
  std::string_view heading_;  // the last heading's text: the section of the blocks that follow
  std::string current_table_;
  int table_level_ = 0;
  // The open headings that would name a table if their section held a table of columns
  // (table_named_by_section), innermost last; an empty name for a heading that names no table,
  // which hides those above it. Headings of a section's parts (`### Columns`) are not listed.
  struct plain_name {
    int level;
    std::size_t heading;  // place in the document's headings
    std::string name;
  };
  std::vector<plain_name> plain_names_;
  bool opened_by_plain_name_ = false;
  bool at_table_heading_ = false;  // the last heading is the one that names current_table_
  std::unordered_map<std::string, int> slug_counts_;
};

}  // namespace

std::string marked_text(const table_cell& c) {
  return c.node ? collect(c.node).marked : std::string();
}

void walk_markdown(std::string_view body, const read_context& ctx, file_facts& out,
                   std::vector<list_item>* items) {
  walker(ctx, out, items).run(body);
}

}  // namespace speclint::load
