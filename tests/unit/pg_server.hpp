#pragma once

// The PostgreSQL server of the [postgres] tests. A ctest run starts one server for all of them
// (the `postgres` fixture in tests/CMakeLists.txt runs tests/tools/pg_fixture.cpp) and names its
// directory in $SPECLINT_TEST_POSTGRES; each test process then works in a database of its own
// there, so that tests running in parallel do not see each other's schemas and locks. Run by
// hand, without that directory, a test process starts a server of its own that dies with it.
// Either way the server is initdb'd into a directory and listens only on a Unix socket; as root
// (CI) the server binaries run as the `postgres` system user, since they refuse root.

#include <sys/types.h>

#include <memory>
#include <string>

#include "support.hpp"

namespace speclint::test {

class pg_server {
 public:
  /// The directory holding initdb and postgres: $SPECLINT_PG_BINDIR, else the newest
  /// /usr/lib/postgresql/<version>/bin; empty when there is none.
  static fs::path find_bindir();

  /// The server of the tests of this process: the test run's when $SPECLINT_TEST_POSTGRES names
  /// a directory where one runs, else one started here on first use; null when there is none
  /// (why_unavailable() says why).
  static pg_server* shared();
  /// Why shared() returned null.
  static const std::string& why_unavailable();

  /// Starts a server as a child process that dies with this process; throws
  /// std::runtime_error with the log's tail when it cannot.
  explicit pg_server(const fs::path& bindir);
  /// Stops a server this object started, or drops the database it made on the run's server.
  ~pg_server();
  pg_server(const pg_server&) = delete;
  pg_server& operator=(const pg_server&) = delete;

  /// libpq connection string for the superuser `postgres` on this process's database.
  std::string conninfo() const;

  /// Starts a server that outlives this process in `dir` (created if needed), after stopping one
  /// an earlier run left there, and writes `dir/conninfo`; throws std::runtime_error when it
  /// cannot.
  static void start_detached(const fs::path& bindir, const fs::path& dir);
  /// Writes `dir/unavailable`, the reason every test that needs the run's server skips with.
  static void record_unavailable(const fs::path& dir, const std::string& why);
  /// Stops the server start_detached left in `dir`, if one runs, and removes `dir`.
  static void stop_detached(const fs::path& dir);

 private:
  struct on_run_server {};
  pg_server(on_run_server, std::string host);

  void start();
  void stop() noexcept;

  fs::path bindir_;
  fs::path dir_;  ///< data directory, socket and logs of a server this object started
  pid_t pid_ = -1;
  std::string host_;                 ///< the socket directory
  std::string dbname_ = "postgres";  ///< a database of this process's own on the run's server
};

/// Says on stderr that a [postgres] test is skipped (the macro below also WARNs the text
/// ctest looks for, so ctest counts the test as skipped, never as passed).
void skip_postgres_test();

}  // namespace speclint::test

/// Gives `var` the shared server, or skips the test visibly when there is none.
#define SPECLINT_REQUIRE_POSTGRES(var)                                                 \
  ::speclint::test::pg_server* var = ::speclint::test::pg_server::shared();            \
  if (!var) {                                                                          \
    ::speclint::test::skip_postgres_test();                                            \
    SPECLINT_MISSING_TOOL("SKIP: " << ::speclint::test::pg_server::why_unavailable()); \
    return;                                                                            \
  }
