// The reader application (see app.h).
#include "app.h"

#include <imgui.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <iterator>

#include "core/bundle.h"
#include "core/mirror.h"
#include "core/i18n.h"
#include "core/links.h"
#include "ui/theme.h"

namespace reader::app {

namespace {
constexpr std::string_view kSearchFile = "search.bin";  // written by articlepack build
constexpr std::size_t kSearchLimit = 50;                // results listed
constexpr std::size_t kSnippetBodies = 10;              // results whose bodies are fetched for snippets
}  // namespace

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

void App::add_file(std::string_view path, std::string bytes) {
  if (loaded_ && path == kSearchFile) {
    search_index_arrived(bytes, {});
    return;
  }
  if (loaded_ && path.starts_with("fonts/")) {  // a face the page loads after the view's own: the atlas is made again
    font_arrived(path, bytes);
    fonts_dirty_ = true;
    frames_wanted_ = std::max(frames_wanted_, 2);
    return;
  }
  if (loaded_) {  // an article body asked for after start
    body_arrived(path, bytes);
    return;
  }
  if (path == "index.json") {
    pending_index_ = std::move(bytes);
    index_ahead_.clear();
    index_drawn_.clear();
    index_drawn_entries_ = 0;
    index_ahead_ms_ = 0;
    index_buffered_ = false;
  } else if (path == "site.json") {
    pending_site_name_ = std::string(path);
    pending_site_ = std::move(bytes);
  } else if (!font_arrived(path, bytes)) {
    pending_articles_.emplace_back(std::string(path), std::move(bytes));
  }
}

bool App::font_arrived(std::string_view path, std::string& bytes) {
  std::string* face = path == "fonts/NotoSans-Regular.ttf"         ? &font_regular_
                      : path == "fonts/NotoSans-Bold.ttf"           ? &font_bold_
                      : path == "fonts/NotoSans-Italic.ttf"         ? &font_italic_
                      : path == "fonts/NotoSans-BoldItalic.ttf"     ? &font_bold_italic_
                      : path == "fonts/NotoSansArabic-Regular.ttf"  ? &font_arabic_
                      : path == "fonts/NotoSansArabic-Bold.ttf"     ? &font_arabic_bold_
                                                                    : nullptr;
  if (!face) return false;
  // Given empty: the page sends this face later (see add_file); Arabic letters are not missing
  // meanwhile, only on their way.
  if (face == &font_arabic_) arabic_pending_ = bytes.empty();
  *face = std::move(bytes);
  return true;
}

char* App::index_buffer(std::size_t size) {
  pending_index_ = std::string(size, '\0');
  index_ahead_.clear();
  index_ahead_.expect(size);
  index_drawn_.clear();
  index_drawn_entries_ = 0;
  index_ahead_ms_ = 0;
  index_buffered_ = true;
  return pending_index_.data();
}

void App::index_received(std::size_t received) {
  if (index_buffered_ && received <= pending_index_.size()) read_index_ahead(received);
}

void App::read_index_ahead(std::size_t received) {
  const double t0 = platform_.now();
  index_ahead_.read(std::string_view(pending_index_.data(), received));
  index_ahead_ms_ += (platform_.now() - t0) * 1000.0;  // the glyph check's share below is not reading
  for (; index_drawn_entries_ < index_ahead_.entries(); ++index_drawn_entries_) {
    const core::Article& a = index_ahead_.entry(index_drawn_entries_);
    for (const auto& [lang, t] : a.translations) {
      index_drawn_.add(t.title);
      index_drawn_.add(t.summary);
    }
    for (const std::string& tag : a.tags) index_drawn_.add(tag);
  }
}

namespace {
std::string_view as_text(const std::string& bytes) { return bytes; }
}  // namespace

void App::finish_loading(const std::vector<std::string>& preferred_languages) {
  library_ = core::Library{};
  view_.clear_caches();
  if (pending_site_name_.empty()) {
    library_.issues.push_back({"site.json", "(file)", "was not found in the bundle; the reader needs it to show anything", false});
  } else {
    core::load_site(library_, pending_site_name_, as_text(pending_site_));
  }
  has_bundle_ = !pending_index_.empty();
  bool index_drawn_complete = false;  // index_drawn_ holds every text of the index's articles
  if (!pending_index_.empty()) {
    const double before = index_ahead_ms_;  // read while the index arrived
    // Whatever did not arrive in pieces is read ahead now too, for the glyph check below.
    read_index_ahead(pending_index_.size());
    const double t1 = platform_.now();
    index_drawn_complete = core::load_index(library_, "index.json", as_text(pending_index_), &index_ahead_) == 0;
    const double t2 = platform_.now();
    index_parse_at_start_ms_ = (index_ahead_ms_ - before) + (t2 - t1) * 1000.0;
    index_parse_ms_ = index_ahead_ms_ + (t2 - t1) * 1000.0;
  }
  // Released, not cleared: clear() keeps the capacity, the whole index text (5.7 MB at 10,000
  // articles, 56 MB at 100,000) for the rest of the visit; the library holds copies of what it needs.
  pending_index_ = std::string();
  index_ahead_.clear();
  index_drawn_entries_ = 0;
  index_buffered_ = false;
  // Files in a stable order, so that which of two duplicates wins does not depend on timing.
  std::sort(pending_articles_.begin(), pending_articles_.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [name, bytes] : pending_articles_) core::load_article(library_, name, as_text(bytes));
  core::finish_loading(library_);
  pending_articles_.clear();
  pending_articles_.shrink_to_fit();
  pending_site_ = std::string();
  for (const core::LoadIssue& issue : library_.issues)
    platform_.log_error(issue.to_string() + (issue.article_skipped ? " (article skipped)" : ""));
  // Images whose size the articles declare get placeholders of the right size at once.
  for (const core::Article& a : library_.articles)
    if (a.image && a.image->width > 0 && a.image->height > 0)
      image_aspects_[a.image->src] = static_cast<float>(a.image->height) / static_cast<float>(a.image->width);
  // The language chosen on an earlier visit, else the browser's preferences, else the site's.
  const std::string remembered = platform_.load_setting("language");
  language_ = !library_.site_ok ? "en" : library_.site.has_language(remembered) ? remembered
                                       : core::pick_initial_language(library_.site, preferred_languages);
  // Kiosk: settings from site.json and the URL; it starts at home in its home language.
  const core::KioskSettings& ks = library_.site.kiosk;
  kiosk_ = library_.site_ok && (kiosk_url_ || ks.enabled);
  if (kiosk_) {
    idle_seconds_ = idle_override_ > 0 ? idle_override_ : ks.idle_seconds;
    attract_after_ = attract_override_ >= 0 ? attract_override_ : ks.attract_after_seconds;
    attract_cycle_ = ks.attract_cycle_seconds;
    home_language_ = ks.home_language.empty() ? library_.site.default_language : ks.home_language;
    language_ = home_language_;
    text_step_ = kKioskTextStep;  // larger text at arm's length (not remembered)
    last_input_ = platform_.now();
    idle_reset_done_ = true;
  }
  platform_.set_document_language(language_, library_.site.is_rtl(language_));
  loaded_ = true;
  // Without a bundle, every article is here in full: the search index is built now.
  search_index_ = core::search::Index{};
  index_state_ = IndexState::none;
  if (!has_bundle_) search_index_arrived({}, {});
  // The atlas built early (warm_fonts) stays if it has every glyph the content needs at the
  // same text size; otherwise it is built for the content on the next prepare_fonts().
  std::string keyboard;
  // The index's texts (4 MB at 10,000 articles) were gathered into index_drawn_ as it arrived.
  const bool glyphs = index_drawn_complete ? fonts_.has_glyphs(index_drawn_) && fonts_.has_glyphs(drawn_texts(keyboard, false))
                                           : fonts_.has_glyphs(drawn_texts(keyboard));
  index_drawn_.clear();
  if (built_scale_ != kTextSteps[text_step_] || !fonts_ok_ || !glyphs) pixel_ratio_ = 0;
  frames_wanted_ = 3;
}

std::vector<std::string_view> App::drawn_texts(std::string& keyboard, bool indexed_too) const {
  std::vector<std::string_view> texts;
  texts.reserve(library_.articles.size() * 10 + 512);  // about 3 per translation and a few tags: no regrowth
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
    if (!indexed_too && !a.body_loaded) continue;  // an index's article as the index gave it
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
  keyboard.clear();
  if (kiosk_url_ || site.kiosk.enabled)
    for (const core::Language& l : site.languages)
      for (const std::string& row : ui::kiosk_keyboard_rows(l.code)) keyboard += row;
  texts.push_back(keyboard);
  for (const core::LoadIssue& i : library_.issues) {
    texts.push_back(i.file);
    texts.push_back(i.field);
    texts.push_back(i.message);
  }
  return texts;
}

void App::rebuild_fonts() {
  std::string keyboard;
  const std::vector<std::string_view> texts = drawn_texts(keyboard);
  const auto span = [](const std::string& v) { return std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(v.data()), v.size()); };
  ui::FontFaces faces{span(font_regular_), span(font_bold_), span(font_italic_), span(font_bold_italic_), span(font_arabic_), span(font_arabic_bold_)};
  // Rasterise at the screen's ratio; if the atlas would exceed 4096×4096 (the largest texture
  // every WebGL2 device takes), step the raster ratio down until it fits.
  const float scale = kTextSteps[text_step_];
  built_scale_ = scale;
  raster_ratio_ = pixel_ratio_;
  for (int attempt = 0; attempt < 6; ++attempt) {
    fonts_ok_ = fonts_.build(faces, raster_ratio_, scale, texts);
    const ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    if (!fonts_ok_ || (atlas->TexWidth <= 4096 && atlas->TexHeight <= 4096)) break;
    raster_ratio_ *= 0.85f;
  }
  if (!fonts_ok_) platform_.log_error("fonts/NotoSans-*.ttf: the font files are missing or unreadable; text is drawn with ImGui's built-in font");
}

