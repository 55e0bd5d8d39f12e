// CommonMark to document tree (see markdown.h for the contract).
#include "markdown.h"

#include <cmark.h>

#include <memory>

#include "links.h"

namespace reader::core {

std::string plain_text(const std::vector<Span>& spans) {
  std::string out;
  for (const Span& s : spans) out += s.hard_break ? std::string(" ") : s.text;
  return out;
}

namespace {

struct NodeDeleter { void operator()(cmark_node* n) const { cmark_node_free(n); } };
struct IterDeleter { void operator()(cmark_iter* i) const { cmark_iter_free(i); } };

// Walk state: the chain of open container blocks and the inline style in force.
class Builder {
 public:
  explicit Builder(Document& doc) : doc_(doc) {}

  void enter_container(Block block) {
    auto& siblings = current_children();
    if (open_.size() >= static_cast<std::size_t>(kMaxNesting)) {
      ++flattened_;  // too deep: its content goes into the deepest open block
      return;
    }
    siblings.push_back(std::move(block));
    open_.push_back(&siblings.back());
  }
  void exit_container() {
    if (flattened_ > 0) { --flattened_; return; }
    if (!open_.empty()) open_.pop_back();
  }
  void enter_leaf(Block block) {
    auto& siblings = current_children();
    siblings.push_back(std::move(block));
    leaf_ = &siblings.back();
  }
  void exit_leaf() { leaf_ = nullptr; }
  void replace_last_leaf(Block block) { current_children().back() = std::move(block); }
  void set_last_caption(std::string caption) {
    current_children().back().spans.push_back(Span{std::move(caption), kStyleEmphasis, {}, false});
  }

  void add_text(std::string_view text, std::uint8_t extra_style = 0) {
    if (text.empty()) return;
    const std::uint8_t style = static_cast<std::uint8_t>(style_ | extra_style);
    const std::string& url = links_.empty() ? empty_ : links_.back();
    auto& spans = target_spans();
    if (!spans.empty() && spans.back().style == style && spans.back().url == url && !spans.back().hard_break) {
      spans.back().text += text;
    } else {
      Span s;
      s.text = std::string(text);
      s.style = style;
      if (style & kStyleLink) s.url = url;
      spans.push_back(std::move(s));
    }
  }
  void add_hard_break() {
    Span s;
    s.hard_break = true;
    target_spans().push_back(std::move(s));
  }

  void push_style(std::uint8_t flag) { style_stack_.push_back(style_); style_ = static_cast<std::uint8_t>(style_ | flag); }
  void pop_style() { if (!style_stack_.empty()) { style_ = style_stack_.back(); style_stack_.pop_back(); } }
  void push_link(std::string url) {
    links_.push_back(std::move(url));
    push_style(kStyleLink);
  }
  void push_rejected_link() { push_style(0); links_.push_back(empty_); }
  void pop_link() { if (!links_.empty()) links_.pop_back(); pop_style(); }

 private:
  std::vector<Block>& current_children() { return open_.empty() ? doc_.blocks : open_.back()->children; }
  std::vector<Span>& target_spans() {
    if (leaf_ == nullptr) {  // inline content outside a leaf (should not happen): keep it in a paragraph
      enter_leaf(Block{});
    }
    return leaf_->spans;
  }

