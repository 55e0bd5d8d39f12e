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
#include <imgui_internal.h>  // the layout cursor of a replayed part (DC.CursorPos, DC.CursorMaxPos)

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstring>
#include <functional>
#include <map>

#include "core/bidi.h"
#include "core/i18n.h"
#include "core/links.h"
#include "core/utf8.h"

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
  float scale;       // FontGlobalScale: glyph units to CSS px
  float text_scale;  // the reader's text size (1 = default)
  bool touch = false;  // narrow screen or touch input: 44 px hit targets
  bool kiosk = false;  // kiosk: 48 px hit targets, a Home button, QR codes for links
  float target() const { return kiosk ? 48.f : 44.f; }  // the smallest hit target on touch screens
  bool languages_in_menu = false;  // a narrow header with large text: the language switch is in the section menu
  // The interface's language is written right to left (Arabic): the whole layout mirrors.
  bool rtl = false;
  core::bidi::Direction dir() const { return rtl ? core::bidi::Direction::rtl : core::bidi::Direction::ltr; }
  // The interface language's strings, looked up once per frame (null: not in site.json).
  const std::map<std::string, std::string, std::less<>>* strings = nullptr;
  // core::tr in the interface language, through `strings`: one lookup, not two.
  const std::string& tr(std::string_view key) const {
    if (strings) {
      const auto it = strings->find(key);
      if (it != strings->end()) return it->second;
    }
    return core::tr(in.library.site, in.language, key);
  }
  // A key written as a string literal (every call in the views, at every frame): its length is
  // known when compiling, no strlen. Not for a char buffer: its whole size would be the key.
  template <std::size_t N>
  const std::string& tr(const char (&key)[N]) const {
    return tr(std::string_view(key, N - 1));
  }
};

// A one-line label as ImGui must draw it: shaped and in visual order when it holds
// right-to-left text (cached by content), else the text itself. ImGui draws code points left
// to right; every label the views hand to ImGui (buttons, menu rows, lines) goes through here.
const std::string& visual(Ctx& c, const std::string& logical) {
  if (!core::bidi::may_have_rtl(logical)) return logical;
  auto it = c.st.visual.find(logical);
  if (it == c.st.visual.end())
    it = c.st.visual.emplace(logical, core::bidi::visual_line(logical, c.rtl ? core::bidi::Direction::rtl : core::bidi::Direction::automatic)).first;
  return it->second;
}

// One line of text in the current font at the cursor, aligned to the reading direction's start
// (right to left: the right edge of the `width` from the cursor, by default the content region).
void text_line(Ctx& c, ImU32 color, const std::string& logical, float width = -1.f) {
  const std::string& v = visual(c, logical);
  if (c.rtl) {
    const float w = ImGui::CalcTextSize(v.c_str()).x;
    const float avail = width >= 0 ? width : ImGui::GetContentRegionAvail().x;
    if (w < avail) ImGui::SetCursorPosX(ImGui::GetCursorPosX() + avail - w);
  }
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(color), "%s", v.c_str());
}

// Publishes the last item as a hit target, if any of it is on screen (a target is something a
// person can touch now).
// The id is `id_prefix` followed by `id_rest` ("section:" + the section's id).
void add_target(Ctx& c, std::string_view id_prefix, std::string_view id_rest, std::string_view label) {
  if (!ImGui::IsItemVisible()) return;
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  add_hit_target(c.out.targets, id_prefix, id_rest, label, a.x, a.y, b.x - a.x, b.y - a.y);
}
void add_target(Ctx& c, std::string_view id, std::string_view label) { add_target(c, id, {}, label); }


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

// `dir`: the paragraph's direction (the text's language's); right to left aligns it right.
const core::WrappedText& wrap_spans(Ctx& c, const std::vector<core::Span>& spans, FontRole base, float width, core::bidi::Direction dir) {
  ViewState::CachedText& ct = c.st.text_cache[&spans];
  if (ct.width == width && ct.base_font == base && ct.font_generation == c.in.fonts.generation() && ct.direction == static_cast<int>(dir))
    return ct.wrapped;
  ct.runs.clear();
  for (std::size_t i = 0; i < spans.size(); ++i) {
    const core::Span& s = spans[i];
    ct.runs.push_back({s.hard_break ? std::string_view("\n") : std::string_view(s.text), font_for(s.style, base), static_cast<int>(i)});
  }
  ct.wrapped = core::wrap_text(ct.runs, width, c.in.fonts.metrics(), dir);
  ct.direction = static_cast<int>(dir);
  ct.width = width;
  ct.base_font = base;
  ct.font_generation = c.in.fonts.generation();
  return ct.wrapped;
}

void draw_wrapped(Ctx& c, const std::vector<core::Span>& spans, const core::WrappedText& w, ImVec2 origin, ImU32 color);

// Draws spans wrapped to `width` at the cursor and advances it. Only visible lines are drawn.
void draw_spans(Ctx& c, const std::vector<core::Span>& spans, FontRole base, float width, ImU32 color, int direction = -1) {
  const core::bidi::Direction dir = direction < 0 ? c.dir() : static_cast<core::bidi::Direction>(direction);
  const core::WrappedText& w = wrap_spans(c, spans, base, width, dir);
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::Dummy(ImVec2(width, w.height));
  if (!ImGui::IsItemVisible()) return;
  draw_wrapped(c, spans, w, origin, color);
}

// Draws spans wrapped by wrap_spans() with their top-left at `origin` (the cursor stays).
void draw_wrapped(Ctx& c, const std::vector<core::Span>& spans, const core::WrappedText& w, ImVec2 origin, ImU32 color) {
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
      if (span.style & core::kStyleMark)
        dl->AddRectFilled(ImVec2(origin.x + pr.x - 1, top + 1), ImVec2(origin.x + pr.x + pr.width + 1, top + line.height - 1), c.in.theme.mark, 2.f);
      if (span.style & core::kStyleLink) {
        const ImVec2 a(origin.x + pr.x, top), b(origin.x + pr.x + pr.width, top + line.height);
        const bool hovered = ImGui::IsWindowHovered() && ImGui::IsMouseHoveringRect(a, b);
        col = hovered ? c.in.theme.link_hover : c.in.theme.link;
        underline(dl, a.x, b.x, baseline + 2.f, col, hovered ? 2.f : 1.f);
        if (hovered) {
          ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
        }
        add_hit_target(c.out.targets, "link:", span.url, run.text.substr(pr.begin, pr.end - pr.begin), a.x, a.y, b.x - a.x, b.y - a.y);
      }
      // Bidi lines carry their glyphs (shaped, in visual order); others are the run's bytes.
      const std::string_view glyphs = pr.visual.empty() ? run.text.substr(pr.begin, pr.end - pr.begin) : std::string_view(pr.visual);
      dl->AddText(font, size, pos, col, glyphs.data(), glyphs.data() + glyphs.size());
    }
  }
}

// A single plain string, wrapped (titles, summaries, labels).
// `direction`: -1 for the interface's; content passes its own language's (see content_dir).
void draw_text(Ctx& c, const std::string& text, FontRole role, float width, ImU32 color, int direction = -1) {
  // Keyed by content: the node (and so the span vector the layout cache points at) is stable.
  std::vector<core::Span>& spans = c.st.plain_spans[text];
  if (spans.empty()) spans = {core::Span{text, core::kStylePlain, {}, false}};
  draw_spans(c, spans, role, width, color, direction);
}

// The direction of text in `language` (an article shown in another language than the interface's
// keeps its own direction, as the page's mirror marks it with dir).
int content_dir(const Ctx& c, std::string_view language) {
  return static_cast<int>(c.in.library.site.is_rtl(language) ? core::bidi::Direction::rtl : core::bidi::Direction::ltr);
}

void vspace(float px) { ImGui::Dummy(ImVec2(1, px)); }

float header_height(const Ctx& c, bool) { return std::max(kHeaderHeight, kHeaderHeight * c.text_scale); }

// ---------------------------------------------------------------------------------------------
// [SECTION] Header
// ---------------------------------------------------------------------------------------------

bool pill_button(Ctx& c, const std::string& label, bool selected, ImVec2 size = ImVec2(0, 0)) {
  const Theme& t = c.in.theme;
  ImGui::PushStyleColor(ImGuiCol_Button, selected ? t.accent : t.surface);
  ImGui::PushStyleColor(ImGuiCol_ButtonHovered, selected ? t.accent : t.rule);
  ImGui::PushStyleColor(ImGuiCol_Text, selected ? t.accent_text : t.text);
  ImGui::PushFont(c.in.fonts.get(selected ? kFontUiBold : kFontUi));
  ImGui::Button(visual(c, label).c_str(), size);
  ImGui::PopFont();
  ImGui::PopStyleColor(3);
  return ImGui::IsItemHovered() && released_without_drag();
}

// The width pill_button gives `label`.
float button_width(Ctx& c, const std::string& label, bool selected = false) {
  ImGui::PushFont(c.in.fonts.get(selected ? kFontUiBold : kFontUi));
  const float w = ImGui::CalcTextSize(visual(c, label).c_str()).x + ImGui::GetStyle().FramePadding.x * 2;
  ImGui::PopFont();
  return w;
}

// Two buttons side by side from the reading direction's start of a `width` wide row (right to
// left: the first one rightmost), published as hit targets. Returns which was clicked.
std::pair<bool, bool> button_pair(Ctx& c, float width, const std::string& first, const char* first_id, const std::string& second,
                                  const char* second_id) {
  const float x0 = ImGui::GetCursorPosX(), first_w = button_width(c, first);
  if (c.rtl) ImGui::SetCursorPosX(x0 + width - first_w);
  const bool a = pill_button(c, first, false);
  add_target(c, first_id, first);
  if (c.rtl) ImGui::SameLine(x0 + width - first_w - ImGui::GetStyle().ItemSpacing.x - button_width(c, second));
  else ImGui::SameLine();
  const bool b = pill_button(c, second, false);
  add_target(c, second_id, second);
  return {a, b};
}

const std::string kNoArg;

// A control's id: a string literal or a string that outlives the row, never a temporary (the
// row keeps only a view of it; a temporary does not compile) nor a char buffer (its whole size
// would be the id).
struct ControlId {
  template <std::size_t N>
  ControlId(const char (&literal)[N]) : view(literal, N - 1) {}
  ControlId(const std::string& kept) : view(kept) {}
  ControlId(std::string&&) = delete;
  std::string_view view;
};

// A header or menu button: its label, its hit-target id and accessible name, and what it does
// (called with `arg`). Built at every frame, so it copies nothing: `label`, `id`, `name` and
// `arg` point at strings that outlive the row (the site's strings, which hold every interface
// key of kInterfaceKeys, ViewState, string literals, or the caller's locals).
struct Control {
  const std::string* label;
  ControlId id;
  const std::string* name;
  bool selected = false;
  bool enabled = true;
  void (*action)(Ctx&, const std::string& arg) = nullptr;
  const std::string* arg = &kNoArg;
  mutable float width = -1.f;  // the button's width, once measured (a row is measured, then drawn)
};

// Text size and theme: in the header on wide screens, in the section menu on narrow ones.
void add_reading_controls(Ctx& c, std::vector<Control>& v) {
  static const std::string smaller = "A\xE2\x80\x93", larger = "A+";  // A– (en dash: Noto Sans has no U+2212 minus)
  v.push_back({&smaller, "text-smaller", &c.tr("settings.text_smaller"), false, c.in.can_shrink_text,
               [](Ctx& x, const std::string&) { x.out.text_size_change = -1; }});
  v.push_back({&larger, "text-larger", &c.tr("settings.text_larger"), false, c.in.can_grow_text,
               [](Ctx& x, const std::string&) { x.out.text_size_change = +1; }});
  const std::string& theme = c.tr(c.in.dark ? "settings.theme_light" : "settings.theme_dark");
  v.push_back({&theme, "theme", &theme, false, true, [](Ctx& x, const std::string&) { x.out.toggle_theme = true; }});
  const std::string& text_mode = c.tr("textmode.switch");
  v.push_back({&text_mode, "text-mode", &text_mode, false, true, [](Ctx& x, const std::string&) { x.out.toggle_text_mode = true; }});
}