bool App::warm_fonts(float pixel_ratio) {
  if (loaded_ || pending_site_name_.empty() || font_regular_.empty() || font_bold_.empty()) return false;
  library_ = core::Library{};
  core::load_site(library_, pending_site_name_, as_text(pending_site_));  // read again by finish_loading
  if (library_.site_ok && (kiosk_url_ || library_.site.kiosk.enabled)) text_step_ = kKioskTextStep;
  pixel_ratio_ = pixel_ratio;
  rebuild_fonts();
  return true;
}

double App::measure_index_read(std::string_view bytes, std::size_t piece) const {
  if (!loaded_ || !library_.site_ok) return -1;
  core::Library scratch;
  scratch.site = library_.site;
  scratch.site_ok = true;
  const double t0 = platform_.now();
  core::IndexReadAhead ahead;
  if (piece > 0) {
    ahead.expect(bytes.size());
    for (std::size_t n = piece; n < bytes.size(); n += piece) ahead.read(bytes.substr(0, n));
    ahead.read(bytes);
  }
  core::load_index(scratch, "index.json", bytes, piece > 0 ? &ahead : nullptr);
  return (platform_.now() - t0) * 1000.0;
}

bool App::warm_index_reader() {
  if (loaded_ || !library_.site_ok || library_.site.sections.empty() || library_.site.languages.empty()) return false;
  // A made-up index shaped like articlepack's, a few hundred entries long, in every language.
  const std::string& section = library_.site.sections.front().id;
  std::string index = "{\"format\": 2, \"articles\": [";
  for (int i = 0; i < 400; ++i) {
    const std::string id = "warm-up-" + std::to_string(i);
    if (i) index += ", ";
    index += "{\"id\": \"" + id + "\", \"section\": \"" + section + "\", \"date\": \"2000-01-01\", \"tags\": [\"warm-up\"], ";
    index += "\"file\": \"articles/" + id + ".0123456789ab.json\", \"image\": {\"src\": \"images/warm-up.jpg\", \"width\": 4, \"height\": 3}, ";
    index += "\"translations\": {";
    bool first = true;
    for (const core::Language& l : library_.site.languages) {
      index += std::string(first ? "" : ", ") + "\"" + l.code + "\": {\"title\": \"Titre d\\u2019un article \u00e9crit pour chauffer\", ";
      index += "\"summary\": \"R\u00e9sum\u00e9 de l\u2019article, assez long pour ressembler \u00e0 un vrai r\u00e9sum\u00e9 de communiqu\u00e9.\"}";
      first = false;
    }
    index += "}}";
  }
  index += "]}";
  for (int round = 0; round < 3; ++round) {
    core::Library scratch;
    scratch.site = library_.site;
    scratch.site_ok = true;
    core::load_index(scratch, "warm-up", index);
    std::vector<std::string_view> texts;
    for (const core::Article& a : scratch.articles)
      for (const auto& [lang, t] : a.translations) {
        texts.push_back(t.title);
        texts.push_back(t.summary);
      }
    (void)fonts_.has_glyphs(texts);
  }
  return true;
}

