#include "hygiene_scan.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <unordered_map>

#include <fmt/format.h>

#include "speclint/text.hpp"

namespace speclint::rules::hygiene {

namespace {

constexpr std::size_t npos = std::string_view::npos;

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_alnum(char c) {
  return is_digit(c) || is_alpha(c);
}
bool is_hex(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}
bool is_sep(char c) {
  return c == '/' || c == '\\';
}

/// The character at `i`, or NUL past the end.
char at(std::string_view s, std::size_t i) {
  return i < s.size() ? s[i] : '\0';
}
/// The character before `i`, or NUL at the start.
char before(std::string_view s, std::size_t i) {
  return i > 0 && i <= s.size() ? s[i - 1] : '\0';
}

/// End of the run of characters satisfying `in` that starts at `i`.
template <class P>
std::size_t run_end(std::string_view s, std::size_t i, P in) {
  while (i < s.size() && in(s[i])) ++i;
  return i;
}

/// Calls `f(start, end)` for each maximal run of characters satisfying `in`, left to right.
template <class P, class F>
void for_each_run(std::string_view s, P in, F&& f) {
  for (std::size_t i = 0; i < s.size();) {
    if (!in(s[i])) {
      ++i;
      continue;
    }
    std::size_t start = i;
    i = run_end(s, i, in);
    f(start, i);
  }
}

/// Calls `f(start, end)` for the maximal runs of characters satisfying `in` that
/// `for_each_run` would visit and that hold a position `next` finds: `next(from)` is the first
/// position at or after `from` that a run worth visiting must contain (a character that
/// satisfies `in`), or npos. Scanners whose matches all contain some character find it with
/// string_view::find (memchr) instead of classifying every character of the line.
template <class P, class N, class F>
void for_each_run_at(std::string_view s, P in, N next, F&& f) {
  std::size_t floor = 0;  // end of the last run visited: no run found later starts before it
  for (std::size_t k; floor < s.size() && (k = next(floor)) != npos;) {
    std::size_t start = k;
    while (start > floor && in(s[start - 1])) --start;
    floor = run_end(s, k, in);
    f(start, floor);
  }
}

std::size_t skip_blanks(std::string_view s, std::size_t i) {
  return run_end(s, i, [](char c) { return c == ' ' || c == '\t'; });
}

/// Sorted by offset, without the matches that overlap an earlier one.
std::vector<match> without_overlaps(std::vector<match> v) {
  std::stable_sort(v.begin(), v.end(),
                   [](const match& a, const match& b) { return a.offset < b.offset; });
  std::vector<match> out;
  std::size_t end = 0;
  for (match& x : v) {
    if (!out.empty() && x.offset < end) continue;
    end = x.offset + x.length;
    out.push_back(std::move(x));
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Addresses.

std::string_view private_v4(const unsigned char* b) {
  if (b[0] == 10) return "10.0.0.0/8";
  if (b[0] == 172 && (b[1] & 0xf0) == 16) return "172.16.0.0/12";
  if (b[0] == 192 && b[1] == 168) return "192.168.0.0/16";
  if (b[0] == 100 && (b[1] & 0xc0) == 64) return "100.64.0.0/10";
  if (b[0] == 169 && b[1] == 254) return "169.254.0.0/16";
  return {};
}

std::string_view private_v6(const unsigned char* b) {
  if ((b[0] & 0xfe) == 0xfc) return "fc00::/7";
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return "fe80::/10";
  static constexpr unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::memcmp(b, mapped, sizeof mapped) == 0) return private_v4(b + 12);
  return {};
}

// Dotted quads: maximal runs of digits and dots, not glued to a word (`v1.10.0.1`) and with
// exactly four parts (`1.2.3.4.5` is not an address).
void scan_v4(std::string_view line, std::vector<match>& out) {
  auto in_run = [](char c) { return is_digit(c) || c == '.'; };
  // An address's run holds a full stop after a digit: its first one.
  auto next = [line](std::size_t from) {
    for (std::size_t k = line.find('.', from); k != npos; k = line.find('.', k + 1))
      if (is_digit(before(line, k))) return k;
    return npos;
  };
  for_each_run_at(line, in_run, next, [&](std::size_t s, std::size_t e) {
    char prev = before(line, s), next = at(line, e);
    if (line[s] == '.' || is_alnum(prev) || prev == '_' || is_alnum(next) || next == '_') return;
    if (prev == '-' && is_alpha(before(line, s - 1))) return;  // `release-10.0.0.1`
    std::size_t t = e;
    while (t > s && line[t - 1] == '.') --t;  // the full stop of a sentence
    std::string_view cand = line.substr(s, t - s);
    if (cand.size() > 15 || std::count(cand.begin(), cand.end(), '.') != 3) return;
    std::string_view range = private_range(cand);
    if (!range.empty())
      out.push_back({s, cand.size(), std::string(cand), std::string(range), std::string(cand)});
  });
}

// IPv6: maximal runs of hex digits, colons and dots with at least two colons, optionally
// with a zone (`fe80::1%eth0`); brackets and `/64` around them are fine.
void scan_v6(std::string_view line, std::vector<match>& out) {
  auto in_run = [](char c) { return is_hex(c) || c == ':' || c == '.'; };
  auto in_zone = [](char c) { return is_alnum(c) || c == '_' || c == '.' || c == '-'; };
  auto next = [line](std::size_t from) { return line.find(':', from); };
  for_each_run_at(line, in_run, next, [&](std::size_t s, std::size_t e) {
    if (e - s > 64) return;
    std::string_view cand = line.substr(s, e - s);
    if (std::count(cand.begin(), cand.end(), ':') < 2) return;
    char prev = before(line, s);
    if (is_alnum(prev) || prev == '_') return;  // `std::` and the like
    std::string_view range = private_range(cand);
    std::size_t end = e;
    if (range.empty()) {
      // `fd00::1.` or `fd00::1:` at the end of a sentence.
      while (!cand.empty() && (cand.back() == '.' || cand.back() == ':')) cand.remove_suffix(1);
      range = private_range(cand);
      if (range.empty()) return;
      end = s + cand.size();
    } else {
      if (at(line, e) == '%') end = run_end(line, e + 1, in_zone);
      char next = at(line, end);
      if (is_alnum(next) || next == '_') return;
    }
    std::string shown(line.substr(s, end - s));
    out.push_back({s, end - s, shown, std::string(range), shown});
  });
}

// ---------------------------------------------------------------------------------------
// Host names.

bool host_char(char c) {
  return is_alnum(c) || c == '.' || c == '-' || c == '_';
}

// Labels of letters, digits, `-` and `_`, starting with a letter or digit, with a letter
// somewhere (all digits is an address or a number).
bool plausible_host(std::string_view h) {
  if (h.empty() || h.size() > 253 || !is_alnum(h.front())) return false;
  bool letter = false;
  char prev = '.';
  for (char c : h) {
    if (c == '.' && prev == '.') return false;
    letter = letter || is_alpha(c);
    prev = c;
  }
  return letter;
}

// Single labels that stand for "some host" in examples: `HOST`, `DB_HOST`, `host`.
bool placeholder_host(std::string_view h) {
  static constexpr std::array<std::string_view, 3> words{"host", "hostname", "port"};
  for (std::string_view w : words)
    if (iequals(h, w)) return true;
  return std::all_of(h.begin(), h.end(),
                     [](char c) { return (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_'; });
}

// Why a host is internal, or empty. `single_label_counts`: whether a name without a dot is
// reported by itself (URL hosts, and `host:port` with a service port).
std::string internal_reason(std::string_view host, const std::vector<std::string>& patterns,
                            bool single_label_counts) {
  for (const std::string& p : patterns)
    if (host_glob_match(p, host)) return fmt::format("matches `{}`", p);
  if (iequals(host, "localhost")) return {};
  static constexpr std::array<std::string_view, 6> suffixes{".internal", ".local",    ".lan",
                                                            ".corp",     ".intranet", ".home.arpa"};
  std::string lowered = to_lower(host);
  for (std::string_view suffix : suffixes)
    if (lowered.size() > suffix.size() && lowered.ends_with(suffix))
      return fmt::format("ends in `{}`", suffix);
  if (single_label_counts && host.find('.') == npos && !placeholder_host(host))
    return "a single-label name";
  return {};
}

// Ports that a single-label `name:port` must have to be read as a host: registered and
// dynamic ports, and the well-known service ports. `line:17` or `postgres:15` are not hosts.
bool service_port(unsigned port) {
  static constexpr std::array<unsigned, 15> well_known{21,  22,  23,  25,  53,  80,  110, 143,
                                                       389, 443, 465, 587, 636, 993, 995};
  return port >= 1024 || std::find(well_known.begin(), well_known.end(), port) != well_known.end();
}

// Schemes whose authority names a bucket or an application, not a host.
bool names_host(std::string_view scheme) {
  static constexpr std::array<std::string_view, 11> not_hosts{
      "file", "s3", "s3a", "gs", "az", "abfs", "abfss", "wasb", "wasbs", "chrome", "about"};
  std::string s = to_lower(scheme);
  return std::find(not_hosts.begin(), not_hosts.end(), s) == not_hosts.end();
}

// The hosts of a URL's authority (`a:1,b:2` lists several, as libpq allows).
void url_hosts(std::string_view line, const url_parts& u, const std::vector<std::string>& patterns,
               std::vector<match>& out) {
  bool single_label_counts = names_host(line.substr(u.scheme, u.scheme_end - u.scheme));
  std::size_t p = u.at == npos ? u.authority : u.at + 1;
  while (p < u.end) {
    std::size_t q = line.substr(p, u.end - p).find(',');
    q = q == npos ? u.end : p + q;
    std::size_t he = run_end(line.substr(0, q), p, host_char);
    char next = he < q ? line[he] : '\0';
    std::string_view host = line.substr(p, he - p);
    while (!host.empty() && host.back() == '.') host.remove_suffix(1);
    // `${DB_HOST}`, `<host>`, `db-{env}`: templates, not names.
    bool templated = next == '$' || next == '{' || next == '}' || next == '<' || next == '%';
    bool numeric =
        std::all_of(host.begin(), host.end(), [](char c) { return is_digit(c) || c == '.'; });
    if (!templated && !numeric && plausible_host(host)) {
      std::string why = internal_reason(host, patterns, single_label_counts);
      if (!why.empty()) out.push_back({p, host.size(), std::string(host), why, std::string(host)});
    }
    p = q + 1;
  }
}

// ---------------------------------------------------------------------------------------
// Paths.

bool path_delimiter(char c) {
  switch (c) {
    case '`':
    case '"':
    case '\'':
    case '<':
    case '>':
    case '(':
    case ')':
    case '[':
    case ']':
    case '{':
    case '}':
    case '|':
    case ',':
    case ';':
    case '*':
      return true;
    default:
      return is_space(c);
  }
}

// Length of a literal user name at the start of `s` that ends the path or is followed by a
// separator; 0 for placeholders (`$USER`, `%USERNAME%`) and shared folders.
std::size_t user_name(std::string_view s) {
  auto name_char = [](char c) { return is_alnum(c) || c == '.' || c == '_' || c == '-'; };
  std::size_t n = run_end(s, 0, name_char);
  if (n == 0 || !(is_alnum(s[0]) || s[0] == '_')) return 0;
  if (n < s.size() && !is_sep(s[n])) return 0;
  std::string_view name = s.substr(0, n);
  if (iequals(name, "Shared") || iequals(name, "Public") || iequals(name, "Default")) return 0;
  return n;
}

std::string_view builtin_private_prefix(std::string_view p) {
  if (p.starts_with("/workspace") && (p.size() == 10 || is_sep(p[10]))) return "/workspace/";
  if (p.starts_with("/home/") && user_name(p.substr(6))) return "/home/<user>/";
  if (p.starts_with("/Users/") && user_name(p.substr(7))) return "/Users/<user>/";
  // `C:\Users\name`, also with forward or doubled (JSON-escaped) separators.
  if (p.size() > 3 && is_alpha(p[0]) && p[1] == ':' && is_sep(p[2])) {
    std::size_t j = run_end(p, 2, is_sep);
    if (iequals(p.substr(j, 5), "users") && is_sep(at(p, j + 5))) {
      j = run_end(p, j + 5, is_sep);
      if (user_name(p.substr(j))) return "C:\\Users\\<user>\\";
    }
  }
  return {};
}

std::string shorten(std::string_view s) {
  constexpr std::size_t limit = 120;
  if (s.size() <= limit) return std::string(s);
  std::size_t n = limit;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xc0) == 0x80) --n;  // UTF-8 boundary
  return std::string(s.substr(0, n)) + "…";
}

// One segment of a path token (tokens are split at `:` and `=`, as in `-v /a:/b` or
// `--dir=/a`).
void check_path(std::string_view line, std::size_t p, std::size_t q,
                const std::vector<std::string>& patterns, std::vector<match>& out) {
  std::string_view s = line.substr(p, q - p);
  while (s.size() >= 2 && s[0] == '/' && s[1] == '/') {  // `file:///home/…`
    s.remove_prefix(1);
    ++p;
  }
  while (!s.empty() && s.back() == '.') s.remove_suffix(1);  // the full stop of a sentence
  if (s.empty()) return;
  // Only absolute paths: `/…` or a drive, `C:\…`.
  auto reason_of = [&](std::string_view path) -> std::string {
    bool drive = path.size() > 2 && is_alpha(path[0]) && path[1] == ':' && is_sep(path[2]);
    if (!drive && path.front() != '/') return {};
    std::string_view builtin = builtin_private_prefix(path);
    if (!builtin.empty()) return fmt::format("under `{}`", builtin);
    for (const std::string& g : patterns)
      if (path_glob_prefix(g, path)) return fmt::format("matches `{}`", g);
    return {};
  };
  std::string why = reason_of(s);
  if (why.empty() && s.size() > 2 && is_alpha(s[0]) && s[1] == ':' && s[2] == '/') {
    // `x:/home/…` that was not a drive after all.
    s.remove_prefix(2);
    p += 2;
    why = reason_of(s);
  }
  if (why.empty()) return;
  out.push_back({p, s.size(), shorten(s), why, {}});
}

// ---------------------------------------------------------------------------------------
// Credentials.

// Keys whose value is a secret: `password`, `DB_PASSWORD`, `apiKey`, `x-api-key`,
// `client_secret`, `GITHUB_TOKEN`, `passwd`, … (case and `_`, `-`, `.` ignored; the key
// ends in one of the words).
bool secret_key(std::string_view key) {
  if (key.size() > 64) return false;
  // Whether the key ends with the word, ignoring case and the separators `_`, `-` and `.`
  // (`DB_PASSWORD`, `api-key`, `client.secret`). Runs for every word of every line: no copies.
  auto ends_with_word = [key](std::string_view word) {
    std::size_t k = key.size(), w = word.size();
    while (w > 0) {
      while (k > 0 && (key[k - 1] == '_' || key[k - 1] == '-' || key[k - 1] == '.')) --k;
      if (k == 0 || ascii_lower(key[k - 1]) != word[w - 1]) return false;
      --k;
      --w;
    }
    return true;
  };
  // Most keys end in other letters than the words do (rd, wd, et, en, ey, separators
  // ignored): a test of the last two letters rejects them before any word is compared.
  auto previous = [key](std::size_t& k) -> char {
    while (k > 0 && (key[k - 1] == '_' || key[k - 1] == '-' || key[k - 1] == '.')) --k;
    return k == 0 ? '\0' : ascii_lower(key[--k]);
  };
  std::size_t k = key.size();
  char last = previous(k), second = previous(k);
  bool candidate = (second == 'r' && last == 'd') || (second == 'w' && last == 'd') ||
                   (second == 'e' && (last == 't' || last == 'n' || last == 'y'));
  if (!candidate) return false;
  static constexpr std::array<std::string_view, 6> words{"password", "passwd", "secret",
                                                         "token",    "apikey", "secretkey"};
  for (std::string_view w : words)
    if (ends_with_word(w)) return true;
  return false;
}

// Values that are not strings at all.
bool non_string(std::string_view v) {
  static constexpr std::array<std::string_view, 11> words{
      "null", "nil", "none", "~", "true", "false", "yes", "no", "on", "off", "undefined"};
  for (std::string_view w : words)
    if (iequals(v, w)) return true;
  return false;
}

// Unquoted values of configuration keys that declare a type, not a value (`token: string`).
bool type_name(std::string_view v) {
  static constexpr std::array<std::string_view, 9> words{
      "string", "str", "number", "int", "integer", "bool", "boolean", "bytes", "text"};
  for (std::string_view w : words)
    if (iequals(v, w)) return true;
  return false;
}

// YAML block scalars, anchors, aliases and tags: the value is elsewhere or is a reference.
bool yaml_indirection(std::string_view v) {
  return v.starts_with('|') || v.starts_with('>') || v.starts_with('&') || v.starts_with('!');
}

// Letters, digits, `_`, `-` and `.`: looked up, since the credential scan asks for every
// character of every line.
constexpr std::array<bool, 256> key_chars = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 256; ++c)
    t[static_cast<std::size_t>(c)] = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
                                     (c >= 'A' && c <= 'Z') || c == '_' || c == '-' || c == '.';
  return t;
}();

bool key_char(char c) {
  return key_chars[static_cast<unsigned char>(c)];
}

/// The name of a key that starts at `ks` (a run of key characters), without trailing `.` and
/// `-`.
std::string_view key_name(std::string_view text, std::size_t ks, std::size_t ke) {
  std::string_view key = text.substr(ks, ke - ks);
  while (!key.empty() && (key.back() == '.' || key.back() == '-')) key.remove_suffix(1);
  return key;
}

struct scanner {
  std::string_view line;
  const std::vector<std::string>& placeholders;
  std::vector<match>& out;

