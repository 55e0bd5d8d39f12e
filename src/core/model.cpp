// Look-ups on the loaded site model (see model.h).
#include "model.h"

namespace reader::core {

std::string LoadIssue::to_string() const {
  std::string out = file;
  if (line > 0) out += ":" + std::to_string(line) + ":" + std::to_string(column);
  return out + ": " + field + ": " + message;
}

const std::string* LocalText::find(std::string_view language) const {
  auto it = by_language.find(language);
  return it == by_language.end() ? nullptr : &it->second;
}

const std::string& LocalText::pick(std::string_view language, std::string_view fallback) const {
  static const std::string kEmpty;
  if (const std::string* s = find(language)) return *s;
  if (const std::string* s = find(fallback)) return *s;
  return by_language.empty() ? kEmpty : by_language.begin()->second;
}

int Site::find_section(std::string_view id) const {
  for (std::size_t i = 0; i < sections.size(); ++i)
    if (sections[i].id == id) return static_cast<int>(i);
  return -1;
}

bool Site::is_rtl(std::string_view code) const {
  for (const Language& l : languages)
    if (l.code == code) return l.rtl;
  return false;
}

bool Site::has_language(std::string_view code) const {
  for (const Language& l : languages)
    if (l.code == code) return true;
  return false;
}

bool Site::is_within(int section, int ancestor) const {
  for (int s = section; s >= 0 && s < static_cast<int>(sections.size()); s = sections[static_cast<std::size_t>(s)].parent)
    if (s == ancestor) return true;
  return false;
}

}  // namespace reader::core
