// Routes as paths and hashes (see route.h).
#include "route.h"

#include <vector>

#include "utf8.h"

namespace reader::core {

namespace {

bool valid_language(std::string_view s) {
  if (s.size() < 2 || s.size() > 3) return false;
  for (char c : s)
    if (c < 'a' || c > 'z') return false;
  return true;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (;;) {
    const std::size_t at = s.find(sep, start);
    parts.push_back(s.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
    if (at == std::string_view::npos) break;
    start = at + 1;
  }
  return parts;
}

int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string url_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~') {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string url_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out += ' ';
    } else if (text[i] == '%' && i + 2 < text.size() + 0 && hex(text[i + 1]) >= 0 && hex(text[i + 2]) >= 0) {
      out += static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  // Decoded bytes that are not UTF-8 are replaced, so the rest of the reader only sees text.
  if (!utf8_valid(out)) {
    std::string clean;
    for (std::size_t pos = 0; pos < out.size();) utf8_append(clean, utf8_decode(out, pos));
    return clean;
  }
  return out;
}

Route parse_route(std::string_view url) {
  Route r;
  std::string_view hash = url;
  std::string path;  // a path, given a leading '/' so that both spellings read alike below
  if (!hash.empty() && hash[0] == '#') {
    hash.remove_prefix(1);
  } else if (!hash.empty() && hash[0] != '/' && hash[0] != '?') {
    path.reserve(hash.size() + 1);
    path.append("/").append(hash);
    hash = path;
  }
  if (hash.empty() || hash == "/") return r;  // home, in the reader's language
  std::string_view query;
  if (const std::size_t q = hash.find('?'); q != std::string_view::npos) {
    query = hash.substr(q + 1);
    hash = hash.substr(0, q);
  }
  r.kind = Route::Kind::not_found;
  if (hash[0] != '/') return r;
  std::vector<std::string_view> parts = split(hash.substr(1), '/');
  if (!parts.empty() && parts.back().empty()) parts.pop_back();  // a trailing slash
  if (parts.empty() || !valid_language(parts[0])) return r;
  r.language = std::string(parts[0]);
  if (parts.size() == 1 && query.empty()) {
    r.kind = Route::Kind::home;
  } else if (parts.size() == 3 && (parts[1] == "section" || parts[1] == "article") && !parts[2].empty() && query.empty()) {
    r.kind = parts[1] == "section" ? Route::Kind::section : Route::Kind::article;
    r.id = url_decode(parts[2]);
  } else if (parts.size() == 2 && parts[1] == "search") {
    r.kind = Route::Kind::search;
    for (std::string_view pair : split(query, '&')) {
      const std::size_t eq = pair.find('=');
      const std::string_view key = pair.substr(0, eq);
      const std::string value = eq == std::string_view::npos ? std::string() : url_decode(pair.substr(eq + 1));
      if (key == "q") r.query = value;
      else if (key == "lang" && valid_language(value)) r.filter = value;
    }
  }
  return r;
}

std::string format_route(const Route& r) {
  const std::string base = "#/" + r.language + "/";
  switch (r.kind) {
    case Route::Kind::home: return base;
    case Route::Kind::section: return base + "section/" + url_encode(r.id);
    case Route::Kind::article: return base + "article/" + url_encode(r.id);
    case Route::Kind::search: return base + "search?q=" + url_encode(r.query) + (r.filter.empty() ? "" : "&lang=" + r.filter);
    case Route::Kind::not_found: return base + "not-found";
  }
  return base;
}

std::string format_route_path(const Route& r) {
  const std::string base = r.language + "/";
  switch (r.kind) {
    case Route::Kind::home: return base;
    case Route::Kind::section: return base + "section/" + url_encode(r.id) + "/";
    case Route::Kind::article: return base + "article/" + url_encode(r.id) + "/";
    case Route::Kind::search:
      if (r.query.empty() && r.filter.empty()) return base + "search/";
      return base + "search/?q=" + url_encode(r.query) + (r.filter.empty() ? "" : "&lang=" + r.filter);
    case Route::Kind::not_found: return base + "not-found/";
  }
  return base;
}

int route_depth(const Route& r) {
  switch (r.kind) {
    case Route::Kind::home: return 1;
    case Route::Kind::search: return 2;
    case Route::Kind::not_found: return 2;
    default: return 3;
  }
}

}  // namespace reader::core
