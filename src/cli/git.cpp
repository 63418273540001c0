#include "git.hpp"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>

#include <fmt/format.h>

#include "commands.hpp"

extern char** environ;

namespace speclint::cli {

namespace fs = std::filesystem;

process_result run_process(const std::vector<std::string>& argv, const fs::path& cwd) {
  process_result r;
  int out_pipe[2], err_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) return r;
  if (::pipe2(err_pipe, O_CLOEXEC) != 0) {
    ::close(out_pipe[0]);
    ::close(out_pipe[1]);
    return r;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
  std::string dir = cwd.string();
  posix_spawn_file_actions_addchdir_np(&actions, dir.c_str());
  std::vector<std::string> args = argv;
  std::vector<char*> cargs;
  for (auto& a : args) cargs.push_back(a.data());
  cargs.push_back(nullptr);
  pid_t pid = 0;
  int rc = ::posix_spawnp(&pid, cargs[0], &actions, nullptr, cargs.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  if (rc != 0) {
    ::close(out_pipe[0]);
    ::close(err_pipe[0]);
    r.status = 127;
    r.err = fmt::format("cannot run {}", argv.front());
    return r;
  }
  // Both pipes are drained together, so that neither can fill up and block the child.
  std::array<pollfd, 2> fds{{{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}}};
  std::array<std::string*, 2> sinks{&r.out, &r.err};
  int open_fds = 2;
  char buf[65536];
  while (open_fds > 0) {
    if (::poll(fds.data(), fds.size(), -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (std::size_t i = 0; i < fds.size(); ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
      if (n > 0) {
        sinks[i]->append(buf, static_cast<std::size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        ::close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      }
    }
  }
  for (auto& p : fds)
    if (p.fd >= 0) ::close(p.fd);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

namespace {

std::string first_line(const std::string& s) {
  std::string line = s.substr(0, s.find('\n'));
  return line.empty() ? "no message" : line;
}

std::vector<std::string> split_nul(const std::string& s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < s.size()) {
    std::size_t end = s.find('\0', start);
    if (end == std::string::npos) end = s.size();
    if (end > start) out.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::string trimmed(const std::string& s) {
  std::size_t end = s.find_last_not_of(" \t\r\n");
  return end == std::string::npos ? std::string() : s.substr(0, end + 1);
}

process_result git(const fs::path& root, std::vector<std::string> args) {
  args.insert(args.begin(), "git");
  return run_process(args, root);
}

}  // namespace

changed_since changed_base(const fs::path& root, const std::string& base) {
  process_result inside = git(root, {"rev-parse", "--is-inside-work-tree"});
  if (inside.status == 127) throw usage_error("--changed needs git, which cannot be run");
  if (inside.status != 0 || trimmed(inside.out) != "true")
    throw usage_error(fmt::format("--changed needs a git work tree at {}: {}", root.string(),
                                  first_line(inside.err)));

  changed_since since;
  if (!base.empty()) {
    if (git(root, {"rev-parse", "--verify", "--quiet", "--end-of-options", base + "^{commit}"})
            .status != 0)
      throw usage_error(fmt::format("--base: `{}` is not a commit git knows", base));
    // A branch compares from where this one forked off it, as a pull request does.
    process_result mb = git(root, {"merge-base", "--end-of-options", base, "HEAD"});
    since.commit = mb.status == 0 ? trimmed(mb.out) : base;
  } else if (process_result mb = git(root, {"merge-base", "@{upstream}", "HEAD"}); mb.status == 0) {
    since.commit = trimmed(mb.out);
  } else if (git(root, {"rev-parse", "--verify", "--quiet", "HEAD"}).status == 0) {
    since.commit = "HEAD";
  }
  return since;
}

std::vector<std::string> changed_files(const fs::path& root, const changed_since& since) {
  std::vector<std::string> files;
  auto collect = [&](std::vector<std::string> args) {
    process_result r = git(root, std::move(args));
    if (r.status != 0)
      throw usage_error(fmt::format("--changed: git failed: {}", first_line(r.err)));
    for (auto& f : split_nul(r.out)) files.push_back(std::move(f));
  };
  // The working tree against the base: commits since it, staged and unstaged changes. With no
  // commit yet, every tracked file is new.
  if (!since.commit.empty())
    collect({"diff", "--name-only", "-z", "--no-renames", "--relative", since.commit, "--"});
  else
    collect({"ls-files", "-z", "--cached"});
  collect({"ls-files", "-z", "--others", "--exclude-standard"});
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  return files;
}

}  // namespace speclint::cli
