#include <algorithm>
#include <array>
#include <map>
#include <string_view>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "speclint/load.hpp"
#include "speclint/model.hpp"
#include "speclint/rule.hpp"
#include "speclint/text.hpp"

namespace speclint::rules {
namespace {

// Reports the problems of one file, some of them as warnings.
class reporter {
 public:
  explicit reporter(finding_sink& out) : out_(out) {}

  template <class... Args>
  void report(const location& at, fmt::format_string<Args...> f, Args&&... args) {
    out_.report(at, f, std::forward<Args>(args)...);
  }
  template <class... Args>
  void warn(const location& at, fmt::format_string<Args...> f, Args&&... args) {
    out_.report(at, f, std::forward<Args>(args)...).level(severity::warning);
  }

 private:
  finding_sink& out_;
};

bool kebab_case(std::string_view s) {
  if (s.empty() || s.front() == '-' || s.back() == '-') return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '-' && s[i - 1] != '-');
    if (!ok) return false;
  }
  return true;
}

std::string_view kind_name(const yaml_value& v) {
  switch (v.what) {
    case yaml_value::kind::null:
      return "empty";
    case yaml_value::kind::scalar:
      return v.scalar.empty() ? "empty" : "a scalar";
    case yaml_value::kind::sequence:
      return "a list";
    case yaml_value::kind::map:
      return "a mapping";
  }
  return "?";
}

// `table.column` or `table(column)`: a column reference the task reader can use.
bool column_ref(std::string_view s) {
  s = trim(s);
  auto open = s.find('(');
  if (open != std::string_view::npos && open > 0 && open + 2 < s.size() && s.ends_with(')'))
    return true;
  auto dot = s.find('.');
  return dot != std::string_view::npos && dot > 0 && !s.ends_with('.');
}

// `table.column -> table.column` (or with `→`).
bool fk_ref(std::string_view s) {
  std::size_t arrow = s.find("->"), len = 2;
  if (arrow == std::string_view::npos) {
    arrow = s.find("\u2192");
    len = 3;
  }
  return arrow != std::string_view::npos && column_ref(s.substr(0, arrow)) &&
         column_ref(s.substr(arrow + len));
}

bool is_bool(const yaml_value& v) {
  return v.what == yaml_value::kind::scalar && !v.quoted &&
         (v.scalar == "true" || v.scalar == "false");
}

// `table.column in (a, b)`, as a `check` assertion states the values a column allows.
bool check_ref(std::string_view s) {
  const std::string lower = to_lower(s);
  const std::size_t in = lower.find(" in ");
  if (in == std::string::npos || !column_ref(s.substr(0, in))) return false;
  std::string_view list = trim(s.substr(in + 4));
  return list.size() > 2 && list.front() == '(' && list.back() == ')' &&
         !trim(list.substr(1, list.size() - 2)).empty();
}

// A non-empty list of column names, as `unique` and `index` of a table assertion take.
bool column_names_list(const yaml_value& v) {
  if (v.what != yaml_value::kind::sequence || v.items.empty()) return false;
  return std::all_of(v.items.begin(), v.items.end(), [](const yaml_value& i) {
    return i.what == yaml_value::kind::scalar && !trim(i.scalar).empty();
  });
}

void check_asserts(const yaml_value& list, reporter& out) {
  if (list.what == yaml_value::kind::null) return;
  if (list.what != yaml_value::kind::sequence) {
    out.report(list.key_site, "`asserts` must be a list of assertions, not {}", kind_name(list));
    return;
  }
  for (const yaml_value& a : list.items) {
    if (a.what != yaml_value::kind::map) {
      out.report(a.site,
                 "an assertion must be a mapping with `table`, `column`, `fk` or `check`, not {}",
                 kind_name(a));
      continue;
    }
    std::vector<std::string_view> subjects;
    for (const auto& [k, v] : a.entries)
      if (k == "table" || k == "column" || k == "fk" || k == "check") subjects.push_back(k);
    if (subjects.size() != 1) {
      out.report(a.site,
                 "an assertion needs exactly one of `table`, `column`, `fk` or `check`, found {}",
                 subjects.size());
      continue;
    }
    std::string_view subject = subjects.front();
    for (const auto& [k, v] : a.entries) {
      if (k == subject) {
        bool ok = v.what == yaml_value::kind::scalar;
        if (ok && subject == "column") ok = column_ref(v.scalar);
        if (ok && subject == "fk") ok = fk_ref(v.scalar);
        if (ok && subject == "check") ok = check_ref(v.scalar);
        if (!ok)
          out.report(v.key_site, "`{}` must be {}", k,
                     subject == "column"  ? "`table.column`"
                     : subject == "fk"    ? "`table.column -> table.column`"
                     : subject == "check" ? "`table.column in (value, …)`"
                                          : "a table name");
        continue;
      }
      static constexpr std::array<std::string_view, 7> column_keys{
          "nullable", "type", "default", "unique", "primary_key", "on_delete", "on_update"};
      static constexpr std::array<std::string_view, 2> fk_keys{"on_delete", "on_update"};
      static constexpr std::array<std::string_view, 3> table_keys{"unique", "index", "where"};
      auto in = [&](const auto& keys) {
        return std::find(keys.begin(), keys.end(), k) != keys.end();
      };
      bool known = subject == "column"  ? in(column_keys)
                   : subject == "fk"    ? in(fk_keys)
                   : subject == "table" ? in(table_keys)
                                        : false;
      if (!known) {
        out.report(v.key_site, "`{}` is not a property of a `{}` assertion", k, subject);
        continue;
      }
      if (subject == "table") {
        if ((k == "unique" || k == "index") && !column_names_list(v))
          out.report(v.site, "`{}` must be a list of column names (`[orgId, name]`), not {}", k,
                     kind_name(v));
        else if (k == "where" && (v.what != yaml_value::kind::scalar || trim(v.scalar).empty()))
          out.report(v.site, "`where` must be an SQL predicate, not {}", kind_name(v));
        else if (k == "where" && !a.find("unique") && !a.find("index"))
          out.report(v.key_site, "`where` belongs to a `unique` or `index` assertion");
        else if (k == "index" && a.find("unique"))
          out.report(v.key_site, "an assertion takes `unique` or `index`, not both");
      } else if ((k == "nullable" || k == "unique" || k == "primary_key") && !is_bool(v)) {
        out.report(v.site, "`{}` must be true or false", k);
      } else if ((k == "on_delete" || k == "on_update") &&
                 (v.what != yaml_value::kind::scalar || !parse_action(v.scalar))) {
        out.report(v.site,
                   "`{}` must be a referential action (CASCADE, SET NULL, SET DEFAULT, RESTRICT, "
                   "NO ACTION)",
                   k);
      } else if ((k == "type" || k == "default") && v.what != yaml_value::kind::scalar) {
        out.report(v.site, "`{}` must be a scalar", k);
      }
    }
  }
}

