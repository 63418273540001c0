#include <catch2/catch.hpp>

#include <fmt/format.h>

#include "speclint/lint.hpp"
#include "speclint/load.hpp"
#include "speclint/model.hpp"
#include "speclint/targets.hpp"
#include "speclint/text.hpp"

using namespace speclint;

TEST_CASE("referential actions in every spelling") {
  CHECK(parse_action("SET NULL") == action_kind::set_null);
  CHECK(parse_action("setNull") == action_kind::set_null);
  CHECK(parse_action("set-null") == action_kind::set_null);
  CHECK(parse_action("SetNull") == action_kind::set_null);
  CHECK(parse_action("set_default") == action_kind::set_default);
  CHECK(parse_action(" cascade ") == action_kind::cascade);
  CHECK(parse_action("No Action") == action_kind::no_action);
  CHECK(parse_action("RESTRICT") == action_kind::restrict);
  CHECK(parse_action("DELETE") == std::nullopt);
  CHECK(parse_action("") == std::nullopt);
}

TEST_CASE("GitHub heading slugs") {
  CHECK(github_slug("C01: sessions.accountId NOT NULL vs SET NULL") ==
        "c01-sessionsaccountid-not-null-vs-set-null");
  CHECK(github_slug("D1: Nullable `sessions.accountId`") == "d1-nullable-sessionsaccountid");
  CHECK(github_slug("snake_case and dash-es") == "snake_case-and-dash-es");
  CHECK(github_slug("Ünïcode stays") == "ünïcode-stays");
}

TEST_CASE("globs") {
  CHECK(glob_match("docs/rules/**", "docs/rules/schema/x.md"));
  CHECK(glob_match("docs/rules/**", "docs/rules/"));
  CHECK(glob_match("**/*.md", "a/b/c.md"));
  CHECK(glob_match("**/*.md", "c.md"));
  CHECK(glob_match("docs/*.md", "docs/a.md"));
  CHECK_FALSE(glob_match("docs/*.md", "docs/sub/a.md"));
  CHECK(glob_match("docs/drafts/", "docs/drafts/x.md"));
  CHECK(glob_match("tasks/t?.md", "tasks/t1.md"));
  CHECK_FALSE(glob_match("tasks/t?.md", "tasks/t10.md"));
}

// The semantics docs/configuration.md gives `ignore`: `*` stays within a directory, `**`
// spans directories, a pattern ending in `/` matches everything below that directory.
TEST_CASE("globs: ignore patterns as documented") {
  CHECK(glob_match("docs/drafts/**", "docs/drafts/a/b/c.md"));
  CHECK_FALSE(glob_match("docs/drafts/**", "docs/draftsman.md"));
  CHECK_FALSE(glob_match("docs/*", "docs/a/b.md"));
  CHECK(glob_match("docs/*/b.md", "docs/a/b.md"));
  CHECK_FALSE(glob_match("docs/?/b.md", "docs//b.md"));
  CHECK(glob_match("docs/**/b.md", "docs/b.md"));
  CHECK(glob_match("docs/**/b.md", "docs/x/y/b.md"));
  // `**` lets the rest start only at a directory boundary, never inside a name.
  CHECK_FALSE(glob_match("docs/**/b.md", "docs/xb.md"));
  CHECK(glob_match("**", "any/thing"));
  CHECK(glob_match("docs/*/", "docs/drafts/x/y.md"));
  CHECK_FALSE(glob_match("docs/drafts/", "docs/drafts"));
  CHECK_FALSE(glob_match("Docs/*.md", "docs/a.md"));
  CHECK(glob_match("", ""));
  CHECK_FALSE(glob_match("", "a"));
}

