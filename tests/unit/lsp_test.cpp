// `speclint lsp`: the protocol as a scripted client speaks it, and a real client (Neovim).

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <optional>
#include <thread>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include "speclint/config.hpp"
#include "speclint/lint.hpp"
#include "support.hpp"

extern char** environ;

using namespace speclint::test;
using json = nlohmann::json;

namespace {

using lsp_clock = std::chrono::steady_clock;

// `speclint lsp` on two pipes: the test writes its standard input and reads its output.
class lsp_client {
 public:
  explicit lsp_client(const fs::path& root, std::vector<std::string> extra = {}) {
    int in[2], out[2];
    REQUIRE(::pipe2(in, O_CLOEXEC) == 0);
    REQUIRE(::pipe2(out, O_CLOEXEC) == 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in[0], 0);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    std::vector<std::string> args{SPECLINT_BINARY, "lsp", "--root", root.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    REQUIRE(posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ) == 0);
    posix_spawn_file_actions_destroy(&actions);
    ::close(in[0]);
    ::close(out[1]);
    to_ = in[1];
    from_ = out[0];
    ::signal(SIGPIPE, SIG_IGN);
  }
  ~lsp_client() {
    close_input();
    ::close(from_);
    if (status_ < 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  lsp_client(const lsp_client&) = delete;
  lsp_client& operator=(const lsp_client&) = delete;

  void write_raw(const std::string& bytes) {
    std::size_t done = 0;
    while (done < bytes.size()) {
      ssize_t n = ::write(to_, bytes.data() + done, bytes.size() - done);
      if (n <= 0) return;
      done += static_cast<std::size_t>(n);
    }
  }
  void send(const json& m) {
    std::string body = m.dump();
    write_raw("Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
  }
  void request(int id, const std::string& method, json params = json::object()) {
    send({{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", params}});
  }
  void notify(const std::string& method, json params = json::object()) {
    send({{"jsonrpc", "2.0"}, {"method", method}, {"params", params}});
  }
  void close_input() {
    if (to_ >= 0) ::close(to_);
    to_ = -1;
  }

  // The next message, or nullopt when none comes within the time.
  std::optional<json> receive(int timeout_ms = 5000) {
    auto until = lsp_clock::now() + std::chrono::milliseconds(timeout_ms);
    for (;;) {
      auto end = buf_.find("\r\n\r\n");
      if (end != std::string::npos) {
        auto at = buf_.find("Content-Length: ");
        std::size_t length = std::stoul(buf_.substr(at + 16, end - at - 16));
        if (buf_.size() >= end + 4 + length) {
          json m = json::parse(buf_.substr(end + 4, length));
          buf_.erase(0, end + 4 + length);
          return m;
        }
      }
      auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(until - lsp_clock::now()).count();
      if (left <= 0) return std::nullopt;
      pollfd p{from_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left)) <= 0) continue;
      char chunk[65536];
      ssize_t n = ::read(from_, chunk, sizeof chunk);
      if (n <= 0) return std::nullopt;
      buf_.append(chunk, static_cast<std::size_t>(n));
    }
  }
  // The reply to a request.
  json reply(int id) {
    while (auto m = receive())
      if (m->contains("id") && (*m)["id"] == id) return *m;
    FAIL("no reply to request " << id);
    return {};
  }
  // The next diagnostics published for a URI.
  json diagnostics(const std::string& uri) {
    while (auto m = receive())
      if ((*m)["method"] == "textDocument/publishDiagnostics" && (*m)["params"]["uri"] == uri)
        return (*m)["params"]["diagnostics"];
    FAIL("no diagnostics for " << uri);
    return {};
  }
  void initialize(const fs::path& root) {
    request(1, "initialize",
            {{"processId", nullptr}, {"rootUri", "file://" + root.string()}, {"capabilities", {}}});
    reply(1);
    notify("initialized");
  }
  // The exit status, or -1 when the server still runs after the time.
  int wait_exit(int timeout_ms) {
    auto until = lsp_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (lsp_clock::now() < until) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        return status_;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return -1;
  }

 private:
  pid_t pid_ = 0;
  int to_ = -1, from_ = -1, status_ = -1;
  std::string buf_;
};

const std::string planted_sessions =
    "# Sessions\n"
    "\n"
    "## `accounts`\n"
    "\n"
    "| Column | Type | Nullable | Notes |\n"
    "|---|---|---|---|\n"
    "| `id` | `text` | no | PK |\n"
    "\n"
    "## `sessions`\n"
    "\n"
    "| Column | Type | Nullable | References | On Delete | Notes |\n"
    "|---|---|---|---|---|---|\n"
    "| `id` | `text` | no | | | PK |\n"
    "| `accountId` | `text` | no | `accounts.id` | SET NULL | |\n";

// The planted spec: `sessions.accountId` NOT NULL with ON DELETE SET NULL, owned by a task;
// an anchor in the wrong case; the index warning turned off.
fs::path write_planted(const temp_dir& dir) {
  fs::path root = fs::canonical(dir.path());
  dir.write(".speclint.yaml", "rules:\n  schema/fk-missing-index: off\n");
  dir.write("docs/review.md", "# Review\n\n## D1: sessions keep their history\n\nText.\n");
  std::string sessions = planted_sessions;
  sessions.replace(sessions.rfind("| no |"), 6, "| yes |");  // on disk: clean
  dir.write("docs/sessions.md", sessions);
  dir.write("docs/links.md",
            "# Links\n\nSee [the decision](review.md#D1-sessions-keep-their-history) and "
            "`sessions.accountId`.\n");
  dir.write("tasks/keep-sessions.md",
            "---\nid: keep-sessions\nname: Keep sessions when an account goes\nstatus: "
            "in-progress\n---\n\n# Keep sessions when an account goes\n\n`sessions.accountId` is "
            "cleared when its account is deleted.\n");
  return root;
}

json open_params(const std::string& uri, const std::string& text) {
  return {
      {"textDocument", {{"uri", uri}, {"languageId", "markdown"}, {"version", 1}, {"text", text}}}};
}

json at(const std::string& uri, int line, int character) {
  return {{"textDocument", {{"uri", uri}}},
          {"position", {{"line", line}, {"character", character}}}};
}

}  // namespace

TEST_CASE("lsp: initialize, shutdown and exit", "[lsp]") {
  temp_dir dir;
  fs::path root = write_planted(dir);
  lsp_client c(root);
  c.request(1, "initialize", {{"processId", nullptr}, {"rootUri", nullptr}, {"capabilities", {}}});
  json r = c.reply(1);
  CHECK(r["result"]["capabilities"] ==
        json::parse(R"({"textDocumentSync": 1, "hoverProvider": true, "definitionProvider": true,
                        "codeActionProvider": {"codeActionKinds": ["quickfix"]}})"));
  CHECK(r["result"]["serverInfo"]["name"] == "speclint");
  c.notify("initialized");
  c.request(2, "workspace/symbol", {{"query", ""}});
  CHECK(c.reply(2)["error"]["code"] == -32601);
  c.request(3, "shutdown");
  CHECK(c.reply(3)["result"].is_null());
  c.notify("exit");
  CHECK(c.wait_exit(2000) == 0);
}

TEST_CASE("lsp: exit without shutdown is status 1, and requests before initialize fail", "[lsp]") {
  temp_dir dir;
  lsp_client c(write_planted(dir));
  c.request(1, "shutdown");
  CHECK(c.reply(1)["error"]["code"] == -32002);
  c.notify("exit");
  CHECK(c.wait_exit(2000) == 1);
}

TEST_CASE("lsp: malformed frames and JSON get a parse error, and the server goes on", "[lsp]") {
  temp_dir dir;
  fs::path root = write_planted(dir);
  lsp_client c(root);
  c.write_raw("Content-Length: 5\r\n\r\nhello");
  json e = *c.receive();
  CHECK(e["id"].is_null());
  CHECK(e["error"]["code"] == -32700);
  c.write_raw("Content-Type: text/plain\r\n\r\n");
  e = *c.receive();
  CHECK(e["error"]["code"] == -32700);
  CHECK(e["error"]["message"] == "header without a valid Content-Length");
  c.write_raw("Content-Length: 2\r\n\r\n[]");
  CHECK(c.receive()->at("error")["code"] == -32600);
  c.initialize(root);
  c.request(2, "shutdown");
  CHECK(c.reply(2)["result"].is_null());
}

TEST_CASE("lsp: an oversized message is refused unread", "[lsp]") {
  temp_dir dir;
  lsp_client c(write_planted(dir));
  c.write_raw("Content-Length: 1000000000000\r\n\r\n{\"jsonrpc\":");
  json e = *c.receive();
  CHECK(e["id"].is_null());
  CHECK(e["error"]["code"] == -32600);
  CHECK(e["error"]["message"] ==
        "message of 1000000000000 bytes is over the limit of 67108864 bytes");
  c.close_input();
  CHECK(c.wait_exit(1000) == 1);
}

TEST_CASE("lsp: 10 MB of bytes without a header end cost a parse error per 64 KB",
          "[lsp][hostile]") {
  temp_dir dir;
  lsp_client c(write_planted(dir));
  std::thread writer([&] {
    c.write_raw(std::string(10 << 20, 'x'));
    c.close_input();
  });
  int errors = 0;
  while (auto m = c.receive(5000)) {
    CHECK((*m)["error"]["code"] == -32700);
    ++errors;
  }
  writer.join();
  CHECK(errors >= 10 * 1024 / 128);  // at least one per 128 KB read
  CHECK(c.wait_exit(1000) == 1);
}

TEST_CASE("lsp: the server exits when its client closes standard input", "[lsp]") {
  temp_dir dir;
  fs::path root = write_planted(dir);
  lsp_client c(root);
  c.initialize(root);
  c.write_raw("Content-Length: 100\r\n\r\n{");  // half a message, then the client is gone
  c.close_input();
  CHECK(c.wait_exit(1000) == 1);
}

TEST_CASE("lsp: diagnostics of unsaved text, quick fixes, hover and definition", "[lsp]") {
  temp_dir dir;
  fs::path root = write_planted(dir);
  const std::string sessions = "file://" + (root / "docs/sessions.md").string();
  const std::string links = "file://" + (root / "docs/links.md").string();
  const std::string review = "file://" + (root / "docs/review.md").string();
  lsp_client c(root);
  c.initialize(root);

  // The files nobody opened are checked too: the anchor in the wrong case.
  json anchor = c.diagnostics(links);
  REQUIRE(anchor.size() == 1);
  CHECK(anchor[0]["code"] == "ref/anchor-case");
  CHECK(anchor[0]["severity"] == 3);
  CHECK(anchor[0]["range"] == json::parse(R"({"start": {"line": 2, "character": 4},
                                              "end": {"line": 2, "character": 60}})"));

  c.notify("textDocument/didOpen", open_params(sessions, planted_sessions));
  json d = c.diagnostics(sessions);
  REQUIRE(d.size() == 1);
  json expected = json::parse(R"j({
    "range": {"start": {"line": 13, "character": 3}, "end": {"line": 13, "character": 12}},
    "severity": 1, "code": "schema/not-null-set-null", "source": "speclint",
    "message": "`sessions.accountId` is NOT NULL (sessions.md:14) but its own row sets ON DELETE SET NULL (tasks: keep-sessions)"
})j");
  expected["codeDescription"] = {
      {"href", "file://" + (source_dir() / "docs/rules/schema/not-null-set-null.md").string()}};
  CHECK(d[0] == expected);

  std::string fixed = planted_sessions;
  fixed.replace(fixed.rfind("| no |"), 6, "| yes |");
  c.notify("textDocument/didChange", {{"textDocument", {{"uri", sessions}, {"version", 2}}},
                                      {"contentChanges", {{{"text", fixed}}}}});
  CHECK(c.diagnostics(sessions) == json::array());

  // The quick fix of the anchor: the link's target in the anchor's case.
  c.request(
      2, "textDocument/codeAction",
      {{"textDocument", {{"uri", links}}},
       {"range",
        {{"start", {{"line", 2}, {"character", 0}}}, {"end", {{"line", 2}, {"character", 0}}}}},
       {"context", {{"diagnostics", json::array()}}}});
  json actions = c.reply(2)["result"];
  REQUIRE(actions.size() == 1);
  CHECK(actions[0]["kind"] == "quickfix");
  CHECK(actions[0]["title"] ==
        "`#D1-sessions-keep-their-history` is now `#d1-sessions-keep-their-history`");
  CHECK(actions[0]["diagnostics"][0]["code"] == "ref/anchor-case");
  CHECK(actions[0]["edit"]["changes"][links] ==
        json::parse(R"([{"range": {"start": {"line": 2, "character": 19},
                                   "end": {"line": 2, "character": 59}},
                         "newText": "review.md#d1-sessions-keep-their-history"}])"));

