// The hygiene scanners' edge cases, and the hygiene rules through the binary: masking,
// inline suppression, configuration, and which documents they read.

#include <catch2/catch.hpp>

#include <chrono>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "../../src/rules/hygiene_scan.hpp"
#include "speclint/config.hpp"
#include "speclint/lint.hpp"
#include "support.hpp"

using namespace speclint::rules::hygiene;
using namespace speclint::test;
using nlohmann::json;
using strings = std::vector<std::string>;

namespace {

// "column shown (reason)" of each match, column 1-based.
strings described(const std::vector<match>& v) {
  strings out;
  for (const match& x : v)
    out.push_back(fmt::format("{} {} ({})", x.offset + 1, x.shown, x.reason));
  return out;
}

strings addresses(std::string_view line) {
  return described(private_addresses(line));
}
strings hosts(std::string_view line, const strings& patterns = {}) {
  return described(internal_hostnames(line, patterns));
}
strings paths(std::string_view line, const strings& patterns = {}) {
  return described(private_paths(line, patterns));
}
strings secrets(std::string_view line, bool config_like = false, const strings& placeholders = {}) {
  return described(credentials(line, config_like, placeholders));
}

}  // namespace

TEST_CASE("private-address: ranges, loopback and documentation ranges") {
  CHECK(private_range("10.0.0.1") == "10.0.0.0/8");
  CHECK(private_range("172.16.0.1") == "172.16.0.0/12");
  CHECK(private_range("172.31.255.255") == "172.16.0.0/12");
  CHECK(private_range("172.32.0.1").empty());
  CHECK(private_range("192.168.0.1") == "192.168.0.0/16");
  CHECK(private_range("100.64.0.1") == "100.64.0.0/10");
  CHECK(private_range("100.127.255.255") == "100.64.0.0/10");
  CHECK(private_range("100.128.0.1").empty());
  CHECK(private_range("169.254.169.254") == "169.254.0.0/16");
  CHECK(private_range("fc00::1") == "fc00::/7");
  CHECK(private_range("fdff::1") == "fc00::/7");
  CHECK(private_range("fe80::1") == "fe80::/10");
  CHECK(private_range("febf::1") == "fe80::/10");
  CHECK(private_range("fec0::1").empty());
  CHECK(private_range("::ffff:192.168.1.1") == "192.168.0.0/16");
  for (const char* fine : {"127.0.0.1", "::1", "192.0.2.10", "198.51.100.7", "203.0.113.9",
                           "2001:db8::1", "8.8.8.8", "not an address", "", "10.0.0.256"}) {
    INFO(fine);
    CHECK(private_range(fine).empty());
  }
}

TEST_CASE("private-address: candidates are whole tokens") {
  CHECK(addresses("v1.10.0.1 1.2.3.4.5 10.0.0.1a x10.0.0.1 release-10.0.0.1 10.0.0.1.5").empty());
  CHECK(addresses("_10.0.0.1 .10.0.0.1 10.0.0.01").empty());
  CHECK(addresses("at 10.0.0.1:5432 in 10.0.0.0/24, then 10.0.0.2.") ==
        strings{"4 10.0.0.1 (10.0.0.0/8)", "21 10.0.0.0 (10.0.0.0/8)", "39 10.0.0.2 (10.0.0.0/8)"});
  CHECK(addresses("10.0.0.1-10.0.0.9") ==
        strings{"1 10.0.0.1 (10.0.0.0/8)", "10 10.0.0.9 (10.0.0.0/8)"});
  CHECK(addresses("http://192.168.1.5:8080/x") == strings{"8 192.168.1.5 (192.168.0.0/16)"});
}

TEST_CASE("private-address: IPv6 forms") {
  CHECK(addresses("fe80::1%eth0 up") == strings{"1 fe80::1%eth0 (fe80::/10)"});
  CHECK(addresses("[fd00::1]:8080") == strings{"2 fd00::1 (fc00::/7)"});
  CHECK(addresses("fd12:3456::/48.") == strings{"1 fd12:3456:: (fc00::/7)"});
  CHECK(addresses("ends with fd00::1.") == strings{"11 fd00::1 (fc00::/7)"});
  CHECK(addresses("mapped ::ffff:10.1.2.3") == strings{"8 ::ffff:10.1.2.3 (10.0.0.0/8)"});
  CHECK(addresses("fe80::1g std::string a::b 10:30:00 00:1a:2b:3c:4d:5e ::1 2001:db8::5").empty());
}

