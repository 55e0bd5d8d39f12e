// The site's pages (see pages.h).
#include "pages.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <vector>

#include "i18n.h"
#include "sha256.h"

namespace reader::core {

std::string base64(std::string_view bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8) | static_cast<unsigned char>(bytes[i + 2]);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (i < bytes.size()) {
    const bool two = i + 1 < bytes.size();
    const unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) | (two ? static_cast<unsigned char>(bytes[i + 1]) << 8 : 0u);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += two ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::pair<int, int> image_dimensions(std::string_view b) {
  const auto u8 = [&](std::size_t i) -> unsigned { return i < b.size() ? static_cast<unsigned char>(b[i]) : 0u; };
  const auto be16 = [&](std::size_t i) { return (u8(i) << 8) | u8(i + 1); };
  const auto le16 = [&](std::size_t i) { return u8(i) | (u8(i + 1) << 8); };
  const auto be32 = [&](std::size_t i) { return (be16(i) << 16) | be16(i + 2); };
  const auto valid = [](unsigned w, unsigned h) { return w > 0 && h > 0 && w < 65536 && h < 65536 ? std::pair{static_cast<int>(w), static_cast<int>(h)} : std::pair{0, 0}; };
  if (b.size() >= 24 && b.substr(0, 8) == "\x89PNG\r\n\x1a\n" && b.substr(12, 4) == "IHDR") return valid(be32(16), be32(20));
  if (b.size() >= 10 && (b.substr(0, 6) == "GIF87a" || b.substr(0, 6) == "GIF89a")) return valid(le16(6), le16(8));
  if (b.size() >= 30 && b.substr(0, 4) == "RIFF" && b.substr(8, 4) == "WEBP") {
    const std::string_view chunk = b.substr(12, 4);
    if (chunk == "VP8 " && u8(23) == 0x9d && u8(24) == 0x01 && u8(25) == 0x2a) return valid(le16(26) & 0x3fff, le16(28) & 0x3fff);
    if (chunk == "VP8L" && u8(20) == 0x2f) {
      const unsigned bits = u8(21) | (u8(22) << 8) | (u8(23) << 16) | (u8(24) << 24);
      return valid((bits & 0x3fff) + 1, ((bits >> 14) & 0x3fff) + 1);
    }
    if (chunk == "VP8X") return valid((u8(24) | (u8(25) << 8) | (u8(26) << 16)) + 1, (u8(27) | (u8(28) << 8) | (u8(29) << 16)) + 1);
    return {0, 0};
  }
  if (b.size() >= 4 && u8(0) == 0xff && u8(1) == 0xd8) {  // JPEG: the first start-of-frame marker
    std::size_t at = 2;
    while (at + 9 < b.size()) {
      if (u8(at) != 0xff) return {0, 0};
      const unsigned marker = u8(at + 1);
      if (marker == 0xff) { ++at; continue; }  // fill bytes
      if (marker == 0xd8 || marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7)) { at += 2; continue; }  // no length
      const bool frame = marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
      if (frame) return valid(be16(at + 7), be16(at + 5));
      at += 2 + be16(at + 2);
    }
  }
  return {0, 0};
}

namespace {

// Open Graph locales ("fr_FR"): the territory each language is published for by default.
std::string og_locale(std::string_view language) {
  if (language == "en") return "en_US";
  if (language == "fr") return "fr_FR";
  if (language == "es") return "es_ES";
  if (language == "ar") return "ar_AR";
  if (language == "ru") return "ru_RU";
  return std::string(language);
}

void replace_all(std::string& s, std::string_view from, std::string_view to) {
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) s.replace(at, from.size(), to);
}

