// QR codes: sizes, the finder patterns, and the limit.
#include <doctest/doctest.h>

#include <string>

#include "core/qr.h"

using namespace reader::core;

TEST_CASE("qr: a link gives a code with its three finder patterns, too long a text gives none") {
  const auto code = make_qr("https://www.iom.int/news/iom-strengthens-its-presence-pacific");
  REQUIRE(code);
  CHECK(code->size >= 25);
  CHECK(code->size % 4 == 1);  // 21 + 4 × (version - 1)
  // A finder pattern: 7×7 dark ring, light ring, 3×3 dark centre, at three corners.
  for (const auto& [ox, oy] : {std::pair{0, 0}, std::pair{code->size - 7, 0}, std::pair{0, code->size - 7}}) {
    for (int i = 0; i < 7; ++i) {
      CHECK(code->dark(ox + i, oy));
      CHECK(code->dark(ox + i, oy + 6));
      CHECK(code->dark(ox, oy + i));
      CHECK(code->dark(ox + 6, oy + i));
    }
    CHECK_FALSE(code->dark(ox + 1, oy + 1));
    CHECK(code->dark(ox + 3, oy + 3));
  }
  CHECK_FALSE(code->dark(-1, 0));
  CHECK_FALSE(code->dark(code->size, 0));
  CHECK(make_qr("tel:+5716397777")->size <= 25);  // versions 1-2: large modules for a short link
  CHECK_FALSE(make_qr(""));
  CHECK_FALSE(make_qr(std::string(kMaxQrBytes + 1, 'a')));
  CHECK(make_qr(std::string(kMaxQrBytes, 'a')));
}