  bool literal(std::string_view value) const {
    return !is_placeholder(value, placeholders) && !non_string(trim(value));
  }

  void add(std::size_t offset, std::string_view value, std::string reason) {
    out.push_back({offset, value.size(), mask(value), std::move(reason), {}});
  }

  // A quoted value whose opening quote is at `q`; returns the position after the closing
  // quote, or `q + 1` when it does not close nearby.
  std::size_t quoted(std::size_t q, std::size_t to, std::string_view key) {
    char quote = line[q];
    std::size_t e = q + 1;
    constexpr std::size_t limit = 256;
    while (e < to && e - q <= limit && line[e] != quote) e += line[e] == '\\' ? 2 : 1;
    if (e >= to || line[e] != quote) return q + 1;
    std::string_view value = line.substr(q + 1, e - q - 1);
    if (literal(value)) add(q + 1, value, fmt::format("`{}` set to a literal", key));
    return e + 1;
  }

  // `key = value` assignments in the range [from, to) of the line. `config`: unquoted values
  // count after `key:` or `key =` when the key starts the range (YAML, INI, front matter).
  void assignments(std::size_t from, std::size_t to, bool config) {
    std::string_view text = line.substr(0, to);
    const std::size_t key_at = config ? first_key(from, to) : npos;
    for (std::size_t i = from; i < to;) {
      if (!key_char(text[i])) {
        ++i;
        continue;
      }
      std::size_t ks = i, ke = run_end(text, i, key_char);
      i = ke;
      std::string_view key = key_name(text, ks, ke);
      if (!secret_key(key)) continue;
      ke = ks + key.size();
      char open = before(text, ks);
      bool quoted_key = (open == '"' || open == '\'') && at(text, ke) == open;
      std::size_t p = quoted_key ? ke + 1 : ke;
      // SQL: `PASSWORD 'literal'` (CREATE ROLE, ALTER ROLE).
      if (!quoted_key && iequals(key, "password") && (at(text, p) == ' ' || at(text, p) == '\t')) {
        std::size_t q = skip_blanks(text, p);
        if (at(text, q) == '\'') {
          i = quoted(q, to, key);
          continue;
        }
      }
      std::size_t sp = skip_blanks(text, p);
      char sep = at(text, sp);
      if (sep != ':' && sep != '=') continue;
      std::size_t after = sp + 1;
      // psql variables: `PASSWORD :'pw'`, `PASSWORD :pw`.
      if (sep == ':' && sp > p && (at(text, after) == '\'' || is_alpha(at(text, after)))) continue;
      if (sep == ':' && at(text, after) == '=')
        ++after;  // `:=`
      else if (at(text, after) == sep)
        continue;  // `==`, `::`
      std::size_t vp = skip_blanks(text, after);
      char v0 = at(text, vp);
      if (v0 == '"' || v0 == '\'') {
        i = quoted(vp, to, key);
        continue;
      }
      // Unquoted: `KEY=value` anywhere (env, shell, query strings); `key: value` only in
      // configuration text, where the key starts the line.
      bool tight = sep == '=' && sp == p && vp == after;
      bool config_form =
          config && (quoted_key ? ks - 1 : ks) == key_at && (sep == '=' || vp > after || vp >= to);
      if (!tight && !config_form) continue;
      std::size_t ve;
      std::string_view value;
      if (config_form) {
        ve = to;
        std::string_view rest = text.substr(vp, ve - vp);
        if (auto hash = rest.find(" #"); hash != npos) rest = rest.substr(0, hash);
        value = trim(rest);
        if (yaml_indirection(value) || type_name(value) || value.ends_with(';') ||
            value.ends_with(','))
          continue;
      } else {
        auto value_char = [](char c) {
          return !is_space(c) && c != '`' && c != '"' && c != '\'' && c != ')' && c != ']' &&
                 c != ',' && c != ';' && c != '&' && c != '|';
        };
        ve = vp;
        while (ve < to && ve - vp < 256 && value_char(text[ve])) ++ve;
        value = text.substr(vp, ve - vp);
        i = std::max(i, ve);
      }
      if (value.find('(') != npos) continue;  // an expression, not a literal
      if (literal(value)) add(vp, value, fmt::format("`{}` set to a literal", key));
    }
  }

