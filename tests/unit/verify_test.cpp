// `speclint verify` against a real PostgreSQL, in a database of the test process's own
// (pg_server.hpp).
// Without the server binaries every test here is skipped visibly ([postgres]).

#include <catch2/catch.hpp>

#include <libpq-fe.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcntl.h>
#include <chrono>
#include <map>
#include <memory>
#include <set>
#include <thread>

#include <nlohmann/json.hpp>

#include "pg_server.hpp"
#include "speclint/export.hpp"
#include "speclint/lint.hpp"
#include "speclint/rule.hpp"
#include "speclint/verify.hpp"
#include "support.hpp"

extern char** environ;

using namespace speclint;
using namespace speclint::test;
using nlohmann::json;

namespace {

// Every schema rule's defect, each on its own tables, so that no defect hides another. Two
// probed keys share a constraint name (PostgreSQL allows it on different tables).
const char* planted_core = R"(# Core tables

## `accounts`

| Column | Type | Nullable | Default | References | On Delete | Notes |
|---|---|---|---|---|---|---|
| `id` | `text` | no | | | | PK |
| `email` | `text` | no | | | | looked up, but not unique |

## `sessions`

| Column | Type | Nullable | Default | References | On Delete | Notes |
|---|---|---|---|---|---|---|
| `id` | `text` | no | | | | PK |
| `accountId` | `text` | no | | `accounts.id` | SET NULL | not-null-set-null |

## `tokens`

| Column | Type | Nullable | Default | References | On Delete | Notes |
|---|---|---|---|---|---|---|
| `id` | `text` | no | | | | PK |
| `accountId` | `text` | no | | `accounts.id` | SET DEFAULT | set-default-without-default |

## `invites`

| Column | Type | Nullable | Default | References | On Delete | Notes |
|---|---|---|---|---|---|---|
| `id` | `text` | no | | | | PK |
| `inviteeEmail` | `text` | yes | | `accounts.email` | CASCADE | fk-target-not-unique |

## `logs`

| Column | Type | Nullable | Default | References | On Delete | Notes |
|---|---|---|---|---|---|---|
| `id` | `text` | no | | | | PK |
| `accountId` | `integer` | yes | | `accounts.id` | CASCADE | fk-type-mismatch |

## `audit`

| Column | Type | Nullable | Default | References | On Delete | Notes |
|---|---|---|---|---|---|---|
| `id` | `text` | no | | | | PK |
| `memberId` | `text` | yes | | `members.id` | CASCADE | unknown-table |

## `notes`

| Column | Type | Nullable | Default | References | On Delete | Notes |
|---|---|---|---|---|---|---|
| `id` | `text` | no | | | | PK |
| `accountId` | `text` | yes | | `accounts.uid` | CASCADE | unknown-column |

## `drafts`

| Column | Type | Nullable | Default | References | On Delete | Notes |
|---|---|---|---|---|---|---|
| `id` | `text` | yes | | | | PK (nullable-primary-key) |
| `title` | `text` | yes | | | | |
| `title` | `text` | yes | | | | duplicate-column |

## `events`

| Column | Type | Nullable | Default | References | On Delete | Notes |
|---|---|---|---|---|---|---|
| `name` | `text` | no | | | | missing-primary-key |

## `folders`

| Column | Type | Nullable | Default | References | On Delete | Notes |
|---|---|---|---|---|---|---|
| `id` | `text` | no | | | | PK |
| `ownerId` | `text` | yes | | | | set-columns-on-update (see the reference table) |

## `comments`

| Column | Type | Nullable | Default | References | On Delete | Notes |
|---|---|---|---|---|---|---|
| `id` | `text` | no | | | | PK |
| `accountId` | `text` | yes | | `accounts.id` | CASCADE | conflicting-declaration |
| `draftId` | `text` | yes | | `drafts.id` | DESTROY | unknown-action |

## `cycleA`

| Column | Type | Nullable | Default | References | On Delete | Notes |
|---|---|---|---|---|---|---|
| `id` | `text` | no | | | | PK |
| `bId` | `text` | yes | | `cycleB.id` | CASCADE | cascade-cycle |

## `cycleB`

| Column | Type | Nullable | Default | References | On Delete | Notes |
|---|---|---|---|---|---|---|
| `id` | `text` | no | | | | PK |
| `aId` | `text` | yes | | `cycleA.id` | CASCADE | |

## `projects`

| Column | Type | Nullable | Default | References | On Delete | Notes |
|---|---|---|---|---|---|---|
| `id` | `text` | no | | | | PK |
| `accountId` | `text` | yes | | `accounts.id` | CASCADE | |

## `tasks`

| Column | Type | Nullable | Default | References | On Delete | Notes |
|---|---|---|---|---|---|---|
| `id` | `text` | no | | | | PK |
| `projectId` | `text` | yes | | `projects.id` | RESTRICT | cascade-blocked, fk-missing-index |

## `profiles`

| Column | Type | Nullable | Default | References | On Delete | Notes |
|---|---|---|---|---|---|---|
| `id` | `text` | no | | | | PK |
| `displayName` | `text` | yes | | | | identifier-case (see sql.md) |

## `plans`

| Column | Type | Nullable | Default | References | On Delete | Notes |
|---|---|---|---|---|---|---|
| `id` | `text` | no | | | | PK |
| `tier` | `text` | no | | | | one of `free`, `pro` (enum-without-check, a warning PostgreSQL has no verdict on) |
)";

