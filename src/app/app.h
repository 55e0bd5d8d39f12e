// The reader application: owns the loaded content, the navigation state and the views' state,
// and wires core, ui and the platform. Used by the web entry point and by the headless test.
//
// Frame contract: the platform calls build_frame() between its own new-frame and render steps
// only when something changed (input, resize, loading finished, or wants_frames()); the app
// counts drawn frames for the state hook.
#pragma once
#include <chrono>
#include <cstdint>
#include <string>
#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <vector>

#include "core/bundle.h"
#include "core/content_loader.h"
#include "core/qr.h"
#include "core/route.h"
#include "core/search.h"
#include "platform/platform.h"
#include "ui/fonts.h"
#include "ui/reader_view.h"

namespace reader::app {

class App {
 public:
  explicit App(platform::Platform& platform);
  ~App();
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  // Content arrives as named files: "site.json", a bundle's "index.json" (articlepack build)
  // and/or loose "articles/<name>.json", and the four font faces "fonts/NotoSans-Regular.ttf"
  // (-Bold, -Italic, -BoldItalic); order does not matter. After finish_loading(), files are the
  // article bodies asked for with Platform::request_file.
  void add_file(std::string_view path, std::string bytes);
  void add_file(std::string_view path, const std::vector<std::uint8_t>& bytes) { add_file(path, std::string(bytes.begin(), bytes.end())); }
  // The bundle's index as it downloads (before finish_loading): the page writes its bytes into
  // index_buffer(size) as they arrive, calls index_received(n) now and then with the count in
  // so far (the entries in them are read ahead, core::IndexReadAhead), and hands the buffer over
  // with add_index_buffer() once all `size` bytes are in and checked. Another index_buffer call,
  // or an "index.json" given to add_file, starts over.
  char* index_buffer(std::size_t size);
  void index_received(std::size_t received);
  bool is_index_buffer(const void* data, std::size_t size) const {
    return index_buffered_ && data == pending_index_.data() && size == pending_index_.size();
  }
  void add_index_buffer() { index_buffered_ = false; }
  // A file asked for with Platform::request_file could not be fetched.
  void file_failed(std::string_view path, std::string_view reason);
  // Validates everything received, reports problems (console and panel), picks the language
  // from the browser's preferences, and shows the home view.
  void finish_loading(const std::vector<std::string>& preferred_languages);

  // Rebuilds the font atlas if the pixel ratio changed. True when the renderer must re-upload it.
  bool prepare_fonts(float pixel_ratio);
  // Before finish_loading, once the fonts and site.json are in (the index may still be on its
  // way): builds the atlas for the site's strings and the Latin base ranges, so that the first
  // frame after start does not wait for it. finish_loading keeps that atlas when the content
  // needs no other glyph and the text size is the same. True when the renderer must upload it.
  bool warm_fonts(float pixel_ratio);
  // After warm_fonts, before finish_loading (the shell calls it while the index downloads, or when
  // the manifest says the index is large, when the warm-up pays for itself): V8 first runs wasm
  // with its baseline compiler and optimises a function only after it has run a while (and not
  // during a call already running). Reading a made-up index of a few hundred entries gets the
  // index reader and the glyph check optimised before the real index is read (bench/scale.mjs
  // measures the start). Leaves nothing behind. False when there was nothing to warm up.
  bool warm_index_reader();
  // Benchmarks (bench/scale.mjs): reads `bytes`, a bundle index, into a scratch library with the
  // loaded site, as at start (`piece` 0: in one go) or as the shell streams it (read ahead in
  // prefixes `piece` bytes apart, then finished by core::load_index), and returns the
  // milliseconds that took. Changes nothing in the reader; -1 before finish_loading.
  double measure_index_read(std::string_view bytes, std::size_t piece) const;
  // One ImGui frame: NewFrame, the views, Render. Applies what the user asked for.
  void build_frame();
  // The time a frame took to build, from the platform's new frame to Render (the state's
  // frameCpu): the web entry point reads the clock it already reads for the platform and
  // once more (each reading is a call out of wasm, several microseconds in Chromium).
  void frame_built(double ms);
  // True while the app needs frames without input (an animation, a pending navigation).
  bool wants_frames() const { return frames_wanted_ > 0; }

  // An image asked for through Platform::request_image arrived (RGBA pixels) or failed.
  void image_loaded(std::string_view src, int width, int height, const std::uint8_t* rgba);
  void image_failed(std::string_view src, std::string_view reason);

