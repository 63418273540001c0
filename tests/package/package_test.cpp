// speclint as its users get it: the one version (project(), --version, SARIF, CHANGELOG.md),
// `cmake --install` into a prefix, and the Debian package from `cpack -G DEB`. The installed and
// the packaged speclint must report on a copy of this repository's spec, from a directory that
// holds nothing else, exactly what build/speclint reports in the repository.

#include <catch2/catch.hpp>

#include <regex>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "support.hpp"

using namespace speclint::test;

namespace {

// The folders of the repository's spec.
void copy_spec(const fs::path& to) {
  for (const char* dir :
       {"docs/architecture", "docs/decisions", "docs/reviews", "docs/research", "tasks"}) {
    fs::create_directories(to / dir);
    fs::copy(source_dir() / dir, to / dir, fs::copy_options::recursive);
  }
}

bool have(const std::string& tool) {
  return run_process({"sh", "-c", "command -v \"$1\" >/dev/null", "sh", tool}).status == 0;
}

// What build/speclint reports on the repository itself, in text and JSON.
struct reference_report {
  run_result text = run_speclint({"check"}, source_dir());
  run_result json = run_speclint({"check", "--format", "json"}, source_dir());
};

// Runs `speclint ARGS` as found on PATH=`bin`:/usr/bin:/bin (no build tree), in `cwd`.
run_result run_on_path(const fs::path& bin, const std::vector<std::string>& args,
                       const fs::path& cwd) {
  std::vector<std::string> argv{"sh", "-c", "exec speclint \"$@\"", "sh"};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_process(argv, cwd, {"PATH=" + bin.string() + ":/usr/bin:/bin"});
}

void check_same_report(const fs::path& bin) {
  temp_dir spec;
  copy_spec(spec.path());
  run_result which = run_process({"sh", "-c", "command -v speclint"}, spec.path(),
                                 {"PATH=" + bin.string() + ":/usr/bin:/bin"});
  CHECK(which.out == (bin / "speclint").string() + "\n");
  reference_report want;
  REQUIRE(want.text.status == 0);
  run_result text = run_on_path(bin, {"check"}, spec.path());
  CHECK(text.status == want.text.status);
  CHECK(text.out == want.text.out);
  CHECK(text.err == want.text.err);
  run_result json = run_on_path(bin, {"check", "--format", "json"}, spec.path());
  CHECK(json.status == want.json.status);
  CHECK(json.out == want.json.out);
  run_result version = run_on_path(bin, {"--version"}, spec.path());
  CHECK(version.status == 0);
  CHECK(version.out == std::string(SPECLINT_VERSION) + "\n");
}

// Every file under a directory, relative to it, sorted.
std::set<std::string> tree(const fs::path& root) {
  std::set<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(root))
    if (!e.is_directory()) out.insert(e.path().lexically_relative(root).generic_string());
  return out;
}

// What `bash` completes for the words of a command line (the last word is being completed).
std::string bash_complete(const fs::path& script, const std::string& line) {
  std::string code = "source \"$1\"; COMP_WORDS=(" + line +
                     "); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _speclint; "
                     "printf '%s\\n' \"${COMPREPLY[@]}\"";
  temp_dir empty;  // the words are files too where a path may come
  run_result r = run_process({"bash", "--noprofile", "--norc", "-c", code, "bash", script.string()},
                             empty.path());
  INFO(r.err);
  REQUIRE(r.status == 0);
  return r.out;
}

}  // namespace

