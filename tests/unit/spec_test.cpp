// End-to-end checks through the binary: the repository's own spec, the seed contradiction,
// exit statuses, suppressions and determinism.

#include <catch2/catch.hpp>

#include <tuple>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "support.hpp"

using namespace speclint::test;
using nlohmann::json;

namespace {

const char* accounts_doc =
    "# Accounts\n"
    "\n"
    "## `accounts`\n"
    "\n"
    "| Column | Type | Nullable | Default | References | On Delete | Notes |\n"
    "|---|---|---|---|---|---|---|\n"
    "| `id` | `text` | no | | | | PK |\n";

std::string sessions_doc(bool nullable) {
  return std::string(
             "# Sessions\n"
             "\n"
             "## `sessions`\n"
             "\n"
             "| Column | Type | Nullable | Default | References | On Delete | Notes |\n"
             "|---|---|---|---|---|---|---|\n"
             "| `id` | `text` | no | | | | PK |\n"
             "| `accountId` | `text` | ") +
         (nullable ? "yes" : "no") +
         " | | | | |\n"
         "\n"
         "### Indexes\n"
         "\n"
         "| Index | Columns | Unique | Where |\n"
         "|---|---|---|---|\n"
         "| `sessions_accountId_idx` | `accountId` | no | |\n";
}

const char* reference_doc =
    "# Table reference\n"
    "\n"
    "| FK | References | On Delete | On Update |\n"
    "|---|---|---|---|\n"
    "| `sessions.accountId` | `accounts.id` | SET NULL | NO ACTION |\n";

// The seed task, as it was received: completed, with every box unchecked.
std::string seed_task(bool done) {
  std::string box = done ? "- [x] " : "- [ ] ";
  return "---\n"
         "id: resolve-sessions-accountid-cascade\n"
         "name: Resolve sessions.accountId NOT NULL + SET NULL contradiction\n"
         "status: completed\n"
         "depends_on: []\n"
         "scope: narrow\n"
         "risk: critical\n"
         "impact: phase\n"
         "level: implementation\n"
         "---\n"
         "\n"
         "## Description\n"
         "\n"
         "`sessions.accountId` is declared `text NOT NULL` in `sessions.md:8` but has `onDelete: "
         "SET NULL`.\n"
         "\n"
         "## Acceptance Criteria\n"
         "\n" +
         box + "`sessions.accountId` is declared `text` (nullable) in `sessions.md`\n" + box +
         "`table-reference.md` uses `SET NULL`\n" +
         "\n"
         "## References\n"
         "\n"
         "- docs/sessions.md:8\n"
         "- docs/table-reference.md:5\n"
         "\n"
         "## Notes\n"
         "\n" +
         (done ? "> Made the column nullable.\n" : "> To be filled by the implementer\n") +
         "\n"
         "## Summary\n"
         "\n" +
         (done ? "> Done.\n" : "> To be filled on completion\n");
}

void small_corpus(const temp_dir& d, bool nullable, bool task_done) {
  d.write("docs/accounts.md", accounts_doc);
  d.write("docs/sessions.md", sessions_doc(nullable));
  d.write("docs/table-reference.md", reference_doc);
  d.write("tasks/resolve-sessions-accountid-cascade.md", seed_task(task_done));
}

}  // namespace

TEST_CASE("the repository's own spec passes with no finding") {
  auto r = run_speclint({"--no-color"}, source_dir());
  INFO(r.out << r.err);
  CHECK(r.status == 0);
  CHECK(r.err.empty());
  CHECK(r.out.find("0 errors, 0 warnings, 0 notes in ") == 0);
}