TEST_CASE("internal-hostname: the false-positive traps") {
  for (const char* fine : {"`sessions.accountId`",
                           "table:column",
                           "file.md:17",
                           "sessions.md:17:4",
                           "docs/architecture/storage/sessions.md:80",
                           "line:17",
                           "http://localhost:5432",
                           "postgres://<user>:<password>@localhost:5432/hub",
                           "${DATABASE_URL}",
                           "10:30",
                           "10:30:00",
                           "2026-04-21T10:30:00Z",
                           "note: text",
                           "postgres:15",
                           "postgres:16.2",
                           "redis:7-alpine",
                           "std::size_t",
                           "127.0.0.1:5432:5432",
                           "localhost:5432",
                           "example.com:443",
                           "https://www.postgresql.org/docs/",
                           "postgres://${DB_HOST}:5432/x",
                           "https://<host>:8443/",
                           "postgres://u@HOST:5432/x",
                           "host:5432",
                           "$PGHOST:5432",
                           "{port:5432}",
                           "a/b:5432",
                           "x:y:5432",
                           "s3://bucket/key",
                           "file:///tmp/x",
                           "http://127.0.0.1:8080",
                           "http://[fd00::1]:8080",
                           "postgres://",
                           "width:1080px"}) {
    INFO(fine);
    CHECK(hosts(fine).empty());
  }
}

TEST_CASE("internal-hostname: URLs and host:port") {
  CHECK(hosts("postgres://db:5432/hub") == strings{"12 db (a single-label name)"});
  CHECK(hosts("redis://cache") == strings{"9 cache (a single-label name)"});
  CHECK(hosts("postgres://u:p@pg1.corp:5432,pg2.LAN:5433/hub") ==
        strings{"16 pg1.corp (ends in `.corp`)", "30 pg2.LAN (ends in `.lan`)"});
  CHECK(hosts("<http://db01>") == strings{"9 db01 (a single-label name)"});
  CHECK(hosts("see db.internal:5432.") == strings{"5 db.internal (ends in `.internal`)"});
  CHECK(hosts("user@db01:5432") == strings{"6 db01 (a single-label name)"});
  CHECK(hosts("ssh build:22") == strings{"5 build (a single-label name)"});
  CHECK(hosts("x.local y.home.arpa:1 nas.intranet:80").size() == 2);
  // A dotted name without a URL or a port is prose.
  CHECK(hosts("db.internal is retired").empty());
}

TEST_CASE("internal-hostname: configured patterns are case-insensitive globs") {
  strings patterns{"*.acme.example", "build-?"};
  CHECK(hosts("https://CI.Acme.Example/x", patterns) ==
        strings{"9 CI.Acme.Example (matches `*.acme.example`)"});
  CHECK(hosts("build-7:22 build-77:22", patterns) ==
        strings{"1 build-7 (matches `build-?`)", "12 build-77 (a single-label name)"});
  CHECK(hosts("acme.example:443", patterns).empty());
  CHECK(host_glob_match("*.acme.example", "a.b.acme.example"));
  CHECK_FALSE(host_glob_match("*.acme.example", "acme.example"));
  CHECK_FALSE(host_glob_match("", "x"));
  // Many stars stay polynomial.
  CHECK_FALSE(host_glob_match("*a*a*a*a*a*a*a*a*a*a*b", std::string(5000, 'a')));
}

