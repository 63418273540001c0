// Mermaid ER diagrams: the input as the body of a ```mermaid fence in a doc, once as it is and
// once after `erDiagram`; every fact read from it must lie inside the fence.
#include "../../src/load/file_facts.hpp"
#include "fuzz_common.hpp"

namespace {

// Every fact lies on a line of the fence's body: after the fence (and the `erDiagram` line
// when the input is typed) and before the closing fence, its doc's last line.
void check_places(const std::string& doc, std::uint32_t first) {
  const std::uint32_t last = speclint::load::count_lines(doc) - 1;
  speclint::text_pool texts;
  static const speclint::config cfg;
  speclint::file_facts f =
      speclint::load::read_markdown("docs/er.md", speclint::file_role::doc, doc, 0, texts, cfg);
  auto inside = [&](const speclint::location& l) {
    if (l.line < first || l.line > last || l.column == 0) __builtin_trap();
  };
  for (const auto& t : f.tables) inside(t.second);
  for (const auto& c : f.columns) inside(c.decl.site);
  for (const auto& k : f.fks) inside(k.decl.site);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string body(reinterpret_cast<const char*>(data), size);
  // A seed is a Markdown file: its first mermaid block's body is the diagram.
  if (body.find("```") != std::string::npos) {
    const std::size_t open = body.find("```mermaid\n");
    if (open == std::string::npos) return 0;
    const std::size_t from = open + 11, close = body.find("```", from);
    body = body.substr(from, close == std::string::npos ? std::string::npos : close - from);
    if (body.find("```") != std::string::npos) return 0;
  }
  // Line 1 is the heading, line 3 the fence; the body starts on line 4.
  std::string as_is = "# ER\n\n```mermaid\n" + body + "\n```\n";
  std::string typed = "# ER\n\n```mermaid\nerDiagram\n" + body + "\n```\n";
  check_places(as_is, 4);
  check_places(typed, 5);
  speclint::fuzz::check_all({{"docs/as-is.md", speclint::file_role::doc, as_is},
                             {"docs/typed.md", speclint::file_role::doc, typed}});
  return 0;
}
