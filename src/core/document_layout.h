// Block layout of a whole document at a width: where every line, list marker, quote bar, rule
// and image goes, and where each heading starts (for the table of contents).
//
// Contract:
// - computed once per (document, width, style); the result refers to the document's spans, so
//   the document must outlive it;
// - lines are in increasing y; visible_lines() finds those in a vertical window by binary
//   search, so drawing a long article costs only what is on screen;
// - all sizes are in the metrics' units (CSS pixels in the reader); gaps are given in ems;
// - right to left (style.direction rtl, an Arabic article): every paragraph, heading, caption
//   and list item is laid out right to left and aligned right; list markers and quote bars sit
//   on the right and lists and quotes are indented from the right. Code blocks stay left to
//   right. In a left-to-right document a paragraph holding right-to-left words is reordered
//   (bidi) but keeps its left alignment, as a browser does with dir="ltr".
#pragma once
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "document.h"
#include "layout.h"

namespace reader::core {

struct DocumentStyle {
  // Font ids passed to the metrics for each kind of text.
  int font_body = 0, font_bold = 0, font_italic = 0, font_bold_italic = 0;
  int font_heading1 = 0, font_heading2 = 0, font_heading3 = 0;
  int font_code = 0, font_caption = 0;
  float em = 18.f;                 // body font size, the unit of the gaps below
  float paragraph_gap = 0.75f;     // after a paragraph, code block, quote or loose list
  float tight_item_gap = 0.2f;     // after a paragraph inside a tight list
  float heading_gap_above = 0.9f;  // not applied to a document's first block
  float heading_gap_below = 0.35f;
  float list_indent = 1.6f;
  float quote_indent = 1.2f;
  float code_padding = 0.4f;
  bidi::Direction direction = bidi::Direction::ltr;  // the document's (its language's) direction
  // Height / width of an image, by its src; when unknown (not loaded yet) return the size of the
  // placeholder to keep (the reader relays out when the real size arrives).
  std::function<float(std::string_view src)> image_aspect;
};

// A piece of a span placed on a line.
struct LineFragment {
  const Span* span = nullptr;
  std::size_t begin = 0, end = 0;  // bytes within span->text
  int font = 0;
  float x = 0, width = 0;  // x from the document's left edge
  std::string visual;      // bidi lines: the glyphs to draw (shaped, visual order) instead of span->text[begin, end)
  bool rtl = false;        // the fragment reads right to left
  std::string_view text() const { return visual.empty() ? std::string_view(span->text).substr(begin, end - begin) : std::string_view(visual); }
};

struct LaidLine {
  float y = 0, height = 0;
  std::vector<LineFragment> fragments;
};

enum class DecorationKind { bullet, number, quote_bar, rule, code_background, image };

struct Decoration {
  DecorationKind kind = DecorationKind::bullet;
  float x = 0, y = 0, w = 0, h = 0;
  std::string text;          // bullet/number text; image: alt text
  std::string src;           // image
  int font = 0;              // bullet/number
};

struct HeadingAnchor {
  int level = 1;
  std::string text;
  float y = 0;  // top of the heading's first line
};

// Where a block lies: from the top of its first line to the bottom of its last, and which
// lines are its own (its children's included): [first_line, end_line).
struct BlockExtent {
  float top = 0, bottom = 0;
  std::size_t first_line = 0, end_line = 0;
};

struct DocumentLayout {
  std::vector<LaidLine> lines;
  // Every block, depth first (a list, its first item, the item's paragraphs, the next item...):
  // the order in which the semantic mirror writes their elements, so that a place in the HTML
  // page (the n-th block, a share of its height) is found again in the canvas.
  std::vector<BlockExtent> blocks;
  std::vector<Decoration> decorations;  // sorted by y
  std::vector<HeadingAnchor> headings;
  float height = 0;
  float max_decoration_height = 0;
  std::vector<std::vector<Span>> owned_spans;  // spans made by the layout (code lines) that lines point into

  // The line of block `index` (depth first, as `blocks` counts them) that holds the text at
  // `utf16_offset` in the block's own spans (their text one after the other, counted in UTF-16
  // units as a browser counts a paragraph's text); the block's first line when the block has no
  // spans of its own (a list, a quote, code) or the offset lies past its text. `doc` is the
  // document laid out. Takes a reading position from a page's HTML to the canvas.
  std::size_t line_of(const Document& doc, std::size_t index, std::size_t utf16_offset) const;

  // Index range [first, last) of the lines that intersect [top, bottom).
  std::pair<std::size_t, std::size_t> visible_lines(float top, float bottom) const;
  // Index range of the decorations that may intersect [top, bottom).
  std::pair<std::size_t, std::size_t> visible_decorations(float top, float bottom) const;
  // The heading whose section contains y (the last heading at or above it), or -1.
  int heading_at(float y) const;
};

DocumentLayout layout_document(const Document& doc, float width, const FontMetrics& metrics, const DocumentStyle& style);

}  // namespace reader::core
