#include "attribution.hpp"

#include <algorithm>
#include <iterator>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "speclint/text.hpp"

namespace speclint {

namespace {

// A set of tasks, each named by its place in id order; kept sorted and without repeats.
using owner_list = std::vector<std::uint32_t>;

void tidy(owner_list& l) {
  std::sort(l.begin(), l.end());
  l.erase(std::unique(l.begin(), l.end()), l.end());
  l.shrink_to_fit();
}

// The tasks whose references cover each line of one file. A reference to a line or a short
// range is filed under each of its lines; one to a long range (a whole section) is kept once
// per distinct range, however many tasks name it, so that a lookup costs the number of
// distinct long ranges, not the number of references.
class file_owners {
 public:
  void add(std::uint32_t from, std::uint32_t to, std::uint32_t task) {
    if (to - from < short_range) {
      for (std::uint32_t l = from; l <= to; ++l) by_line_[l].push_back(task);
    } else {
      auto [it, inserted] = range_index_.try_emplace(std::pair{from, to}, ranges_.size());
      if (inserted) ranges_.push_back({from, to, {}});
      ranges_[it->second].tasks.push_back(task);
    }
  }

  void finish() {
    for (auto& [line, l] : by_line_) tidy(l);
    for (range& r : ranges_) tidy(r.tasks);
  }

  /// Calls `out` with each list of tasks whose references cover the line.
  template <class F>
  void at(std::uint32_t line, F&& out) const {
    if (auto it = by_line_.find(line); it != by_line_.end()) out(it->second);
    for (const range& r : ranges_)
      if (r.from <= line && line <= r.to) out(r.tasks);
  }

