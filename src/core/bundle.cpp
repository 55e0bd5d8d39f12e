// Bundle index and lazily loaded article files (see bundle.h).
#include "bundle.h"

#include <nlohmann/json.hpp>

#include "links.h"
#include "utf8.h"

namespace reader::core {

std::string make_index(const Library& lib, const std::map<std::string, BundleFile, std::less<>>& file_of) {
  nlohmann::ordered_json articles = nlohmann::ordered_json::array();
  for (const Article& a : lib.articles) {
    auto f = file_of.find(a.id);
    if (f == file_of.end()) continue;
    nlohmann::ordered_json e;
    e["id"] = a.id;
    e["section"] = a.section;
    e["date"] = a.date;
    e["tags"] = a.tags;
    e["file"] = f->second.path;  // its SHA-256 and size are in the manifest
    if (a.image && a.image->width > 0) e["image"] = {{"src", a.image->src}, {"width", a.image->width}, {"height", a.image->height}};
    nlohmann::ordered_json t = nlohmann::ordered_json::object();
    for (const auto& [lang, tr] : a.translations) {
      nlohmann::ordered_json one = {{"title", tr.title}};
      if (!tr.summary.empty()) one["summary"] = tr.summary;
      t[lang] = std::move(one);
    }
    e["translations"] = std::move(t);
    articles.push_back(std::move(e));
  }
  nlohmann::ordered_json index = {{"format", 2}, {"articles", std::move(articles)}};
  return index.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

namespace {

// One index entry as read, before it is checked.
struct RawEntry {
  std::string id, section, date, file, image_src;
  long long image_width = 0, image_height = 0;
  std::vector<std::string> tags;
  std::vector<std::pair<std::string, Translation>> translations;
  bool translation_has_title = true;
};

// Reads the index as a stream of SAX events straight into entries: no document tree, no map
// per object (10,000 entries parse several times faster than through a DOM).
class IndexReader : public nlohmann::json_sax<nlohmann::json> {
 public:
  std::vector<RawEntry> entries;
  bool saw_articles = false;
  std::string error;

  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t v) override { return number(static_cast<long long>(v)); }
  bool number_unsigned(number_unsigned_t v) override { return number(static_cast<long long>(v)); }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool string(string_t& v) override {
    if (depth_ == 3 && entry_) {  // a field of an entry
      if (key_ == "id") entry_->id = std::move(v);
      else if (key_ == "section") entry_->section = std::move(v);
      else if (key_ == "date") entry_->date = std::move(v);
      else if (key_ == "file") entry_->file = std::move(v);
    } else if (depth_ == 4 && entry_ && in_ == In::tags) {
      entry_->tags.push_back(std::move(v));
    } else if (depth_ == 4 && entry_ && in_ == In::image && key_ == "src") {
      entry_->image_src = std::move(v);
    } else if (depth_ == 5 && entry_ && in_ == In::translation) {
      if (key_ == "title") entry_->translations.back().second.title = std::move(v);
      else if (key_ == "summary") entry_->translations.back().second.summary = std::move(v);
    }
    return true;
  }
  bool start_object(std::size_t) override {
    ++depth_;
    if (depth_ == 3 && in_articles_) { entries.emplace_back(); entry_ = &entries.back(); in_ = In::entry; }
    else if (depth_ == 4 && entry_ && key_ == "image") in_ = In::image;
    else if (depth_ == 4 && entry_ && key_ == "translations") in_ = In::translations;
    else if (depth_ == 5 && entry_ && in_ == In::translations) { entry_->translations.push_back({key_, Translation{}}); in_ = In::translation; }
    return true;
  }
  bool key(string_t& k) override {
    key_ = std::move(k);
    return true;
  }
  bool end_object() override {
    if (depth_ == 5 && in_ == In::translation) in_ = In::translations;
    else if (depth_ == 4 && (in_ == In::image || in_ == In::translations)) in_ = In::entry;
    else if (depth_ == 3) { entry_ = nullptr; in_ = In::none; }
    --depth_;
    return true;
  }
  bool start_array(std::size_t) override {
    ++depth_;
    if (depth_ == 2 && key_ == "articles") { in_articles_ = true; saw_articles = true; }
    else if (depth_ == 4 && entry_ && key_ == "tags") in_ = In::tags;
    return true;
  }
  bool end_array() override {
    if (depth_ == 2) in_articles_ = false;
    else if (depth_ == 4 && in_ == In::tags) in_ = In::entry;
    --depth_;
    return true;
  }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& ex) override {
    error = "byte " + std::to_string(position) + ": " + ex.what();
    return false;
  }

 private:
  enum class In { none, entry, tags, image, translations, translation };
  bool number(long long v) {
    if (depth_ == 4 && entry_ && in_ == In::image) {
      if (key_ == "width") entry_->image_width = v;
      else if (key_ == "height") entry_->image_height = v;
    }
    return true;
  }
  int depth_ = 0;
  bool in_articles_ = false;
  RawEntry* entry_ = nullptr;
  In in_ = In::none;
  std::string key_;
};

}  // namespace

