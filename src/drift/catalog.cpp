// Reading a database's catalog into DDL text: a handful of catalog queries in one read-only
// transaction; PostgreSQL's own deparsers (format_type, pg_get_expr, pg_get_constraintdef,
// pg_get_indexdef) write every type, default, constraint and index, so the text is what the
// server would accept back.

#include "catalog.hpp"

#include <map>
#include <set>

#include <fmt/format.h>

#include "../verify/libpq.hpp"

namespace speclint {

namespace {

// The tables read: plain and partitioned tables of the chosen schemas. $1 is the list of
// schemas; empty, every schema but the system's (and other sessions' temporary ones).
constexpr const char* selected_tables = R"(WITH sel AS (
  SELECT c.oid FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p')
    AND (CASE WHEN cardinality($1::text[]) = 0
         THEN n.nspname NOT IN ('pg_catalog', 'information_schema')
              AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp\_%'
         ELSE n.nspname = ANY ($1::text[]) END))
)";

constexpr const char* tables_query = R"(
SELECT c.oid, quote_ident(n.nspname), quote_ident(c.relname), n.nspname, c.relname,
  c.relpersistence = 'u', c.relispartition,
  CASE WHEN c.relkind = 'p' THEN pg_catalog.pg_get_partkeydef(c.oid) END,
  CASE WHEN c.relispartition THEN pg_catalog.pg_get_expr(c.relpartbound, c.oid) END,
  (SELECT string_agg(quote_ident(pn.nspname) || '.' || quote_ident(p.relname), ', '
                     ORDER BY i.inhseqno)
   FROM pg_catalog.pg_inherits i JOIN pg_catalog.pg_class p ON p.oid = i.inhparent
   JOIN pg_catalog.pg_namespace pn ON pn.oid = p.relnamespace WHERE i.inhrelid = c.oid)
FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.oid IN (SELECT oid FROM sel)
ORDER BY n.nspname COLLATE "C", c.relname COLLATE "C")";

// Columns in order; the last column is the type a column's enum or domain is found by (an
// array's element type). A type of schema `public` is written bare whether or not the role
// may use the schema (format_type qualifies what the search path cannot see), so that the
// text does not depend on the role's privileges.
constexpr const char* columns_query = R"(
SELECT a.attrelid, quote_ident(a.attname),
  CASE WHEN en.nspname = 'public' AND starts_with(f.ft, 'public.') THEN substr(f.ft, 8)
       ELSE f.ft END,
  pg_catalog.pg_get_expr(d.adbin, d.adrelid), a.attnotnull, a.attidentity, a.attgenerated,
  a.attislocal, f.elem
FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
CROSS JOIN LATERAL (SELECT pg_catalog.format_type(a.atttypid, a.atttypmod) AS ft,
  CASE WHEN t.typcategory = 'A' AND t.typelem <> 0 THEN t.typelem ELSE t.oid END AS elem) f
JOIN pg_catalog.pg_type et ON et.oid = f.elem
JOIN pg_catalog.pg_namespace en ON en.oid = et.typnamespace
LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE a.attrelid IN (SELECT oid FROM sel) AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attrelid, a.attnum)";

// A table's own constraints (not those a partition or child inherits), keys first. NOT NULL
// is the column's (attnotnull), never a constraint line.
constexpr const char* constraints_query = R"(
SELECT co.conrelid, quote_ident(co.conname), pg_catalog.pg_get_constraintdef(co.oid)
FROM pg_catalog.pg_constraint co
WHERE co.conrelid IN (SELECT oid FROM sel) AND co.contype IN ('p', 'u', 'x', 'c', 'f')
  AND co.conislocal AND co.conparentid = 0
ORDER BY co.conrelid,
  CASE co.contype WHEN 'p' THEN 0 WHEN 'u' THEN 1 WHEN 'x' THEN 2 WHEN 'c' THEN 3 ELSE 4 END,
  co.conname COLLATE "C")";

