// Comparing PostgreSQL's verdicts with speclint's findings, and printing the result. No I/O.

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "speclint/verify.hpp"

namespace speclint {

namespace {

// Failures that say more about the empty database than about the spec: a type or function
// that an extension or an earlier migration would provide.
bool environmental(std::string_view sqlstate) {
  return sqlstate == "42704" || sqlstate == "42883";
}

std::string_view outcome_name(verify_item::outcome o) {
  switch (o) {
    case verify_item::outcome::confirmed:
      return "confirmed";
    case verify_item::outcome::not_confirmed:
      return "not confirmed";
    case verify_item::outcome::missed:
      return "missed";
    case verify_item::outcome::not_compared:
      return "not compared";
  }
  return "?";
}

std::string_view kind_name(pg_verdict::kind k) {
  switch (k) {
    case pg_verdict::kind::ddl:
      return "ddl";
    case pg_verdict::kind::catalog:
      return "catalog";
    case pg_verdict::kind::probe:
      return "probe";
  }
  return "?";
}

std::string first_line(std::string_view s) {
  auto nl = s.find('\n');
  return std::string(nl == std::string_view::npos ? s : s.substr(0, nl));
}

}  // namespace

std::optional<pg_expectation> expectation_of(std::string_view rule) {
  const speclint::rule* r = find_rule(rule);
  return r ? r->info.postgres : std::nullopt;
}

bool verify_report::agree() const {
  return std::none_of(items.begin(), items.end(), [](const verify_item& i) {
    return i.what == verify_item::outcome::not_confirmed || i.what == verify_item::outcome::missed;
  });
}

std::vector<verify_item> compare_verdicts(const model& m, const std::vector<finding>& findings,
                                          const std::vector<ddl_statement>& statements,
                                          const std::vector<bool>& loaded,
                                          const std::vector<pg_verdict>& verdicts, bool probed) {
  std::vector<verify_item> out;
  std::vector<bool> used(verdicts.size(), false);
  // Tables PostgreSQL did not create, and the verdict on each foreign key's statement.
  std::set<std::string> not_created;
  for (std::size_t i = 0; i < statements.size(); ++i)
    if (statements[i].what == ddl_statement::kind::table && i < loaded.size() && !loaded[i])
      not_created.insert(statements[i].table);
  // The verdicts on each foreign key, in verdict order: a spec may have thousands of keys
  // and as many verdicts, so a finding looks at its own keys' verdicts, not at every one.
  std::unordered_map<std::size_t, std::vector<std::size_t>> verdicts_of;
  for (std::size_t i = 0; i < verdicts.size(); ++i)
    if (verdicts[i].fk) verdicts_of[*verdicts[i].fk].push_back(i);
  auto on_fk = [&](std::size_t fk) -> const std::vector<std::size_t>& {
    static const std::vector<std::size_t> none;
    auto it = verdicts_of.find(fk);
    return it == verdicts_of.end() ? none : it->second;
  };
  auto fk_ddl_failure = [&](std::size_t fk) -> const pg_verdict* {
    for (std::size_t i : on_fk(fk))
      if (verdicts[i].what == pg_verdict::kind::ddl) return &verdicts[i];
    return nullptr;
  };
  auto fk_tables_missing = [&](std::size_t fk) -> std::optional<std::string> {
    const foreign_key& k = m.foreign_keys()[fk];
    for (const std::string* t : {&k.child_table, &k.parent_table})
      if (not_created.count(*t)) return *t;
    return std::nullopt;
  };
  auto probed_fk = [&](std::size_t fk) {
    const std::vector<std::size_t>& on = on_fk(fk);
    return std::any_of(on.begin(), on.end(), [&](std::size_t i) {
      return verdicts[i].what == pg_verdict::kind::probe && !verdicts[i].inconclusive;
    });
  };

  // The statement creating each index, and the verdicts on it, by table and index name. A
  // finding on no foreign key concerns the indexes of its entity's table declared on its
  // line or a related line.
  using index_key = std::pair<std::string, std::string>;
  std::map<index_key, std::size_t> index_statement;
  for (std::size_t i = 0; i < statements.size(); ++i)
    if (statements[i].what == ddl_statement::kind::index ||
        statements[i].what == ddl_statement::kind::unique)
      index_statement.emplace(index_key{statements[i].table, statements[i].name}, i);
  std::map<std::size_t, std::vector<std::size_t>> verdicts_on_statement;
  for (std::size_t i = 0; i < verdicts.size(); ++i)
    if (verdicts[i].what == pg_verdict::kind::ddl && !verdicts[i].fk)
      verdicts_on_statement[verdicts[i].statement].push_back(i);
  auto index_statements_of = [&](const finding& f) {
    std::vector<std::size_t> out;
    const table* t = m.find_table(f.entity);
    if (!t) return out;
    auto on = [&](const location& l, std::string_view file, std::uint32_t line) {
      const document* d = m.find_document(file);
      return d && l.known() && l.line == line &&
             l.file == static_cast<file_id>(d - m.documents().data());
    };
    for (const index_def& ix : t->indexes) {
      bool named = on(ix.site, f.file, f.line) ||
                   std::any_of(f.related.begin(), f.related.end(), [&](const related_location& r) {
                     return on(ix.site, r.file, r.line);
                   });
      if (!named) continue;
      if (auto it = index_statement.find({t->name, ix.name}); it != index_statement.end())
        out.push_back(it->second);
    }
    return out;
  };

  const fk_finder finder(m);
  std::vector<std::size_t> candidates;  // the verdicts on a finding's keys, in verdict order
  for (const finding& f : findings) {
    std::optional<pg_expectation> e = expectation_of(f.rule);
    if (!e || f.level != severity::error) continue;
    verify_item item;
    item.about = f;
    std::vector<std::size_t> fks = finder.of(f);
    std::vector<std::size_t> index_statements;
    if (fks.empty()) index_statements = index_statements_of(f);
    bool hit = false;
    candidates.clear();
    for (std::size_t fk : fks) {
      const std::vector<std::size_t>& on = on_fk(fk);
      candidates.insert(candidates.end(), on.begin(), on.end());
    }
    for (std::size_t st : index_statements)
      if (auto it = verdicts_on_statement.find(st); it != verdicts_on_statement.end())
        candidates.insert(candidates.end(), it->second.begin(), it->second.end());
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    for (std::size_t i : candidates) {
      const pg_verdict& v = verdicts[i];
      bool right_kind =
          e->runtime ? v.what != pg_verdict::kind::ddl : v.what == pg_verdict::kind::ddl;
      if (!right_kind || v.sqlstate != e->sqlstate) continue;
      // Every verdict it explains (the catalog and a probe may both show one defect).
      used[i] = true;
      if (!hit) item.verdict = v;
      hit = true;
    }
    if (hit) {
      item.what = verify_item::outcome::confirmed;
      out.push_back(std::move(item));
      continue;
    }
    item.what = verify_item::outcome::not_compared;
    for (std::size_t fk : fks) {
      if (auto t = fk_tables_missing(fk)) {
        item.note = fmt::format("table `{}` was not created", *t);
      } else if (const pg_verdict* v = fk_ddl_failure(fk);
                 v && (e->runtime || v->sqlstate != e->sqlstate)) {
        item.note =
            fmt::format("PostgreSQL rejected the key first: {} {}", v->sqlstate, v->message);
        item.verdict = *v;
      } else if (e->needs_probe && !probed) {
        item.note = fmt::format("only a probe shows {} (run with --probe)", e->sqlstate);
      } else if (e->needs_probe && !probed_fk(fk)) {
        item.note =
            fmt::format("only a probe delete shows {}, and this key was not probed", e->sqlstate);
      } else {
        continue;
      }
      break;
    }
    for (std::size_t st : index_statements) {
      auto rejected = verdicts_on_statement.find(st);
      if (not_created.count(statements[st].table)) {
        item.note = fmt::format("table `{}` was not created", statements[st].table);
      } else if (rejected != verdicts_on_statement.end()) {
        const pg_verdict& v = verdicts[rejected->second.front()];
        item.note =
            fmt::format("PostgreSQL rejected the index first: {} {}", v.sqlstate, v.message);
        item.verdict = v;
      } else {
        continue;
      }
      break;
    }
    if (fks.empty() && index_statements.empty())
      item.note = "no foreign key or index of the export matches the finding";
    if (item.note.empty()) {
      item.what = verify_item::outcome::not_confirmed;
      item.note = e->runtime ? fmt::format("expected {} at run time; PostgreSQL raised nothing",
                                           e->sqlstate)
                             : fmt::format("expected {}; PostgreSQL accepted the {}", e->sqlstate,
                                           fks.empty() ? "index" : "key");
    }
    out.push_back(std::move(item));
  }

  for (std::size_t i = 0; i < verdicts.size(); ++i) {
    const pg_verdict& v = verdicts[i];
    if (used[i] || (v.what == pg_verdict::kind::probe && v.sqlstate.empty() && !v.inconclusive))
      continue;
    verify_item item;
    item.verdict = v;
    item.what = verify_item::outcome::missed;
    if (v.inconclusive) {
      item.what = verify_item::outcome::not_compared;
      item.note = "the probe could not set up its rows";
    } else if (environmental(v.sqlstate)) {
      item.what = verify_item::outcome::not_compared;
      item.note = "the empty database lacks a type or function the spec uses";
    } else if (v.fk && fk_tables_missing(*v.fk)) {
      item.what = verify_item::outcome::not_compared;
      item.note = fmt::format("table `{}` was not created", *fk_tables_missing(*v.fk));
    } else if (v.what == pg_verdict::kind::probe && v.sqlstate == "23503") {
      // SET DEFAULT to a value that no parent row of the probe holds.
      item.what = verify_item::outcome::not_compared;
      item.note = "the probe has no parent row for the default value";
    } else if (v.what == pg_verdict::kind::ddl && v.statement < statements.size() &&
               statements[v.statement].what != ddl_statement::kind::table &&
               not_created.count(statements[v.statement].table)) {
      item.what = verify_item::outcome::not_compared;
      item.note = fmt::format("table `{}` was not created", statements[v.statement].table);
    }
    out.push_back(std::move(item));
  }
  return out;
}

std::string render_verify(const verify_report& r, std::string_view format) {
  using outcome = verify_item::outcome;
  std::size_t loaded = static_cast<std::size_t>(std::count(r.loaded.begin(), r.loaded.end(), true));
  std::array<std::size_t, 4> counts{};
  for (const verify_item& i : r.items) ++counts[static_cast<std::size_t>(i.what)];
  if (format == "json") {
    nlohmann::ordered_json j;
    j["version"] = 1;
    j["server_version"] = r.server_version;
    j["schema"] = r.schema;
    j["stale_dropped"] = r.stale_dropped;
    j["statements"] = r.statements.size();
    j["loaded"] = loaded;
    j["catalog_checked"] = r.catalog_checked;
    j["probed"] = r.probed;
    j["agree"] = r.agree();
    j["counts"] = {{"confirmed", counts[0]},
                   {"not_confirmed", counts[1]},
                   {"missed", counts[2]},
                   {"not_compared", counts[3]}};
    auto items = nlohmann::ordered_json::array();
    for (const verify_item& i : r.items) {
      nlohmann::ordered_json ji;
      ji["outcome"] = std::string(outcome_name(i.what));
      if (i.about) {
        ji["rule"] = i.about->rule;
        ji["file"] = i.about->file;
        ji["line"] = i.about->line;
        ji["column"] = i.about->column;
        ji["message"] = i.about->message;
      }
      if (i.verdict) {
        const pg_verdict& v = *i.verdict;
        ji["verdict"] = {
            {"kind", std::string(kind_name(v.what))},
            {"sqlstate", v.sqlstate},
            {"message", v.message},
            {"table", v.table},
            {"statement", v.what == pg_verdict::kind::ddl && v.statement < r.statements.size()
                              ? r.statements[v.statement].sql
                              : std::string()}};
      }
      ji["note"] = i.note;
      items.push_back(std::move(ji));
    }
    j["items"] = std::move(items);
    return j.dump(2) + "\n";
  }
  std::string out = fmt::format("speclint verify: PostgreSQL {}, scratch schema {} (dropped)\n",
                                r.server_version, r.schema);
  for (const auto& s : r.stale_dropped)
    out += fmt::format("dropped stale scratch schema {} of an earlier run\n", s);
  out += fmt::format(
      "loaded {} of {} statements; {} foreign key{} with SET NULL or SET DEFAULT read from the "
      "catalog",
      loaded, r.statements.size(), r.catalog_checked, r.catalog_checked == 1 ? "" : "s");
  out += r.probe ? fmt::format("; {} delete{} probed\n", r.probed, r.probed == 1 ? "" : "s")
                 : std::string(" (no --probe)\n");
  for (outcome o :
       {outcome::confirmed, outcome::not_confirmed, outcome::missed, outcome::not_compared}) {
    if (counts[static_cast<std::size_t>(o)] == 0) continue;
    out += fmt::format("\n{}:\n", outcome_name(o));
    for (const verify_item& i : r.items) {
      if (i.what != o) continue;
      std::string verdict;
      if (i.verdict)
        verdict =
            fmt::format("{} ({}) {}", i.verdict->sqlstate.empty() ? "ok" : i.verdict->sqlstate,
                        kind_name(i.verdict->what), i.verdict->message);
      if (i.about) {
        out += fmt::format("  {}:{}:{}: {}: {}\n", i.about->file, i.about->line, i.about->column,
                           i.about->rule, i.about->message);
        if (o == outcome::confirmed)
          out += fmt::format("    postgres: {}\n", verdict);
        else if (!i.note.empty())
          out += fmt::format("    {}\n", i.note);
      } else {
        out += fmt::format("  postgres: {}\n", verdict);
        if (i.verdict && i.verdict->what == pg_verdict::kind::ddl &&
            i.verdict->statement < r.statements.size())
          out += fmt::format("    {}\n", first_line(r.statements[i.verdict->statement].sql));
        if (!i.note.empty()) out += fmt::format("    {}\n", i.note);
      }
    }
  }
  std::string verdict = !r.agree()       ? "speclint and PostgreSQL disagree"
                        : counts[3] == 0 ? "speclint and PostgreSQL agree"
                                         : "no disagreement, but not everything could be compared";
  out += fmt::format("\n{} confirmed, {} not confirmed, {} missed, {} not compared: {}\n",
                     counts[0], counts[1], counts[2], counts[3], verdict);
  return out;
}

}  // namespace speclint
