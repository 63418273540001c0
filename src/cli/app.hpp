#pragma once

namespace speclint::cli {

/// Runs speclint with command-line arguments; returns the exit status (0, 1 or 2).
int run(int argc, char** argv);

}  // namespace speclint::cli
