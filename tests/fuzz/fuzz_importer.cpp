// libFuzzer target: the page importer on any bytes, in each language.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/importer.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view page(reinterpret_cast<const char*>(data), size);
  reader::core::ImportOptions options;
  options.menu_labels = {"Qui sommes nous", "Our work", "Agir"};
  for (const char* lang : {"fr", "en", "es"}) {
    options.language = lang;
    const reader::core::ImportResult r = reader::core::import_page(page, options);
    (void)reader::core::slug_from_title(r.title);
  }
  return 0;
}