void App::frame_built(double ms) { frame_ms_[frame_ms_count_++ % frame_ms_.size()] = ms; }

bool App::prepare_fonts(float pixel_ratio) {
  if (!loaded_ || (pixel_ratio == pixel_ratio_ && !fonts_dirty_)) return false;
  pixel_ratio_ = pixel_ratio;
  fonts_dirty_ = false;
  rebuild_fonts();
  return true;
}

void App::build_frame() {
  kiosk_tick();
  ImGui::NewFrame();
  if (frames_ == 0) {
    // ImGui's implicit "Debug" window, begun by NewFrame at every frame and never drawn in:
    // collapsed and off screen (ui::apply_theme lets it stay there), its Begin skips its
    // contents and clips its title.
    ImGui::SetWindowCollapsed(true);
    ImGui::SetWindowPos(ImVec2(-100000.f, -100000.f));
  }
  ui::ViewOutput& out = frame_output_;
  out.reset();
  if (loaded_) {
    const std::vector<const core::Article*> featured_now = attract_ ? featured() : std::vector<const core::Article*>{};
    const ui::KioskViewInput kiosk_view{
        /*on=*/kiosk_,
        /*attract=*/attract_ && !featured_now.empty(),
        /*headline=*/featured_now.empty() ? nullptr : featured_now[attract_index_ % featured_now.size()],
        /*home_language=*/home_language_,
        /*qr=*/qr_ ? &*qr_ : nullptr,
        /*qr_url=*/qr_url_,
        /*shield=*/shield_frames_ > 0};
    const ui::FindInput find{find_query_, find_caret_, find_focused_, find_current_};
    const ui::SearchViewInput search{search_query_, caret_, text_focused_, search_filter_, index_state_ == IndexState::ready,
                                     search_total_, &hits_, selected_hit_};
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
        /*image_generation=*/image_generation_,
        /*search=*/search_open_ ? &search : nullptr,
        /*not_found=*/not_found_,
        /*highlight=*/highlight_,
        /*notice=*/notice_frames_ > 0 ? std::string_view(notice_) : std::string_view(),
        /*update_available=*/update_available_,
        /*offline=*/has_offline_status_ ? &offline_ : nullptr,
        /*kiosk=*/&kiosk_view,
        /*focus=*/focus_key_,
        /*find=*/find_open_ ? &find : nullptr};
    // "/" opens the search (unless the search field already has the keyboard).
    if (!text_focused_ && ImGui::IsKeyPressed(ImGuiKey_Slash, false) && !ImGui::GetIO().KeyCtrl) out.open_search = true;
    // Ctrl+F (Cmd+F): find in the article (the page keeps the browser's own find from opening).
    if ((ImGui::GetIO().KeyCtrl || ImGui::GetIO().KeySuper) && ImGui::IsKeyPressed(ImGuiKey_F, false)) open_find();
    ui::draw_reader(in, view_, out);
  }
  ImGui::Render();
  if (out.layout_ms >= 0) last_layout_ms_ = out.layout_ms;
  ++frames_;
  if (frames_wanted_ > 0) --frames_wanted_;
  apply(out);
  std::swap(last_output_, frame_output_);
  update_mirror();
}

// ---- Semantic mirror, focus and text mode ------------------------------------------------------

void App::update_mirror() {
  if (!loaded_) return;
  // What the mirror depends on; it is rebuilt only when this changes (not on every frame). The
  // key is filled in place (this runs at every frame: its strings keep their storage).
  MirrorKey& key = mirror_scratch_;
  fill_route(key.route);
  const core::Route& route = key.route;
  const core::Article* shown = route.kind == core::Route::Kind::article ? library_.find_article(route.id) : nullptr;
  key.dark = dark_;
  key.text_mode = text_mode_;
  key.body_loaded = shown && shown->body_loaded;
  key.text_step = text_step_;
  key.index_state = static_cast<int>(index_state_);
  key.articles = library_.articles.size();
  key.issues = library_.issues.size();
  key.search_total = search_total_;
  key.hits.resize(hits_.size());
  for (std::size_t i = 0; i < hits_.size(); ++i) {
    key.hits[i].first = hits_[i].article;
    key.hits[i].second.assign(hits_[i].language);
  }
  if (mirror_key_ && *mirror_key_ == key) return;
  mirror_key_ = key;
  core::MirrorView v;
  v.route = route;
  v.language = language_;
  v.dark = dark_;
  v.can_shrink_text = text_step_ > 0;
  v.can_grow_text = text_step_ + 1 < static_cast<int>(std::size(kTextSteps));
  v.text_mode = text_mode_;
  v.link_base = link_base_;
  v.page = !link_base_.empty();  // served: the same markup as the written page it replaces
  const core::Article* open = article_.empty() ? nullptr : library_.find_article(article_);
  v.image_size = [this, open](std::string_view src) {  // the lead image's declared size, or a loaded image's
    if (open && open->image && open->image->src == src && open->image->width > 0) return std::pair{open->image->width, open->image->height};
    const auto it = images_.find(src);
    return it != images_.end() ? std::pair{it->second.width, it->second.height} : std::pair{0, 0};
  };
  v.search_ready = index_state_ == IndexState::ready || (!has_bundle_ && index_state_ != IndexState::requested);
  v.search_total = search_total_;
  for (const ui::SearchHit& h : hits_) {
    if (!h.article) continue;
    v.hits.push_back({h.article->id, h.language, h.title, h.snippet.text, h.snippet.marks});
  }
  const core::Mirror m = core::render_mirror(library_, v);
  // The view (not its content) changed: say where the reader is now.
  const std::string view = core::format_route(route);
  // Search results change under the same view (the index arrives, a keystroke): their count is said again.
  const bool arrived = view != mirror_view_ || route.kind == core::Route::Kind::search;
  mirror_view_ = view;
  platform_.mirror_changed(m.html, m.language, arrived ? m.announce : std::string());
}

void App::set_focus(std::string_view key) {
  if (key == focus_key_) return;
  focus_key_ = std::string(key);
  view_.focus_reveal = !focus_key_.empty();
  frames_wanted_ = std::max(frames_wanted_, 2);
}

