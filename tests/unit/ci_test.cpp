// speclint in CI and before a commit: `check --changed`, the pre-commit hook, `speclint init`,
// and the everyday flags (--explain, --quiet, color only on a terminal, NO_COLOR, exit statuses).

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <regex>
#include <sstream>

#include <yaml-cpp/yaml.h>
#include <nlohmann/json.hpp>

#include "speclint/config.hpp"
#include "speclint/rule.hpp"
#include "support.hpp"

extern char** environ;

using namespace speclint;
using namespace speclint::test;
using nlohmann::json;

namespace {

// git, isolated from the machine's configuration (hooks paths, signing, templates).
const std::vector<std::string> git_env{
    "GIT_CONFIG_NOSYSTEM=1",       "GIT_CONFIG_GLOBAL=/dev/null",
    "GIT_AUTHOR_NAME=speclint",    "GIT_AUTHOR_EMAIL=speclint@example.com",
    "GIT_COMMITTER_NAME=speclint", "GIT_COMMITTER_EMAIL=speclint@example.com"};

run_result git(const fs::path& repo, std::vector<std::string> args) {
  args.insert(args.begin(), "git");
  return run_process(args, repo, git_env);
}

void git_ok(const fs::path& repo, const std::vector<std::string>& args) {
  run_result r = git(repo, args);
  INFO("git " << args.front() << ": " << r.out << r.err);
  REQUIRE(r.status == 0);
}

bool have_git() {
  return run_process({"git", "--version"}).status == 0;
}

// A git repository holding the golden corpus, committed.
struct corpus_repo {
  temp_dir dir;
  corpus_repo() {
    fs::copy(source_dir() / "tests" / "golden" / "corpus", dir.path(), fs::copy_options::recursive);
    git_ok(dir.path(), {"init", "-q", "-b", "main"});
    git_ok(dir.path(), {"add", "-A"});
    git_ok(dir.path(), {"commit", "-q", "-m", "corpus"});
  }
  fs::path path(const std::string& rel = "") const {
    return rel.empty() ? dir.path() : dir.path() / rel;
  }
  void append(const std::string& rel, const std::string& text) const {
    write_file(path(rel), read_file(path(rel)) + text);
  }
  // The rule and file of each reported finding, via --format json.
  std::vector<std::string> findings(std::vector<std::string> args) const {
    args.insert(args.end(), {"--format", "json"});
    run_result r = run_speclint(args, path());
    INFO(r.out << r.err);
    REQUIRE((r.status == 0 || r.status == 1));
    std::vector<std::string> out;
    json j = json::parse(r.out);
    for (const auto& f : j["findings"])
      out.push_back(f["file"].get<std::string>() + " " + f["rule"].get<std::string>());
    return out;
  }
};

const std::vector<std::string> accounts_findings{
    "docs/storage/accounts.md schema/fk-missing-index",
    "docs/storage/accounts.md schema/not-null-set-null"};
const std::vector<std::string> audit_findings{"docs/storage/audit.md schema/missing-primary-key",
                                              "docs/storage/audit.md schema/fk-missing-index",
                                              "docs/storage/audit.md schema/unknown-action"};

const char* no_pk_doc =
    "# New\n\n## `newTable`\n\n| Column | Type | Nullable | Default | References | On Delete | "
    "Notes |\n"
    "|---|---|---|---|---|---|---|\n| `x` | `text` | no | | | | |\n";

// Runs speclint on a pseudo-terminal, as a person at a terminal would; returns what it printed.
run_result run_on_terminal(const std::vector<std::string>& args, const fs::path& cwd,
                           const std::vector<std::string>& env = {}) {
  run_result r;
  int master = ::posix_openpt(O_RDWR | O_NOCTTY);
  REQUIRE(master >= 0);
  REQUIRE(::grantpt(master) == 0);
  REQUIRE(::unlockpt(master) == 0);
  std::string slave_name = ::ptsname(master);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, slave_name.c_str(), O_RDWR | O_NOCTTY, 0);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  posix_spawn_file_actions_addclose(&actions, master);
  std::string dir = fs::absolute(cwd).string();
  posix_spawn_file_actions_addchdir_np(&actions, dir.c_str());
  std::vector<std::string> argv_s{SPECLINT_BINARY};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_s;
  for (char** e = environ; *e; ++e)
    if (!std::string_view(*e).starts_with("NO_COLOR=")) env_s.emplace_back(*e);
  env_s.insert(env_s.end(), env.begin(), env.end());
  std::vector<char*> envp;
  for (auto& e : env_s) envp.push_back(e.data());
  envp.push_back(nullptr);
  pid_t pid = 0;
  int rc = ::posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  REQUIRE(rc == 0);
  // Read while it runs, so that a full terminal buffer never blocks it.
  char buf[4096];
  int status = 0;
  bool exited = false;
  for (;;) {
    pollfd p{master, POLLIN, 0};
    if (::poll(&p, 1, 50) > 0) {
      ssize_t n = ::read(master, buf, sizeof buf);
      if (n > 0) {
        r.out.append(buf, static_cast<std::size_t>(n));
        continue;
      }
      if (exited) break;  // EIO: the terminal's other side is closed and drained
    } else if (exited) {
      break;
    }
    if (!exited && ::waitpid(pid, &status, WNOHANG) == pid) exited = true;
  }
  ::close(master);
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

}  // namespace

