// A text picture of a DocumentLayout, for fixture tests (tests/data/layout/, see README.md there).
//
// The layout is computed with PictureMetrics (every code point 10 px wide in every font, every
// line 15 px high) and picture_style() (em = 10 px), so a column of the picture is 10 px:
// - one row per laid-out line; a fragment's text starts at column floor(x / 10);
// - a list marker ("•", "1.") is written at its x column on the row of the line it aligns with;
// - a quote bar is "|" at its x column on every row its y-range covers (blank rows included);
// - a code block's background is "`" at its x column on each of its text rows;
// - a thematic break is a row of "-" (its width / 10 of them), an image a row
//   `[image <src> "<alt>"]`;
// - a blank row stands for a vertical gap of at least half a line (7.5 px) between two rows;
// - U+00A0 is drawn as "⍽", U+202F as "⎵", a tab as "→", a newline inside a span as "↵";
//   trailing spaces are trimmed.
// Anything the picture cannot show faithfully is listed after the rows as a note line starting
// with "! ": a mark left of x = 0, two marks in the same cell (even the same character), text or
// a block wider than the page, a list marker that aligns with no row.
#pragma once
#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/document_layout.h"
#include "core/utf8.h"

namespace reader::test {

inline constexpr float kPictureColumn = 10.f;
inline constexpr float kPictureLineHeight = 15.f;

class PictureMetrics final : public core::FontMetrics {
 public:
  float text_width(int, std::string_view text) const override {
    return kPictureColumn * static_cast<float>(code_points(text));
  }
  float line_height(int) const override { return kPictureLineHeight; }

  static std::size_t code_points(std::string_view text) {
    std::size_t n = 0, pos = 0;
    while (pos < text.size()) { core::utf8_decode(text, pos); ++n; }
    return n;
  }
};

// em = 10; every font id distinct (they all measure the same); horizontal indents in whole ems so
// that text columns are exact; vertical gaps are DocumentStyle's defaults.
inline core::DocumentStyle picture_style() {
  core::DocumentStyle s;
  s.font_body = 0;
  s.font_bold = 1;
  s.font_italic = 2;
  s.font_bold_italic = 3;
  s.font_heading1 = 4;
  s.font_heading2 = 5;
  s.font_heading3 = 6;
  s.font_code = 7;
  s.font_caption = 8;
  s.em = 10.f;
  s.list_indent = 3.f;
  s.quote_indent = 2.f;
  s.code_padding = 1.f;
  return s;
}

namespace picture_detail {

enum class RowKind { line, blank, image, rule };

struct Row {
  RowKind kind = RowKind::blank;
  float top = 0, bottom = 0;
  std::size_t index = 0;  // line or decoration index
  std::vector<std::string> cells;
};

inline int column_of(float x) { return static_cast<int>(std::floor(x / kPictureColumn + 1e-3f)); }

inline std::string shown(char32_t cp) {
  if (cp == 0x00A0) return "\u237D";  // ⍽
  if (cp == 0x202F) return "\u23B5";  // ⎵
  if (cp == U'\t') return "\u2192";   // →
  if (cp == U'\n') return "\u21B5";   // ↵ (a newline inside a span, drawn as a glyph)
  std::string s;
  core::utf8_append(s, cp);
  return s;
}

class Canvas {
 public:
  std::vector<Row> rows;
  std::vector<std::string> notes;

  void note(std::string n) {
    if (seen_.insert(n).second) notes.push_back(std::move(n));
  }

  // Writes `text` one code point per cell from the column of x.
  void write(std::size_t row, float x, std::string_view text, std::string_view what) {
    int col = column_of(x);
    std::size_t pos = 0;
    while (pos < text.size()) {
      const std::string cell = shown(core::utf8_decode(text, pos));
      if (col < 0) {
        note("row " + std::to_string(row + 1) + ": " + std::string(what) + " starts left of the page (x = " + number(x) + ")");
      } else {
        auto& cells = rows[row].cells;
        const auto c = static_cast<std::size_t>(col);
        if (cells.size() <= c) cells.resize(c + 1, " ");
        if (cells[c] != " " && cell != " ")
          note("row " + std::to_string(row + 1) + ", column " + std::to_string(col) + ": " + std::string(what) + " over \"" + cells[c] + "\"");
        if (cell != " " || cells[c] == " ") cells[c] = cell;
      }
      ++col;
    }
  }

  static std::string number(float v) {
    std::string s = std::to_string(std::round(v * 100.f) / 100.f);
    while (!s.empty() && s.back() == '0') s.pop_back();
    if (!s.empty() && s.back() == '.') s.pop_back();
    return s;
  }

