// CommonMark (cmark 0.30.2) to our document tree.
//
// Contract: never fails and never crashes on any input bytes (invalid UTF-8 is replaced by
// cmark). Raw HTML, inline or block, is kept as literal text, never interpreted. Links whose
// target is not allowed (links.h) keep their text and are listed in Document::rejected_links.
// An image alone in its paragraph becomes an image block (alt text, caption from its title);
// its src must be a bundle path (links.h: image_src_problem), else it is reported and its alt
// text kept. Images inside running text stay as their alt text in italics.
// The conversion walks cmark's iterator without recursion; nesting deeper than kMaxNesting
// is flattened into the deepest allowed block.
#pragma once
#include <string_view>

#include "document.h"

namespace reader::core {

Document parse_markdown(std::string_view markdown);

}  // namespace reader::core
