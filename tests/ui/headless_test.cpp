// Headless UI test: the real App and views run many frames over the bundled content with no
// window and no renderer (ImGui builds draw lists that nobody draws), at phone, desktop and
// kiosk sizes, in every language, through every section and article, and by simulated clicks.
#include <doctest/doctest.h>
#include <imgui.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "app/app.h"
#include "core/bundle.h"
#include "platform/headless/headless_platform.h"
#include "platform/retained.h"
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

// The four Noto Sans faces and the two Noto Sans Arabic ones, from Debian.
void add_fonts(App& app) {
  const std::string noto = "/usr/share/fonts/truetype/noto/";
  for (const char* face : {"Regular", "Bold", "Italic", "BoldItalic"})
    app.add_file(std::string("fonts/NotoSans-") + face + ".ttf", bytes_of(noto + "NotoSans-" + face + ".ttf"));
  for (const char* face : {"Regular", "Bold"})
    app.add_file(std::string("fonts/NotoSansArabic-") + face + ".ttf", bytes_of(noto + "NotoSansArabic-" + face + ".ttf"));
}

void load_bundle(App& app, const std::string& articles_dir = source_path("assets/articles")) {
  app.add_file("site.json", bytes_of(source_path("assets/site.json")));
  for (const auto& e : std::filesystem::directory_iterator(articles_dir))
    app.add_file("articles/" + e.path().filename().string(), bytes_of(e.path().string()));
  add_fonts(app);
}

// The usual start: the bundled content, the browser's languages, fonts for a pixel ratio.
void start(App& app, const std::vector<std::string>& languages = {"en"}, float ratio = 1.f) {
  load_bundle(app);
  app.finish_loading(languages);
  app.prepare_fonts(ratio);
}

void frame(App& app, float w, float h) {
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = ImVec2(w, h);
  io.DeltaTime = 1.f / 60.f;
  app.build_frame();
}