TEST_CASE("check --changed reports only findings that touch a changed file", "[ci][changed][git]") {
  if (!have_git()) {
    SPECLINT_MISSING_TOOL("git; --changed not tested");
    return;
  }
  corpus_repo repo;
  // A clean tree with no upstream: compared with HEAD, nothing changed.
  run_result r = run_speclint({"check", "--changed"}, repo.path());
  CHECK(r.status == 0);
  CHECK(r.out ==
        "0 errors, 0 warnings, 0 notes in 6 files (4 tables, 9 columns, 2 tasks); 1 suppressed\n");

  // An unstaged edit to the reference table: the cross-file findings count through their
  // related locations (SET NULL, and the key of the missing index, declared there), though
  // their own location is accounts.md.
  repo.append("docs/storage/table-reference.md", "\nReviewed.\n");
  const std::vector<std::string> through_reference{
      "docs/storage/accounts.md schema/fk-missing-index",
      "docs/storage/accounts.md schema/not-null-set-null"};
  CHECK(repo.findings({"--changed"}) == through_reference);

  // Staged: the same.
  git_ok(repo.path(), {"add", "docs/storage/table-reference.md"});
  CHECK(repo.findings({"--changed"}) == through_reference);

  // Untracked, not ignored: a new doc's finding joins. An ignored one does not count as changed.
  write_file(repo.path("docs/storage/new.md"), no_pk_doc);
  write_file(repo.path(".gitignore"), "docs/storage/ignored.md\n");
  write_file(repo.path("docs/storage/ignored.md"),
             "# Ignored\n\n## `ignoredTable`\n\n| Column | Type | Nullable | Default | References "
             "| On Delete | Notes "
             "|\n|---|---|---|---|---|---|---|\n| `x` | `text` | no | | | | |\n");
  auto found = repo.findings({"--changed"});
  CHECK(found == std::vector<std::string>{"docs/storage/accounts.md schema/fk-missing-index",
                                          "docs/storage/accounts.md schema/not-null-set-null",
                                          "docs/storage/new.md schema/missing-primary-key"});

  // The violated-task report follows the reported findings.
  json j = json::parse(run_speclint({"--changed", "--format", "json"}, repo.path()).out);
  REQUIRE(j["violated_tasks"].size() == 1);
  CHECK(j["violated_tasks"][0]["id"] == "resolve-sessions-accountid");
  CHECK(j["summary"]["errors"] == 1);
  CHECK(j["summary"]["notes"] == 1);
}

