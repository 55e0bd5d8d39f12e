// The seam between the reader and the outside world. One interface, two implementations:
// web (Emscripten, html5 events, WebGL2, the page's JS host) and headless (native tests).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace reader::platform {

class Platform {
 public:
  virtual ~Platform() = default;
  // Opens an allowed link (http/https in a new tab with noopener; mailto/tel by the system).
  // Callers have checked core::is_allowed_link(); implementations check again.
  virtual void open_url(std::string_view url) = 0;
  // Reports a problem to the developer console (console.error on the web, stderr natively).
  virtual void log_error(std::string_view message) = 0;
  // The language of the text on screen changed: the page's language (<html lang>) and
  // direction (<html dir="rtl"> for a right-to-left one).
  virtual void set_document_language(std::string_view language, bool rtl) = 0;
  // The user's colour scheme preference (prefers-color-scheme: dark on the web).
  virtual bool prefers_dark_theme() const { return false; }
  // Memory: bytes allocated on the heap now, and the size of the memory the heap lives in
  // (the wasm memory on the web). 0 when unknown.
  virtual std::size_t heap_in_use() const { return 0; }
  virtual std::size_t memory_size() const { return 0; }
  // prefers-reduced-motion: no smooth scrolling, no inertia, no animations.
  virtual bool prefers_reduced_motion() const { return false; }

  // Small settings remembered between visits (localStorage on the web). Empty when unset.
  virtual std::string load_setting(std::string_view key) = 0;
  virtual void save_setting(std::string_view key, std::string_view value) = 0;

  // Starts loading a file of the bundle ("articles/<id>.<hash>.json"): an article's body, when
  // it is opened. The bytes come back to the app (App::add_file), or App::file_failed.
  virtual void request_file(std::string_view path) = 0;

  // Starts loading an image of the bundle ("images/x.jpg"). The result comes back to the app
  // (App::image_loaded / App::image_failed), later, outside any frame.
  virtual void request_image(std::string_view src) = 0;
  // Uploads `width` × `height` RGBA pixels as a texture the renderer can draw (ImTextureID);
  // nullptr if it cannot.
  virtual void* create_texture(int width, int height, const std::uint8_t* rgba) = 0;

  // History (the address bar and the back button). `hash` is the view's route ("#/fr/article/x",
  // core/route.h) and `title` the document title for it. With `push`, a new history entry is
  // made, and `previous_scroll` (CSS px) is remembered in the entry being left; otherwise the
  // current entry is replaced. The platform calls App::navigate for back/forward.
  virtual void set_route(std::string_view hash, std::string_view title, bool push, float previous_scroll) {
    (void)hash, (void)title, (void)push, (void)previous_scroll;
  }
  // The view's scroll position settled at `y`: remembered in the current history entry, so a
  // reload or a return to it restores it.
  virtual void save_scroll(float y) { (void)y; }
  // Goes one entry back in the history (as the browser's back button does).
  virtual void history_back() {}
  // Shares the link of `hash` (Web Share where available, else copied to the clipboard). Called
  // from inside a tap's input event. The outcome comes back as App::shared().
  virtual void share(std::string_view hash, std::string_view title) { (void)hash, (void)title; }

  // Text entry for the search field, drawn by the reader: while `active`, the platform keeps a
  // real text field (on the web a hidden <textarea>) focused over the rectangle (CSS px) so
  // phone keyboards, dead keys, input methods and paste work; its text and caret (bytes) are
  // `text` and `caret`. What is typed comes back as App::text_changed / App::text_key.
  // Time in seconds on a monotonic clock (for the kiosk's idle timer).
  virtual double now() const { return 0; }
  // Asks for a frame at time `at` (now()'s clock) even if no input comes: the kiosk's idle reset
  // and attract screen. A later call replaces an earlier one.
  virtual void wake_at(double at) { (void)at; }

  // Activates the new version that was fetched in the background and reloads the page with it
  // (the "Reload" of the update banner). Called from inside a tap's input event.
  virtual void apply_update() {}

  virtual void text_input(bool active, float x, float y, float w, float h, std::string_view text, std::size_t caret) {
    (void)active, (void)x, (void)y, (void)w, (void)h, (void)text, (void)caret;
  }

  // The semantic mirror of the view changed (core/mirror.h): `html` replaces the page's mirror,
  // `language` is its main content's language, `announce` is said by a polite live region
  // (empty: nothing to say, the view did not change, only its content).
  virtual void mirror_changed(std::string_view html, std::string_view language, std::string_view announce) {
    (void)html, (void)language, (void)announce;
  }
  // The reader's "Text mode" switch: the page shows the mirror instead of the canvas.
  virtual void set_text_mode(bool on) { (void)on; }
};

}  // namespace reader::platform