void App::activate(std::string_view key) {
  if (!loaded_) return;
  note_input();
  if (key == "back") back();
  else if (key == "theme") set_dark(!dark_);
  else if (key == "text-smaller") set_text_step(text_step_ - 1);
  else if (key == "text-larger") set_text_step(text_step_ + 1);
  else if (key == "text-mode") platform_.set_text_mode(!text_mode_);
  else if (key.rfind("toc:", 0) == 0) {
    int n = 0;
    for (const char ch : key.substr(4)) n = ch >= '0' && ch <= '9' ? n * 10 + (ch - '0') : n;
    view_.pending_toc = n;
  }
  frames_wanted_ = std::max(frames_wanted_, 3);
}

void App::set_text_mode(bool on) {
  text_mode_ = on;
  frames_wanted_ = std::max(frames_wanted_, 2);
}

void App::apply(const ui::ViewOutput& out) {
  if (out.language) select_language(*out.language);
  if (out.section) open_section(*out.section);
  if (out.article) open_article(*out.article);
  if (out.back) back();
  if (out.toggle_text_mode) platform_.set_text_mode(!text_mode_);
  if (out.open_search) open_search(search_query_);
  if (out.go_home) { open_section(""); }
  if (out.search_filter) set_search_filter(*out.search_filter);
  if (out.open_hit >= 0) open_search_result(static_cast<std::size_t>(out.open_hit));
  if (out.close_qr) { qr_url_.clear(); qr_.reset(); }
  if (!out.key.empty()) {  // the kiosk's on-screen keyboard
    std::string text = search_query_;
    if (out.key == "delete") {
      while (!text.empty() && (static_cast<unsigned char>(text.back()) & 0xC0) == 0x80) text.pop_back();  // a whole code point
      if (!text.empty()) text.pop_back();
    } else if (out.key == "space") {
      text += ' ';
    } else {
      text += out.key;
    }
    text_changed(text, text.size());
    text_focused_ = false;  // no system keyboard on a kiosk
  }
  if (shield_frames_ > 0 && --shield_frames_ > 0) frames_wanted_ = std::max(frames_wanted_, 1);
  if (notice_frames_ > 0) {  // shown for three seconds
    if (std::chrono::steady_clock::now() < notice_until_) frames_wanted_ = std::max(frames_wanted_, 1);
    else notice_frames_ = 0;
  }
  after_navigation(out.scroll_y);
  if (out.find_step) find_step(out.find_step);
  if (out.find_close) close_find();
  // The find bar's field, like the search field below, has the page's text field over it.
  if (find_open_ && (find_focus_wanted_ || find_focused_) && out.find_field[2] > 0) {
    platform_.text_input(true, out.find_field[0], out.find_field[1], out.find_field[2], out.find_field[3], find_query_, find_caret_);
    if (find_focus_wanted_) { find_focus_wanted_ = false; find_focused_ = true; frames_wanted_ = std::max(frames_wanted_, 2); }
  }
  // The search field follows its place on screen (the keyboard's text field sits over it).
  if (search_open_ && (text_focus_wanted_ || text_focused_) && out.search_field[2] > 0) {
    platform_.text_input(true, out.search_field[0], out.search_field[1], out.search_field[2], out.search_field[3], search_query_, caret_);
    if (text_focus_wanted_) { text_focus_wanted_ = false; text_focused_ = true; frames_wanted_ = std::max(frames_wanted_, 2); }
  }
  // The scroll position, once settled (nothing moves any more: no easing, no glide, no finger),
  // is remembered in the history entry (for reload and back). Not at every frame of a scroll.
  if (frames_wanted_ == 0 && !out.wants_more_frames && std::abs(out.scroll_y - saved_scroll_) > 0.5f && view_.restore_scroll < 0) {
    saved_scroll_ = out.scroll_y;
    platform_.save_scroll(saved_scroll_);
  }
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
  if (search_open_) refresh_snippets();
  frames_wanted_ = std::max(frames_wanted_, 3);
}

void App::file_failed(std::string_view path, std::string_view reason) {
  if (path == kSearchFile) return search_index_arrived({}, reason);
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
  if (attract_) {
    // The first touch: straight to the headline touched (or home), never a click on what lay
    // under the attract screen (a shield takes the rest of this touch).
    attract_ = false;
    shield_frames_ = 4;
    frames_wanted_ = std::max(frames_wanted_, 4);
    for (const ui::HitTarget& t : last_output_.targets) {
      if (t.id.rfind("attract:", 0) != 0 || x < t.x || y < t.y || x >= t.x + t.w || y >= t.y + t.h) continue;
      open_article(std::string_view(t.id).substr(8));
      return;
    }
    return;
  }
  if (qr_ || view_.errors_open || view_.offline_open) return;  // a panel is over the page: its own buttons act in the frame
  for (const ui::HitTarget& t : last_output_.targets) {
    const bool inside = x >= t.x && y >= t.y && x < t.x + t.w && y < t.y + t.h;
    // Focusing a text field (phones show their keyboard) and sharing need the input event.
    if (inside && t.id == "find-field" && find_open_ && !kiosk_) {
      find_focused_ = true;
      platform_.text_input(true, t.x, t.y, t.w, t.h, find_query_, find_caret_);
      frames_wanted_ = std::max(frames_wanted_, 2);
      return;
    }
    if (inside && t.id == "search-field" && !kiosk_) {
      text_focused_ = true;
      platform_.text_input(true, t.x, t.y, t.w, t.h, search_query_, caret_);
      frames_wanted_ = std::max(frames_wanted_, 2);
      return;
    }
    if (inside && t.id == "update-reload") {
      platform_.apply_update();
      return;
    }
    if (inside && t.id == "share") {
      platform_.share(route_reported_, title());
      return;
    }
    if (t.id.rfind(kLink, 0) != 0 || x < t.x || y < t.y || x >= t.x + t.w || y >= t.y + t.h) continue;
    const std::string_view url = std::string_view(t.id).substr(kLink.size());
    if (!core::is_allowed_link(url)) return;
    if (kiosk_) {  // a kiosk never leaves the reader: the link becomes a QR code to scan
      qr_url_ = std::string(url);
      qr_ = core::make_qr(url);
      frames_wanted_ = std::max(frames_wanted_, 3);
      return;
    }
    platform_.open_url(url);
    return;
  }
}

void App::select_language(std::string_view code) {
  if (!library_.site.has_language(code) || code == language_) return;
  language_ = std::string(code);
  platform_.set_document_language(language_, library_.site.is_rtl(language_));
  platform_.save_setting("language", language_);
  if (search_open_) run_search();  // current-language results first
  frames_wanted_ = std::max(frames_wanted_, 3);
}

