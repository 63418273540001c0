// The spec against its migrations: the order migration files apply in, and the drift rules.

#include <catch2/catch.hpp>

#include <fstream>
#include <memory>

#include <libpq-fe.h>

#include "pg_server.hpp"
#include "speclint/drift.hpp"
#include "support.hpp"

using namespace speclint;
using namespace speclint::test;

using paths = std::vector<std::string>;

TEST_CASE("migration order: numbered files by number, not by name", "[drift]") {
  migration_order o = order_migrations(
      {"db/10_tags.sql", "db/2_sessions.sql", "db/0001_init.sql", "db/0003_more.sql"});
  CHECK(o.files ==
        paths{"db/0001_init.sql", "db/2_sessions.sql", "db/0003_more.sql", "db/10_tags.sql"});
  CHECK(o.left_out.empty());
  CHECK(o.errors.empty());
}

TEST_CASE("migration order: golang-migrate's up files, down files left out", "[drift]") {
  migration_order o = order_migrations({"m/2_add.down.sql", "m/2_add.up.sql", "m/1_init.down.sql",
                                        "m/1_init.up.sql", "m/README.md", "m/3_x.undo.sql"});
  CHECK(o.files == paths{"m/1_init.up.sql", "m/2_add.up.sql"});
  CHECK(o.left_out ==
        paths{"m/1_init.down.sql", "m/2_add.down.sql", "m/3_x.undo.sql", "m/README.md"});
  CHECK(o.errors.empty());
}

TEST_CASE("migration order: a folder per migration takes its folder's version", "[drift]") {
  migration_order o = order_migrations(
      {"prisma/migrations/20240301090000_tags/migration.sql",
       "prisma/migrations/20240101120000_init/migration.sql", "diesel/2024-01-02-000000_b/up.sql",
       "diesel/2024-01-02-000000_b/down.sql", "diesel/2023-12-31-235959_a/up.sql"});
  CHECK(o.files == paths{"diesel/2023-12-31-235959_a/up.sql", "diesel/2024-01-02-000000_b/up.sql",
                         "prisma/migrations/20240101120000_init/migration.sql",
                         "prisma/migrations/20240301090000_tags/migration.sql"});
  CHECK(o.left_out == paths{"diesel/2024-01-02-000000_b/down.sql"});
  CHECK(o.errors.empty());
}

TEST_CASE("migration order: Flyway's versions by part, repeatables last, undo left out",
          "[drift]") {
  migration_order o = order_migrations({"sql/R__views.sql", "sql/V2_1__b.sql", "sql/V10__d.sql",
                                        "sql/V2__a.sql", "sql/V2.2__c.sql", "sql/U2__a.sql",
                                        "sql/R__functions.sql", "sql/V1__init.sql"});
  CHECK(o.files == paths{"sql/V1__init.sql", "sql/V2__a.sql", "sql/V2_1__b.sql", "sql/V2.2__c.sql",
                         "sql/V10__d.sql", "sql/R__functions.sql", "sql/R__views.sql"});
  CHECK(o.left_out == paths{"sql/U2__a.sql"});
  CHECK(o.errors.empty());
}

TEST_CASE("migration order: files without a version after the versioned ones, by path", "[drift]") {
  migration_order o =
      order_migrations({"db/seed.sql", "db/0002_b.sql", "db/schema.sql", "db/0001_a.sql"});
  CHECK(o.files == paths{"db/0001_a.sql", "db/0002_b.sql", "db/schema.sql", "db/seed.sql"});
}

TEST_CASE("migration order: two files of one version are an error, one folder's files are not",
          "[drift]") {
  migration_order o = order_migrations({"db/0002_b.sql", "db/002_c.sql", "db/0001_a.sql"});
  CHECK(o.files == paths{"db/0001_a.sql", "db/0002_b.sql", "db/002_c.sql"});
  CHECK(o.errors ==
        paths{"`db/0002_b.sql` and `db/002_c.sql` have the same version 2: which applies first "
              "is not known"});
  migration_order folder =
      order_migrations({"m/0001_init/b.sql", "m/0001_init/a.sql", "m/0002_more/a.sql"});
  CHECK(folder.files == paths{"m/0001_init/a.sql", "m/0001_init/b.sql", "m/0002_more/a.sql"});
  CHECK(folder.errors.empty());
}

