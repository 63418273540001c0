#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "speclint/config.hpp"
#include "speclint/rule.hpp"
#include "speclint/text.hpp"

namespace speclint {

namespace {

struct reader {
  std::string name;

  [[noreturn]] void fail(const YAML::Node& at, const std::string& message) const {
    int line = at.Mark().line >= 0 ? at.Mark().line + 1 : 1;
    throw config_error(fmt::format("{}:{}: {}", name, line, message));
  }

  std::vector<std::string> strings(const YAML::Node& n, const std::string& key) const {
    std::vector<std::string> out;
    if (n.IsScalar()) return {n.Scalar()};
    if (!n.IsSequence()) fail(n, fmt::format("`{}` must be a string or a list of strings", key));
    for (const auto& item : n) {
      if (!item.IsScalar()) fail(item, fmt::format("`{}` must be a list of strings", key));
      out.push_back(item.Scalar());
    }
    return out;
  }

  std::uint64_t number(const YAML::Node& n, const std::string& key) const {
    if (!n.IsScalar()) fail(n, fmt::format("`{}` must be a whole number", key));
    try {
      std::size_t used = 0;
      unsigned long long v = std::stoull(n.Scalar(), &used);
      if (used != n.Scalar().size()) throw std::invalid_argument("trailing");
      return v;
    } catch (const std::exception&) {
      fail(n, fmt::format("`{}` must be a whole number, not `{}`", key, n.Scalar()));
    }
  }

  bool boolean(const YAML::Node& n, const std::string& key) const {
    if (n.IsScalar()) {
      if (n.Scalar() == "true") return true;
      if (n.Scalar() == "false") return false;
    }
    fail(n, fmt::format("`{}` must be true or false", key));
  }

