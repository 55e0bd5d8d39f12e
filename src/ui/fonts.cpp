// Font atlas building and metrics (see fonts.h).
#include "fonts.h"

#include <imgui.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

#include "core/bidi.h"
#include "core/utf8.h"

namespace reader::ui {

namespace {

bool is_arabic(std::uint32_t cp) {
  return (cp >= 0x0600 && cp <= 0x06FF) || (cp >= 0x0750 && cp <= 0x077F) || (cp >= 0xFB50 && cp <= 0xFDFF) || (cp >= 0xFE70 && cp <= 0xFEFF);
}

// Calls f(cp) for every code point of `t` above U+009F that is drawn: the text's own and, for
// right-to-left text, the presentation forms shaping turns its letters into. A text's ASCII
// (always in the atlas, kBase) is skipped eight bytes at a time: most of a bundle is ASCII, and
// every title and summary of a 10,000-article index goes through here at start.
template <typename F>
void for_each_drawn(std::string_view t, F&& f) {
  std::size_t start = 0;
  for (; start + 8 <= t.size(); start += 8) {
    std::uint64_t w;
    std::memcpy(&w, t.data() + start, 8);
    if (w & 0x8080808080808080ULL) break;
  }
  while (start < t.size() && static_cast<unsigned char>(t[start]) < 0x80) ++start;
  if (start == t.size()) return;
  const bool shaped = core::bidi::may_have_rtl(t.substr(start));
  std::u32string logical;
  std::size_t pos = shaped ? 0 : start;  // shaping needs the whole text
  while (pos < t.size()) {
    if (static_cast<unsigned char>(t[pos]) < 0x80) {
      if (shaped) logical += static_cast<char32_t>(t[pos]);
      ++pos;
      continue;
    }
    const char32_t cp = core::utf8_decode(t, pos);
    if (shaped) logical += cp;
    if (cp >= 0xA0 && cp <= 0xFFFF && cp != 0xFFFD && !core::bidi::is_invisible_control(cp)) f(cp);
  }
  if (!shaped) return;
  for (const char32_t cp : core::bidi::shape_arabic(logical))
    if (cp >= 0xA0 && cp <= 0xFFFF && !core::bidi::is_invisible_control(cp)) f(cp);
  for (const char32_t cp : logical) {  // brackets mirrored in right-to-left runs
    const char32_t m = core::bidi::mirror(cp);
    if (m != cp && m >= 0xA0 && m <= 0xFFFF) f(m);
  }
}

// (ascender - descender) / units per em from a TrueType file's 'head' and 'hhea' tables: ImGui
// sizes a face by that height (stbtt_ScaleForPixelHeight), so faces with different vertical
// metrics get different em sizes at the same pixel size. 0 when the tables cannot be read.
float height_per_em(std::span<const std::uint8_t> ttf) {
  const auto u16 = [&](std::size_t at) -> unsigned { return at + 2 <= ttf.size() ? (ttf[at] << 8u) | ttf[at + 1] : 0u; };
  const auto u32 = [&](std::size_t at) -> std::size_t { return (static_cast<std::size_t>(u16(at)) << 16u) | u16(at + 2); };
  std::size_t head = 0, hhea = 0;
  const unsigned tables = u16(4);
  for (unsigned i = 0; i < tables; ++i) {
    const std::size_t rec = 12 + 16 * static_cast<std::size_t>(i);
    if (rec + 16 > ttf.size()) return 0.f;
    const std::string_view tag(reinterpret_cast<const char*>(ttf.data() + rec), 4);
    if (tag == "head") head = u32(rec + 8);
    if (tag == "hhea") hhea = u32(rec + 8);
  }
  if (!head || !hhea) return 0.f;
  const unsigned units = u16(head + 18);
  const auto ascent = static_cast<std::int16_t>(u16(hhea + 4)), descent = static_cast<std::int16_t>(u16(hhea + 6));
  if (units == 0 || ascent <= descent) return 0.f;
  return static_cast<float>(ascent - descent) / static_cast<float>(units);
}

constexpr float kSizes[kFontRoleCount] = {18.f, 18.f, 18.f, 18.f, 15.f, 20.f, 23.f, 30.f, 16.f, 16.f, 26.f, 15.f};
}

float FontSet::size(FontRole role) const { return kSizes[role] * text_scale_; }

bool FontSet::build(const FontFaces& faces, float pixel_ratio, float text_scale, std::span<const std::string_view> texts) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  for (ImFont*& f : fonts_) f = nullptr;
  missing_.clear();
  text_scale_ = text_scale;
  ++generation_;
  if (pixel_ratio <= 0) pixel_ratio = 1;