void App::open_section(std::string_view id) {
  if (!id.empty() && library_.site.find_section(id) < 0) return;
  section_ = std::string(id);
  article_.clear();
  show(id.empty() ? core::Route::Kind::home : core::Route::Kind::section);
  frames_wanted_ = std::max(frames_wanted_, 3);
}

void App::open_article(std::string_view id) {
  const core::Article* a = library_.find_article(id);
  if (!a) return;
  article_ = a->id;
  show(core::Route::Kind::article);
  // A bundled article's body is fetched when it is first opened.
  if (!a->body_loaded && requested_files_.insert(a->body_file).second) platform_.request_file(a->body_file);
  frames_wanted_ = std::max(frames_wanted_, 3);
}

void App::back() {
  article_.clear();
  show(section_.empty() ? core::Route::Kind::home : core::Route::Kind::section);
  frames_wanted_ = std::max(frames_wanted_, 3);
}

// ---- Kiosk ------------------------------------------------------------------------------------

void App::set_kiosk(bool on, double idle_seconds, double attract_after_seconds) {
  kiosk_url_ = on;
  idle_override_ = idle_seconds;
  attract_override_ = attract_after_seconds;
}

void App::note_input() {
  if (!kiosk_) return;
  last_input_ = platform_.now();
  idle_reset_done_ = false;
}

void App::graphics_restored() {
  // Textures died with the context: images are fetched and uploaded again as they come on screen.
  images_.clear();
  requested_images_.clear();
  ++graphics_resets_;
  frames_wanted_ = std::max(frames_wanted_, 3);
}

std::vector<const core::Article*> App::featured() const {
  std::vector<const core::Article*> out;
  for (const std::string& id : library_.site.kiosk.featured)
    if (const core::Article* a = library_.find_article(id)) out.push_back(a);
  if (out.empty())  // none given (or none left): the newest
    for (std::size_t i = 0; i < std::min<std::size_t>(5, library_.articles.size()); ++i) out.push_back(&library_.articles[i]);
  return out;
}

void App::kiosk_tick() {
  if (!kiosk_ || !loaded_) return;
  const double now = platform_.now();
  const double idle = now - last_input_;
  if (!idle_reset_done_ && idle >= idle_seconds_) {
    reset_for_next_visitor();
    idle_reset_done_ = true;
    ++idle_resets_;
  }
  const bool attract_on = library_.site.kiosk.attract && !library_.articles.empty();
  if (idle_reset_done_ && attract_on && !attract_ && idle >= idle_seconds_ + attract_after_ && last_input_ > 0) {
    attract_ = true;
    attract_index_ = 0;
    attract_changed_ = now;
    frames_wanted_ = std::max(frames_wanted_, 2);
  } else if (attract_ && now - attract_changed_ >= attract_cycle_) {
    ++attract_index_;
    attract_changed_ = now;
    frames_wanted_ = std::max(frames_wanted_, 2);
  }
  // The next moment something happens without input: a frame is asked for then, none before.
  double next = -1;
  if (!idle_reset_done_) next = last_input_ + idle_seconds_;
  else if (attract_on && !attract_) next = last_input_ + idle_seconds_ + attract_after_;
  else if (attract_) next = attract_changed_ + attract_cycle_;
  if (next > 0 && next != scheduled_wake_) {
    platform_.wake_at(next);
    scheduled_wake_ = next;
  }
}

void App::reset_for_next_visitor() {
  qr_url_.clear();
  qr_.reset();
  view_.errors_open = view_.offline_open = view_.nav_open = false;
  search_query_.clear();
  search_filter_.clear();
  hits_.clear();
  selected_hit_ = 0;
  caret_ = 0;
  if (search_open_ && text_focused_) platform_.text_input(false, 0, 0, 0, 0, {}, 0);
  select_language(home_language_);
  section_.clear();
  article_.clear();
  show(core::Route::Kind::home);
  view_.scrolled_for.clear();  // the home list from its top
  view_.restore_scroll = -1;
  if (text_step_ != kKioskTextStep) { text_step_ = kKioskTextStep; fonts_dirty_ = true; }
  frames_wanted_ = std::max(frames_wanted_, 3);
}

// ---- Routing ----------------------------------------------------------------------------------

void App::show(core::Route::Kind kind) {
  if (kind != core::Route::Kind::search) {
    if (search_open_ && text_focused_) platform_.text_input(false, 0, 0, 0, 0, {}, 0);
    search_open_ = false;
    text_focused_ = false;
    text_focus_wanted_ = false;
  }
  if (kind != core::Route::Kind::article) highlight_.clear();
  close_find();
  not_found_ = kind == core::Route::Kind::not_found;
  if (kind == core::Route::Kind::search) search_open_ = true;
}

core::Route App::current_route() const {
  core::Route r;
  fill_route(r);
  return r;
}

void App::fill_route(core::Route& r) const {
  r.kind = core::Route::Kind::home;
  r.language.assign(language_);
  r.id.clear();
  r.query.clear();
  r.filter.clear();
  if (not_found_) {
    r.kind = core::Route::Kind::not_found;
  } else if (search_open_) {
    r.kind = core::Route::Kind::search;
    r.query.assign(search_query_);
    r.filter.assign(search_filter_);
  } else if (!article_.empty()) {
    r.kind = core::Route::Kind::article;
    r.id.assign(article_);
  } else if (!section_.empty()) {
    r.kind = core::Route::Kind::section;
    r.id.assign(section_);
  }
}

std::string App::title() const { return core::view_title(library_, current_route()); }