  template <class F>
  void each_entry(const YAML::Node& n, const std::string& what, F&& f) const {
    if (!n.IsMap()) fail(n, fmt::format("`{}` must be a mapping", what));
    for (const auto& kv : n) {
      if (!kv.first.IsScalar())
        fail(kv.first, fmt::format("`{}` has a key that is not a string", what));
      f(kv.first, kv.second);
    }
  }
};

}  // namespace

config load_config(const std::filesystem::path& file, const std::string& display_name) {
  config cfg;
  cfg.path = display_name;
  std::ifstream in(file, std::ios::binary);
  if (!in) throw config_error(fmt::format("{}: cannot read the configuration", display_name));
  std::stringstream ss;
  ss << in.rdbuf();
  reader r{display_name};
  YAML::Node root;
  try {
    root = YAML::Load(ss.str());
  } catch (const YAML::Exception& e) {
    throw config_error(fmt::format("{}:{}: invalid YAML: {}", display_name,
                                   e.mark.line >= 0 ? e.mark.line + 1 : 1, e.msg));
  }
  if (root.IsNull()) return cfg;
  r.each_entry(root, "configuration", [&](const YAML::Node& k, const YAML::Node& v) {
    const std::string key = k.Scalar();
    if (key == "docs") {
      cfg.docs = r.strings(v, key);
    } else if (key == "tasks") {
      cfg.tasks = r.strings(v, key);
    } else if (key == "ignore") {
      cfg.ignore = r.strings(v, key);
    } else if (key == "migrations") {
      cfg.migrations = r.strings(v, key);
    } else if (key == "rules") {
      r.each_entry(v, key, [&](const YAML::Node& id, const YAML::Node& sev) {
        if (!find_rule(id.Scalar()))
          r.fail(id, fmt::format("unknown rule `{}` (see `speclint rules`)", id.Scalar()));
        if (!sev.IsScalar())
          r.fail(sev, fmt::format("rule `{}` takes error, warning, note or off", id.Scalar()));
        if (sev.Scalar() == "off") {
          cfg.rules[id.Scalar()] = std::nullopt;
        } else if (auto s = parse_severity(sev.Scalar())) {
          cfg.rules[id.Scalar()] = *s;
        } else {
          r.fail(sev, fmt::format("rule `{}` takes error, warning, note or off, not `{}`",
                                  id.Scalar(), sev.Scalar()));
        }
      });
    } else if (key == "task_enums") {
      r.each_entry(v, key, [&](const YAML::Node& name, const YAML::Node& values) {
        const std::string n = name.Scalar();
        if (!cfg.rule_settings.task_enums.count(n))
          r.fail(name, fmt::format("unknown task field `{}` in `task_enums` (status, scope, risk, "
                                   "impact, level)",
                                   n));
        cfg.rule_settings.task_enums[n] = r.strings(values, "task_enums." + n);
      });
    } else if (key == "anchors") {
      const std::string how = v.IsScalar() ? v.Scalar() : std::string();
      if (how != "github" && how != "exact") r.fail(v, "`anchors` takes github or exact");
      cfg.rule_settings.anchors_ignore_case = how == "github";
    } else if (key == "sql_dialect") {
      const std::string d = v.IsScalar() ? v.Scalar() : std::string();
      if (d == "auto")
        cfg.reading.dialect = sql_dialect::auto_detect;
      else if (d == "postgres")
        cfg.reading.dialect = sql_dialect::postgres;
      else if (d == "mysql")
        cfg.reading.dialect = sql_dialect::mysql;
      else if (d == "sqlite")
        cfg.reading.dialect = sql_dialect::sqlite;
      else
        r.fail(v, "`sql_dialect` takes postgres, mysql, sqlite or auto");
    } else if (key == "headers") {
      r.each_entry(v, key, [&](const YAML::Node& role, const YAML::Node& names) {
        const auto& roles = header_roles();
        auto it = std::find_if(roles.begin(), roles.end(),
                               [&](const auto& p) { return p.first == role.Scalar(); });
        if (it == roles.end()) {
          std::string known;
          for (const auto& [name, header] : roles)
            known += (known.empty() ? "" : ", ") + std::string(name);
          r.fail(role, fmt::format("unknown header `{}` in `headers` ({})", role.Scalar(), known));
        }
        for (const std::string& n : r.strings(names, "headers." + role.Scalar()))
          cfg.reading.headers.emplace_back(to_lower(collapse_space(n)), std::string(it->second));
      });
    } else if (key == "nullable_by_default") {
      cfg.reading.nullable_by_default = r.boolean(v, key);
    } else if (key == "delta") {
      cfg.reading.delta = r.strings(v, key);
    } else if (key == "warn_unknown_task_keys") {
      cfg.rule_settings.warn_unknown_task_keys = r.boolean(v, key);
    } else if (key == "hygiene") {
      r.each_entry(v, key, [&](const YAML::Node& name, const YAML::Node& values) {
        const std::string n = name.Scalar();
        if (n == "internal_hostnames")
          cfg.rule_settings.internal_hostnames = r.strings(values, n);
        else if (n == "private_paths")
          cfg.rule_settings.private_paths = r.strings(values, n);
        else if (n == "placeholders")
          cfg.rule_settings.placeholders = r.strings(values, n);
        else
          r.fail(name, fmt::format("unknown key `hygiene.{}`", n));
      });
    } else if (key == "soft_delete") {
      r.each_entry(v, key, [&](const YAML::Node& name, const YAML::Node& values) {
        const std::string n = name.Scalar();
        if (n != "markers") r.fail(name, fmt::format("unknown key `soft_delete.{}`", n));
        cfg.rule_settings.soft_delete_markers = r.strings(values, "soft_delete." + n);
      });
    } else if (key == "append_only") {
      cfg.rule_settings.append_only = r.strings(v, key);
    } else if (key == "limits") {
      r.each_entry(v, key, [&](const YAML::Node& name, const YAML::Node& value) {
        const std::string n = name.Scalar();
        auto num = [&] { return r.number(value, "limits." + n); };
        if (n == "max_file_bytes")
          cfg.limits.max_file_bytes = num();
        else if (n == "max_front_matter_bytes")
          cfg.limits.max_front_matter_bytes = static_cast<std::uint32_t>(num());
        else if (n == "max_yaml_depth")
          cfg.limits.max_yaml_depth = static_cast<std::uint32_t>(num());
        else if (n == "max_yaml_nodes")
          cfg.limits.max_yaml_nodes = static_cast<std::uint32_t>(num());
        else if (n == "max_findings_per_rule")
          cfg.limits.max_findings_per_rule = static_cast<std::uint32_t>(num());
        else
          r.fail(name, fmt::format("unknown key `limits.{}`", n));
      });
    } else {
      r.fail(k, fmt::format("unknown key `{}`", key));
    }
  });
  return cfg;
}

namespace {
// A YAML flow list of names, each quoted unless it is a plain path.
std::string flow_list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (const std::string& s : items) {
    if (out.size() > 1) out += ", ";
    bool plain = !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' ||
             c == '/';
    });
    std::string quoted;
    for (char c : s) {
      if (c == '"' || c == '\\') quoted += '\\';
      quoted += c;
    }
    out += plain ? s : "\"" + quoted + "\"";
  }
  return out + "]";
}
}  // namespace