  // Hover on `sessions.accountId` in another file: the merged facts, with their places.
  c.request(3, "textDocument/hover", at(links, 2, 70));
  CHECK(c.reply(3)["result"]["contents"] ==
        json{{"kind", "markdown"},
             {"value",
              "**`sessions.accountId`**\n\n"
              "- type `text` (docs/sessions.md:14)\n"
              "- nullable (docs/sessions.md:14)\n"
              "- references `sessions.accountId -> accounts.id` ON DELETE SET NULL "
              "(docs/sessions.md:14)\n"}});

  // Definition: from the mention to the column's row, and from the link to the heading.
  c.request(4, "textDocument/definition", at(links, 2, 70));
  CHECK(c.reply(4)["result"] ==
        json::parse(R"({"uri": ")" + sessions + R"(", "range": {"start": {"line": 13,
                        "character": 3}, "end": {"line": 13, "character": 12}}})"));
  c.request(5, "textDocument/definition", at(links, 2, 30));
  json heading = c.reply(5)["result"];
  CHECK(heading["uri"] == review);
  CHECK(heading["range"]["start"] == json{{"line", 2}, {"character", 0}});

  // A changed configuration is read again: the index warning, turned on, fires.
  dir.write(".speclint.yaml", "rules:\n  schema/fk-missing-index: warning\n");
  c.notify("workspace/didChangeWatchedFiles",
           {{"changes", {{{"uri", "file://" + (root / ".speclint.yaml").string()}, {"type", 2}}}}});
  json after = c.diagnostics(sessions);
  REQUIRE(after.size() == 1);
  CHECK(after[0]["code"] == "schema/fk-missing-index");
  CHECK(after[0]["severity"] == 2);
}