// Starts with the bundled content in English and opens an article, laid out at w × h.
void open_drawn(App& app, std::string_view id, float w, float h) {
  start(app, {"en"});
  app.open_article(id);
  frame(app, w, h);
  frame(app, w, h);
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
    for (const char* lang : {"en", "fr", "es", "ar"}) {
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
  start(app, {"en"});
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
  CHECK(target(s, "error:" + s["errors"][0]["file"].get<std::string>()));  // the first problem is on screen
}

TEST_CASE("headless: text size and theme are changed from the header and remembered") {
  HeadlessPlatform platform;
  {
    App app(platform);
    start(app, {"en"});
    frame(app, 1280, 800);
    nlohmann::json s = state(app);
    CHECK(s["textSize"]["step"] == App::kDefaultTextStep);
    CHECK(s["theme"] == "light");
    REQUIRE(target(s, "text-larger"));
    click(app, *target(s, "text-larger"), 1280, 800);
    CHECK(app.prepare_fonts(1.f));  // the atlas is rebuilt between frames
    frame(app, 1280, 800);
    s = state(app);
    CHECK(s["textSize"]["step"] == App::kDefaultTextStep + 1);
    CHECK(s["textSize"]["scale"].get<float>() > 1.f);
    REQUIRE(target(s, "theme"));
    click(app, *target(s, "theme"), 1280, 800);
    CHECK(state(app)["theme"] == "dark");
  }
  CHECK(platform.settings["textSize"] == std::to_string(App::kDefaultTextStep + 1));
  CHECK(platform.settings["theme"] == "dark");
  App again(platform);  // a later visit
  start(again, {"en"});
  frame(again, 1280, 800);
  const nlohmann::json s = state(again);
  CHECK(s["textSize"]["step"] == App::kDefaultTextStep + 1);
  CHECK(s["theme"] == "dark");
}

TEST_CASE("headless: the font atlas fits 4096x4096 at ratio 3 and the largest text size") {
  HeadlessPlatform platform;
  App app(platform);
  load_bundle(app);
  app.finish_loading({"fr"});
  app.set_text_step(static_cast<int>(std::size(App::kTextSteps)) - 1);
  app.prepare_fonts(3.f);
  frame(app, 1920, 1080);
  const nlohmann::json s = state(app);
  CHECK(s["atlas"]["width"].get<int>() <= 4096);
  CHECK(s["atlas"]["height"].get<int>() <= 4096);
  CHECK(s["atlas"]["rasterRatio"].get<float>() > 2.f);  // still close to crisp
  CHECK(s["missingGlyphs"].empty());
}

TEST_CASE("headless: images load lazily into placeholders of the declared size, failures are reported") {
  HeadlessPlatform platform;
  App app(platform);
  start(app, {"en"});
  frame(app, 1280, 800);
  CHECK(platform.requested_images.empty());  // nothing on screen needs an image yet
  app.open_article("pacific-climate-mobility-team");
  frame(app, 1280, 800);
  frame(app, 1280, 800);
  const std::string src = "images/pacific-coastline.jpg";
  REQUIRE(platform.requested_images == std::vector<std::string>{src});
  nlohmann::json s = state(app);
  const nlohmann::json* placeholder = target(s, "image:" + src);
  REQUIRE(placeholder);
  CHECK((*placeholder)["h"].get<float>() / (*placeholder)["w"].get<float>() == doctest::Approx(675.0 / 1200.0).epsilon(0.01));
  const std::vector<std::uint8_t> pixels(4 * 2 * 4, 200);
  app.image_loaded(src, 4, 2, pixels.data());  // a different size than declared: relaid out
  frame(app, 1280, 800);
  s = state(app);
  CHECK(s["images"][src]["width"] == 4);
  const nlohmann::json* drawn = target(s, "image:" + src);
  REQUIRE(drawn);
  CHECK((*drawn)["h"].get<float>() / (*drawn)["w"].get<float>() == doctest::Approx(0.5).epsilon(0.01));
  CHECK(platform.requested_images.size() == 1);  // asked once only

  app.image_failed("images/missing.webp", "HTTP 404");
  s = state(app);
  bool reported = false;
  for (const auto& e : s["errors"]) reported |= e["file"] == "images/missing.webp" && e["field"] == "image";
  CHECK(reported);
}

TEST_CASE("headless: the table of contents lists the headings, jumps, and follows the reading") {
  HeadlessPlatform platform;
  App app(platform);
  const float w = 1280, h = 500;
  open_drawn(app, "central-sahel-displacement-report", w, h);
  nlohmann::json s = state(app);
  REQUIRE(s["toc"]["entries"].size() == 3);
  CHECK(s["toc"]["entries"][0] == "Key findings");
  CHECK(s["scroll"]["y"] == 0);
  REQUIRE(target(s, "toc:1"));
  click(app, *target(s, "toc:1"), w, h);
  for (int i = 0; i < 90 && app.wants_frames(); ++i) frame(app, w, h);  // eased scrolling settles
  s = state(app);
  CHECK(s["scroll"]["y"].get<float>() > 100.f);
  CHECK(s["toc"]["current"] == 1);
  CHECK_FALSE(app.wants_frames());  // settled: no more frames without input
  // At the very end of the article the last section is the one being read.
  ImGui::GetIO().AddKeyEvent(ImGuiKey_End, true);
  frame(app, w, h);
  ImGui::GetIO().AddKeyEvent(ImGuiKey_End, false);
  for (int i = 0; i < 120 && app.wants_frames(); ++i) frame(app, w, h);
  frame(app, w, h);
  s = state(app);
  CHECK(s["scroll"]["y"] == s["scroll"]["max"]);
  CHECK(s["toc"]["current"] == 2);
}

TEST_CASE("headless: a touch fling keeps the finger's speed when frames come faster than touch moves") {
  HeadlessPlatform platform;
  App app(platform);
  const float w = 390, h = 640;
  open_drawn(app, "colombia-counter-trafficking-agreement", w, h);
  ImGuiIO& io = ImGui::GetIO();
  const auto touch_at = [&](float y) {
    io.AddMouseSourceEvent(ImGuiMouseSource_TouchScreen);
    io.AddMousePosEvent(w / 2, y);
  };
  const auto scroll_y = [&] { return state(app)["scroll"]["y"].get<float>(); };
  // Drags the finger up 24 px per move (a move every `gap` frames, 60 frames a second), holds
  // it still for `rest` frames, lifts it, and returns how far the content glides afterwards.
  const auto fling = [&](int gap, int rest) {
    touch_at(560);
    io.AddMouseButtonEvent(0, true);
    frame(app, w, h);
    for (int i = 1; i <= 8; ++i) {
      touch_at(560 - 24.f * static_cast<float>(i));
      for (int f = 0; f < gap; ++f) frame(app, w, h);
    }
    for (int f = 0; f < rest; ++f) frame(app, w, h);
    io.AddMouseSourceEvent(ImGuiMouseSource_TouchScreen);
    io.AddMouseButtonEvent(0, false);
    frame(app, w, h);
    const float released = scroll_y();
    for (int f = 0; f < 120 && app.wants_frames(); ++f) frame(app, w, h);
    return scroll_y() - released;
  };
  // 24 px every 2 frames is 720 px/s: the glide (friction 3.5/s) is about 720 / 3.5 = 205 px,
  // also when the lift comes 3 frames after the last move.
  const float glide = fling(2, 3);
  CHECK(glide > 150.f);
  CHECK(glide < 260.f);
  // A finger that rests (16 frames, 0.27 s) before lifting does not fling.
  app.open_article("colombia-counter-trafficking-agreement");
  frame(app, w, h);
  CHECK(fling(2, 16) == doctest::Approx(0.f));
}

TEST_CASE("headless: an index streamed in pieces loads as the whole file, and the atlas gets its glyphs") {
  reader::core::Library source;
  reader::core::load_site(source, "site.json", read_file(source_path("assets/site.json")));
  std::map<std::string, reader::core::BundleFile, std::less<>> file_of;
  for (const auto& e : std::filesystem::directory_iterator(source_path("assets/articles"))) {
    reader::core::load_article(source, e.path().filename().string(), read_file(e.path().string()));
    file_of[e.path().stem().string()] = {"articles/" + e.path().stem().string() + ".test.json", "", 1};
  }
  reader::core::finish_loading(source);
  const std::string plain = reader::core::make_index(source, file_of);
  // U+01FE (Latin Extended-B) is in no text of the bundled site: the early atlas lacks it.
  source.articles[2].translations.begin()->second.title += " \xC7\xBE";
  const std::string unusual = reader::core::make_index(source, file_of);
  const auto start = [&](HeadlessPlatform& platform, App& app, const std::string& index, bool streamed) {
    app.add_file("site.json", bytes_of(source_path("assets/site.json")));
    add_fonts(app);
    CHECK(app.warm_fonts(1.f));
    if (streamed) {  // as the shell does: written into the reader's buffer as it arrives
      char* buffer = app.index_buffer(index.size());
      for (std::size_t at = 0; at < index.size(); at += 700) {
        const std::size_t n = std::min<std::size_t>(700, index.size() - at);
        std::copy_n(index.data() + at, n, buffer + at);
        app.index_received(at + n);
      }
      REQUIRE(app.is_index_buffer(buffer, index.size()));
      app.add_index_buffer();
    } else {
      app.add_file("index.json", std::vector<std::uint8_t>(index.begin(), index.end()));
    }
    app.finish_loading({"fr"});
    const bool rebuilt = app.prepare_fonts(1.f);
    frame(app, 1280, 800);
    CHECK(platform.logged_errors.empty());
    return rebuilt;
  };
  // One App at a time: each has its own ImGui context.
  nlohmann::json a, b;
  {
    HeadlessPlatform platform;
    App app(platform);
    CHECK_FALSE(start(platform, app, plain, false));  // the early atlas has every glyph: kept
    a = state(app);
  }
  {
    HeadlessPlatform platform;
    App app(platform);
    CHECK_FALSE(start(platform, app, plain, true));
    b = state(app);
  }
  CHECK(a["articles"] == file_of.size());
  CHECK(a["articles"] == b["articles"]);
  CHECK(a["targets"] == b["targets"]);
  HeadlessPlatform platform;
  App app(platform);
  CHECK(start(platform, app, unusual, true));  // a glyph the early atlas lacks: rebuilt, with it
  CHECK(ImGui::GetIO().Fonts->Fonts[0]->FindGlyphNoFallback(0x01FE));
  CHECK(state(app)["missingGlyphs"].empty());
}

TEST_CASE("headless: a built bundle lists every article at once and fetches a body only when it is opened") {
  // The bundle, as articlepack build makes it: index + one file per article.
  reader::core::Library source;
  reader::core::load_site(source, "site.json", read_file(source_path("assets/site.json")));
  std::map<std::string, reader::core::BundleFile, std::less<>> file_of;
  std::map<std::string, std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(source_path("assets/articles"))) {
    const std::string bytes = read_file(e.path().string());
    reader::core::load_article(source, e.path().filename().string(), bytes);
    const std::string path = "articles/" + e.path().stem().string() + ".test.json";
    file_of[e.path().stem().string()] = {path, "", bytes.size()};
    files[path] = bytes;
  }
  reader::core::finish_loading(source);
  const std::string index = reader::core::make_index(source, file_of);

  HeadlessPlatform platform;
  App app(platform);
  // The shell's order: fonts and site.json first; the atlas is built, and the index reader run
  // on a made-up index, while the index downloads. None of that may show afterwards.
  app.add_file("site.json", bytes_of(source_path("assets/site.json")));
  add_fonts(app);
  CHECK(app.warm_fonts(1.f));
  CHECK(app.warm_index_reader());
  app.add_file("index.json", std::vector<std::uint8_t>(index.begin(), index.end()));
  app.finish_loading({"fr"});
  app.prepare_fonts(1.f);
  frame(app, 1280, 800);
  nlohmann::json s = state(app);
  CHECK(s["articles"] == files.size());
  CHECK(s["errors"].empty());
  CHECK(platform.logged_errors.empty());
  for (const auto& t : s["targets"]) CHECK(t["id"].get<std::string>().find("warm-up") == std::string::npos);
  CHECK(platform.requested_files.empty());  // no body is fetched to show the list
  CHECK(target(s, "article:community-volunteers-programme"));  // the newest, at the top

  app.open_article("colombia-counter-trafficking-agreement");
  frame(app, 1280, 800);
  REQUIRE(platform.requested_files.size() == 1);
  const std::string path = platform.requested_files[0];
  s = state(app);
  CHECK(s["title"] == "Nouvelles ressources pour les efforts de lutte contre la traite");  // from the index
  CHECK(target(s, "body-loading"));
  app.add_file(path, std::vector<std::uint8_t>(files[path].begin(), files[path].end()));
  if (app.prepare_fonts(1.f)) frame(app, 1280, 800);
  frame(app, 1280, 2000);
  s = state(app);
  CHECK_FALSE(target(s, "body-loading"));
  CHECK(target(s, "link:mailto:jgallo@iom.int"));  // the contact came with the body
  CHECK(s["missingGlyphs"].empty());
  // Opening it again fetches nothing more; a body that cannot be fetched is reported.
  app.back();
  app.open_article("colombia-counter-trafficking-agreement");
  CHECK(platform.requested_files.size() == 1);
  app.open_article("eu-reintegration-partnership");
  REQUIRE(platform.requested_files.size() == 2);
  app.file_failed(platform.requested_files[1], "HTTP 404");
  frame(app, 1280, 800);
  s = state(app);
  CHECK(target(s, "body-failed"));
  CHECK(s["errors"].size() == 1);
  CHECK(platform.logged_errors.size() == 1);
}