// The site's language codes, their capitals (the language switch's labels) and target ids
// (the switch's and the search filter's), kept in c.st.
const std::vector<ViewState::LanguageCode>& language_codes(Ctx& c) {
  auto& codes = c.st.language_codes;
  const auto& langs = c.in.library.site.languages;
  bool same = codes.size() == langs.size();
  for (std::size_t i = 0; same && i < langs.size(); ++i) same = codes[i].code == langs[i].code;
  if (!same) {
    codes.clear();
    for (const core::Language& l : langs) {
      std::string upper = l.code;
      std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char ch) { return static_cast<char>(std::toupper(ch)); });
      codes.push_back({l.code, std::move(upper), "lang:" + l.code, "filter:" + l.code});
    }
  }
  return codes;
}

// Draws controls in a row from the cursor; returns the row's width (also when `measure_only`).
// With `wrap`, a control that would pass the window's right edge starts a new line.
// Right to left, the row reads from the right: the first control is drawn rightmost (the
// caller places the row so that its right edge is where the first control should end).
float control_row(Ctx& c, const std::vector<Control>& controls, bool measure_only, bool wrap = false) {
  const ImGuiStyle& style = ImGui::GetStyle();
  // A wrapping row (the section menu) that fits on one line, right to left: aligned right.
  if (c.rtl && wrap && !measure_only) {
    const float w = control_row(c, controls, true);
    const float avail = ImGui::GetContentRegionAvail().x;
    if (w <= avail) {
      ImGui::SetCursorPosX(ImGui::GetCursorPosX() + avail - w);
      return control_row(c, controls, false, false);
    }
  }
  const bool reversed = c.rtl && !wrap;
  float w = 0;
  for (std::size_t i = 0; i < controls.size(); ++i) {
    const Control& ctl = controls[reversed ? controls.size() - 1 - i : i];
    if (ctl.width < 0) ctl.width = button_width(c, *ctl.label, ctl.selected);
    const float bw = ctl.width;
    w += bw + (i ? style.ItemSpacing.x : 0.f);
    if (measure_only) continue;
    if (i && (!wrap || ImGui::GetItemRectMax().x + style.ItemSpacing.x + bw <= ImGui::GetWindowPos().x + ImGui::GetWindowWidth() - style.WindowPadding.x))
      ImGui::SameLine();
    ImGui::PushID(ctl.id.view.data(), ctl.id.view.data() + ctl.id.view.size());
    ImGui::BeginDisabled(!ctl.enabled);
    if (pill_button(c, *ctl.label, ctl.selected) && ctl.enabled) ctl.action(c, *ctl.arg);
    ImGui::EndDisabled();
    ImGui::PopID();
    add_target(c, ctl.id.view, *ctl.name);
  }
  return w;
}

// The language switch: one button per language of the site, its code in capitals.
void add_language_controls(Ctx& c, std::vector<Control>& v) {
  const auto& codes = language_codes(c);
  const auto& langs = c.in.library.site.languages;
  for (std::size_t i = 0; i < langs.size(); ++i)
    v.push_back({&codes[i].capitals, codes[i].id, &langs[i].name, codes[i].code == c.in.language, true,
                 [](Ctx& x, const std::string& code) { x.out.language = code; }, &codes[i].code});
}

void draw_header(Ctx& c, float width, bool wide) {
  const core::Site& site = c.in.library.site;
  const Theme& t = c.in.theme;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float h = header_height(c, wide);

  // Right-aligned: reading settings (wide screens), the language switch, content problems.
  std::vector<Control> right;
  right.reserve(8 + site.languages.size());
  if (c.kiosk) {  // always a way home on a kiosk
    const std::string& home = c.tr("nav.home");
    right.push_back({&home, "home", &home, c.in.section.empty() && c.in.article.empty() && !c.in.search && !c.in.not_found, true,
                     [](Ctx& x, const std::string&) { x.out.section = std::string(); }});
  }
  if (wide) add_reading_controls(c, right);
  const std::string& search_label = c.tr("search.open");
  right.push_back({&search_label, "search", &search_label, c.in.search != nullptr, true, [](Ctx& x, const std::string&) { x.out.open_search = true; }});
  const std::size_t before_languages = right.size();
  add_language_controls(c, right);
  std::string errors_full, errors_label;  // referred to by `right`
  if (!c.in.library.issues.empty()) {
    const std::string n = std::to_string(c.in.library.issues.size());
    errors_full = core::format(c.tr("errors.summary"), {{"n", n}});
    errors_label = "! " + (wide ? errors_full : n);
    right.push_back({&errors_label, "errors", &errors_full, false, true, [](Ctx& x, const std::string&) { x.st.errors_open = true; }});
  }
  float right_w = control_row(c, right, true);

  ImGui::PushFont(c.in.fonts.get(kFontUiBold));
  const float text_h = ImGui::GetTextLineHeight();
  const float button_h = text_h + ImGui::GetStyle().FramePadding.y * 2;
  const std::string& sections_label = c.tr("nav.sections");
  const float toggle_w = ImGui::CalcTextSize(visual(c, sections_label).c_str()).x + ImGui::GetStyle().FramePadding.x * 2;
  ImGui::PopFont();
  // A narrow screen with large text: the language switch moves into the section menu rather
  // than pushing the header's buttons over one another (a kiosk keeps it in view).
  if (!wide && !c.kiosk && 16.f + toggle_w + 12.f + right_w + 8.f > width) {
    right.erase(right.begin() + static_cast<std::ptrdiff_t>(before_languages), right.begin() + static_cast<std::ptrdiff_t>(before_languages + site.languages.size()));
    right_w = control_row(c, right, true);
    c.languages_in_menu = true;
  }
  // Left to right: [menu] organisation ... controls. Right to left, mirrored: controls ...
  // organisation [menu]. `x` runs from the start edge inwards; `at` turns it into a screen x.
  const auto at = [&](float from_start, float w) { return c.rtl ? p.x + width - from_start - w : p.x + from_start; };
  float x = 16.f;
  if (!wide) {  // the section menu toggle
    ImGui::SetCursorScreenPos(ImVec2(at(x, toggle_w), p.y + (h - button_h) * 0.5f));
    const std::string& label = sections_label;
    if (pill_button(c, label, c.st.nav_open)) c.st.nav_open = !c.st.nav_open;
    add_target(c, "nav-toggle", label);
    x += toggle_w + 12.f;
  }
  // Organisation: full name when it fits, else the short name, else nothing.
  const std::string& full = visual(c, site.organisation.pick(c.in.language, site.default_language));
  const std::string& short_name = visual(c, site.short_name.pick(c.in.language, site.default_language));
  const float room = width - right_w - 16.f - x;
  ImGui::PushFont(c.in.fonts.get(kFontUiBold));
  const std::string* name = ImGui::CalcTextSize(full.c_str()).x <= room ? &full
                            : ImGui::CalcTextSize(short_name.c_str()).x <= room ? &short_name : nullptr;
  if (name) dl->AddText(ImVec2(at(x, ImGui::CalcTextSize(name->c_str()).x), p.y + (h - text_h) * 0.5f), t.heading, name->c_str());
  ImGui::PopFont();

  ImGui::SetCursorScreenPos(ImVec2(c.rtl ? p.x + 8.f : p.x + width - right_w - 8.f, p.y + (h - button_h) * 0.5f));
  control_row(c, right, false);
  ImGui::SetCursorScreenPos(ImVec2(p.x, p.y + h));
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Section navigation
// ---------------------------------------------------------------------------------------------

// A row of the section menu: the arrow at the reading direction's start edge (pointing inwards
// when closed, down when open), the label after it, children indented from that edge; the
// whole row highlighted when selected or hovered. A tap on the arrow opens or closes; a tap on
// the row chooses. Returns true when chosen. Left to right it lays out as ImGui's tree nodes
// do (arrow and label at the same offsets); ImGui's cannot mirror, and these cost a fraction
// of a tree node at every frame (no ID stack of their own, no tree state in ImGui's storage).
bool menu_row(Ctx& c, const std::string& label, bool selected, bool has_children, bool* open, int depth) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const float w = ImGui::GetContentRegionAvail().x;
  const float th = ImGui::GetTextLineHeight();
  const float h = th + style.FramePadding.y * 2;
  const ImVec2 p = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("row", ImVec2(w, h));
  const bool hovered = ImGui::IsItemHovered();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  if (selected || hovered) dl->AddRectFilled(p, ImVec2(p.x + w, p.y + h), ImGui::GetColorU32(selected ? ImGuiCol_Header : ImGuiCol_HeaderHovered));
  const float indent = static_cast<float>(depth) * style.IndentSpacing;
  const float arrow_left = c.rtl ? p.x + w - indent - style.FramePadding.x - th : p.x + indent + style.FramePadding.x;
  const float arrow_right = arrow_left + th;
  const ImU32 col = ImGui::GetColorU32(ImGuiCol_Text);
  if (has_children) {
    const float cx = (arrow_left + arrow_right) * 0.5f, cy = p.y + h * 0.5f, r = th * 0.25f;
    const float inward = c.rtl ? -1.f : 1.f;  // closed: the arrow points into the row
    if (open && *open) dl->AddTriangleFilled(ImVec2(cx - r, cy - r * 0.6f), ImVec2(cx + r, cy - r * 0.6f), ImVec2(cx, cy + r * 0.8f), col);
    else dl->AddTriangleFilled(ImVec2(cx - inward * r * 0.6f, cy - r), ImVec2(cx - inward * r * 0.6f, cy + r), ImVec2(cx + inward * r * 0.8f, cy), col);
  }
  const std::string& v = visual(c, label);
  const float label_x = c.rtl ? arrow_left - style.FramePadding.x - ImGui::CalcTextSize(v.c_str()).x : arrow_right + style.FramePadding.x;
  dl->AddText(ImVec2(label_x, p.y + style.FramePadding.y), col, v.c_str());
  if (!hovered || !released_without_drag()) return false;
  const float mouse_x = ImGui::GetIO().MousePos.x;
  const bool on_arrow = c.rtl ? mouse_x >= arrow_left - style.FramePadding.x : mouse_x <= arrow_right + style.FramePadding.x;
  if (has_children && open && on_arrow) {
    *open = !*open;
    return false;
  }
  return true;
}

void draw_section_node(Ctx& c, int index, int current, int depth = 0) {
  const core::Site& site = c.in.library.site;
  const core::Section& s = site.sections[static_cast<std::size_t>(index)];
  const std::string& label = s.label.pick(c.in.language, site.default_language);
  bool& open = c.st.menu_open[index];
  // The section shown (a link, the address bar) opens its ancestors once.
  if (current >= 0 && c.st.expanded_for != c.in.section && site.is_within(current, index)) open = true;
  ImGui::PushID(index);
  if (menu_row(c, label, index == current, !s.children.empty(), &open, depth)) {
    c.out.section = s.id;
    c.st.nav_open = false;
  }
  add_target(c, "section:", s.id, label);
  ImGui::PopID();
  if (open)
    for (int child : s.children) draw_section_node(c, child, current, depth + 1);
}

