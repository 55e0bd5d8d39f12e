// Web entry point: wires the App to the web platform and exposes the few C functions the
// shell (shell/shell.js) calls: files in, start, state out.
#include <emscripten/emscripten.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>

#include "app.h"
#include "platform/web/web_platform.h"

namespace {

reader::platform::WebPlatform g_platform;
reader::app::App* g_app = nullptr;
bool g_started = false;
bool g_graphics = false;   // WebGL2 is there (else the page shows text mode only)
bool g_text_mode = false;  // the page shows the semantic mirror instead of the canvas
std::string g_state;

// After each call from the page: without a canvas to draw, the mirror is brought up to date
// here (with one, at the end of every frame).
void settle() {
  if (g_started && (!g_graphics || g_text_mode)) g_app->update_mirror();
}

// The page asked to see the frame that shows a scroll position (viewer_show_at): reported to
// viewerHost.shown once a frame has applied it.
bool g_report_shown = false;
double g_shown_target = 0;  // the position asked for
int g_shown_waited = 0;     // frames drawn since it was applied
extern "C" void viewer_host_shown(double scroll_y);

// `?frame-marks` (benchmarks): console.timeStamp at each drawn frame's start, after it is built and
// after it is drawn. A browser trace gives each of these the thread's CPU clock, so a benchmark
// gets the frame's CPU time even when other processes preempt the page mid-frame.
bool g_frame_marks = false;

// The file the page is handing over (viewer_file_buffer, then viewer_add_file).
std::string g_incoming;

// Numbers the page passes in, made safe to use: not a number or infinite becomes `fallback`, the
// rest is clamped to [lo, hi].
double checked(double v, double lo, double hi, double fallback) { return std::isfinite(v) ? std::clamp(v, lo, hi) : fallback; }

void frame() {
  if (!g_started) return;
  if (!g_graphics || g_text_mode) {  // the page shows the mirror: nothing to draw
    g_platform.take_frame_request();
    return;
  }
  // Nothing changed and nothing animates: draw nothing; the canvas keeps the last frame.
  const bool requested = g_platform.take_frame_request();
  if (!requested && !g_app->wants_frames()) return;
  if (g_platform.context_lost()) return;  // the GPU was reset: wait for the context to come back
  if (g_app->prepare_fonts(g_platform.pixel_ratio())) g_platform.fonts_changed();
  if (g_frame_marks) EM_ASM(console.timeStamp('frame-start'));
  const double start = emscripten_get_now();
  g_platform.new_frame(start / 1000.0);
  g_app->build_frame();
  g_app->frame_built(emscripten_get_now() - start);
  if (g_frame_marks) EM_ASM(console.timeStamp('frame-built'));
  g_platform.render();
  if (g_frame_marks) EM_ASM(console.timeStamp('frame-drawn'));
  // ImGui applies a scroll position set in a frame at the next one: reported once drawn there.
  if (g_report_shown && !g_app->scroll_pending()) {
    const double want = std::min(g_shown_target, static_cast<double>(g_app->scroll_max()));
    if (std::abs(g_app->scroll_y() - want) < 1.0 || ++g_shown_waited > 3) {
      g_report_shown = false;
      viewer_host_shown(g_app->scroll_y());
    } else {
      g_platform.request_frames(1);
    }
  }
}

}  // namespace

