// Hostile and malformed input: each case gives an exact finding or a clean result, never a
// crash or a hang, and the other files' findings are still reported.

#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "catalog.hpp"

#include "speclint/drift.hpp"
#include "speclint/facts.hpp"
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

namespace {

// `speclint facts` for a root, one fact a line, without the summary line.
std::vector<std::string> facts_of(const temp_dir& d) {
  std::ostringstream text;
  speclint::write_facts_text(speclint::read_facts(d.path(), speclint::config{}), false, text);
  std::vector<std::string> out;
  std::istringstream in(text.str());
  for (std::string line; std::getline(in, line);)
    if (line.starts_with("docs/")) out.push_back(line);
  return out;
}

std::string mermaid(const std::string& diagram) {
  return "# ER\n\n```mermaid\nerDiagram\n" + diagram + "```\n";
}

}  // namespace

TEST_CASE("hostile: Mermaid ER blocks 100,000 braces deep, unbalanced, with unterminated quotes") {
  temp_dir d;
  // The first `{` opens the block and the first `}` closes it: the braces between are one
  // attribute that cannot be read, and the braces after it one line that cannot be read.
  d.write("docs/deep.md", mermaid("  DEEP " + std::string(100000, '{') + std::string(100000, '}') +
                                  "\n  DEEP ||--o{ KIDS : \"deep_id -> id\"\n"));
  // A block that never closes would swallow the rest of the diagram: it states nothing.
  d.write("docs/open.md", mermaid("  KEPT { int id PK }\n  LOST {\n" + std::string(100000, '{') +
                                  "\n    int id PK\n  KEPT ||--o{ LOST : \"lost_id -> id\"\n"));
  // A quote that does not close on its line takes its attribute or its line with it.
  d.write("docs/quotes.md",
          mermaid("  Q { int a PK \"" + std::string(1u << 20, 'x') + "\n    int b\n  }\n  \"" +
                  std::string(1u << 20, 'y') + "\n  Q ||--o{ R : \"q_id -> a\n  R { int c }\n"));
  // Found by fuzz_mermaid: a lone CR ends a line, and `---` (a line, to Mermaid) names no
  // entity.
  d.write("docs/dashes.md", mermaid("\r---\n  --- { int id PK }\n  -.- ||--o{ B : \"x -> id\"\n"));
  CHECK(facts_of(d) ==
        std::vector<std::string>{
            "docs/deep.md:5:3: mermaid-er: table deep",
            "docs/deep.md:6:3: mermaid-er: foreign-key kids.deep_id references=deep.id",
            "docs/deep.md:6:15: mermaid-er: table kids",
            "docs/open.md:5:3: mermaid-er: table kept",
            "docs/open.md:5:10: mermaid-er: column kept.id type=int primary_key=yes",
            "docs/quotes.md:5:3: mermaid-er: table q",
            "docs/quotes.md:6:5: mermaid-er: column q.b type=int",
            "docs/quotes.md:10:3: mermaid-er: table r",
            "docs/quotes.md:10:7: mermaid-er: column r.c type=int",
        });
}

