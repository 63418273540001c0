#pragma once

// Helpers the tests share: running the binary, reading and writing files, golden files.

#include <filesystem>
#include <string>
#include <vector>

namespace speclint::test {

namespace fs = std::filesystem;

/// The source tree.
inline fs::path source_dir() {
  return SPECLINT_SOURCE_DIR;
}

/// What a run of the speclint binary printed and returned.
struct run_result {
  int status = -1;
  std::string out, err;
};

/// Runs the speclint binary with arguments in a directory, without a shell.
run_result run_speclint(const std::vector<std::string>& args, const fs::path& cwd = ".",
                        const std::vector<std::string>& env = {});

/// Runs a program (a path, or a name looked up on PATH) with arguments in a directory, without
/// a shell; `env` entries (NAME=value) are added to the environment, which loses NO_COLOR and
/// GITHUB_STEP_SUMMARY; standard input is /dev/null.
run_result run_process(const std::vector<std::string>& argv, const fs::path& cwd = ".",
                       const std::vector<std::string>& env = {});

/// A Python 3 interpreter that can import `module` ("" for none): `python3` on PATH, else
/// /usr/bin/python3; empty when neither can.
std::string find_python(const std::string& module = "");

/// What a test prints when a tool it needs is missing: ctest marks a test whose output holds
/// this text as skipped (tests/CMakeLists.txt), so the gap shows instead of passing silently.
#define SPECLINT_MISSING_TOOL(what) WARN("speclint-test: missing tool: " << what)

/// A whole file, or throws.
std::string read_file(const fs::path& p);

/// Writes a file, creating its directories.
void write_file(const fs::path& p, const std::string& content);

/// A fresh temporary directory, removed when the object goes.
class temp_dir {
 public:
  temp_dir();
  ~temp_dir();
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;
  const fs::path& path() const { return path_; }
  /// Writes a file under the directory.
  void write(const std::string& rel, const std::string& content) const {
    write_file(path_ / rel, content);
  }

 private:
  fs::path path_;
};

/// Compares output with a golden file; with UPDATE_GOLDEN=1 in the environment, rewrites it.
/// Returns an empty string when they agree, else a description of the difference.
std::string golden_diff(const fs::path& golden, const std::string& actual);

}  // namespace speclint::test