TEST_CASE("lsp: Neovim shows the diagnostic of an unsaved edit", "[lsp]") {
  if (run_process({"nvim", "--version"}).status != 0) {
    SPECLINT_MISSING_TOOL("nvim (apt-get install neovim)");
    return;
  }
  temp_dir dir;
  // Edits this repository's sessions doc in the buffer only (never written): `accountId`
  // becomes NOT NULL while its row and the reference table say ON DELETE SET NULL.
  dir.write("init.lua", R"lua(
local root, bin, out = vim.env.SPECLINT_ROOT, vim.env.SPECLINT_BIN, vim.env.SPECLINT_OUT
vim.cmd('edit ' .. vim.fn.fnameescape(root .. '/docs/architecture/storage/sessions.md'))
local buf = vim.api.nvim_get_current_buf()
local config = {name = 'speclint', cmd = {bin, 'lsp'}, root_dir = root}
if vim.lsp.start then
  vim.lsp.start(config)
else
  vim.lsp.buf_attach_client(buf, vim.lsp.start_client(config))
end
vim.wait(10000, function() return #vim.lsp.get_active_clients() > 0 and
  vim.lsp.get_active_clients()[1].initialized end, 20)
local row = vim.api.nvim_buf_get_lines(buf, 16, 17, false)[1]
vim.api.nvim_buf_set_lines(buf, 16, 17, false, {(row:gsub('| yes |', '| no |', 1))})
local function found()
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    if code == 'schema/not-null-set-null' then return true end
  end
  return false
end
vim.wait(10000, found, 20)
local list = {}
for _, d in ipairs(vim.diagnostic.get(buf)) do
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
  table.insert(list, {lnum = d.lnum, col = d.col, severity = d.severity, code = code,
                      source = d.source, message = d.message})
end
local f = io.open(out, 'w')
f:write(vim.fn.json_encode(list))
f:close()
vim.cmd('qa!')
)lua");
  fs::path out = dir.path() / "diagnostics.json";
  run_result r =
      run_process({"nvim", "--headless", "-n", "-i", "NONE", "--noplugin", "-u",
                   (dir.path() / "init.lua").string()},
                  dir.path(),
                  {"SPECLINT_ROOT=" + source_dir().string(),
                   std::string("SPECLINT_BIN=") + SPECLINT_BINARY, "SPECLINT_OUT=" + out.string(),
                   "HOME=" + dir.path().string(), "XDG_STATE_HOME=" + dir.path().string()});
  INFO(r.out << r.err);
  REQUIRE(fs::exists(out));
  json list = json::parse(read_file(out));
  json expected = {{"lnum", 16},
                   {"col", 3},
                   {"severity", 1},
                   {"code", "schema/not-null-set-null"},
                   {"source", "speclint"},
                   {"message",
                    "`sessions.accountId` is NOT NULL (sessions.md:17) but its own row and "
                    "table-reference.md:119 set ON DELETE SET NULL (tasks: audit-cascade-graph, "
                    "audit-fk-index-coverage, plan-initial-migrations, resolve-delete-lists, "
                    "resolve-on-update-actions, resolve-sessions-accountid-cascade, "
                    "write-table-reference)"}};
  CHECK(list == json::array({expected}));
}