void draw_navigation(Ctx& c) {
  const core::Site& site = c.in.library.site;
  const int current = site.find_section(c.in.section);
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(8, c.touch ? std::max(7.f, (c.target() - ImGui::GetTextLineHeight()) * 0.5f) : 7.f));
  ImGui::PushFont(c.in.fonts.get(kFontUiBold));
  text_line(c, c.in.theme.text_muted, c.tr("nav.sections"));
  ImGui::PopFont();
  ImGui::PushFont(c.in.fonts.get(kFontUi));
  const std::string& home = c.tr("list.latest");
  ImGui::PushID("##home");
  if (menu_row(c, home, c.in.section.empty(), false, nullptr, 0)) { c.out.section = std::string(); c.st.nav_open = false; }
  ImGui::PopID();
  add_target(c, "section:", home);
  for (std::size_t i = 0; i < site.sections.size(); ++i)
    if (site.sections[i].parent < 0) draw_section_node(c, static_cast<int>(i), current);
  c.st.expanded_for.assign(c.in.section);
  if (c.in.offline) {
    vspace(16);
    const std::string& label = c.tr("offline.open");
    if (c.rtl) ImGui::SetCursorPosX(ImGui::GetCursorPosX() + ImGui::GetContentRegionAvail().x - ImGui::CalcTextSize(visual(c, label).c_str()).x - ImGui::GetStyle().FramePadding.x * 2);
    if (pill_button(c, label, c.st.offline_open)) { c.st.offline_open = true; c.st.nav_open = false; }
    add_target(c, "offline", label);
  }
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
  const int dir = content_dir(c, tr_.language);
  draw_text(c, tr_.translation->title, kFontHeading3, inner, t.heading, dir);
  vspace(4);
  std::string meta = core::format_date(a.date, c.in.language);
  const int sec = a.section_index;
  if (sec >= 0) meta += "  ·  " + site.sections[static_cast<std::size_t>(sec)].label.pick(c.in.language, site.default_language);
  if (tr_.fallback) meta += "  ·  " + core::language_name(site, tr_.language);
  ImGui::PushFont(c.in.fonts.get(kFontSmall));
  text_line(c, t.text_muted, meta, inner);
  ImGui::PopFont();
  vspace(6);
  if (!tr_.translation->summary.empty()) draw_text(c, tr_.translation->summary, kFontBody, inner, t.text, dir);
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
  add_target(c, "article:", a.id, tr_.translation->title);
  ImGui::PopID();
}

void draw_list(Ctx& c, float width) {
  const core::Site& site = c.in.library.site;
  const Theme& t = c.in.theme;
  const int sec = site.find_section(c.in.section);
  const std::string heading = sec >= 0 ? site.sections[static_cast<std::size_t>(sec)].label.pick(c.in.language, site.default_language)
                                       : c.tr("list.latest");
  vspace(24);
  draw_text(c, heading, kFontTitle, width, t.heading);
  if (sec >= 0) {
    const std::string& desc = site.sections[static_cast<std::size_t>(sec)].description.pick(c.in.language, site.default_language);
    if (!desc.empty()) { vspace(6); draw_text(c, desc, kFontBody, width, t.text_muted); }
  }
  // The section's articles, filtered once per section and library (not every frame).
  ViewState::ListCache& list = c.st.list;
  if (list.section != c.in.section || list.library_size != c.in.library.articles.size() || list.library != &c.in.library) {
    list.articles = c.in.library.articles_in(c.in.section);
    list.section = std::string(c.in.section);
    list.library_size = c.in.library.articles.size();
    list.library = &c.in.library;
    list.heights.clear();
  }
  const std::vector<const core::Article*>& articles = list.articles;
  vspace(6);
  ImGui::PushFont(c.in.fonts.get(kFontSmall));
  text_line(c, t.text_muted, core::format(c.tr("list.count"), {{"n", std::to_string(articles.size())}}), width);
  ImGui::PopFont();
  vspace(10);
  if (articles.empty()) {
    draw_text(c, c.tr("list.empty"), kFontBody, width, t.text_muted);
    return;
  }
  // Only the cards on screen are drawn (a bundle may hold 100,000 articles). Cards not yet
  // measured count at the average height of those measured; the estimate is corrected as
  // they come on screen.
  if (list.width != width || list.font_generation != c.in.fonts.generation() || list.language != c.in.language) {
    list.heights.assign(articles.size(), 0.f);
    list.width = width;
    list.font_generation = c.in.fonts.generation();
    list.language = std::string(c.in.language);
  }
  list.heights.resize(articles.size(), 0.f);
  float measured_sum = 0;
  std::size_t measured = 0;
  for (float h : list.heights) if (h > 0) { measured_sum += h; ++measured; }
  const float estimate = measured ? measured_sum / static_cast<float>(measured) : 160.f * c.text_scale;
  const auto height_of = [&](std::size_t i) { return list.heights[i] > 0 ? list.heights[i] : estimate; };
  const float top = ImGui::GetScrollY() - ImGui::GetCursorPosY();  // visible window, in list coordinates
  const float bottom = top + ImGui::GetWindowHeight();
  // The page's mirror moved the keyboard focus to a card not drawn (off screen): scroll to it.
  if (c.st.focus_reveal && c.in.focus.starts_with("article:")) {
    float at = 0;
    for (std::size_t k = 0; k < articles.size(); ++k) {
      if (c.in.focus.substr(8) == articles[k]->id) {
        if (at < top || at + height_of(k) > bottom) c.st.main_scroll.scroll_to(ImGui::GetCursorPosY() + at - ImGui::GetWindowHeight() / 3.f);
        break;
      }
      at += height_of(k);
    }
  }
  std::size_t i = 0;
  float skipped = 0;
  while (i < articles.size() && skipped + height_of(i) < top) skipped += height_of(i++);
  if (skipped > 0) ImGui::Dummy(ImVec2(width, skipped));
  float y = skipped;
  for (; i < articles.size() && y < bottom; ++i) {
    const float before = ImGui::GetCursorPosY();
    draw_article_card(c, *articles[i], width);
    list.heights[i] = ImGui::GetCursorPosY() - before;
    y += list.heights[i];
  }
  float rest = 0;
  for (; i < articles.size(); ++i) rest += height_of(i);
  if (rest > 0) ImGui::Dummy(ImVec2(width, rest));
  vspace(32);
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Article
// ---------------------------------------------------------------------------------------------

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
  text_line(c, t.heading, c.tr("article.contact"), width - 2 * pad);
  ImGui::PopFont();
  for (const core::Contact& ct : a.contacts) {
    vspace(6);
    // Rebuilt each frame (the labels follow the language); a handful of short lines.
    std::vector<std::vector<core::Span>>& lines = c.st.contact_lines[&ct];
    for (auto& l : lines) c.st.text_cache.erase(&l);
    lines.clear();
    lines.push_back({{ct.name, core::kStyleStrong, {}, false}});
    const std::string& office = ct.office.pick(c.in.language, site.default_language);
    if (!office.empty()) lines.push_back({{office, core::kStylePlain, {}, false}});
    if (!ct.phone.empty()) {
      // Right to left, the number is isolated (LRI ... PDI): its digit groups keep their order.
      lines.push_back({{c.tr("article.phone") + ": ", core::kStylePlain, {}, false},
                       {c.rtl ? "\xE2\x81\xA6" + ct.phone + "\xE2\x81\xA9" : ct.phone, core::kStyleLink, core::tel_link(ct.phone), false}});
    }
    if (!ct.email.empty())
      lines.push_back({{c.tr("article.email") + ": ", core::kStylePlain, {}, false}, {ct.email, core::kStyleLink, "mailto:" + ct.email, false}});
    for (auto& l : lines) draw_spans(c, l, kFontBody, width - 2 * pad, t.text);
  }
  ImGui::EndGroup();
  const float bottom = ImGui::GetItemRectMax().y + pad;
  dl->ChannelsSetCurrent(0);
  dl->AddRectFilled(start, ImVec2(start.x + width, bottom), t.surface, 6.f);
  if (c.rtl) dl->AddRectFilled(ImVec2(start.x + width - 4.f, start.y), ImVec2(start.x + width, bottom), t.accent, 2.f);
  else dl->AddRectFilled(start, ImVec2(start.x + 4.f, bottom), t.accent, 2.f);
  dl->ChannelsMerge();
  ImGui::SetCursorScreenPos(ImVec2(start.x, bottom));
  ImGui::Dummy(ImVec2(width, 1));
}

// The laid-out body, from the cache unless the width, fonts or known image sizes changed.
const core::DocumentLayout& body_layout(Ctx& c, const core::Document& doc, float width, core::bidi::Direction dir) {
  ViewState::BodyLayout& b = c.st.body;
  if (b.document != &doc || b.width != width || b.font_generation != c.in.fonts.generation() ||
      b.image_generation != c.in.image_generation || b.layout_direction != static_cast<int>(dir)) {
    const auto start = std::chrono::steady_clock::now();
    core::DocumentStyle style = document_style(c.in.fonts, c.in.image_aspect);
    style.direction = dir;
    b.layout = core::layout_document(doc, width, c.in.fonts.metrics(), style);
    c.st.body_chunks.clear();  // their glyphs are the old layout's
    b.layout_direction = static_cast<int>(dir);
    c.out.layout_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    b.document = &doc;
    b.width = width;
    b.font_generation = c.in.fonts.generation();
    b.image_generation = c.in.image_generation;
  }
  return b.layout;
}

// Table of contents: the article's headings; the one being read is highlighted; choosing one
// scrolls the main column there.
void draw_toc(Ctx& c, const core::DocumentLayout& layout, float width) {
  if (layout.headings.size() < 2) return;
  // Scrolled out of view (above the article): its height is known from the frame that drew it,
  // so the rows are skipped (none would be a hit target) unless the mirror chose one.
  ViewState::TocExtent& extent = c.st.toc_extent;
  const ViewState::TocExtent now{c.st.body.document, layout.headings.size(), width, c.in.fonts.generation(), c.touch, c.rtl, -1.f};
  const float top = ImGui::GetCursorScreenPos().y;
  if (extent.same_place(now) && c.st.pending_toc < 0) {
    const ImVec2 clip_min = ImGui::GetWindowDrawList()->GetClipRectMin(), clip_max = ImGui::GetWindowDrawList()->GetClipRectMax();
    if (top + extent.height < clip_min.y || top > clip_max.y) {
      ImGui::Dummy(ImVec2(width, extent.height - ImGui::GetStyle().ItemSpacing.y));
      return;
    }
  }
  const Theme& t = c.in.theme;
  ImGui::PushFont(c.in.fonts.get(kFontUiBold));
  text_line(c, t.text_muted, c.tr("toc.title"), width);
  ImGui::PopFont();
  vspace(4);
  ImGui::PushFont(c.in.fonts.get(kFontUi));
  for (std::size_t i = 0; i < layout.headings.size(); ++i) {
    const core::HeadingAnchor& h = layout.headings[i];
    const bool current = static_cast<int>(i) == c.out.toc_current;
    const float indent = h.level >= 3 ? 14.f : 0.f;
    ImGui::PushID(static_cast<int>(i));
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const std::string& label = h.text;
    const float text_w = width - indent - 16.f;
    // Right to left (or a right-to-left heading): wrapped and reordered by the core, aligned
    // right, the level-3 indent and the current entry's bar on the right.
    const bool bidi = c.rtl || core::bidi::may_have_rtl(label);
    std::vector<core::Span>* spans = nullptr;
    ImVec2 size;
    if (bidi) {
      spans = &c.st.plain_spans[label];
      if (spans->empty()) *spans = {core::Span{label, core::kStylePlain, {}, false}};
      size = ImVec2(text_w, wrap_spans(c, *spans, kFontUi, text_w, c.dir()).height);
    } else {
      size = ImGui::CalcTextSize(label.c_str(), nullptr, false, text_w);
    }
    ImGui::InvisibleButton("toc", ImVec2(width, std::max(size.y + 12.f, c.touch ? c.target() : 28.f)));
    const bool hovered = ImGui::IsItemHovered();
    const ImVec2 row_max = ImGui::GetItemRectMax(), row_size = ImGui::GetItemRectSize();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    if (current || hovered) dl->AddRectFilled(p, row_max, current ? t.selected : t.surface, 4.f);
    if (current) {
      if (c.rtl) dl->AddRectFilled(ImVec2(row_max.x - 3.f, p.y), row_max, t.accent);
      else dl->AddRectFilled(p, ImVec2(p.x + 3.f, row_max.y), t.accent);
    }
    const float text_y = p.y + (row_size.y - size.y) * 0.5f;
    if (bidi) {
      draw_wrapped(c, *spans, wrap_spans(c, *spans, kFontUi, text_w, c.dir()), ImVec2(c.rtl ? p.x + 6.f : p.x + 10.f + indent, text_y),
                   current ? t.heading : t.text);
    } else {
      dl->AddText(nullptr, 0.f, ImVec2(p.x + 10.f + indent, text_y), current ? t.heading : t.text, label.c_str(), nullptr, text_w);
    }
    if (hovered) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    if ((hovered && released_without_drag()) || c.st.pending_toc == static_cast<int>(i)) {
      c.st.pending_toc = -1;
      c.st.main_scroll.scroll_to(c.st.body_top + h.y - 12.f);
      c.st.toc_chosen = static_cast<int>(i);  // highlighted even if the end of the article stops the scroll short
    }
    char number[24];
    const auto [end, ec] = std::to_chars(number, number + sizeof number, i);
    add_target(c, "toc:", std::string_view(number, static_cast<std::size_t>(end - number)), label);
    ImGui::PopID();
  }
  ImGui::PopFont();
  extent = now;
  extent.height = ImGui::GetCursorScreenPos().y - top;
}