  // Glyphs: Basic Latin and Latin-1 always (interface), then whatever the content uses.
  ImFontGlyphRangesBuilder builder;
  // Latin-1, and of the rest what the site's languages write with (French œ Œ Ÿ, typographic
  // spaces and marks, dashes, quotes, the euro) and the decorations the views add themselves
  // (‹ › back, • bullets, … ellipsis): article bodies loaded later rarely need a rebuild.
  // Anything else a text uses is added from `texts`. Every glyph here is rasterised for each of
  // the 12 roles: all of Latin Extended-A and of general punctuation made the atlas a third
  // larger (bench/scale.mjs).
  static const ImWchar kBase[] = {0x0020, 0x00FF, 0x0152, 0x0153, 0x0178, 0x0178, 0x2002, 0x200F, 0x2010, 0x2014, 0x2018, 0x201E,
                                  0x2022, 0x2022, 0x2026, 0x2026, 0x202F, 0x202F, 0x2039, 0x203A, 0x2060, 0x2060, 0x2066, 0x2069,
                                  0x20AC, 0x20AC, 0};
  builder.AddRanges(kBase);
  std::vector<bool> used(0x10000, false);
  bool ascii_used[0x80] = {};
  ImFontGlyphRangesBuilder arabic;
  bool any_arabic = false;
  for (std::string_view t : texts) {
    // ASCII (most of a Latin-script bundle): marked by a plain byte loop, no decoding.
    for (const char ch : t) {
      const auto byte = static_cast<unsigned char>(ch);
      if (byte < 0x80) ascii_used[byte] = true;
    }
    for_each_drawn(t, [&](char32_t cp) {
      builder.AddChar(static_cast<ImWchar>(cp));
      used[cp] = true;
      if (is_arabic(cp)) {
        arabic.AddChar(static_cast<ImWchar>(cp));
        any_arabic = true;
      }
    });
  }
  for (unsigned cp = 0x20; cp < 0x7F; ++cp) used[cp] = ascii_used[cp];  // all in kBase already
  ImVector<ImWchar>& ranges = ranges_;  // ImGui keeps a pointer to it: it lives as long as the atlas
  ranges.clear();
  // With any Arabic, every presentation form the shaper can produce: text formatted at draw time
  // (dates, counts) may need a form that none of the given texts has.
  if (any_arabic) {
    static const ImWchar kForms[] = {0xFE80, 0xFEFC, 0xFB56, 0xFB59, 0xFB7A, 0xFB7D, 0xFB8A, 0xFB95, 0xFBE8, 0xFBE9, 0xFBFC, 0xFBFF, 0};
    builder.AddRanges(kForms);
    arabic.AddRanges(kForms);
  }
  builder.BuildRanges(&ranges);
  arabic_ranges_.clear();
  arabic.BuildRanges(&arabic_ranges_);

