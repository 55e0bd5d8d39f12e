// Rich-text line breaking with a fixed-width fake font: every code point is 10 px wide in
// font 0 and 20 px in font 1, so expected lines can be written down by hand.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/layout.h"
#include "core/utf8.h"

using namespace reader::core;

namespace {
class FixedMetrics final : public FontMetrics {
 public:
  float text_width(int font, std::string_view text) const override {
    float n = 0;
    std::size_t pos = 0;
    while (pos < text.size()) { utf8_decode(text, pos); ++n; }
    return n * (font == 1 ? 20.f : 10.f);
  }
  float line_height(int font) const override { return font == 1 ? 30.f : 15.f; }
};

std::vector<std::string> lines_of(const std::vector<TextRun>& runs, float width) {
  FixedMetrics m;
  const WrappedText w = wrap_text(runs, width, m);
  std::vector<std::string> out;
  for (const Line& l : w.lines) {
    std::string s;
    for (const PlacedRun& r : l.runs) s += std::string(runs[static_cast<std::size_t>(r.run)].text.substr(r.begin, r.end - r.begin));
    out.push_back(s);
  }
  return out;
}
}  // namespace

TEST_CASE("layout: breaks at spaces, keeps no-break spaces, breaks after dashes") {
  CHECK(lines_of({{"aaa bbb ccc", 0, 0}}, 75) == std::vector<std::string>{"aaa bbb ", "ccc"});
  // « mot » with no-break spaces stays together.
  CHECK(lines_of({{"dit «\xC2\xA0oui\xC2\xA0»", 0, 0}}, 80) == std::vector<std::string>{"dit ", "«\xC2\xA0oui\xC2\xA0»"});
  CHECK(lines_of({{"bien-être", 0, 0}}, 60) == std::vector<std::string>{"bien-", "être"});
  CHECK(lines_of({{"a\xE2\x80\x94" "b", 0, 0}}, 20) == std::vector<std::string>{"a\xE2\x80\x94", "b"});
}

TEST_CASE("layout: runs of different fonts wrap together - a word spanning runs is not split") {
  // "bold" + "," must stay on one line: no break opportunity between runs.
  const std::vector<TextRun> runs{{"aa ", 0, 0}, {"bold", 1, 1}, {", cc", 0, 2}};
  CHECK(lines_of(runs, 110) == std::vector<std::string>{"aa ", "bold, ", "cc"});
  FixedMetrics m;
  const WrappedText w = wrap_text(runs, 110, m);
  CHECK(w.lines[1].height == 30.f);  // the tallest font on the line
  CHECK(w.lines[2].y == doctest::Approx(15.f + 30.f));
  CHECK(w.lines[1].width == doctest::Approx(80 + 10));  // trailing space not counted
}

TEST_CASE("layout: hard breaks and over-long words") {
  CHECK(lines_of({{"ab", 0, 0}, {"\n", 0, 1}, {"cd", 0, 2}}, 500) == std::vector<std::string>{"ab", "cd"});
  CHECK(lines_of({{"abcdefghij", 0, 0}}, 35) == std::vector<std::string>{"abc", "def", "ghi", "j"});
  // Never inside a UTF-8 sequence.
  const auto l = lines_of({{"éééé", 0, 0}}, 25);
  CHECK(l == std::vector<std::string>{"éé", "éé"});
}

TEST_CASE("layout: a 100,000-character word and a 1 MB paragraph finish and keep every byte") {
  const std::string word(100000, 'x');
  FixedMetrics m;
  const std::vector<TextRun> runs{{word, 0, 0}};
  const WrappedText w = wrap_text(runs, 600, m);
  CHECK(w.lines.size() == 100000 / 60 + 1);
  std::string big;
  while (big.size() < 1000000) big += "mot très long, ";
  const std::vector<TextRun> runs2{{big, 0, 0}};
  const WrappedText w2 = wrap_text(runs2, 650, m);
  std::size_t bytes = 0;
  for (const Line& line : w2.lines)
    for (const PlacedRun& r : line.runs) bytes += r.end - r.begin;
  CHECK(bytes == big.size());
  for (const Line& line : w2.lines) CHECK(line.width <= 650.f);
}
