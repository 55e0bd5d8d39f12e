// libFuzzer target: CommonMark conversion and the document layout on any bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/document_layout.h"
#include "core/markdown.h"
#include "core/utf8.h"

namespace {
class Metrics final : public reader::core::FontMetrics {
 public:
  float text_width(int font, std::string_view text) const override {
    float n = 0;
    std::size_t pos = 0;
    while (pos < text.size()) { reader::core::utf8_decode(text, pos); n += 1; }
    return n * static_cast<float>(7 + font);
  }
  float line_height(int font) const override { return static_cast<float>(14 + font); }
};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const reader::core::Document doc = reader::core::parse_markdown(bytes);
  Metrics metrics;
  reader::core::DocumentStyle style;
  style.font_bold = 1;
  style.font_heading1 = 3;
  const float width = size > 0 ? static_cast<float>(40 + data[0] * 3) : 300.f;
  const reader::core::DocumentLayout layout = reader::core::layout_document(doc, width, metrics, style);
  (void)layout.visible_lines(layout.height / 3, layout.height / 2);
  (void)layout.heading_at(layout.height / 2);
  return 0;
}