// The task schema (keys, values, asserts).
void check_front_matter(const yaml_value& fm, file_id f, const settings& cfg, reporter& out) {
  if (fm.what != yaml_value::kind::map) {
    out.report(fm.site.known() ? fm.site : location{f, 2, 1},
               "task front matter must be a mapping of keys, not {}", kind_name(fm));
    return;
  }
  for (std::string_view key : {"id", "name", "status"})
    if (!fm.find(key)) out.report(location{f, 1, 1}, "task front matter has no `{}`", key);
  std::map<std::string_view, std::uint32_t> seen;  // key -> line of its first use
  for (const auto& [key, v] : fm.entries) {
    // YAML forbids repeated keys but yaml-cpp keeps them; every reader here uses the first.
    if (auto [it, first] = seen.try_emplace(key, v.key_site.line); !first) {
      out.report(v.key_site, "`{}` is given more than once; the first, on line {}, counts", key,
                 it->second);
      continue;
    }
    if (key == "id" || key == "name" || key == "status" || cfg.task_enums.count(key)) {
      if (v.what != yaml_value::kind::scalar || v.scalar.empty()) {
        out.report(v.key_site, "`{}` must be a non-empty string, not {}", key, kind_name(v));
        continue;
      }
      if (key == "id" && !kebab_case(v.scalar))
        out.report(v.site, "task id `{}` is not kebab-case (lower-case words joined by `-`)",
                   v.scalar);
      if (auto e = cfg.task_enums.find(key);
          e != cfg.task_enums.end() &&
          std::find(e->second.begin(), e->second.end(), v.scalar) == e->second.end())
        out.report(v.site, "`{}: {}` is not one of: {}", key, v.scalar, fmt::join(e->second, ", "));
    } else if (key == "depends_on") {
      if (v.what == yaml_value::kind::null) continue;
      if (v.what != yaml_value::kind::sequence) {
        out.report(v.key_site, "`depends_on` must be a list of task ids, not {}", kind_name(v));
        continue;
      }
      for (const yaml_value& item : v.items)
        if (item.what != yaml_value::kind::scalar)
          out.report(item.site, "`depends_on` entries must be task ids, not {}", kind_name(item));
    } else if (key == "asserts") {
      check_asserts(v, out);
    } else if (cfg.warn_unknown_task_keys) {
      out.warn(v.key_site, "unknown task front-matter key `{}`", key);
    }
  }
}

// A task file's front matter as it is read, since the model keeps only what it needs of it.
void check_task_front_matter(const source_file& file, finding_sink& sink) {
  if (file.doc.role != file_role::task) return;
  // The loader could not read it (parse/front-matter reports those of other files).
  for (const load_issue& i : file.issues)
    if (i.what == load_issue::kind::front_matter) sink.report(i.site, "{}", i.message);
  reporter out(sink);
  if (file.front_matter) check_front_matter(*file.front_matter, file.id, file.config, out);
  if (!file.doc.has_front_matter)
    sink.report(location{file.id, 1, 1}, "task file has no YAML front matter (`---` on line 1)");
}

}  // namespace
extern const rule task_front_matter{
    {"task/front-matter", severity::error,
     "task front matter that is missing, invalid, or holds a wrong key or value"},
    nullptr,
    &check_task_front_matter};
}  // namespace speclint::rules
