// Talking to PostgreSQL with libpq (libpq.hpp): the scratch schema, loading the DDL, the
// catalog check and the probe deletes.

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstring>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <type_traits>

#include <fmt/format.h>

#include "libpq.hpp"
#include "speclint/text.hpp"
#include "speclint/verify.hpp"

namespace speclint {

namespace {

using pg::outcome;
using pg::session;

struct cancel_free {
  void operator()(PGcancel* c) const { pg::libpq().freeCancel(c); }
};
using cancel_ptr = std::unique_ptr<PGcancel, cancel_free>;

// --- signals -------------------------------------------------------------------------------

volatile std::sig_atomic_t received_signal = 0;
std::atomic<PGcancel*> current_cancel{nullptr};
// Set before the handler is installed, so that the handler reads a plain pointer.
decltype(&::PQcancel) cancel_fn = nullptr;

extern "C" void on_signal(int sig) {
  received_signal = sig;
  // PQcancel is safe in a signal handler: it stops the statement running now, so the
  // scratch schema can be dropped right away.
  if (PGcancel* c = current_cancel.load()) {
    char buf[256];
    cancel_fn(c, buf, sizeof buf);
  }
  // A second signal ends the process at once.
  std::signal(sig, SIG_DFL);
}

// Installs the SIGINT and SIGTERM handlers for the life of a verification.
class signal_guard {
 public:
  explicit signal_guard(PGcancel* cancel) : cancel_(cancel) {
    received_signal = 0;
    cancel_fn = pg::libpq().cancel;
    current_cancel.store(cancel_.get());
    struct sigaction sa {};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_int_);
    sigaction(SIGTERM, &sa, &old_term_);
  }
  ~signal_guard() {
    current_cancel.store(nullptr);
    sigaction(SIGINT, &old_int_, nullptr);
    sigaction(SIGTERM, &old_term_, nullptr);
  }
  signal_guard(const signal_guard&) = delete;
  signal_guard& operator=(const signal_guard&) = delete;

 private:
  cancel_ptr cancel_;
  struct sigaction old_int_ {
  }, old_term_{};
};

void check_interrupt() {
  if (received_signal != 0) throw verify_interrupted(received_signal);
}

// --- the scratch schema ---------------------------------------------------------------------

// Advisory-lock class of scratch schemas; the key is the name's random part. A run holds
// its lock for as long as its connection lives, so a schema whose lock is free belongs to
// a run that is gone.
constexpr int lock_class = 0x5c1e;

struct scratch_name {
  std::string name;
  long long seconds = 0;
  std::int32_t key = 0;
};

std::optional<scratch_name> parse_scratch(std::string_view name) {
  if (!name.starts_with(scratch_prefix)) return std::nullopt;
  std::string_view rest = name.substr(scratch_prefix.size());
  auto us = rest.find('_');
  if (us == std::string_view::npos || us == 0 || rest.size() - us - 1 != 8) return std::nullopt;
  scratch_name out;
  out.name = std::string(name);
  for (char c : rest.substr(0, us)) {
    if (c < '0' || c > '9') return std::nullopt;
    out.seconds = out.seconds * 10 + (c - '0');
  }
  std::uint32_t key = 0;
  for (char c : rest.substr(us + 1)) {
    int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    if (d < 0) return std::nullopt;
    key = key * 16 + static_cast<std::uint32_t>(d);
  }
  out.key = static_cast<std::int32_t>(key);
  return out;
}

class scratch_schema {
 public:
  scratch_schema(session& s, std::string conninfo) : s_(s), conninfo_(std::move(conninfo)) {}
  ~scratch_schema() { drop(); }
  scratch_schema(const scratch_schema&) = delete;
  scratch_schema& operator=(const scratch_schema&) = delete;