TEST_CASE("globs: names ignore case and let `*` cross every character") {
  glob_pattern host("*.ACME.example", {.path = false, .ignore_case = true});
  CHECK(host.matches("ci.a/b.acme.EXAMPLE"));
  CHECK_FALSE(host.matches("acme.example"));
  glob_pattern windows("C:\\Users\\*\\x", {.path = true, .backslash = true});
  CHECK(windows.matches("C:/Users/alice/x"));
  CHECK_FALSE(windows.matches("C:/Users/a/b/x"));
}

TEST_CASE("globs: stars never backtrack") {
  // A backtracking matcher tries every way to split the text among the stars: 2^20 and more.
  std::string pattern;
  for (int i = 0; i < 20; ++i) pattern += "*a";
  pattern += "*b";
  std::string text(20000, 'a');
  CHECK_FALSE(glob_match(pattern, text));
  CHECK(glob_match(pattern, text + "b"));
  CHECK_FALSE(glob_match("**/**/**/**/**/**/**/**/x", std::string(4000, '/') + "y"));
  CHECK(glob_match("**/**/**/**/**/**/**/**/x", std::string(4000, '/') + "x"));
  glob_pattern name(pattern, {.path = false, .ignore_case = true});
  CHECK_FALSE(name.matches(std::string(20000, 'A')));
}

TEST_CASE("PostgreSQL type names in canonical spelling") {
  CHECK(canonical_type("int4") == "integer");
  CHECK(canonical_type("INT") == "integer");
  CHECK(canonical_type("timestamptz") == "timestamp with time zone");
  CHECK(canonical_type("varchar(20)") == "character varying(20)");
  CHECK(canonical_type("numeric (12, 4)") == "numeric(12,4)");
  CHECK(canonical_type("text[]") == "text[]");
  CHECK(base_type("character varying(20)") == "character varying");
  CHECK(type_family("bigint") == "integer");
  CHECK(type_family("uuid") == "uuid");
}

TEST_CASE("link and reference targets") {
  text_pool texts;
  auto t = resolve_link("docs/architecture", "../decisions/adr.md#d1-x", texts);
  CHECK(t.what == target::kind::inside);
  CHECK(t.path == "docs/decisions/adr.md");
  CHECK(t.anchor == "d1-x");
  CHECK(resolve_link("docs", "../../etc/passwd", texts).what == target::kind::outside);
  CHECK(resolve_link("docs", "%2e%2e/%2e%2e/etc/passwd", texts).what == target::kind::outside);
  CHECK(resolve_link("docs", "/etc/passwd", texts).what == target::kind::absolute);
  CHECK(resolve_link("docs", "https://example.com/x", texts).what == target::kind::external);
  CHECK(resolve_link("docs", "mailto:a@example.com", texts).what == target::kind::external);
  CHECK(resolve_link("docs", "#section", texts).what == target::kind::same_file);
  auto l = resolve_link("docs", "a.sql#L3-L9", texts);
  CHECK(l.line_from == 3);
  CHECK(l.line_to == 9);
  auto r = resolve_reference("docs/architecture/storage/sessions.md:17", texts);
  CHECK(r.path == "docs/architecture/storage/sessions.md");
  CHECK(r.line_from == 17);
  CHECK(r.line_to == 17);
  auto root_file = resolve_reference("README.md:40", texts);
  CHECK(root_file.what == target::kind::inside);
  CHECK(root_file.path == "README.md");
  CHECK(root_file.line_from == 40);
  auto range = resolve_reference("./docs/a.md:3-5", texts);
  CHECK(range.path == "docs/a.md");
  CHECK(range.line_to == 5);
  // A target views its raw text where that spells its path or anchor as they are, and keeps
  // a copy of any other (a normalized path, a decoded anchor).
  std::string raw = "docs/a.md#x%20y";
  auto spelled = resolve_reference(raw, texts);
  CHECK(spelled.path == "docs/a.md");
  CHECK(spelled.path.data() == raw.data());
  CHECK(spelled.anchor == "x y");
  CHECK(spelled.anchor.data() != raw.data() + 10);
  std::string relative = "../b.md#part";
  auto climbed = resolve_link("docs/sub", relative, texts);
  CHECK(climbed.path == "docs/b.md");
  CHECK(climbed.anchor.data() == relative.data() + 8);
  std::string dotted = "./docs/a.md:3-5";
  auto prefixed = resolve_reference(dotted, texts);
  CHECK(prefixed.path == "docs/a.md");
  CHECK(prefixed.path.data() == dotted.data() + 2);
  raw.assign(raw.size(), '?');
  relative.assign(relative.size(), '?');
  dotted.assign(dotted.size(), '?');
  CHECK(climbed.path == "docs/b.md");  // the copy stays when the raw text changes
  CHECK(spelled.anchor == "x y");
  // A megabyte target whose path almost matches at every offset of the raw text: finding
  // the path is never a search of the raw text, whose cost grows with the square of its
  // length (22 s here for this one).
  std::string run(1 << 20, 'a');
  std::string hostile = run + "/../" + run + "b#" + run;
  auto far = resolve_reference(hostile, texts);
  CHECK(far.what == target::kind::inside);
  CHECK(far.path == run + "b");
  CHECK(far.path.data() == hostile.data() + run.size() + 4);
  CHECK(far.anchor.size() == run.size());
}

