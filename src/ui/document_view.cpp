// Document drawing (see document_view.h).
#include "document_view.h"

#include <algorithm>
#include <cmath>

#include "core/links.h"

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

}  // namespace

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

  const bool window_hovered = ImGui::IsWindowHovered();
  const auto [l0, l1] = layout.visible_lines(top, bottom);
  for (std::size_t li = l0; li < l1; ++li) {
    const core::LaidLine& line = layout.lines[li];
    // Half-leading as in CSS: the line's glyph box (max ascent + max descent) is centred in it.
    float ascent = 0, descent = 0;
    for (const core::LineFragment& f : line.fragments) {
      const ImFont* font = ctx.fonts.get(static_cast<FontRole>(f.font));
      ascent = std::max(ascent, font->Ascent * scale);
      descent = std::max(descent, -font->Descent * scale);
    }
    const float line_top = origin.y + line.y;
    const float baseline = std::round(line_top + (line.height - ascent - descent) * 0.5f + ascent);
    for (const core::LineFragment& f : line.fragments) {
      ImFont* font = ctx.fonts.get(static_cast<FontRole>(f.font));
      const core::Span& span = *f.span;
      const ImVec2 pos(std::floor(origin.x + f.x), std::floor(baseline - font->Ascent * scale));
      ImU32 col = f.font == kFontHeading1 || f.font == kFontHeading2 || f.font == kFontHeading3 ? t.heading
                  : f.font == kFontCaption ? t.text_muted : t.text;
      if (span.style & core::kStyleCode)
        dl->AddRectFilled(ImVec2(pos.x - 2, line_top + 2), ImVec2(pos.x + f.width + 2, line_top + line.height - 2), t.code_bg, 3.f);
      if ((span.style & core::kStyleLink) && core::is_allowed_link(span.url)) {
        const ImVec2 a(origin.x + f.x, line_top), b(origin.x + f.x + f.width, line_top + line.height);
        const bool hovered = window_hovered && ImGui::IsMouseHoveringRect(a, b);
        const bool pressed = hovered && ImGui::IsMouseDown(ImGuiMouseButton_Left) && ImGui::GetIO().MouseDragMaxDistanceSqr[0] < 100.f;
        col = hovered ? t.link_hover : t.link;
        if (pressed) dl->AddRectFilled(a, b, t.selected, 3.f);
        underline(dl, a.x, b.x, baseline + 2.f, col, hovered ? 2.f : 1.f);
        if (hovered) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
        add_hit_target(ctx.targets, "link:", span.url, std::string_view(span.text).substr(f.begin, f.end - f.begin), a.x, a.y, b.x - a.x, b.y - a.y);
      }
      const std::string_view glyphs = f.text();  // shaped and in visual order on bidi lines
      dl->AddText(font, font->FontSize * scale, pos, col, glyphs.data(), glyphs.data() + glyphs.size());
    }
  }
}

}  // namespace reader::ui
