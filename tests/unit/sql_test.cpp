// SQL blocks read with libpg_query: the facts they add to the model, their places, and
// parsing on several threads.

#include <catch2/catch.hpp>

#include <map>
#include <sstream>
#include <tuple>

#include <fmt/format.h>

#include "speclint/facts.hpp"
#include "speclint/lint.hpp"
#include "speclint/report.hpp"
#include "support.hpp"

using namespace speclint;
using namespace speclint::test;

namespace {

lint_result lint_docs(const temp_dir& dir, unsigned jobs = 1, std::vector<std::string> only = {}) {
  lint_options opts;
  opts.root = dir.path();
  opts.jobs = jobs;
  opts.only_rules = std::move(only);
  return lint(opts);
}

std::string at(const model& m, const location& l) {
  return m.where(l) + ":" + std::to_string(l.column);
}

const column_decl& sql_decl(const model& m, std::string_view t, std::string_view c) {
  const column* col = m.find_column(t, c);
  REQUIRE(col);
  for (const column_decl& d : col->decls)
    if (d.source == fact_source::sql) return d;
  FAIL("no SQL declaration of " << t << "." << c);
  throw;
}

const foreign_key& fk_of(const model& m, std::string_view child, std::vector<std::string> cols) {
  for (const foreign_key& fk : m.foreign_keys())
    if (fk.child_table == child && fk.child_columns == cols) return fk;
  FAIL("no foreign key " << child);
  throw;
}

const index_def& index_named(const model& m, std::string_view t, std::string_view name) {
  const table* tab = m.find_table(t);
  REQUIRE(tab);
  for (const index_def& ix : tab->indexes)
    if (ix.name == name) return ix;
  FAIL("no index " << name);
  throw;
}

}  // namespace

TEST_CASE(
    "SQL blocks: CREATE TABLE states tables, columns, keys, checks and indexes with their places",
    "[sql]") {
  temp_dir dir;
  dir.write("docs/schema.md",
            "# Schema\n"
            "\n"
            "```sql\n"
            "CREATE TABLE accounts (\n"                             // line 4
            "  id int4 PRIMARY KEY,\n"                              // 5
            "  email varchar(320) NOT NULL UNIQUE DEFERRABLE,\n"    // 6
            "  balance numeric(10, 2) DEFAULT 0,\n"                 // 7
            "  tags text[] NOT NULL DEFAULT '{}'::text[],\n"        // 8
            "  \"createdAt\" timestamptz NOT NULL DEFAULT now()\n"  // 9
            ");\n"                                                  // 10
            "CREATE TABLE auth.users (\"Id\" uuid, \"orgId\" bigint, PRIMARY KEY (\"orgId\", "
            "\"Id\"));\n"                                                              // 11
            "CREATE TABLE public.sessions (\n"                                         // 12
            "  id text PRIMARY KEY,\n"                                                 // 13
            "  \"accountId\" int4 REFERENCES accounts (id)\n"                          // 14
            "    MATCH FULL ON DELETE SET NULL (\"accountId\") INITIALLY DEFERRED,\n"  // 15
            "  \"userOrg\" bigint,\n"                                                  // 16
            "  \"userId\" uuid,\n"                                                     // 17
            "  state text CHECK (state IS NOT NULL AND state <> ''),\n"                // 18
            "  CONSTRAINT sessions_user_fkey FOREIGN KEY (\"userOrg\", \"userId\")\n"  // 19
            "    REFERENCES auth.users ON UPDATE CASCADE,\n"                           // 20
            "  CHECK (NOT (\"userId\" IS NULL) AND (\"userOrg\" > 0))\n"               // 21
            ");\n"                                                                     // 22
            "CREATE UNIQUE INDEX sessions_live_key ON sessions (lower(state), \"userId\") WHERE "
            "state <> 'closed';\n"  // 23
            "```\n");
  lint_result r = lint_docs(dir);
  const model& m = r.spec;
  INFO(r.findings.size());

  const table* accounts = m.find_table("accounts");
  REQUIRE(accounts);
  CHECK(at(m, accounts->site) == "docs/schema.md:4:14");
  const column_decl& id = sql_decl(m, "accounts", "id");
  CHECK(at(m, id.site) == "docs/schema.md:5:3");
  CHECK(id.type() == "integer");
  CHECK(id.primary_key);
  CHECK(!id.nullable);
  const column_decl& email = sql_decl(m, "accounts", "email");
  CHECK(email.type() == "varchar(320)");
  CHECK(email.nullable == false);
  CHECK(email.block == id.block);
  CHECK(sql_decl(m, "accounts", "balance").type() == "numeric(10,2)");
  CHECK(sql_decl(m, "accounts", "balance").default_value() == "0");
  CHECK(sql_decl(m, "accounts", "tags").type() == "text[]");
  CHECK(sql_decl(m, "accounts", "tags").default_value() == "'{}'::text[]");
  CHECK(sql_decl(m, "accounts", "createdAt").default_value() == "now()");
  const index_def& email_key = index_named(m, "accounts", "accounts_email_key");
  CHECK(email_key.unique);
  CHECK(email_key.deferrable);
  CHECK(email_key.columns == std::vector<std::string>{"email"});
  CHECK(at(m, email_key.site) == "docs/schema.md:6:31");
  CHECK(accounts->primary_key() == std::vector<std::string>{"id"});

  // Schema-qualified names keep their schema, except `public`; quoted names keep their case.
  const table* users = m.find_table("auth.users");
  REQUIRE(users);
  CHECK(users->primary_key() == std::vector<std::string>{"orgId", "Id"});
  CHECK(sql_decl(m, "auth.users", "Id").primary_key);
  CHECK(sql_decl(m, "auth.users", "Id").block != id.block);
  REQUIRE(m.find_table("sessions"));
  CHECK(!m.find_table("public.sessions"));

  const foreign_key& account = fk_of(m, "sessions", {"accountId"});
  CHECK(account.parent_table == "accounts");
  CHECK(account.parent_columns == std::vector<std::string>{"id"});
  REQUIRE(account.on_delete());
  CHECK(account.on_delete()->kind == action_kind::set_null);
  CHECK(account.on_delete()->columns == std::vector<std::string>{"accountId"});
  CHECK(account.on_delete()->raw == "SET NULL (accountId)");
  CHECK(at(m, account.on_delete()->site) == "docs/schema.md:15:16");
  // An omitted action is PostgreSQL's NO ACTION, stated at the key.
  REQUIRE(account.on_update());
  CHECK(account.on_update()->kind == action_kind::no_action);
  CHECK(at(m, account.on_update()->site) == "docs/schema.md:14:20");
  CHECK(at(m, account.site()) == "docs/schema.md:14:20");
  CHECK(account.decls.front().match == match_kind::full);
  CHECK(account.decls.front().deferrable);
  CHECK(account.decls.front().source == fact_source::sql);

  const foreign_key& user = fk_of(m, "sessions", {"userOrg", "userId"});
  CHECK(user.parent_table == "auth.users");
  CHECK(user.parent_columns == std::vector<std::string>{"orgId", "Id"});  // the primary key
  CHECK(user.decls.front().name == "sessions_user_fkey");
  CHECK(user.decls.front().match == match_kind::simple);
  CHECK(!user.decls.front().deferrable);
  CHECK(user.on_update()->kind == action_kind::cascade);
  CHECK(at(m, user.on_update()->site) == "docs/schema.md:20:27");

  const table* sessions = m.find_table("sessions");
  REQUIRE(sessions->checks.size() == 2);
  CHECK(sessions->checks[0].name == "sessions_state_check");
  CHECK(sessions->checks[0].expression == "state IS NOT NULL AND state <> ''");
  CHECK(sessions->checks[0].not_null_columns == std::vector<std::string>{"state"});
  CHECK(sessions->checks[1].name == "sessions_check");
  CHECK(sessions->checks[1].expression == "NOT (\"userId\" IS NULL) AND (\"userOrg\" > 0)");
  CHECK(sessions->checks[1].not_null_columns == std::vector<std::string>{"userId"});
  CHECK(at(m, sessions->checks[1].site) == "docs/schema.md:21:3");

  const index_def& live = index_named(m, "sessions", "sessions_live_key");
  CHECK(live.unique);
  CHECK(live.columns == std::vector<std::string>{"(lower(state))", "userId"});
  CHECK(live.where == "state <> 'closed'");
  CHECK(at(m, live.site) == "docs/schema.md:23:1");
}