namespace {

// The texts of a spec as the server sees them: the disk's, with the editor's open buffers
// over them; and the diagnostics the server last published for each file.
class spec_state {
 public:
  spec_state(const temp_dir& dir, lsp_client& c) : dir_(dir), c_(c) {}

  void write(const std::string& rel, const std::string& text) {
    dir_.write(rel, text);
    disk_[rel] = text;
  }
  void remove(const std::string& rel) {
    fs::remove(dir_.path() / rel);
    disk_.erase(rel);
  }
  // Tells the server of files changed on disk.
  void watched(const std::vector<std::string>& rels) {
    json changes = json::array();
    for (const auto& r : rels)
      changes.push_back({{"uri", uri(r)}, {"type", disk_.count(r) ? 2 : 3}});
    c_.notify("workspace/didChangeWatchedFiles", {{"changes", changes}});
    settle(rels.front());
  }
  void open(const std::string& rel, const std::string& text) {
    open_[rel] = text;
    c_.notify("textDocument/didOpen", open_params(uri(rel), text));
    settle(rel);
  }
  void change(const std::string& rel, const std::string& text) {
    open_[rel] = text;
    c_.notify("textDocument/didChange", {{"textDocument", {{"uri", uri(rel)}, {"version", 2}}},
                                         {"contentChanges", {{{"text", text}}}}});
    settle(rel);
  }
  void close(const std::string& rel) {
    open_.erase(rel);
    c_.notify("textDocument/didClose", {{"textDocument", {{"uri", uri(rel)}}}});
    // A closed document that had findings hears they are gone; one without hears nothing.
    settle({});
  }
  const std::string& text(const std::string& rel) const {
    return open_.count(rel) ? open_.at(rel) : disk_.at(rel);
  }

