// Colours of the reader (light and dark), applied to ImGui's style and used by the views.
// Contract (WCAG 2.1 AA, checked by tests/ui/contrast_test.cpp): every text colour reaches 4.5:1
// on every background it is drawn on; interface elements (focus ring, selected states, scroll
// bar, quote bars) reach 3:1.
#pragma once
#include <imgui.h>

namespace reader::ui {

struct Theme {
  ImU32 background, surface, text, text_muted, heading, accent, accent_text, link, link_hover,
      rule, quote_bar, notice_bg, notice_text, error_text, code_bg, selected,
      mark,   // background of words found by a search (text on it keeps its contrast)
      focus;  // the keyboard focus ring (3:1 or more against background and surface)
};

const Theme& light_theme();
const Theme& dark_theme();

// Sets ImGui's style colours and metrics from `theme` (call once per change, not per frame).
void apply_theme(const Theme& theme);

}  // namespace reader::ui
