// Output safety: random strings (control characters, invalid UTF-8, quotes, markup, `%`,
// newlines) in every field of a synthetic result, through every formatter, parsed back.
// JSON and SARIF are parsed with nlohmann-json; JUnit with a strict well-formedness checker here
// and, in its own test, with Python's expat parser; GitHub commands and Markdown tables are
// split back into their parts.

#include <catch2/catch.hpp>

#include <algorithm>
#include <deque>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "speclint/report.hpp"
#include "support.hpp"

using namespace speclint;
using namespace speclint::test;
using nlohmann::json;

namespace {

// Pieces random strings are made of: every C0 control, DEL, markup of each format, bytes that
// are never valid UTF-8, truncated and overlong sequences, a surrogate, noncharacters, and
// ordinary text.
std::vector<std::string> pieces() {
  std::vector<std::string> p;
  for (int c = 0; c < 0x20; ++c) p.emplace_back(1, static_cast<char>(c));
  for (const char* s : {"\x7f",
                        "\"",
                        "'",
                        "<",
                        ">",
                        "&",
                        "%",
                        ":",
                        ",",
                        "|",
                        "`",
                        "\\",
                        "*",
                        "_",
                        "[",
                        "]",
                        "#",
                        "@",
                        "$",
                        "!",
                        "~",
                        "::",
                        "%0A",
                        "%25",
                        "]]>",
                        "<!--",
                        "&amp;",
                        "&#0;",
                        "<br>",
                        "\r\n",
                        "\x80",
                        "\xbf",
                        "\xc0\xaf",
                        "\xc3",
                        "\xe2\x82",
                        "\xed\xa0\x80",
                        "\xf5\x80\x80\x80",
                        "\xff",
                        "\xc3\xa9",
                        "\xe2\x86\xb3",
                        "\xf0\x9f\x98\x80",
                        "\xef\xbf\xbe",
                        "\xef\xbf\xbf",
                        "\xef\xbf\xbd",
                        " ",
                        "a",
                        "Z",
                        "0",
                        "sessions.accountId",
                        "::error file=x::y",
                        "docs/a.md",
                        "\t"})
    p.emplace_back(s);
  return p;
}

struct generator {
  std::mt19937 rng{20240611};
  std::vector<std::string> parts = pieces();
  std::deque<std::string> kept;  // texts that findings view (task ids), alive for the test
  std::string_view keep(std::string s) { return kept.emplace_back(std::move(s)); }
  std::deque<std::vector<std::string_view>> id_tables;  // what findings' task lists index
  std::string text(std::size_t max_pieces = 12) {
    std::string s;
    std::size_t n = std::uniform_int_distribution<std::size_t>(0, max_pieces)(rng);
    for (std::size_t i = 0; i < n; ++i)
      s += parts[std::uniform_int_distribution<std::size_t>(0, parts.size() - 1)(rng)];
    return s;
  }
  std::uint32_t number(std::uint32_t max) {
    return std::uniform_int_distribution<std::uint32_t>(0, max)(rng);
  }
};

lint_result random_result(generator& g) {
  lint_result r;
  std::size_t n = 1 + g.number(3);
  for (std::size_t i = 0; i < n; ++i) {
    finding f;
    f.rule = g.text(4);
    f.level = static_cast<severity>(g.number(2));
    f.message = g.text();
    f.file = g.text(4);
    f.line = g.number(3);
    f.column = g.number(2);
    f.entity = g.text(3);
    f.fingerprint = fmt::format("{:016x}", g.number(1u << 30));
    for (std::uint32_t k = g.number(2); k > 0; --k)
      f.related.push_back({g.text(3), g.number(3), g.number(2), g.text()});
    std::vector<std::string_view> ids;
    std::vector<std::uint32_t> owners;
    for (std::uint32_t k = g.number(2); k > 0; --k) {
      owners.push_back(static_cast<std::uint32_t>(ids.size()));
      ids.push_back(g.keep(g.text(3)));
    }
    f.tasks = task_ids(g.id_tables.emplace_back(std::move(ids)).data(), std::move(owners));
    (f.level == severity::error     ? r.summary.errors
     : f.level == severity::warning ? r.summary.warnings
                                    : r.summary.notes)++;
    r.findings.push_back(std::move(f));
  }
  for (std::uint32_t k = g.number(2); k > 0; --k)
    r.violated.push_back({g.text(3), g.text(2), g.text(3), {g.text(3)}});
  for (std::uint32_t k = g.number(2); k > 0; --k) {
    finding f;
    f.rule = g.text(3);
    f.file = g.text(3);
    f.message = g.text();
    r.fixed.push_back(std::move(f));
  }
  r.summary.baselined = g.number(3);
  return r;
}

// An independent UTF-8 check (well-formed, shortest form, no surrogates, at most U+10FFFF).
bool is_valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    std::uint32_t cp = n == 1 ? c : c & (0x7f >> n);
    for (std::size_t k = 1; k < n; ++k) {
      unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3f);
    }
    static constexpr std::uint32_t min_of[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min_of[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += n;
  }
  return true;
}

