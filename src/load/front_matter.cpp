#include "front_matter.hpp"

#include <istream>
#include <streambuf>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

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
        max_depth = std::max<std::uint32_t>(
            max_depth, static_cast<std::uint32_t>(indents.size()) + dashes + brackets);
      }
    }
    pos = end + eol_length(text, end);
    if (pos == end) ++pos;
  }
  return max_depth;
}

// A read-only stream buffer over text that is already in memory, so that yaml-cpp reads it
// without a copy.
struct view_buffer : std::streambuf {
  explicit view_buffer(std::string_view text) {
    char* p = const_cast<char*>(text.data());  // get area only: never written
    setg(p, p, p + text.size());
  }
};

// Thrown by the builder when a limit is passed, to stop the parse at once.
struct limit_reached {};

// Builds a yaml_value straight from yaml-cpp's parse events, without yaml-cpp's node tree.
// An alias copies the anchored value and counts its whole size towards the node limit, so a
// document of nested aliases (a "billion laughs") stops at the limit. Mapping keys are kept
// as names only: a key that is not a scalar is named "?".
class builder final : public YAML::EventHandler {
 public:
  builder(file_id file, std::uint32_t first_line, std::uint32_t max_nodes, std::uint32_t max_depth)
      : file_(file), first_line_(first_line), max_nodes_(max_nodes), max_depth_(max_depth) {}

  /// The document's root value: null at the first line when the document is empty.
  yaml_value take_root() {
    if (!root_) {
      yaml_value v;
      v.site = {file_, first_line_, 1};
      return v;
    }
    return std::move(*root_);
  }

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    if (expecting_key()) return key("?", site(mark));
    yaml_value v;
    v.site = site(mark);
    leaf(std::move(v), anchor);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    auto it = anchors_.find(anchor);
    if (it == anchors_.end())  // yaml-cpp knows the anchor: the alias is inside its own value
      throw YAML::ParserException(mark, "an alias refers to the value that contains it");
    const anchored& a = it->second;
    if (expecting_key())
      return key(a.value.what == yaml_value::kind::scalar ? a.value.scalar : std::string("?"),
                 a.value.site);
    if (keys_open_) return;
    count(a.nodes, a.height);
    place(yaml_value(a.value), a.nodes, a.height);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    yaml_value v;
    v.what = yaml_value::kind::scalar;
    v.scalar = value;
    v.quoted = tag == "!";
    v.site = site(mark);
    if (expecting_key()) {
      key(value, v.site);
      if (anchor) anchors_[anchor] = {std::move(v), 1, 0};
      return;
    }
    leaf(std::move(v), anchor);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(yaml_value::kind::sequence, mark, anchor);
  }
  void OnSequenceEnd() override { close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(yaml_value::kind::map, mark, anchor);
  }
  void OnMapEnd() override { close(); }

 private:
  struct frame {
    yaml_value value;
    YAML::anchor_t anchor = 0;
    bool is_key = false;  ///< a mapping or sequence used as a key: read, then dropped
    bool have_key = false;
    std::string key;
    location key_site;
    std::uint32_t nodes = 1, height = 0;  ///< size and height of the value after expansion
  };

  struct anchored {
    yaml_value value;
    std::uint32_t nodes = 1, height = 0;
  };

  location site(const YAML::Mark& m) const {
    if (m.line < 0) return {file_, first_line_, 1};
    return {file_, first_line_ + static_cast<std::uint32_t>(m.line),
            static_cast<std::uint32_t>(m.column) + 1};
  }

  bool expecting_key() const {
    return !stack_.empty() && stack_.back().value.what == yaml_value::kind::map &&
           !stack_.back().have_key;
  }

  // Counts `nodes` more values whose deepest lies `height` levels below the next value's
  // depth; stops the parse past a limit. Values inside keys are never counted.
  void count(std::uint32_t nodes, std::uint32_t height) {
    total_ += nodes;
    if (total_ > max_nodes_ || depth_ + height > max_depth_) throw limit_reached{};
  }

  void key(std::string name, location at) {
    frame& f = stack_.back();
    f.key = std::move(name);
    f.key_site = at;
    f.have_key = true;
  }

  void leaf(yaml_value v, YAML::anchor_t anchor) {
    if (keys_open_) {
      if (anchor) anchors_[anchor] = {std::move(v), 1, 0};
      return;
    }
    count(1, 0);
    if (anchor) anchors_[anchor] = {v, 1, 0};
    place(std::move(v), 1, 0);
  }

  void open(yaml_value::kind k, const YAML::Mark& mark, YAML::anchor_t anchor) {
    frame f;
    f.is_key = expecting_key();
    if (f.is_key) key("?", site(mark));
    f.value.what = k;
    f.value.site = site(mark);
    f.anchor = anchor;
    if (f.is_key) ++keys_open_;
    if (!keys_open_) {
      count(1, 0);
      ++depth_;
    }
    stack_.push_back(std::move(f));
  }

  void close() {
    frame f = std::move(stack_.back());
    stack_.pop_back();
    if (keys_open_) {
      if (f.is_key) --keys_open_;
      if (f.anchor) anchors_[f.anchor] = {std::move(f.value), f.nodes, f.height};
      return;
    }
    --depth_;
    f.value.items.shrink_to_fit();  // kept for the whole run: no growth slack
    f.value.entries.shrink_to_fit();
    if (f.anchor) anchors_[f.anchor] = {f.value, f.nodes, f.height};
    place(std::move(f.value), f.nodes, f.height);
  }

  void place(yaml_value v, std::uint32_t nodes, std::uint32_t height) {
    if (stack_.empty()) {
      root_ = std::move(v);
      return;
    }
    frame& parent = stack_.back();
    parent.nodes += nodes;
    parent.height = std::max(parent.height, height + 1);
    if (parent.value.what == yaml_value::kind::sequence) {
      parent.value.items.push_back(std::move(v));
    } else {
      v.key_site = parent.key_site;
      parent.value.entries.push_back({std::move(parent.key), std::move(v)});
      parent.key.clear();
      parent.have_key = false;
    }
  }

  file_id file_;
  std::uint32_t first_line_, max_nodes_, max_depth_;
  std::uint64_t total_ = 0;
  std::uint32_t depth_ = 0;      ///< depth of the next value (open non-key containers)
  std::uint32_t keys_open_ = 0;  ///< open containers that are keys
  std::vector<frame> stack_;
  std::unordered_map<YAML::anchor_t, anchored> anchors_;
  std::optional<yaml_value> root_;
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
  builder b{f, first_line, lim.max_yaml_nodes, lim.max_yaml_depth};
  try {
    view_buffer buffer(text);
    std::istream in(&buffer);
    YAML::Parser parser(in);
    parser.HandleNextDocument(b);
  } catch (const limit_reached&) {
    err = {fmt::format("front matter expands to more than {} nodes (aliases?)", lim.max_yaml_nodes),
           first_line, 1};
    return std::nullopt;
  } catch (const YAML::Exception& e) {
    err.message = "front matter is not valid YAML: " + e.msg;
    err.line = first_line + (e.mark.line >= 0 ? static_cast<std::uint32_t>(e.mark.line) : 0);
    err.column = e.mark.column >= 0 ? static_cast<std::uint32_t>(e.mark.column) + 1 : 1;
    return std::nullopt;
  } catch (const std::exception& e) {
    err = {std::string("front matter is not valid YAML: ") + e.what(), first_line, 1};
    return std::nullopt;
  }
  return b.take_root();
}

}  // namespace speclint::load