// The CSP hash sources ("'sha256-…'") of the template's inline elements `tag` (those without a
// src attribute): script or style.
std::string inline_hashes(std::string_view html, std::string_view tag) {
  std::string out;
  const std::string open = "<" + std::string(tag);
  const std::string close = "</" + std::string(tag) + ">";
  for (std::size_t at = html.find(open); at != std::string_view::npos; at = html.find(open, at + 1)) {
    const std::size_t gt = html.find('>', at);
    if (gt == std::string_view::npos) break;
    const std::string_view attrs = html.substr(at + open.size(), gt - at - open.size());
    if (!attrs.empty() && attrs[0] != ' ' && attrs[0] != '>') continue;  // <scripts…>, not <script>
    if (attrs.find("src=") != std::string_view::npos || attrs.find("application/ld+json") != std::string_view::npos) continue;
    const std::size_t end = html.find(close, gt);
    if (end == std::string_view::npos) break;
    const auto digest = sha256(html.substr(gt + 1, end - gt - 1));
    if (!out.empty()) out += ' ';
    out += "'sha256-" + base64(std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size())) + "'";
  }
  return out;
}

// JSON for a <script type="application/ld+json"> element: '<' '>' and '&' as escapes, so that no
// text can end the element or open a comment.
std::string script_json(const nlohmann::ordered_json& value) {
  const std::string text = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::string out;
  out.reserve(text.size());
  for (const char ch : text) {
    if (ch == '<') out += "\\u003c";
    else if (ch == '>') out += "\\u003e";
    else if (ch == '&') out += "\\u0026";
    else out += ch;
  }
  return out;
}

// `root` repeated `depth` times: "../../../".
std::string up(int depth) {
  std::string s;
  for (int i = 0; i < depth; ++i) s += "../";
  return s;
}

// The template as pages carry it: without comments (HTML comments; "/* */" comments in the
// inline style and script) and without the lines' indentation, which every page would repeat.
// The template keeps its comments for the people who edit it; the sources must not put "/*" in
// a string or "//" comments in the script.
std::string compact_template(std::string_view t) {
  std::string out;
  out.reserve(t.size());
  bool in_code = false;  // inside <style> or <script>
  for (std::size_t i = 0; i < t.size();) {
    if (!in_code && t.substr(i, 4) == "<!--") {
      const std::size_t end = t.find("-->", i);
      i = end == std::string_view::npos ? t.size() : end + 3;
      if (i < t.size() && t[i] == '\n') ++i;
      continue;
    }
    if (in_code && t.substr(i, 2) == "/*") {
      const std::size_t end = t.find("*/", i + 2);
      i = end == std::string_view::npos ? t.size() : end + 2;
      continue;
    }
    if (t.substr(i, 6) == "<style" || t.substr(i, 8) == "<script>") in_code = true;
    if (t.substr(i, 8) == "</style>" || t.substr(i, 9) == "</script>") in_code = false;
    if (t[i] == '\n') {  // a line's indentation, and blank lines, go
      out += '\n';
      while (i < t.size() && (t[i] == '\n' || t[i] == ' ')) ++i;
      continue;
    }
    out += t[i++];
  }
  return out;
}

class PageWriter {
 public:
  PageWriter(const Library& library, const PageSettings& settings)
      : lib_(library), site_(library.site), set_(settings), template_(compact_template(settings.template_html)) {
    script_hashes_ = inline_hashes(template_, "script");
  }

  std::string url(const Route& r) const { return set_.base_url + format_route_path(r); }

  // The languages an article is written in, in the site's order.
  std::vector<std::string> languages_of(const Article& a) const {
    std::vector<std::string> out;
    for (const Language& l : site_.languages)
      if (a.translations.count(l.code)) out.push_back(l.code);
    return out;
  }

