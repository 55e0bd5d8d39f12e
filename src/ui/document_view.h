// Drawing a laid-out document (core::DocumentLayout) with ImGui: only the lines and decorations
// inside the clip rectangle are visited; links get hover and pressed states and are published
// as hit targets; images are drawn from textures, with a placeholder of their size until then.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <imgui.h>

#include "core/document_layout.h"
#include "fonts.h"
#include "platform/retained.h"
#include "theme.h"

namespace reader::ui {

// A clickable thing drawn this frame, in CSS pixels from the canvas's top left. Published
// through the state hook so tests (and later the accessibility mirror) can find it.
struct HitTarget {
  std::string id;     // "lang:fr", "section:what-we-do", "article:<id>", "back", "errors", "link:<url>", "toc:<n>"
  std::string label;  // the text shown
  float x = 0, y = 0, w = 0, h = 0;
};

// A list that a frame fills again from empty, keeping its elements' storage between frames:
// clear() forgets the elements but keeps them (their strings' buffers included), and next()
// hands back the next one to overwrite. A frame publishes about the same targets and headings
// as the one before, so filling it again allocates nothing (std::string's short-string buffer
// holds 10 bytes in wasm32: nearly every id and label is a heap block).
template <class T>
class FrameList {
 public:
  // The next element, holding whatever an earlier frame left in it: the caller overwrites it.
  T& next() {
    if (size_ == items_.size()) items_.emplace_back();
    return items_[size_++];
  }
  void clear() { size_ = 0; }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const T& operator[](std::size_t i) const { return items_[i]; }
  const T* begin() const { return items_.data(); }
  const T* end() const { return items_.data() + size_; }

 private:
  std::vector<T> items_;
  std::size_t size_ = 0;
};

// A link's underline from x0 to x1, `thickness` px below y (a filled rectangle: cheaper than
// an anti-aliased line, and as crisp on a baseline rounded to the pixel).
inline void underline(ImDrawList* dl, float x0, float x1, float y, ImU32 col, float thickness) {
  dl->AddRectFilled(ImVec2(x0, y), ImVec2(x1, y + thickness), col);
}

// Adds a target whose id is `id_prefix` followed by `id_rest` ("link:" + url).
inline void add_hit_target(FrameList<HitTarget>& targets, std::string_view id_prefix, std::string_view id_rest, std::string_view label,
                           float x, float y, float w, float h) {
  HitTarget& t = targets.next();
  t.id.assign(id_prefix).append(id_rest);
  t.label.assign(label);
  t.x = x;
  t.y = y;
  t.w = w;
  t.h = h;
}

// An image the platform has decoded and uploaded.
struct ImageTexture {
  ImTextureID texture = nullptr;
  int width = 0, height = 0;
};

// FNV-1a over the bytes of what something kept between frames is drawn from: its key.
struct KeyHash {
  std::uint64_t h = 14695981039346656037ull;
  void bytes(const void* p, std::size_t n) {
    const auto* b = static_cast<const unsigned char*>(p);
    for (std::size_t i = 0; i < n; ++i) h = (h ^ b[i]) * 1099511628211ull;
  }
  void text(std::string_view v) {
    const std::size_t n = v.size();
    bytes(&n, sizeof n);
    bytes(v.data(), n);
  }
};

struct DocumentDrawContext;

// The glyphs of a document's lines kept between frames, in chunks of kLines lines
// (platform/retained.h): a frame that only scrolls hands the renderer one retained draw per
// chunk on screen instead of writing every glyph's vertices again (bench/reading.mjs).
//
// Contract:
//  - a chunk holds the glyphs of its lines except links' (their colour follows the pointer,
//    so they are drawn at every frame), in whole pixels relative to the chunk's top, at the
//    document's left edge of the frame it was built in; it is drawn moved to the document's
//    top. What the frame draws is what draw_document without chunks draws, to a ten-thousandth
//    of a pixel (tests/ui/headless_test.cpp), in the same order;
//  - the chunks are built again when what they are drawn from changes: the layout, its left
//    edge, the fonts, the text scale, the theme's text colours or the atlas texture (the key);
//  - at most kKeep chunks are kept (the least recently drawn go first; never one drawn in this
//    frame); a chunk that does not fit one retained geometry (65,536 vertices or more) is
//    drawn directly, line by line.
class TextChunks {
 public:
  // Eight lines: a frame that builds a chunk costs a little more than one that does not (about
  // a sixth of a screen of glyphs), and there are a few chunks on screen. (Building the chunks
  // next to the view a few lines per frame ahead of need cost more at the median than it saved
  // in the slowest frames, in alternating runs of bench/reading.mjs's scroll.)
  static constexpr std::size_t kLines = 8, kKeep = 24;
  // Draws the glyphs (links' aside) of lines [l0, l1) of `layout`, whose top-left is `origin`
  // (whole pixels), into `dl`.
  void draw(const core::DocumentLayout& layout, const DocumentDrawContext& ctx, ImVec2 origin, std::size_t l0, std::size_t l1, ImDrawList* dl);
  void clear() { chunks_.clear(); key_ = 0; }
  std::uint64_t built() const { return built_; }  // chunks built since start
  std::uint64_t drawn() const { return drawn_; }  // retained draws handed to the renderer since start

 private:
  struct Chunk {
    std::size_t index = 0;  // lines [index * kLines, index * kLines + kLines)
    float top = 0;          // whole pixels: the first line's top, floored
    std::uint64_t used = 0;
    std::unique_ptr<platform::RetainedGeometry> geometry;  // null: drawn directly
  };
  Chunk& build(std::size_t index, const core::DocumentLayout& layout, const DocumentDrawContext& ctx, float left);

  std::uint64_t key_ = 0, frame_ = 0, built_ = 0, drawn_ = 0;
  std::vector<Chunk> chunks_;
  std::unique_ptr<ImDrawList> scratch_;  // where chunks are drawn with ImGui's AddText
};

struct DocumentDrawContext {
  const FontSet& fonts;
  const Theme& theme;
  FrameList<HitTarget>& targets;
  // The texture for an image path, or nullptr while it is not loaded.
  std::function<const ImageTexture*(std::string_view src)> image;
  // Images that were on screen without a texture (the app asks the platform to load them).
  std::vector<std::string>& wanted_images;
  // Where the glyphs are kept between frames; null: every glyph is drawn at every frame.
  TextChunks* chunks = nullptr;
};

// The reader's document style for the current fonts (gaps in ems of the body size).
core::DocumentStyle document_style(const FontSet& fonts, std::function<float(std::string_view)> image_aspect);

// Draws `layout` with its top-left corner at `origin` (screen coordinates, whole pixels) and
// reserves its height in the current window. Order: decorations, then what lies under or along
// the glyphs (code backgrounds, pressed links, underlines), then the glyphs, links' last.
void draw_document(const core::DocumentLayout& layout, const DocumentDrawContext& ctx, ImVec2 origin, float width);

}  // namespace reader::ui
