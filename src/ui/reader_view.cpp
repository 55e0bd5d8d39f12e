// The reader's ImGui views (see reader_view.h).
//
// Index of this file
// [SECTION] Rich text: wrapping through the core layout engine, drawing visible lines only
// [SECTION] Header: organisation, language switch, content problems
// [SECTION] Section navigation
// [SECTION] Article list
// [SECTION] Article
// [SECTION] Content problems panel
// [SECTION] Frame layout (wide and narrow screens)
#include "reader_view.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "core/i18n.h"
#include "core/links.h"

namespace reader::ui {

namespace {

using core::tr;

constexpr float kWideLayout = 760.f;     // CSS px: below this, navigation becomes a panel
constexpr float kSidebarWidth = 290.f;
constexpr float kReadingWidth = 680.f;   // about 70 characters of body text per line
constexpr float kHeaderHeight = 56.f;

struct Ctx {
  const ViewInput& in;
  ViewState& st;
  ViewOutput& out;
  FontSetMetrics metrics;
  float scale;  // FontGlobalScale: glyph units to CSS px
  float text_scale;
  bool tight = false;  // inside a tight list: paragraphs get item spacing, not paragraph spacing
};

void add_target(Ctx& c, std::string id, std::string label) {
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  c.out.targets.push_back({std::move(id), std::move(label), a.x, a.y, b.x - a.x, b.y - a.y});
}

float font_px(const Ctx& c, FontRole role) { return c.in.fonts.get(role)->FontSize * c.scale; }

// A click that was not a drag (touch scrolling must not activate what it started on).
bool released_without_drag() {
  const ImGuiIO& io = ImGui::GetIO();
  return ImGui::IsMouseReleased(ImGuiMouseButton_Left) && io.MouseDragMaxDistanceSqr[0] < 10.f * 10.f;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Rich text
// ---------------------------------------------------------------------------------------------

FontRole font_for(std::uint8_t style, FontRole base) {
  const bool strong = style & core::kStyleStrong, emph = style & core::kStyleEmphasis;
  if (base != kFontBody) return base;  // headings and summaries keep their face
  if (strong && emph) return kFontBodyBoldItalic;
  if (strong) return kFontBodyBold;
  if (emph) return kFontBodyItalic;
  return kFontBody;
}

const core::WrappedText& wrap_spans(Ctx& c, const std::vector<core::Span>& spans, FontRole base, float width) {
  ViewState::CachedText& ct = c.st.text_cache[&spans];
  if (ct.width == width && ct.base_font == base && ct.font_generation == c.in.fonts.generation()) return ct.wrapped;
  ct.runs.clear();
  for (std::size_t i = 0; i < spans.size(); ++i) {
    const core::Span& s = spans[i];
    ct.runs.push_back({s.hard_break ? std::string_view("\n") : std::string_view(s.text), font_for(s.style, base), static_cast<int>(i)});
  }
  ct.wrapped = core::wrap_text(ct.runs, width, c.metrics);
  ct.width = width;
  ct.base_font = base;
  ct.font_generation = c.in.fonts.generation();
  return ct.wrapped;
}

// Draws spans wrapped to `width` at the cursor and advances it. Only visible lines are drawn.
void draw_spans(Ctx& c, const std::vector<core::Span>& spans, FontRole base, float width, ImU32 color) {
  const core::WrappedText& w = wrap_spans(c, spans, base, width);
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::Dummy(ImVec2(width, w.height));
  if (!ImGui::IsItemVisible()) return;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 clip_min = dl->GetClipRectMin(), clip_max = dl->GetClipRectMax();
  const ViewState::CachedText& ct = c.st.text_cache[&spans];
  for (const core::Line& line : w.lines) {
    const float top = origin.y + line.y;
    if (top > clip_max.y || top + line.height < clip_min.y) continue;
    // Half-leading as in CSS: the line's glyph box (max ascent + max descent) is centred in it.
    float ascent = 0, descent = 0;
    for (const core::PlacedRun& pr : line.runs) {
      const ImFont* f = c.in.fonts.get(static_cast<FontRole>(ct.runs[static_cast<std::size_t>(pr.run)].font));
      ascent = std::max(ascent, f->Ascent * c.scale);
      descent = std::max(descent, -f->Descent * c.scale);
    }
    const float baseline = std::round(top + (line.height - ascent - descent) * 0.5f + ascent);
    for (const core::PlacedRun& pr : line.runs) {
      const core::TextRun& run = ct.runs[static_cast<std::size_t>(pr.run)];
      const core::Span& span = spans[static_cast<std::size_t>(run.tag)];
      if (span.hard_break) continue;
      ImFont* font = c.in.fonts.get(static_cast<FontRole>(run.font));
      const float size = font->FontSize * c.scale;
      const ImVec2 pos(std::floor(origin.x + pr.x), std::floor(baseline - font->Ascent * c.scale));
      ImU32 col = color;
      if (span.style & core::kStyleCode)
        dl->AddRectFilled(ImVec2(pos.x - 2, top + 2), ImVec2(pos.x + pr.width + 2, top + line.height - 2), c.in.theme.code_bg, 3.f);
      if (span.style & core::kStyleLink) {
        const ImVec2 a(origin.x + pr.x, top), b(origin.x + pr.x + pr.width, top + line.height);
        const bool hovered = ImGui::IsWindowHovered() && ImGui::IsMouseHoveringRect(a, b);
        col = hovered ? c.in.theme.link_hover : c.in.theme.link;
        dl->AddLine(ImVec2(a.x, baseline + 2.f), ImVec2(b.x, baseline + 2.f), col, hovered ? 2.f : 1.f);
        if (hovered) {
          ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
        }
        c.out.targets.push_back({"link:" + span.url, std::string(run.text.substr(pr.begin, pr.end - pr.begin)), a.x, a.y, b.x - a.x, b.y - a.y});
      }
      dl->AddText(font, size, pos, col, run.text.data() + pr.begin, run.text.data() + pr.end);
    }
  }
}

// A single plain string, wrapped (titles, summaries, labels).
void draw_text(Ctx& c, const std::string& text, FontRole role, float width, ImU32 color) {
  // Keyed by content: the node (and so the span vector the layout cache points at) is stable.
  std::vector<core::Span>& spans = c.st.plain_spans[text];
  if (spans.empty()) spans = {core::Span{text, core::kStylePlain, {}, false}};
  draw_spans(c, spans, role, width, color);
}

void vspace(float px) { ImGui::Dummy(ImVec2(1, px)); }

// ---------------------------------------------------------------------------------------------
// [SECTION] Header
// ---------------------------------------------------------------------------------------------

bool pill_button(Ctx& c, const char* label, bool selected, ImVec2 size = ImVec2(0, 0)) {
  const Theme& t = c.in.theme;
  ImGui::PushStyleColor(ImGuiCol_Button, selected ? t.accent : t.surface);
  ImGui::PushStyleColor(ImGuiCol_ButtonHovered, selected ? t.accent : t.rule);
  ImGui::PushStyleColor(ImGuiCol_Text, selected ? t.accent_text : t.text);
  ImGui::PushFont(c.in.fonts.get(selected ? kFontUiBold : kFontUi));
  ImGui::Button(label, size);
  ImGui::PopFont();
  ImGui::PopStyleColor(3);
  return ImGui::IsItemHovered() && released_without_drag();
}

void draw_header(Ctx& c, float width, bool wide) {
  const core::Site& site = c.in.library.site;
  const Theme& t = c.in.theme;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float h = kHeaderHeight * c.text_scale;
  dl->AddRectFilled(p, ImVec2(p.x + width, p.y + h), t.surface);
  dl->AddLine(ImVec2(p.x, p.y + h - 1), ImVec2(p.x + width, p.y + h - 1), t.rule);

  // Language switch, right-aligned: EN FR ES (+ content problems when there are any).
  std::vector<std::string> codes;
  for (const core::Language& l : site.languages) {
    std::string upper = l.code;
    std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char ch) { return static_cast<char>(std::toupper(ch)); });
    codes.push_back(upper);
  }
  const ImGuiStyle& style = ImGui::GetStyle();
  ImGui::PushFont(c.in.fonts.get(kFontUiBold));
  float switch_w = 0;
  for (const std::string& code : codes) switch_w += ImGui::CalcTextSize(code.c_str()).x + style.FramePadding.x * 2 + style.ItemSpacing.x;
  ImGui::PopFont();
  std::string problems;
  if (!c.in.library.issues.empty()) {
    problems = "! " + core::format(tr(site, c.in.language, "errors.summary"), {{"n", std::to_string(c.in.library.issues.size())}});
    if (!wide) problems = "! " + std::to_string(c.in.library.issues.size());
    switch_w += ImGui::CalcTextSize(problems.c_str()).x + style.FramePadding.x * 2 + style.ItemSpacing.x;
  }