TEST_CASE("SQL blocks: ALTER TABLE changes are read in order, without conflicts between them",
          "[sql]") {
  temp_dir dir;
  dir.write("docs/schema.md",
            "# Schema\n"
            "\n"
            "```sql\n"
            "CREATE TABLE accounts (id text PRIMARY KEY, name text NOT NULL, plan text DEFAULT "
            "'free');\n"                                  // 4
            "CREATE TABLE orgs (id text);\n"              // 5
            "ALTER TABLE accounts\n"                      // 6
            "  ALTER COLUMN name DROP NOT NULL,\n"        // 7
            "  ALTER COLUMN plan SET DEFAULT 'trial',\n"  // 8
            "  ADD COLUMN \"orgId\" text NOT NULL,\n"     // 9
            "  ADD CONSTRAINT accounts_org_fkey FOREIGN KEY (\"orgId\") REFERENCES orgs (id) ON "
            "DELETE CASCADE;\n"                                                           // 10
            "ALTER TABLE orgs ADD PRIMARY KEY (id), ALTER COLUMN id TYPE varchar(40);\n"  // 11
            "ALTER TABLE accounts ALTER COLUMN plan DROP DEFAULT;\n"                      // 12
            "```\n");
  lint_result r = lint_docs(dir);
  const model& m = r.spec;
  for (const finding& f : r.findings) CHECK(f.rule != "schema/conflicting-declaration");

  const column* name = m.find_column("accounts", "name");
  REQUIRE(name);
  CHECK(!name->not_null());
  REQUIRE(name->decls.size() == 2);
  CHECK(at(m, name->decls[1].site) == "docs/schema.md:7:3");
  CHECK(name->decls[1].nullable == true);

  const column* plan = m.find_column("accounts", "plan");
  REQUIRE(plan);
  CHECK(plan->default_decl() == nullptr);  // set, then dropped

  const column* org = m.find_column("accounts", "orgId");
  REQUIRE(org);
  CHECK(org->not_null());
  CHECK(org->type() == "text");
  const foreign_key& fk = fk_of(m, "accounts", {"orgId"});
  CHECK(fk.delete_kind() == action_kind::cascade);
  CHECK(at(m, fk.site()) == "docs/schema.md:10:7");

  const table* orgs = m.find_table("orgs");
  REQUIRE(orgs);
  CHECK(orgs->primary_key() == std::vector<std::string>{"id"});
  CHECK(m.find_column("orgs", "id")->primary_key());
  CHECK(m.find_column("orgs", "id")->type() == "varchar(40)");
}

TEST_CASE("SQL blocks: a later block drops only what the file's SQL stated", "[sql]") {
  temp_dir dir;
  dir.write("docs/tags.md",
            "# Tags\n"
            "\n"
            "```sql\n"
            "CREATE TABLE tags (id int PRIMARY KEY, label text UNIQUE, slug text);\n"  // 4
            "```\n"
            "\n"
            "## `tags`\n"
            "\n"
            "| Column | Type | Nullable |\n"
            "|---|---|---|\n"
            "| `label` | `text` | yes |\n"  // 11
            "\n"
            "```sql\n"
            "ALTER TABLE tags DROP COLUMN label;\n"  // 14
            "ALTER TABLE tags RENAME COLUMN slug TO handle;\n"
            "```\n");
  // The column table's `label` stays, with its reader; the SQL's, and its unique key, go.
  std::ostringstream text;
  write_facts_text(read_facts(dir.path(), config{}), false, text);
  CHECK(text.str() ==
        "docs/tags.md:4:14: sql-block: table tags\n"
        "docs/tags.md:4:20: sql-block: column tags.id type=integer primary_key=yes\n"
        "docs/tags.md:4:27: sql-block: index tags name=tags_pkey columns=[id] unique=yes "
        "primary_key=yes\n"
        "docs/tags.md:4:59: sql-block: column tags.handle type=text nullable=yes\n"
        "docs/tags.md:7:1: table-heading: table tags\n"
        "docs/tags.md:11:4: column-table: column tags.label type=text nullable=yes\n"
        "6 facts from 3 readers in 1 of 1 file\n");
  lint_result r = lint_docs(dir);
  const column* label = r.spec.find_column("tags", "label");
  REQUIRE(label);
  REQUIRE(label->decls.size() == 1);
  CHECK(label->decls[0].source == fact_source::column_table);
  CHECK(r.spec.find_table("tags")->indexes.size() == 1);
}

