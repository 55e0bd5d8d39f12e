// Our own document tree for article bodies: what the reader draws, independent of cmark.
//
// Built by parse_markdown() (markdown.h). Blocks nest (quotes, lists) up to kMaxNesting levels;
// deeper content is kept, attached at the deepest level, so pathological input cannot blow the
// stack of anything that walks the tree recursively.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace reader::core {

inline constexpr int kMaxNesting = 32;

// Inline style flags; a span may combine them (emphasis | strong = bold italic).
enum InlineStyle : std::uint8_t {
  kStylePlain = 0,
  kStyleEmphasis = 1 << 0,
  kStyleStrong = 1 << 1,
  kStyleCode = 1 << 2,
  kStyleLink = 1 << 3,
  kStyleMark = 1 << 4,  // words found by a search (never produced by the markdown parser)
};

// A run of text with one style. `url` is set (and safe: see is_allowed_link) only for links.
// A hard line break is a span with `hard_break` set and empty text.
struct Span {
  std::string text;
  std::uint8_t style = kStylePlain;
  std::string url;
  bool hard_break = false;
};

enum class BlockKind : std::uint8_t {
  paragraph,       // spans
  heading,         // spans, level 1..6
  quote,           // children
  list,            // children are list_item blocks; ordered, start
  list_item,       // children
  code_block,      // text
  thematic_break,  // nothing
  image,           // an image alone in its paragraph: url (checked, see links.h), text = alt, spans = caption
};

struct Block {
  BlockKind kind = BlockKind::paragraph;
  int level = 0;         // heading level
  bool ordered = false;  // list
  bool tight = false;    // list: items are not separated by blank lines (no paragraph spacing)
  int start = 1;         // ordered list's first number
  std::vector<Span> spans;
  std::vector<Block> children;
  std::string text;  // code_block: the code; image: the alt text
  std::string url;   // image: path of the image inside the bundle
};

// A link the parser refused (kept as plain text), for the loader to report.
struct RejectedLink {
  std::string url;
  std::string reason;
};

struct Document {
  std::vector<Block> blocks;
  std::vector<RejectedLink> rejected_links;
};

// Plain text of a block's spans (for headings, tables of contents, search, tests).
std::string plain_text(const std::vector<Span>& spans);

}  // namespace reader::core