TEST_CASE("check --changed compares with --base, else the upstream's merge base, else HEAD",
          "[ci][changed][git]") {
  if (!have_git()) {
    SPECLINT_MISSING_TOOL("git; --changed not tested");
    return;
  }
  corpus_repo repo;
  // A feature branch tracking main, with one commit that touches audit.md.
  git_ok(repo.path(), {"checkout", "-q", "-b", "feature"});
  git_ok(repo.path(), {"branch", "-q", "--set-upstream-to=main"});
  repo.append("docs/storage/audit.md", "\nRetention is 400 days.\n");
  git_ok(repo.path(), {"commit", "-q", "-am", "audit retention"});

  // Default: the merge base with the upstream (main), so the committed change counts.
  CHECK(repo.findings({"--changed"}) == audit_findings);
  // --base HEAD: only what is not committed, which is nothing.
  CHECK(repo.findings({"--changed", "--base", "HEAD"}).empty());
  // --base main: the same as the upstream default.
  CHECK(repo.findings({"--changed", "--base", "main"}) == audit_findings);

  // Without an upstream, HEAD is the base.
  git_ok(repo.path(), {"branch", "-q", "--unset-upstream"});
  CHECK(repo.findings({"--changed"}).empty());
  // And main moving on does not matter to --base main: the merge base is where feature forked.
  git_ok(repo.path(), {"checkout", "-q", "main"});
  repo.append("docs/storage/accounts.md", "\nOn main.\n");
  git_ok(repo.path(), {"commit", "-q", "-am", "main moves"});
  git_ok(repo.path(), {"checkout", "-q", "feature"});
  CHECK(repo.findings({"--changed", "--base", "main"}) == audit_findings);

  // File arguments narrow it further.
  repo.append("docs/storage/table-reference.md", "\nReviewed.\n");
  CHECK(repo.findings({"--changed", "docs/storage/table-reference.md"}) ==
        std::vector<std::string>{"docs/storage/accounts.md schema/fk-missing-index",
                                 "docs/storage/accounts.md schema/not-null-set-null"});
}

TEST_CASE(
    "check --changed: a changed configuration reports everything, and a subdirectory root works",
    "[ci][changed][git]") {
  if (!have_git()) {
    SPECLINT_MISSING_TOOL("git; --changed not tested");
    return;
  }
  corpus_repo repo;
  repo.append(".speclint.yaml", "# reviewed\n");
  run_result r = run_speclint({"--changed", "--format", "json"}, repo.path());
  CHECK(r.status == 1);
  CHECK(r.err == "speclint: .speclint.yaml changed; reporting every finding\n");
  CHECK(json::parse(r.out)["findings"].size() == 6);

  // The spec in a subdirectory of the repository: paths stay relative to the spec's root.
  temp_dir top;
  fs::copy(source_dir() / "tests" / "golden" / "corpus", top.path() / "spec",
           fs::copy_options::recursive);
  write_file(top.path() / "README.md", "# Project\n");
  git_ok(top.path(), {"init", "-q", "-b", "main"});
  git_ok(top.path(), {"add", "-A"});
  git_ok(top.path(), {"commit", "-q", "-m", "init"});
  write_file(top.path() / "README.md", "# Project, changed\n");  // outside the spec: no effect
  write_file(top.path() / "spec/docs/storage/audit.md",
             read_file(top.path() / "spec/docs/storage/audit.md") + "\n.\n");
  r = run_speclint({"spec", "--changed", "--format", "json"}, top.path());
  json j = json::parse(r.out);
  std::vector<std::string> found;
  for (const auto& f : j["findings"])
    found.push_back(f["file"].get<std::string>() + " " + f["rule"].get<std::string>());
  CHECK(found == audit_findings);
}

