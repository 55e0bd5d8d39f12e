// Native, window-less platform for tests: records what the reader asked of the outside world.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "platform/platform.h"

namespace reader::platform {

class HeadlessPlatform final : public Platform {
 public:
  void open_url(std::string_view url) override { opened_urls.emplace_back(url); }
  void log_error(std::string_view message) override { logged_errors.emplace_back(message); }
  void set_document_language(std::string_view language, bool rtl) override {
    document_language = std::string(language);
    document_rtl = rtl;
  }
  std::string load_setting(std::string_view key) override {
    auto it = settings.find(std::string(key));
    return it == settings.end() ? std::string() : it->second;
  }
  void save_setting(std::string_view key, std::string_view value) override { settings[std::string(key)] = std::string(value); }
  void request_image(std::string_view src) override { requested_images.emplace_back(src); }
  void request_file(std::string_view path) override { requested_files.emplace_back(path); }
  struct RouteCall { std::string hash, title; bool push; float previous_scroll; };
  void set_route(std::string_view hash, std::string_view title, bool push, float previous_scroll) override {
    routes.push_back({std::string(hash), std::string(title), push, previous_scroll});
  }
  void save_scroll(float y) override { saved_scroll = y; ++scroll_saves; }
  void history_back() override { ++backs; }
  void apply_update() override { ++updates_applied; }
  double now() const override { return clock; }
  void wake_at(double at) override { wake = at; }
  void share(std::string_view hash, std::string_view) override { shared.emplace_back(hash); }
  void mirror_changed(std::string_view html, std::string_view language, std::string_view announce) override {
    mirror_html = std::string(html);
    mirror_language = std::string(language);
    if (!announce.empty()) announcements.emplace_back(announce);
    ++mirror_updates;
  }
  void set_text_mode(bool on) override { text_mode = on; }
  std::string mirror_html, mirror_language;
  std::vector<std::string> announcements;
  int mirror_updates = 0;
  bool text_mode = false;
  void text_input(bool active, float, float, float, float, std::string_view text, std::size_t) override {
    text_active = active;
    text_value = std::string(text);
  }
  // No renderer: textures are numbered handles, never drawn.
  void* create_texture(int, int, const std::uint8_t*) override { return reinterpret_cast<void*>(++textures); }

  std::vector<std::string> opened_urls;
  std::vector<std::string> logged_errors;
  std::string document_language;
  bool document_rtl = false;
  std::map<std::string, std::string> settings;
  std::vector<std::string> requested_images;
  std::vector<std::string> requested_files;
  std::uintptr_t textures = 0;
  std::vector<RouteCall> routes;
  float saved_scroll = -1;
  int scroll_saves = 0;  // save_scroll calls
  int backs = 0;
  int updates_applied = 0;
  double clock = 1000;  // tests move it
  double wake = -1;
  std::vector<std::string> shared;
  bool text_active = false;
  std::string text_value;
};

}  // namespace reader::platform
