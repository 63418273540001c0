// The spec against its migrations: the order migration files apply in, and the drift rules.

#include <catch2/catch.hpp>

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
