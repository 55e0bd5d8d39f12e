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
// - Navigation is by real links to the reader's routes (route.h): page paths below
//   MirrorView::link_base, or hash routes when it is empty (the single file); actions that are
//   not navigation are <button data-key> elements the shell hands back to the reader, marked
//   class "m-js" (the pages' style sheet hides them until a script runs). The back control and
//   the table of contents are links that work without a script too.
// - The same markup is the page that articlepack build writes for each view (core/pages.h,
//   MirrorView::page) and the mirror the reader keeps beside its canvas: the canvas takes over
//   from the page in place, and text mode shows that same page. Its blocks keep the order of
//   DocumentLayout::blocks, so that a reading position carries over.
#pragma once
#include <cstddef>
#include <functional>
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
  // Where links lead: "" for hash routes ("#/fr/article/x"), else the site's root as seen from
  // the page ("../../../" in a written page, "/reader/" in the running reader): links are that
  // followed by the route's path ("../../../fr/article/x/").
  std::string link_base;
  // Served pages (a written page, or the reader's mirror in place of one): images are real
  // <img src> into the bundle, with their sizes from `image_size` so that nothing moves when
  // they arrive. The single file leaves it false (the shell fetches images itself).
  bool page = false;
  // A page written by articlepack build, for visitors with or without a script: the search
  // view says search needs one; nothing only the running reader uses is written (data-key
  // attributes, its reading controls), since the reader replaces the page's mirror with its own.
  bool written = false;
  // Width and height in pixels of a bundle image ("images/x.jpg"), {0, 0} when unknown.
  std::function<std::pair<int, int>(std::string_view src)> image_size;
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

// "The title — IOM": the document title of a view (also each history entry's title and the
// written page's <title>). The route's language is the interface language.
std::string view_title(const Library& library, const Route& route);

// The href of a route in a view's links (see MirrorView::link_base).
std::string route_href(const Route& route, std::string_view link_base);

}  // namespace reader::core
