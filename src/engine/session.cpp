// lint_session: a check that reads again only the files whose text changed since the last.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <iterator>
#include <thread>
#include <unordered_map>

#include "../load/file_facts.hpp"
#include "judge.hpp"
#include "speclint/lint.hpp"

namespace speclint {

namespace {

// A file whose disk time is this close to the moment it was read may change again within the
// same tick of the file system's clock without its stamp changing: it is read again next time.
constexpr std::int64_t racy_window_ns = 2'000'000'000;

std::int64_t wall_clock_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

/// What reading one file produced, and what it was read from.
struct lint_session::cached_file {
  input_file file;
  file_id id = 0;
  bool unsaved = false;    ///< read from the overlay, whose text `text` is
  std::string text;        ///< the unsaved text read
  load::file_stamp stamp;  ///< else the disk's stamp, taken before reading
  bool trusted = false;    ///< the stamp tells a change (see racy_window_ns)
  std::shared_ptr<text_pool> texts = std::make_shared<text_pool>();  ///< what `facts` view
  file_facts facts;
  std::vector<finding> found;  ///< the file rules' findings
};

lint_session::lint_session() = default;
lint_session::~lint_session() = default;

void lint_session::forget() {
  files_.clear();
  kept_.clear();
}

lint_result lint_session::check(const lint_options& opts) {
  lint_result res;
  stopwatch clock(&res.steps);
  std::vector<input_file> found =
      opts.files.empty() ? discover(opts.root, opts.cfg, &opts.overlay) : std::vector<input_file>{};
  const std::vector<input_file>& files = opts.files.empty() ? found : opts.files;
  clock.lap("find files");

  // A kept file serves when it is at the same place with the same role and its text is the
  // same: the same unsaved text, or the disk's with the same stamp. Its place is part of it, as
  // every fact's location names its file by number.
  std::unordered_map<std::string_view, std::unique_ptr<cached_file>*> kept;
  kept.reserve(files_.size());
  for (auto& c : files_) kept.emplace(c->file.path, &c);
  std::vector<std::unique_ptr<cached_file>> now(files.size());
  std::vector<std::size_t> missing;
  kept_.clear();
  {
    load::spec_reader reader(opts.root, opts.cfg, &opts.overlay);
    for (std::size_t i = 0; i < files.size(); ++i) {
      auto k = kept.find(files[i].path);
      if (k != kept.end()) {
        cached_file& c = **k->second;
        const std::string* unsaved = reader.unsaved(files[i].path);
        load::file_stamp stamp;
        bool same = c.id == i && c.file.role == files[i].role &&
                    (unsaved ? c.unsaved && c.text == *unsaved
                             : !c.unsaved && c.trusted && reader.stamp(files[i], stamp) &&
                                   stamp == c.stamp);
        if (same) {
          now[i] = std::move(*k->second);
          kept_.insert(kept_.end(), files[i].path);
          continue;
        }
      }
      missing.push_back(i);
    }
  }
  files_read_ = missing.size();

  // The files to read are read side by side, each into a text pool of its own, so that the
  // texts of a file go when it is read again.
  file_rules rules(opts.cfg, opts.only_rules);
  std::atomic<std::size_t> next{0};
  const std::int64_t started = wall_clock_ns();
  auto work = [&] {
    load::spec_reader reader(opts.root, opts.cfg, &opts.overlay);
    for (std::size_t m; (m = next.fetch_add(1, std::memory_order_relaxed)) < missing.size();) {
      std::size_t i = missing[m];
      auto c = std::make_unique<cached_file>();
      c->file = files[i];
      c->id = static_cast<file_id>(i);
      if (const std::string* unsaved = reader.unsaved(files[i].path)) {
        c->unsaved = true;
        c->text = *unsaved;
      } else if (reader.stamp(files[i], c->stamp)) {
        c->trusted = c->stamp.mtime_ns < started - racy_window_ns;
      }
      c->facts = reader.read(files[i], c->id, *c->texts,
                             [&](const source_file& f) { c->found = rules.run(f); });
      now[i] = std::move(c);
    }
  };
  unsigned jobs = opts.jobs ? opts.jobs : std::max(1u, std::thread::hardware_concurrency());
  // A thread is worth its start for a few dozen files, not for the one an edit changed.
  jobs = static_cast<unsigned>(std::clamp<std::size_t>(missing.size() / 32, 1, jobs));
  std::vector<std::thread> pool;
  for (unsigned j = 1; j < jobs; ++j) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  files_ = std::move(now);
  clock.lap("read changed files");

  std::vector<const file_facts*> facts;
  facts.reserve(files_.size());
  text_pool texts;
  std::vector<finding> of_files;
  for (const auto& c : files_) {
    facts.push_back(&c->facts);
    texts.keep(c->texts);
    of_files.insert(of_files.end(), c->found.begin(), c->found.end());
  }
  res.spec = load::build_model(opts.root, facts, std::move(texts), opts.cfg, &res.steps);
  judge(res, std::move(of_files), opts);
  return res;
}

}  // namespace speclint
