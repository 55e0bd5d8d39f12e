// The semantic mirror (see mirror.h).
#include "mirror.h"

#include "i18n.h"
#include "links.h"

namespace reader::core {

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (const char ch : text) {
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += ch;
    }
  }
  return out;
}

std::string view_title(const Library& library, const Route& route) {
  const Site& site = library.site;
  const std::string_view language = route.language;
  const std::string& name = site.short_name.pick(language, site.default_language);
  const auto with_name = [&](const std::string& t) { return name.empty() ? t : t + " \xE2\x80\x94 " + name; };
  switch (route.kind) {
    case Route::Kind::not_found: return with_name(tr(site, language, "notfound.title"));
    case Route::Kind::search: return with_name(tr(site, language, "search.open") + (route.query.empty() ? "" : ": " + route.query));
    case Route::Kind::article:
      if (const Article* a = library.find_article(route.id)) {
        const ChosenTranslation c = choose_translation(*a, language, site);
        if (c.translation) return with_name(c.translation->title);
      }
      break;
    case Route::Kind::section:
      if (const int sec = site.find_section(route.id); sec >= 0)
        return with_name(site.sections[static_cast<std::size_t>(sec)].label.pick(language, site.default_language));
      break;
    case Route::Kind::home: break;
  }
  return site.organisation.pick(language, site.default_language);
}

std::string route_href(const Route& route, std::string_view link_base) {
  if (link_base.empty()) return format_route(route);
  return std::string(link_base) + format_route_path(route);
}

namespace {
void append_text(const std::vector<Block>& blocks, std::string& out) {
  for (const Block& b : blocks) {
    if (!out.empty() && out.back() != '\n') out += '\n';
    if (b.kind == BlockKind::code_block) out += b.text;
    else
      for (const Span& s : b.spans) out += s.hard_break ? std::string("\n") : s.text;
    append_text(b.children, out);
  }
}
}  // namespace

std::string body_text(const Document& body) {
  std::string out;
  append_text(body.blocks, out);
  return out;
}

namespace {

// Builds the markup; every text goes through text() or attr(), never appended raw.
class Writer {
 public:
  Writer(const Library& library, const MirrorView& view) : lib_(library), site_(library.site), view_(view) {}

  // ` lang="xx" dir="ltr|rtl"`: the text's language and its direction (the browser then
  // lays out right-to-left text and mirrors the element, as the canvas does).
  void lang_dir(std::string_view language) {
    raw(" lang=\"");
    text(language);
    raw(site_.is_rtl(language) ? "\" dir=\"rtl\"" : "\" dir=\"ltr\"");
  }
  // The language of a link's text; its direction only where it is right to left (the links of
  // the language switch, on every page).
  void link_lang(std::string_view language) {
    raw(" lang=\"");
    text(language);
    raw(site_.is_rtl(language) ? "\" dir=\"rtl\"" : "\"");
  }

  Mirror render() {
    Mirror m;
    m.language = view_.language;
    header();
    raw("<main id=\"m-main\" tabindex=\"-1\"");
    lang_dir(view_.language);
    raw(">");
    switch (view_.route.kind) {
      case Route::Kind::article: m.announce = article(m.language); break;
      case Route::Kind::search: m.announce = search(); break;
      case Route::Kind::not_found: m.announce = not_found(); break;
      default: m.announce = list(); break;
    }
    raw("</main>");
    problems();
    m.html = std::move(out_);
    return m;
  }

 private:
  const Library& lib_;
  const Site& site_;
  const MirrorView& view_;
  std::string out_;
  int heading_index_ = 0;  // headings of the article body, in order: "toc:<n>" keys

  void raw(std::string_view markup) { out_ += markup; }
  void text(std::string_view t) { out_ += html_escape(t); }
  const std::string& tr_(std::string_view key) const { return tr(site_, view_.language, key); }