TEST_CASE("check --changed: usage errors", "[ci][changed][git]") {
  if (!have_git()) {
    SPECLINT_MISSING_TOOL("git; --changed not tested");
    return;
  }
  temp_dir plain;  // not a repository
  plain.write("docs/a.md", "# A\n");
  run_result r = run_speclint({"--changed"}, plain.path(), git_env);
  CHECK(r.status == 2);
  CHECK(r.err.starts_with(
      "speclint: --changed needs a git work tree at .: fatal: not a git repository"));
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);

  corpus_repo repo;
  r = run_speclint({"--changed", "--base", "no-such-branch"}, repo.path());
  CHECK(r.status == 2);
  CHECK(r.err == "speclint: --base: `no-such-branch` is not a commit git knows\n");
  // A base that looks like an option stays a revision to git.
  r = run_speclint({"--changed", "--base=--output=x"}, repo.path());
  CHECK(r.status == 2);
  CHECK(r.err == "speclint: --base: `--output=x` is not a commit git knows\n");
  CHECK(!fs::exists(repo.path("x")));

  r = run_speclint({"--base", "HEAD"}, repo.path());
  CHECK(r.status == 2);
  CHECK(r.err == "speclint: --base requires --changed (see speclint --help)\n");
}

TEST_CASE("the pre-commit hook refuses a commit that introduces a contradiction",
          "[ci][pre-commit][git]") {
  if (!have_git()) {
    SPECLINT_MISSING_TOOL("git; the pre-commit hook not tested");
    return;
  }
  // The hook as pre-commit reads it from .pre-commit-hooks.yaml.
  YAML::Node hooks = YAML::LoadFile((source_dir() / ".pre-commit-hooks.yaml").string());
  REQUIRE(hooks.IsSequence());
  REQUIRE(hooks.size() == 1);
  YAML::Node hook = hooks[0];
  CHECK(hook["id"].as<std::string>() == "speclint");
  CHECK(hook["language"].as<std::string>() == "system");
  CHECK(hook["entry"].as<std::string>() == "speclint");
  CHECK(hook["pass_filenames"].as<bool>() == false);
  std::regex files(hook["files"].as<std::string>());
  for (const char* yes : {"docs/architecture/storage/sessions.md", "tasks/a.md", ".speclint.yaml",
                          "x/.speclint.yaml"})
    CHECK(std::regex_search(yes, files));
  for (const char* no : {"src/main.cpp", "speclint.yaml.bak", "README.txt", "a.speclint.yaml"})
    CHECK(!std::regex_search(no, files));

  // A repository whose spec is consistent: sessions.accountId nullable with SET NULL.
  temp_dir d;
  const fs::path repo = d.path();
  write_file(repo / "docs/accounts.md",
             "# Accounts\n\n## `accounts`\n\n| Column | Type | Nullable | Default | References | "
             "On Delete | Notes |\n"
             "|---|---|---|---|---|---|---|\n| `id` | `text` | no | | | | PK |\n");
  auto sessions = [](const char* nullable) {
    return std::string(
               "# Sessions\n\n## `sessions`\n\n| Column | Type | Nullable | Default | References | "
               "On Delete | "
               "Notes |\n|---|---|---|---|---|---|---|\n| `id` | `text` | no | | | | PK |\n| "
               "`accountId` | "
               "`text` | ") +
           nullable +
           " | | `accounts.id` | SET NULL | |\n\n### Indexes\n\n| Index | Columns | Unique | Where "
           "|\n|---|---|---|---|\n"
           "| `sessions_accountId_idx` | `accountId` | no | |\n";
  };
  write_file(repo / "docs/sessions.md", sessions("yes"));
  git_ok(repo, {"init", "-q", "-b", "main"});
  // Installed as pre-commit installs a system hook: the entry, run in the repository's root
  // with no file names, failing the commit when it fails.
  std::string entry = hook["entry"].as<std::string>();
  REQUIRE(entry == "speclint");
  write_file(repo / ".git/hooks/pre-commit",
             std::string("#!/bin/sh\nexec '") + SPECLINT_BINARY + "' --no-color\n");
  fs::permissions(repo / ".git/hooks/pre-commit", fs::perms::owner_all);
  git_ok(repo, {"add", "-A"});
  run_result first = git(repo, {"commit", "-q", "-m", "accounts and sessions"});
  INFO(first.out << first.err);
  REQUIRE(first.status == 0);

  // The commit that makes accountId NOT NULL while SET NULL stays: refused, with the finding.
  write_file(repo / "docs/sessions.md", sessions("no"));
  git_ok(repo, {"add", "docs/sessions.md"});
  CHECK(std::regex_search("docs/sessions.md", files));  // pre-commit would run the hook for it
  run_result bad = git(repo, {"commit", "-q", "-m", "accountId NOT NULL"});
  CHECK(bad.status != 0);
  std::string said = bad.out + bad.err;
  CHECK(said.find("docs/sessions.md:8:4: error: `sessions.accountId` is NOT NULL (sessions.md:8) "
                  "but its own row "
                  "sets ON DELETE SET NULL [schema/not-null-set-null]") != std::string::npos);
  CHECK(git(repo, {"rev-list", "--count", "HEAD"}).out == "1\n");  // nothing was committed

  // After the fix the hook passes and the commit goes through.
  write_file(repo / "docs/sessions.md", sessions("yes") + "\nSessions outlive their account.\n");
  git_ok(repo, {"add", "docs/sessions.md"});
  run_result good = git(repo, {"commit", "-q", "-m", "sessions outlive accounts"});
  INFO(good.out << good.err);
  CHECK(good.status == 0);
  CHECK(git(repo, {"rev-list", "--count", "HEAD"}).out == "2\n");
}

