// `speclint verify`: ask a real PostgreSQL whether speclint's findings hold.

#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "speclint/verify.hpp"

namespace speclint::cli {

namespace {

struct verify_args {
  spec_args spec;
  std::string database;
  bool probe = false;
  std::string format = "text";
};

int run_verify(const verify_args& a) {
  if (a.format != "text" && a.format != "json")
    throw usage_error(fmt::format("unknown format `{}` (text, json)", a.format));
  lint_options opts = whole_spec_options(a.spec, "verify");
  lint_result res = lint(opts);
  verify_options vo;
  vo.database = a.database;
  vo.probe = a.probe;
  verify_report rep;
  try {
    rep = verify(res, vo);
  } catch (const verify_error& e) {
    throw usage_error(e.what());
  } catch (const verify_interrupted& e) {
    std::cerr << "speclint: interrupted; the scratch schema was dropped\n";
    return 128 + e.signal;
  }
  std::cout << render_verify(rep, a.format);
  std::cout.flush();
  return rep.agree() ? 0 : 1;
}

}  // namespace

command add_verify(CLI::App& app) {
  auto a = std::make_shared<verify_args>();
  CLI::App* cmd = app.add_subcommand(
      "verify",
      "Load the exported DDL into a scratch schema of a real PostgreSQL, and compare what the "
      "server says with "
      "speclint's findings (exit 1 when they disagree); the scratch schema is always dropped");
  add_spec_options(*cmd, a->spec);
  cmd->add_option("-d,--database", a->database,
                  "libpq connection URL or string (postgresql://user@host/db); credentials come "
                  "from it or from "
                  "libpq's environment (PGHOST, PGUSER, PGPASSWORD, ~/.pgpass); default: the "
                  "environment alone");
  cmd->add_flag(
      "--probe", a->probe,
      "Also delete a parent row per ON DELETE SET NULL / SET DEFAULT key, in a transaction that is "
      "rolled back, to see the error PostgreSQL raises");
  cmd->add_option("-f,--format", a->format, "text (default) or json");
  return {cmd, [a] { return run_verify(*a); }};
}

}  // namespace speclint::cli
