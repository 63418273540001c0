// Hostile and malformed input: each case gives an exact finding or a clean result, never a
// crash or a hang, and the other files' findings are still reported.

#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "speclint/lint.hpp"
#include "support.hpp"

using namespace speclint::test;
using nlohmann::json;

namespace {

// A file whose one finding must survive whatever happens to its neighbours.
const char* witness = "## `witness`\n\n| Column | Type |\n|---|---|\n| `x` | `text` |\n";

struct outcome {
  int status;
  json report;
  std::vector<std::string> lines;  // "file:line rule" of each finding
};

outcome check(const temp_dir& d, std::vector<std::string> extra = {}) {
  std::vector<std::string> args{"--format", "json"};
  args.insert(args.end(), extra.begin(), extra.end());
  auto r = run_speclint(args, d.path());
  INFO(r.err);
  outcome o{r.status, json::parse(r.out), {}};
  for (const auto& f : o.report["findings"])
    o.lines.push_back(fmt::format("{}:{} {}", f["file"].get<std::string>(), f["line"].get<int>(),
                                  f["rule"].get<std::string>()));
  return o;
}

bool has(const outcome& o, const std::string& line) {
  return std::find(o.lines.begin(), o.lines.end(), line) != o.lines.end();
}

std::string message_of(const outcome& o, const std::string& rule) {
  for (const auto& f : o.report["findings"])
    if (f["rule"] == rule) return f["message"];
  return {};
}

}  // namespace

TEST_CASE("hostile: invalid UTF-8 is a parse/markdown error at its line and column") {
  temp_dir d;
  d.write("docs/w.md", witness);
  d.write("docs/bad.md", "# Title\n\nok \xff\xfe here\n");
  auto o = check(d);
  CHECK(o.lines == std::vector<std::string>{"docs/bad.md:3 parse/markdown",
                                            "docs/w.md:1 schema/missing-primary-key"});
  CHECK(o.report["findings"][0]["column"] == 4);
  CHECK(message_of(o, "parse/markdown") == "invalid UTF-8 (byte 0xff)");
}

TEST_CASE("hostile: a byte-order mark, CRLF and lone CR line ends read like LF") {
  temp_dir d;
  d.write("docs/bom.md",
          "\xEF\xBB\xBF## `a`\r\n\r\n| Column | Type |\r\n|---|---|\r\n| `x` | `text` |\r\n");
  d.write("docs/cr.md", "## `b`\r\r| Column | Type |\r|---|---|\r| `x` | `text` |\r");
  auto o = check(d);
  CHECK(o.lines == std::vector<std::string>{"docs/bom.md:1 schema/missing-primary-key",
                                            "docs/cr.md:1 schema/missing-primary-key"});
  CHECK(o.report["summary"]["columns"] == 2);
}

TEST_CASE("hostile: task sections read the same with LF, CRLF and lone CR line ends") {
  // The placeholder is on line 12 and column 1 of the Summary, whatever ends the lines;
  // the finding's excerpt holds no line-end character.
  const std::string task =
      "---\nid: {0}\nname: N\nstatus: completed\n---\n\n## Notes\n\nAll done.\n\n## Summary\n"
      "TBD later\nnext line\n";
  auto with_ends = [&](std::string_view id, std::string_view end) {
    std::string t = fmt::format(fmt::runtime(task), id), out;
    for (char c : t) {
      if (c == '\n')
        out.append(end);
      else
        out.push_back(c);
    }
    return out;
  };
  temp_dir d;
  d.write("tasks/lf.md", with_ends("lf", "\n"));
  d.write("tasks/crlf.md", with_ends("crlf", "\r\n"));
  d.write("tasks/cr.md", with_ends("cr", "\r"));
  auto o = check(d);
  CHECK(o.lines == std::vector<std::string>{"tasks/cr.md:12 task/placeholder-text",
                                            "tasks/crlf.md:12 task/placeholder-text",
                                            "tasks/lf.md:12 task/placeholder-text"});
  for (const auto& f : o.report["findings"]) {
    CHECK(f["column"] == 1);
    CHECK(f["message"].get<std::string>().ends_with("still says \"TBD later\""));
  }
}