  // Organisation: full name when it fits, else the short name.
  const float name_room = width - switch_w - 32.f - (wide ? 0.f : 110.f * c.text_scale);
  const std::string& full = site.organisation.pick(c.in.language, site.default_language);
  const std::string& short_name = site.short_name.pick(c.in.language, site.default_language);
  ImGui::PushFont(c.in.fonts.get(kFontUiBold));
  const std::string& name = ImGui::CalcTextSize(full.c_str()).x <= name_room || short_name.empty() ? full : short_name;
  const float text_h = ImGui::GetTextLineHeight();
  const float button_h = text_h + style.FramePadding.y * 2;
  float x = p.x + 16.f;
  if (!wide) {  // the section menu toggle
    ImGui::SetCursorScreenPos(ImVec2(x, p.y + (h - button_h) * 0.5f));
    ImGui::PopFont();
    const std::string label = tr(site, c.in.language, "nav.sections");
    if (pill_button(c, label.c_str(), c.st.nav_open)) c.st.nav_open = !c.st.nav_open;
    add_target(c, "nav-toggle", label);
    ImGui::PushFont(c.in.fonts.get(kFontUiBold));
    x = ImGui::GetItemRectMax().x + 12.f;
  }
  dl->AddText(ImVec2(x, p.y + (h - text_h) * 0.5f), t.heading, name.c_str());
  ImGui::PopFont();

