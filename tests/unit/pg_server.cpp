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

// Server directories in /tmp: speclint-pg-XXXXXX, so that leftovers are recognizable.
constexpr const char* dir_prefix = "speclint-pg-";

// The files a detached server's directory holds besides the server's own.
constexpr const char* conninfo_file = "conninfo";
constexpr const char* unavailable_file = "unavailable";
constexpr const char* server_dir_file = "server-dir";  // when the server lives in /tmp instead

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

fs::path make_temp_dir() {
  std::string pattern = (fs::temp_directory_path() / (std::string(dir_prefix) + "XXXXXX")).string();
  if (!::mkdtemp(pattern.data())) throw std::runtime_error("cannot create the server directory");
  return pattern;
}

// Runs initdb into `dir`/data and starts the server on it, listening only on a socket in `dir`;
// returns once it accepts connections. A detached server runs in a session of its own and
// outlives this process; any other dies with it.
pid_t launch(const fs::path& bindir, const fs::path& dir, bool detached) {
  const struct passwd* pw = server_user();
  if (pw && ::chown(dir.c_str(), pw->pw_uid, pw->pw_gid) != 0)
    throw std::runtime_error("cannot hand " + dir.string() + " to `postgres`");
  ::chmod(dir.c_str(), 0700);
  int rc = run_tool({(bindir / "initdb").string(), "-D", (dir / "data").string(), "-A", "trust",
                     "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale=C"},
                    dir, dir / "initdb.log");
  if (rc != 0)
    throw std::runtime_error("initdb failed (" + std::to_string(rc) + "):\n" +
                             tail(dir / "initdb.log"));

  std::vector<std::string> args{(bindir / "postgres").string(),
                                "-D",
                                (dir / "data").string(),
                                "-k",
                                dir.string(),
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
                                "max_connections=40",
                                "-c",
                                "shared_buffers=16MB"};
  std::vector<char*> argv = argv_of(args);
  pid_t parent = ::getpid();
  pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    // Out of ctest's process group, so that a test's timeout does not reach the server.
    if (detached) ::setsid();
    prepare_child(pw, dir, dir / "server.log");
    if (!detached) {
      // After setuid, which clears it; SIGQUIT is PostgreSQL's immediate shutdown.
      ::prctl(PR_SET_PDEATHSIG, SIGQUIT);
      if (::getppid() != parent) ::_exit(1);
    }
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  std::string info = "host=" + dir.string() + " port=5432 user=postgres dbname=postgres";
  for (int i = 0; i < 600; ++i) {
    if (PQping(info.c_str()) == PQPING_OK) return pid;
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) == pid)
      throw std::runtime_error("the server did not start:\n" + tail(dir / "server.log"));
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ::kill(pid, SIGKILL);
  wait_status(pid);
  throw std::runtime_error("the server did not accept connections within 30 s:\n" +
                           tail(dir / "server.log"));
}

// Whether `dir` can hold a server's socket and be entered by the user the server runs as.
bool can_serve_from(const fs::path& dir) {
  // sun_path holds 108 bytes, and PostgreSQL appends "/.s.PGSQL.5432".
  if (dir.string().size() > 90) return false;
  // The path goes into a connection string unquoted.
  if (dir.string().find_first_of(" '\\") != std::string::npos) return false;
  if (::geteuid() != 0) return true;
  std::error_code ec;
  for (fs::path p = dir.parent_path(); !p.empty(); p = p.parent_path()) {
    fs::perms perms = fs::status(p, ec).permissions();
    if (ec || (perms & fs::perms::others_exec) == fs::perms::none) return false;
    if (p == p.root_path()) break;
  }
  return true;
}

// Whether `pid` is a live (not zombie) process whose command line names `data_dir`: a stale
// postmaster.pid may hold a number that now belongs to another process.
bool is_server_of(pid_t pid, const fs::path& data_dir) {
  if (pid <= 0 || (::kill(pid, 0) != 0 && errno != EPERM)) return false;
  std::string proc = "/proc/" + std::to_string(pid);
  try {
    std::string stat = read_file(proc + "/stat");
    std::size_t close = stat.rfind(')');
    if (close != std::string::npos && close + 2 < stat.size() && stat[close + 2] == 'Z')
      return false;
    std::string cmdline = read_file(proc + "/cmdline");
    std::replace(cmdline.begin(), cmdline.end(), '\0', ' ');
    return cmdline.find(" " + data_dir.string() + " ") != std::string::npos;
  } catch (...) {
    return false;
  }
}