  if (!faces.complete()) {
    io.Fonts->AddFontDefault();
    io.Fonts->Build();
    for (ImFont*& f : fonts_) f = io.Fonts->Fonts[0];
    io.FontGlobalScale = 1.f;
    return false;
  }
  const std::span<const std::uint8_t> italic = faces.italic.empty() ? faces.regular : faces.italic;
  const std::span<const std::uint8_t> bold_italic = faces.bold_italic.empty() ? faces.bold : faces.bold_italic;
  const std::span<const std::uint8_t> face_of[kFontRoleCount] = {
      faces.regular, faces.bold, italic,     bold_italic,   faces.regular,
      faces.bold,    faces.bold, faces.bold, faces.regular, faces.bold, faces.bold, italic};
  for (int r = 0; r < kFontRoleCount; ++r) {
    ImFontConfig cfg;
    cfg.FontDataOwnedByAtlas = false;  // the caller keeps the bytes
    cfg.OversampleH = 1;               // rasterised at device resolution: no oversampling needed
    cfg.OversampleV = 1;
    cfg.PixelSnapH = true;
    const auto& face = face_of[r];
    fonts_[r] = io.Fonts->AddFontFromMemoryTTF(const_cast<std::uint8_t*>(face.data()), static_cast<int>(face.size()),
                                               kSizes[r] * text_scale * pixel_ratio, &cfg, ranges.Data);
    if (!fonts_[r]) return false;
    // Arabic letters from Noto Sans Arabic, merged into this role (same size: both faces have
    // 1000 units per em). Bold roles take the bold face; italic ones the regular (Arabic has none).
    const auto& arabic_face = face.data() == faces.bold.data() || face.data() == bold_italic.data() ? faces.arabic_bold : faces.arabic;
    if (any_arabic && !arabic_face.empty()) {
      ImFontConfig merge = cfg;
      merge.MergeMode = true;
      // Sized by em, not by ImGui's pixel height (Noto Sans Arabic's tall ascender and deep
      // descender would make its letters much smaller than the Latin ones), and a fifth larger:
      // at the same em Arabic letters look a size smaller than Latin ones. Glyphs sit on the
      // Latin baseline (ImGui places merged glyphs from the main font's ascent).
      constexpr float kArabicScale = 1.2f;
      const float latin = height_per_em(face), arabic_h = height_per_em(arabic_face);
      const float em = kSizes[r] * text_scale * pixel_ratio / (latin > 0 ? latin : 1.f);
      io.Fonts->AddFontFromMemoryTTF(const_cast<std::uint8_t*>(arabic_face.data()), static_cast<int>(arabic_face.size()),
                                     em * kArabicScale * (arabic_h > 0 ? arabic_h : 1.f), &merge, arabic_ranges_.Data);
    }
  }
  if (!io.Fonts->Build()) return false;
  io.FontGlobalScale = 1.f / pixel_ratio;
  io.FontDefault = fonts_[kFontUi];

  // Which code points of the shown text no face provides (checked on the body and bold faces).
  for (std::uint32_t cp = 0x20; cp < used.size(); ++cp) {
    if (!used[cp]) continue;
    if (!fonts_[kFontBody]->FindGlyphNoFallback(static_cast<ImWchar>(cp)) ||
        !fonts_[kFontBodyBold]->FindGlyphNoFallback(static_cast<ImWchar>(cp)))
      missing_.push_back(cp);
  }
  return true;
}

void DrawnSet::add(std::string_view text) {
  for_each_drawn(text, [&](char32_t cp) { bits_[cp >> 6] |= std::uint64_t{1} << (cp & 63); });
}

bool FontSet::has_glyph(const ImFont* body, char32_t cp) const {
  return body->FindGlyphNoFallback(static_cast<ImWchar>(cp)) ||
         std::binary_search(missing_.begin(), missing_.end(), static_cast<std::uint32_t>(cp));
}

bool FontSet::has_glyphs(const DrawnSet& drawn) const {
  ImFont* body = fonts_[kFontBody];
  if (!body) return true;
  bool all = true;
  drawn.for_each([&](char32_t cp) { all = all && has_glyph(body, cp); });
  return all;
}

bool FontSet::has_glyphs(std::span<const std::string_view> texts) const {
  ImFont* body = fonts_[kFontBody];
  if (!body) return true;
  // Each code point is looked up once, however many texts hold it.
  std::vector<std::uint64_t> seen(0x10000 / 64, 0);
  bool all = true;
  for (std::string_view t : texts) {
    for_each_drawn(t, [&](char32_t cp) {
      if (seen[cp >> 6] >> (cp & 63) & 1) return;
      seen[cp >> 6] |= std::uint64_t{1} << (cp & 63);
      if (!has_glyph(body, cp)) all = false;
    });
    if (!all) return false;
  }
  return true;
}

float FontSetMetrics::text_width(int font, std::string_view text) const {
  ImFont* f = fonts_.get(static_cast<FontRole>(font));
  if (!f || text.empty()) return 0.f;
  const float scale = ImGui::GetIO().FontGlobalScale;
  return f->CalcTextSizeA(f->FontSize * scale, 1e30f, 0.f, text.data(), text.data() + text.size()).x;
}

float FontSetMetrics::line_height(int font) const {
  ImFont* f = fonts_.get(static_cast<FontRole>(font));
  if (!f) return 0.f;
  // Running text gets generous leading; titles and headings a tight one.
  float leading = 1.5f;
  switch (static_cast<FontRole>(font)) {
    case kFontTitle: case kFontHeading1: case kFontHeading2: case kFontHeading3: leading = 1.25f; break;
    case kFontSmall: case kFontCaption: case kFontUi: case kFontUiBold: leading = 1.4f; break;
    default: break;
  }
  return f->FontSize * ImGui::GetIO().FontGlobalScale * leading;
}

}  // namespace reader::ui
