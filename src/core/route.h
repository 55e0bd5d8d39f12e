// The reader's URLs: every view has an address, so links can be shared, reloaded, found by
// search engines and walked with the back and forward buttons. Each view has two spellings:
//
//   path (a real page, articlepack build)   hash (the single file from file://, old links)
//   {lang}/                                 #/{lang}/                      home (latest articles)
//   {lang}/section/{id}/                    #/{lang}/section/{id}          a section's list
//   {lang}/article/{id}/                    #/{lang}/article/{id}          an article
//   {lang}/search/?q=…[&lang=xx]            #/{lang}/search?q=…[&lang=xx]  search results
//
// A path is relative to the site's root folder (where index.html and sw.js are).
//
// Contract: parse_route() accepts any string in either spelling (a hash starts with '#'; a path
// may start with '/') and never fails: what it cannot read becomes a not_found route (keeping
// the language when one was readable), so the reader always has a view to show.
// format_route() and format_route_path() percent-encode, and parse_route() of either gives r
// back for every route whose fields are valid (language: 2–3 lower-case letters; ids: non-empty).
#pragma once
#include <string>
#include <string_view>

namespace reader::core {

struct Route {
  enum class Kind { home, section, article, search, not_found };
  Kind kind = Kind::home;
  std::string language;  // "" when the URL gives none (the reader keeps its own)
  std::string id;        // section or article id
  std::string query;     // search words
  std::string filter;    // search: only results in this language ("" = all)

  bool operator==(const Route&) const = default;
};

Route parse_route(std::string_view url);
std::string format_route(const Route& route);       // "#/fr/article/x"
std::string format_route_path(const Route& route);  // "fr/article/x/"
// How many folders deep the route's page lies below the root ("fr/article/x/": 3): its page
// reaches the root's files through that many "../".
int route_depth(const Route& route);

// Percent-encoding of a URL component (RFC 3986 unreserved characters kept) and its inverse
// ("+" decodes as a space; a malformed escape is kept as it is).
std::string url_encode(std::string_view text);
std::string url_decode(std::string_view text);

}  // namespace reader::core
