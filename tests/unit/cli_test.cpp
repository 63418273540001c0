// Options every subcommand accepts.

#include <catch2/catch.hpp>

#include <map>
#include <sstream>

#include "support.hpp"

using namespace speclint::test;

namespace {

// The subcommands `speclint --help` lists.
std::vector<std::string> listed_subcommands() {
  run_result help = run_speclint({"--help"});
  REQUIRE(help.status == 0);
  std::vector<std::string> names;
  std::istringstream in(help.out);
  bool in_list = false;
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("Subcommands:")) {
      in_list = true;
    } else if (in_list && line.starts_with("  ") && line.find_first_not_of(' ') == 2) {
      names.push_back(line.substr(2, line.find(' ', 2) - 2));
    } else if (in_list && !line.starts_with(" ")) {
      in_list = false;
    }
  }
  return names;
}

}  // namespace

TEST_CASE("every subcommand accepts --no-color and NO_COLOR", "[cli][color]") {
  temp_dir d;
  std::string corpus = (source_dir() / "tests" / "golden" / "corpus").string();
  std::string out_dir = d.path().string();
  // A run of each subcommand that gets past parsing its arguments, and its exit status. A
  // subcommand missing here fails the test: a new one must be added.
  std::map<std::string, std::pair<std::vector<std::string>, int>> runs{
      {"check", {{"check", corpus, "--fail-on", "never"}, 0}},
      {"rules", {{"rules"}, 0}},
      // Without migrations: a usage error once its arguments are parsed.
      {"diff", {{"diff", corpus}, 2}},
      {"explain", {{"explain", "schema/not-null-set-null"}, 0}},
      {"facts", {{"facts", corpus}, 0}},
      {"tasks", {{"tasks", corpus}, 0}},
      {"graph", {{"graph", "tasks", corpus}, 0}},
      {"export", {{"export", corpus}, 0}},
      // Without a server: an unknown format stops it after its arguments are parsed.
      {"verify", {{"verify", corpus, "--format", "yaml"}, 2}},
      {"baseline", {{"baseline", "write", out_dir + "/baseline.json", "--root", corpus}, 0}},
      {"init", {{"init", out_dir, "--force"}, 0}},
      // Standard input is empty: the client is gone before it asked for a shutdown.
      {"lsp", {{"lsp", "--root", corpus}, 1}},
  };
  std::vector<std::string> names = listed_subcommands();
  REQUIRE(names.size() == runs.size());
  for (const std::string& name : names) {
    INFO(name);
    REQUIRE(runs.count(name) == 1);
    auto [args, status] = runs.at(name);
    run_result plain = run_speclint(args);
    CHECK(plain.status == status);
    CHECK(plain.err.find("see speclint --help") == std::string::npos);
    std::vector<std::vector<std::string>> flagged{args, args};
    flagged[0].push_back("--no-color");
    flagged[1].insert(flagged[1].begin() + 1, "--no-color");
    for (const auto& with_flag : flagged) {
      run_result r = run_speclint(with_flag);
      CHECK(r.status == plain.status);
      CHECK(r.out == plain.out);
      CHECK(r.err == plain.err);
    }
    run_result env = run_speclint(args, ".", {"NO_COLOR=1"});
    CHECK(env.status == plain.status);
    CHECK(env.out == plain.out);
    CHECK(env.err == plain.err);
  }
}

TEST_CASE("docs from which no table was read: said on stderr and in the summary, a warning",
          "[cli][blind]") {
  temp_dir d;
  // A heading of two words names no table: the column table is not read
  // (parse/unread-schema).
  d.write("docs/users.md",
          "# User accounts\n\n| Column | Type | Nullable |\n|---|---|---|\n| id | uuid | no |\n");
  const std::string root = d.path().string();
  const std::string notice =
      "speclint: no table was read from the 1 doc; `speclint facts` lists what was read from "
      "each file, and docs/spec-format.md the notations speclint reads\n";

  run_result r = run_speclint({"check", root, "--no-color", "--rule", "ref/broken-path"});
  CHECK(r.status == 0);
  CHECK(r.err == notice);
  CHECK(r.out ==
        "0 errors, 0 warnings, 0 notes in 1 file (0 tables, 0 columns, 0 tasks); no "
        "table read from 1 doc\n");
  CHECK(run_speclint(
            {"check", root, "--no-color", "--rule", "ref/broken-path", "--fail-on", "warning"})
            .status == 1);
  CHECK(run_speclint({"check", root, "--no-color", "--fail-on", "error"}).status == 0);

  // Named as a table, it is read: no notice, and nothing to fail on.
  d.write("docs/users.md",
          "# Table: users\n\n| Column | Type | Nullable | Notes |\n"
          "|---|---|---|---|\n| id | uuid | no | PK |\n");
  r = run_speclint({"check", root, "--no-color", "--fail-on", "warning"});
  CHECK(r.status == 0);
  CHECK(r.err.empty());
  CHECK(r.out == "0 errors, 0 warnings, 0 notes in 1 file (1 table, 1 column, 0 tasks)\n");
}