TEST_CASE("SQL blocks: a table takes its columns from a parent another file defines", "[sql]") {
  temp_dir dir;
  dir.write("docs/events.md",
            "# Events\n"
            "\n"
            "```sql\n"
            "CREATE TABLE people (id int PRIMARY KEY);\n"
            "CREATE TABLE events (\n"
            "  id bigint, at date NOT NULL, person_id int REFERENCES people (id),\n"
            "  note text DEFAULT '', CHECK (note <> 'x'), PRIMARY KEY (id, at)\n"
            ") PARTITION BY RANGE (at);\n"
            "```\n");
  dir.write("docs/partitions.md",
            "# Partitions\n"
            "\n"
            "```sql\n"
            "CREATE TABLE events_2024 PARTITION OF events\n"  // 4
            "  FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');\n"
            "CREATE TABLE events_copy (LIKE events);\n"  // 6
            "```\n");
  lint_result r = lint_docs(dir);
  const model& m = r.spec;
  const table* part = m.find_table("events_2024");
  REQUIRE(part);
  std::vector<std::string> columns;
  for (const column& c : part->columns)
    columns.push_back(fmt::format(
        "{} {} {}{}", c.name, c.type(), c.not_null() ? "not null" : "null",
        c.default_decl() ? " default " + std::string(*c.default_decl()->default_value()) : ""));
  CHECK(columns == std::vector<std::string>{"id bigint not null", "at date not null",
                                            "person_id integer null", "note text null default ''"});
  CHECK(at(m, part->columns[0].site()) == "docs/partitions.md:4:39");
  REQUIRE(part->indexes.size() == 1);
  CHECK(part->indexes[0].name == "events_2024_pkey");
  CHECK(part->indexes[0].columns == std::vector<std::string>{"id", "at"});
  REQUIRE(part->checks.size() == 1);
  CHECK(part->checks[0].name == "events_note_check");
  const foreign_key& fk = fk_of(m, "events_2024", {"person_id"});
  CHECK(fk.decls.front().name == "events_person_id_fkey");
  CHECK(fk.parent_columns == std::vector<std::string>{"id"});
  // LIKE without INCLUDING: the columns and NOT NULL only.
  const table* copy = m.find_table("events_copy");
  REQUIRE(copy);
  CHECK(copy->columns.size() == 4);
  CHECK(copy->indexes.empty());
  CHECK(copy->checks.empty());
  CHECK(m.find_column("events_copy", "id")->not_null());
  CHECK(m.find_column("events_copy", "note")->default_decl() == nullptr);
  for (const foreign_key& k : m.foreign_keys()) CHECK(k.child_table != "events_copy");
}

TEST_CASE("SQL facts merge with column tables: a disagreement is a conflicting declaration",
          "[sql]") {
  temp_dir dir;
  dir.write("docs/sessions.md",
            "# Sessions\n"
            "\n"
            "## `sessions`\n"
            "\n"
            "| Column | Type | Nullable | Default | References | On Delete | Notes |\n"
            "|---|---|---|---|---|---|---|\n"
            "| `id` | `text` | no | | | | PK |\n"
            "| `accountId` | `text` | yes | | `accounts.id` | SET NULL | |\n"
            "| `title` | `text` | no | | | | |\n"
            "\n"
            "```sql\n"
            "CREATE TABLE sessions (\n"
            "  id text PRIMARY KEY,\n"
            "  \"accountId\" text NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,\n"
            "  title text\n"
            ");\n"
            "```\n");
  lint_result r = lint_docs(dir, 1, {"schema/conflicting-declaration"});
  std::ostringstream text;
  write_report("text", r, report_options{}, text);
  CHECK(text.str() ==
        "docs/sessions.md:14:3: error: `sessions.accountId` is declared NOT NULL here but nullable "
        "in sessions.md:8 "
        "[schema/conflicting-declaration]\n"
        "  docs/sessions.md:8:4: note: declared nullable here\n"
        "docs/sessions.md:14:54: error: `sessions.accountId` has ON DELETE CASCADE here but SET "
        "NULL in "
        "sessions.md:8 [schema/conflicting-declaration]\n"
        "  docs/sessions.md:8:50: note: ON DELETE SET NULL declared here\n"
        "docs/sessions.md:15:3: error: `sessions.title` is declared nullable here but NOT NULL in "
        "sessions.md:9 "
        "[schema/conflicting-declaration]\n"
        "  docs/sessions.md:9:4: note: declared NOT NULL here\n"
        "3 errors, 0 warnings, 0 notes in 1 file (1 table, 3 columns, 0 tasks)\n");
}

TEST_CASE("SQL blocks: identifiers fold like PostgreSQL's, and only SQL blocks are parsed",
          "[sql]") {
  temp_dir dir;
  dir.write("docs/schema.md",
            "# Schema\n\n"
            "```postgres\nCREATE TABLE \"Foo\" (Bar int, \"Baz\" int, \"qux\" int);\n```\n\n"
            "```SQL\nCREATE TABLE Upper (x int);\n```\n\n"
            "```sql {.numberLines}\nCREATE TABLE attrs (x int);\n```\n\n"
            "```text\nCREATE TABLE not_sql (x int);\n```\n\n"
            "    CREATE TABLE indented_code (x int);\n");
  dir.write(
      "tasks/t.md",
      "---\nid: t\nname: T\nstatus: pending\n---\n\n```sql\nCREATE TABLE in_task (x int);\n```\n");
  lint_result r = lint_docs(dir);
  const model& m = r.spec;
  REQUIRE(m.find_table("Foo"));
  CHECK(m.find_column("Foo", "bar"));
  CHECK(m.find_column("Foo", "Baz"));
  CHECK(m.find_column("Foo", "qux"));
  CHECK(m.find_table("upper"));
  CHECK(m.find_table("attrs"));
  CHECK(!m.find_table("not_sql"));
  CHECK(!m.find_table("indented_code"));
  CHECK(!m.find_table("in_task"));
}