TEST_CASE("speclint init finds where schema docs live and which notations they use", "[ci][init]") {
  temp_dir d;
  d.write("README.md", "# Project\n\nNo schema here.\n");
  d.write("design/schema/users.md",
          "# users\n\n| Column | Type | Nullable |\n|---|---|---|\n| id | uuid | no |\n");
  d.write("design/er.md", "# Model\n\n```mermaid\nerDiagram\n  ORDERS { bigint id PK }\n```\n");
  d.write("My Schema/orders.sql.md", "# Orders\n\n```mysql\nCREATE TABLE `o` (`id` int);\n```\n");
  d.write("tasks/T1.md", "---\nid: T1\n---\n# T1\n");
  run_result r = run_speclint({"init"}, d.path());
  CHECK(r.status == 0);
  CHECK(r.out ==
        "wrote .speclint.yaml\n"
        "  schema in 3 of 5 Markdown files, under My Schema, design\n"
        "  column-table: 1 file\n"
        "  mermaid-er: 1 file\n"
        "  sql-block: 1 file\n");
  config cfg = load_config(d.path() / ".speclint.yaml", ".speclint.yaml");
  CHECK(cfg.docs == std::vector<std::string>{"My Schema", "design"});
  CHECK(cfg.tasks == std::vector<std::string>{"tasks"});
  const std::string text = read_file(d.path() / ".speclint.yaml");
  CHECK(text.find("docs: [\"My Schema\", design]\ntasks: [tasks]\n") != std::string::npos);
  CHECK(text.find("#   mermaid-er: 1 file\n") != std::string::npos);
  // The configuration it wrote reads the docs it found.
  run_result check = run_speclint({"check", "--fail-on", "never", "--no-color"}, d.path());
  CHECK(check.out.find("in 4 files (3 tables, 3 columns, 1 task)\n") != std::string::npos);
}

TEST_CASE("speclint init writes the commented default configuration, once", "[ci][init]") {
  temp_dir d;
  run_result r = run_speclint({"init"}, d.path());
  CHECK(r.status == 0);
  CHECK(r.out == "wrote .speclint.yaml\n");
  CHECK(read_file(d.path() / ".speclint.yaml") == default_config_text());
  // It loads, and names every rule at its default severity.
  config cfg = load_config(d.path() / ".speclint.yaml", ".speclint.yaml");
  CHECK(cfg.rules.size() == all_rules().size());
  for (const rule* ru : all_rules()) {
    INFO(ru->info.id);
    auto it = cfg.rules.find(std::string(ru->info.id));
    REQUIRE(it != cfg.rules.end());
    CHECK(it->second == ru->info.default_severity);
  }
  CHECK(cfg.docs == std::vector<std::string>{"docs"});
  std::string text = read_file(d.path() / ".speclint.yaml");
  CHECK(text.starts_with("# speclint configuration."));

  // An existing file stays as it is.
  write_file(d.path() / ".speclint.yaml", "docs: [spec]\n");
  r = run_speclint({"init"}, d.path());
  CHECK(r.status == 2);
  CHECK(r.err == "speclint: .speclint.yaml already exists (--force overwrites it)\n");
  CHECK(read_file(d.path() / ".speclint.yaml") == "docs: [spec]\n");
  r = run_speclint({"init", "--force"}, d.path());
  CHECK(r.status == 0);
  CHECK(read_file(d.path() / ".speclint.yaml") == default_config_text());

  // Into another directory.
  fs::create_directory(d.path() / "sub");
  r = run_speclint({"init", "sub"}, d.path());
  CHECK(r.status == 0);
  CHECK(r.out == "wrote sub/.speclint.yaml\n");
  CHECK(fs::exists(d.path() / "sub/.speclint.yaml"));
  r = run_speclint({"init", "nowhere"}, d.path());
  CHECK(r.status == 2);
  CHECK(r.err == "speclint: no such directory: nowhere\n");
}