  // Reading settings (remembered through the platform): text size steps and theme.
  static constexpr float kTextSteps[] = {0.85f, 1.f, 1.15f, 1.3f, 1.5f, 1.75f, 2.f};
  static constexpr int kDefaultTextStep = 1;
  static constexpr int kKioskTextStep = 3;  // 1.3× on a kiosk
  void set_text_step(int step);
  int text_step() const { return text_step_; }
  void set_dark(bool dark);

  // Pointer released on the spot (tap or click) at (x, y) CSS px: opens the link drawn there
  // in the last frame, if any. Hit-tests the last frame rather than hover state, which a
  // quick tap may not have produced yet.
  void on_tap(float x, float y);

  // Navigation (from the views, the routes and tests). Each one that changes the view makes a
  // history entry (Platform::set_route) after the frame.
  void select_language(std::string_view code);
  void open_section(std::string_view id);
  void open_article(std::string_view id);
  void back();

  // Routing: shows the view of `hash` (the address bar at start, back/forward, a typed URL)
  // without making a history entry, and restores `scroll` (CSS px) once the view has its height.
  // An unknown or malformed route shows the "not found" view. See core/route.h.
  void navigate(std::string_view hash, float scroll);
  core::Route current_route() const;
  // The same, written into `r` (its strings keep their storage: called at every frame).
  void fill_route(core::Route& r) const;
  // The document title for the current view ("<article title> — IOM").
  std::string title() const;

  // Taking over from the page's HTML in place (shell.js): where a thing the page shows lies in
  // the main column, as the last frame drew it. `key`: "title" (the open article's title),
  // "b:<n>" (the n-th block of its body, DocumentLayout::blocks) or a card's target id
  // ("article:<id>"). Fills {top, height} in the column's content coordinates (CSS px) and
  // returns 1; returns 0 when the view has no such thing, -1 while the view is not fully drawn
  // yet (content, fonts or a scroll position still on their way).
  int anchor(std::string_view key, float& top, float& height) const;
  // The main column's top on screen and its largest scroll position (last frame).
  float main_top() const { return view_.main_top; }
  float scroll_max() const { return last_output_.scroll_max; }
  // The site's root path as the page sees it ("/reader/"): the mirror then links to the pages'
  // paths below it and shows images from the server, as the written pages do (core/pages.h).
  // Empty (the default): hash routes, images fetched by the shell (the single file).
  void set_link_base(std::string base) { link_base_ = std::move(base); mirror_key_.reset(); }
  // Scrolls the main column to `y` at the next frame, at once (no easing).
  void scroll_to(float y);
  // True while a scroll position waits to be applied (navigate, scroll_to).
  bool scroll_pending() const { return view_.restore_scroll >= 0; }
  float scroll_y() const { return last_output_.scroll_y; }

  // Search. open_search shows the search view with `query` and focuses its text field;
  // text_changed is what the text field holds now (caret in bytes); text_key is a key pressed in
  // it that the field does not handle itself ("ArrowUp", "ArrowDown", "Enter", "Escape");
  // text_blurred: the field lost focus.
  void open_search(std::string_view query);
  void text_changed(std::string_view text, std::size_t caret);
  void text_key(std::string_view key);
  void text_blurred();
  void set_search_filter(std::string_view language);  // "" = every language
  // Find in the article on screen (Ctrl+F): the bar's field takes the typing (text_changed and
  // text_key while it has the keyboard: Enter or ArrowDown next, ArrowUp previous, Escape
  // closes). Outside an article, Ctrl+F opens the search view.
  void open_find();
  void close_find();
  void find_step(int step);
  void open_search_result(std::size_t index);
  // Offline use: a new build is installed and waits (the banner with "Reload"), and what the
  // page reports about the offline copy, as JSON {mode, articles, total, bytes, date, persisted}.
  void update_available();
  void set_offline_status(std::string_view json);

  // The semantic mirror (core/mirror.h): rebuilt and handed to Platform::mirror_changed when
  // what it shows changed (view, language, search results, a body arriving, settings). Called
  // at the end of every frame, and by the web entry point after each call when there is no
  // WebGL (text mode only, no frames).
  void update_mirror();
  // Keyboard focus is on the mirror's element with this key ("" = none): the canvas draws its
  // focus ring around the same control.
  void set_focus(std::string_view key);
  // The mirror's button with this key was activated: does what the canvas control does
  // ("back", "theme", "text-smaller", "text-larger", "toc:<n>", "text-mode").
  void activate(std::string_view key);
  // The page shows the mirror (text mode) or the canvas; reported in state().
  void set_text_mode(bool on);
  // Whether there is a canvas to draw on (WebGL2). Without one the reader is ready once loaded
  // (no frame will come) and works through the mirror alone.
  void set_graphics(bool available) { graphics_ = available; }

