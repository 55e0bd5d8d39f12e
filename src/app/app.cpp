// The reader application (see app.h).
#include "app.h"

#include <imgui.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <iterator>

#include "core/bundle.h"
#include "core/i18n.h"
#include "core/links.h"
#include "ui/theme.h"

namespace reader::app {

App::App(platform::Platform& platform) : platform_(platform) {
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // no settings file: the reader's state lives in the URL and storage
  io.LogFilename = nullptr;
  reduced_motion_ = platform_.prefers_reduced_motion();
  // Remembered settings; the theme follows the system until the reader is told otherwise.
  const std::string theme = platform_.load_setting("theme");
  dark_ = theme == "dark" || (theme != "light" && platform_.prefers_dark_theme());
  ui::apply_theme(dark_ ? ui::dark_theme() : ui::light_theme());
  const std::string step = platform_.load_setting("textSize");
  if (step.size() == 1 && step[0] >= '0' && step[0] < '0' + static_cast<int>(std::size(kTextSteps))) text_step_ = step[0] - '0';
}

App::~App() { ImGui::DestroyContext(); }

void App::add_file(std::string_view path, std::vector<std::uint8_t> bytes) {
  if (loaded_) {  // an article body asked for after start
    body_arrived(path, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
    return;
  }
  if (path == "index.json") {
    pending_index_ = std::move(bytes);
  } else if (path == "site.json") {
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
  if (!pending_index_.empty()) core::load_index(library_, "index.json", as_text(pending_index_));
  pending_index_.clear();
  // Files in a stable order, so that which of two duplicates wins does not depend on timing.
  std::sort(pending_articles_.begin(), pending_articles_.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [name, bytes] : pending_articles_) core::load_article(library_, name, as_text(bytes));
  core::finish_loading(library_);
  pending_articles_.clear();
  pending_articles_.shrink_to_fit();
  pending_site_.clear();
  for (const core::LoadIssue& issue : library_.issues)
    platform_.log_error(issue.to_string() + (issue.article_skipped ? " (article skipped)" : ""));
  // Images whose size the articles declare get placeholders of the right size at once.
  for (const core::Article& a : library_.articles)
    if (a.image && a.image->width > 0 && a.image->height > 0)
      image_aspects_[a.image->src] = static_cast<float>(a.image->height) / static_cast<float>(a.image->width);
  language_ = library_.site_ok ? core::pick_initial_language(library_.site, preferred_languages) : "en";
  platform_.set_document_language(language_);
  loaded_ = true;
  pixel_ratio_ = 0;  // fonts are built for the content on the next prepare_fonts()
  frames_wanted_ = 3;
}

void App::rebuild_fonts() {
  // Every string that can be drawn: interface strings, site names, section texts, articles.
  std::vector<std::string_view> texts;
  // What the views draw themselves: back arrow, bullets, separators, the A– button.
  texts.push_back("\xE2\x80\xB9 \xE2\x80\xBA \xE2\x80\xA2 \xE2\x80\xA6 \xC2\xB7 A\xE2\x80\x93 A+ ! 0123456789.:");
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
  // Rasterise at the screen's ratio; if the atlas would exceed 4096×4096 (the largest texture
  // every WebGL2 device takes), step the raster ratio down until it fits.
  const float scale = kTextSteps[text_step_];
  raster_ratio_ = pixel_ratio_;
  for (int attempt = 0; attempt < 6; ++attempt) {
    fonts_ok_ = fonts_.build(faces, raster_ratio_, scale, texts);
    const ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    if (!fonts_ok_ || (atlas->TexWidth <= 4096 && atlas->TexHeight <= 4096)) break;
    raster_ratio_ *= 0.85f;
  }
  if (!fonts_ok_) platform_.log_error("fonts/NotoSans-*.ttf: the font files are missing or unreadable; text is drawn with ImGui's built-in font");
}

bool App::prepare_fonts(float pixel_ratio) {
  if (!loaded_ || (pixel_ratio == pixel_ratio_ && !fonts_dirty_)) return false;
  pixel_ratio_ = pixel_ratio;
  fonts_dirty_ = false;
  rebuild_fonts();
  return true;
}

void App::build_frame() {
  const auto start = std::chrono::steady_clock::now();
  ImGui::NewFrame();
  ui::ViewOutput out;
  if (loaded_) {
    const ui::ViewInput in{
        library_, language_, section_, article_, fonts_, dark_ ? ui::dark_theme() : ui::light_theme(),
        /*dark=*/dark_,
        /*can_shrink_text=*/text_step_ > 0,
        /*can_grow_text=*/text_step_ + 1 < static_cast<int>(std::size(kTextSteps)),
        /*reduced_motion=*/reduced_motion_,
        /*image=*/[this](std::string_view src) -> const ui::ImageTexture* {
          auto it = images_.find(src);
          return it == images_.end() ? nullptr : &it->second;
        },
        /*image_aspect=*/[this](std::string_view src) { return image_aspect(src); },
        /*image_generation=*/image_generation_};
    ui::draw_reader(in, view_, out);
  }
  ImGui::Render();
  frame_ms_[frame_ms_count_++ % frame_ms_.size()] = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  if (out.layout_ms >= 0) last_layout_ms_ = out.layout_ms;
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
  if (out.text_size_change) set_text_step(text_step_ + out.text_size_change);
  if (out.toggle_theme) set_dark(!dark_);
  for (const std::string& src : out.wanted_images) {
    if (requested_images_.insert(src).second) platform_.request_image(src);
  }
  if (out.wants_more_frames) frames_wanted_ = std::max(frames_wanted_, 1);
}

void App::set_text_step(int step) {
  step = std::clamp(step, 0, static_cast<int>(std::size(kTextSteps)) - 1);
  if (step == text_step_) return;
  text_step_ = step;
  fonts_dirty_ = true;  // the atlas is rebuilt between frames, before the next one
  platform_.save_setting("textSize", std::to_string(step));
  frames_wanted_ = std::max(frames_wanted_, 3);
}

void App::set_dark(bool dark) {
  dark_ = dark;
  ui::apply_theme(dark_ ? ui::dark_theme() : ui::light_theme());
  platform_.save_setting("theme", dark_ ? "dark" : "light");
  frames_wanted_ = std::max(frames_wanted_, 3);
}

void App::body_arrived(std::string_view path, std::string_view bytes) {
  const std::size_t issues_before = library_.issues.size();
  core::load_article_body(library_, path, bytes);
  for (std::size_t i = issues_before; i < library_.issues.size(); ++i) platform_.log_error(library_.issues[i].to_string());
  for (const core::Article& a : library_.articles) {
    if (a.body_file != path || !a.body_loaded) continue;
    if (a.image && a.image->width > 0 && a.image->height > 0)
      image_aspects_[a.image->src] = static_cast<float>(a.image->height) / static_cast<float>(a.image->width);
    // New text may need glyphs the atlas does not have yet: then rebuild it between frames.
    std::vector<std::string_view> texts;
    for (const auto& [lang, t] : a.translations) texts.push_back(t.body_markdown);
    for (const core::Contact& c : a.contacts) { texts.push_back(c.name); texts.push_back(c.phone); texts.push_back(c.email); }
    if (!fonts_.has_glyphs(texts)) fonts_dirty_ = true;
  }
  view_.clear_caches();  // the article's translations were replaced
  frames_wanted_ = std::max(frames_wanted_, 3);
}

void App::file_failed(std::string_view path, std::string_view reason) {
  for (core::Article& a : library_.articles) {
    if (a.body_file != path || a.body_loaded) continue;
    a.body_loaded = true;
    a.body_failed = true;
    library_.issues.push_back({std::string(path), "(file)", "could not be fetched (" + std::string(reason) + "); check the connection, or rebuild the bundle", true});
    platform_.log_error(library_.issues.back().to_string());
  }
  frames_wanted_ = std::max(frames_wanted_, 2);
}

float App::image_aspect(std::string_view src) const {
  auto it = image_aspects_.find(src);
  return it == image_aspects_.end() ? 2.f / 3.f : it->second;  // placeholder until the size is known
}

void App::image_loaded(std::string_view src, int width, int height, const std::uint8_t* rgba) {
  if (width <= 0 || height <= 0 || !rgba) return image_failed(src, "it decoded to an empty picture");
  void* texture = platform_.create_texture(width, height, rgba);
  if (!texture) return image_failed(src, "the graphics card refused the texture");
  images_[std::string(src)] = ui::ImageTexture{texture, width, height};
  const float aspect = static_cast<float>(height) / static_cast<float>(width);
  auto known = image_aspects_.find(src);
  if (known == image_aspects_.end() || std::abs(known->second - aspect) > 0.01f) {
    image_aspects_[std::string(src)] = aspect;
    ++image_generation_;  // layouts that guessed the size are redone
  }
  frames_wanted_ = std::max(frames_wanted_, 2);
}

void App::image_failed(std::string_view src, std::string_view reason) {
  const std::string message = "could not be loaded (" + std::string(reason) + "); check that the file exists under assets/ and is a JPEG, PNG or WebP";
  library_.issues.push_back({std::string(src), "image", message, false});
  platform_.log_error(std::string(src) + ": image: " + message);
  frames_wanted_ = std::max(frames_wanted_, 2);
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
  // A bundled article's body is fetched when it is first opened.
  if (!a->body_loaded && requested_files_.insert(a->body_file).second) platform_.request_file(a->body_file);
  frames_wanted_ = std::max(frames_wanted_, 3);
}

void App::back() {
  article_.clear();
  frames_wanted_ = std::max(frames_wanted_, 3);
}

std::string App::state_json(bool platform_pending) const {
  using nlohmann::json;
  json s = json::object();
  s["ready"] = loaded_ && frames_ > 0;
  s["language"] = language_;
  s["section"] = section_.empty() ? json(nullptr) : json(section_);
  s["article"] = article_.empty() ? json(nullptr) : json(article_);
  s["view"] = article_.empty() ? (section_.empty() ? "home" : "section") : "article";
  s["frames"] = frames_;
  s["busy"] = platform_pending || frames_wanted_ > 0 || fonts_dirty_;  // frames are coming without new input
  json errors = json::array();
  for (const core::LoadIssue& i : library_.issues)
    errors.push_back({{"file", i.file}, {"line", i.line}, {"column", i.column}, {"field", i.field}, {"message", i.message}, {"skipped", i.article_skipped}});
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
  s["textSize"] = {{"step", text_step_}, {"steps", std::size(kTextSteps)}, {"scale", kTextSteps[text_step_]}};
  const ImFontAtlas* atlas = ImGui::GetIO().Fonts;
  s["atlas"] = {{"width", atlas->TexWidth}, {"height", atlas->TexHeight}, {"rasterRatio", raster_ratio_}};
  s["toc"] = {{"entries", last_output_.toc}, {"current", last_output_.toc_current}};
  s["scroll"] = {{"y", last_output_.scroll_y}, {"max", last_output_.scroll_max}};
  // Frame CPU time over the last (up to 600) drawn frames, and the last body layout's time.
  std::vector<double> recent(frame_ms_.begin(), frame_ms_.begin() + static_cast<std::ptrdiff_t>(std::min(frame_ms_count_, frame_ms_.size())));
  std::sort(recent.begin(), recent.end());
  const auto pct = [&](double p) { return recent.empty() ? 0.0 : recent[std::min(recent.size() - 1, static_cast<std::size_t>(p * static_cast<double>(recent.size())))]; };
  json in_order = json::array();  // oldest first
  const std::size_t n = std::min(frame_ms_count_, frame_ms_.size());
  for (std::size_t i = frame_ms_count_ - n; i < frame_ms_count_; ++i) in_order.push_back(frame_ms_[i % frame_ms_.size()]);
  s["frameCpu"] = {{"samples", recent.size()}, {"p50", pct(0.5)}, {"p99", pct(0.99)}, {"max", recent.empty() ? 0.0 : recent.back()},
                   {"recent", std::move(in_order)}};
  s["layoutMs"] = last_layout_ms_;
  s["heap"] = {{"inUse", platform_.heap_in_use()}, {"memory", platform_.memory_size()}};
  json images = json::object();
  for (const auto& [src, tex] : images_) images[src] = {{"width", tex.width}, {"height", tex.height}};
  s["images"] = std::move(images);
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
