// Block layout (see document_layout.h for the contract).
#include "document_layout.h"

#include <algorithm>

namespace reader::core {

namespace {

class Layouter {
 public:
  Layouter(const FontMetrics& m, const DocumentStyle& s, DocumentLayout& out) : m_(m), s_(s), out_(out) {}

  void blocks(const std::vector<Block>& list, float x, float width, bool tight) {
    for (const Block& b : list) block(b, x, std::max(width, 2 * s_.em), tight);
  }

  float y() const { return y_; }

 private:
  int font_for(const Span& span, int base) const {
    if (span.style & kStyleCode) return s_.font_code;
    if (base != s_.font_body) return base;  // headings and captions keep their face
    const bool strong = span.style & kStyleStrong, emph = span.style & kStyleEmphasis;
    if (strong && emph) return s_.font_bold_italic;
    if (strong) return s_.font_bold;
    if (emph) return s_.font_italic;
    return s_.font_body;
  }

  bool rtl() const { return s_.direction == bidi::Direction::rtl; }

  // Wraps spans at (x, width) starting at the current y; returns the y of the first line.
  float text(const std::vector<Span>& spans, int base_font, float x, float width, bool code = false) {
    std::vector<TextRun> runs;
    runs.reserve(spans.size());
    for (std::size_t i = 0; i < spans.size(); ++i)
      runs.push_back({spans[i].hard_break ? std::string_view("\n") : std::string_view(spans[i].text), font_for(spans[i], base_font), static_cast<int>(i)});
    if (runs.empty()) runs.push_back({std::string_view(), base_font, -1});
    WrappedText w = wrap_text(runs, width, m_, code ? bidi::Direction::ltr : s_.direction);
    const float top = y_;
    for (Line& line : w.lines) {
      LaidLine laid;
      laid.y = y_ + line.y;
      laid.height = line.height;
      for (PlacedRun& pr : line.runs) {
        const TextRun& r = runs[static_cast<std::size_t>(pr.run)];
        if (r.tag < 0 || spans[static_cast<std::size_t>(r.tag)].hard_break) continue;
        laid.fragments.push_back({&spans[static_cast<std::size_t>(r.tag)], pr.begin, pr.end, r.font, x + pr.x, pr.width, std::move(pr.visual), pr.rtl});
      }
      out_.lines.push_back(std::move(laid));
    }
    y_ += w.height;
    return top;
  }

  // Vertical space works like CSS margins that do not add up: a block leaves a gap after
  // itself (pending_), and the next block starts after that gap, or after its own minimum
  // space above (headings), whichever is larger. Nothing is added before the first block, and
  // a container (quote, list) ends where its last content ends.
  void flush_gap(float above_ems = 0.f) {
    if (started_) y_ += std::max(pending_, above_ems) * s_.em;
    pending_ = 0.f;
    started_ = true;
  }

  // Records the extent of the block that begins now (see DocumentLayout::blocks): its top is
  // set by the first content placed in it (set_top), its bottom by close_block.
  std::size_t open_block() {
    out_.blocks.push_back({-1.f, 0.f, out_.lines.size(), out_.lines.size()});
    return out_.blocks.size() - 1;
  }
  void set_top(std::size_t index) {
    if (out_.blocks[index].top < 0) out_.blocks[index].top = y_;
  }
  void close_block(std::size_t index) {
    BlockExtent& e = out_.blocks[index];
    if (e.top < 0) e.top = index + 1 < out_.blocks.size() ? out_.blocks[index + 1].top : y_;  // a container: its first child's top
    if (e.top < 0) e.top = y_;
    e.bottom = std::max(e.top, y_);
    e.end_line = out_.lines.size();
  }

  void block(const Block& b, float x, float width, bool tight) {
    const std::size_t extent = open_block();
    place(b, x, width, tight, extent);
    close_block(extent);
  }