 private:
  std::set<std::string> seen_;
};

inline bool overlaps(const Row& r, float top, float bottom) { return r.top < bottom - 0.01f && r.bottom > top + 0.01f; }

}  // namespace picture_detail

inline std::string render_layout(const core::DocumentLayout& layout, float page_width) {
  using namespace picture_detail;
  using core::DecorationKind;
  Canvas canvas;

  // Rows that take vertical space, in order of their tops.
  std::vector<Row> items;
  for (std::size_t i = 0; i < layout.lines.size(); ++i)
    items.push_back({RowKind::line, layout.lines[i].y, layout.lines[i].y + layout.lines[i].height, i, {}});
  for (std::size_t i = 0; i < layout.decorations.size(); ++i) {
    const core::Decoration& d = layout.decorations[i];
    if (d.kind == DecorationKind::image) items.push_back({RowKind::image, d.y, d.y + d.h, i, {}});
    if (d.kind == DecorationKind::rule) items.push_back({RowKind::rule, d.y, d.y + d.h, i, {}});
  }
  std::stable_sort(items.begin(), items.end(), [](const Row& a, const Row& b) { return a.top < b.top; });
  float bottom = 0;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0 && items[i].top - bottom >= kPictureLineHeight / 2 - 0.01f) canvas.rows.push_back({RowKind::blank, bottom, items[i].top, 0, {}});
    canvas.rows.push_back(items[i]);
    bottom = i == 0 ? items[i].bottom : std::max(bottom, items[i].bottom);
  }

  auto beyond = [&](std::size_t row, float right, const std::string& what) {
    if (right > page_width + 0.01f)
      canvas.note("row " + std::to_string(row + 1) + ": " + what + " ends at x = " + Canvas::number(right) + ", beyond the width " + Canvas::number(page_width));
  };

  // Decorations first, text last (a collision is noted either way).
  for (const core::Decoration& d : layout.decorations) {
    switch (d.kind) {
      case DecorationKind::quote_bar:
        for (std::size_t r = 0; r < canvas.rows.size(); ++r)
          if (overlaps(canvas.rows[r], d.y, d.y + d.h)) canvas.write(r, d.x, "|", "quote bar");
        break;
      case DecorationKind::code_background:
        for (std::size_t r = 0; r < canvas.rows.size(); ++r)
          if (canvas.rows[r].kind == RowKind::line && overlaps(canvas.rows[r], d.y, d.y + d.h)) {
            canvas.write(r, d.x, "`", "code background");
            beyond(r, d.x + d.w, "code background");
          }
        break;
      case DecorationKind::bullet:
      case DecorationKind::number: {
        std::size_t found = canvas.rows.size();
        for (std::size_t r = 0; r < canvas.rows.size() && found == canvas.rows.size(); ++r)
          if (canvas.rows[r].kind != RowKind::blank && std::abs(canvas.rows[r].top - d.y) < 0.01f) found = r;
        for (std::size_t r = 0; r < canvas.rows.size() && found == canvas.rows.size(); ++r)
          if (canvas.rows[r].kind != RowKind::blank && canvas.rows[r].top <= d.y && d.y < canvas.rows[r].bottom) found = r;
        if (found == canvas.rows.size()) {
          canvas.note("list marker \"" + d.text + "\" at y = " + Canvas::number(d.y) + " aligns with no row");
        } else {
          canvas.write(found, d.x, d.text, "list marker");
        }
        break;
      }
      case DecorationKind::rule:
      case DecorationKind::image:
        break;
    }
  }
  for (std::size_t r = 0; r < canvas.rows.size(); ++r) {
    const Row& row = canvas.rows[r];
    if (row.kind == RowKind::line) {
      for (const core::LineFragment& f : layout.lines[row.index].fragments) {
        const std::string_view text = f.text();  // bidi lines: the visual glyphs
        canvas.write(r, f.x, text, "text");
        std::string_view visible = text;
        while (!visible.empty() && visible.back() == ' ') visible.remove_suffix(1);
        beyond(r, f.x + kPictureColumn * static_cast<float>(PictureMetrics::code_points(visible)), "text");
      }
    } else if (row.kind == RowKind::image) {
      const core::Decoration& d = layout.decorations[row.index];
      canvas.write(r, d.x, "[image " + d.src + " \"" + d.text + "\"]", "image");
      beyond(r, d.x + d.w, "image");
    } else if (row.kind == RowKind::rule) {
      const core::Decoration& d = layout.decorations[row.index];
      canvas.write(r, d.x, std::string(static_cast<std::size_t>(std::max(0, column_of(d.w))), '-'), "rule");
      beyond(r, d.x + d.w, "rule");
    }
  }

  std::vector<std::string> text_rows;
  for (const Row& row : canvas.rows) {
    std::string line;
    for (const std::string& c : row.cells) line += c;
    while (!line.empty() && line.back() == ' ') line.pop_back();
    text_rows.push_back(std::move(line));
  }
  for (const std::string& n : canvas.notes) text_rows.push_back("! " + n);
  std::string out;
  for (std::size_t i = 0; i < text_rows.size(); ++i) out += (i ? "\n" : "") + text_rows[i];
  return out;
}

}  // namespace reader::test