  float bx = p.x + width - switch_w - 8.f;
  const float by = p.y + (h - button_h) * 0.5f;
  for (std::size_t i = 0; i < codes.size(); ++i) {
    ImGui::SetCursorScreenPos(ImVec2(bx, by));
    const std::string& code = site.languages[i].code;
    ImGui::PushID(code.c_str());
    if (pill_button(c, codes[i].c_str(), code == c.in.language)) c.out.language = code;
    ImGui::PopID();
    add_target(c, "lang:" + code, site.languages[i].name);
    bx = ImGui::GetItemRectMax().x + style.ItemSpacing.x;
  }
  if (!problems.empty()) {
    ImGui::SetCursorScreenPos(ImVec2(bx, by));
    ImGui::PushStyleColor(ImGuiCol_Text, t.error_text);
    if (ImGui::Button(problems.c_str()) ) c.st.errors_open = true;
    ImGui::PopStyleColor();
    add_target(c, "errors", problems);
  }
  ImGui::SetCursorScreenPos(ImVec2(p.x, p.y + h));
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Section navigation
// ---------------------------------------------------------------------------------------------

void draw_section_node(Ctx& c, int index, int current) {
  const core::Site& site = c.in.library.site;
  const core::Section& s = site.sections[static_cast<std::size_t>(index)];
  const std::string& label = s.label.pick(c.in.language, site.default_language);
  ImGuiTreeNodeFlags flags = ImGuiTreeNodeFlags_OpenOnArrow | ImGuiTreeNodeFlags_SpanAvailWidth | ImGuiTreeNodeFlags_FramePadding;
  if (s.children.empty()) flags |= ImGuiTreeNodeFlags_Leaf | ImGuiTreeNodeFlags_NoTreePushOnOpen;
  if (index == current) flags |= ImGuiTreeNodeFlags_Selected;
  if (current >= 0 && c.st.expanded_for != c.in.section && site.is_within(current, index))
    ImGui::SetNextItemOpen(true);
  ImGui::PushID(s.id.c_str());
  const bool open = ImGui::TreeNodeEx("##node", flags, "%s", label.c_str());
  if (ImGui::IsItemHovered() && released_without_drag() && !ImGui::IsItemToggledOpen()) {
    c.out.section = s.id;
    c.st.nav_open = false;
  }
  add_target(c, "section:" + s.id, label);
  ImGui::PopID();
  if (open && !s.children.empty()) {
    for (int child : s.children) draw_section_node(c, child, current);
    ImGui::TreePop();
  }
}

void draw_navigation(Ctx& c) {
  const core::Site& site = c.in.library.site;
  const int current = site.find_section(c.in.section);
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(8, 7));
  ImGui::PushFont(c.in.fonts.get(kFontUiBold));
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(c.in.theme.text_muted), "%s", tr(site, c.in.language, "nav.sections").c_str());
  ImGui::PopFont();
  ImGui::PushFont(c.in.fonts.get(kFontUi));
  const std::string home = tr(site, c.in.language, "list.latest");
  ImGuiTreeNodeFlags flags = ImGuiTreeNodeFlags_Leaf | ImGuiTreeNodeFlags_NoTreePushOnOpen | ImGuiTreeNodeFlags_SpanAvailWidth | ImGuiTreeNodeFlags_FramePadding;
  if (c.in.section.empty()) flags |= ImGuiTreeNodeFlags_Selected;
  ImGui::TreeNodeEx("##home", flags, "%s", home.c_str());
  if (ImGui::IsItemHovered() && released_without_drag()) { c.out.section = std::string(); c.st.nav_open = false; }
  add_target(c, "section:", home);
  for (std::size_t i = 0; i < site.sections.size(); ++i)
    if (site.sections[i].parent < 0) draw_section_node(c, static_cast<int>(i), current);
  c.st.expanded_for = std::string(c.in.section);
  ImGui::PopFont();
  ImGui::PopStyleVar();
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Article list
// ---------------------------------------------------------------------------------------------

void draw_article_card(Ctx& c, const core::Article& a, float width) {
  const core::Site& site = c.in.library.site;
  const core::ChosenTranslation tr_ = core::choose_translation(a, c.in.language, site);
  if (!tr_.translation) return;
  const Theme& t = c.in.theme;
  const float pad = 14.f;
  const float inner = width - 2 * pad;
  ImGui::PushID(a.id.c_str());
  const ImVec2 start = ImGui::GetCursorScreenPos();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->ChannelsSplit(2);
  dl->ChannelsSetCurrent(1);
  ImGui::SetCursorScreenPos(ImVec2(start.x + pad, start.y + pad));
  ImGui::BeginGroup();
  draw_text(c, tr_.translation->title, kFontHeading3, inner, t.heading);
  vspace(4);
  std::string meta = core::format_date(a.date, c.in.language);
  const int sec = a.section_index;
  if (sec >= 0) meta += "  ·  " + site.sections[static_cast<std::size_t>(sec)].label.pick(c.in.language, site.default_language);
  if (tr_.fallback) meta += "  ·  " + core::language_name(site, tr_.language);
  ImGui::PushFont(c.in.fonts.get(kFontSmall));
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(t.text_muted), "%s", meta.c_str());
  ImGui::PopFont();
  vspace(6);
  if (!tr_.translation->summary.empty()) draw_text(c, tr_.translation->summary, kFontBody, inner, t.text);
  ImGui::EndGroup();
  const float bottom = ImGui::GetItemRectMax().y + pad;
  ImGui::SetCursorScreenPos(start);
  ImGui::InvisibleButton("card", ImVec2(width, bottom - start.y));
  const bool hovered = ImGui::IsItemHovered();
  dl->ChannelsSetCurrent(0);
  dl->AddRectFilled(start, ImVec2(start.x + width, bottom), hovered ? t.surface : t.background, 6.f);
  dl->AddLine(ImVec2(start.x + pad, bottom), ImVec2(start.x + width - pad, bottom), t.rule);
  dl->ChannelsMerge();
  if (hovered) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
  if (hovered && released_without_drag()) c.out.article = a.id;
  add_target(c, "article:" + a.id, tr_.translation->title);
  ImGui::PopID();
}

