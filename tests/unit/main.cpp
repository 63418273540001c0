#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <cstdlib>

#if defined(__SANITIZE_ADDRESS__)
#define SPECLINT_TESTS_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SPECLINT_TESTS_SANITIZED 1
#endif
#endif

int main(int argc, char* argv[]) {
#ifdef SPECLINT_TESTS_SANITIZED
  // The sanitizer build runs the speclint binary as a child process too: a sanitizer report
  // there must fail the test, and with an exit status no speclint outcome uses (0, 1, 2).
  setenv("ASAN_OPTIONS", "exitcode=86:abort_on_error=0:detect_leaks=1", 0);
  setenv("UBSAN_OPTIONS", "exitcode=86:halt_on_error=1:print_stacktrace=1", 0);
#endif
  return Catch::Session().run(argc, argv);
}
