// Content loading and validation (see content_loader.h).
//
// Index of this file
// [SECTION] JSON parsing with positions
// [SECTION] Field helpers
// [SECTION] site.json
// [SECTION] Articles
// [SECTION] Library queries
#include "content_loader.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>

#include "i18n.h"
#include "json_locate.h"
#include "links.h"
#include "markdown.h"
#include "utf8.h"

namespace reader::core {

using nlohmann::json;

// ---------------------------------------------------------------------------------------------
// [SECTION] JSON parsing with positions
// ---------------------------------------------------------------------------------------------
namespace {

// SAX handler that accepts everything and remembers the first syntax error: nlohmann's DOM
// parser in no-exception mode only says "discarded", while editors need line and column.
struct ErrorFinder : nlohmann::json_sax<json> {
  std::size_t position = 0;
  std::string token;
  std::string message;
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t pos, const std::string& last_token, const nlohmann::detail::exception& ex) override {
    position = pos;
    token = last_token;
    message = ex.what();
    return false;
  }
};

// Parses `bytes` as JSON. On failure adds an issue "file:line:col" and returns a discarded value.
json parse_json(Library& lib, std::string_view file, std::string_view bytes, bool article, const LoadLimits& limits) {
  auto fail = [&](std::string field, std::string message) {
    lib.issues.push_back({std::string(file), std::move(field), std::move(message), article});
    return json(json::value_t::discarded);
  };
  if (bytes.size() > limits.max_file_bytes) {
    return fail("(file)", "the file is " + std::to_string(bytes.size()) + " bytes, over the limit of " +
                              std::to_string(limits.max_file_bytes) + "; split it or shorten the bodies");
  }
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") {  // tolerated, but reported: other tools choke on it
    lib.issues.push_back({std::string(file), "(file)", "starts with a byte-order mark (EF BB BF); save it as UTF-8 without BOM", false, 1, 1});
    bytes.remove_prefix(3);
  }
  // Nesting is bounded before parsing: no article needs more than a few levels, and a
  // pathological file must not cost deep recursion anywhere.
  {
    constexpr int kMaxNesting = 64;
    int depth = 0;
    bool in_string = false;
    for (std::size_t k = 0; k < bytes.size(); ++k) {
      const char ch = bytes[k];
      if (in_string) {
        if (ch == '\\') ++k;
        else if (ch == '"') in_string = false;
      } else if (ch == '"') {
        in_string = true;
      } else if (ch == '{' || ch == '[') {
        if (++depth > kMaxNesting) {
          const TextPosition p = text_position(bytes, k);
          fail("(file)", "is nested more than " + std::to_string(kMaxNesting) + " levels deep; an article needs only a few");
          lib.issues.back().line = p.line;
          lib.issues.back().column = p.column;
          return json(json::value_t::discarded);
        }
      } else if (ch == '}' || ch == ']') {
        --depth;
      }
    }
  }
  std::size_t bad = 0;
  if (!utf8_valid(bytes, &bad)) {
    const TextPosition p = text_position(bytes, bad);
    char hex[8];
    static constexpr char kDigits[] = "0123456789ABCDEF";
    const auto b = static_cast<unsigned char>(bytes[bad]);
    hex[0] = '0'; hex[1] = 'x'; hex[2] = kDigits[b >> 4]; hex[3] = kDigits[b & 15]; hex[4] = 0;
    fail("(file)", "byte " + std::string(hex) + " is not UTF-8; save the file as UTF-8 (or convert it: articlepack validate --from latin1)");
    lib.issues.back().line = p.line;
    lib.issues.back().column = p.column;
    return json(json::value_t::discarded);
  }
  json doc = json::parse(bytes.begin(), bytes.end(), nullptr, false);
  if (doc.is_discarded()) {
    ErrorFinder finder;
    json::sax_parse(bytes.begin(), bytes.end(), &finder, nlohmann::detail::input_format_t::json, true);
    // Point at the start of the offending token, where an editor looks for the mistake.
    const std::size_t offset = finder.position > finder.token.size() ? finder.position - finder.token.size() : 0;
    const TextPosition p = text_position(bytes, offset);
    std::string what = finder.message;  // "[json.exception...] parse error at line L, column C: what"
    if (auto cut = what.find(": "); cut != std::string::npos) what = what.substr(cut + 2);
    fail("(file)", "malformed JSON: " + what + "; fix the syntax at that point");
    lib.issues.back().line = p.line;
    lib.issues.back().column = p.column;
    return json(json::value_t::discarded);
  }
  if (!doc.is_object()) return fail("(file)", "the file must hold one JSON object { ... }");
  return doc;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Field helpers
// ---------------------------------------------------------------------------------------------

// Collects issues for one file; `skip` marks the whole article as rejected.
struct Checker {
  Library& lib;
  std::string file;
  bool article = false;
  bool skip = false;

