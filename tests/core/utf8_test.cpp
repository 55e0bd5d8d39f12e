// UTF-8 decoding, validation and positions.
#include <doctest/doctest.h>

#include "core/utf8.h"

using namespace reader::core;

TEST_CASE("utf8: decodes multi-byte characters and reports positions") {
  const std::string s = "œ«\xC2\xA0»€";
  std::size_t pos = 0;
  CHECK(utf8_decode(s, pos) == U'œ');
  CHECK(utf8_decode(s, pos) == U'«');
  CHECK(utf8_decode(s, pos) == 0xA0);
  CHECK(utf8_decode(s, pos) == U'»');
  CHECK(utf8_decode(s, pos) == U'€');
  CHECK(pos == s.size());
  CHECK(text_position("ab\ncé\nx", 7).line == 3);
  CHECK(text_position("ab\ncé\nx", 5).column == 3);
}

TEST_CASE("utf8: malformed input is rejected with the first bad byte, and decoding always advances") {
  std::size_t bad = 99;
  CHECK_FALSE(utf8_valid("abc\xE9t\xC3\xA9", &bad));  // latin-1 é
  CHECK(bad == 3);
  CHECK_FALSE(utf8_valid("\xC0\xAF"));        // overlong '/'
  CHECK_FALSE(utf8_valid("\xED\xA0\x80"));    // surrogate
  CHECK_FALSE(utf8_valid("\xE2\x82"));        // truncated
  CHECK(utf8_valid("Bogotá – niño"));
  const std::string broken = "\xFF\xFE\x80";
  std::size_t pos = 0;
  int n = 0;
  while (pos < broken.size()) { CHECK(utf8_decode(broken, pos) == kReplacementChar); ++n; }
  CHECK(n == 3);
  std::string out;
  utf8_append(out, U'ñ');
  utf8_append(out, 0x1F600);
  utf8_append(out, 0xD800);
  CHECK(out == "ñ\xF0\x9F\x98\x80\xEF\xBF\xBD");
}
