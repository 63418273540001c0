// action.yml, run as GitHub runs a composite action: each `run` step in bash with its `env`,
// the `${{ }}` expressions it uses filled in, and a fake GitHub environment (GITHUB_WORKSPACE,
// GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_BASE_REF, RUNNER_TEMP), against a temporary git
// repository that holds only a spec. What speclint prints, the SARIF file and the job summary
// must be exactly what speclint itself gives on that repository.

#include <catch2/catch.hpp>

#include <map>
#include <regex>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "support.hpp"

using namespace speclint::test;

namespace {

const std::vector<std::string> git_env{
    "GIT_CONFIG_NOSYSTEM=1",       "GIT_CONFIG_GLOBAL=/dev/null",
    "GIT_AUTHOR_NAME=speclint",    "GIT_AUTHOR_EMAIL=speclint@example.com",
    "GIT_COMMITTER_NAME=speclint", "GIT_COMMITTER_EMAIL=speclint@example.com"};

void git_ok(const fs::path& repo, std::vector<std::string> args) {
  args.insert(args.begin(), "git");
  run_result r = run_process(args, repo, git_env);
  INFO("git " << args[1] << ": " << r.out << r.err);
  REQUIRE(r.status == 0);
}

// A repository that is not speclint's: the spec alone, committed on `main`.
struct spec_repo {
  temp_dir dir;
  spec_repo() {
    for (const char* d :
         {"docs/architecture", "docs/decisions", "docs/reviews", "docs/research", "tasks"}) {
      fs::create_directories(dir.path() / d);
      fs::copy(source_dir() / d, dir.path() / d, fs::copy_options::recursive);
    }
    git_ok(dir.path(), {"init", "-q", "-b", "main"});
    git_ok(dir.path(), {"add", "-A"});
    git_ok(dir.path(), {"commit", "-q", "-m", "spec"});
  }
  const fs::path& path() const { return dir.path(); }
};

// A foreign key to a table no doc defines: one error (and a warning), in a file of its own.
const char* widgets_doc =
    "# Widgets\n\n## `widgets`\n\n| Column | Type | Nullable | Default | References | On Delete | "
    "Notes |\n|---|---|---|---|---|---|---|\n| `id` | `text` | no | | | | PK |\n"
    "| `gadgetId` | `text` | no | | `gadgets.id` | CASCADE | |\n";

// The `KEY=value` lines of a GITHUB_OUTPUT file.
std::map<std::string, std::string> read_outputs(const fs::path& file) {
  std::map<std::string, std::string> out;
  if (!fs::exists(file)) return out;
  std::stringstream in(read_file(file));
  for (std::string line; std::getline(in, line);) {
    auto eq = line.find('=');
    REQUIRE(eq != std::string::npos);
    out[line.substr(0, eq)] = line.substr(eq + 1);
  }
  return out;
}

struct step_run {
  std::string id;
  bool ran = false;
  run_result result;
  std::map<std::string, std::string> outputs;
  std::map<std::string, std::string> with;  // a `uses` step's inputs, evaluated
};

// One run of the action: its steps in order, the action's outputs and the files it wrote.
struct action_run {
  std::vector<step_run> steps;
  std::map<std::string, std::string> outputs;
  std::string summary;
  const step_run& step(const std::string& id) const {
    for (const auto& s : steps)
      if (s.id == id) return s;
    FAIL("no step " << id);
    return steps.front();
  }
};

class action_runner {
 public:
  action_runner(const fs::path& workspace, std::map<std::string, std::string> inputs,
                std::vector<std::string> env)
      : workspace_(workspace), inputs_(std::move(inputs)), env_(std::move(env)) {}

