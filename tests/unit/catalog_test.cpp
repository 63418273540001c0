// Reading a live database's schema (src/drift/catalog.cpp) from the test run's PostgreSQL, in a
// database of the test process's own (pg_server.hpp).

#include <catch2/catch.hpp>

#include <libpq-fe.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <sstream>

#include <fmt/format.h>

#include "catalog.hpp"
#include "pg_server.hpp"
#include "speclint/load.hpp"
#include "speclint/model.hpp"
#include "speclint/text.hpp"
#include "support.hpp"

using namespace speclint;
using namespace speclint::test;

namespace {

// Every kind of object the catalog reader writes: an enum and a NOT NULL domain, identity and
// serial columns, a composite key with ON DELETE SET NULL (col), a partial unique index, an
// expression index, a CHECK, deferrable keys, a mixed-case quoted table, a partitioned table
// with a partition, a child by inheritance, and a second schema.
const char* schema_ddl = R"(
CREATE TYPE mood AS ENUM ('happy', 'sad', 'it''s complicated');
CREATE DOMAIN email AS text NOT NULL CHECK (VALUE LIKE '%@%');
CREATE TABLE accounts (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email email,
  mood mood NOT NULL DEFAULT 'happy',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX accounts_email_live ON accounts (email) WHERE mood <> 'sad';
CREATE TABLE orgs (
  id serial PRIMARY KEY,
  region varchar(20) NOT NULL,
  name text NOT NULL,
  UNIQUE (id, region),
  CONSTRAINT orgs_name_key UNIQUE (name) DEFERRABLE INITIALLY DEFERRED
);
CREATE TABLE "TeamMembers" (
  "accountId" integer REFERENCES accounts (id) ON DELETE CASCADE DEFERRABLE,
  org_id integer,
  region varchar(20) NOT NULL,
  score numeric(5,2) CHECK (score >= 0),
  moods mood[],
  PRIMARY KEY ("accountId", region),
  FOREIGN KEY (org_id, region) REFERENCES orgs (id, region) MATCH FULL ON DELETE SET NULL (org_id)
);
CREATE INDEX teammembers_lower_region ON "TeamMembers" (lower(region));
CREATE TABLE readings (
  account_id integer NOT NULL REFERENCES accounts (id) ON DELETE RESTRICT,
  taken_on date NOT NULL,
  value numeric
) PARTITION BY RANGE (taken_on);
-- Before the partition: the SQL reader gives a partition the indexes its parent has when the
-- partition is created.
CREATE INDEX readings_taken_on ON readings (taken_on);
CREATE TABLE readings_2026 PARTITION OF readings FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE TABLE notes (id integer PRIMARY KEY, body text);
CREATE TABLE pinned_notes (pinned_at timestamptz NOT NULL) INHERITS (notes);
CREATE SCHEMA audit;
CREATE TYPE audit.kind AS ENUM ('login', 'logout');
CREATE TABLE audit.events (
  id bigserial PRIMARY KEY,
  account_id integer REFERENCES accounts (id),
  kind audit.kind NOT NULL
);
)";

// What the catalog reader gives for `public` of schema_ddl on PostgreSQL 15 and later.
const char* expected_public = R"(== database:public.TeamMembers.sql
CREATE TYPE public.mood AS ENUM ('happy', 'sad', 'it''s complicated');
CREATE TABLE public."TeamMembers" (
  "accountId" integer NOT NULL,
  org_id integer,
  region character varying(20) NOT NULL,
  score numeric(5,2),
  moods mood[]
);
ALTER TABLE public."TeamMembers" ADD CONSTRAINT "TeamMembers_pkey" PRIMARY KEY ("accountId", region);
ALTER TABLE public."TeamMembers" ADD CONSTRAINT "TeamMembers_score_check" CHECK ((score >= (0)::numeric));
ALTER TABLE public."TeamMembers" ADD CONSTRAINT "TeamMembers_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES accounts(id) ON DELETE CASCADE DEFERRABLE;
ALTER TABLE public."TeamMembers" ADD CONSTRAINT "TeamMembers_org_id_region_fkey" FOREIGN KEY (org_id, region) REFERENCES orgs(id, region) MATCH FULL ON DELETE SET NULL (org_id);
CREATE INDEX teammembers_lower_region ON public."TeamMembers" USING btree (lower((region)::text));
== database:public.accounts.sql
CREATE DOMAIN public.email AS text NOT NULL CONSTRAINT email_check CHECK ((VALUE ~~ '%@%'::text));
CREATE TABLE public.accounts (
  id integer GENERATED ALWAYS AS IDENTITY NOT NULL,
  email email,
  mood mood DEFAULT 'happy'::mood NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL
);
ALTER TABLE public.accounts ADD CONSTRAINT accounts_pkey PRIMARY KEY (id);
CREATE UNIQUE INDEX accounts_email_live ON public.accounts USING btree (email) WHERE (mood <> 'sad'::mood);
== database:public.notes.sql
CREATE TABLE public.notes (
  id integer NOT NULL,
  body text
);
ALTER TABLE public.notes ADD CONSTRAINT notes_pkey PRIMARY KEY (id);
== database:public.orgs.sql
CREATE TABLE public.orgs (
  id integer DEFAULT nextval('orgs_id_seq'::regclass) NOT NULL,
  region character varying(20) NOT NULL,
  name text NOT NULL
);
ALTER TABLE public.orgs ADD CONSTRAINT orgs_pkey PRIMARY KEY (id);
ALTER TABLE public.orgs ADD CONSTRAINT orgs_id_region_key UNIQUE (id, region);
ALTER TABLE public.orgs ADD CONSTRAINT orgs_name_key UNIQUE (name) DEFERRABLE INITIALLY DEFERRED;
== database:public.pinned_notes.sql
CREATE TABLE public.pinned_notes (
  pinned_at timestamp with time zone NOT NULL
) INHERITS (public.notes);
== database:public.readings.sql
CREATE TABLE public.readings (
  account_id integer NOT NULL,
  taken_on date NOT NULL,
  value numeric
) PARTITION BY RANGE (taken_on);
ALTER TABLE public.readings ADD CONSTRAINT readings_account_id_fkey FOREIGN KEY (account_id) REFERENCES accounts(id) ON DELETE RESTRICT;
CREATE INDEX readings_taken_on ON ONLY public.readings USING btree (taken_on);
== database:public.readings_2026.sql
CREATE TABLE public.readings_2026 PARTITION OF public.readings FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
)";