  void error(std::string field, std::string message) {  // the article cannot be shown
    skip = true;
    lib.issues.push_back({file, std::move(field), std::move(message), article});
  }
  void warning(std::string field, std::string message) {  // a field is dropped, the rest shows
    lib.issues.push_back({file, std::move(field), std::move(message), false});
  }

  // A required non-empty string.
  const std::string* required_string(const json& obj, const char* key, const std::string& field) {
    auto it = obj.find(key);
    if (it == obj.end()) { error(field, "is missing; add \"" + std::string(key) + "\": \"...\""); return nullptr; }
    if (!it->is_string()) { error(field, "must be a string, not " + std::string(it->type_name())); return nullptr; }
    const std::string& s = it->get_ref<const std::string&>();
    if (std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isspace(c); })) {
      error(field, "is empty; give it a value");
      return nullptr;
    }
    return &s;
  }
  // An optional string: absent is fine, a non-string is dropped with a warning.
  std::string optional_string(const json& obj, const char* key, const std::string& field) {
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) return {};
    if (!it->is_string()) { warning(field, "must be a string, not " + std::string(it->type_name()) + "; it was ignored"); return {}; }
    return it->get<std::string>();
  }
  // Text per language: {"en": "...", ...} (or a plain string, taken for every language when
  // `plain_ok`). Unknown languages are reported.
  LocalText local_text(const json& value, const std::string& field, const Site* site, bool plain_ok, bool required) {
    LocalText out;
    if (value.is_string() && plain_ok) {
      out.by_language[""] = value.get<std::string>();
      return out;
    }
    if (!value.is_object()) {
      std::string msg = "must be an object of texts by language, like {\"en\": \"...\", \"fr\": \"...\"}";
      if (required) error(field, msg); else warning(field, msg + "; it was ignored");
      return out;
    }
    for (auto it = value.begin(); it != value.end(); ++it) {
      const std::string f = field + "." + it.key();
      if (site && !site->has_language(it.key())) { warning(f, "language '" + it.key() + "' is not declared in site.json; it was ignored"); continue; }
      if (!it->is_string()) { warning(f, "must be a string; it was ignored"); continue; }
      out.by_language[it.key()] = it->get<std::string>();
    }
    if (required && out.empty()) error(field, "has no text in any declared language");
    return out;
  }
};