TEST_CASE("private-path: roots, placeholders and boundaries") {
  CHECK(paths("/home/alice/x /Users/bob /workspace/hub /workspace. C:\\Users\\carol\\x") ==
        strings{"1 /home/alice/x (under `/home/<user>/`)", "15 /Users/bob (under `/Users/<user>/`)",
                "26 /workspace/hub (under `/workspace/`)", "41 /workspace (under `/workspace/`)",
                "53 C:\\Users\\carol\\x (under `C:\\Users\\<user>\\`)"});
  CHECK(paths("-v /home/gina/d:/data --dir=/home/hank file:///home/frank/n.md") ==
        strings{"4 /home/gina/d (under `/home/<user>/`)", "29 /home/hank (under `/home/<user>/`)",
                "47 /home/frank/n.md (under `/home/<user>/`)"});
  CHECK(paths("\"C:\\\\Users\\\\erin\\\\x\"") ==
        strings{"2 C:\\\\Users\\\\erin\\\\x (under `C:\\Users\\<user>\\`)"});
  for (const char* fine :
       {"/home/<user>/x", "/home/$USER/x", "/home/", "/Users/Shared/x", "C:\\Users\\Public\\x",
        "C:\\Users\\%USERNAME%\\x", "~/x", "$HOME/x", "docs/home/alice", "./home/alice",
        "/var/home/alice", "/workspaces/x", "https://example.com/home/alice", "/usr/lib/x"}) {
    INFO(fine);
    CHECK(paths(fine).empty());
  }
}

TEST_CASE("private-path: configured patterns match a prefix at a directory boundary") {
  CHECK(path_glob_prefix("/srv/acme/**", "/srv/acme/a/b") == 10);
  CHECK(path_glob_prefix("/srv/acme", "/srv/acme/a") == 9);
  CHECK(path_glob_prefix("/srv/acme", "/srv/acmex") == 0);
  CHECK(path_glob_prefix("/opt/*/bin", "/opt/hub/bin/x") == 12);
  CHECK(path_glob_prefix("/opt/*/bin", "/opt/a/b/bin") == 0);
  CHECK(path_glob_prefix("/srv/**/keys", "/srv/keys") == 9);
  CHECK(path_glob_prefix("/srv/**/keys", "/srv/a/b/keys/x") == 13);
  CHECK(path_glob_prefix("/srv/**/keys", "/srv/akeys") == 0);  // `**/` never splits a name
  CHECK(path_glob_prefix("D:\\work\\", "D:/work/hub") == 8);
  CHECK(paths("at /srv/acme/backups and /srv/other", {"/srv/acme/"}) ==
        strings{"4 /srv/acme/backups (matches `/srv/acme/`)"});
}

TEST_CASE("credential: masking") {
  CHECK(mask("hunter2") == "hu****");
  CHECK(mask("abc") == "a****");
  CHECK(mask("ab") == "****");
  CHECK(mask("") == "****");
  CHECK(mask("AKIAFAKE0FOR0TESTS00") == "AKIA****");
  CHECK(mask("p`ssword-long") == "p****");            // never a backtick in a message
  CHECK(mask("\xc3\xa9t\xc3\xa9-secret") == "****");  // never half a UTF-8 character
}

TEST_CASE("credential: placeholders and references") {
  for (const char* v :
       {"", "  ", "${DB_PASSWORD}", "$DB_PASSWORD", "$(cat f)", "%PW%", "<password>", "{password}",
        "{{ .Password }}", "pre-${X}", "***", "...", "$1"}) {
    INFO(v);
    CHECK(is_placeholder(v, {}));
  }
  CHECK_FALSE(is_placeholder("changeme", {}));
  CHECK(is_placeholder("ChangeMe", {"changeme"}));
  CHECK(is_placeholder("example-42", {"example-*"}));
  CHECK_FALSE(is_placeholder("hunter2", {"changeme"}));
}

