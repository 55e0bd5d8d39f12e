// Right-to-left text for the canvas: Arabic shaping into presentation forms and the Unicode
// Bidirectional Algorithm (UAX #9) for paragraphs, in the core so that it is tested natively
// and the layout engine can wrap logical text and then reorder each line.
//
// Why presentation forms (and not HarfBuzz): Dear ImGui draws one glyph per code point from a
// font atlas. Arabic letters change shape with their neighbours; Unicode's Arabic Presentation
// Forms (U+FB50–U+FDFF, U+FE70–U+FEFF) encode each contextual form as its own code point, and
// Debian's Noto Sans Arabic maps them. Shaping is then a pure function from logical text to
// logical forms, which the atlas can hold and the layout can measure like any other text.
//
// Contract:
// - shape_arabic() keeps the logical order and maps each Arabic letter to its isolated, final,
//   initial or medial form from its joining neighbours (transparent marks are skipped when
//   looking for neighbours); lam followed by an alef becomes one lam-alef ligature. Everything
//   else is kept as it is. It never fails.
// - resolve_levels() implements UAX #9 for one paragraph: rules P2–P3, W1–W7, N1–N2, I1–I2,
//   with directional isolates (LRI, RLI, FSI ... PDI, X5a–X6a): an isolate is resolved as its
//   own sequence and is a neutral of the text around it. That is how a phone number keeps its
//   left-to-right order in Arabic ("\u2066+57 1 6397777\u2069"), as in a browser. Embeddings
//   and overrides (LRE, RLE, LRO, RLO, PDF) are treated as boundary neutrals. Bracket pairs
//   (N0) are not paired; a bracket is a neutral, mirrored when its level is odd (L4).
// - reorder_line() applies L1 (trailing white space to the paragraph level) and L2 (reversing
//   runs from the highest level down to the lowest odd level) to one line, and L4 (mirroring).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace reader::core::bidi {

enum class Direction : std::uint8_t { ltr, rtl, automatic };

// Arabic letters in logical order -> their contextual presentation forms, in logical order.
// `source`, when given, receives for each output code point the index of the input code point
// it comes from (a lam-alef ligature comes from its lam; the alef's index is skipped).
std::u32string shape_arabic(std::u32string_view logical, std::vector<std::uint32_t>* source = nullptr);

// The resolved embedding level of each code point of a paragraph (even: left to right, odd:
// right to left). `paragraph_level` receives the paragraph's own level (0 or 1): from `dir`, or
// from its first strong character when `dir` is automatic (left to right when there is none).
std::vector<std::uint8_t> resolve_levels(std::u32string_view paragraph, Direction dir, int* paragraph_level = nullptr);

// The code points [begin, end) of a paragraph (one line of it) in visual order, left to right,
// with brackets mirrored where they are right to left.
std::u32string reorder_line(std::u32string_view paragraph, const std::vector<std::uint8_t>& levels, std::size_t begin, std::size_t end,
                            int paragraph_level);

// The visual order of the code points [begin, end) of a paragraph: indexes relative to `begin`,
// left to right. `line_levels`, when given, receives each code point's level after L1 (indexed
// like the input, relative to `begin`). reorder_line() is this order with mirroring applied.
std::vector<std::uint32_t> visual_order(std::u32string_view paragraph, const std::vector<std::uint8_t>& levels, std::size_t begin,
                                        std::size_t end, int paragraph_level, std::vector<std::uint8_t>* line_levels = nullptr);

// The glyph a bracket or guillemet shows in right-to-left text (L4); other code points unchanged.
char32_t mirror(char32_t c);

// True when the text holds a right-to-left letter (Hebrew, Arabic and their presentation forms).
bool has_rtl(std::u32string_view text);

// Format characters the algorithm consumes and nothing draws: marks (LRM, RLM, ALM), isolates,
// embeddings, zero-width joiners and spaces, the byte order mark.
bool is_invisible_control(char32_t c);

// A cheap test on UTF-8 bytes: false guarantees the text has no right-to-left letter (no code
// point in U+0590..U+08FF or U+FB1D..U+FEFF, no RLM or directional isolate, embedding or
// override), so left-to-right text skips the algorithm.
bool may_have_rtl(std::string_view utf8);

// UTF-8 convenience for one line that needs no wrapping: shape, resolve and reorder.
std::string visual_line(std::string_view logical_utf8, Direction dir);

}  // namespace reader::core::bidi