TEST_CASE("headless: a list of 3000 articles draws only the cards on screen and scrolls to the end") {
  HeadlessPlatform platform;
  App app(platform);
  app.add_file("site.json", bytes_of(source_path("assets/site.json")));
  for (int i = 0; i < 3000; ++i) {
    char day[16];
    std::snprintf(day, sizeof day, "20%02d-%02d-%02d", 10 + i % 15, 1 + i % 12, 1 + i % 28);
    const std::string json = std::string(R"({"id":"a)") + std::to_string(i) + R"(","section":"what-we-do","date":")" + day +
                             R"(","translations":{"en":{"title":"Article number )" + std::to_string(i) +
                             R"(","summary":"A summary long enough to wrap on a phone and take two or three lines of the card.","body":"Text."}}})";
    app.add_file("articles/a" + std::to_string(i) + ".json", std::vector<std::uint8_t>(json.begin(), json.end()));
  }
  add_fonts(app);
  app.finish_loading({"en"});
  app.prepare_fonts(1.f);
  frame(app, 1280, 800);
  frame(app, 1280, 800);
  nlohmann::json s = state(app);
  CHECK(s["articles"] == 3000);
  std::size_t cards = 0;
  for (const auto& t : s["targets"]) cards += t["id"].get<std::string>().rfind("article:", 0) == 0 ? 1 : 0;
  CHECK(cards > 2);
  CHECK(cards < 20);  // only what fits in 800 px
  const float max_before = s["scroll"]["max"].get<float>();
  CHECK(max_before > 3000.f * 100.f);  // the whole list's height is there to scroll
  ImGui::GetIO().AddMousePosEvent(700, 400);
  ImGui::GetIO().AddKeyEvent(ImGuiKey_End, true);
  frame(app, 1280, 800);
  ImGui::GetIO().AddKeyEvent(ImGuiKey_End, false);
  for (int i = 0; i < 200 && app.wants_frames(); ++i) frame(app, 1280, 800);
  for (int i = 0; i < 3; ++i) frame(app, 1280, 800);
  s = state(app);
  CHECK(s["scroll"]["y"].get<float>() > 0.9f * s["scroll"]["max"].get<float>());
  bool last_on_screen = false;  // the oldest article, at the end of the list
  for (const auto& t : s["targets"]) last_on_screen |= t["id"] == "article:" + app.library().articles.back().id;
  CHECK(last_on_screen);
}

TEST_CASE("headless: every view has a route, navigation makes history entries, unknown routes show not found") {
  HeadlessPlatform platform;
  App app(platform);
  start(app, {"fr-CA", "en"});
  app.navigate("", 0);
  frame(app, 1280, 800);
  REQUIRE_FALSE(platform.routes.empty());
  CHECK(platform.routes.back().hash == "#/fr/");
  CHECK_FALSE(platform.routes.back().push);  // the address bar is corrected, not a new entry
  // A deep link opens the view in its language, with the article's title as the document title.
  app.navigate("#/es/article/colombia-counter-trafficking-agreement", 0);
  frame(app, 1280, 800);
  nlohmann::json s = state(app);
  CHECK(s["view"] == "article");
  CHECK(s["language"] == "es");
  CHECK(s["route"] == "#/es/article/colombia-counter-trafficking-agreement");
  CHECK(platform.routes.back().title.rfind("Nuevos recursos para la lucha contra la trata", 0) == 0);
  CHECK(platform.document_language == "es");
  // Clicking through makes entries, each remembering where the view it leaves was scrolled.
  const std::size_t before = platform.routes.size();
  click(app, *target(s, "back"), 1280, 800);
  REQUIRE(platform.routes.size() == before + 1);
  CHECK(platform.routes.back().hash == "#/es/");
  CHECK(platform.routes.back().push);
  app.open_section("partnerships");
  frame(app, 1280, 800);
  CHECK(platform.routes.back().hash == "#/es/section/partnerships");
  // Unknown things: a not-found view in the chosen language, the typed URL kept, ways back.
  for (const char* bad : {"#/es/article/no-such-article", "#/es/section/nope", "#/zz/", "#garbage", "#/es/what/ever"}) {
    CAPTURE(bad);
    app.navigate(bad, 0);
    frame(app, 1280, 800);
    s = state(app);
    CHECK(s["view"] == "notfound");
    CHECK(s["language"] == "es");
    CHECK(s["route"] == bad);
    CHECK(target(s, "notfound"));
    CHECK(target(s, "notfound-home"));
    CHECK(target(s, "notfound-search"));
  }
  click(app, *target(state(app), "notfound-home"), 1280, 800);
  s = state(app);
  CHECK(s["view"] == "home");
  CHECK(platform.routes.back().hash == "#/es/");
}

TEST_CASE("headless: the language chosen is remembered for the next visit") {
  HeadlessPlatform platform;
  {
    App app(platform);
    start(app, {"en"});
    app.select_language("es");
  }
  CHECK(platform.settings["language"] == "es");
  App again(platform);
  start(again, {"en"});
  CHECK(again.language() == "es");
}

TEST_CASE("headless: a reload or a return restores the view's scroll position") {
  HeadlessPlatform platform;
  App app(platform);
  start(app, {"en"});
  app.navigate("#/en/article/sdg-migration-reporting-guide", 600);
  for (int i = 0; i < 12; ++i) frame(app, 390, 700);  // a phone: the article is long
  nlohmann::json s = state(app);
  CHECK(s["scroll"]["max"].get<float>() > 600);
  CHECK(s["scroll"]["y"].get<float>() == doctest::Approx(600).epsilon(0.01));
  CHECK(platform.saved_scroll < 0);  // the entry already holds this position: nothing to save
  // Scrolling by the reader is saved into the entry once it settles, not at each eased frame.
  ImGui::GetIO().AddKeyEvent(ImGuiKey_Home, true);
  frame(app, 390, 700);
  ImGui::GetIO().AddKeyEvent(ImGuiKey_Home, false);
  for (int i = 0; i < 60; ++i) frame(app, 390, 700);
  CHECK(platform.saved_scroll == doctest::Approx(0));
  CHECK(platform.scroll_saves == 1);
}