// A libpq connection of the test's own, to set the database up.
class setup_conn {
 public:
  explicit setup_conn(const std::string& conninfo) : c_(PQconnectdb(conninfo.c_str()), &PQfinish) {
    if (PQstatus(c_.get()) != CONNECTION_OK)
      throw std::runtime_error("cannot connect to the test server");
    PQsetNoticeProcessor(
        c_.get(), [](void*, const char*) {}, nullptr);
  }
  /// Runs statements (several at once); throws on an error.
  void run(const std::string& sql) {
    std::unique_ptr<PGresult, decltype(&PQclear)> r(PQexec(c_.get(), sql.c_str()), &PQclear);
    auto st = PQresultStatus(r.get());
    if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK)
      throw std::runtime_error(std::string("query failed: ") + PQresultErrorMessage(r.get()));
  }
  std::string dbname() const { return PQdb(c_.get()); }
  /// Replaces the test database's schemas with schema_ddl's (the tests of one process share it).
  void load_schema() {
    // `public` as a new database has it: PUBLIC may use it.
    run("DROP SCHEMA IF EXISTS audit, public CASCADE; "
        "CREATE SCHEMA public AUTHORIZATION pg_database_owner; "
        "GRANT USAGE ON SCHEMA public TO PUBLIC");
    run(schema_ddl);
  }

 private:
  std::unique_ptr<PGconn, decltype(&PQfinish)> c_;
};