bool valid_id(std::string_view id) {
  return !id.empty() && id.size() <= 120 &&
         std::all_of(id.begin(), id.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

bool valid_iso_date(std::string_view d) {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u})
    if (d[i] < '0' || d[i] > '9') return false;
  const int y = std::stoi(std::string(d.substr(0, 4)));
  const int m = (d[5] - '0') * 10 + (d[6] - '0');
  const int day = (d[8] - '0') * 10 + (d[9] - '0');
  if (m < 1 || m > 12 || day < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  const int max = kDays[m - 1] + (m == 2 && leap ? 1 : 0);
  return day <= max;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] site.json
// ---------------------------------------------------------------------------------------------

void load_sections(Checker& c, Site& site, const json& list, int parent, int depth, const std::string& field) {
  if (!list.is_array()) { c.error(field, "must be an array of sections"); return; }
  if (depth > 8) { c.error(field, "sections are nested more than 8 levels deep; flatten the tree"); return; }
  for (std::size_t i = 0; i < list.size(); ++i) {
    const json& s = list[i];
    const std::string f = field + "[" + std::to_string(i) + "]";
    if (!s.is_object()) { c.error(f, "must be an object with id, label and optional children"); continue; }
    const std::string* id = c.required_string(s, "id", f + ".id");
    if (!id) continue;
    if (!valid_id(*id)) { c.error(f + ".id", "'" + *id + "' may use only a-z, 0-9 and '-'"); continue; }
    if (site.find_section(*id) >= 0) { c.error(f + ".id", "'" + *id + "' is used by another section; ids must be unique"); continue; }
    Section sec;
    sec.id = *id;
    sec.parent = parent;
    sec.depth = depth;
    auto label = s.find("label");
    if (label == s.end()) { c.error(f + ".label", "is missing; add {\"en\": \"...\", ...}"); continue; }
    sec.label = c.local_text(*label, f + ".label", &site, false, true);
    if (auto d = s.find("description"); d != s.end()) sec.description = c.local_text(*d, f + ".description", &site, false, false);
    const int index = static_cast<int>(site.sections.size());
    site.sections.push_back(std::move(sec));
    if (parent >= 0) site.sections[static_cast<std::size_t>(parent)].children.push_back(index);
    if (auto ch = s.find("children"); ch != s.end()) load_sections(c, site, *ch, index, depth + 1, f + ".children");
  }
}

void load_site_fields(Library& lib, std::string_view file, std::string_view bytes, const LoadLimits& limits);
void load_article_fields(Library& lib, std::string_view file, std::string_view bytes, const LoadLimits& limits);

// Gives the issues of one file (from index `first` on) a line and column: where the field's
// value starts, or where its parent starts when the field is missing.
void locate_issues(Library& lib, std::size_t first, std::string_view bytes) {
  if (first >= lib.issues.size()) return;
  const std::size_t bom = bytes.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  const std::string_view body = bytes.substr(bom);
  const JsonLocations locations = locate_json_values(body);
  for (std::size_t i = first; i < lib.issues.size(); ++i) {
    LoadIssue& issue = lib.issues[i];
    if (issue.line > 0) continue;
    const TextPosition p = text_position(body, issue.field == "(file)" ? 0 : locate_field(locations, issue.field));
    issue.line = p.line;
    issue.column = p.column;
  }
}

}  // namespace

void load_site(Library& lib, std::string_view file, std::string_view bytes, const LoadLimits& limits) {
  const std::size_t first_issue = lib.issues.size();
  load_site_fields(lib, file, bytes, limits);
  locate_issues(lib, first_issue, bytes);
}

void load_article(Library& lib, std::string_view file, std::string_view bytes, const LoadLimits& limits) {
  const std::size_t first_issue = lib.issues.size();
  load_article_fields(lib, file, bytes, limits);
  locate_issues(lib, first_issue, bytes);
}

