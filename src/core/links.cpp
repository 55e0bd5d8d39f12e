// Link target policy (see links.h).
#include "links.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace reader::core {

std::string link_problem(std::string_view url) {
  while (!url.empty() && std::isspace(static_cast<unsigned char>(url.front()))) url.remove_prefix(1);
  while (!url.empty() && std::isspace(static_cast<unsigned char>(url.back()))) url.remove_suffix(1);
  if (url.empty()) return "the link has no target; give it an http(s), mailto or tel address";
  const auto colon = url.find(':');
  const auto stop = url.find_first_of("/?#");
  if (colon == std::string_view::npos || (stop != std::string_view::npos && stop < colon)) {
    return "link '" + std::string(url) +
           "' has no scheme; write a full address starting with https://, http://, mailto: or tel:";
  }
  std::string scheme(url.substr(0, colon));
  std::transform(scheme.begin(), scheme.end(), scheme.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  static constexpr std::array<std::string_view, 4> kAllowed = {"http", "https", "mailto", "tel"};
  if (std::find(kAllowed.begin(), kAllowed.end(), scheme) == kAllowed.end()) {
    return "link '" + std::string(url) + "' uses the scheme '" + scheme +
           ":'; only http, https, mailto and tel links are allowed: change or remove it";
  }
  if ((scheme == "http" || scheme == "https") && url.substr(colon + 1).rfind("//", 0) != 0) {
    return "link '" + std::string(url) + "' is not a full web address; write " + scheme + "://host/...";
  }
  if (colon + 1 >= url.size()) return "link '" + std::string(url) + "' has nothing after the scheme";
  return {};
}

std::string tel_link(std::string_view phone) {
  std::string out = "tel:";
  for (const char ch : phone)
    if ((ch >= '0' && ch <= '9') || (ch == '+' && out.size() == 4)) out += ch;
  return out;
}

std::string image_src_problem(std::string_view src) {
  const auto ok_char = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '/';
  };
  if (src.empty() || src.front() == '/' || src.find("..") != std::string_view::npos || src.find("//") != std::string_view::npos ||
      !std::all_of(src.begin(), src.end(), ok_char)) {
    return "image '" + std::string(src) + "' must be a relative path inside assets/, like images/photo.jpg (no scheme, no '..')";
  }
  return {};
}

}  // namespace reader::core