TEST_CASE("check flags: --explain, --quiet and --fail-on", "[ci][cli]") {
  fs::path corpus = source_dir() / "tests" / "golden" / "corpus";
  // --explain: each finding's rule summary under it (the golden text-explain.txt holds the whole).
  run_result r = run_speclint({"--explain", "--rule", "schema/unknown-action"}, corpus);
  CHECK(r.status == 1);
  CHECK(
      r.out ==
      "docs/storage/audit.md:9:50: error: `SET <NULL> & \"100%\", a:b` is not a referential action "
      "(CASCADE, SET "
      "NULL, SET DEFAULT, RESTRICT, NO ACTION) in `auditEvents.accountId -> accounts.id` ON DELETE "
      "[schema/unknown-action] (tasks: design-audit-log)\n"
      "  why: an ON DELETE/UPDATE action speclint cannot read\n"
      "1 error, 0 warnings, 0 notes in 6 files (4 tables, 9 columns, 2 tasks)\n"
      "\n"
      "Violated tasks:\n"
      "  pending:\n"
      "    design-audit-log (tasks/design-audit-log.md): schema/unknown-action\n");

  // --quiet: errors only; the counts stay whole.
  r = run_speclint({"--quiet"}, corpus);
  CHECK(r.status == 1);
  CHECK(r.out.find(": warning: ") == std::string::npos);
  CHECK(r.out.find(": note: table") == std::string::npos);
  CHECK(r.out.find("docs/storage/accounts.md:15:4: error: ") != std::string::npos);
  CHECK(r.out.find("docs/storage/audit.md:9:50: error: ") != std::string::npos);
  CHECK(r.out.find("3 errors, 2 warnings, 1 note in 6 files") != std::string::npos);

  // --fail-on: warnings and notes alone.
  for (auto [rule, fail_on, status] : std::vector<std::tuple<std::string, std::string, int>>{
           {"schema/fk-missing-index", "error", 0},
           {"schema/fk-missing-index", "warning", 1},
           {"schema/missing-primary-key", "warning", 0},
           {"schema/missing-primary-key", "note", 1},
           {"schema/unknown-action", "never", 0},
       }) {
    INFO(rule << " --fail-on " << fail_on);
    CHECK(run_speclint({"--rule", rule, "--fail-on", fail_on}, corpus).status == status);
  }
}

