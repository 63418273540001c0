// Every reader: its source file, its section of docs/spec-format.md and its fixtures, both ways.

#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "speclint/facts.hpp"
#include "support.hpp"

using namespace speclint;
using namespace speclint::test;

namespace {

std::string file_name(std::string_view reader) {
  std::string out(reader);
  std::replace(out.begin(), out.end(), '-', '_');
  return out + ".cpp";
}

}  // namespace

TEST_CASE("the reader registry is sorted by name and names are unique") {
  auto names = reader_names();
  REQUIRE(names.size() > 0);
  for (std::size_t i = 1; i < names.size(); ++i) {
    INFO(names[i - 1] << " then " << names[i]);
    CHECK(names[i - 1] < names[i]);
  }
}

TEST_CASE(
    "every reader has its file, its fixtures and its section of spec-format.md, in registry "
    "order") {
  std::string doc = read_file(source_dir() / "docs" / "spec-format.md");
  std::size_t last = 0;
  for (std::string_view name : reader_names()) {
    INFO(name);
    CHECK(fs::exists(source_dir() / "src" / "load" / "readers" / file_name(name)));
    fs::path fixture = source_dir() / "tests" / "readers" / std::string(name);
    CHECK(fs::exists(fixture / "facts.expected"));
    std::size_t at = doc.find("(`" + std::string(name) + "`)\n");
    REQUIRE(at != std::string::npos);
    CHECK(at > last);
    last = at;
  }
}

TEST_CASE("every source file under src/load/readers is a registered reader") {
  auto names = reader_names();
  std::set<std::string> files;
  for (std::string_view name : names) files.insert(file_name(name));
  for (const auto& e : fs::directory_iterator(source_dir() / "src" / "load" / "readers")) {
    if (e.path().extension() != ".cpp") continue;
    INFO(e.path());
    CHECK(files.count(e.path().filename().string()) == 1);
  }
}

TEST_CASE("every reader fixture folder belongs to a registered reader") {
  auto names = reader_names();
  std::set<std::string> known(names.begin(), names.end());
  for (const auto& e : fs::directory_iterator(source_dir() / "tests" / "readers")) {
    if (!e.is_directory()) continue;
    INFO(e.path());
    CHECK(known.count(e.path().filename().string()) == 1);
  }
}

TEST_CASE("golden: speclint facts on the golden corpus, as text and as JSON", "[golden]") {
  fs::path corpus = source_dir() / "tests" / "golden" / "corpus";
  fs::path expected = source_dir() / "tests" / "golden" / "expected";
  run_result text = run_speclint({"facts", corpus.string(), "--no-color"});
  CHECK(text.status == 0);
  CHECK(text.err.empty());
  CHECK(golden_diff(expected / "facts.txt", text.out).empty());
  run_result json = run_speclint({"facts", corpus.string(), "--format", "json"});
  CHECK(json.status == 0);
  CHECK(json.err.empty());
  CHECK(golden_diff(expected / "facts.json", json.out).empty());
}

TEST_CASE("speclint facts refuses an unknown format") {
  run_result r = run_speclint(
      {"facts", (source_dir() / "tests" / "golden" / "corpus").string(), "--format", "xml"});
  CHECK(r.status == 2);
  CHECK(r.out.empty());
  CHECK(r.err == "speclint: unknown format `xml` (text, json)\n");
}

namespace {

// psql's `\d` output of a table, in a doc of its own: its title, header, rows and footers.
std::string psql_doc(std::string_view table, std::string_view rows, std::string_view footers) {
  return fmt::format(
      "# {0}\n\n```\n                 Table \"public.{0}\"\n"
      " Column   |  Type  | Collation | Nullable | Default\n"
      "----------+--------+-----------+----------+---------\n"
      "{1}{2}```\n",
      table, rows, footers);
}

std::string check_text(const temp_dir& d) {
  run_result r = run_speclint({"check", d.path().string(), "--no-color"});
  INFO(r.err);
  return r.out;
}

}  // namespace

TEST_CASE("psql-describe: NOT NULL in a \\d block against its own ON DELETE SET NULL") {
  temp_dir d;
  d.write("docs/orders.md",
          psql_doc("orders",
                   " id       | bigint |           | not null |\n"
                   " user_id  | uuid   |           | not null |\n",
                   "Indexes:\n"
                   "    \"orders_pkey\" PRIMARY KEY, btree (id)\n"
                   "    \"orders_user_id_idx\" btree (user_id)\n"
                   "Foreign-key constraints:\n"
                   "    \"orders_user_id_fkey\" FOREIGN KEY (user_id) REFERENCES users(id) ON "
                   "DELETE SET NULL\n"));
  d.write("docs/users.md", psql_doc("users", " id       | uuid   |           | not null |\n",
                                    "Indexes:\n    \"users_pkey\" PRIMARY KEY, btree (id)\n"));
  CHECK(check_text(d) ==
        "docs/orders.md:8:2: error: `orders.user_id` is NOT NULL (orders.md:8) but orders.md:13 "
        "sets ON DELETE SET NULL [schema/not-null-set-null]\n"
        "  docs/orders.md:13:70: note: ON DELETE SET NULL declared here\n"
        "1 error, 0 warnings, 0 notes in 2 files (2 tables, 3 columns, 0 tasks)\n");
}

