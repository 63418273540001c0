#pragma once

// A throwaway PostgreSQL server for tests: initdb into a temporary directory, a server that
// listens only on a Unix socket in that directory, stopped and removed at the end (and
// killed with the test process if that dies first). As root (CI), the server binaries run as
// the `postgres` system user, since they refuse root.

#include <sys/types.h>

#include <memory>
#include <string>

#include "support.hpp"

namespace speclint::test {

class pg_server {
 public:
  /// The directory holding initdb, pg_ctl and postgres: $SPECLINT_PG_BINDIR, else the newest
  /// /usr/lib/postgresql/<version>/bin; empty when there is none.
  static fs::path find_bindir();

  /// The server shared by the tests of this process, started on first use; null when it
  /// cannot run here (why_unavailable() says why).
  static pg_server* shared();
  /// Why shared() returned null.
  static const std::string& why_unavailable();

  /// Starts a server as a child process that dies with this process; throws
  /// std::runtime_error with the log's tail when it cannot.
  explicit pg_server(const fs::path& bindir);
  /// Stops the server and removes its directory.
  ~pg_server();
  pg_server(const pg_server&) = delete;
  pg_server& operator=(const pg_server&) = delete;

  /// libpq connection string for the superuser `postgres` on database `postgres`.
  std::string conninfo() const;

 private:
  void start();
  void stop() noexcept;

  fs::path bindir_;
  fs::path dir_;  ///< /tmp/speclint-pg-XXXXXX: data directory, socket and logs
  pid_t pid_ = -1;
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
