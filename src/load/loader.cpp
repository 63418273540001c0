#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <deque>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <unordered_map>

#include <fmt/format.h>

#include "../model/merge.hpp"
#include "file_facts.hpp"
#include "speclint/load.hpp"
#include "speclint/targets.hpp"
#include "speclint/text.hpp"

namespace speclint {

namespace fs = std::filesystem;

namespace load {

// Reads a whole regular file without following a final symbolic link; a relative path is
// taken from the directory `at` (a descriptor, or AT_FDCWD).
bool read_file(int at, const char* p, std::uint64_t max_bytes, std::string& out,
               std::string& error) {
  int fd = ::openat(at, p, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) {
    error = std::strerror(errno);
    return false;
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    error = "not a regular file";
    ::close(fd);
    return false;
  }
  if (static_cast<std::uint64_t>(st.st_size) > max_bytes) {
    error = fmt::format("file is {} bytes, more than the limit of {}", st.st_size, max_bytes);
    ::close(fd);
    return false;
  }
  out.resize(static_cast<std::size_t>(st.st_size));
  std::size_t got = 0;
  while (got < out.size()) {
    ssize_t n = ::read(fd, out.data() + got, out.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      error = std::strerror(errno);
      ::close(fd);
      return false;
    }
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  out.resize(got);
  ::close(fd);
  return true;
}

}  // namespace load

namespace {

using load::read_file;

// Files at least this large are parsed by the merging thread (see load_spec).
constexpr std::size_t parse_on_merging_thread = 256 * 1024;

bool ignored(const config& cfg, std::string_view rel) {
  return std::any_of(cfg.ignore.begin(), cfg.ignore.end(),
                     [&](const std::string& g) { return glob_match(g, rel); });
}

std::string relative_path(const fs::path& p, const fs::path& root) {
  return p.lexically_relative(root).generic_string();
}

bool markdown_name(std::string_view name) {
  return name.size() > 3 && name.ends_with(".md");  // ".md" alone is a hidden file without a stem
}

// Collects the Markdown files under `start` (repository-relative `rel`, "" for the root).
// Symbolic links are never followed; directories whose names start with a dot, ignored
// directories and unreadable ones are skipped.
void walk_dir(const fs::path& start, const std::string& rel, file_role role, const config& cfg,
              std::vector<input_file>& out) {
  // Entries' paths are `start` and a separator followed by their path below it.
  const std::size_t below = start.native().size() + (start.native().ends_with('/') ? 0 : 1);
  std::error_code ec;
  fs::recursive_directory_iterator it(start, fs::directory_options::skip_permission_denied, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const fs::directory_entry& e = *it;
    std::error_code gone;  // an entry removed meanwhile is skipped, not the rest of the walk
    if (e.is_symlink(gone) || gone) continue;
    std::string child = e.path().native().substr(below);
    if (!rel.empty()) child.insert(0, rel + "/");
    std::string_view name = std::string_view(child).substr(child.rfind('/') + 1);
    if (e.is_directory(gone)) {
      if (name.starts_with('.') || ignored(cfg, child + "/")) it.disable_recursion_pending();
    } else if (e.is_regular_file(gone) && markdown_name(name) && !ignored(cfg, child)) {
      out.push_back({std::move(child), role});
    }
  }
}

// Whether walk() from `sub` would take the file `rel` were it on disk: below it, in no directory
// whose name starts with a dot, in no ignored directory, a Markdown file not ignored itself.
bool walk_takes(std::string_view sub, const std::string& rel, const config& cfg) {
  std::string start = fs::path(sub).lexically_normal().generic_string();
  while (start.ends_with('/')) start.pop_back();
  if (start == ".") start.clear();
  if (!markdown_name(rel.substr(rel.rfind('/') + 1)) || ignored(cfg, rel)) return false;
  if (rel == start) return true;
  if (!start.empty() && !(rel.starts_with(start) && rel[start.size()] == '/')) return false;
  for (std::size_t at = start.empty() ? 0 : start.size() + 1, slash;
       (slash = rel.find('/', at)) != std::string::npos; at = slash + 1)
    if (rel[at] == '.' || ignored(cfg, rel.substr(0, slash + 1))) return false;
  return true;
}

void walk(const fs::path& root, const std::string& sub, file_role role, const config& cfg,
          std::vector<input_file>& out) {
  fs::path start = sub.empty() || sub == "." ? root : root / sub;
  std::error_code ec;
  auto status = fs::symlink_status(start, ec);
  if (ec) return;
  std::string rel = relative_path(start, root);
  if (rel == ".") rel.clear();
  if (fs::is_regular_file(status)) {
    if (markdown_name(start.filename().string()) && !ignored(cfg, rel)) out.push_back({rel, role});
    return;
  }
  if (fs::is_directory(status)) walk_dir(start, rel, role, cfg, out);
}

// Finds the loaded document each link and task reference names, once, so that rules need
// not look paths up; and looks at every other path they name: whether it exists, and its
// lines; linked Markdown is read for its headings. Paths that leave the root are never
// touched, and symbolic links are not followed.
void probe_targets(model_builder& m, const fs::path& root, const config& cfg) {
  auto& docs = m.documents();
  const std::size_t loaded = docs.size();
  std::set<std::string> wanted;
  // Calls `f` with every target of the loaded files (not of linked Markdown read below).
  auto each_target = [&](auto&& f) {
    for (std::size_t i = 0; i < loaded; ++i)
      for (link& l : docs[i].links) f(l.to);
    for (task& t : m.tasks())
      for (reference& r : t.references) f(r.to);
  };
  auto resolve = [&](target& t) {
    if (t.what != target::kind::inside || t.file != no_file) return;
    if (const document* d = m.spec().find_document(t.path))
      t.file = static_cast<file_id>(d - docs.data());
  };
  each_target([&](target& t) {
    resolve(t);
    if (t.what == target::kind::inside && t.file == no_file) wanted.emplace(t.path);
  });
  for (const std::string& p : wanted) {
    path_info info;
    struct stat st {};
    fs::path full = root / p;
    if (::lstat(full.c_str(), &st) == 0) {
      info.exists = true;
      info.directory = S_ISDIR(st.st_mode);
      std::string content, error;
      if (S_ISREG(st.st_mode) &&
          read_file(AT_FDCWD, full.c_str(), cfg.limits.max_file_bytes, content, error)) {
        if (full.extension() == ".md" && content.find('\0') == std::string::npos) {
          auto facts = load::read_markdown(p, file_role::doc, std::move(content),
                                           static_cast<file_id>(docs.size()), m.texts(), cfg);
          facts.doc.auxiliary = true;
          docs.push_back(std::move(facts.doc));
          continue;
        }
        info.line_count = load::count_lines(content);
      }
    }
    m.set_path_info(p, info);
  }
  if (docs.size() == loaded) return;
  m.index_documents();
  each_target(resolve);  // the linked Markdown just read
}

template <class Files>
std::size_t task_files(const Files& files) {
  return static_cast<std::size_t>(std::count_if(
      files.begin(), files.end(), [](const auto& f) { return f.role == file_role::task; }));
}

// Finishes a model whose files are all merged and looks at the paths they link to.
model finish_model(model_builder& merged, const fs::path& root, const config& cfg,
                   stopwatch& clock) {
  merged.finish();
  clock.lap("finish the model");
  probe_targets(merged, root, cfg);
  clock.lap("look at linked paths");
  return merged.take();
}

}  // namespace

namespace load {

spec_reader::spec_reader(fs::path root, const config& cfg, const file_overlay* overlay)
    : root_(std::move(root)), cfg_(cfg), overlay_(overlay) {}

spec_reader::~spec_reader() {
  if (dir_ >= 0) ::close(dir_);
}

const char* spec_reader::enter(std::string_view path) {
  std::string_view parent = parent_dir(path);
  if (dir_ < 0 || parent != dir_path_) {
    if (dir_ >= 0) ::close(dir_);
    dir_ = ::open((root_ / parent).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    dir_path_.assign(parent);
  }
  return path.data() + (parent.empty() ? 0 : parent.size() + 1);  // its file name
}

const std::string* spec_reader::unsaved(std::string_view path) const {
  if (!overlay_) return nullptr;
  auto o = overlay_->find(path);
  return o == overlay_->end() ? nullptr : &o->second;
}

bool spec_reader::stamp(const input_file& f, file_stamp& out) {
  const char* name = enter(f.path);
  struct stat st {};
  int r = dir_ >= 0 ? ::fstatat(dir_, name, &st, AT_SYMLINK_NOFOLLOW)
                    : ::lstat((root_ / f.path).c_str(), &st);
  if (r != 0) return false;
  out = {static_cast<std::uint64_t>(st.st_size),
         static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec,
         static_cast<std::int64_t>(st.st_ctim.tv_sec) * 1'000'000'000 + st.st_ctim.tv_nsec,
         static_cast<std::uint64_t>(st.st_ino), static_cast<std::uint64_t>(st.st_dev)};
  return true;
}

bool spec_reader::text(const input_file& f, std::string& out, std::string& error) {
  if (const std::string* o = unsaved(f.path)) {
    out = *o;
    return true;
  }
  const char* name = enter(f.path);
  return dir_ >= 0 ? read_file(dir_, name, cfg_.limits.max_file_bytes, out, error)
                   : read_file(AT_FDCWD, (root_ / f.path).c_str(), cfg_.limits.max_file_bytes, out,
                               error);
}

file_facts spec_reader::facts(const input_file& f, file_id id, std::string content,
                              text_pool& texts, const file_callback& on_file) const {
  return read_markdown(f.path, f.role, std::move(content), id, texts, cfg_, on_file);
}

file_facts spec_reader::unreadable(const input_file& f, file_id id, std::string_view error,
                                   text_pool& texts, const file_callback& on_file) const {
  file_facts unread;
  unread.doc.path = texts.add(f.path);
  unread.doc.role = f.role;
  unread.issues.push_back(
      {load_issue::kind::markdown, {id, 0, 0}, fmt::format("cannot read file: {}", error)});
  // An unreadable file is still a file of the spec: a task file without front matter.
  if (on_file) on_file({unread.doc, id, {}, nullptr, nullptr, unread.issues, cfg_.rule_settings});
  return unread;
}

file_facts spec_reader::read(const input_file& f, file_id id, text_pool& texts,
                             const file_callback& on_file) {
  std::string content, error;
  if (!text(f, content, error)) return unreadable(f, id, error, texts, on_file);
  return facts(f, id, std::move(content), texts, on_file);
}

}  // namespace load

stopwatch::stopwatch(std::vector<step_time>* out)
    : out_(out), start_(std::chrono::steady_clock::now()) {}

void stopwatch::lap(std::string_view name) {
  if (!out_) return;
  auto now = std::chrono::steady_clock::now();
  struct rusage usage {};
  ::getrusage(RUSAGE_SELF, &usage);  // ru_maxrss is in KiB on Linux
  out_->push_back({std::string(name),
                   std::chrono::duration<double, std::milli>(now - start_).count(),
                   static_cast<double>(usage.ru_maxrss) / 1024.0});
  start_ = now;
}

std::vector<input_file> discover(const fs::path& root, const config& cfg,
                                 const file_overlay* overlay) {
  std::vector<input_file> files;
  for (const auto& t : cfg.tasks) walk(root, t, file_role::task, cfg, files);
  for (const auto& d : cfg.docs) walk(root, d, file_role::doc, cfg, files);
  // A text not yet saved is a file of the spec where one on disk would be.
  if (overlay)
    for (const auto& [path, text] : *overlay) {
      if (path.empty() || path.starts_with('/') || path.starts_with("../")) continue;
      for (auto [roots, role] :
           {std::pair{&cfg.tasks, file_role::task}, std::pair{&cfg.docs, file_role::doc}})
        if (std::any_of(roots->begin(), roots->end(),
                        [&](const std::string& sub) { return walk_takes(sub, path, cfg); })) {
          files.push_back({path, role});
          break;
        }
    }
  // A file under both roots is a task; sort for stable output.
  std::stable_sort(files.begin(), files.end(),
                   [](const input_file& a, const input_file& b) { return a.path < b.path; });
  files.erase(
      std::unique(files.begin(), files.end(),
                  [](const input_file& a, const input_file& b) { return a.path == b.path; }),
      files.end());
  return files;
}

model load_spec(const fs::path& root, const std::vector<input_file>& files, const config& cfg,
                unsigned jobs, std::vector<step_time>* times, const file_callback& on_file,
                const file_overlay* overlay) {
  stopwatch clock(times);
  if (jobs == 0) jobs = std::max(1u, std::thread::hardware_concurrency());
  // Files are read and parsed in chunks of consecutive files, which `jobs` threads (this one
  // among them) take in turn. Between two of its chunks this thread merges, in file order,
  // the facts of every chunk that is ready, and frees them; it waits only once no chunk is
  // left to take. Nothing spins, and a thread takes and announces a chunk, not a file, so
  // 100,000 small files cost a few thousand atomic operations rather than a wake-up each.
  const std::size_t n = files.size();
  const std::size_t chunk = std::clamp<std::size_t>(n / (std::size_t{jobs} * 64), 1, 32);
  const std::size_t chunks = (n + chunk - 1) / chunk;
  std::vector<std::unique_ptr<file_facts>> facts(n);
  // The text of each large file another thread read, by place, left to the merging thread.
  std::mutex unparsed_mutex;
  std::unordered_map<std::size_t, std::string> unparsed;
  std::vector<std::atomic<bool>> ready(chunks);
  std::atomic<std::size_t> next{0};
  // Takes one chunk and reads its files; false once none is left. Files come in path order,
  // so a thread's next file is mostly in the directory of its last: it is opened relative to
  // that directory, which the kernel then need not look up again.
  struct alignas(64) reader_state {  // one per thread, each on cache lines of its own
    reader_state(const fs::path& root, const config& cfg, const file_overlay* overlay)
        : reader(root, cfg, overlay) {}
    load::spec_reader reader;
    text_pool texts;  // what this thread's facts view, until the model adopts it
  };
  auto parse = [&](std::size_t i, std::string content, reader_state& st) {
    return std::make_unique<file_facts>(
        st.reader.facts(files[i], static_cast<file_id>(i), std::move(content), st.texts, on_file));
  };
  // `merging`: the thread that merges. A large file read by another thread is left to it:
  // the memory a file's facts take while they wait to be merged (tens of megabytes for a
  // reference table of 20,000 keys) is then the merging thread's, which the model reuses,
  // rather than the other thread's, where it would stay unused for the rest of the run.
  auto take_chunk = [&](reader_state& st, bool merging) {
    std::size_t c = next.fetch_add(1, std::memory_order_relaxed);
    if (c >= chunks) return false;
    for (std::size_t i = c * chunk, end = std::min(n, i + chunk); i < end; ++i) {
      std::string content, error;
      if (!st.reader.text(files[i], content, error)) {
        facts[i] = std::make_unique<file_facts>(
            st.reader.unreadable(files[i], static_cast<file_id>(i), error, st.texts, on_file));
      } else if (!merging && content.size() >= parse_on_merging_thread) {
        std::lock_guard lock(unparsed_mutex);
        unparsed.emplace(i, std::move(content));
      } else {
        facts[i] = parse(i, std::move(content), st);
      }
    }
    ready[c].store(true, std::memory_order_release);
    ready[c].notify_one();
    return true;
  };
  model_builder merged(cfg.rule_settings, n, task_files(files));
  std::size_t merged_chunks = 0;
  jobs = static_cast<unsigned>(std::min<std::size_t>(jobs, std::max<std::size_t>(chunks, 1)));
  std::deque<reader_state> states;
  for (unsigned j = 0; j < jobs; ++j) states.emplace_back(root, cfg, overlay);
  auto merge_chunk = [&] {
    for (std::size_t i = merged_chunks * chunk, end = std::min(n, i + chunk); i < end; ++i) {
      if (!facts[i]) {
        std::string content;
        {
          std::lock_guard lock(unparsed_mutex);
          content = std::move(unparsed.extract(i).mapped());
        }
        facts[i] = parse(i, std::move(content), states[0]);
      }
      merge(merged, *facts[i]);
      facts[i].reset();
    }
    ++merged_chunks;
  };
  std::vector<std::thread> pool;
  for (unsigned j = 1; j < jobs; ++j)
    pool.emplace_back([&, j] {
      while (take_chunk(states[j], false)) {
      }
    });
  while (take_chunk(states[0], true))
    while (merged_chunks < chunks && ready[merged_chunks].load(std::memory_order_acquire))
      merge_chunk();
  while (merged_chunks < chunks) {
    ready[merged_chunks].wait(false, std::memory_order_acquire);
    merge_chunk();
  }
  for (auto& t : pool) t.join();
  for (reader_state& st : states) merged.adopt(std::move(st.texts));
  clock.lap("read, parse and merge files");
  return finish_model(merged, root, cfg, clock);
}

model load::build_model(const fs::path& root, std::span<const file_facts* const> files,
                        text_pool texts, const config& cfg, std::vector<step_time>* times) {
  stopwatch clock(times);
  auto tasks = std::count_if(files.begin(), files.end(),
                             [](const file_facts* f) { return f->doc.role == file_role::task; });
  model_builder merged(cfg.rule_settings, files.size(), static_cast<std::size_t>(tasks));
  for (const file_facts* f : files) merge(merged, *f);
  merged.adopt(std::move(texts));
  clock.lap("merge files");
  return finish_model(merged, root, cfg, clock);
}

model load_memory(const std::vector<memory_file>& files, const config& cfg,
                  const file_callback& on_file) {
  model_builder merged(cfg.rule_settings, files.size(), task_files(files));
  text_pool texts;
  for (std::size_t i = 0; i < files.size(); ++i)
    merge(merged, load::read_markdown(files[i].path, files[i].role, files[i].content,
                                      static_cast<file_id>(i), texts, cfg, on_file));
  merged.adopt(std::move(texts));
  merged.finish();
  return merged.take();
}

}  // namespace speclint