TEST_CASE(
    "reintroducing the seed contradiction in the repository's spec fails with the task named") {
  temp_dir d;
  for (const char* part : {"docs", "tasks"})
    fs::copy(source_dir() / part, d.path() / part, fs::copy_options::recursive);
  fs::copy(source_dir() / ".speclint.yaml", d.path() / ".speclint.yaml");
  fs::path sessions = d.path() / "docs/architecture/storage/sessions.md";
  std::string text = read_file(sessions);
  // Line 17 is the accountId row; make it NOT NULL again.
  std::size_t line17 = 0;
  for (int i = 1; i < 17; ++i) line17 = text.find('\n', line17) + 1;
  std::size_t end = text.find('\n', line17);
  std::string row = text.substr(line17, end - line17);
  REQUIRE(row.starts_with("| `accountId` | `text` | yes |"));
  text.replace(line17, row.size(), row.replace(row.find("| yes |"), 7, "| no |"));
  write_file(sessions, text);

  auto r = run_speclint({"--format", "json"}, d.path());
  INFO(r.out << r.err);
  CHECK(r.status == 1);
  json j = json::parse(r.out);
  // A NOT NULL owner also gives messages a second path to accounts (through sessions), which
  // schema/tenant-path-divergence reports as a warning before the two errors.
  REQUIRE(j["findings"].size() == 3);
  CHECK(j["findings"][0]["rule"] == "schema/tenant-path-divergence");
  CHECK(j["findings"][0]["file"] == "docs/architecture/storage/messages.md");
  const json& f = j["findings"][1];
  CHECK(f["rule"] == "schema/not-null-set-null");
  CHECK(f["file"] == "docs/architecture/storage/sessions.md");
  CHECK(f["line"] == 17);
  CHECK(f["entity"] == "sessions.accountId");
  REQUIRE(f["related"].size() == 1);
  CHECK(f["related"][0]["file"] == "docs/architecture/storage/table-reference.md");
  CHECK(f["related"][0]["line"] == 119);
  auto tasks = f["tasks"].get<std::vector<std::string>>();
  CHECK(std::find(tasks.begin(), tasks.end(), "resolve-sessions-accountid-cascade") != tasks.end());
  // The task's own executable criterion fails too.
  CHECK(j["findings"][2]["rule"] == "task/assertion-failed");
  CHECK(j["findings"][2]["file"] == "tasks/resolve-sessions-accountid-cascade.md");
  CHECK(j["summary"]["errors"] == 2);
  bool listed = false;
  for (const auto& v : j["violated_tasks"])
    if (v["id"] == "resolve-sessions-accountid-cascade") {
      listed = true;
      CHECK(v["status"] == "completed");
      CHECK(v["findings"] == json::array({"schema/not-null-set-null", "task/assertion-failed"}));
    }
  CHECK(listed);
  CHECK(j["violated_tasks"][0]["status"] == "completed");
}

TEST_CASE("two files: NOT NULL in one, SET NULL in the other, give exactly one error") {
  temp_dir d;
  d.write("docs/accounts.md", accounts_doc);
  d.write("docs/sessions.md", sessions_doc(false));
  d.write("docs/table-reference.md", reference_doc);
  auto r = run_speclint({"--no-color"}, d.path());
  CHECK(r.status == 1);
  CHECK(r.out ==
        "docs/sessions.md:8:4: error: `sessions.accountId` is NOT NULL (sessions.md:8) but "
        "table-reference.md:5 sets ON DELETE SET NULL [schema/not-null-set-null]\n"
        "  docs/table-reference.md:5:42: note: ON DELETE SET NULL declared here\n"
        "1 error, 0 warnings, 0 notes in 3 files (2 tables, 3 columns, 0 tasks)\n");
}

