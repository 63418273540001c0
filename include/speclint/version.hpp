#pragma once

#include <string_view>

namespace speclint {

/// speclint's version.
inline constexpr std::string_view version = "0.1.0";

}  // namespace speclint
