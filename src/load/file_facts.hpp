#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "../model/facts.hpp"
#include "speclint/config.hpp"
#include "speclint/load.hpp"
#include "speclint/model.hpp"

namespace speclint::load {

/// Reads a whole regular file into `out` without following a final symbolic link; a relative
/// path is taken from the directory `at` (a descriptor, or AT_FDCWD). False, with `error`
/// set, when it cannot (also when it is larger than `max_bytes`).
bool read_file(int at, const char* path, std::uint64_t max_bytes, std::string& out,
               std::string& error);

/// Lines in a text; "\r\n", "\n" and a lone "\r" each end a line.
std::uint32_t count_lines(std::string_view text);

/// Reads one Markdown file's facts, handing the file to `on_file` (when given) once it is
/// read, and with `keep_marks` noting which reader wrote which facts; never throws on bad
/// input (problems become issues). The facts' texts, its path among them, are kept in
/// `texts`, which must outlive them (the model adopts it).
file_facts read_markdown(std::string_view path, file_role role, std::string content, file_id id,
                         text_pool& texts, const config& cfg, const file_callback& on_file = {},
                         bool keep_marks = false);

/// What the file system says of a file, enough to tell that its content may have changed.
struct file_stamp {
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0, ctime_ns = 0;
  std::uint64_t inode = 0, device = 0;
  bool operator==(const file_stamp&) const = default;
};

/// Reads files of a spec under a root, the one way load_spec and a cache of read files both
/// do: an unsaved text from `overlay` when it holds the path, else the disk's. Files are best
/// taken in path order: the directory of the last one stays open, so that the kernel need not
/// look it up again for the next.
class spec_reader {
 public:
  spec_reader(std::filesystem::path root, const config& cfg, const file_overlay* overlay);
  ~spec_reader();
  spec_reader(const spec_reader&) = delete;
  spec_reader& operator=(const spec_reader&) = delete;

  /// The overlay's text of a path, or null when the disk's is read.
  const std::string* unsaved(std::string_view path) const;
  /// The disk's stamp of a file, without following a final symbolic link; false when absent.
  bool stamp(const input_file& f, file_stamp& out);
  /// The text of a file; false, with `error` set, when it cannot be read.
  bool text(const input_file& f, std::string& out, std::string& error);
  /// The facts of file `f`, number `id` of the spec, from its text (see read_markdown).
  file_facts facts(const input_file& f, file_id id, std::string content, text_pool& texts,
                   const file_callback& on_file) const;
  /// The facts of a file that could not be read: a document with the error as a load issue.
  file_facts unreadable(const input_file& f, file_id id, std::string_view error, text_pool& texts,
                        const file_callback& on_file) const;
  /// text() and then facts() or unreadable().
  file_facts read(const input_file& f, file_id id, text_pool& texts, const file_callback& on_file);

 private:
  const char* enter(std::string_view path);  // opens the file's directory; its name there

  std::filesystem::path root_;
  const config& cfg_;
  const file_overlay* overlay_;
  std::string dir_path_;
  int dir_ = -1;
};

/// Builds the model of files already read, as load_spec does: merges their facts in the order
/// given (a file's id is its place), finishes the model and looks at the paths they link to.
/// `texts` holds (or keeps alive: see text_pool::keep) every text the facts view.
model build_model(const std::filesystem::path& root, std::span<const file_facts* const> files,
                  text_pool texts, const config& cfg, std::vector<step_time>* times = nullptr);

}  // namespace speclint::load