void draw_list(Ctx& c, float width) {
  const core::Site& site = c.in.library.site;
  const Theme& t = c.in.theme;
  const int sec = site.find_section(c.in.section);
  const std::string heading = sec >= 0 ? site.sections[static_cast<std::size_t>(sec)].label.pick(c.in.language, site.default_language)
                                       : tr(site, c.in.language, "list.latest");
  vspace(24);
  draw_text(c, heading, kFontTitle, width, t.heading);
  if (sec >= 0) {
    const std::string& desc = site.sections[static_cast<std::size_t>(sec)].description.pick(c.in.language, site.default_language);
    if (!desc.empty()) { vspace(6); draw_text(c, desc, kFontBody, width, t.text_muted); }
  }
  const std::vector<const core::Article*> articles = c.in.library.articles_in(c.in.section);
  vspace(6);
  ImGui::PushFont(c.in.fonts.get(kFontSmall));
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(t.text_muted), "%s",
                     core::format(tr(site, c.in.language, "list.count"), {{"n", std::to_string(articles.size())}}).c_str());
  ImGui::PopFont();
  vspace(10);
  if (articles.empty()) {
    draw_text(c, tr(site, c.in.language, "list.empty"), kFontBody, width, t.text_muted);
    return;
  }
  for (const core::Article* a : articles) draw_article_card(c, *a, width);
  vspace(32);
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Article
// ---------------------------------------------------------------------------------------------