TEST_CASE("hostile: empty task sections, first and last, keep the others' lines") {
  // An empty section's range starts at the end of the text, after the sections that follow.
  temp_dir d;
  d.write("tasks/e.md",
          "---\nid: e\nname: N\nstatus: completed\n---\n\n## Notes\n## Summary\nTBD later\n"
          "## Empty\n");
  auto o = check(d);
  CHECK(o.lines == std::vector<std::string>{"tasks/e.md:9 task/placeholder-text"});
  REQUIRE(o.report["findings"].size() == 1);
  CHECK(o.report["findings"][0]["column"] == 1);
  CHECK(o.report["findings"][0]["message"].get<std::string>().ends_with(
      "its Summary still says \"TBD later\""));
}

TEST_CASE("hostile: a binary file is skipped with a note, an empty file is fine") {
  temp_dir d;
  d.write("docs/w.md", witness);
  d.write("docs/bin.md", std::string("# x\0\x01\x02 binary", 14));
  d.write("docs/empty.md", "");
  auto o = check(d);
  CHECK(o.lines == std::vector<std::string>{"docs/bin.md:1 parse/markdown",
                                            "docs/w.md:1 schema/missing-primary-key"});
  CHECK(o.report["findings"][0]["severity"] == "note");
  CHECK(o.report["summary"]["files"] == 3);
}

TEST_CASE("hostile: front matter not closed, a list, a scalar") {
  temp_dir d;
  d.write("docs/w.md", witness);
  d.write("docs/open.md", "---\ntable: x\n\n# never closed\n");
  d.write("tasks/list.md", "---\n- a\n- b\n---\n");
  d.write("tasks/scalar.md", "---\njust text\n---\n");
  d.write("tasks/open.md", "---\nid: open\n");
  auto o = check(d);
  CHECK(o.lines == std::vector<std::string>{"docs/open.md:1 parse/front-matter",
                                            "docs/w.md:1 schema/missing-primary-key",
                                            "tasks/list.md:2 task/front-matter",
                                            "tasks/open.md:1 task/front-matter",
                                            "tasks/scalar.md:2 task/front-matter"});
  CHECK(message_of(o, "parse/front-matter") ==
        "front matter opened on line 1 is never closed with `---`");
}

TEST_CASE("hostile: exponential YAML aliases and 10,000-deep nesting are refused quickly") {
  temp_dir d;
  d.write("docs/w.md", witness);
  std::string laughs =
      "---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
  for (char c = 'b'; c <= 'j'; ++c)
    laughs += fmt::format("{}: &{} [*{},*{},*{},*{},*{},*{},*{},*{},*{}]\n", c, c, char(c - 1),
                          char(c - 1), char(c - 1), char(c - 1), char(c - 1), char(c - 1),
                          char(c - 1), char(c - 1), char(c - 1));
  d.write("docs/laughs.md", laughs + "---\n# x\n");
  d.write("docs/deep.md",
          "---\nx: " + std::string(10000, '[') + std::string(10000, ']') + "\n---\n");
  std::string nested = "---\n";
  for (int i = 0; i < 10000; ++i) nested += "- ";
  d.write("docs/indent.md", nested + "v\n---\n");
  auto o = check(d);
  CHECK(o.lines == std::vector<std::string>{"docs/deep.md:2 parse/front-matter",
                                            "docs/indent.md:2 parse/front-matter",
                                            "docs/laughs.md:2 parse/front-matter",
                                            "docs/w.md:1 schema/missing-primary-key"});
  CHECK(o.report["findings"][0]["message"] == "front matter nests more than 64 levels deep");
  CHECK(o.report["findings"][2]["message"] ==
        "front matter expands to more than 100000 nodes (aliases?)");
}

TEST_CASE("hostile: huge tables, lines and nesting, unbalanced fences") {
  temp_dir d;
  d.write("docs/w.md", witness);
  std::string wide = "## `wide`\n\n| Column | Type |";
  for (int i = 0; i < 10000; ++i) wide += fmt::format(" h{} |", i);
  wide += "\n|---|---|";
  for (int i = 0; i < 10000; ++i) wide += "---|";
  wide += "\n| `id` | `text` |\n";
  d.write("docs/wide.md", wide);
  d.write("docs/long.md", "# Long\n\n" + std::string(10u << 20, 'a') + "\n");
  d.write("docs/quotes.md", std::string(10000, '>') + " # `deep`\n");
  d.write("docs/fence.md", "# F\n\n```sql\nCREATE TABLE never_closed (\n");
  auto o = check(d);
  // The unclosed fence runs to the end of the file, and its SQL is incomplete.
  CHECK(o.lines == std::vector<std::string>{"docs/fence.md:5 sql/syntax-error",
                                            "docs/w.md:1 schema/missing-primary-key",
                                            "docs/wide.md:1 schema/missing-primary-key"});
  CHECK(o.report["summary"]["columns"] == 2);
}