  std::string page(const Route& route) const {
    std::string head;
    const auto meta = [&](std::string_view attr, std::string_view key, std::string_view value) {
      head += "<meta " + std::string(attr) + "=\"" + html_escape(key) + "\" content=\"" + html_escape(value) + "\">\n";
    };
    const auto link = [&](std::string_view rel, std::string_view href, std::string_view hreflang = {}) {
      head += "<link rel=\"" + std::string(rel) + "\"";
      if (!hreflang.empty()) head += " hreflang=\"" + html_escape(hreflang) + "\"";
      head += " href=\"" + html_escape(href) + "\">\n";
    };
    const std::string& language = route.language;
    const std::string title = view_title(lib_, route);
    const std::string& org = site_.organisation.pick(language, site_.default_language);
    head += "<title>" + html_escape(title) + "</title>\n";

    // What the page is about, where it lives, and the same view in other languages.
    std::string description, canonical = url(route), published, image_src, image_alt, section_label;
    std::vector<std::string> alternates;  // languages with a page of this view to index
    bool index = true;
    std::string shown_language = language;
    const Article* article = route.kind == Route::Kind::article ? lib_.find_article(route.id) : nullptr;
    if (article) {
      const ChosenTranslation c = choose_translation(*article, language, site_);
      shown_language = c.language;
      if (c.translation) description = c.translation->summary;
      if (c.fallback) {  // the reader's fallback view: the translation shown is the page to index
        index = false;
        Route shown = route;
        shown.language = c.language;
        canonical = url(shown);
      }
      alternates = languages_of(*article);
      published = article->date;
      if (article->section_index >= 0) section_label = site_.sections[static_cast<std::size_t>(article->section_index)].label.pick(language, site_.default_language);
      if (article->image) {
        image_src = set_.base_url + "content/" + article->image->src;
        image_alt = article->image->alt.pick(c.language, site_.default_language);
      }
    } else {
      for (const Language& l : site_.languages) alternates.push_back(l.code);
      if (route.kind == Route::Kind::section) {
        const int sec = site_.find_section(route.id);
        if (sec >= 0) description = site_.sections[static_cast<std::size_t>(sec)].description.pick(language, site_.default_language);
      }
      if (description.empty()) description = org + " \xE2\x80\x94 " + tr(site_, language, route.kind == Route::Kind::search ? "search.placeholder" : "list.latest");
      if (route.kind == Route::Kind::search || route.kind == Route::Kind::not_found) index = false;  // results change; nothing to find
    }
    if (!description.empty()) meta("name", "description", description);
    if (!index) meta("name", "robots", "noindex");
    if (route.kind != Route::Kind::not_found) link("canonical", canonical);
    if (index && alternates.size() > 1) {
      for (const std::string& l : alternates) {
        Route r = route;
        r.language = l;
        link("alternate", url(r), l);
      }
      Route r = route;
      r.language = std::find(alternates.begin(), alternates.end(), site_.default_language) != alternates.end() ? site_.default_language : alternates.front();
      link("alternate", url(r), "x-default");
    }

    // Link previews: Open Graph and Twitter cards.
    meta("property", "og:type", article ? "article" : "website");
    meta("property", "og:title", title);
    if (!description.empty()) meta("property", "og:description", description);
    meta("property", "og:url", canonical);
    meta("property", "og:locale", og_locale(shown_language));
    for (const std::string& l : alternates)
      if (l != shown_language) meta("property", "og:locale:alternate", og_locale(l));
    if (article) meta("property", "article:published_time", published);
    if (!image_src.empty()) {
      meta("property", "og:image", image_src);
      if (article->image->width > 0 && article->image->height > 0) {
        meta("property", "og:image:width", std::to_string(article->image->width));
        meta("property", "og:image:height", std::to_string(article->image->height));
      }
      if (!image_alt.empty()) meta("property", "og:image:alt", image_alt);
    }
    // Twitter reads the title, description and image from Open Graph: only the card's kind.
    meta("name", "twitter:card", image_src.empty() ? "summary" : "summary_large_image");

    // Structured data: a news article (headline, date, language, publisher).
    if (article) {
      const ChosenTranslation c = choose_translation(*article, language, site_);
      nlohmann::ordered_json ld = {
          {"@context", "https://schema.org"},
          {"@type", "NewsArticle"},
          {"headline", c.translation ? c.translation->title : title},
          {"datePublished", article->date},
          {"inLanguage", c.language},
          {"url", canonical},
      };
      if (!description.empty()) ld["description"] = description;
      if (!section_label.empty()) ld["articleSection"] = section_label;
      if (!image_src.empty()) ld["image"] = nlohmann::ordered_json::array({image_src});
      ld["publisher"] = {{"@type", "Organization"}, {"name", org}};
      head += "<script type=\"application/ld+json\">" + script_json(ld) + "</script>\n";
    }

    MirrorView view;
    view.route = route;
    view.language = language;
    view.link_base = up(route_depth(route));
    view.page = true;
    view.written = true;
    view.image_size = set_.image_size;
    view.list_limit = set_.list_limit;
    const Mirror mirror = render_mirror(lib_, view);
    return fill(language, view.link_base, head, mirror.html, kind_of(route));
  }