void draw_blocks(Ctx& c, const std::vector<core::Block>& blocks, float width);

void draw_block(Ctx& c, const core::Block& b, float width) {
  const Theme& t = c.in.theme;
  const float em = font_px(c, kFontBody);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  switch (b.kind) {
    case core::BlockKind::paragraph:
      draw_spans(c, b.spans, kFontBody, width, t.text);
      vspace(em * (c.tight ? 0.2f : 0.75f));
      break;
    case core::BlockKind::heading: {
      const FontRole role = b.level <= 2 ? kFontHeading2 : kFontHeading3;
      vspace(em * 0.6f);
      draw_spans(c, b.spans, role, width, t.heading);
      vspace(em * 0.35f);
      break;
    }
    case core::BlockKind::quote: {
      const ImVec2 top = ImGui::GetCursorScreenPos();
      const float indent = em * 1.2f;
      ImGui::Indent(indent);
      draw_blocks(c, b.children, width - indent);
      ImGui::Unindent(indent);
      const float bottom = ImGui::GetCursorScreenPos().y - em * 0.75f;
      dl->AddRectFilled(ImVec2(top.x, top.y), ImVec2(top.x + 3.f, bottom), t.quote_bar);
      break;
    }
    case core::BlockKind::list: {
      const float indent = em * 1.6f;
      int number = b.start;
      const bool was_tight = c.tight;
      c.tight = b.tight;
      for (const core::Block& item : b.children) {
        const ImVec2 at = ImGui::GetCursorScreenPos();
        const std::string marker = b.ordered ? std::to_string(number++) + "." : "\xE2\x80\xA2";  // U+2022 bullet
        ImFont* f = c.in.fonts.get(kFontBody);
        const float mw = c.metrics.text_width(kFontBody, marker);
        const float line_h = c.metrics.line_height(kFontBody);
        dl->AddText(f, font_px(c, kFontBody), ImVec2(std::floor(at.x + indent - mw - em * 0.4f), std::floor(at.y + (line_h - font_px(c, kFontBody)) * 0.5f - font_px(c, kFontBody) * 0.05f)), t.text_muted, marker.c_str());
        ImGui::Indent(indent);
        draw_blocks(c, item.children, width - indent);
        ImGui::Unindent(indent);
      }
      c.tight = was_tight;
      if (b.tight && !was_tight) vspace(em * 0.55f);  // the list as a whole ends like a paragraph
      break;
    }
    case core::BlockKind::list_item:
      draw_blocks(c, b.children, width);
      break;
    case core::BlockKind::code_block: {
      std::vector<core::Span>& s = c.st.derived_spans[&b];
      if (s.empty()) {
        std::size_t start = 0;
        while (start <= b.text.size()) {  // keep the block's own line breaks
          const std::size_t nl = b.text.find('\n', start);
          const std::size_t end = nl == std::string::npos ? b.text.size() : nl;
          s.push_back({b.text.substr(start, end - start), core::kStyleCode, {}, false});
          if (nl == std::string::npos) break;
          s.push_back({{}, core::kStylePlain, {}, true});
          start = nl + 1;
        }
      }
      const ImVec2 top = ImGui::GetCursorScreenPos();
      dl->AddRectFilled(top, ImVec2(top.x + width, top.y + wrap_spans(c, s, kFontBody, width - 16).height + 12), t.code_bg, 4.f);
      ImGui::Indent(8);
      vspace(6);
      draw_spans(c, s, kFontBody, width - 16, t.text);
      vspace(6);
      ImGui::Unindent(8);
      vspace(em * 0.75f);
      break;
    }
    case core::BlockKind::thematic_break: {
      const ImVec2 p = ImGui::GetCursorScreenPos();
      dl->AddLine(ImVec2(p.x, p.y + em * 0.6f), ImVec2(p.x + width, p.y + em * 0.6f), t.rule, 1.f);
      vspace(em * 1.2f);
      break;
    }
  }
}

