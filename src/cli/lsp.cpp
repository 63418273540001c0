// `speclint lsp`: a Language Server Protocol 3.17 server on standard input and output.

#include <poll.h>
#include <signal.h>
#include <unistd.h>
#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "speclint/rule.hpp"
#include "speclint/version.hpp"

namespace speclint::cli {

namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using lsp_clock = std::chrono::steady_clock;

// JSON-RPC and LSP error codes.
constexpr int parse_error = -32700, invalid_request = -32600, method_not_found = -32601,
              server_not_initialized = -32002;
// A message larger than this is refused unread: no spec file is near it.
constexpr std::size_t max_message_bytes = 64u << 20;
// A header block larger than this is not LSP's.
constexpr std::size_t max_header_bytes = 64u << 10;

struct lsp_args {
  spec_args spec;
  unsigned debounce_ms = 50;
};

// Percent-encodes a path into a file URI; unreserved characters and `/` stay.
std::string file_uri(const fs::path& p) {
  std::string out = "file://";
  for (unsigned char c : p.generic_string()) {
    if (std::isalnum(c) ||
        std::string_view("-._~/").find(static_cast<char>(c)) != std::string_view::npos)
      out += static_cast<char>(c);
    else
      out += fmt::format("%{:02X}", c);
  }
  return out;
}

// The path of a file URI, or nullopt for another scheme.
std::optional<fs::path> uri_path(std::string_view uri) {
  if (!uri.starts_with("file://")) return std::nullopt;
  uri.remove_prefix(7);
  if (auto slash = uri.find('/'); slash != 0) uri.remove_prefix(std::min(slash, uri.size()));
  std::string out;
  for (std::size_t i = 0; i < uri.size(); ++i) {
    int v = 0;
    if (uri[i] == '%' && i + 2 < uri.size() &&
        std::from_chars(uri.data() + i + 1, uri.data() + i + 3, v, 16).ptr == uri.data() + i + 3) {
      out += static_cast<char>(v);
      i += 2;
    } else {
      out += uri[i];
    }
  }
  return fs::path(out);
}

// UTF-16 code units in the first `bytes` bytes of a line.
std::uint32_t utf16_units(std::string_view line, std::size_t bytes) {
  std::uint32_t units = 0;
  for (std::size_t i = 0; i < std::min(bytes, line.size()); ++i) {
    auto c = static_cast<unsigned char>(line[i]);
    if ((c & 0xC0) != 0x80) units += c >= 0xF0 ? 2 : 1;
  }
  return units;
}

// The byte offset of a UTF-16 position in a line.
std::size_t byte_offset(std::string_view line, std::uint32_t units) {
  std::size_t i = 0;
  for (std::uint32_t u = 0; i < line.size() && u < units;) {
    auto c = static_cast<unsigned char>(line[i]);
    u += c >= 0xF0 ? 2 : 1;
    ++i;
    while (i < line.size() && (static_cast<unsigned char>(line[i]) & 0xC0) == 0x80) ++i;
  }
  return i;
}

json position(std::uint32_t line, std::uint32_t character) {
  return {{"line", line}, {"character", character}};
}

// Reads LSP frames from standard input.
class frame_reader {
 public:
  // A message body, or an error to answer with (code and message).
  struct event {
    std::string body;
    int error = 0;
    std::string error_message;
  };

  // Reads what standard input has, waiting at most `timeout_ms` (-1: until something comes);
  // false at its end or on an error.
  bool fill(int timeout_ms, bool& timed_out) {
    pollfd p{0, POLLIN, 0};
    int r = ::poll(&p, 1, timeout_ms);
    timed_out = r == 0;
    if (r == 0) return true;
    if (r < 0) return errno == EINTR;
    char chunk[65536];
    ssize_t n = ::read(0, chunk, sizeof chunk);
    if (n < 0) return errno == EINTR || errno == EAGAIN;
    if (n == 0) return false;
    std::size_t got = static_cast<std::size_t>(n), at = 0;
    // The body of a refused message is dropped as it arrives.
    std::size_t drop = std::min(skip_, got);
    skip_ -= drop;
    at += drop;
    buf_.append(chunk + at, got - at);
    return true;
  }