const char* planted_reference = R"(# References

| FK | References | On Delete | On Update |
|---|---|---|---|
| `folders.ownerId` | `accounts.id` | SET NULL | SET NULL (ownerId) |
| `comments.accountId` | `accounts.id` | RESTRICT | |
)";

const char* planted_sql = R"(# SQL

```sql
CREATE TABLE pairs (
  id text PRIMARY KEY,
  a text,
  b text,
  CONSTRAINT pairs_ab_fkey FOREIGN KEY (a, b) REFERENCES accounts (id)
);
CREATE TABLE codes (id text PRIMARY KEY, code text, CONSTRAINT codes_code_key UNIQUE (code) DEFERRABLE);
CREATE TABLE uses (id text PRIMARY KEY, code text REFERENCES codes (code));
CREATE TABLE slugs (id text PRIMARY KEY, slug text);
CREATE UNIQUE INDEX slugs_live_key ON slugs (slug) WHERE slug IS NOT NULL;
CREATE TABLE links (id text PRIMARY KEY, slug text REFERENCES slugs (slug));
CREATE TABLE posts (
  id text PRIMARY KEY,
  "authorId" text REFERENCES accounts (id) ON DELETE SET NULL ("editorId"),
  "editorId" text
);
CREATE TABLE reviews (
  id text PRIMARY KEY,
  "reviewerId" text CONSTRAINT account_fkey REFERENCES accounts (id) ON DELETE SET NULL,
  CONSTRAINT reviews_reviewer_required CHECK ("reviewerId" IS NOT NULL)
);
CREATE TABLE orgs (id text PRIMARY KEY);
CREATE TABLE "orgAccounts" (
  "orgId" text REFERENCES orgs (id),
  "accountId" text,
  PRIMARY KEY ("orgId", "accountId")
);
CREATE TABLE memberships (
  "orgId" text,
  "teamId" text,
  "accountId" text,
  PRIMARY KEY ("orgId", "teamId"),
  CONSTRAINT account_fkey FOREIGN KEY ("orgId", "accountId")
    REFERENCES "orgAccounts" ("orgId", "accountId") ON DELETE SET NULL
);
CREATE TABLE profiles (id text PRIMARY KEY, displayName text);
CREATE TABLE visits (id text PRIMARY KEY, created_at timestamptz NOT NULL);
CREATE INDEX visits_recent_idx ON visits (created_at)
  WHERE created_at >= now() - interval '7 days';
```
)";

// The design rules' defects: warnings PostgreSQL has no verdict on, on tables of their own.
const char* planted_design = R"(# Design

## `tenants`

| Column | Type | Nullable | Default | References | On Delete | Notes |
|---|---|---|---|---|---|---|
| `id` | `text` | no | | | | PK |

## `tenantProjects`

| Column | Type | Nullable | Default | References | On Delete | Notes |
|---|---|---|---|---|---|---|
| `id` | `text` | no | | | | PK |
| `tenantId` | `text` | no | | `tenants.id` | CASCADE | |

