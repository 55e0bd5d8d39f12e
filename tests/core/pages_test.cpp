// The site's pages (core/pages.h): metadata for search engines and link previews, escaping of
// everything the site and its articles say, the sitemap, image sizes read from files.
#include <doctest/doctest.h>

#include <filesystem>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "core/pages.h"
#include "core/sha256.h"
#include "test_files.h"

using namespace reader::core;
using reader::test::read_file;
using reader::test::source_path;

namespace {

Library bundled(std::string site_json = read_file(source_path("assets/site.json"))) {
  Library lib;
  load_site(lib, "site.json", site_json);
  for (const auto& e : std::filesystem::directory_iterator(source_path("assets/articles")))
    load_article(lib, e.path().filename().string(), read_file(e.path().string()));
  finish_loading(lib);
  return lib;
}

PageSettings settings() {
  PageSettings s;
  s.base_url = "https://reader.example.org/";
  s.template_html = read_file(source_path("shell/page.html"));
  return s;
}

// The content of every `<meta property|name="key" content="…">` and `<link rel="key" …href="…">`.
std::vector<std::string> values(const std::string& html, const std::string& start, const std::string& attr) {
  std::vector<std::string> out;
  for (std::size_t at = html.find(start); at != std::string::npos; at = html.find(start, at + 1)) {
    const std::size_t v = html.find(attr + "=\"", at);
    const std::size_t end = html.find('"', v + attr.size() + 2);
    out.push_back(html.substr(v + attr.size() + 2, end - v - attr.size() - 2));
  }
  return out;
}

}  // namespace

TEST_CASE("pages: an article's page has its title, description, canonical address, alternates, Open Graph and JSON-LD") {
  const Library lib = bundled();
  REQUIRE(lib.issues.empty());
  const std::string html = render_page(lib, Route{Route::Kind::article, "fr", "colombia-counter-trafficking-agreement", {}, {}}, settings());
  CHECK(html.starts_with("<!doctype html>\n<html lang=\"fr\" dir=\"ltr\" data-root=\"../../../\">"));
  CHECK(html.find("<title>Nouvelles ressources pour les efforts de lutte contre la traite — OIM</title>") != std::string::npos);
  CHECK(values(html, "<link rel=\"canonical\"", "href") ==
        std::vector<std::string>{"https://reader.example.org/fr/article/colombia-counter-trafficking-agreement/"});
  const auto alternates = values(html, "<link rel=\"alternate\"", "hreflang");
  CHECK(std::set<std::string>(alternates.begin(), alternates.end()) == std::set<std::string>{"en", "fr", "es", "ar", "x-default"});
  CHECK(values(html, "<meta property=\"og:type\"", "content") == std::vector<std::string>{"article"});
  CHECK(values(html, "<meta property=\"og:locale\"", "content") == std::vector<std::string>{"fr_FR"});
  CHECK(values(html, "<meta property=\"og:locale:alternate\"", "content").size() == 3);
  CHECK(values(html, "<meta property=\"article:published_time\"", "content") == std::vector<std::string>{"2009-06-05"});
  const std::size_t ld = html.find("<script type=\"application/ld+json\">");
  REQUIRE(ld != std::string::npos);
  const std::size_t ld_end = html.find("</script>", ld);
  const auto json = nlohmann::json::parse(html.substr(ld + 35, ld_end - ld - 35), nullptr, false);
  REQUIRE(!json.is_discarded());
  CHECK(json["@type"] == "NewsArticle");
  CHECK(json["headline"] == "Nouvelles ressources pour les efforts de lutte contre la traite");
  CHECK(json["inLanguage"] == "fr");
  CHECK(json["publisher"]["name"] == "Organisation internationale pour les migrations");
  // The view itself: the mirror, with links relative to the page.
  CHECK(html.find("<div id=\"mirror\"><header class=\"m-header\">") != std::string::npos);
  CHECK(html.find("href=\"../../../es/article/colombia-counter-trafficking-agreement/\"") != std::string::npos);
  CHECK(html.find("{{") == std::string::npos);  // every placeholder filled
  // The page's inline script and style are allowed by their hashes, and nothing else is.
  const std::size_t csp = html.find("Content-Security-Policy");
  REQUIRE(csp != std::string::npos);
  const std::size_t script = html.find("<script>"), script_end = html.find("</script>", script);
  const auto digest = sha256(std::string_view(html).substr(script + 8, script_end - script - 8));
  CHECK(html.find("'sha256-" + base64(std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size())) + "'", csp) < script);
  CHECK(html.find("unsafe-inline") == std::string::npos);
}

TEST_CASE("pages: an article in a language it lacks is the reader's fallback view, not indexed, canonical on the shown translation") {
  const Library lib = bundled();
  const Article* a = nullptr;
  for (const Article& x : lib.articles)
    if (!x.translations.count("ar")) a = &x;
  REQUIRE(a);
  const std::string html = render_page(lib, Route{Route::Kind::article, "ar", a->id, {}, {}}, settings());
  CHECK(html.find("<meta name=\"robots\" content=\"noindex\">") != std::string::npos);
  CHECK(html.find("<html lang=\"ar\" dir=\"rtl\"") != std::string::npos);
  CHECK(values(html, "<link rel=\"alternate\"", "hreflang").empty());
  const auto canonical = values(html, "<link rel=\"canonical\"", "href");
  REQUIRE(canonical.size() == 1);
  CHECK(canonical[0].find("/ar/") == std::string::npos);
  CHECK(html.find("class=\"m-note\"") != std::string::npos);  // the fallback notice
}

