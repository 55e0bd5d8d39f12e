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
    e["file"] = f->second.path;
    e["sha256"] = f->second.sha256;
    e["size"] = f->second.size;
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

void load_index(Library& lib, std::string_view file, std::string_view bytes) {
  auto issue = [&](std::string field, std::string message) {
    lib.issues.push_back({std::string(file), std::move(field), std::move(message), true});
  };
  if (!lib.site_ok) { issue("(file)", "not loaded because site.json could not be loaded; fix site.json first"); return; }
  if (!utf8_valid(bytes)) { issue("(file)", "is not UTF-8; rebuild the bundle with articlepack build"); return; }
  const nlohmann::json doc = nlohmann::json::parse(bytes.begin(), bytes.end(), nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("articles") || !doc["articles"].is_array()) {
    issue("(file)", "is not a bundle index ({\"format\": 2, \"articles\": [...]}); rebuild it with articlepack build");
    return;
  }
  const auto& list = doc["articles"];
  for (std::size_t i = 0; i < list.size(); ++i) {
    const nlohmann::json& e = list[i];
    const std::string at = "articles[" + std::to_string(i) + "]";
    auto text = [&](const char* key) -> std::string {
      return e.is_object() && e.contains(key) && e[key].is_string() ? e[key].get<std::string>() : std::string();
    };
    Article a;
    a.id = text("id");
    a.section = text("section");
    a.date = text("date");
    a.body_file = text("file");
    a.source_file = a.body_file;
    a.body_loaded = false;
    a.section_index = lib.site.find_section(a.section);
    if (a.id.empty() || a.body_file.empty() || a.date.size() != 10) { issue(at, "needs an id, a date and a file; rebuild the bundle"); continue; }
    if (a.section_index < 0) { issue(at + ".section", "'" + a.section + "' is not a section of site.json"); continue; }
    if (!image_src_problem(a.body_file).empty()) { issue(at + ".file", "'" + a.body_file + "' is not a path inside the bundle"); continue; }
    if (lib.find_article(a.id)) { issue(at + ".id", "'" + a.id + "' is listed twice"); continue; }
    if (e.contains("tags") && e["tags"].is_array())
      for (const auto& tag : e["tags"]) if (tag.is_string()) a.tags.push_back(tag.get<std::string>());
    if (e.contains("image") && e["image"].is_object()) {
      const auto& img = e["image"];
      if (img.contains("src") && img["src"].is_string() && img.contains("width") && img["width"].is_number_integer() &&
          img.contains("height") && img["height"].is_number_integer()) {
        Image image;
        image.src = img["src"].get<std::string>();
        image.width = img["width"].get<int>();
        image.height = img["height"].get<int>();
        if (image_src_problem(image.src).empty() && image.width > 0 && image.height > 0) a.image = std::move(image);
      }
    }
    if (e.contains("translations") && e["translations"].is_object()) {
      for (auto it = e["translations"].begin(); it != e["translations"].end(); ++it) {
        if (!lib.site.has_language(it.key()) || !it->is_object() || !it->contains("title") || !(*it)["title"].is_string()) {
          issue(at + ".translations." + it.key(), "needs a title in a language of site.json");
          continue;
        }
        Translation t;
        t.title = (*it)["title"].get<std::string>();
        if (it->contains("summary") && (*it)["summary"].is_string()) t.summary = (*it)["summary"].get<std::string>();
        a.translations.emplace(it.key(), std::move(t));
      }
    }
    if (a.translations.empty()) { issue(at + ".translations", "has no translation with a title"); continue; }
    lib.articles.push_back(std::move(a));
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