TEST_CASE("the seed task as received: completed with unchecked boxes and placeholder text") {
  temp_dir d;
  small_corpus(d, false, false);
  auto r = run_speclint({"--no-color"}, d.path());
  CHECK(r.status == 1);
  CHECK(
      r.out ==
      "docs/sessions.md:8:4: error: `sessions.accountId` is NOT NULL (sessions.md:8) but "
      "table-reference.md:5 sets ON DELETE SET NULL [schema/not-null-set-null] "
      "(tasks: resolve-sessions-accountid-cascade)\n"
      "  docs/table-reference.md:5:42: note: ON DELETE SET NULL declared here\n"
      "tasks/resolve-sessions-accountid-cascade.md:18:1: error: task "
      "`resolve-sessions-accountid-cascade` is completed but this acceptance criterion is "
      "unchecked [task/unchecked-criteria] (tasks: resolve-sessions-accountid-cascade)\n"
      "  tasks/resolve-sessions-accountid-cascade.md:4:1: note: status declared here\n"
      "tasks/resolve-sessions-accountid-cascade.md:19:1: error: task "
      "`resolve-sessions-accountid-cascade` is completed but this acceptance criterion is "
      "unchecked [task/unchecked-criteria] (tasks: resolve-sessions-accountid-cascade)\n"
      "  tasks/resolve-sessions-accountid-cascade.md:4:1: note: status declared here\n"
      "tasks/resolve-sessions-accountid-cascade.md:28:3: warning: task "
      "`resolve-sessions-accountid-cascade` is completed but its Notes still says \"To be "
      "filled by the implementer\" [task/placeholder-text] (tasks: "
      "resolve-sessions-accountid-cascade)\n"
      "tasks/resolve-sessions-accountid-cascade.md:32:3: warning: task "
      "`resolve-sessions-accountid-cascade` is completed but its Summary still says \"To be "
      "filled on completion\" [task/placeholder-text] (tasks: resolve-sessions-accountid-cascade)\n"
      "3 errors, 2 warnings, 0 notes in 4 files (2 tables, 3 columns, 1 task)\n"
      "\n"
      "Violated tasks:\n"
      "  completed:\n"
      "    resolve-sessions-accountid-cascade (tasks/resolve-sessions-accountid-cascade.md): "
      "schema/not-null-set-null, task/unchecked-criteria\n");
  auto ids = run_speclint({"--tasks-only"}, d.path());
  CHECK(ids.status == 1);
  CHECK(ids.out == "resolve-sessions-accountid-cascade\n");
}

TEST_CASE("the seed task done, with the column nullable, passes") {
  temp_dir d;
  small_corpus(d, true, true);
  auto r = run_speclint({"--no-color"}, d.path());
  INFO(r.out);
  CHECK(r.status == 0);
  CHECK(r.out == "0 errors, 0 warnings, 0 notes in 4 files (2 tables, 3 columns, 1 task)\n");
}

TEST_CASE("exit status: 0 clean, 1 at --fail-on, 2 for usage and configuration errors") {
  temp_dir d;
  small_corpus(d, true, true);
  d.write("docs/extra.md",
          "## `audit`\n\n| Column | Type |\n|---|---|\n| `at` | `timestamptz` |\n");
  CHECK(run_speclint({"--fail-on", "error"}, d.path()).status == 0);  // a warning only
  CHECK(run_speclint({"--fail-on", "warning"}, d.path()).status == 1);
  CHECK(run_speclint({"--fail-on", "never"}, d.path()).status == 0);

  auto missing = run_speclint({"no-such-dir"}, d.path());
  CHECK(missing.status == 2);
  CHECK(missing.err == "speclint: no such file or directory: no-such-dir\n");

  auto rule = run_speclint({"--rule", "schema/nope"}, d.path());
  CHECK(rule.status == 2);
  CHECK(rule.err == "speclint: unknown rule `schema/nope` (see `speclint rules`)\n");

  d.write(".speclint.yaml", "docs: [docs]\nrulez:\n  x: 1\n");
  auto key = run_speclint({}, d.path());
  CHECK(key.status == 2);
  CHECK(key.err == "speclint: .speclint.yaml:2: unknown key `rulez`\n");

  d.write(".speclint.yaml", "rules:\n  schema/not-a-rule: off\n");
  auto id = run_speclint({}, d.path());
  CHECK(id.status == 2);
  CHECK(id.err ==
        "speclint: .speclint.yaml:2: unknown rule `schema/not-a-rule` (see `speclint rules`)\n");

  d.write(".speclint.yaml", "docs: {a: 1}\n");
  auto type = run_speclint({}, d.path());
  CHECK(type.status == 2);
  CHECK(type.err == "speclint: .speclint.yaml:1: `docs` must be a string or a list of strings\n");

  d.write(".speclint.yaml", "sql_dialect: oracle\n");
  auto dialect = run_speclint({}, d.path());
  CHECK(dialect.status == 2);
  CHECK(dialect.err ==
        "speclint: .speclint.yaml:1: `sql_dialect` takes postgres, mysql, sqlite or auto\n");
  d.write(".speclint.yaml", "sql_dialect: mysql\n");
  CHECK(run_speclint({}, d.path()).status == 0);

  d.write(".speclint.yaml", "rules:\n  schema/missing-primary-key: error\n");
  CHECK(run_speclint({}, d.path()).status == 1);
  d.write(".speclint.yaml", "rules:\n  schema/missing-primary-key: off\n");
  CHECK(run_speclint({"--fail-on", "warning"}, d.path()).status == 0);

  auto bad_flag = run_speclint({"--frobnicate"}, d.path());
  CHECK(bad_flag.status == 2);
}

