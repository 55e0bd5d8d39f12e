// Headless UI test: the real App and views run many frames over the bundled content with no
// window and no renderer (ImGui builds draw lists that nobody draws), at phone, desktop and
// kiosk sizes, in every language, through every section and article, and by simulated clicks.
#include <doctest/doctest.h>
#include <imgui.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "app/app.h"
#include "platform/headless/headless_platform.h"
#include "test_files.h"

using reader::app::App;
using reader::platform::HeadlessPlatform;
using reader::test::read_file;
using reader::test::source_path;

namespace {

std::vector<std::uint8_t> bytes_of(const std::string& path) {
  const std::string s = read_file(path);
  return {s.begin(), s.end()};
}

void load_bundle(App& app, const std::string& articles_dir = source_path("assets/articles")) {
  app.add_file("site.json", bytes_of(source_path("assets/site.json")));
  for (const auto& e : std::filesystem::directory_iterator(articles_dir))
    app.add_file("articles/" + e.path().filename().string(), bytes_of(e.path().string()));
  const std::string noto = "/usr/share/fonts/truetype/noto/";
  for (const char* face : {"Regular", "Bold", "Italic", "BoldItalic"})
    app.add_file(std::string("fonts/NotoSans-") + face + ".ttf", bytes_of(noto + "NotoSans-" + face + ".ttf"));
}

void frame(App& app, float w, float h) {
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = ImVec2(w, h);
  io.DeltaTime = 1.f / 60.f;
  app.build_frame();
}

nlohmann::json state(const App& app) {
  nlohmann::json s = nlohmann::json::parse(app.state_json(), nullptr, false);
  REQUIRE_FALSE(s.is_discarded());
  return s;
}

const nlohmann::json* target(const nlohmann::json& s, const std::string& id) {
  for (const auto& t : s["targets"])
    if (t["id"] == id) return &t;
  return nullptr;
}

// A click in the middle of a target, over the frames ImGui needs to see it.
void click(App& app, const nlohmann::json& t, float w, float h) {
  ImGuiIO& io = ImGui::GetIO();
  const float x = t["x"].get<float>() + t["w"].get<float>() / 2, y = t["y"].get<float>() + t["h"].get<float>() / 2;
  io.AddMousePosEvent(x, y);
  frame(app, w, h);
  io.AddMouseButtonEvent(0, true);
  frame(app, w, h);
  io.AddMouseButtonEvent(0, false);
  frame(app, w, h);
  app.on_tap(x, y);
  frame(app, w, h);
}

}  // namespace

TEST_CASE("headless: every view at phone, desktop and kiosk sizes, in every language") {
  HeadlessPlatform platform;
  App app(platform);
  load_bundle(app);
  app.finish_loading({"fr-FR", "en"});
  CHECK(app.language() == "fr");
  CHECK(platform.document_language == "fr");
  for (float ratio : {1.f, 2.f, 3.f}) {
    CHECK(app.prepare_fonts(ratio));
    frame(app, 800, 600);
  }
  CHECK(platform.logged_errors.empty());
  const nlohmann::json first = state(app);
  CHECK(first["ready"] == true);
  CHECK(first["errors"].empty());
  CHECK(first["missingGlyphs"].empty());  // every character of the bundle has a glyph

  const std::pair<float, float> sizes[] = {{390, 844}, {1280, 800}, {1920, 1080}};
  int views = 0;
  for (auto [w, h] : sizes) {
    for (const char* lang : {"en", "fr", "es"}) {
      app.select_language(lang);
      app.open_section("");
      frame(app, w, h);
      for (const auto& s : app.library().site.sections) {
        app.open_section(s.id);
        frame(app, w, h);
        ++views;
      }
      for (const auto& a : app.library().articles) {
        app.open_article(a.id);
        frame(app, w, h);
        frame(app, w, h);
        const nlohmann::json s = state(app);
        CHECK(s["article"] == a.id);
        CHECK(s["view"] == "article");
        CHECK(s["title"].is_string());
        CHECK(s["fallback"].is_null() == (a.translations.count(lang) == 1));
        ++views;
      }
    }
  }
  CHECK(views > 50);
  CHECK(platform.logged_errors.empty());
  CHECK(app.frames() > 100);
}