  void place(const Block& b, float x, float width, bool tight, std::size_t extent) {
    switch (b.kind) {
      case BlockKind::paragraph:
        flush_gap();
        set_top(extent);
        text(b.spans, s_.font_body, x, width);
        pending_ = tight ? s_.tight_item_gap : s_.paragraph_gap;
        break;
      case BlockKind::heading: {
        flush_gap(s_.heading_gap_above);
        set_top(extent);
        const int font = b.level <= 1 ? s_.font_heading1 : b.level == 2 ? s_.font_heading2 : s_.font_heading3;
        const float top = text(b.spans, font, x, width);
        out_.headings.push_back({b.level, plain_text(b.spans), top});
        pending_ = s_.heading_gap_below;
        break;
      }
      case BlockKind::quote: {
        flush_gap();
        set_top(extent);
        const float top = y_;
        const float indent = s_.quote_indent * s_.em;
        blocks(b.children, rtl() ? x : x + indent, width - indent, false);
        out_.decorations.push_back({DecorationKind::quote_bar, rtl() ? x + width - 3.f : x, top, 3.f, y_ - top, {}, {}, 0});
        pending_ = std::max(pending_, s_.paragraph_gap);
        break;
      }
      case BlockKind::list: {
        const float indent = s_.list_indent * s_.em;
        int number = b.start;
        for (const Block& item : b.children) {
          flush_gap();
          set_top(extent);
          const std::size_t item_extent = open_block();
          set_top(item_extent);
          Decoration marker;
          marker.kind = b.ordered ? DecorationKind::number : DecorationKind::bullet;
          marker.text = b.ordered ? std::to_string(number++) + "." : "\xE2\x80\xA2";  // U+2022
          if (rtl()) marker.text = bidi::visual_line(marker.text, bidi::Direction::rtl);  // "1." reads ".1"
          marker.font = s_.font_body;
          marker.w = m_.text_width(s_.font_body, marker.text);
          marker.x = rtl() ? x + width - indent + 0.4f * s_.em : x + indent - marker.w - 0.4f * s_.em;
          marker.y = y_;
          marker.h = m_.line_height(s_.font_body);
          const std::size_t first_line = out_.lines.size();
          const float item_top = y_;
          blocks(item.children, rtl() ? x : x + indent, width - indent, b.tight);
          if (first_line < out_.lines.size()) {  // align with the item's first line
            marker.y = out_.lines[first_line].y;
            marker.h = out_.lines[first_line].height;
          } else if (y_ == item_top) {  // an empty item still takes a (blank) line, for its marker
            out_.lines.push_back(LaidLine{y_, marker.h, {}});
            y_ += marker.h;
            pending_ = b.tight ? s_.tight_item_gap : s_.paragraph_gap;
          }
          out_.decorations.push_back(std::move(marker));
          close_block(item_extent);
        }
        // A list ends like a paragraph, unless it sits inside a tight list item itself.
        pending_ = tight ? s_.tight_item_gap : s_.paragraph_gap;
        break;
      }
      case BlockKind::list_item:
        blocks(b.children, x, width, tight);
        break;
      case BlockKind::code_block: {
        flush_gap();
        set_top(extent);
        // One span per source line, joined by hard breaks: the block keeps its own line breaks.
        auto& spans = code_spans_.emplace_back();
        std::size_t start = 0;
        while (start <= b.text.size()) {
          const std::size_t nl = b.text.find('\n', start);
          const std::size_t end = nl == std::string::npos ? b.text.size() : nl;
          spans.push_back({b.text.substr(start, end - start), kStyleCode, {}, false});
          if (nl == std::string::npos) break;
          spans.push_back({{}, kStylePlain, {}, true});
          start = nl + 1;
        }
        const float pad = s_.code_padding * s_.em;
        const float top = y_;
        y_ += pad;
        text(spans, s_.font_code, x + pad, width - 2 * pad, true);
        y_ += pad;
        out_.decorations.push_back({DecorationKind::code_background, x, top, width, y_ - top, {}, {}, 0});
        pending_ = s_.paragraph_gap;
        break;
      }
      case BlockKind::thematic_break:
        flush_gap();
        set_top(extent);
        out_.decorations.push_back({DecorationKind::rule, x, y_, width, 1.f, {}, {}, 0});
        y_ += 1.f;
        pending_ = s_.paragraph_gap;  // as much space below the rule as above it
        break;
      case BlockKind::image: {
        flush_gap();
        set_top(extent);
        const float aspect = s_.image_aspect ? s_.image_aspect(b.url) : 2.f / 3.f;
        const float h = width * (aspect > 0 ? aspect : 2.f / 3.f);
        out_.decorations.push_back({DecorationKind::image, x, y_, width, h, b.text, b.url, 0});
        y_ += h;
        if (!b.spans.empty()) {  // the caption
          y_ += 0.4f * s_.em;
          text(b.spans, s_.font_caption, x, width);
        }
        pending_ = s_.paragraph_gap;
        break;
      }
    }
  }

  const FontMetrics& m_;
  const DocumentStyle& s_;
  DocumentLayout& out_;
  float y_ = 0;
  float pending_ = 0;  // the gap (ems) the last block leaves before the next one
  bool started_ = false;

