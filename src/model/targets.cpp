#include "speclint/targets.hpp"

#include <cctype>
#include <charconv>
#include <optional>
#include <string>
#include <vector>

namespace speclint {

namespace {

bool has_scheme(std::string_view s) {
  if (s.starts_with("//")) return true;
  std::size_t i = 0;
  if (s.empty() || !std::isalpha(static_cast<unsigned char>(s[0]))) return false;
  while (i < s.size() && (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '+' ||
                          s[i] == '-' || s[i] == '.'))
    ++i;
  // A single letter before ':' is a Windows drive, and `README.md:40` is a line, not a scheme.
  return i > 1 && i < s.size() && s[i] == ':' &&
         !(i + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 1])));
}

std::string percent_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::optional<std::uint32_t> number(std::string_view s) {
  std::uint32_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

// `L12` or `L12-L20` (GitHub line anchors).
bool line_anchor(std::string_view a, std::uint32_t& from, std::uint32_t& to) {
  if (!a.starts_with('L')) return false;
  auto dash = a.find('-');
  auto f = number(a.substr(1, dash == std::string_view::npos ? std::string_view::npos : dash - 1));
  if (!f) return false;
  std::optional<std::uint32_t> t = f;
  if (dash != std::string_view::npos) {
    std::string_view rest = a.substr(dash + 1);
    if (rest.starts_with('L')) rest.remove_prefix(1);
    t = number(rest);
    if (!t) return false;
  }
  from = *f;
  to = *t;
  return true;
}

// Joins and resolves "." and ".." lexically; false when it climbs above the root.
bool normalize(std::string_view base, std::string_view rel, std::string& out) {
  std::vector<std::string_view> parts;
  auto push = [&](std::string_view path) {
    while (!path.empty()) {
      auto slash = path.find('/');
      std::string_view part = path.substr(0, slash);
      path = slash == std::string_view::npos ? std::string_view{} : path.substr(slash + 1);
      if (part.empty() || part == ".") continue;
      if (part == "..") {
        if (parts.empty()) return false;
        parts.pop_back();
      } else {
        parts.push_back(part);
      }
    }
    return true;
  };
  if (!push(base) || !push(rel)) return false;
  out.clear();
  for (auto p : parts) {
    if (!out.empty()) out += '/';
    out += p;
  }
  return true;
}

// A view of `s`: into `spelled`, the part of the raw target it was made from, when that
// ends with it (most targets spell their path and anchor as they are, or only add a `./`),
// else of a copy kept in `texts`. Never a search: a target may be megabytes long.
std::string_view keep(std::string_view spelled, std::string_view s, text_pool& texts) {
  if (s.empty()) return {};
  if (spelled.ends_with(s)) return spelled.substr(spelled.size() - s.size());
  return texts.add(s);
}

// `spelled`: the raw target's path part, without anchor, query or line numbers.
target finish(std::string_view base, std::string_view spelled, target t, text_pool& texts) {
  std::string path = percent_decode(spelled);
  for (char& c : path)
    if (c == '\\') c = '/';
  if (path.empty()) {
    t.what = target::kind::same_file;
    return t;
  }
  if (path.starts_with('/') || (path.size() > 2 && path[1] == ':' && path[2] == '/')) {
    t.what = target::kind::absolute;
    t.path = keep(spelled, path, texts);
    return t;
  }
  std::string normal;
  if (!normalize(base, path, normal)) {
    t.what = target::kind::outside;
    t.path = keep(spelled, path, texts);
    return t;
  }
  t.what = target::kind::inside;
  t.path = keep(spelled, normal, texts);
  return t;
}

// What links and references share: an external target, or the anchor split off (line
// anchors read); `s` is left holding the part before the anchor. False when external.
bool split_anchor(std::string_view raw, target& t, std::string_view& s, text_pool& texts) {
  if (has_scheme(raw)) {
    t.what = target::kind::external;
    t.path = raw;
    return false;
  }
  s = raw;
  if (auto hash = s.find('#'); hash != std::string_view::npos) {
    std::string_view anchor = s.substr(hash + 1);
    t.anchor = keep(anchor, percent_decode(anchor), texts);
    s = s.substr(0, hash);
    line_anchor(t.anchor, t.line_from, t.line_to);
  }
  return true;
}

}  // namespace

std::string_view parent_dir(std::string_view path) {
  auto slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string_view{} : path.substr(0, slash);
}

target resolve_link(std::string_view from_dir, std::string_view raw, text_pool& texts) {
  target t;
  std::string_view s;
  if (!split_anchor(raw, t, s, texts)) return t;
  if (auto q = s.find('?'); q != std::string_view::npos) s = s.substr(0, q);
  return finish(from_dir, s, t, texts);
}

target resolve_reference(std::string_view raw, text_pool& texts) {
  target t;
  std::string_view s;
  if (!split_anchor(raw, t, s, texts)) return t;
  if (auto colon = s.rfind(':'); colon != std::string_view::npos) {
    std::string_view lines = s.substr(colon + 1);
    auto dash = lines.find('-');
    auto from = number(lines.substr(0, dash));
    auto to = dash == std::string_view::npos ? from : number(lines.substr(dash + 1));
    if (from && to) {
      t.line_from = *from;
      t.line_to = *to;
      s = s.substr(0, colon);
    }
  }
  return finish("", s, t, texts);
}

}  // namespace speclint