  // The server's diagnostics, non-empty lists only, by file: place, rule, severity, message
  // and related places.
  json shown() const {
    json out = json::object();
    for (const auto& [u, list] : published_) {
      if (list.empty()) continue;
      json mine = json::array();
      for (const json& d : list) {
        json related = json::array();
        for (const json& r : d.value("relatedInformation", json::array()))
          related.push_back({rel(r["location"]["uri"]), r["location"]["range"]["start"]["line"],
                             r["location"]["range"]["start"]["character"], r["message"]});
        mine.push_back({d["range"]["start"]["line"], d["range"]["start"]["character"], d["code"],
                        d["severity"], d["message"], related});
      }
      out[rel(u)] = mine;
    }
    return out;
  }

  // The same for `speclint check` of the same texts, saved in a directory of their own.
  json checked() const {
    temp_dir copy;
    copy.write(".speclint.yaml", read_file(dir_.path() / ".speclint.yaml"));
    for (const auto& [r, text] : disk_) copy.write(r, text);
    for (const auto& [r, text] : open_) copy.write(r, text);
    run_result res = run_speclint(
        {"check", fs::canonical(copy.path()).string(), "--format", "json", "--no-color"});
    INFO(res.err);
    json report = json::parse(res.out);
    json out = json::object();
    auto place = [](const json& f) {
      std::uint32_t line = f["line"], column = f["column"];
      return std::pair{line == 0 ? 0 : line - 1, line == 0 || column == 0 ? 0 : column - 1};
    };
    for (const json& f : report["findings"]) {
      std::string message = f["message"];
      if (!f["tasks"].empty()) {
        message += " (tasks: ";
        for (std::size_t i = 0; i < f["tasks"].size(); ++i)
          message += (i ? ", " : "") + f["tasks"][i].get<std::string>();
        message += ')';
      }
      json related = json::array();
      for (const json& r : f["related"]) {
        auto [line, character] = place(r);
        related.push_back({r["file"], line, character, r["message"]});
      }
      std::string s = f["severity"];
      auto [line, character] = place(f);
      std::string file = f["file"];
      if (!out.contains(file)) out[file] = json::array();
      out[file].push_back({line, character, f["rule"],
                           s == "error"     ? 1
                           : s == "warning" ? 2
                                            : 3,
                           message, related});
    }
    return out;
  }