 public:
  std::vector<std::vector<Span>> code_spans_;  // code blocks' per-line spans, moved into the result
};

}  // namespace

DocumentLayout layout_document(const Document& doc, float width, const FontMetrics& metrics, const DocumentStyle& style) {
  DocumentLayout out;
  Layouter l(metrics, style, out);
  l.blocks(doc.blocks, 0, width, false);
  out.height = l.y();
  out.owned_spans = std::move(l.code_spans_);
  std::stable_sort(out.decorations.begin(), out.decorations.end(), [](const Decoration& a, const Decoration& b) { return a.y < b.y; });
  for (const Decoration& d : out.decorations) out.max_decoration_height = std::max(out.max_decoration_height, d.h);
  return out;
}

namespace {

// The `n`-th block of `blocks` in depth-first order (counting down `n`), or nullptr.
const Block* nth_block(const std::vector<Block>& blocks, std::size_t& n) {
  for (const Block& b : blocks) {
    if (n == 0) return &b;
    --n;
    if (const Block* inner = nth_block(b.children, n)) return inner;
  }
  return nullptr;
}

std::size_t utf16_length(std::string_view utf8, std::size_t bytes) {
  std::size_t units = 0;
  for (std::size_t i = 0; i < bytes && i < utf8.size(); ++i) {
    const auto c = static_cast<unsigned char>(utf8[i]);
    if ((c & 0xC0) != 0x80) units += c >= 0xF0 ? 2 : 1;  // a sequence's first byte; four bytes are a surrogate pair
  }
  return units;
}

}  // namespace

std::size_t DocumentLayout::line_of(const Document& doc, std::size_t index, std::size_t utf16_offset) const {
  if (index >= blocks.size()) return 0;
  const BlockExtent& extent = blocks[index];
  std::size_t n = index;
  const Block* block = nth_block(doc.blocks, n);
  if (!block || block->spans.empty() || extent.first_line >= extent.end_line) return extent.first_line;
  // Where each span's text begins in the block's text.
  std::vector<std::size_t> starts;
  std::size_t total = 0;
  for (const Span& s : block->spans) {
    starts.push_back(total);
    total += s.hard_break ? 0 : utf16_length(s.text, s.text.size());
  }
  std::size_t found = extent.first_line;
  for (std::size_t l = extent.first_line; l < extent.end_line; ++l) {
    const LaidLine& line = lines[l];
    if (line.fragments.empty()) continue;
    // The line's first character in logical order: its fragments are in visual order.
    std::size_t first = static_cast<std::size_t>(-1);
    for (const LineFragment& f : line.fragments) {
      if (f.span < block->spans.data() || f.span >= block->spans.data() + block->spans.size()) continue;
      const std::size_t k = static_cast<std::size_t>(f.span - block->spans.data());
      first = std::min(first, starts[k] + utf16_length(f.span->text, f.begin));
    }
    if (first == static_cast<std::size_t>(-1)) continue;
    if (first > utf16_offset) break;
    found = l;
  }
  return found;
}

std::pair<std::size_t, std::size_t> DocumentLayout::visible_lines(float top, float bottom) const {
  const auto first = std::lower_bound(lines.begin(), lines.end(), top, [](const LaidLine& l, float t) { return l.y + l.height <= t; });
  const auto last = std::lower_bound(first, lines.end(), bottom, [](const LaidLine& l, float b) { return l.y < b; });
  return {static_cast<std::size_t>(first - lines.begin()), static_cast<std::size_t>(last - lines.begin())};
}

std::pair<std::size_t, std::size_t> DocumentLayout::visible_decorations(float top, float bottom) const {
  // Sorted by top: anything starting above top - max height has ended before top.
  const float from = top - max_decoration_height;
  const auto first = std::lower_bound(decorations.begin(), decorations.end(), from, [](const Decoration& d, float t) { return d.y < t; });
  const auto last = std::lower_bound(first, decorations.end(), bottom, [](const Decoration& d, float b) { return d.y < b; });
  return {static_cast<std::size_t>(first - decorations.begin()), static_cast<std::size_t>(last - decorations.begin())};
}

int DocumentLayout::heading_at(float y) const {
  const auto it = std::upper_bound(headings.begin(), headings.end(), y, [](float v, const HeadingAnchor& h) { return v < h.y; });
  return static_cast<int>(it - headings.begin()) - 1;
}

}  // namespace reader::core
