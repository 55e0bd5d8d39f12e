// The reader's views: header with language switch and reading settings, section navigation,
// article list, article (with its table of contents), and the content-problems panel.
// Draws core state; holds only view state; does no I/O.
//
// Contract: draw_reader() reads the library and the navigation state it is given and reports
// what the user asked for in ViewOutput; the app applies it. It never changes the library.
#pragma once
#include <algorithm>
#include <cstdint>
#include <functional>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/content_loader.h"
#include "core/document_layout.h"
#include "core/layout.h"
#include "core/qr.h"
#include "core/search.h"
#include "document_view.h"
#include "fonts.h"
#include "scroller.h"
#include "theme.h"

namespace reader::ui {

// One search result as the search view shows it.
struct SearchHit {
  const core::Article* article = nullptr;
  std::string language;  // of the matching translation
  std::string title;
  core::search::Snippet snippet;
};

// What the search view shows (the app owns it).
struct SearchViewInput {
  std::string_view query;
  std::size_t caret = 0;     // bytes into query
  bool focused = false;      // the text field has the keyboard
  std::string_view filter;   // "" = all languages
  bool ready = false;        // the search index is loaded
  std::size_t total = 0;     // matching documents
  const std::vector<SearchHit>* hits = nullptr;
  int selected = 0;          // the result arrows move and Enter opens
};

// Find in the article on screen (Ctrl+F): what the find bar shows (the app owns it).
struct FindInput {
  std::string_view query;
  std::size_t caret = 0;  // bytes into query
  bool focused = false;   // the field has the keyboard
  int current = 0;        // the match shown (0-based; wraps around the count)
};

// What the page says about offline use (the service worker's cache, or the single file).
struct OfflineStatus {
  std::string mode = "pending";  // "service-worker", "file" (viewer-offline.html), "none" (no service workers), "pending"
  int articles = 0, total = 0;   // article files available offline, of all
  double bytes = 0;              // storage used by this site
  std::string date;              // the build's date (ISO 8601)
  bool persisted = false;        // navigator.storage.persist() granted
};

// Kiosk mode: what the kiosk's own screens show (the app owns it).
struct KioskViewInput {
  bool on = false;
  bool attract = false;                      // the attract screen is up
  const core::Article* headline = nullptr;   // the featured article it shows now
  std::string_view home_language;
  const core::QrCode* qr = nullptr;          // a link shown as a QR code (overlay), if any
  std::string_view qr_url;
  bool shield = false;                       // an invisible layer takes the rest of a dismissing touch
};

// The kiosk's on-screen keyboard for a language: rows of keys, digits first, then the letters
// the language needs (é è à ç … in French, ñ á … in Spanish). The app gives every row's
// characters to the font atlas.
const std::vector<std::string>& kiosk_keyboard_rows(std::string_view language);

struct ViewInput {
  const core::Library& library;
  std::string_view language;
  std::string_view section;  // "" = home (latest news from every section)
  std::string_view article;  // "" = the list of the section
  const FontSet& fonts;
  const Theme& theme;
  bool dark = false;                  // which theme is on (for the theme switch's label)
  bool can_shrink_text = true;        // the text size is not at its smallest step
  bool can_grow_text = true;          // ... nor at its largest
  bool reduced_motion = false;        // prefers-reduced-motion
  // Images: the texture for a path (nullptr until loaded), its height/width ratio if known
  // (else a placeholder ratio), and a counter that changes whenever a ratio becomes known.
  std::function<const ImageTexture*(std::string_view)> image;
  std::function<float(std::string_view)> image_aspect;
  int image_generation = 0;
  // Views over the section/article: the search view (when not null) and the not-found view.
  const SearchViewInput* search = nullptr;
  bool not_found = false;
  std::string_view highlight;  // the article: words to highlight (the search that opened it)
  std::string_view notice;     // a short message to show at the bottom ("Link copied")
  bool update_available = false;  // a new build is ready: the banner with "Reload"
  const OfflineStatus* offline = nullptr;
  const KioskViewInput* kiosk = nullptr;
  // The key of the control that has the keyboard focus in the page's semantic mirror
  // (core/mirror.h; the hit target ids): drawn with a focus ring.
  std::string_view focus;
  const FindInput* find = nullptr;  // the find bar (an article is open and Ctrl+F was pressed)
};

struct ViewOutput {
  std::optional<std::string> language;  // switch to this language
  std::optional<std::string> section;   // show this section's list ("" = home)
  std::optional<std::string> article;   // open this article
  bool back = false;                    // from an article back to its list
  int text_size_change = 0;             // -1 smaller, +1 larger
  bool toggle_theme = false;
  bool toggle_text_mode = false;          // the "Text mode" switch
  bool open_search = false;               // the header's search button
  bool go_home = false;                   // the not-found view's way back
  std::optional<std::string> search_filter;  // "" = every language
  int open_hit = -1;                      // a search result chosen
  float search_field[4] = {0, 0, 0, 0};   // the search text field (x, y, w, h), when shown
  float find_field[4] = {0, 0, 0, 0};     // the find bar's text field, when shown
  int find_count = 0;                     // matches of the find bar's words in the article
  int find_step = 0;                      // the bar's buttons: -1 previous, +1 next
  bool find_close = false;                // the bar's Close
  bool close_qr = false;                  // kiosk: the QR overlay's Close
  std::string key;                        // kiosk: an on-screen key ("a", "ñ", "space", "delete")
  int highlights = 0;                     // words highlighted in the article
  float highlight_y = -1;                 // the first one's position in the main column
  // Links appear as "link:<url>" targets (allowed links only); the app opens them when a tap
  // is released on one, from inside the input event, so pop-up blockers let the tab open.
  FrameList<HitTarget> targets;
  std::vector<std::string> wanted_images;  // on screen but not loaded
  std::string shown_title;                 // title of the article drawn, if any
  FrameList<std::string> toc;              // the article's headings, in order
  int toc_current = -1;                    // the heading of the section being read
  float scroll_y = 0, scroll_max = 0;      // the main column's scroll position
  double layout_ms = -1;                   // time spent laying out the body this frame (-1: cached)
  bool wants_more_frames = false;          // something is still moving

