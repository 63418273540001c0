#pragma once

// Matching shared by several rules, defined once.

#include <string>
#include <string_view>
#include <vector>

#include "speclint/finding.hpp"
#include "speclint/model.hpp"
#include "speclint/targets.hpp"

namespace speclint::rules {

/// `file.md:17` (the file's base name) for messages; the related location carries the path.
std::string short_where(const model& m, const location& at);

/// "ON DELETE" or "ON UPDATE" for an action of a foreign key.
std::string_view clause_of(const foreign_key& fk, const action* a);

/// The foreign key's stated actions, ON DELETE first.
std::vector<const action*> stated_actions(const foreign_key& fk);

/// True when the columns are the leading columns of the index, in any order.
bool leads(const index_def& ix, const std::vector<std::string>& columns);

/// True when the index's columns are exactly these, in any order.
bool same_columns(const std::vector<std::string>& a, const std::vector<std::string>& b);

/// `a, b` with each name in backticks.
std::string backticked(const std::vector<std::string>& names);

/// True when only delta specs describe the table: the columns and keys they leave out may
/// exist, so their absence is no finding.
bool only_in_delta(const model& m, const table& t);

/// True when every declaration of the key is in a delta spec: the tables it names may exist.
bool only_in_delta(const model& m, const foreign_key& fk);

/// The dialect of the first of the key's SQL declarations written in MySQL or SQLite, else
/// PostgreSQL: a finding that holds only under PostgreSQL's rules says so.
sql_dialect written_in(const foreign_key& fk);

/// Names every declaration of the key but the one on `main`'s line as a related place ("also
/// declared here"), one per line: a task that cites any of them then owns the finding.
void other_declarations(finding_sink::builder& b, const foreign_key& fk, const location& main);

}  // namespace speclint::rules

namespace speclint::rules {

/// A link or task reference, resolved.
struct ref_site {
  std::string_view raw;  ///< as written
  const target* to;      ///< resolved (owned by the model)
  location site;
  file_id from = 0;  ///< the file holding it
};

/// The reference as written with its `#fragment` replaced by `anchor`.
std::string with_anchor(std::string_view raw, std::string_view anchor);

/// How a reference's `#fragment` stands against the headings of the document it names.
struct anchor_match {
  const document* doc = nullptr;           ///< the Markdown document named; null: none to check
  const heading* exact = nullptr;          ///< the heading whose slug is the fragment
  const heading* ignoring_case = nullptr;  ///< else, the one whose slug matches ignoring case
  const heading* prefix = nullptr;         ///< else, the one heading whose slug starts `fragment-`
};

/// The headings a reference's fragment finds; `doc` is null for a reference without a
/// fragment, with a line anchor (`#L12`), or to a file that is not a loaded document.
anchor_match match_anchor(const model& m, const ref_site& r);

/// Calls `f` with every relative Markdown link in docs and tasks, and every task reference
/// (links inside a task's References section count once, as references), file by file.
/// A spec of 70,000 files has hundreds of thousands: they are visited, never listed.
template <class F>
void for_each_reference(const model& m, F&& f) {
  std::vector<const task*> task_of(m.documents().size(), nullptr);
  for (const task& t : m.tasks()) task_of[t.file] = &t;
  for (std::size_t i = 0; i < m.documents().size(); ++i) {
    const document& d = m.documents()[i];
    if (d.auxiliary || d.binary) continue;
    const task_section* refs = task_of[i] ? task_of[i]->section(d, "References") : nullptr;
    for (const link& l : d.links) {
      if (refs && refs->line(d) <= l.site.line && l.site.line <= refs->end_line) continue;
      if (l.to.what == target::kind::external) continue;
      f(ref_site{l.target, &l.to, l.site, static_cast<file_id>(i)});
    }
    if (task_of[i])
      for (const reference& r : task_of[i]->references)
        if (r.to.what != target::kind::external)
          f(ref_site{r.raw, &r.to, r.site, static_cast<file_id>(i)});
  }
}

}  // namespace speclint::rules
