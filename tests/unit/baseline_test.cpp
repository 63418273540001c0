// Baselines: `speclint baseline write`, `check --baseline` (new findings only, fixed ones
// listed, the hidden count in every summary), `--prune-baseline`, and the matching rules.

#include <catch2/catch.hpp>

#include <set>

#include <nlohmann/json.hpp>

#include "speclint/baseline.hpp"
#include "support.hpp"

using namespace speclint;
using namespace speclint::test;
using nlohmann::json;

namespace {

// A copy of the golden corpus: 6 findings (3 errors, 2 warnings, 1 note).
struct corpus_copy {
  temp_dir dir;
  corpus_copy() {
    fs::copy(source_dir() / "tests" / "golden" / "corpus", dir.path(), fs::copy_options::recursive);
  }
  fs::path path(const std::string& rel = "") const {
    return rel.empty() ? dir.path() : dir.path() / rel;
  }
  void replace(const std::string& rel, const std::string& from, const std::string& to) const {
    std::string text = read_file(path(rel));
    std::size_t at = text.find(from);
    REQUIRE(at != std::string::npos);
    write_file(path(rel), text.replace(at, from.size(), to));
  }
  run_result run(const std::vector<std::string>& args) const { return run_speclint(args, path()); }
};

const char* nullable_row = "| `accountId` | `text` | yes |";
const char* not_null_row = "| `accountId` | `text` | no |";

}  // namespace

TEST_CASE("baseline write records every finding by fingerprint, without line numbers",
          "[baseline]") {
  corpus_copy c;
  run_result w = c.run({"baseline", "write"});
  INFO(w.out << w.err);
  CHECK(w.status == 0);
  CHECK(w.out == "wrote 6 findings to .speclint-baseline.json\n");
  json b = json::parse(read_file(c.path(".speclint-baseline.json")));
  CHECK(b["version"] == 1);
  REQUIRE(b["findings"].size() == 6);

  json check = json::parse(c.run({"--format", "json"}).out);
  std::multiset<std::string> reported, recorded;
  for (const auto& f : check["findings"]) reported.insert(f["fingerprint"].get<std::string>());
  for (const auto& e : b["findings"]) {
    recorded.insert(e["fingerprint"].get<std::string>());
    CHECK(e.size() == 5);  // fingerprint, rule, file, entity, message: no line, no column
    for (const char* key : {"fingerprint", "rule", "file", "entity", "message"})
      CHECK(e.contains(key));
  }
  CHECK(reported == recorded);
  // Sorted by file, then rule.
  CHECK(b["findings"][0]["file"] == "docs/storage/accounts.md");
  CHECK(b["findings"][0]["rule"] == "schema/fk-missing-index");
  CHECK(b["findings"][5]["file"] == "tasks/resolve-sessions-accountid.md");

  // A file name of one's choosing, relative to the current directory.
  w = c.run({"baseline", "write", "base.json"});
  CHECK(w.status == 0);
  CHECK(w.out == "wrote 6 findings to base.json\n");
  CHECK(read_file(c.path("base.json")) == read_file(c.path(".speclint-baseline.json")));
}

TEST_CASE("check --baseline hides recorded findings and says how many, in every summary",
          "[baseline]") {
  corpus_copy c;
  REQUIRE(c.run({"baseline", "write"}).status == 0);

  run_result r = c.run({"--baseline", ".speclint-baseline.json"});
  INFO(r.out << r.err);
  CHECK(r.status == 0);
  CHECK(r.out ==
        "0 errors, 0 warnings, 0 notes in 6 files (4 tables, 9 columns, 2 tasks); 1 suppressed; 6 "
        "hidden by the "
        "baseline\n");

  json j = json::parse(c.run({"--baseline", ".speclint-baseline.json", "--format", "json"}).out);
  CHECK(j["summary"]["baselined"] == 6);
  CHECK(j["summary"]["errors"] == 0);
  CHECK(j["findings"].empty());
  CHECK(j["fixed"].empty());
  CHECK(j["violated_tasks"].empty());  // violations the baseline hides break no task anew

  std::string md = c.run({"--baseline", ".speclint-baseline.json", "--format", "markdown"}).out;
  CHECK(md ==
        "## speclint\n\n0 errors, 0 warnings, 0 notes in 6 files (4 tables, 9 columns, 2 tasks); 1 "
        "suppressed; 6 "
        "hidden by the baseline\n");
  std::string gh = c.run({"--baseline", ".speclint-baseline.json", "--format", "github"}).out;
  CHECK(gh ==
        "0 errors, 0 warnings, 0 notes in 6 files (4 tables, 9 columns, 2 tasks); 1 suppressed; 6 "
        "hidden by "
        "the baseline\n");
}