TEST_CASE("headless: search finds every language, accents folded, and opens the article at the first match") {
  HeadlessPlatform platform;
  App app(platform);
  start(app, {"es"});
  frame(app, 1280, 800);
  app.open_search("");
  frame(app, 1280, 800);
  frame(app, 1280, 800);
  nlohmann::json s = state(app);
  CHECK(s["view"] == "search");
  CHECK(s["search"]["ready"] == true);  // loose articles: the index is built at load
  CHECK(platform.text_active);         // the platform's text field has the keyboard
  CHECK(target(s, "search-field"));
  // Typing one keystroke at a time: the last word is a prefix.
  for (std::string typed : {"t", "tr", "tra", "trat", "trata"}) {
    app.text_changed(typed, typed.size());
    frame(app, 1280, 800);
  }
  s = state(app);
  CHECK(s["route"] == "#/es/search?q=trata");
  REQUIRE(s["search"]["total"].get<int>() >= 1);
  CHECK(s["search"]["results"][0]["id"] == "colombia-counter-trafficking-agreement");
  CHECK(s["search"]["results"][0]["language"] == "es");
  CHECK(s["search"]["results"][0]["marks"][0] == "trata");
  CHECK(target(s, "result:colombia-counter-trafficking-agreement:es"));
  // Typing replaced the search's history entry instead of adding one per keystroke.
  int search_entries = 0;
  for (const auto& r : platform.routes) search_entries += r.push && r.hash.find("/search") != std::string::npos;
  CHECK(search_entries == 1);
  // Accents and case do not matter; other languages are found too.
  app.text_changed("ELABORER", 8);
  frame(app, 1280, 800);
  s = state(app);
  bool french = false;
  for (const auto& r : s["search"]["results"]) french |= r["language"] == "fr";
  CHECK(french);
  // The language filter keeps one language.
  app.set_search_filter("en");
  app.text_changed("trafficking", 11);
  frame(app, 1280, 800);
  s = state(app);
  for (const auto& r : s["search"]["results"]) CHECK(r["language"] == "en");
  CHECK(s["route"] == "#/es/search?q=trafficking&lang=en");
  // Arrows and Enter open a result, in its language, scrolled to the first match, highlighted.
  app.text_key("ArrowDown");
  app.text_key("ArrowUp");
  app.text_key("Enter");
  for (int i = 0; i < 20; ++i) frame(app, 1280, 700);
  s = state(app);
  CHECK(s["view"] == "article");
  CHECK(s["language"] == "en");
  CHECK(s["highlight"]["count"].get<int>() >= 1);
  // The first match is on screen, a third of the way down, unless the article ends before.
  const float shown = s["highlight"]["y"].get<float>() - s["scroll"]["y"].get<float>();
  CHECK(s["scroll"]["y"].get<float>() > 0);
  CHECK(shown >= 0);
  CHECK(shown < 700 - 56);
  CHECK_FALSE(platform.text_active);
  // Escape in the search field goes back.
  app.open_search("trata");
  frame(app, 1280, 800);
  const int backs = platform.backs;
  app.text_key("Escape");
  frame(app, 1280, 800);
  CHECK(platform.backs == backs + 1);
  CHECK(state(app)["view"] == "article");
}

TEST_CASE("headless: a bundle's search index is fetched when search opens, and a broken one is reported") {
  reader::core::Library source;
  reader::core::load_site(source, "site.json", read_file(source_path("assets/site.json")));
  std::map<std::string, reader::core::BundleFile, std::less<>> file_of;
  reader::core::search::Index index;
  for (const auto& e : std::filesystem::directory_iterator(source_path("assets/articles"))) {
    reader::core::load_article(source, e.path().filename().string(), read_file(e.path().string()));
    file_of[e.path().stem().string()] = {"articles/" + e.path().stem().string() + ".json", "", 1};
  }
  reader::core::finish_loading(source);
  for (const auto& a : source.articles)
    for (const auto& [lang, t] : a.translations) index.add(a.id, lang, t.title, t.summary, reader::core::search::document_text(t.body));
  index.finish();
  const std::string bin = index.serialize();
  const std::string list = reader::core::make_index(source, file_of);
  for (bool broken : {false, true}) {
    CAPTURE(broken);
    HeadlessPlatform platform;
    App app(platform);
    app.add_file("site.json", bytes_of(source_path("assets/site.json")));
    app.add_file("index.json", std::vector<std::uint8_t>(list.begin(), list.end()));
    add_fonts(app);
    app.finish_loading({"en"});
    app.prepare_fonts(1.f);
    frame(app, 1280, 800);
    CHECK(platform.requested_files.empty());  // nothing before search is used
    app.navigate("#/en/search?q=suva", 0);
    frame(app, 1280, 800);
    REQUIRE(platform.requested_files.size() == 1);
    CHECK(platform.requested_files[0] == "search.bin");
    CHECK(state(app)["busy"] == true);
    const std::string bytes = broken ? bin.substr(0, bin.size() / 2) : bin;
    app.add_file("search.bin", std::vector<std::uint8_t>(bytes.begin(), bytes.end()));
    frame(app, 1280, 800);
    nlohmann::json s = state(app);
    if (!broken) {
      // "Suva" is in the Pacific article's body only: found through the bundled index.
      REQUIRE(s["search"]["results"].size() >= 1);
      CHECK(s["search"]["results"][0]["id"] == "pacific-climate-mobility-team");
      CHECK(s["errors"].empty());
    } else {
      REQUIRE(s["errors"].size() == 1);
      CHECK(s["errors"][0]["file"] == "search.bin");
      CHECK(platform.logged_errors.size() == 1);
      // Titles and summaries are still searched.
      app.text_changed("climate", 7);
      frame(app, 1280, 800);
      CHECK(state(app)["search"]["total"].get<int>() >= 1);
    }
  }
}