TEST_CASE("one version: project(), --version, SARIF and CHANGELOG.md's newest release",
          "[package]") {
  std::string changelog = read_file(source_dir() / "CHANGELOG.md");
  std::smatch m;
  // The newest release is the first `## [X.Y.Z] - DATE` heading; `## [Unreleased]` comes before it.
  REQUIRE(std::regex_search(changelog, m,
                            std::regex(R"(\n## \[(\d+\.\d+\.\d+)\] - \d{4}-\d{2}-\d{2}\n)")));
  const std::string released = m[1];
  CHECK(released == SPECLINT_VERSION);
  CHECK(changelog.find("\n## [Unreleased]\n") < static_cast<std::size_t>(m.position(0)));
  CHECK(changelog.find("\n[" + released + "]: ") != std::string::npos);

  run_result v = run_speclint({"--version"});
  CHECK(v.status == 0);
  CHECK(v.out == released + "\n");

  run_result sarif =
      run_speclint({"check", "--format", "sarif"}, source_dir() / "tests" / "golden" / "corpus");
  auto driver = nlohmann::json::parse(sarif.out)["runs"][0]["tool"]["driver"];
  CHECK(driver["version"] == released);
  CHECK(driver["semanticVersion"] == released);

  // The man page names it too.
  run_result man = run_speclint({"man"});
  CHECK(man.status == 0);
  CHECK(man.out.find("\n.TH SPECLINT 1 \"\" \"speclint " + released + "\" \"User Commands\"\n") !=
        std::string::npos);
}

TEST_CASE("cmake --install: the binary, rule pages, man page and completions, and the same report",
          "[package][install]") {
  temp_dir prefix;
  run_result inst = run_process(
      {CMAKE_COMMAND, "--install", SPECLINT_BUILD_DIR, "--prefix", prefix.path().string()});
  INFO(inst.out << inst.err);
  REQUIRE(inst.status == 0);
  const fs::path p = prefix.path();

  std::set<std::string> want{"bin/speclint",
                             "share/bash-completion/completions/speclint",
                             "share/doc/speclint/CHANGELOG.md",
                             "share/doc/speclint/README.md",
                             "share/doc/speclint/ci.md",
                             "share/doc/speclint/configuration.md",
                             "share/doc/speclint/spec-format.md",
                             "share/man/man1/speclint.1",
                             "share/zsh/vendor-completions/_speclint"};
  for (const auto& page : tree(source_dir() / "docs" / "rules"))
    want.insert("share/doc/speclint/rules/" + page);
  CHECK(tree(p) == want);
  CHECK(read_file(p / "share/doc/speclint/rules/schema/not-null-set-null.md") ==
        read_file(source_dir() / "docs/rules/schema/not-null-set-null.md"));

  // The generated files are what the installed binary itself writes now.
  run_result man = run_on_path(p / "bin", {"man"}, p);
  CHECK(read_file(p / "share/man/man1/speclint.1") == man.out);
  CHECK(man.out.find("\n.SS \"speclint check\"\n") != std::string::npos);
  CHECK(man.out.find("\\fB\\-\\-fail\\-on\\fR \\fIFAIL\\-ON\\fR\n") != std::string::npos);
  CHECK(man.out.find("\n.TP\n.B schema/not-null-set-null\n(error) ") != std::string::npos);
  CHECK(man.out.find(".SS \"speclint man\"") == std::string::npos);
  CHECK(man.out.find("speclint completion") == std::string::npos);
  CHECK(read_file(p / "share/bash-completion/completions/speclint") ==
        run_on_path(p / "bin", {"completion", "bash"}, p).out);
  CHECK(read_file(p / "share/zsh/vendor-completions/_speclint") ==
        run_on_path(p / "bin", {"completion", "zsh"}, p).out);
  if (have("man")) {
    run_result rendered = run_process(
        {"man", "--warnings", "-l", "-Tutf8", (p / "share/man/man1/speclint.1").string()}, p,
        {"MANWIDTH=100"});
    CHECK(rendered.status == 0);
    CHECK(rendered.err == "");
  }
  const fs::path bash = p / "share/bash-completion/completions/speclint";
  CHECK(bash_complete(bash, "speclint ch") == "check\n");
  CHECK(bash_complete(bash, "speclint check --fail-on ''") == "error\nwarning\nnote\nnever\n");
  CHECK(bash_complete(bash, "speclint --fail-on w") == "warning\n");
  CHECK(bash_complete(bash, "speclint check -f s") == "sarif\n");
  CHECK(bash_complete(bash, "speclint export --format d") == "dbml\ndot\n");
  CHECK(bash_complete(bash, "speclint explain schema/not-null-set") ==
        "schema/not-null-set-null\n");
  CHECK(bash_complete(bash, "speclint baseline ''") == "write\n");
  CHECK(bash_complete(bash, "speclint check --prune") == "--prune-baseline\n");
  CHECK(bash_complete(bash, "speclint --vers") == "--version\n");
  if (have("zsh")) {
    run_result z =
        run_process({"zsh", "-n", (p / "share/zsh/vendor-completions/_speclint").string()});
    CHECK(z.status == 0);
    CHECK(z.err == "");
  }

  check_same_report(p / "bin");
}