void draw_blocks(Ctx& c, const std::vector<core::Block>& blocks, float width) {
  for (const core::Block& b : blocks) draw_block(c, b, std::max(width, 40.f));
}

void draw_contacts(Ctx& c, const core::Article& a, float width) {
  if (a.contacts.empty()) return;
  const core::Site& site = c.in.library.site;
  const Theme& t = c.in.theme;
  const float pad = 16.f;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  vspace(8);
  const ImVec2 start = ImGui::GetCursorScreenPos();
  dl->ChannelsSplit(2);
  dl->ChannelsSetCurrent(1);
  ImGui::SetCursorScreenPos(ImVec2(start.x + pad, start.y + pad));
  ImGui::BeginGroup();
  ImGui::PushFont(c.in.fonts.get(kFontUiBold));
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(t.heading), "%s", tr(site, c.in.language, "article.contact").c_str());
  ImGui::PopFont();
  for (const core::Contact& ct : a.contacts) {
    vspace(4);
    // Rebuilt each frame (the labels follow the language); a handful of short lines.
    std::vector<std::vector<core::Span>>& lines = c.st.contact_lines[&ct];
    for (auto& l : lines) c.st.text_cache.erase(&l);
    lines.clear();
    lines.push_back({{ct.name, core::kStyleStrong, {}, false}});
    const std::string& office = ct.office.pick(c.in.language, site.default_language);
    if (!office.empty()) lines.push_back({{office, core::kStylePlain, {}, false}});
    if (!ct.phone.empty()) {
      std::string tel = "tel:";
      for (char ch : ct.phone) if ((ch >= '0' && ch <= '9') || ch == '+') tel += ch;
      lines.push_back({{tr(site, c.in.language, "article.phone") + ": ", core::kStylePlain, {}, false}, {ct.phone, core::kStyleLink, tel, false}});
    }
    if (!ct.email.empty())
      lines.push_back({{tr(site, c.in.language, "article.email") + ": ", core::kStylePlain, {}, false}, {ct.email, core::kStyleLink, "mailto:" + ct.email, false}});
    for (auto& l : lines) draw_spans(c, l, kFontBody, width - 2 * pad, t.text);
  }
  ImGui::EndGroup();
  const float bottom = ImGui::GetItemRectMax().y + pad;
  dl->ChannelsSetCurrent(0);
  dl->AddRectFilled(start, ImVec2(start.x + width, bottom), t.surface, 6.f);
  dl->AddRectFilled(start, ImVec2(start.x + 4.f, bottom), t.accent, 2.f);
  dl->ChannelsMerge();
  ImGui::SetCursorScreenPos(ImVec2(start.x, bottom));
  ImGui::Dummy(ImVec2(width, 1));
}