  std::string not_found_page() const {
    Route r{Route::Kind::not_found, site_.default_language, {}, {}, {}};
    // Served at any address: links from the site's root path, not relative to where it is shown.
    const std::size_t scheme = set_.base_url.find("://");
    const std::size_t slash = scheme == std::string::npos ? std::string::npos : set_.base_url.find('/', scheme + 3);
    const std::string root = slash == std::string::npos ? std::string("/") : set_.base_url.substr(slash);
    MirrorView view;
    view.route = r;
    view.language = r.language;
    view.link_base = root;
    view.page = true;
    view.written = true;
    const Mirror mirror = render_mirror(lib_, view);
    const std::string head = "<title>" + html_escape(view_title(lib_, r)) + "</title>\n<meta name=\"robots\" content=\"noindex\">\n";
    return fill(r.language, root, head, mirror.html, "notfound");
  }

  std::string root_page() const {
    const std::string& language = site_.default_language;
    const std::string& org = site_.organisation.pick(language, site_.default_language);
    // A page of its own (not the template): it only chooses, before it paints, where to go.
    static constexpr std::string_view kStyle =
        "body{font:18px/1.6 \"Noto Sans\",system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}"
        "@media (prefers-color-scheme:dark){body{background:#121417;color:#e6e8eb}a{color:#7db9f5}}li{padding:.5rem 0}";
    // An old link (#/fr/article/x) goes to that view's page; otherwise the language chosen
    // before, else the browser's first language the site has, else the site's own; a kiosk
    // starts in its home language. A hash that is no route goes along (the reader says it
    // leads nowhere).
    static constexpr std::string_view kScript =
        "(function(d,l){var h=l.hash,q=l.search,i=h.indexOf('?'),p=h.slice(2,i<0?h.length:i),s=' '+d.getAttribute('data-languages')+' ',w=[],k;"
        "if(!h.indexOf('#/')&&p)return l.replace(p.replace(/\\/?$/,'/')+(i<0?q:'?'+h.slice(i+1)+q.replace('?','&')));"
        "try{w=[localStorage.getItem('viewer.language')]}catch(e){}"
        "if(d.hasAttribute('data-kiosk-always')||/[?&]kiosk\\b/.test(q))w=[d.getAttribute('data-kiosk')];"
        "w=w.concat(navigator.languages||[navigator.language],d.lang);"
        "for(i=0;s.indexOf(' '+(k=String(w[i]).toLowerCase().split('-')[0])+' ')<0;i++);"
        "l.replace(k+'/'+q+(h=='#/'?'':h))})(document.documentElement,location)";
    const auto hash = [](std::string_view code) {
      const auto digest = sha256(code);
      return "'sha256-" + base64(std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size())) + "'";
    };
    std::string languages;
    for (const Language& l : site_.languages) languages += (languages.empty() ? "" : " ") + l.code;
    std::string page = "<!doctype html>\n<html lang=\"" + html_escape(language) + "\" dir=\"" + (site_.is_rtl(language) ? "rtl" : "ltr") +
                       "\" data-languages=\"" + html_escape(languages) + "\" data-kiosk=\"" +
                       html_escape(site_.kiosk.home_language.empty() ? site_.default_language : site_.kiosk.home_language) + "\"" +
                       (site_.kiosk.enabled ? " data-kiosk-always" : "") + ">\n<head>\n<meta charset=\"utf-8\">\n"
                       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                       "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; script-src " + hash(kScript) +
                       "; style-src " + hash(kStyle) + "; object-src 'none'; base-uri 'none'; form-action 'none'\">\n"
                       "<meta name=\"color-scheme\" content=\"light dark\">\n<title>" + html_escape(org) + "</title>\n";
    page += "<link rel=\"canonical\" href=\"" + html_escape(set_.base_url) + "\">\n";
    for (const Language& l : site_.languages)
      page += "<link rel=\"alternate\" hreflang=\"" + html_escape(l.code) + "\" href=\"" + html_escape(url(Route{Route::Kind::home, l.code, {}, {}, {}})) + "\">\n";
    page += "<link rel=\"alternate\" hreflang=\"x-default\" href=\"" + html_escape(set_.base_url) + "\">\n";
    page += "<meta property=\"og:type\" content=\"website\">\n<meta property=\"og:site_name\" content=\"" + html_escape(org) +
            "\">\n<meta property=\"og:title\" content=\"" + html_escape(org) + "\">\n<meta property=\"og:url\" content=\"" +
            html_escape(set_.base_url) + "\">\n";
    page += "<style>" + std::string(kStyle) + "</style>\n<script>" + std::string(kScript) + "</script>\n";
    page += "<link rel=\"icon\" href=\"icons/icon-192.png\" type=\"image/png\">\n</head>\n<body>\n";
    // Each language's home, named in that language: what a visitor without a script chooses from.
    page += "<main><h1>" + html_escape(org) + "</h1><ul>";
    for (const Language& l : site_.languages) {
      page += "<li><a href=\"" + html_escape(format_route_path(Route{Route::Kind::home, l.code, {}, {}, {}})) + "\" lang=\"" + html_escape(l.code) +
              "\"" + (l.rtl ? " dir=\"rtl\"" : "") + " hreflang=\"" + html_escape(l.code) + "\">" +
              html_escape(site_.organisation.pick(l.code, site_.default_language)) + " \xE2\x80\x94 " + html_escape(l.name) + "</a></li>";
    }
    page += "</ul></main>\n</body>\n</html>\n";
    return page;
  }

  // The reader with no page under it: what the service worker answers for a view's address it
  // has no page of (offline), and what the single file is made from (web/finish-site.mjs).
  std::string app_shell() const {
    const std::string& language = site_.default_language;
    return fill(language, "", "<title>" + html_escape(site_.organisation.pick(language, language)) + "</title>\n", "");
  }

  const Library& lib_;
  const Site& site_;
  const PageSettings& set_;

 private:
  std::string template_;
  std::string script_hashes_;

  // The template's style elements a page of this kind keeps: those for every page, and those
  // whose data-views name `kind` ("article", "home", …); all of them when `kind` is empty.
  std::string styled_for(std::string_view kind) const {
    std::string page = template_;
    for (std::size_t at = page.find("<style data-views=\""); at != std::string::npos; at = page.find("<style data-views=\"", at)) {
      const std::size_t quote = page.find('"', at + 19), end = page.find("</style>", at);
      if (quote == std::string::npos || end == std::string::npos) break;
      std::string views = " " + page.substr(at + 19, quote - at - 19) + " ";
      const bool keep = kind.empty() || views.find(" " + std::string(kind) + " ") != std::string::npos;
      if (keep) {
        page.replace(at, quote + 2 - at, "<style>");
        at += 7;
      } else {
        page.erase(at, end + 8 + (end + 8 < page.size() && page[end + 8] == '\n' ? 1 : 0) - at);
      }
    }
    return page;
  }

 public:
  // Every style of the template, one after the other: pages.css, for the views the reader shows
  // after the page it started on (a page carries only its own kind's).
  std::string all_styles() const {
    std::string css;
    for (std::size_t at = template_.find("<style"); at != std::string::npos; at = template_.find("<style", at + 1)) {
      const std::size_t gt = template_.find('>', at), end = template_.find("</style>", at);
      if (gt == std::string::npos || end == std::string::npos) break;
      css += template_.substr(gt + 1, end - gt - 1);
    }
    return css;
  }

 private:
  static std::string_view kind_of(const Route& r) {
    switch (r.kind) {
      case Route::Kind::article: return "article";
      case Route::Kind::section: return "section";
      case Route::Kind::search: return "search";
      case Route::Kind::not_found: return "notfound";
      case Route::Kind::home: return "home";
    }
    return "";
  }

  std::string fill(std::string_view language, std::string_view root, const std::string& head, const std::string& mirror,
                   std::string_view kind = {}) const {
    std::string page = styled_for(kind);
    // The hashes of the style elements this page keeps, and only those.
    const std::string style_hashes = inline_hashes(page, "style");
    replace_all(page, "{{csp-hashes:script}}", script_hashes_);
    replace_all(page, "{{csp-hashes:style}}", style_hashes);
    replace_all(page, "{{lang}}", html_escape(language));
    replace_all(page, "{{dir}}", site_.is_rtl(language) ? "rtl" : "ltr");
    replace_all(page, "{{root}}", root.empty() ? std::string_view("./") : root);
    // Last: what the view brings may contain the placeholders' spelling as text.
    const std::size_t h = page.find("{{head}}");
    if (h != std::string::npos) page.replace(h, 8, head);
    const std::size_t m = page.find("{{mirror}}");
    if (m != std::string::npos) page.replace(m, 10, mirror);
    return page;
  }
};

}  // namespace