TEST_CASE("migration globs: `.sql` files only, dot folders not entered", "[drift]") {
  temp_dir dir;
  dir.write("db/0001_a.sql", "");
  dir.write("db/sub/0002_b.sql", "");
  dir.write("db/notes.md", "");
  dir.write("db/.hidden/0003_c.sql", "");
  CHECK(match_migrations(dir.path(), {"db/*.sql"}) == paths{"db/0001_a.sql"});
  CHECK(match_migrations(dir.path(), {"db/**"}) == paths{"db/0001_a.sql", "db/sub/0002_b.sql"});
}

namespace {

// A copy of the repository's spec and its example migrations, to change.
void copy_repository_spec(const temp_dir& dir) {
  for (const char* p : {".speclint.yaml", "docs", "tasks", "examples"})
    fs::copy(source_dir() / p, dir.path() / p, fs::copy_options::recursive);
}

void replace_in(const fs::path& file, const std::string& from, const std::string& to) {
  std::string text = read_file(file);
  std::size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), to);
  write_file(file, text);
}

}  // namespace

TEST_CASE("diff: the example migrations implement the repository's spec exactly", "[drift]") {
  run_result r = run_speclint({"diff", "--no-color"}, source_dir());
  INFO(r.err);
  CHECK(r.status == 0);
  CHECK(r.out == "0 errors, 0 warnings, 0 notes in 97 files (15 tables, 154 columns, 69 tasks)\n");
  run_result against =
      run_speclint({"check", "--against", "migrations", "--no-color"}, source_dir());
  CHECK(against.status == 0);
  CHECK(against.out == r.out);
}

TEST_CASE("diff: drift planted in the example migrations is found, with the tasks it violates",
          "[drift]") {
  temp_dir dir;
  copy_repository_spec(dir);
  const fs::path migrations = dir.path() / "examples" / "migrations";
  replace_in(migrations / "20240301090000_foreign_keys.sql",
             "(\"sessionId\") REFERENCES \"sessions\" (\"id\") ON DELETE CASCADE;",
             "(\"sessionId\") REFERENCES \"sessions\" (\"id\") ON DELETE RESTRICT;");
  replace_in(migrations / "0003_keys_and_indexes.sql",
             "CREATE INDEX \"messages_authorAccountId_idx\" ON \"messages\" (\"authorAccountId\") "
             "WHERE \"authorAccountId\" IS NOT NULL;\n",
             "");
  {
    std::ofstream(migrations / "0002_sessions_and_usage.sql", std::ios::app)
        << "ALTER TABLE \"sessions\" ALTER COLUMN \"status\" DROP NOT NULL;\n";
  }
  run_result r = run_speclint({"diff", "--no-color"}, dir.path());
  INFO(r.err);
  CHECK(r.status == 1);
  CHECK(r.out ==
        "docs/architecture/storage/messages.md:14:49: error: foreign key messages.sessionId -> "
        "sessions.id is ON DELETE CASCADE in the spec but ON DELETE RESTRICT in the implementation "
        "[drift/foreign-key] (tasks: design-messages-schema, resolve-id-type-mismatch, "
        "resolve-session-message-cycle)\n"
        "  examples/migrations/20240301090000_foreign_keys.sql:7:120: note: the implementation\n"
        "docs/architecture/storage/messages.md:28:4: error: index (authorAccountId) WHERE "
        "\"authorAccountId\" IS NOT NULL of `messages` is not in the implementation [drift/index] "
        "(tasks: design-messages-schema, resolve-enumeration-checks, resolve-id-type-mismatch, "
        "resolve-missing-fk-indexes, resolve-session-message-cycle, resolve-timestamp-types, "
        "write-table-reference)\n"
        "  examples/migrations/0002_sessions_and_usage.sql:46:14: note: the implementation\n"
        "docs/architecture/storage/sessions.md:21:4: error: `sessions.status` is NOT NULL in the "
        "spec but nullable in the implementation [drift/nullability] (tasks: "
        "resolve-enumeration-checks)\n"
        "  examples/migrations/0002_sessions_and_usage.sql:125:24: note: the implementation\n"
        "3 errors, 0 warnings, 0 notes in 97 files (15 tables, 154 columns, 69 tasks)\n"
        "\n"
        "Violated tasks:\n"
        "  completed:\n"
        "    design-messages-schema (tasks/design-messages-schema.md): drift/foreign-key, "
        "drift/index\n"
        "    resolve-enumeration-checks (tasks/resolve-enumeration-checks.md): drift/index, "
        "drift/nullability\n"
        "    resolve-id-type-mismatch (tasks/resolve-id-type-mismatch.md): drift/foreign-key, "
        "drift/index\n"
        "    resolve-missing-fk-indexes (tasks/resolve-missing-fk-indexes.md): drift/index\n"
        "    resolve-session-message-cycle (tasks/resolve-session-message-cycle.md): "
        "drift/foreign-key, drift/index\n"
        "    resolve-timestamp-types (tasks/resolve-timestamp-types.md): drift/index\n"
        "    write-table-reference (tasks/write-table-reference.md): drift/index\n");
  // --format sql brings the migrations to the spec: appended to the last one, nothing is left.
  run_result sql = run_speclint({"diff", "--format", "sql"}, dir.path());
  CHECK(sql.out ==
        "-- drift/index: index (authorAccountId) WHERE \"authorAccountId\" IS NOT NULL of "
        "`messages` is not in the implementation\n"
        "CREATE INDEX \"messages_authorAccountId_idx\" ON \"messages\" (\"authorAccountId\") "
        "WHERE \"authorAccountId\" IS NOT NULL;\n"
        "-- drift/nullability: `sessions.status` is NOT NULL in the spec but nullable in the "
        "implementation\n"
        "ALTER TABLE \"sessions\" ALTER COLUMN \"status\" SET NOT NULL;\n"
        "-- drift/foreign-key: foreign key messages.sessionId -> sessions.id is ON DELETE "
        "CASCADE in the spec but ON DELETE RESTRICT in the implementation\n"
        "ALTER TABLE \"messages\" DROP CONSTRAINT \"messages_sessionId_fkey\";\n"
        "ALTER TABLE \"messages\" ADD CONSTRAINT \"messages_sessionId_fkey\" FOREIGN KEY "
        "(\"sessionId\") REFERENCES \"sessions\" (\"id\") ON DELETE CASCADE;\n");
  { std::ofstream(migrations / "20240301090000_foreign_keys.sql", std::ios::app) << sql.out; }
  run_result again = run_speclint({"diff", "--no-color"}, dir.path());
  CHECK(again.status == 0);
  CHECK(again.out ==
        "0 errors, 0 warnings, 0 notes in 97 files (15 tables, 154 columns, 69 tasks)\n");
}