void draw_article(Ctx& c, const core::Article& a, float width) {
  const core::Site& site = c.in.library.site;
  const Theme& t = c.in.theme;
  const core::ChosenTranslation chosen = core::choose_translation(a, c.in.language, site);
  if (!chosen.translation) return;
  const core::Translation& tx = *chosen.translation;
  vspace(16);
  const std::string back = "\xE2\x80\xB9 " + tr(site, c.in.language, "article.back");  // U+2039 ‹
  if (pill_button(c, back.c_str(), false)) c.out.back = true;
  add_target(c, "back", back);
  vspace(14);
  const int sec = a.section_index;
  if (sec >= 0) {
    ImGui::PushFont(c.in.fonts.get(kFontUiBold));
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(t.accent), "%s", site.sections[static_cast<std::size_t>(sec)].label.pick(c.in.language, site.default_language).c_str());
    ImGui::PopFont();
    vspace(4);
  }
  draw_text(c, tx.title, kFontTitle, width, t.heading);
  c.out.shown_title = tx.title;
  vspace(6);
  ImGui::PushFont(c.in.fonts.get(kFontSmall));
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(t.text_muted), "%s",
                     core::format(tr(site, c.in.language, "article.published"), {{"date", core::format_date(a.date, chosen.language)}}).c_str());
  ImGui::PopFont();
  if (chosen.fallback) {
    vspace(10);
    const std::string notice = core::format(tr(site, c.in.language, "article.fallback"),
                                            {{"wanted", core::language_name(site, c.in.language)}, {"shown", core::language_name(site, chosen.language)}});
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    dl->ChannelsSplit(2);
    dl->ChannelsSetCurrent(1);
    ImGui::SetCursorScreenPos(ImVec2(p.x + 12, p.y + 10));
    draw_text(c, notice, kFontBody, width - 24, t.notice_text);
    const float bottom = ImGui::GetItemRectMax().y + 10;
    dl->ChannelsSetCurrent(0);
    dl->AddRectFilled(p, ImVec2(p.x + width, bottom), t.notice_bg, 6.f);
    dl->ChannelsMerge();
    ImGui::SetCursorScreenPos(ImVec2(p.x, bottom));
    ImGui::Dummy(ImVec2(width, 1));
    add_target(c, "fallback-notice", notice);
  }
  vspace(18);
  if (!tx.summary.empty()) {
    draw_text(c, tx.summary, kFontBodyBold, width, t.text);
    vspace(font_px(c, kFontBody) * 0.9f);
  }
  draw_blocks(c, tx.body.blocks, width);
  draw_contacts(c, a, width);
  if (!a.tags.empty()) {
    vspace(14);
    std::string tags = tr(site, c.in.language, "article.tags") + ": ";
    for (std::size_t i = 0; i < a.tags.size(); ++i) tags += (i ? ", " : "") + a.tags[i];
    ImGui::PushFont(c.in.fonts.get(kFontSmall));
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(t.text_muted), "%s", tags.c_str());
    ImGui::PopFont();
  }
  vspace(48);
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Content problems panel
// ---------------------------------------------------------------------------------------------

void draw_errors_panel(Ctx& c, const ImVec2& display) {
  if (!c.st.errors_open) return;
  const core::Site& site = c.in.library.site;
  const Theme& t = c.in.theme;
  const float w = std::min(display.x - 24.f, 760.f), h = std::min(display.y - 48.f, 560.f);
  ImGui::SetNextWindowPos(ImVec2((display.x - w) * 0.5f, (display.y - h) * 0.5f));
  ImGui::SetNextWindowSize(ImVec2(w, h));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(18, 14));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 1.f);
  ImGui::Begin("##errors", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
  ImGui::PushFont(c.in.fonts.get(kFontHeading3));
  ImGui::TextUnformatted(tr(site, c.in.language, "errors.title").c_str());
  ImGui::PopFont();
  ImGui::SameLine(w - 140.f);
  const std::string close = tr(site, c.in.language, "errors.close");
  if (pill_button(c, close.c_str(), false)) c.st.errors_open = false;
  add_target(c, "errors-close", close);
  ImGui::Separator();
  ImGui::BeginChild("##list", ImVec2(0, 0));
  const float inner = ImGui::GetContentRegionAvail().x - 8.f;
  if (c.in.library.issues.empty()) ImGui::TextUnformatted(tr(site, c.in.language, "errors.none").c_str());
  for (const core::LoadIssue& issue : c.in.library.issues) {
    vspace(6);
    ImGui::PushFont(c.in.fonts.get(kFontUiBold));
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(issue.article_skipped ? t.error_text : t.text), "%s", issue.file.c_str());
    ImGui::PopFont();
    ImGui::PushFont(c.in.fonts.get(kFontSmall));
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(t.text_muted), "%s: %s", tr(site, c.in.language, "errors.field").c_str(), issue.field.c_str());
    if (issue.article_skipped) {  // said in words, not by colour alone
      ImGui::SameLine(0, 12);
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(t.error_text), "%s", tr(site, c.in.language, "errors.skipped").c_str());
    }
    ImGui::PopFont();
    draw_text(c, issue.message, kFontBody, inner, t.text);
    add_target(c, "error:" + issue.file, issue.message);
  }
  ImGui::EndChild();
  ImGui::End();
  ImGui::PopStyleVar(2);
}

