// The site's pages: one HTML file per view and language, written by `articlepack build` with
// the semantic mirror the reader itself runs (mirror.h). A visitor sees the view as soon as its
// page arrives, with or without a script; search engines and chat apps' link previews read
// what it is about; then the canvas reader takes over in place (shell/shell.js).
//
//   index.html                      the language choice (a script sends a visitor on to theirs)
//   404.html                        the not-found view, for static servers that show one
//   shell.html                      the reader alone (offline answers, the single file)
//   pages.css                       the pages' style, all of it (a page carries its own view's)
//   {lang}/index.html               home          {lang}/search/index.html   search
//   {lang}/section/{id}/index.html  a section     {lang}/article/{id}/index.html  an article
//   sitemap.xml, robots.txt
//
// Contract:
// - Every page is the page template (shell/page.html) with the view's <head> metadata and its
//   mirror filled in; every text and attribute is escaped (html_escape), JSON-LD is escaped for
//   a <script> element, and nothing from an article is ever markup.
// - Links are relative ("../../../fr/article/x/"), so the site works from any folder of any
//   static server; the absolute addresses that need the site's URL (canonical, alternates, Open
//   Graph, sitemap) use PageSettings::base_url.
// - Each article has a page in every language of the site: in its own languages a page to
//   index; in the others the reader's fallback view (the article in another language, which is
//   what the reader shows at that address), marked noindex with its canonical link on the
//   translation it shows. Alternates list only the article's own languages.
// - The template's inline <script> and <style> are allowed by their SHA-256 in the page's
//   Content-Security-Policy (written into the template's "{{csp-hashes:script}}" and
//   "{{csp-hashes:style}}"); no other inline code exists in a page.
#pragma once
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <utility>

#include "content_loader.h"
#include "mirror.h"
#include "route.h"

namespace reader::core {

struct PageSettings {
  // The site's public address, ending in '/' ("https://reader.example.org/"): canonical links,
  // hreflang alternates, Open Graph, JSON-LD and the sitemap are absolute URLs below it.
  std::string base_url;
  // The page template (shell/page.html). Placeholders: {{lang}} {{dir}} {{root}} (the relative
  // way to the site's root) {{head}} (title and metadata) {{mirror}} (the view) and the two
  // CSP hash lists above.
  std::string template_html;
  // Width and height of a bundle image ("images/x.jpg"), {0, 0} when unknown.
  std::function<std::pair<int, int>(std::string_view src)> image_size;
  // Cards a list page shows at most (the reader itself draws every card).
  std::size_t list_limit = 200;
};

// The page of `route` (its language set and existing; an article route of an article without
// that language gives the fallback page).
std::string render_page(const Library& library, const Route& route, const PageSettings& settings);

// The language choice at the site's root: links to each language's home; the template's
// script sends a visitor on to the language they chose before, or to their browser's.
std::string render_root_page(const Library& library, const PageSettings& settings);

// The reader with no view's page under it (shell.html): what the service worker answers for the
// address of a view it has no page of, offline, and what the single file is made from.
std::string render_app_shell(const Library& library, const PageSettings& settings);

// Every page of the site, and pages.css, handed to `write` one at a time (relative file path,
// bytes), so that a large site never holds them all. Returns how many pages were written.
std::size_t write_pages(const Library& library, const PageSettings& settings,
                        const std::function<void(const std::string& path, const std::string& html)>& write);

// sitemap.xml: every indexable page (each article in its own languages, homes, sections) with
// its hreflang alternates; robots.txt pointing at it.
std::string sitemap_xml(const Library& library, const PageSettings& settings);
std::string robots_txt(const PageSettings& settings);

// Width and height in pixels of a PNG, JPEG, GIF or WebP file, read from its header; {0, 0}
// when the bytes are none of these or are cut short. Pages give images their size, so that
// nothing on the page moves when an image arrives.
std::pair<int, int> image_dimensions(std::string_view bytes);

// Standard base64 of bytes (the CSP's hash sources).
std::string base64(std::string_view bytes);

}  // namespace reader::core