TEST_CASE("headless: the update banner's Reload and the offline panel") {
  HeadlessPlatform platform;
  App app(platform);
  start(app, {"fr"});
  frame(app, 1280, 800);
  nlohmann::json s = state(app);
  CHECK(s["update"] == false);
  CHECK_FALSE(target(s, "update-banner"));
  CHECK_FALSE(target(s, "offline"));  // nothing to say before the page reports
  app.update_available();
  app.set_offline_status(R"({"mode":"service-worker","articles":7,"total":7,"bytes":1258291,"date":"2026-11-29T10:00:00Z","persisted":true})");
  frame(app, 1280, 800);
  frame(app, 1280, 800);
  s = state(app);
  CHECK(s["update"] == true);
  REQUIRE(target(s, "update-reload"));
  const nlohmann::json reload = *target(s, "update-reload");
  app.on_tap(reload["x"].get<float>() + 2, reload["y"].get<float>() + 2);
  CHECK(platform.updates_applied == 1);  // from inside the tap; the reader never reloads by itself
  click(app, *target(s, "offline"), 1280, 800);
  s = state(app);
  std::vector<std::string> lines;
  for (const auto& t : s["targets"]) if (t["id"] == "offline-line") lines.push_back(t["label"]);
  REQUIRE(lines.size() == 4);
  CHECK(lines[0] == "7 articles sur 7 sont disponibles hors connexion.");
  CHECK(lines[1] == "Espace utilisé sur cet appareil : 1.2 MB.");
  CHECK(lines[3] == "Version du 29 novembre 2026.");
  click(app, *target(s, "offline-close"), 1280, 800);
  CHECK_FALSE(target(state(app), "offline-panel"));
  // Whatever the page sends, nothing breaks.
  for (const char* bad : {"", "null", "[]", R"({"mode":5,"articles":"x","bytes":null,"persisted":"yes"})", "{\"mode\":"}) app.set_offline_status(bad);
  frame(app, 1280, 800);
}

TEST_CASE("headless: kiosk resets when idle, shows the attract screen, and its first touch opens the headline") {
  HeadlessPlatform platform;
  App app(platform);
  app.set_kiosk(true, 10, 5);
  start(app, {"es"});
  frame(app, 1920, 1080);
  nlohmann::json s = state(app);
  CHECK(s["kiosk"] == true);
  CHECK(s["language"] == "en");  // the home language, not the browser's
  CHECK(platform.wake == doctest::Approx(platform.clock + 15));  // the attract screen is the next thing to happen
  // A visitor reads an article in Spanish, then leaves.
  app.note_input();
  app.select_language("es");
  app.open_article("colombia-counter-trafficking-agreement");
  frame(app, 1920, 1080);
  CHECK(platform.wake == doctest::Approx(platform.clock + 10));
  platform.clock += 9.9;
  frame(app, 1920, 1080);
  CHECK(state(app)["view"] == "article");
  platform.clock += 0.2;
  frame(app, 1920, 1080);
  s = state(app);
  CHECK(s["view"] == "home");
  CHECK(s["language"] == "en");
  CHECK(s["kioskState"]["idleResets"] == 1);
  // Then the attract screen, cycling.
  platform.clock += 5.1;
  frame(app, 1920, 1080);
  s = state(app);
  CHECK(s["kioskState"]["attract"] == true);
  const nlohmann::json* headline = nullptr;
  for (const auto& t : s["targets"]) if (t["id"].get<std::string>().rfind("attract:", 0) == 0) headline = &t;
  REQUIRE(headline);
  const std::string id = (*headline)["id"].get<std::string>().substr(8);
  const nlohmann::json h = *headline;
  app.note_input();
  app.on_tap(h["x"].get<float>() + 5, h["y"].get<float>() + 5);
  for (int i = 0; i < 5; ++i) frame(app, 1920, 1080);
  s = state(app);
  CHECK(s["kioskState"]["attract"] == false);
  CHECK(s["article"] == id);
}

TEST_CASE("headless: on a kiosk a link becomes a QR code, and the on-screen keyboard types into search") {
  HeadlessPlatform platform;
  App app(platform);
  app.set_kiosk(true);
  start(app, {"en"});
  app.open_article("colombia-counter-trafficking-agreement");
  frame(app, 1920, 4000);
  frame(app, 1920, 4000);
  nlohmann::json s = state(app);
  const nlohmann::json* link = nullptr;
  for (const auto& t : s["targets"]) if (t["id"] == "link:mailto:jgallo@iom.int") link = &t;
  REQUIRE(link);
  const nlohmann::json l = *link;
  app.on_tap(l["x"].get<float>() + 2, l["y"].get<float>() + 2);
  frame(app, 1920, 1080);
  s = state(app);
  CHECK(platform.opened_urls.empty());  // never leaves the reader
  CHECK(s["kioskState"]["qr"] == "mailto:jgallo@iom.int");
  CHECK(s["kioskState"]["qrSize"].get<int>() >= 21);
  REQUIRE(target(s, "qr-address"));
  CHECK((*target(s, "qr-address"))["label"] == "jgallo@iom.int");
  click(app, *target(s, "qr-close"), 1920, 1080);
  CHECK(state(app)["kioskState"]["qr"].is_null());
  // The keyboard, in Spanish.
  app.select_language("es");
  app.open_search("");
  frame(app, 1920, 1080);
  frame(app, 1920, 1080);
  CHECK_FALSE(platform.text_active);  // no system keyboard
  for (const char* key : {"key:n", "key:i", "key:\xC3\xB1", "key:o"}) {
    s = state(app);
    REQUIRE(target(s, key));
    click(app, *target(s, key), 1920, 1080);
  }
  CHECK(state(app)["search"]["query"] == "ni\xC3\xB1o");
  click(app, *target(state(app), "key:delete"), 1920, 1080);
  CHECK(state(app)["search"]["query"] == "ni\xC3\xB1");
  CHECK(state(app)["missingGlyphs"].empty());
}

TEST_CASE("headless: the semantic mirror follows the view, announces arrivals, and drives focus and actions") {
  HeadlessPlatform platform;
  App app(platform);
  start(app, {"en"});
  const float w = 1280, h = 600;
  frame(app, w, h);
  CHECK(platform.mirror_html.find("<main") != std::string::npos);
  CHECK(platform.mirror_html.find("data-key=\"article:central-sahel-displacement-report\"") != std::string::npos);
  CHECK(platform.mirror_language == "en");
  const int updates = platform.mirror_updates;
  frame(app, w, h);
  frame(app, w, h);
  CHECK(platform.mirror_updates == updates);  // nothing changed: not rebuilt

  // Opening an article: its text in the mirror, and an announcement.
  app.navigate("#/fr/article/central-sahel-displacement-report", 0);
  frame(app, w, h);
  frame(app, w, h);
  CHECK(platform.mirror_language == "fr");
  REQUIRE_FALSE(platform.announcements.empty());
  CHECK(platform.announcements.back().rfind("Article", 0) == 0);
  const std::string& title = app.library().find_article("central-sahel-displacement-report")->translations.at("fr").title;
  CHECK(platform.mirror_html.find(title.substr(0, 20)) != std::string::npos);

  // Focus from the mirror: the canvas rings the same control; the state reports it.
  app.set_focus("toc:2");
  frame(app, w, h);
  nlohmann::json s = state(app);
  CHECK(s["focus"] == "toc:2");
  REQUIRE(target(s, "toc:2"));
  // Activation from the mirror: the table of contents entry scrolls the article there.
  CHECK(s["scroll"]["y"] == 0);
  app.activate("toc:2");
  for (int i = 0; i < 120 && app.wants_frames(); ++i) frame(app, w, h);
  s = state(app);
  CHECK(s["scroll"]["y"].get<float>() > 100.f);
  CHECK(s["toc"]["current"] == 2);
  // Theme, text size, back and text mode, as the canvas's own controls do them.
  const std::string theme = s["theme"].get<std::string>();
  app.activate("theme");
  frame(app, w, h);
  CHECK(state(app)["theme"] != theme);
  const int step = state(app)["textSize"]["step"].get<int>();
  app.activate("text-larger");
  frame(app, w, h);
  CHECK(state(app)["textSize"]["step"].get<int>() == step + 1);
  app.activate("text-mode");
  CHECK(platform.text_mode);
  app.activate("back");
  frame(app, w, h);
  CHECK(state(app)["view"] == "home");
  // Search results are in the mirror with their count, announced.
  app.navigate("#/en/search?q=displacement", 0);
  for (int i = 0; i < 5; ++i) frame(app, w, h);
  CHECK(platform.mirror_html.find("<ol class=\"m-results\"><li") != std::string::npos);
  CHECK(platform.announcements.back().find("result") != std::string::npos);
}

