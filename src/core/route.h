// The reader's URLs: every view has a hash route, so links can be shared, reloaded and walked
// with the back and forward buttons.
//
//   #/{lang}/                      home (latest articles of every section)
//   #/{lang}/section/{id}          a section's list
//   #/{lang}/article/{id}          an article
//   #/{lang}/search?q=…[&lang=xx]  search results (optionally in one language only)
//
// Contract: parse_route() accepts any string and never fails: what it cannot read becomes a
// not_found route (keeping the language when one was readable), so the reader always has a view
// to show. format_route() percent-encodes, and parse_route(format_route(r)) == r for every route
// whose fields are valid (language: 2–3 lower-case letters; ids: non-empty).
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

Route parse_route(std::string_view hash);
std::string format_route(const Route& route);

// Percent-encoding of a URL component (RFC 3986 unreserved characters kept) and its inverse
// ("+" decodes as a space; a malformed escape is kept as it is).
std::string url_encode(std::string_view text);
std::string url_decode(std::string_view text);

}  // namespace reader::core
