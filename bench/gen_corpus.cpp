// Writes a synthetic storage spec for benchmarks: table docs with column and index tables,
// one reference table, SQL blocks in some docs, and task files with references,
// dependencies and asserts. Deterministic from the seed; a small share of each kind of
// defect is planted so that every rule has work to do.
//
//   gen_corpus DIR --tables N --tasks M [--seed S] [--shape NAME]

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

namespace fs = std::filesystem;

namespace {

// xorshift64*: the same sequence on every platform and library version.
struct rng {
  std::uint64_t s;
  std::uint64_t next() {
    s ^= s >> 12;
    s ^= s << 25;
    s ^= s >> 27;
    return s * 2685821657736338717ull;
  }
  std::uint64_t below(std::uint64_t n) { return n == 0 ? 0 : next() % n; }
  bool chance(int percent) { return below(100) < static_cast<std::uint64_t>(percent); }
};

void write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary);
  out << text;
  if (!out) {
    std::cerr << "gen_corpus: cannot write " << p << '\n';
    std::exit(2);
  }
}

const char* types[] = {"text",        "bigint", "integer",      "boolean",
                       "timestamptz", "jsonb",  "numeric(12,4)"};

std::string table_name(std::size_t i) {
  return fmt::format("t{:05}", i);
}

struct fk {
  std::size_t child, parent;
  std::string column;
  std::string action;
  int line;  // line of the FK row in the child's doc
};

