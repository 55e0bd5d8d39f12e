// Arabic shaping and bidirectional reordering of one line, from the fixtures in
// tests/data/bidi/lines.txt (expectations worked out by hand from UAX #9 and ArabicShaping.txt).
#include <doctest/doctest.h>

#include <cstdio>
#include <sstream>

#include "core/bidi.h"
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
