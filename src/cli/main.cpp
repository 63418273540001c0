#include "app.hpp"

#ifdef SPECLINT_WITH_MIMALLOC
#include <cstdlib>
#include <thread>

#include <mimalloc.h>
#endif

int main(int argc, char** argv) {
#ifdef SPECLINT_WITH_MIMALLOC
  // Transparent huge pages (madvise) for the allocator's segments: a check touches every
  // page of a model that is built once and freed at exit, so page faults are much of a
  // large run's time, and several times more so on virtual machines. The allocator maps
  // the main thread's first segment before main, without them, so the run itself goes to a
  // thread started after the option is set. MIMALLOC_LARGE_OS_PAGES=0 turns it off.
  if (!std::getenv("MIMALLOC_LARGE_OS_PAGES")) {
    mi_option_enable(mi_option_large_os_pages);
    mi_option_set(mi_option_eager_commit_delay, 0);
    int status = 0;
    std::thread([&] { status = speclint::cli::run(argc, argv); }).join();
    return status;
  }
#endif
  return speclint::cli::run(argc, argv);
}