  // Every field back to its default, for the next frame (a field added above is reset here
  // too); the targets, headings and strings keep their storage (the next frame fills about the
  // same ones again, see FrameList).
  void reset() {
    language.reset();
    section.reset();
    article.reset();
    back = false;
    text_size_change = 0;
    toggle_theme = toggle_text_mode = open_search = go_home = false;
    search_filter.reset();
    open_hit = -1;
    std::fill(std::begin(search_field), std::end(search_field), 0.f);
    std::fill(std::begin(find_field), std::end(find_field), 0.f);
    find_count = find_step = 0;
    find_close = close_qr = false;
    key.clear();
    highlights = 0;
    highlight_y = -1;
    targets.clear();
    wanted_images.clear();
    shown_title.clear();
    toc.clear();
    toc_current = -1;
    scroll_y = scroll_max = 0;
    layout_ms = -1;
    wants_more_frames = false;
  }
};

// Per-view state kept between frames: caches of laid-out text, scrolling and open panels.
struct ViewState {
  struct CachedText {
    float width = -1;
    int font_generation = -1;
    int base_font = -1;
    int direction = -1;  // core::bidi::Direction the text was wrapped in
    std::vector<core::TextRun> runs;
    core::WrappedText wrapped;
  };
  // The laid-out body of the article on screen; recomputed only when the document, the
  // width, the fonts (text size, pixel ratio) or a known image size change.
  struct BodyLayout {
    const core::Document* document = nullptr;
    float width = -1;
    int font_generation = -1;
    int image_generation = -1;
    int layout_direction = -1;  // core::bidi::Direction of the article's language
    core::DocumentLayout layout;
  };
  std::unordered_map<const void*, CachedText> text_cache;  // keyed by the span vector drawn
  std::unordered_map<std::string, std::vector<core::Span>> plain_spans;  // plain strings as spans
  std::unordered_map<std::string, std::string> visual;  // one-line labels in visual order (bidi), by logical text
  // The language switch's buttons: each of the site's language codes, in capitals, and its
  // hit-target id ("lang:fr"); the search's filter button's id ("filter:fr").
  struct LanguageCode {
    std::string code, capitals, id, filter_id;
  };
  std::vector<LanguageCode> language_codes;
  // The article's header lines, kept so that a frame does not format them again.
  struct ArticleHead {
    std::string back;           // "‹ Back", rebuilt in place at every frame
    std::string published;      // "Published on …" for published_key
    std::string published_key;  // date, language and pattern it was formatted from
    std::string scratch;        // this frame's key
  };
  ArticleHead article_head;
  // The table of contents as last drawn: its height, for the document, width, fonts and screen
  // it was drawn with (skipped while out of view).
  struct TocExtent {
    const void* document = nullptr;
    std::size_t headings = 0;
    float width = -1;
    int font_generation = -1;
    bool touch = false, rtl = false;
    float height = -1;
    bool same_place(const TocExtent& o) const {
      return height >= 0 && document == o.document && headings == o.headings && width == o.width && font_generation == o.font_generation && touch == o.touch && rtl == o.rtl;
    }
  };
  TocExtent toc_extent;
  // The article's head (buttons, section, title, date, notice, summary) as last drawn: where it
  // starts in the main column, its height, and what it was drawn from (skipped while above the view).
  struct HeadExtent {
    const void* article = nullptr;
    std::string language;  // of the translation shown
    float width = -1;
    int font_generation = -1;
    bool rtl = false, touch = false, banner = false;
    float top = -1, height = -1;
    bool same_place(const HeadExtent& o) const {
      return height >= 0 && article == o.article && language == o.language && width == o.width && font_generation == o.font_generation &&
             rtl == o.rtl && touch == o.touch && banner == o.banner && top == o.top;
    }
  };
  HeadExtent head_extent;
  std::unordered_map<int, bool> menu_open;  // the section menu: which sections (by index in site.json) are open
  std::unordered_map<const void*, std::vector<std::vector<core::Span>>> contact_lines;
  BodyLayout body;
  // The article list of the section on screen: filtered once, cards measured as they are drawn.
  struct ListCache {
    std::string section;
    std::size_t library_size = static_cast<std::size_t>(-1);
    const void* library = nullptr;
    std::vector<const core::Article*> articles;
    std::vector<float> heights;  // 0 = not measured yet
    float width = -1;
    int font_generation = -1;
    std::string language;
  };
  ListCache list;
  Scroller main_scroll;
  float body_top = 0;              // the body's top in the main column's content coordinates
  float title_top = -1;            // the open article's title, in the same coordinates (-1: not drawn yet)
  float main_top = 0;              // the main column's top on screen (CSS px)
  int toc_chosen = -1;             // the entry last chosen in the table of contents, until the reader scrolls
  bool errors_open = false;
  bool offline_open = false;       // the offline-use panel
  int pending_toc = -1;             // a table-of-contents entry chosen from the page's mirror
  bool focus_reveal = false;        // the mirror's focus moved: bring its control into view once
  bool nav_open = false;           // narrow screens: the section menu is a panel
  std::string scrolled_for;        // the view the main scroll position belongs to
  std::string view_key;            // this frame's view (language, section, article or search)
  int search_selected_seen = -1;   // the search result last scrolled into view
  float restore_scroll = -1;       // a position to restore once the view is tall enough (-1: none)
  int restore_wait = 0;            // frames waited for it
  // Highlighted words of the article (from the search that opened it), in layout coordinates.
  struct Highlight {
    const core::DocumentLayout* layout = nullptr;
    const core::Document* document = nullptr;
    float width = -1;
    int font_generation = -1;
    std::string query;
    std::vector<core::search::WordBox> boxes;
    bool scrolled = false;
  };
  Highlight highlight;
  Highlight find;                  // the find bar's matches; `scrolled` is per current match
  int find_scrolled_to = -1;       // the match last scrolled into view
  std::string expanded_for;        // the section whose ancestors were last opened in the tree

