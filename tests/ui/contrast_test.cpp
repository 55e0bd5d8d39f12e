// WCAG 2.1 AA contrast of both themes, computed from the theme's own colours (relative
// luminance and contrast ratio as WCAG 2.1 defines them): 4.5:1 for text on every background
// the views draw it on, 3:1 for interface elements and large text.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "ui/theme.h"

using reader::ui::Theme;

namespace {

double channel(unsigned v) {
  const double c = v / 255.0;
  return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}
double luminance(ImU32 c) {
  return 0.2126 * channel((c >> IM_COL32_R_SHIFT) & 0xFF) + 0.7152 * channel((c >> IM_COL32_G_SHIFT) & 0xFF) +
         0.0722 * channel((c >> IM_COL32_B_SHIFT) & 0xFF);
}
double ratio(ImU32 a, ImU32 b) {
  const double la = luminance(a), lb = luminance(b);
  return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

struct Pair {
  const char* what;
  ImU32 Theme::*fg;
  ImU32 Theme::*bg;
};

// Text drawn by the views, and on what.
constexpr Pair kText[] = {
    {"body text on the page", &Theme::text, &Theme::background},
    {"body text on buttons and cards", &Theme::text, &Theme::surface},
    {"body text on the selected entry", &Theme::text, &Theme::selected},
    {"body text on code", &Theme::text, &Theme::code_bg},
    {"body text on a search mark", &Theme::text, &Theme::mark},
    {"muted text (dates, counts) on the page", &Theme::text_muted, &Theme::background},
    {"muted text on panels", &Theme::text_muted, &Theme::surface},
    {"headings on the page", &Theme::heading, &Theme::background},
    {"headings on panels", &Theme::heading, &Theme::surface},
    {"headings on the selected entry", &Theme::heading, &Theme::selected},
    {"links on the page", &Theme::link, &Theme::background},
    {"hovered links on the page", &Theme::link_hover, &Theme::background},
    {"links on panels", &Theme::link, &Theme::surface},
    {"label of a selected button", &Theme::accent_text, &Theme::accent},
    {"notice text", &Theme::notice_text, &Theme::notice_bg},
    {"error text on the page", &Theme::error_text, &Theme::background},
    {"error text on panels", &Theme::error_text, &Theme::surface},
    {"toast (page colour on heading colour)", &Theme::background, &Theme::heading},
};

// Interface elements: their boundary or fill against what surrounds them.
constexpr Pair kInterface[] = {
    {"focus ring on the page", &Theme::focus, &Theme::background},
    {"focus ring on panels", &Theme::focus, &Theme::surface},
    {"selected button on the page", &Theme::accent, &Theme::background},
    {"selected button on panels", &Theme::accent, &Theme::surface},
    {"current contents entry bar", &Theme::accent, &Theme::selected},
    {"quote bar", &Theme::quote_bar, &Theme::background},
    {"scroll bar", &Theme::text_muted, &Theme::background},
};

void check(const char* theme_name, const Theme& t) {
  for (const Pair& p : kText) {
    const double r = ratio(t.*p.fg, t.*p.bg);
    CAPTURE(theme_name);
    CAPTURE(p.what);
    CAPTURE(r);
    CHECK(r >= 4.5);
  }
  for (const Pair& p : kInterface) {
    const double r = ratio(t.*p.fg, t.*p.bg);
    CAPTURE(theme_name);
    CAPTURE(p.what);
    CAPTURE(r);
    CHECK(r >= 3.0);
  }
}

}  // namespace

TEST_CASE("contrast: the formula gives WCAG's reference values") {
  CHECK(ratio(IM_COL32(0, 0, 0, 255), IM_COL32(255, 255, 255, 255)) == doctest::Approx(21.0));
  CHECK(ratio(IM_COL32(0x77, 0x77, 0x77, 255), IM_COL32(255, 255, 255, 255)) == doctest::Approx(4.48).epsilon(0.01));
  CHECK(ratio(IM_COL32(0x76, 0x76, 0x76, 255), IM_COL32(255, 255, 255, 255)) >= 4.5);
}

TEST_CASE("contrast: the light theme meets WCAG AA") { check("light", reader::ui::light_theme()); }

TEST_CASE("contrast: the dark theme meets WCAG AA") { check("dark", reader::ui::dark_theme()); }
