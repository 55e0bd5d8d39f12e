// Interface strings, language choice and fallback, localised dates.
#pragma once
#include <array>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model.h"

namespace reader::core {

// Every interface string the reader uses. site.json must give each of them in every declared
// language; the loader reports a missing one and fills it from the default language.
inline constexpr std::array<std::string_view, 61> kInterfaceKeys = {
    "nav.sections",   "nav.home",          "nav.language",    "list.latest",  "list.empty",
    "list.count",     "article.back",      "article.published", "article.contact", "article.phone",
    "article.email",  "article.tags",      "article.fallback",  "errors.title", "errors.summary",
    "errors.none",    "errors.file",       "errors.field",    "errors.close", "status.loading",
    "status.ready",   "errors.skipped",    "settings.text_smaller", "settings.text_larger", "settings.theme_dark",
    "settings.theme_light", "toc.title",  "search.open",   "search.placeholder", "search.count", "search.none",
    "search.all",     "share.link",        "share.copied",    "notfound.title", "notfound.body",
    "update.available", "update.reload",   "offline.open",    "offline.title", "offline.articles",
    "offline.space",  "offline.build",     "offline.persisted", "offline.not_persisted", "offline.file",
    "offline.none",   "kiosk.scan",        "kiosk.touch",     "kiosk.delete",  "kiosk.space",
    "textmode.switch", "announce.article", "find.open",      "find.count",    "find.none",
    "find.next",      "find.previous",     "find.close",      "a11y.skip",     "search.needs_script",
};

// The interface string `key` in `language` (falling back to the site's default language, then
// to the key itself so that a gap is visible rather than blank).
const std::string& tr(const Site& site, std::string_view language, std::string_view key);

// Replaces each "{name}" in `pattern` by its value; unknown placeholders stay as they are.
std::string format(std::string_view pattern, const std::vector<std::pair<std::string_view, std::string>>& values);

// "2009-06-05" as the language writes it: "5 June 2009", "5 juin 2009", "5 de junio de 2009".
// Unknown languages get the ISO form back.
std::string format_date(std::string_view iso_date, std::string_view language);

// Which translation of an article to show for `wanted`: the wanted language, else the site's
// default language, else the first available. `fallback` is true when it is not the wanted one.
struct ChosenTranslation {
  const Translation* translation = nullptr;
  std::string language;
  bool fallback = false;
};
ChosenTranslation choose_translation(const Article& article, std::string_view wanted, const Site& site);

// The first of the browser's preferred languages (e.g. "fr-CA", "es") that the site offers,
// compared by primary subtag; else the site's default language.
std::string pick_initial_language(const Site& site, const std::vector<std::string>& preferred);

// The language's own name as declared in site.json ("Español"), or the code.
std::string language_name(const Site& site, std::string_view code);

}  // namespace reader::core