  // Kiosk mode (`?kiosk` in the URL, or site.json's kiosk block): call before finish_loading.
  // `idle_seconds` > 0 overrides the idle timeout (`?kiosk&idle=10`, for tests).
  void set_kiosk(bool on, double idle_seconds = 0, double attract_after_seconds = -1);
  bool kiosk() const { return kiosk_; }
  // Any input (pointer, touch, wheel, key): the idle timer starts again.
  void note_input();
  // The graphics context was lost and restored: textures are uploaded again.
  void graphics_restored();

  // The outcome of Platform::share: 1 shared, 2 copied to the clipboard, 0 failed or cancelled.
  void shared(int how);

  // The public read-only state for window.viewer.state(), as JSON. `platform_pending` is true
  // when the platform has input or a resize that is not drawn yet (reported as busy).
  std::string state_json(bool platform_pending = false) const;
  // What the page itself styles by (text mode, the language switch): {"graphics", "language",
  // "theme", "textScale"}, the same values as in state_json. Cheap: the page asks at every view
  // change, and state_json measures the heap and lists every hit target.
  std::string page_settings_json() const;
  // The article body's lines as last laid out (window.viewer.lines()): the column's width and,
  // per line, its top and its pieces in visual order, left to right: x, width, whether the
  // piece reads right to left, its logical rank in the line and its logical text. Lets a test
  // compare the canvas's reordering with the browser's. "[]"-like when no article is shown.
  std::string body_lines_json() const;

  // Whether the header, the section column and the article's head may be drawn again from what
  // an earlier frame drew, and the article's head skipped while above the view (ui::ViewState::replay_parts; on by
  // default). Tests and benchmarks compare both ways.
  void set_part_replay(bool on) { view_.replay_parts = on; }
  // Whether the article body's glyphs are kept between frames and drawn from the GPU
  // (ui::TextChunks; on by default), or written at every frame. Tests compare both ways.
  void set_text_retained(bool on) { view_.retain_text = on; }

  const core::Library& library() const { return library_; }
  std::string_view language() const { return language_; }
  std::uint64_t frames() const { return frames_; }

 private:
  void apply(const ui::ViewOutput& out);
  void after_navigation(float previous_scroll);
  void show(core::Route::Kind kind);
  void want_search_index();
  void search_index_arrived(std::string_view bytes, std::string_view failure);
  void run_search();
  void refresh_snippets();
  void kiosk_tick();
  void reset_for_next_visitor();
  std::vector<const core::Article*> featured() const;
  void rebuild_fonts();
  // Every string that can be drawn (interface, site, articles, issues); `keyboard` holds the
  // on-screen keyboard's keys, which the views point into.
  // Every text the reader may draw (`keyboard` holds the kiosk keyboard's rows); without the
  // titles, summaries and tags of the index's articles if `indexed_too` is false.
  std::vector<std::string_view> drawn_texts(std::string& keyboard, bool indexed_too = true) const;
  // Reads ahead the first `received` bytes of pending_index_ and adds the new entries' texts to
  // index_drawn_.
  void read_index_ahead(std::size_t received);
  void body_arrived(std::string_view path, std::string_view bytes);
  float image_aspect(std::string_view src) const;