  action_run run() {
    YAML::Node action = YAML::LoadFile((source_dir() / "action.yml").string());
    REQUIRE(action["runs"]["using"].as<std::string>() == "composite");
    for (const auto& in : action["inputs"]) {
      std::string name = in.first.as<std::string>();
      if (!inputs_.count(name)) inputs_[name] = in.second["default"].as<std::string>("");
      declared_.push_back(name);
    }
    for (const auto& given : inputs_) {
      INFO("input " << given.first);
      CHECK(std::find(declared_.begin(), declared_.end(), given.first) != declared_.end());
    }
    action_run out;
    fs::path summary = temp_.path() / "step-summary.md";
    bool failed = false;
    int n = 0;
    for (const auto& step : action["runs"]["steps"]) {
      step_run s;
      s.id = step["id"] ? step["id"].as<std::string>() : "step" + std::to_string(n);
      ++n;
      std::string condition = step["if"] ? step["if"].as<std::string>() : "success()";
      if (!condition_holds(condition, failed)) {
        out.steps.push_back(std::move(s));
        continue;
      }
      s.ran = true;
      if (step["uses"]) {
        for (const auto& w : step["with"])
          s.with[w.first.as<std::string>()] = eval(w.second.as<std::string>());
        out.steps.push_back(std::move(s));
        continue;
      }
      REQUIRE(step["shell"].as<std::string>() == "bash");
      fs::path output = temp_.path() / ("output-" + s.id);
      std::vector<std::string> env = env_;
      env.insert(env.end(),
                 {"GITHUB_ACTIONS=true", "GITHUB_WORKSPACE=" + workspace_.string(),
                  "GITHUB_OUTPUT=" + output.string(), "GITHUB_STEP_SUMMARY=" + summary.string(),
                  "GITHUB_PATH=" + (temp_.path() / "path").string(),
                  "RUNNER_TEMP=" + runner_temp_.path().string()});
      for (const auto& e : step["env"])
        env.push_back(e.first.as<std::string>() + "=" + eval(e.second.as<std::string>()));
      // As GitHub runs `shell: bash`.
      s.result = run_process({"bash", "--noprofile", "--norc", "-eo", "pipefail", "-c",
                              eval(step["run"].as<std::string>())},
                             workspace_, env);
      s.outputs = read_outputs(output);
      step_outputs_[s.id] = s.outputs;
      failed = failed || s.result.status != 0;
      out.steps.push_back(std::move(s));
    }
    for (const auto& o : action["outputs"])
      out.outputs[o.first.as<std::string>()] = eval(o.second["value"].as<std::string>());
    if (fs::exists(summary)) out.summary = read_file(summary);
    return out;
  }

  /// RUNNER_TEMP, where the action writes the SARIF file.
  const fs::path& runner_temp() const { return runner_temp_.path(); }

 private:
  // One `${{ }}` operand: the contexts the action uses, and string literals.
  std::string value(std::string e) {
    e = std::regex_replace(e, std::regex(R"(^\s+|\s+$)"), "");
    std::smatch m;
    if (std::regex_match(e, m, std::regex(R"('([^']*)')"))) return m[1];
    if (std::regex_match(e, m, std::regex(R"(inputs\.([A-Za-z0-9_-]+))"))) {
      REQUIRE(std::find(declared_.begin(), declared_.end(), m[1].str()) != declared_.end());
      return inputs_[m[1]];
    }
    if (e == "github.action_path") return source_dir().string();
    if (std::regex_match(e, m, std::regex(R"(steps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+))")))
      return step_outputs_[m[1]][m[2]];
    FAIL("an expression this test does not know: " << e);
    return "";
  }

  std::string eval(const std::string& text) {
    std::string out;
    std::regex expr(R"(\$\{\{(.*?)\}\})");
    auto last = text.cbegin();
    for (std::sregex_iterator it(text.begin(), text.end(), expr), end; it != end; ++it) {
      out.append(last, text.cbegin() + it->position(0));
      out += value((*it)[1]);
      last = text.cbegin() + it->position(0) + it->length(0);
    }
    out.append(last, text.cend());
    return out;
  }