// Drag-to-scroll for touch: a finger moves the content (mouse wheels and scroll bars already work).
void touch_scroll() {
  const ImGuiIO& io = ImGui::GetIO();
  if (io.MouseSource == ImGuiMouseSource_TouchScreen && ImGui::IsWindowHovered(ImGuiHoveredFlags_ChildWindows) &&
      ImGui::IsMouseDragging(ImGuiMouseButton_Left, 4.f))
    ImGui::SetScrollY(ImGui::GetScrollY() - io.MouseDelta.y);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// [SECTION] Frame layout
// ---------------------------------------------------------------------------------------------

void draw_reader(const ViewInput& in, ViewState& st, ViewOutput& out) {
  Ctx c{in, st, out, FontSetMetrics(in.fonts), ImGui::GetIO().FontGlobalScale, in.fonts.size(kFontBody) / 18.f};
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  const bool wide = display.x >= kWideLayout;
  if (wide) st.nav_open = false;

  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(display);
  ImGui::Begin("##reader", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                                        ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse);
  ImGui::PushFont(in.fonts.get(kFontUi));
  if (!in.library.site_ok) {
    ImGui::SetCursorPos(ImVec2(24, 24));
    ImGui::TextUnformatted(in.library.issues.empty() ? "..." : "site.json could not be loaded:");
    for (const core::LoadIssue& i : in.library.issues) ImGui::TextWrapped("%s: %s: %s", i.file.c_str(), i.field.c_str(), i.message.c_str());
    ImGui::PopFont();
    ImGui::End();
    return;
  }
  draw_header(c, display.x, wide);
  const float body_h = display.y - ImGui::GetCursorPosY();

  if (wide) {
    ImGui::PushStyleColor(ImGuiCol_ChildBg, ImGui::ColorConvertU32ToFloat4(in.theme.surface));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(12, 16));
    ImGui::BeginChild("##nav", ImVec2(kSidebarWidth * c.text_scale, body_h), ImGuiChildFlags_AlwaysUseWindowPadding);
    draw_navigation(c);
    touch_scroll();
    ImGui::EndChild();
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();
    ImGui::SameLine(0, 0);
  }

  // Main column: a centred reading width with comfortable margins.
  const std::string view_key = std::string(in.language) + "|" + std::string(in.section) + "|" + std::string(in.article);
  if (st.scrolled_for != view_key) {
    ImGui::SetNextWindowScroll(ImVec2(0, 0));
    st.scrolled_for = view_key;
  }
  ImGui::BeginChild("##main", ImVec2(0, body_h), ImGuiChildFlags_None);
  // Vertical rhythm in the reading column comes from the blocks' own spacing only.
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(8, 0));
  const float avail = ImGui::GetContentRegionAvail().x;
  const float margin = display.x < 480 ? 16.f : 28.f;
  const float column = std::min(kReadingWidth * c.text_scale, avail - 2 * margin);
  const float left = std::max(margin, (avail - column) * 0.5f);
  ImGui::Indent(left);
  const core::Article* article = in.article.empty() ? nullptr : in.library.find_article(in.article);
  if (article) draw_article(c, *article, column);
  else draw_list(c, column);
  ImGui::Unindent(left);
  ImGui::PopStyleVar();
  touch_scroll();
  ImGui::EndChild();

  if (!wide && st.nav_open) {  // the section menu as a panel over the content
    const float top = kHeaderHeight * c.text_scale;
    ImGui::SetNextWindowPos(ImVec2(0, top));
    ImGui::SetNextWindowSize(ImVec2(std::min(display.x, 340.f), display.y - top));
    ImGui::PushStyleColor(ImGuiCol_WindowBg, ImGui::ColorConvertU32ToFloat4(in.theme.surface));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(12, 16));
    ImGui::Begin("##navpanel", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
    draw_navigation(c);
    touch_scroll();
    const ImVec2 pmin = ImGui::GetWindowPos(), pmax(pmin.x + ImGui::GetWindowWidth(), pmin.y + ImGui::GetWindowHeight());
    ImGui::GetForegroundDrawList()->AddLine(ImVec2(pmax.x, pmin.y), ImVec2(pmax.x, pmax.y), in.theme.rule, 1.f);
    // A tap beside the panel closes it (the content under that tap reacts as usual).
    if (released_without_drag() && !ImGui::IsMouseHoveringRect(pmin, pmax, false) &&
        !ImGui::IsMouseHoveringRect(ImVec2(0, 0), ImVec2(display.x, top), false))
      st.nav_open = false;
    ImGui::End();
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();
  }
  draw_errors_panel(c, display);
  ImGui::PopFont();
  ImGui::End();
}

}  // namespace reader::ui
