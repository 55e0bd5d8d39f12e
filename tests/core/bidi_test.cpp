// Arabic shaping and bidirectional reordering of one line, from the fixtures in
// tests/data/bidi/lines.txt (expectations worked out by hand from UAX #9 and ArabicShaping.txt).
#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <sstream>

#include "core/bidi.h"
#include "core/document_layout.h"
#include "core/layout.h"
#include "core/markdown.h"
#include "core/utf8.h"
#include "test_files.h"

using namespace reader::core;

namespace {

struct Case {
  std::string name, dir, logical, visual;
};

std::vector<Case> cases() {
  std::istringstream in(reader::test::read_file(reader::test::data_path("bidi/lines.txt")));
  std::vector<Case> out;
  std::string line;
  Case c;
  while (std::getline(in, line)) {
    if (line.rfind("name: ", 0) == 0) c.name = line.substr(6);
    else if (line.rfind("dir: ", 0) == 0) c.dir = line.substr(5);
    else if (line.rfind("logical: ", 0) == 0) c.logical = line.substr(9);
    else if (line.rfind("visual: ", 0) == 0) {
      c.visual = line.substr(8);
      out.push_back(c);
      c = Case{};
    }
  }
  return out;
}

std::string hex_of(std::string_view utf8) {
  std::string out;
  for (std::size_t pos = 0; pos < utf8.size();) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04X", static_cast<unsigned>(utf8_decode(utf8, pos)));
    if (!out.empty()) out += ' ';
    out += buf;
  }
  return out;
}

std::u32string u32(std::string_view utf8) {
  std::u32string out;
  for (std::size_t pos = 0; pos < utf8.size();) out += utf8_decode(utf8, pos);
  return out;
}

}  // namespace

TEST_CASE("bidi: every fixture line shapes and reorders as worked out by hand") {
  const std::vector<Case> all = cases();
  REQUIRE(all.size() >= 12);
  for (const Case& c : all) {
    CAPTURE(c.name);
    const bidi::Direction dir = c.dir == "rtl" ? bidi::Direction::rtl : c.dir == "ltr" ? bidi::Direction::ltr : bidi::Direction::automatic;
    CHECK(hex_of(bidi::visual_line(c.logical, dir)) == c.visual);
  }
}

TEST_CASE("bidi: paragraph levels, lines of a wrapped paragraph, and right-to-left detection") {
  int level = -1;
  const std::u32string mixed = bidi::shape_arabic(u32("مكتب IOM في جنيف"));
  const std::vector<std::uint8_t> levels = bidi::resolve_levels(mixed, bidi::Direction::automatic, &level);
  CHECK(level == 1);
  REQUIRE(levels.size() == mixed.size());
  CHECK(levels[5] == 2);  // "I" of IOM: left to right inside right to left
  CHECK(levels[0] == 1);
  int latin_level = -1;
  CHECK(bidi::resolve_levels(u32("Hello"), bidi::Direction::automatic, &latin_level) == std::vector<std::uint8_t>(5, 0));
  CHECK(latin_level == 0);
  // Wrapped after "IOM " (logical order): each line is reordered on its own, and the space at
  // the end of the first line goes to the paragraph's level (L1).
  const std::u32string first = bidi::reorder_line(mixed, levels, 0, 9, level);
  const std::u32string second = bidi::reorder_line(mixed, levels, 9, mixed.size(), level);
  CHECK(first == std::u32string{U' ', U'I', U'O', U'M', U' ', 0xFE90, 0xFE98, 0xFEDC, 0xFEE3});
  CHECK(second == std::u32string{0xFED2, 0xFEF4, 0xFEE8, 0xFE9F, U' ', 0xFEF2, 0xFED3});
  CHECK(bidi::has_rtl(u32("abc \u0645")));
  CHECK(bidi::has_rtl(u32("\u05D0")));
  CHECK_FALSE(bidi::has_rtl(u32("abc 123 é")));
  // Nothing to do for text without Arabic letters; marks and unknown letters pass through.
  CHECK(bidi::shape_arabic(u32("Nouvelles (2024)")) == u32("Nouvelles (2024)"));
  CHECK(bidi::shape_arabic(std::u32string{0x064E}) == std::u32string{0x064E});
  CHECK(bidi::visual_line("", bidi::Direction::rtl).empty());
}