TEST_CASE("diff: usage errors are one line and exit 2", "[drift]") {
  temp_dir dir;
  dir.write("docs/a.md", "# A\n");
  dir.write("db/0001_a.sql", "CREATE TABLE a (id int PRIMARY KEY);\n");
  dir.write("db/001_b.sql", "CREATE TABLE b (id int PRIMARY KEY);\n");
  run_result none = run_speclint({"diff"}, dir.path());
  CHECK(none.status == 2);
  CHECK(none.err ==
        "speclint: --migrations: no migrations to compare with; give --migrations GLOB or set "
        "`migrations:` in .speclint.yaml\n");
  run_result same = run_speclint({"diff", "--migrations", "db/*.sql"}, dir.path());
  CHECK(same.status == 2);
  CHECK(same.err ==
        "speclint: --migrations: `db/0001_a.sql` and `db/001_b.sql` have the same version 1: "
        "which applies first is not known\n");
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"diff", "--migrations", "db/0001_a.sql", "--database",
                                 "host=/nonexistent port=1 dbname=app"},
        std::vector<std::string>{"check", "--against", "database", "--database",
                                 "host=/nonexistent port=1 dbname=app"}}) {
    run_result db = run_speclint(args, dir.path());
    CHECK(db.status == 2);
    CHECK(
        db.err.starts_with("speclint: --database: `host=/nonexistent port=1 dbname=app`: "
                           "cannot connect to PostgreSQL: "));
    CHECK(std::count(db.err.begin(), db.err.end(), '\n') == 1);
  }
  run_result sql_in_check = run_speclint({"check", "--format", "sql"}, dir.path());
  CHECK(sql_in_check.status == 2);
}

