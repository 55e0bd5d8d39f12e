// Light and dark palettes. Body text on background is above 7:1 in both; muted text above 4.5:1.
#include "theme.h"

namespace reader::ui {

namespace {
constexpr ImU32 rgb(unsigned v) { return IM_COL32((v >> 16) & 0xFF, (v >> 8) & 0xFF, v & 0xFF, 0xFF); }
ImVec4 vec(ImU32 c) { return ImGui::ColorConvertU32ToFloat4(c); }
}  // namespace

const Theme& light_theme() {
  static const Theme t{rgb(0xFFFFFF), rgb(0xF3F5F8), rgb(0x1B1F24), rgb(0x4F5966), rgb(0x0B2E59), rgb(0x0A4D8C),
                       rgb(0xFFFFFF), rgb(0x0A58A8), rgb(0x063B73), rgb(0xD5DAE1), rgb(0x0A4D8C), rgb(0xFFF4D6),
                       rgb(0x5C4300), rgb(0xA1121C), rgb(0xEDEFF2), rgb(0xDCE6F2), rgb(0xFFE680),
                       rgb(0xB8430A)};
  return t;
}

const Theme& dark_theme() {
  static const Theme t{rgb(0x121417), rgb(0x1D2126), rgb(0xE6E8EB), rgb(0xA9B1BC), rgb(0xD6E6FA), rgb(0x5AA7F0),
                       rgb(0x0B1420), rgb(0x7DB9F5), rgb(0xAED3FA), rgb(0x343A42), rgb(0x5AA7F0), rgb(0x3A3014),
                       rgb(0xF5DFA0), rgb(0xFF8A8F), rgb(0x262B31), rgb(0x23344A), rgb(0x5C4A00),
                       rgb(0xFFB86B)};
  return t;
}

void apply_theme(const Theme& t) {
  ImGuiStyle& s = ImGui::GetStyle();
  s = ImGuiStyle();
  s.WindowPadding = ImVec2(0, 0);
  s.WindowRounding = 0;
  s.WindowBorderSize = 0;
  s.ChildBorderSize = 0;
  s.FramePadding = ImVec2(10, 6);
  s.FrameRounding = 4;
  s.ItemSpacing = ImVec2(8, 6);
  s.ScrollbarSize = 12;
  s.ScrollbarRounding = 6;
  s.IndentSpacing = 16;
  // Every window of the reader is placed by the views; ImGui's implicit "Debug" window (never
  // drawn, see App::build_frame) has no collapse button and may be kept wholly off screen.
  s.WindowMenuButtonPosition = ImGuiDir_None;
  s.DisplayWindowPadding = ImVec2(0, 0);
  ImVec4* c = s.Colors;
  c[ImGuiCol_WindowBg] = vec(t.background);
  // Child windows draw no background of their own (the one that needs another colour pushes
  // it): under them is the same background, and each full-window fill is a blended quad the
  // GPU (on phones, or SwiftShader on the CPU) covers again at every frame.
  c[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 0);
  c[ImGuiCol_PopupBg] = vec(t.surface);
  c[ImGuiCol_Text] = vec(t.text);
  c[ImGuiCol_TextDisabled] = vec(t.text_muted);
  c[ImGuiCol_Border] = vec(t.rule);
  c[ImGuiCol_Separator] = vec(t.rule);
  c[ImGuiCol_Button] = vec(t.surface);
  c[ImGuiCol_ButtonHovered] = vec(t.rule);
  c[ImGuiCol_ButtonActive] = vec(t.accent);
  c[ImGuiCol_Header] = vec(t.selected);
  c[ImGuiCol_HeaderHovered] = vec(t.rule);
  c[ImGuiCol_HeaderActive] = vec(t.rule);
  c[ImGuiCol_ScrollbarBg] = vec(t.background);
  c[ImGuiCol_ScrollbarGrab] = vec(t.text_muted);  // 3:1 or more: the scroll bar is a control
  c[ImGuiCol_ScrollbarGrabHovered] = vec(t.text);
  c[ImGuiCol_ScrollbarGrabActive] = vec(t.text);
  c[ImGuiCol_NavHighlight] = vec(t.accent);
  c[ImGuiCol_FrameBg] = vec(t.surface);
  c[ImGuiCol_ModalWindowDimBg] = ImVec4(0, 0, 0, 0.45f);
  c[ImGuiCol_TitleBg] = vec(t.surface);
  c[ImGuiCol_TitleBgActive] = vec(t.surface);
}

}  // namespace reader::ui