  // A link to a route of the reader, in `language` (default: the interface language).
  void route_link(Route r, std::string_view key, std::string_view label, bool current = false, std::string_view lang = {}) {
    if (r.language.empty()) r.language = view_.language;
    route_link_open(r, key, current, lang);
    text(label);
    raw("</a>");
  }
  void route_link_open(const Route& r, std::string_view key, bool current = false, std::string_view lang = {}) {
    raw("<a href=\"");
    text(route_href(r, view_.link_base));
    raw("\"");
    data_key(key);
    if (current) raw(" aria-current=\"page\"");
    if (!lang.empty()) link_lang(lang);  // (the page's <link rel="alternate" hreflang> name the other languages' pages)
    raw(">");
  }
  void data_key(std::string_view key) {
    if (view_.written) return;
    raw(" data-key=\"");
    text(key);
    raw("\"");
  }
  // A control that needs the running reader (hidden, by the pages' style, until a script runs).
  void button(std::string_view key, std::string_view label, bool enabled = true, bool pressed_state = false, bool pressed = false) {
    raw("<button type=\"button\" class=\"m-js\" data-key=\"");
    text(key);
    raw("\"");
    if (!enabled) raw(" disabled");
    if (pressed_state) raw(pressed ? " aria-pressed=\"true\"" : " aria-pressed=\"false\"");
    raw(">");
    text(label);
    raw("</button>");
  }

  // The same view in another language.
  Route in_language(std::string_view code) const {
    Route r = view_.route;
    r.language = std::string(code);
    if (r.kind == Route::Kind::not_found) r = Route{Route::Kind::home, r.language, {}, {}, {}};
    return r;
  }

  // The header, as the canvas draws it: the section menu (a folded panel on phones, the column
  // beside the page on wide screens: <details> works without a script), the organisation, the
  // search, and the language switch (codes, with each language's name for assistive technology).
  void header() {
    raw("<header class=\"m-header\"><a class=\"m-skip\" href=\"#m-main\"");
    data_key("skip");
    raw(">");
    text(tr_("a11y.skip"));
    raw("</a><details class=\"m-menu\"><summary");
    data_key("nav-toggle");
    raw(">");
    text(tr_("nav.sections"));
    raw("</summary><div class=\"m-panel\">");
    if (!view_.written) {
      raw("<div class=\"m-settings\">");
      button("text-smaller", tr_("settings.text_smaller"), view_.can_shrink_text);
      button("text-larger", tr_("settings.text_larger"), view_.can_grow_text);
      button("theme", tr_(view_.dark ? "settings.theme_light" : "settings.theme_dark"));
      button("text-mode", tr_("textmode.switch"), true, true, view_.text_mode);
      raw("</div>");
    }
    navigation();
    raw("</div></details><p class=\"m-org\">");
    route_link(Route{Route::Kind::home, {}, {}, {}, {}}, "section:", site_.organisation.pick(view_.language, site_.default_language));
    raw("</p><div class=\"m-controls\">");
    Route search{Route::Kind::search, {}, {}, {}, {}};
    route_link(search, "search", tr_("search.open"), view_.route.kind == Route::Kind::search);
    raw("<nav class=\"m-languages\" aria-label=\"");
    text(tr_("nav.language"));
    raw("\"><ul>");
    for (const Language& l : site_.languages) {
      raw("<li>");
      route_link_open(in_language(l.code), "lang:" + l.code, l.code == view_.language, l.code);
      std::string code = l.code;
      for (char& ch : code) ch = static_cast<char>(ch >= 'a' && ch <= 'z' ? ch - 'a' + 'A' : ch);
      text(code);
      raw("<span class=\"m-vh\"> ");
      text(l.name);
      raw("</span></a></li>");
    }
    raw("</ul></nav></div></header>");
  }

