// The semantic mirror: landmarks and links for every view, the article's text as the model has
// it, and nothing from an article ever reaching the page as markup.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include <nlohmann/json.hpp>

#include "core/i18n.h"
#include "core/links.h"
#include "core/mirror.h"
#include "test_files.h"

using namespace reader::core;
using reader::test::read_file;
using reader::test::source_path;

namespace {

Library bundled() {
  Library lib;
  load_site(lib, "site.json", read_file(source_path("assets/site.json")));
  for (const auto& e : std::filesystem::directory_iterator(source_path("assets/articles")))
    load_article(lib, e.path().filename().string(), read_file(e.path().string()));
  finish_loading(lib);
  return lib;
}

MirrorView view_of(std::string_view hash) {
  MirrorView v;
  v.route = parse_route(hash);
  v.language = v.route.language.empty() ? "en" : v.route.language;
  return v;
}

// A strict reading of the mirror's markup: every tag and attribute is one the mirror may write,
// every href is a route of the reader or an allowed link, and tags nest properly. Returns the
// text content (character references decoded), block elements separated by spaces.
struct Checked {
  std::string text;
  std::vector<std::string> problems;
  std::vector<std::string> hrefs;
  std::set<std::string> tags;
};

std::string decode(std::string_view s, std::vector<std::string>& problems) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') { out += s[i]; continue; }
    const std::size_t semi = s.find(';', i);
    const std::string_view ref = semi == std::string_view::npos ? s.substr(i) : s.substr(i, semi - i + 1);
    if (ref == "&amp;") out += '&';
    else if (ref == "&lt;") out += '<';
    else if (ref == "&gt;") out += '>';
    else if (ref == "&quot;") out += '"';
    else if (ref == "&#39;") out += '\'';
    else { problems.push_back("unknown reference " + std::string(ref)); return out; }
    i += ref.size() - 1;
  }
  return out;
}

Checked check_markup(std::string_view html) {
  static const std::set<std::string, std::less<>> kTags = {
      "header", "nav", "main", "article", "section", "ul", "ol", "li", "a", "p", "h1", "h2", "h3", "h4", "h5", "h6",
      "blockquote", "pre", "code", "em", "strong", "mark", "br", "hr", "figure", "figcaption", "img", "time",
      "address", "button", "form", "label", "input", "div", "details", "summary", "span"};
  static const std::set<std::string, std::less<>> kVoid = {"br", "hr", "img", "input"};
  static const std::set<std::string, std::less<>> kInline = {"a", "em", "strong", "code", "mark", "time"};
  static const std::set<std::string, std::less<>> kAttrs = {
      "href", "data-key", "aria-current", "lang", "dir", "hreflang", "class", "aria-label", "id", "tabindex", "type", "disabled",
      "aria-pressed", "rel", "target", "datetime", "start", "data-src", "alt", "role", "data-search", "name", "value",
      "src", "width", "height", "loading", "decoding", "action", "method"};
  Checked c;
  std::vector<std::string> open;
  std::size_t i = 0;
  while (i < html.size()) {
    const std::size_t lt = html.find('<', i);
    const std::string_view chunk = html.substr(i, lt == std::string_view::npos ? std::string_view::npos : lt - i);
    if (chunk.find('>') != std::string_view::npos) c.problems.push_back("a bare '>' in text");
    c.text += decode(chunk, c.problems);
    if (lt == std::string_view::npos) break;
    const std::size_t gt = html.find('>', lt);
    REQUIRE(gt != std::string_view::npos);
    std::string_view tag = html.substr(lt + 1, gt - lt - 1);
    i = gt + 1;
    if (tag.starts_with("/")) {
      const std::string name(tag.substr(1));
      if (open.empty() || open.back() != name) { c.problems.push_back("</" + name + "> closes nothing open"); continue; }
      open.pop_back();
      if (!kInline.count(name)) c.text += ' ';
      continue;
    }
    const std::size_t sp = tag.find(' ');
    const std::string name(tag.substr(0, sp));
    c.tags.insert(name);
    if (!kTags.count(name)) c.problems.push_back("tag <" + name + ">");
    std::string_view attrs = sp == std::string_view::npos ? std::string_view() : tag.substr(sp + 1);
    while (!attrs.empty()) {
      while (!attrs.empty() && attrs.front() == ' ') attrs.remove_prefix(1);
      if (attrs.empty()) break;
      const std::size_t eq = attrs.find_first_of("= ");
      const std::string attr(attrs.substr(0, eq));
      if (!kAttrs.count(attr)) c.problems.push_back("attribute " + attr + " on <" + name + ">");
      if (eq == std::string_view::npos || attrs[eq] == ' ') { attrs.remove_prefix(eq == std::string_view::npos ? attrs.size() : eq); continue; }
      if (eq + 1 >= attrs.size() || attrs[eq + 1] != '"') { c.problems.push_back("unquoted value of " + attr); break; }
      const std::size_t end = attrs.find('"', eq + 2);
      if (end == std::string_view::npos) { c.problems.push_back("unterminated value of " + attr); break; }
      const std::string value = decode(attrs.substr(eq + 2, end - eq - 2), c.problems);
      if (attr == "href") {
        c.hrefs.push_back(value);
        // A route (hash, or a page path below the site's root), a place in the page, or an allowed link.
        const bool route = value.starts_with("#/") || value.starts_with("../") || value.starts_with("/reader/");
        if (!route && !value.starts_with("#m-") && !is_allowed_link(value)) c.problems.push_back("href " + value);
      }
      attrs.remove_prefix(end + 1);
    }
    if (!kVoid.count(name)) open.push_back(name);
    else c.text += ' ';
  }
  if (!open.empty()) c.problems.push_back("<" + open.back() + "> left open");
  return c;
}