namespace {

// The spec of the PostgreSQL test: one drift of every rule, most of them both ways.
const char* planted_doc =
    "# Schema\n"
    "\n"
    "```sql\n"
    "CREATE TABLE orgs (\n"                                                       // 4
    "  id bigint PRIMARY KEY,\n"                                                  // 5
    "  slug text NOT NULL\n"                                                      // 6
    ");\n"                                                                        // 7
    "CREATE UNIQUE INDEX orgs_slug_key ON orgs (slug);\n"                         // 8
    "CREATE TABLE accounts (\n"                                                   // 9
    "  id bigint PRIMARY KEY,\n"                                                  // 10
    "  email varchar(100) NOT NULL,\n"                                            // 11
    "  score integer,\n"                                                          // 12
    "  name text NOT NULL,\n"                                                     // 13
    "  nick text,\n"                                                              // 14
    "  plan text NOT NULL DEFAULT 'free',\n"                                      // 15
    "  note text,\n"                                                              // 16
    "  age int CONSTRAINT accounts_age_check CHECK (age >= 0),\n"                 // 17
    "  bio text\n"                                                                // 18
    ");\n"                                                                        // 19
    "CREATE TABLE sessions (\n"                                                   // 20
    "  id bigint PRIMARY KEY,\n"                                                  // 21
    "  account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,\n"  // 22
    "  org_id bigint REFERENCES orgs (id),\n"                                     // 23
    "  owner_id bigint\n"                                                         // 24
    ");\n"                                                                        // 25
    "CREATE INDEX sessions_account_idx ON sessions (account_id);\n"               // 26
    "CREATE TABLE tags (id bigint PRIMARY KEY);\n"                                // 27
    "```\n";

// Its implementation: what the fixes change is in the last file, which the fixes are appended
// to (a later file's change of an earlier file's table is the merge's: see the case across
// migration files below).
void write_planted_migrations(const temp_dir& dir) {
  dir.write("docs/schema.md", planted_doc);
  dir.write("db/0001_orgs.sql",
            "CREATE TABLE orgs (\n"
            "  id bigint PRIMARY KEY,\n"
            "  slug text NOT NULL\n"
            ");\n"
            "CREATE INDEX orgs_slug_idx ON orgs (slug);\n");
  dir.write("db/0002_app.sql",
            "CREATE TABLE accounts (\n"
            "  id bigint PRIMARY KEY,\n"
            "  email varchar(50) NOT NULL,\n"
            "  score bigint,\n"
            "  name text NOT NULL,\n"
            "  nick text NOT NULL,\n"
            "  plan text NOT NULL DEFAULT 'trial',\n"
            "  note text DEFAULT '',\n"
            "  age int CONSTRAINT accounts_age_check CHECK (age > 0),\n"
            "  legacy text\n"
            ");\n"
            "ALTER TABLE accounts ALTER COLUMN name DROP NOT NULL;\n"
            "CREATE TABLE sessions (\n"
            "  id bigint PRIMARY KEY,\n"
            "  account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE RESTRICT,\n"
            "  org_id bigint,\n"
            "  owner_id bigint REFERENCES accounts (id)\n"
            ");\n"
            "CREATE INDEX sessions_account_idx ON sessions (account_id) WHERE account_id > 0;\n"
            "CREATE TABLE audit (id bigint PRIMARY KEY);\n");
}

// One connection to the test run's server, in a schema of its own.
class drift_db {
 public:
  explicit drift_db(const std::string& conninfo) : c_(PQconnectdb(conninfo.c_str()), &PQfinish) {
    REQUIRE(PQstatus(c_.get()) == CONNECTION_OK);
    REQUIRE(run("DROP SCHEMA IF EXISTS speclint_drift CASCADE; CREATE SCHEMA speclint_drift; "
                "SET search_path TO speclint_drift") == "");
  }
  ~drift_db() { run("DROP SCHEMA IF EXISTS speclint_drift CASCADE"); }
  /// Runs a script; the server's error, or empty.
  std::string run(const std::string& sql) {
    std::unique_ptr<PGresult, decltype(&PQclear)> r(PQexec(c_.get(), sql.c_str()), &PQclear);
    auto st = PQresultStatus(r.get());
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY) return "";
    return PQresultErrorMessage(r.get());
  }

 private:
  std::unique_ptr<PGconn, decltype(&PQfinish)> c_;
};

}  // namespace