  platform::Platform& platform_;
  core::Library library_;
  std::vector<std::pair<std::string, std::string>> pending_articles_;
  std::string pending_site_name_;
  std::string pending_index_;
  core::IndexReadAhead index_ahead_;  // entries of pending_index_ read while it arrived
  bool index_buffered_ = false;       // pending_index_ is the page's buffer, still being filled
  ui::DrawnSet index_drawn_;          // code points of the entries read ahead (their titles, summaries, tags)
  std::size_t index_drawn_entries_ = 0;
  std::set<std::string, std::less<>> requested_files_;
  std::string pending_site_;
  // Files are held as strings of bytes: with the web build's -Os (no inlining of helpers), a
  // byte vector's destruction is a call per byte (13 ms for a 5.7 MB index); a string's is one free.
  std::string font_regular_, font_bold_, font_italic_, font_bold_italic_;
  std::string font_arabic_, font_arabic_bold_;  // optional: Arabic letters and presentation forms
  bool arabic_pending_ = false;
  std::string link_base_;  // see set_link_base  // the page sends the Arabic faces later (given empty so far)
  // Keeps the bytes of a font file ("fonts/NotoSans-Bold.ttf"); false for any other path.
  bool font_arrived(std::string_view path, std::string& bytes);
  ui::FontSet fonts_;
  ui::ViewState view_;
  ui::ViewOutput last_output_;
  ui::ViewOutput frame_output_;  // the one a frame fills; swapped with last_output_ after it (their storage is reused)
  float pixel_ratio_ = 0;
  float raster_ratio_ = 0;  // the ratio fonts were rasterised at (lower than pixel_ratio_ only if the atlas would not fit)
  bool fonts_dirty_ = false;
  float built_scale_ = 0;  // the text scale of the atlas (0 before the first build)
  int text_step_ = kDefaultTextStep;
  bool reduced_motion_ = false;
  std::map<std::string, ui::ImageTexture, std::less<>> images_;
  std::map<std::string, float, std::less<>> image_aspects_;  // height / width, declared or measured
  std::set<std::string, std::less<>> requested_images_;
  int image_generation_ = 0;
  bool loaded_ = false;
  bool fonts_ok_ = false;
  bool dark_ = false;
  std::string language_;
  std::string section_;
  std::string article_;
  // Navigation: the search view and the not-found view are shown over section_/article_ (so
  // closing them returns there). route_reported_ is the route last given to the platform.
  bool search_open_ = false;
  bool not_found_ = false;
  std::string not_found_hash_;
  std::string route_reported_;
  // The route of the view shown and its hash, formatted again only when the route changes
  // (after_navigation runs at every frame).
  core::Route shown_route_;
  std::string shown_hash_;
  core::Route route_scratch_;  // this frame's route, filled in place
  bool navigating_ = false;  // applying a route from the platform: no new history entry
  float saved_scroll_ = 0;
  std::string notice_;       // a short message ("Link copied")
  int notice_frames_ = 0;    // 1 while the notice shows
  std::chrono::steady_clock::time_point notice_until_;
  // Search state.
  enum class IndexState { none, requested, ready };
  IndexState index_state_ = IndexState::none;
  core::search::Index search_index_;
  bool has_bundle_ = false;
  std::string search_query_;
  std::size_t caret_ = 0;
  std::string search_filter_;
  bool text_focused_ = false;
  bool text_focus_wanted_ = false;
  int selected_hit_ = 0;
  std::size_t search_total_ = 0;
  std::vector<ui::SearchHit> hits_;
  std::string highlight_;  // the search that opened the article on screen
  // Kiosk state.
  bool kiosk_url_ = false;
  double idle_override_ = 0, attract_override_ = -1;
  double scheduled_wake_ = -1;
  bool kiosk_ = false;
  double idle_seconds_ = 90, attract_after_ = 30, attract_cycle_ = 6;
  std::string home_language_;
  double last_input_ = 0;
  bool idle_reset_done_ = true;   // nothing to reset before the first visitor
  bool attract_ = false;
  std::size_t attract_index_ = 0;
  double attract_changed_ = 0;
  int shield_frames_ = 0;         // frames during which a dismissed overlay still takes input
  int idle_resets_ = 0;
  int graphics_resets_ = 0;
  std::string qr_url_;             // kiosk: the link shown as a QR code
  std::optional<core::QrCode> qr_;
  std::string kiosk_key_;          // the on-screen keyboard's key pressed this frame
  bool update_available_ = false;
  bool has_offline_status_ = false;
  ui::OfflineStatus offline_;
  std::uint64_t frames_ = 0;
  double index_parse_ms_ = -1;  // reading the bundle index, in all (as it arrived and at start), ms (-1: no bundle)
  double index_parse_at_start_ms_ = -1;  // the part of it done at start (finish_loading)
  double index_ahead_ms_ = 0;  // read_index_ahead so far
  // CPU time of the last frames (NewFrame to Render, in ms), for the state hook and benchmarks.
  std::vector<double> frame_ms_ = std::vector<double>(600, 0.0);
  std::size_t frame_ms_count_ = 0;
  double last_layout_ms_ = -1;
  int frames_wanted_ = 0;
  // Semantic mirror and keyboard focus.
  // What the mirror depends on (see update_mirror): compared at every frame, so built without
  // formatting anything.
  struct MirrorKey {
    core::Route route;
    bool dark = false, text_mode = false, body_loaded = false;
    int text_step = 0, index_state = 0;
    std::size_t articles = 0, issues = 0, search_total = 0;
    std::vector<std::pair<const core::Article*, std::string>> hits;  // article and language
    bool operator==(const MirrorKey&) const = default;
  };
  std::optional<MirrorKey> mirror_key_;  // what the mirror last showed (none yet)
  MirrorKey mirror_scratch_;             // this frame's key, filled in place
  std::string mirror_view_;        // its view (route and language): a change is announced
  std::string focus_key_;
  bool text_mode_ = false;
  bool graphics_ = true;
  // Find in the article.
  bool find_open_ = false;
  bool find_focused_ = false;
  bool find_focus_wanted_ = false;
  std::string find_query_;
  std::size_t find_caret_ = 0;
  int find_current_ = 0;
};

}  // namespace reader::app