TEST_CASE(
    "SQL blocks: errors point at the Markdown line and column, also with CRLF and front matter",
    "[sql]") {
  temp_dir dir;
  dir.write("docs/schema.md",
            "---\r\ntitle: Schema\r\n---\r\n# Schema\r\n\r\n"
            "   ```sql\r\n"
            "   CREATE TABLE a (id int);\r\n"
            "   CREATE TABLE b (id int,, x int);\r\n"
            "   CREATE TABLE c (id int);\r\n"
            "   ```\r\n");
  lint_result r = lint_docs(dir, 1, {"sql/syntax-error"});
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].line == 8);
  CHECK(r.findings[0].column == 27);
  CHECK(r.findings[0].message == "syntax error at or near \",\"");
  // The statements around the bad one still count.
  CHECK(r.spec.find_table("a"));
  CHECK(r.spec.find_table("c"));
  CHECK(!r.spec.find_table("b"));
}

TEST_CASE("SQL blocks parse the same on one thread and on many", "[sql]") {
  temp_dir dir;
  for (int i = 0; i < 48; ++i) {
    std::string n = std::to_string(i);
    dir.write("docs/f" + n + ".md",
              "# File " + n +
                  "\n\n```sql\n"
                  "CREATE TABLE t" +
                  n + " (id int PRIMARY KEY, \"parentId\" int REFERENCES t" +
                  std::to_string((i + 1) % 48) +
                  " (id) ON DELETE SET NULL, v text NOT NULL CHECK (v IS NOT NULL));\n"
                  "CREATE UNIQUE INDEX t" +
                  n + "_v_key ON t" + n +
                  " (v) WHERE v <> '';\n"
                  "CREATE TABLE broken" +
                  n +
                  " (id int,);\n"
                  "ALTER TABLE t" +
                  n + " ALTER COLUMN v DROP NOT NULL;\n```\n");
  }
  auto render = [&](unsigned jobs) {
    lint_result r = lint_docs(dir, jobs);
    std::ostringstream out;
    write_report("text", r, report_options{}, out);
    return out.str();
  };
  std::string one = render(1);
  CHECK(one.find("48 errors") != std::string::npos);  // one syntax error per file
  for (int round = 0; round < 5; ++round) CHECK(render(8) == one);
}

TEST_CASE("SQL dialects: a MySQL block labelled sql is read for its tables, keys and indexes",
          "[sql][dialect]") {
  temp_dir dir;
  dir.write("docs/schema.md",
            "# Schema\n\n"
            "```sql\n"
            "CREATE TABLE `accounts` (\n"                                      // line 4
            "  `id` int(11) unsigned NOT NULL AUTO_INCREMENT,\n"               // 5
            "  `email` varchar(191) NOT NULL COMMENT 'the owner\\'s',\n"       // 6
            "  PRIMARY KEY (`id`),\n"                                          // 7
            "  UNIQUE KEY `accounts_email_uk` (`email`)\n"                     // 8
            ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n"                       // 9
            "CREATE TABLE `sessions` (\n"                                      // 10
            "  `id` bigint(20) NOT NULL,\n"                                    // 11
            "  `account_id` int(11) NOT NULL, # the owner's account\n"         // 12
            "  PRIMARY KEY (`id`),\n"                                          // 13
            "  CONSTRAINT `sessions_account_fk` FOREIGN KEY (`account_id`)\n"  // 14
            "    REFERENCES `accounts` (`id`) ON DELETE SET NULL\n"            // 15
            ") ENGINE=InnoDB;\n"
            "```\n");
  lint_result r = lint_docs(dir);
  const model& m = r.spec;
  REQUIRE(m.find_table("accounts"));
  CHECK(sql_decl(m, "accounts", "id").type() == "integer");
  CHECK(at(m, sql_decl(m, "accounts", "email").site) == "docs/schema.md:6:3");
  CHECK(index_named(m, "accounts", "accounts_email_uk").unique);
  const foreign_key& fk = fk_of(m, "sessions", {"account_id"});
  CHECK(fk.decls.front().dialect == sql_dialect::mysql);
  CHECK(fk.decls.front().name == "sessions_account_fk");
  // InnoDB indexes a key's columns itself, under the constraint's name.
  CHECK(at(m, index_named(m, "sessions", "sessions_account_fk").site) == "docs/schema.md:14:36");
  std::vector<std::string> got;
  for (const finding& f : r.findings)
    got.push_back(fmt::format("{}:{}: {} {}", f.line, f.column, f.rule, f.message));
  CHECK(got ==
        std::vector<std::string>{
            "12:3: schema/not-null-set-null `sessions.account_id` is NOT NULL (schema.md:12) "
            "but schema.md:15 sets ON DELETE SET NULL",
        });
}

TEST_CASE("SQL dialects: the info word, then sql_dialect, then the content decide",
          "[sql][dialect]") {
  const std::string mysql = "CREATE TABLE `t` (`id` int(11) NOT NULL, PRIMARY KEY (`id`));\n";
  for (auto [info, configured, tables] : {
           std::tuple{"sql", sql_dialect::auto_detect, 1},
           std::tuple{"mysql", sql_dialect::auto_detect, 1},
           std::tuple{"sql", sql_dialect::postgres, 0},
           std::tuple{"mysql", sql_dialect::postgres, 1},
           std::tuple{"sql", sql_dialect::mysql, 1},
       }) {
    INFO(info << " / " << static_cast<int>(configured));
    temp_dir dir;
    dir.write("docs/t.md", std::string("# T\n\n```") + info + "\n" + mysql + "```\n");
    lint_options opts;
    opts.root = dir.path();
    opts.jobs = 1;
    opts.cfg.reading.dialect = configured;
    lint_result r = lint(opts);
    CHECK(r.summary.tables == static_cast<std::size_t>(tables));
    std::size_t syntax = 0;
    for (const finding& f : r.findings) syntax += f.rule == "sql/syntax-error";
    CHECK(syntax == (tables ? 0u : 1u));
  }
}