  // The next complete frame's event, if the buffer holds one.
  std::optional<event> next() {
    if (skip_ > 0) return std::nullopt;
    auto end = buf_.find("\r\n\r\n");
    if (end == std::string::npos) {
      if (buf_.size() <= max_header_bytes) return std::nullopt;
      buf_.clear();
      return event{{}, parse_error, "header without an end"};
    }
    std::optional<std::size_t> length;
    std::string_view headers(buf_.data(), end);
    while (!headers.empty()) {
      auto eol = headers.find("\r\n");
      std::string_view h = headers.substr(0, eol);
      headers.remove_prefix(eol == std::string_view::npos ? headers.size() : eol + 2);
      auto colon = h.find(':');
      if (colon == std::string_view::npos) continue;
      std::string name(h.substr(0, colon));
      std::transform(name.begin(), name.end(), name.begin(), ::tolower);
      std::string_view value = h.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
      std::size_t v = 0;
      if (name == "content-length" &&
          std::from_chars(value.data(), value.data() + value.size(), v).ptr ==
              value.data() + value.size() &&
          !value.empty())
        length = v;
    }
    std::size_t body_at = end + 4;
    if (!length) {
      buf_.erase(0, body_at);
      return event{{}, parse_error, "header without a valid Content-Length"};
    }
    if (*length > max_message_bytes) {
      std::size_t have = std::min(*length, buf_.size() - body_at);
      skip_ = *length - have;
      buf_.erase(0, body_at + have);
      return event{{},
                   invalid_request,
                   fmt::format("message of {} bytes is over the limit of {} bytes", *length,
                               max_message_bytes)};
    }
    if (buf_.size() - body_at < *length) return std::nullopt;
    event e{buf_.substr(body_at, *length), 0, {}};
    buf_.erase(0, body_at + *length);
    return e;
  }

