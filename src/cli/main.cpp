#include <cstdlib>
#include <string_view>

#include "app.hpp"
#include "speclint/load.hpp"

#ifdef SPECLINT_WITH_MIMALLOC
#include <thread>

#include <mimalloc.h>
#endif

int main(int argc, char** argv) {
  // SPECLINT_HUGE_PAGES=1: transparent huge pages (madvise) for the allocator's segments and
  // for the mappings of large parse trees. A check touches every page of a model that is
  // built once and freed at exit, so where a page fault is dear (some virtual machines) they
  // save much of a large run's time; where it is cheap they cost time, memory and steadiness
  // (docs/performance.md has both). The allocator maps the main thread's first segment before
  // main, without them, so the run itself goes to a thread started after the option is set.
  const char* huge = std::getenv("SPECLINT_HUGE_PAGES");
  if (huge && std::string_view(huge) == "1") {
    speclint::use_huge_pages(true);
#ifdef SPECLINT_WITH_MIMALLOC
    mi_option_enable(mi_option_large_os_pages);
    mi_option_set(mi_option_eager_commit_delay, 0);
    int status = 0;
    std::thread([&] { status = speclint::cli::run(argc, argv); }).join();
    return status;
#endif
  }
  return speclint::cli::run(argc, argv);
}