TEST_CASE("SQL dialects: SQLite's spellings, names in quotes and in brackets", "[sql][dialect]") {
  temp_dir dir;
  dir.write("docs/notes.md",
            "# Notes\n\n"
            "```sqlite\n"
            "PRAGMA foreign_keys = ON;\n"
            "CREATE TABLE 'note-books' (id INTEGER PRIMARY KEY AUTOINCREMENT, [Title] TEXT);\n"
            "CREATE TABLE Notes (\n"
            "  id INTEGER PRIMARY KEY,\n"
            "  book_id TEXT REFERENCES 'note-books'(id) ON DELETE CASCADE MATCH NONE\n"
            ") WITHOUT ROWID;\n"
            "CREATE INDEX notes_book ON Notes (book_id);\n"
            "```\n");
  lint_result r = lint_docs(dir);
  const model& m = r.spec;
  REQUIRE(m.find_table("note-books"));
  CHECK(m.find_column("note-books", "Title"));
  REQUIRE(m.find_table("Notes"));  // SQLite keeps a name's case, as a quoted name does
  std::vector<std::string> got;
  for (const finding& f : r.findings)
    got.push_back(fmt::format("{}:{}: {} {}", f.line, f.column, f.rule, f.message));
  CHECK(got == std::vector<std::string>{
                   "8:3: schema/fk-type-mismatch `Notes.book_id` is `text` but references "
                   "`note-books.id`, which is `integer`: PostgreSQL rejects the key (42804); "
                   "SQLite does not compare the types",
               });
}

TEST_CASE("SQL dialects: a constraint table after a MySQL block is MySQL, its actions unstated",
          "[sql][dialect]") {
  temp_dir dir;
  dir.write("docs/users.md",
            "# Table: posts\n\n"
            "## Constraints\n\n"
            "| Name | Type | Definition |\n"
            "|---|---|---|\n"
            "| posts_user_fk | FOREIGN KEY | FOREIGN KEY (user_id) REFERENCES users (id) |\n"
            "| title_uk | UNIQUE | UNIQUE KEY title_uk (title) |\n\n"
            "```sql\n"
            "CREATE TABLE `users` (`id` int NOT NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB;\n"
            "CREATE TABLE `posts` (\n"
            "  `id` int NOT NULL, `user_id` int NOT NULL, `title` varchar(20),\n"
            "  PRIMARY KEY (`id`), UNIQUE KEY `title_uk` (`title`),\n"
            "  CONSTRAINT `posts_user_fk` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`)\n"
            "    ON DELETE CASCADE\n"
            ") ENGINE=InnoDB;\n"
            "```\n");
  lint_result r = lint_docs(dir);
  CHECK(r.findings.empty());
  for (const finding& f : r.findings) INFO(f.rule << " " << f.message);
  CHECK(fk_of(r.spec, "posts", {"user_id"}).delete_kind() == action_kind::cascade);
}

TEST_CASE("SQL dialects: a MySQL key to indexed columns says PostgreSQL alone refuses it",
          "[sql][dialect]") {
  temp_dir dir;
  dir.write("docs/t.md",
            "# T\n\n```mysql\n"
            "CREATE TABLE a (id int NOT NULL, code int NOT NULL, PRIMARY KEY (id), KEY (code));\n"
            "CREATE TABLE b (id int NOT NULL PRIMARY KEY, a_code int,\n"
            "  FOREIGN KEY (a_code) REFERENCES a (code));\n"
            "```\n");
  lint_result r = lint_docs(dir, 1, {"schema/fk-target-not-unique"});
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].message ==
        "`b.a_code -> a.code` references `a.code`, which is neither the primary key nor UNIQUE; "
        "MySQL accepts it when the columns are indexed, PostgreSQL rejects it (42830)");
}

TEST_CASE("SQL dialects: what PostgreSQL's scanner cannot read is one error, not a cascade",
          "[sql][dialect]") {
  temp_dir dir;
  dir.write("docs/t.md",
            "# T\n\n```mysql\n"
            "CREATE TABLE a (id int NOT NULL PRIMARY KEY, note text DEFAULT 'open);\n"
            "CREATE TABLE b (id int);\n"
            "```\n");
  lint_result r = lint_docs(dir, 1, {"sql/syntax-error"});
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].line == 4);
  CHECK(r.findings[0].message.starts_with("unterminated quoted string"));
}

TEST_CASE("delta specs: what they leave out is no finding, what they state still is", "[delta]") {
  temp_dir dir;
  dir.write("docs/schema.md",
            "# Schema\n\n```sql\n"
            "CREATE TABLE accounts (id uuid PRIMARY KEY);\n"
            "```\n");
  // By the configured glob: a change to a table no other doc describes.
  dir.write("docs/changes/archive.md",
            "# Archiving\n\n```sql\n"
            "ALTER TABLE sessions ADD COLUMN archived_by uuid NOT NULL\n"
            "  REFERENCES accounts (id) ON DELETE SET NULL;\n"
            "ALTER TABLE sessions ADD COLUMN project_id uuid REFERENCES projects (id);\n"
            "```\n");
  lint_options opts;
  opts.root = dir.path();
  opts.jobs = 1;
  std::vector<std::string> got;
  auto run = [&] {
    got.clear();
    for (const finding& f : lint(opts).findings)
      got.push_back(fmt::format("{}:{} {}", f.file, f.line, f.rule));
  };
  run();
  CHECK(got == std::vector<std::string>{
                   "docs/changes/archive.md:4 schema/missing-primary-key",
                   "docs/changes/archive.md:4 schema/not-null-set-null",
                   "docs/changes/archive.md:5 schema/fk-missing-index",
                   "docs/changes/archive.md:6 schema/fk-missing-index",
                   "docs/changes/archive.md:6 schema/unknown-table",
               });
  opts.cfg.reading.delta = {"docs/changes/**"};
  run();
  CHECK(got == std::vector<std::string>{"docs/changes/archive.md:4 schema/not-null-set-null"});
}