// Indexes that no constraint owns and that are not a partition's copy of its parent's.
constexpr const char* indexes_query = R"(
SELECT i.indrelid, pg_catalog.pg_get_indexdef(i.indexrelid)
FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
WHERE i.indrelid IN (SELECT oid FROM sel) AND NOT ic.relispartition
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint co
                  WHERE co.conindid = i.indexrelid AND co.conrelid = i.indrelid
                    AND co.contype IN ('p', 'u', 'x'))
ORDER BY i.indrelid, ic.relname COLLATE "C")";

// Every enum and domain outside the system schemas; a table may use a type of a schema that
// is not read. The last column is the type a domain's base is found by; a base type of
// `public` is written bare, as a column's is.
constexpr const char* types_query = R"(
SELECT t.oid, t.typtype, quote_ident(n.nspname) || '.' || quote_ident(t.typname),
  (SELECT string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder)
   FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid),
  CASE WHEN bn.nspname = 'public' AND starts_with(f.ft, 'public.') THEN substr(f.ft, 8)
       ELSE f.ft END,
  t.typnotnull,
  pg_catalog.pg_get_expr(t.typdefaultbin, 0),
  (SELECT string_agg('CONSTRAINT ' || quote_ident(c.conname) || ' ' ||
                     pg_catalog.pg_get_constraintdef(c.oid), ' ' ORDER BY c.conname COLLATE "C")
   FROM pg_catalog.pg_constraint c WHERE c.contypid = t.oid AND c.contype = 'c'),
  f.elem
FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
LEFT JOIN pg_catalog.pg_type b ON b.oid = t.typbasetype
LEFT JOIN LATERAL (SELECT pg_catalog.format_type(t.typbasetype, t.typtypmod) AS ft,
  CASE WHEN b.typcategory = 'A' AND b.typelem <> 0 THEN b.typelem ELSE b.oid END AS elem) f ON true
LEFT JOIN pg_catalog.pg_type bt ON bt.oid = f.elem
LEFT JOIN pg_catalog.pg_namespace bn ON bn.oid = bt.typnamespace
WHERE t.typtype IN ('e', 'd') AND n.nspname NOT IN ('pg_catalog', 'information_schema'))";

constexpr const char* missing_schemas_query = R"(
SELECT s FROM unnest($1::text[]) AS s
WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = s) ORDER BY 1)";