// The connection string of the server in `dir`, or "" when none was recorded there.
std::string recorded_conninfo(const fs::path& dir) {
  std::error_code ec;
  if (!fs::exists(dir / conninfo_file, ec)) return {};
  std::string text = read_file(dir / conninfo_file);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

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
  dir_ = make_temp_dir();
  host_ = dir_.string();
  pid_ = launch(bindir_, dir_, false);
}

pg_server::pg_server(on_run_server, std::string host) : host_(std::move(host)) {
  // A database per test process: the verify tests lock catalogs and count scratch schemas, which
  // would trip over a test running beside them in the same database.
  std::string name = "speclint_test_" + std::to_string(::getpid());
  std::unique_ptr<PGconn, decltype(&PQfinish)> admin(PQconnectdb(conninfo().c_str()), &PQfinish);
  if (PQstatus(admin.get()) != CONNECTION_OK)
    throw std::runtime_error("cannot connect to the test run's PostgreSQL (" + conninfo() +
                             "): " + PQerrorMessage(admin.get()));
  PQsetNoticeProcessor(
      admin.get(), [](void*, const char*) {}, nullptr);
  PQclear(PQexec(admin.get(), ("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)").c_str()));
  std::unique_ptr<PGresult, decltype(&PQclear)> made(
      PQexec(admin.get(), ("CREATE DATABASE " + name).c_str()), &PQclear);
  if (PQresultStatus(made.get()) != PGRES_COMMAND_OK)
    throw std::runtime_error("cannot create database " + name +
                             " on the test run's PostgreSQL: " + PQresultErrorMessage(made.get()));
  dbname_ = name;
}

pg_server::~pg_server() {
  stop();
}

void pg_server::stop() noexcept {
  if (dbname_ != "postgres") {
    std::string own = dbname_;
    dbname_ = "postgres";
    PGconn* admin = PQconnectdb(conninfo().c_str());
    if (PQstatus(admin) == CONNECTION_OK)
      PQclear(PQexec(admin, ("DROP DATABASE IF EXISTS " + own + " WITH (FORCE)").c_str()));
    PQfinish(admin);
  }
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
  return "host=" + host_ + " port=5432 user=postgres dbname=" + dbname_;
}

pg_server* pg_server::shared() {
  static std::unique_ptr<pg_server> server;
  static bool tried = false;
  if (!tried) {
    tried = true;
    const char* run_dir = std::getenv("SPECLINT_TEST_POSTGRES");
    std::error_code ec;
    if (run_dir && *run_dir && fs::exists(fs::path(run_dir) / unavailable_file, ec)) {
      unavailable = read_file(fs::path(run_dir) / unavailable_file);
      return nullptr;
    }
    // Without a server of the run (a test run by hand), the process starts its own.
    std::string info = run_dir && *run_dir ? recorded_conninfo(run_dir) : std::string();
    if (!info.empty()) {
      std::string host = info.substr(0, info.find(' '));
      server.reset(new pg_server(on_run_server{}, host.substr(host.find('=') + 1)));
      return server.get();
    }
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

void pg_server::start_detached(const fs::path& bindir, const fs::path& dir) {
  stop_detached(dir);
  remove_leftovers();
  fs::create_directories(dir);
  fs::path server_dir = dir;
  if (!can_serve_from(dir)) {
    server_dir = make_temp_dir();
    write_file(dir / server_dir_file, server_dir.string());
  }
  launch(bindir, server_dir, true);
  write_file(dir / conninfo_file, "host=" + server_dir.string() + " port=5432 user=postgres\n");
}

void pg_server::record_unavailable(const fs::path& dir, const std::string& why) {
  stop_detached(dir);
  write_file(dir / unavailable_file, why);
}

void pg_server::stop_detached(const fs::path& dir) {
  std::error_code ec;
  fs::path server_dir = dir;
  if (fs::exists(dir / server_dir_file, ec)) server_dir = read_file(dir / server_dir_file);
  fs::path data = server_dir / "data";
  if (fs::exists(data / "postmaster.pid", ec)) {
    pid_t pid = 0;
    try {
      pid = static_cast<pid_t>(std::atol(read_file(data / "postmaster.pid").c_str()));
    } catch (...) {
    }
    if (is_server_of(pid, data)) {
      ::kill(pid, SIGINT);  // fast shutdown
      for (int i = 0; i < 500 && is_server_of(pid, data); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      if (is_server_of(pid, data)) ::kill(pid, SIGKILL);
    }
  }
  if (server_dir != dir) fs::remove_all(server_dir, ec);
  fs::remove_all(dir, ec);
}

void skip_postgres_test() {
  std::cerr << "SKIP: " << unavailable << std::endl;
}

}  // namespace speclint::test