  void create(const std::string& name, std::int32_t key) {
    name_ = name;
    outcome lock = s_.exec("SELECT pg_advisory_lock($1::int4, $2::int4)",
                           {std::to_string(lock_class), std::to_string(key)});
    if (!lock.ok)
      throw verify_error(
          fmt::format("cannot take the scratch schema's advisory lock: {}", lock.message));
    outcome made = s_.exec(fmt::format("CREATE SCHEMA {}", quote_ident(name)));
    if (!made.ok)
      throw verify_error(fmt::format("cannot create the scratch schema {}: {} ({})", name,
                                     made.message, made.sqlstate));
    created_ = true;
  }

  // Drops the schema; on a broken connection, from a fresh one.
  void drop() noexcept {
    if (!created_) return;
    created_ = false;
    std::string sql = fmt::format("DROP SCHEMA IF EXISTS {} CASCADE", quote_ident(name_));
    try {
      if (s_.alive()) {
        s_.exec("ROLLBACK");
        if (s_.exec(sql).ok) return;
      }
      session again(conninfo_);
      again.exec(sql);
    } catch (...) {
      // Nothing more can be done here; the next run drops it as stale.
    }
  }

 private:
  session& s_;
  std::string conninfo_;
  std::string name_;
  bool created_ = false;
};

// Drops the scratch schemas of runs that are gone: named with our prefix, created before
// this run started, and with their advisory lock free.
std::vector<std::string> drop_stale(session& s, long long started) {
  std::vector<std::string> dropped;
  outcome list =
      s.exec("SELECT nspname FROM pg_namespace WHERE starts_with(nspname, $1) ORDER BY nspname",
             {std::string(scratch_prefix)});
  if (!list.ok) return dropped;
  for (int i = 0; i < list.rows(); ++i) {
    auto parsed = parse_scratch(list.value(i, 0));
    if (!parsed || parsed->seconds > started) continue;
    std::vector<std::string> key{std::to_string(lock_class), std::to_string(parsed->key)};
    outcome got = s.exec("SELECT pg_try_advisory_lock($1::int4, $2::int4)", key);
    if (!got.ok || got.value(0, 0) != "t") continue;  // its run is still going
    if (s.exec(fmt::format("DROP SCHEMA IF EXISTS {} CASCADE", quote_ident(parsed->name))).ok)
      dropped.push_back(parsed->name);
    s.exec("SELECT pg_advisory_unlock($1::int4, $2::int4)", key);
  }
  return dropped;
}

// --- probes ----------------------------------------------------------------------------------

// A text value that the column's type accepts, so that a parent and a child row of the
// same type family hold equal keys.
std::string sample_value(const std::string& typname, const std::string& category,
                         const std::string& enum_label) {
  if (typname == "uuid") return "00000000-0000-0000-0000-000000000001";
  if (typname == "json" || typname == "jsonb") return "{}";
  if (typname == "bytea") return "\\x01";
  if (typname == "xml") return "<x/>";
  if (typname == "date") return "2000-01-01";
  if (typname == "time" || typname == "timetz") return "00:00:00";
  if (typname.starts_with("timestamp")) return "2000-01-01 00:00:00+00";
  if (category == "B") return "true";
  if (category == "T") return "1 day";
  if (category == "I") return "127.0.0.1";
  if (category == "A") return "{}";
  if (category == "E") return enum_label;
  return "1";
}

struct fk_row {
  std::string name, child, parent;
  char on_delete = 'a';
};

class verifier {
 public:
  verifier(const lint_result& r, const verify_options& o) : r_(r), o_(o) {}