  // A part of the frame (the header, the section column, the article's head) as the last frame
  // that drew it left it, to be drawn again from the GPU (reader_view.cpp, [SECTION] Replayed
  // parts).
  struct Replay {
    std::uint64_t key = 0;
    bool valid = false;
    ImDrawCmdHeader command{};               // the clip rectangle and texture it was drawn with
    platform::RetainedGeometry geometry;     // what it drew, counted from the part's first vertex
    FrameList<HitTarget> targets;            // the part's hit targets, in order
    ImVec2 cursor{}, cursor_max{};           // the window's layout cursor after the part, and its extent
    ImVec2 origin{};                         // the part's top-left on screen when it was kept
    bool languages_in_menu = false;          // the header's decision (narrow screens, large text)
  };
  Replay header_replay, nav_replay, head_replay;  // head: the article's, moved with the column's scroll
  // false: every part is drawn at every frame, the article's head too (see HeadExtent); tests
  // compare both ways.
  bool replay_parts = true;
  std::uint64_t parts_replayed = 0;  // parts drawn again so far (the state's "partsReplayed")
  // The article body's glyphs, kept between frames (cleared whenever the body is laid out
  // again); retain_text false: drawn at every frame instead (tests compare both ways).
  TextChunks body_chunks;
  bool retain_text = true;

  // Forget cached layouts (content reloaded).
  void clear_caches() {
    text_cache.clear();
    plain_spans.clear();
    visual.clear();
    contact_lines.clear();
    body = BodyLayout{};
    list = ListCache{};
    highlight = Highlight{};
    head_extent = HeadExtent{};
    menu_open.clear();  // keyed by the site's section indices, which a new site.json may change
    header_replay.valid = nav_replay.valid = head_replay.valid = false;  // drawn from the old site's labels
    body_chunks.clear();
  }
};

void draw_reader(const ViewInput& in, ViewState& state, ViewOutput& out);

}  // namespace reader::ui