 private:
  static constexpr std::uint32_t short_range = 16;
  struct range {
    std::uint32_t from, to;
    owner_list tasks;
  };
  std::unordered_map<std::uint32_t, owner_list> by_line_;
  std::vector<range> ranges_;
  std::map<std::pair<std::uint32_t, std::uint32_t>, std::size_t> range_index_;
};

}  // namespace

void attribute(const model& m, std::vector<finding>& findings) {
  if (findings.empty()) return;
  const auto& tasks = m.tasks();
  // Each task is named by its place in id order, so that owner lists sort as integers and
  // merge without comparing strings; tasks that share an id (a duplicate-id finding) share
  // a place and appear once.
  std::vector<std::uint32_t> by_id(tasks.size()), rank(tasks.size());
  for (std::uint32_t t = 0; t < tasks.size(); ++t) by_id[t] = t;
  std::stable_sort(by_id.begin(), by_id.end(),
                   [&](std::uint32_t a, std::uint32_t b) { return tasks[a].id < tasks[b].id; });
  for (std::size_t k = 0; k < by_id.size(); ++k)
    rank[by_id[k]] = k > 0 && tasks[by_id[k]].id == tasks[by_id[k - 1]].id
                         ? rank[by_id[k - 1]]
                         : static_cast<std::uint32_t>(k);

  // Only entities that some finding concerns are worth looking for in task texts.
  std::unordered_map<std::string_view, owner_list> by_entity;
  // A task owns the findings in its own file: only files with findings matter.
  std::unordered_map<std::string_view, owner_list> by_task_file;
  // References matter only to files that findings (or their related places) are in: their
  // owners are gathered for those files alone, and only once a reference names one (most
  // findings are in task files, which few references name).
  std::unordered_set<std::string_view> finding_files;
  std::unordered_map<std::string_view, file_owners> by_file;
  for (const finding& f : findings) {
    if (!f.entity.empty()) by_entity.try_emplace(f.entity);
    by_task_file.try_emplace(f.file);
    finding_files.insert(f.file);
    for (const auto& r : f.related) finding_files.insert(r.file);
  }
  std::string buffer;  // `table.column` of an assert
  for (std::size_t t = 0; t < tasks.size(); ++t) {
    const task& tk = tasks[t];
    if (tk.id.empty()) continue;
    const std::uint32_t r = rank[t];
    if (auto it = by_task_file.find(m.path(tk.file)); it != by_task_file.end())
      it->second.push_back(r);
    for (const reference& ref : tk.references) {
      if (ref.to.what != target::kind::inside) continue;
      std::string_view path = ref.to.path;
      auto owners = by_file.find(path);
      if (owners == by_file.end()) {
        auto name = finding_files.find(path);
        if (name == finding_files.end()) continue;
        owners = by_file.try_emplace(*name).first;
      }
      if (ref.to.line_from) {
        // A reference whose line moved (ref/stale-line) means the line it should name now.
        if (std::optional<std::uint32_t> moved = moved_reference_line(m, tk, ref))
          owners->second.add(*moved, *moved, r);
        else
          owners->second.add(ref.to.line_from, std::max(ref.to.line_from, ref.to.line_to), r);
      } else if (!ref.to.anchor.empty()) {
        if (const document* d = m.document_of(ref.to))
          if (const heading* h = d->find_anchor(ref.to.anchor))
            owners->second.add(h->site.line, std::max(h->site.line, h->end_line), r);
      }
    }
    if (by_entity.empty()) continue;
    auto name = [&](std::string_view n) {
      if (auto it = by_entity.find(n);
          it != by_entity.end() && (it->second.empty() || it->second.back() != r))
        it->second.push_back(r);
    };
    for (const assertion& a : tk.asserts) {
      name(a.table);
      if (!a.column.empty()) name(buffer.assign(a.table).append(".").append(a.column));
      if (a.what == assertion::kind::fk)
        name(buffer.assign(a.parent_table).append(".").append(a.parent_column));
    }
    tk.for_each_mention(name);
  }
  for (auto& [file, owners] : by_file) owners.finish();
  for (auto& [entity, owners] : by_entity) tidy(owners);
  for (auto& [file, owners] : by_task_file) tidy(owners);

  // A finding's owners: the union of a few sorted lists, merged in linear time. A section
  // that thousands of tasks reference gives thousands of owners to each of its findings.
  owner_list owners, merged, places;
  std::vector<const owner_list*> seen;
  const std::string_view* ids = m.pooled_ids().data();  // by place in tasks()
  for (finding& f : findings) {
    owners.clear();
    seen.clear();
    auto add = [&](const owner_list& l) {
      if (l.empty() || std::find(seen.begin(), seen.end(), &l) != seen.end()) return;
      seen.push_back(&l);
      merged.clear();
      std::set_union(owners.begin(), owners.end(), l.begin(), l.end(), std::back_inserter(merged));
      owners.swap(merged);
    };
    auto at = [&](const std::string& file, std::uint32_t line) {
      if (auto it = by_file.find(file); it != by_file.end()) it->second.at(line, add);
    };
    at(f.file, f.line);
    for (const auto& r : f.related) at(r.file, r.line);
    if (auto it = by_task_file.find(f.file); it != by_task_file.end()) add(it->second);
    if (!f.entity.empty())
      if (auto it = by_entity.find(f.entity); it != by_entity.end()) add(it->second);
    places.resize(owners.size());  // in id order, as owners are
    for (std::size_t i = 0; i < owners.size(); ++i) places[i] = by_id[owners[i]];
    f.tasks = task_ids(ids, places);
  }
}

std::vector<violated_task> violated_tasks(const model& m, const std::vector<finding>& findings) {
  // A rule is named by its place among the errors' rule ids, sorted: a finding in a section
  // that thousands of tasks cite adds its rule to each, and integers compare without reading
  // the ids.
  std::vector<std::string_view> rule_ids;
  for (const finding& f : findings)
    if (f.level == severity::error) rule_ids.push_back(f.rule);
  std::sort(rule_ids.begin(), rule_ids.end());
  rule_ids.erase(std::unique(rule_ids.begin(), rule_ids.end()), rule_ids.end());
  // Task -> the rules of its errors; a task owns few distinct rules, so a sorted vector.
  // Owners that index the model's pooled ids (attribute() names them so) give the task by
  // their place, without hashing or reading the id; any other id is looked up.
  const std::string_view* pooled = m.pooled_ids().data();
  const auto& tasks = m.tasks();
  std::vector<std::vector<std::uint32_t>> rules_of(tasks.size());
  auto add = [&](std::size_t k, std::uint32_t rule) {
    auto& rules = rules_of[k];
    auto pos = std::lower_bound(rules.begin(), rules.end(), rule);
    if (pos == rules.end() || *pos != rule) rules.insert(pos, rule);
  };
  for (const finding& f : findings) {
    if (f.level != severity::error) continue;
    const auto rule = static_cast<std::uint32_t>(
        std::lower_bound(rule_ids.begin(), rule_ids.end(), std::string_view(f.rule)) -
        rule_ids.begin());
    if (f.tasks.names() == pooled) {
      for (auto it = f.tasks.begin(); it != f.tasks.end(); ++it) add(it.position(), rule);
      continue;
    }
    for (std::string_view id : f.tasks)
      if (const task* t = m.find_task(id)) add(static_cast<std::size_t>(t - tasks.data()), rule);
  }
  // Tasks that share an id are one row, under the first of them (as find_task gives it).
  std::vector<violated_task> out;
  for (std::size_t k = 0; k < tasks.size(); ++k) {
    if (rules_of[k].empty()) continue;
    const task* first = m.find_task(tasks[k].id);
    std::size_t f = first ? static_cast<std::size_t>(first - tasks.data()) : k;
    if (f != k) {
      for (std::uint32_t rule : rules_of[k]) add(f, rule);
      rules_of[k].clear();
    }
  }
  out.reserve(static_cast<std::size_t>(std::count_if(
      rules_of.begin(), rules_of.end(), [](const auto& rules) { return !rules.empty(); })));
  for (std::size_t k = 0; k < tasks.size(); ++k) {
    if (rules_of[k].empty()) continue;
    const task& t = tasks[k];
    std::vector<std::string> rules;
    rules.reserve(rules_of[k].size());
    for (std::uint32_t rule : rules_of[k]) rules.emplace_back(rule_ids[rule]);
    out.push_back(
        {std::string(t.id), std::string(t.status), std::string(m.path(t.file)), std::move(rules)});
  }
  // Completed, in-progress, pending, blocked, cancelled, then any other status; told apart by
  // length first, since the sort asks twice for each comparison.
  auto rank = [](std::string_view status) {
    switch (status.size()) {
      case 9:
        return status == "completed" ? 0 : status == "cancelled" ? 4 : 5;
      case 11:
        return status == "in-progress" ? 1 : 5;
      case 7:
        return status == "pending" ? 2 : status == "blocked" ? 3 : 5;
      default:
        return 5;
    }
  };
  // Each row is a task, in a file of its own: with the file last the order is total, and
  // std::sort, which needs no buffer of rows, gives what a stable sort would.
  std::sort(out.begin(), out.end(), [&](const violated_task& a, const violated_task& b) {
    if (rank(a.status) != rank(b.status)) return rank(a.status) < rank(b.status);
    if (a.status != b.status) return a.status < b.status;
    if (a.id != b.id) return a.id < b.id;
    return a.file < b.file;
  });
  return out;
}

}  // namespace speclint
