// The reader's fonts: Noto Sans faces rasterised for the device pixel ratio, and their metrics
// for the core layout engine.
//
// Fonts are rasterised at size × ratio and drawn at 1/ratio (FontGlobalScale), so text is crisp
// on HiDPI screens. Glyph ranges come from the text actually shown (content and interface
// strings) plus Latin-1, so every character of the bundle has a glyph and the atlas stays small.
// Arabic text counts with its shaped forms (the glyphs actually drawn).
#pragma once
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include <imgui.h>

#include "core/layout.h"


namespace reader::ui {

enum FontRole : int {
  kFontBody,
  kFontBodyBold,
  kFontBodyItalic,
  kFontBodyBoldItalic,
  kFontSmall,
  kFontHeading3,
  kFontHeading2,
  kFontTitle,
  kFontUi,
  kFontUiBold,
  kFontHeading1,
  kFontCaption,
  kFontRoleCount,
};

// TrueType bytes of the faces; owned by the caller and kept alive while fonts are in use.
// Regular and bold are needed; the italic faces may come later (a page first loads the faces its
// view needs): until then the italic roles use the upright ones. The Arabic faces (Noto Sans
// Arabic) are optional: merged into every role (bold into the bold roles) when the shown text
// holds Arabic, for its letters and their presentation forms (the layout draws shaped text, see
// core/bidi.h); without them Arabic is reported missing.
struct FontFaces {
  std::span<const std::uint8_t> regular, bold, italic, bold_italic;
  std::span<const std::uint8_t> arabic = {}, arabic_bold = {};
  bool complete() const { return !regular.empty() && !bold.empty(); }
};

class FontSet;

// core::FontMetrics over a FontSet, in CSS pixels. Font ids are FontRole values.
class FontSetMetrics final : public core::FontMetrics {
 public:
  explicit FontSetMetrics(const FontSet& fonts) : fonts_(fonts) {}
  float text_width(int font, std::string_view text) const override;
  float line_height(int font) const override;

 private:
  const FontSet& fonts_;
};

// The code points a set of texts draws (as FontSet::has_glyphs counts them), gathered ahead of a
// glyph check: the titles and summaries of a bundle's index are added while the index arrives,
// so that the check at start looks at each code point once instead of at 4 MB of text.
class DrawnSet {
 public:
  void add(std::string_view text);
  void clear() { bits_.assign(bits_.size(), 0); }
  template <typename F>
  void for_each(F&& f) const {
    for (std::size_t w = 0; w < bits_.size(); ++w)
      for (std::uint64_t b = bits_[w]; b; b &= b - 1) f(static_cast<char32_t>(w * 64 + static_cast<std::size_t>(__builtin_ctzll(b))));
  }

 private:
  std::vector<std::uint64_t> bits_ = std::vector<std::uint64_t>(0x10000 / 64, 0);  // the BMP: the atlas holds nothing else
};

class FontSet {
 public:
  // Rebuilds ImGui's font atlas for `pixel_ratio` with glyphs for every code point in `texts`.
  // `text_scale` multiplies all sizes (the reader's text size setting; 1 = default).
  // Returns false if a face cannot be read (the atlas then keeps ImGui's default font).
  bool build(const FontFaces& faces, float pixel_ratio, float text_scale, std::span<const std::string_view> texts);

  ImFont* get(FontRole role) const { return fonts_[role]; }
  float size(FontRole role) const;  // in CSS pixels
  const core::FontMetrics& metrics() const { return metrics_; }
  int generation() const { return generation_; }  // bumps on every rebuild: invalidates layouts
  // True when every code point of `texts` that the faces have is in the atlas (else a rebuild
  // with those texts would add glyphs). Code points the last build found in no face do not
  // count: a rebuild cannot add them, so they must not cause one at every start.
  bool has_glyphs(std::span<const std::string_view> texts) const;
  bool has_glyphs(const DrawnSet& drawn) const;
  // Code points requested but absent from the faces (should be empty: shown as boxes otherwise).
  const std::vector<std::uint32_t>& missing_glyphs() const { return missing_; }

 private:
  // In the atlas's body font, or in no face (a rebuild cannot add it): has_glyphs' test.
  bool has_glyph(const ImFont* body, char32_t cp) const;

  ImFont* fonts_[kFontRoleCount] = {};
  FontSetMetrics metrics_{*this};
  ImVector<ImWchar> ranges_;         // glyph ranges the atlas points into
  ImVector<ImWchar> arabic_ranges_;  // the Arabic ones, merged from the Arabic faces
  float text_scale_ = 1.f;
  int generation_ = 0;
  std::vector<std::uint32_t> missing_;
};



}  // namespace reader::ui