TEST_CASE(
    "diff: every drift rule against a database built from the migrations, and the DDL "
    "that --format sql prints loads and leaves only what it comments out",
    "[postgres][drift]") {
  SPECLINT_REQUIRE_POSTGRES(server);
  temp_dir dir;
  write_planted_migrations(dir);
  drift_db db(server->conninfo());
  for (const char* f : {"db/0001_orgs.sql", "db/0002_app.sql"})
    REQUIRE(db.run(read_file(dir.path() / f)) == "");
  run_result r = run_speclint({"diff", "--migrations", "db/*.sql", "--no-color"}, dir.path());
  INFO(r.err);
  CHECK(r.status == 1);
  CHECK(r.out ==
        "db/0002_app.sql:20:14: note: table `audit` of the implementation is not in the spec "
        "[drift/extra-table]\n"
        "docs/schema.md:4:14: warning: index (slug) of the implementation's `orgs` is not in the "
        "spec [drift/index]\n"
        "  db/0001_orgs.sql:5:1: note: the implementation\n"
        "docs/schema.md:8:1: error: unique index (slug) of `orgs` is not in the implementation "
        "[drift/index]\n"
        "  db/0001_orgs.sql:1:14: note: the implementation\n"
        "docs/schema.md:9:14: note: column `accounts.legacy` of the implementation is not in the "
        "spec [drift/extra-column]\n"
        "  db/0002_app.sql:10:3: note: the implementation\n"
        "docs/schema.md:11:3: error: `accounts.email` is `varchar(100)` in the spec but "
        "`varchar(50)` in the implementation [drift/type]\n"
        "  db/0002_app.sql:3:3: note: the implementation\n"
        "docs/schema.md:12:3: error: `accounts.score` is `integer` in the spec but `bigint` in the "
        "implementation [drift/type]\n"
        "  db/0002_app.sql:4:3: note: the implementation\n"
        "docs/schema.md:13:3: error: `accounts.name` is NOT NULL in the spec but nullable in the "
        "implementation [drift/nullability]\n"
        "  db/0002_app.sql:12:22: note: the implementation\n"
        "docs/schema.md:14:3: error: `accounts.nick` is nullable in the spec but NOT NULL in the "
        "implementation [drift/nullability]\n"
        "  db/0002_app.sql:6:3: note: the implementation\n"
        "docs/schema.md:15:3: error: `accounts.plan` has DEFAULT `'free'` in the spec but DEFAULT "
        "`'trial'` in the implementation [drift/default]\n"
        "  db/0002_app.sql:7:3: note: the implementation\n"
        "docs/schema.md:16:3: error: `accounts.note` has no default in the spec but DEFAULT `''` "
        "in the implementation [drift/default]\n"
        "  db/0002_app.sql:8:3: note: the implementation\n"
        "docs/schema.md:17:11: error: check `accounts_age_check` of `accounts` is `age >= 0` in "
        "the spec but `age > 0` in the implementation [drift/check]\n"
        "  db/0002_app.sql:9:11: note: the implementation\n"
        "docs/schema.md:18:3: error: column `accounts.bio` is not in the implementation "
        "[drift/missing-column]\n"
        "  db/0002_app.sql:1:14: note: the implementation\n"
        "docs/schema.md:20:14: warning: foreign key sessions.owner_id -> accounts.id of the "
        "implementation is not in the spec [drift/foreign-key]\n"
        "  db/0002_app.sql:17:19: note: the implementation\n"
        "docs/schema.md:22:55: error: foreign key sessions.account_id -> accounts.id is ON DELETE "
        "CASCADE in the spec but ON DELETE RESTRICT in the implementation [drift/foreign-key]\n"
        "  db/0002_app.sql:15:55: note: the implementation\n"
        "docs/schema.md:23:17: error: foreign key sessions.org_id -> orgs.id is not in the "
        "implementation [drift/foreign-key]\n"
        "  db/0002_app.sql:13:14: note: the implementation\n"
        "docs/schema.md:26:1: error: index `sessions_account_idx` of `sessions` is index "
        "(account_id) in the spec but index (account_id) WHERE account_id > 0 in the "
        "implementation [drift/index]\n"
        "  db/0002_app.sql:19:1: note: the implementation\n"
        "docs/schema.md:27:14: error: table `tags` is not in the implementation "
        "[drift/missing-table]\n"
        "13 errors, 2 warnings, 2 notes in 1 file (4 tables, 16 columns, 0 tasks)\n");
  run_result sql =
      run_speclint({"diff", "--migrations", "db/*.sql", "--format", "sql"}, dir.path());
  CHECK(
      sql.out ==
      "-- drift/index: unique index (slug) of `orgs` is not in the implementation\n"
      "ALTER TABLE \"orgs\" ADD CONSTRAINT \"orgs_slug_key\" UNIQUE (\"slug\");\n"
      "-- drift/index: index (slug) of the implementation's `orgs` is not in the spec\n"
      "-- not applied: drops an index the spec does not document\n"
      "-- DROP INDEX \"orgs_slug_idx\";\n"
      "-- drift/type: `accounts.email` is `varchar(100)` in the spec but `varchar(50)` in the "
      "implementation\n"
      "ALTER TABLE \"accounts\" ALTER COLUMN \"email\" TYPE varchar(100);\n"
      "-- drift/type: `accounts.score` is `integer` in the spec but `bigint` in the "
      "implementation\n"
      "-- not applied: `bigint` to `integer` may fail or lose values\n"
      "-- ALTER TABLE \"accounts\" ALTER COLUMN \"score\" TYPE integer;\n"
      "-- drift/nullability: `accounts.name` is NOT NULL in the spec but nullable in the "
      "implementation\n"
      "ALTER TABLE \"accounts\" ALTER COLUMN \"name\" SET NOT NULL;\n"
      "-- drift/nullability: `accounts.nick` is nullable in the spec but NOT NULL in the "
      "implementation\n"
      "ALTER TABLE \"accounts\" ALTER COLUMN \"nick\" DROP NOT NULL;\n"
      "-- drift/default: `accounts.plan` has DEFAULT `'free'` in the spec but DEFAULT `'trial'` in "
      "the implementation\n"
      "ALTER TABLE \"accounts\" ALTER COLUMN \"plan\" SET DEFAULT 'free';\n"
      "-- drift/default: `accounts.note` has no default in the spec but DEFAULT `''` in the "
      "implementation\n"
      "ALTER TABLE \"accounts\" ALTER COLUMN \"note\" DROP DEFAULT;\n"
      "-- drift/missing-column: column `accounts.bio` is not in the implementation\n"
      "ALTER TABLE \"accounts\" ADD COLUMN \"bio\" text;\n"
      "-- drift/extra-column: column `accounts.legacy` of the implementation is not in the spec\n"
      "-- not applied: drops a column and its values\n"
      "-- ALTER TABLE \"accounts\" DROP COLUMN \"legacy\";\n"
      "-- drift/check: check `accounts_age_check` of `accounts` is `age >= 0` in the spec but `age "
      "> 0` in the implementation\n"
      "ALTER TABLE \"accounts\" DROP CONSTRAINT \"accounts_age_check\";\n"
      "ALTER TABLE \"accounts\" ADD CONSTRAINT \"accounts_age_check\" CHECK (age >= 0);\n"
      "-- drift/index: index `sessions_account_idx` of `sessions` is index (account_id) in the "
      "spec but index (account_id) WHERE account_id > 0 in the implementation\n"
      "DROP INDEX \"sessions_account_idx\";\n"
      "CREATE INDEX \"sessions_account_idx\" ON \"sessions\" (\"account_id\");\n"
      "-- drift/missing-table: table `tags` is not in the implementation\n"
      "CREATE TABLE \"tags\" (\n"
      "  \"id\" bigint,\n"
      "  CONSTRAINT \"tags_pkey\" PRIMARY KEY (\"id\")\n"
      ");\n"
      "-- drift/extra-table: table `audit` of the implementation is not in the spec\n"
      "-- not applied: drops a table and its rows\n"
      "-- DROP TABLE \"audit\";\n"
      "-- drift/foreign-key: foreign key sessions.account_id -> accounts.id is ON DELETE CASCADE "
      "in the spec but ON DELETE RESTRICT in the implementation\n"
      "ALTER TABLE \"sessions\" DROP CONSTRAINT \"sessions_account_id_fkey\";\n"
      "ALTER TABLE \"sessions\" ADD CONSTRAINT \"sessions_account_id_fkey\" FOREIGN KEY "
      "(\"account_id\") REFERENCES \"accounts\" (\"id\") ON DELETE CASCADE;\n"
      "-- drift/foreign-key: foreign key sessions.org_id -> orgs.id is not in the implementation\n"
      "ALTER TABLE \"sessions\" ADD CONSTRAINT \"sessions_org_id_fkey\" FOREIGN KEY (\"org_id\") "
      "REFERENCES \"orgs\" (\"id\");\n"
      "-- drift/foreign-key: foreign key sessions.owner_id -> accounts.id of the implementation is "
      "not in the spec\n"
      "-- not applied: drops a foreign key the spec does not document\n"
      "-- ALTER TABLE \"sessions\" DROP CONSTRAINT \"sessions_owner_id_fkey\";\n");
  CHECK(db.run(sql.out) == "");
  { std::ofstream(dir.path() / "db/0002_app.sql", std::ios::app) << sql.out; }
  run_result again = run_speclint({"diff", "--migrations", "db/*.sql", "--no-color"}, dir.path());
  // What is left is what the DDL comments out: the drops and the narrowing type change.
  CHECK(again.out ==
        "db/0002_app.sql:20:14: note: table `audit` of the implementation is not in the spec "
        "[drift/extra-table]\n"
        "docs/schema.md:4:14: warning: index (slug) of the implementation's `orgs` is not in the "
        "spec [drift/index]\n"
        "  db/0001_orgs.sql:5:1: note: the implementation\n"
        "docs/schema.md:9:14: note: column `accounts.legacy` of the implementation is not in the "
        "spec [drift/extra-column]\n"
        "  db/0002_app.sql:10:3: note: the implementation\n"
        "docs/schema.md:12:3: error: `accounts.score` is `integer` in the spec but `bigint` in the "
        "implementation [drift/type]\n"
        "  db/0002_app.sql:4:3: note: the implementation\n"
        "docs/schema.md:20:14: warning: foreign key sessions.owner_id -> accounts.id of the "
        "implementation is not in the spec [drift/foreign-key]\n"
        "  db/0002_app.sql:17:19: note: the implementation\n"
        "1 error, 2 warnings, 2 notes in 1 file (4 tables, 16 columns, 0 tasks)\n");
}

