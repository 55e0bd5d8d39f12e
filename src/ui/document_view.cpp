// Document drawing (see document_view.h).
#include "document_view.h"

#include <algorithm>
#include <cmath>

namespace reader::ui {

core::DocumentStyle document_style(const FontSet& fonts, std::function<float(std::string_view)> image_aspect) {
  core::DocumentStyle s;
  s.font_body = kFontBody;
  s.font_bold = kFontBodyBold;
  s.font_italic = kFontBodyItalic;
  s.font_bold_italic = kFontBodyBoldItalic;
  s.font_heading1 = kFontHeading1;
  s.font_heading2 = kFontHeading2;
  s.font_heading3 = kFontHeading3;
  s.font_code = kFontBody;
  s.font_caption = kFontCaption;
  s.em = fonts.size(kFontBody);
  s.image_aspect = std::move(image_aspect);
  return s;
}

namespace {

void draw_decoration(const core::Decoration& d, const DocumentDrawContext& ctx, ImVec2 o, ImDrawList* dl) {
  const Theme& t = ctx.theme;
  const ImVec2 a(o.x + d.x, o.y + d.y), b(o.x + d.x + d.w, o.y + d.y + d.h);
  switch (d.kind) {
    case core::DecorationKind::bullet:
    case core::DecorationKind::number: {
      ImFont* f = ctx.fonts.get(static_cast<FontRole>(d.font));
      const float size = f->FontSize * ImGui::GetIO().FontGlobalScale;
      dl->AddText(f, size, ImVec2(std::floor(a.x), std::floor(a.y + (d.h - size) * 0.5f)), t.text_muted, d.text.c_str());
      break;
    }
    case core::DecorationKind::quote_bar: dl->AddRectFilled(a, b, t.quote_bar); break;
    case core::DecorationKind::rule: dl->AddRectFilled(a, b, t.rule); break;
    case core::DecorationKind::code_background: dl->AddRectFilled(a, b, t.code_bg, 4.f); break;
    case core::DecorationKind::image: {
      const ImageTexture* tex = ctx.image ? ctx.image(d.src) : nullptr;
      if (tex && tex->texture) {
        dl->AddImageRounded(tex->texture, a, b, ImVec2(0, 0), ImVec2(1, 1), IM_COL32_WHITE, 4.f);
      } else {  // placeholder of the image's size, with its alt text
        dl->AddRectFilled(a, b, t.surface, 4.f);
        dl->AddRect(a, b, t.rule, 4.f);
        ImFont* f = ctx.fonts.get(kFontCaption);
        const float size = f->FontSize * ImGui::GetIO().FontGlobalScale;
        dl->PushClipRect(a, b, true);
        dl->AddText(f, size, ImVec2(a.x + 12, a.y + 10), t.text_muted, d.text.c_str());
        dl->PopClipRect();
        ctx.wanted_images.push_back(d.src);
      }
      add_hit_target(ctx.targets, "image:", d.src, d.text, a.x, a.y, d.w, d.h);
      break;
    }
  }
}

// A line's baseline in document coordinates, in whole pixels. Half-leading as in CSS: the
// line's glyph box (max ascent + max descent) is centred in it.
float line_baseline(const core::LaidLine& line, const FontSet& fonts, float scale) {
  float ascent = 0, descent = 0;
  for (const core::LineFragment& f : line.fragments) {
    const ImFont* font = fonts.get(static_cast<FontRole>(f.font));
    ascent = std::max(ascent, font->Ascent * scale);
    descent = std::max(descent, -font->Descent * scale);
  }
  return std::round(line.y + (line.height - ascent - descent) * 0.5f + ascent);
}

// The parser keeps a link's style only on allowed links (core/markdown.cpp, is_allowed_link);
// a tap on one checks again (App::on_tap, then the platform).
bool is_link(const core::Span& span) { return (span.style & core::kStyleLink) && !span.url.empty(); }

// Where links are and whether the pointer can be over them (draw_glyphs, for links' glyphs).
struct LinkHover {
  ImVec2 origin;  // the document's top-left on screen
  bool window_hovered;
  std::pair<ImVec2, ImVec2> rect(const core::LineFragment& f, const core::LaidLine& line) const {
    return {ImVec2(origin.x + f.x, origin.y + line.y), ImVec2(origin.x + f.x + f.width, origin.y + line.y + line.height)};
  }
  bool over(const core::LineFragment& f, const core::LaidLine& line) const {
    const auto [a, b] = rect(f, line);
    return window_hovered && ImGui::IsMouseHoveringRect(a, b);
  }
};

// The glyphs of `line`: the links' ones (`links` given) or all the others. The document's top
// is at `top` and its left edge at `left` (whole pixels).
void draw_glyphs(ImDrawList* dl, const core::LaidLine& line, const DocumentDrawContext& ctx, float left, float top, const LinkHover* links) {
  const float scale = ImGui::GetIO().FontGlobalScale;
  const Theme& t = ctx.theme;
  const float baseline = line_baseline(line, ctx.fonts, scale);
  for (const core::LineFragment& f : line.fragments) {
    const core::Span& span = *f.span;
    if (is_link(span) != (links != nullptr)) continue;
    ImFont* font = ctx.fonts.get(static_cast<FontRole>(f.font));
    const ImVec2 pos(std::floor(left + f.x), top + std::floor(baseline - font->Ascent * scale));
    ImU32 col = f.font == kFontHeading1 || f.font == kFontHeading2 || f.font == kFontHeading3 ? t.heading
                : f.font == kFontCaption ? t.text_muted : t.text;
    if (links) col = links->over(f, line) ? t.link_hover : t.link;
    const std::string_view glyphs = f.text();  // shaped and in visual order on bidi lines
    dl->AddText(font, font->FontSize * scale, pos, col, glyphs.data(), glyphs.data() + glyphs.size());
  }
}

}  // namespace

TextChunks::Chunk& TextChunks::build(std::size_t index, const core::DocumentLayout& layout, const DocumentDrawContext& ctx, float left) {
  Chunk ch;
  ch.index = index;
  const std::size_t first = index * kLines, last = std::min(layout.lines.size(), first + kLines);
  ch.top = std::floor(layout.lines[first].y);
  if (!scratch_ || scratch_->_Data != ImGui::GetDrawListSharedData()) scratch_ = std::make_unique<ImDrawList>(ImGui::GetDrawListSharedData());
  ImDrawList& s = *scratch_;
  s._ResetForNewFrame();
  const ImTextureID texture = ImGui::GetIO().Fonts->TexID;
  s.PushClipRect(ImVec2(-1e7f, -1e7f), ImVec2(1e7f, 1e7f));  // nothing culled: the renderer clips
  s.PushTextureID(texture);
  for (std::size_t li = first; li < last; ++li) draw_glyphs(&s, layout.lines[li], ctx, left, -ch.top, nullptr);
  if (s.CmdBuffer.Size == 1 && s.VtxBuffer.Size < (1 << 16)) {
    ch.geometry = std::make_unique<platform::RetainedGeometry>();
    ch.geometry->id = platform::next_retained_id();
    ch.geometry->texture = texture;
    ch.geometry->vertices.assign(s.VtxBuffer.Data, s.VtxBuffer.Data + s.VtxBuffer.Size);
    ch.geometry->indices.assign(s.IdxBuffer.Data, s.IdxBuffer.Data + s.IdxBuffer.Size);
  }
  s.PopTextureID();
  s.PopClipRect();
  ++built_;
  chunks_.push_back(std::move(ch));
  return chunks_.back();
}

void TextChunks::draw(const core::DocumentLayout& layout, const DocumentDrawContext& ctx, ImVec2 origin, std::size_t l0, std::size_t l1, ImDrawList* dl) {
  if (l0 >= l1) return;
  const ImGuiIO& io = ImGui::GetIO();
  const Theme& t = ctx.theme;
  const double key_parts[] = {static_cast<double>(reinterpret_cast<std::uintptr_t>(&layout)), static_cast<double>(layout.lines.size()),
                              layout.height, origin.x, static_cast<double>(ctx.fonts.generation()), io.FontGlobalScale,
                              static_cast<double>(t.text), static_cast<double>(t.heading), static_cast<double>(t.text_muted),
                              static_cast<double>(reinterpret_cast<std::uintptr_t>(io.Fonts->TexID))};
  KeyHash key;
  key.bytes(key_parts, sizeof key_parts);
  if (key.h != key_) {
    chunks_.clear();
    key_ = key.h;
  }
  ++frame_;
  for (std::size_t index = l0 / kLines; index * kLines < l1; ++index) {
    Chunk* ch = nullptr;
    for (Chunk& c : chunks_)
      if (c.index == index) ch = &c;
    if (!ch) ch = &build(index, layout, ctx, origin.x);
    ch->used = frame_;
    if (!ch->geometry) {
      for (std::size_t li = std::max(l0, index * kLines); li < std::min(l1, index * kLines + kLines); ++li)
        draw_glyphs(dl, layout.lines[li], ctx, origin.x, origin.y, nullptr);
      continue;
    }
    ch->geometry->offset = ImVec2(0.f, origin.y + ch->top);
    platform::add_retained(dl, *ch->geometry);
    ++drawn_;
  }
  while (chunks_.size() > kKeep) {
    auto oldest = std::min_element(chunks_.begin(), chunks_.end(), [](const Chunk& a, const Chunk& c) { return a.used < c.used; });
    if (oldest->used == frame_) break;
    chunks_.erase(oldest);
  }
}

void draw_document(const core::DocumentLayout& layout, const DocumentDrawContext& ctx, ImVec2 origin, float width) {
  ImGui::SetCursorScreenPos(origin);
  ImGui::Dummy(ImVec2(width, layout.height));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float top = dl->GetClipRectMin().y - origin.y, bottom = dl->GetClipRectMax().y - origin.y;
  if (bottom < 0 || top > layout.height) return;
  const float scale = ImGui::GetIO().FontGlobalScale;
  const Theme& t = ctx.theme;

  const auto [d0, d1] = layout.visible_decorations(top, bottom);
  for (std::size_t i = d0; i < d1; ++i) {
    const core::Decoration& d = layout.decorations[i];
    if (d.y + d.h >= top && d.y <= bottom) draw_decoration(d, ctx, origin, dl);
  }

  // Under and along the glyphs: code backgrounds, links' pressed state, underlines, targets.
  const LinkHover hover{origin, ImGui::IsWindowHovered()};
  const auto [l0, l1] = layout.visible_lines(top, bottom);
  bool any_link = false;
  for (std::size_t li = l0; li < l1; ++li) {
    const core::LaidLine& line = layout.lines[li];
    const float line_top = origin.y + line.y;
    for (const core::LineFragment& f : line.fragments) {
      const core::Span& span = *f.span;
      if (span.style & core::kStyleCode) {
        const float x = std::floor(origin.x + f.x);
        dl->AddRectFilled(ImVec2(x - 2, line_top + 2), ImVec2(x + f.width + 2, line_top + line.height - 2), t.code_bg, 3.f);
      }
      if (!is_link(span)) continue;
      any_link = true;
      const auto [a, b] = hover.rect(f, line);
      const bool over = hover.over(f, line);
      const bool pressed = over && ImGui::IsMouseDown(ImGuiMouseButton_Left) && ImGui::GetIO().MouseDragMaxDistanceSqr[0] < 100.f;
      if (pressed) dl->AddRectFilled(a, b, t.selected, 3.f);
      underline(dl, a.x, b.x, origin.y + line_baseline(line, ctx.fonts, scale) + 2.f, over ? t.link_hover : t.link, over ? 2.f : 1.f);
      if (over) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
      add_hit_target(ctx.targets, "link:", span.url, std::string_view(span.text).substr(f.begin, f.end - f.begin), a.x, a.y, b.x - a.x, b.y - a.y);
    }
  }

  // The glyphs: kept between frames, or drawn now; links' last.
  if (ctx.chunks) {
    ctx.chunks->draw(layout, ctx, origin, l0, l1, dl);
  } else {
    for (std::size_t li = l0; li < l1; ++li) draw_glyphs(dl, layout.lines[li], ctx, origin.x, origin.y, nullptr);
  }
  if (any_link)
    for (std::size_t li = l0; li < l1; ++li) draw_glyphs(dl, layout.lines[li], ctx, origin.x, origin.y, &hover);
}

}  // namespace reader::ui
