// Web platform on <emscripten/html5.h> and WebGL2 (see web_platform.h for the contract).
//
// Index of this file
// [SECTION] Host calls (through library_viewer.js)
// [SECTION] Keyboard mapping
// [SECTION] Input callbacks
// [SECTION] Context, frames and rendering
#include "web_platform.h"

#include <emscripten/emscripten.h>
#include <malloc.h>  // mallinfo (dlmalloc)
#include <emscripten/eventloop.h>
#include <emscripten/html5.h>
#include <imgui.h>
#include <GLES3/gl3.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

extern "C" {
void viewer_host_open_url(const char* url);
void viewer_host_log_error(const char* message);
void viewer_host_set_language(const char* language, int rtl);
int viewer_host_prefers_dark(void);
int viewer_host_prefers_reduced_motion(void);
char* viewer_host_load_setting(const char* key);
void viewer_host_save_setting(const char* key, const char* value);
void viewer_host_set_route(const char* hash, const char* title, int push, double previous_scroll);
void viewer_host_save_scroll(double y);
void viewer_host_history_back();
void viewer_host_apply_update();
void viewer_host_share(const char* hash, const char* title);
void viewer_host_text_input(int active, double x, double y, double w, double h, const char* text, int caret);
void viewer_host_load_image(const char* src);
void viewer_host_load_file(const char* path);
void viewer_host_mirror(const char* html, const char* language, const char* announce);
void viewer_host_set_text_mode(int on);
int viewer_host_keys_for_page(void);
}