TEST_CASE("headless: find in the article counts matches, steps through them with scrolling, and closes") {
  HeadlessPlatform platform;
  App app(platform);
  start(app, {"en"});
  const float w = 1280, h = 600;
  app.navigate("#/en/article/central-sahel-displacement-report", 0);
  for (int i = 0; i < 3; ++i) frame(app, w, h);
  app.open_find();
  for (int i = 0; i < 3; ++i) frame(app, w, h);
  nlohmann::json s = state(app);
  CHECK(s["find"]["open"] == true);
  CHECK(s["find"]["focused"] == true);  // the bar's field has the keyboard at once
  REQUIRE(target(s, "find-field"));
  REQUIRE(target(s, "find-next"));
  app.text_changed("displacement", 12);
  for (int i = 0; i < 60 && app.wants_frames(); ++i) frame(app, w, h);
  s = state(app);
  const int n = s["find"]["count"].get<int>();
  CHECK(n >= 3);
  CHECK(s["find"]["current"] == 1);
  float last_y = s["scroll"]["y"].get<float>();
  // Enter goes to the next match (scrolling down to it), ArrowUp back, and it wraps around.
  for (int k = 2; k <= n; ++k) {
    app.text_key("Enter");
    for (int i = 0; i < 90 && app.wants_frames(); ++i) frame(app, w, h);
    s = state(app);
    CHECK(s["find"]["current"] == k);
    CHECK(s["scroll"]["y"].get<float>() >= last_y);
    last_y = s["scroll"]["y"].get<float>();
  }
  CHECK(last_y > 100.f);
  app.text_key("Enter");
  frame(app, w, h);
  CHECK(state(app)["find"]["current"] == 1);
  app.text_key("ArrowUp");
  frame(app, w, h);
  CHECK(state(app)["find"]["current"] == n);
  // A word that is not there.
  app.text_changed("zzzzqqq", 7);
  frame(app, w, h);
  frame(app, w, h);
  CHECK(state(app)["find"]["count"] == 0);
  app.text_key("Escape");
  frame(app, w, h);
  s = state(app);
  CHECK(s["find"]["open"] == false);
  CHECK_FALSE(target(s, "find-field"));
  // Outside an article, Ctrl+F opens the search view instead.
  app.navigate("#/en/", 0);
  frame(app, w, h);
  app.open_find();
  frame(app, w, h);
  CHECK(state(app)["view"] == "search");
}

namespace {

// The glyphs drawn in the last frame, read back from ImGui's draw data: a glyph is a quad whose
// first vertex has the glyph's top-left texture coordinates and whose third has its
// bottom-right ones (ImDrawList::PrimRectUV), so the atlas identifies the code point.
struct DrawnGlyph {
  float x, y;
  char32_t cp;
};

// A triangle of the last frame, as the renderer draws it: its clip rectangle and three vertices.
struct FlatTriangle {
  ImVec4 clip;
  ImDrawVert v[3];
};

// Every triangle the last frame draws, in drawing order (the lists one after the other), as the
// WebGL renderer draws them:
// retained draws (platform/retained.h) expanded and moved by their offset, and triangles
// entirely outside their clip rectangle left out (the scissor hides them).
std::vector<FlatTriangle> flat_triangles() {
  std::vector<FlatTriangle> out;
  const ImDrawData* dd = ImGui::GetDrawData();
  REQUIRE(dd != nullptr);
  const auto add = [&](const ImVec4& clip, const ImDrawVert* v, const ImDrawIdx* idx, unsigned count, ImVec2 offset) {
    for (unsigned i = 0; i + 2 < count; i += 3) {
      FlatTriangle t{clip, {v[idx[i]], v[idx[i + 1]], v[idx[i + 2]]}};
      float x0 = 1e30f, y0 = 1e30f, x1 = -1e30f, y1 = -1e30f;
      for (ImDrawVert& p : t.v) {
        p.pos.x += offset.x;
        p.pos.y += offset.y;
        x0 = std::min(x0, p.pos.x), y0 = std::min(y0, p.pos.y), x1 = std::max(x1, p.pos.x), y1 = std::max(y1, p.pos.y);
      }
      if (x1 <= clip.x || x0 >= clip.z || y1 <= clip.y || y0 >= clip.w) continue;
      out.push_back(t);
    }
  };
  for (int l = 0; l < dd->CmdListsCount; ++l) {
    const ImDrawList* dl = dd->CmdLists[l];
    for (const ImDrawCmd& cmd : dl->CmdBuffer) {
      if (reader::platform::is_retained(cmd)) {
        const reader::platform::RetainedGeometry& g = reader::platform::retained_of(cmd);
        add(cmd.ClipRect, g.vertices.data(), g.indices.data(), static_cast<unsigned>(g.indices.size()), g.offset);
      } else if (!cmd.UserCallback) {
        add(cmd.ClipRect, dl->VtxBuffer.Data + cmd.VtxOffset, dl->IdxBuffer.Data + cmd.IdxOffset, cmd.ElemCount, ImVec2(0, 0));
      }
    }
  }
  return out;
}

// A glyph is a quad whose first triangle's first vertex has the glyph's top-left texture
// coordinates and whose third has its bottom-right ones (ImDrawList::PrimRectUV).
std::vector<DrawnGlyph> drawn_glyphs() {
  std::map<std::pair<float, float>, const ImFontGlyph*> by_uv;
  for (ImFont* f : ImGui::GetIO().Fonts->Fonts)
    for (const ImFontGlyph& g : f->Glyphs)
      if (g.Visible) by_uv[{g.U0, g.V0}] = &g;
  std::vector<DrawnGlyph> out;
  for (const FlatTriangle& t : flat_triangles()) {
    const auto it = by_uv.find({t.v[0].uv.x, t.v[0].uv.y});
    if (it == by_uv.end() || t.v[2].uv.x != it->second->U1 || t.v[2].uv.y != it->second->V1) continue;
    out.push_back({t.v[0].pos.x, t.v[0].pos.y, static_cast<char32_t>(it->second->Codepoint)});
  }
  return out;
}

// The code points drawn inside a target's rectangle, left to right.
std::u32string drawn_in(const nlohmann::json& t) {
  std::vector<DrawnGlyph> in;
  const float x = t["x"].get<float>(), y = t["y"].get<float>(), w = t["w"].get<float>(), h = t["h"].get<float>();
  for (const DrawnGlyph& g : drawn_glyphs())
    if (g.x >= x - 1 && g.x < x + w && g.y >= y - 4 && g.y < y + h) in.push_back(g);
  std::sort(in.begin(), in.end(), [](const DrawnGlyph& a, const DrawnGlyph& b) { return a.x < b.x; });
  std::u32string s;
  for (const DrawnGlyph& g : in) s += g.cp;
  return s;
}

}  // namespace