  // True when only indentation, a list marker or `export` precede the key.
  // Where a key starting the range [from, to) would begin: after indentation, list markers
  // and `export`.
  std::size_t first_key(std::size_t from, std::size_t to) const {
    std::string_view head = trim(line.substr(from, to - from));
    while (head.starts_with("- ")) head = trim(head.substr(1));
    if (head.starts_with("export ") || head.starts_with("export\t")) head = trim(head.substr(6));
    return head.empty() ? npos : static_cast<std::size_t>(head.data() - line.data());
  }

  // The contents of inline code spans (`` `password: x` ``), pairing backtick runs of the
  // same length as CommonMark does.
  void code_spans() {
    struct run {
      std::size_t pos, len;
    };
    std::vector<run> runs;
    for (std::size_t i = 0; i < line.size();) {
      if (line[i] != '`') {
        ++i;
        continue;
      }
      std::size_t e = run_end(line, i, [](char c) { return c == '`'; });
      runs.push_back({i, e - i});
      i = e;
    }
    std::vector<std::size_t> next_same(runs.size(), npos);
    std::unordered_map<std::size_t, std::size_t> seen;
    for (std::size_t k = runs.size(); k-- > 0;) {
      auto it = seen.find(runs[k].len);
      if (it != seen.end()) next_same[k] = it->second;
      seen[runs[k].len] = k;
    }
    for (std::size_t k = 0; k < runs.size();) {
      std::size_t close = next_same[k];
      if (close == npos) {
        ++k;
        continue;
      }
      std::size_t from = runs[k].pos + runs[k].len, to = runs[close].pos;
      assignments(from, to, true);
      k = close + 1;
    }
  }
};

// `AKIA…`, `ghp_…`, `github_pat_…`, `xoxb-…`; filler such as `ghp_XXXX…` or AWS's
// documented `…EXAMPLE` key is not a token.
std::string_view token_kind(std::string_view w) {
  // The shortest token is an AWS key id (20 characters); all start with A, g or x.
  if (w.size() < 15 || (w[0] != 'A' && w[0] != 'g' && w[0] != 'x')) return {};
  auto filler = [](std::string_view body) {
    std::string upper;
    for (char c : body) upper += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c;
    if (upper.find("EXAMPLE") != npos) return true;
    char first = 0;
    for (char c : body) {
      if (!is_alnum(c)) continue;
      if (!first)
        first = c;
      else if (c != first)
        return false;
    }
    return true;
  };
  auto all = [](std::string_view s, auto pred) { return std::all_of(s.begin(), s.end(), pred); };
  auto upper_alnum = [](char c) { return is_digit(c) || (c >= 'A' && c <= 'Z'); };
  if (w.size() == 20 && (w.starts_with("AKIA") || w.starts_with("ASIA")) && all(w, upper_alnum) &&
      !filler(w.substr(4)))
    return "literal AWS access key id";
  for (std::string_view prefix : {"ghp_", "gho_", "ghu_", "ghs_", "ghr_"}) {
    if (!w.starts_with(prefix)) continue;
    std::string_view body = w.substr(prefix.size());
    if (body.size() >= 36 && all(body, is_alnum) && !filler(body)) return "literal GitHub token";
  }
  if (w.starts_with("github_pat_")) {
    std::string_view body = w.substr(11);
    if (body.size() >= 22 && all(body, [](char c) { return is_alnum(c) || c == '_'; }) &&
        !filler(body))
      return "literal GitHub token";
  }
  if (w.size() > 5 && w.starts_with("xox") && std::string_view("baprs").find(w[3]) != npos &&
      w[4] == '-') {
    std::string_view body = w.substr(5);
    if (body.size() >= 10 && all(body, [](char c) { return is_alnum(c) || c == '-'; }) &&
        std::any_of(body.begin(), body.end(), is_digit) && !filler(body))
      return "literal Slack token";
  }
  return {};
}

bool config_info(std::string_view info) {
  static constexpr std::array<std::string_view, 14> infos{
      "",           "yaml", "yml",    "ini",  "toml", "conf",  "cfg",
      "properties", "env",  "dotenv", "text", "txt",  "plain", "plaintext"};
  return std::find(infos.begin(), infos.end(), info) != infos.end();
}

}  // namespace

// ---------------------------------------------------------------------------------------

std::vector<std::pair<std::uint32_t, std::uint32_t>> config_line_ranges(const document& d) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> ranges;
  if (d.has_front_matter && d.body_line > 1) ranges.emplace_back(1, d.body_line - 1);
  for (const code_block& b : d.code_blocks) {
    if (!config_info(b.info) || b.text.empty() || b.first_line == 0) continue;
    auto lines = static_cast<std::uint32_t>(std::count(b.text.begin(), b.text.end(), '\n'));
    if (!b.text.ends_with('\n')) ++lines;
    ranges.emplace_back(b.first_line, b.first_line + lines - 1);
  }
  std::sort(ranges.begin(), ranges.end());
  return ranges;
}