// A migration that changes a table an earlier migration created is followed: the later
// file's statements apply to the earlier file's facts.
TEST_CASE("diff: a column made nullable across migration files", "[drift]") {
  temp_dir dir;
  dir.write("docs/a.md",
            "# A\n\n```sql\nCREATE TABLE accounts (id bigint PRIMARY KEY, email text NOT NULL);\n"
            "```\n");
  dir.write("db/0001_init.sql",
            "CREATE TABLE accounts (id bigint PRIMARY KEY, email text NOT NULL, old text);\n");
  dir.write("db/0002_relax.sql",
            "ALTER TABLE accounts ALTER COLUMN email DROP NOT NULL;\n"
            "ALTER TABLE accounts DROP COLUMN old;\n");
  run_result r = run_speclint({"diff", "--migrations", "db/*.sql", "--no-color"}, dir.path());
  CHECK(r.out ==
        "docs/a.md:4:47: error: `accounts.email` is NOT NULL in the spec but nullable in the "
        "implementation [drift/nullability]\n"
        "  db/0002_relax.sql:1:22: note: the implementation\n"
        "1 error, 0 warnings, 0 notes in 1 file (1 table, 2 columns, 0 tasks)\n");
}

namespace {

// A database of its own on the run's server, whose `public` schema holds what a script
// built there; dropped, with the role it made, at the end of the test.
class scratch_database {
 public:
  scratch_database(const std::string& conninfo, std::string name)
      : admin_(PQconnectdb(conninfo.c_str()), &PQfinish), base_(conninfo), name_(std::move(name)) {
    REQUIRE(PQstatus(admin_.get()) == CONNECTION_OK);
    REQUIRE(run(admin_.get(), "DROP DATABASE IF EXISTS " + name_) == "");
    REQUIRE(run(admin_.get(), "CREATE DATABASE " + name_) == "");
    db_.reset(PQconnectdb(url().c_str()));
    REQUIRE(PQstatus(db_.get()) == CONNECTION_OK);
  }
  ~scratch_database() {
    db_.reset();
    run(admin_.get(), "DROP DATABASE IF EXISTS " + name_);
    if (!role_.empty()) run(admin_.get(), "DROP ROLE IF EXISTS " + role_);
  }
  scratch_database(const scratch_database&) = delete;
  scratch_database& operator=(const scratch_database&) = delete;