bool has_raw_control(std::string_view s, bool allow_newline) {
  for (unsigned char c : s)
    if ((c < 0x20 && !(allow_newline && c == '\n')) || c == 0x7f) return true;
  return false;
}

std::string render(std::string_view format, const lint_result& r) {
  std::ostringstream out;
  REQUIRE(write_report(format, r, report_options{}, out));
  return out.str();
}

std::string place(const std::string& file, std::uint32_t line, std::uint32_t column) {
  if (line == 0) return file;
  if (column == 0) return fmt::format("{}:{}", file, line);
  return fmt::format("{}:{}:{}", file, line, column);
}

// --- GitHub workflow commands --------------------------------------------------------------

std::string unescape_command_value(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      std::string code(s.substr(i + 1, 2));
      char c = code == "25"   ? '%'
               : code == "0D" ? '\r'
               : code == "0A" ? '\n'
               : code == "3A" ? ':'
               : code == "2C" ? ','
                              : 0;
      if (c) {
        out += c;
        i += 2;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

// --- a strict XML 1.0 well-formedness check for what the JUnit reporter writes ------------

struct xml_checker {
  std::string_view s;
  std::size_t i = 0;
  std::string error;

  bool fail(const std::string& why) {
    if (error.empty()) error = fmt::format("byte {}: {}", i, why);
    return false;
  }
  static bool name_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' ||
           c == ':';
  }
  bool entity() {  // at '&'
    std::size_t end = s.find(';', i);
    if (end == std::string_view::npos) return fail("unterminated entity");
    std::string_view name = s.substr(i + 1, end - i - 1);
    bool ok = name == "amp" || name == "lt" || name == "gt" || name == "quot" || name == "apos";
    if (!ok && name.size() > 1 && name[0] == '#') {
      unsigned long cp = 0;
      try {
        cp = name[1] == 'x' ? std::stoul(std::string(name.substr(2)), nullptr, 16)
                            : std::stoul(std::string(name.substr(1)));
      } catch (...) {
        return fail("bad character reference");
      }
      ok = cp == 0x9 || cp == 0xa || cp == 0xd || (cp >= 0x20 && cp <= 0xd7ff) ||
           (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
    }
    if (!ok) return fail("bad entity &" + std::string(name) + ";");
    i = end + 1;
    return true;
  }
  std::string name() {
    std::size_t start = i;
    while (i < s.size() && name_char(s[i])) ++i;
    return std::string(s.substr(start, i - start));
  }
  void spaces() {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r')) ++i;
  }
  bool check() {
    if (!is_valid_utf8(s)) return fail("not UTF-8");
    for (std::size_t k = 0; k < s.size(); ++k) {
      unsigned char c = static_cast<unsigned char>(s[k]);
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return fail("a character XML forbids");
      if (s.substr(k, 3) == "\xef\xbf\xbe" || s.substr(k, 3) == "\xef\xbf\xbf")
        return fail("a noncharacter");
    }
    if (!s.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"))
      return fail("no XML declaration");
    i = s.find('\n') + 1;
    std::vector<std::string> open;
    int roots = 0;
    while (i < s.size()) {
      if (s[i] == '<') {
        ++i;
        if (i < s.size() && s[i] == '/') {
          ++i;
          std::string n = name();
          spaces();
          if (open.empty() || open.back() != n || i >= s.size() || s[i] != '>')
            return fail("bad end tag " + n);
          open.pop_back();
          ++i;
          continue;
        }
        std::string n = name();
        if (n.empty()) return fail("bad start tag");
        if (open.empty() && ++roots > 1) return fail("two root elements");
        std::set<std::string> attrs;
        for (;;) {
          spaces();
          if (i >= s.size()) return fail("unterminated tag");
          if (s[i] == '>' || s.substr(i, 2) == "/>") break;
          std::string a = name();
          if (a.empty() || !attrs.insert(a).second) return fail("bad or repeated attribute");
          if (s.substr(i, 2) != "=\"") return fail("attribute without a quoted value");
          i += 2;
          while (i < s.size() && s[i] != '"') {
            if (s[i] == '<') return fail("< in an attribute");
            if (s[i] == '&') {
              if (!entity()) return false;
            } else {
              ++i;
            }
          }
          if (i >= s.size()) return fail("unterminated attribute");
          ++i;
        }
        if (s[i] == '>') {
          open.push_back(n);
          ++i;
        } else {
          i += 2;
        }
        continue;
      }
      if (s[i] == '&') {
        if (!entity()) return false;
        continue;
      }
      if (open.empty() && s[i] != '\n' && s[i] != ' ') return fail("text outside the root");
      if (s.substr(i, 3) == "]]>") return fail("]]> in text");
      ++i;
    }
    if (!open.empty()) return fail("unclosed " + open.back());
    return roots == 1 || fail("no root element");
  }
};

std::string xml_unescape(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      out += s[i];
      continue;
    }
    std::size_t end = s.find(';', i);
    std::string_view e = s.substr(i + 1, end - i - 1);
    if (e == "amp")
      out += '&';
    else if (e == "lt")
      out += '<';
    else if (e == "gt")
      out += '>';
    else if (e == "quot")
      out += '"';
    else if (e == "apos")
      out += '\'';
    else
      out += static_cast<char>(std::stoul(std::string(e.substr(1))));  // only &#9; &#10; &#13;
    i = end;
  }
  return out;
}

// What XML keeps of a valid UTF-8 text: no C0 controls but tab, LF and CR; no U+FFFE/U+FFFF.
std::string xml_kept(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') continue;
    if (s.substr(i, 3) == "\xef\xbf\xbe" || s.substr(i, 3) == "\xef\xbf\xbf") {
      i += 2;
      continue;
    }
    out += s[i];
  }
  return out;
}

