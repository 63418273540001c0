#include <cstddef>
#include <string_view>

#include "speclint/rule.hpp"

namespace speclint {

namespace generated {
struct doc_page {
  std::string_view id;
  std::string_view text;
};
extern const doc_page rule_docs[];
extern const std::size_t rule_docs_count;
}  // namespace generated

std::string_view rule_doc(std::string_view id) {
  for (std::size_t i = 0; i < generated::rule_docs_count; ++i)
    if (generated::rule_docs[i].id == id) return generated::rule_docs[i].text;
  return {};
}

}  // namespace speclint
