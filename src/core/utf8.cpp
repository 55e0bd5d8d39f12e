// UTF-8 decoding and validation (see utf8.h for the contract).
#include "utf8.h"

#include <cstdint>
#include <cstring>

namespace reader::core {

namespace {
// Length of a well-formed sequence starting at `pos`, or 0 if it is malformed (overlong forms,
// surrogates and values above U+10FFFF are malformed, as in RFC 3629).
std::size_t sequence_length(std::string_view s, std::size_t pos, char32_t* out) {
  const auto b0 = static_cast<unsigned char>(s[pos]);
  if (b0 < 0x80) { *out = b0; return 1; }
  std::size_t len = 0;
  char32_t cp = 0, min = 0;
  if ((b0 & 0xE0) == 0xC0) { len = 2; cp = b0 & 0x1Fu; min = 0x80; }
  else if ((b0 & 0xF0) == 0xE0) { len = 3; cp = b0 & 0x0Fu; min = 0x800; }
  else if ((b0 & 0xF8) == 0xF0) { len = 4; cp = b0 & 0x07u; min = 0x10000; }
  else return 0;
  if (pos + len > s.size()) return 0;
  for (std::size_t i = 1; i < len; ++i) {
    const auto b = static_cast<unsigned char>(s[pos + i]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3Fu);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  *out = cp;
  return len;
}
}  // namespace

char32_t utf8_decode(std::string_view text, std::size_t& pos) {
  if (pos >= text.size()) return kReplacementChar;
  char32_t cp = 0;
  const std::size_t len = sequence_length(text, pos, &cp);
  if (len == 0) { ++pos; return kReplacementChar; }
  pos += len;
  return cp;
}

void utf8_append(std::string& out, char32_t cp) {
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = kReplacementChar;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

bool utf8_valid(std::string_view text, std::size_t* bad_offset) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    // Eight ASCII bytes at a time: most of a Latin-script text.
    if (text.size() - pos >= 8) {
      std::uint64_t word;
      std::memcpy(&word, text.data() + pos, 8);
      if ((word & 0x8080808080808080ULL) == 0) {
        pos += 8;
        continue;
      }
    }
    char32_t cp = 0;
    const std::size_t len = sequence_length(text, pos, &cp);
    if (len == 0) {
      if (bad_offset) *bad_offset = pos;
      return false;
    }
    pos += len;
  }
  return true;
}

TextPosition text_position(std::string_view text, std::size_t byte_offset) {
  TextPosition p;
  std::size_t pos = 0;
  const std::size_t end = byte_offset < text.size() ? byte_offset : text.size();
  while (pos < end) {
    if (text[pos] == '\n') { ++p.line; p.column = 1; ++pos; continue; }
    utf8_decode(text, pos);
    ++p.column;
  }
  return p;
}

}  // namespace reader::core