extern "C" {

// A buffer of `size` bytes inside the module for the page to fill with a file's bytes and then
// hand over with viewer_add_file(path, buffer, size): the file moves into the reader without a
// copy. (A copy held the file twice for a moment, 56 MB more for the index of 100,000 articles,
// and the wasm memory never shrinks back.) One file at a time: the next call replaces it.
EMSCRIPTEN_KEEPALIVE char* viewer_file_buffer(int size) {
  g_incoming.assign(static_cast<std::size_t>(size > 0 ? size : 0), '\0');
  return g_incoming.data();
}


// The bundle's index, streamed (before viewer_start): a buffer of the index's `size` bytes (the
// manifest's) for the page to write them into as they arrive, calling viewer_index_received with
// the count in so far (the entries in them are read then, App::index_received), and then
// viewer_add_file("index.json", buffer, size) once all are in and checked.
EMSCRIPTEN_KEEPALIVE char* viewer_index_buffer(int size) {
  return g_app->index_buffer(static_cast<std::size_t>(size > 0 ? size : 0));
}
EMSCRIPTEN_KEEPALIVE void viewer_index_received(int received) {
  g_app->index_received(static_cast<std::size_t>(received > 0 ? received : 0));
}

// `data` is either the buffer viewer_file_buffer gave (then it moves into the reader), the
// index's buffer from viewer_index_buffer (it is the reader's already), or memory allocated with
// malloc by the page, which this takes ownership of.
EMSCRIPTEN_KEEPALIVE void viewer_add_file(const char* path, std::uint8_t* data, int size) {
  const std::size_t n = static_cast<std::size_t>(size > 0 ? size : 0);
  if (std::string_view(path) == "index.json" && g_app->is_index_buffer(data, n)) {
    g_app->add_index_buffer();
    settle();
    return;
  }
  // Whose memory `data` is decides what happens to it, whatever size the page says: the buffer
  // viewer_file_buffer gave becomes the file (cut to `size` if that is shorter, never freed
  // here); anything else was malloc'ed by the page and is copied, then freed.
  std::string bytes;
  if (!g_incoming.empty() && reinterpret_cast<char*>(data) == g_incoming.data()) {
    bytes = std::move(g_incoming);
    if (n < bytes.size()) bytes.resize(n);
  } else if (data) {
    bytes.assign(reinterpret_cast<const char*>(data), n);
    std::free(data);
  }
  g_incoming = std::string();
  g_app->add_file(path, std::move(bytes));
  settle();
}

// Kiosk mode from the URL (`?kiosk`, `&idle=` seconds, `&attract=` seconds; 0 / -1 = from
// site.json). Called before viewer_start.
EMSCRIPTEN_KEEPALIVE void viewer_kiosk(int on, double idle_seconds, double attract_after_seconds) {
  g_app->set_kiosk(on != 0, checked(idle_seconds, 0, 86400, 0), checked(attract_after_seconds, -1, 86400, -1));
}

// The fonts and site.json are in (the index may still be arriving): the font atlas is built
// now rather than in the first frame after viewer_start. Optional; called at most once.
EMSCRIPTEN_KEEPALIVE void viewer_warm_fonts() {
  if (g_graphics && g_app->warm_fonts(g_platform.pixel_ratio())) g_platform.fonts_changed();
}

// After viewer_warm_fonts, before viewer_start (the shell calls it while the index downloads, or
// when the manifest says the index is large): the index reader runs on a made-up index
// (App::warm_index_reader) and one background-only frame is drawn, so that the GPU process has
// drawn once. Optional.
EMSCRIPTEN_KEEPALIVE void viewer_warm_up() {
  if (g_graphics && g_app->warm_index_reader()) g_platform.warm_up();
}

// Benchmarks (bench/scale.mjs): App::measure_index_read on `size` bytes at `data` (the caller's).
EMSCRIPTEN_KEEPALIVE double viewer_measure_index_read(const char* data, int size, int piece) {
  return g_app->measure_index_read(std::string_view(data, static_cast<std::size_t>(size > 0 ? size : 0)),
                                   static_cast<std::size_t>(piece > 0 ? piece : 0));
}

// `preferred` is navigator.languages joined with commas.
EMSCRIPTEN_KEEPALIVE void viewer_start(const char* preferred) {
  std::vector<std::string> langs;
  std::string cur;
  for (const char* p = preferred; p && *p; ++p) {
    if (*p == ',') { langs.push_back(cur); cur.clear(); } else cur += *p;
  }
  if (!cur.empty()) langs.push_back(cur);
  g_app->finish_loading(langs);
  g_started = true;
  g_platform.request_frames(3);
  settle();
}

// An image asked for with viewerHost.loadImage arrived: `rgba` (width × height × 4 bytes,
// malloc'ed by the shell) is uploaded and freed.
EMSCRIPTEN_KEEPALIVE void viewer_image_loaded(const char* src, int width, int height, std::uint8_t* rgba) {
  // The pixels are width × height × 4 bytes the page wrote; a size out of range, or no pixels
  // (the page could not allocate them), is a failed image, not a read past the buffer.
  if (!rgba || width <= 0 || height <= 0 || width > 16384 || height > 16384) g_app->image_failed(src ? src : "", "the image's size is out of range, or there was no memory for its pixels");
  else g_app->image_loaded(src ? src : "", width, height, rgba);
  std::free(rgba);
}

// A file asked for with viewerHost.loadFile could not be fetched.
EMSCRIPTEN_KEEPALIVE void viewer_file_failed(const char* path, const char* reason) {
  g_app->file_failed(path, reason);
  settle();
}

EMSCRIPTEN_KEEPALIVE void viewer_image_failed(const char* src, const char* reason) { g_app->image_failed(src, reason); }

// The address bar's route changed (start, back/forward, a typed URL): show that view and
// restore `scroll` (CSS px, from the history entry).
EMSCRIPTEN_KEEPALIVE void viewer_navigate(const char* hash, double scroll) {
  g_app->navigate(hash ? hash : "", static_cast<float>(checked(scroll, 0, 1e7, 0)));
  g_platform.request_frames(3);
  settle();
}

// The search text field holds `text`, caret at byte `caret`.
EMSCRIPTEN_KEEPALIVE void viewer_text_changed(const char* text, int caret) {
  g_app->text_changed(text ? text : "", caret > 0 ? static_cast<std::size_t>(caret) : 0);
  g_platform.request_frames(2);
  settle();
}

// A key the text field does not handle itself: ArrowUp, ArrowDown, Enter, Escape.
EMSCRIPTEN_KEEPALIVE void viewer_text_key(const char* key) {
  g_app->text_key(key ? key : "");
  g_platform.request_frames(2);
  settle();
}

EMSCRIPTEN_KEEPALIVE void viewer_text_blurred() {
  g_platform.text_input_ended();
  g_app->text_blurred();
  g_platform.request_frames(2);
}

// How a share ended: 1 shared, 2 copied to the clipboard, 0 failed or cancelled.
EMSCRIPTEN_KEEPALIVE void viewer_shared(int how) {
  g_app->shared(how);
  g_platform.request_frames(2);
}

// A new build is installed and waiting (the shell's service worker saw it).
EMSCRIPTEN_KEEPALIVE void viewer_update_available() {
  g_app->update_available();
  g_platform.request_frames(3);
}

// What the page knows about offline use, as JSON (see App::set_offline_status).
EMSCRIPTEN_KEEPALIVE void viewer_offline_status(const char* json) {
  g_app->set_offline_status(json ? json : "");
  g_platform.request_frames(2);
  settle();
}

// Keyboard focus moved in the page's semantic mirror to the element with this key ("" = left it).
EMSCRIPTEN_KEEPALIVE void viewer_focus(const char* key) {
  g_app->set_focus(key ? key : "");
  g_platform.request_frames(2);
}

// A button of the mirror was activated (see App::activate).
EMSCRIPTEN_KEEPALIVE void viewer_activate(const char* key) {
  g_app->activate(key ? key : "");
  g_platform.request_frames(3);
  settle();
}

// The page shows the mirror (text mode) or the canvas again.
EMSCRIPTEN_KEEPALIVE void viewer_text_mode(int on) {
  g_text_mode = on != 0;
  g_app->set_text_mode(g_text_mode);
  if (!g_text_mode && g_graphics) {
    g_platform.on_canvas_resized();
    g_platform.request_frames(3);
  }
  settle();
}

EMSCRIPTEN_KEEPALIVE const char* viewer_body_lines_json() {
  g_state = g_app->body_lines_json();
  return g_state.c_str();
}

EMSCRIPTEN_KEEPALIVE void viewer_frame_marks(int on) { g_frame_marks = on != 0; }

// The site's root as the page sees it ("/" or "/reader/"): the mirror's links become the pages'
// paths below it; never called, they stay hash routes (the single file).
EMSCRIPTEN_KEEPALIVE void viewer_link_base(const char* base) { g_app->set_link_base(base ? base : ""); }

// Taking over from the page's HTML (shell.js): App::anchor for `key`, written into `out` as
// {top, height, the main column's top on screen, its largest scroll}; returns App::anchor's answer.
EMSCRIPTEN_KEEPALIVE int viewer_anchor(const char* key, float* out) {
  float top = 0, height = 0;
  const int found = g_app->anchor(key ? key : "", top, height);
  out[0] = top;
  out[1] = height;
  out[2] = g_app->main_top();
  out[3] = g_app->scroll_max();
  return found;
}

// Scrolls the main column to `y` at once; the frame that shows it calls viewerHost.shown(y).
EMSCRIPTEN_KEEPALIVE void viewer_show_at(double y) {
  y = checked(y, 0, 1e7, 0);
  g_app->scroll_to(static_cast<float>(y));
  g_report_shown = true;
  g_shown_target = y;
  g_shown_waited = 0;
  g_platform.request_frames(2);
}

// `?direct-text` (tests, diagnosis): the article body's glyphs written at every frame instead of
// kept on the GPU (App::set_text_retained).
EMSCRIPTEN_KEEPALIVE void viewer_retained_text(int on) { g_app->set_text_retained(on != 0); }

// Frames drawn since start, as state().frames, without building the state: for loops that poll
// every animation frame (benchmarks), where state() would itself load the page it measures.
EMSCRIPTEN_KEEPALIVE double viewer_frames() { return static_cast<double>(g_app->frames()); }

// See App::page_settings_json (the shell's use of the state, without the cost of state()).
EMSCRIPTEN_KEEPALIVE const char* viewer_page_settings_json() {
  g_state = g_app->page_settings_json();
  return g_state.c_str();
}

EMSCRIPTEN_KEEPALIVE const char* viewer_state_json() {
  g_state = g_app->state_json(g_platform.has_pending_frames());
  return g_state.c_str();
}

}  // extern "C"

int main() {
  static reader::app::App app(g_platform);
  g_app = &app;
  g_graphics = g_platform.init("#canvas");
  g_app->set_graphics(g_graphics);
  if (!g_graphics) return 0;  // text mode only: the exports still load content and keep the mirror
  g_platform.set_release_handler([](float x, float y) { g_app->on_tap(x, y); });
  g_platform.set_input_handler([] { g_app->note_input(); });
  g_platform.set_context_restored_handler([] { g_app->graphics_restored(); });
  emscripten_set_main_loop(frame, 0, false);
  return 0;
}