TEST_CASE("pages: hostile values in site.json and articles appear only as text") {
  std::string site = read_file(source_path("assets/site.json"));
  const std::string org = "\"en\": \"International Organization for Migration\"";
  REQUIRE(site.find(org) != std::string::npos);
  site.replace(site.find(org), org.size(), "\"en\": \"</title><script>alert(1)</script> & \\\"Co\\\" 'x'\"");
  Library lib = bundled(site);
  nlohmann::json article = {{"id", "hostile"}, {"section", "where-we-work"}, {"date", "2024-01-02"},
                            {"translations", {{"en", {{"title", "</script><script>alert(2)</script>"}, {"summary", "\"><img src=x onerror=alert(3)>"},
                                                      {"body", "<script>alert(4)</script>"}}}}}};
  load_article(lib, "hostile.json", article.dump());
  finish_loading(lib);
  REQUIRE(lib.find_article("hostile"));
  for (const Route& r : {Route{Route::Kind::article, "en", "hostile", {}, {}}, Route{Route::Kind::home, "en", {}, {}, {}}}) {
    const std::string html = render_page(lib, r, settings());
    CHECK(html.find("<script>alert") == std::string::npos);
    CHECK(html.find("</title><script>") == std::string::npos);
    CHECK(html.find("<img src=x") == std::string::npos);
    CHECK(html.find("&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Co&quot; &#39;x&#39;") != std::string::npos);
  }
  // In JSON-LD, no text can end the script element.
  const std::string html = render_page(lib, Route{Route::Kind::article, "en", "hostile", {}, {}}, settings());
  const std::size_t ld = html.find("<script type=\"application/ld+json\">");
  CHECK(html.find("</script", ld + 10) == html.find("</script>", ld));
  CHECK(html.find("\\u003c/script\\u003e\\u003cscript\\u003ealert(2)") != std::string::npos);
  const std::string root = render_root_page(lib, settings());
  CHECK(root.find("<script>alert") == std::string::npos);
  CHECK(sitemap_xml(lib, settings()).find("<script>") == std::string::npos);
}

TEST_CASE("pages: every view of every language is written: the sitemap lists the indexable ones with their alternates") {
  const Library lib = bundled();
  std::map<std::string, std::string> written;
  const std::size_t n = write_pages(lib, settings(), [&](const std::string& path, const std::string& html) { written[path] = html; });
  const std::size_t views = 4 * (2 + lib.site.sections.size() + lib.articles.size());
  CHECK(n == views + 3);  // and the root, 404.html and shell.html
  CHECK(written.size() == n + 1);  // and pages.css
  CHECK(written.at("pages.css").find(".m-list") != std::string::npos);  // every view's style
  CHECK(written.count("fr/article/colombia-counter-trafficking-agreement/index.html"));
  CHECK(written.count("ar/section/where-we-work/index.html"));
  CHECK(written.count("es/search/index.html"));
  CHECK(written.at("shell.html").find("<div id=\"mirror\"></div>") != std::string::npos);
  CHECK(written.at("404.html").find("href=\"/en/\"") != std::string::npos);  // links from the site's root path
  const std::string xml = sitemap_xml(lib, settings());
  CHECK(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset"));
  std::size_t locs = 0;
  for (std::size_t at = xml.find("<loc>"); at != std::string::npos; at = xml.find("<loc>", at + 1)) ++locs;
  std::size_t translations = 0;
  for (const Article& a : lib.articles) translations += a.translations.size();
  CHECK(locs == 4 * (1 + lib.site.sections.size()) + translations);
  CHECK(xml.find("<xhtml:link rel=\"alternate\" hreflang=\"ar\"") != std::string::npos);
  CHECK(robots_txt(settings()) == "User-agent: *\nAllow: /\n\nSitemap: https://reader.example.org/sitemap.xml\n");
}

TEST_CASE("pages: image sizes from PNG, JPEG, GIF and WebP headers: anything else is unknown") {
  CHECK(image_dimensions(read_file(source_path("assets/images/pacific-coastline.jpg"))) == std::pair{1200, 675});
  const auto chart = image_dimensions(read_file(source_path("assets/images/sahel-shelter-chart.webp")));
  CHECK(chart.first > 0);
  CHECK(chart.second > 0);
  const std::string png = std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\x2c\0\0\0\xc8", 24);
  CHECK(image_dimensions(png) == std::pair{300, 200});
  CHECK(image_dimensions(std::string("GIF89a\x40\x01\xf0\x00", 10)) == std::pair{320, 240});
  CHECK(image_dimensions("not an image") == std::pair{0, 0});
  CHECK(image_dimensions(png.substr(0, 20)) == std::pair{0, 0});  // cut short
  CHECK(image_dimensions(std::string("\xff\xd8\xff\xe0\x00\x10", 6)) == std::pair{0, 0});
  CHECK(base64("") == "");
  CHECK(base64("f") == "Zg==");
  CHECK(base64("fo") == "Zm8=");
  CHECK(base64("foo") == "Zm9v");
}