namespace reader::platform {

// ---------------------------------------------------------------------------------------------
// [SECTION] Host calls
// ---------------------------------------------------------------------------------------------

void WebPlatform::open_url(std::string_view url) { viewer_host_open_url(std::string(url).c_str()); }
void WebPlatform::log_error(std::string_view message) { viewer_host_log_error(std::string(message).c_str()); }
void WebPlatform::set_document_language(std::string_view language, bool rtl) {
  viewer_host_set_language(std::string(language).c_str(), rtl ? 1 : 0);
}
bool WebPlatform::prefers_dark_theme() const { return viewer_host_prefers_dark() != 0; }
bool WebPlatform::prefers_reduced_motion() const { return viewer_host_prefers_reduced_motion() != 0; }
std::size_t WebPlatform::heap_in_use() const { return static_cast<std::size_t>(mallinfo().uordblks); }
std::size_t WebPlatform::memory_size() const { return __builtin_wasm_memory_size(0) * 65536u; }

void WebPlatform::set_route(std::string_view hash, std::string_view title, bool push, float previous_scroll) {
  viewer_host_set_route(std::string(hash).c_str(), std::string(title).c_str(), push ? 1 : 0, previous_scroll);
}

void WebPlatform::save_scroll(float y) { viewer_host_save_scroll(y); }

void WebPlatform::history_back() { viewer_host_history_back(); }

void WebPlatform::mirror_changed(std::string_view html, std::string_view language, std::string_view announce) {
  viewer_host_mirror(std::string(html).c_str(), std::string(language).c_str(), std::string(announce).c_str());
}

void WebPlatform::set_text_mode(bool on) { viewer_host_set_text_mode(on ? 1 : 0); }

void WebPlatform::apply_update() { viewer_host_apply_update(); }

double WebPlatform::now() const { return emscripten_get_now() / 1000.0; }

void WebPlatform::wake_at(double at) {
  if (wake_timer_) emscripten_clear_timeout(wake_timer_);
  wake_timer_ = emscripten_set_timeout([](void* self) { static_cast<WebPlatform*>(self)->request_frames(2); },
                                       std::max(0.0, (at - now()) * 1000.0) + 5.0, this);
}

void WebPlatform::context_restored_event() {
  // Every GL object of the lost context is gone: the renderer makes its own again (the font
  // atlas texture included, now); the app re-uploads its images.
  const char* error = nullptr;
  if (!renderer_.reset(&error)) log_error(error);
  context_lost_ = false;
  ++graphics_resets_;
  if (on_restored_) on_restored_();
  request_frames(3);
}

void WebPlatform::share(std::string_view hash, std::string_view title) {
  viewer_host_share(std::string(hash).c_str(), std::string(title).c_str());
}

void WebPlatform::text_input(bool active, float x, float y, float w, float h, std::string_view text, std::size_t caret) {
  text_active_ = active;
  viewer_host_text_input(active ? 1 : 0, x, y, w, h, std::string(text).c_str(), static_cast<int>(caret));
}

std::string WebPlatform::load_setting(std::string_view key) {
  char* value = viewer_host_load_setting(std::string(key).c_str());  // malloc'ed by the host, or null
  if (!value) return {};
  std::string out(value);
  std::free(value);
  return out;
}

void WebPlatform::save_setting(std::string_view key, std::string_view value) {
  viewer_host_save_setting(std::string(key).c_str(), std::string(value).c_str());
}

void WebPlatform::request_image(std::string_view src) { viewer_host_load_image(std::string(src).c_str()); }
void WebPlatform::request_file(std::string_view path) { viewer_host_load_file(std::string(path).c_str()); }

void* WebPlatform::create_texture(int width, int height, const std::uint8_t* rgba) {
  const unsigned texture = WebGlRenderer::create_texture(width, height, rgba);
  return texture ? reinterpret_cast<void*>(static_cast<std::uintptr_t>(texture)) : nullptr;
}

namespace {

// ---------------------------------------------------------------------------------------------
// [SECTION] Keyboard mapping
// ---------------------------------------------------------------------------------------------

ImGuiKey key_from_dom(const char* key, const char* code) {
  struct Pair { const char* name; ImGuiKey key; };
  static const Pair kNamed[] = {
      {"Tab", ImGuiKey_Tab},           {"ArrowLeft", ImGuiKey_LeftArrow}, {"ArrowRight", ImGuiKey_RightArrow},
      {"ArrowUp", ImGuiKey_UpArrow},   {"ArrowDown", ImGuiKey_DownArrow}, {"PageUp", ImGuiKey_PageUp},
      {"PageDown", ImGuiKey_PageDown}, {"Home", ImGuiKey_Home},           {"End", ImGuiKey_End},
      {"Insert", ImGuiKey_Insert},     {"Delete", ImGuiKey_Delete},       {"Backspace", ImGuiKey_Backspace},
      {"Enter", ImGuiKey_Enter},       {"Escape", ImGuiKey_Escape},       {" ", ImGuiKey_Space},
      {"Control", ImGuiKey_LeftCtrl},  {"Shift", ImGuiKey_LeftShift},     {"Alt", ImGuiKey_LeftAlt},
      {"Meta", ImGuiKey_LeftSuper},    {"F1", ImGuiKey_F1},               {"F5", ImGuiKey_F5},
  };
  for (const Pair& p : kNamed)
    if (std::strcmp(key, p.name) == 0) return p.key;
  // Letters and digits by physical key, so shortcuts work whatever the layout's characters.
  if (std::strncmp(code, "Key", 3) == 0 && code[3] >= 'A' && code[3] <= 'Z' && code[4] == 0)
    return static_cast<ImGuiKey>(ImGuiKey_A + (code[3] - 'A'));
  if (std::strncmp(code, "Digit", 5) == 0 && code[5] >= '0' && code[5] <= '9' && code[6] == 0)
    return static_cast<ImGuiKey>(ImGuiKey_0 + (code[5] - '0'));
  if (std::strcmp(code, "Slash") == 0) return ImGuiKey_Slash;
  return ImGuiKey_None;
}

// True when `key` is one printable character (the DOM names other keys with words).
bool is_text_key(const char* key) {
  const auto len = std::strlen(key);
  if (len == 0 || len > 4) return false;
  const auto b0 = static_cast<unsigned char>(key[0]);
  const std::size_t want = b0 < 0x80 ? 1 : (b0 >> 5) == 6 ? 2 : (b0 >> 4) == 14 ? 3 : 4;
  return want == len && b0 >= 0x20;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Input callbacks
// ---------------------------------------------------------------------------------------------

EM_BOOL on_key(int type, const EmscriptenKeyboardEvent* e, void* user) {
  auto* p = static_cast<WebPlatform*>(user);
  p->input_happened();
  if (p->text_active()) return EM_FALSE;  // typing in the search field: the field has the keys
  // The keyboard focus is in the page's semantic mirror (Tab from the canvas): its links and
  // buttons take the keys, the canvas only shows where the focus is.
  if (viewer_host_keys_for_page()) return EM_FALSE;
  ImGuiIO& io = ImGui::GetIO();
  const bool down = type == EMSCRIPTEN_EVENT_KEYDOWN;
  io.AddKeyEvent(ImGuiMod_Ctrl, e->ctrlKey);
  io.AddKeyEvent(ImGuiMod_Shift, e->shiftKey);
  io.AddKeyEvent(ImGuiMod_Alt, e->altKey);
  io.AddKeyEvent(ImGuiMod_Super, e->metaKey);
  const ImGuiKey key = key_from_dom(e->key, e->code);
  if (key != ImGuiKey_None) io.AddKeyEvent(key, down);
  if (down && !e->ctrlKey && !e->metaKey && is_text_key(e->key)) io.AddInputCharactersUTF8(e->key);
  p->request_frames(3);
  // Ctrl+F / Cmd+F is the reader's find in the article (the browser's would search the hidden
  // mirror). Every other shortcut stays the browser's (reload, zoom); Tab moves into the mirror.
  if ((e->ctrlKey || e->metaKey) && (e->key[0] == 'f' || e->key[0] == 'F') && e->key[1] == 0) return EM_TRUE;
  return EM_FALSE;
}

EM_BOOL on_mouse(int type, const EmscriptenMouseEvent* e, void* user) {
  auto* p = static_cast<WebPlatform*>(user);
  if (type != EMSCRIPTEN_EVENT_MOUSELEAVE) p->input_happened();
  ImGuiIO& io = ImGui::GetIO();
  const auto x = static_cast<float>(e->targetX), y = static_cast<float>(e->targetY);
  io.AddMouseSourceEvent(ImGuiMouseSource_Mouse);
  switch (type) {
    case EMSCRIPTEN_EVENT_MOUSEMOVE: io.AddMousePosEvent(x, y); break;
    case EMSCRIPTEN_EVENT_MOUSEDOWN:
      io.AddMousePosEvent(x, y);
      if (e->button <= 2) io.AddMouseButtonEvent(e->button == 0 ? 0 : e->button == 2 ? 1 : 2, true);
      if (e->button == 0) p->pointer_down(x, y, false);
      break;
    case EMSCRIPTEN_EVENT_MOUSEUP:
      io.AddMousePosEvent(x, y);
      if (e->button <= 2) io.AddMouseButtonEvent(e->button == 0 ? 0 : e->button == 2 ? 1 : 2, false);
      if (e->button == 0) p->pointer_up(x, y, false);
      break;
    case EMSCRIPTEN_EVENT_MOUSELEAVE: io.AddMousePosEvent(-FLT_MAX, -FLT_MAX); break;
    default: break;
  }
  p->request_frames(3);
  return EM_TRUE;
}

EM_BOOL on_wheel(int, const EmscriptenWheelEvent* e, void* user) {
  auto* p = static_cast<WebPlatform*>(user);
  p->input_happened();
  // DOM deltas are in pixels (mode 0), lines (1) or pages (2); ImGui scrolls ~5 lines per unit.
  const double unit = e->deltaMode == DOM_DELTA_PIXEL ? 100.0 : e->deltaMode == DOM_DELTA_LINE ? 3.0 : 0.3;
  ImGui::GetIO().AddMouseWheelEvent(static_cast<float>(-e->deltaX / unit), static_cast<float>(-e->deltaY / unit));
  p->request_frames(3);
  return EM_TRUE;
}

EM_BOOL on_touch(int type, const EmscriptenTouchEvent* e, void* user) {
  auto* p = static_cast<WebPlatform*>(user);
  p->input_happened();
  ImGuiIO& io = ImGui::GetIO();
  // The first finger is the pointer; more fingers (pinch) are not gestures of the reader.
  const EmscriptenTouchPoint* t = nullptr;
  for (int i = 0; i < e->numTouches; ++i)
    if (e->touches[i].isChanged) { t = &e->touches[i]; break; }
  if (!t) return EM_TRUE;
  const auto x = static_cast<float>(t->targetX), y = static_cast<float>(t->targetY);
  io.AddMouseSourceEvent(ImGuiMouseSource_TouchScreen);
  io.AddMousePosEvent(x, y);
  if (type == EMSCRIPTEN_EVENT_TOUCHSTART) {
    io.AddMouseButtonEvent(0, true);
    p->pointer_down(x, y, true);
  } else if (type == EMSCRIPTEN_EVENT_TOUCHEND || type == EMSCRIPTEN_EVENT_TOUCHCANCEL) {
    io.AddMouseButtonEvent(0, false);
    if (type == EMSCRIPTEN_EVENT_TOUCHEND) p->pointer_up(x, y, true);
    io.AddMousePosEvent(-FLT_MAX, -FLT_MAX);  // no hover after the finger lifts
  }
  p->request_frames(3);
  return EM_TRUE;  // preventDefault: no emulated mouse events (no ghost clicks)
}

EM_BOOL on_resize(int, const EmscriptenUiEvent*, void* user) {
  static_cast<WebPlatform*>(user)->on_canvas_resized();
  return EM_FALSE;
}

EM_BOOL on_context_lost(int, const void*, void* user) {
  static_cast<WebPlatform*>(user)->context_lost_event();
  return EM_TRUE;  // preventDefault: the browser may restore the context
}

EM_BOOL on_context_restored(int, const void*, void* user) {
  static_cast<WebPlatform*>(user)->context_restored_event();
  return EM_TRUE;
}

EM_BOOL on_focus(int type, const EmscriptenFocusEvent*, void* user) {
  ImGui::GetIO().AddFocusEvent(type == EMSCRIPTEN_EVENT_FOCUS);
  static_cast<WebPlatform*>(user)->request_frames(2);
  return EM_FALSE;
}

}  // namespace

void WebPlatform::pointer_down(float x, float y, bool) {
  down_x_ = x;
  down_y_ = y;
}

void WebPlatform::pointer_up(float x, float y, bool) {
  const float dx = x - down_x_, dy = y - down_y_;
  if (dx * dx + dy * dy < 10.f * 10.f && on_release_) on_release_(x, y);
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Context, frames and rendering
// ---------------------------------------------------------------------------------------------

bool WebPlatform::init(const char* canvas_selector) {
  canvas_ = canvas_selector;
  // shell/shell.js may have created the context already, with these same attributes written
  // out there (the browser then hands back that context): a change here is a change there.
  EmscriptenWebGLContextAttributes attrs;
  emscripten_webgl_init_context_attributes(&attrs);
  attrs.majorVersion = 2;
  attrs.minorVersion = 0;
  attrs.alpha = EM_FALSE;
  attrs.antialias = EM_FALSE;  // ImGui anti-aliases its own shapes
  attrs.depth = EM_FALSE;
  attrs.stencil = EM_FALSE;
  const EMSCRIPTEN_WEBGL_CONTEXT_HANDLE ctx = emscripten_webgl_create_context(canvas_, &attrs);
  if (ctx <= 0) {
    log_error("WebGL2 is not available in this browser (emscripten_webgl_create_context failed); the reader cannot draw");
    return false;
  }
  emscripten_webgl_make_context_current(ctx);

  ImGuiIO& io = ImGui::GetIO();
  io.BackendPlatformName = "reader_web_html5";
  // Keys belong to reading (Space, arrows and Page keys scroll); ImGui's own keyboard
  // navigation would take them over. Keyboard access to controls is issue #8's design.
  const char* error = nullptr;
  if (!renderer_.create(&error)) {
    log_error(error);
    return false;
  }

  emscripten_set_mousedown_callback(canvas_, this, EM_TRUE, on_mouse);
  emscripten_set_mouseup_callback(canvas_, this, EM_TRUE, on_mouse);
  emscripten_set_mousemove_callback(canvas_, this, EM_TRUE, on_mouse);
  emscripten_set_mouseleave_callback(canvas_, this, EM_TRUE, on_mouse);
  emscripten_set_wheel_callback(canvas_, this, EM_TRUE, on_wheel);
  emscripten_set_touchstart_callback(canvas_, this, EM_TRUE, on_touch);
  emscripten_set_touchmove_callback(canvas_, this, EM_TRUE, on_touch);
  emscripten_set_touchend_callback(canvas_, this, EM_TRUE, on_touch);
  emscripten_set_touchcancel_callback(canvas_, this, EM_TRUE, on_touch);
  emscripten_set_keydown_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, this, EM_TRUE, on_key);
  emscripten_set_keyup_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, this, EM_TRUE, on_key);
  emscripten_set_resize_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, this, EM_FALSE, on_resize);
  emscripten_set_focus_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, this, EM_FALSE, on_focus);
  emscripten_set_blur_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, this, EM_FALSE, on_focus);
  emscripten_set_webglcontextlost_callback(canvas_, this, EM_FALSE, on_context_lost);
  emscripten_set_webglcontextrestored_callback(canvas_, this, EM_FALSE, on_context_restored);
  on_canvas_resized();
  return true;
}

