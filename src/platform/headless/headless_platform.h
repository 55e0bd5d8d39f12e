// Native, window-less platform for tests: records what the reader asked of the outside world.
#pragma once
#include <string>
#include <vector>

#include "platform/platform.h"

namespace reader::platform {

class HeadlessPlatform final : public Platform {
 public:
  void open_url(std::string_view url) override { opened_urls.emplace_back(url); }
  void log_error(std::string_view message) override { logged_errors.emplace_back(message); }
  void set_document_language(std::string_view language) override { document_language = std::string(language); }

  std::vector<std::string> opened_urls;
  std::vector<std::string> logged_errors;
  std::string document_language;
};

}  // namespace reader::platform
