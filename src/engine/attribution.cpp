#include "attribution.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "speclint/text.hpp"

namespace speclint {

namespace {

struct line_range {
  std::uint32_t from, to;
  std::size_t task;
};

bool ident_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// Calls `out` with every `a.b` token of a text.
template <class F>
void dotted_names(std::string_view text, F&& out) {
  std::size_t i = 0;
  while (i < text.size()) {
    if (!ident_char(text[i])) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < text.size() && (ident_char(text[j]) || text[j] == '.')) ++j;
    std::string_view tok = text.substr(i, j - i);
    while (tok.ends_with('.')) tok.remove_suffix(1);
    if (auto dot = tok.find('.'); dot != std::string_view::npos && dot > 0 && tok.find('.', dot + 1) == std::string_view::npos)
      out(tok);
    i = j;
  }
}

}  // namespace

void attribute(const model& m, std::vector<finding>& findings) {
  const auto& tasks = m.tasks();
  // Only entities that some finding concerns are worth looking for in task texts.
  std::unordered_map<std::string_view, std::vector<std::size_t>> by_entity;
  for (const finding& f : findings)
    if (!f.entity.empty()) by_entity.try_emplace(f.entity);
  std::unordered_map<std::string_view, std::vector<line_range>> by_file;
  std::unordered_map<std::string_view, std::size_t> by_task_file;
  for (std::size_t t = 0; t < tasks.size(); ++t) {
    const task& tk = tasks[t];
    if (tk.id.empty()) continue;
    by_task_file.try_emplace(m.path(tk.file), t);
    for (const reference& r : tk.references) {
      if (r.to.what != target::kind::inside) continue;
      const std::string& path = r.to.path;
      if (r.to.line_from) {
        by_file[path].push_back({r.to.line_from, std::max(r.to.line_from, r.to.line_to), t});
      } else if (!r.to.anchor.empty()) {
        if (const document* d = m.find_document(path))
          if (const heading* h = d->find_anchor(r.to.anchor))
            by_file[path].push_back({h->site.line, h->end_line, t});
      }
    }
    if (by_entity.empty()) continue;
    auto name = [&](std::string_view n) {
      if (auto it = by_entity.find(n); it != by_entity.end() && (it->second.empty() || it->second.back() != t))
        it->second.push_back(t);
    };
    std::string buffer;
    for (const assertion& a : tk.asserts) {
      name(a.table);
      buffer = a.table + "." + a.column;
      if (!a.column.empty()) name(buffer);
      if (a.what == assertion::kind::fk) {
        buffer = a.parent_table + "." + a.parent_column;
        name(buffer);
      }
    }
    for (const task_section& s : tk.sections) dotted_names(s.text, name);
  }

  for (finding& f : findings) {
    std::set<std::size_t> owners;
    auto at = [&](const std::string& file, std::uint32_t line) {
      auto it = by_file.find(file);
      if (it == by_file.end()) return;
      for (const line_range& r : it->second)
        if (r.from <= line && line <= r.to) owners.insert(r.task);
    };
    at(f.file, f.line);
    for (const auto& r : f.related) at(r.file, r.line);
    if (auto it = by_task_file.find(f.file); it != by_task_file.end()) owners.insert(it->second);
    if (!f.entity.empty())
      if (auto it = by_entity.find(f.entity); it != by_entity.end())
        owners.insert(it->second.begin(), it->second.end());
    std::set<std::string_view> ids;
    for (std::size_t t : owners) ids.insert(tasks[t].id);
    f.tasks.assign(ids.begin(), ids.end());
  }
}

std::vector<violated_task> violated_tasks(const model& m, const std::vector<finding>& findings) {
  std::map<std::string, std::set<std::string>> rules_of;
  for (const finding& f : findings)
    if (f.level == severity::error)
      for (const auto& t : f.tasks) rules_of[t].insert(f.rule);
  std::vector<violated_task> out;
  for (const auto& [id, rules] : rules_of) {
    const task* t = m.find_task(id);
    if (!t) continue;
    out.push_back({id, t->status, m.path(t->file), {rules.begin(), rules.end()}});
  }
  auto rank = [](const std::string& status) {
    static const char* order[] = {"completed", "in-progress", "pending", "blocked", "cancelled"};
    for (int i = 0; i < 5; ++i)
      if (status == order[i]) return i;
    return 5;
  };
  std::stable_sort(out.begin(), out.end(), [&](const violated_task& a, const violated_task& b) {
    if (rank(a.status) != rank(b.status)) return rank(a.status) < rank(b.status);
    if (a.status != b.status) return a.status < b.status;
    return a.id < b.id;
  });
  return out;
}

}  // namespace speclint
