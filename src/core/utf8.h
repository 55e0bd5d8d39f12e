// UTF-8 helpers shared by loading, markdown and layout.
//
// Contract: decoding never reads past the end of the view and never fails; a malformed
// sequence decodes as U+FFFD and advances by one byte, so callers can always make progress.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace reader::core {

inline constexpr char32_t kReplacementChar = 0xFFFD;

// Decodes the code point starting at byte `pos` and moves `pos` past it.
char32_t utf8_decode(std::string_view text, std::size_t& pos);

// Appends `cp` encoded as UTF-8 (invalid code points are written as U+FFFD).
void utf8_append(std::string& out, char32_t cp);

// True when `text` is well-formed UTF-8. Otherwise `bad_offset` receives the offset of the first
// byte that does not start a valid sequence.
bool utf8_valid(std::string_view text, std::size_t* bad_offset = nullptr);

// 1-based line and column (in code points) of a byte offset, for messages like file:line:col.
struct TextPosition { std::size_t line = 1; std::size_t column = 1; };
TextPosition text_position(std::string_view text, std::size_t byte_offset);

}  // namespace reader::core