TEST_CASE("lines end at LF, CRLF and a lone CR") {
  auto lines = [](std::string_view text) {
    std::vector<std::string> out;
    for_each_line_of(text, [&](std::string_view l) {
      out.emplace_back(l);
      return true;
    });
    return out;
  };
  using v = std::vector<std::string>;
  CHECK(lines("") == v{});
  CHECK(lines("a") == v{"a"});
  CHECK(lines("a\n") == v{"a"});
  CHECK(lines("a\nb") == v{"a", "b"});
  CHECK(lines("a\r\nb\rc\n\nd") == v{"a", "b", "c", "", "d"});
  CHECK(lines("\r\r\n\n") == v{"", "", ""});
  CHECK(lines("a\r") == v{"a"});
  CHECK(lines("x\n\ry\r\n") == v{"x", "", "y"});
  // A carriage return far ahead is found again once the lines before it have passed.
  CHECK(lines("1\n2\n3\r4\n5\r\n6") == v{"1", "2", "3", "4", "5", "6"});
  int seen = 0;
  for_each_line_of("a\nb\nc", [&](std::string_view) { return ++seen < 2; });
  CHECK(seen == 2);
}

TEST_CASE("control characters are escaped, everything else is kept") {
  CHECK(escape_control("") == "");
  CHECK(escape_control("plain text, é and ✓") == "plain text, é and ✓");
  CHECK(escape_control("\x1b[31mred") == "\\x1b[31mred");
  CHECK(escape_control("a\tb\nc\rd\x7f") == "a\\x09b\\x0ac\\x0dd\\x7f");
  CHECK(escape_control(std::string_view("\0\x01", 2)) == "\\x00\\x01");
  CHECK(escape_control("end\x1f") == "end\\x1f");
}

