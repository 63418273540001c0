#pragma once

#include <string>
#include <string_view>

#include "../model/facts.hpp"
#include "speclint/config.hpp"
#include "speclint/load.hpp"
#include "speclint/model.hpp"

namespace speclint::load {

/// Lines in a text; "\r\n", "\n" and a lone "\r" each end a line.
std::uint32_t count_lines(std::string_view text);

/// Reads one Markdown file's facts, handing the file to `on_file` (when given) once it is
/// read; never throws on bad input (problems become issues). The facts' texts, its path
/// among them, are kept in `texts`, which must outlive them (the model adopts it).
file_facts read_markdown(std::string_view path, file_role role, std::string content, file_id id,
                         text_pool& texts, const config& cfg, const file_callback& on_file = {});

}  // namespace speclint::load
