#include "fix.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <sstream>
#include <string_view>
#include <system_error>

#include <unistd.h>

#include <fmt/format.h>

namespace speclint::cli {

namespace {

namespace fs = std::filesystem;

// One line of a file: its text without the line end, and where the line end stops.
struct file_line {
  std::size_t begin = 0, end = 0, next = 0;
};

std::vector<file_line> split_lines(const std::string& text) {
  std::vector<file_line> out;
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t nl = text.find('\n', at);
    std::size_t next = nl == std::string::npos ? text.size() : nl + 1;
    std::size_t end = nl == std::string::npos ? text.size() : nl;
    if (end > at && text[end - 1] == '\r') --end;
    out.push_back({at, end, next});
    at = next;
  }
  return out;
}

bool word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// True when `from` at `pos` of `line` is not part of a longer name: `Users` in `UsersArchive`
// is not the table `Users`.
bool whole(std::string_view line, std::size_t pos, std::string_view from) {
  if (word_char(from.front()) && pos > 0 && word_char(line[pos - 1])) return false;
  const std::size_t after = pos + from.size();
  return !(word_char(from.back()) && after < line.size() && word_char(line[after]));
}

// Where the fix's text is on its line: at its column, else its only whole occurrence.
std::optional<std::size_t> locate(std::string_view line, const finding_fix& f) {
  if (f.column > 0 && f.column - 1 + f.from.size() <= line.size() &&
      line.substr(f.column - 1, f.from.size()) == f.from && whole(line, f.column - 1, f.from))
    return f.column - 1;
  std::optional<std::size_t> found;
  for (std::size_t p = line.find(f.from); p != std::string_view::npos;
       p = line.find(f.from, p + 1)) {
    if (!whole(line, p, f.from)) continue;
    if (found) return std::nullopt;  // twice: which one is meant is not known
    found = p;
  }
  return found;
}

// Why the file may not be written, or empty: it must be a regular file inside `root`, named
// without `..`, and reached through no symbolic link.
std::string unsafe(const fs::path& root, const std::string& file) {
  const fs::path rel(file);
  if (rel.empty() || rel.is_absolute()) return "not a path inside the root";
  for (const auto& part : rel)
    if (part == "..") return "not a path inside the root";
  fs::path at = root;
  std::error_code ec;
  for (const auto& part : rel) {
    at /= part;
    if (fs::is_symlink(fs::symlink_status(at, ec))) return "reached through a symbolic link";
  }
  if (!fs::is_regular_file(fs::symlink_status(at, ec))) return "not a regular file";
  return {};
}

// Writes `text` to a temporary file beside `path`, with `path`'s mode, and renames it over
// `path`: a reader sees the old file or the new one, never half of one.
std::string write_atomically(const fs::path& path, const std::string& text) {
  std::error_code ec;
  const fs::perms mode = fs::status(path, ec).permissions();
  if (ec) return ec.message();
  const fs::path temp =
      path.parent_path() / fmt::format(".{}.speclint-fix-{}", path.filename().string(), ::getpid());
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    out.close();
    if (!out) {
      fs::remove(temp, ec);
      return "cannot write a temporary file beside it";
    }
  }
  fs::permissions(temp, mode, ec);
  fs::rename(temp, path, ec);
  if (ec) {
    std::error_code ignored;
    fs::remove(temp, ignored);
    return ec.message();
  }
  return {};
}