TEST_CASE("task ids are pooled in task order, and findings name owners by place") {
  auto task_file = [](std::string_view id) {
    return fmt::format("---\n{}name: x\nstatus: pending\n---\n",
                       id.empty() ? "" : fmt::format("id: {}\n", id));
  };
  lint_result r;
  r.spec = load_memory({{"tasks/a.md", file_role::task, task_file("alpha")},
                        {"tasks/b.md", file_role::task, task_file("")},
                        {"tasks/c.md", file_role::task, task_file("gamma")},
                        {"tasks/d.md", file_role::task, task_file("alpha")}},
                       config{});
  const model& m = r.spec;
  REQUIRE(m.tasks().size() == 4);
  REQUIRE(m.pooled_ids().size() == 4);
  CHECK(m.pooled_id(0) == "alpha");
  CHECK(m.pooled_id(1).empty());
  CHECK(m.pooled_id(2) == "gamma");
  CHECK(m.pooled_id(3) == "alpha");
  CHECK(m.pooled_id(3).data() != m.pooled_id(0).data());  // a repeated id has a view of its own

  task_ids owners(m.pooled_ids().data(), {2, 0, 3});
  REQUIRE(owners.size() == 3);
  CHECK(*owners.begin() == "gamma");
  CHECK(owners.begin().position() == 2);
  CHECK(std::vector<std::string_view>(owners.begin(), owners.end()) ==
        std::vector<std::string_view>{"gamma", "alpha", "alpha"});
  CHECK(fmt::format("{}", fmt::join(owners, ", ")) == "gamma, alpha, alpha");
  CHECK(std::distance(owners.begin(), owners.end()) == 3);
  CHECK(task_ids().empty());
  CHECK(task_ids().begin() == task_ids().end());

  // Owners by place in the pool name their task directly; owners from another table are
  // looked up by id; unknown ids own nothing. Tasks that share an id are one row, under
  // the first of them.
  finding pooled;
  pooled.rule = "a/pooled";
  pooled.tasks = task_ids(m.pooled_ids().data(), {2, 3});
  const std::vector<std::string_view> elsewhere{"alpha", "nobody"};
  finding named;
  named.rule = "b/named";
  named.tasks = task_ids(elsewhere.data(), {0, 1});
  r.findings = {pooled, named};
  refresh(r);
  REQUIRE(r.violated.size() == 2);
  CHECK(r.violated[0].id == "alpha");
  CHECK(r.violated[0].file == "tasks/a.md");
  CHECK(r.violated[0].rules == std::vector<std::string>{"a/pooled", "b/named"});
  CHECK(r.violated[1].id == "gamma");
  CHECK(r.violated[1].file == "tasks/c.md");
  CHECK(r.violated[1].rules == std::vector<std::string>{"a/pooled"});
  CHECK(r.summary.errors == 2);
}

TEST_CASE("owner positions come back as given, whatever their steps") {
  // Steps of every size, forward and back, across the groups of seven bits and to the ends
  // of the range; the table of ids is only read at the positions.
  const std::vector<std::uint32_t> at{0,           1,           127, 128,         129,
                                      16383,       16384,       5,   0xFFFFFFFFu, 0,
                                      0x7FFFFFFFu, 0x80000000u, 3,   3,           2097152};
  task_ids ids(nullptr, at);
  CHECK(ids.size() == at.size());
  std::vector<std::uint32_t> back;
  for (auto it = ids.begin(); it != ids.end(); ++it) back.push_back(it.position());
  CHECK(back == at);
  CHECK(task_ids(nullptr, {}).empty());
  CHECK(task_ids(nullptr, {}).begin() == task_ids(nullptr, {}).end());
  // A copy reads the same.
  task_ids copy = ids;
  std::vector<std::uint32_t> again;
  for (auto it = copy.begin(); it != copy.end(); it++) again.push_back(it.position());
  CHECK(again == at);
}

