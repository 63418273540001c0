// Every output format on the golden corpus (tests/golden/corpus), the SARIF structure GitHub
// code scanning needs, and the SARIF output validated against the official SARIF 2.1.0 schema.

#include <catch2/catch.hpp>

#include <set>

#include <nlohmann/json.hpp>

#include "speclint/rule.hpp"
#include "speclint/version.hpp"
#include "support.hpp"

using namespace speclint;
using namespace speclint::test;
// Key order matters in these comparisons.
using ordered_json = nlohmann::ordered_json;

namespace {

fs::path corpus() {
  return source_dir() / "tests" / "golden" / "corpus";
}
fs::path expected(const std::string& name) {
  return source_dir() / "tests" / "golden" / "expected" / name;
}

run_result run_corpus(std::vector<std::string> args, const std::vector<std::string>& env = {}) {
  return run_speclint(args, corpus(), env);
}

// The SARIF log with what other work changes on its own taken out: the rule list keeps only the
// rules the results name, rule indexes go, and doc-page text (help and full description) is
// replaced by a marker. The parts
// taken out are checked exactly by "SARIF: the rule list ..." below.
ordered_json normalized_sarif(ordered_json log) {
  ordered_json& run = log["runs"][0];
  std::set<std::string> used;
  for (ordered_json& res : run["results"]) {
    used.insert(res["ruleId"].get<std::string>());
    res.erase("ruleIndex");
  }
  ordered_json rules = ordered_json::array();
  for (ordered_json d : run["tool"]["driver"]["rules"]) {
    std::string id = d["id"];
    if (!used.count(id)) continue;
    // The doc page, or the summary while a rule has none.
    d["fullDescription"]["text"] = "(docs/rules/" + id + ".md: What it checks)";
    d["help"] = {{"text", "(docs/rules/" + id + ".md)"}};
    rules.push_back(d);
  }
  run["tool"]["driver"]["rules"] = rules;
  return log;
}

}  // namespace

TEST_CASE("golden: every format on the corpus", "[report][golden]") {
  struct format_case {
    const char* format;
    const char* golden;
    std::vector<std::string> extra;
  };
  const format_case cases[] = {
      {"text", "text.txt", {}},
      {"text", "text-explain.txt", {"--explain"}},
      {"json", "json.json", {"--show-suppressed"}},
      {"github", "github.txt", {}},
      {"junit", "junit.xml", {}},
      {"markdown", "markdown.md", {}},
  };
  for (const auto& c : cases) {
    INFO(c.format << " " << c.golden);
    std::vector<std::string> args{"--format", c.format, "--no-color"};
    args.insert(args.end(), c.extra.begin(), c.extra.end());
    run_result r = run_corpus(args);
    CHECK(r.status == 1);  // the corpus has errors
    CHECK(r.err.empty());
    std::string diff = golden_diff(expected(c.golden), r.out);
    INFO(diff);
    CHECK(diff.empty());
  }
}

TEST_CASE("golden: SARIF on the corpus", "[report][golden][sarif]") {
  run_result r = run_corpus({"--format", "sarif", "--show-suppressed"});
  CHECK(r.status == 1);
  CHECK(r.err.empty());
  ordered_json log = ordered_json::parse(r.out);
  std::string diff = golden_diff(expected("sarif.json"), normalized_sarif(log).dump(2) + "\n");
  INFO(diff);
  CHECK(diff.empty());
}