void load_index(Library& lib, std::string_view file, std::string_view bytes) {
  auto issue = [&](std::string field, std::string message) {
    lib.issues.push_back({std::string(file), std::move(field), std::move(message), true});
  };
  if (!lib.site_ok) { issue("(file)", "not loaded because site.json could not be loaded; fix site.json first"); return; }
  if (!utf8_valid(bytes)) { issue("(file)", "is not UTF-8; rebuild the bundle with articlepack build"); return; }
  IndexReader reader;
  nlohmann::json::sax_parse(bytes.begin(), bytes.end(), &reader, nlohmann::detail::input_format_t::json, true);
  if (!reader.error.empty() || !reader.saw_articles) {
    issue("(file)", "is not a bundle index ({\"format\": 2, \"articles\": [...]})" +
                        (reader.error.empty() ? std::string() : " (" + reader.error + ")") + "; rebuild it with articlepack build");
    return;
  }
  lib.articles.reserve(lib.articles.size() + reader.entries.size());
  for (std::size_t i = 0; i < reader.entries.size(); ++i) {
    RawEntry& e = reader.entries[i];
    const std::string at = "articles[" + std::to_string(i) + "]";
    Article a;
    a.id = std::move(e.id);
    a.section = std::move(e.section);
    a.date = std::move(e.date);
    a.body_file = std::move(e.file);
    a.source_file = a.body_file;
    a.body_loaded = false;
    a.tags = std::move(e.tags);
    a.section_index = lib.site.find_section(a.section);
    if (a.id.empty() || a.body_file.empty() || a.date.size() != 10) { issue(at, "needs an id, a date and a file; rebuild the bundle"); continue; }
    if (a.section_index < 0) { issue(at + ".section", "'" + a.section + "' is not a section of site.json"); continue; }
    if (!image_src_problem(a.body_file).empty()) { issue(at + ".file", "'" + a.body_file + "' is not a path inside the bundle"); continue; }
    if (lib.find_article(a.id)) { issue(at + ".id", "'" + a.id + "' is listed twice"); continue; }
    if (!e.image_src.empty() && image_src_problem(e.image_src).empty() && e.image_width > 0 && e.image_height > 0 &&
        e.image_width <= 20000 && e.image_height <= 20000) {
      Image image;
      image.src = std::move(e.image_src);
      image.width = static_cast<int>(e.image_width);
      image.height = static_cast<int>(e.image_height);
      a.image = std::move(image);
    }
    for (auto& [lang, t] : e.translations) {
      if (!lib.site.has_language(lang) || t.title.empty()) {
        issue(at + ".translations." + lang, "needs a title in a language of site.json");
        continue;
      }
      a.translations.emplace(std::move(lang), std::move(t));
    }
    if (a.translations.empty()) { issue(at + ".translations", "has no translation with a title"); continue; }
    lib.add_article(std::move(a));
  }
}

void load_article_body(Library& lib, std::string_view file, std::string_view bytes, const LoadLimits& limits) {
  Article* indexed = nullptr;
  for (Article& a : lib.articles)
    if (!a.body_loaded && a.body_file == file) indexed = &a;
  if (!indexed) return;  // not asked for, or already loaded
  Library one;
  one.site = lib.site;
  one.site_ok = lib.site_ok;
  load_article(one, file, bytes, limits);
  for (LoadIssue& i : one.issues) lib.issues.push_back(std::move(i));
  if (one.articles.size() != 1 || one.articles[0].id != indexed->id) {
    if (one.articles.size() == 1)
      lib.issues.push_back({std::string(file), "id", "holds article '" + one.articles[0].id + "' where the index expects '" + indexed->id +
                                                        "'; rebuild the bundle with articlepack build", true});
    indexed->body_failed = true;
    indexed->body_loaded = true;
    return;
  }
  Article& full = one.articles[0];
  full.body_file = indexed->body_file;
  full.source_file = std::string(file);
  full.body_loaded = true;
  *indexed = std::move(full);
}

}  // namespace reader::core
