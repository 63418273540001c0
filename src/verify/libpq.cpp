// libpq loaded with dlopen, and the password kept out of every message about a connection.

#include "libpq.hpp"

#include <dlfcn.h>

#include <algorithm>
#include <type_traits>
#include <utility>

#include <fmt/format.h>

namespace speclint::pg {

namespace {

// Only `verify` and the catalog reader talk to PostgreSQL, and libpq brings two dozen
// libraries with it (TLS, Kerberos, LDAP): loading it when one of them starts keeps every
// other command's start fast.
libpq_api load_libpq() {
  libpq_api a{};
  void* lib = ::dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL);
  if (!lib)
    throw error(fmt::format("speclint needs libpq (Debian package libpq5): {}", ::dlerror()));
  auto load = [lib](auto& fn, const char* name) {
    fn = reinterpret_cast<std::remove_reference_t<decltype(fn)>>(::dlsym(lib, name));
    if (!fn) throw error(fmt::format("libpq has no {}", name));
  };
  load(a.cancel, "PQcancel");
  load(a.clear, "PQclear");
  load(a.connectdb, "PQconnectdb");
  load(a.errorMessage, "PQerrorMessage");
  load(a.execParams, "PQexecParams");
  load(a.finish, "PQfinish");
  load(a.freeCancel, "PQfreeCancel");
  load(a.getCancel, "PQgetCancel");
  load(a.getisnull, "PQgetisnull");
  load(a.getvalue, "PQgetvalue");
  load(a.nfields, "PQnfields");
  load(a.ntuples, "PQntuples");
  load(a.resultErrorField, "PQresultErrorField");
  load(a.resultErrorMessage, "PQresultErrorMessage");
  load(a.resultStatus, "PQresultStatus");
  load(a.serverVersion, "PQserverVersion");
  load(a.setNoticeProcessor, "PQsetNoticeProcessor");
  load(a.status, "PQstatus");
  return a;
}

void quiet_notices(void*, const char*) {}

// --- passwords in connection strings -----------------------------------------------------

// A password's place in the connection string and its value as libpq reads it.
struct secret {
  std::size_t begin = 0, end = 0;
  std::string value;
};

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decoded(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    int hi = 0, lo = 0;
    if (s[i] == '%' && i + 2 < s.size() && (hi = hex_digit(s[i + 1])) >= 0 &&
        (lo = hex_digit(s[i + 2])) >= 0) {
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

bool is_uri(std::string_view s) {
  return s.starts_with("postgresql://") || s.starts_with("postgres://");
}

void uri_secrets(std::string_view s, std::size_t base, std::vector<secret>& out) {
  std::size_t start = s.find("://") + 3;
  // libpq's own rule: a user part ends at the first `@` that comes before any `/`.
  std::size_t p = start;
  while (p < s.size() && s[p] != '@' && s[p] != '/') ++p;
  if (p < s.size() && s[p] == '@') {
    std::size_t colon = s.find(':', start);
    if (colon != std::string_view::npos && colon < p)
      out.push_back(
          {base + colon + 1, base + p, percent_decoded(s.substr(colon + 1, p - colon - 1))});
  }
  std::size_t q = s.find('?', p);
  while (q != std::string_view::npos && q < s.size()) {
    std::size_t from = q + 1;
    std::size_t to = std::min(s.find('&', from), s.size());
    std::string_view pair = s.substr(from, to - from);
    std::size_t eq = pair.find('=');
    if (eq != std::string_view::npos && percent_decoded(pair.substr(0, eq)) == "password")
      out.push_back({base + from + eq + 1, base + to, percent_decoded(pair.substr(eq + 1))});
    q = to < s.size() ? to : std::string_view::npos;
  }
}

bool conninfo_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// The passwords of a URI, or of a `key=value` string as libpq parses it (values bare or in
// single quotes, backslash escapes).
std::vector<secret> secrets_of(std::string_view s) {
  std::vector<secret> out;
  if (is_uri(s)) {
    uri_secrets(s, 0, out);
    return out;
  }
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && conninfo_space(s[i])) ++i;
    std::size_t key_begin = i;
    while (i < s.size() && s[i] != '=' && !conninfo_space(s[i])) ++i;
    std::string_view key = s.substr(key_begin, i - key_begin);
    while (i < s.size() && conninfo_space(s[i])) ++i;
    if (i >= s.size() || s[i] != '=') break;  // libpq rejects it; nothing more is a value
    ++i;
    while (i < s.size() && conninfo_space(s[i])) ++i;
    std::size_t value_begin = i;
    std::string value;
    if (i < s.size() && s[i] == '\'') {
      ++i;
      while (i < s.size() && s[i] != '\'') {
        if (s[i] == '\\' && i + 1 < s.size()) ++i;
        value += s[i++];
      }
      if (i < s.size()) ++i;
    } else {
      while (i < s.size() && !conninfo_space(s[i])) {
        if (s[i] == '\\' && i + 1 < s.size()) ++i;
        value += s[i++];
      }
    }
    if (key == "password")
      out.push_back({value_begin, i, value});
    else if (key == "dbname" && is_uri(value) && s.substr(value_begin, i - value_begin) == value)
      uri_secrets(value, value_begin, out);
    else if (key == "dbname" && is_uri(value))
      // A quoted or escaped URI: its places are not the text's, so all of it goes.
      out.push_back({value_begin, i, value});
  }
  return out;
}

}  // namespace