  // The section tree as far as the view needs it: every top-level section, and the sections
  // below the one shown (or the article's) and below each of its ancestors. A site with many
  // sections does not repeat its whole tree on every page.
  void section_item(int index, int current, int open) {
    const Section& s = site_.sections[static_cast<std::size_t>(index)];
    raw("<li>");
    route_link(Route{Route::Kind::section, {}, s.id, {}, {}}, "section:" + s.id, s.label.pick(view_.language, site_.default_language), index == current);
    if (!s.children.empty() && open >= 0 && site_.is_within(open, index)) {
      raw("<ul>");
      for (int child : s.children) section_item(child, current, open);
      raw("</ul>");
    }
    raw("</li>");
  }
  void navigation() {
    // `current`: the section whose list is shown; `open`: the section whose branch is unfolded
    // (the one shown, or the open article's).
    const int current = view_.route.kind == Route::Kind::section ? site_.find_section(view_.route.id) : -1;
    int open = current;
    if (view_.route.kind == Route::Kind::article)
      if (const Article* a = lib_.find_article(view_.route.id)) open = a->section_index;
    raw("<nav class=\"m-sections\" aria-label=\"");
    text(tr_("nav.sections"));
    raw("\"><ul><li>");
    route_link(Route{Route::Kind::home, {}, {}, {}, {}}, "section:", tr_("list.latest"), view_.route.kind == Route::Kind::home);
    raw("</li>");
    for (std::size_t i = 0; i < site_.sections.size(); ++i)
      if (site_.sections[i].parent < 0) section_item(static_cast<int>(i), current, open);
    raw("</ul></nav>");
  }

  void date(std::string_view iso) {
    raw("<time datetime=\"");
    text(iso);
    raw("\">");
    text(format_date(iso, view_.language));
    raw("</time>");
  }

  std::string list() {
    const int sec = view_.route.kind == Route::Kind::section ? site_.find_section(view_.route.id) : -1;
    const std::string heading = sec >= 0 ? site_.sections[static_cast<std::size_t>(sec)].label.pick(view_.language, site_.default_language)
                                         : tr_("list.latest");
    raw("<h1>");
    text(heading);
    raw("</h1>");
    if (sec >= 0) {
      const std::string& desc = site_.sections[static_cast<std::size_t>(sec)].description.pick(view_.language, site_.default_language);
      if (!desc.empty()) {
        raw("<p>");
        text(desc);
        raw("</p>");
      }
    }
    const std::vector<const Article*> articles = lib_.articles_in(sec >= 0 ? std::string_view(view_.route.id) : std::string_view());
    const std::string count = format(tr_("list.count"), {{"n", std::to_string(articles.size())}});
    raw("<p class=\"m-count\">");
    text(count);
    raw("</p>");
    if (articles.empty()) {
      raw("<p>");
      text(tr_("list.empty"));
      raw("</p>");
    }
    raw("<ul class=\"m-list\">");
    std::size_t shown = 0;
    for (const Article* a : articles) {
      if (shown++ == view_.list_limit) break;
      const ChosenTranslation c = choose_translation(*a, view_.language, site_);
      if (!c.translation) continue;
      raw("<li><article");
      lang_dir(c.language);
      raw("><h2>");
      route_link(Route{Route::Kind::article, {}, a->id, {}, {}}, "article:" + a->id, c.translation->title);
      raw("</h2><p class=\"m-meta\">");
      date(a->date);
      if (a->section_index >= 0) {
        raw(" · ");
        text(site_.sections[static_cast<std::size_t>(a->section_index)].label.pick(view_.language, site_.default_language));
      }
      if (c.fallback) {
        raw(" · ");
        text(language_name(site_, c.language));
      }
      raw("</p>");
      if (!c.translation->summary.empty()) {
        raw("<p>");
        text(c.translation->summary);
        raw("</p>");
      }
      raw("</article></li>");
    }
    raw("</ul>");
    return heading + ". " + count;
  }