std::string listing(const std::vector<memory_file>& files) {
  std::string out;
  for (const memory_file& f : files) out += "== " + f.path + "\n" + f.content;
  return out;
}

std::vector<std::string> file_paths(const std::vector<memory_file>& files) {
  std::vector<std::string> out;
  for (const memory_file& f : files) out.push_back(f.path);
  return out;
}

// PostgreSQL prints expressions with casts and extra parentheses (`(score >= (0)::numeric)`
// for `score >= 0`), and qualifies names its search path cannot see (`'public.orgs_id_seq'`):
// compared without casts, parentheses, spaces and `public.`.
std::string bare_expression(std::string_view e) {
  std::string out;
  for (std::size_t i = 0; i < e.size(); ++i) {
    if (e.substr(i, 7) == "public." &&
        (i == 0 || !std::isalnum(static_cast<unsigned char>(e[i - 1])))) {
      i += 6;
      continue;
    }
    if (e.substr(i, 2) == "::") {
      i += 2;
      while (i < e.size() && (std::isalnum(static_cast<unsigned char>(e[i])) || e[i] == '_' ||
                              e[i] == ' ' || e[i] == '"' || e[i] == '.'))
        ++i;
      if (i < e.size() && e[i] == '(')
        while (i < e.size() && e[i] != ')') ++i;
      else
        --i;
      continue;
    }
    if (e[i] == '(' || e[i] == ')' || e[i] == ' ') continue;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(e[i])));
  }
  return out;
}

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ",") + s;
  return out;
}

// The model's facts that a database states, one line each, sorted: tables, columns (type,
// nullability, default), keys (targets, actions, match, deferrable), indexes (columns,
// predicate, unique) and checks.
std::vector<std::string> facts_of(const model& m) {
  std::vector<std::string> out;
  for (const table& t : m.tables()) {
    out.push_back("table " + t.name);
    for (const column& c : t.columns) {
      std::string type = canonical_type(c.type());
      std::string def = c.default_decl() ? std::string(*c.default_decl()->default_value()) : "";
      // A serial column is an integer whose default is its sequence's next value.
      if (c.type() == "serial" || c.type() == "bigserial")
        def = fmt::format("nextval('{}_{}_seq'::regclass)", t.name, c.name);
      out.push_back(fmt::format("column {}.{} type={} not_null={} default={}", t.name, c.name, type,
                                c.not_null(), bare_expression(def)));
    }
    for (const index_def& ix : t.indexes) {
      std::vector<std::string> cols;
      for (const std::string& c : ix.columns) cols.push_back(bare_expression(c));
      out.push_back(fmt::format("index {} {} ({}) unique={} primary={} deferrable={} where={}",
                                t.name, ix.name, joined(cols), ix.unique, ix.primary, ix.deferrable,
                                bare_expression(ix.where)));
    }
    for (const check_def& c : t.checks)
      out.push_back(fmt::format("check {} {} {} not_null=({})", t.name, c.name,
                                bare_expression(c.expression), joined(c.not_null_columns)));
  }
  for (const foreign_key& fk : m.foreign_keys()) {
    const fk_decl& d = fk.decls.front();
    auto act = [](const action* a) {
      return a ? fmt::format("{}({})", to_sql(a->kind), joined(a->columns)) : std::string("-");
    };
    // Not the name: DDL that states none leaves it to PostgreSQL (the catalog's names are
    // checked against the expected text).
    out.push_back(
        fmt::format("fk {}({}) -> {}({}) delete={} update={} match={} "
                    "deferrable={} decls={}",
                    fk.child_table, joined(fk.child_columns), fk.parent_table,
                    joined(fk.parent_columns), act(fk.on_delete()), act(fk.on_update()),
                    static_cast<int>(d.match), d.deferrable, fk.decls.size()));
  }
  std::sort(out.begin(), out.end());
  return out;
}