// A text[] literal: each element double-quoted, so that any name goes through unchanged.
std::string text_array(const std::vector<std::string>& items) {
  std::string out = "{";
  for (const std::string& s : items) {
    if (out.size() > 1) out += ',';
    out += '"';
    for (char c : s) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

struct catalog_table {
  std::string qualified, schema, name;  ///< `schema.table` quoted where needed; raw names
  bool unlogged = false, partition = false;
  std::string partition_key, bound, parents;
  std::vector<std::string> columns, constraints, indexes;
  std::vector<std::string> types;  ///< oids of the enums and domains its columns use
};

struct catalog_type {
  std::string create;  ///< its CREATE statement
  std::string base;    ///< a domain's base type's oid
};

class catalog_reader {
 public:
  catalog_reader(const std::string& url, const std::vector<std::string>& schemas)
      : schemas_(text_array(schemas)), session_(url) {}

  std::vector<memory_file> read(const std::function<void(const catalog_statement&)>& inside) {
    if (session_.server_version() < 110000)
      throw catalog_error(
          fmt::format("reading a schema needs PostgreSQL 11 or later; the server is {}",
                      session_.server_version()));
    // One snapshot for every query, so that they agree on which tables there are.
    run("BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY");
    // Names of the `public` schema are written bare, as a migration writes them; every other
    // schema's are qualified. The setting ends with the transaction.
    run("SELECT pg_catalog.set_config('search_path', 'public', true)");
    if (first("SELECT pg_catalog.current_setting('transaction_read_only')") != "on")
      throw catalog_error("the catalog reader's transaction is not read only");
    if (inside)
      inside([this](const std::string& sql) {
        // In a savepoint, so that a statement that fails leaves the transaction usable.
        run("SAVEPOINT speclint_inside");
        pg::outcome o = session_.exec(sql);
        run(o.ok ? "RELEASE SAVEPOINT speclint_inside" : "ROLLBACK TO SAVEPOINT speclint_inside");
        return o.ok ? o.value(0, 0) : "error " + o.sqlstate;
      });
    pg::outcome missing = run(missing_schemas_query, {schemas_});
    if (missing.rows() > 0)
      throw catalog_error(fmt::format("the database has no schema `{}`", missing.value(0, 0)));
    read_tables();
    read_types();
    run("ROLLBACK");
    return files();
  }

 private:
  pg::outcome run(const std::string& sql, const std::vector<std::string>& params = {}) {
    pg::outcome o = session_.exec(sql, params);
    if (!o.ok)
      throw catalog_error(
          fmt::format("cannot read the catalog: {}{}", o.message,
                      o.sqlstate.empty() ? std::string() : fmt::format(" ({})", o.sqlstate)));
    return o;
  }

  std::string first(const std::string& sql) { return run(sql).value(0, 0); }

  void read_tables() {
    const std::string with = selected_tables;
    pg::outcome t = run(with + tables_query, {schemas_});
    for (int i = 0; i < t.rows(); ++i) {
      catalog_table ct;
      ct.qualified = t.value(i, 1) + "." + t.value(i, 2);
      ct.schema = t.value(i, 3);
      ct.name = t.value(i, 4);
      ct.unlogged = t.value(i, 5) == "t";
      ct.partition = t.value(i, 6) == "t";
      ct.partition_key = t.value(i, 7);
      ct.bound = t.value(i, 8);
      ct.parents = t.value(i, 9);
      order_.push_back(t.value(i, 0));
      tables_.emplace(t.value(i, 0), std::move(ct));
    }
    pg::outcome c = run(with + columns_query, {schemas_});
    for (int i = 0; i < c.rows(); ++i) {
      auto found = tables_.find(c.value(i, 0));
      if (found == tables_.end()) continue;
      catalog_table& ct = found->second;
      ct.types.push_back(c.value(i, 8));
      // A partition's columns are its parent's; a child's inherited ones, its parents'.
      if (ct.partition || c.value(i, 7) != "t") continue;
      std::string line = c.value(i, 1) + " " + c.value(i, 2);
      const std::string expr = c.value(i, 3), identity = c.value(i, 5), generated = c.value(i, 6);
      if (identity == "a" || identity == "d")
        line +=
            identity == "a" ? " GENERATED ALWAYS AS IDENTITY" : " GENERATED BY DEFAULT AS IDENTITY";
      else if (generated == "s")
        line += fmt::format(" GENERATED ALWAYS AS ({}) STORED", expr);
      else if (!c.is_null(i, 3))
        line += " DEFAULT " + expr;
      if (c.value(i, 4) == "t") line += " NOT NULL";
      ct.columns.push_back(std::move(line));
    }
    pg::outcome k = run(with + constraints_query, {schemas_});
    for (int i = 0; i < k.rows(); ++i) {
      auto found = tables_.find(k.value(i, 0));
      if (found == tables_.end()) continue;
      catalog_table& ct = found->second;
      ct.constraints.push_back(fmt::format("ALTER TABLE {} ADD CONSTRAINT {} {};", ct.qualified,
                                           k.value(i, 1), k.value(i, 2)));
    }
    pg::outcome x = run(with + indexes_query, {schemas_});
    for (int i = 0; i < x.rows(); ++i)
      if (auto found = tables_.find(x.value(i, 0)); found != tables_.end())
        found->second.indexes.push_back(x.value(i, 1) + ";");
  }

  void read_types() {
    pg::outcome t = run(types_query);
    for (int i = 0; i < t.rows(); ++i) {
      catalog_type ct;
      const std::string name = t.value(i, 2);
      if (t.value(i, 1) == "e") {
        ct.create = fmt::format("CREATE TYPE {} AS ENUM ({});", name, t.value(i, 3));
      } else {
        ct.create = fmt::format("CREATE DOMAIN {} AS {}", name, t.value(i, 4));
        if (!t.is_null(i, 6)) ct.create += " DEFAULT " + t.value(i, 6);
        if (t.value(i, 5) == "t") ct.create += " NOT NULL";
        if (!t.is_null(i, 7)) ct.create += " " + t.value(i, 7);
        ct.create += ";";
        ct.base = t.value(i, 8);
      }
      types_.emplace(t.value(i, 0), std::move(ct));
    }
  }

  // The enum and domain `oid` names, after the ones it is built on, unless written already.
  void write_type(const std::string& oid, std::string& out) {
    auto it = types_.find(oid);
    if (it == types_.end() || !written_types_.insert(oid).second) return;
    write_type(it->second.base, out);
    out += it->second.create;
    out += '\n';
  }

  std::vector<memory_file> files() {
    std::vector<memory_file> out;
    for (const std::string& oid : order_) {
      const catalog_table& t = tables_.at(oid);
      std::string text;
      for (const std::string& type : t.types) write_type(type, text);
      const char* create = t.unlogged ? "CREATE UNLOGGED TABLE" : "CREATE TABLE";
      if (t.partition) {
        text += fmt::format("{} {} PARTITION OF {} {}", create, t.qualified, t.parents, t.bound);
      } else {
        text += fmt::format("{} {} (\n", create, t.qualified);
        for (std::size_t i = 0; i < t.columns.size(); ++i)
          text += fmt::format("  {}{}\n", t.columns[i], i + 1 < t.columns.size() ? "," : "");
        text += ")";
        if (!t.parents.empty()) text += fmt::format(" INHERITS ({})", t.parents);
      }
      if (!t.partition_key.empty()) text += " PARTITION BY " + t.partition_key;
      text += ";\n";
      for (const std::string& line : t.constraints) text += line + "\n";
      for (const std::string& line : t.indexes) text += line + "\n";
      out.push_back(
          {fmt::format("database:{}.{}.sql", t.schema, t.name), file_role::doc, std::move(text)});
    }
    return out;
  }

  std::string schemas_;  ///< the text[] literal of the chosen schemas
  pg::session session_;
  std::vector<std::string> order_;               ///< table oids in schema and name order
  std::map<std::string, catalog_table> tables_;  ///< by oid
  std::map<std::string, catalog_type> types_;    ///< enums and domains by oid
  std::set<std::string> written_types_;
};

// The connection string as messages show it: without its password.
std::string shown(const std::string& url) {
  return url.empty() ? std::string("libpq's default database") : "`" + pg::redact(url) + "`";
}

// A message of at most about 1,000 bytes (libpq quotes a URL it cannot parse whole), cut
// after the password is out of it and never inside a UTF-8 sequence.
std::string bounded(std::string s) {
  constexpr std::size_t most = 1000;
  if (s.size() <= most) return s;
  std::size_t cut = most;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xc0) == 0x80) --cut;
  s.resize(cut);
  return s + "…";
}

}  // namespace

std::vector<memory_file> read_catalog(const std::string& url,
                                      const std::vector<std::string>& schemas,
                                      const std::function<void(const catalog_statement&)>& inside) {
  try {
    return catalog_reader(url, schemas).read(inside);
  } catch (const pg::error& e) {
    throw catalog_error(bounded(pg::one_line(fmt::format("{}: {}", shown(url), e.what()))));
  } catch (const catalog_error& e) {
    throw catalog_error(
        bounded(pg::one_line(fmt::format("{}: {}", shown(url), pg::redact_in(e.what(), url)))));
  }
}

std::vector<memory_file> read_catalog(const std::string& url,
                                      const std::vector<std::string>& schemas) {
  return read_catalog(url, schemas, {});
}

}  // namespace speclint
