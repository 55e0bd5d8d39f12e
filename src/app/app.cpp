// The reader application (see app.h).
#include "app.h"

#include <imgui.h>
#include <nlohmann/json.hpp>

#include <algorithm>

#include "core/i18n.h"
#include "core/links.h"
#include "ui/theme.h"

namespace reader::app {

App::App(platform::Platform& platform) : platform_(platform) {
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // no settings file: the reader's state lives in the URL and storage
  io.LogFilename = nullptr;
  dark_ = platform_.prefers_dark_theme();
  ui::apply_theme(dark_ ? ui::dark_theme() : ui::light_theme());
}

App::~App() { ImGui::DestroyContext(); }

void App::add_file(std::string_view path, std::vector<std::uint8_t> bytes) {
  if (path == "site.json") {
    pending_site_name_ = std::string(path);
    pending_site_ = std::move(bytes);
  } else if (path == "fonts/NotoSans-Regular.ttf") {
    font_regular_ = std::move(bytes);
  } else if (path == "fonts/NotoSans-Bold.ttf") {
    font_bold_ = std::move(bytes);
  } else if (path == "fonts/NotoSans-Italic.ttf") {
    font_italic_ = std::move(bytes);
  } else if (path == "fonts/NotoSans-BoldItalic.ttf") {
    font_bold_italic_ = std::move(bytes);
  } else {
    pending_articles_.emplace_back(std::string(path), std::move(bytes));
  }
}

namespace {
std::string_view as_text(const std::vector<std::uint8_t>& bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}
}  // namespace

void App::finish_loading(const std::vector<std::string>& preferred_languages) {
  library_ = core::Library{};
  view_.clear_caches();
  if (pending_site_name_.empty()) {
    library_.issues.push_back({"site.json", "(file)", "was not found in the bundle; the reader needs it to show anything", false});
  } else {
    core::load_site(library_, pending_site_name_, as_text(pending_site_));
  }
  // Files in a stable order, so that which of two duplicates wins does not depend on timing.
  std::sort(pending_articles_.begin(), pending_articles_.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [name, bytes] : pending_articles_) core::load_article(library_, name, as_text(bytes));
  core::finish_loading(library_);
  pending_articles_.clear();
  pending_articles_.shrink_to_fit();
  pending_site_.clear();
  for (const core::LoadIssue& issue : library_.issues)
    platform_.log_error(issue.file + ": " + issue.field + ": " + issue.message + (issue.article_skipped ? " (article skipped)" : ""));
  language_ = library_.site_ok ? core::pick_initial_language(library_.site, preferred_languages) : "en";
  platform_.set_document_language(language_);
  loaded_ = true;
  pixel_ratio_ = 0;  // fonts are built for the content on the next prepare_fonts()
  frames_wanted_ = 3;
}

void App::rebuild_fonts() {
  // Every string that can be drawn: interface strings, site names, section texts, articles.
  std::vector<std::string_view> texts;
  const core::Site& site = library_.site;
  for (const auto& [lang, table] : site.strings)
    for (const auto& [key, value] : table) texts.push_back(value);
  for (const auto* lt : {&site.organisation, &site.short_name})
    for (const auto& [lang, text] : lt->by_language) texts.push_back(text);
  for (const core::Language& l : site.languages) texts.push_back(l.name);
  for (const core::Section& s : site.sections) {
    for (const auto& [lang, text] : s.label.by_language) texts.push_back(text);
    for (const auto& [lang, text] : s.description.by_language) texts.push_back(text);
  }
  for (const core::Article& a : library_.articles) {
    for (const auto& [lang, t] : a.translations) {
      texts.push_back(t.title);
      texts.push_back(t.summary);
      texts.push_back(t.body_markdown);
    }
    for (const core::Contact& c : a.contacts) {
      texts.push_back(c.name);
      for (const auto& [lang, text] : c.office.by_language) texts.push_back(text);
      texts.push_back(c.phone);
      texts.push_back(c.email);
    }
    for (const std::string& tag : a.tags) texts.push_back(tag);
  }
  for (const core::LoadIssue& i : library_.issues) {
    texts.push_back(i.file);
    texts.push_back(i.field);
    texts.push_back(i.message);
  }
  const auto span = [](const std::vector<std::uint8_t>& v) { return std::span<const std::uint8_t>(v.data(), v.size()); };
  ui::FontFaces faces{span(font_regular_), span(font_bold_), span(font_italic_), span(font_bold_italic_)};
  fonts_ok_ = fonts_.build(faces, pixel_ratio_, 1.f, texts);
  if (!fonts_ok_) platform_.log_error("fonts/NotoSans-*.ttf: the font files are missing or unreadable; text is drawn with ImGui's built-in font");
}

bool App::prepare_fonts(float pixel_ratio) {
  if (!loaded_ || pixel_ratio == pixel_ratio_) return false;
  pixel_ratio_ = pixel_ratio;
  rebuild_fonts();
  return true;
}

void App::build_frame() {
  ImGui::NewFrame();
  ui::ViewOutput out;
  if (loaded_) {
    const ui::ViewInput in{library_, language_, section_, article_, fonts_, dark_ ? ui::dark_theme() : ui::light_theme()};
    ui::draw_reader(in, view_, out);
  }
  ImGui::Render();
  ++frames_;
  if (frames_wanted_ > 0) --frames_wanted_;
  apply(out);
  last_output_ = std::move(out);
}

void App::apply(const ui::ViewOutput& out) {
  if (out.language) select_language(*out.language);
  if (out.section) open_section(*out.section);
  if (out.article) open_article(*out.article);
  if (out.back) back();
  if (out.wants_more_frames) frames_wanted_ = std::max(frames_wanted_, 1);
}

void App::on_tap(float x, float y) {
  static constexpr std::string_view kLink = "link:";
  for (const ui::HitTarget& t : last_output_.targets) {
    if (t.id.rfind(kLink, 0) != 0 || x < t.x || y < t.y || x >= t.x + t.w || y >= t.y + t.h) continue;
    const std::string_view url = std::string_view(t.id).substr(kLink.size());
    if (core::is_allowed_link(url)) platform_.open_url(url);
    return;
  }
}

void App::select_language(std::string_view code) {
  if (!library_.site.has_language(code) || code == language_) return;
  language_ = std::string(code);
  platform_.set_document_language(language_);
  frames_wanted_ = std::max(frames_wanted_, 3);
}

void App::open_section(std::string_view id) {
  if (!id.empty() && library_.site.find_section(id) < 0) return;
  section_ = std::string(id);
  article_.clear();
  frames_wanted_ = std::max(frames_wanted_, 3);
}

void App::open_article(std::string_view id) {
  const core::Article* a = library_.find_article(id);
  if (!a) return;
  article_ = a->id;
  frames_wanted_ = std::max(frames_wanted_, 3);
}

void App::back() {
  article_.clear();
  frames_wanted_ = std::max(frames_wanted_, 3);
}

std::string App::state_json() const {
  using nlohmann::json;
  json s = json::object();
  s["ready"] = loaded_ && frames_ > 0;
  s["language"] = language_;
  s["section"] = section_.empty() ? json(nullptr) : json(section_);
  s["article"] = article_.empty() ? json(nullptr) : json(article_);
  s["view"] = article_.empty() ? (section_.empty() ? "home" : "section") : "article";
  s["frames"] = frames_;
  json errors = json::array();
  for (const core::LoadIssue& i : library_.issues)
    errors.push_back({{"file", i.file}, {"field", i.field}, {"message", i.message}, {"skipped", i.article_skipped}});
  s["errors"] = std::move(errors);
  s["articles"] = library_.articles.size();
  s["title"] = last_output_.shown_title.empty() ? json(nullptr) : json(last_output_.shown_title);
  json fallback = nullptr;
  if (const core::Article* a = article_.empty() ? nullptr : library_.find_article(article_)) {
    const core::ChosenTranslation c = core::choose_translation(*a, language_, library_.site);
    if (c.fallback) fallback = {{"wanted", language_}, {"shown", c.language}};
  }
  s["fallback"] = std::move(fallback);
  s["theme"] = dark_ ? "dark" : "light";
  json missing = json::array();
  for (std::uint32_t cp : fonts_.missing_glyphs()) missing.push_back(cp);
  s["missingGlyphs"] = std::move(missing);
  json targets = json::array();
  for (const ui::HitTarget& t : last_output_.targets)
    targets.push_back({{"id", t.id}, {"label", t.label}, {"x", t.x}, {"y", t.y}, {"w", t.w}, {"h", t.h}});
  s["targets"] = std::move(targets);
  return s.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace reader::app
