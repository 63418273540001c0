#pragma once

#include <string_view>

namespace speclint {

/// speclint's version.
inline constexpr std::string_view version = "0.1.0";

/// Where speclint's documentation lives (SARIF `tool.driver.informationUri`).
inline constexpr std::string_view homepage = "https://github.com/alkdev/speclint";

}  // namespace speclint