std::string render_page(const Library& library, const Route& route, const PageSettings& settings) {
  return PageWriter(library, settings).page(route);
}

std::string render_root_page(const Library& library, const PageSettings& settings) {
  return PageWriter(library, settings).root_page();
}

std::string render_app_shell(const Library& library, const PageSettings& settings) {
  return PageWriter(library, settings).app_shell();
}

std::size_t write_pages(const Library& library, const PageSettings& settings,
                        const std::function<void(const std::string& path, const std::string& html)>& write) {
  const PageWriter w(library, settings);
  std::size_t n = 0;
  const auto put = [&](const Route& r) {
    const std::string path = format_route_path(r);
    write(path.substr(0, path.find('?')) + "index.html", w.page(r));
    ++n;
  };
  write("index.html", w.root_page());
  write("404.html", w.not_found_page());
  write("shell.html", w.app_shell());
  write("pages.css", w.all_styles());
  n += 3;
  for (const Language& l : library.site.languages) {
    put(Route{Route::Kind::home, l.code, {}, {}, {}});
    put(Route{Route::Kind::search, l.code, {}, {}, {}});
    for (const Section& s : library.site.sections) put(Route{Route::Kind::section, l.code, s.id, {}, {}});
    for (const Article& a : library.articles) put(Route{Route::Kind::article, l.code, a.id, {}, {}});
  }
  return n;
}

