// The site and its articles as the reader knows them after loading (see content_loader.h).
//
// Everything here is validated data: ids are unique, sections exist, languages are declared,
// every article has at least one translation with a non-empty title and a parsed body.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "document.h"

namespace reader::core {

// Text given in several languages, keyed by language code ("en", "fr", ...).
struct LocalText {
  std::map<std::string, std::string, std::less<>> by_language;
  // The text in `language`, or nullptr.
  const std::string* find(std::string_view language) const;
  // The text in `language`, else in `fallback`, else any, else "".
  const std::string& pick(std::string_view language, std::string_view fallback) const;
  bool empty() const { return by_language.empty(); }
};

struct Language {
  std::string code;  // BCP 47 primary subtag, lower case
  std::string name;  // the language's own name ("Français")
  bool rtl = false;  // written right to left ("direction": "rtl" in site.json): the interface mirrors
};

struct Section {
  std::string id;
  LocalText label;
  LocalText description;  // optional, shown on the section's page
  int parent = -1;        // index into Site::sections, -1 for a top-level section
  int depth = 0;
  std::vector<int> children;
};

// Kiosk mode (unattended touch screens): optional "kiosk" block of site.json; `?kiosk` in the
// URL turns it on too. Defaults are used for what the block does not say.
struct KioskSettings {
  bool enabled = false;                // the site is a kiosk whatever the URL
  double idle_seconds = 90;            // without a touch: back home, in the home language
  std::string home_language;           // "" = the site's default language
  std::vector<std::string> featured;   // article ids the attract screen cycles through ("" = the newest)
  bool attract = true;                 // show the attract screen after the reset
  double attract_after_seconds = 30;   // ... this long after the reset
  double attract_cycle_seconds = 6;    // one featured headline this long
};

struct Site {
  LocalText organisation;
  LocalText short_name;
  // Where the site is published ("https://reader.example.org/", ending in '/'): the absolute
  // addresses of the written pages (canonical links, sitemap, link previews). Optional.
  std::string url;
  std::string default_language;
  std::vector<Language> languages;
  // Interface strings: language -> key -> text. Every declared language has every key of
  // kInterfaceKeys after loading (a missing one is reported and filled from the default language).
  std::map<std::string, std::map<std::string, std::string, std::less<>>, std::less<>> strings;
  std::vector<Section> sections;  // depth-first order, as in the file
  KioskSettings kiosk;

  int find_section(std::string_view id) const;  // index or -1
  bool has_language(std::string_view code) const;
  bool is_rtl(std::string_view code) const;  // a declared right-to-left language
  // True when `section` is `ancestor` or lies below it.
  bool is_within(int section, int ancestor) const;
};

struct Contact {
  std::string name;
  LocalText office;
  std::string phone;
  std::string email;
};

struct Translation {
  std::string title;
  std::string summary;
  std::string body_markdown;
  Document body;
};

// The article's lead image. The loader also puts it at the top of every translation's body
// (an image block with that language's alt text and caption), so it is laid out like any image.
struct Image {
  std::string src;  // path relative to assets/, e.g. "images/suva.jpg"
  LocalText alt;
  LocalText caption;
  int width = 0, height = 0;  // optional; when given, the placeholder has the right size at once
};

struct Article {
  std::string id;
  std::string section;
  int section_index = -1;  // index of `section` in Site::sections, resolved once at load
  std::string date;  // ISO 8601 YYYY-MM-DD
  std::vector<std::string> tags;
  std::vector<Contact> contacts;
  std::optional<Image> image;
  std::map<std::string, Translation, std::less<>> translations;
  std::string source_file;  // where it was loaded from, for messages

  // Articles listed by a bundle index (bundle.h) carry titles and summaries only; their bodies
  // (and contacts, lead image) come from `body_file` when the article is opened.
  std::string body_file;
  bool body_loaded = true;
  bool body_failed = false;  // the body file could not be loaded: see the library's issues
};

// One problem found while loading content. `article_skipped` is true when the whole article
// was left out; false when only a field was dropped and the article still shows.
struct LoadIssue {
  std::string file;
  std::string field;
  std::string message;
  bool article_skipped = false;
  std::size_t line = 0, column = 0;  // where in the file (1-based; 0 when not known)

  // "file:line:column: field: message", the form editors' tools understand.
  std::string to_string() const;
};

}  // namespace reader::core
