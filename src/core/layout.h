// Line breaking for rich text: runs of different fonts wrapped together at a given width.
//
// Independent of any renderer: widths come from a FontMetrics implementation (the UI wraps
// Dear ImGui's fonts; tests use a fixed-width fake). Contract:
// - lines break after a space (U+0020), after a hyphen '-', en dash or em dash, and at hard
//   breaks (a run whose text is "\n"); never at a no-break space (U+00A0, U+202F), never inside
//   a UTF-8 sequence;
// - a word wider than the line is broken between code points;
// - trailing spaces do not count towards a line's width;
// - the output refers to byte ranges of the input runs, which must outlive it.
//
// Right to left (issue #9): a paragraph whose direction is right to left, or that holds a
// right-to-left letter, goes through bidi.h. Its text is shaped (Arabic presentation forms) and
// wrapped in logical order, so words stay whole; then each line is reordered on its own (UAX #9
// L1-L2) into visual pieces, left to right. A piece is a stretch of one run at one embedding
// level: `visual` holds the glyphs to draw (shaped, reordered, brackets mirrored) and
// [begin, end) the logical bytes of the input run it shows. Right-to-left paragraphs are
// aligned right: their lines end at `max_width` (or at the widest line when `max_width` is
// unbounded, 1e6 and more).
#pragma once
#include <cstddef>
#include <span>
#include <string_view>
#include <string>
#include <vector>

#include "bidi.h"

namespace reader::core {

class FontMetrics {
 public:
  virtual ~FontMetrics() = default;
  virtual float text_width(int font, std::string_view text) const = 0;
  virtual float line_height(int font) const = 0;
};

struct TextRun {
  std::string_view text;
  int font = 0;
  int tag = 0;  // the caller's id for the run (e.g. its span index); copied to the output
};

struct PlacedRun {
  int run = 0;  // index into the input runs
  std::size_t begin = 0, end = 0;  // byte range within that run's text
  float x = 0, width = 0;
  std::string visual;  // bidi paragraphs only: what to draw instead of the run's bytes [begin, end)
  bool rtl = false;    // the piece reads right to left (its logical start is at its right edge)
};

struct Line {
  std::vector<PlacedRun> runs;
  float y = 0;       // top of the line, relative to the paragraph
  float height = 0;  // the tallest font on the line
  float width = 0;   // without trailing spaces
};

struct WrappedText {
  std::vector<Line> lines;
  float height = 0;
  float width = 0;  // the widest line
};

WrappedText wrap_text(std::span<const TextRun> runs, float max_width, const FontMetrics& metrics,
                      bidi::Direction direction = bidi::Direction::ltr);

}  // namespace reader::core
