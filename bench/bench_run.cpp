// Times commands over a corpus, alternating between them, and prints the median wall time,
// throughput, peak resident memory and median user CPU time of each.
//
//   bench_run --corpus DIR --runs N --label NAME -- speclint ARGS... [--vs cmark-gfm ARGS...]
//
// Each command runs with standard output to /dev/null. `@FILES` in a command's arguments
// expands to every *.md under the corpus (in batches when there are many: one process per
// batch, run one after the other, times added up).

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include <fmt/format.h>

namespace fs = std::filesystem;
extern char** environ;

namespace {

struct measurement {
  double seconds = 0;
  double user_seconds = 0;  ///< CPU time in user space, summed over the process's threads
  long max_rss_kb = 0;
  int status = 0;
};

measurement run_once(const std::vector<std::string>& argv) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
  auto start = std::chrono::steady_clock::now();
  pid_t pid = 0;
  if (posix_spawnp(&pid, args[0], &fa, nullptr, args.data(), environ) != 0) {
    std::cerr << "bench_run: cannot start " << argv[0] << '\n';
    std::exit(2);
  }
  int status = 0;
  struct rusage ru {};
  wait4(pid, &status, 0, &ru);
  auto end = std::chrono::steady_clock::now();
  posix_spawn_file_actions_destroy(&fa);
  double user =
      static_cast<double>(ru.ru_utime.tv_sec) + static_cast<double>(ru.ru_utime.tv_usec) / 1e6;
  return {std::chrono::duration<double>(end - start).count(), user, ru.ru_maxrss,
          WIFEXITED(status) ? WEXITSTATUS(status) : 128};
}

struct command {
  std::string name;
  std::vector<std::vector<std::string>> batches;  // one process each
  std::vector<double> times;
  std::vector<double> user_times;
  long max_rss_kb = 0;
};

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

}  // namespace

int main(int argc, char** argv) {
  fs::path corpus;
  int runs = 5;
  std::string label = "corpus";
  std::vector<std::vector<std::string>> commands(1);
  int i = 1;
  for (; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--corpus" && i + 1 < argc)
      corpus = argv[++i];
    else if (a == "--runs" && i + 1 < argc)
      runs = std::stoi(argv[++i]);
    else if (a == "--label" && i + 1 < argc)
      label = argv[++i];
    else if (a == "--")
      break;
    else {
      std::cerr << "bench_run: unknown option " << a << '\n';
      return 2;
    }
  }
  for (++i; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--vs")
      commands.emplace_back();
    else
      commands.back().push_back(a);
  }
  if (corpus.empty() || commands.front().empty()) {
    std::cerr << "usage: bench_run --corpus DIR [--runs N] [--label NAME] -- CMD ARGS... [--vs CMD "
                 "ARGS...]\n";
    return 2;
  }
  std::vector<std::string> files;
  std::uintmax_t bytes = 0;
  for (const auto& e : fs::recursive_directory_iterator(corpus))
    if (e.is_regular_file() && e.path().extension() == ".md") {
      files.push_back(e.path().string());
      bytes += e.file_size();
    }
  std::sort(files.begin(), files.end());

  std::vector<command> cmds;
  for (const auto& c : commands) {
    command cmd;
    cmd.name = fs::path(c.front()).filename().string();
    auto at = std::find(c.begin(), c.end(), "@FILES");
    if (at == c.end()) {
      cmd.batches.push_back(c);
    } else {
      // Batches keep each command line well under the kernel's argument limit.
      for (std::size_t from = 0; from < files.size(); from += 5000) {
        std::vector<std::string> argv2(c.begin(), at);
        argv2.insert(argv2.end(), files.begin() + static_cast<long>(from),
                     files.begin() + static_cast<long>(std::min(files.size(), from + 5000)));
        argv2.insert(argv2.end(), at + 1, c.end());
        cmd.batches.push_back(std::move(argv2));
      }
    }
    cmds.push_back(std::move(cmd));
  }
  // One warm-up round fills the page cache, then the commands alternate.
  for (auto& cmd : cmds)
    for (const auto& b : cmd.batches) run_once(b);
  for (int r = 0; r < runs; ++r)
    for (auto& cmd : cmds) {
      double total = 0, user = 0;
      for (const auto& b : cmd.batches) {
        measurement m = run_once(b);
        total += m.seconds;
        user += m.user_seconds;
        cmd.max_rss_kb = std::max(cmd.max_rss_kb, m.max_rss_kb);
      }
      cmd.times.push_back(total);
      cmd.user_times.push_back(user);
    }

  double mb = static_cast<double>(bytes) / 1e6;
  // Ratios are to the last command, the reference (`--vs`). User CPU time moves less than wall
  // time when other processes share the cores, so it is printed beside it.
  double base = median(cmds.back().times);
  for (const auto& cmd : cmds) {
    double t = median(cmd.times);
    std::cout << fmt::format(
        "{:<12} {:<12} files={:<7} MB={:<8.2f} median_s={:<9.4f} MB_per_s={:<8.1f} "
        "peak_rss_MB={:<7.1f} user_s={:<9.4f} ratio_to_{}={:.2f}\n",
        label, cmd.name, files.size(), mb, t, mb / t, static_cast<double>(cmd.max_rss_kb) / 1024.0,
        median(cmd.user_times), cmds.back().name, t / base);
  }
  return 0;
}
