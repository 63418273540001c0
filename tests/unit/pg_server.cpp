#include "pg_server.hpp"

#include <fcntl.h>
#include <grp.h>
#include <libpq-fe.h>
#include <pwd.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <stdexcept>
#include <thread>

namespace speclint::test {

namespace {

// Server directories: /tmp/speclint-pg-XXXXXX, so that leftovers are recognizable.
constexpr const char* dir_prefix = "speclint-pg-";

// The user the server binaries run as: `postgres` when we are root (they refuse root).
const struct passwd* server_user() {
  if (::geteuid() != 0) return nullptr;
  const struct passwd* pw = ::getpwnam("postgres");
  if (!pw)
    throw std::runtime_error(
        "running as root and there is no `postgres` user to run the server as");
  return pw;
}

// In a forked child: become the server user, send output to `log`, start in `cwd`.
void prepare_child(const struct passwd* pw, const fs::path& cwd, const fs::path& log) {
  // Privileges go first, so that the server user owns (and can write) every log.
  if (pw &&
      (::setgroups(0, nullptr) != 0 || ::setgid(pw->pw_gid) != 0 || ::setuid(pw->pw_uid) != 0))
    ::_exit(126);
  int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  if (fd >= 0) {
    ::dup2(fd, 1);
    ::dup2(fd, 2);
    ::close(fd);
  }
  int null = ::open("/dev/null", O_RDONLY);
  if (null >= 0) ::dup2(null, 0);
  if (::chdir(cwd.c_str()) != 0) ::_exit(126);
}

std::vector<char*> argv_of(std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  return argv;
}

int wait_status(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// Runs a tool to completion and returns its exit status.
int run_tool(std::vector<std::string> args, const fs::path& cwd, const fs::path& log) {
  const struct passwd* pw = server_user();
  std::vector<char*> argv = argv_of(args);
  pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    prepare_child(pw, cwd, log);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  return wait_status(pid);
}

std::string tail(const fs::path& p) {
  std::string text;
  try {
    text = read_file(p);
  } catch (...) {
    return {};
  }
  if (text.size() > 2000) text = text.substr(text.size() - 2000);
  return text;
}

// Removes server directories that a killed test process left behind: older than ten minutes
// (a server starting in parallel is younger) and with no live postmaster.
void remove_leftovers() {
  std::error_code ec;
  auto now = fs::file_time_type::clock::now();
  for (const auto& e : fs::directory_iterator(fs::temp_directory_path(), ec)) {
    if (!e.path().filename().string().starts_with(dir_prefix) || !e.is_directory(ec)) continue;
    auto age = now - fs::last_write_time(e.path(), ec);
    if (ec || age < std::chrono::minutes(10)) continue;
    fs::path pidfile = e.path() / "data" / "postmaster.pid";
    if (fs::exists(pidfile, ec)) {
      std::string text;
      try {
        text = read_file(pidfile);
      } catch (...) {
        continue;
      }
      long pid = std::atol(text.c_str());
      if (pid > 0 && (::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM)) continue;
    }
    fs::remove_all(e.path(), ec);
  }
}

std::string unavailable;

}  // namespace

fs::path pg_server::find_bindir() {
  if (const char* env = std::getenv("SPECLINT_PG_BINDIR"); env && *env)
    return fs::exists(fs::path(env) / "initdb") ? fs::path(env) : fs::path();
  std::error_code ec;
  fs::path best;
  int best_version = -1;
  for (const auto& e : fs::directory_iterator("/usr/lib/postgresql", ec)) {
    std::string name = e.path().filename().string();
    if (name.empty() ||
        !std::all_of(name.begin(), name.end(), [](char c) { return c >= '0' && c <= '9'; }))
      continue;
    int v = std::stoi(name);
    if (v > best_version && fs::exists(e.path() / "bin" / "initdb") &&
        fs::exists(e.path() / "bin" / "postgres")) {
      best_version = v;
      best = e.path() / "bin";
    }
  }
  return best;
}

pg_server::pg_server(const fs::path& bindir) : bindir_(bindir) {
  try {
    start();
  } catch (...) {
    stop();
    throw;
  }
}

void pg_server::start() {
  remove_leftovers();
  std::string pattern = (fs::temp_directory_path() / (std::string(dir_prefix) + "XXXXXX")).string();
  if (!::mkdtemp(pattern.data())) throw std::runtime_error("cannot create the server directory");
  dir_ = pattern;
  const struct passwd* pw = server_user();
  if (pw && ::chown(dir_.c_str(), pw->pw_uid, pw->pw_gid) != 0)
    throw std::runtime_error("cannot hand the server directory to `postgres`");
  ::chmod(dir_.c_str(), 0700);
  const fs::path& bindir = bindir_;
  int rc = run_tool({(bindir / "initdb").string(), "-D", (dir_ / "data").string(), "-A", "trust",
                     "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale=C"},
                    dir_, dir_ / "initdb.log");
  if (rc != 0)
    throw std::runtime_error("initdb failed (" + std::to_string(rc) + "):\n" +
                             tail(dir_ / "initdb.log"));

  // The server is our child, not pg_ctl's, and dies with us: a test process that is killed
  // leaves no server running. It listens only on a Unix socket in its own directory.
  std::vector<std::string> args{(bindir / "postgres").string(),
                                "-D",
                                (dir_ / "data").string(),
                                "-k",
                                dir_.string(),
                                "-c",
                                "listen_addresses=",
                                "-c",
                                "port=5432",
                                "-c",
                                "fsync=off",
                                "-c",
                                "full_page_writes=off",
                                "-c",
                                "synchronous_commit=off",
                                "-c",
                                "max_connections=20",
                                "-c",
                                "shared_buffers=16MB"};
  std::vector<char*> argv = argv_of(args);
  pid_t parent = ::getpid();
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    prepare_child(pw, dir_, dir_ / "server.log");
    // After setuid, which clears it; SIGQUIT is PostgreSQL's immediate shutdown.
    ::prctl(PR_SET_PDEATHSIG, SIGQUIT);
    if (::getppid() != parent) ::_exit(1);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  std::string info = conninfo();
  for (int i = 0; i < 600; ++i) {
    if (PQping(info.c_str()) == PQPING_OK) return;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("the server did not start:\n" + tail(dir_ / "server.log"));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  throw std::runtime_error("the server did not accept connections within 30 s:\n" +
                           tail(dir_ / "server.log"));
}

pg_server::~pg_server() {
  stop();
}

void pg_server::stop() noexcept {
  if (pid_ > 0) {
    ::kill(pid_, SIGINT);  // fast shutdown
    bool gone = false;
    for (int i = 0; i < 300 && !gone; ++i) {
      int status = 0;
      gone = ::waitpid(pid_, &status, WNOHANG) == pid_;
      if (!gone) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (!gone) {
      ::kill(pid_, SIGKILL);
      wait_status(pid_);
    }
  }
  pid_ = -1;
  std::error_code ec;
  if (!dir_.empty()) fs::remove_all(dir_, ec);
  dir_.clear();
}

std::string pg_server::conninfo() const {
  return "host=" + dir_.string() + " port=5432 user=postgres dbname=postgres";
}

pg_server* pg_server::shared() {
  static std::unique_ptr<pg_server> server;
  static bool tried = false;
  if (!tried) {
    tried = true;
    fs::path bindir = find_bindir();
    if (bindir.empty()) {
      unavailable =
          "no PostgreSQL server binaries (initdb, postgres) under /usr/lib/postgresql/*/bin or "
          "$SPECLINT_PG_BINDIR; install Debian's `postgresql` to run this test";
    } else {
      try {
        server = std::make_unique<pg_server>(bindir);
      } catch (const std::exception& e) {
        unavailable =
            std::string("cannot start PostgreSQL from ") + bindir.string() + ": " + e.what();
      }
    }
  }
  return server.get();
}

const std::string& pg_server::why_unavailable() {
  return unavailable;
}

void skip_postgres_test() {
  std::cerr << "SKIP: " << unavailable << std::endl;
}

}  // namespace speclint::test
