// The reader's views: header with language switch, section navigation, article list, article,
// and the content-problems panel. Draws core state; holds only view state; does no I/O.
//
// Contract: draw_reader() reads the library and the navigation state it is given and reports
// what the user asked for in ViewOutput; the app applies it. It never changes the library.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/content_loader.h"
#include "core/layout.h"
#include "fonts.h"
#include "theme.h"

namespace reader::ui {

struct ViewInput {
  const core::Library& library;
  std::string_view language;
  std::string_view section;  // "" = home (latest news from every section)
  std::string_view article;  // "" = the list of the section
  const FontSet& fonts;
  const Theme& theme;
};

// A clickable thing drawn this frame, in CSS pixels from the canvas's top left. Published
// through the state hook so tests (and later the accessibility mirror) can find it.
struct HitTarget {
  std::string id;     // "lang:fr", "section:what-we-do", "article:<id>", "back", "errors", "link:<url>"
  std::string label;  // the text shown
  float x = 0, y = 0, w = 0, h = 0;
};

struct ViewOutput {
  std::optional<std::string> language;  // switch to this language
  std::optional<std::string> section;   // show this section's list ("" = home)
  std::optional<std::string> article;   // open this article
  bool back = false;                    // from an article back to its list
  // Links appear as "link:<url>" targets (allowed links only); the app opens them when a tap
  // is released on one, from inside the input event, so pop-up blockers let the tab open.
  std::vector<HitTarget> targets;
  std::string shown_title;              // title of the article drawn, if any
  bool wants_more_frames = false;       // something is still moving
};

// Per-view state kept between frames: caches of laid-out text and open panels.
struct ViewState {
  struct CachedText {
    float width = -1;
    int font_generation = -1;
    int base_font = -1;
    std::vector<core::TextRun> runs;
    core::WrappedText wrapped;
  };
  std::unordered_map<const void*, CachedText> text_cache;  // keyed by the span vector drawn
  std::unordered_map<std::string, std::vector<core::Span>> plain_spans;  // plain strings as spans
  std::unordered_map<const void*, std::vector<core::Span>> derived_spans;  // e.g. code blocks split by line
  std::unordered_map<const void*, std::vector<std::vector<core::Span>>> contact_lines;
  bool errors_open = false;
  bool nav_open = false;           // narrow screens: the section menu is a panel
  std::string scrolled_for;        // the view the main scroll position belongs to
  std::string expanded_for;        // the section whose ancestors were last opened in the tree

  // Forget cached layouts (content reloaded).
  void clear_caches() {
    text_cache.clear();
    plain_spans.clear();
    derived_spans.clear();
    contact_lines.clear();
  }
};

void draw_reader(const ViewInput& in, ViewState& state, ViewOutput& out);

}  // namespace reader::ui