  /// Runs a script in the database; the server's error, or empty.
  std::string run(const std::string& sql) { return run(db_.get(), sql); }
  /// The connection string of the database, as its owner or as `user`.
  std::string url(const std::string& user = "") const {
    return base_ + " dbname=" + name_ + (user.empty() ? "" : " user=" + user);
  }
  /// A role that may log in and connect to the database, and nothing else.
  const std::string& reader() {
    role_ = name_ + "_reader";
    REQUIRE(run(admin_.get(), fmt::format("DROP ROLE IF EXISTS {0}; CREATE ROLE {0} LOGIN; "
                                          "REVOKE ALL ON DATABASE {1} FROM PUBLIC; "
                                          "GRANT CONNECT ON DATABASE {1} TO {0}",
                                          role_, name_)) == "");
    return role_;
  }

 private:
  static std::string run(PGconn* c, const std::string& sql) {
    std::unique_ptr<PGresult, decltype(&PQclear)> r(PQexec(c, sql.c_str()), &PQclear);
    auto st = PQresultStatus(r.get());
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY) return "";
    return PQresultErrorMessage(r.get());
  }

  std::unique_ptr<PGconn, decltype(&PQfinish)> admin_, db_{nullptr, &PQfinish};
  std::string base_, name_, role_;
};

}  // namespace

