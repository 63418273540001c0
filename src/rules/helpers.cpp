#include "helpers.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "speclint/text.hpp"

namespace speclint::rules {

anchor_match match_anchor(const model& m, const ref_site& r) {
  anchor_match out;
  if (r.to->anchor.empty() || r.to->line_from != 0) return out;  // `#L12` is a line anchor
  out.doc = r.to->what == target::kind::same_file ? &m.documents()[r.from] : m.document_of(*r.to);
  if (!out.doc) return out;  // not Markdown, or missing (ref/broken-path)
  const std::string_view anchor = r.to->anchor;
  if ((out.exact = out.doc->find_anchor(anchor))) return out;
  const std::string lower = to_lower(anchor);
  std::size_t prefixed = 0;
  for (const heading& h : out.doc->headings) {
    if (!out.ignoring_case && iequals(h.slug, anchor)) out.ignoring_case = &h;
    if (h.slug.size() > lower.size() && h.slug.starts_with(lower) && h.slug[lower.size()] == '-' &&
        prefixed++ == 0)
      out.prefix = &h;
  }
  if (prefixed != 1) out.prefix = nullptr;
  return out;
}

std::string short_where(const model& m, const location& at) {
  if (at.file >= m.documents().size()) return "?";
  std::string_view path = m.path(at.file);
  if (auto slash = path.rfind('/'); slash != std::string_view::npos) path.remove_prefix(slash + 1);
  if (!at.known()) return std::string(path);
  return fmt::format("{}:{}", path, at.line);
}

std::string_view clause_of(const foreign_key& fk, const action* a) {
  return a == fk.on_delete() ? "ON DELETE" : "ON UPDATE";
}

std::vector<const action*> stated_actions(const foreign_key& fk) {
  std::vector<const action*> out;
  if (fk.on_delete()) out.push_back(fk.on_delete());
  if (fk.on_update()) out.push_back(fk.on_update());
  return out;
}

bool same_columns(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  if (a.size() != b.size()) return false;
  return std::all_of(a.begin(), a.end(), [&](const std::string& c) {
    return std::find(b.begin(), b.end(), c) != b.end();
  });
}

namespace {
bool in_delta(const model& m, const location& l) {
  return l.file < m.documents().size() && m.documents()[l.file].delta;
}
}  // namespace

bool only_in_delta(const model& m, const table& t) {
  auto delta = [&](const location& l) { return in_delta(m, l); };
  if (!delta(t.site) || !std::all_of(t.sites.begin(), t.sites.end(), delta)) return false;
  return std::all_of(t.columns.begin(), t.columns.end(), [&](const column& c) {
    return std::all_of(c.decls.begin(), c.decls.end(),
                       [&](const column_decl& d) { return delta(d.site); });
  });
}

bool only_in_delta(const model& m, const foreign_key& fk) {
  return std::all_of(fk.decls.begin(), fk.decls.end(),
                     [&](const fk_decl& d) { return in_delta(m, d.site); });
}

sql_dialect written_in(const foreign_key& fk) {
  for (const fk_decl& d : fk.decls)
    if (d.dialect != sql_dialect::postgres) return d.dialect;
  return sql_dialect::postgres;
}

bool leads(const index_def& ix, const std::vector<std::string>& columns) {
  if (ix.columns.size() < columns.size()) return false;
  std::vector<std::string> head(ix.columns.begin(),
                                ix.columns.begin() + static_cast<std::ptrdiff_t>(columns.size()));
  return same_columns(head, columns);
}

std::string backticked(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "`" : ", `") + n + "`";
  return out;
}

void other_declarations(finding_sink::builder& b, const foreign_key& fk, const location& main) {
  std::vector<std::pair<file_id, std::uint32_t>> lines{{main.file, main.line}};
  for (const fk_decl& d : fk.decls) {
    if (!d.site.known()) continue;
    const std::pair<file_id, std::uint32_t> line{d.site.file, d.site.line};
    if (std::find(lines.begin(), lines.end(), line) != lines.end()) continue;
    lines.push_back(line);
    b.related(d.site, "also declared here");
  }
}

std::string with_anchor(std::string_view raw, std::string_view anchor) {
  const std::size_t hash = raw.rfind('#');
  return std::string(raw.substr(0, hash == std::string_view::npos ? raw.size() : hash)) + "#" +
         std::string(anchor);
}

}  // namespace speclint::rules