void found(finding_sink& out, const line_ref& l, const match& x, std::string message) {
  out.report(location{l.file, l.number, static_cast<std::uint32_t>(x.offset + 1)}, "{}",
             std::move(message))
      .entity(x.entity);
}

std::string_view private_range(std::string_view address) {
  if (address.empty() || address.size() > 45) return {};
  char buf[46];
  std::memcpy(buf, address.data(), address.size());
  buf[address.size()] = '\0';
  unsigned char bytes[16];
  if (::inet_pton(AF_INET, buf, bytes) == 1) return private_v4(bytes);
  if (::inet_pton(AF_INET6, buf, bytes) == 1) return private_v6(bytes);
  return {};
}

std::vector<match> private_addresses(std::string_view line) {
  std::vector<match> out;
  scan_v6(line, out);
  scan_v4(line, out);
  return without_overlaps(std::move(out));
}

std::vector<url_parts> find_urls(std::string_view line) {
  std::vector<url_parts> out;
  constexpr std::size_t limit = 512;
  auto scheme_char = [](char c) { return is_alnum(c) || c == '+' || c == '-' || c == '.'; };
  for (std::size_t from = 0;;) {
    std::size_t sep = line.find("://", from);
    if (sep == npos) break;
    std::size_t a = sep + 3, e = a, at_sign = npos;
    bool bracket = false;
    for (; e < line.size() && e - a <= limit; ++e) {
      char c = line[e];
      if (c == '[') {
        bracket = true;
      } else if (c == ']') {
        if (!bracket) break;
        bracket = false;
      } else if (is_space(c) || c == '/' || c == '?' || c == '#' || c == '`' || c == '"' ||
                 c == '\'' || c == '(' || c == ')' || c == '|' || c == '\\' || c == ';') {
        break;
      } else if (c == '@') {
        at_sign = e;
      }
    }
    from = e;
    if (e - a > limit) continue;
    std::size_t s = sep;
    while (s > 0 && sep - s < 32 && scheme_char(line[s - 1])) --s;
    while (s < sep && !is_alpha(line[s])) ++s;
    if (s == sep || is_alnum(before(line, s))) continue;
    url_parts u;
    u.scheme = s;
    u.scheme_end = sep;
    u.authority = a;
    u.end = e;
    u.at = at_sign;
    if (at_sign != npos)
      if (std::size_t c = line.substr(a, at_sign - a).find(':'); c != npos) u.colon = a + c;
    out.push_back(u);
  }
  return out;
}