TEST_CASE(
    "diff --database: a database built from the example migrations implements the spec, read by "
    "a role that may only connect; a drift in it names the spec's line and the catalog's",
    "[postgres][drift]") {
  SPECLINT_REQUIRE_POSTGRES(server);
  scratch_database db(server->conninfo(), fmt::format("speclint_diff_{}", ::getpid()));
  const fs::path examples = source_dir() / "examples" / "migrations";
  const migration_order order =
      order_migrations(match_migrations(source_dir(), {"examples/migrations/*.sql"}));
  REQUIRE(order.files.size() == 5);
  for (const std::string& f : order.files) {
    INFO(f);
    REQUIRE(db.run(read_file(source_dir() / f)) == "");
  }
  const std::string clean =
      "0 errors, 0 warnings, 0 notes in 97 files (15 tables, 154 columns, 69 tasks)\n";
  run_result owner = run_speclint({"diff", "--database", db.url(), "--no-color"}, source_dir());
  INFO(owner.err);
  CHECK(owner.status == 0);
  CHECK(owner.out == clean);

  // Nothing but LOGIN and CONNECT: the catalog is all speclint reads, in a read-only
  // transaction, so it needs no other privilege, and writes nothing.
  const std::string reader = db.reader();
  run_result as_reader = run_speclint(
      {"check", "--against", "database", "--database", db.url(reader), "--no-color"}, source_dir());
  INFO(as_reader.err);
  CHECK(as_reader.status == 0);
  CHECK(as_reader.out == clean);

  REQUIRE(db.run("ALTER TABLE \"usageRecords\" ALTER COLUMN \"orgId\" DROP NOT NULL") == "");
  run_result drift =
      run_speclint({"diff", "--database", db.url(reader), "--no-color"}, source_dir());
  CHECK(drift.status == 1);
  CHECK(drift.out ==
        "docs/architecture/storage/usage.md:15:4: error: `usageRecords.orgId` is NOT NULL in the "
        "spec but nullable in the implementation [drift/nullability] (tasks: "
        "resolve-ledger-foreign-keys, resolve-usage-blocked-cascade)\n"
        "  database:public.usageRecords.sql:3:3: note: the implementation\n"
        "1 error, 0 warnings, 0 notes in 97 files (15 tables, 154 columns, 69 tasks)\n"
        "\n"
        "Violated tasks:\n"
        "  completed:\n"
        "    resolve-ledger-foreign-keys (tasks/resolve-ledger-foreign-keys.md): "
        "drift/nullability\n"
        "    resolve-usage-blocked-cascade (tasks/resolve-usage-blocked-cascade.md): "
        "drift/nullability\n");
}