// The usual mix: tables, references between them, tasks over them.
void standard(const fs::path& dir, std::size_t tables, std::size_t tasks, rng& r) {
  std::vector<fk> fks;
  std::vector<int> column_lines(tables);
  for (std::size_t t = 0; t < tables; ++t) {
    std::string name = table_name(t);
    std::string doc =
        fmt::format("# Domain {}\n\nTables of domain {}, generated.\n\n## `{}`\n\n", t, t, name);
    doc += "| Column | Type | Nullable | Default | References | On Delete | Notes |\n";
    doc += "|---|---|---|---|---|---|---|\n";
    int line = 8;
    doc += "| `id` | `text` | no | | | | PK |\n";
    ++line;
    std::size_t cols = 6 + r.below(8);
    std::vector<std::string> indexed;
    for (std::size_t c = 0; c < cols; ++c) {
      std::string col = fmt::format("c{}", c);
      doc += fmt::format("| `{}` | `{}` | {} | | | | column {} of {} |\n", col, types[r.below(7)],
                         r.chance(50) ? "yes" : "no", c, name);
      ++line;
    }
    // Up to two foreign keys to earlier tables.
    std::size_t refs = t == 0 ? 0 : r.below(3);
    for (std::size_t k = 0; k < refs; ++k) {
      std::size_t parent = r.below(t);
      std::string col = fmt::format("ref{}Id", k);
      bool nullable = r.chance(60);
      std::string action = nullable ? (r.chance(50) ? "SET NULL" : "CASCADE") : "CASCADE";
      // Planted defects: NOT NULL + SET NULL, unknown actions, missing targets, type slips.
      std::string type = "text";
      if (r.chance(2)) action = "SET NULL", nullable = false;
      if (r.chance(1)) action = "DELETE";
      if (r.chance(1)) type = "uuid";
      std::string target =
          r.chance(1) ? fmt::format("missing{}.id", parent) : table_name(parent) + ".id";
      doc += fmt::format("| `{}` | `{}` | {} | | `{}` | {} | |\n", col, type,
                         nullable ? "yes" : "no", target, action);
      ++line;
      fks.push_back({t, parent, col, action, line});
      if (!r.chance(3)) indexed.push_back(col);
    }
    column_lines[t] = 9;
    doc += "\n### Indexes\n\n| Index | Columns | Unique | Where |\n|---|---|---|---|\n";
    for (const auto& col : indexed)
      doc += fmt::format("| `{}_{}_idx` | `{}` | no | |\n", name, col, col);
    if (r.chance(10)) {
      doc += fmt::format(
          "\n### DDL\n\n```sql\nCREATE TABLE \"{}_log\" (\n  \"id\" text PRIMARY KEY,\n"
          "  \"{}Id\" text NOT NULL REFERENCES \"{}\" (\"id\") ON DELETE CASCADE,\n"
          "  \"at\" timestamptz NOT NULL DEFAULT now()\n);\n"
          "CREATE INDEX ON \"{}_log\" (\"{}Id\");\n```\n",
          name, name, name, name, name);
    }
    doc += fmt::format(
        "\nSee [the reference](../table-reference.md#foreign-keys) and "
        "[domain 0](t00000.md#{}).\n",
        table_name(0));
    write(dir / "docs" / "storage" / (name + ".md"), doc);
  }
  std::string ref =
      "# Table reference\n\n## Foreign keys\n\n| FK | References | On Delete | On Update "
      "|\n|---|---|---|---|\n";
  for (const fk& f : fks)
    ref += fmt::format("| `{}.{}` | `{}.id` | {} | NO ACTION |\n", table_name(f.child), f.column,
                       table_name(f.parent), f.action);
  write(dir / "docs" / "table-reference.md", ref);

  const char* statuses[] = {"completed",   "completed", "completed", "pending",
                            "in-progress", "blocked",   "cancelled"};
  for (std::size_t k = 0; k < tasks; ++k) {
    std::string id = fmt::format("task-{:05}", k);
    std::string status = statuses[r.below(7)];
    std::string deps;
    if (k > 0) {
      std::size_t n = r.below(3);
      for (std::size_t d = 0; d < n; ++d)
        deps += fmt::format("{}task-{:05}", deps.empty() ? "" : ", ", r.below(k));
    }
    if (r.chance(1)) deps += std::string(deps.empty() ? "" : ", ") + "task-missing";
    std::size_t t = tables ? r.below(tables) : 0;
    std::string asserts;
    std::optional<std::size_t> asserted;  // the foreign key the task asserts, if any
    if (tables) {
      asserts = fmt::format("asserts:\n  - table: {}\n  - column: {}.id\n    nullable: false\n",
                            table_name(t), table_name(t));
      if (!fks.empty() && r.chance(30)) {
        asserted = r.below(fks.size());
        const fk& f = fks[*asserted];
        asserts +=
            fmt::format("  - fk: {}.{} -> {}.id\n    on_delete: {}\n", table_name(f.child),
                        f.column, table_name(f.parent), r.chance(95) ? f.action : "RESTRICT");
      }
    }
    // Most tasks cite one foreign-key row, the asserted key's when there is one; a few cite
    // the whole section.
    std::string fk_reference = "#foreign-keys";
    if (!fks.empty() && !r.chance(5)) {
      const std::size_t row = r.below(fks.size());
      fk_reference = fmt::format(":{}", 7 + (asserted ? *asserted : row));
    }
    bool done = status == "completed";
    std::string doc = fmt::format(
        "---\nid: {}\nname: Work item {}\nstatus: {}\ndepends_on: [{}]\nscope: narrow\nrisk: low\n"
        "impact: component\nlevel: implementation\n{}---\n\n## Description\n\nAdjust `{}.id` and "
        "its "
        "neighbours.\n\n## Acceptance Criteria\n\n- [{}] the column is documented\n- [{}] the "
        "reference "
        "table agrees\n\n## References\n\n- docs/storage/{}.md:{}\n- docs/table-reference.md{}\n"
        "- docs/storage/{}.md#{}\n\n## Notes\n\n{}\n\n## Summary\n\n{}\n",
        id, k, status, deps, asserts, tables ? table_name(t) : "x",
        done || r.chance(50) ? "x" : " ", done && !r.chance(2) ? "x" : " ",
        tables ? table_name(t) : "x", tables ? column_lines[t] : 1, fk_reference,
        tables ? table_name(t) : "x", tables ? table_name(t) : "x",
        done && r.chance(2) ? "> To be filled" : "Checked against the spec.",
        "Done when the boxes are.");
    write(dir / "tasks" / (id + ".md"), doc);
  }
}

// Adversarial: one table with many columns.
void wide_table(const fs::path& dir, std::size_t columns) {
  std::string doc =
      "# Wide\n\n## `wide`\n\n| Column | Type | Nullable |\n|---|---|---|\n| `id` | `text` | no "
      "|\n";
  for (std::size_t c = 0; c < columns; ++c) doc += fmt::format("| `c{}` | `text` | yes |\n", c);
  write(dir / "docs" / "wide.md", doc);
}

