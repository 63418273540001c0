# Compares `speclint facts FIXTURE --no-color` with FIXTURE/facts.expected; run from the
# repository root with -DSPECLINT=binary -DFIXTURE=tests/readers/<name> -DACTUAL=file (where
# the output is left when it differs). With the environment
# variable UPDATE_GOLDEN=1 it rewrites the expected file instead.
execute_process(COMMAND ${SPECLINT} facts ${FIXTURE} --no-color
                OUTPUT_VARIABLE actual ERROR_VARIABLE errors RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "speclint facts ${FIXTURE} exited with ${status}: ${errors}")
endif()
set(expected_file ${FIXTURE}/facts.expected)
if("$ENV{UPDATE_GOLDEN}" STREQUAL "1")
  file(WRITE ${expected_file} "${actual}")
  message(STATUS "wrote ${expected_file}")
  return()
endif()
if(NOT EXISTS ${expected_file})
  message(FATAL_ERROR "${expected_file} is missing (UPDATE_GOLDEN=1 writes it)")
endif()
file(READ ${expected_file} expected)
if(NOT actual STREQUAL expected)
  file(WRITE ${ACTUAL} "${actual}")
  execute_process(COMMAND diff -u ${expected_file} ${ACTUAL})
  message(FATAL_ERROR "speclint facts ${FIXTURE} differs from ${expected_file}")
endif()