TEST_CASE("SARIF: the fields GitHub code scanning reads", "[report][sarif]") {
  run_result r = run_corpus({"--format", "sarif", "--format", "json", "--output", "-"});
  // Two documents on standard output: SARIF, then JSON; split at the JSON's first line.
  std::size_t split = r.out.find("\n{\n  \"version\": 1,");
  REQUIRE(split != std::string::npos);
  ordered_json log = ordered_json::parse(r.out.substr(0, split + 1));
  ordered_json plain = ordered_json::parse(r.out.substr(split + 1));

  CHECK(log["version"] == "2.1.0");
  CHECK(log["$schema"].get<std::string>().ends_with("sarif-schema-2.1.0.json"));
  REQUIRE(log["runs"].size() == 1);
  const ordered_json& driver = log["runs"][0]["tool"]["driver"];
  CHECK(driver["name"] == "speclint");
  CHECK(driver["version"] == std::string(version));
  CHECK(driver["informationUri"] == std::string(homepage));
  CHECK(driver["informationUri"].get<std::string>().starts_with("https://"));

  // The rule list: every registered rule, in registry order, with its doc page as help.
  const ordered_json& rules = driver["rules"];
  REQUIRE(rules.size() == all_rules().size());
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const rule& ru = *all_rules()[i];
    INFO(ru.info.id);
    CHECK(rules[i]["id"] == std::string(ru.info.id));
    CHECK(rules[i]["shortDescription"]["text"] == std::string(ru.info.summary));
    std::string doc(rule_doc(ru.info.id));
    CHECK(rules[i]["help"]["text"] == (doc.empty() ? std::string(ru.info.summary) : doc));
    if (!doc.empty()) {
      CHECK(rules[i]["help"]["markdown"] == doc);
      std::string full = rules[i]["fullDescription"]["text"];
      CHECK(!full.empty());
      CHECK(doc.find(full) != std::string::npos);  // the "What it checks" section
    } else {
      CHECK(rules[i]["fullDescription"]["text"] == std::string(ru.info.summary));
    }
    CHECK(rules[i]["defaultConfiguration"]["level"] ==
          std::string(to_string(ru.info.default_severity)));
  }

  // One result per finding, in the same order, pointing at the same places.
  const ordered_json& results = log["runs"][0]["results"];
  const ordered_json& findings = plain["findings"];
  REQUIRE(results.size() == findings.size());
  REQUIRE(results.size() == 6);
  for (std::size_t i = 0; i < results.size(); ++i) {
    const ordered_json& res = results[i];
    const ordered_json& f = findings[i];
    INFO(f.dump());
    CHECK(res["ruleId"] == f["rule"]);
    CHECK(rules[res["ruleIndex"].get<std::size_t>()]["id"] == f["rule"]);
    CHECK(res["level"] == f["severity"]);
    CHECK(res["message"]["text"] == f["message"]);
    REQUIRE(res["locations"].size() == 1);
    const ordered_json& pl = res["locations"][0]["physicalLocation"];
    CHECK(pl["artifactLocation"]["uri"] == f["file"]);
    CHECK(pl["region"]["startLine"] == f["line"]);
    CHECK(pl["region"]["startColumn"] == f["column"]);
    CHECK(pl["region"]["endLine"] == f["line"]);  // no rule reports an end yet: the start
    CHECK(pl["region"]["endColumn"] == f["column"]);
    CHECK(res["partialFingerprints"]["primaryLocationLineHash"] ==
          f["fingerprint"].get<std::string>() + ":1");
    CHECK(res["properties"]["tasks"] == f["tasks"]);
    REQUIRE(res.value("relatedLocations", ordered_json::array()).size() == f["related"].size());
    for (std::size_t k = 0; k < f["related"].size(); ++k) {
      const ordered_json& rel = res["relatedLocations"][k];
      CHECK(rel["id"] == k + 1);
      CHECK(rel["physicalLocation"]["artifactLocation"]["uri"] == f["related"][k]["file"]);
      CHECK(rel["physicalLocation"]["region"]["startLine"] == f["related"][k]["line"]);
      CHECK(rel["message"]["text"] == f["related"][k]["message"]);
    }
  }
  // The corpus's cross-file finding: NOT NULL in accounts.md, SET NULL in table-reference.md.
  CHECK(results[1]["ruleId"] == "schema/not-null-set-null");
  CHECK(results[1]["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"] ==
        "docs/storage/table-reference.md");
}

TEST_CASE("a file name with `:`, `,`, `%` and a space: a SARIF URI, a GitHub property",
          "[report][sarif][github]") {
  temp_dir d;
  d.write(
      "docs/a b:c,%.md",
      "# T\n\n## `t`\n\n| Column | Type | Nullable | Default | References | On Delete | Notes |\n"
      "|---|---|---|---|---|---|---|\n| `x` | `text` | no | | | | |\n");
  run_result r = run_speclint({"--format", "sarif"}, d.path());
  ordered_json log = ordered_json::parse(r.out);
  const ordered_json& results = log["runs"][0]["results"];
  REQUIRE(results.size() == 1);
  CHECK(results[0]["ruleId"] == "schema/missing-primary-key");
  CHECK(results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] ==
        "docs/a%20b%3Ac%2C%25.md");

  r = run_speclint({"--format", "github"}, d.path());
  CHECK(r.out ==
        "::warning file=docs/a "
        "b%3Ac%2C%25.md,line=3,col=1,endLine=3,title=schema/missing-primary-key::table `t` has "
        "no primary key\n"
        "0 errors, 1 warning, 0 notes in 1 file (1 table, 1 column, 0 tasks)\n");
}