TEST_CASE("color: on a terminal only, never with --no-color or NO_COLOR", "[ci][cli][color]") {
  fs::path corpus = source_dir() / "tests" / "golden" / "corpus";
  const std::string red = "\x1b[1;31merror\x1b[0m";

  run_result tty = run_on_terminal({"--rule", "schema/unknown-action"}, corpus);
  INFO(tty.out);
  CHECK(tty.status == 1);
  CHECK(tty.out.find(red) != std::string::npos);
  CHECK(tty.out.find("\x1b[1mdocs/storage/audit.md:9:50\x1b[0m") != std::string::npos);

  run_result no_flag = run_on_terminal({"--rule", "schema/unknown-action", "--no-color"}, corpus);
  CHECK(no_flag.status == 1);
  CHECK(no_flag.out.find('\x1b') == std::string::npos);
  CHECK(no_flag.out.find("docs/storage/audit.md:9:50: error: ") != std::string::npos);

  run_result no_env = run_on_terminal({"--rule", "schema/unknown-action"}, corpus, {"NO_COLOR=1"});
  CHECK(no_env.out.find('\x1b') == std::string::npos);
  CHECK(no_env.out.find("docs/storage/audit.md:9:50: error: ") != std::string::npos);

  // An empty NO_COLOR does not count (no-color.org).
  run_result empty_env =
      run_on_terminal({"--rule", "schema/unknown-action"}, corpus, {"NO_COLOR="});
  CHECK(empty_env.out.find(red) != std::string::npos);

  // Not a terminal: no color, even without the flag.
  run_result piped = run_speclint({"--rule", "schema/unknown-action"}, corpus);
  CHECK(piped.out.find('\x1b') == std::string::npos);

  // A file written with --output never has color, even from a terminal.
  temp_dir d;
  run_result to_file = run_on_terminal(
      {"--rule", "schema/unknown-action", "--output", (d.path() / "o.txt").string()}, corpus);
  CHECK(to_file.status == 1);
  CHECK(read_file(d.path() / "o.txt").find('\x1b') == std::string::npos);
}

TEST_CASE("check --timings lists each step, a total and the slowest rules on stderr", "[ci]") {
  auto r = run_speclint({"check", (source_dir() / "tests/golden/corpus").string(), "--timings",
                         "--fail-on", "never", "--no-color"});
  REQUIRE(r.status == 0);
  std::vector<std::string> names;
  std::vector<double> peaks;
  std::istringstream in(r.err);
  std::regex step(R"(^(.*\S) +[0-9]+\.[0-9] +([0-9]+\.[0-9])$)"), row(R"(^(.*\S) +[0-9]+\.[0-9]$)");
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (std::regex_match(line, m, step)) {
      names.push_back(m[1]);
      peaks.push_back(std::stod(m[2]));
    } else if (std::regex_match(line, m, row)) {
      names.push_back(m[1]);
    }
  }
  REQUIRE(names.size() == 10 + 10);
  // Peak memory never falls from one step to the next, and the total row shows the last.
  REQUIRE(peaks.size() == 10);
  CHECK(peaks.front() > 0);
  CHECK(std::is_sorted(peaks.begin(), peaks.end()));
  CHECK(peaks.back() == peaks[8]);
  CHECK(std::vector<std::string>(names.begin(), names.begin() + 10) ==
        std::vector<std::string>{"find files", "read, parse and merge files", "finish the model",
                                 "look at linked paths", "run rules",
                                 "fingerprints and suppressions", "attribute findings to tasks",
                                 "sort, violated tasks", "filter and write reports", "total"});
  for (std::size_t i = 10; i < names.size(); ++i) CHECK(find_rule(names[i]) != nullptr);
  // The report itself is unchanged.
  auto plain = run_speclint({"check", (source_dir() / "tests/golden/corpus").string(), "--fail-on",
                             "never", "--no-color"});
  CHECK(plain.out == r.out);
}

TEST_CASE("CI runs exactly the README's test command", "[ci]") {
  // The README's second command block is the test command; .ci/run ends with it verbatim.
  std::string readme = read_file(source_dir() / "README.md");
  std::vector<std::string> blocks;
  for (std::size_t at = readme.find("```sh\n"); at != std::string::npos;
       at = readme.find("```sh\n", at + 1)) {
    std::size_t start = at + 6, end = readme.find("\n```", start);
    blocks.push_back(readme.substr(start, end - start));
  }
  REQUIRE(blocks.size() >= 2);
  CHECK(blocks[0].starts_with("sh scripts/install-deps.sh && "));
  std::string ci = read_file(source_dir() / ".ci/run");
  CHECK(ci.find("\napt-get install -y -qq --no-install-recommends $(sh scripts/install-deps.sh "
                "--list)\n" +
                blocks[1] + "\n") != std::string::npos);
  CHECK(ci.ends_with(blocks[1] + "\n"));
}