// The value of the n-th occurrence of ` attribute="` in a document.
std::string attribute(std::string_view doc, const std::string& attr, std::size_t nth) {
  std::string key = " " + attr + "=\"";
  std::size_t at = 0;
  for (std::size_t k = 0; k <= nth; ++k) {
    at = doc.find(key, k == 0 ? 0 : at + 1);
    if (at == std::string_view::npos) return "<missing>";
  }
  std::size_t start = at + key.size();
  return std::string(doc.substr(start, doc.find('"', start) - start));
}

// Cells of a Markdown table row, split at pipes no backslash escapes.
std::size_t table_cells(std::string_view row) {
  std::size_t pipes = 0;
  for (std::size_t i = 0; i < row.size(); ++i)
    if (row[i] == '|' && (i == 0 || row[i - 1] != '\\')) ++pipes;
  return pipes - 1;
}

constexpr int iterations = 400;

}  // namespace

TEST_CASE("property: JSON and SARIF parse back for any input", "[report][safety]") {
  generator g;
  for (int it = 0; it < iterations; ++it) {
    lint_result r = random_result(g);
    for (const char* format : {"json", "sarif"}) {
      std::string out = render(format, r);
      INFO(format << " #" << it << "\n" << out);
      REQUIRE(is_valid_utf8(out));
      json j;
      REQUIRE_NOTHROW(j = json::parse(out));
      const json& items = std::string(format) == "json" ? j["findings"] : j["runs"][0]["results"];
      REQUIRE(items.size() == r.findings.size());
      for (std::size_t i = 0; i < r.findings.size(); ++i) {
        const finding& f = r.findings[i];
        const json& item = items[i];
        std::string message =
            std::string(format) == "json" ? item["message"] : item["message"]["text"];
        if (is_valid_utf8(f.message))
          CHECK(message == f.message);
        else
          CHECK(message.find("\xef\xbf\xbd") != std::string::npos);
        if (std::string(format) == "sarif") {
          CHECK(
              item["partialFingerprints"]["primaryLocationLineHash"].get<std::string>().starts_with(
                  f.fingerprint));
          CHECK(item["properties"]["tasks"].size() == f.tasks.size());
          if (!f.file.empty()) {
            std::string uri = item["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
            bool plain = std::all_of(uri.begin(), uri.end(), [](char c) {
              return std::isalnum(static_cast<unsigned char>(c)) ||
                     std::string_view("%/-._~").find(c) != std::string_view::npos;
            });
            CHECK(plain);
            if (f.line)
              CHECK(item["locations"][0]["physicalLocation"]["region"]["startLine"] == f.line);
            else
              CHECK(!item["locations"][0]["physicalLocation"].contains("region"));
          }
        }
      }
    }
  }
}

TEST_CASE("property: GitHub workflow commands split back into their parts", "[report][safety]") {
  generator g;
  for (int it = 0; it < iterations; ++it) {
    lint_result r = random_result(g);
    std::string out = render("github", r);
    INFO("#" << it << "\n" << out);
    REQUIRE(is_valid_utf8(out));
    std::vector<std::string> lines;
    std::istringstream in(out);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    REQUIRE(lines.size() == r.findings.size() + 1);  // one command a finding, then the summary
    CHECK(lines.back().find("::") == std::string::npos);
    for (std::size_t i = 0; i < r.findings.size(); ++i) {
      const finding& f = r.findings[i];
      const std::string& line = lines[i];
      CHECK(line.find('\r') == std::string::npos);
      std::string command = f.level == severity::error     ? "error"
                            : f.level == severity::warning ? "warning"
                                                           : "notice";
      REQUIRE(line.starts_with("::" + command + " "));
      std::size_t sep = line.find("::", 2);
      REQUIRE(sep != std::string::npos);
      std::string props = line.substr(command.size() + 3, sep - command.size() - 3);
      std::map<std::string, std::string> values;
      std::istringstream ps(props);
      for (std::string kv; std::getline(ps, kv, ',');) {
        std::size_t eq = kv.find('=');
        REQUIRE(eq != std::string::npos);
        REQUIRE(values.emplace(kv.substr(0, eq), unescape_command_value(kv.substr(eq + 1))).second);
      }
      std::string message = unescape_command_value(line.substr(sep + 2));
      std::string expected = f.message;
      for (const auto& rel : f.related)
        expected += "\n" + place(rel.file, rel.line, rel.column) + ": " + rel.message;
      if (!f.tasks.empty()) expected += "\ntasks: " + fmt::format("{}", fmt::join(f.tasks, ", "));
      if (is_valid_utf8(expected)) CHECK(message == expected);
      if (is_valid_utf8(f.rule)) CHECK(values["title"] == f.rule);
      if (!f.file.empty() && is_valid_utf8(f.file)) CHECK(values["file"] == f.file);
      if (!f.file.empty() && f.line) CHECK(values["line"] == std::to_string(f.line));
    }
  }
}

TEST_CASE("property: JUnit XML is well-formed and keeps the text", "[report][safety]") {
  generator g;
  for (int it = 0; it < iterations; ++it) {
    lint_result r = random_result(g);
    std::string out = render("junit", r);
    INFO("#" << it << "\n" << out);
    xml_checker xc{out};
    bool well_formed = xc.check();
    INFO(xc.error);
    REQUIRE(well_formed);
    // The failures, in suite (rule) order, carry each message as an attribute.
    std::vector<const finding*> order;
    for (const finding& f : r.findings) order.push_back(&f);
    std::stable_sort(order.begin(), order.end(),
                     [](const finding* a, const finding* b) { return a->rule < b->rule; });
    for (std::size_t i = 0; i < order.size(); ++i)
      if (is_valid_utf8(order[i]->message))
        CHECK(xml_unescape(attribute(out, "message", i)) == xml_kept(order[i]->message));
  }
}

TEST_CASE("property: Markdown tables keep their shape and hold no raw control character",
          "[report][safety]") {
  generator g;
  for (int it = 0; it < iterations; ++it) {
    lint_result r = random_result(g);
    std::string out = render("markdown", r);
    INFO("#" << it << "\n" << out);
    REQUIRE(is_valid_utf8(out));
    CHECK(!has_raw_control(out, true));
    std::size_t rows = 0, cells = 0;
    std::istringstream in(out);
    for (std::string line; std::getline(in, line);) {
      if (line.starts_with("### ")) cells = 0;
      if (!line.starts_with("|")) continue;
      std::size_t n = table_cells(line);
      if (cells == 0) cells = n;  // the header row sets the width
      CHECK(n == cells);
      if (cells == 5 && !line.starts_with("| Severity") && !line.starts_with("| ---")) ++rows;
    }
    CHECK(rows == r.findings.size());
  }
}

TEST_CASE("property: text output holds no raw control character", "[report][safety]") {
  generator g;
  for (int it = 0; it < iterations; ++it) {
    lint_result r = random_result(g);
    std::string out = render("text", r);
    INFO("#" << it << "\n" << out);
    CHECK(!has_raw_control(out, true));
  }
}

TEST_CASE("property: Python's XML parser accepts every JUnit report", "[report][safety][python3]") {
  std::string python = find_python();
  if (python.empty()) {
    SPECLINT_MISSING_TOOL(
        "python3; JUnit output checked only by the built-in well-formedness check");
    return;
  }
  generator g;
  temp_dir d;
  std::vector<std::string> argv{python,
                                (source_dir() / "tests" / "tools" / "check_xml.py").string()};
  for (int it = 0; it < iterations; ++it) {
    std::string file = (d.path() / fmt::format("{}.xml", it)).string();
    write_file(file, render("junit", random_result(g)));
    argv.push_back(file);
  }
  run_result r = run_process(argv);
  INFO(r.out << r.err);
  CHECK(r.status == 0);
  CHECK(r.out.empty());

  // And it does reject what is not XML.
  write_file(d.path() / "bad.xml", "<?xml version=\"1.0\"?>\n<a>\x01</a>\n");
  r = run_process({argv[0], argv[1], (d.path() / "bad.xml").string()});
  CHECK(r.status == 1);
}