// The words of the search that opened the article: marked behind the text, and the first one
// scrolled into view once.
// The boxes of `query`'s words in the laid-out article, cached until the layout or the query
// changes. `scrolled` survives while the query and document stay the same.
void match_boxes(Ctx& c, ViewState::Highlight& h, const core::DocumentLayout& layout, const core::Document& doc,
                 std::string_view language, float width, std::string_view query) {
  if (h.layout == &layout && h.document == &doc && h.width == width && h.font_generation == c.in.fonts.generation() && h.query == query) return;
  const bool same_search = h.query == query && h.document == &doc;
  h.boxes = core::search::find_in_layout(layout, core::search::prepare_query(query, language, true), c.in.fonts.metrics());
  h.layout = &layout;
  h.document = &doc;
  h.width = width;
  h.font_generation = c.in.fonts.generation();
  h.query = std::string(query);
  h.scrolled = same_search && h.scrolled;
}

// Marks behind the words (those in the visible part of the column).
void draw_marks(Ctx& c, const std::vector<core::search::WordBox>& boxes, ImVec2 origin, int current = -1) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float clip_top = dl->GetClipRectMin().y, clip_bottom = dl->GetClipRectMax().y;
  for (std::size_t i = 0; i < boxes.size(); ++i) {
    const core::search::WordBox& b = boxes[i];
    const float y = origin.y + b.y;
    if (y > clip_bottom || y + b.h < clip_top) continue;
    const ImVec2 a(origin.x + b.x - 1, y + 1), z(origin.x + b.x + b.w + 1, y + b.h - 1);
    dl->AddRectFilled(a, z, c.in.theme.mark, 2.f);
    if (static_cast<int>(i) == current) dl->AddRect(ImVec2(a.x - 2, a.y - 2), ImVec2(z.x + 2, z.y + 2), c.in.theme.focus, 3.f, 0, 2.5f);
  }
}

// The find bar's matches: all marked, the current one ringed and scrolled into view.
void draw_find_matches(Ctx& c, const core::DocumentLayout& layout, const core::Document& doc, std::string_view language, ImVec2 origin, float width) {
  ViewState::Highlight& h = c.st.find;
  if (!c.in.find || c.in.find->query.empty()) {
    h = ViewState::Highlight{};
    c.st.find_scrolled_to = -1;
    return;
  }
  const std::string before = h.query;
  match_boxes(c, h, layout, doc, language, width, c.in.find->query);
  if (h.query != before) c.st.find_scrolled_to = -1;
  const int n = static_cast<int>(h.boxes.size());
  c.out.find_count = n;
  if (n == 0) return;
  const int current = ((c.in.find->current % n) + n) % n;
  draw_marks(c, h.boxes, origin, current);
  if (c.st.find_scrolled_to != current) {
    c.st.find_scrolled_to = current;
    c.st.main_scroll.scroll_to(std::max(0.f, c.st.body_top + h.boxes[static_cast<std::size_t>(current)].y - ImGui::GetWindowHeight() / 3));
  }
}

void draw_highlights(Ctx& c, const core::DocumentLayout& layout, const core::Document& doc, std::string_view language, ImVec2 origin, float width) {
  ViewState::Highlight& h = c.st.highlight;
  if (c.in.highlight.empty()) {
    h = ViewState::Highlight{};
    return;
  }
  match_boxes(c, h, layout, doc, language, width, c.in.highlight);
  c.out.highlights = static_cast<int>(h.boxes.size());
  if (h.boxes.empty()) return;
  draw_marks(c, h.boxes, origin);
  c.out.highlight_y = c.st.body_top + h.boxes[0].y;
  if (!h.scrolled && c.st.restore_scroll < 0) {
    // Through the restore path: the column's height is known only a frame or two later.
    c.st.restore_scroll = std::max(0.f, c.out.highlight_y - ImGui::GetWindowHeight() / 3);
    c.st.restore_wait = 0;
    h.scrolled = true;
  }
}

// The article's head: back and share buttons, section, title, date, the fallback notice and
// the summary (`dir`: the article's text direction).
// What draws a part: a callable behind one pointer (one draw_part for every part, not one per
// lambda: the first visit's wasm budget).
struct PartDraw {
  void (*call)(const void*);
  const void* self;
  template <class F>
  explicit PartDraw(const F& f) : call([](const void* p) { (*static_cast<const F*>(p))(); }), self(&f) {}
  void operator()() const { call(self); }
};
void draw_part(Ctx& c, ViewState::Replay& r, int part, ImVec2 min, ImVec2 max, bool moves, PartDraw draw);  // [SECTION] Replayed parts