namespace {

// Each finding as `line:column rule: message`.
std::vector<std::string> said(const lint_result& r) {
  std::vector<std::string> out;
  for (const finding& f : r.findings)
    out.push_back(fmt::format("{}:{} {}: {}", f.line, f.column, f.rule, f.message));
  return out;
}

const std::vector<std::string> not_sql_rules{"sql/psql-meta-command", "sql/syntax-error"};

std::string meta_note(std::string_view command) {
  return fmt::format(
      "sql/psql-meta-command: `{}` is a psql meta-command, not SQL: speclint skips it as psql "
      "does",
      command);
}

}  // namespace

TEST_CASE("SQL blocks: psql meta-commands are skipped to the end of their lines, each a note",
          "[sql]") {
  temp_dir dir;
  dir.write("docs/schema.md",
            "# Schema\n\n```sql\n"
            "\\set VERBOSITY terse\n"                                  // 4
            "\\connect app\n"                                          // 5
            "\\d a\n"                                                  // 6
            "CREATE TABLE a (id int PRIMARY KEY);\n"                   // 7
            "   \\i more.sql;\n"                                       // 8
            "CREATE TABLE b (\n"                                       // 9
            "\\echo psql runs this and keeps the statement's lines\n"  // 10
            "  id int PRIMARY KEY, note text DEFAULT E'a\n"            // 11
            "\\not a command: inside a string'\n"                      // 12
            ");\n"                                                     // 13
            "COMMENT ON TABLE b IS $$\n\\d b\n$$; /* and\n\\x */\n"    // 14-17
            "CREATE TABLE c (id int PRIMARY KEY) \\gset\n"             // 18
            "CREATE TABLE d (id int PRIMARY KEY);\n"                   // 19
            "```\n");
  lint_result r = lint_docs(dir, 1, not_sql_rules);
  CHECK(said(r) == std::vector<std::string>{
                       "4:1 " + meta_note("\\set VERBOSITY terse"),
                       "5:1 " + meta_note("\\connect app"),
                       "6:1 " + meta_note("\\d a"),
                       "8:4 " + meta_note("\\i more.sql;"),
                       "10:1 " + meta_note("\\echo psql runs this and keeps the statement's lines"),
                       "18:37 sql/syntax-error: syntax error at or near \"\\\"",
                   });
  REQUIRE(r.spec.find_table("a"));
  REQUIRE(r.spec.find_table("b"));
  CHECK(sql_decl(r.spec, "b", "note").default_value() == "E'a \\not a command: inside a string'");
  CHECK(!r.spec.find_table("c"));
  CHECK(r.spec.find_table("d"));
}

TEST_CASE("SQL blocks: a long meta-command is shown by its start; MySQL blocks have none",
          "[sql]") {
  temp_dir dir;
  dir.write("docs/schema.md", "# Schema\n\n```sql\n\\echo " + std::string(100, 'x') +
                                  "\nCREATE TABLE a (id int PRIMARY KEY);\n```\n");
  lint_result r = lint_docs(dir, 1, not_sql_rules);
  CHECK(said(r) ==
        std::vector<std::string>{"4:1 " + meta_note("\\echo " + std::string(54, 'x') + "…")});
  CHECK(r.spec.find_table("a"));
}

TEST_CASE("SQL blocks: text between statements that is not a statement is one error at its line",
          "[sql]") {
  temp_dir dir;
  dir.write("docs/schema.md",
            "# Schema\n\n```sql\n"
            "SELEC 2;\n"                                   // 4
            "CREATE TABLE a (id int PRIMARY KEY);\n"       // 5
            "stray\n"                                      // 6
            "CREATE TABLE b (id int PRIMARY KEY);\n"       // 7
            "and a sentence; with a semicolon\n"           // 8
            "CREATE TABLE c (id int PRIMARY KEY)\n"        // 9
            "CREATE TABLE d (id int PRIMARY KEY);\n"       // 10
            "CREATE TABLE e (id int NOT NUL); SELEC 3;\n"  // 11
            "CREATE TABLE f (id int PRIMARY KEY);\n"       // 12
            "```\n");
  lint_result r = lint_docs(dir, 1, not_sql_rules);
  CHECK(said(r) == std::vector<std::string>{
                       "4:1 sql/syntax-error: syntax error at or near \"SELEC\"",
                       "6:1 sql/syntax-error: syntax error at or near \"stray\"",
                       "8:1 sql/syntax-error: syntax error at or near \"and\"",
                       "10:1 sql/syntax-error: syntax error at or near \"CREATE\"",
                       "11:28 sql/syntax-error: syntax error at or near \"NUL\"",
                   });
  for (const char* t : {"a", "b", "c", "d", "f"}) CHECK(r.spec.find_table(t));
  CHECK(!r.spec.find_table("e"));
}

TEST_CASE("SQL blocks: one broken statement is one error, and reading resumes after it", "[sql]") {
  temp_dir dir;
  dir.write("docs/schema.md",
            "# Schema\n\n```sql\n"
            "CREATE FUNCTION g() RETURNS int LANGUAGE sql AS $$\n"           // 4
            "INSERT INTO a VALUES (1);\nSELECT 1;\n$$;\n"                    // 5-7
            "CREATE FUNCTION h() RETURNS int LANGUAGE sql\n"                 // 8
            "BEGIN ATOMIC\n  SELECT 1;\nEND;\n"                              // 9-11
            "CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $\n"    // 12
            "BEGIN\n  NEW.x := now();\n  RETURN NEW;\nEND\n$$;\n"            // 13-17
            "CREATE TABLE a (id int PRIMARY KEY);\n"                         // 18
            "CREATE TABLE b (id int PRIMARY KEY, note text DEFAULT $t$);\n"  // 19
            "CREATE TABLE c (id int PRIMARY KEY);\n"                         // 20
            "COMMENT ON TABLE c IS 'never closed;\n"                         // 21
            "  CREATE TABLE inside_the_string (id int);\n"                   // 22
            "```\n");
  lint_result r = lint_docs(dir, 1, not_sql_rules);
  // The function bodies' statements, and `;` inside BEGIN ATOMIC, end no statement.
  CHECK(said(r) ==
        std::vector<std::string>{
            "12:57 sql/syntax-error: syntax error at or near \"$\"",
            "19:55 sql/syntax-error: unterminated dollar-quoted string at or near \"$t$);\n\"",
            "21:23 sql/syntax-error: unterminated quoted string at or near \"'never closed;\n  "
            "CREATE TABLE inside_the…\"",
        });
  for (const char* t : {"a", "c"}) CHECK(r.spec.find_table(t));
  CHECK(!r.spec.find_table("b"));
  CHECK(!r.spec.find_table("inside_the_string"));
}

