# Generates a C++ source holding every rule's documentation page, so that
# `speclint explain` and SARIF output work from the binary alone.
# Inputs: DOCS_DIR (docs/rules), OUT (the .cpp to write).
file(GLOB_RECURSE pages RELATIVE "${DOCS_DIR}" "${DOCS_DIR}/*.md")
list(SORT pages)
set(body "")
foreach(page IN LISTS pages)
  string(REGEX REPLACE "\\.md$" "" id "${page}")
  file(READ "${DOCS_DIR}/${page}" text)
  string(APPEND body "    {\"${id}\", R\"speclint_doc(${text})speclint_doc\"},\n")
endforeach()
list(LENGTH pages count)
set(content "// Generated from docs/rules by cmake/embed_docs.cmake; do not edit.\n#include <cstddef>\n#include <string_view>\n\nnamespace speclint::generated {\nstruct doc_page {\n  std::string_view id;\n  std::string_view text;\n};\nextern const doc_page rule_docs[];\nextern const std::size_t rule_docs_count;\nconst doc_page rule_docs[] = {\n${body}    {\"\", \"\"}};\nconst std::size_t rule_docs_count = ${count};\n}  // namespace speclint::generated\n")
if(EXISTS "${OUT}")
  file(READ "${OUT}" old)
endif()
if(NOT "${old}" STREQUAL "${content}")
  file(WRITE "${OUT}" "${content}")
endif()