  Document& doc_;
  std::vector<Block*> open_;  // pointers stay valid: a container's children only grow while it is open at the end
  Block* leaf_ = nullptr;
  int flattened_ = 0;
  std::uint8_t style_ = kStylePlain;
  std::vector<std::uint8_t> style_stack_;
  std::vector<std::string> links_;
  const std::string empty_;
};

}  // namespace

Document parse_markdown(std::string_view markdown) {
  Document doc;
  std::unique_ptr<cmark_node, NodeDeleter> root(
      cmark_parse_document(markdown.data(), markdown.size(), CMARK_OPT_VALIDATE_UTF8));
  if (!root) return doc;
  std::unique_ptr<cmark_iter, IterDeleter> it(cmark_iter_new(root.get()));
  Builder b(doc);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it.get())) != CMARK_EVENT_DONE) {
    cmark_node* node = cmark_iter_get_node(it.get());
    const bool enter = ev == CMARK_EVENT_ENTER;
    const char* literal = cmark_node_get_literal(node);
    const std::string_view lit = literal ? std::string_view(literal) : std::string_view();
    switch (cmark_node_get_type(node)) {
      case CMARK_NODE_DOCUMENT: break;
      case CMARK_NODE_BLOCK_QUOTE:
        if (enter) { Block q; q.kind = BlockKind::quote; b.enter_container(std::move(q)); } else b.exit_container();
        break;
      case CMARK_NODE_LIST:
        if (enter) {
          Block l;
          l.kind = BlockKind::list;
          l.ordered = cmark_node_get_list_type(node) == CMARK_ORDERED_LIST;
          l.start = l.ordered ? cmark_node_get_list_start(node) : 1;
          l.tight = cmark_node_get_list_tight(node) != 0;
          b.enter_container(std::move(l));
        } else {
          b.exit_container();
        }
        break;
      case CMARK_NODE_ITEM:
        if (enter) { Block i; i.kind = BlockKind::list_item; b.enter_container(std::move(i)); } else b.exit_container();
        break;
      case CMARK_NODE_PARAGRAPH: {
        cmark_node* only = cmark_node_first_child(node);
        if (enter && only && only == cmark_node_last_child(node) && cmark_node_get_type(only) == CMARK_NODE_IMAGE) {
          // An image alone in its paragraph is a figure: alt text from its children, caption
          // from its title. Then skip to the paragraph's end.
          const char* url = cmark_node_get_url(only);
          const char* title = cmark_node_get_title(only);
          Block img;
          img.kind = BlockKind::image;
          img.url = url ? url : "";
          std::unique_ptr<cmark_iter, IterDeleter> alt(cmark_iter_new(only));
          while (cmark_iter_next(alt.get()) != CMARK_EVENT_DONE) {
            cmark_node* n = cmark_iter_get_node(alt.get());
            if (cmark_node_get_type(n) == CMARK_NODE_TEXT || cmark_node_get_type(n) == CMARK_NODE_CODE) img.text += cmark_node_get_literal(n);
            else if (cmark_node_get_type(n) == CMARK_NODE_SOFTBREAK) img.text += ' ';
          }
          std::string problem = image_src_problem(img.url);
          b.enter_leaf(Block{});
          if (problem.empty()) {
            b.exit_leaf();
            b.replace_last_leaf(std::move(img));
            if (title && *title) b.set_last_caption(title);
          } else {  // keep the alt text, drop the image
            doc.rejected_links.push_back({img.url, std::move(problem)});
            b.add_text(img.text, kStyleEmphasis);
            b.exit_leaf();
          }
          cmark_iter_reset(it.get(), node, CMARK_EVENT_EXIT);
          break;
        }
        if (enter) b.enter_leaf(Block{}); else b.exit_leaf();
        break;
      }
      case CMARK_NODE_HEADING:
        if (enter) {
          Block h;
          h.kind = BlockKind::heading;
          h.level = cmark_node_get_heading_level(node);
          b.enter_leaf(std::move(h));
        } else {
          b.exit_leaf();
        }
        break;
      case CMARK_NODE_CODE_BLOCK: {
        Block c;
        c.kind = BlockKind::code_block;
        c.text = std::string(lit);
        while (!c.text.empty() && c.text.back() == '\n') c.text.pop_back();
        b.enter_leaf(std::move(c));
        b.exit_leaf();
        break;
      }
      case CMARK_NODE_HTML_BLOCK: {  // shown as text, never interpreted, keeping its lines
        Block p;
        b.enter_leaf(std::move(p));
        std::string_view text = lit;
        while (!text.empty() && text.back() == '\n') text.remove_suffix(1);
        for (std::size_t start = 0;;) {
          const std::size_t nl = text.find('\n', start);
          b.add_text(text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start));
          if (nl == std::string_view::npos) break;
          b.add_hard_break();
          start = nl + 1;
        }
        b.exit_leaf();
        break;
      }
      case CMARK_NODE_THEMATIC_BREAK: {
        Block t;
        t.kind = BlockKind::thematic_break;
        b.enter_leaf(std::move(t));
        b.exit_leaf();
        break;
      }
      case CMARK_NODE_TEXT: b.add_text(lit); break;
      case CMARK_NODE_HTML_INLINE: b.add_text(lit); break;
      case CMARK_NODE_CODE: b.add_text(lit, kStyleCode); break;
      case CMARK_NODE_SOFTBREAK: b.add_text(" "); break;
      case CMARK_NODE_LINEBREAK: b.add_hard_break(); break;
      case CMARK_NODE_EMPH: if (enter) b.push_style(kStyleEmphasis); else b.pop_style(); break;
      case CMARK_NODE_STRONG: if (enter) b.push_style(kStyleStrong); else b.pop_style(); break;
      case CMARK_NODE_LINK:
        if (enter) {
          const char* url = cmark_node_get_url(node);
          std::string u = url ? url : "";
          std::string problem = link_problem(u);
          if (problem.empty()) {
            b.push_link(std::move(u));
          } else {
            doc.rejected_links.push_back({std::move(u), std::move(problem)});
            b.push_rejected_link();
          }
        } else {
          b.pop_link();
        }
        break;
      case CMARK_NODE_IMAGE:  // alt text (the image's children) in italics for now
        if (enter) b.push_style(kStyleEmphasis); else b.pop_style();
        break;
      default: break;
    }
  }
  return doc;
}

}  // namespace reader::core