TEST_CASE("inline suppression comments") {
  temp_dir d;
  const char* table = "\n| Column | Type |\n|---|---|\n| `x` | `text` |\n\n";
  d.write("docs/a.md",
          std::string("<!-- speclint-disable-next-line schema/missing-primary-key -->\n## `a`\n") +
              table + "<!-- speclint-disable -->\n## `b`\n" + table +
              "<!-- speclint-enable -->\n## `c`\n" + table +
              "<!-- speclint-disable-next-line schema/unknown-table -->\n## `d`\n" + table);
  auto r = run_speclint({"--format", "json", "--show-suppressed"}, d.path());
  json j = json::parse(r.out);
  std::vector<std::string> reported, suppressed;
  for (const auto& f : j["findings"]) reported.push_back(f["entity"]);
  for (const auto& f : j["suppressed"]) suppressed.push_back(f["entity"]);
  CHECK(reported == std::vector<std::string>{"c", "d"});  // `d`'s comment names another rule
  CHECK(suppressed == std::vector<std::string>{"a", "b"});
  CHECK(j["summary"]["suppressed"] == 2);
  CHECK(j["suppressed"][0]["suppressed"] == true);

  d.write(
      "docs/a.md",
      "<!-- speclint-disable-file -->\n## `a`\n\n| Column | Type |\n|---|---|\n| `x` | `text` |\n");
  j = json::parse(run_speclint({"--format", "json"}, d.path()).out);
  CHECK(j["findings"].empty());
  CHECK(j["summary"]["suppressed"] == 1);
  CHECK(j.find("suppressed") == j.end());  // listed only with --show-suppressed
}

TEST_CASE("a 1,000-task dependency cycle is reported once, in full") {
  temp_dir d;
  const int n = 1000;
  for (int i = 0; i < n; ++i)
    d.write(fmt::format("tasks/t{}.md", i),
            fmt::format("---\nid: t{}\nname: T\nstatus: pending\ndepends_on: [t{}]\n---\n", i,
                        (i + 1) % n));
  auto r = run_speclint({"--format", "json", "--rule", "task/dependency-cycle"}, d.path());
  json j = json::parse(r.out);
  REQUIRE(j["findings"].size() == 1);
  std::string expected = "dependency cycle: t0";
  for (int i = 1; i <= n; ++i) expected += fmt::format(" -> t{}", i % n);
  CHECK(j["findings"][0]["message"] == expected);
}

TEST_CASE("output is byte-identical whatever --jobs is") {
  auto one = run_speclint({"--format", "json", "--jobs", "1"}, source_dir());
  auto eight = run_speclint({"--format", "json", "--jobs", "8"}, source_dir());
  CHECK(one.out == eight.out);
  temp_dir d;
  small_corpus(d, false, false);
  CHECK(run_speclint({"--jobs", "1"}, d.path()).out == run_speclint({"--jobs", "8"}, d.path()).out);
}

namespace {

// 300 small table docs around a reference table of 300 KiB, more than the size from which
// the merging thread parses a file that another thread read.
void large_file_corpus(const temp_dir& d) {
  d.write("docs/accounts.md", accounts_doc);
  d.write("docs/sessions.md", sessions_doc(false));
  for (int i = 0; i < 300; ++i)
    d.write(fmt::format("docs/a/t{:03}.md", i),
            fmt::format("# T\n\n## `t{:03}`\n\n"
                        "| Column | Type | Nullable | Default | References | On Delete | Notes |\n"
                        "|---|---|---|---|---|---|---|\n"
                        "| `id` | `text` | no | | | | PK |\n",
                        i));
  std::string reference = reference_doc;
  reference += "\n";
  while (reference.size() < 300 * 1024)
    reference += "Every key above is checked against the column tables.\n";
  d.write("docs/table-reference.md", reference);
}

}  // namespace