std::vector<match> internal_hostnames(std::string_view line,
                                      const std::vector<std::string>& patterns) {
  std::vector<match> out;
  // Both forms need a colon before `//` (a URL) or before a digit (a port).
  bool colon = false;
  for (std::size_t k = line.find(':'); k != npos && !colon; k = line.find(':', k + 1))
    colon = is_digit(at(line, k + 1)) || (at(line, k + 1) == '/' && at(line, k + 2) == '/');
  if (!colon) return out;
  std::vector<url_parts> urls = find_urls(line);
  for (const url_parts& u : urls) url_hosts(line, u, patterns, out);
  // `host:port` outside URLs. The port must be numeric and end the token (`10:30:00`,
  // `postgres:16.2` and `redis:7-alpine` are not hosts), and the host must not continue a
  // path, a scope or a variable (`a/b:1`, `x:y:1`, `$HOST:1`).
  std::size_t next_url = 0;
  for (std::size_t i = 0; i < line.size();) {
    while (next_url < urls.size() && urls[next_url].end <= i) ++next_url;
    std::size_t url_start = next_url < urls.size() ? urls[next_url].scheme : line.size();
    if (i >= url_start) {
      i = urls[next_url].end;
      continue;
    }
    if (!host_char(line[i])) {
      ++i;
      continue;
    }
    std::size_t s = i, e = std::min(run_end(line, i, host_char), url_start);
    i = e;
    if (at(line, e) != ':' || e - s > 253) continue;
    std::size_t d = e + 1, de = run_end(line, d, is_digit);
    if (de == d || de - d > 5) continue;
    unsigned port = static_cast<unsigned>(std::stoul(std::string(line.substr(d, de - d))));
    char n1 = at(line, de), n2 = at(line, de + 1);
    if (port == 0 || port > 65535 || is_alnum(n1) || n1 == '_' || n1 == ':' ||
        ((n1 == '.' || n1 == '-') && is_alnum(n2)))
      continue;
    char prev = before(line, s);
    if (prev == ':' || prev == '/' || prev == '\\' || prev == '$' || prev == '{' || prev == '%')
      continue;
    std::string_view host = line.substr(s, e - s);
    while (!host.empty() && host.back() == '.') host.remove_suffix(1);
    if (!plausible_host(host)) continue;
    std::string why = internal_reason(host, patterns, service_port(port));
    if (!why.empty()) out.push_back({s, host.size(), std::string(host), why, std::string(host)});
    i = de;
  }
  return without_overlaps(std::move(out));
}