std::string sitemap_xml(const Library& library, const PageSettings& settings) {
  const PageWriter w(library, settings);
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n";
  const auto entry = [&](const Route& r, const std::vector<std::string>& languages, std::string_view lastmod) {
    out += "<url><loc>" + html_escape(w.url(r)) + "</loc>";
    if (!lastmod.empty()) out += "<lastmod>" + html_escape(lastmod) + "</lastmod>";
    if (languages.size() > 1) {
      for (const std::string& l : languages) {
        Route other = r;
        other.language = l;
        out += "<xhtml:link rel=\"alternate\" hreflang=\"" + html_escape(l) + "\" href=\"" + html_escape(w.url(other)) + "\"/>";
      }
    }
    out += "</url>\n";
  };
  std::vector<std::string> all;
  for (const Language& l : library.site.languages) all.push_back(l.code);
  for (const std::string& l : all) {
    entry(Route{Route::Kind::home, l, {}, {}, {}}, all, {});
    for (const Section& s : library.site.sections) entry(Route{Route::Kind::section, l, s.id, {}, {}}, all, {});
  }
  for (const Article& a : library.articles) {
    const std::vector<std::string> own = w.languages_of(a);
    for (const std::string& l : own) entry(Route{Route::Kind::article, l, a.id, {}, {}}, own, a.date);
  }
  out += "</urlset>\n";
  return out;
}

std::string robots_txt(const PageSettings& settings) {
  return "User-agent: *\nAllow: /\n\nSitemap: " + settings.base_url + "sitemap.xml\n";
}

}  // namespace reader::core
