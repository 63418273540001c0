#include "support.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace speclint::test {

namespace {
std::string slurp_fd(int fd) {
  std::string out;
  char buf[65536];
  for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) > 0;)
    out.append(buf, static_cast<std::size_t>(n));
  return out;
}
}  // namespace

run_result run_speclint(const std::vector<std::string>& args, const fs::path& cwd,
                        const std::vector<std::string>& env) {
  std::vector<std::string> argv{SPECLINT_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_process(argv, cwd, env);
}

run_result run_process(const std::vector<std::string>& argv_in, const fs::path& cwd,
                       const std::vector<std::string>& env) {
  // Output goes to temporary files so neither pipe can fill up and block.
  temp_dir tmp;
  fs::path out_path = tmp.path() / "out", err_path = tmp.path() / "err";
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0600);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0600);
  fs::path absolute_cwd = fs::absolute(cwd);
  std::vector<std::string> argv_s = argv_in;
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_s;
  for (char** e = environ; *e; ++e) {
    std::string_view kv = *e;
    if (kv.starts_with("NO_COLOR=") || kv.starts_with("GITHUB_STEP_SUMMARY=")) continue;
    // A variable the caller sets replaces the inherited one.
    std::string_view name = kv.substr(0, kv.find('=') + 1);
    if (std::any_of(env.begin(), env.end(),
                    [&](const std::string& e) { return e.starts_with(name); }))
      continue;
    env_s.emplace_back(kv);
  }
  env_s.insert(env_s.end(), env.begin(), env.end());
  std::vector<char*> envp;
  for (auto& e : env_s) envp.push_back(e.data());
  envp.push_back(nullptr);
  posix_spawn_file_actions_addchdir_np(&actions, absolute_cwd.c_str());
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    run_result failed;
    failed.status = 127;  // as a shell reports a program it cannot run
    failed.err = "cannot start " + argv_s.front();
    return failed;
  }
  int status = 0;
  waitpid(pid, &status, 0);
  run_result r;
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = read_file(out_path);
  r.err = read_file(err_path);
  return r;
}

std::string find_python(const std::string& module) {
  for (const char* python : {"python3", "/usr/bin/python3"}) {
    std::string code = module.empty() ? "pass" : "import " + module;
    if (run_process({python, "-c", code}).status == 0) return python;
  }
  return {};
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + p.string());
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_file(const fs::path& p, const std::string& content) {
  if (p.has_parent_path()) fs::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary);
  out << content;
  if (!out) throw std::runtime_error("cannot write " + p.string());
}

temp_dir::temp_dir() {
  std::random_device rd;
  for (int attempt = 0; attempt < 100; ++attempt) {
    fs::path p = fs::temp_directory_path() / ("speclint-test-" + std::to_string(rd()));
    if (fs::create_directory(p)) {
      path_ = p;
      return;
    }
  }
  throw std::runtime_error("cannot create a temporary directory");
}

temp_dir::~temp_dir() {
  std::error_code ec;
  // Make everything removable again (tests chmod files unreadable).
  for (auto it = fs::recursive_directory_iterator(
           path_, fs::directory_options::skip_permission_denied, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
    fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, ec);
  fs::remove_all(path_, ec);
}

std::string golden_diff(const fs::path& golden, const std::string& actual) {
  const char* update = std::getenv("UPDATE_GOLDEN");
  if (update && std::string(update) == "1") {
    write_file(golden, actual);
    return {};
  }
  if (!fs::exists(golden))
    return "missing golden file " + golden.string() + " (run with UPDATE_GOLDEN=1)";
  std::string expected = read_file(golden);
  if (expected == actual) return {};
  // Point at the first line that differs.
  std::istringstream a(expected), b(actual);
  std::string la, lb;
  for (int line = 1;; ++line) {
    bool ga = static_cast<bool>(std::getline(a, la)), gb = static_cast<bool>(std::getline(b, lb));
    if (!ga && !gb) break;
    if (!ga || !gb || la != lb)
      return golden.string() + ":" + std::to_string(line) +
             ":\n  expected: " + (ga ? la : "<end>") + "\n  actual:   " + (gb ? lb : "<end>") +
             "\n--- whole actual output ---\n" + actual;
  }
  return golden.string() + ": differs (line endings?)";
}

}  // namespace speclint::test