TEST_CASE("hostile: symbolic links are not followed, a loop does not hang") {
  temp_dir d;
  d.write("docs/w.md", witness);
  temp_dir outside;
  outside.write("secret.md", "## `secret`\n\n| Column | Type |\n|---|---|\n| `x` | `text` |\n");
  fs::create_directory_symlink(outside.path(), d.path() / "docs/out");
  fs::create_symlink(outside.path() / "secret.md", d.path() / "docs/secret.md");
  fs::create_directory_symlink(d.path() / "docs", d.path() / "docs/loop");
  auto o = check(d);
  CHECK(o.lines == std::vector<std::string>{"docs/w.md:1 schema/missing-primary-key"});
  CHECK(o.report["summary"]["files"] == 1);
}

TEST_CASE("hostile: references that leave the root are findings, never opened") {
  temp_dir d;
  d.write("docs/w.md", witness);
  d.write("tasks/t.md",
          "---\nid: t\nname: T\nstatus: pending\n---\n\n## References\n\n"
          "- ../../etc/passwd\n- /etc/passwd\n- %2e%2e/%2e%2e/etc/passwd\n- docs/../../x.md\n");
  d.write("docs/links.md",
          "# L\n\n[a](../../../etc/passwd) [b](/etc/passwd) [c](%2e%2e/%2e%2e/%2e%2e/x)\n");
  auto o = check(d);
  CHECK(o.lines == std::vector<std::string>{
                       "docs/links.md:3 ref/broken-path", "docs/links.md:3 ref/broken-path",
                       "docs/links.md:3 ref/broken-path", "docs/w.md:1 schema/missing-primary-key",
                       "tasks/t.md:9 ref/broken-path", "tasks/t.md:10 ref/broken-path",
                       "tasks/t.md:11 ref/broken-path", "tasks/t.md:12 ref/broken-path"});
}

TEST_CASE("hostile: a file that disappears before it is read is reported and the run goes on") {
  temp_dir d;
  d.write("docs/w.md", witness);
  speclint::lint_options opts;
  opts.root = d.path();
  opts.files = {{"docs/gone.md", speclint::file_role::doc},
                {"docs/w.md", speclint::file_role::doc}};
  auto res = speclint::lint(opts);
  std::vector<std::string> got;
  for (const auto& f : res.findings)
    got.push_back(fmt::format("{}:{} {}: {}", f.file, f.line, f.rule, f.message));
  CHECK(got == std::vector<std::string>{
                   "docs/gone.md:0 parse/markdown: cannot read file: No such file or directory",
                   "docs/w.md:1 schema/missing-primary-key: table `witness` has no primary key"});
}

TEST_CASE("hostile: an unreadable file is reported and the run goes on") {
  temp_dir d;
  d.write("docs/w.md", witness);
  d.write("docs/locked.md", "# locked\n");
  ::chmod(d.path().c_str(), 0755);
  ::chmod((d.path() / "docs").c_str(), 0755);
  ::chmod((d.path() / "docs/w.md").c_str(), 0644);
  ::chmod((d.path() / "docs/locked.md").c_str(), 0);
  std::vector<std::string> argv{SPECLINT_BINARY, "check", d.path().string(), "--format", "json",
                                "--fail-on",     "never"};
  if (::geteuid() == 0) {
    // Root reads everything: run speclint as `nobody`, who cannot read the locked file.
    auto probe = run_process({"runuser", "-u", "nobody", "--", SPECLINT_BINARY, "--version"});
    if (probe.status != 0) {
      SPECLINT_MISSING_TOOL(
          "runuser, or a speclint binary that the user nobody may run: " << probe.err);
      return;
    }
    argv.insert(argv.begin(), {"runuser", "-u", "nobody", "--"});
  }
  auto r = run_process(argv);
  REQUIRE(r.status == 0);
  auto report = nlohmann::json::parse(r.out);
  std::vector<std::string> got;
  for (const auto& f : report["findings"])
    got.push_back(fmt::format("{}:{} {}: {}", f["file"].get<std::string>(), f["line"].get<int>(),
                              f["rule"].get<std::string>(), f["message"].get<std::string>()));
  CHECK(got == std::vector<std::string>{
                   "docs/locked.md:0 parse/markdown: cannot read file: Permission denied",
                   "docs/w.md:1 schema/missing-primary-key: table `witness` has no primary key"});
}