TEST_CASE("headless: Arabic is drawn shaped and right to left, the interface mirrors, French mirrors back") {
  HeadlessPlatform platform;
  App app(platform);
  start(app, {"ar"});
  CHECK(app.language() == "ar");
  CHECK(platform.document_language == "ar");
  CHECK(platform.document_rtl);
  app.open_article("council-strategic-priorities");
  frame(app, 1280, 800);
  frame(app, 1280, 800);
  nlohmann::json s = state(app);
  CHECK(s["missingGlyphs"].empty());
  const nlohmann::json* back = target(s, "back");
  const nlohmann::json* share = target(s, "share");
  const nlohmann::json* nav = target(s, "section:who-we-are");
  REQUIRE(back);
  REQUIRE(share);
  REQUIRE(nav);
  // "‹ رجوع" drawn left to right as ع و ج ر (isolated ain, final waw, initial jeem, isolated
  // reh) then the angle quotation mark, mirrored to point right: back, in a right-to-left page.
  CHECK(drawn_in(*back) == U"\uFEC9\uFEEE\uFE9F\uFEAD\u203A");
  CHECK((*back)["x"].get<float>() > (*share)["x"].get<float>());  // the row starts at the right
  CHECK((*nav)["x"].get<float>() > 900.f);                          // the section menu on the right
  // Lam-alef ligatures and joined forms, no unshaped Arabic letter anywhere on screen.
  bool lam_alef = false, unshaped = false;
  for (const DrawnGlyph& g : drawn_glyphs()) {
    lam_alef |= g.cp >= 0xFEF5 && g.cp <= 0xFEFC;
    unshaped |= g.cp > 0x0621 && g.cp <= 0x064A;  // joining letters (hamza, U+0621, joins nothing)
  }
  CHECK(lam_alef);
  CHECK_FALSE(unshaped);
  // Every form the shaper can produce is in the atlas, also forms no bundled text has (a date
  // formatted at draw time, "12 مارس", needs seen's final form).
  for (ImFont* f : ImGui::GetIO().Fonts->Fonts)
    for (ImWchar cp : {ImWchar(0xFEB2), ImWchar(0xFEF5), ImWchar(0xFE80), ImWchar(0xFB8F)}) CHECK(f->FindGlyphNoFallback(cp));

  app.select_language("fr");
  frame(app, 1280, 800);
  frame(app, 1280, 800);
  CHECK_FALSE(platform.document_rtl);
  s = state(app);
  back = target(s, "back");
  share = target(s, "share");
  nav = target(s, "section:who-we-are");
  REQUIRE(back);
  REQUIRE(share);
  REQUIRE(nav);
  CHECK(drawn_in(*back) == U"\u2039Retour");
  CHECK((*back)["x"].get<float>() < (*share)["x"].get<float>());
  CHECK((*nav)["x"].get<float>() < 300.f);
}

namespace {

// What a frame draws: every triangle in order (flat_triangles; texture handles differ between
// two App instances, so they are not in it), and the frame's hit targets.
struct DrawnFrame {
  std::vector<FlatTriangle> triangles;
  std::string targets;
};
DrawnFrame drawn_frame(const App& app) { return {flat_triangles(), state(app)["targets"].dump()}; }

// How many triangles of `a` differ from `b`'s: clip rectangle, texture coordinates and
// colours exactly, positions within `tolerance` px. Reports the first difference.
std::size_t differences(const DrawnFrame& a, const DrawnFrame& b, float tolerance) {
  CHECK(a.targets == b.targets);
  if (a.triangles.size() != b.triangles.size()) {
    MESSAGE("triangles: " << a.triangles.size() << " against " << b.triangles.size());
    return std::max(a.triangles.size(), b.triangles.size());
  }
  std::size_t bad = 0;
  for (std::size_t i = 0; i < a.triangles.size(); ++i) {
    const FlatTriangle &x = a.triangles[i], &y = b.triangles[i];
    bool same = std::memcmp(&x.clip, &y.clip, sizeof x.clip) == 0;
    for (int k = 0; k < 3; ++k) {
      same = same && x.v[k].uv.x == y.v[k].uv.x && x.v[k].uv.y == y.v[k].uv.y && x.v[k].col == y.v[k].col;
      same = same && std::abs(x.v[k].pos.x - y.v[k].pos.x) <= tolerance && std::abs(x.v[k].pos.y - y.v[k].pos.y) <= tolerance;
    }
    if (!same && bad++ == 0)
      MESSAGE("first difference at triangle " << i << ": (" << x.v[0].pos.x << ", "
                                              << x.v[0].pos.y << ") colour " << x.v[0].col << " against (" << y.v[0].pos.x << ", "
                                              << y.v[0].pos.y << ") colour " << y.v[0].col);
  }
  return bad;
}

// One scripted session at 1280x450 then 390x844: scrolling, hovering and clicking the header
// and the section column, and changes made while the pointer is elsewhere (the page's mirror,
// the address bar, a keyboard shortcut, a click in the article). Returns every frame drawn.
std::vector<DrawnFrame> scripted_session(bool replay, std::uint64_t* replayed) {
  HeadlessPlatform platform;
  App app(platform);
  app.set_part_replay(replay);
  start(app, {"en"});
  std::vector<DrawnFrame> frames;
  float w = 1280, h = 450;  // a short window: the article scrolls well past its head
  ImGuiIO& io = ImGui::GetIO();
  const auto step = [&](int n = 1) {
    for (int i = 0; i < n; ++i) {
      frame(app, w, h);
      frames.push_back(drawn_frame(app));
    }
  };
  const auto click_target = [&](const std::string& id) {
    const nlohmann::json s = state(app);
    const nlohmann::json* t = target(s, id);
    REQUIRE_MESSAGE(t != nullptr, id);
    click(app, *t, w, h);
    frames.push_back(drawn_frame(app));
  };
  const auto pointer_on_article = [&] { io.AddMousePosEvent(w * 0.6f, h * 0.6f); };
  app.open_article("colombia-counter-trafficking-agreement");
  pointer_on_article();
  step(3);
  for (int i = 0; i < 40; ++i) {  // the wheel over the article, past its head (which is then skipped)
    io.AddMouseWheelEvent(0, -1);
    step();
  }
  step(20);  // the scroll comes to rest
  REQUIRE(state(app)["scroll"]["y"].get<float>() > 600.f);
  // Hovering the header, then leaving it.
  {
    const nlohmann::json s = state(app);
    const nlohmann::json* t = target(s, "lang:fr");
    REQUIRE(t != nullptr);
    io.AddMousePosEvent((*t)["x"].get<float>() + 4, (*t)["y"].get<float>() + 4);
  }
  step(2);
  pointer_on_article();
  step(2);
  // Changes with the pointer away from both parts.
  app.activate("theme");
  step(3);
  app.activate("text-larger");
  step(3);
  app.select_language("fr");
  step(3);
  app.open_section("who-we-are");
  step(3);
  app.open_section("structure");  // a list to a list: only the section column's highlight changes
  step(3);
  app.open_section("director-general");  // nested deeper: its ancestors open in the column
  step(3);
  app.navigate("#/es/article/colombia-counter-trafficking-agreement", 0);
  step(3);
  io.AddKeyEvent(ImGuiKey_Slash, true);
  step();
  io.AddKeyEvent(ImGuiKey_Slash, false);
  step(3);
  app.navigate("#/en", 0);
  step(3);
  // Clicks in the header and the section column.
  click_target("lang:es");
  pointer_on_article();
  step(2);
  click_target("section:who-we-are");
  pointer_on_article();
  step(2);
  click_target("text-smaller");
  pointer_on_article();
  step(2);
  // The section column scrolled by the wheel.
  io.AddMousePosEvent(100, h * 0.7f);
  for (int i = 0; i < 6; ++i) {
    io.AddMouseWheelEvent(0, -1);
    step();
  }
  pointer_on_article();
  step(3);
  // A phone: the menu button and the section panel.
  w = 390, h = 844;
  step(3);
  click_target("nav-toggle");
  io.AddMousePosEvent(w * 0.5f, h * 0.3f);
  step(3);
  click_target("section:who-we-are");
  pointer_on_article();
  step(3);
  // A tall window, the pointer low on the article: its head, all in view, is kept, then drawn
  // again moved with the scroll while part of it is still in view.
  w = 1280, h = 1000;
  app.navigate("#/en/article/council-strategic-priorities", 0);
  io.AddMousePosEvent(w * 0.6f, h - 10.f);
  step(4);
  const std::uint64_t before = state(app)["partsReplayed"].get<std::uint64_t>();
  io.AddMouseWheelEvent(0, -1);
  step(12);
  const float scrolled = state(app)["scroll"]["y"].get<float>();
  CHECK(scrolled > 20.f);
  CHECK(scrolled < 150.f);  // the head is still partly in view
  if (replay) CHECK(state(app)["partsReplayed"].get<std::uint64_t>() - before > 2 * 12);  // the head too, not only header and column
  step(20);
  *replayed = state(app)["partsReplayed"].get<std::uint64_t>();
  return frames;
}

}  // namespace