  // `if:` as the action writes it: terms joined by `&&`, each a status function or a comparison.
  bool condition_holds(const std::string& condition, bool failed) {
    bool status_named = false, holds = true;
    std::string rest = condition + " && ";
    for (std::size_t at; (at = rest.find(" && ")) != std::string::npos; rest.erase(0, at + 4)) {
      std::string term = rest.substr(0, at);
      std::smatch m;
      if (term == "always()") {
        status_named = true;
      } else if (term == "success()") {
        status_named = true;
        holds = holds && !failed;
      } else if (std::regex_match(term, m, std::regex(R"((.+?) (==|!=) (.+))"))) {
        bool equal = value(m[1]) == value(m[3]);
        holds = holds && (m[2] == "==" ? equal : !equal);
      } else {
        FAIL("a condition this test does not know: " << term);
      }
    }
    return holds && (status_named || !failed);
  }

  fs::path workspace_;
  std::map<std::string, std::string> inputs_;
  std::vector<std::string> env_;
  std::vector<std::string> declared_;
  std::map<std::string, std::map<std::string, std::string>> step_outputs_;
  temp_dir temp_, runner_temp_;
};

// PATH with the build's speclint first, as after installing it.
std::string path_with_speclint() {
  return "PATH=" + fs::path(SPECLINT_BINARY).parent_path().string() + ":/usr/bin:/bin";
}

bool have_git() {
  return run_process({"git", "--version"}).status == 0;
}

}  // namespace

TEST_CASE("action.yml on a push: annotations, the job summary and SARIF for upload", "[action]") {
  if (!have_git()) {
    SPECLINT_MISSING_TOOL("git; the action is not tested");
    return;
  }
  spec_repo repo;
  action_runner runner(repo.path(), {}, {path_with_speclint()});
  action_run r = runner.run();
  REQUIRE(r.steps.size() == 3);

  const step_run& install = r.step("install");
  CHECK(install.result.status == 0);
  CHECK(install.outputs == std::map<std::string, std::string>{{"speclint", SPECLINT_BINARY}});
  CHECK(install.result.out ==
        std::string("speclint: using ") + SPECLINT_BINARY + " (" + SPECLINT_VERSION + ")\n");

  const step_run& check = r.step("check");
  const fs::path sarif = runner.runner_temp() / "speclint.sarif";
  run_result annotations = run_speclint({"check", "--format", "github"}, repo.path());
  CHECK(annotations.status == 0);
  CHECK(check.result.status == 0);
  CHECK(check.result.out == annotations.out);
  CHECK(check.result.err == "");
  CHECK(check.outputs ==
        std::map<std::string, std::string>{{"exit-code", "0"}, {"sarif-file", sarif.string()}});
  CHECK(read_file(sarif) == run_speclint({"check", "--format", "sarif"}, repo.path()).out);
  CHECK(r.summary == run_speclint({"check", "--format", "markdown"}, repo.path()).out);

  const step_run& upload = r.steps[2];
  CHECK(upload.ran);
  CHECK(upload.with == std::map<std::string, std::string>{{"sarif_file", sarif.string()},
                                                          {"category", "speclint"}});
  CHECK(r.outputs ==
        std::map<std::string, std::string>{{"exit-code", "0"}, {"sarif-file", sarif.string()}});
  // Nothing is written into the checked repository.
  CHECK(run_process({"git", "status", "--porcelain"}, repo.path(), git_env).out == "");
}

