// `check --fix` and `--fix-dry-run`: the safe edits that findings carry.

#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "support.hpp"

using namespace speclint::test;

namespace {

const std::string review =
    "# Review\n\n## C01: sessions.accountId NOT NULL vs SET NULL\n\nText.\n\n## D1\n\nMore.\n";

// Line 3: an anchor in the wrong case, and one that is only the start of a heading's anchor;
// lines 16 and 17: a table and a column named in the wrong case.
const std::string sessions =
    "# Sessions\n"
    "\n"
    "See [the review](review.md#c01) and [the decision](review.md#D1).\n"
    "\n"
    "## `accounts`\n"
    "\n"
    "| Column | Type | Nullable |\n"
    "|---|---|---|\n"
    "| id | text | no |\n"
    "\n"
    "## `sessions`\n"
    "\n"
    "| Column | Type | Nullable | References |\n"
    "|---|---|---|---|\n"
    "| id | text | no | |\n"
    "| accountId | text | yes | Accounts.ID |\n"
    "| ownerId | text | yes | accounts.ID |\n";

const std::string fixed_sessions =
    "# Sessions\n"
    "\n"
    "See [the review](review.md#c01-sessionsaccountid-not-null-vs-set-null) and [the "
    "decision](review.md#d1).\n"
    "\n"
    "## `accounts`\n"
    "\n"
    "| Column | Type | Nullable |\n"
    "|---|---|---|\n"
    "| id | text | no |\n"
    "\n"
    "## `sessions`\n"
    "\n"
    "| Column | Type | Nullable | References |\n"
    "|---|---|---|---|\n"
    "| id | text | no | |\n"
    "| accountId | text | yes | accounts.id |\n"
    "| ownerId | text | yes | accounts.id |\n";

void write_spec(const temp_dir& dir, const std::string& doc = sessions) {
  dir.write("docs/review.md", review);
  dir.write("docs/sessions.md", doc);
}

std::vector<std::string> check_args(std::vector<std::string> extra) {
  std::vector<std::string> args{"check",  "--no-color",           "--rule", "ref/anchor-case",
                                "--rule", "ref/broken-anchor",    "--rule", "schema/unknown-table",
                                "--rule", "schema/unknown-column"};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

}  // namespace

TEST_CASE("check without --fix never writes a file", "[fix]") {
  temp_dir dir;
  write_spec(dir);
  run_result r = run_speclint(check_args({}), dir.path());
  CHECK(r.status == 1);
  CHECK(read_file(dir.path() / "docs/sessions.md") == sessions);
}

TEST_CASE("check --fix makes every safe fix, says each, and a second run changes nothing",
          "[fix]") {
  temp_dir dir;
  write_spec(dir);
  ::chmod((dir.path() / "docs/sessions.md").c_str(), 0640);
  run_result r = run_speclint(check_args({"--fix"}), dir.path());
  INFO(r.out << r.err);
  CHECK(r.status == 0);
  CHECK(read_file(dir.path() / "docs/sessions.md") == fixed_sessions);
  // The table's name first; its column's finding shows only then, and is fixed in turn.
  CHECK(r.err ==
        "docs/sessions.md:3: fixed: `#c01` is now `#c01-sessionsaccountid-not-null-vs-set-null`\n"
        "docs/sessions.md:3: fixed: `#D1` is now `#d1`\n"
        "docs/sessions.md:16: fixed: `Accounts` is now `accounts`\n"
        "docs/sessions.md:17: fixed: `ID` is now `id`\n"
        "docs/sessions.md:16: fixed: `ID` is now `id`\n");
  CHECK(r.out == "0 errors, 0 warnings, 0 notes in 2 files (2 tables, 4 columns, 0 tasks)\n");
  struct stat st {};
  REQUIRE(::stat((dir.path() / "docs/sessions.md").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0640);
  // No temporary file is left beside it.
  std::size_t files = 0;
  for (const auto& e : fs::directory_iterator(dir.path() / "docs")) files += e.is_regular_file();
  CHECK(files == 2);

  run_result again = run_speclint(check_args({"--fix"}), dir.path());
  CHECK(again.status == 0);
  CHECK(again.err.empty());
  CHECK(read_file(dir.path() / "docs/sessions.md") == fixed_sessions);
}

TEST_CASE("check --fix-dry-run prints a unified diff and changes nothing", "[fix]") {
  temp_dir dir;
  write_spec(dir);
  run_result r = run_speclint(check_args({"--fix-dry-run"}), dir.path());
  CHECK(r.status == 1);
  CHECK(r.out ==
        "--- a/docs/sessions.md\n"
        "+++ b/docs/sessions.md\n"
        "@@ -1,6 +1,6 @@\n"
        " # Sessions\n"
        " \n"
        "-See [the review](review.md#c01) and [the decision](review.md#D1).\n"
        "+See [the review](review.md#c01-sessionsaccountid-not-null-vs-set-null) and [the "
        "decision](review.md#d1).\n"
        " \n"
        " ## `accounts`\n"
        " \n"
        "@@ -13,5 +13,5 @@\n"
        " | Column | Type | Nullable | References |\n"
        " |---|---|---|---|\n"
        " | id | text | no | |\n"
        "-| accountId | text | yes | Accounts.ID |\n"
        "-| ownerId | text | yes | accounts.ID |\n"
        "+| accountId | text | yes | accounts.ID |\n"
        "+| ownerId | text | yes | accounts.id |\n");
  CHECK(r.err.empty());
  CHECK(read_file(dir.path() / "docs/sessions.md") == sessions);
}

TEST_CASE("check --fix keeps CRLF line ends and a missing final newline", "[fix]") {
  temp_dir dir;
  std::string crlf;
  for (char c : sessions) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  crlf.resize(crlf.size() - 2);  // no line end after the last line
  write_spec(dir, crlf);
  run_result r = run_speclint(check_args({"--fix"}), dir.path());
  INFO(r.out << r.err);
  std::string expected;
  for (char c : fixed_sessions) expected += c == '\n' ? std::string("\r\n") : std::string(1, c);
  expected.resize(expected.size() - 2);
  CHECK(read_file(dir.path() / "docs/sessions.md") == expected);
}

TEST_CASE("check --fix never writes through a symbolic link", "[fix]") {
  temp_dir dir, outside;
  outside.write("sessions.md", sessions);
  dir.write("docs/review.md", review);
  fs::create_symlink(outside.path() / "sessions.md", dir.path() / "docs/sessions.md");
  // speclint reads no file through a symbolic link, so it has nothing there to fix; the fixer
  // checks every part of the path again before it writes.
  run_result r = run_speclint(check_args({"--fix"}), dir.path());
  CHECK(r.status == 0);
  CHECK(r.err.find("fixed") == std::string::npos);
  CHECK(read_file(outside.path() / "sessions.md") == sessions);
  CHECK(fs::is_symlink(dir.path() / "docs/sessions.md"));
}

TEST_CASE("check --fix leaves a line that no longer holds the text, and an ambiguous one",
          "[fix]") {
  temp_dir dir;
  // `Accounts` twice on the row: which one the key means is not known, so neither is changed.
  std::string doc = sessions;
  doc.replace(doc.find("| accountId | text | yes | Accounts.ID |"),
              std::string("| accountId | text | yes | Accounts.ID |").size(),
              "| accountId | text | yes | Accounts.id | Accounts |");
  write_spec(dir, doc);
  run_result r = run_speclint(check_args({"--fix", "--rule", "schema/unknown-table"}), dir.path());
  INFO(r.err);
  CHECK(read_file(dir.path() / "docs/sessions.md").find("| Accounts.id | Accounts |") !=
        std::string::npos);
  CHECK(r.err.find("docs/sessions.md:16: not fixed: line 16 no longer holds `Accounts` once\n") !=
        std::string::npos);
}

TEST_CASE("check --format json gives each finding's fix", "[fix]") {
  temp_dir dir;
  write_spec(dir);
  run_result r =
      run_speclint({"check", "--format", "json", "--rule", "ref/anchor-case"}, dir.path());
  nlohmann::json report = nlohmann::json::parse(r.out);
  REQUIRE(report["findings"].size() == 1);
  const nlohmann::json& fix = report["findings"][0]["fix"];
  CHECK(fix["file"] == "docs/sessions.md");
  CHECK(fix["line"] == 3);
  CHECK(fix["from"] == "review.md#D1");
  CHECK(fix["to"] == "review.md#d1");
  CHECK(fix["description"] == "`#D1` is now `#d1`");
}

TEST_CASE("check --fix moves a stale line reference to the line that declares what it cites",
          "[fix]") {
  temp_dir dir;
  const fs::path bad = source_dir() / "tests/rules/ref/stale-line/bad";
  for (const char* f : {"docs/storage/sessions.md", "tasks/fix-sessions.md"})
    dir.write(f, read_file(bad / f));
  run_result r =
      run_speclint({"check", "--no-color", "--rule", "ref/stale-line", "--fix"}, dir.path());
  INFO(r.out << r.err);
  CHECK(r.status == 0);
  CHECK(r.err ==
        "tasks/fix-sessions.md:16: fixed: `docs/storage/sessions.md:14` is now "
        "`docs/storage/sessions.md:15`\n"
        "tasks/fix-sessions.md:17: fixed: `docs/storage/sessions.md#L13-L14` is now "
        "`docs/storage/sessions.md#L15`\n");
  const std::string task = read_file(dir.path() / "tasks/fix-sessions.md");
  CHECK(task.find("- docs/storage/sessions.md:15\n- docs/storage/sessions.md#L15\n") !=
        std::string::npos);
}
