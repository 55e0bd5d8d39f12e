// The reader application: owns the loaded content, the navigation state and the views' state,
// and wires core, ui and the platform. Used by the web entry point and by the headless test.
//
// Frame contract: the platform calls build_frame() between its own new-frame and render steps
// only when something changed (input, resize, loading finished, or wants_frames()); the app
// counts drawn frames for the state hook.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/content_loader.h"
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

  // Content arrives as named files: "site.json", "articles/<name>.json", and the four font
  // faces "fonts/NotoSans-Regular.ttf" (-Bold, -Italic, -BoldItalic). Order does not matter.
  void add_file(std::string_view path, std::vector<std::uint8_t> bytes);
  // Validates everything received, reports problems (console and panel), picks the language
  // from the browser's preferences, and shows the home view.
  void finish_loading(const std::vector<std::string>& preferred_languages);

  // Rebuilds the font atlas if the pixel ratio changed. True when the renderer must re-upload it.
  bool prepare_fonts(float pixel_ratio);
  // One ImGui frame: NewFrame, the views, Render. Applies what the user asked for.
  void build_frame();
  // True while the app needs frames without input (an animation, a pending navigation).
  bool wants_frames() const { return frames_wanted_ > 0; }

  // Pointer released on the spot (tap or click) at (x, y) CSS px: opens the link drawn there
  // in the last frame, if any. Hit-tests the last frame rather than hover state, which a
  // quick tap may not have produced yet.
  void on_tap(float x, float y);

  // Navigation (also used by tests and, later, routing).
  void select_language(std::string_view code);
  void open_section(std::string_view id);
  void open_article(std::string_view id);
  void back();

  // The public read-only state for window.viewer.state(), as JSON.
  std::string state_json() const;

  const core::Library& library() const { return library_; }
  std::string_view language() const { return language_; }
  std::uint64_t frames() const { return frames_; }

 private:
  void apply(const ui::ViewOutput& out);
  void rebuild_fonts();

  platform::Platform& platform_;
  core::Library library_;
  std::vector<std::pair<std::string, std::vector<std::uint8_t>>> pending_articles_;
  std::string pending_site_name_;
  std::vector<std::uint8_t> pending_site_;
  std::vector<std::uint8_t> font_regular_, font_bold_, font_italic_, font_bold_italic_;
  ui::FontSet fonts_;
  ui::ViewState view_;
  ui::ViewOutput last_output_;
  float pixel_ratio_ = 0;
  bool loaded_ = false;
  bool fonts_ok_ = false;
  bool dark_ = false;
  std::string language_;
  std::string section_;
  std::string article_;
  std::uint64_t frames_ = 0;
  int frames_wanted_ = 0;
};

}  // namespace reader::app