TEST_CASE("SQL blocks: statements apply in order across files, in path order", "[sql]") {
  temp_dir dir;
  dir.write("docs/1-create.md",
            "# Create\n"
            "\n"
            "```sql\n"
            "CREATE TABLE orgs (id int PRIMARY KEY, slug text NOT NULL, legacy text);\n"  // 4
            "CREATE TABLE users (id int PRIMARY KEY, org int NOT NULL REFERENCES orgs (id),\n"
            "  nick text CHECK (nick <> ''), email text NOT NULL);\n"  // 6
            "CREATE INDEX users_nick_idx ON users (nick);\n"           // 7
            "CREATE UNIQUE INDEX orgs_legacy_key ON orgs (legacy) WHERE legacy IS NOT NULL;\n"
            "CREATE TABLE scratch (id int);\n"  // 9
            "```\n");
  dir.write(
      "docs/2-change.md",
      "# Change\n"
      "\n"
      "```sql\n"
      "ALTER TABLE users DROP CONSTRAINT users_org_fkey;\n"  // 4
      "ALTER TABLE users ADD CONSTRAINT users_org_fkey FOREIGN KEY (org) REFERENCES orgs (id)\n"
      "  ON DELETE CASCADE;\n"                                 // 6
      "ALTER TABLE users ALTER COLUMN email DROP NOT NULL;\n"  // 7
      "ALTER TABLE users RENAME COLUMN nick TO handle;\n"      // 8
      "ALTER TABLE orgs DROP COLUMN legacy;\n"                 // 9
      "ALTER TABLE orgs RENAME TO organizations;\n"            // 10
      "DROP TABLE scratch;\n"                                  // 11
      "```\n");
  lint_result r = lint_docs(dir);
  const model& m = r.spec;
  // Each change is a change, not a contradiction of the earlier file.
  for (const finding& f : r.findings) CHECK(f.rule != "schema/conflicting-declaration");

  CHECK(m.find_table("scratch") == nullptr);
  CHECK(m.find_table("orgs") == nullptr);
  const table* orgs = m.find_table("organizations");
  REQUIRE(orgs);
  CHECK(orgs->find_column("legacy") == nullptr);
  REQUIRE(orgs->indexes.size() == 1);  // the partial unique index went with its column
  CHECK(orgs->indexes[0].name == "orgs_pkey");

  const table* users = m.find_table("users");
  REQUIRE(users);
  CHECK(users->find_column("nick") == nullptr);
  const column* handle = users->find_column("handle");
  REQUIRE(handle);
  CHECK(handle->type() == "text");
  CHECK(at(m, handle->site()) == "docs/1-create.md:6:3");
  REQUIRE(users->checks.size() == 1);
  CHECK(users->checks[0].expression == "handle <> ''");
  const auto ix = std::find_if(users->indexes.begin(), users->indexes.end(),
                               [](const index_def& i) { return i.name == "users_nick_idx"; });
  REQUIRE(ix != users->indexes.end());
  CHECK(ix->columns == std::vector<std::string>{"handle"});
  CHECK(!users->find_column("email")->not_null());

  // One key on users.org: the recreated one, referencing the renamed table.
  REQUIRE(m.find_fks("users", {"org"}).size() == 1);
  const foreign_key& fk = fk_of(m, "users", {"org"});
  CHECK(fk.decls.size() == 1);
  CHECK(fk.parent_table == "organizations");
  CHECK(fk.delete_kind() == action_kind::cascade);
  CHECK(at(m, fk.site()) == "docs/2-change.md:5:23");
}

TEST_CASE("SQL blocks: a later file's changes leave other notations' facts alone", "[sql]") {
  temp_dir dir;
  dir.write("docs/a.md",
            "# A\n"
            "\n"
            "## `tags`\n"
            "\n"
            "| Column | Type | Nullable |\n"
            "|---|---|---|\n"
            "| `id` | `int` | no |\n"
            "| `label` | `text` | no |\n"  // 8
            "\n"
            "```sql\n"
            "ALTER TABLE tags ADD COLUMN slug text NOT NULL;\n"  // 11
            "```\n");
  dir.write("docs/b.md",
            "# B\n"
            "\n"
            "```sql\n"
            "ALTER TABLE tags DROP COLUMN label;\n"
            "ALTER TABLE tags ALTER COLUMN slug DROP NOT NULL;\n"
            "```\n");
  lint_result r = lint_docs(dir);
  const column* label = r.spec.find_column("tags", "label");
  REQUIRE(label);  // the column table's row is the design, not a statement of the script
  REQUIRE(label->decls.size() == 1);
  CHECK(label->decls[0].source == fact_source::column_table);
  const column* slug = r.spec.find_column("tags", "slug");
  REQUIRE(slug);
  CHECK(!slug->not_null());
}

TEST_CASE("SQL files: a .sql file is one script, its facts at the file's own lines", "[sql]") {
  temp_dir dir;
  dir.write("db/0001_init.sql",
            "-- accounts and their sessions\n"
            "CREATE TABLE accounts (\n"                            // 2
            "  id bigint PRIMARY KEY,\n"                           // 3
            "  email text NOT NULL\n"                              // 4
            ");\n"                                                 // 5
            "CREATE TABLE sessions (id bigint PRIMARY KEY);\n"     // 6
            "ALTER TABLE sessions ADD COLUMN account_id bigint\n"  // 7
            "  REFERENCES accounts (id) ON DELETE CASCADE;\n"      // 8
            "ALTER TABLE accounts ALTER COLUMN email DROP NOT NULL;\n"
            "CREATE TABLE broken (id int\n");  // 10
  lint_options opts;
  opts.root = dir.path();
  opts.jobs = 1;
  opts.files = {{"db/0001_init.sql", file_role::doc}};
  lint_result r = lint(opts);
  const model& m = r.spec;
  REQUIRE(m.find_table("accounts"));
  CHECK(at(m, m.find_table("accounts")->site) == "db/0001_init.sql:2:14");
  const column* email = m.find_column("accounts", "email");
  REQUIRE(email);
  CHECK(at(m, email->site()) == "db/0001_init.sql:4:3");
  CHECK(!email->not_null());  // the later statement of the script applies
  const foreign_key& fk = fk_of(m, "sessions", {"account_id"});
  CHECK(fk.delete_kind() == action_kind::cascade);
  CHECK(at(m, fk.site()) == "db/0001_init.sql:8:3");
  std::vector<std::string> errors;
  for (const finding& f : r.findings)
    if (f.rule == "sql/syntax-error") errors.push_back(f.file + ":" + std::to_string(f.line));
  CHECK(errors == std::vector<std::string>{"db/0001_init.sql:11"});
}