void draw_article_head(Ctx& c, const core::Article& a, const core::ChosenTranslation& chosen, float width, int dir) {
  const core::Site& site = c.in.library.site;
  const Theme& t = c.in.theme;
  const core::Translation& tx = *chosen.translation;
  vspace(16);
  // U+2039 ‹ points back; right to left the bidi algorithm mirrors it (L4) to point right.
  std::string& back = c.st.article_head.back;  // rebuilt in place: no allocation at every frame
  back.assign("\xE2\x80\xB9 ").append(c.tr("article.back"));
  const std::string& share = c.tr("share.link");
  // Sharing acts when the tap is released (App::on_tap), inside the input event, where the
  // browser allows the share sheet and the clipboard.
  if (button_pair(c, width, back, "back", share, "share").first) c.out.back = true;
  vspace(14);
  const int sec = a.section_index;
  if (sec >= 0) {
    ImGui::PushFont(c.in.fonts.get(kFontUiBold));
    text_line(c, t.accent, site.sections[static_cast<std::size_t>(sec)].label.pick(c.in.language, site.default_language), width);
    ImGui::PopFont();
    vspace(4);
  }
  c.st.title_top = ImGui::GetCursorPosY();
  draw_text(c, tx.title, kFontTitle, width, t.heading, dir);
  vspace(6);
  {  // "Published on 5 June 2009": formatted again only when the date, language or pattern change
    ViewState::ArticleHead& head = c.st.article_head;
    const std::string& pattern = c.tr("article.published");
    head.scratch.assign(a.date).append(1, '\n').append(chosen.language).append(1, '\n').append(pattern);
    if (head.scratch != head.published_key) {
      head.published_key.swap(head.scratch);
      head.published = core::format(pattern, {{"date", core::format_date(a.date, chosen.language)}});
    }
  }
  ImGui::PushFont(c.in.fonts.get(kFontSmall));
  text_line(c, t.text_muted, c.st.article_head.published, width);
  ImGui::PopFont();
  if (chosen.fallback) {
    vspace(10);
    const std::string notice = core::format(c.tr("article.fallback"),
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
    draw_text(c, tx.summary, kFontBodyBold, width, t.text, dir);
    vspace(c.in.fonts.size(kFontBody) * 0.9f);
  }
}

void draw_article(Ctx& c, const core::Article& a, float width, bool toc_inline) {
  const core::Site& site = c.in.library.site;
  const Theme& t = c.in.theme;
  const core::ChosenTranslation chosen = core::choose_translation(a, c.in.language, site);
  if (!chosen.translation) return;
  const core::Translation& tx = *chosen.translation;
  const int dir = content_dir(c, chosen.language);
  c.out.shown_title = tx.title;
  // The head is drawn only while some of it is in view: once scrolled above the view it only
  // takes its place. Its height is measured when it is first drawn this way, and the body
  // always starts that far below the head's top, drawn or not: ImGui rounds each item's
  // position on screen, so a height measured at another scroll position could differ by a
  // pixel, and the body would jump by one as the head leaves the view.
  ViewState::HeadExtent& head = c.st.head_extent;
  const ViewState::HeadExtent here{&a, chosen.language, width, c.in.fonts.generation(), c.rtl, c.touch, c.in.update_available,
                                   ImGui::GetCursorPosY()};
  if (!head.same_place(here)) {
    draw_article_head(c, a, chosen, width, dir);
    head = here;
    head.height = ImGui::GetCursorPosY() - here.top;
  } else if (!c.st.replay_parts || head.top + head.height >= ImGui::GetScrollY()) {
    const ImVec2 min = ImGui::GetCursorScreenPos(), max(min.x + width, min.y + head.height);
    draw_part(c, c.st.head_replay, 2, min, max, true, PartDraw([&] { draw_article_head(c, a, chosen, width, dir); }));
  }
  ImGui::SetCursorPosY(head.top + head.height);
  if (!a.body_loaded || a.body_failed) {  // a bundled article whose body is on its way (or failed)
    const std::string text = a.body_failed ? c.tr("errors.title") + ": " + a.body_file
                                           : c.tr("status.loading");
    draw_text(c, text, kFontBody, width, a.body_failed ? t.error_text : t.text_muted);
    add_target(c, a.body_failed ? "body-failed" : "body-loading", text);
    vspace(48);
    return;
  }
  const core::DocumentLayout& layout = body_layout(c, tx.body, width, static_cast<core::bidi::Direction>(dir));
  for (const core::HeadingAnchor& h : layout.headings) c.out.toc.next().assign(h.text);
  if (toc_inline && layout.headings.size() >= 2) {
    draw_toc(c, layout, width);
    vspace(c.in.fonts.size(kFontBody));
  }
  // Whole pixels: every line's glyphs land on the pixel grid the same way at any scroll, and
  // kept glyphs (TextChunks) move by whole pixels.
  const ImVec2 cursor = ImGui::GetCursorScreenPos(), origin(std::round(cursor.x), std::round(cursor.y));
  c.st.body_top = origin.y - ImGui::GetWindowPos().y + ImGui::GetScrollY();
  draw_highlights(c, layout, tx.body, chosen.language, origin, width);
  draw_find_matches(c, layout, tx.body, chosen.language, origin, width);
  DocumentDrawContext dctx{c.in.fonts, c.in.theme, c.out.targets, c.in.image, c.out.wanted_images,
                           c.st.retain_text ? &c.st.body_chunks : nullptr};
  draw_document(layout, dctx, origin, width);
  draw_contacts(c, a, width);
  if (!a.tags.empty()) {
    vspace(14);
    std::string tags = c.tr("article.tags") + ": ";
    for (std::size_t i = 0; i < a.tags.size(); ++i) tags += (i ? ", " : "") + a.tags[i];
    ImGui::PushFont(c.in.fonts.get(kFontSmall));
    text_line(c, t.text_muted, tags, width);
    ImGui::PopFont();
  }
  vspace(48);
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Search and not-found views
// ---------------------------------------------------------------------------------------------

// The snippet as spans, the matched words marked (cached by content: the spans' address keys
// the wrapping cache).
const std::vector<core::Span>& snippet_spans(Ctx& c, const core::search::Snippet& s) {
  std::string key = "\x01" + s.text;
  for (const auto& [b, e] : s.marks) key += "\x02" + std::to_string(b) + ":" + std::to_string(e);
  std::vector<core::Span>& spans = c.st.plain_spans[key];
  if (!spans.empty() || s.text.empty()) return spans;
  std::size_t at = 0;
  for (const auto& [b, e] : s.marks) {
    if (b < at || e > s.text.size()) continue;
    if (b > at) spans.push_back({s.text.substr(at, b - at), core::kStylePlain, {}, false});
    spans.push_back({s.text.substr(b, e - b), core::kStyleMark, {}, false});
    at = e;
  }
  if (at < s.text.size()) spans.push_back({s.text.substr(at), core::kStylePlain, {}, false});
  return spans;
}

// The search field: drawn by the reader; the platform's text field sits over it and does the
// typing (see Platform::text_input).
// A text field drawn by the reader (search, find): the platform's text field sits over it and
// does the typing (see Platform::text_input). Its rectangle goes to `rect` (x, y, w, h).
void draw_text_field(Ctx& c, std::string_view query_view, std::size_t caret, bool focused, const std::string& placeholder,
                     const char* id, float width, float (&rect)[4]) {
  const Theme& t = c.in.theme;
  ImGui::PushFont(c.in.fonts.get(kFontBody));
  const float line = ImGui::GetTextLineHeight();
  const float h = std::max(line + 20.f, c.touch ? 48.f : 40.f);
  const ImVec2 p = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton(id, ImVec2(width, h));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(p, ImVec2(p.x + width, p.y + h), t.surface, 6.f);
  dl->AddRect(p, ImVec2(p.x + width, p.y + h), focused ? t.accent : t.text_muted, 6.f, 0, focused ? 2.f : 1.f);
  const float tx = p.x + 12.f, ty = p.y + (h - line) * 0.5f;
  dl->PushClipRect(ImVec2(p.x + 4, p.y), ImVec2(p.x + width - 4, p.y + h), true);
  ImFont* font = ImGui::GetFont();
  const float size = ImGui::GetFontSize();
  const std::string query(query_view);
  const auto measure = [&](const std::string& s) { return font->CalcTextSizeA(size, FLT_MAX, 0.f, s.c_str(), s.c_str() + s.size()).x; };
  if (core::bidi::may_have_rtl(query) || (query.empty() && c.rtl)) {
    // Right-to-left text (Arabic typed, or the Arabic placeholder): shaped, reordered and
    // aligned right, as a browser's dir="rtl" field; the caret sits after the logical prefix,
    // counted from the right edge. Not cached: the query changes with every keystroke.
    const float right = p.x + width - 12.f;
    if (query.empty()) {
      const std::string& shown = visual(c, placeholder);
      dl->AddText(font, size, ImVec2(right - measure(shown), ty), t.text_muted, shown.c_str());
    } else {
      const std::string shown = core::bidi::visual_line(query, core::bidi::Direction::rtl);
      dl->AddText(font, size, ImVec2(right - measure(shown), ty), t.text, shown.c_str());
    }
    const std::string before = core::bidi::visual_line(query.substr(0, std::min(caret, query.size())), core::bidi::Direction::rtl);
    const float caret_x = std::max(tx, right - measure(before));
    if (focused) dl->AddLine(ImVec2(caret_x, ty), ImVec2(caret_x, ty + line), t.text, 1.5f);
  } else {
    // Keep the caret in view in a long query: shift the text left when needed.
    const float caret_x = font->CalcTextSizeA(size, FLT_MAX, 0.f, query.c_str(), query.c_str() + std::min(caret, query.size())).x;
    const float shift = std::max(0.f, caret_x - (width - 36.f));
    if (query.empty()) {
      dl->AddText(font, size, ImVec2(tx, ty), t.text_muted, placeholder.c_str());
    } else {
      dl->AddText(font, size, ImVec2(tx - shift, ty), t.text, query.c_str());
    }
    if (focused) dl->AddLine(ImVec2(tx - shift + caret_x, ty), ImVec2(tx - shift + caret_x, ty + line), t.text, 1.5f);
  }
  dl->PopClipRect();
  ImGui::PopFont();
  add_target(c, id + 2, placeholder);  // the id without its "##"
  rect[0] = p.x;
  rect[1] = p.y;
  rect[2] = width;
  rect[3] = h;
}

void draw_search_field(Ctx& c, const SearchViewInput& s, float width) {
  draw_text_field(c, s.query, s.caret, s.focused, c.tr("search.placeholder"), "##search-field", width,
                  c.out.search_field);
}

// The find bar (Ctrl+F in an article): field, "3 of 12", previous, next, close. Floats at the top
// right of the article column.
void draw_find_bar(Ctx& c, const ImVec2& display, float top) {
  const FindInput& f = *c.in.find;
  const Theme& t = c.in.theme;
  const float w = std::min(display.x - 16.f, 520.f * c.text_scale);
  ImGui::SetNextWindowPos(ImVec2(display.x - w - 16.f, top + 8.f));
  ImGui::SetNextWindowSize(ImVec2(w, 0));
  ImGui::PushStyleColor(ImGuiCol_WindowBg, ImGui::ColorConvertU32ToFloat4(t.surface));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(10, 10));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 8.f);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 1.f);
  ImGui::PushStyleColor(ImGuiCol_Border, ImGui::ColorConvertU32ToFloat4(t.text_muted));
  ImGui::Begin("##find", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_AlwaysAutoResize);
  const int n = c.out.find_count;
  const int current = n ? ((f.current % n) + n) % n : 0;
  const std::string count = f.query.empty() ? std::string()
                            : n == 0 ? c.tr("find.none")
                                     : core::format(c.tr("find.count"), {{"i", std::to_string(current + 1)}, {"n", std::to_string(n)}});
  ImGui::PushFont(c.in.fonts.get(kFontUi));
  const float count_w = ImGui::CalcTextSize(visual(c, count).c_str()).x;
  const float button = c.touch ? c.target() : 36.f;
  const float field_w = std::max(80.f, w - 20.f - count_w - 3 * (button + 8.f) - 8.f);
  ImGui::PopFont();
  draw_text_field(c, f.query, f.caret, f.focused, c.tr("find.open"), "##find-field", field_w, c.out.find_field);
  const float row_h = c.out.find_field[3];
  ImGui::SameLine(0, 8.f);
  ImGui::PushFont(c.in.fonts.get(kFontUi));
  ImGui::SetCursorPosY(ImGui::GetCursorPosY() + (row_h - ImGui::GetTextLineHeight()) * 0.5f);
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(n == 0 && !f.query.empty() ? t.error_text : t.text_muted), "%s", visual(c, count).c_str());
  add_target(c, "find-count", count);
  ImGui::PopFont();
  const auto find_button = [&](const char* label, const char* id, const std::string& name, auto action) {
    ImGui::SameLine(0, 8.f);
    ImGui::SetCursorPosY(ImGui::GetCursorPosY() - (row_h - ImGui::GetTextLineHeight()) * 0.5f);
    ImGui::PushID(id);
    if (pill_button(c, label, false, ImVec2(button, row_h))) action();
    ImGui::PopID();
    add_target(c, id, name);
  };
  find_button("\xE2\x80\xB9", "find-previous", c.tr("find.previous"), [&] { c.out.find_step = -1; });
  find_button("\xE2\x80\xBA", "find-next", c.tr("find.next"), [&] { c.out.find_step = +1; });
  find_button("\xC3\x97", "find-close", c.tr("find.close"), [&] { c.out.find_close = true; });
  ImGui::End();
  ImGui::PopStyleColor(2);
  ImGui::PopStyleVar(3);
}

}  // namespace

const std::vector<std::string>& kiosk_keyboard_rows(std::string_view language) {
  static const std::vector<std::string> fr{"1234567890", "azertyuiop", "qsdfghjklm", "wxcvbn",
                                           "\xC3\xA9\xC3\xA8\xC3\xA0\xC3\xA7\xC3\xB9\xC3\xA2\xC3\xAA\xC3\xAE\xC3\xB4\xC3\xBB\xC3\xAB\xC3\xAF"};
  static const std::vector<std::string> es{"1234567890", "qwertyuiop", "asdfghjkl\xC3\xB1", "zxcvbnm", "\xC3\xA1\xC3\xA9\xC3\xAD\xC3\xB3\xC3\xBA\xC3\xBC"};
  static const std::vector<std::string> other{"1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm"};
  // Arabic: the letter rows of the common Arabic keyboard, left to right as on its keys (ض is
  // on Q), and the hamza forms of alef; each key shows its letter's isolated form.
  static const std::vector<std::string> ar{"1234567890", "ضصثقفغعهخحج", "شسيبلاتنمكط", "ئءؤرىةوزظد", "أإآذ"};
  return language == "fr" ? fr : language == "es" ? es : language == "ar" ? ar : other;
}

namespace {

// The kiosk's on-screen keyboard (kiosk_keyboard_rows), Space and Delete.
void draw_kiosk_keyboard(Ctx& c, float width) {
  const std::vector<std::string>& rows = kiosk_keyboard_rows(c.in.language);
  const float gap = 6.f;
  const float key = std::min(64.f, (width - 11 * gap) / 12.f);
  ImGui::PushFont(c.in.fonts.get(kFontUiBold));
  for (const std::string& row : rows) {
    std::vector<std::string> keys;
    for (std::size_t pos = 0; pos < row.size();) {
      const std::size_t start = pos;
      core::utf8_decode(row, pos);
      keys.push_back(row.substr(start, pos - start));
    }
    const float row_w = static_cast<float>(keys.size()) * (key + gap) - gap;
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + std::max(0.f, (width - row_w) * 0.5f));
    for (std::size_t i = 0; i < keys.size(); ++i) {
      if (i) ImGui::SameLine(0, gap);
      ImGui::PushID(keys[i].c_str());
      if (pill_button(c, keys[i].c_str(), false, ImVec2(key, std::max(key, c.target())))) c.out.key = keys[i];
      add_target(c, "key:" + keys[i], keys[i]);
      ImGui::PopID();
    }
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() - std::max(0.f, (width - row_w) * 0.5f));
    vspace(gap);
  }
  const std::string space = c.tr("kiosk.space"), del = c.tr("kiosk.delete");
  if (pill_button(c, space.c_str(), false, ImVec2(width * 0.6f, c.target()))) c.out.key = "space";
  add_target(c, "key:space", space);
  ImGui::SameLine(0, gap);
  if (pill_button(c, del.c_str(), false, ImVec2(width * 0.4f - gap, c.target()))) c.out.key = "delete";
  add_target(c, "key:delete", del);
  ImGui::PopFont();
}