std::string squash(std::string_view s) {  // runs of white space as one space, trimmed
  std::string out;
  for (const char ch : s) {
    const bool space = ch == ' ' || ch == '\n' || ch == '\t';
    if (space) { if (!out.empty() && out.back() != ' ') out += ' '; }
    else out += ch;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

void words_of(const std::vector<Block>& blocks, std::string& out) {
  for (const Block& b : blocks) {
    out += ' ';
    if (b.kind == BlockKind::code_block) out += b.text;
    else if (b.kind == BlockKind::image) { for (const Span& s : b.spans) out += s.text; }
    else for (const Span& s : b.spans) out += s.hard_break ? " " : s.text;
    words_of(b.children, out);
  }
}

}  // namespace

TEST_CASE("mirror: every view has its landmarks, language links and well-formed markup") {
  const Library lib = bundled();
  REQUIRE(lib.issues.empty());
  for (const char* hash : {"#/en/", "#/fr/section/where-we-work", "#/es/article/colombia-counter-trafficking-agreement",
                           "#/fr/search?q=migration", "#/en/nowhere/at/all"}) {
    CAPTURE(hash);
    const Mirror m = render_mirror(lib, view_of(hash));
    const Checked c = check_markup(m.html);
    CHECK(c.problems.empty());
    for (const std::string& p : c.problems) MESSAGE(p);
    CHECK(c.tags.count("header"));
    CHECK(c.tags.count("nav"));
    CHECK(c.tags.count("main"));
    CHECK(c.tags.count("h1"));
    CHECK_FALSE(m.announce.empty());
    // Each language of the site is offered, as a link to the same view in that language.
    for (const Language& l : lib.site.languages)
      CHECK(m.html.find("data-key=\"lang:" + l.code + "\"") != std::string::npos);
  }
  const Mirror home = render_mirror(lib, view_of("#/en/"));
  CHECK(home.html.find("href=\"#/en/section/where-we-work\"") != std::string::npos);
  CHECK(home.html.find("href=\"#/en/article/colombia-counter-trafficking-agreement\"") != std::string::npos);
  CHECK(home.html.find("aria-current=\"page\"") != std::string::npos);
  const Mirror fr = render_mirror(lib, view_of("#/fr/article/colombia-counter-trafficking-agreement"));
  CHECK(fr.language == "fr");
  CHECK(fr.announce.starts_with("Article"));
  CHECK(fr.html.find("href=\"#/es/article/colombia-counter-trafficking-agreement\"") != std::string::npos);
  CHECK(fr.html.find("<address>") != std::string::npos);  // the contact card
  CHECK(fr.html.find("href=\"mailto:") != std::string::npos);
}

TEST_CASE("mirror: an article's text is the model's text, headings and table of contents in order") {
  const Library lib = bundled();
  for (const Article& a : lib.articles) {
    for (const auto& entry : a.translations) {
      const std::string& lang = entry.first;  // not a structured binding: clang 14 cannot capture one
      const Translation& t = entry.second;
      CAPTURE(a.id);
      CAPTURE(lang);
      MirrorView v = view_of("#/" + lang + "/article/" + a.id);
      const Mirror m = render_mirror(lib, v);
      const Checked c = check_markup(m.html);
      REQUIRE(c.problems.empty());
      std::string body;
      words_of(t.body.blocks, body);
      CHECK(squash(c.text).find(squash(body)) != std::string::npos);
      CHECK(squash(c.text).find(squash(t.title)) != std::string::npos);
    }
  }
  const Article* with_headings = nullptr;
  for (const Article& a : lib.articles) {
    int n = 0;
    for (const Block& b : a.translations.begin()->second.body.blocks) n += b.kind == BlockKind::heading;
    if (n >= 2) with_headings = &a;
  }
  REQUIRE(with_headings);
  const std::string lang = with_headings->translations.begin()->first;
  const Mirror m = render_mirror(lib, view_of("#/" + lang + "/article/" + with_headings->id));
  CHECK(m.html.find("data-key=\"toc:0\"") != std::string::npos);
  CHECK(m.html.find("data-key=\"toc:1\"") != std::string::npos);
  CHECK(m.html.find("id=\"m-h-1\"") != std::string::npos);
  CHECK(m.html.find("<h1 id=\"m-h-") == std::string::npos);  // body headings start below the title's h1
}

TEST_CASE("mirror: hostile article content never becomes markup") {
  Library lib;
  load_site(lib, "site.json", read_file(source_path("assets/site.json")));
  std::string deep;
  for (int i = 0; i < 10000; ++i) deep += "<div>";
  deep += "deep";
  for (int i = 0; i < 10000; ++i) deep += "</div>";
  const std::string body =
      "Intro <script>alert(1)</script> and <img src=x onerror=\"alert(2)\"> and <!-- a comment -->.\n\n"
      "[click](javascript:alert(3)) [data](data:text/html,<script>alert(4)</script>) [ok](https://example.org/a?b=1&c=\"2\")\n\n"
      "<iframe src=\"https://evil.example\"></iframe>\n\n" + deep + "\n\n> <b onmouseover=alert(5)>quoted</b>\n\n"
      "![alt \" onload=\"alert(6)](images/nothing.png \"cap <i>\")\n";
  nlohmann::json article = {{"id", "hostile"}, {"section", "where-we-work"}, {"date", "2024-01-02"},
                            {"translations", {{"en", {{"title", "<script>alert('t')</script> & \"title\""}, {"summary", "<b>s</b>"}, {"body", body}}}}}};
  load_article(lib, "hostile.json", article.dump());
  finish_loading(lib);
  REQUIRE(lib.find_article("hostile"));
  for (const char* hash : {"#/en/article/hostile", "#/en/", "#/en/section/where-we-work"}) {
    CAPTURE(hash);
    const Mirror m = render_mirror(lib, view_of(hash));
    const Checked c = check_markup(m.html);
    CHECK(c.problems.empty());
    for (const std::string& p : c.problems) MESSAGE(p);
    CHECK(c.tags.count("script") == 0);
    CHECK(c.tags.count("iframe") == 0);
    CHECK(m.html.find("<div>") == std::string::npos);  // the article's tags are text
    for (const std::string& href : c.hrefs) {
      CHECK(href.find("javascript:") == std::string::npos);
      CHECK(href.find("data:") == std::string::npos);
    }
  }
  const Mirror m = render_mirror(lib, view_of("#/en/article/hostile"));
  const Checked c = check_markup(m.html);
  // The text is all there, as text.
  CHECK(c.text.find("<script>alert('t')</script> & \"title\"") != std::string::npos);
  CHECK(m.html.find("&lt;script&gt;") != std::string::npos);
  CHECK(std::find(c.hrefs.begin(), c.hrefs.end(), "https://example.org/a?b=1&c=\"2\"") != c.hrefs.end());
}

TEST_CASE("mirror: with a link base, links are the pages' paths: a written page loads its images and works without a script") {
  const Library lib = bundled();
  MirrorView v = view_of("#/fr/article/central-sahel-displacement-report");
  v.link_base = "../../../";
  v.page = true;
  v.image_size = [](std::string_view src) { return src == "images/sahel-shelter-chart.webp" ? std::pair{960, 540} : std::pair{0, 0}; };
  const Mirror m = render_mirror(lib, v);
  const Checked c = check_markup(m.html);
  CHECK(c.problems.empty());
  for (const std::string& p : c.problems) MESSAGE(p);
  for (const std::string& href : c.hrefs) CHECK_FALSE(href.starts_with("#/"));  // no hash route left
  CHECK(m.html.find("href=\"../../../es/article/central-sahel-displacement-report/\"") != std::string::npos);  // the same view in Spanish
  CHECK(m.html.find("href=\"../../../fr/section/data-and-research/\" data-key=\"back\"") != std::string::npos);  // back: the section
  CHECK(m.html.find("src=\"../../../content/images/sahel-shelter-chart.webp\" width=\"960\" height=\"540\"") != std::string::npos);
  CHECK(m.html.find("data-src=") == std::string::npos);
  CHECK(m.html.find("href=\"#m-h-1\" data-key=\"toc:1\"") != std::string::npos);  // the table of contents jumps without a script
  // The reader's own controls are marked as needing a script; the menu folds without one.
  CHECK(m.html.find("class=\"m-js\" data-key=\"theme\"") != std::string::npos);
  CHECK(m.html.find("<details class=\"m-menu\"><summary data-key=\"nav-toggle\">") != std::string::npos);
  // Only the branch of the article's section is unfolded.
  CHECK(m.html.find("section:agenda-2030") != std::string::npos);

  MirrorView search = view_of("#/fr/search");
  search.link_base = "../../";
  search.page = true;
  search.written = true;
  const Mirror s = render_mirror(lib, search);
  CHECK(check_markup(s.html).problems.empty());
  CHECK(s.html.find("action=\"../../fr/search/\" method=\"get\"") != std::string::npos);
  CHECK(s.html.find(tr(lib.site, "fr", "search.needs_script")) != std::string::npos);

  MirrorView running = view_of("#/en/");
  running.link_base = "/reader/";
  const Mirror r = render_mirror(lib, running);
  CHECK(r.html.find("href=\"/reader/en/section/where-we-work/\"") != std::string::npos);
  CHECK(r.html.find("href=\"/reader/es/\"") != std::string::npos);
}