  void spans(const std::vector<Span>& list) {
    for (const Span& s : list) {
      if (s.hard_break) {
        raw("<br>");
        continue;
      }
      const bool link = (s.style & kStyleLink) && is_allowed_link(s.url);
      if (link) {
        raw("<a href=\"");
        text(s.url);
        raw("\"");
        data_key("link:" + s.url);
        raw(" rel=\"noopener noreferrer\" target=\"_blank\">");
      }
      if (s.style & kStyleStrong) raw("<strong>");
      if (s.style & kStyleEmphasis) raw("<em>");
      if (s.style & kStyleCode) raw("<code>");
      if (s.style & kStyleMark) raw("<mark>");
      text(s.text);
      if (s.style & kStyleMark) raw("</mark>");
      if (s.style & kStyleCode) raw("</code>");
      if (s.style & kStyleEmphasis) raw("</em>");
      if (s.style & kStyleStrong) raw("</strong>");
      if (link) raw("</a>");
    }
  }
  void blocks(const std::vector<Block>& list) {
    for (const Block& b : list) block(b);
  }
  void block(const Block& b) {
    switch (b.kind) {
      case BlockKind::paragraph:
        raw("<p>");
        spans(b.spans);
        raw("</p>");
        break;
      case BlockKind::heading: {
        // The article's title is the page's h1: body headings start at h2.
        const std::string tag = "h" + std::to_string(std::min(6, std::max(1, b.level) + 1));
        raw("<" + tag + " id=\"m-h-" + std::to_string(heading_index_++) + "\">");
        spans(b.spans);
        raw("</" + tag + ">");
        break;
      }
      case BlockKind::quote:
        raw("<blockquote>");
        blocks(b.children);
        raw("</blockquote>");
        break;
      case BlockKind::list:
        if (b.ordered) {
          raw(b.start != 1 ? "<ol start=\"" + std::to_string(b.start) + "\">" : std::string("<ol>"));
        } else {
          raw("<ul>");
        }
        blocks(b.children);
        raw(b.ordered ? "</ol>" : "</ul>");
        break;
      case BlockKind::list_item:
        raw("<li>");
        blocks(b.children);
        raw("</li>");
        break;
      case BlockKind::code_block:
        raw("<pre dir=\"ltr\"><code>");  // code reads left to right, also in an Arabic article
        text(b.text);
        raw("</code></pre>");
        break;
      case BlockKind::thematic_break:
        raw("<hr>");
        break;
      case BlockKind::image: {
        const bool ok = image_src_problem(b.url).empty();
        if (view_.page && ok) {  // a written page: the browser loads it (sized, so nothing moves)
          raw("<figure><img src=\"");
          text(view_.link_base + "content/" + b.url);
          const std::pair<int, int> size = view_.image_size ? view_.image_size(b.url) : std::pair<int, int>{0, 0};
          if (size.first > 0 && size.second > 0)
            raw("\" width=\"" + std::to_string(size.first) + "\" height=\"" + std::to_string(size.second));
          raw("\" loading=\"lazy\" decoding=\"async\" alt=\"");
        } else {  // the reader's mirror: the shell fetches it (checked) in text mode
          raw("<figure><img data-src=\"");
          text(ok ? b.url : std::string());
          raw("\" alt=\"");
        }
        text(b.text);
        raw("\">");
        if (!b.spans.empty()) {
          raw("<figcaption>");
          spans(b.spans);
          raw("</figcaption>");
        }
        raw("</figure>");
        break;
      }
    }
  }
  static void count_headings(const std::vector<Block>& list, std::vector<std::string>& out) {
    for (const Block& b : list) {
      if (b.kind == BlockKind::heading) out.push_back(plain_text(b.spans));
      count_headings(b.children, out);
    }
  }

