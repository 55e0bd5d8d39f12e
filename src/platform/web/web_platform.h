// The web platform: a WebGL2 canvas driven through <emscripten/html5.h> (not Emscripten's GLFW,
// which has no HiDPI support and maps touch to one mouse button in 3.1.6).
//
// Contract:
// - pointer (mouse and touch), wheel, keyboard and text input reach Dear ImGui as events;
// - the canvas backbuffer is CSS size × devicePixelRatio and follows resizes and ratio changes;
// - every input or resize asks for a few frames (ImGui settles hover and layout over two or
//   three frames); with nothing pending the main loop draws nothing (see take_frame_request);
// - a pointer released without dragging calls the release handler from inside the browser's
//   input event, where opening a new tab is allowed by pop-up blockers.
#pragma once
#include <functional>
#include <string_view>

#include "platform/platform.h"
#include "platform/web/webgl_renderer.h"

namespace reader::platform {

class WebPlatform final : public Platform {
 public:
  // Creates the WebGL2 context on `canvas_selector` and the ImGui renderer. Needs an ImGui
  // context. Returns false (and logs why) when WebGL2 is unavailable.
  bool init(const char* canvas_selector);

  void open_url(std::string_view url) override;
  void log_error(std::string_view message) override;
  void set_document_language(std::string_view language, bool rtl) override;
  bool prefers_dark_theme() const override;
  bool prefers_reduced_motion() const override;
  std::size_t heap_in_use() const override;
  std::size_t memory_size() const override;
  std::string load_setting(std::string_view key) override;
  void save_setting(std::string_view key, std::string_view value) override;
  void request_image(std::string_view src) override;
  void request_file(std::string_view path) override;
  void* create_texture(int width, int height, const std::uint8_t* rgba) override;
  void set_route(std::string_view hash, std::string_view title, bool push, float previous_scroll) override;
  void save_scroll(float y) override;
  void history_back() override;
  void apply_update() override;
  double now() const override;
  void wake_at(double at) override;

  // Called on every input event (pointer, touch, wheel, key): the kiosk's idle timer.
  void set_input_handler(std::function<void()> handler) { on_input_ = std::move(handler); }
  void input_happened() { if (on_input_) on_input_(); }
  // The WebGL context was lost (the GPU was reset) and is back: the renderer's objects are
  // recreated; the handler re-uploads the app's own textures.
  void set_context_restored_handler(std::function<void()> handler) { on_restored_ = std::move(handler); }
  bool context_lost() const { return context_lost_; }
  void context_lost_event() { context_lost_ = true; }
  void context_restored_event();
  int graphics_resets() const { return graphics_resets_; }
  void share(std::string_view hash, std::string_view title) override;
  void mirror_changed(std::string_view html, std::string_view language, std::string_view announce) override;
  void set_text_mode(bool on) override;
  void text_input(bool active, float x, float y, float w, float h, std::string_view text, std::size_t caret) override;
  // The page's text field lost the keyboard: keys go to reading again.
  void text_input_ended() { text_active_ = false; }
  bool text_active() const { return text_active_; }

  // Called for a tap or click (pointer released within a few pixels of where it went down),
  // with its position in CSS pixels.
  void set_release_handler(std::function<void(float, float)> handler) { on_release_ = std::move(handler); }

  float pixel_ratio() const { return pixel_ratio_; }
  // True (once) if a frame should be drawn: input arrived, the canvas changed, or someone asked.
  bool take_frame_request();
  void request_frames(int count);
  bool has_pending_frames() const { return pending_frames_ > 0; }

  void new_frame(double now_seconds);  // sizes, delta time, then ImGui::NewFrame() is the app's
  void render();                       // draws ImGui's draw data to the canvas
  void fonts_changed();                // re-uploads the font atlas texture
  // Draws one frame holding only the background, before the content is there: the GPU process
  // compiles its drawing routines for the reader's shaders and takes the atlas now (with
  // SwiftShader, a first draw costs it 100 ms and more) rather than while the first frame with
  // content is waiting to be shown. Call once the font atlas is built.
  void warm_up();

  // For the input callbacks (public so free callback functions can reach them).
  void on_canvas_resized();
  void pointer_down(float x, float y, bool touch);
  void pointer_up(float x, float y, bool touch);
  float down_x_ = 0, down_y_ = 0;

 private:
  const char* canvas_ = "#canvas";
  float pixel_ratio_ = 1.f;
  unsigned ratio_poll_ = 0;  // animation frames seen (the ratio is polled at every 8th)
  double css_width_ = 0, css_height_ = 0;
  // The canvas's backbuffer size, as last set (only on_canvas_resized sets it): asking the page
  // at every frame cost a lookup of the canvas by its selector.
  int backbuffer_w_ = 0, backbuffer_h_ = 0;
  int pending_frames_ = 3;
  double last_time_ = 0;
  std::function<void(float, float)> on_release_;
  bool text_active_ = false;
  std::function<void()> on_input_;
  std::function<void()> on_restored_;
  WebGlRenderer renderer_;
  bool context_lost_ = false;
  int graphics_resets_ = 0;
  long wake_timer_ = 0;
};

}  // namespace reader::platform