TEST_CASE("a large file gives the same findings whichever thread reads it") {
  // Files of 256 KiB and more read by another thread are parsed by the merging one; with
  // many small files around it, any of the threads may be the one that reads it.
  temp_dir d;
  large_file_corpus(d);
  auto one = run_speclint({"--format", "json", "--jobs", "1"}, d.path());
  json j = json::parse(one.out);
  REQUIRE(j["findings"].size() == 1);
  CHECK(j["findings"][0]["rule"] == "schema/not-null-set-null");
  CHECK(j["findings"][0]["related"][0]["file"] == "docs/table-reference.md");
  for (const char* jobs : {"2", "3", "8"})
    for (int round = 0; round < 3; ++round)
      CHECK(run_speclint({"--format", "json", "--jobs", jobs}, d.path()).out == one.out);
}

TEST_CASE("speclint tasks lists tasks; graph tasks draws them with violated tasks marked") {
  temp_dir d;
  small_corpus(d, false, true);
  d.write("tasks/follow-up.md",
          "---\nid: follow-up\nname: Follow up\nstatus: pending\ndepends_on: "
          "[resolve-sessions-accountid-cascade]\n---\n");
  auto list = run_speclint({"tasks"}, d.path());
  CHECK(list.status == 0);
  CHECK(list.out ==
        "follow-up                           pending      tasks/follow-up.md  (depends on: "
        "resolve-sessions-accountid-cascade)\n"
        "resolve-sessions-accountid-cascade  completed    "
        "tasks/resolve-sessions-accountid-cascade.md\n");
  auto mermaid = run_speclint({"graph", "tasks"}, d.path());
  CHECK(mermaid.status == 0);
  CHECK(mermaid.out ==
        "graph TD\n"
        "  t0[\"follow-up (pending)\"]\n"
        "  t1[\"resolve-sessions-accountid-cascade (completed)\"]\n"
        "  t1 --> t0\n"
        "  classDef violated fill:#fdd,stroke:#c00,stroke-width:2px\n"
        "  class t1 violated\n");
  auto dot = run_speclint({"graph", "tasks", "--format", "dot"}, d.path());
  CHECK(dot.out ==
        "digraph tasks {\n  rankdir=LR;\n  node [shape=box];\n"
        "  \"follow-up\" [label=\"follow-up\\npending\"];\n"
        "  \"resolve-sessions-accountid-cascade\" "
        "[label=\"resolve-sessions-accountid-cascade\\ncompleted\", "
        "color=red, penwidth=2];\n"
        "  \"resolve-sessions-accountid-cascade\" -> \"follow-up\";\n}\n");
  auto bad = run_speclint({"graph", "tables"}, d.path());
  CHECK(bad.status == 2);
  CHECK(bad.err == "speclint: unknown graph `tables` (tasks)\n");
}

TEST_CASE("tasks that share an id are one violated task, under the first of them") {
  // Both files say `id: t` and reference the contradiction's line: the finding names `t`
  // once, and the violated-task report has one row with the first file's status.
  temp_dir d;
  d.write("docs/accounts.md", accounts_doc);
  d.write("docs/sessions.md", sessions_doc(false));
  d.write("docs/table-reference.md", reference_doc);
  const char* task =
      "---\nid: t\nname: T\nstatus: {}\n---\n\n## References\n\n- docs/sessions.md:8\n";
  d.write("tasks/a.md", fmt::format(fmt::runtime(task), "pending"));
  d.write("tasks/b.md", fmt::format(fmt::runtime(task), "completed"));
  auto r = run_speclint({"--format", "json", "--rule", "schema/not-null-set-null"}, d.path());
  INFO(r.out << r.err);
  json j = json::parse(r.out);
  REQUIRE(j["findings"].size() == 1);
  CHECK(j["findings"][0]["tasks"] == json::array({"t"}));
  REQUIRE(j["violated_tasks"].size() == 1);
  CHECK(j["violated_tasks"][0]["id"] == "t");
  CHECK(j["violated_tasks"][0]["status"] == "pending");
  CHECK(j["violated_tasks"][0]["file"] == "tasks/a.md");
  CHECK(j["violated_tasks"][0]["findings"] == json::array({"schema/not-null-set-null"}));
}