void draw_search(Ctx& c, const SearchViewInput& s, float width) {
  const core::Site& site = c.in.library.site;
  const Theme& t = c.in.theme;
  vspace(20);
  draw_search_field(c, s, width);
  vspace(10);
  // Language filter: every language, or one.
  std::vector<Control> filters;
  const std::string& all = c.tr("search.all");
  filters.push_back({&all, "filter:", &all, s.filter.empty(), true, [](Ctx& x, const std::string&) { x.out.search_filter = std::string(); }});
  const auto& codes = language_codes(c);
  for (std::size_t i = 0; i < site.languages.size(); ++i) {
    const core::Language& l = site.languages[i];
    filters.push_back({&l.name, codes[i].filter_id, &l.name, s.filter == l.code, true,
                       [](Ctx& x, const std::string& code) { x.out.search_filter = code; }, &l.code});
  }
  if (c.rtl) ImGui::SetCursorPosX(ImGui::GetCursorPosX() + std::max(0.f, width - control_row(c, filters, true)));  // from the right
  control_row(c, filters, false);
  vspace(12);
  if (c.kiosk) {
    draw_kiosk_keyboard(c, width);
    vspace(12);
  }
  std::string status;
  if (!s.ready) status = c.tr("status.loading");
  else if (!s.query.empty() && s.total == 0) status = c.tr("search.none");
  else if (!s.query.empty()) status = core::format(c.tr("search.count"), {{"n", std::to_string(s.total)}});
  if (!status.empty()) {
    ImGui::PushFont(c.in.fonts.get(kFontSmall));
    text_line(c, t.text_muted, status, width);
    ImGui::PopFont();
    add_target(c, "search-status", status);
    vspace(8);
  }
  if (!s.hits) return;
  for (std::size_t i = 0; i < s.hits->size(); ++i) {
    const SearchHit& hit = (*s.hits)[i];
    const core::Article& a = *hit.article;
    ImGui::PushID(static_cast<int>(i));
    const ImVec2 start = ImGui::GetCursorScreenPos();
    const float pad = 12.f;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->ChannelsSplit(2);
    dl->ChannelsSetCurrent(1);
    ImGui::SetCursorScreenPos(ImVec2(start.x + pad, start.y + pad));
    draw_text(c, hit.title, kFontHeading3, width - 2 * pad, t.heading, content_dir(c, hit.language));
    vspace(4);
    std::string meta;
    if (a.section_index >= 0) meta = site.sections[static_cast<std::size_t>(a.section_index)].label.pick(c.in.language, site.default_language) + " \xC2\xB7 ";
    meta += core::format_date(a.date, hit.language);
    if (hit.language != c.in.language) meta += " \xC2\xB7 " + core::language_name(site, hit.language);
    ImGui::SetCursorScreenPos(ImVec2(start.x + pad, ImGui::GetCursorScreenPos().y));
    ImGui::PushFont(c.in.fonts.get(kFontSmall));
    text_line(c, t.text_muted, meta, width - 2 * pad);
    ImGui::PopFont();
    vspace(4);
    ImGui::SetCursorScreenPos(ImVec2(start.x + pad, ImGui::GetCursorScreenPos().y));
    draw_spans(c, snippet_spans(c, hit.snippet), kFontBody, width - 2 * pad, t.text, content_dir(c, hit.language));
    const float bottom = ImGui::GetCursorScreenPos().y + pad;
    const bool hovered = ImGui::IsWindowHovered() && ImGui::IsMouseHoveringRect(start, ImVec2(start.x + width, bottom));
    const bool selected = static_cast<int>(i) == s.selected;
    dl->ChannelsSetCurrent(0);
    dl->AddRectFilled(start, ImVec2(start.x + width, bottom), selected ? t.selected : hovered ? t.surface : t.background, 6.f);
    if (selected) dl->AddRect(start, ImVec2(start.x + width, bottom), t.accent, 6.f, 0, 1.5f);
    dl->ChannelsMerge();
    ImGui::SetCursorScreenPos(start);
    ImGui::Dummy(ImVec2(width, bottom - start.y));
    if (selected && c.st.search_selected_seen != s.selected) {  // arrows moved the selection: keep it in view
      if (s.selected > 0 || c.st.search_selected_seen > 0) ImGui::SetScrollHereY(0.5f);  // not when results first appear
      c.st.search_selected_seen = s.selected;
    }
    if (hovered) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    if (hovered && released_without_drag()) c.out.open_hit = static_cast<int>(i);
    add_target(c, "result:" + a.id + ":" + hit.language, hit.title);
    vspace(6);
    ImGui::PopID();
  }
  vspace(32);
}

void draw_not_found(Ctx& c, float width) {
  const Theme& t = c.in.theme;
  vspace(40);
  draw_text(c, c.tr("notfound.title"), kFontTitle, width, t.heading);
  add_target(c, "notfound", c.tr("notfound.title"));
  vspace(12);
  draw_text(c, c.tr("notfound.body"), kFontBody, width, t.text);
  vspace(24);
  const std::string home = "\xE2\x80\xB9 " + c.tr("nav.home");
  const std::string search = c.tr("search.open");
  const auto [go_home, open_search] = button_pair(c, width, home, "notfound-home", search, "notfound-search");
  if (go_home) c.out.go_home = true;
  if (open_search) c.out.open_search = true;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Content problems panel
// ---------------------------------------------------------------------------------------------

// A panel over the page, centred, at most max_w × max_h; returns its width. end_panel() closes it.
float begin_panel(const char* id, const ImVec2& display, float max_w, float max_h, ImVec2 padding = ImVec2(18, 14)) {
  const float w = std::min(display.x - 24.f, max_w), h = std::min(display.y - 48.f, max_h);
  ImGui::SetNextWindowPos(ImVec2((display.x - w) * 0.5f, (display.y - h) * 0.5f));
  ImGui::SetNextWindowSize(ImVec2(w, h));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, padding);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 1.f);
  ImGui::Begin(id, nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
  return w;
}

void end_panel() {
  ImGui::End();
  ImGui::PopStyleVar(2);
}

// The panel's title and its Close button (which clears `open`), then a separator.
void panel_header(Ctx& c, const std::string& title, float w, const char* close_id, bool& open) {
  ImGui::PushFont(c.in.fonts.get(kFontHeading3));
  ImGui::TextUnformatted(visual(c, title).c_str());
  ImGui::PopFont();
  ImGui::SameLine(w - 140.f);
  const std::string close = c.tr("errors.close");
  if (pill_button(c, close.c_str(), false)) open = false;
  add_target(c, close_id, close);
  ImGui::Separator();
}

void draw_errors_panel(Ctx& c, const ImVec2& display) {
  if (!c.st.errors_open) return;
  const Theme& t = c.in.theme;
  const float w = begin_panel("##errors", display, 760.f, 560.f);
  panel_header(c, c.tr("errors.title"), w, "errors-close", c.st.errors_open);
  ImGui::BeginChild("##list", ImVec2(0, 0));
  const float inner = ImGui::GetContentRegionAvail().x - 8.f;
  if (c.in.library.issues.empty()) text_line(c, t.text, c.tr("errors.none"), inner);
  for (const core::LoadIssue& issue : c.in.library.issues) {
    vspace(6);
    ImGui::PushFont(c.in.fonts.get(kFontUiBold));
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(issue.article_skipped ? t.error_text : t.text), "%s", issue.file.c_str());
    ImGui::PopFont();
    ImGui::PushFont(c.in.fonts.get(kFontSmall));
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(t.text_muted), "%s", visual(c, c.tr("errors.field") + ": " + issue.field).c_str());
    if (issue.article_skipped) {  // said in words, not by colour alone
      ImGui::SameLine(0, 12);
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(t.error_text), "%s", visual(c, c.tr("errors.skipped")).c_str());
    }
    ImGui::PopFont();
    draw_text(c, issue.message, kFontBody, inner, t.text);
    add_target(c, "error:" + issue.file, issue.message);
  }
  ImGui::EndChild();
  end_panel();
}

// The offline-use panel: what is stored on this device, how much space, which version.
void draw_offline_panel(Ctx& c, const ImVec2& display) {
  if (!c.st.offline_open || !c.in.offline) return;
  const OfflineStatus& o = *c.in.offline;
  const float w = begin_panel("##offline", display, 560.f, 360.f);
  panel_header(c, c.tr("offline.title"), w, "offline-close", c.st.offline_open);
  add_target(c, "offline-panel", c.tr("offline.title"));
  const float inner = ImGui::GetContentRegionAvail().x - 8.f;
  std::vector<std::string> lines;
  if (o.mode == "file") {
    lines.push_back(c.tr("offline.file"));
  } else if (o.mode == "none") {
    lines.push_back(c.tr("offline.none"));
  } else {
    lines.push_back(core::format(c.tr("offline.articles"), {{"n", std::to_string(o.articles)}, {"total", std::to_string(o.total)}}));
    char size[32];
    if (o.bytes >= 1024.0 * 1024.0) std::snprintf(size, sizeof size, "%.1f MB", o.bytes / (1024.0 * 1024.0));
    else std::snprintf(size, sizeof size, "%.0f KB", o.bytes / 1024.0);
    lines.push_back(core::format(c.tr("offline.space"), {{"size", size}}));
    lines.push_back(c.tr(o.persisted ? "offline.persisted" : "offline.not_persisted"));
  }
  if (o.date.size() >= 10) lines.push_back(core::format(c.tr("offline.build"), {{"date", core::format_date(o.date.substr(0, 10), c.in.language)}}));
  for (const std::string& line : lines) {
    vspace(8);
    draw_text(c, line, kFontBody, inner, c.in.theme.text);
    add_target(c, "offline-line", line);
  }
  end_panel();
}

// A new build was fetched: say so above the content, with "Reload" (acted on in App::on_tap,
// inside the input event). The reader never reloads by itself.
void draw_update_banner(Ctx& c, float width) {
  if (!c.in.update_available) return;
  const Theme& t = c.in.theme;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 p = ImGui::GetCursorScreenPos();
  dl->ChannelsSplit(2);
  dl->ChannelsSetCurrent(1);
  ImGui::SetCursorScreenPos(ImVec2(p.x + 12, p.y + 10));
  const std::string text = c.tr("update.available");
  const std::string reload = c.tr("update.reload");
  ImGui::PushFont(c.in.fonts.get(kFontUiBold));
  ImGui::AlignTextToFramePadding();  // on the Reload button's baseline
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(t.notice_text), "%s", visual(c, text).c_str());
  ImGui::PopFont();
  add_target(c, "update-banner", text);
  ImGui::SameLine(0, 16);
  pill_button(c, reload.c_str(), true);
  add_target(c, "update-reload", reload);
  const float bottom = ImGui::GetItemRectMax().y + 10;
  dl->ChannelsSetCurrent(0);
  dl->AddRectFilled(p, ImVec2(p.x + width, bottom), t.notice_bg, 6.f);
  dl->ChannelsMerge();
  ImGui::SetCursorScreenPos(ImVec2(p.x, bottom));
  ImGui::Dummy(ImVec2(width, 4));
}

// Kiosk: a link shown as a QR code to scan with a phone, with the address as text.
void draw_qr_overlay(Ctx& c, const ImVec2& display) {
  const KioskViewInput& k = *c.in.kiosk;
  if (!k.qr && k.qr_url.empty()) return;
  const float h = std::min(display.y - 48.f, 720.f);
  begin_panel("##qr", display, 640.f, 720.f, ImVec2(24, 20));
  const float inner = ImGui::GetContentRegionAvail().x;
  draw_text(c, c.tr("kiosk.scan"), kFontHeading3, inner, c.in.theme.heading);
  vspace(12);
  if (k.qr) {
    // Dark modules on white with a quiet zone of four modules, whatever the theme.
    const int n = k.qr->size + 8;
    const float module = std::floor(std::min(inner, h - 260.f) / static_cast<float>(n));
    const float side = module * static_cast<float>(n);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const ImVec2 o(p.x + (inner - side) * 0.5f, p.y);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(o, ImVec2(o.x + side, o.y + side), IM_COL32(255, 255, 255, 255));
    for (int y = 0; y < k.qr->size; ++y)
      for (int x = 0; x < k.qr->size; ++x)
        if (k.qr->dark(x, y)) {
          const ImVec2 a(o.x + static_cast<float>(x + 4) * module, o.y + static_cast<float>(y + 4) * module);
          dl->AddRectFilled(a, ImVec2(a.x + module, a.y + module), IM_COL32(0, 0, 0, 255));
        }
    ImGui::Dummy(ImVec2(inner, side));
    add_hit_target(c.out.targets, "qr", {}, k.qr_url, o.x, o.y, side, side);
    vspace(12);
  }
  // The address as text: mailto: and tel: without their scheme.
  std::string shown(k.qr_url);
  for (const char* scheme : {"mailto:", "tel:"})
    if (shown.rfind(scheme, 0) == 0) shown = shown.substr(std::strlen(scheme));
  draw_text(c, shown, kFontBody, inner, c.in.theme.text);
  add_target(c, "qr-address", shown);
  vspace(16);
  const std::string close = c.tr("errors.close");
  if (pill_button(c, close.c_str(), true, ImVec2(inner, c.target()))) c.out.close_qr = true;
  add_target(c, "qr-close", close);
  end_panel();
}