const libpq_api& libpq() {
  // A failed load throws out of the initializer, so the next call tries again.
  static const libpq_api api = load_libpq();
  return api;
}

std::string redact(std::string_view conninfo) {
  std::vector<secret> found = secrets_of(conninfo);
  std::sort(found.begin(), found.end(),
            [](const secret& a, const secret& b) { return a.begin < b.begin; });
  std::string out;
  std::size_t at = 0;
  for (const secret& s : found) {
    if (s.begin < at) continue;
    out.append(conninfo.substr(at, s.begin - at));
    out += "***";
    at = s.end;
  }
  out.append(conninfo.substr(std::min(at, conninfo.size())));
  return out;
}

std::string redact_in(std::string text, std::string_view conninfo) {
  // Each place a password covers, as +1 at its start and -1 past its end: Knuth-Morris-Pratt
  // finds them, so a 10 MB message and a password of one repeated letter stay linear.
  std::vector<int> cover(text.size() + 1, 0);
  bool any = false;
  auto mark = [&](std::string_view w) {
    if (w.empty() || w.size() > text.size()) return;
    std::vector<std::size_t> fail(w.size(), 0);
    for (std::size_t i = 1, k = 0; i < w.size(); ++i) {
      while (k > 0 && w[i] != w[k]) k = fail[k - 1];
      if (w[i] == w[k]) ++k;
      fail[i] = k;
    }
    for (std::size_t i = 0, k = 0; i < text.size(); ++i) {
      while (k > 0 && text[i] != w[k]) k = fail[k - 1];
      if (text[i] == w[k]) ++k;
      if (k == w.size()) {
        ++cover[i + 1 - w.size()];
        --cover[i + 1];
        any = true;
        k = fail[k - 1];
      }
    }
  };
  for (const secret& s : secrets_of(conninfo)) {
    mark(conninfo.substr(s.begin, s.end - s.begin));
    mark(s.value);
  }
  if (!any) return text;
  std::string out;
  int depth = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    bool was = depth > 0;
    depth += cover[i];
    if (depth == 0)
      out += text[i];
    else if (!was)
      out += "***";
  }
  return out;
}

std::string one_line(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  for (char& c : s)
    if (c == '\n' || c == '\r') c = ' ';
  return s;
}

std::string outcome::value(int row, int col) const {
  if (is_null(row, col)) return {};
  return std::string(libpq().getvalue(result.get(), row, col));
}

bool outcome::is_null(int row, int col) const {
  const libpq_api& pq = libpq();
  if (!result || row >= pq.ntuples(result.get()) || col >= pq.nfields(result.get())) return true;
  return pq.getisnull(result.get(), row, col) != 0;
}

int outcome::rows() const {
  return result ? libpq().ntuples(result.get()) : 0;
}

session::session(const std::string& conninfo) {
  const libpq_api& pq = libpq();
  conn_.reset(pq.connectdb(conninfo.c_str()));
  if (!conn_) throw error("cannot allocate a PostgreSQL connection");
  if (pq.status(conn_.get()) != CONNECTION_OK)
    throw error(fmt::format("cannot connect to PostgreSQL: {}",
                            redact_in(one_line(pq.errorMessage(conn_.get())), conninfo)));
  pq.setNoticeProcessor(conn_.get(), quiet_notices, nullptr);
}

outcome session::exec(const std::string& sql, const std::vector<std::string>& params) {
  const libpq_api& pq = libpq();
  std::vector<const char*> values;
  for (const auto& p : params) values.push_back(p.c_str());
  outcome o;
  o.result.reset(pq.execParams(conn_.get(), sql.c_str(), static_cast<int>(values.size()), nullptr,
                               values.empty() ? nullptr : values.data(), nullptr, nullptr, 0));
  if (!o.result) {
    o.message = one_line(pq.errorMessage(conn_.get()));
    return o;
  }
  ExecStatusType st = pq.resultStatus(o.result.get());
  o.ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
  if (!o.ok) {
    const char* state = pq.resultErrorField(o.result.get(), PG_DIAG_SQLSTATE);
    const char* primary = pq.resultErrorField(o.result.get(), PG_DIAG_MESSAGE_PRIMARY);
    const char* detail = pq.resultErrorField(o.result.get(), PG_DIAG_MESSAGE_DETAIL);
    o.sqlstate = state ? state : "";
    o.message = primary ? primary : one_line(pq.resultErrorMessage(o.result.get()));
    if (detail) o.message += fmt::format(" ({})", one_line(detail));
  }
  return o;
}

bool session::alive() const {
  return libpq().status(conn_.get()) == CONNECTION_OK;
}

int session::server_version() const {
  return libpq().serverVersion(conn_.get());
}

PGcancel* session::new_cancel() const {
  return libpq().getCancel(conn_.get());
}

}  // namespace speclint::pg