std::vector<match> private_paths(std::string_view line, const std::vector<std::string>& patterns) {
  std::vector<match> out;
  auto in_path = [](char c) { return !path_delimiter(c); };
  // Every private path holds a separator: visit only the tokens that do. `slash` and
  // `backslash` are the next of each at or after the last `from`.
  std::size_t slash = line.find('/'), backslash = line.find('\\');
  auto next = [&](std::size_t from) {
    if (slash != npos && slash < from) slash = line.find('/', from);
    if (backslash != npos && backslash < from) backslash = line.find('\\', from);
    return std::min(slash, backslash);
  };
  for_each_run_at(line, in_path, next, [&](std::size_t s, std::size_t e) {
    std::size_t seg = s;
    for (std::size_t k = s; k <= e; ++k) {
      if (k < e) {
        char c = line[k];
        bool drive = c == ':' && k == seg + 1 && is_alpha(line[seg]) && is_sep(at(line, k + 1));
        if ((c != ':' && c != '=') || drive) continue;
      }
      if (k > seg) check_path(line, seg, k, patterns, out);
      seg = k + 1;
    }
  });
  return without_overlaps(std::move(out));
}

std::vector<match> credentials(std::string_view line, bool config_like,
                               const std::vector<std::string>& placeholders) {
  std::vector<match> out;
  for (const url_parts& u : find_urls(line)) {
    if (u.at == npos || u.colon == npos) continue;
    std::string_view password = line.substr(u.colon + 1, u.at - u.colon - 1);
    if (!is_placeholder(password, placeholders))
      out.push_back(
          {u.colon + 1, password.size(), mask(password), "URL with a literal password", {}});
  }
  constexpr std::string_view begin = "-----BEGIN ";
  for (std::size_t p = line.find(begin); p != npos; p = line.find(begin, p + 1)) {
    std::size_t q = p + begin.size(), e = q;
    while (e < line.size() && e - q <= 40 &&
           ((line[e] >= 'A' && line[e] <= 'Z') || is_digit(line[e]) || line[e] == ' '))
      ++e;
    std::string_view label = line.substr(q, e - q);
    if (!line.substr(e).starts_with("-----")) continue;
    if (!label.ends_with("PRIVATE KEY") && !label.ends_with("PRIVATE KEY BLOCK")) continue;
    std::size_t len = e + 5 - p;
    out.push_back({p, len, std::string(line.substr(p, len)), "private key", {}});
  }
  // One pass over the runs of key characters finds both the keys that name a secret and the
  // tokens: a token is a run of letters, digits, `_` and `-`, so the part of a key between
  // two full stops.
  bool secret = false;
  for_each_run(
      line, [](char c) { return key_char(c); },
      [&](std::size_t s, std::size_t e) {
        secret = secret || secret_key(key_name(line, s, e));
        for (std::size_t p = s; p < e;) {
          std::size_t q = p;
          while (q < e && line[q] != '.') ++q;
          std::string_view w = line.substr(p, q - p);
          if (!w.empty() && w.size() <= 512) {
            std::string_view kind = token_kind(w);
            if (!kind.empty()) out.push_back({p, w.size(), mask(w), std::string(kind), {}});
          }
          p = q + 1;
        }
      });
  if (secret) {
    scanner sc{line, placeholders, out};
    sc.assignments(0, line.size(), config_like);
    if (!config_like) sc.code_spans();
  }
  return without_overlaps(std::move(out));
}