// Kiosk: the attract screen, over everything: a featured headline and "Touch to start" in every
// language. The first touch is handled by App::on_tap (to the headline, or home).
void draw_attract(Ctx& c, const ImVec2& display) {
  const KioskViewInput& k = *c.in.kiosk;
  const core::Site& site = c.in.library.site;
  const Theme& t = c.in.theme;
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(display);
  ImGui::PushStyleColor(ImGuiCol_WindowBg, ImGui::ColorConvertU32ToFloat4(t.accent));
  ImGui::Begin("##attract", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
  const float margin = std::max(32.f, display.x * 0.08f);
  const float inner = display.x - 2 * margin;
  ImGui::SetCursorPos(ImVec2(margin, display.y * 0.2f));
  draw_text(c, site.organisation.pick(k.home_language, site.default_language), kFontHeading3, inner, t.accent_text);
  vspace(24);
  if (k.headline) {
    const core::ChosenTranslation chosen = core::choose_translation(*k.headline, k.home_language, site);
    const ImVec2 top = ImGui::GetCursorScreenPos();
    ImGui::SetCursorPosX(margin);
    if (chosen.translation) draw_text(c, chosen.translation->title, kFontTitle, inner, t.accent_text);
    vspace(12);
    ImGui::SetCursorPosX(margin);
    if (chosen.translation && !chosen.translation->summary.empty()) draw_text(c, chosen.translation->summary, kFontBody, inner, t.accent_text);
    const ImVec2 bottom = ImGui::GetCursorScreenPos();
    add_hit_target(c.out.targets, "attract:", k.headline->id, chosen.translation ? chosen.translation->title : k.headline->id, margin, top.y, inner,
                   bottom.y - top.y);
  }
  vspace(48);
  std::string touch;
  for (const core::Language& l : site.languages) touch += (touch.empty() ? "" : "   \xC2\xB7   ") + tr(site, l.code, "kiosk.touch");
  ImGui::SetCursorPosX(margin);
  draw_text(c, touch, kFontHeading3, inner, t.accent_text);
  add_hit_target(c.out.targets, "attract", {}, touch, 0, 0, display.x, display.y);
  ImGui::End();
  ImGui::PopStyleColor();
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Replayed parts
// ---------------------------------------------------------------------------------------------
// The header and the section column cost about a sixth of a frame that only scrolls the
// article (ImGui's buttons, labels looked up, hit targets; bench/reading.mjs), and such a frame
// draws them exactly as the frame before did; the article's head too, moved by the scroll. So
// a part can be drawn again from what the last frame that drew it put in its window's draw
// list, kept as retained geometry that the renderer keeps on the GPU (platform/retained.h: no
// vertex is written or uploaded), with its hit targets and its layout cursor.
//
// Contract: a part is drawn again only when all of these hold, else it is drawn as usual (and what
// it drew is kept for the next frames):
//  - its key is the one it was kept with: everything the part is drawn from (part_key);
//  - the mouse is outside the part's rectangle, now and when it was kept (so no hover is drawn
//    in it), and no mouse button is down or released in this frame (no press, click or drag);
//  - it was kept from one draw command, and the window's command now has the same clip
//    rectangle and texture;
//  - a part that moves with its window's scroll (the article's head) is drawn again moved by
//    whole pixels, and was kept from a frame that showed all of it.
// A change the key cannot see (a new site.json) clears what was kept (ViewState::clear_caches).

// Everything the header, the section column or the article's head (`part`: 0, 1 or 2) is drawn
// from, as one number (KeyHash, document_view.h).
// `pos`, `size`: the part's rectangle; the section column's scroll is in it too.
// A part that `moves` (the article's head, scrolled with the column) is keyed without its
// vertical place and its window's scroll: it is drawn again moved by whole pixels.
std::uint64_t part_key(const Ctx& c, int part, ImVec2 pos, ImVec2 size, bool moves) {
  const ViewInput& in = c.in;
  const core::Library& lib = in.library;
  KeyHash k;
  const double numbers[] = {static_cast<double>(part), pos.x, moves ? 0.0 : pos.y, size.x, size.y, moves ? 0.0 : ImGui::GetScrollY(),
                            c.scale, c.text_scale,
                            static_cast<double>(in.fonts.generation()),
                            static_cast<double>(reinterpret_cast<std::uintptr_t>(&lib)),
                            static_cast<double>(lib.issues.size()), static_cast<double>(lib.site.sections.size()),
                            static_cast<double>(lib.site.languages.size())};
  k.bytes(numbers, sizeof numbers);
  const bool flags[] = {c.touch, c.kiosk, c.rtl, in.search != nullptr, in.not_found, in.dark, in.can_shrink_text, in.can_grow_text,
                        in.offline != nullptr, c.st.nav_open, c.st.errors_open, c.st.offline_open};
  k.bytes(flags, sizeof flags);
  k.bytes(&in.theme, sizeof in.theme);
  k.text(in.language), k.text(in.section), k.text(in.article), k.text(c.st.expanded_for);
  std::uint64_t open = 0;  // the open sections, in any order (an unordered_map's order is not its content)
  for (const auto& [index, is_open] : c.st.menu_open) open += (static_cast<std::uint64_t>(index) * 2 + (is_open ? 1 : 0) + 1) * 0x9E3779B97F4A7C15ull;
  k.bytes(&open, sizeof open);
  return k.h;
}

// The mouse may change nothing in a part outside `min`..`max` in this frame.
bool pointer_away(ImVec2 min, ImVec2 max) {
  const ImGuiIO& io = ImGui::GetIO();
  for (int b = 0; b < IM_ARRAYSIZE(io.MouseDown); ++b)
    if (io.MouseDown[b] || io.MouseReleased[b]) return false;
  return !ImGui::IsMouseHoveringRect(min, max, false);
}

bool same_command(const ImDrawCmdHeader& a, const ImDrawCmdHeader& b) {
  return std::memcmp(&a.ClipRect, &b.ClipRect, sizeof a.ClipRect) == 0 && a.TextureId == b.TextureId;
}

// Draws a part, `min`..`max` on screen: by drawing again what was kept when the contract above
// allows (moved by whole pixels when it `moves` with its window's scroll), else with draw(),
// keeping what it drew when the pointer is away.
void draw_part(Ctx& c, ViewState::Replay& r, int part, ImVec2 min, ImVec2 max, bool moves, PartDraw draw) {
  ImGuiWindow* window = ImGui::GetCurrentWindow();
  ImDrawList* dl = window->DrawList;
  const bool away = c.st.replay_parts && pointer_away(min, max);
  const std::uint64_t key = away ? part_key(c, part, min, ImVec2(max.x - min.x, max.y - min.y), moves) : 0;
  const ImVec2 by(0.f, min.y - r.origin.y);  // whole pixels: ImGui keeps whole-pixel scroll positions
  if (away && r.valid && r.key == key && same_command(r.command, dl->_CmdHeader) && by.y == (moves ? std::round(by.y) : 0.f)) {
    r.geometry.offset = by;
    platform::add_retained(dl, r.geometry);  // drawn from the GPU, where it stays while replayed
    for (const HitTarget& t : r.targets)  // as ImGui adds items: those out of the window's view are left out
      if (!moves || ImRect(t.x, t.y + by.y, t.x + t.w, t.y + by.y + t.h).Overlaps(window->ClipRect))
        add_hit_target(c.out.targets, t.id, {}, t.label, t.x, t.y + by.y, t.w, t.h);
    window->DC.CursorPos = ImVec2(r.cursor.x, r.cursor.y + by.y);
    window->DC.CursorMaxPos = ImMax(window->DC.CursorMaxPos, ImVec2(r.cursor_max.x, r.cursor_max.y + by.y));
    c.languages_in_menu = r.languages_in_menu;
    ++c.st.parts_replayed;
    return;
  }
  r.valid = false;
  const int vtx0 = dl->VtxBuffer.Size, idx0 = dl->IdxBuffer.Size, cmds0 = dl->CmdBuffer.Size;
  const ImDrawCmdHeader command0 = dl->_CmdHeader;
  const unsigned base = dl->_VtxCurrentIdx;
  const std::size_t targets0 = c.out.targets.size();
  draw();
  // Kept only from one command (no clip rectangle or texture change inside the part) and
  // while the pointer was away; a part of 32,768 vertices or more is not worth keeping.
  const int nv = dl->VtxBuffer.Size - vtx0;
  // A moving part is kept only when all of it was in view: ImGui leaves out what is clipped
  // (lines of text, whole items), which could come into view where it is drawn again.
  if (moves && (min.y < dl->GetClipRectMin().y || max.y > dl->GetClipRectMax().y)) return;
  if (!away || dl->CmdBuffer.Size != cmds0 || !same_command(dl->_CmdHeader, command0) || dl->_CmdHeader.VtxOffset != command0.VtxOffset ||
      nv >= 32768)
    return;
  platform::RetainedGeometry& g = r.geometry;
  g.vertices.assign(dl->VtxBuffer.Data + vtx0, dl->VtxBuffer.Data + dl->VtxBuffer.Size);
  g.indices.resize(static_cast<std::size_t>(dl->IdxBuffer.Size - idx0));
  for (std::size_t i = 0; i < g.indices.size(); ++i) {
    const unsigned v = dl->IdxBuffer.Data[static_cast<std::size_t>(idx0) + i];
    if (v < base || v - base >= static_cast<unsigned>(nv)) return;  // refers outside the part: not kept
    g.indices[i] = static_cast<ImDrawIdx>(v - base);
  }
  g.id = platform::next_retained_id();
  g.texture = command0.TextureId;
  g.offset = ImVec2(0, 0);
  r.targets.clear();
  for (const HitTarget* t = c.out.targets.begin() + targets0; t != c.out.targets.end(); ++t)
    add_hit_target(r.targets, t->id, {}, t->label, t->x, t->y, t->w, t->h);
  r.command = command0;
  r.cursor = window->DC.CursorPos;
  r.cursor_max = window->DC.CursorMaxPos;
  r.origin = min;
  r.languages_in_menu = c.languages_in_menu;
  r.key = key;
  r.valid = true;
}

// Drag-to-scroll for touch in the menu panel (the main column has its own Scroller).
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
  const ImGuiIO& io = ImGui::GetIO();
  const ImVec2 display = io.DisplaySize;
  const bool wide = display.x >= kWideLayout;
  Ctx c{in, st, out, io.FontGlobalScale, in.fonts.size(kFontBody) / 18.f};
  c.kiosk = in.kiosk && in.kiosk->on;
  c.touch = !wide || io.MouseSource == ImGuiMouseSource_TouchScreen || c.kiosk;
  c.rtl = in.library.site.is_rtl(in.language);
  if (const auto it = in.library.site.strings.find(in.language); it != in.library.site.strings.end()) c.strings = &it->second;
  if (wide) st.nav_open = false;

  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(display);
  // No background fill: the renderer clears the framebuffer to the window background colour.
  ImGui::Begin("##reader", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                                        ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse |
                                        ImGuiWindowFlags_NoBackground);
  ImGui::PushFont(in.fonts.get(kFontUi));
  // Phones: every control at least 44 CSS px tall.
  const float text_h = ImGui::GetTextLineHeight();
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(10.f, c.touch ? std::max(6.f, (c.target() - text_h) * 0.5f) : 6.f));
  if (!in.library.site_ok) {
    ImGui::SetCursorPos(ImVec2(24, 24));
    ImGui::TextUnformatted(in.library.issues.empty() ? "..." : "site.json could not be loaded:");
    for (const core::LoadIssue& i : in.library.issues) ImGui::TextWrapped("%s: %s: %s", i.file.c_str(), i.field.c_str(), i.message.c_str());
    ImGui::PopStyleVar();
    ImGui::PopFont();
    ImGui::End();
    return;
  }
  {
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float h = header_height(c, wide);
    // The header's background and rule are drawn at every frame, also when the rest is drawn
    // again from the GPU: ImGui puts a child window's background and scrollbar in its parent's
    // draw list only when that list has vertices, so the columns below are drawn alike both ways.
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p, ImVec2(p.x + display.x, p.y + h), in.theme.surface);
    dl->AddLine(ImVec2(p.x, p.y + h - 1), ImVec2(p.x + display.x, p.y + h - 1), in.theme.rule);
    draw_part(c, st.header_replay, 0, p, ImVec2(p.x + display.x, p.y + h), false, PartDraw([&] { draw_header(c, display.x, wide); }));
    ImGui::SetCursorScreenPos(ImVec2(p.x, p.y + h));
  }
  const float body_h = display.y - ImGui::GetCursorPosY();

  // Columns, left to right: navigation, article, table of contents. Right to left the page
  // mirrors: navigation at the right edge, the table of contents beside it (also on the right,
  // where a right-to-left reader starts), the article on the left.
  const auto draw_nav_column = [&] {
    ImGui::PushStyleColor(ImGuiCol_ChildBg, ImGui::ColorConvertU32ToFloat4(in.theme.surface));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(12, 16));
    ImGui::BeginChild("##nav", ImVec2(kSidebarWidth * c.text_scale, body_h), ImGuiChildFlags_AlwaysUseWindowPadding);
    const ImVec2 nav_min = ImGui::GetWindowPos(), nav_max(nav_min.x + ImGui::GetWindowWidth(), nav_min.y + ImGui::GetWindowHeight());
    draw_part(c, st.nav_replay, 1, nav_min, nav_max, false, PartDraw([&] { draw_navigation(c); }));
    ImGui::EndChild();
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();
  };
  if (wide && !c.rtl) {
    draw_nav_column();
    ImGui::SameLine(0, 0);
  }

  const bool over = in.search || in.not_found;  // a view shown over the section/article
  const core::Article* article = in.article.empty() || over ? nullptr : in.library.find_article(in.article);
  // A table of contents column beside the article when the screen has room for both.
  const float main_w = display.x - (wide ? kSidebarWidth * c.text_scale : 0.f);
  const float toc_w = 260.f * c.text_scale;
  const bool toc_column = article && main_w >= kReadingWidth * c.text_scale + toc_w + 96.f;

  // Main column: a centred reading width with comfortable margins.
  std::string& view_key = st.view_key;  // rebuilt in place at every frame
  if (in.not_found) view_key.assign("notfound");
  else if (in.search) view_key.assign("search|").append(in.search->filter).append("|").append(in.search->query);
  else view_key.assign(in.language).append("|").append(in.section).append("|").append(in.article);
  if (st.scrolled_for != view_key) {
    ImGui::SetNextWindowScroll(ImVec2(0, 0));
    st.title_top = -1;
    st.main_scroll.reset();
    st.toc_chosen = -1;
    st.scrolled_for = view_key;
  }
  const float main_child_w = toc_column ? main_w - toc_w : wide && c.rtl ? main_w : 0.f;  // 0: the rest of the row
  ImGui::BeginChild("##main", ImVec2(main_child_w, body_h), ImGuiChildFlags_None, ImGuiWindowFlags_NoScrollWithMouse);
  st.main_top = ImGui::GetWindowPos().y;
  // Vertical rhythm in the reading column comes from the blocks' own spacing only.
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(8, 0));
  const float avail = ImGui::GetContentRegionAvail().x;
  const float margin = display.x < 480 ? 16.f : 28.f;
  const float column = std::min(kReadingWidth * c.text_scale, avail - 2 * margin);
  const float left = std::max(margin, (avail - column) * 0.5f);
  ImGui::Indent(left);
  // The section being read: the last heading above a point a quarter down the view.
  // The section being read: the last heading above a line just below the top of the view; at
  // the very end, the last heading on screen (a short last section never reaches that line);
  // right after a choice in the table of contents, that choice.
  if (article && st.body.document) {
    const bool at_end = ImGui::GetScrollMaxY() > 0 && ImGui::GetScrollY() >= ImGui::GetScrollMaxY() - 1.f;
    const float probe = ImGui::GetScrollY() + (at_end ? ImGui::GetWindowHeight() * 0.9f : 64.f * c.text_scale) - st.body_top;
    out.toc_current = st.toc_chosen >= 0 ? st.toc_chosen : st.body.layout.heading_at(probe);
  }
  if (in.update_available) { vspace(12); draw_update_banner(c, column); }
  if (in.not_found) draw_not_found(c, column);
  else if (in.search) draw_search(c, *in.search, column);
  else if (article) draw_article(c, *article, column, !toc_column);
  else draw_list(c, column);
  ImGui::Unindent(left);
  ImGui::PopStyleVar();
  // A position to restore (reload, back, forward): applied once the view is tall enough for it
  // (an article's body may still be on its way), or after a few frames at most.
  if (st.restore_scroll >= 0) {
    const bool content_ready = !article || article->body_loaded;
    if (content_ready && (ImGui::GetScrollMaxY() >= st.restore_scroll || ++st.restore_wait > 6)) {
      ImGui::SetScrollY(std::min(st.restore_scroll, ImGui::GetScrollMaxY()));
      st.main_scroll.reset();
      st.restore_scroll = -1;
    }
    out.wants_more_frames = true;
  }
  // The page's mirror moved the keyboard focus to a control of this column: scroll it into view.
  if (st.focus_reveal && !in.focus.empty()) {
    const float top = ImGui::GetWindowPos().y, height = ImGui::GetWindowHeight();
    for (const HitTarget& t : out.targets) {
      if (t.id != in.focus) continue;
      if (t.y < top || t.y + t.h > top + height) st.main_scroll.scroll_to(ImGui::GetScrollY() + (t.y - top) - height / 3.f);
      st.focus_reveal = false;
      break;
    }
  }
  const bool nothing_over = !(st.nav_open || st.errors_open || st.offline_open || (c.kiosk && (in.kiosk->qr || !in.kiosk->qr_url.empty() || in.kiosk->attract)));
  if (st.main_scroll.update({in.reduced_motion, nothing_over})) out.wants_more_frames = true;
  if (st.main_scroll.moved_by_user()) st.toc_chosen = -1;
  out.scroll_y = ImGui::GetScrollY();
  out.scroll_max = ImGui::GetScrollMaxY();
  ImGui::EndChild();

  if (toc_column) {
    ImGui::SameLine(0, 0);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(8, 90));
    ImGui::BeginChild("##toc", ImVec2(toc_w, body_h), ImGuiChildFlags_AlwaysUseWindowPadding);
    if (st.body.document) draw_toc(c, st.body.layout, toc_w - 32.f);
    ImGui::EndChild();
    ImGui::PopStyleVar();
  }
  if (wide && c.rtl) {
    ImGui::SameLine(0, 0);
    draw_nav_column();
  }

  if (in.find && !in.article.empty() && !in.search) draw_find_bar(c, display, header_height(c, wide));
  if (!wide && st.nav_open) {  // the section menu (and reading settings) as a panel over the content
    const float top = header_height(c, wide);
    const float panel_w = std::min(display.x, 340.f);
    ImGui::SetNextWindowPos(ImVec2(c.rtl ? display.x - panel_w : 0.f, top));  // from the reading direction's start
    ImGui::SetNextWindowSize(ImVec2(panel_w, display.y - top));
    ImGui::PushStyleColor(ImGuiCol_WindowBg, ImGui::ColorConvertU32ToFloat4(in.theme.surface));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(12, 16));
    ImGui::Begin("##navpanel", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
    if (c.languages_in_menu) {
      std::vector<Control> languages;
      add_language_controls(c, languages);
      control_row(c, languages, false, true);
      vspace(12);
    }
    std::vector<Control> settings;
    add_reading_controls(c, settings);
    control_row(c, settings, false, true);
    vspace(12);
    draw_navigation(c);
    touch_scroll();
    const ImVec2 pmin = ImGui::GetWindowPos(), pmax(pmin.x + ImGui::GetWindowWidth(), pmin.y + ImGui::GetWindowHeight());
    const float edge = c.rtl ? pmin.x : pmax.x;  // the panel's inner edge
    ImGui::GetForegroundDrawList()->AddLine(ImVec2(edge, pmin.y), ImVec2(edge, pmax.y), in.theme.rule, 1.f);
    // A tap beside the panel closes it (the content under that tap reacts as usual).
    if (released_without_drag() && !ImGui::IsMouseHoveringRect(pmin, pmax, false) &&
        !ImGui::IsMouseHoveringRect(ImVec2(0, 0), ImVec2(display.x, top), false))
      st.nav_open = false;
    ImGui::End();
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();
  }
  draw_errors_panel(c, display);
  draw_offline_panel(c, display);
  if (c.kiosk) {
    draw_qr_overlay(c, display);
    if (in.kiosk->attract) draw_attract(c, display);
    if (in.kiosk->shield) {  // takes the hover (and so the click) of the touch that dismissed an overlay
      ImGui::SetNextWindowPos(ImVec2(0, 0));
      ImGui::SetNextWindowSize(display);
      ImGui::Begin("##shield", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBackground);
      ImGui::End();
    }
  }
  if (!in.notice.empty()) {  // a short message at the bottom ("Link copied")
    ImGui::PushFont(in.fonts.get(kFontUiBold));
    const std::string notice = visual(c, std::string(in.notice));
    const ImVec2 size = ImGui::CalcTextSize(notice.c_str());
    const ImVec2 p((display.x - size.x) * 0.5f - 16.f, display.y - size.y - 48.f);
    ImDrawList* fg = ImGui::GetForegroundDrawList();
    fg->AddRectFilled(p, ImVec2(p.x + size.x + 32.f, p.y + size.y + 20.f), in.theme.heading, 8.f);
    fg->AddText(ImVec2(p.x + 16.f, p.y + 10.f), in.theme.background, notice.c_str());
    ImGui::PopFont();
    add_hit_target(out.targets, "notice", {}, in.notice, p.x, p.y, size.x + 32.f, size.y + 20.f);
  }
  // The keyboard focus (moved in the page's semantic mirror): a ring around its control.
  if (!in.focus.empty()) {
    for (const HitTarget& t : out.targets) {
      if (t.id != in.focus) continue;
      ImDrawList* fg = ImGui::GetForegroundDrawList();
      fg->AddRect(ImVec2(t.x - 3.f, t.y - 3.f), ImVec2(t.x + t.w + 3.f, t.y + t.h + 3.f), in.theme.focus, 4.f, 0, 3.f);
      break;
    }
  }
  ImGui::PopStyleVar();
  ImGui::PopFont();
  ImGui::End();
}

}  // namespace reader::ui