TEST_CASE("psql-describe: a type that differs from a table of columns beside it") {
  temp_dir d;
  d.write("docs/users.md",
          "# Table: users\n\n| Column | Type | Nullable |\n|---|---|---|\n"
          "| `id` | `uuid` | no |\n| `email` | `varchar(255)` | no |\n\n" +
              psql_doc("users",
                       " id       | uuid   |           | not null |\n"
                       " email    | character varying(200) |   | not null |\n",
                       "Indexes:\n    \"users_pkey\" PRIMARY KEY, btree (id)\n")
                  .substr(9));
  CHECK(check_text(d) ==
        "docs/users.md:13:2: error: `users.email` is declared `character varying(200)` here but "
        "`varchar(255)` in users.md:6 [schema/conflicting-declaration]\n"
        "  docs/users.md:6:4: note: declared `varchar(255)` here\n"
        "1 error, 0 warnings, 0 notes in 1 file (1 table, 2 columns, 0 tasks)\n");
}

TEST_CASE(
    "psql-describe: a key listed by its parent's Referenced by and its own block is one key") {
  temp_dir d;
  d.write("docs/invoices.md",
          psql_doc("invoices",
                   " id       | bigint |           | not null |\n"
                   " order_id | bigint |           |          |\n",
                   "Indexes:\n"
                   "    \"invoices_pkey\" PRIMARY KEY, btree (id)\n"
                   "Foreign-key constraints:\n"
                   "    \"invoices_order_id_fkey\" FOREIGN KEY (order_id) REFERENCES orders(id) "
                   "ON DELETE SET NULL\n"));
  d.write("docs/orders.md",
          psql_doc("orders", " id       | bigint |           | not null |\n",
                   "Indexes:\n"
                   "    \"orders_pkey\" PRIMARY KEY, btree (id)\n"
                   "Referenced by:\n"
                   "    TABLE \"invoices\" CONSTRAINT \"invoices_order_id_fkey\" FOREIGN KEY "
                   "(order_id) REFERENCES orders(id) ON DELETE SET NULL\n"));
  // The one finding, once: no index leads with `order_id`; the parent's footer is the key's
  // other declaration.
  CHECK(check_text(d) ==
        "docs/invoices.md:12:5: warning: no index on `invoices` leads with `order_id`: each "
        "delete or key update in `orders` scans `invoices` [schema/fk-missing-index]\n"
        "  docs/invoices.md:4:24: note: `invoices` defined here\n"
        "  docs/orders.md:11:5: note: also declared here\n"
        "0 errors, 1 warning, 0 notes in 2 files (2 tables, 3 columns, 0 tasks)\n");
}

TEST_CASE("headers and nullable_by_default: a team's own headers, a bare type's meaning",
          "[readers][config]") {
  temp_dir d;
  d.write(".speclint.yaml",
          "headers:\n  column: [Колонка]\n  type: [Тип]\n  references: [Ссылка]\n"
          "nullable_by_default: false\n");
  d.write("docs/users.md",
          "# Table: users\n\n| Колонка | Тип | Ссылка |\n|---|---|---|\n| id | uuid PK | |\n"
          "| manager_id | uuid | users.id |\n| note | text? | |\n");
  run_result r = run_speclint({"facts", "--no-color"}, d.path());
  CHECK(r.status == 0);
  CHECK(r.out ==
        "docs/users.md:1:1: table-heading: table users\n"
        "docs/users.md:5:3: column-table: column users.id type=uuid nullable=no primary_key=yes\n"
        "docs/users.md:6:3: column-table: column users.manager_id type=uuid nullable=no\n"
        "docs/users.md:6:3: column-table: foreign-key users.manager_id references=users.id\n"
        "docs/users.md:7:3: column-table: column users.note type=text nullable=yes\n"
        "5 facts from 2 readers in 1 of 1 file\n");
  // Without the configuration the headers are not a table of columns, and say so.
  d.write(".speclint.yaml", "docs: [docs]\n");
  r = run_speclint({"check", "--no-color", "--fail-on", "never"}, d.path());
  CHECK(r.out.find("(1 table, 0 columns, 0 tasks)") != std::string::npos);
  d.write(".speclint.yaml", "headers:\n  colour: [Цвет]\n");
  r = run_speclint({"check"}, d.path());
  CHECK(r.status == 2);
  CHECK(r.err.starts_with("speclint: .speclint.yaml:2: unknown header `colour` in `headers` ("));
}