  std::string article(std::string& language) {
    const Article* a = lib_.find_article(view_.route.id);
    if (!a) return not_found();
    const ChosenTranslation c = choose_translation(*a, view_.language, site_);
    if (!c.translation) return not_found();
    language = c.language;
    const Translation& t = *c.translation;
    raw("<article");
    lang_dir(c.language);
    raw("><p class=\"m-actions\">");
    // Back: the reader goes back in its history; without it, the article's section.
    const int sec = a->section_index;
    const Route up = sec >= 0 ? Route{Route::Kind::section, {}, site_.sections[static_cast<std::size_t>(sec)].id, {}, {}} : Route{};
    route_link(up, "back", tr_("article.back"));
    raw("</p>");
    if (sec >= 0) {
      raw("<p class=\"m-section\">");
      route_link(up, "section:" + up.id, site_.sections[static_cast<std::size_t>(sec)].label.pick(view_.language, site_.default_language));
      raw("</p>");
    }
    raw("<h1 id=\"m-title\">");
    text(t.title);
    raw("</h1><p class=\"m-meta\">");
    const std::string published = tr_("article.published");
    const std::size_t at = published.find("{date}");
    text(published.substr(0, at));
    date(a->date);
    if (at != std::string::npos) text(published.substr(at + 6));
    raw("</p>");
    if (c.fallback) {
      raw("<p class=\"m-note\">");
      text(format(tr_("article.fallback"), {{"wanted", language_name(site_, view_.language)}, {"shown", language_name(site_, c.language)}}));
      raw("</p>");
    }
    if (!t.summary.empty()) {
      raw("<p class=\"m-summary\">");
      text(t.summary);
      raw("</p>");
    }
    std::vector<std::string> headings;
    count_headings(t.body.blocks, headings);
    if (headings.size() >= 2) {
      raw("<nav class=\"m-toc\" aria-label=\"");
      text(tr_("toc.title"));
      raw("\"><ol>");
      for (std::size_t i = 0; i < headings.size(); ++i) {
        raw("<li><a href=\"#m-h-" + std::to_string(i) + "\"");
        data_key("toc:" + std::to_string(i));
        raw(">");
        text(headings[i]);
        raw("</a></li>");
      }
      raw("</ol></nav>");
    }
    if (!a->body_loaded || a->body_failed) {  // a bundled article whose file is on its way (or failed)
      raw("<p class=\"m-status\" role=\"status\">");
      text(a->body_failed ? tr_("errors.title") + ": " + a->body_file : tr_("status.loading"));
      raw("</p>");
    } else {
      raw("<div class=\"m-body\">");
      blocks(t.body.blocks);
      raw("</div>");
    }
    if (!a->contacts.empty()) {
      raw("<section class=\"m-contacts\"><h2>");
      text(tr_("article.contact"));
      raw("</h2>");
      for (const Contact& k : a->contacts) {
        raw("<address><p>");
        text(k.name);
        const std::string& office = k.office.pick(c.language, site_.default_language);
        if (!office.empty()) {
          raw("<br>");
          text(office);
        }
        if (!k.phone.empty()) contact_line(tr_("article.phone"), tel_link(k.phone), k.phone);
        if (!k.email.empty()) contact_line(tr_("article.email"), "mailto:" + k.email, k.email);
        raw("</p></address>");
      }
      raw("</section>");
    }
    if (!a->tags.empty()) {
      raw("<p class=\"m-tags\">");
      text(tr_("article.tags"));
      raw(": ");
      for (std::size_t i = 0; i < a->tags.size(); ++i) {
        if (i) raw(", ");
        text(a->tags[i]);
      }
      raw("</p>");
    }
    raw("</article>");
    return format(tr_("announce.article"), {{"title", t.title}});
  }
  // "<br>Phone <a href="tel:…">…</a>" in a contact card (the address as text when the link is refused).
  void contact_line(std::string_view label, const std::string& href, std::string_view shown) {
    raw("<br>");
    text(label);
    raw(" ");
    if (!is_allowed_link(href)) {
      text(shown);
      return;
    }
    raw("<a href=\"");
    text(href);
    raw("\">");
    text(shown);
    raw("</a>");
  }

