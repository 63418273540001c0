// `speclint export`: golden output per format, DDL order and quoting, and DDL that a real
// PostgreSQL loads into an empty database.

#include <catch2/catch.hpp>

#include <libpq-fe.h>

#include <memory>

#include "pg_server.hpp"
#include "speclint/export.hpp"
#include "speclint/lint.hpp"
#include "support.hpp"

using namespace speclint;
using namespace speclint::test;

namespace {

fs::path spec_dir() {
  return source_dir() / "tests" / "export" / "spec";
}

model load(const fs::path& root) {
  lint_options opts;
  opts.root = root;
  opts.jobs = 1;
  return lint(opts).spec;
}

std::vector<std::string> sql_of(const std::vector<ddl_statement>& st) {
  std::vector<std::string> out;
  for (const auto& s : st) out.push_back(s.sql);
  return out;
}

}  // namespace

TEST_CASE("export writes each format exactly as its golden file", "[export]") {
  for (const char* format : {"sql", "json", "dbml", "mermaid", "dot"}) {
    INFO(format);
    run_result r = run_speclint({"export", "--format", format}, spec_dir());
    INFO(r.err);
    CHECK(r.status == 0);
    CHECK(r.err.empty());
    std::string diff =
        golden_diff(source_dir() / "tests" / "export" / (std::string("spec.") + format), r.out);
    INFO(diff);
    CHECK(diff.empty());
  }
}

TEST_CASE("the foreign keys of a finding: by its entity, its line and its related lines",
          "[export]") {
  model m = load(spec_dir());
  auto index_of = [&](std::string_view table, std::vector<std::string> columns) {
    const foreign_key* fk = m.find_fk(table, columns);
    REQUIRE(fk != nullptr);
    return static_cast<std::size_t>(fk - m.foreign_keys().data());
  };
  const std::size_t sessions = index_of("sessions", {"accountId"});
  const std::size_t owner = index_of("auth.orgs", {"ownerId"});
  const std::size_t member_org = index_of("orgMembers", {"orgId"});
  const std::size_t member_account = index_of("orgMembers", {"accountId"});
  const fk_finder finder(m);

  finding by_entity;
  by_entity.entity = "sessions.accountId";
  CHECK(finder.of(by_entity) == std::vector<std::size_t>{sessions});

  finding by_line;  // the line of `"ownerId" text REFERENCES …` in the SQL block
  by_line.file = "docs/orgs.md";
  by_line.line = m.foreign_keys()[owner].site().line;
  CHECK(finder.of(by_line) == std::vector<std::size_t>{owner});

  finding related;  // a line of its own with no key, and two related lines with one each
  related.file = "docs/accounts.md";
  related.line = 1;
  related.related.push_back({"docs/orgs.md", m.foreign_keys()[member_account].site().line, 1, "x"});
  related.related.push_back({"docs/orgs.md", m.foreign_keys()[member_org].site().line, 1, "y"});
  related.entity = "orgMembers.orgId";  // found twice, listed once
  std::vector<std::size_t> both{member_org, member_account};
  std::sort(both.begin(), both.end());
  CHECK(finder.of(related) == both);

  finding none;
  none.file = "docs/missing.md";
  none.line = 3;
  none.entity = "sessions";
  CHECK(finder.of(none).empty());
}

TEST_CASE("export writes to a file with -o, and refuses files and an unknown format", "[export]") {
  temp_dir out;
  run_result r = run_speclint(
      {"export", "--format", "mermaid", "-o", (out.path() / "schema.mmd").string()}, spec_dir());
  CHECK(r.status == 0);
  CHECK(r.out.empty());
  CHECK(read_file(out.path() / "schema.mmd").starts_with("erDiagram\n"));
  r = run_speclint({"export", "docs/orgs.md"}, spec_dir());
  CHECK(r.status == 2);
  CHECK(r.err ==
        "speclint: `speclint export` works on the whole spec: give a directory, not files\n");
  r = run_speclint({"export", "--format", "yaml"}, spec_dir());
  CHECK(r.status == 2);
  CHECK(r.err ==
        "speclint: unknown export format `yaml` (one of: sql, json, dbml, mermaid, dot)\n");
}