TEST_CASE("hostile: 10,000 constraint rows, a 10 MB unlabelled block, headings 10,000 deep") {
  temp_dir d;
  d.write("docs/w.md", witness);
  std::string keys =
      "# accounts\n\n## Columns\n\n| Name | Type |\n|---|---|\n| id | bigint |\n\n"
      "## Constraints\n\n| Name | Type | Definition |\n|---|---|---|\n";
  for (int i = 0; i < 10000; ++i)
    keys += fmt::format("| accounts_{0}_key | UNIQUE | UNIQUE (id) |\n", i);
  keys += "| accounts_pkey | PRIMARY KEY | PRIMARY KEY (id) |\n";
  d.write("docs/keys.md", keys);
  // A huge block that is not SQL and mentions creating tables only in prose.
  std::string block = "# Big\n\n```\n";
  for (std::size_t i = 0; block.size() < (10u << 20); ++i)
    block += "we create tables by hand; recreate_table() is not DDL\n";
  block += "```\n\n```text\nCREATE TABLE\n```\n";
  d.write("docs/big.md", block);
  // Headings do not nest past six levels, however many there are.
  std::string deep;
  for (int i = 0; i < 10000; ++i) deep += fmt::format("{} t{}\n\n", std::string(i % 6 + 1, '#'), i);
  deep += "| Column | Type |\n|---|---|\n| id | bigint |\n";
  d.write("docs/deep.md", deep);
  auto o = check(d);
  const auto fence_line =
      std::count(block.begin(), block.begin() + static_cast<long>(block.find("```text")), '\n') + 1;
  CHECK(o.lines ==
        std::vector<std::string>{fmt::format("docs/big.md:{} parse/unread-schema", fence_line),
                                 "docs/deep.md:19999 schema/missing-primary-key",
                                 "docs/w.md:1 schema/missing-primary-key"});
}

TEST_CASE("hostile: 10,000 key and field bullets, 10 MB bullets and headings of parentheses") {
  temp_dir d;
  d.write("docs/w.md", witness);
  // Each field indexed by a key bullet, so that no rule has anything to say of them.
  std::string many = "## `orders`\n\n### Fields\n\n- `id (integer primary key)`\n";
  for (int i = 0; i < 10000; ++i) many += fmt::format("- `f{0}` (integer, unique, not null)\n", i);
  many += "\n### Foreign keys\n\n";
  for (int i = 0; i < 10000; ++i) many += fmt::format("- f{0} → orders(id) on delete cascade\n", i);
  d.write("docs/many.md", many);
  // 10 MB of unbalanced parentheses in a field bullet, of arrows in a key bullet and of
  // parentheses and the word "table" in a heading; a primary key of 200,000 columns.
  const std::size_t big = 10u << 20;
  d.write("docs/parens.md", "## `p`\n\n- `id (" + std::string(big, '(') + "`\n");
  std::string arrows = "## `a`\n\n- `id (integer primary key)`\n\n### Keys\n\n- id";
  while (arrows.size() < big) arrows += " \u2192 a";
  d.write("docs/arrows.md", arrows + "\n");
  std::string wide = "## `k`\n\n- `c (integer not null)`\n\n### Keys\n\n- Primary key: (";
  for (int i = 0; i < 200000; ++i) wide += "c, ";
  d.write("docs/wide-key.md", wide + "c)\n");
  std::string heading = "## ";
  while (heading.size() < big) heading += "(table `t` ";
  d.write("docs/heading.md", heading + "\n");
  auto o = check(d);
  CHECK(o.lines == std::vector<std::string>{"docs/w.md:1 schema/missing-primary-key"});
  CHECK(o.report["summary"]["columns"] == 10001 + 3);
}