TEST_CASE("violated tasks: completed, in progress, pending, blocked, cancelled, then others") {
  // Every task cites the contradiction's line; `b-pending` also asserts a table that no doc
  // defines, so its row names two rules, in order.
  temp_dir d;
  d.write("docs/accounts.md", accounts_doc);
  d.write("docs/sessions.md", sessions_doc(false));
  d.write("docs/table-reference.md", reference_doc);
  const char* task =
      "---\nid: {}\nname: T\nstatus: {}\n{}---\n\n## References\n\n- docs/sessions.md:8\n";
  const std::vector<std::pair<std::string, std::string>> tasks = {
      {"a-done", "done"},           {"b-pending", "pending"},  {"c-cancelled", "cancelled"},
      {"d-blocked", "blocked"},     {"e-pending", "pending"},  {"f-progress", "in-progress"},
      {"g-completed", "completed"}, {"h-archived", "archived"}};
  for (const auto& [id, status] : tasks)
    d.write("tasks/" + id + ".md",
            fmt::format(fmt::runtime(task), id, status,
                        id == "b-pending" ? "asserts:\n  - table: audit_log\n" : ""));
  auto r = run_speclint(
      {"--format", "json", "--rule", "schema/not-null-set-null", "--rule", "task/assertion-failed"},
      d.path());
  INFO(r.out << r.err);
  json j = json::parse(r.out);
  std::vector<std::string> order;
  for (const auto& row : j["violated_tasks"]) order.push_back(row["id"]);
  CHECK(order == std::vector<std::string>{"g-completed", "f-progress", "b-pending", "e-pending",
                                          "d-blocked", "c-cancelled", "h-archived", "a-done"});
  REQUIRE(j["violated_tasks"].size() == 8);
  CHECK(j["violated_tasks"][2]["findings"] ==
        json::array({"schema/not-null-set-null", "task/assertion-failed"}));
  CHECK(j["violated_tasks"][3]["findings"] == json::array({"schema/not-null-set-null"}));
}

namespace {

// Where a rule's findings are in a report: `file:line` each, with the tasks that own it.
std::vector<std::string> findings_of(const json& report, const std::string& rule) {
  std::vector<std::string> out;
  for (const json& f : report["findings"])
    if (f["rule"] == rule)
      out.push_back(fmt::format("{}:{} {}", f["file"].get<std::string>(), f["line"].get<int>(),
                                fmt::join(f["tasks"].get<std::vector<std::string>>(), ",")));
  return out;
}

}  // namespace

TEST_CASE("the design rules find the faults of the spec as it was before its second review") {
  const fs::path before = source_dir() / "tests" / "specs" / "hub-before-second-review";
  auto r = run_speclint({"check", "--format", "json", "-r", "schema/tenant-path-divergence", "-r",
                         "schema/soft-delete-unique", "-r", "schema/ledger-rewritten", "-r",
                         "schema/enum-without-check", "-r", "schema/cascade-claim"},
                        before);
  INFO(r.err);
  CHECK(r.status == 0);  // warnings only
  json j = json::parse(r.out);
  std::vector<std::string> places;
  for (const json& f : j["findings"])
    places.push_back(fmt::format("{}:{} {}", f["file"].get<std::string>(), f["line"].get<int>(),
                                 f["rule"].get<std::string>()));
  const std::string s = "docs/architecture/storage/";
  CHECK(places == std::vector<std::string>{
                      s + "accounts.md:15 schema/enum-without-check",
                      s + "accounts.md:25 schema/soft-delete-unique",
                      s + "accounts.md:26 schema/soft-delete-unique",
                      s + "api-keys.md:13 schema/tenant-path-divergence",
                      s + "audit.md:16 schema/tenant-path-divergence",
                      s + "messages.md:16 schema/enum-without-check",
                      s + "orgs.md:26 schema/soft-delete-unique",
                      s + "orgs.md:44 schema/enum-without-check",
                      s + "projects.md:25 schema/soft-delete-unique",
                      s + "sessions.md:19 schema/tenant-path-divergence",
                      s + "sessions.md:21 schema/enum-without-check",
                      s + "table-reference.md:92 schema/tenant-path-divergence",
                      s + "table-reference.md:99 schema/tenant-path-divergence",
                      s + "table-reference.md:100 schema/tenant-path-divergence",
                      s + "table-reference.md:100 schema/tenant-path-divergence",
                      s + "table-reference.md:102 schema/tenant-path-divergence",
                      s + "table-reference.md:103 schema/tenant-path-divergence",
                      s + "webhooks.md:48 schema/enum-without-check",
                  });
  // No table was marked as a ledger and no list said what a delete does: those two rules had
  // nothing to read before the review added both.
}