TEST_CASE("DDL: parents before children, keys last, names quoted exactly as the model has them",
          "[export]") {
  temp_dir dir;
  dir.write("docs/s.md",
            "# S\n\n```sql\n"
            "CREATE TABLE child (id int PRIMARY KEY, \"parentId\" int REFERENCES \"Parent\" (id) "
            "ON DELETE CASCADE);\n"
            "CREATE TABLE \"Parent\" (id int PRIMARY KEY, \"we\"\"ird\" text, \"selfId\" int "
            "REFERENCES \"Parent\");\n"
            "CREATE TABLE auth.users (id int PRIMARY KEY, \"childId\" int REFERENCES child);\n"
            "```\n");
  model m = load(dir.path());
  CHECK(sql_of(ddl_of(m)) ==
        std::vector<std::string>{
            "CREATE SCHEMA IF NOT EXISTS \"auth\";",
            "CREATE TABLE \"Parent\" (\n  \"id\" integer,\n  \"we\"\"ird\" text,\n  \"selfId\" "
            "integer,\n"
            "  CONSTRAINT \"Parent_pkey\" PRIMARY KEY (\"id\")\n);",
            "CREATE TABLE \"child\" (\n  \"id\" integer,\n  \"parentId\" integer,\n"
            "  CONSTRAINT \"child_pkey\" PRIMARY KEY (\"id\")\n);",
            "CREATE TABLE \"auth\".\"users\" (\n  \"id\" integer,\n  \"childId\" integer,\n"
            "  CONSTRAINT \"users_pkey\" PRIMARY KEY (\"id\")\n);",
            "ALTER TABLE \"child\" ADD CONSTRAINT \"child_parentId_fkey\" FOREIGN KEY "
            "(\"parentId\") REFERENCES "
            "\"Parent\" (\"id\") ON DELETE CASCADE;",
            "ALTER TABLE \"Parent\" ADD CONSTRAINT \"Parent_selfId_fkey\" FOREIGN KEY (\"selfId\") "
            "REFERENCES "
            "\"Parent\" (\"id\");",
            "ALTER TABLE \"auth\".\"users\" ADD CONSTRAINT \"users_childId_fkey\" FOREIGN KEY "
            "(\"childId\") REFERENCES "
            "\"child\" (\"id\");",
        });
  // verify keeps every table in its scratch schema: a qualified name becomes one identifier.
  auto flat = ddl_of(m, ddl_options{true});
  CHECK(flat.front().sql.starts_with("CREATE TABLE \"Parent\""));
  CHECK(flat[2].sql.starts_with("CREATE TABLE \"auth.users\" ("));
  CHECK(flat.back().sql.starts_with("ALTER TABLE \"auth.users\" ADD CONSTRAINT"));
  CHECK(flat.back().what == ddl_statement::kind::foreign_key);
  CHECK(flat.back().fk == 2);
}

TEST_CASE("DDL: enum types and domains before the tables whose columns name them", "[export]") {
  temp_dir dir;
  dir.write("docs/s.md",
            "# S\n\n```sql\n"
            "CREATE DOMAIN work_email AS email CHECK (VALUE <> '');\n"
            "CREATE TABLE people (id int PRIMARY KEY, m mood, e work_email);\n"
            "```\n");
  dir.write("docs/t.md",
            "# T\n\n```sql\n"
            "CREATE TYPE mood AS ENUM ('ok', 'it''s sad');\n"
            "CREATE DOMAIN email AS text NOT NULL;\n"
            "```\n");
  model m = load(dir.path());
  std::vector<std::string> sql = sql_of(ddl_of(m));
  REQUIRE(sql.size() == 4);
  CHECK(sql[0] == "CREATE TYPE \"mood\" AS ENUM ('ok', 'it''s sad');");
  CHECK(sql[1] == "CREATE DOMAIN \"email\" AS text NOT NULL;");
  CHECK(sql[2] == "CREATE DOMAIN \"work_email\" AS email;");
  CHECK(sql[3].starts_with("CREATE TABLE \"people\" ("));
}

TEST_CASE("the exported DDL loads into an empty database", "[export][postgres]") {
  SPECLINT_REQUIRE_POSTGRES(server);
  for (const fs::path& root : {spec_dir(), source_dir()}) {
    INFO(root);
    std::unique_ptr<PGconn, decltype(&PQfinish)> admin(PQconnectdb(server->conninfo().c_str()),
                                                       &PQfinish);
    REQUIRE(PQstatus(admin.get()) == CONNECTION_OK);
    PQsetNoticeProcessor(
        admin.get(), [](void*, const char*) {}, nullptr);
    PQclear(PQexec(admin.get(), "DROP DATABASE IF EXISTS speclint_export"));
    PGresult* made = PQexec(admin.get(), "CREATE DATABASE speclint_export");
    REQUIRE(PQresultStatus(made) == PGRES_COMMAND_OK);
    PQclear(made);
    {
      std::unique_ptr<PGconn, decltype(&PQfinish)> db(
          PQconnectdb((server->conninfo() + " dbname=speclint_export").c_str()), &PQfinish);
      REQUIRE(PQstatus(db.get()) == CONNECTION_OK);
      model m = load(root);
      auto statements = ddl_of(m);
      CHECK(statements.size() > 10);
      for (const ddl_statement& s : statements) {
        INFO(s.sql);
        std::unique_ptr<PGresult, decltype(&PQclear)> res(PQexec(db.get(), s.sql.c_str()),
                                                          &PQclear);
        CHECK(PQresultErrorMessage(res.get()) == std::string());
      }
    }
    PQclear(PQexec(admin.get(), "DROP DATABASE speclint_export"));
  }
}