// A role that may log in and connect to the test's database, and nothing else; dropped at
// the end of the test.
class reader_role {
 public:
  reader_role(setup_conn& admin, std::string db)
      : admin_(admin), db_(std::move(db)), name_(fmt::format("speclint_reader_{}", ::getpid())) {
    admin_.run(
        fmt::format("DROP ROLE IF EXISTS {0}; CREATE ROLE {0} LOGIN; "
                    "REVOKE ALL ON DATABASE {1} FROM PUBLIC; "
                    "GRANT CONNECT ON DATABASE {1} TO {0}",
                    name_, db_));
  }
  ~reader_role() {
    try {
      admin_.run(fmt::format("REVOKE CONNECT ON DATABASE {1} FROM {0}; DROP ROLE {0}", name_, db_));
    } catch (...) {
      // The run's server goes at the end of the run; the role with it.
    }
  }
  reader_role(const reader_role&) = delete;
  reader_role& operator=(const reader_role&) = delete;
  const std::string& name() const { return name_; }

 private:
  setup_conn& admin_;
  std::string db_;
  std::string name_;
};

// The message read_catalog throws for `url`, or "no error".
std::string error_of(const std::string& url, const std::vector<std::string>& schemas = {}) {
  try {
    read_catalog(url, schemas);
  } catch (const catalog_error& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("catalog: every kind of object, `public` only, as one DDL file per table",
          "[postgres][catalog]") {
  SPECLINT_REQUIRE_POSTGRES(server);
  setup_conn admin(server->conninfo());
  admin.load_schema();

  std::vector<memory_file> files = read_catalog(server->conninfo(), {"public"});
  CHECK(listing(files) == expected_public);
  for (const memory_file& f : files) CHECK(f.role == file_role::doc);

  // Every schema but the system's: the second schema's table comes first (`audit` < `public`),
  // with the enum of its own schema.
  std::vector<memory_file> all = read_catalog(server->conninfo(), {});
  CHECK(file_paths(all) ==
        std::vector<std::string>{"database:audit.events.sql", "database:public.TeamMembers.sql",
                                 "database:public.accounts.sql", "database:public.notes.sql",
                                 "database:public.orgs.sql", "database:public.pinned_notes.sql",
                                 "database:public.readings.sql",
                                 "database:public.readings_2026.sql"});
  REQUIRE(!all.empty());
  CHECK(all.front().content ==
        "CREATE TYPE audit.kind AS ENUM ('login', 'logout');\n"
        "CREATE TABLE audit.events (\n"
        "  id bigint DEFAULT nextval('audit.events_id_seq'::regclass) NOT NULL,\n"
        "  account_id integer,\n"
        "  kind audit.kind NOT NULL\n"
        ");\n"
        "ALTER TABLE audit.events ADD CONSTRAINT events_pkey PRIMARY KEY (id);\n"
        "ALTER TABLE audit.events ADD CONSTRAINT events_account_id_fkey FOREIGN KEY "
        "(account_id) REFERENCES accounts(id);\n");
  // The enum `mood` is written once, in the first file that uses it, not again in accounts.
  CHECK(all[2].content.find("CREATE TYPE") == std::string::npos);

  // A schema the database lacks is an error, not an empty schema.
  CHECK(error_of(server->conninfo(), {"public", "no_such_schema"}) ==
        "`" + server->conninfo() + "`: the database has no schema `no_such_schema`");
}

TEST_CASE("catalog: the database's DDL read back gives the model the DDL itself gives",
          "[postgres][catalog]") {
  SPECLINT_REQUIRE_POSTGRES(server);
  setup_conn admin(server->conninfo());
  admin.load_schema();
  config cfg;
  model from_ddl = load_memory(
      {{"schema.md", file_role::doc, std::string("```sql\n") + schema_ddl + "```\n"}}, cfg);
  model from_db = load_memory(read_catalog(server->conninfo(), {}), cfg);
  std::vector<std::string> want = facts_of(from_ddl), got = facts_of(from_db);
  CHECK(want.size() > 40);
  CHECK(got == want);
  CHECK(from_db.load_issues().empty());
}

TEST_CASE("catalog: a role with LOGIN and CONNECT only reads the same schema, read only",
          "[postgres][catalog]") {
  SPECLINT_REQUIRE_POSTGRES(server);
  setup_conn admin(server->conninfo());
  admin.load_schema();
  reader_role role(admin, admin.dbname());
  const std::string as_reader = server->conninfo() + " user=" + role.name();

  std::vector<std::string> seen;
  std::vector<memory_file> files =
      read_catalog(as_reader, {"public"}, [&](const catalog_statement& run) {
        seen.push_back(run("SELECT current_user"));
        seen.push_back(run("SHOW transaction_read_only"));
        // A write is refused by the transaction, before any privilege is looked at.
        seen.push_back(run("CREATE TABLE pg_temp.probe (x integer)"));
      });
  CHECK(seen == std::vector<std::string>{role.name(), "on", "error 25006"});
  CHECK(listing(files) == expected_public);

  // The role can read no table: the catalog is all it used.
  setup_conn reader(as_reader);
  CHECK_THROWS_WITH(reader.run("SELECT * FROM accounts"),
                    Catch::Contains("permission denied for table accounts"));

  // Without the use of schema `public` (PostgreSQL grants it to PUBLIC), the server qualifies
  // its names in expressions and references; the model read is the same.
  admin.run("REVOKE ALL ON SCHEMA public FROM PUBLIC");
  std::vector<memory_file> hidden = read_catalog(as_reader, {"public"});
  CHECK(listing(hidden).find("REFERENCES public.accounts(id)") != std::string::npos);
  config cfg;
  CHECK(facts_of(load_memory(hidden, cfg)) == facts_of(load_memory(files, cfg)));
}

TEST_CASE("catalog: a wrong database is one line without the password", "[postgres][catalog]") {
  SPECLINT_REQUIRE_POSTGRES(server);
  std::string msg = error_of(server->conninfo() + " dbname=no_such_db password='s3cret pw'");
  CHECK(msg.find("s3cret") == std::string::npos);
  CHECK(msg.find('\n') == std::string::npos);
  CHECK(msg.starts_with("`" + server->conninfo() +
                        " dbname=no_such_db password=***`: cannot "
                        "connect to PostgreSQL: "));
  CHECK(msg.ends_with("database \"no_such_db\" does not exist"));
}

TEST_CASE("catalog: an unreachable server and bad URLs are one line without the password",
          "[catalog]") {
  std::string msg = error_of("host=/nonexistent/speclint port=5432 dbname=x password=hunter22");
  CHECK(
      msg.starts_with("`host=/nonexistent/speclint port=5432 dbname=x password=***`: cannot "
                      "connect to PostgreSQL: "));
  CHECK(msg.find("hunter22") == std::string::npos);
  CHECK(msg.find('\n') == std::string::npos);

  // libpq quotes a URI it cannot parse, password and all.
  msg = error_of("postgresql://reader:hunter22@[::1/db");
  CHECK(msg.starts_with("`postgresql://reader:***@[::1/db`: cannot connect to PostgreSQL: "));
  CHECK(msg.find("hunter22") == std::string::npos);

  msg = error_of("postgresql://reader@localhost:5432/db?password=hun%74er22&port=notaport");
  CHECK(msg.starts_with("`postgresql://reader@localhost:5432/db?password=***&port=notaport`: "));
  CHECK(msg.find("hunter22") == std::string::npos);
  CHECK(msg.find("hun%74er22") == std::string::npos);

  msg = error_of("dbname='postgresql://reader:hunter22@' host='unterminated");
  CHECK(msg.find("hunter22") == std::string::npos);
  CHECK(msg.find("cannot connect to PostgreSQL: ") != std::string::npos);
  CHECK(msg.find('\n') == std::string::npos);
}