// A unified diff of a file whose lines keep their number: hunks of the changed lines, each
// with three lines of context.
void unified_diff(const std::string& file, const std::string& before, const std::string& after,
                  std::string& out) {
  const std::vector<file_line> a = split_lines(before), b = split_lines(after);
  auto text = [](const std::string& s, const file_line& l) {
    return std::string_view(s).substr(l.begin, l.end - l.begin);
  };
  std::vector<std::size_t> changed;
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i)
    if (text(before, a[i]) != text(after, b[i])) changed.push_back(i);
  if (changed.empty()) return;
  out += fmt::format("--- a/{}\n+++ b/{}\n", file, file);
  constexpr std::size_t context = 3;
  for (std::size_t k = 0; k < changed.size();) {
    const std::size_t first = changed[k] > context ? changed[k] - context : 0;
    std::size_t last = std::min(a.size() - 1, changed[k] + context);
    std::size_t j = k + 1;
    while (j < changed.size() && changed[j] <= last + context + 1) {
      last = std::min(a.size() - 1, changed[j] + context);
      ++j;
    }
    const std::size_t count = last - first + 1;
    out += fmt::format("@@ -{},{} +{},{} @@\n", first + 1, count, first + 1, count);
    auto differs = [&](std::size_t i) {
      return std::binary_search(changed.begin() + static_cast<std::ptrdiff_t>(k),
                                changed.begin() + static_cast<std::ptrdiff_t>(j), i);
    };
    auto line_out = [&](char mark, const std::string& s, const file_line& l) {
      out += mark;
      out += text(s, l);
      out += '\n';
      if (l.next == l.end) out += "\\ No newline at end of file\n";
    };
    for (std::size_t i = first; i <= last;) {
      if (!differs(i)) {
        line_out(' ', before, a[i++]);
        continue;
      }
      // A run of changed lines: the old ones, then the new ones.
      std::size_t run = i;
      while (run <= last && differs(run)) ++run;
      for (std::size_t r = i; r < run; ++r) line_out('-', before, a[r]);
      for (std::size_t r = i; r < run; ++r) line_out('+', after, b[r]);
      i = run;
    }
    k = j;
  }
}

}  // namespace

std::vector<fix_outcome> apply_fixes(const fs::path& root, const std::vector<finding>& findings,
                                     bool dry_run, std::string& diff) {
  std::map<std::string, std::vector<const finding_fix*>> by_file;
  for (const finding& f : findings)
    if (f.fix && !f.suppressed) by_file[f.fix->file].push_back(&*f.fix);
  std::vector<fix_outcome> out;
  for (auto& [file, fixes] : by_file) {
    std::stable_sort(fixes.begin(), fixes.end(), [](const finding_fix* a, const finding_fix* b) {
      return a->line != b->line ? a->line < b->line : a->column < b->column;
    });
    auto refuse = [&](const std::string& why) {
      for (const finding_fix* f : fixes)
        out.push_back({file, f->line, fmt::format("not fixed: `{}` is {}", file, why), false});
    };
    if (std::string why = unsafe(root, file); !why.empty()) {
      refuse(why);
      continue;
    }
    const fs::path path = root / fs::path(file);
    std::ifstream in(path, std::ios::binary);
    const std::string before((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
    if (!in && !in.eof()) {
      refuse("unreadable");
      continue;
    }
    const std::vector<file_line> lines = split_lines(before);
    // The edits, by line and then position, none overlapping another.
    struct edit {
      std::size_t at, size;
      const finding_fix* fix;
    };
    std::vector<edit> edits;
    for (const finding_fix* f : fixes) {
      std::optional<std::size_t> pos;
      if (f->line >= 1 && f->line <= lines.size()) {
        const file_line& l = lines[f->line - 1];
        pos = locate(std::string_view(before).substr(l.begin, l.end - l.begin), *f);
        if (pos) *pos += l.begin;
      }
      const bool overlaps = pos && std::any_of(edits.begin(), edits.end(), [&](const edit& e) {
                              return *pos < e.at + e.size && e.at < *pos + f->from.size();
                            });
      if (!pos || overlaps) {
        out.push_back({file, f->line,
                       overlaps ? std::string("not fixed: another fix changes the same text")
                                : fmt::format("not fixed: line {} no longer holds `{}` once",
                                              f->line, f->from),
                       false});
        continue;
      }
      edits.push_back({*pos, f->from.size(), f});
    }
    if (edits.empty()) continue;
    std::sort(edits.begin(), edits.end(), [](const edit& a, const edit& b) { return a.at < b.at; });
    std::string after;
    after.reserve(before.size());
    std::size_t copied = 0;
    for (const edit& e : edits) {
      after.append(before, copied, e.at - copied);
      after += e.fix->to;
      copied = e.at + e.size;
    }
    after.append(before, copied, std::string::npos);
    if (dry_run) {
      unified_diff(file, before, after, diff);
    } else if (std::string why = write_atomically(path, after); !why.empty()) {
      refuse(fmt::format("not written: {}", why));
      continue;
    }
    for (const edit& e : edits) out.push_back({file, e.fix->line, e.fix->description, true});
  }
  std::stable_sort(out.begin(), out.end(), [](const fix_outcome& a, const fix_outcome& b) {
    return a.file != b.file ? a.file < b.file : a.line < b.line;
  });
  return out;
}

}  // namespace speclint::cli