## `tenantKeys`

| Column | Type | Nullable | Default | References | On Delete | Notes |
|---|---|---|---|---|---|---|
| `id` | `text` | no | | | | PK |
| `tenantId` | `text` | no | | `tenants.id` | CASCADE | |
| `projectId` | `text` | yes | | `tenantProjects.id` | CASCADE | tenant-path-divergence |

## `people`

| Column | Type | Nullable | Default | References | On Delete | Notes |
|---|---|---|---|---|---|---|
| `id` | `text` | no | | | | PK |
| `handle` | `text` | no | | | | UNIQUE (soft-delete-unique) |
| `deletedAt` | `timestamptz` | yes | | | | |

## `ledger`

Kind: append-only

| Column | Type | Nullable | Default | References | On Delete | Notes |
|---|---|---|---|---|---|---|
| `id` | `text` | no | | | | PK |
| `tenantId` | `text` | no | | `tenants.id` | CASCADE | ledger-rewritten |

## Deleting `tenants`

- `tenantProjects`: deleted
- `tenantKeys`: deleted
- `ledger`: deleted
- `people`: deleted (cascade-claim)
)";

void write_planted(const temp_dir& dir) {
  dir.write("docs/core.md", planted_core);
  dir.write("docs/design.md", planted_design);
  dir.write("docs/reference.md", planted_reference);
  dir.write("docs/sql.md", planted_sql);
}

// A small clean spec.
void write_clean(const temp_dir& dir) {
  dir.write("docs/core.md",
            "# Core\n\n## `accounts`\n\n"
            "| Column | Type | Nullable | Default | References | On Delete | Notes |\n"
            "|---|---|---|---|---|---|---|\n"
            "| `id` | `text` | no | | | | PK |\n\n"
            "## `sessions`\n\n"
            "| Column | Type | Nullable | Default | References | On Delete | Notes |\n"
            "|---|---|---|---|---|---|---|\n"
            "| `id` | `text` | no | | | | PK |\n"
            "| `accountId` | `text` | yes | | `accounts.id` | SET NULL | |\n\n"
            "### Indexes\n\n| Index | Columns | Unique | Where |\n|---|---|---|---|\n"
            "| `sessions_accountId_idx` | `accountId` | no | |\n");
}

// A libpq connection of the test's own, to watch and to hold locks.
struct conn_free {
  void operator()(PGconn* c) const { PQfinish(c); }
};
class test_conn {
 public:
  explicit test_conn(const std::string& conninfo) : c_(PQconnectdb(conninfo.c_str())) {
    if (!c_ || PQstatus(c_.get()) != CONNECTION_OK)
      throw std::runtime_error("cannot connect to the test server");
  }
  // The first value of the first row ("" when none); throws on an error.
  std::string value(const std::string& sql) {
    std::unique_ptr<PGresult, decltype(&PQclear)> r(PQexec(c_.get(), sql.c_str()), &PQclear);
    auto st = PQresultStatus(r.get());
    if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK)
      throw std::runtime_error(std::string("query failed: ") + PQresultErrorMessage(r.get()));
    if (st != PGRES_TUPLES_OK || PQntuples(r.get()) == 0 || PQgetisnull(r.get(), 0, 0)) return {};
    return PQgetvalue(r.get(), 0, 0);
  }
  int count(const std::string& sql) { return std::stoi(value(sql)); }

 private:
  std::unique_ptr<PGconn, conn_free> c_;
};

const std::string scratch_count =
    "SELECT count(*) FROM pg_namespace WHERE starts_with(nspname, 'speclint_verify_')";

// Starts speclint without waiting; its output goes to files in `out`.
pid_t spawn_speclint(const std::vector<std::string>& args, const fs::path& cwd,
                     const fs::path& out) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  std::string o = (out / "out").string(), e = (out / "err").string();
  posix_spawn_file_actions_addopen(&actions, 1, o.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&actions, 2, e.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  std::string dir = fs::absolute(cwd).string();
  posix_spawn_file_actions_addchdir_np(&actions, dir.c_str());
  std::vector<std::string> argv_s{SPECLINT_BINARY};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("cannot start speclint");
  return pid;
}

