// Hash routes: parsing, formatting, round trips, and hostile URLs.
#include <doctest/doctest.h>

#include "core/route.h"

using namespace reader::core;

TEST_CASE("route: every view's URL parses to its route") {
  CHECK(parse_route("") == Route{});
  CHECK(parse_route("#") == Route{});
  CHECK(parse_route("#/") == Route{});
  CHECK(parse_route("#/fr/") == Route{Route::Kind::home, "fr", "", "", ""});
  CHECK(parse_route("#/fr") == Route{Route::Kind::home, "fr", "", "", ""});
  CHECK(parse_route("#/en/section/news") == Route{Route::Kind::section, "en", "news", "", ""});
  CHECK(parse_route("#/en/article/colombia-agreement") == Route{Route::Kind::article, "en", "colombia-agreement", "", ""});
  CHECK(parse_route("#/es/search?q=trata") == Route{Route::Kind::search, "es", "", "trata", ""});
  CHECK(parse_route("#/es/search?q=ni%C3%B1o+migrante&lang=fr") == Route{Route::Kind::search, "es", "", "niño migrante", "fr"});
  CHECK(parse_route("#/es/search") == Route{Route::Kind::search, "es", "", "", ""});
}

TEST_CASE("route: what cannot be read is a not-found route, keeping the language when it can") {
  for (const char* bad : {"#nope", "#/toolong/", "#/FR/", "#/fr/article", "#/fr/article/", "#/fr/unknown/x", "#/fr/section/a/b",
                          "#/fr/article/x?y=1", "#//", "#/1/", "#/fr/?q=x"}) {
    CAPTURE(bad);
    CHECK(parse_route(bad).kind == Route::Kind::not_found);
  }
  CHECK(parse_route("#/fr/unknown").language == "fr");
  CHECK(parse_route("#/es/search?q=%ZZ%").query == "%ZZ%");  // a malformed escape is kept
  CHECK(parse_route("#/es/search?q=%FF%FE").query == "\xEF\xBF\xBD\xEF\xBF\xBD");  // not UTF-8: replaced
  CHECK(parse_route("#/es/search?q=a&lang=XX").filter.empty());
}

namespace {
// Routes whose fields need encoding, for the round trips of both spellings.
const Route kRoutes[] = {
    {Route::Kind::home, "en", "", "", ""},
    {Route::Kind::section, "fr", "what-we-do", "", ""},
    {Route::Kind::article, "es", "id with spaces/and#hash?", "", ""},
    {Route::Kind::search, "fr", "", "élaborer un plan & 100% <b>", ""},
    {Route::Kind::search, "en", "", "niño", "es"},
};
}  // namespace

TEST_CASE("route: formatting encodes, and parsing gives the same route back") {
  for (const Route& r : kRoutes) {
    const std::string url = format_route(r);
    CAPTURE(url);
    CHECK(url.find(' ') == std::string::npos);
    CHECK(url.find('<') == std::string::npos);
    CHECK(parse_route(url) == r);
  }
  CHECK(format_route({Route::Kind::search, "es", "", "trata", ""}) == "#/es/search?q=trata");
  CHECK(url_encode("é") == "%C3%A9");
  CHECK(url_decode("%c3%a9+x") == "é x");
}

TEST_CASE("route: paths, the addresses of the site's pages, read and write like hashes") {
  CHECK(parse_route("fr/") == Route{Route::Kind::home, "fr", "", "", ""});
  CHECK(parse_route("/fr/") == Route{Route::Kind::home, "fr", "", "", ""});
  CHECK(parse_route("en/section/news/") == Route{Route::Kind::section, "en", "news", "", ""});
  CHECK(parse_route("en/article/colombia-agreement/") == Route{Route::Kind::article, "en", "colombia-agreement", "", ""});
  CHECK(parse_route("es/search/?q=ni%C3%B1o+migrante&lang=fr") == Route{Route::Kind::search, "es", "", "niño migrante", "fr"});
  CHECK(parse_route("es/search/") == Route{Route::Kind::search, "es", "", "", ""});
  for (const char* bad : {"fr/article/", "fr/unknown/x/", "FR/", "fr/article/x/?y=1", "index.html"}) {
    CAPTURE(bad);
    CHECK(parse_route(bad).kind == Route::Kind::not_found);
  }
  for (const Route& r : kRoutes) {
    const std::string path = format_route_path(r);
    CAPTURE(path);
    CHECK(path.find(' ') == std::string::npos);
    CHECK(path.find('#') == std::string::npos);
    CHECK(parse_route(path) == r);
  }
  CHECK(format_route_path({Route::Kind::article, "fr", "x", "", ""}) == "fr/article/x/");
  CHECK(format_route_path({Route::Kind::search, "es", "", "trata", ""}) == "es/search/?q=trata");
  CHECK(route_depth({Route::Kind::home, "fr", "", "", ""}) == 1);
  CHECK(route_depth({Route::Kind::search, "fr", "", "x", ""}) == 2);
  CHECK(route_depth({Route::Kind::article, "fr", "x", "", ""}) == 3);
}