TEST_CASE("credential: shapes and assignments") {
  CHECK(secrets("postgres://app:hunter2@localhost/hub") ==
        strings{"16 hu**** (URL with a literal password)"});
  CHECK(secrets(
            "postgres://<user>:<password>@localhost:5432/hub postgres://u:***@h postgres://alice@h")
            .empty());
  CHECK(secrets("-----BEGIN EC PRIVATE KEY----- -----BEGIN PUBLIC KEY-----") ==
        strings{"1 -----BEGIN EC PRIVATE KEY----- (private key)"});
  CHECK(secrets("AKIAFAKE0FOR0TESTS00 AKIAIOSFODNN7EXAMPLE AKIAFAKE0FOR0TESTS001") ==
        strings{"1 AKIA**** (literal AWS access key id)"});
  CHECK(secrets("ghp_FAKE0TOKEN0FOR0SPECLINT0TESTS0000000 ghp_short "
                "ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX") ==
        strings{"1 ghp_**** (literal GitHub token)"});
  CHECK(secrets("xoxb-0000000000-FAKE0SLACK0TOKEN xoxb-your-token-here") ==
        strings{"1 xoxb**** (literal Slack token)"});
  CHECK(
      secrets(R"({"password": "s3cr3t", "apiKey": "abc123def", "tokenCount": "12"})") ==
      strings{"15 s3**** (`password` set to a literal)", "35 abc**** (`apiKey` set to a literal)"});
  CHECK(secrets("PGPASSWORD=hunter22 x-api-key=k3y-value TOKEN=$GITHUB_TOKEN") ==
        strings{"12 hu**** (`PGPASSWORD` set to a literal)",
                "31 k3y**** (`x-api-key` set to a literal)"});
  CHECK(secrets("CREATE ROLE app PASSWORD 'sql-pw'; ALTER ROLE b PASSWORD NULL; PASSWORD :'pw'") ==
        strings{"27 sq**** (`PASSWORD` set to a literal)"});
  // Unquoted `key: value` is prose unless it is configuration or an inline code span.
  CHECK(secrets("password: hunter2").empty());
  CHECK(secrets("Token: an opaque value. The password. password==x token::x").empty());
  CHECK(secrets("set `password: hunter2` here") ==
        strings{"16 hu**** (`password` set to a literal)"});
  CHECK(secrets("password: hunter2", true) == strings{"11 hu**** (`password` set to a literal)"});
  CHECK(secrets("- token: abc def # comment", true) ==
        strings{"10 ab**** (`token` set to a literal)"});
  CHECK(secrets("  password = hunter2", true) ==
        strings{"14 hu**** (`password` set to a literal)"});
  for (const char* fine :
       {"password: ${DB_PASSWORD}", "secret:", "token: null", "secret: |", "password: string",
        "password: string;", "passwd: \"\"", "password_file: /run/secrets/db", "password:hunter2",
        "apiKey: !Ref ApiKey", "token: <token>"}) {
    INFO(fine);
    CHECK(secrets(fine, true).empty());
  }
  CHECK(secrets("password: changeme", true, {"changeme"}).empty());
}

TEST_CASE("hygiene scanners are linear in the length of a line") {
  // Each line is about 10 MB of a shape that a quadratic scan would take hours on.
  constexpr std::size_t size = 10'000'000;
  auto repeat = [&](std::string_view unit) {
    std::string s;
    s.reserve(size + unit.size());
    while (s.size() < size) s += unit;
    return s;
  };
  auto start = std::chrono::steady_clock::now();
  CHECK(private_addresses(repeat("1.")).empty());
  CHECK(private_addresses(repeat("a:")).empty());
  CHECK(internal_hostnames(repeat("x:"), {"*a*b*"}).empty());
  CHECK(internal_hostnames(repeat("0://"), {}).empty());
  CHECK(internal_hostnames(repeat("a,://"), {}).empty());
  CHECK(private_paths(repeat("/x:"), {"/srv/**/x*"}).empty());
  CHECK(private_paths(repeat("/srv/a"), {"/srv/**/x*"}).empty());
  CHECK(credentials(repeat("password:'${X}"), true, {}).empty());
  CHECK(credentials(repeat("token=\"${A}"), false, {}).empty());
  CHECK(credentials(repeat("token: "), true, {}).size() == 1);  // the first key takes the line
  CHECK(credentials(repeat("`` `"), false, {}).empty());
  CHECK(credentials(repeat("-----BEGIN "), false, {}).empty());
  CHECK(credentials(repeat("p://"), false, {}).empty());
  std::string many = repeat("10.0.0.1 ");
  CHECK(private_addresses(many).size() == size / 9 + (size % 9 ? 1 : 0));
  auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CHECK(seconds < 120);
}