int App::anchor(std::string_view key, float& top, float& height) const {
  if (!loaded_ || fonts_dirty_ || view_.restore_scroll >= 0 || frames_ == 0) return -1;
  if (search_open_ || not_found_) return 0;
  const core::Article* a = article_.empty() ? nullptr : library_.find_article(article_);
  if (a && (!a->body_loaded || !view_.body.document)) return -1;  // the body is on its way, or not laid out yet
  if (key == "title") {
    if (!a || view_.title_top < 0) return a ? -1 : 0;
    top = view_.title_top;
    height = fonts_.size(ui::kFontTitle) * 1.25f;
    return 1;
  }
  if (key.starts_with("b:")) {  // "b:<n>" a block, "b:<n>@<c>" the line of its text's c-th UTF-16 unit
    if (!a) return 0;
    std::size_t n = 0, at = 0, *number = &n;
    bool line = false;
    for (const char ch : key.substr(2)) {
      if (ch == '@' && !line) { line = true; number = &at; continue; }
      if (ch < '0' || ch > '9') return 0;
      *number = *number * 10 + static_cast<std::size_t>(ch - '0');
    }
    const core::DocumentLayout& layout = view_.body.layout;
    if (n >= layout.blocks.size()) return 0;
    if (line && layout.blocks[n].first_line < layout.blocks[n].end_line) {
      const core::LaidLine& l = layout.lines[layout.line_of(*view_.body.document, n, at)];
      top = view_.body_top + l.y;
      height = l.height;
      return 1;
    }
    top = view_.body_top + layout.blocks[n].top;
    height = layout.blocks[n].bottom - layout.blocks[n].top;
    return 1;
  }
  for (const ui::HitTarget& t : last_output_.targets) {  // a card drawn in the last frame
    if (t.id != key) continue;
    top = t.y - view_.main_top + last_output_.scroll_y;
    height = t.h;
    return 1;
  }
  return 0;
}

void App::scroll_to(float y) {
  view_.restore_scroll = std::max(0.f, y);
  view_.restore_wait = 0;
  frames_wanted_ = std::max(frames_wanted_, 2);
}

void App::navigate(std::string_view hash, float scroll) {
  if (!loaded_) return;
  note_input();  // back, forward, a link: someone is there (kiosk idle timer)
  navigating_ = true;
  highlight_.clear();
  core::Route r = core::parse_route(hash);
  if (!r.language.empty() && !library_.site.has_language(r.language)) r.kind = core::Route::Kind::not_found;
  else if (!r.language.empty()) select_language(r.language);
  if (r.kind == core::Route::Kind::section && library_.site.find_section(r.id) < 0) r.kind = core::Route::Kind::not_found;
  if (r.kind == core::Route::Kind::article && !library_.find_article(r.id)) r.kind = core::Route::Kind::not_found;
  switch (r.kind) {
    case core::Route::Kind::home: open_section(""); break;
    case core::Route::Kind::section: open_section(r.id); break;
    case core::Route::Kind::article: {
      const core::Article* a = library_.find_article(r.id);
      section_.clear();  // "back" from a deep-linked article goes to the home list
      open_article(a->id);
      break;
    }
    case core::Route::Kind::search:
      search_filter_ = library_.site.has_language(r.filter) ? r.filter : "";
      search_query_ = r.query;
      caret_ = search_query_.size();
      show(core::Route::Kind::search);
      text_focus_wanted_ = !kiosk_;
      want_search_index();
      run_search();
      break;
    case core::Route::Kind::not_found: show(core::Route::Kind::not_found); break;
  }
  // The view's position comes back once it is tall enough (an article's body may still load).
  view_.restore_scroll = scroll > 0 ? scroll : -1;
  view_.restore_wait = 0;
  view_.scrolled_for.clear();
  saved_scroll_ = scroll;
  // The address bar shows the route as the reader writes it (a not-found URL stays as typed).
  not_found_hash_ = not_found_ ? std::string(hash) : std::string();
  route_reported_ = not_found_ ? not_found_hash_ : core::format_route(current_route());
  platform_.set_route(route_reported_, title(), false, 0);
  navigating_ = false;
  frames_wanted_ = std::max(frames_wanted_, 3);
}

// After the views asked for something: a new history entry when the view changed.
void App::after_navigation(float previous_scroll) {
  if (!loaded_ || navigating_) return;
  core::Route& now = route_scratch_;
  fill_route(now);
  if (shown_hash_.empty() || now != shown_route_) {
    shown_route_ = now;
    shown_hash_ = core::format_route(now);
  }
  const std::string& hash = not_found_ ? not_found_hash_ : shown_hash_;
  if (hash == route_reported_) return;
  // Typing in the search field replaces its entry instead of making one per keystroke.
  const core::Route before = core::parse_route(route_reported_);
  const bool typing = now.kind == core::Route::Kind::search && before.kind == core::Route::Kind::search && before.language == now.language;
  platform_.set_route(hash, title(), !typing, previous_scroll);
  route_reported_ = hash;
  if (!typing) saved_scroll_ = 0;
}

void App::update_available() {
  update_available_ = true;
  frames_wanted_ = std::max(frames_wanted_, 3);
}

void App::set_offline_status(std::string_view text) {
  const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_object()) return;
  // Field by field, type-checked (the JSON comes from the page; nothing here may throw).
  const auto text_of = [&](const char* key) { auto it = j.find(key); return it != j.end() && it->is_string() ? it->get<std::string>() : std::string(); };
  const auto number_of = [&](const char* key) { auto it = j.find(key); return it != j.end() && it->is_number() ? it->get<double>() : 0.0; };
  offline_.mode = text_of("mode");
  offline_.articles = static_cast<int>(number_of("articles"));
  offline_.total = static_cast<int>(number_of("total"));
  offline_.bytes = number_of("bytes");
  offline_.date = text_of("date");
  const auto persisted = j.find("persisted");
  offline_.persisted = persisted != j.end() && persisted->is_boolean() && persisted->get<bool>();
  has_offline_status_ = true;
  frames_wanted_ = std::max(frames_wanted_, 2);
}

void App::shared(int how) {
  if (how != 2) return;  // the system's share sheet says what happened itself
  notice_ = core::tr(library_.site, language_, "share.copied");
  notice_frames_ = 1;
  notice_until_ = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  frames_wanted_ = std::max(frames_wanted_, 2);
}

// ---- Search ----------------------------------------------------------------------------------

void App::want_search_index() {
  if (index_state_ != IndexState::none) return;
  index_state_ = IndexState::requested;
  platform_.request_file(kSearchFile);
}

void App::search_index_arrived(std::string_view bytes, std::string_view failure) {
  search_index_ = core::search::Index{};
  std::string error;
  bool bundled = false;
  if (has_bundle_) {
    if (!failure.empty()) error = "could not be fetched (" + std::string(failure) + ")";
    else bundled = search_index_.deserialize(bytes, error);
    if (!bundled) {
      library_.issues.push_back({std::string(kSearchFile), "(file)", error + "; searching titles and summaries only. Rebuild the bundle with articlepack build", false});
      platform_.log_error(library_.issues.back().to_string());
    }
  }
  // Articles the bundled index does not cover: loose ones (full text), and every article's
  // title and summary when there is no bundled index.
  for (const core::Article& a : library_.articles) {
    if (bundled && !a.body_file.empty()) continue;
    for (const auto& [lang, t] : a.translations)
      search_index_.add(a.id, lang, t.title, t.summary, a.body_loaded ? core::search::document_text(t.body) : std::string());
  }
  search_index_.finish();
  index_state_ = IndexState::ready;
  if (search_open_) run_search();
  frames_wanted_ = std::max(frames_wanted_, 3);
}

