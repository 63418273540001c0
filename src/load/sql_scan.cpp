// PostgreSQL's scanner, and a block read into statements as psql reads a script.

#include "sql_scan.hpp"

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

#include <algorithm>
#include <array>
#include <memory>
#include <mutex>

#include <fmt/format.h>

#include "speclint/text.hpp"
#include "sql.hpp"

namespace speclint::load {

namespace {

struct scan_result_free {
  void operator()(PgQueryScanResult* r) const { pg_query_free_scan_result(*r); }
};
struct unpacked_free {
  void operator()(PgQuery__ScanResult* r) const {
    pg_query__scan_result__free_unpacked(r, nullptr);
  }
};

}  // namespace

std::size_t byte_of_char(std::string_view s, int chars) {
  std::size_t i = 0;
  for (int seen = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;
    if (++seen == chars) return i;
  }
  return s.size();
}

sql_scan scan_sql(std::string_view text) {
  sql_scan out;
  if (text.empty()) return out;
  const std::string input(text);
  std::lock_guard lock(pg_query_lock());
  PgQueryScanResult raw = pg_query_scan(input.c_str());
  std::unique_ptr<PgQueryScanResult, scan_result_free> guard(&raw);
  if (raw.error) {
    out.error = sql_scan_error{raw.error->message ? raw.error->message : "the scanner stopped",
                               byte_of_char(input, raw.error->cursorpos)};
    return out;
  }
  std::unique_ptr<PgQuery__ScanResult, unpacked_free> r(
      raw.pbuf.data
          ? pg_query__scan_result__unpack(nullptr, raw.pbuf.len,
                                          reinterpret_cast<const std::uint8_t*>(raw.pbuf.data))
          : nullptr);
  if (!r) {
    out.error = sql_scan_error{"the scanner returned no tokens", 0};
    return out;
  }
  out.tokens.reserve(r->n_tokens);
  for (std::size_t i = 0; i < r->n_tokens; ++i) {
    const PgQuery__ScanToken* t = r->tokens[i];
    if (!t || t->start < 0 || t->end <= t->start || static_cast<std::size_t>(t->end) > input.size())
      continue;
    sql_token k{static_cast<std::size_t>(t->start), static_cast<std::size_t>(t->end)};
    int code = t->token;
    if (code > 0 && code < 256)
      k.kind = static_cast<char>(code);
    else if (code == PG_QUERY__TOKEN__IDENT ||
             t->keyword_kind != PG_QUERY__KEYWORD_KIND__NO_KEYWORD)
      k.kind = 'w', k.ident = code == PG_QUERY__TOKEN__IDENT;
    else if (code == PG_QUERY__TOKEN__SCONST || code == PG_QUERY__TOKEN__USCONST ||
             code == PG_QUERY__TOKEN__BCONST || code == PG_QUERY__TOKEN__XCONST)
      k.kind = 's';
    else if (code == PG_QUERY__TOKEN__ICONST || code == PG_QUERY__TOKEN__FCONST)
      k.kind = 'n';
    else if (code == PG_QUERY__TOKEN__SQL_COMMENT || code == PG_QUERY__TOKEN__C_COMMENT)
      k.kind = 'c';
    out.tokens.push_back(k);
  }
  return out;
}

namespace {

// Keywords that begin the statements of a schema doc. A line that begins with one at its first
// column is where reading resumes after a broken statement. Words that also begin lines inside
// a statement or a function's body (SELECT, SET, UPDATE, DELETE, DO, BEGIN, END) are left out.
constexpr std::array<std::string_view, 9> statement_keywords{
    "alter", "comment", "copy", "create", "drop", "grant", "insert", "revoke", "truncate"};

bool line_blank(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

bool name_byte(char c) {
  auto u = static_cast<unsigned char>(c);
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '$' || u >= 0x80;
}

bool statement_keyword_at(std::string_view text, std::size_t at) {
  return std::any_of(statement_keywords.begin(), statement_keywords.end(), [&](std::string_view k) {
    return text.size() - at >= k.size() && iequals(text.substr(at, k.size()), k) &&
           (at + k.size() == text.size() || !name_byte(text[at + k.size()]));
  });
}

// At most this many bytes of an unclosed string are shown in its error.
constexpr std::size_t shown_bytes = 40;

class psql_reader {
 public:
  explicit psql_reader(std::string_view text) : src_(text) {
    out_.text = std::string(text);
    for (std::size_t at = 0; at < src_.size();) {
      std::size_t eol = std::min(src_.find('\n', at), src_.size());
      if (statement_keyword_at(src_, at)) statement_lines_.push_back(at);
      std::size_t first = at;
      while (first < eol && line_blank(src_[first])) ++first;
      if (first < eol && src_[first] == '\\') candidates_.push_back(first);
      at = eol + 1;
    }
  }

  psql_script run() {
    lex();
    split();
    return std::move(out_);
  }

 private:
  struct scan_break {
    std::size_t token = 0;  ///< the number of tokens before it
    sql_scan_error error;
  };

  // Tokens and breaks of the whole block. The scanner reads the text between one candidate
  // meta-command line and the next: when it ends there outside any string or comment, the
  // candidate is a meta-command. A string that runs past it is followed to its end, so the
  // lines inside it are text; one that never ends is cut off at the next statement line.
  void lex() {
    std::size_t pos = 0, next = 0;
    // The scanner reads a string that is never closed to the end of its input: windows that
    // start small after each such string keep many of them from costing the block's size each.
    std::size_t width = 4096;
    while (pos < src_.size()) {
      while (next < candidates_.size() && candidates_[next] < pos) ++next;
      const std::size_t stop = next < candidates_.size() ? candidates_[next] : src_.size();
      std::size_t end = stop;
      // A window ends at a line's start, where no token but a string or comment goes on.
      if (stop - pos > width)
        if (std::size_t eol = src_.find('\n', pos + width); eol < stop) end = eol + 1;
      if (!read_window(pos, end)) {
        width = 4096;
        continue;
      }
      if (end < stop) {
        pos = end;
        width = std::min(width * 2, src_.size());
        continue;
      }
      if (stop == src_.size()) break;
      const std::size_t eol = std::min(src_.find('\n', stop), src_.size());
      out_.meta_commands.emplace_back(stop, eol);
      std::fill(out_.text.begin() + static_cast<std::ptrdiff_t>(stop),
                out_.text.begin() + static_cast<std::ptrdiff_t>(eol), ' ');
      pos = eol;
    }
  }

  // Reads [pos, stop); false when it moved `pos` elsewhere: past a string that runs on, or to
  // where reading resumes after an error of the scanner.
  bool read_window(std::size_t& pos, std::size_t stop) {
    std::string_view window = src_.substr(pos, stop - pos);
    if (window.find_first_not_of(" \t\r\n\f\v") == std::string_view::npos) return true;
    sql_scan s = scan_sql(window);
    if (!s.error) {
      add(s.tokens, pos);
      return true;
    }
    const std::size_t at = pos + s.error->offset;
    if (at > pos)
      if (sql_scan before = scan_sql(src_.substr(pos, at - pos)); !before.error)
        add(before.tokens, pos);
    const bool unterminated = s.error->message.starts_with("unterminated ");
    if (unterminated)
      if (std::optional<sql_token> literal = literal_at(at)) {
        tokens_.push_back(*literal);
        pos = literal->end;
        return false;
      }
    const std::size_t resume = statement_line_after(at);
    std::string message = std::move(s.error->message);
    // The scanner quotes the rest of its input after an unclosed string; only the text up to
    // where reading resumes belongs to it, and its start is enough to find it.
    if (auto near = message.find(" at or near "); unterminated && near != std::string::npos)
      message = fmt::format("{} at or near \"{}\"", message.substr(0, near),
                            shortened(src_.substr(at, resume - at)));
    breaks_.push_back({tokens_.size(), {std::move(message), at}});
    pos = resume;
    return false;
  }

  void add(const std::vector<sql_token>& tokens, std::size_t base) {
    for (sql_token t : tokens) {
      t.start += base;
      t.end += base;
      tokens_.push_back(t);
    }
  }

  // The string, quoted name, dollar quote or comment that opens at `at`, read with windows that
  // double, so that finding its end costs time in its length; nullopt when it is never closed.
  // Once the search has cost several times the block's size (many strings that never close),
  // a string is also taken as unclosed when it runs past the next statement line.
  std::optional<sql_token> literal_at(std::size_t at) {
    const std::size_t n = src_.size();
    const std::size_t limit = searched_ > 4 * n + 65536 ? statement_line_after(at) : n;
    for (std::size_t width = 4096;; width *= 2) {
      const std::size_t hi = std::min(limit, at + width);
      searched_ += hi - at;
      sql_scan s = scan_sql(src_.substr(at, hi - at));
      if (s.error && s.error->offset == 0) {
        if (hi >= limit || !s.error->message.starts_with("unterminated ")) return std::nullopt;
        continue;
      }
      if (s.error) s = scan_sql(src_.substr(at, s.error->offset));
      if (s.error || s.tokens.empty() || s.tokens.front().start != 0) return std::nullopt;
      sql_token t = s.tokens.front();
      // A string that ends where the window does may go on (`'it''s'` cut after `'it'`).
      if (t.end < hi - at || hi >= limit) {
        t.start += at;
        t.end += at;
        return t;
      }
    }
  }

  std::size_t statement_line_after(std::size_t at) const {
    auto it = std::upper_bound(statement_lines_.begin(), statement_lines_.end(), at);
    return it == statement_lines_.end() ? src_.size() : *it;
  }

  bool statement_line(std::size_t at) const {
    return std::binary_search(statement_lines_.begin(), statement_lines_.end(), at);
  }

  static std::string shortened(std::string_view s) {
    if (s.size() <= shown_bytes) return std::string(s);
    std::size_t cut = shown_bytes;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
    return std::string(s.substr(0, cut)) + "…";
  }

  // Statements as psql ends them: at a `;` outside parentheses, and outside the BEGIN … END
  // body of CREATE FUNCTION or CREATE PROCEDURE (psql's own rule for SQL-standard bodies).
  void split() {
    psql_statement current;
    bool open = false;
    std::size_t last_end = 0, next_break = 0;
    int parens = 0, begins = 0;
    std::size_t words = 0;
    std::array<char, 4> lead{};
    auto finish = [&](std::size_t end) {
      current.end = end;
      out_.statements.push_back(std::move(current));
      current = {};
      open = false;
      parens = begins = 0;
      words = 0;
      lead = {};
    };
    for (std::size_t i = 0; i <= tokens_.size(); ++i) {
      for (; next_break < breaks_.size() && breaks_[next_break].token == i; ++next_break) {
        const sql_scan_error& e = breaks_[next_break].error;
        if (!open) {
          current.begin = e.offset;
          current.at_statement_line = statement_line(e.offset);
        }
        current.broken = e;
        finish(e.offset);
      }
      if (i == tokens_.size()) break;
      const sql_token& t = tokens_[i];
      if (t.kind == 'c') continue;
      if (!open) {
        open = true;
        current.begin = t.start;
        current.at_statement_line = statement_line(t.start);
      } else if (t.kind == 'w' && statement_line(t.start)) {
        current.statement_lines.push_back(t.start);
      }
      last_end = t.end;
      if (t.kind == ';' && parens == 0 && begins == 0) {
        finish(t.end);
      } else if (t.kind == '(') {
        ++parens;
      } else if (t.kind == ')') {
        parens = std::max(parens - 1, 0);
      } else if (t.kind == 'w' && src_[t.start] != '"') {
        std::string_view w = src_.substr(t.start, t.end - t.start);
        for (std::string_view k : {"create", "function", "procedure", "or", "replace"})
          if (words < lead.size() && iequals(w, k)) lead[words] = k[0];
        ++words;
        const bool routine =
            lead[0] == 'c' &&
            (lead[1] == 'f' || lead[1] == 'p' ||
             (lead[1] == 'o' && lead[2] == 'r' && (lead[3] == 'f' || lead[3] == 'p')));
        if (routine && parens == 0) {
          if (iequals(w, "begin"))
            ++begins;
          else if (iequals(w, "case") && begins > 0)
            ++begins;
          else if (iequals(w, "end") && begins > 0)
            --begins;
        }
      }
    }
    // The last statement, without its `;`, runs to the end of the block.
    if (open) finish(std::max(last_end, src_.size()));
  }

  std::string_view src_;
  psql_script out_;
  std::vector<std::size_t> statement_lines_;  ///< line starts that begin with a statement keyword
  std::vector<std::size_t> candidates_;       ///< the `\` of lines whose first non-blank it is
  std::vector<sql_token> tokens_;
  std::vector<scan_break> breaks_;
  std::size_t searched_ = 0;  ///< bytes scanned to find where strings end
};

}  // namespace

bool may_hold_meta_command(std::string_view text) {
  for (std::size_t at = text.find('\\'); at != std::string_view::npos;
       at = text.find('\\', at + 1)) {
    std::size_t b = at;
    while (b > 0 && line_blank(text[b - 1])) --b;
    if (b == 0 || text[b - 1] == '\n') return true;
  }
  return false;
}

psql_script read_as_psql(std::string_view text) {
  return psql_reader(text).run();
}

}  // namespace speclint::load
