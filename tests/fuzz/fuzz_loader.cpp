// libFuzzer target: the article loader (JSON parsing, validation, positions) on any bytes.
// The contract under test: no input crashes, hangs or leaks (ASan), whatever it contains.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/content_loader.h"

namespace {
constexpr std::string_view kSite = R"({"organisation":{"en":"Org"},"default_language":"en",
  "languages":[{"code":"en","name":"English"},{"code":"fr","name":"Français"}],
  "strings":{"en":{}},"sections":[{"id":"a","label":{"en":"A"},"children":[{"id":"b","label":{"en":"B"}}]}]})";
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  reader::core::Library lib;
  reader::core::load_site(lib, "site.json", kSite);
  reader::core::load_article(lib, "fuzz.json", bytes);
  reader::core::load_article(lib, "fuzz-again.json", bytes);  // the duplicate-id path
  reader::core::finish_loading(lib);
  reader::core::Library as_site;
  reader::core::load_site(as_site, "site.json", bytes);
  for (const auto& issue : lib.issues) (void)issue.to_string();
  return 0;
}