const std::vector<std::pair<std::string_view, std::string_view>>& header_roles() {
  static const std::vector<std::pair<std::string_view, std::string_view>> roles = {
      {"column", "Column"},
      {"type", "Type"},
      {"nullable", "Nullable"},
      {"required", "Required"},
      {"default", "Default"},
      {"references", "References"},
      {"on_delete", "On Delete"},
      {"on_update", "On Update"},
      {"key", "Key"},
      {"notes", "Notes"},
      {"definition", "Definition"},
      {"constraints", "Constraints"},
      {"name", "Name"},
      {"index", "Index"},
      {"columns", "Columns"},
      {"unique", "Unique"},
      {"where", "Where"},
      {"table", "Table"},
  };
  return roles;
}

std::string default_config_text(const found_docs* found) {
  std::string out = found ? "# speclint configuration. Every key is optional; the values below are "
                            "the defaults but\n# for the roots, which are what speclint init "
                            "found.\n\n"
                          : "# speclint configuration. Every key is optional; the values below "
                            "are the defaults.\n\n";
  if (found) {
    out += "# `speclint init` read the Markdown files here:\n";
    for (const std::string& n : found->notes) out += "#   " + n + "\n";
    out += "\n";
  }
  out += "# Where the storage spec lives (directories or files, relative to this file).\n";
  out += found
             ? fmt::format("docs: {}\ntasks: {}\n", flow_list(found->docs), flow_list(found->tasks))
             : std::string("docs: [docs]\ntasks: [tasks]\n");
  out +=
      "\n"
      "# Files not to read (globs: * within a directory, ** across directories).\n"
      "ignore: []\n"
      "\n"
      "# The migrations that implement the spec (globs of .sql files, applied in the order of\n"
      "# their versions: 0001_, V2__, timestamps; down and undo files left out), which\n"
      "# `speclint diff` and `speclint check --against migrations` compare with it.\n"
      "migrations: []\n"
      "\n"
      "# Severity per rule: error, warning, note, or off.\n"
      "rules:\n";
  for (const rule* r : all_rules())
    out += fmt::format("  {}: {}  # {}\n", r->info.id, to_string(r->info.default_severity),
                       r->info.summary);
  out +=
      "\n"
      "# Allowed values of task front-matter fields.\n"
      "task_enums:\n"
      "  status: [pending, in-progress, completed, blocked, cancelled]\n"
      "  scope: [narrow, moderate, broad]\n"
      "  risk: [low, medium, high, critical]\n"
      "  impact: [isolated, component, phase, project]\n"
      "  level: [research, planning, decision, implementation, review]\n"
      "\n"
      "# Report task front-matter keys speclint does not know.\n"
      "warn_unknown_task_keys: false\n"
      "\n"
      "# How a link's #fragment finds a heading: github (ignoring case, as GitHub does) or exact.\n"
      "anchors: github\n"
      "\n"
      "# The SQL dialect of ```sql blocks: postgres, mysql, sqlite, or auto (their content\n"
      "# decides). A block labelled ```mysql or ```sqlite is read in that dialect.\n"
      "sql_dialect: auto\n"
      "\n"
      "# Docs that describe a change rather than the whole schema (globs; or front matter\n"
      "# `speclint: delta` in the doc): the tables, columns and keys they leave out may exist.\n"
      "delta: []\n"
      "\n"
      "# Your own table headers, as the ones speclint knows (column, type, nullable, required,\n"
      "# default, references, on_delete, on_update, key, notes, definition, constraints, name,\n"
      "# index, columns, unique, where, table), e.g. `column: [Колонка]`.\n"
      "headers: {}\n"
      "\n"
      "# What a column whose row states no nullability is: true (nullable), false (NOT NULL);\n"
      "# left out, nothing is assumed.\n"
      "# nullable_by_default: false\n"
      "\n"
      "# Columns that mark a row soft-deleted: a unique index of its table should leave\n"
      "# deleted rows out (schema/soft-delete-unique).\n"
      "soft_delete:\n"
      "  markers: [deletedAt, deleted_at, is_deleted, archivedAt]\n"
      "\n"
      "# Tables whose rows are kept, as `Kind: append-only` in their section says\n"
      "# (schema/ledger-rewritten).\n"
      "append_only: []\n"
      "\n"
      "# Bounds on what one input may cost.\n"
      "limits:\n"
      "  max_file_bytes: 33554432\n"
      "  max_front_matter_bytes: 65536\n"
      "  max_yaml_depth: 64\n"
      "  max_yaml_nodes: 100000\n"
      "  max_findings_per_rule: 0  # 0 prints them all\n";
  return out;
}

}  // namespace speclint