TEST_CASE("hostile: a 10 MB Mermaid ER diagram and a 1 MB attribute line read in linear time") {
  temp_dir d;
  d.write("docs/w.md", witness);
  // 1,000 parents, one child with 260,000 unique FK attributes and 260,000 relationships: each
  // relationship finds its attribute by name, never by a scan of the child's attributes.
  std::string big;
  for (int i = 0; i < 1000; ++i) big += fmt::format("  P{} {{ int id PK }}\n", i);
  big += "  C {\n    int id PK\n";
  for (int i = 0; i < 260000; ++i) big += fmt::format("    int p{}_id FK, UK\n", i);
  big += "  }\n";
  for (int i = 0; i < 260000; ++i) big += fmt::format("  P{} ||--o{{ C : r\n", i % 1000);
  REQUIRE(big.size() > (10u << 20));
  d.write("docs/big.md", mermaid(big));
  d.write("docs/wide.md",
          mermaid("  W {\n    int id PK\n    text " + std::string(1u << 20, 'n') + " UK\n  }\n"));
  auto o = check(d);
  CHECK(o.lines == std::vector<std::string>{"docs/w.md:1 schema/missing-primary-key"});
  CHECK(o.report["summary"]["tables"] == 1003);
  CHECK(o.report["summary"]["columns"] == 1000 + 260001 + 2 + 1);
  const std::vector<std::string> facts = facts_of(d);
  // The 1,000 keys, once for each of the 260 relationships that name each parent.
  CHECK(std::count_if(facts.begin(), facts.end(), [](const std::string& f) {
          return f.find(": foreign-key c.p") != std::string::npos;
        }) == 260000);
  CHECK(std::find(
            facts.begin(), facts.end(),
            fmt::format("docs/big.md:{}:3: mermaid-er: foreign-key c.p999_id references=p999.id",
                        5 + 1000 + 2 + 260000 + 1 + 259999)) != facts.end());
}

TEST_CASE("hostile: an SQL expression 200,000 deep is refused before it is parsed") {
  temp_dir d;
  d.write("docs/w.md", witness);
  std::string chain = "a";
  for (int i = 0; i < 200000; ++i) chain += "+a";
  d.write("docs/deep.md", "# Deep\n\n```sql\nCREATE TABLE deep (a int CHECK (" + chain +
                              " > 0));\nCREATE TABLE shallow (a int PRIMARY KEY);\n```\n");
  auto o = check(d);
  CHECK(o.lines == std::vector<std::string>{"docs/deep.md:4 sql/syntax-error",
                                            "docs/w.md:1 schema/missing-primary-key"});
  CHECK(message_of(o, "sql/syntax-error") ==
        "more than 10000 tokens without a comma: the statement is too deep to read");
  CHECK(o.report["summary"]["tables"] == 2);
}

TEST_CASE("hostile: index Where cells 200,000 deep, of a megabyte, not one expression, 1,000") {
  temp_dir d;
  d.write("docs/w.md", witness);
  std::string chain = "a";
  for (int i = 0; i < 200000; ++i) chain += "+a";
  const std::string mega(1u << 20, 'x');
  std::string doc =
      "## `events`\n\n| Column | Type |\n|---|---|\n| `id` | `text` |\n\n### Indexes\n\n"
      "| Index | Columns | Where |\n|---|---|---|\n";
  // Each Where cell is read as `SELECT <cell>`: one that is too deep is refused before it is
  // parsed, and one that is not a single expression states no call.
  doc += "| `deep_idx` | `id` | `" + chain + " > now()` |\n";
  doc += "| `mega_idx` | `id` | `id <> '" + mega + "' AND now() > now()` |\n";
  doc += "| `from_idx` | `id` | `id) FROM t WHERE (now()` |\n";
  doc += "| `two_idx` | `id` | `true; SELECT now()` |\n";
  doc += "| `open_idx` | `id` | `now(` |\n";
  for (int i = 0; i < 1000; ++i) doc += fmt::format("| `r{}_idx` | `id` | `now() > id` |\n", i);
  d.write("docs/events.md", doc);
  auto o = check(d);
  std::vector<std::string> expected{"docs/events.md:1 schema/missing-primary-key",
                                    "docs/events.md:12 schema/index-predicate-not-immutable"};
  for (int i = 0; i < 1000; ++i)
    expected.push_back(
        fmt::format("docs/events.md:{} schema/index-predicate-not-immutable", 16 + i));
  expected.push_back("docs/w.md:1 schema/missing-primary-key");
  CHECK(o.lines == expected);
}

