#pragma once

// Scanning shared by the four hygiene rules: the lines they read, token boundaries, URL
// parts, globs, placeholders and masking. Every scanner is linear in the length of the
// line: candidates are maximal tokens visited once, and each look-ahead is bounded.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "speclint/finding.hpp"
#include "speclint/model.hpp"
#include "speclint/text.hpp"

namespace speclint::rules::hygiene {

/// One line of a document the hygiene rules read.
struct line_ref {
  file_id file = 0;
  std::uint32_t number = 0;  ///< 1-based
  std::string_view text;     ///< without the line break
  bool config_like = false;  ///< front matter, or a code block of a configuration language
};

/// Calls `f` for every line of a document's text.
template <class F>
void for_each_line(const document& d, std::string_view text, file_id file, F&& f);

/// A suspicious span of a line.
struct match {
  std::size_t offset = 0;  ///< bytes from the start of the line
  std::size_t length = 0;
  std::string shown;   ///< what a message may show: the address, host, path, or the masked secret
  std::string reason;  ///< why it matched, for the message
  std::string entity;  ///< the host or address; empty for paths and secrets
};

/// Reports a match of a line, at its 1-based line and byte column, as the rule's finding.
void found(finding_sink& out, const line_ref& l, const match& x, std::string message);

/// Private IPv4 (10/8, 172.16/12, 192.168/16, 100.64/10, 169.254/16) and IPv6 (fc00::/7,
/// fe80::/10) addresses; `reason` is the range.
std::vector<match> private_addresses(std::string_view line);

/// Internal host names of URLs and `host:port`; `patterns` are extra host globs.
std::vector<match> internal_hostnames(std::string_view line,
                                      const std::vector<std::string>& patterns);

/// Absolute paths under personal or workspace directories; `patterns` are extra path globs.
std::vector<match> private_paths(std::string_view line, const std::vector<std::string>& patterns);

/// Literal secrets; `config_like` enables unquoted `key: value` for the whole line;
/// `placeholders` are values (globs) accepted as placeholders.
std::vector<match> credentials(std::string_view line, bool config_like,
                               const std::vector<std::string>& placeholders);

/// The private range (`10.0.0.0/8`, `fc00::/7`, …) an address is in, or empty when it is
/// not an address or not private (public, loopback, documentation ranges).
std::string_view private_range(std::string_view address);

/// Case-insensitive host glob, whole name: `*` any run of characters, `?` one character.
bool host_glob_match(std::string_view pattern, std::string_view host);

/// Length of the shortest prefix of `path` that ends at a segment boundary and matches the
/// path glob (`*` and `?` within a segment, `**` across, `\` same as `/`), or 0 when none.
std::size_t path_glob_prefix(std::string_view pattern, std::string_view path);

/// True when a value is not a literal secret: empty, a placeholder (`<…>`, `{…}`, `***`,
/// `...`), a reference (`${…}`, `$NAME`, `$(…)`, `%NAME%`), or one of `placeholders` (globs).
bool is_placeholder(std::string_view value, const std::vector<std::string>& placeholders);

/// The first few characters of a secret (a third of it, at most four) followed by `****`.
std::string mask(std::string_view secret);

/// The parts of a URL's authority, as offsets into the line.
struct url_parts {
  std::size_t scheme = 0, scheme_end = 0;      ///< the scheme, before `://`
  std::size_t authority = 0, end = 0;          ///< after `://` up to the path
  std::size_t at = std::string_view::npos;     ///< the `@` ending user information, or npos
  std::size_t colon = std::string_view::npos;  ///< the `:` between user and password, or npos
};

/// Every URL of a line (`scheme://authority`), left to right.
std::vector<url_parts> find_urls(std::string_view line);

// Implementation of the template.

/// The lines of a document that are configuration text (front matter, YAML/INI code blocks),
/// as sorted closed ranges.
std::vector<std::pair<std::uint32_t, std::uint32_t>> config_line_ranges(const document& d);

template <class F>
void for_each_line(const document& d, std::string_view text, file_id file, F&& f) {
  auto ranges = config_line_ranges(d);
  std::size_t next_range = 0;
  std::uint32_t number = 0;
  for_each_line_of(text, [&](std::string_view line) {
    line_ref l;
    l.file = file;
    l.number = ++number;
    l.text = line;
    while (next_range < ranges.size() && ranges[next_range].second < number) ++next_range;
    l.config_like = next_range < ranges.size() && ranges[next_range].first <= number;
    f(l);
    return true;
  });
}

}  // namespace speclint::rules::hygiene