void WebPlatform::on_canvas_resized() {
  double w = 0, h = 0;
  emscripten_get_element_css_size(canvas_, &w, &h);
  const auto ratio = static_cast<float>(emscripten_get_device_pixel_ratio());
  css_width_ = w;
  css_height_ = h;
  pixel_ratio_ = ratio > 0 ? ratio : 1.f;
  backbuffer_w_ = static_cast<int>(std::lround(w * pixel_ratio_));
  backbuffer_h_ = static_cast<int>(std::lround(h * pixel_ratio_));
  emscripten_set_canvas_element_size(canvas_, backbuffer_w_, backbuffer_h_);
  request_frames(3);
}

bool WebPlatform::take_frame_request() {
  // A ratio change (browser zoom, moving to another screen) may come without a resize event:
  // polled at every 8th animation frame (about 130 ms at 60 Hz; asking the page costs a call
  // out of wasm, which a frame of scrolling need not pay).
  if (++ratio_poll_ % 8 == 0 && static_cast<float>(emscripten_get_device_pixel_ratio()) != pixel_ratio_) on_canvas_resized();
  if (pending_frames_ <= 0) return false;
  --pending_frames_;
  return true;
}

void WebPlatform::request_frames(int count) {
  if (count > pending_frames_) pending_frames_ = count;
}