TEST_CASE(
    "each design fault planted in the repository's spec gives exactly its finding, owned by "
    "the tasks that cite its place") {
  struct plant {
    std::string rule, file, from, to, expected;
    std::string file2 = {}, from2 = {}, to2 = {};  ///< a second place the fault needs, if any
  };
  const std::string s = "docs/architecture/storage/";
  const std::vector<plant> plants = {
      {"schema/tenant-path-divergence", s + "api-keys.md",
       "FOREIGN KEY (\"orgId\", \"projectId\") REFERENCES \"projects\" (\"orgId\", \"id\")",
       "FOREIGN KEY (\"projectId\") REFERENCES \"projects\" (\"id\")",
       s + "api-keys.md:37 audit-fk-index-coverage,design-projects-schema,plan-initial-migrations,"
           "resolve-api-key-ownership,resolve-tenant-composite-keys,write-table-reference",
       s + "table-reference.md",
       "\"apiKeys_project_fkey\"\n  FOREIGN KEY (\"orgId\", \"projectId\") REFERENCES \"projects\" "
       "(\"orgId\", \"id\")",
       "\"apiKeys_project_fkey\"\n  FOREIGN KEY (\"projectId\") REFERENCES \"projects\" (\"id\")"},
      {"schema/soft-delete-unique", s + "accounts.md",
       "| `accounts_email_key` | `email` | yes | `\"deletedAt\" IS NULL` |",
       "| `accounts_email_key` | `email` | yes | |",
       s + "accounts.md:25 design-accounts-schema,resolve-soft-delete-uniqueness,"
           "resolve-soft-deletion-scope"},
      {"schema/ledger-rewritten", s + "table-reference.md",
       "| `webhooks.orgId` | `orgs.id` | CASCADE | NO ACTION |",
       "| `webhooks.orgId` | `orgs.id` | CASCADE | NO ACTION |\n"
       "| `usageRecords.orgId` | `orgs.id` | CASCADE | NO ACTION |",
       s + "table-reference.md:129 audit-fk-index-coverage,plan-initial-migrations,"
           "resolve-ledger-foreign-keys,resolve-usage-blocked-cascade,write-table-reference"},
      {"schema/enum-without-check", s + "orgs.md", "('owner', 'admin', 'member'))`",
       "('owner', 'admin', 'member', 'viewer'))`",
       s + "orgs.md:52 resolve-enumeration-checks,resolve-org-dual-ownership"},
      {"schema/cascade-claim", s + "table-reference.md",
       "- `webhooks`: deleted\n- `webhookDeliveries`: deleted\n", "- `webhooks`: deleted\n",
       s + "table-reference.md:46 audit-cascade-graph,audit-fk-index-coverage,"
           "design-webhooks-schema,plan-initial-migrations,plan-org-purge-job,resolve-delete-lists,"
           "resolve-enumeration-checks,resolve-idempotent-writes,resolve-retention-indexes,"
           "resolve-webhook-delivery-retention,write-table-reference"},
  };
  for (const plant& p : plants) {
    INFO(p.rule);
    temp_dir d;
    for (const char* part : {"docs", "tasks"})
      fs::copy(source_dir() / part, d.path() / part, fs::copy_options::recursive);
    fs::copy(source_dir() / ".speclint.yaml", d.path() / ".speclint.yaml");
    for (const auto& [name, from, to] :
         {std::tuple{p.file, p.from, p.to}, std::tuple{p.file2, p.from2, p.to2}}) {
      if (name.empty()) continue;
      const fs::path file = d.path() / name;
      std::string text = read_file(file);
      const std::size_t at = text.find(from);
      REQUIRE(at != std::string::npos);
      write_file(file, text.replace(at, from.size(), to));
    }
    auto r = run_speclint({"check", "--format", "json"}, d.path());
    INFO(r.err);
    CHECK(findings_of(json::parse(r.out), p.rule) == std::vector<std::string>{p.expected});
  }
}