TEST_CASE("a column declaration keeps its type, default and note apart, absent from empty") {
  text_pool texts;
  column_decl d;
  CHECK_FALSE(d.type());
  CHECK(d.type() == std::nullopt);
  CHECK_FALSE(d.default_value());
  CHECK_FALSE(d.note());
  d.set_default(texts, "");  // stated, and empty
  CHECK(d.default_value().has_value());
  CHECK(d.default_value() == "");
  CHECK_FALSE(d.default_value() == std::nullopt);
  CHECK_FALSE(d.type());
  d.set_note(texts, "the note");
  d.set_type(texts, "numeric(12,4)");
  d.set_default(texts, "0");
  CHECK(d.type() == "numeric(12,4)");
  CHECK(d.default_value() == "0");
  CHECK(d.note() == "the note");
  d.set_default(texts, *d.note());  // from its own text
  CHECK(d.default_value() == "the note");
  CHECK(d.note() == "the note");

  std::string type = "uuid", note = "set at once";
  column_decl once;
  once.set_texts(texts, type, std::nullopt, note);
  type.assign("????");
  note.assign(note.size(), '?');
  CHECK(once.type() == "uuid");  // copies, kept in the pool
  CHECK_FALSE(once.default_value());
  CHECK(once.note() == "set at once");

  column_decl copy = d;  // views the same texts
  CHECK(copy.type() == "numeric(12,4)");
  copy.clear_default();
  CHECK_FALSE(copy.default_value());
  CHECK(copy.type() == "numeric(12,4)");
  CHECK(copy.note() == "the note");
  CHECK(d.default_value() == "the note");  // the original is unchanged
  copy.clear_type();
  CHECK_FALSE(copy.type());
  CHECK(copy.note() == "the note");
  copy.set_default(texts, "now()");  // after a clear, the others stay as they were
  CHECK_FALSE(copy.type());
  CHECK(copy.default_value() == "now()");
  CHECK(copy.note() == "the note");
}

TEST_CASE("a case-insensitive prefix") {
  CHECK(istarts_with("Acceptance Criteria (v2)", "acceptance criteria"));
  CHECK(istarts_with("References", "References"));
  CHECK(istarts_with("anything", ""));
  CHECK_FALSE(istarts_with("Refs", "References"));
  CHECK_FALSE(istarts_with("Notes", "Summary"));
}

TEST_CASE("a task's asserts keep the names the last key of each kind gave") {
  model m = load_memory({{"tasks/a.md", file_role::task,
                          "---\nid: a\nstatus: pending\nasserts:\n"
                          "  - table: accounts\n"
                          "  - column: sessions.accountId\n    nullable: false\n"
                          "  - fk: sessions.accountId -> accounts.id\n    on_delete: CASCADE\n"
                          "  - column: users.email\n    table: people\n"
                          "  - nullable: true\n"
                          "---\n"}},
                        config{});
  REQUIRE(m.tasks().size() == 1);
  const auto& asserts = m.tasks()[0].asserts;
  REQUIRE(asserts.size() == 4);  // the last names no subject
  auto names = [](const assertion& a) {
    return fmt::format("{}|{}|{}|{}", a.table, a.column, a.parent_table, a.parent_column);
  };
  CHECK(asserts[0].what == assertion::kind::table);
  CHECK(names(asserts[0]) == "accounts|||");
  CHECK(asserts[1].what == assertion::kind::column);
  CHECK(names(asserts[1]) == "sessions|accountId||");
  REQUIRE(asserts[1].expect.size() == 1);
  CHECK(asserts[1].expect[0].first == "nullable");
  CHECK(asserts[2].what == assertion::kind::fk);
  CHECK(names(asserts[2]) == "sessions|accountId|accounts|id");
  CHECK(asserts[2].site.line == 8);
  // A later `table` key replaces the table and keeps the column, as it always did.
  CHECK(asserts[3].what == assertion::kind::table);
  CHECK(names(asserts[3]) == "people|email||");
}

TEST_CASE("a text pool's views stay valid as it grows and when it moves") {
  text_pool pool;
  std::vector<std::string> texts;
  std::vector<std::string_view> views;
  for (int i = 0; i < 20000; ++i) {
    texts.push_back(fmt::format("name_{}", i));
    views.push_back(pool.add(texts.back()));
  }
  texts.push_back(std::string(100000, 'x'));  // longer than a block
  views.push_back(pool.add(texts.back()));
  texts.push_back("after the long one");
  views.push_back(pool.add(texts.back()));
  CHECK(pool.add("").empty());
  text_pool moved = std::move(pool);
  REQUIRE(views.size() == texts.size());
  std::size_t wrong = 0;
  for (std::size_t i = 0; i < texts.size(); ++i)
    if (views[i] != texts[i] || views[i].data() == texts[i].data()) ++wrong;  // equal, and a copy
  CHECK(wrong == 0);
}