void WebPlatform::new_frame(double now) {
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = ImVec2(static_cast<float>(css_width_), static_cast<float>(css_height_));
  io.DisplayFramebufferScale = ImVec2(pixel_ratio_, pixel_ratio_);
  io.DeltaTime = last_time_ > 0 && now > last_time_ ? static_cast<float>(now - last_time_) : 1.f / 60.f;
  if (io.DeltaTime > 0.25f) io.DeltaTime = 0.25f;  // after idle: no giant jumps in ImGui's timers
  last_time_ = now;
}

void WebPlatform::render() {
  if (context_lost_) return;  // nothing can be drawn until the context is back
  renderer_.render(ImGui::GetDrawData(), backbuffer_w_, backbuffer_h_, ImGui::GetStyle().Colors[ImGuiCol_WindowBg]);
}

void WebPlatform::fonts_changed() { renderer_.upload_fonts(); }

void WebPlatform::warm_up() {
  if (context_lost_) return;
  new_frame(now());
  ImGui::NewFrame();
  // One quad in the background colour: a draw that uses the program and the atlas texture.
  const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
  ImGui::GetBackgroundDrawList()->AddRectFilled(ImVec2(0, 0), ImGui::GetIO().DisplaySize, ImGui::GetColorU32(ImVec4(bg.x, bg.y, bg.z, 1.f)));
  ImGui::Render();
  render();
  last_time_ = 0;  // the first real frame starts its clock afresh
}

}  // namespace reader::platform
