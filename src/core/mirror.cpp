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

  Mirror render() {
    Mirror m;
    m.language = view_.language;
    header();
    navigation();
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
    raw("<a href=\"");
    text(format_route(r));
    raw("\" data-key=\"");
    text(key);
    raw("\"");
    if (current) raw(" aria-current=\"page\"");
    if (!lang.empty()) {
      lang_dir(lang);
      raw(" hreflang=\"");
      text(lang);
      raw("\"");
    }
    raw(">");
    text(label);
    raw("</a>");
  }
  void button(std::string_view key, std::string_view label, bool enabled = true, bool pressed_state = false, bool pressed = false) {
    raw("<button type=\"button\" data-key=\"");
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

  void header() {
    raw("<header><button type=\"button\" class=\"m-skip\" data-key=\"skip\">");
    text(tr_("a11y.skip"));
    raw("</button><p class=\"m-org\">");
    route_link(Route{Route::Kind::home, {}, {}, {}, {}}, "section:", site_.organisation.pick(view_.language, site_.default_language));
    raw("</p><nav class=\"m-languages\" aria-label=\"");
    text(tr_("nav.language"));
    raw("\"><ul>");
    for (const Language& l : site_.languages) {
      raw("<li>");
      route_link(in_language(l.code), "lang:" + l.code, l.name, l.code == view_.language, l.code);
      raw("</li>");
    }
    raw("</ul></nav><div class=\"m-controls\">");
    Route search{Route::Kind::search, {}, {}, {}, {}};
    route_link(search, "search", tr_("search.open"), view_.route.kind == Route::Kind::search);
    button("text-smaller", tr_("settings.text_smaller"), view_.can_shrink_text);
    button("text-larger", tr_("settings.text_larger"), view_.can_grow_text);
    button("theme", tr_(view_.dark ? "settings.theme_light" : "settings.theme_dark"));
    button("text-mode", tr_("textmode.switch"), true, true, view_.text_mode);
    raw("</div></header>");
  }

  void section_item(int index, int current) {
    const Section& s = site_.sections[static_cast<std::size_t>(index)];
    raw("<li>");
    route_link(Route{Route::Kind::section, {}, s.id, {}, {}}, "section:" + s.id, s.label.pick(view_.language, site_.default_language), index == current);
    if (!s.children.empty()) {
      raw("<ul>");
      for (int child : s.children) section_item(child, current);
      raw("</ul>");
    }
    raw("</li>");
  }
  void navigation() {
    const bool in_section = view_.route.kind == Route::Kind::section;
    const int current = in_section ? site_.find_section(view_.route.id) : -1;
    raw("<nav class=\"m-sections\" aria-label=\"");
    text(tr_("nav.sections"));
    raw("\"><ul><li>");
    route_link(Route{Route::Kind::home, {}, {}, {}, {}}, "section:", tr_("list.latest"), view_.route.kind == Route::Kind::home);
    raw("</li>");
    for (std::size_t i = 0; i < site_.sections.size(); ++i)
      if (site_.sections[i].parent < 0) section_item(static_cast<int>(i), current);
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
        raw("\" data-key=\"link:");
        text(s.url);
        raw("\" rel=\"noopener noreferrer\" target=\"_blank\">");
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
      case BlockKind::image:
        raw("<figure><img data-src=\"");
        text(image_src_problem(b.url).empty() ? b.url : std::string());
        raw("\" alt=\"");
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
    raw("><p>");
    button("back", tr_("article.back"));
    raw("</p><h1>");
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
        raw("<li>");
        button("toc:" + std::to_string(i), headings[i]);
        raw("</li>");
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
    raw("</h1><form class=\"m-search\" role=\"search\" data-search=\"\"><label>");
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