// Adversarial: a dependency chain of tasks.
void task_chain(const fs::path& dir, std::size_t n) {
  for (std::size_t k = 0; k < n; ++k)
    write(dir / "tasks" / fmt::format("c{:06}.md", k),
          fmt::format("---\nid: c{:06}\nname: Chain {}\nstatus: pending\ndepends_on: [{}]\n---\n",
                      k, k, k + 1 < n ? fmt::format("c{:06}", k + 1) : ""));
}

// Adversarial: every table cascades from ten earlier parents, and restricts nothing.
void cascade_dag(const fs::path& dir, std::size_t tables, rng& r) {
  std::string ref = "# Reference\n\n| FK | References | On Delete |\n|---|---|---|\n";
  for (std::size_t t = 0; t < tables; ++t) {
    std::string doc = fmt::format(
        "## `{}`\n\n| Column | Type | Nullable |\n|---|---|---|\n| `id` | `text` | no |\n",
        table_name(t));
    std::size_t parents = std::min<std::size_t>(t, 10);
    for (std::size_t p = 0; p < parents; ++p) {
      doc += fmt::format("| `p{}` | `text` | yes |\n", p);
      ref += fmt::format("| `{}.p{}` | `{}.id` | CASCADE |\n", table_name(t), p,
                         table_name(r.below(t)));
    }
    write(dir / "docs" / (table_name(t) + ".md"), doc);
  }
  // One RESTRICT at the bottom: the blocked-cascade rule must walk, not enumerate paths.
  ref += fmt::format("| `{}.p0` | `{}.id` | RESTRICT |\n", table_name(0), table_name(tables - 1));
  write(dir / "docs" / "reference.md", ref);
}

// Adversarial: one file of about `bytes` bytes.
void big_file(const fs::path& dir, std::size_t bytes) {
  std::string doc =
      "# Big\n\n## `big`\n\n| Column | Type | Nullable |\n|---|---|---|\n| `id` | `text` | no |\n";
  for (std::size_t i = 0; doc.size() < bytes; ++i)
    doc += fmt::format(
        "Paragraph {} of a very long design note about `big.id` and [itself](#big).\n\n", i);
  write(dir / "docs" / "big.md", doc);
}

// Adversarial: many links to one heading.
void many_links(const fs::path& dir, std::size_t links) {
  write(dir / "docs" / "target.md", "# Target\n\n## The heading\n\nText.\n");
  std::string doc = "# Links\n\n";
  for (std::size_t i = 0; i < links; ++i) doc += "- [to the heading](target.md#the-heading)\n";
  write(dir / "docs" / "links.md", doc);
}

}  // namespace

int main(int argc, char** argv) {
  const char* usage =
      "usage: gen_corpus DIR [--tables N] [--tasks M] [--seed S] [--shape "
      "standard|wide|chain|dag|big|links] [--size N]\n"
      "DIR is removed first, then written\n";
  const std::string first = argc > 1 ? argv[1] : "";
  if (first == "-h" || first == "--help") {
    std::cout << usage;
    return 0;
  }
  // DIR is removed before it is written: an option in its place is a mistake, not a folder.
  if (argc < 2 || first.starts_with('-')) {
    std::cerr << usage;
    return 2;
  }
  fs::path dir = argv[1];
  std::size_t tables = 100, tasks = 100, size = 0;
  std::uint64_t seed = 1;
  std::string shape = "standard";
  for (int i = 2; i + 1 < argc; i += 2) {
    std::string k = argv[i], v = argv[i + 1];
    if (k == "--tables")
      tables = std::stoull(v);
    else if (k == "--tasks")
      tasks = std::stoull(v);
    else if (k == "--seed")
      seed = std::stoull(v);
    else if (k == "--shape")
      shape = v;
    else if (k == "--size")
      size = std::stoull(v);
    else {
      std::cerr << "gen_corpus: unknown option " << k << '\n';
      return 2;
    }
  }
  fs::remove_all(dir);
  rng r{seed * 0x9E3779B97F4A7C15ull + 1};
  if (shape == "standard")
    standard(dir, tables, tasks, r);
  else if (shape == "wide")
    wide_table(dir, size ? size : 10000);
  else if (shape == "chain")
    task_chain(dir, size ? size : 100000);
  else if (shape == "dag")
    cascade_dag(dir, size ? size : 5000, r);
  else if (shape == "big")
    big_file(dir, size ? size : 20u << 20);
  else if (shape == "links")
    many_links(dir, size ? size : 50000);
  else {
    std::cerr << "gen_corpus: unknown shape " << shape << '\n';
    return 2;
  }
  return 0;
}