 private:
  std::string buf_;
  std::size_t skip_ = 0;  // bytes of a refused message still to come
};

// Writes a message to standard output; false once the client is gone.
bool send(const json& message) {
  std::string body = message.dump(-1, ' ', false, json::error_handler_t::replace);
  std::string frame = fmt::format("Content-Length: {}\r\n\r\n{}", body.size(), body);
  std::size_t done = 0;
  while (done < frame.size()) {
    ssize_t n = ::write(1, frame.data() + done, frame.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

// Where the rule pages are: installed, else in the source tree.
std::optional<fs::path> find_rule_page(std::string_view rule) {
  std::error_code ec;
  for (const char* dir : {SPECLINT_RULE_PAGES_INSTALLED, SPECLINT_RULE_PAGES_SOURCE}) {
    fs::path p = fs::path(dir) / (std::string(rule) + ".md");
    if (fs::is_regular_file(p, ec)) return p;
  }
  return std::nullopt;
}

// The URI of a rule's page, looked for once per rule: a check of a large spec has thousands of
// findings of a few rules.
const std::optional<std::string>& rule_page(const std::string& rule) {
  static std::map<std::string, std::optional<std::string>, std::less<>> pages;
  auto [it, added] = pages.try_emplace(rule);
  if (added)
    if (auto p = find_rule_page(rule)) it->second = file_uri(*p);
  return it->second;
}

class server {
 public:
  explicit server(lsp_args args) : args_(std::move(args)) {}

  int run() {
    ::signal(SIGPIPE, SIG_IGN);
    frame_reader in;
    for (;;) {
      while (auto e = in.next()) {
        if (e->error) {
          if (!send({{"jsonrpc", "2.0"},
                     {"id", nullptr},
                     {"error", {{"code", e->error}, {"message", e->error_message}}}}))
            return 1;
        } else {
          handle(e->body);
        }
        if (exit_code_) return *exit_code_;
      }
      int timeout = -1;
      if (due_) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(*due_ - lsp_clock::now());
        timeout = static_cast<int>(std::max<long long>(0, left.count()));
      }
      bool timed_out = false;
      if (!in.fill(timeout, timed_out)) return shut_down_ ? 0 : 1;
      if (timed_out && due_) {
        due_.reset();
        try {
          check();
        } catch (const std::exception& e) {  // the loader's and the configuration's
          send({{"jsonrpc", "2.0"},
                {"method", "window/showMessage"},
                {"params", {{"type", 1}, {"message", fmt::format("speclint: {}", e.what())}}}});
        }
      }
    }
  }

 private:
  void reply(const json& id, json result) {
    send({{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}});
  }
  void fail(const json& id, int code, std::string message) {
    send({{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", code}, {"message", message}}}});
  }

  void handle(const std::string& body) {
    json m;
    try {
      m = json::parse(body);
    } catch (const json::exception& e) {
      fail(nullptr, parse_error, e.what());
      return;
    }
    if (!m.is_object() || !m.contains("method") || !m["method"].is_string()) {
      if (m.is_object() && (m.contains("result") || m.contains("error"))) return;  // a reply
      fail(m.is_object() && m.contains("id") ? m["id"] : json(nullptr), invalid_request,
           "not a request or notification");
      return;
    }
    std::string method = m["method"];
    json params = m.value("params", json::object());
    bool request = m.contains("id");
    try {
      if (request)
        on_request(m["id"], method, params);
      else
        on_notification(method, params);
    } catch (const std::exception& e) {
      if (request) fail(m["id"], invalid_request, e.what());
    }
  }

  void on_request(const json& id, const std::string& method, const json& params) {
    if (method == "initialize") return initialize(id, params);
    if (!initialized_) return fail(id, server_not_initialized, "initialize first");
    if (shut_down_) return fail(id, invalid_request, "the server is shut down");
    if (method == "shutdown") {
      shut_down_ = true;
      return reply(id, nullptr);
    }
    if (method == "textDocument/hover") return reply(id, hover(params));
    if (method == "textDocument/definition") return reply(id, definition(params));
    if (method == "textDocument/codeAction") return reply(id, code_actions(params));
    fail(id, method_not_found, fmt::format("unknown method `{}`", method));
  }

  void on_notification(const std::string& method, const json& params) {
    if (method == "exit") {
      exit_code_ = shut_down_ ? 0 : 1;
      return;
    }
    if (!initialized_) return;
    const std::string uri = params.contains("textDocument")
                                ? params.at("textDocument").value("uri", "")
                                : std::string();
    if (method == "textDocument/didOpen") {
      texts_[uri] = params.at("textDocument").value("text", "");
    } else if (method == "textDocument/didChange") {
      // Full synchronization: the last change holds the whole text.
      const json& changes = params.at("contentChanges");
      if (changes.is_array() && !changes.empty()) texts_[uri] = changes.back().value("text", "");
    } else if (method == "textDocument/didClose") {
      texts_.erase(uri);
    } else if (method == "textDocument/didSave") {
      if (uri.ends_with(".speclint.yaml")) reload_config();
    } else if (method == "workspace/didChangeWatchedFiles") {
      for (const auto& c : params.value("changes", json::array()))
        if (c.value("uri", "").ends_with(".speclint.yaml")) reload_config();
    } else {
      return;  // `initialized`, `$/…` and others need nothing
    }
    due_ = lsp_clock::now() + std::chrono::milliseconds(args_.debounce_ms);
  }

  void initialize(const json& id, const json& params) {
    if (initialized_) return fail(id, invalid_request, "already initialized");
    if (args_.spec.root.empty() && args_.spec.paths.empty()) {
      std::optional<fs::path> root;
      if (params.contains("workspaceFolders") && params.at("workspaceFolders").is_array() &&
          !params.at("workspaceFolders").empty())
        root = uri_path(params.at("workspaceFolders")[0].value("uri", ""));
      if (!root && params.contains("rootUri") && params.at("rootUri").is_string())
        root = uri_path(params.at("rootUri").get<std::string>());
      if (!root && params.contains("rootPath") && params.at("rootPath").is_string())
        root = fs::path(params.at("rootPath").get<std::string>());
      if (root) args_.spec.root = root->string();
    }
    std::vector<std::string> filters;
    try {
      opts_ = make_lint_options(args_.spec, filters);
    } catch (const usage_error& e) {
      return fail(id, invalid_request, e.what());
    }
    std::error_code ec;
    root_ = fs::weakly_canonical(fs::absolute(opts_.root), ec);
    opts_.root = root_;
    initialized_ = true;
    reply(id, {{"capabilities",
                {{"textDocumentSync", 1},
                 {"hoverProvider", true},
                 {"definitionProvider", true},
                 {"codeActionProvider", {{"codeActionKinds", {"quickfix"}}}}}},
               {"serverInfo", {{"name", "speclint"}, {"version", std::string(version)}}}});
    due_ = lsp_clock::now();  // the first check, for the files nobody opened
  }

  void reload_config() {
    std::vector<std::string> filters;
    spec_args a = args_.spec;
    a.root = root_.string();
    a.paths.clear();
    try {
      lint_options o = make_lint_options(a, filters);
      o.root = root_;
      o.overlay = std::move(opts_.overlay);  // the lines kept view it
      opts_ = std::move(o);
      session_.forget();  // files read under the old configuration may read otherwise
    } catch (const usage_error& e) {
      send({{"jsonrpc", "2.0"},
            {"method", "window/showMessage"},
            {"params", {{"type", 1}, {"message", fmt::format("speclint: {}", e.what())}}}});
    }
  }

  // The path of a URI relative to the root, or empty when outside it.
  std::string relative(std::string_view uri) const {
    auto p = uri_path(uri);
    if (!p) return {};
    std::error_code ec;
    std::string rel = fs::weakly_canonical(*p, ec).lexically_relative(root_).generic_string();
    return rel.empty() || rel.starts_with("..") ? std::string() : rel;
  }

  // A line (1-based) of a file relative to the root: the editor's text, else the disk's; each
  // file is read and split once per check, so that many findings in a large file stay cheap.
  std::string_view line_of(const std::string& rel, std::uint32_t line) {
    auto [it, added] = lines_.try_emplace(rel);
    file_lines& f = it->second;
    if (added) {
      if (auto o = opts_.overlay.find(rel); o != opts_.overlay.end()) {
        f.lines = split(o->second);
      } else {
        std::ifstream in(root_ / rel, std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        f.disk = text.str();
        f.lines = split(f.disk);
        f.on_disk = true;
      }
    }
    return line >= 1 && line <= f.lines.size() ? f.lines[line - 1] : std::string_view();
  }

  static std::vector<std::string_view> split(std::string_view text) {
    std::vector<std::string_view> lines;
    while (!text.empty()) {
      std::string_view l = text.substr(0, text.find('\n'));
      text.remove_prefix(std::min(text.size(), l.size() + 1));
      if (l.ends_with('\r')) l.remove_suffix(1);
      lines.push_back(l);
    }
    return lines;
  }

  // The LSP range of a place: from its column to the end of the word there, or its end.
  json range(const std::string& file, std::uint32_t line, std::uint32_t column,
             std::uint32_t end_line = 0, std::uint32_t end_column = 0) {
    if (line == 0) return {{"start", position(0, 0)}, {"end", position(0, 0)}};
    std::string_view text = line_of(file, line);
    std::size_t from = column > 0 ? column - 1 : 0;
    json start = position(line - 1, utf16_units(text, from));
    if (end_line >= line && end_column > 0) {
      std::string_view last = end_line == line ? text : line_of(file, end_line);
      return {{"start", start}, {"end", position(end_line - 1, utf16_units(last, end_column - 1))}};
    }
    std::size_t to = from;
    // A Markdown link is marked whole: its text and its target.
    if (auto mid = text.find("](", from);
        from < text.size() && text[from] == '[' && mid != std::string_view::npos) {
      if (auto close = text.find(')', mid); close != std::string_view::npos)
        return {{"start", start}, {"end", position(line - 1, utf16_units(text, close + 1))}};
    }
    while (to < text.size() && std::string_view(" \t|,;`").find(text[to]) == std::string_view::npos)
      ++to;
    return {{"start", start}, {"end", position(line - 1, utf16_units(text, to))}};
  }

  json location_json(const std::string& file, std::uint32_t line, std::uint32_t column) {
    return {{"uri", file_uri(root_ / file)}, {"range", range(file, line, column)}};
  }

  json diagnostic(const finding& f) {
    std::string message = f.message;
    if (!f.tasks.empty()) {
      message += " (tasks: ";
      bool first = true;
      for (std::string_view t : f.tasks)
        message += (first ? "" : ", ") + std::string(t), first = false;
      message += ')';
    }
    json d{{"range", range(f.file, f.line, f.column, f.end_line, f.end_column)},
           {"severity", f.level == severity::error     ? 1
                        : f.level == severity::warning ? 2
                                                       : 3},
           {"code", f.rule},
           {"source", "speclint"},
           {"message", message}};
    if (const auto& page = rule_page(f.rule)) d["codeDescription"] = {{"href", *page}};
    if (!f.related.empty()) {
      json related = json::array();
      for (const auto& r : f.related)
        related.push_back(
            {{"location", location_json(r.file, r.line, r.column)}, {"message", r.message}});
      d["relatedInformation"] = std::move(related);
    }
    return d;
  }

  void check() {
    opts_.overlay.clear();
    for (const auto& [uri, text] : texts_)
      if (std::string rel = relative(uri); !rel.empty()) opts_.overlay.emplace(rel, text);
    result_ = std::make_unique<lint_result>(session_.check(opts_));
    // The lines of a file on disk stay while the check took the file from those kept: a spec
    // of thousands of files with findings is then not read again for their ranges.
    std::erase_if(lines_, [&](const auto& entry) {
      return !entry.second.on_disk || !session_.kept(entry.first) ||
             opts_.overlay.count(entry.first);
    });
    std::map<std::string, json> by_file;
    fixes_.clear();
    for (const finding& f : result_->findings) {
      if (f.file.empty()) continue;
      json d = diagnostic(f);
      auto& list = by_file.try_emplace(f.file, json::array()).first->second;
      list.push_back(d);
      if (f.fix) fixes_[f.file].push_back({d, *f.fix});
    }
    // Files whose findings went away hear so; a file hears again only when its list changed,
    // as clients keep the last list (a spec of thousands of files would otherwise flood them).
    for (const auto& [file, sent] : published_) by_file.try_emplace(file, json::array());
    for (auto& [file, list] : by_file) {
      json message{{"jsonrpc", "2.0"},
                   {"method", "textDocument/publishDiagnostics"},
                   {"params", {{"uri", file_uri(root_ / file)}, {"diagnostics", std::move(list)}}}};
      std::string text = message.dump();
      auto last = published_.find(file);
      // An open document hears the outcome of each check.
      if (last != published_.end() && last->second == text && !opts_.overlay.count(file)) continue;
      send(message);
      if (message["params"]["diagnostics"].empty())
        published_.erase(file);
      else
        published_[file] = std::move(text);
    }
    for (const auto& [file, text] : opts_.overlay)
      if (!by_file.count(file))
        send({{"jsonrpc", "2.0"},
              {"method", "textDocument/publishDiagnostics"},
              {"params", {{"uri", file_uri(root_ / file)}, {"diagnostics", json::array()}}}});
  }

  json code_actions(const json& params) {
    json out = json::array();
    std::string rel = relative(params.at("textDocument").value("uri", ""));
    auto it = fixes_.find(rel);
    if (it == fixes_.end()) return out;
    std::uint32_t first = params.at("range").at("start").value("line", 0u);
    std::uint32_t last = params.at("range").at("end").value("line", first);
    for (const auto& [d, fix] : it->second) {
      std::uint32_t line = d.at("range").at("start").at("line");
      if (line < first || line > last || fix.line == 0) continue;
      std::string_view text = line_of(fix.file, fix.line);
      std::size_t at = fix.column > 0 ? fix.column - 1 : 0;
      if (at > text.size() || text.substr(at, fix.from.size()) != fix.from) {
        at = text.find(fix.from);
        if (at == std::string_view::npos || text.find(fix.from, at + 1) != std::string_view::npos)
          continue;
      }
      json edit_range{{"start", position(fix.line - 1, utf16_units(text, at))},
                      {"end", position(fix.line - 1, utf16_units(text, at + fix.from.size()))}};
      out.push_back({{"title", fix.description},
                     {"kind", "quickfix"},
                     {"diagnostics", json::array({d})},
                     {"isPreferred", true},
                     {"edit",
                      {{"changes",
                        {{file_uri(root_ / fix.file),
                          json::array({{{"range", edit_range}, {"newText", fix.to}}})}}}}}});
    }
    return out;
  }

  // The word at a position of a document, of the characters `in_word` accepts, and its file.
  struct word_at {
    std::string file, word;
    std::uint32_t line = 0;  // 1-based
  };
  template <class Pred>
  std::optional<word_at> word(const json& params, Pred in_word) {
    std::string rel = relative(params.at("textDocument").value("uri", ""));
    if (rel.empty() || !result_) return std::nullopt;
    std::uint32_t line = params.at("position").value("line", 0u) + 1;
    std::string_view text = line_of(rel, line);
    std::size_t at = byte_offset(text, params.at("position").value("character", 0u));
    std::size_t from = at, to = at;
    while (from > 0 && in_word(text[from - 1])) --from;
    while (to < text.size() && in_word(text[to])) ++to;
    std::string w(text.substr(from, to - from));
    while (!w.empty() && (w.back() == '.' || w.back() == ':')) w.pop_back();
    return word_at{rel, w, line};
  }

  static bool name_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '$';
  }

  // The column a name or a column row names: `table.column` at the cursor, else the column
  // declared on that line.
  std::pair<const table*, const column*> column_at(const word_at& w) {
    const model& m = result_->spec;
    if (auto dot = w.word.find('.'); dot != std::string::npos) {
      const table* t = m.find_table(w.word.substr(0, dot));
      if (!t) t = m.find_table_icase(w.word.substr(0, dot));
      if (t) {
        std::string_view name = std::string_view(w.word).substr(dot + 1);
        const column* c = t->find_column(name);
        if (!c) c = t->find_column_icase(name);
        if (c) return {t, c};
      }
    }
    const document* doc = m.find_document(w.file);
    if (!doc) return {nullptr, nullptr};
    auto id = static_cast<file_id>(doc - m.documents().data());
    for (const table& t : m.tables())
      for (const column& c : t.columns)
        for (const column_decl& d : c.decls)
          if (d.site.file == id && d.site.line == w.line) return {&t, &c};
    return {nullptr, nullptr};
  }

  json hover(const json& params) {
    auto w = word(params, name_char);
    if (!w) return nullptr;
    auto [t, c] = column_at(*w);
    if (!c) return nullptr;
    const model& m = result_->spec;
    std::string md = fmt::format("**`{}`**\n\n", qualified_name(*t, *c));
    for (const column_decl& d : c->decls) {
      std::string where = m.where(d.site);
      if (auto type = d.type()) md += fmt::format("- type `{}` ({})\n", *type, where);
      if (d.nullable)
        md += fmt::format("- {} ({})\n", *d.nullable ? "nullable" : "NOT NULL", where);
      if (auto def = d.default_value()) md += fmt::format("- default `{}` ({})\n", *def, where);
      if (d.primary_key) md += fmt::format("- primary key ({})\n", where);
      if (d.unique) md += fmt::format("- unique ({})\n", where);
    }
    for (const foreign_key& k : m.foreign_keys()) {
      if (k.child_table != t->name || std::find(k.child_columns.begin(), k.child_columns.end(),
                                                c->name) == k.child_columns.end())
        continue;
      for (const fk_decl& d : k.decls) {
        std::string line = fmt::format("- references `{}`", k.describe());
        if (d.on_delete) line += fmt::format(" ON DELETE {}", to_sql(d.on_delete->kind));
        if (d.on_update) line += fmt::format(" ON UPDATE {}", to_sql(d.on_update->kind));
        md += fmt::format("{} ({})\n", line, m.where(d.site));
      }
    }
    return {{"contents", {{"kind", "markdown"}, {"value", md}}}};
  }

  json definition(const json& params) {
    auto w = word(params, [](char c) {
      return !std::isspace(static_cast<unsigned char>(c)) &&
             std::string_view("|`()[]<>\"',").find(c) == std::string_view::npos;
    });
    if (!w) return nullptr;
    const model& m = result_->spec;
    auto place = [&](const location& l) {
      return location_json(std::string(m.path(l.file)), l.line, l.column);
    };
    std::string& s = w->word;
    // A path: relative to the file that names it, else to the root.
    auto find_doc = [&](std::string_view path) -> const document* {
      fs::path beside = (fs::path(w->file).parent_path() / path).lexically_normal();
      if (const document* d = m.find_document(beside.generic_string())) return d;
      return m.find_document(fs::path(path).lexically_normal().generic_string());
    };
    if (auto hash = s.find('#'); hash != std::string::npos) {
      if (const document* d = hash == 0 ? m.find_document(w->file) : find_doc(s.substr(0, hash))) {
        // GitHub finds an anchor in any case; so does this.
        std::string slug = s.substr(hash + 1), lower = slug;
        std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
        const heading* h = d->find_anchor(slug);
        if (!h) h = d->find_anchor(lower);
        if (h) return place(h->site);
      }
    }
    if (auto colon = s.rfind(':'); colon != std::string::npos && colon > 0) {
      std::uint32_t line = 0;
      std::string_view digits = std::string_view(s).substr(colon + 1);
      if (std::from_chars(digits.data(), digits.data() + digits.size(), line).ptr ==
              digits.data() + digits.size() &&
          line > 0)
        if (const document* d = find_doc(s.substr(0, colon)))
          return location_json(std::string(d->path), line, 1);
    }
    if (s.ends_with(".md"))
      if (const document* d = find_doc(s)) return location_json(std::string(d->path), 1, 1);
    auto named = word(params, name_char);
    if (named) {
      auto [t, c] = column_at(*named);
      if (c && named->word.find('.') != std::string::npos) return place(c->site());
      const table* tt = m.find_table(named->word);
      if (!tt) tt = m.find_table_icase(named->word);
      if (tt) return place(tt->site);
    }
    return nullptr;
  }

  lsp_args args_;
  lint_options opts_;
  fs::path root_;
  bool initialized_ = false, shut_down_ = false;
  std::optional<int> exit_code_;
  std::optional<lsp_clock::time_point> due_;  // when the next check runs
  std::map<std::string, std::string> texts_;  // open documents by URI
  // The lines of the files positions were needed in: since the last check when they view the
  // overlay's texts, for as long as the file is unchanged when they are the disk's.
  struct file_lines {
    std::string disk;
    std::vector<std::string_view> lines;
    bool on_disk = false;  // else they view the overlay's text
  };
  std::map<std::string, file_lines> lines_;
  lint_session session_;  // the files read, kept between checks
  std::unique_ptr<lint_result> result_;
  std::map<std::string, std::string> published_;  // the last non-empty diagnostics, by file
  std::map<std::string, std::vector<std::pair<json, finding_fix>>> fixes_;
};

}  // namespace

command add_lsp(CLI::App& app) {
  auto args = std::make_shared<lsp_args>();
  CLI::App* cmd = app.add_subcommand(
      "lsp", "Run a Language Server Protocol server on standard input and output");
  add_root_options(*cmd, args->spec);
  cmd->add_option("--debounce-ms", args->debounce_ms,
                  "Milliseconds after the last edit before the spec is checked again (default 50)");
  return {cmd, [args] { return server(*args).run(); }};
}

}  // namespace speclint::cli