namespace {

// Every code point is one 10 px column; every line 15 px.
class ColumnMetrics final : public FontMetrics {
 public:
  float text_width(int, std::string_view text) const override {
    std::size_t n = 0;
    for (std::size_t pos = 0; pos < text.size(); ++n) utf8_decode(text, pos);
    return 10.f * static_cast<float>(n);
  }
  float line_height(int) const override { return 15.f; }
};

struct WrapCase {
  std::string name, dir, logical;
  float width = 0;
  std::vector<std::string> lines;  // "<column> | <hex>"
};

std::vector<WrapCase> wrap_cases() {
  std::istringstream in(reader::test::read_file(reader::test::data_path("bidi/wrap.txt")));
  std::vector<WrapCase> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("name: ", 0) == 0) out.push_back({line.substr(6), {}, {}, 0, {}});
    else if (out.empty()) continue;
    else if (line.rfind("dir: ", 0) == 0) out.back().dir = line.substr(5);
    else if (line.rfind("width: ", 0) == 0) out.back().width = std::stof(line.substr(7));
    else if (line.rfind("logical: ", 0) == 0) out.back().logical = line.substr(9);
    else if (line.rfind("line: ", 0) == 0) out.back().lines.push_back(line.substr(6));
  }
  return out;
}

}  // namespace

TEST_CASE("bidi: wrapped paragraphs break in logical order and reorder each line (wrap.txt)") {
  const std::vector<WrapCase> all = wrap_cases();
  REQUIRE(all.size() >= 6);
  const ColumnMetrics metrics;
  for (const WrapCase& c : all) {
    CAPTURE(c.name);
    std::vector<std::string> texts;
    for (std::size_t start = 0;;) {
      const std::size_t bar = c.logical.find('|', start);
      texts.push_back(c.logical.substr(start, bar == std::string::npos ? std::string::npos : bar - start));
      if (bar == std::string::npos) break;
      start = bar + 1;
    }
    std::vector<TextRun> runs;
    for (std::size_t i = 0; i < texts.size(); ++i) runs.push_back({texts[i], 0, static_cast<int>(i)});
    const bidi::Direction dir = c.dir == "rtl" ? bidi::Direction::rtl : c.dir == "ltr" ? bidi::Direction::ltr : bidi::Direction::automatic;
    const WrappedText w = wrap_text(runs, c.width * 10.f, metrics, dir);
    std::vector<std::string> got;
    std::size_t bytes = 0;
    for (const Line& line : w.lines) {
      std::string hex;
      float x = line.runs.empty() ? 0.f : line.runs.front().x, expect_x = x;
      for (const PlacedRun& pr : line.runs) {
        CHECK(pr.x == doctest::Approx(expect_x));  // pieces are contiguous, left to right
        expect_x = pr.x + pr.width;
        if (!hex.empty()) hex += ' ';
        hex += hex_of(pr.visual);
        bytes += pr.end - pr.begin;
        CHECK(pr.end <= runs[static_cast<std::size_t>(pr.run)].text.size());
      }
      got.push_back(std::to_string(static_cast<int>(std::lround(x / 10.f))) + " | " + hex);
    }
    CHECK(got == c.lines);
    std::size_t total = 0;
    for (const std::string& t : texts) total += t.size();
    CHECK(bytes == total);  // every logical byte is shown exactly once
  }
}

TEST_CASE("bidi: a right-to-left document puts list markers and quote bars on the right") {
  const ColumnMetrics metrics;
  DocumentStyle style;
  style.em = 10.f;
  style.list_indent = 3.f;
  style.quote_indent = 2.f;
  style.direction = bidi::Direction::rtl;
  const Document doc = parse_markdown("1. أول\n2. ثان\n\n> قول\n");
  const DocumentLayout l = layout_document(doc, 200.f, metrics, style);
  std::vector<const Decoration*> markers, bars;
  for (const Decoration& d : l.decorations) {
    if (d.kind == DecorationKind::number) markers.push_back(&d);
    if (d.kind == DecorationKind::quote_bar) bars.push_back(&d);
  }
  REQUIRE(markers.size() == 2);
  CHECK(markers[0]->text == ".1");             // the number reads right to left
  CHECK(markers[0]->x >= 200.f - 30.f);        // in the indent on the right
  REQUIRE(bars.size() == 1);
  CHECK(bars[0]->x + bars[0]->w == doctest::Approx(200.f));
  for (const LaidLine& line : l.lines) {
    REQUIRE_FALSE(line.fragments.empty());
    const LineFragment& last = line.fragments.back();
    CHECK(last.rtl);
    CHECK(last.x + last.width <= 200.f - 20.f + 0.01f);  // indented from the right (2 or 3 ems)
    CHECK(last.x + last.width >= 200.f - 30.f - 0.01f);
  }
}