  verify_report run() {
    verify_report rep;
    rep.probe = o_.probe;
    session s(o_.database);
    signal_guard signals(s.new_cancel());
    int v = s.server_version();
    rep.server_version = fmt::format("{}.{}", v / 10000, v % 10000);
    auto now = std::chrono::system_clock::now();
    long long started =
        std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
    rep.stale_dropped = drop_stale(s, started);
    check_interrupt();

    std::random_device rd;
    std::uint32_t key = rd();
    rep.schema = fmt::format("{}{}_{:08x}", scratch_prefix, started, key);
    scratch_schema scratch(s, o_.database);
    scratch.create(rep.schema, static_cast<std::int32_t>(key));
    schema_ = rep.schema;
    outcome path = s.exec(fmt::format("SET search_path TO {}, pg_catalog", quote_ident(schema_)));
    if (!path.ok) throw verify_error(fmt::format("cannot set search_path: {}", path.message));
    s.exec("SET client_min_messages TO warning");

    // Every table goes into the scratch schema, whatever schema the spec names.
    rep.statements = ddl_of(r_.spec, ddl_options{true});
    for (std::size_t i = 0; i < rep.statements.size(); ++i) {
      const ddl_statement& st = rep.statements[i];
      outcome o = s.exec(st.sql);
      check_interrupt();
      rep.loaded.push_back(o.ok);
      if (o.ok) {
        if (st.what == ddl_statement::kind::foreign_key) fk_by_name_[{st.table, st.name}] = st.fk;
        continue;
      }
      pg_verdict verdict;
      verdict.what = pg_verdict::kind::ddl;
      verdict.statement = i;
      if (st.what == ddl_statement::kind::foreign_key) verdict.fk = st.fk;
      verdict.table = st.table;
      verdict.sqlstate = o.sqlstate;
      verdict.message = o.message;
      rep.verdicts.push_back(std::move(verdict));
    }

    std::vector<fk_row> fks = catalog(s, rep);
    check_interrupt();
    if (o_.probe)
      for (const fk_row& fk : fks)
        if ((fk.on_delete == 'n' || fk.on_delete == 'd') && fk.child != fk.parent) {
          probe(s, rep, fk, fks);
          ++rep.probed;
          check_interrupt();
        }
    scratch.drop();
    rep.items = compare_verdicts(r_.spec, all_findings(), rep.statements, rep.loaded, rep.verdicts,
                                 o_.probe);
    return rep;
  }

 private:
  // Suppressed findings still explain what PostgreSQL says.
  std::vector<finding> all_findings() const {
    std::vector<finding> all = r_.findings;
    all.insert(all.end(), r_.suppressed.begin(), r_.suppressed.end());
    return all;
  }

  // Constraint names are unique per table only.
  std::optional<std::size_t> fk_index(const std::string& table, const std::string& name) const {
    auto it = fk_by_name_.find({table, name});
    if (it == fk_by_name_.end()) return std::nullopt;
    return it->second;
  }