void App::open_search(std::string_view query) {
  if (!loaded_) return;
  if (!search_open_) {
    search_query_ = std::string(query);
    caret_ = search_query_.size();
    selected_hit_ = 0;
  }
  show(core::Route::Kind::search);
  text_focus_wanted_ = !kiosk_;  // a kiosk types with its own keyboard
  want_search_index();
  run_search();
  frames_wanted_ = std::max(frames_wanted_, 3);
}

void App::open_find() {
  if (!loaded_) return;
  if (article_.empty() || search_open_ || not_found_) {
    open_search(search_query_);
    return;
  }
  find_open_ = true;
  find_focus_wanted_ = !kiosk_;
  frames_wanted_ = std::max(frames_wanted_, 3);
}

void App::close_find() {
  if (!find_open_) return;
  if (find_focused_) platform_.text_input(false, 0, 0, 0, 0, {}, 0);
  find_open_ = find_focused_ = find_focus_wanted_ = false;
  frames_wanted_ = std::max(frames_wanted_, 2);
}

void App::find_step(int step) {
  find_current_ += step;
  const int n = last_output_.find_count;
  if (n > 0) find_current_ = ((find_current_ % n) + n) % n;
  frames_wanted_ = std::max(frames_wanted_, 3);
}

void App::text_changed(std::string_view text, std::size_t caret) {
  if (!loaded_) return;
  if (find_open_ && find_focused_) {
    if (text != find_query_) find_current_ = 0;
    find_query_ = std::string(text);
    find_caret_ = std::min(caret, find_query_.size());
    frames_wanted_ = std::max(frames_wanted_, 2);
    return;
  }
  if (!search_open_) open_search(text);
  text_focused_ = true;
  if (text != search_query_) {
    search_query_ = std::string(text);
    selected_hit_ = 0;
    run_search();
  }
  caret_ = std::min(caret, search_query_.size());
  frames_wanted_ = std::max(frames_wanted_, 2);
}

void App::text_key(std::string_view key) {
  if (find_open_ && find_focused_) {
    if (key == "Enter" || key == "ArrowDown") find_step(+1);
    else if (key == "ArrowUp") find_step(-1);
    else if (key == "Escape") close_find();
    return;
  }
  if (!search_open_) return;
  const int n = static_cast<int>(hits_.size());
  if (key == "ArrowDown" && n > 0) selected_hit_ = std::min(selected_hit_ + 1, n - 1);
  else if (key == "ArrowUp") selected_hit_ = std::max(selected_hit_ - 1, 0);
  else if (key == "Enter" && n > 0) open_search_result(static_cast<std::size_t>(selected_hit_));
  else if (key == "Escape") {
    // Back to where the search was opened from (its history entry), or home.
    const core::Route before = core::parse_route(route_reported_);
    if (before.kind == core::Route::Kind::search) platform_.history_back();
    show(article_.empty() ? (section_.empty() ? core::Route::Kind::home : core::Route::Kind::section) : core::Route::Kind::article);
  }
  frames_wanted_ = std::max(frames_wanted_, 2);
}

void App::text_blurred() {
  text_focused_ = false;
  find_focused_ = false;
  frames_wanted_ = std::max(frames_wanted_, 2);
}

void App::set_search_filter(std::string_view language) {
  if (!language.empty() && !library_.site.has_language(language)) return;
  search_filter_ = std::string(language);
  selected_hit_ = 0;
  run_search();
}

void App::open_search_result(std::size_t index) {
  if (index >= hits_.size()) return;
  const ui::SearchHit hit = hits_[index];
  const std::string query = search_query_;
  if (hit.language != language_) select_language(hit.language);  // the article in the words that matched
  open_article(hit.article->id);
  highlight_ = query;
}

void App::run_search() {
  hits_.clear();
  search_total_ = 0;
  frames_wanted_ = std::max(frames_wanted_, 3);
  if (index_state_ != IndexState::ready) return;
  core::search::Options o;
  o.preferred_language = language_;
  o.only_language = search_filter_;
  o.limit = kSearchLimit;
  const core::search::Results r = search_index_.search(search_query_, o);
  search_total_ = r.total;
  for (const core::search::Result& x : r.top) {
    const core::Article* a = library_.find_article(x.article_id);
    if (!a) continue;
    const auto t = a->translations.find(x.language);
    if (t == a->translations.end()) continue;
    hits_.push_back({a, std::string(x.language), t->second.title, {}});
  }
  if (selected_hit_ >= static_cast<int>(hits_.size())) selected_hit_ = 0;
  refresh_snippets();
}

void App::refresh_snippets() {
  for (std::size_t i = 0; i < hits_.size(); ++i) {
    ui::SearchHit& h = hits_[i];
    const core::Translation& t = h.article->translations.at(h.language);
    const core::search::PreparedQuery q = core::search::prepare_query(search_query_, h.language, true);
    // The summary when the words are there, else the body (fetched for the first results).
    h.snippet = core::search::make_snippet(t.summary, q);
    if (!h.snippet.matched && h.article->body_loaded && !h.article->body_failed) {
      core::search::Snippet body = core::search::make_snippet(core::search::document_text(t.body), q);
      if (body.matched) h.snippet = std::move(body);
    } else if (!h.snippet.matched && !h.article->body_loaded && i < kSnippetBodies &&
               requested_files_.insert(h.article->body_file).second) {
      platform_.request_file(h.article->body_file);
    }
  }
}

