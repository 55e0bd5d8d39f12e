// The one rule for which link targets the reader may open.
//
// Only http, https, mailto and tel links are followed (scheme compared case-insensitively,
// leading/trailing white space ignored); everything else (javascript:, data:, file:, relative
// paths, protocol-relative //host) is refused. Callers keep the link's text and drop the target.
#pragma once
#include <string>
#include <string_view>

namespace reader::core {

// Empty when `url` may be opened; otherwise the reason, phrased as what to change.
std::string link_problem(std::string_view url);

inline bool is_allowed_link(std::string_view url) { return link_problem(url).empty(); }

// The tel: link of a phone number as written ("+41 22 717 9111" -> "tel:+41227179111"): its
// digits, and a '+' only in front. The canvas's contact card and the mirror both use it.
std::string tel_link(std::string_view phone);

// Images come from the bundle only: a relative path like "images/colombia.jpg" (letters,
// digits, '-', '_', '.', '/'; no "..", no scheme, no leading '/'). Empty when allowed.
std::string image_src_problem(std::string_view src);

}  // namespace reader::core