  // The foreign keys that loaded, and a verdict for each SET NULL / SET DEFAULT that the
  // catalog shows must fail: it sets a NOT NULL column to NULL (SET DEFAULT without a default
  // sets NULL too).
  std::vector<fk_row> catalog(session& s, verify_report& rep) {
    std::vector<fk_row> out;
    outcome keys = s.exec(
        "SELECT c.conname, cl.relname, p.relname, c.confdeltype, c.confupdtype FROM pg_constraint "
        "c "
        "JOIN pg_class cl ON cl.oid = c.conrelid JOIN pg_class p ON p.oid = c.confrelid "
        "WHERE c.contype = 'f' AND c.connamespace = (SELECT oid FROM pg_namespace WHERE nspname = "
        "$1) "
        "ORDER BY c.conname",
        {schema_});
    if (!keys.ok) throw verify_error(fmt::format("cannot read the catalog: {}", keys.message));
    for (int i = 0; i < keys.rows(); ++i) {
      fk_row row{keys.value(i, 0), keys.value(i, 1), keys.value(i, 2),
                 keys.value(i, 3).empty() ? 'a' : keys.value(i, 3)[0]};
      out.push_back(row);
      char upd = keys.value(i, 4).empty() ? 'a' : keys.value(i, 4)[0];
      bool suspect = row.on_delete == 'n' || row.on_delete == 'd' || upd == 'n' || upd == 'd';
      if (suspect) ++rep.catalog_checked;
    }
    // PostgreSQL 15 added SET NULL (cols) for ON DELETE: confdelsetcols.
    std::string delete_cols =
        s.server_version() >= 150000 ? "coalesce(c.confdelsetcols, c.conkey)" : "c.conkey";
    outcome cols = s.exec(
        "SELECT c.conname, act.clause, act.action, a.attname, cl.relname FROM pg_constraint c "
        "JOIN pg_class cl ON cl.oid = c.conrelid "
        "CROSS JOIN LATERAL (VALUES ('ON DELETE', c.confdeltype, " +
            delete_cols +
            "), "
            "('ON UPDATE', c.confupdtype, c.conkey)) AS act(clause, action, cols) "
            "JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (act.cols) "
            "WHERE c.contype = 'f' AND c.connamespace = (SELECT oid FROM pg_namespace WHERE "
            "nspname = $1) "
            "AND act.action IN ('n', 'd') AND a.attnotnull AND (act.action = 'n' OR NOT "
            "a.atthasdef) "
            "ORDER BY c.conname, act.clause, a.attnum",
        {schema_});
    if (!cols.ok) throw verify_error(fmt::format("cannot read the catalog: {}", cols.message));
    for (int i = 0; i < cols.rows(); ++i) {
      pg_verdict v;
      v.what = pg_verdict::kind::catalog;
      v.fk = fk_index(cols.value(i, 4), cols.value(i, 0));
      v.sqlstate = "23502";
      bool set_null = cols.value(i, 2) == "n";
      v.message =
          fmt::format("{} {} of \"{}\" sets NOT NULL column \"{}\" to NULL{}", cols.value(i, 1),
                      set_null ? "SET NULL" : "SET DEFAULT", cols.value(i, 0), cols.value(i, 3),
                      set_null ? "" : " (it has no default)");
      if (v.fk) v.table = r_.spec.foreign_keys()[*v.fk].child_table;
      rep.verdicts.push_back(std::move(v));
    }
    return out;
  }

  // Inserts one row into a table, every column given a value of its type.
  outcome insert_row(session& s, const std::string& table) {
    std::string rel = quote_ident(schema_) + "." + quote_ident(table);
    outcome cols = s.exec(
        "SELECT a.attname, format_type(a.atttypid, a.atttypmod), t.typname, t.typcategory, "
        "(SELECT e.enumlabel FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder "
        "LIMIT 1) "
        "FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid "
        "WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped "
        "AND a.attgenerated = '' AND a.attidentity <> 'a' ORDER BY a.attnum",
        {rel});
    if (!cols.ok) return cols;
    std::vector<std::string> names, values, params;
    for (int i = 0; i < cols.rows(); ++i) {
      names.push_back(quote_ident(cols.value(i, 0)));
      values.push_back(fmt::format("${}::{}", i + 1, cols.value(i, 1)));
      params.push_back(sample_value(cols.value(i, 2), cols.value(i, 3), cols.value(i, 4)));
    }
    if (names.empty()) return s.exec(fmt::format("INSERT INTO {} DEFAULT VALUES", rel));
    return s.exec(fmt::format("INSERT INTO {} ({}) VALUES ({})", rel, fmt::join(names, ", "),
                              fmt::join(values, ", ")),
                  params);
  }

