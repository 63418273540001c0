#include "common.hpp"

#include <fmt/format.h>

namespace speclint::report {

namespace {
// Length of the valid UTF-8 sequence at s[i], or 0 when the bytes there are not one.
std::size_t utf8_length(std::string_view s, std::size_t i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  auto cont = [&](std::size_t k, unsigned lo = 0x80, unsigned hi = 0xbf) {
    return k < s.size() && byte(k) >= lo && byte(k) <= hi;
  };
  unsigned c = byte(i);
  if (c < 0x80) return 1;
  if (c >= 0xc2 && c <= 0xdf) return cont(i + 1) ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    unsigned lo = c == 0xe0 ? 0xa0 : 0x80,
             hi = c == 0xed ? 0x9f : 0xbf;  // no overlongs, no surrogates
    return cont(i + 1, lo, hi) && cont(i + 2) ? 3 : 0;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    unsigned lo = c == 0xf0 ? 0x90 : 0x80, hi = c == 0xf4 ? 0x8f : 0xbf;  // at most U+10FFFF
    return cont(i + 1, lo, hi) && cont(i + 2) && cont(i + 3) ? 4 : 0;
  }
  return 0;
}
}  // namespace

std::string valid_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    if (std::size_t n = utf8_length(s, i)) {
      out.append(s.substr(i, n));
      i += n;
    } else {
      out += "\xef\xbf\xbd";
      ++i;
    }
  }
  return out;
}

std::string place(std::string_view file, std::uint32_t line, std::uint32_t column) {
  if (line == 0) return std::string(file);
  if (column == 0) return fmt::format("{}:{}", file, line);
  return fmt::format("{}:{}:{}", file, line, column);
}

std::string plural(std::size_t n, std::string_view word) {
  return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

std::string summary_line(const lint_result& r) {
  const summary_counts& s = r.summary;
  std::string line =
      fmt::format("{}, {}, {} in {} ({}, {}, {})", plural(s.errors, "error"),
                  plural(s.warnings, "warning"), plural(s.notes, "note"), plural(s.files, "file"),
                  plural(s.tables, "table"), plural(s.columns, "column"), plural(s.tasks, "task"));
  if (s.suppressed) line += fmt::format("; {} suppressed", s.suppressed);
  if (s.baselined) line += fmt::format("; {} hidden by the baseline", s.baselined);
  if (!r.fixed.empty()) line += fmt::format("; {} fixed since the baseline", r.fixed.size());
  return line;
}

}  // namespace speclint::report