bool host_glob_match(std::string_view pattern, std::string_view host) {
  glob_pattern g(pattern, {.path = false, .ignore_case = true});
  return !g.empty() && g.matches(host);
}

std::size_t path_glob_prefix(std::string_view pattern, std::string_view path) {
  glob_pattern g(pattern, {.path = true, .backslash = true});
  if (g.empty()) return 0;
  for (std::size_t k = 0; k < path.size(); ++k) {
    if (!g.step(path[k])) return 0;
    std::size_t n = k + 1;
    if (g.accepting() && (n == path.size() || is_sep(path[n]) || is_sep(path[k]))) return n;
  }
  return 0;
}

bool is_placeholder(std::string_view value, const std::vector<std::string>& placeholders) {
  std::string_view v = trim(value);
  if (v.empty()) return true;
  char f = v.front(), b = v.back();
  if (f == '$' && v.size() > 1 && (is_alnum(v[1]) || v[1] == '_' || v[1] == '{' || v[1] == '('))
    return true;
  if ((f == '%' && b == '%' && v.size() > 2) || (f == '<' && b == '>') || (f == '{' && b == '}'))
    return true;
  if (v.find("${") != npos || v.find("{{") != npos) return true;
  if (std::all_of(v.begin(), v.end(), [](char c) { return c == '*'; }) ||
      std::all_of(v.begin(), v.end(), [](char c) { return c == '.'; }) || v == "…")
    return true;
  for (const std::string& p : placeholders)
    if (host_glob_match(p, v)) return true;
  return false;
}

std::string mask(std::string_view secret) {
  std::size_t keep = std::min<std::size_t>(4, secret.size() / 3);
  std::string out;
  for (std::size_t i = 0; i < keep; ++i) {
    char c = secret[i];
    if (c < 0x21 || c > 0x7e || c == '`') break;
    out += c;
  }
  return out + "****";
}

}  // namespace speclint::rules::hygiene