  // One isolated delete: in a transaction that is rolled back, every other foreign key is
  // dropped, one row goes into the parent and one into the child (triggers off, CHECKs off
  // and put back NOT VALID so they judge the update), then the parent row is deleted.
  void probe(session& s, verify_report& rep, const fk_row& fk, const std::vector<fk_row>& all) {
    pg_verdict v;
    v.what = pg_verdict::kind::probe;
    v.fk = fk_index(fk.child, fk.name);
    v.table = fk.child;
    auto fail = [&](const std::string& step, const outcome& o) {
      v.inconclusive = true;
      v.sqlstate = o.sqlstate;
      v.message = fmt::format("{}: {}", step, o.message);
      s.exec("ROLLBACK");
      rep.verdicts.push_back(v);
    };
    outcome begin = s.exec("BEGIN");
    if (!begin.ok) return fail("BEGIN", begin);
    for (const fk_row& other : all) {
      if (other.name == fk.name && other.child == fk.child) continue;
      outcome o = s.exec(fmt::format("ALTER TABLE {}.{} DROP CONSTRAINT {}", quote_ident(schema_),
                                     quote_ident(other.child), quote_ident(other.name)));
      if (!o.ok) return fail(fmt::format("dropping foreign key \"{}\"", other.name), o);
    }
    // The fourth column says whether the check names a column of the probed key: only those
    // are put back, since a check on other columns judges the probe's made-up values (`'1'`
    // for an enumerated `text`), not what the key's action writes.
    outcome checks = s.exec(
        "SELECT cl.relname, c.conname, pg_get_constraintdef(c.oid), EXISTS (SELECT 1 FROM "
        "pg_constraint f WHERE f.conrelid = c.conrelid AND f.contype = 'f' AND f.conname = $4 "
        "AND f.conkey && c.conkey) FROM pg_constraint c "
        "JOIN pg_class cl ON cl.oid = c.conrelid WHERE c.contype = 'c' AND cl.relname IN ($2, $3) "
        "AND c.connamespace = (SELECT oid FROM pg_namespace WHERE nspname = $1) ORDER BY 1, 2",
        {schema_, fk.child, fk.parent, fk.name});
    if (!checks.ok) return fail("reading CHECK constraints", checks);
    for (int i = 0; i < checks.rows(); ++i) {
      outcome o =
          s.exec(fmt::format("ALTER TABLE {}.{} DROP CONSTRAINT {}", quote_ident(schema_),
                             quote_ident(checks.value(i, 0)), quote_ident(checks.value(i, 1))));
      if (!o.ok) return fail("dropping a CHECK constraint", o);
    }
    // Needs a superuser; the parent row goes in first, so the rows fit without it too.
    s.exec("SAVEPOINT replica");
    bool replica = s.exec("SET LOCAL session_replication_role = replica").ok;
    if (!replica) s.exec("ROLLBACK TO SAVEPOINT replica");
    if (outcome o = insert_row(s, fk.parent); !o.ok)
      return fail(fmt::format("inserting a row into \"{}\"", fk.parent), o);
    if (outcome o = insert_row(s, fk.child); !o.ok)
      return fail(fmt::format("inserting a row into \"{}\"", fk.child), o);
    if (replica) s.exec("SET LOCAL session_replication_role = origin");
    for (int i = 0; i < checks.rows(); ++i) {
      if (checks.value(i, 0) != fk.child || checks.value(i, 3) != "t") continue;
      outcome o = s.exec(fmt::format("ALTER TABLE {}.{} ADD CONSTRAINT {} {} NOT VALID",
                                     quote_ident(schema_), quote_ident(fk.child),
                                     quote_ident(checks.value(i, 1)), checks.value(i, 2)));
      if (!o.ok) return fail("restoring a CHECK constraint", o);
    }
    outcome del =
        s.exec(fmt::format("DELETE FROM {}.{}", quote_ident(schema_), quote_ident(fk.parent)));
    v.sqlstate = del.ok ? std::string() : del.sqlstate;
    v.message = del.ok ? fmt::format("deleting the \"{}\" row succeeded", fk.parent)
                       : fmt::format("deleting the \"{}\" row: {}", fk.parent, del.message);
    s.exec("ROLLBACK");
    rep.verdicts.push_back(std::move(v));
  }

  const lint_result& r_;
  const verify_options& o_;
  std::string schema_;
  std::map<std::pair<std::string, std::string>, std::size_t> fk_by_name_;  ///< (table, constraint)
};

}  // namespace

verify_report verify(const lint_result& r, const verify_options& opts) {
  try {
    return verifier(r, opts).run();
  } catch (const pg::error& e) {
    throw verify_error(e.what());
  }
}

}  // namespace speclint