  std::string search() {
    raw("<h1>");
    text(tr_("search.open"));
    raw("</h1><form class=\"m-search\" role=\"search\" data-search=\"\"");
    if (!view_.link_base.empty()) {  // without a script the words still reach the search page's address
      raw(" action=\"");
      text(route_href(Route{Route::Kind::search, view_.language, {}, {}, {}}, view_.link_base));
      raw("\" method=\"get\"");
    }
    raw("><label>");
    text(tr_("search.placeholder"));
    raw(" <input type=\"search\" name=\"q\" value=\"");
    text(view_.route.query);
    raw("\"></label></form><p class=\"m-filter\">");
    Route all = view_.route;
    all.filter.clear();
    route_link(all, "filter:", tr_("search.all"), view_.route.filter.empty());
    for (const Language& l : site_.languages) {
      raw(" ");
      Route one = view_.route;
      one.filter = l.code;
      route_link(one, "filter:" + l.code, l.name, view_.route.filter == l.code, l.code);
    }
    raw("</p>");
    if (view_.written) {  // a written page: search runs in the reader, which needs a script
      raw("<div class=\"m-nojs\"><p>");
      text(tr_("search.needs_script"));
      raw("</p><ul>");
      for (std::size_t i = 0; i < site_.sections.size(); ++i) {
        if (site_.sections[i].parent >= 0) continue;
        raw("<li>");
        route_link(Route{Route::Kind::section, {}, site_.sections[i].id, {}, {}}, "section:" + site_.sections[i].id,
                   site_.sections[i].label.pick(view_.language, site_.default_language));
        raw("</li>");
      }
      raw("</ul></div>");
    }
    std::string status;
    if (view_.route.query.empty()) return tr_("search.open");
    if (!view_.search_ready) status = tr_("status.loading");
    else if (view_.search_total == 0) status = tr_("search.none");
    else status = format(tr_("search.count"), {{"n", std::to_string(view_.search_total)}});
    raw("<p class=\"m-count\" role=\"status\">");
    text(status);
    raw("</p><ol class=\"m-results\">");
    for (const MirrorHit& h : view_.hits) {
      const Article* a = lib_.find_article(h.article_id);
      raw("<li");
      lang_dir(h.language);
      raw("><h2>");
      route_link(Route{Route::Kind::article, h.language, h.article_id, {}, {}}, "article:" + h.article_id, h.title);
      raw("</h2>");
      if (a) {
        raw("<p class=\"m-meta\">");
        const int sec = site_.find_section(a->section);
        if (sec >= 0) {
          text(site_.sections[static_cast<std::size_t>(sec)].label.pick(view_.language, site_.default_language));
          raw(" · ");
        }
        date(a->date);
        raw("</p>");
      }
      raw("<p>");
      std::size_t at = 0;
      for (const auto& [begin, end] : h.marks) {
        if (begin < at || end > h.snippet.size() || begin > end) continue;
        text(std::string_view(h.snippet).substr(at, begin - at));
        raw("<mark>");
        text(std::string_view(h.snippet).substr(begin, end - begin));
        raw("</mark>");
        at = end;
      }
      text(std::string_view(h.snippet).substr(at));
      raw("</p></li>");
    }
    raw("</ol>");
    return status;
  }

  std::string not_found() {
    raw("<h1>");
    text(tr_("notfound.title"));
    raw("</h1><p>");
    text(tr_("notfound.body"));
    raw("</p><p>");
    route_link(Route{Route::Kind::home, {}, {}, {}, {}}, "notfound-home", tr_("nav.home"));
    raw(" ");
    route_link(Route{Route::Kind::search, {}, {}, {}, {}}, "notfound-search", tr_("search.open"));
    raw("</p>");
    return tr_("notfound.title");
  }

  void problems() {
    if (lib_.issues.empty()) return;
    raw("<section class=\"m-problems\" aria-label=\"");
    text(tr_("errors.title"));
    raw("\"><h2>");
    text(tr_("errors.title"));
    raw("</h2><ul>");
    for (const LoadIssue& i : lib_.issues) {
      raw("<li>");
      text(i.to_string());
      raw("</li>");
    }
    raw("</ul></section>");
  }
};

}  // namespace

Mirror render_mirror(const Library& library, const MirrorView& view) { return Writer(library, view).render(); }

}  // namespace reader::core