TEST_CASE("SQL files: discovery finds Markdown only", "[sql]") {
  temp_dir dir;
  dir.write("docs/a.md", "# A\n");
  dir.write("docs/0001_init.sql", "CREATE TABLE t (id int PRIMARY KEY);\n");
  std::vector<input_file> files = discover(dir.path(), config{});
  REQUIRE(files.size() == 1);
  CHECK(files[0].path == "docs/a.md");
}

TEST_CASE("SQL files: memory files ending in .sql are SQL scripts", "[sql]") {
  model m = load_memory({{"database:public.t.sql", file_role::doc,
                          "CREATE TABLE public.t (\n  id int PRIMARY KEY,\n  v text\n);\n"}},
                        config{});
  const table* t = m.find_table("t");
  if (!t) t = m.find_table("public.t");
  REQUIRE(t);
  CHECK(t->columns.size() == 2);
  CHECK(m.where(t->columns[1].site()) == "database:public.t.sql:3");
}

TEST_CASE("SQL blocks: predicates compare as parsed, constants and names included", "[sql]") {
  temp_dir dir;
  dir.write("docs/keys.md",
            "# Keys\n\n```sql\n"
            "CREATE TABLE keys (id text PRIMARY KEY, org text, status text, \"deletedAt\" date);\n"
            "CREATE INDEX a_idx ON keys (org) WHERE \"deletedAt\" IS NULL;\n"
            "CREATE INDEX b_idx ON keys (org) WHERE (\"deletedAt\" is   null);\n"
            "CREATE INDEX c_idx ON keys (org) WHERE deletedAt IS NULL;\n"
            "CREATE INDEX d_idx ON keys (org) WHERE status = 'a';\n"
            "CREATE INDEX e_idx ON keys (org) WHERE status = 'b';\n"
            "CREATE INDEX f_idx ON keys (org);\n"
            "```\n\n## `keys`\n\n"
            "| Index | Columns | Where |\n|---|---|---|\n"
            "| `g_idx` | `org` | `(\"deletedAt\" IS NULL)` |\n"
            "| `h_idx` | `org` | `status = 'a') OR (true` |\n");
  lint_result r = lint_docs(dir);
  const table* t = r.spec.find_table("keys");
  REQUIRE(t);
  std::map<std::string, std::string> keys;
  for (const index_def& ix : t->indexes) keys[ix.name] = ix.where_key;
  CHECK(!keys["a_idx"].empty());
  CHECK(keys["a_idx"] == keys["b_idx"]);
  CHECK(keys["a_idx"] == keys["g_idx"]);
  CHECK(keys["a_idx"] != keys["c_idx"]);  // an unquoted name is folded to lower case
  CHECK(!keys["d_idx"].empty());
  CHECK(keys["d_idx"] != keys["e_idx"]);
  CHECK(keys["f_idx"].empty());
  CHECK(keys["h_idx"].empty());  // not one predicate
}

TEST_CASE("SQL blocks: a CHECK lists values only when it admits nothing else", "[sql]") {
  temp_dir dir;
  dir.write("docs/m.md",
            "# M\n\n```sql\n"
            "CREATE TABLE m (id text PRIMARY KEY, a text, b text, c int,\n"
            "  CONSTRAINT m_a CHECK (a IN ('x', 'y')),\n"
            "  CONSTRAINT m_not CHECK (a NOT IN ('z')),\n"
            "  CONSTRAINT m_two CHECK (a = 'x' OR b = 'y'),\n"
            "  CONSTRAINT m_and CHECK (a IN ('x') AND b IN ('y')),\n"
            "  CONSTRAINT m_c CHECK (c IS NULL OR c = ANY (ARRAY[1, 2])),\n"
            "  CONSTRAINT m_lt CHECK (c < 3)\n"
            ");\n```\n");
  lint_result r = lint_docs(dir);
  const table* t = r.spec.find_table("m");
  REQUIRE(t);
  std::map<std::string, std::pair<std::string, std::vector<std::string>>> listed;
  for (const check_def& k : t->checks) listed[k.name] = {k.values_column, k.values};
  using listing = std::pair<std::string, std::vector<std::string>>;
  CHECK(listed["m_a"] == listing{"a", {"x", "y"}});
  CHECK(listed["m_not"] == listing{});
  CHECK(listed["m_two"] == listing{});
  CHECK(listed["m_and"] == listing{});
  CHECK(listed["m_c"] == listing{"c", {"1", "2"}});
  CHECK(listed["m_lt"] == listing{});
}

TEST_CASE("SQL blocks: a column of a NOT NULL domain another file created is NOT NULL", "[sql]") {
  temp_dir dir;
  dir.write("docs/1-types.md",
            "# Types\n\n```sql\nCREATE DOMAIN email AS text NOT NULL;\n"
            "CREATE DOMAIN work_email AS email;\nCREATE DOMAIN note AS text;\n```\n");
  dir.write("docs/2-people.md",
            "# People\n\n```sql\n"
            "CREATE TABLE people (id int PRIMARY KEY, mail email, office work_email, memo note);\n"
            "```\n");
  lint_result r = lint_docs(dir);
  CHECK(r.spec.find_column("people", "mail")->not_null());
  CHECK(r.spec.find_column("people", "office")->not_null());
  CHECK(!r.spec.find_column("people", "memo")->not_null());
}
