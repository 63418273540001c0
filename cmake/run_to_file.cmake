# Runs COMMAND (a list) and writes its standard output to OUT; fails the build when it fails.
# The man page and the shell completions are made this way, by the speclint just built.
execute_process(COMMAND ${COMMAND} OUTPUT_FILE ${OUT}.tmp RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  file(REMOVE ${OUT}.tmp)
  message(FATAL_ERROR "`${COMMAND}` failed: ${status}")
endif()
file(RENAME ${OUT}.tmp ${OUT})
