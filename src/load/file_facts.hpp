#pragma once

#include <string>
#include <string_view>

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

}  // namespace speclint::load