TEST_CASE("a baseline survives edits that move findings to other lines", "[baseline]") {
  corpus_copy c;
  REQUIRE(c.run({"baseline", "write"}).status == 0);
  // Three lines above everything: every line number, including those inside messages, moves.
  c.replace("docs/storage/accounts.md", "# Accounts and sessions\n",
            "# Accounts and sessions\n\nIntro.\n\nMore.\n");
  c.replace("docs/storage/audit.md", "# Audit\n", "# Audit\n\nIntro.\n\nMore.\n");
  json moved = json::parse(c.run({"--format", "json"}).out);
  // The task's reference to the accountId row now names a line above it: that is new.
  REQUIRE(moved["findings"].size() == 7);
  CHECK(moved["findings"][6]["rule"] == "ref/stale-line");
  CHECK(moved["findings"][1]["line"] == 19);
  CHECK(moved["findings"][1]["message"].get<std::string>().find("(accounts.md:19)") !=
        std::string::npos);

  run_result r = c.run({"--baseline", ".speclint-baseline.json", "--format", "json"});
  json j = json::parse(r.out);
  CHECK(r.status == 0);
  REQUIRE(j["findings"].size() == 1);
  CHECK(j["findings"][0]["rule"] == "ref/stale-line");
  CHECK(j["fixed"].empty());
  CHECK(j["summary"]["baselined"] == 6);
}

TEST_CASE("a new finding is reported despite the baseline", "[baseline]") {
  corpus_copy c;
  REQUIRE(c.run({"baseline", "write"}).status == 0);
  // A second NOT NULL + SET NULL column: the same rule, a new entity.
  c.replace("docs/storage/accounts.md", "| `title` | `text` | yes | | | | |",
            "| `title` | `text` | yes | | | | |\n| `ownerId` | `text` | no | | `accounts.id` | SET "
            "NULL | |");
  run_result r = c.run({"--baseline", ".speclint-baseline.json", "--format", "json"});
  json j = json::parse(r.out);
  INFO(r.out);
  CHECK(r.status == 1);
  std::vector<std::string> rules;
  for (const auto& f : j["findings"]) {
    rules.push_back(f["rule"]);
    CHECK(f["entity"] == "sessions.ownerId");
  }
  CHECK(rules == std::vector<std::string>{"schema/fk-missing-index", "schema/not-null-set-null"});
  CHECK(j["summary"]["baselined"] == 6);
  CHECK(j["summary"]["errors"] == 1);
}

TEST_CASE(
    "baselined findings that no longer occur are listed as fixed, and --prune-baseline drops them",
    "[baseline]") {
  corpus_copy c;
  REQUIRE(c.run({"baseline", "write"}).status == 0);
  std::string before = read_file(c.path(".speclint-baseline.json"));
  c.replace("docs/storage/accounts.md", not_null_row, nullable_row);  // the fix

  run_result r = c.run({"--baseline", ".speclint-baseline.json"});
  CHECK(r.status == 0);
  CHECK(r.err.empty());
  CHECK(r.out ==
        "0 errors, 0 warnings, 0 notes in 6 files (4 tables, 9 columns, 2 tasks); 1 suppressed; 4 "
        "hidden by the "
        "baseline; 2 fixed since the baseline\n"
        "\n"
        "Fixed since the baseline (--prune-baseline removes them):\n"
        "  docs/storage/accounts.md: `sessions.accountId` is NOT NULL (accounts.md:15) but "
        "table-reference.md:7 sets "
        "ON DELETE SET NULL [schema/not-null-set-null]\n"
        "  tasks/resolve-sessions-accountid.md: task `resolve-sessions-accountid` asserts "
        "`sessions.accountId` "
        "nullable: true, but the spec declares it NOT NULL (accounts.md:15) "
        "[task/assertion-failed]\n");
  CHECK(read_file(c.path(".speclint-baseline.json")) ==
        before);  // unchanged without --prune-baseline

  json j = json::parse(c.run({"--baseline", ".speclint-baseline.json", "--format", "json"}).out);
  REQUIRE(j["fixed"].size() == 2);
  CHECK(j["fixed"][0]["rule"] == "schema/not-null-set-null");
  CHECK(j["fixed"][0]["file"] == "docs/storage/accounts.md");
  CHECK(j["fixed"][0]["entity"] == "sessions.accountId");
  CHECK(j["fixed"][1]["rule"] == "task/assertion-failed");
  std::string md = c.run({"--baseline", ".speclint-baseline.json", "--format", "markdown"}).out;
  CHECK(md.find("### Fixed since the baseline\n") != std::string::npos);
  CHECK(md.find("| `docs/storage/accounts.md` | `schema/not-null-set-null` | `sessions.accountId` "
                "is NOT NULL") != std::string::npos);

  r = c.run({"--baseline", ".speclint-baseline.json", "--prune-baseline", "--format", "json"});
  CHECK(r.status == 0);
  CHECK(r.err == "speclint: removed 2 fixed findings from .speclint-baseline.json\n");
  CHECK(json::parse(r.out)["fixed"].size() == 2);  // this run still reports what it removed
  json pruned = json::parse(read_file(c.path(".speclint-baseline.json")));
  json original = json::parse(before);
  REQUIRE(pruned["findings"].size() == 4);
  json kept = json::array();
  for (const auto& e : original["findings"])
    if (e["rule"] != "schema/not-null-set-null" && e["rule"] != "task/assertion-failed")
      kept.push_back(e);
  CHECK(pruned["findings"] == kept);

  r = c.run({"--baseline", ".speclint-baseline.json"});
  CHECK(r.out ==
        "0 errors, 0 warnings, 0 notes in 6 files (4 tables, 9 columns, 2 tasks); 1 suppressed; 4 "
        "hidden by "
        "the baseline\n");
  // Nothing left to prune: the file is not rewritten and nothing is said.
  r = c.run({"--baseline", ".speclint-baseline.json", "--prune-baseline"});
  CHECK(r.err.empty());

  // Breaking it again brings the finding back as new.
  c.replace("docs/storage/accounts.md", nullable_row, not_null_row);
  r = c.run({"--baseline", ".speclint-baseline.json", "--format", "json"});
  CHECK(r.status == 1);
  CHECK(json::parse(r.out)["summary"]["errors"] == 2);
}

