// The PostgreSQL server of a ctest run (the `postgres` fixture in tests/CMakeLists.txt):
// `pg_fixture start DIR` starts it in DIR before the first [postgres] test, or records there why
// it cannot so that those tests skip with that reason; `pg_fixture stop DIR` stops it after the
// last one.

#include <exception>
#include <iostream>
#include <string>

#include "pg_server.hpp"

using speclint::test::pg_server;

int main(int argc, char** argv) {
  std::string command = argc == 3 ? argv[1] : "";
  if (command != "start" && command != "stop") {
    std::cerr << "usage: pg_fixture start|stop DIR\n";
    return 2;
  }
  speclint::test::fs::path dir = speclint::test::fs::absolute(argv[2]);
  try {
    if (command == "stop") {
      pg_server::stop_detached(dir);
      std::cout << "stopped the PostgreSQL server in " << dir.string() << "\n";
      return 0;
    }
    speclint::test::fs::path bindir = pg_server::find_bindir();
    if (bindir.empty()) {
      std::string why =
          "no PostgreSQL server binaries (initdb, postgres) under /usr/lib/postgresql/*/bin or "
          "$SPECLINT_PG_BINDIR; install Debian's `postgresql` to run the [postgres] tests";
      pg_server::record_unavailable(dir, why);
      std::cout << "the [postgres] tests skip: " << why << "\n";
      return 0;
    }
    pg_server::start_detached(bindir, dir);
    std::cout << "PostgreSQL from " << bindir.string() << " runs in " << dir.string() << "\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "pg_fixture " << command << ": " << e.what() << "\n";
    return 1;
  }
}