TEST_CASE(
    "hostile: psql \\d output of 100,000 rows in 10 MB, a 1 MB line, an expression "
    "200,000 deep") {
  temp_dir d;
  d.write("docs/w.md", witness);
  const std::string head =
      "```\nTable \"public.{}\"\n Column | Type | Collation | Nullable | Default\n"
      "--------+------+-----------+----------+---------\n";
  std::string big = "# Big\n\n" + fmt::format(fmt::runtime(head), "big");
  for (int i = 0; i < 100000; ++i)
    big += fmt::format(" c{:06} | text |           | not null | '{}'::text\n", i,
                       std::string(60, 'x'));
  big += "Indexes:\n    \"big_pkey\" PRIMARY KEY, btree (c000000)\n```\n";
  REQUIRE(big.size() > (10u << 20));
  d.write("docs/big.md", big);
  // One row and one check of a megabyte each.
  const std::string mega(1u << 20, 'a');
  d.write("docs/long.md", "# Long\n\n" + fmt::format(fmt::runtime(head), "long") +
                              " wide   | text |           |          | '" + mega +
                              "'::text\nCheck constraints:\n    \"long_check\" CHECK (wide <> '" +
                              mega + "')\n```\n");
  // libpg_query writes a parse tree out recursively: `a+a+…` 200,000 deep is refused before
  // it is parsed.
  std::string chain = "a";
  for (int i = 0; i < 200000; ++i) chain += "+a";
  d.write("docs/deep.md", "# Deep\n\n" + fmt::format(fmt::runtime(head), "deep") +
                              " a      | int  |           | not null |\nCheck constraints:\n"
                              "    \"deep_check\" CHECK (" +
                              chain + " > 0)\n```\n");
  auto o = check(d);
  CHECK(o.lines == std::vector<std::string>{"docs/deep.md:4 schema/missing-primary-key",
                                            "docs/deep.md:9 sql/syntax-error",
                                            "docs/long.md:4 schema/missing-primary-key",
                                            "docs/w.md:1 schema/missing-primary-key"});
  CHECK(message_of(o, "sql/syntax-error") ==
        "more than 10000 tokens without a comma: the statement is too deep to read");
  CHECK(o.report["summary"]["columns"] == 100000 + 1 + 1 + 1);
}