namespace {

void load_site_fields(Library& lib, std::string_view file, std::string_view bytes, const LoadLimits& limits) {
  lib.site = Site{};
  lib.site_ok = false;
  const json doc = parse_json(lib, file, bytes, false, limits);
  if (doc.is_discarded()) return;
  Checker c{lib, std::string(file)};
  Site& site = lib.site;

  auto langs = doc.find("languages");
  if (langs == doc.end() || !langs->is_array() || langs->empty()) {
    c.error("languages", "must be a non-empty array like [{\"code\": \"en\", \"name\": \"English\"}]");
    return;
  }
  for (std::size_t i = 0; i < langs->size(); ++i) {
    const json& l = (*langs)[i];
    const std::string f = "languages[" + std::to_string(i) + "]";
    if (!l.is_object()) { c.error(f, "must be an object with code and name"); continue; }
    const std::string* code = c.required_string(l, "code", f + ".code");
    const std::string* name = c.required_string(l, "name", f + ".name");
    if (!code || !name) continue;
    if (code->size() < 2 || code->size() > 3 || !std::all_of(code->begin(), code->end(), [](char ch) { return ch >= 'a' && ch <= 'z'; })) {
      c.error(f + ".code", "'" + *code + "' is not a two- or three-letter lower-case language code");
      continue;
    }
    if (site.has_language(*code)) { c.error(f + ".code", "'" + *code + "' is declared twice"); continue; }
    const std::string direction = c.optional_string(l, "direction", f + ".direction");
    if (!direction.empty() && direction != "ltr" && direction != "rtl")
      c.warning(f + ".direction", "'" + direction + "' is not \"ltr\" or \"rtl\"; left to right is used");
    site.languages.push_back({*code, *name, direction == "rtl"});
  }
  if (site.languages.empty()) return;

  if (const std::string* d = c.required_string(doc, "default_language", "default_language")) {
    if (site.has_language(*d)) site.default_language = *d;
    else c.error("default_language", "'" + *d + "' is not one of the declared languages");
  }
  if (site.default_language.empty()) site.default_language = site.languages.front().code;

  if (auto o = doc.find("organisation"); o != doc.end()) site.organisation = c.local_text(*o, "organisation", &site, true, true);
  else c.error("organisation", "is missing; add the organisation's name in each language");
  if (auto s = doc.find("short_name"); s != doc.end()) site.short_name = c.local_text(*s, "short_name", &site, true, false);
  // The public address: optional; the written pages' canonical links and sitemap need it.
  site.url = c.optional_string(doc, "url", "url");
  if (!site.url.empty() && !site.url.starts_with("https://") && !site.url.starts_with("http://")) {
    c.warning("url", "'" + site.url + "' is not an http or https address like \"https://reader.example.org/\"; it is ignored");
    site.url.clear();
  }
  if (!site.url.empty() && site.url.back() != '/') site.url += '/';

  // Interface strings: every key in every language; a gap is filled from the default language.
  auto strings = doc.find("strings");
  if (strings == doc.end() || !strings->is_object()) {
    c.error("strings", "must be an object of interface strings by language");
  } else {
    for (const Language& l : site.languages) {
      auto& table = site.strings[l.code];
      auto lang = strings->find(l.code);
      if (lang == strings->end() || !lang->is_object()) {
        c.warning("strings." + l.code, "is missing; the interface falls back to " + site.default_language + " for " + l.name);
        continue;
      }
      for (auto it = lang->begin(); it != lang->end(); ++it)
        if (it->is_string()) table[it.key()] = it->get<std::string>();
    }
    for (const Language& l : site.languages) {
      auto& table = site.strings[l.code];
      for (std::string_view key : kInterfaceKeys) {
        if (table.find(key) != table.end()) continue;
        if (strings->contains(l.code)) c.warning("strings." + l.code + "." + std::string(key), "is missing; add it (the default language's text is shown meanwhile)");
        auto& def = site.strings[site.default_language];
        if (auto d = def.find(key); d != def.end()) table.emplace(std::string(key), d->second);
      }
    }
  }

  if (auto secs = doc.find("sections"); secs != doc.end()) load_sections(c, site, *secs, -1, 0, "sections");
  else c.error("sections", "is missing; add the site's section tree");

  // Kiosk settings: optional; a bad value is reported and its default kept.
  if (auto k = doc.find("kiosk"); k != doc.end()) {
    if (!k->is_object()) {
      c.warning("kiosk", "must be an object like {\"idle_seconds\": 90}; kiosk defaults are used");
    } else {
      KioskSettings& ks = site.kiosk;
      const auto seconds = [&](const char* key, double& out, double min, double max) {
        auto v = k->find(key);
        if (v == k->end()) return;
        if (!v->is_number() || v->get<double>() < min || v->get<double>() > max) {
          c.warning(std::string("kiosk.") + key, "must be a number of seconds from " + std::to_string(static_cast<int>(min)) + " to " +
                                                     std::to_string(static_cast<int>(max)) + "; the default is used");
          return;
        }
        out = v->get<double>();
      };
      const auto flag = [&](const char* key, bool& out) {
        auto v = k->find(key);
        if (v == k->end()) return;
        if (!v->is_boolean()) { c.warning(std::string("kiosk.") + key, "must be true or false; the default is used"); return; }
        out = v->get<bool>();
      };
      flag("enabled", ks.enabled);
      flag("attract", ks.attract);
      seconds("idle_seconds", ks.idle_seconds, 5, 86400);
      seconds("attract_after_seconds", ks.attract_after_seconds, 0, 86400);
      seconds("attract_cycle_seconds", ks.attract_cycle_seconds, 2, 600);
      if (auto v = k->find("home_language"); v != k->end()) {
        if (v->is_string() && site.has_language(v->get<std::string>())) ks.home_language = v->get<std::string>();
        else c.warning("kiosk.home_language", "must be one of the site's languages; the default language is used");
      }
      if (auto v = k->find("featured"); v != k->end()) {
        if (!v->is_array()) c.warning("kiosk.featured", "must be an array of article ids; the newest articles are featured");
        else
          for (std::size_t i = 0; i < v->size(); ++i) {
            if ((*v)[i].is_string()) ks.featured.push_back((*v)[i].get<std::string>());
            else c.warning("kiosk.featured[" + std::to_string(i) + "]", "must be an article id (a string); left out");
          }
      }
    }
  }

  lib.site_ok = !c.skip;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Articles
// ---------------------------------------------------------------------------------------------

void load_article_fields(Library& lib, std::string_view file, std::string_view bytes, const LoadLimits& limits) {
  if (!lib.site_ok) {
    lib.issues.push_back({std::string(file), "(file)", "not loaded because site.json could not be loaded; fix site.json first", true});
    return;
  }
  const json doc = parse_json(lib, file, bytes, true, limits);
  if (doc.is_discarded()) return;
  Checker c{lib, std::string(file), true};
  const Site& site = lib.site;
  Article a;
  a.source_file = std::string(file);

  if (const std::string* id = c.required_string(doc, "id", "id")) {
    if (!valid_id(*id)) {
      c.error("id", "'" + *id + "' may use only a-z, 0-9 and '-' (at most 120 characters)");
    } else if (const Article* other = lib.find_article(*id)) {
      c.error("id", "'" + *id + "' is already used by " + other->source_file + "; give each article its own id");
    } else {
      a.id = *id;
    }
  }
  if (const std::string* section = c.required_string(doc, "section", "section")) {
    a.section_index = site.find_section(*section);
    if (a.section_index < 0) c.error("section", "'" + *section + "' is not a section of site.json; use one of its section ids");
    else a.section = *section;
  }
  if (const std::string* date = c.required_string(doc, "date", "date")) {
    if (!valid_iso_date(*date)) c.error("date", "'" + *date + "' is not an ISO 8601 date; write YYYY-MM-DD, e.g. 2009-06-05");
    else a.date = *date;
  }

  auto translations = doc.find("translations");
  if (translations == doc.end() || !translations->is_object() || translations->empty()) {
    c.error("translations", "must be an object with at least one language, like {\"en\": {\"title\": ..., \"body\": ...}}");
  } else {
    for (auto it = translations->begin(); it != translations->end(); ++it) {
      const std::string f = "translations." + it.key();
      if (!site.has_language(it.key())) {
        c.error(f, "language '" + it.key() + "' is not declared in site.json; use one of its language codes or declare it");
        continue;
      }
      if (!it->is_object()) { c.error(f, "must be an object with title, summary and body"); continue; }
      Translation t;
      const std::string* title = c.required_string(*it, "title", f + ".title");
      const std::string* body = c.required_string(*it, "body", f + ".body");
      t.summary = c.optional_string(*it, "summary", f + ".summary");
      if (!title || !body) continue;
      if (body->size() > limits.max_body_bytes) {
        c.error(f + ".body", "is " + std::to_string(body->size()) + " bytes, over the limit of " +
                                 std::to_string(limits.max_body_bytes) + "; split the article");
        continue;
      }
      t.title = *title;
      t.body_markdown = *body;
      t.body = parse_markdown(t.body_markdown);
      for (const RejectedLink& r : t.body.rejected_links) c.warning(f + ".body", r.reason + " (shown as plain text)");
      a.translations.emplace(it.key(), std::move(t));
    }
  }

  if (auto tags = doc.find("tags"); tags != doc.end()) {
    if (!tags->is_array()) c.warning("tags", "must be an array of strings; it was ignored");
    else
      for (std::size_t i = 0; i < tags->size(); ++i) {
        if ((*tags)[i].is_string()) a.tags.push_back((*tags)[i].get<std::string>());
        else c.warning("tags[" + std::to_string(i) + "]", "must be a string; it was ignored");
      }
  }
  if (auto contacts = doc.find("contacts"); contacts != doc.end()) {
    if (!contacts->is_array()) c.warning("contacts", "must be an array of contacts; it was ignored");
    else
      for (std::size_t i = 0; i < contacts->size(); ++i) {
        const json& ct = (*contacts)[i];
        const std::string f = "contacts[" + std::to_string(i) + "]";
        if (!ct.is_object() || !ct.contains("name") || !ct["name"].is_string() || ct["name"].get_ref<const std::string&>().empty()) {
          c.warning(f, "needs at least a non-empty \"name\"; this contact was ignored");
          continue;
        }
        Contact contact;
        contact.name = ct["name"].get<std::string>();
        if (auto o = ct.find("office"); o != ct.end()) contact.office = c.local_text(*o, f + ".office", &site, true, false);
        contact.phone = c.optional_string(ct, "phone", f + ".phone");
        contact.email = c.optional_string(ct, "email", f + ".email");
        if (!contact.email.empty() && contact.email.find('@') == std::string::npos) {
          c.warning(f + ".email", "'" + contact.email + "' is not an e-mail address; it was ignored");
          contact.email.clear();
        }
        a.contacts.push_back(std::move(contact));
      }
  }
  if (auto img = doc.find("image"); img != doc.end()) {
    if (!img->is_object() || !img->contains("src") || !(*img)["src"].is_string()) {
      c.warning("image", "must be an object with \"src\" (a path under assets/, like images/photo.jpg) and \"alt\"; it was ignored");
    } else {
      Image image;
      image.src = (*img)["src"].get<std::string>();
      if (std::string problem = image_src_problem(image.src); !problem.empty()) {
        c.warning("image.src", problem + "; the image was ignored");
      } else {
        if (auto alt = img->find("alt"); alt != img->end()) image.alt = c.local_text(*alt, "image.alt", &site, true, false);
        else c.warning("image.alt", "is missing; describe the image for people who cannot see it");
        if (auto cap = img->find("caption"); cap != img->end()) image.caption = c.local_text(*cap, "image.caption", &site, true, false);
        for (const char* dim : {"width", "height"}) {
          auto d = img->find(dim);
          if (d == img->end()) continue;
          if (!d->is_number_integer() || d->get<long long>() <= 0 || d->get<long long>() > 20000) {
            c.warning(std::string("image.") + dim, "must be a whole number of pixels between 1 and 20000; it was ignored");
            continue;
          }
          (std::string(dim) == "width" ? image.width : image.height) = static_cast<int>(d->get<long long>());
        }
        if ((image.width > 0) != (image.height > 0)) {
          c.warning("image", "give both width and height, or neither; the size was ignored");
          image.width = image.height = 0;
        }
        for (auto& [lang, t] : a.translations) {  // the lead image opens every translation's body
          Block block;
          block.kind = BlockKind::image;
          block.url = image.src;
          block.text = image.alt.pick(lang, site.default_language);
          const std::string& caption = image.caption.pick(lang, site.default_language);
          if (!caption.empty()) block.spans.push_back(Span{caption, kStyleEmphasis, {}, false});
          t.body.blocks.insert(t.body.blocks.begin(), std::move(block));
        }
        a.image = std::move(image);
      }
    }
  }

  if (c.skip) return;
  lib.add_article(std::move(a));
}

}  // namespace

void finish_loading(Library& lib) {
  const auto newest_first = [](const Article& x, const Article& y) { return x.date != y.date ? x.date > y.date : x.id < y.id; };
  // A bundle index is written in this order already: checking is cheaper than sorting.
  const bool sorted = std::is_sorted(lib.articles.begin(), lib.articles.end(), newest_first);
  if (!sorted) std::stable_sort(lib.articles.begin(), lib.articles.end(), newest_first);
  if (sorted && lib.by_id.size() == lib.articles.size()) return;  // add_article kept it right
  lib.by_id.clear();
  for (std::size_t i = 0; i < lib.articles.size(); ++i) lib.by_id[lib.articles[i].id] = i;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Library queries
// ---------------------------------------------------------------------------------------------

const Article* Library::find_article(std::string_view id) const {
  auto it = by_id.find(id);
  return it == by_id.end() ? nullptr : &articles[it->second];
}

void Library::add_article(Article article) {
  by_id[article.id] = articles.size();
  articles.push_back(std::move(article));
}

std::vector<const Article*> Library::articles_in(std::string_view section) const {
  std::vector<const Article*> out;
  const int root = section.empty() ? -1 : site.find_section(section);
  if (!section.empty() && root < 0) return out;
  for (const Article& a : articles)
    if (root < 0 || site.is_within(a.section_index, root)) out.push_back(&a);
  return out;
}

}  // namespace reader::core