TEST_CASE("hygiene rules: the secret never appears in text or JSON output") {
  temp_dir d;
  const std::string secret = "Tr0ub4dor3-and-more";
  d.write("docs/setup.md", "# Setup\n\nUse `postgres://app:" + secret +
                               "@localhost:5432/hub`.\n\n```yaml\npassword: " + secret + "\n```\n");
  d.write("tasks/rotate.md",
          "---\nid: rotate\nname: Rotate\nstatus: pending\n---\n\n## Description\n\nExport "
          "`DB_PASSWORD=" +
              secret + "`.\n");
  auto text = run_speclint({"--no-color", "-r", "hygiene/credential"}, d.path());
  auto js = run_speclint({"--format", "json", "-r", "hygiene/credential"}, d.path());
  CHECK(text.status == 1);
  CHECK(text.out.find(secret) == std::string::npos);
  CHECK(js.out.find(secret) == std::string::npos);
  CHECK(text.out.find("Tr0ub") == std::string::npos);  // no more than the masked prefix
  json j = json::parse(js.out);
  strings found;
  for (const auto& f : j["findings"])
    found.push_back(fmt::format("{}:{}:{} {} [{}]", f["file"].get<std::string>(),
                                f["line"].get<int>(), f["column"].get<int>(),
                                f["message"].get<std::string>(), f["entity"].get<std::string>()));
  const std::string hint =
      "; write a placeholder such as `<password>` or a reference such as `${NAME}`";
  CHECK(found ==
        strings{"docs/setup.md:3:21 URL with a literal password `Tr0u****`" + hint + " []",
                "docs/setup.md:6:11 `password` set to a literal `Tr0u****`" + hint + " []",
                "tasks/rotate.md:9:21 `DB_PASSWORD` set to a literal `Tr0u****`" + hint + " []"});
}

TEST_CASE("hygiene rules: an inline suppression allows one match and shows it as suppressed") {
  temp_dir d;
  d.write("docs/local.md",
          "# Local\n\n"
          "<!-- speclint-disable-next-line hygiene/credential -->\n"
          "The image's default: `postgres://postgres:postgres@localhost:5432/postgres`.\n"
          "Not allowed: `postgres://app:hunter22@localhost:5432/hub`.\n"
          "<!-- speclint-disable-next-line hygiene/private-address -->\n"
          "Metadata: 169.254.169.254.\n");
  auto r = run_speclint({"--format", "json", "--show-suppressed"}, d.path());
  INFO(r.err);
  REQUIRE(r.status == 1);
  json j = json::parse(r.out);
  CHECK(r.out.find("hunter22") == std::string::npos);
  CHECK(r.out.find("postgres://postgres:postgres") == std::string::npos);
  REQUIRE(j["findings"].size() == 1);
  CHECK(j["findings"][0]["rule"] == "hygiene/credential");
  CHECK(j["findings"][0]["line"] == 5);
  CHECK(j["summary"]["suppressed"] == 2);
  REQUIRE(j["suppressed"].size() == 2);
  CHECK(j["suppressed"][0]["rule"] == "hygiene/credential");
  CHECK(j["suppressed"][0]["line"] == 4);
  CHECK(j["suppressed"][0]["column"] == 43);
  CHECK(j["suppressed"][0]["message"].get<std::string>().starts_with(
      "URL with a literal password `po****`"));
  CHECK(j["suppressed"][0]["suppressed"] == true);
  CHECK(j["suppressed"][1]["rule"] == "hygiene/private-address");
  CHECK(j["suppressed"][1]["line"] == 7);
  CHECK(j["suppressed"][1]["entity"] == "169.254.169.254");
  // Without --show-suppressed the allowed findings are only counted.
  auto plain = run_speclint({"--format", "json"}, d.path());
  CHECK(json::parse(plain.out).count("suppressed") == 0);
}