TEST_CASE("SARIF output is valid against the official SARIF 2.1.0 schema",
          "[report][sarif][python3-jsonschema]") {
  std::string python = find_python("jsonschema");
  if (python.empty()) {
    SPECLINT_MISSING_TOOL(
        "python3 with jsonschema (apt-get install python3-jsonschema); SARIF not validated");
    return;
  }
  fs::path schema = source_dir() / "tests" / "schemas" / "sarif-schema-2.1.0.json";
  fs::path validator = source_dir() / "tests" / "tools" / "validate_json_schema.py";
  temp_dir d;

  // The corpus (findings, related locations, a suppressed finding) and a clean spec.
  REQUIRE(run_corpus({"--format", "sarif", "--show-suppressed", "--output",
                      (d.path() / "corpus.sarif").string()})
              .status == 1);
  d.write("empty/docs/readme.md", "# Nothing here\n");
  REQUIRE(run_speclint({"--format", "sarif", "--output", (d.path() / "clean.sarif").string()},
                       d.path() / "empty")
              .status == 0);
  run_result ok =
      run_process({python, validator.string(), schema.string(),
                   (d.path() / "corpus.sarif").string(), (d.path() / "clean.sarif").string()});
  INFO(ok.out << ok.err);
  CHECK(ok.status == 0);
  CHECK(ok.out.empty());

  // The validator does reject what the schema forbids: a level SARIF does not have, and no runs.
  std::string sarif = read_file(d.path() / "corpus.sarif");
  ordered_json broken = ordered_json::parse(sarif);
  broken["runs"][0]["results"][0]["level"] = "fatal";
  d.write("broken-level.sarif", broken.dump());
  ordered_json no_version = ordered_json::parse(sarif);
  no_version.erase("version");
  d.write("no-version.sarif", no_version.dump());
  for (const char* name : {"broken-level.sarif", "no-version.sarif"}) {
    run_result bad =
        run_process({python, validator.string(), schema.string(), (d.path() / name).string()});
    INFO(name << ": " << bad.out << bad.err);
    CHECK(bad.status == 1);
    CHECK(bad.out.find(name) != std::string::npos);
  }
}

TEST_CASE("the shipped SARIF schema is the complete official 2.1.0 schema", "[report][sarif]") {
  ordered_json schema = ordered_json::parse(
      read_file(source_dir() / "tests" / "schemas" / "sarif-schema-2.1.0.json"));
  CHECK(schema["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema");
  CHECK(schema["properties"]["version"]["enum"] == ordered_json::array({"2.1.0"}));
  CHECK(schema["definitions"].size() == 52);
  // Every reference inside it resolves.
  std::string text = schema.dump();
  for (std::size_t at = text.find("#/definitions/"); at != std::string::npos;
       at = text.find("#/definitions/", at + 1)) {
    std::size_t end = text.find('"', at);
    std::string name = text.substr(at + 14, end - at - 14);
    INFO(name);
    CHECK(schema["definitions"].contains(name));
  }
}

TEST_CASE("markdown: the job summary is the markdown report", "[report][github]") {
  temp_dir d;
  std::string markdown = run_corpus({"--format", "markdown"}).out;
  REQUIRE(!markdown.empty());

  // --summary FILE writes it (replacing what was there).
  fs::path summary = d.path() / "summary.md";
  write_file(summary, "old\n");
  run_result r = run_corpus({"--format", "github", "--summary", summary.string()});
  CHECK(r.status == 1);
  CHECK(read_file(summary) == markdown);
  CHECK(r.out == read_file(expected("github.txt")));

  // $GITHUB_STEP_SUMMARY with --format github: appended, as GitHub's step summary expects.
  fs::path step = d.path() / "step.md";
  write_file(step, "earlier step\n");
  r = run_corpus({"--format", "github"}, {"GITHUB_STEP_SUMMARY=" + step.string()});
  CHECK(r.status == 1);
  CHECK(read_file(step) == "earlier step\n" + markdown);

  // Without --format github the variable is left alone.
  write_file(step, "earlier step\n");
  r = run_corpus({"--format", "text"}, {"GITHUB_STEP_SUMMARY=" + step.string()});
  CHECK(read_file(step) == "earlier step\n");

  // An unwritable summary is an I/O error.
  r = run_corpus({"--format", "github", "--summary", (d.path() / "no/such/dir/s.md").string()});
  CHECK(r.status == 2);
  CHECK(r.err == "speclint: cannot write " + (d.path() / "no/such/dir/s.md").string() + "\n");
}

TEST_CASE("check: --format and --output give one file per format, the rest on standard output",
          "[report]") {
  temp_dir d;
  fs::path sarif = d.path() / "speclint.sarif";
  run_result r =
      run_corpus({"--format", "sarif", "--output", sarif.string(), "--format", "github"});
  CHECK(r.status == 1);
  CHECK(r.out == read_file(expected("github.txt")));
  ordered_json log = ordered_json::parse(read_file(sarif));
  CHECK(log["runs"][0]["results"].size() == 6);

  r = run_corpus({"--format", "yaml"});
  CHECK(r.status == 2);
  CHECK(r.err ==
        "speclint: unknown format `yaml` (one of: text, json, sarif, github, junit, markdown)\n");
}
