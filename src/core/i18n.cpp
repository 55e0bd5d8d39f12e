// Interface strings, fallback and dates (see i18n.h).
#include "i18n.h"

#include <cctype>
#include <set>

namespace reader::core {

const std::string& tr(const Site& site, std::string_view language, std::string_view key) {
  for (std::string_view lang : {language, std::string_view(site.default_language)}) {
    auto l = site.strings.find(lang);
    if (l == site.strings.end()) continue;
    auto s = l->second.find(key);
    if (s != l->second.end()) return s->second;
  }
  // A key no language has: the key itself, kept where the next call cannot overwrite it (two
  // missing keys in one expression stay two strings). Keys are the code's own, a fixed set.
  static thread_local std::set<std::string, std::less<>> missing;
  auto it = missing.find(key);
  if (it == missing.end()) it = missing.emplace(key).first;
  return *it;
}

std::string format(std::string_view pattern, const std::vector<std::pair<std::string_view, std::string>>& values) {
  std::string out;
  out.reserve(pattern.size());
  std::size_t i = 0;
  while (i < pattern.size()) {
    if (pattern[i] == '{') {
      const std::size_t close = pattern.find('}', i);
      if (close != std::string_view::npos) {
        const std::string_view name = pattern.substr(i + 1, close - i - 1);
        bool replaced = false;
        for (const auto& [k, v] : values) {
          if (k == name) { out += v; replaced = true; break; }
        }
        if (replaced) { i = close + 1; continue; }
      }
    }
    out += pattern[i++];
  }
  return out;
}

std::string format_date(std::string_view iso, std::string_view language) {
  if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-') return std::string(iso);
  const int month = (iso[5] - '0') * 10 + (iso[6] - '0');
  int day = (iso[8] - '0') * 10 + (iso[9] - '0');
  if (month < 1 || month > 12) return std::string(iso);
  const std::string year(iso.substr(0, 4));
  static constexpr std::array<std::string_view, 12> en = {"January", "February", "March", "April", "May", "June",
                                                          "July", "August", "September", "October", "November", "December"};
  static constexpr std::array<std::string_view, 12> fr = {"janvier", "février", "mars", "avril", "mai", "juin",
                                                          "juillet", "août", "septembre", "octobre", "novembre", "décembre"};
  static constexpr std::array<std::string_view, 12> es = {"enero", "febrero", "marzo", "abril", "mayo", "junio",
                                                          "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"};
  static constexpr std::array<std::string_view, 12> ar = {"يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو",
                                                          "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"};
  const auto m = static_cast<std::size_t>(month - 1);
  const std::string d = std::to_string(day);
  if (language == "en") return d + " " + std::string(en[m]) + " " + year;
  if (language == "fr") return (day == 1 ? std::string("1er") : d) + " " + std::string(fr[m]) + " " + year;
  if (language == "es") return d + " de " + std::string(es[m]) + " de " + year;
  // Day, month and year as words and separate numbers: right to left they read in that order
  // (an ISO date's digit groups would be reordered by the bidirectional algorithm).
  if (language == "ar") return d + " " + std::string(ar[m]) + " " + year;
  return std::string(iso);
}

ChosenTranslation choose_translation(const Article& article, std::string_view wanted, const Site& site) {
  ChosenTranslation c;
  if (auto it = article.translations.find(wanted); it != article.translations.end()) {
    c.translation = &it->second;
    c.language = it->first;
    return c;
  }
  c.fallback = true;
  if (auto it = article.translations.find(site.default_language); it != article.translations.end()) {
    c.translation = &it->second;
    c.language = it->first;
  } else if (!article.translations.empty()) {
    c.translation = &article.translations.begin()->second;
    c.language = article.translations.begin()->first;
  }
  return c;
}

std::string pick_initial_language(const Site& site, const std::vector<std::string>& preferred) {
  for (const std::string& tag : preferred) {
    std::string primary;
    for (char ch : tag) {
      if (ch == '-' || ch == '_') break;
      primary += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    }
    if (site.has_language(primary)) return primary;
  }
  return site.default_language;
}

std::string language_name(const Site& site, std::string_view code) {
  for (const Language& l : site.languages)
    if (l.code == code) return l.name;
  return std::string(code);
}

}  // namespace reader::core
