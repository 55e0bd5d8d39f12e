// Colours of the reader (light and dark), applied to ImGui's style and used by the views.
#pragma once
#include <imgui.h>

namespace reader::ui {

struct Theme {
  ImU32 background, surface, text, text_muted, heading, accent, accent_text, link, link_hover,
      rule, quote_bar, notice_bg, notice_text, error_text, code_bg, selected,
      mark;  // background of words found by a search (text on it keeps its contrast)
};

const Theme& light_theme();
const Theme& dark_theme();

// Sets ImGui's style colours and metrics from `theme` (call once per change, not per frame).
void apply_theme(const Theme& theme);

}  // namespace reader::ui
