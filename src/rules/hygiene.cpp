// The hygiene rules: one table of detectors, each a rule with what it finds on a line and what
// it says about each match. The scanners are in hygiene_scan.cpp; each rule keeps its page under
// docs/rules/hygiene/ and its fixtures under tests/rules/hygiene/.

#include <array>

#include "hygiene_scan.hpp"
#include "speclint/rule.hpp"

namespace speclint::rules {
namespace {

using hygiene::line_ref;
using hygiene::match;

struct detector {
  rule_info info;
  std::vector<match> (*find)(const line_ref& l, const settings& cfg);
  std::string (*message)(const match& x);
};

enum detector_id : std::size_t { credential, internal_hostname, private_address, private_path };

constexpr std::array<detector, 4> detectors{{
    {{"hygiene/credential", severity::error,
      "a password, token or private key written into the spec"},
     [](const line_ref& l, const settings& cfg) {
       return hygiene::credentials(l.text, l.config_like, cfg.placeholders);
     },
     // The message shows the secret masked (`x.shown`), never the secret itself.
     [](const match& x) {
       return fmt::format(
           "{} `{}`; write a placeholder such as `<password>` or a reference such as `${{NAME}}`",
           x.reason, x.shown);
     }},
    {{"hygiene/internal-hostname", severity::error,
      "an internal host name in a URL or `host:port`"},
     [](const line_ref& l, const settings& cfg) {
       return hygiene::internal_hostnames(l.text, cfg.internal_hostnames);
     },
     [](const match& x) {
       return fmt::format(
           "`{}` is an internal host name ({}); use `localhost` or a name under `example.com`",
           x.shown, x.reason);
     }},
    {{"hygiene/private-address", severity::error,
      "a private network address (RFC 1918, CGNAT, link-local, unique local IPv6)"},
     [](const line_ref& l, const settings&) { return hygiene::private_addresses(l.text); },
     [](const match& x) {
       return fmt::format(
           "`{}` is a private address ({}); use `localhost` or a documentation address such as "
           "`192.0.2.10`",
           x.shown, x.reason);
     }},
    {{"hygiene/private-path", severity::error,
      "an absolute path under a home or workspace directory"},
     [](const line_ref& l, const settings& cfg) {
       return hygiene::private_paths(l.text, cfg.private_paths);
     },
     [](const match& x) {
       return fmt::format("`{}` is a private path ({}); use a repository-relative path", x.shown,
                          x.reason);
     }},
}};

// The file rule of one detector; one function per detector, since a rule's check is a plain
// function pointer.
template <detector_id N>
void scan(const source_file& f, finding_sink& out) {
  const detector& det = detectors[N];
  hygiene::for_each_line(f.doc, f.text, f.id, [&](const line_ref& l) {
    for (const match& x : det.find(l, f.config)) hygiene::found(out, l, x, det.message(x));
  });
}

template <detector_id N>
constexpr rule hygiene_rule() {
  return {detectors[N].info, nullptr, &scan<N>};
}

}  // namespace

extern const rule hygiene_credential{hygiene_rule<credential>()};
extern const rule hygiene_internal_hostname{hygiene_rule<internal_hostname>()};
extern const rule hygiene_private_address{hygiene_rule<private_address>()};
extern const rule hygiene_private_path{hygiene_rule<private_path>()};

}  // namespace speclint::rules