int wait_exit(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// Waits until verify has created its scratch schema and is blocked on a lock the test holds;
// returns the blocked backend's pid.
std::string wait_blocked(test_conn& watch) {
  for (int i = 0; i < 3000; ++i) {
    std::string pid = watch.value(
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND "
        "wait_event_type = 'Lock' AND query LIKE 'CREATE TABLE%' LIMIT 1");
    if (!pid.empty() && watch.count(scratch_count) > 0) return pid;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  throw std::runtime_error("verify never reached its first CREATE TABLE");
}

void wait_gone(test_conn& watch, const std::string& backend) {
  for (int i = 0; i < 3000; ++i) {
    if (watch.count("SELECT count(*) FROM pg_stat_activity WHERE pid = " + backend) == 0) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  throw std::runtime_error("the killed run's backend never went away");
}

std::multiset<std::string> rules_with(const json& report, const std::string& outcome) {
  std::multiset<std::string> out;
  for (const auto& i : report["items"])
    if (i["outcome"] == outcome) out.insert(i.value("rule", std::string("(postgres)")));
  return out;
}

}  // namespace

TEST_CASE("the planted spec holds every schema rule's defect", "[verify]") {
  temp_dir dir;
  write_planted(dir);
  run_result r = run_speclint({"check", "--format", "json", "--fail-on", "never"}, dir.path());
  INFO(r.err);
  REQUIRE(r.status == 0);
  std::set<std::string> fired;
  json report = json::parse(r.out);
  for (const auto& f : report["findings"]) fired.insert(f["rule"].get<std::string>());
  for (const rule* rule : all_rules()) {
    if (!rule->info.id.starts_with("schema/")) continue;
    INFO(rule->info.id);
    CHECK(fired.count(std::string(rule->info.id)) == 1);
  }
}

TEST_CASE("verify: an index finding is judged by the verdict on its own index", "[verify]") {
  temp_dir dir;
  dir.write("docs/events.md",
            "# Events\n\n```sql\n"
            "CREATE TABLE events (id text PRIMARY KEY, at timestamptz NOT NULL);\n"
            "CREATE INDEX events_recent_idx ON events (at) WHERE at > now();\n"
            "CREATE INDEX events_sample_idx ON events ((random() < 0.5));\n"
            "CREATE INDEX events_user_idx ON events (id) WHERE id = current_user;\n"
            "```\n");
  lint_options opts;
  opts.root = dir.path();
  opts.jobs = 1;
  opts.only_rules = {"schema/index-predicate-not-immutable"};
  lint_result r = lint(opts);
  REQUIRE(r.findings.size() == 3);
  std::vector<ddl_statement> statements = ddl_of(r.spec, ddl_options{true});
  auto statement = [&](const std::string& name) {
    for (std::size_t i = 0; i < statements.size(); ++i)
      if (statements[i].name == name) return i;
    FAIL("no statement creates " << name);
    return std::size_t{0};
  };
  // The server rejects the first index as speclint says, the second for another reason, and
  // (as if the rule were wrong) accepts the third.
  std::vector<pg_verdict> verdicts(2);
  verdicts[0].statement = statement("events_recent_idx");
  verdicts[0].table = "events";
  verdicts[0].sqlstate = "42P17";
  verdicts[0].message = "functions in index predicate must be marked IMMUTABLE";
  verdicts[1].statement = statement("events_sample_idx");
  verdicts[1].table = "events";
  verdicts[1].sqlstate = "54000";
  verdicts[1].message = "too many columns";
  std::vector<bool> loaded(statements.size(), true);
  loaded[verdicts[0].statement] = loaded[verdicts[1].statement] = false;
  std::vector<verify_item> items =
      compare_verdicts(r.spec, r.findings, statements, loaded, verdicts, false);
  // The other reason is PostgreSQL's alone: missed.
  REQUIRE(items.size() == 4);
  CHECK(items.back().what == verify_item::outcome::missed);
  CHECK(items.back().verdict->sqlstate == "54000");
  items.pop_back();
  std::map<std::string, const verify_item*> by_index;
  for (const verify_item& i : items) {
    REQUIRE(i.about);
    for (const char* name : {"events_recent_idx", "events_sample_idx", "events_user_idx"})
      if (i.about->message.find(name) != std::string::npos) by_index[name] = &i;
  }
  REQUIRE(by_index.size() == 3);
  CHECK(by_index["events_recent_idx"]->what == verify_item::outcome::confirmed);
  CHECK(by_index["events_recent_idx"]->verdict->sqlstate == "42P17");
  CHECK(by_index["events_sample_idx"]->what == verify_item::outcome::not_compared);
  CHECK(by_index["events_sample_idx"]->note ==
        "PostgreSQL rejected the index first: 54000 too many columns");
  CHECK(by_index["events_user_idx"]->what == verify_item::outcome::not_confirmed);
  CHECK(by_index["events_user_idx"]->note == "expected 42P17; PostgreSQL accepted the index");
}

TEST_CASE("verify: speclint and PostgreSQL agree on every planted defect", "[postgres][verify]") {
  SPECLINT_REQUIRE_POSTGRES(server);
  temp_dir dir;
  write_planted(dir);
  run_result r = run_speclint(
      {"verify", "--database", server->conninfo(), "--probe", "--format", "json"}, dir.path());
  INFO(r.out << r.err);
  REQUIRE(r.status == 0);
  json report = json::parse(r.out);
  CHECK(report["agree"] == true);
  CHECK(report["counts"]["not_confirmed"] == 0);
  CHECK(report["counts"]["missed"] == 0);
  CHECK(report["counts"]["not_compared"] == 0);
  // Exactly the rules PostgreSQL has a verdict on, each confirmed by the SQLSTATE it predicts.
  std::multiset<std::string> confirmed = rules_with(report, "confirmed");
  std::set<std::string> distinct(confirmed.begin(), confirmed.end());
  std::set<std::string> expected;
  for (const rule* rule : all_rules())
    if (expectation_of(rule->info.id)) expected.insert(std::string(rule->info.id));
  CHECK(distinct == expected);
  CHECK(confirmed.size() == expected.size());
  std::map<std::string, std::string> states;
  for (const auto& i : report["items"]) states[i["rule"]] = i["verdict"]["sqlstate"];
  CHECK(states["schema/set-null-violates-check"] == "23514");
  CHECK(states["schema/set-null-shared-key-column"] == "23502");
  CHECK(states["schema/fk-target-deferrable"] == "55000");
  CHECK(states["schema/set-null-columns-not-in-fk"] == "42P10");
  CHECK(states["schema/set-columns-on-update"] == "0A000");
  CHECK(states["schema/fk-type-mismatch"] == "42804");
  CHECK(states["schema/index-predicate-not-immutable"] == "42P17");
  // 4 keys with SET NULL / SET DEFAULT loaded and were probed; 2 foreign keys were rejected
  // only after the tables loaded.
  CHECK(report["probed"] == 4);
  test_conn watch(server->conninfo());
  CHECK(watch.count(scratch_count) == 0);
}

TEST_CASE("verify: without --probe, a CHECK violation is not compared but nothing disagrees",
          "[postgres][verify]") {
  SPECLINT_REQUIRE_POSTGRES(server);
  temp_dir dir;
  write_planted(dir);
  run_result r =
      run_speclint({"verify", "--database", server->conninfo(), "--format", "json"}, dir.path());
  INFO(r.out << r.err);
  REQUIRE(r.status == 0);
  json report = json::parse(r.out);
  CHECK(report["agree"] == true);
  CHECK(report["probed"] == 0);
  CHECK(rules_with(report, "not compared") ==
        std::multiset<std::string>{"schema/set-null-violates-check"});
}

TEST_CASE("verify: the probe judges a SET NULL by the checks on its columns, not the others",
          "[postgres][verify]") {
  SPECLINT_REQUIRE_POSTGRES(server);
  temp_dir dir;
  // The probe writes `'1'` into `role`, which its check refuses; only `authorId`'s check may
  // judge the delete, and it lets the NULL through.
  dir.write("docs/posts.md",
            "# Posts\n\n```sql\n"
            "CREATE TABLE authors (id text PRIMARY KEY);\n"
            "CREATE TABLE posts (id text PRIMARY KEY,\n"
            "  \"authorId\" text REFERENCES authors (id) ON DELETE SET NULL,\n"
            "  role text NOT NULL CHECK (role IN ('owner', 'member')),\n"
            "  CHECK (\"authorId\" <> ''));\n"
            "CREATE INDEX ON posts (\"authorId\");\n```\n");
  run_result r = run_speclint(
      {"verify", "--database", server->conninfo(), "--probe", "--format", "json"}, dir.path());
  INFO(r.out << r.err);
  REQUIRE(r.status == 0);
  json report = json::parse(r.out);
  CHECK(report["agree"] == true);
  CHECK(report["probed"] == 1);
  CHECK(report["items"].empty());
}

TEST_CASE("verify: a rule turned off leaves a PostgreSQL error missed, and the exit status says so",
          "[postgres][verify]") {
  SPECLINT_REQUIRE_POSTGRES(server);
  temp_dir dir;
  write_planted(dir);
  dir.write(".speclint.yaml", "rules:\n  schema/fk-target-not-unique: off\n");
  run_result r = run_speclint({"verify", "--database", server->conninfo(), "--probe"}, dir.path());
  INFO(r.out << r.err);
  CHECK(r.status == 1);
  CHECK(r.out.find("\nmissed:\n  postgres: 42830 (ddl) there is no unique constraint matching "
                   "given keys for "
                   "referenced table \"accounts\"\n    ALTER TABLE \"invites\" ADD CONSTRAINT") !=
        std::string::npos);
  CHECK(r.out.find("0 not confirmed, 1 missed, 0 not compared: speclint and PostgreSQL disagree") !=
        std::string::npos);
}

TEST_CASE("verify: the repository's own spec loads completely and agrees", "[postgres][verify]") {
  SPECLINT_REQUIRE_POSTGRES(server);
  run_result r = run_speclint(
      {"verify", "--database", server->conninfo(), "--probe", "--format", "json"}, source_dir());
  INFO(r.out << r.err);
  REQUIRE(r.status == 0);
  json report = json::parse(r.out);
  CHECK(report["agree"] == true);
  CHECK(report["loaded"] == report["statements"]);
  CHECK(report["items"].empty());
}

TEST_CASE("verify: two keys on one column are two constraints, each with its own verdict",
          "[postgres][verify]") {
  SPECLINT_REQUIRE_POSTGRES(server);
  temp_dir dir;
  dir.write("docs/keys.md",
            "# Keys\n\n```sql\n"
            "CREATE TABLE parents (id integer PRIMARY KEY, code text UNIQUE);\n"
            "CREATE TABLE children (id integer PRIMARY KEY,\n"
            "  parent_id integer REFERENCES parents (id));\n"
            "CREATE INDEX ON children (parent_id);\n"
            "ALTER TABLE children ADD CONSTRAINT children_code_fk\n"
            "  FOREIGN KEY (parent_id) REFERENCES parents (code);\n```\n");
  run_result r =
      run_speclint({"verify", "--database", server->conninfo(), "--format", "json"}, dir.path());
  INFO(r.out << r.err);
  REQUIRE(r.status == 0);
  json report = json::parse(r.out);
  CHECK(report["agree"] == true);
  // Two tables, the unique key, the index and both foreign keys; PostgreSQL rejects the second.
  CHECK(report["statements"] == 6);
  CHECK(report["loaded"] == 5);
  REQUIRE(report["items"].size() == 1);
  const json& item = report["items"][0];
  CHECK(item["outcome"] == "confirmed");
  CHECK(item["rule"] == "schema/fk-type-mismatch");
  CHECK(item["line"] == 8);
  CHECK(item["verdict"]["sqlstate"] == "42804");
  CHECK(item["verdict"]["message"].get<std::string>().find("children_code_fk") !=
        std::string::npos);
}

TEST_CASE("verify: a bad connection is a usage error and touches nothing", "[postgres][verify]") {
  SPECLINT_REQUIRE_POSTGRES(server);
  temp_dir dir;
  write_clean(dir);
  run_result r =
      run_speclint({"verify", "--database", server->conninfo() + " dbname=no_such_db"}, dir.path());
  CHECK(r.status == 2);
  CHECK(r.out.empty());
  CHECK(r.err.starts_with("speclint: cannot connect to PostgreSQL: "));
  CHECK(r.err.find("database \"no_such_db\" does not exist") != std::string::npos);
}

TEST_CASE("verify: a run killed after creating its schema is cleaned up by the next run",
          "[postgres][verify]") {
  SPECLINT_REQUIRE_POSTGRES(server);
  temp_dir dir, out;
  write_clean(dir);
  test_conn lock(server->conninfo()), watch(server->conninfo());
  REQUIRE(watch.count(scratch_count) == 0);
  // Creating a table writes pg_type: holding it stops verify right after CREATE SCHEMA.
  lock.value("BEGIN");
  lock.value("LOCK TABLE pg_catalog.pg_type IN EXCLUSIVE MODE");
  pid_t pid = spawn_speclint({"verify", "--database", server->conninfo()}, dir.path(), out.path());
  std::string backend;
  try {
    backend = wait_blocked(watch);
  } catch (...) {
    kill(pid, SIGKILL);
    wait_exit(pid);
    lock.value("ROLLBACK");
    throw;
  }
  kill(pid, SIGKILL);
  CHECK(wait_exit(pid) == 128 + SIGKILL);
  std::string stale = watch.value(
      "SELECT nspname FROM pg_namespace WHERE starts_with(nspname, 'speclint_verify_')");
  lock.value("ROLLBACK");
  wait_gone(watch, backend);
  REQUIRE(watch.count(scratch_count) == 1);

  run_result r = run_speclint({"verify", "--database", server->conninfo()}, dir.path());
  INFO(r.out << r.err);
  CHECK(r.status == 0);
  CHECK(r.out.find("dropped stale scratch schema " + stale + " of an earlier run\n") !=
        std::string::npos);
  CHECK(watch.count(scratch_count) == 0);
}

TEST_CASE("verify: a scratch schema whose run is alive is left alone", "[postgres][verify]") {
  SPECLINT_REQUIRE_POSTGRES(server);
  temp_dir dir;
  write_clean(dir);
  test_conn other(server->conninfo()), watch(server->conninfo());
  // What a concurrent run holds: its schema and the advisory lock keyed by the name's hex part.
  other.value("CREATE SCHEMA speclint_verify_1000000000_0000abcd");
  other.value("SELECT pg_advisory_lock(" + std::to_string(0x5c1e) + ", " + std::to_string(0xabcd) +
              ")");
  run_result r = run_speclint({"verify", "--database", server->conninfo()}, dir.path());
  CHECK(r.status == 0);
  CHECK(r.out.find("stale") == std::string::npos);
  CHECK(watch.count(scratch_count) == 1);
  other.value("SELECT pg_advisory_unlock_all()");
  r = run_speclint({"verify", "--database", server->conninfo()}, dir.path());
  CHECK(
      r.out.find(
          "dropped stale scratch schema speclint_verify_1000000000_0000abcd of an earlier run\n") !=
      std::string::npos);
  CHECK(watch.count(scratch_count) == 0);
}

TEST_CASE("verify: SIGTERM mid-run drops the scratch schema before exiting", "[postgres][verify]") {
  SPECLINT_REQUIRE_POSTGRES(server);
  temp_dir dir, out;
  write_clean(dir);
  test_conn lock(server->conninfo()), watch(server->conninfo());
  lock.value("BEGIN");
  lock.value("LOCK TABLE pg_catalog.pg_type IN EXCLUSIVE MODE");
  pid_t pid = spawn_speclint({"verify", "--database", server->conninfo()}, dir.path(), out.path());
  try {
    wait_blocked(watch);
  } catch (...) {
    kill(pid, SIGKILL);
    wait_exit(pid);
    lock.value("ROLLBACK");
    throw;
  }
  kill(pid, SIGTERM);
  lock.value("ROLLBACK");  // whether or not the cancel came first, the run must clean up
  int status = wait_exit(pid);
  CHECK(status == 128 + SIGTERM);
  CHECK(read_file(out.path() / "err") == "speclint: interrupted; the scratch schema was dropped\n");
  CHECK(watch.count(scratch_count) == 0);
}