TEST_CASE("hygiene rules: configuration under hygiene: and the documents they read") {
  temp_dir d;
  d.write(".speclint.yaml",
          "hygiene:\n"
          "  internal_hostnames: [\"*.acme.example\"]\n"
          "  private_paths: [/srv/acme/]\n"
          "  placeholders: [changeme]\n");
  d.write("docs/a.md",
          "# A\n\n"
          "Hosts `ci.acme.example:22`, paths /srv/acme/x, `postgres://u:changeme@localhost/x`.\n"
          "See [notes](../notes/n.md).\n");
  // Read only because a.md links to it: no rule runs on it.
  d.write("notes/n.md", "# Notes\n\n10.0.0.1 /home/alice/x `postgres://u:hunter22@db:5432/x`\n");
  speclint::lint_options opts;
  opts.root = d.path();
  opts.cfg = speclint::load_config(d.path() / ".speclint.yaml", ".speclint.yaml");
  opts.only_rules = {"hygiene/credential", "hygiene/internal-hostname", "hygiene/private-address",
                     "hygiene/private-path"};
  opts.jobs = 1;
  speclint::lint_result r = speclint::lint(opts);
  const speclint::document* notes = r.spec.find_document("notes/n.md");
  REQUIRE(notes != nullptr);
  CHECK(notes->auxiliary);
  strings found;
  for (const speclint::finding& f : r.findings)
    found.push_back(fmt::format("{}:{}:{} {} {}", f.file, f.line, f.column, f.rule, f.entity));
  CHECK(found == strings{"docs/a.md:3:8 hygiene/internal-hostname ci.acme.example",
                         "docs/a.md:3:35 hygiene/private-path "});
}

TEST_CASE("hygiene rules count lines as the other rules do: LF, CRLF and a lone CR") {
  temp_dir d;
  d.write("docs/lf.md", "# A\n\nhost 10.1.2.3\n");
  d.write("docs/crlf.md", "# A\r\n\r\nhost 10.1.2.3\r\n");
  d.write("docs/cr.md", "# A\r\rhost 10.1.2.3\r");
  speclint::lint_options opts;
  opts.root = d.path();
  opts.only_rules = {"hygiene/private-address"};
  opts.jobs = 1;
  speclint::lint_result r = speclint::lint(opts);
  strings found;
  for (const speclint::finding& f : r.findings)
    found.push_back(fmt::format("{}:{}:{} {}", f.file, f.line, f.column, f.entity));
  CHECK(found ==
        strings{"docs/cr.md:3:6 10.1.2.3", "docs/crlf.md:3:6 10.1.2.3", "docs/lf.md:3:6 10.1.2.3"});
}

TEST_CASE("hygiene rules scan each file as it is read: no text is kept, the findings are") {
  temp_dir d;
  d.write("docs/a.md", "# A\n\nhost 10.1.2.3\n");
  d.write(
      "tasks/task-1.md",
      "---\nid: task-1\ntitle: One\nstatus: open\n---\n\n# One\n\nOn 10.9.8.7 first: users.id,\n"
      "then users.id again and orders.total.\n");
  speclint::lint_options opts;
  opts.root = d.path();
  opts.only_rules = {"hygiene/private-address"};
  opts.jobs = 1;
  speclint::lint_result r = speclint::lint(opts);
  const speclint::document* doc = r.spec.find_document("docs/a.md");
  const speclint::document* task = r.spec.find_document("tasks/task-1.md");
  REQUIRE(doc != nullptr);
  REQUIRE(task != nullptr);
  // A document has no member for its text: what the checks found and the counts stay.
  CHECK(doc->line_count == 3);
  REQUIRE(r.spec.tasks().size() == 1);
  const speclint::task& t = r.spec.tasks()[0];
  CHECK(t.mentions == "users.id\norders.total\n");  // all a task keeps of its text
  strings mentions;
  t.for_each_mention([&](std::string_view name) { mentions.emplace_back(name); });
  CHECK(mentions == strings{"users.id", "orders.total"});
  REQUIRE(t.sections.size() == 1);
  CHECK(t.sections[0].line(*task) == 7);
  CHECK(t.sections[0].end_line == 10);
  strings found;
  for (const speclint::finding& f : r.findings)
    found.push_back(fmt::format("{}:{}:{} {}", f.file, f.line, f.column, f.entity));
  CHECK(found == strings{"docs/a.md:3:6 10.1.2.3", "tasks/task-1.md:9:4 10.9.8.7"});

  // A rule that does not run scans nothing.
  opts.only_rules = {"hygiene/credential"};
  r = speclint::lint(opts);
  CHECK(r.findings.empty());
}