  // Hears what the check after an edit published: the list of the edited open document (when
  // given), then everything else the same check sent.
  void settle(const std::string& rel) {
    if (!rel.empty() && open_.count(rel)) {
      for (;;) {
        auto m = c_.receive(10000);
        REQUIRE(m);
        if (record(*m) == uri(rel)) break;
      }
    }
    while (auto m = c_.receive(rel.empty() || !open_.count(rel) ? 1500 : 300)) record(*m);
  }

 private:
  std::string uri(const std::string& rel) const {
    return "file://" + (fs::canonical(dir_.path()) / rel).string();
  }
  std::string rel(const std::string& u) const {
    std::string prefix = uri("");
    return u.starts_with(prefix) ? u.substr(prefix.size()) : u;
  }
  std::string record(const json& m) {
    if (m.value("method", "") != "textDocument/publishDiagnostics") return {};
    published_[m["params"]["uri"]] = m["params"]["diagnostics"];
    return m["params"]["uri"];
  }

  const temp_dir& dir_;
  lsp_client& c_;
  std::map<std::string, std::string> disk_, open_;
  std::map<std::string, json> published_;
};

}  // namespace

TEST_CASE("lsp: after every edit the diagnostics are those of a fresh check of the same texts",
          "[lsp]") {
  temp_dir dir;
  fs::path root = write_planted(dir);
  lsp_client c(root, {"--debounce-ms", "0"});
  spec_state s(dir, c);
  for (const char* f :
       {"docs/review.md", "docs/sessions.md", "docs/links.md", "tasks/keep-sessions.md"})
    s.write(f, read_file(root / f));
  c.initialize(root);
  s.settle({});
  CHECK(s.shown() == s.checked());
  REQUIRE(s.shown().size() == 1);  // the anchor's case

  const std::string sessions = s.text("docs/sessions.md");
  s.open("docs/sessions.md", sessions);
  CHECK(s.shown() == s.checked());
  // A row changed: NOT NULL with ON DELETE SET NULL.
  s.change("docs/sessions.md", planted_sessions);
  CHECK(s.shown() == s.checked());
  CHECK(s.shown()["docs/sessions.md"][0][2] == "schema/not-null-set-null");
  // A file only the editor has: a table whose key points at a table nobody defines.
  s.open("docs/audit.md",
         "# Audit\n\n## `audit`\n\n| Column | Type | Nullable | References | Notes |\n"
         "|---|---|---|---|---|\n| `id` | `text` | no | | PK |\n"
         "| `sessionId` | `bigint` | no | `sessions.id` | |\n"
         "| `userId` | `text` | no | `users.id` | |\n\nSee [sessions](sessions.md#sessions).\n");
  CHECK(s.shown() == s.checked());
  CHECK(s.shown()["docs/audit.md"].size() == 2);
  // Text deleted: the `accounts` table goes, and the reference to it with it.
  std::string cut = planted_sessions;
  cut.erase(cut.find("## `accounts`"), cut.find("## `sessions`") - cut.find("## `accounts`"));
  s.change("docs/sessions.md", cut);
  CHECK(s.shown() == s.checked());
  // Back to the disk's text, then closed.
  s.change("docs/sessions.md", sessions);
  CHECK(s.shown() == s.checked());
  s.close("docs/sessions.md");
  CHECK(s.shown() == s.checked());
  s.close("docs/audit.md");
  CHECK(s.shown() == s.checked());
  REQUIRE(s.shown().size() == 1);
}

