// Interface strings, fallback between languages, dates, initial language.
#include <doctest/doctest.h>

#include <algorithm>

#include "core/content_loader.h"
#include "core/i18n.h"
#include "test_files.h"

using namespace reader::core;

namespace {
Library tiny() {
  Library lib;
  load_site(lib, "site.json", reader::test::read_file(reader::test::source_path("assets/site.json")));
  load_article(lib, "a.json", R"({"id":"only-en-fr","section":"partnerships","date":"2024-01-01",
    "translations":{"en":{"title":"English","body":"B"},"fr":{"title":"Français","body":"B"}}})");
  load_article(lib, "b.json", R"({"id":"only-fr","section":"partnerships","date":"2024-01-01",
    "translations":{"fr":{"title":"Seulement","body":"B"}}})");
  return lib;
}
}  // namespace

TEST_CASE("i18n: a missing translation falls back to the default language, then to any") {
  const Library lib = tiny();
  REQUIRE(lib.articles.size() == 2);
  const Article& both = *lib.find_article("only-en-fr");
  ChosenTranslation c = choose_translation(both, "fr", lib.site);
  CHECK_FALSE(c.fallback);
  CHECK(c.translation->title == "Français");
  c = choose_translation(both, "es", lib.site);
  CHECK(c.fallback);
  CHECK(c.language == "en");
  CHECK(c.translation->title == "English");
  c = choose_translation(*lib.find_article("only-fr"), "es", lib.site);
  CHECK(c.fallback);
  CHECK(c.language == "fr");
}

TEST_CASE("i18n: strings, placeholders and dates per language") {
  const Library lib = tiny();
  CHECK(tr(lib.site, "fr", "article.back") != tr(lib.site, "en", "article.back"));
  CHECK(tr(lib.site, "xx", "article.back") == tr(lib.site, "en", "article.back"));
  CHECK(tr(lib.site, "en", "no.such.key") == "no.such.key");
  CHECK(format("{n} articles, {n}!", {{"n", "3"}}) == "3 articles, 3!");
  CHECK(format("{unknown}", {{"n", "3"}}) == "{unknown}");
  CHECK(format_date("2009-06-05", "en") == "5 June 2009");
  CHECK(format_date("2009-06-05", "fr") == "5 juin 2009");
  CHECK(format_date("2009-08-01", "fr") == "1er août 2009");
  CHECK(format_date("2009-06-05", "es") == "5 de junio de 2009");
  CHECK(format_date("2009-06-05", "xx") == "2009-06-05");
}

TEST_CASE("i18n: the first visit follows the browser's languages, else the site default") {
  const Library lib = tiny();
  CHECK(pick_initial_language(lib.site, {"de-DE", "fr-CA", "en"}) == "fr");
  CHECK(pick_initial_language(lib.site, {"ES"}) == "es");
  CHECK(pick_initial_language(lib.site, {"de"}) == lib.site.default_language);
  CHECK(pick_initial_language(lib.site, {}) == lib.site.default_language);
}

TEST_CASE("site.json: the kiosk block, its defaults, and bad values reported with their field") {
  Library lib;
  std::string site = reader::test::read_file(reader::test::source_path("assets/site.json"));
  CHECK_FALSE(([&] { Library l; load_site(l, "site.json", site); return l.site.kiosk.enabled; })());
  const std::size_t end = site.rfind('}');
  site = site.substr(0, end) + R"(, "kiosk": {"enabled": true, "idle_seconds": 120, "home_language": "fr", "featured": ["a", 5], "attract": "yes", "attract_after_seconds": -1})" + "}";
  load_site(lib, "site.json", site);
  REQUIRE(lib.site_ok);
  const KioskSettings& k = lib.site.kiosk;
  CHECK(k.enabled);
  CHECK(k.idle_seconds == 120);
  CHECK(k.home_language == "fr");
  CHECK(k.featured == std::vector<std::string>{"a"});
  CHECK(k.attract);                        // "yes" is not a boolean: default kept
  CHECK(k.attract_after_seconds == 30);    // out of range: default kept
  std::vector<std::string> fields;
  for (const LoadIssue& i : lib.issues) fields.push_back(i.field);
  CHECK(std::find(fields.begin(), fields.end(), "kiosk.featured[1]") != fields.end());
  CHECK(std::find(fields.begin(), fields.end(), "kiosk.attract") != fields.end());
  CHECK(std::find(fields.begin(), fields.end(), "kiosk.attract_after_seconds") != fields.end());
}

TEST_CASE("i18n: a key no language has reads as itself, and each such string survives the next call") {
  const Library lib = tiny();
  const std::string& a = tr(lib.site, "fr", "no.such.key");
  const std::string& b = tr(lib.site, "fr", "another.missing.key");
  CHECK(a == "no.such.key");  // not overwritten by the second call
  CHECK(b == "another.missing.key");
  CHECK(&tr(lib.site, "es", "no.such.key") == &a);  // the same string again
  CHECK(tr(lib.site, "fr", "nav.home") == "Accueil");
}
