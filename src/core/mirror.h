// The semantic mirror: the reader's current view as HTML that assistive technology, the
// browser's find, copy, print and translation tools understand (the canvas is opaque to all of
// them). The shell keeps it in the page, visually hidden beside the canvas, or shows it as the
// page itself in text mode.
//
// Contract:
// - The HTML is built only from the model (never from an article's raw text as markup): every
//   text and attribute value is escaped; links are kept only when is_allowed_link() accepts them
//   (http, https, mailto, tel); images point into the bundle by a data-src path the shell
//   resolves. No element carries an event handler, a style or a script.
// - Every control the canvas draws has a counterpart with the same key in `data-key` (the hit
//   target ids of the canvas: "section:<id>", "article:<id>", "lang:<code>", "toc:<n>", "back",
//   "theme", "text-smaller", "text-larger", "search", "link:<url>"), so focus and activation can
//   be passed between the two. Its first element is a "Skip to content" button (key "skip")
//   that moves the focus to <main>.
// - Navigation is by real links to the reader's hash routes (route.h); actions that are not
//   navigation are <button data-key> elements the shell hands back to the reader.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "content_loader.h"
#include "route.h"

namespace reader::core {

// One search result as the mirror lists it.
struct MirrorHit {
  std::string article_id;
  std::string language;  // of the matching translation
  std::string title;
  std::string snippet;
  std::vector<std::pair<std::size_t, std::size_t>> marks;  // byte ranges of `snippet` to mark
};

struct MirrorView {
  Route route;               // the view shown (kind, id, query, filter)
  std::string language;      // the interface language
  bool dark = false;         // the theme on now (the switch offers the other)
  bool can_shrink_text = true, can_grow_text = true;
  bool text_mode = false;    // the mirror is the page (text mode): says so on its switch
  // Search: whether the index is loaded, how many documents match, the results shown.
  bool search_ready = false;
  std::size_t search_total = 0;
  std::vector<MirrorHit> hits;
  std::size_t list_limit = 200;  // cards listed at most (a bundle may hold 100,000)
};

struct Mirror {
  std::string html;       // the view's markup (header, navigation, main)
  std::string language;   // the language of the main content (lang attribute)
  std::string announce;   // what a screen reader hears on arrival ("Article: …", "12 results")
};

// Renders the view. `view.route.kind == article` with an article whose body is not loaded yet
// renders its title and summary (the body follows when it arrives).
Mirror render_mirror(const Library& library, const MirrorView& view);

// The text of an article body as a reader reads it: every block's text (code as written, an
// image's caption, not its alt text), blocks separated by a line break. What the mirror's
// article body (`.m-body`) holds as text; reported by state() for tests.
std::string body_text(const Document& body);

// `text` with & < > " ' replaced by character references (for text and attribute values).
std::string html_escape(std::string_view text);

}  // namespace reader::core