TEST_CASE("lsp: links stay right when the file they name is renamed, added or removed", "[lsp]") {
  temp_dir dir;
  fs::path root = write_planted(dir);
  lsp_client c(root, {"--debounce-ms", "0"});
  spec_state s(dir, c);
  for (const char* f :
       {"docs/review.md", "docs/sessions.md", "docs/links.md", "tasks/keep-sessions.md"})
    s.write(f, read_file(root / f));
  c.initialize(root);
  s.settle({});
  auto rules_of = [&](const std::string& file) {
    std::vector<std::string> out;
    for (const json& d : s.shown().value(file, json::array())) out.push_back(d[2]);
    return out;
  };
  REQUIRE(rules_of("docs/links.md") == std::vector<std::string>{"ref/anchor-case"});

  // Renamed on disk: the link's file is gone.
  const std::string review = s.text("docs/review.md");
  s.remove("docs/review.md");
  s.write("docs/decisions.md", review);
  s.watched({"docs/review.md", "docs/decisions.md"});
  CHECK(s.shown() == s.checked());
  CHECK(rules_of("docs/links.md") == std::vector<std::string>{"ref/broken-path"});

  // Added in the editor only, with the heading in another case: found again.
  s.open("docs/review.md", "# Review\n\n## D1: sessions keep their history\n");
  CHECK(s.shown() == s.checked());
  CHECK(rules_of("docs/links.md") == std::vector<std::string>{"ref/anchor-case"});
  // Its heading renamed: the anchor is gone.
  s.change("docs/review.md", "# Review\n\n## D2: sessions go with their account\n");
  CHECK(s.shown() == s.checked());
  CHECK(rules_of("docs/links.md") == std::vector<std::string>{"ref/broken-anchor"});
  // Closed unsaved: the file is gone again.
  s.close("docs/review.md");
  CHECK(s.shown() == s.checked());
  CHECK(rules_of("docs/links.md") == std::vector<std::string>{"ref/broken-path"});
  // Renamed back on disk.
  s.remove("docs/decisions.md");
  s.write("docs/review.md", review);
  s.watched({"docs/decisions.md", "docs/review.md"});
  CHECK(s.shown() == s.checked());
  CHECK(rules_of("docs/links.md") == std::vector<std::string>{"ref/anchor-case"});
}

TEST_CASE("lint_session reads again only the files whose text changed, and agrees with lint",
          "[lsp]") {
  temp_dir dir;
  fs::path root = write_planted(dir);
  // Written an hour ago: a file written just now is read at every check, as a change within
  // the same tick of the file system's clock would not show in its times.
  auto age = [&](const std::string& rel) {
    fs::last_write_time(root / rel, fs::file_time_type::clock::now() - std::chrono::hours(1));
  };
  for (const char* f :
       {"docs/review.md", "docs/sessions.md", "docs/links.md", "tasks/keep-sessions.md"})
    age(f);
  speclint::lint_options opts;
  opts.root = root;
  opts.cfg = speclint::load_config(root / ".speclint.yaml", ".speclint.yaml");
  opts.jobs = 1;
  speclint::lint_session session;
  // The findings of a check, as lines, and those of lint() on the same texts.
  auto lines = [](const speclint::lint_result& r) {
    std::vector<std::string> out;
    for (const auto& list : {r.findings, r.suppressed})
      for (const speclint::finding& f : list) {
        std::string tasks;
        for (std::string_view t : f.tasks) tasks += " " + std::string(t);
        out.push_back(fmt::format("{}:{}:{} {} {}{} {}", f.file, f.line, f.column, f.rule,
                                  f.message, tasks, f.fingerprint));
      }
    out.push_back(fmt::format("{} files, {} tables, {} tasks", r.summary.files, r.summary.tables,
                              r.summary.tasks));
    return out;
  };
  auto check = [&](std::size_t read) {
    speclint::lint_result mine = session.check(opts);
    CHECK(session.files_read() == read);
    CHECK(lines(mine) == lines(speclint::lint(opts)));
  };
  check(4);
  check(0);
  opts.overlay["docs/sessions.md"] = planted_sessions;  // edited in the editor
  check(1);
  CHECK(!session.kept("docs/sessions.md"));
  CHECK(session.kept("docs/links.md"));
  check(0);
  dir.write("tasks/keep-sessions.md", "---\nid: keep-sessions\nstatus: done\n---\n\n# Keep\n");
  age("tasks/keep-sessions.md");
  check(1);
  opts.overlay.erase("docs/sessions.md");
  check(1);
  // A new file moves the numbers of the files after it, which are read again.
  dir.write("docs/m.md", "# M\n\nSee [review](review.md#d1-sessions-keep-their-history).\n");
  age("docs/m.md");
  check(4);
  check(0);
  fs::remove(root / "docs/links.md");
  check(4);  // and a file gone, those after it
}