TEST_CASE("headless: the header and section column copied from the frame before match them drawn anew, at every frame") {
  std::uint64_t replayed_on = 0, replayed_off = 0;
  const std::vector<DrawnFrame> copied = scripted_session(true, &replayed_on);
  const std::vector<DrawnFrame> drawn = scripted_session(false, &replayed_off);
  REQUIRE(copied.size() == drawn.size());
  for (std::size_t i = 0; i < copied.size(); ++i) {
    CAPTURE(i);
    // Positions to a ten-thousandth of a pixel: the article's head is drawn again moved by
    // whole pixels on the GPU (rounded corners' vertices are not whole numbers).
    CHECK(differences(copied[i], drawn[i], 1e-4f) == 0);
  }
  CHECK(replayed_off == 0);
  CHECK(replayed_on >= 60);  // most frames copy both parts (the test means nothing otherwise)
  MESSAGE("frames: " << copied.size() << ", parts copied: " << replayed_on);
}

namespace {

// One scripted session over an article with links, lists and headings: the wheel through it at
// 1280x450, the pointer over a link and pressing it, theme, text size, another language, a phone,
// an Arabic article. Returns every frame's triangles (flat_triangles) and hit targets.
struct DrawnText {
  std::vector<DrawnFrame> frames;
  std::uint64_t built = 0, drawn = 0;
};
DrawnText text_session(bool retained) {
  HeadlessPlatform platform;
  App app(platform);
  app.set_text_retained(retained);
  start(app, {"en"});
  DrawnText out;
  float w = 1280, h = 450;
  ImGuiIO& io = ImGui::GetIO();
  const auto step = [&](int n = 1) {
    for (int i = 0; i < n; ++i) {
      frame(app, w, h);
      out.frames.push_back(drawn_frame(app));
    }
  };
  const auto pointer_on_article = [&] { io.AddMousePosEvent(w * 0.6f, h * 0.6f); };
  app.open_article("council-strategic-priorities");
  pointer_on_article();
  step(3);
  const auto wheel = [&](int n, float delta) {
    for (int i = 0; i < n; ++i) {
      io.AddMouseWheelEvent(0, delta);
      step();
    }
    step(20);  // comes to rest
  };
  wheel(30, -1);
  // The pointer over a body link, then pressing it (hover and pressed colours), then away.
  {
    const nlohmann::json s = state(app);
    const nlohmann::json* link = nullptr;
    for (const auto& t : s["targets"])
      if (t["id"].get<std::string>().rfind("link:http", 0) == 0 && t["y"].get<float>() > 60.f) link = &t;
    REQUIRE_MESSAGE(link != nullptr, "no body link on screen");
    io.AddMousePosEvent((*link)["x"].get<float>() + 3, (*link)["y"].get<float>() + 3);
    step(2);
    io.AddMouseButtonEvent(0, true);
    step(2);
    io.AddMousePosEvent((*link)["x"].get<float>() + 40, (*link)["y"].get<float>() + 60);  // a drag: no click
    step(2);
    io.AddMouseButtonEvent(0, false);
    step();
  }
  pointer_on_article();
  wheel(12, 1);
  app.activate("theme");
  step(3);
  app.activate("text-larger");
  step(3);
  wheel(10, -1);
  app.select_language("fr");
  step(3);
  wheel(10, -1);
  w = 390, h = 844;
  step(3);
  wheel(15, -1);
  app.select_language("ar");
  step(3);
  wheel(15, -1);
  const nlohmann::json s = state(app);
  out.built = s["retainedText"]["built"].get<std::uint64_t>();
  out.drawn = s["retainedText"]["drawn"].get<std::uint64_t>();
  return out;
}

}  // namespace

TEST_CASE("headless: the body's glyphs kept between frames draw what drawing them at every frame draws") {
  const DrawnText kept = text_session(true);
  const DrawnText drawn = text_session(false);
  REQUIRE(kept.frames.size() == drawn.frames.size());
  std::size_t triangles = 0;
  for (std::size_t f = 0; f < kept.frames.size(); ++f) {
    CAPTURE(f);
    // Same triangles in the same order; positions to a ten-thousandth of a pixel (kept glyphs
    // are moved by whole pixels on the GPU).
    CHECK(differences(kept.frames[f], drawn.frames[f], 1e-4f) == 0);
    triangles += kept.frames[f].triangles.size();
  }
  CHECK(drawn.drawn == 0);
  // Kept chunks were drawn at nearly every frame and built far less often (the test means
  // nothing otherwise).
  CHECK(kept.drawn >= kept.frames.size());
  CHECK(kept.built * 4 < kept.drawn);
  MESSAGE("frames: " << kept.frames.size() << ", triangles: " << triangles << ", chunks built: " << kept.built << ", drawn: " << kept.drawn);
}