TEST_CASE("a text pool joins texts into one view, and adopting a pool keeps its views") {
  text_pool pool;
  std::string a = "heading text", b = "heading-text";
  std::string_view both = pool.add({a, b});
  CHECK(both == "heading textheading-text");
  CHECK(pool.add({"", ""}).empty());
  CHECK(pool.add({std::string_view(a), std::string_view(), std::string_view(b)}) == both);
  text_pool other;
  std::string_view kept = other.add("read by another thread");
  std::string_view long_one = other.add(std::string(70000, 'y'));
  pool.adopt(std::move(other));
  CHECK(kept == "read by another thread");
  CHECK(long_one == std::string(70000, 'y'));
  CHECK(other.add("after adoption") == "after adoption");  // the adopted-from pool starts over
  CHECK(pool.add("and the adopter goes on") == "and the adopter goes on");
  CHECK(both == "heading textheading-text");
}

TEST_CASE("columns view their names in the model, which survive a move of the model") {
  model m = load_memory({{"docs/a.md", file_role::doc,
                          "## `accounts`\n\n| Column | Type |\n|---|---|\n| `id` | `text` |\n| "
                          "`email` | `text` |\n"}},
                        config{});
  model moved = std::move(m);
  const column* c = moved.find_column("accounts", "email");
  REQUIRE(c != nullptr);
  CHECK(c->name == "email");
  CHECK(qualified_name(moved.tables()[0], *c) == "accounts.email");
}

TEST_CASE("UTF-8 sequence lengths") {
  using namespace std::string_view_literals;
  CHECK(utf8_length("a"sv, 0) == 1);
  CHECK(utf8_length("\xc3\xa9"sv, 0) == 2);
  CHECK(utf8_length("\xe2\x82\xac"sv, 0) == 3);
  CHECK(utf8_length("\xf0\x9f\x98\x80"sv, 0) == 4);
  CHECK(utf8_length("\xf4\x8f\xbf\xbf"sv, 0) == 4);  // U+10FFFF
  CHECK(utf8_length("\x80"sv, 0) == 0);              // a stray continuation byte
  CHECK(utf8_length("\xc0\xaf"sv, 0) == 0);          // overlong `/`
  CHECK(utf8_length("\xe0\x80\xaf"sv, 0) == 0);      // overlong `/`
  CHECK(utf8_length("\xed\xa0\x80"sv, 0) == 0);      // a surrogate
  CHECK(utf8_length("\xf4\x90\x80\x80"sv, 0) == 0);  // past U+10FFFF
  CHECK(utf8_length("\xe2\x82"sv, 0) == 0);          // cut short
  CHECK(utf8_length("x\xe2\x82\xac"sv, 1) == 3);
}

TEST_CASE("markup escaping for XML text, XML attributes and Graphviz labels") {
  using namespace std::string_view_literals;
  std::string_view s = "a<b>&\"c\"\t'd'\n\r\x01\xff\xef\xbf\xbe"sv;
  CHECK(escape_markup(s, markup_context::xml_text) ==
        "a&lt;b&gt;&amp;\"c\"\t'd'\n&#13;\xef\xbf\xbd");
  CHECK(escape_markup(s, markup_context::xml_attribute) ==
        "a&lt;b&gt;&amp;&quot;c&quot;&#9;&apos;d&apos;&#10;&#13;\xef\xbf\xbd");
  CHECK(escape_markup(s, markup_context::html_label) ==
        "a&lt;b&gt;&amp;&quot;c&quot;\t'd'  \x01\xff\xef\xbf\xbe");
  CHECK(valid_utf8("ok \xc3\xa9 \xc3"sv) == "ok \xc3\xa9 \xef\xbf\xbd");
}
