// libFuzzer target: the article loader (JSON parsing, validation, positions) and the bundle
// index reader on any bytes.
// The contract under test: no input crashes, hangs or leaks (ASan), whatever it contains; the
// index reader (a JSON reader of its own) refuses exactly the UTF-8 texts that nlohmann::json
// refuses (texts without NUL bytes, where nlohmann stops early); and the index read ahead in
// pieces, as the shell streams it (core::IndexReadAhead), loads exactly as the whole text.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/bundle.h"
#include "core/content_loader.h"
#include "core/utf8.h"

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
  reader::core::Library as_index;  // the bundle index reader, and a body the index names
  reader::core::load_site(as_index, "site.json", kSite);
  reader::core::load_index(as_index, "index.json", bytes);
  // Read ahead in two prefixes, cut where the input's last bytes say, then the whole text.
  {
    const std::size_t cut = size < 2 ? size : (data[size - 1] | std::size_t{data[size - 2]} << 8) % (size + 1);
    reader::core::IndexReadAhead ahead;
    ahead.read(bytes.substr(0, cut / 2));
    ahead.read(bytes.substr(0, cut));
    reader::core::Library streamed;
    reader::core::load_site(streamed, "site.json", kSite);
    reader::core::load_index(streamed, "index.json", bytes, &ahead);
    if (streamed.articles.size() != as_index.articles.size() || streamed.issues.size() != as_index.issues.size()) __builtin_trap();
    for (std::size_t i = 0; i < streamed.articles.size(); ++i)
      if (streamed.articles[i].id != as_index.articles[i].id || streamed.articles[i].translations.size() != as_index.articles[i].translations.size())
        __builtin_trap();
    for (std::size_t i = 0; i < streamed.issues.size(); ++i)
      if (streamed.issues[i].to_string() != as_index.issues[i].to_string()) __builtin_trap();
  }
  if (!as_index.articles.empty()) reader::core::load_article_body(as_index, as_index.articles[0].body_file, bytes);
  // (nlohmann stops at a NUL byte as if the text ended there: such texts are left out.)
  if (reader::core::utf8_valid(bytes) && bytes.find('\0') == std::string_view::npos) {
    bool refused = false;  // as JSON: the message then names a byte
    for (const auto& issue : as_index.issues)
      refused = refused || (issue.file == "index.json" && issue.message.find("(byte ") != std::string::npos);
    if (refused == nlohmann::json::accept(bytes)) __builtin_trap();
  }
  reader::core::Library as_site;
  reader::core::load_site(as_site, "site.json", bytes);
  for (const auto& issue : lib.issues) (void)issue.to_string();
  return 0;
}