TEST_CASE("a baseline entry of a rule that did not run is neither matched nor fixed",
          "[baseline]") {
  corpus_copy c;
  REQUIRE(c.run({"baseline", "write"}).status == 0);
  json j = json::parse(c.run({"--baseline", ".speclint-baseline.json", "--rule",
                              "schema/unknown-action", "--format", "json"})
                           .out);
  CHECK(j["summary"]["baselined"] == 1);
  CHECK(j["fixed"].empty());
  // --prune-baseline keeps them too.
  REQUIRE(c.run({"--baseline", ".speclint-baseline.json", "--rule", "schema/unknown-action",
                 "--prune-baseline"})
              .status == 0);
  CHECK(json::parse(read_file(c.path(".speclint-baseline.json")))["findings"].size() == 6);
}

TEST_CASE("baseline usage errors exit 2 with one line", "[baseline]") {
  corpus_copy c;
  run_result r = c.run({"--baseline", "missing.json"});
  CHECK(r.status == 2);
  CHECK(r.err == "speclint: missing.json: cannot read the baseline\n");

  write_file(c.path("bad.json"), "{\"version\": 1, \"findings\": [");
  r = c.run({"--baseline", "bad.json"});
  CHECK(r.status == 2);
  CHECK(r.err == "speclint: bad.json: not valid JSON (byte 29)\n");

  write_file(c.path("v2.json"), "{\"version\": 2, \"findings\": []}");
  r = c.run({"--baseline", "v2.json"});
  CHECK(r.status == 2);
  CHECK(r.err == "speclint: v2.json: unsupported baseline version (expected `\"version\": 1`)\n");

  write_file(c.path("types.json"),
             "{\"version\": 1, \"findings\": [{\"rule\": \"x\", \"file\": 3}]}");
  r = c.run({"--baseline", "types.json"});
  CHECK(r.status == 2);
  CHECK(r.err == "speclint: types.json: finding 1: `file` must be a string\n");

  r = c.run({"--prune-baseline"});
  CHECK(r.status == 2);
  CHECK(r.err == "speclint: --prune-baseline requires --baseline (see speclint --help)\n");

  r = c.run({"baseline", "write", "no/such/dir/b.json"});
  CHECK(r.status == 2);
  CHECK(r.err == "speclint: no/such/dir/b.json: cannot write the baseline\n");
}

TEST_CASE("apply_baseline: each entry hides one finding, and entries may leave the fingerprint out",
          "[baseline]") {
  lint_result r;
  r.rules_run = {"schema/missing-primary-key"};
  finding f;
  f.rule = "schema/missing-primary-key";
  f.level = severity::warning;
  f.file = "docs/a.md";
  f.entity = "t";
  f.message = "table `t` has no primary key";
  f.fingerprint = fingerprint(f);
  f.line = 3;
  r.findings = {f, f};  // the same finding twice (two tables of one name, say)
  r.findings[1].line = 9;

  // Only rule, file, entity and message: the fingerprint is computed.
  baseline b = parse_baseline(
      R"({"version": 1, "findings": [{"rule": "schema/missing-primary-key", "file": "docs/a.md",
          "entity": "t", "message": "table `t` has no primary key"}]})",
      "b.json");
  REQUIRE(b.entries.size() == 1);
  CHECK(b.entries[0].fingerprint == f.fingerprint);

  baseline kept = apply_baseline(r, b);
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].line == 9);  // the first is hidden, the second is new
  CHECK(r.baselined.size() == 1);
  CHECK(r.summary.baselined == 1);
  CHECK(r.summary.warnings == 1);
  CHECK(r.fixed.empty());
  CHECK(kept.entries == b.entries);

  // An entry more than there are findings is fixed.
  b.entries.push_back(b.entries[0]);
  b.entries.push_back(b.entries[0]);
  lint_result again;
  again.rules_run = r.rules_run;
  again.findings = {f, f};
  kept = apply_baseline(again, b);
  CHECK(again.findings.empty());
  CHECK(again.fixed.size() == 1);
  CHECK(kept.entries.size() == 2);

  // make_baseline and to_json round-trip through parse_baseline.
  baseline made = make_baseline({f});
  CHECK(parse_baseline(to_json(made), "x").entries == made.entries);
}
