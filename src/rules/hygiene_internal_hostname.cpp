#include "hygiene_scan.hpp"
#include "speclint/rule.hpp"

namespace speclint::rules {
namespace {
constexpr std::string_view id = "hygiene/internal-hostname";

void scan(const source_file& f, finding_sink& out) {
  const settings& cfg = f.config;
  hygiene::for_each_line(f.doc, f.text, f.id, [&](const hygiene::line_ref& l) {
    for (const hygiene::match& x : hygiene::internal_hostnames(l.text, cfg.internal_hostnames))
      hygiene::found(out, l, x,
                     fmt::format("`{}` is an internal host name ({}); use `localhost` or a "
                                 "name under `example.com`",
                                 x.shown, x.reason));
  });
}

}  // namespace
extern const rule hygiene_internal_hostname{
    {id, severity::error, "an internal host name in a URL or `host:port`"}, nullptr, &scan};
}  // namespace speclint::rules