TEST_CASE("headless: clicks on the language switch, a section, an article, back and a link") {
  HeadlessPlatform platform;
  App app(platform);
  load_bundle(app);
  app.finish_loading({"en"});
  app.prepare_fonts(1.f);
  const float w = 1280, h = 800;
  frame(app, w, h);
  frame(app, w, h);
  nlohmann::json s = state(app);
  CHECK(s["language"] == "en");
  REQUIRE(target(s, "lang:fr"));
  click(app, *target(s, "lang:fr"), w, h);
  s = state(app);
  CHECK(s["language"] == "fr");
  CHECK(platform.document_language == "fr");

  REQUIRE(target(s, "section:what-we-do") == nullptr);  // collapsed under "Our work"
  REQUIRE(target(s, "section:our-work"));
  click(app, *target(s, "section:our-work"), w, h);
  s = state(app);
  CHECK(s["section"] == "our-work");
  CHECK(s["view"] == "section");
  REQUIRE(target(s, "section:what-we-do"));  // opened to show where we are

  const std::string seed = "article:colombia-counter-trafficking-agreement";
  REQUIRE(target(s, seed));
  CHECK((*target(s, seed))["label"] == "Nouvelles ressources pour les efforts de lutte contre la traite");
  click(app, *target(s, seed), w, h);
  s = state(app);
  CHECK(s["article"] == "colombia-counter-trafficking-agreement");
  CHECK(s["title"] == "Nouvelles ressources pour les efforts de lutte contre la traite");

  // The contact's e-mail is a mailto: link; tapping it asks the platform to open it. Only
  // visible lines are drawn (and so clickable): use a window tall enough for the whole article.
  CHECK(target(s, "link:mailto:jgallo@iom.int") == nullptr);
  frame(app, w, 4000);
  s = state(app);
  const nlohmann::json* mail = target(s, "link:mailto:jgallo@iom.int");
  REQUIRE(mail);
  click(app, *mail, w, 4000);
  REQUIRE(platform.opened_urls.size() == 1);
  CHECK(platform.opened_urls[0] == "mailto:jgallo@iom.int");

  REQUIRE(target(s, "back"));
  click(app, *target(s, "back"), w, 4000);
  s = state(app);
  CHECK(s["article"].is_null());
  CHECK(s["section"] == "our-work");
}

TEST_CASE("headless: bad content is listed, logged, and every good article still shows") {
  HeadlessPlatform platform;
  App app(platform);
  load_bundle(app);
  for (const auto& e : std::filesystem::directory_iterator(reader::test::data_path("bad_articles")))
    app.add_file("articles/zz-" + e.path().filename().string(), bytes_of(e.path().string()));
  app.finish_loading({"en"});
  app.prepare_fonts(1.f);
  frame(app, 1280, 800);
  frame(app, 1280, 800);
  nlohmann::json s = state(app);
  CHECK(s["errors"].size() >= 6);
  CHECK(platform.logged_errors.size() == s["errors"].size());
  for (const auto& e : s["errors"]) {
    CHECK_FALSE(e["file"].get<std::string>().empty());
    CHECK_FALSE(e["field"].get<std::string>().empty());
    CHECK_FALSE(e["message"].get<std::string>().empty());
  }
  std::size_t good = 0;
  for (const auto& e : std::filesystem::directory_iterator(source_path("assets/articles"))) { (void)e; ++good; }
  CHECK(s["articles"] == good + 1);  // + the article whose bad link and tag were dropped
  REQUIRE(target(s, "errors"));
  click(app, *target(s, "errors"), 1280, 800);
  s = state(app);
  CHECK(target(s, "errors-close"));
  CHECK(target(s, "error:articles/zz-missing-title.json"));
}
