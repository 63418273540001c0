#include "front_matter.hpp"

#include <vector>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

namespace speclint::load {

namespace {

// Length of the line ending at `pos` (0 if none): "\r\n", "\n" or a lone "\r".
std::size_t eol_length(std::string_view s, std::size_t pos) {
  if (pos >= s.size()) return 0;
  if (s[pos] == '\r') return (pos + 1 < s.size() && s[pos + 1] == '\n') ? 2 : 1;
  return s[pos] == '\n' ? 1 : 0;
}

std::size_t line_end(std::string_view s, std::size_t pos) {
  while (pos < s.size() && s[pos] != '\n' && s[pos] != '\r') ++pos;
  return pos;
}

bool is_delimiter(std::string_view line, bool closing) {
  while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
  return line == "---" || (closing && line == "...");
}

// A conservative bound on YAML nesting, checked before yaml-cpp sees the text: yaml-cpp
// recurses once per level and has overflowed the stack on deep documents.
std::uint32_t nesting_bound(std::string_view text) {
  std::uint32_t max_depth = 0;
  std::uint32_t brackets = 0;
  std::vector<std::size_t> indents;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = line_end(text, pos);
    std::string_view line = text.substr(pos, end - pos);
    std::size_t indent = 0;
    while (indent < line.size() && line[indent] == ' ') ++indent;
    if (indent < line.size() && line[indent] != '#') {
      while (!indents.empty() && indents.back() >= indent) indents.pop_back();
      indents.push_back(indent);
      std::uint32_t dashes = 0;
      for (std::size_t i = indent; i + 1 < line.size() && line[i] == '-' && line[i + 1] == ' ';) {
        ++dashes;
        i += 2;
        while (i < line.size() && line[i] == ' ') ++i;
      }
      for (char c : line) {
        if (c == '[' || c == '{') ++brackets;
        if ((c == ']' || c == '}') && brackets > 0) --brackets;
        max_depth = std::max<std::uint32_t>(max_depth, static_cast<std::uint32_t>(indents.size()) +
                                                           dashes + brackets);
      }
    }
    pos = end + eol_length(text, end);
    if (pos == end) ++pos;
  }
  return max_depth;
}

struct converter {
  file_id file;
  std::uint32_t first_line;
  std::uint32_t max_nodes;
  std::uint32_t max_depth;
  std::uint32_t nodes = 0;
  bool overflow = false;

  location site(const YAML::Node& n) const {
    auto m = n.Mark();
    if (m.line < 0) return {file, first_line, 1};
    return {file, first_line + static_cast<std::uint32_t>(m.line),
            static_cast<std::uint32_t>(m.column) + 1};
  }

  yaml_value convert(const YAML::Node& n, std::uint32_t depth) {
    yaml_value v;
    if (++nodes > max_nodes || depth > max_depth) {
      overflow = true;
      return v;
    }
    v.site = site(n);
    switch (n.Type()) {
      case YAML::NodeType::Scalar:
        v.what = yaml_value::kind::scalar;
        v.scalar = n.Scalar();
        v.quoted = n.Tag() == "!";
        break;
      case YAML::NodeType::Sequence:
        v.what = yaml_value::kind::sequence;
        for (const auto& item : n) {
          v.items.push_back(convert(item, depth + 1));
          if (overflow) return v;
        }
        break;
      case YAML::NodeType::Map:
        v.what = yaml_value::kind::map;
        for (const auto& kv : n) {
          std::string key = kv.first.IsScalar() ? kv.first.Scalar() : std::string("?");
          yaml_value child = convert(kv.second, depth + 1);
          child.key_site = site(kv.first);
          v.entries.push_back({std::move(key), std::move(child)});
          if (overflow) return v;
        }
        break;
      default:
        v.what = yaml_value::kind::null;
        break;
    }
    return v;
  }
};

}  // namespace

front_matter_span split_front_matter(std::string_view text) {
  front_matter_span fm;
  std::size_t end = line_end(text, 0);
  if (!is_delimiter(text.substr(0, end), false)) return fm;
  fm.present = true;
  std::size_t start = end + eol_length(text, end);
  std::size_t pos = start;
  std::uint32_t line = 2;
  while (pos < text.size()) {
    std::size_t e = line_end(text, pos);
    if (is_delimiter(text.substr(pos, e - pos), true)) {
      fm.closed = true;
      fm.yaml = text.substr(start, pos - start);
      fm.body_line = line + 1;
      fm.body_offset = e + eol_length(text, e);
      return fm;
    }
    std::size_t next = e + eol_length(text, e);
    if (next == pos) break;
    pos = next;
    ++line;
  }
  fm.yaml = text.substr(start);
  fm.body_line = 1;
  fm.body_offset = 0;
  return fm;
}

std::optional<yaml_value> parse_yaml(std::string_view text, file_id f, std::uint32_t first_line,
                                     const limits& lim, yaml_error& err) {
  if (text.size() > lim.max_front_matter_bytes) {
    err = {fmt::format("front matter is {} bytes, more than the limit of {}", text.size(),
                       lim.max_front_matter_bytes),
           first_line, 1};
    return std::nullopt;
  }
  if (std::uint32_t depth = nesting_bound(text); depth > lim.max_yaml_depth) {
    err = {fmt::format("front matter nests more than {} levels deep", lim.max_yaml_depth),
           first_line, 1};
    return std::nullopt;
  }
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    err.message = "front matter is not valid YAML: " + e.msg;
    err.line = first_line + (e.mark.line >= 0 ? static_cast<std::uint32_t>(e.mark.line) : 0);
    err.column = e.mark.column >= 0 ? static_cast<std::uint32_t>(e.mark.column) + 1 : 1;
    return std::nullopt;
  } catch (const std::exception& e) {
    err = {std::string("front matter is not valid YAML: ") + e.what(), first_line, 1};
    return std::nullopt;
  }
  converter c{f, first_line, lim.max_yaml_nodes, lim.max_yaml_depth};
  yaml_value v = c.convert(root, 0);
  if (c.overflow) {
    err = {fmt::format("front matter expands to more than {} nodes (aliases?)", lim.max_yaml_nodes),
           first_line, 1};
    return std::nullopt;
  }
  return v;
}

}  // namespace speclint::load
