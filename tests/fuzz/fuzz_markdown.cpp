// libFuzzer target: CommonMark conversion and the document layout on any bytes; and Arabic
// shaping with bidirectional reordering (a line keeps every code point, reordered); documents are
// also laid out right to left.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/bidi.h"
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
  {
    namespace bidi = reader::core::bidi;
    std::u32string text;
    for (std::size_t pos = 0; pos < bytes.size() && text.size() < 4096;) text += reader::core::utf8_decode(bytes, pos);
    const std::u32string shaped = bidi::shape_arabic(text);
    if (shaped.size() > text.size()) __builtin_trap();  // ligatures only ever join code points
    int level = 0;
    const std::vector<std::uint8_t> levels = bidi::resolve_levels(shaped, size % 2 ? bidi::Direction::rtl : bidi::Direction::automatic, &level);
    const std::size_t cut = shaped.empty() ? 0 : data[0] % shaped.size();
    if (bidi::reorder_line(shaped, levels, 0, cut, level).size() != cut ||
        bidi::reorder_line(shaped, levels, cut, shaped.size(), level).size() != shaped.size() - cut)
      __builtin_trap();
  }
  const reader::core::Document doc = reader::core::parse_markdown(bytes);
  Metrics metrics;
  reader::core::DocumentStyle style;
  style.font_bold = 1;
  style.font_heading1 = 3;
  // Odd sizes lay out right to left (every paragraph through the bidi path).
  style.direction = size % 2 ? reader::core::bidi::Direction::rtl : reader::core::bidi::Direction::ltr;
  const float width = size > 0 ? static_cast<float>(40 + data[0] * 3) : 300.f;
  const reader::core::DocumentLayout layout = reader::core::layout_document(doc, width, metrics, style);
  (void)layout.visible_lines(layout.height / 3, layout.height / 2);
  (void)layout.heading_at(layout.height / 2);
  // Every piece refers to bytes inside its span, starting at a code point.
  for (const reader::core::LaidLine& line : layout.lines)
    for (const reader::core::LineFragment& f : line.fragments)
      if (f.begin > f.end || f.end > f.span->text.size()) __builtin_trap();
  return 0;
}
