# A reader fixture's test (tests/CMakeLists.txt): `speclint facts FIXTURE --no-color`, run from
# the source tree, exits 0 and prints exactly FIXTURE/facts.expected. With UPDATE_GOLDEN=1 in the
# environment it rewrites that file instead.
# Usage: cmake -DSPECLINT=binary -DFIXTURE=tests/readers/<name> -DACTUAL=file -P check_facts.cmake
set(expected ${FIXTURE}/facts.expected)
execute_process(COMMAND ${SPECLINT} facts ${FIXTURE} --no-color
                OUTPUT_VARIABLE actual ERROR_VARIABLE errors RESULT_VARIABLE status)
if(NOT status STREQUAL "0")
  message(FATAL_ERROR "`speclint facts ${FIXTURE} --no-color` exited with ${status}:\n${errors}")
endif()
if("$ENV{UPDATE_GOLDEN}" STREQUAL "1")
  file(WRITE ${expected} "${actual}")
  message(STATUS "wrote ${expected}")
  return()
endif()
if(NOT EXISTS ${expected})
  message(FATAL_ERROR "missing golden file ${expected} (run with UPDATE_GOLDEN=1)")
endif()
file(READ ${expected} wanted)
if(NOT wanted STREQUAL actual)
  file(WRITE ${ACTUAL} "${actual}")
  execute_process(COMMAND diff -u ${expected} ${ACTUAL})
  message(FATAL_ERROR "`speclint facts ${FIXTURE} --no-color` differs from ${expected} "
                      "(the whole output is in ${ACTUAL})")
endif()
