// The least that any loader of a spec must do with the libraries speclint is built on:
// list the Markdown files of a corpus, read each once, parse its front matter with
// yaml-cpp's event parser and its body with cmark-gfm (with the extensions speclint
// attaches), and keep nothing. One thread per core takes chunks of files in path order and
// opens each relative to its directory, as speclint's loader does. bench/run times this
// next to speclint, so that a figure can be read against what the parsers and the file
// system alone cost on the machine.
//
//   bench_floor DIR

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <istream>
#include <streambuf>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

namespace fs = std::filesystem;

namespace {

// Receives the parse events and keeps none of them.
struct ignore_events final : YAML::EventHandler {
  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

// A read-only stream buffer over text in memory.
struct view_buffer : std::streambuf {
  explicit view_buffer(std::string_view text) {
    char* p = const_cast<char*>(text.data());
    setg(p, p, p + text.size());
  }
};

bool read_all(int dir, const char* name, std::string& out) {
  int fd = ::openat(dir, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return false;
  out.clear();
  char buf[65536];
  for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) > 0;)
    out.append(buf, static_cast<std::size_t>(n));
  ::close(fd);
  return true;
}

// Front matter: from a first line `---` to the next line `---`; LF line ends (the generated
// corpora's). Returns the YAML and sets `body` to the rest.
std::string_view split(std::string_view text, std::string_view& body) {
  body = text;
  if (!text.starts_with("---\n")) return {};
  std::size_t end = text.find("\n---\n", 3);
  if (end == std::string_view::npos) return {};
  body = text.substr(end + 5);
  return text.substr(4, end - 3);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: bench_floor DIR\n");
    return 2;
  }
  const fs::path root = argv[1];
  struct file {
    std::string dir, name;
  };
  std::vector<file> files;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(root, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
    if (it->is_regular_file() && it->path().extension() == ".md")
      files.push_back({it->path().parent_path().string(), it->path().filename().string()});
  if (ec) {
    std::fprintf(stderr, "bench_floor: %s: %s\n", argv[1], ec.message().c_str());
    return 2;
  }
  std::sort(files.begin(), files.end(), [](const file& a, const file& b) {
    return a.dir != b.dir ? a.dir < b.dir : a.name < b.name;
  });

  cmark_gfm_core_extensions_ensure_registered();
  cmark_syntax_extension* extensions[] = {
      cmark_find_syntax_extension("table"), cmark_find_syntax_extension("tasklist"),
      cmark_find_syntax_extension("autolink"), cmark_find_syntax_extension("strikethrough")};

  constexpr std::size_t chunk = 32;
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> read{0}, yaml_errors{0};
  auto work = [&] {
    std::string text;
    std::string_view open_dir;
    int dir = -1;
    for (std::size_t from; (from = next.fetch_add(chunk)) < files.size();) {
      for (std::size_t i = from; i < std::min(files.size(), from + chunk); ++i) {
        if (dir < 0 || files[i].dir != open_dir) {
          if (dir >= 0) ::close(dir);
          dir = ::open(files[i].dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
          open_dir = files[i].dir;
        }
        if (!read_all(dir, files[i].name.c_str(), text)) continue;
        read.fetch_add(1, std::memory_order_relaxed);
        std::string_view body;
        std::string_view yaml = split(text, body);
        if (!yaml.empty()) {
          view_buffer buffer(yaml);
          std::istream in(&buffer);
          try {
            YAML::Parser parser(in);
            ignore_events events;
            parser.HandleNextDocument(events);
          } catch (const YAML::Exception&) {
            yaml_errors.fetch_add(1, std::memory_order_relaxed);
          }
        }
        cmark_parser* parser = cmark_parser_new(CMARK_OPT_DEFAULT);
        for (cmark_syntax_extension* e : extensions)
          if (e) cmark_parser_attach_syntax_extension(parser, e);
        cmark_parser_feed(parser, body.data(), body.size());
        cmark_node_free(cmark_parser_finish(parser));
        cmark_parser_free(parser);
      }
    }
    if (dir >= 0) ::close(dir);
  };
  std::vector<std::thread> pool;
  for (unsigned j = 1; j < std::max(1u, std::thread::hardware_concurrency()); ++j)
    pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  std::printf("%zu files read, %zu front matters that yaml-cpp rejected\n", read.load(),
              yaml_errors.load());
  return 0;
}