TEST_CASE("hostile: psql \\d rows with more and fewer `|` than the header") {
  temp_dir d;
  d.write("docs/ragged.md",
          "# Ragged\n\n```\n                 Table \"public.ragged\"\n"
          " Column |  Type  | Collation | Nullable |  Default\n"
          "--------+--------+-----------+----------+-----------\n"
          " a      | text   |           | not null | 'x|y'::text\n"
          " b      | text   |\n"
          " c      | text\n"
          " d | text | | not null | 'p' | extra | more\n"
          " | | | | orphan\n"
          "        |        |           |          |\n"
          "|||||||\n"
          "```\n");
  run_result r = run_speclint({"facts", d.path().string(), "--no-color"});
  CHECK(r.status == 0);
  // Aligned, `'x|y'` stays one cell; `b` states only its type (no Nullable cell), `c` too;
  // `d`, not aligned, keeps its surplus in its last cell; rows without a name go on only
  // values marked `+`, and there are none.
  CHECK(r.out ==
        "docs/ragged.md:4:24: psql-describe: table ragged\n"
        "docs/ragged.md:7:2: psql-describe: column ragged.a type=text nullable=no "
        "default='x|y'\n"
        "docs/ragged.md:8:2: psql-describe: column ragged.b type=text\n"
        "docs/ragged.md:9:2: psql-describe: column ragged.c type=text\n"
        "docs/ragged.md:10:2: psql-describe: column ragged.d type=text nullable=no "
        "default=\"'p' | extra | more\"\n"
        "5 facts from 1 reader in 1 of 1 file\n");
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

TEST_CASE("hostile: 10,000 psql meta-command lines, alone and between 5,000 statements") {
  temp_dir d;
  d.write("docs/w.md", witness);
  std::string alone = "# Alone\n\n```sql\n";
  for (int i = 0; i < 10000; ++i) alone += fmt::format("\\set v{} 'it''s'\n", i);
  alone += "CREATE TABLE alone (id int PRIMARY KEY);\n```\n";
  d.write("docs/alone.md", alone);
  std::string mixed = "# Mixed\n\n```sql\n";
  for (int i = 0; i < 5000; ++i)
    mixed += fmt::format("\\echo '{0}\nCREATE TABLE mixed{0} (id int PRIMARY KEY);\n", i);
  mixed += "```\n";
  d.write("docs/mixed.md", mixed);
  auto o = check(d);
  REQUIRE(o.lines.size() == 10000 + 5000 + 1);
  CHECK(o.lines.front() == "docs/alone.md:4 sql/psql-meta-command");
  CHECK(o.lines[9999] == "docs/alone.md:10003 sql/psql-meta-command");
  CHECK(o.lines[10000] == "docs/mixed.md:4 sql/psql-meta-command");
  CHECK(o.lines[14999] == "docs/mixed.md:10002 sql/psql-meta-command");
  CHECK(o.lines.back() == "docs/w.md:1 schema/missing-primary-key");
  CHECK(message_of(o, "sql/psql-meta-command") ==
        "`\\set v0 'it''s'` is a psql meta-command, not SQL: speclint skips it as psql does");
  CHECK(o.report["summary"]["tables"] == 1 + 1 + 5000);
}

TEST_CASE("hostile: a 1 MB dollar quote, unclosed or holding 10,000 backslash lines") {
  temp_dir d;
  d.write("docs/w.md", witness);
  std::string body;
  for (int i = 0; body.size() < (1u << 20); ++i) body += fmt::format("\\line {} of the body\n", i);
  const auto body_lines = std::count(body.begin(), body.end(), '\n');
  REQUIRE(body_lines > 10000);
  // Never closed: one error at its opening; the block is read on at the next statement line.
  d.write("docs/open.md",
          "# Open\n\n```sql\nCREATE TABLE open (id int PRIMARY KEY, note text "
          "DEFAULT $q$\n" +
              body + "CREATE TABLE after_open (id int PRIMARY KEY);\n```\n");
  // Closed: the lines inside it are text, not meta-commands.
  d.write("docs/closed.md",
          "# Closed\n\n```sql\nCREATE TABLE closed (id int PRIMARY KEY, note "
          "text DEFAULT $q$\n" +
              body + "$q$);\nCREATE TABLE after_closed (id int PRIMARY KEY);\n```\n");
  auto o = check(d);
  CHECK(o.lines == std::vector<std::string>{"docs/open.md:4 sql/syntax-error",
                                            "docs/w.md:1 schema/missing-primary-key"});
  CHECK(message_of(o, "sql/syntax-error") ==
        "unterminated dollar-quoted string at or near \"$q$\n\\line 0 of the body\n\\line 1 of the "
        "b…\"");
  CHECK(o.report["findings"][0]["column"] == 58);
  CHECK(o.report["summary"]["tables"] == 1 + 2 + 1);
}

TEST_CASE("hostile: 10,000 broken statements, 10,000 comments never closed") {
  temp_dir d;
  d.write("docs/w.md", witness);
  std::string broken = "# Broken\n\n```sql\n";
  for (int i = 0; i < 10000; ++i)
    broken += fmt::format("CREATE TABLE b{} (id int NOT NUL);\nSELEC {};\n", i, i);
  broken += "```\n";
  d.write("docs/broken.md", broken);
  // Each `/*` nests in the one before: none is ever closed, each is one error, and each line's
  // table is read.
  std::string open = "# Open\n\n```sql\n";
  for (int i = 0; i < 10000; ++i)
    open += fmt::format("CREATE TABLE o{} (id int PRIMARY KEY); /*\n", i);
  open += "```\n";
  d.write("docs/open.md", open);
  auto o = check(d);
  REQUIRE(o.lines.size() == 10000 + 10000 + 1);
  CHECK(o.lines[0] == "docs/broken.md:4 sql/syntax-error");
  CHECK(o.lines[1] == "docs/broken.md:6 sql/syntax-error");
  CHECK(o.lines[9999] == "docs/broken.md:20002 sql/syntax-error");
  CHECK(o.lines[10000] == "docs/open.md:4 sql/syntax-error");
  CHECK(o.lines[19999] == "docs/open.md:10003 sql/syntax-error");
  CHECK(o.report["findings"][0]["message"] == "syntax error at or near \"NUL\"");
  CHECK(o.report["findings"][10000]["message"] == "unterminated /* comment at or near \"/*\n\"");
  CHECK(o.report["summary"]["tables"] == 1 + 10000);
}

TEST_CASE("hostile: 7 MB of SQL that renames and copies a table of 100,000 columns over and over") {
  temp_dir d;
  d.write("docs/w.md", witness);
  std::string sql = "# Wide\n\n```sql\nCREATE TABLE wide (\n";
  for (int i = 0; i < 100000; ++i)
    sql += fmt::format("  c{:06} int UNIQUE{}\n", i, i + 1 < 100000 ? "," : "");
  sql += ");\n";
  for (int i = 0; i < 100000; ++i)
    sql += i % 2 == 0
               ? std::string("ALTER TABLE wide RENAME TO w2;\nALTER TABLE w2 RENAME TO wide;\n")
               : fmt::format("CREATE TABLE k{} () INHERITS (wide);\n", i);
  sql += "```\n";
  d.write("docs/wide.md", sql);
  auto o = check(d);
  // Each rename visits the table's 200,000 facts, each copy 100,000 columns: past four
  // million visits the script is no longer followed, and the file says where.
  std::vector<std::string> errors;
  for (const std::string& l : o.lines)
    if (!l.ends_with("schema/missing-primary-key")) errors.push_back(l);
  CHECK(errors == std::vector<std::string>{"docs/wide.md:100013 sql/syntax-error"});
  CHECK(message_of(o, "sql/syntax-error") ==
        "the SQL changes, drops and copies earlier statements' facts more than 4000000 times: "
        "from this statement on, speclint no longer follows them");
  CHECK(has(o, "docs/w.md:1 schema/missing-primary-key"));
  // `wide` and k1 and k3, which were copied in time; the 49,998 later tables have columns
  // speclint does not know.
  CHECK(o.report["summary"]["tables"] == 50000 + 1 + 1);
  CHECK(o.report["summary"]["columns"] == 300000 + 1);
}

TEST_CASE(
    "hostile: a later file renames a column of another file's 100,000-column table, 20,000 "
    "times") {
  temp_dir d;
  d.write("docs/w.md", witness);
  std::string wide = "# Wide\n\n```sql\nCREATE TABLE wide (\n";
  for (int i = 0; i < 100000; ++i)
    wide += fmt::format("  c{:06} int UNIQUE{}\n", i, i + 1 < 100000 ? "," : "");
  wide += ");\n```\n";
  d.write("docs/a-wide.md", wide);
  std::string renames = "# Renames\n\n```sql\n";
  for (int i = 0; i < 10000; ++i)
    renames +=
        "ALTER TABLE wide RENAME COLUMN c000000 TO x;\nALTER TABLE wide RENAME COLUMN x TO "
        "c000000;\n";
  renames += "```\n";
  d.write("docs/b-renames.md", renames);
  auto o = check(d);
  // Each rename visits the table's 200,000 columns and indexes: the 20th passes four million
  // visits, and from there on the renames no longer reach the earlier file.
  std::vector<std::string> errors;
  for (const std::string& l : o.lines)
    if (!l.ends_with("schema/missing-primary-key")) errors.push_back(l);
  CHECK(errors == std::vector<std::string>{"docs/b-renames.md:23 sql/syntax-error"});
  CHECK(message_of(o, "sql/syntax-error") ==
        "the SQL of later files changes earlier files' statements more than 4000000 times: from "
        "this statement on, speclint no longer applies them there");
  CHECK(o.report["summary"]["columns"] == 100000 + 1);
}

TEST_CASE("hostile: a 10 MB database URL and password is one short line without the password") {
  // libpq quotes a URI it cannot parse whole; the password is one repeated letter, the worst
  // case for finding it in the message.
  const std::string password(10u << 20, 'a');
  std::string msg;
  auto start = std::chrono::steady_clock::now();
  try {
    speclint::read_catalog("postgresql://u:" + password + "@[::1/db", {});
  } catch (const speclint::catalog_error& e) {
    msg = e.what();
  }
  auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CHECK(seconds < 30);  // linear takes a few seconds; quadratic, hours
  CHECK(msg.starts_with("`postgresql://u:***@[::1/db`: cannot connect to PostgreSQL: "));
  CHECK(msg.find("aaaa") == std::string::npos);
  CHECK(msg.size() < 1100);
  CHECK(msg.find('\n') == std::string::npos);
}

TEST_CASE("hostile: migration names of a megabyte of digits, 20,000 of them, order at once") {
  std::vector<std::string> names;
  const std::string digits(1 << 20, '7');
  names.push_back("db/" + digits + "_a.sql");
  names.push_back("db/V" + std::string(1 << 20, '1') + "__b.sql");
  for (int i = 0; i < 20000; ++i) names.push_back(fmt::format("db/{}_{}.sql", 20000 - i, i));
  speclint::migration_order o = speclint::order_migrations(names);
  REQUIRE(o.files.size() == names.size());
  CHECK(o.files.front() == "db/1_19999.sql");
  CHECK(o.files.back() == "db/" + digits + "_a.sql");  // the larger number, not the longer text
  CHECK(o.errors.empty());
}

TEST_CASE("hostile: a broken 10 MB migration is a syntax error, not a hang") {
  temp_dir d;
  d.write("docs/a.md", witness);
  std::string sql = "CREATE TABLE t (id int PRIMARY KEY);\n";
  while (sql.size() < (10u << 20)) sql += "INSERT INTO t VALUES (1, 'x''y');\n";
  sql += "CREATE TABLE broken (\n";
  d.write("db/0001_init.sql", sql);
  auto r = run_speclint({"diff", "--migrations", "db/*.sql", "--format", "json"}, d.path());
  INFO(r.err);
  CHECK(r.status == 1);
  json report = json::parse(r.out);
  std::vector<std::string> rules;
  for (const auto& f : report["findings"]) rules.push_back(f["rule"].get<std::string>());
  CHECK(rules ==
        std::vector<std::string>{"drift/extra-table", "sql/syntax-error", "drift/missing-table"});
}

TEST_CASE("hostile: 10,000 documented columns with CHECKs, 100,000 values, 10 MB of `one of`") {
  temp_dir d;
  d.write("docs/w.md", witness);
  std::string doc =
      "## `v`\n\n| Column | Type | Notes | Values |\n|---|---|---|---|\n"
      "| `id` | `text PRIMARY KEY` | | |\n";
  std::string sql = "```sql\n";
  for (int i = 0; i < 10000; ++i) {
    doc += fmt::format("| `c{}` | `text` | one of `a`, `b` | |\n", i);
    sql += fmt::format("ALTER TABLE v ADD CHECK (c{} IN ('b', 'a'));\n", i);
  }
  // One column of 100,000 values, its CHECK missing the last.
  std::string values, listed;
  for (int i = 0; i < 100000; ++i) {
    values += fmt::format("{}v{}", i ? ", " : "", i);
    if (i + 1 < 100000) listed += fmt::format("{}'v{}'", i ? ", " : "", i);
  }
  doc += "| `wide` | `text` | | " + values + " |\n";
  sql += "ALTER TABLE v ADD CONSTRAINT v_wide_check CHECK (wide IN (" + listed + "));\n```\n";
  d.write("docs/v.md", doc + "\n" + sql);
  // 10 MB of "one of" and separators in a Notes cell, and in a values bullet.
  std::string noise;
  while (noise.size() < (10u << 20)) noise += "one of , , `x` one of ";
  d.write("docs/noise.md",
          "## `n`\n\n| Column | Type | Notes |\n|---|---|---|\n"
          "| `id` | `text PRIMARY KEY` | |\n| `s` | `text` | " +
              noise + " |\n\n- `s`: " + noise + "\n");
  auto o = check(d);
  CHECK(o.lines == std::vector<std::string>{"docs/noise.md:6 schema/enum-without-check",
                                            "docs/v.md:10006 schema/enum-without-check",
                                            "docs/w.md:1 schema/missing-primary-key"});
  CHECK(message_of(o, "schema/enum-without-check")
            .starts_with("`n.s` is documented as one of `x`, but no CHECK"));
}

TEST_CASE("hostile: 10,000 property lines, a 10 MB one, a deletion list over 2,000 cascades") {
  temp_dir d;
  d.write("docs/w.md", witness);
  // A ledger without keys: however it is marked, no delete rewrites it.
  std::string props = "## `ledger`\n\n";
  for (int i = 0; i < 10000; ++i) props += "Kind: append-only\n";
  props +=
      "\n| Column | Type | Nullable | Notes |\n|---|---|---|---|\n| `id` | `text` | no | PK |\n\n";
  for (int i = 0; i < 10000; ++i) props += "- **Retention**: 7 years\n";
  props += "\nRetention: " + std::string(10u << 20, 'y') + "\n";
  d.write("docs/props.md", props);
  // t1 … t1999 cascade from t0, each from the one before; the list leaves out only t1999.
  std::string chain = "# Chain\n\n```sql\nCREATE TABLE t0 (id int PRIMARY KEY);\n";
  for (int i = 1; i < 2000; ++i)
    chain += fmt::format(
        "CREATE TABLE t{0} (id int PRIMARY KEY, p int NOT NULL REFERENCES t{1} ON DELETE "
        "CASCADE);\nCREATE INDEX t{0}_p_idx ON t{0} (p);\n",
        i, i - 1);
  chain += "```\n\n## Deleting `t0`\n\n";
  for (int i = 1; i < 1999; ++i) chain += fmt::format("- `t{}`: deleted\n", i);
  for (int i = 0; i < 8000; ++i) chain += "- `t1`: deleted\n";
  d.write("docs/chain.md", chain);
  auto o = check(d);
  CHECK(o.lines == std::vector<std::string>{"docs/chain.md:" + std::to_string(4 + 2 * 1999 + 5) +
                                                " schema/cascade-claim",
                                            "docs/w.md:1 schema/missing-primary-key"});
  CHECK(message_of(o, "schema/cascade-claim")
            .starts_with("this list of what deleting a row of `t0` does leaves out `t1999`: the "
                         "keys delete its "
                         "rows (t0 -> t1 -> t2 -> "));
}

TEST_CASE("hostile: unsaved texts are files of the spec only where the walk would find one") {
  temp_dir d;
  d.write(".speclint.yaml", "docs: [docs]\ntasks: [tasks]\nignore: [\"docs/skip/**\"]\n");
  d.write("docs/on-disk.md", "# On disk\n");
  speclint::config cfg = speclint::load_config(d.path() / ".speclint.yaml", ".speclint.yaml");
  speclint::file_overlay overlay;
  for (std::string p : {"", "/etc/passwd.md", "../up.md", "docs/../up.md", "docs/.hidden/x.md",
                        "docs/skip/x.md", "docs/x.txt", "docs/.md", "notes/x.md", "docsx/y.md",
                        "docs/on-disk.md", "docs/new.md", "docs/a/b/c.md", "tasks/t.md"})
    overlay[p] = "# Unsaved\n";
  overlay["docs/" + std::string(1 << 20, 'x') + ".md"] = "";  // a name no file system holds
  std::vector<std::string> found;
  for (const speclint::input_file& f : speclint::discover(d.path(), cfg, &overlay))
    found.push_back(fmt::format("{} {}", f.path.size() > 100 ? "long" : f.path,
                                f.role == speclint::file_role::task ? "task" : "doc"));
  CHECK(found == std::vector<std::string>{"docs/a/b/c.md doc", "docs/new.md doc",
                                          "docs/on-disk.md doc", "long doc", "tasks/t.md task"});
}