TEST_CASE("action.yml on a pull request: changed, fail-on, format, baseline", "[action]") {
  if (!have_git()) {
    SPECLINT_MISSING_TOOL("git; the action is not tested");
    return;
  }
  spec_repo repo;
  git_ok(repo.path(), {"checkout", "-q", "-b", "feature"});
  write_file(repo.path() / "docs/architecture/widgets.md", widgets_doc);
  git_ok(repo.path(), {"add", "-A"});
  git_ok(repo.path(), {"commit", "-q", "-m", "widgets"});
  const std::vector<std::string> env{path_with_speclint(), "GITHUB_BASE_REF=main"};

  // Only what the pull request touches, as text, without SARIF: the error fails the step, and
  // the upload is skipped.
  const std::vector<std::string> direct{"check", "--changed", "--base", "main"};
  run_result want =
      run_speclint({"check", "--changed", "--base", "main", "--format", "text"}, repo.path());
  CHECK(want.status == 1);
  CHECK(want.out.starts_with("docs/architecture/widgets.md:"));
  CHECK(want.out.find("[schema/unknown-table]") != std::string::npos);
  {
    action_runner runner(repo.path(),
                         {{"changed", "true"}, {"format", "text"}, {"sarif-upload", "false"}}, env);
    action_run r = runner.run();
    const step_run& check = r.step("check");
    CHECK(check.result.status == 1);
    CHECK(check.result.out == want.out);
    CHECK(check.outputs == std::map<std::string, std::string>{{"exit-code", "1"}});
    CHECK(
        r.summary ==
        run_speclint({"check", "--changed", "--base", "main", "--format", "markdown"}, repo.path())
            .out);
    CHECK(!r.steps[2].ran);
    CHECK(!fs::exists(runner.runner_temp() / "speclint.sarif"));
    CHECK(r.outputs == std::map<std::string, std::string>{{"exit-code", "1"}, {"sarif-file", ""}});
  }

  // The same error does not fail with fail-on never; the SARIF upload runs after it either way.
  {
    action_runner runner(repo.path(), {{"changed", "true"}, {"fail-on", "never"}}, env);
    action_run r = runner.run();
    CHECK(r.step("check").result.status == 0);
    CHECK(r.step("check").result.out ==
          run_speclint({"check", "--changed", "--base", "main", "--format", "github"}, repo.path())
              .out);
    CHECK(r.steps[2].ran);
  }
  {
    action_runner runner(repo.path(), {{"changed", "true"}}, env);
    action_run r = runner.run();
    CHECK(r.step("check").result.status == 1);
    CHECK(r.steps[2].ran);  // uploaded although the step failed
    CHECK(r.outputs.at("exit-code") == "1");
  }

  // A baseline that records the error: nothing new, the step passes.
  REQUIRE(run_speclint({"baseline", "write", "spec-baseline.json"}, repo.path()).status == 0);
  {
    action_runner runner(repo.path(), {{"baseline", "spec-baseline.json"}, {"format", "text"}},
                         env);
    action_run r = runner.run();
    CHECK(r.step("check").result.status == 0);
    CHECK(r.step("check").result.out ==
          run_speclint({"check", "--baseline", "spec-baseline.json"}, repo.path()).out);
  }

  // Not a pull request: `changed` reports the whole spec, and says so.
  {
    action_runner runner(repo.path(),
                         {{"changed", "true"}, {"format", "text"}, {"sarif-upload", "false"}},
                         {path_with_speclint()});
    action_run r = runner.run();
    CHECK(r.step("check").result.status == 1);
    CHECK(r.step("check").result.out ==
          "::notice title=speclint::not a pull request: the whole spec is reported\n" +
              run_speclint({"check"}, repo.path()).out);
  }
}

TEST_CASE("action.yml: install path without speclint on PATH fails before the check", "[action]") {
  if (!have_git()) {
    SPECLINT_MISSING_TOOL("git; the action is not tested");
    return;
  }
  spec_repo repo;
  action_runner runner(repo.path(), {{"install", "path"}}, {"PATH=/usr/bin:/bin"});
  action_run r = runner.run();
  const step_run& install = r.step("install");
  CHECK(install.result.status == 1);
  CHECK(install.result.out ==
        "::error title=speclint::no speclint on PATH (install the Debian package, or use install: "
        "build)\n");
  CHECK(install.outputs.empty());
  CHECK(!r.step("check").ran);
  CHECK(!r.steps[2].ran);
  CHECK(r.outputs == std::map<std::string, std::string>{{"exit-code", ""}, {"sarif-file", ""}});

  action_runner wrong(repo.path(), {{"install", "apt"}}, {path_with_speclint()});
  action_run w = wrong.run();
  CHECK(w.step("install").result.status == 2);
  CHECK(w.step("install").result.out ==
        "::error title=speclint::install must be auto, path or build, not `apt`\n");
}