std::string App::body_lines_json() const {
  using nlohmann::json;
  json out = {{"width", view_.body.width}, {"rtl", view_.body.layout_direction == static_cast<int>(core::bidi::Direction::rtl)},
              {"top", view_.main_top + view_.body_top - last_output_.scroll_y}};  // the body's top on screen
  json lines = json::array();
  if (view_.body.document && !article_.empty()) {
    for (const core::LaidLine& line : view_.body.layout.lines) {
      // The pieces' logical order: by span (spans of a block are consecutive in memory), then byte.
      std::vector<std::size_t> rank(line.fragments.size());
      for (std::size_t i = 0; i < rank.size(); ++i) rank[i] = i;
      std::sort(rank.begin(), rank.end(), [&](std::size_t a, std::size_t b) {
        const core::LineFragment &fa = line.fragments[a], &fb = line.fragments[b];
        return std::less<const core::Span*>()(fa.span, fb.span) || (fa.span == fb.span && fa.begin < fb.begin);
      });
      std::vector<std::size_t> logical_rank(rank.size());
      for (std::size_t r = 0; r < rank.size(); ++r) logical_rank[rank[r]] = r;
      json pieces = json::array();
      for (std::size_t i = 0; i < line.fragments.size(); ++i) {
        const core::LineFragment& f = line.fragments[i];
        pieces.push_back({{"x", f.x}, {"w", f.width}, {"rtl", f.rtl}, {"rank", logical_rank[i]},
                          {"text", f.span->text.substr(f.begin, f.end - f.begin)}});
      }
      lines.push_back({{"y", line.y}, {"h", line.height}, {"pieces", std::move(pieces)}});
    }
  }
  out["lines"] = std::move(lines);
  return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string App::page_settings_json() const {
  nlohmann::json s = {{"graphics", graphics_}, {"language", language_}, {"theme", dark_ ? "dark" : "light"}, {"textScale", kTextSteps[text_step_]}};
  return s.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string App::state_json(bool platform_pending) const {
  using nlohmann::json;
  json s = json::object();
  s["ready"] = loaded_ && (frames_ > 0 || !graphics_ || text_mode_);  // text mode draws no frames
  s["graphics"] = graphics_;
  s["language"] = language_;
  s["section"] = section_.empty() ? json(nullptr) : json(section_);
  s["article"] = article_.empty() ? json(nullptr) : json(article_);
  s["view"] = not_found_ ? "notfound" : search_open_ ? "search" : article_.empty() ? (section_.empty() ? "home" : "section") : "article";
  s["route"] = route_reported_;
  s["focus"] = focus_key_;
  s["find"] = {{"open", find_open_}, {"query", find_query_}, {"count", last_output_.find_count},
               {"current", last_output_.find_count ? find_current_ + 1 : 0}, {"focused", find_focused_}};
  if (const core::Article* a = article_.empty() || search_open_ || not_found_ ? nullptr : library_.find_article(article_);
      a && a->body_loaded) {
    const core::ChosenTranslation c = core::choose_translation(*a, language_, library_.site);
    if (c.translation) s["articleText"] = core::body_text(c.translation->body);
  }
  s["textMode"] = text_mode_;
  s["reducedMotion"] = reduced_motion_;
  s["documentTitle"] = loaded_ ? json(title()) : json(nullptr);
  json hits = json::array();
  for (const ui::SearchHit& h : hits_) {
    json marks = json::array();
    for (const auto& [b, e] : h.snippet.marks) marks.push_back(h.snippet.text.substr(b, e - b));
    hits.push_back({{"id", h.article->id}, {"language", h.language}, {"title", h.title}, {"snippet", h.snippet.text}, {"marks", std::move(marks)}});
  }
  s["search"] = {{"open", search_open_}, {"query", search_query_}, {"caret", caret_}, {"filter", search_filter_}, {"focused", text_focused_},
                 {"ready", index_state_ == IndexState::ready}, {"total", search_total_}, {"selected", selected_hit_}, {"results", std::move(hits)}};
  s["highlight"] = {{"query", highlight_}, {"count", last_output_.highlights}, {"y", last_output_.highlight_y}};
  s["notice"] = notice_frames_ > 0 ? json(notice_) : json(nullptr);
  s["update"] = update_available_;
  s["kiosk"] = kiosk_;
  if (kiosk_)
    s["kioskState"] = {{"idleSeconds", idle_seconds_}, {"attractAfter", attract_after_}, {"homeLanguage", home_language_}, {"attract", attract_},
                       {"idleResets", idle_resets_}, {"qr", qr_url_.empty() ? json(nullptr) : json(qr_url_)},
                       {"qrSize", qr_ ? qr_->size : 0}};
  s["graphicsResets"] = graphics_resets_;
  s["offline"] = has_offline_status_ ? json{{"mode", offline_.mode}, {"articles", offline_.articles}, {"total", offline_.total},
                                           {"bytes", offline_.bytes}, {"date", offline_.date}, {"persisted", offline_.persisted}}
                                     : json(nullptr);
  s["frames"] = frames_;
  s["busy"] = platform_pending || frames_wanted_ > 0 || fonts_dirty_ || index_state_ == IndexState::requested || view_.restore_scroll >= 0;  // frames are coming without new input
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
  json toc = json::array();
  for (const std::string& heading : last_output_.toc) toc.push_back(heading);
  s["toc"] = {{"entries", std::move(toc)}, {"current", last_output_.toc_current}};
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
  s["partsReplayed"] = view_.parts_replayed;  // header, section column, article's head drawn again (reader_view.cpp)
  s["retainedText"] = {{"built", view_.body_chunks.built()}, {"drawn", view_.body_chunks.drawn()}};  // ui::TextChunks
  if (index_parse_ms_ >= 0) s["indexParseMs"] = index_parse_ms_;
  else s["indexParseMs"] = nullptr;
  if (index_parse_at_start_ms_ >= 0) s["indexParseAtStartMs"] = index_parse_at_start_ms_;
  else s["indexParseAtStartMs"] = nullptr;
  s["heap"] = {{"inUse", platform_.heap_in_use()}, {"memory", platform_.memory_size()}};
  json images = json::object();
  for (const auto& [src, tex] : images_) images[src] = {{"width", tex.width}, {"height", tex.height}};
  s["images"] = std::move(images);
  json missing = json::array();
  for (std::uint32_t cp : fonts_.missing_glyphs())
    if (!arabic_pending_ || !((cp >= 0x0600 && cp <= 0x06FF) || (cp >= 0xFB50 && cp <= 0xFDFF) || (cp >= 0xFE70 && cp <= 0xFEFF))) missing.push_back(cp);
  s["missingGlyphs"] = std::move(missing);
  json targets = json::array();
  for (const ui::HitTarget& t : last_output_.targets)
    targets.push_back({{"id", t.id}, {"label", t.label}, {"x", t.x}, {"y", t.y}, {"w", t.w}, {"h", t.h}});
  s["targets"] = std::move(targets);
  return s.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace reader::app
