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
  // The language of the text on screen changed (sets <html lang> on the web).
  virtual void set_document_language(std::string_view language) = 0;
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
};

}  // namespace reader::platform