TEST_CASE("cpack -G DEB: version, Depends from the linked libraries, same report unpacked",
          "[package][deb]") {
  for (const char* tool : {"dpkg-deb", "dpkg-shlibdeps", "dpkg", "ldd"})
    if (!have(tool)) {
      SPECLINT_MISSING_TOOL(tool << "; the Debian package is not tested");
      return;
    }
  // The package is made from the existing build, in a directory of its own.
  temp_dir out;
  run_result pack = run_process({CPACK_COMMAND, "-G", "DEB", "--config",
                                 std::string(SPECLINT_BUILD_DIR) + "/CPackConfig.cmake", "-B",
                                 out.path().string()});
  INFO(pack.out << pack.err);
  REQUIRE(pack.status == 0);
  fs::path deb;
  for (const auto& e : fs::directory_iterator(out.path()))
    if (e.path().extension() == ".deb") deb = e.path();
  REQUIRE(!deb.empty());
  CHECK(deb.filename().string().starts_with("speclint_" SPECLINT_VERSION "_"));

  auto field = [&](const std::string& name) {
    run_result r = run_process({"dpkg-deb", "-f", deb.string(), name});
    REQUIRE(r.status == 0);
    return r.out.substr(0, r.out.find_last_not_of('\n') + 1);
  };
  CHECK(field("Package") == "speclint");
  CHECK(field("Version") == SPECLINT_VERSION);
  CHECK(!field("Maintainer").empty());
  CHECK(field("Description")
            .starts_with("Lint database storage specifications written in Markdown\n"));

  temp_dir root;
  REQUIRE(run_process({"dpkg-deb", "-x", deb.string(), root.path().string()}).status == 0);
  const fs::path bin = root.path() / "usr" / "bin";
  REQUIRE(fs::exists(bin / "speclint"));
  CHECK(fs::exists(root.path() / "usr/share/man/man1/speclint.1"));
  CHECK(fs::exists(root.path() / "usr/share/doc/speclint/rules/schema/not-null-set-null.md"));
  check_same_report(bin);

  // Depends names exactly the packages of the shared libraries the binary loads.
  std::set<std::string> depends;
  std::stringstream list(field("Depends"));
  for (std::string item; std::getline(list, item, ',');)
    for (std::stringstream alternatives(item); std::getline(alternatives, item, '|');) {
      std::smatch m;
      REQUIRE(std::regex_search(item, m, std::regex(R"(^\s*([a-z0-9][a-z0-9+.-]+))")));
      depends.insert(m[1]);
    }
  run_result ldd = run_process({"ldd", (bin / "speclint").string()});
  REQUIRE(ldd.status == 0);
  std::set<std::string> linked;
  std::stringstream lines(ldd.out);
  for (std::string line; std::getline(lines, line);) {
    std::smatch m;
    // The dynamic loader and the vDSO have no `=>`; the loader is libc6's.
    if (!std::regex_search(line, m, std::regex(R"(=> (/\S+) \()"))) continue;
    std::string lib = m[1];
    INFO(line);
    run_result owner = run_process({"dpkg", "-S", lib});
    // With merged /usr, dpkg may know the library under its other name.
    if (owner.status != 0 && lib.starts_with("/usr/"))
      owner = run_process({"dpkg", "-S", lib.substr(4)});
    if (owner.status != 0 && !lib.starts_with("/usr/"))
      owner = run_process({"dpkg", "-S", "/usr" + lib});
    REQUIRE(owner.status == 0);
    std::string package = owner.out.substr(0, owner.out.find_first_of(":,"));
    linked.insert(package);
    CHECK(depends.count(package) == 1);
  }
  CHECK(linked.count("libc6") == 1);
  CHECK(linked == depends);
}
