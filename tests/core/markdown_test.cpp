// CommonMark to our document tree: structure, inline styles, links policy, raw HTML, depth.
#include <doctest/doctest.h>

#include <string>

#include "core/links.h"
#include "core/markdown.h"

using namespace reader::core;

TEST_CASE("markdown: blocks become paragraphs, headings, quotes, lists and breaks") {
  const Document d = parse_markdown(
      "## Le contexte\n\nPremier paragraphe\ncontinué.\n\n> « Une citation »\n\n1. un\n2. deux\n   - imbriqué\n\n---\n\n```\ncode\n```\n");
  REQUIRE(d.blocks.size() == 6);
  CHECK(d.blocks[0].kind == BlockKind::heading);
  CHECK(d.blocks[0].level == 2);
  CHECK(plain_text(d.blocks[0].spans) == "Le contexte");
  CHECK(d.blocks[1].kind == BlockKind::paragraph);
  CHECK(plain_text(d.blocks[1].spans) == "Premier paragraphe continué.");  // soft break = space
  CHECK(d.blocks[2].kind == BlockKind::quote);
  REQUIRE(d.blocks[2].children.size() == 1);
  CHECK(plain_text(d.blocks[2].children[0].spans) == "« Une citation »");
  const Block& list = d.blocks[3];
  CHECK(list.kind == BlockKind::list);
  CHECK(list.ordered);
  CHECK(list.tight);
  REQUIRE(list.children.size() == 2);
  CHECK(list.children[1].kind == BlockKind::list_item);
  REQUIRE(list.children[1].children.size() == 2);
  CHECK(list.children[1].children[1].kind == BlockKind::list);
  CHECK_FALSE(list.children[1].children[1].ordered);
  CHECK(d.blocks[4].kind == BlockKind::thematic_break);
  CHECK(d.blocks[5].kind == BlockKind::code_block);
  CHECK(d.blocks[5].text == "code");
}

TEST_CASE("markdown: emphasis, strong, both, code and links keep their styles") {
  const Document d = parse_markdown("a *b* **c** ***d*** `e` [f](https://www.iom.int/fr)");
  REQUIRE(d.blocks.size() == 1);
  const auto& s = d.blocks[0].spans;
  auto style_of = [&](const std::string& text) {
    for (const Span& sp : s) if (sp.text == text) return static_cast<int>(sp.style);
    return -1;
  };
  CHECK(style_of("b") == kStyleEmphasis);
  CHECK(style_of("c") == kStyleStrong);
  CHECK(style_of("d") == (kStyleEmphasis | kStyleStrong));
  CHECK(style_of("e") == kStyleCode);
  CHECK(style_of("f") == kStyleLink);
  CHECK(s.back().url == "https://www.iom.int/fr");
}

TEST_CASE("markdown: disallowed links keep their text, lose their target and are reported") {
  const Document d = parse_markdown("[click](javascript:alert(1)) [mail](mailto:a@b.org) [rel](/fr/page) [tel](tel:+5716397777)");
  REQUIRE(d.rejected_links.size() == 2);
  CHECK(d.rejected_links[0].url == "javascript:alert(1)");
  CHECK(d.rejected_links[0].reason.find("javascript") != std::string::npos);
  CHECK(d.rejected_links[1].url == "/fr/page");
  int links = 0;
  for (const Span& sp : d.blocks[0].spans) {
    if (sp.style & kStyleLink) { ++links; CHECK(is_allowed_link(sp.url)); }
  }
  CHECK(links == 2);
  CHECK(plain_text(d.blocks[0].spans) == "click mail rel tel");
}

TEST_CASE("markdown: raw HTML is shown as text, never interpreted") {
  const Document d = parse_markdown("<script>alert(1)</script>\n\nText <b>bold</b> end");
  REQUIRE(d.blocks.size() == 2);
  CHECK(plain_text(d.blocks[0].spans) == "<script>alert(1)</script>");
  CHECK(plain_text(d.blocks[1].spans) == "Text <b>bold</b> end");
  for (const Span& sp : d.blocks[1].spans) CHECK(sp.style == kStylePlain);
}

TEST_CASE("markdown: pathological nesting is flattened, not recursed into") {
  std::string deep(10000, '>');
  deep += " fond";
  const Document d = parse_markdown(deep);
  int depth = 0;
  const std::vector<Block>* level = &d.blocks;
  while (!level->empty() && level->front().kind == BlockKind::quote) { ++depth; level = &level->front().children; }
  CHECK(depth == kMaxNesting);
  REQUIRE_FALSE(level->empty());
  CHECK(plain_text(level->front().spans) == "fond");
  std::string lists;
  for (int i = 0; i < 2000; ++i) lists += std::string(static_cast<std::size_t>(i) * 2, ' ') + "- x\n";
  const Document l = parse_markdown(lists);
  CHECK_FALSE(l.blocks.empty());
}

TEST_CASE("links: only http, https, mailto and tel are allowed") {
  CHECK(is_allowed_link("https://www.iom.int"));
  CHECK(is_allowed_link("HTTP://example.org/x"));
  CHECK(is_allowed_link("mailto:jgallo@iom.int"));
  CHECK(is_allowed_link("tel:+5716397777"));
  CHECK_FALSE(is_allowed_link("javascript:alert(1)"));
  CHECK_FALSE(is_allowed_link(" JavaScript:alert(1)"));
  CHECK_FALSE(is_allowed_link("data:text/html,hi"));
  CHECK_FALSE(is_allowed_link("file:///etc/passwd"));
  CHECK_FALSE(is_allowed_link("//evil.example/x"));
  CHECK_FALSE(is_allowed_link("https:evil"));
  CHECK_FALSE(is_allowed_link(""));
}

TEST_CASE("links: a phone number as written becomes its tel: link") {
  CHECK(tel_link("+41 22 717 9111") == "tel:+41227179111");
  CHECK(tel_link("(57-1) 639 7777") == "tel:5716397777");
  CHECK(tel_link("22 + 717") == "tel:22717");  // a '+' only in front
  CHECK(is_allowed_link(tel_link("+41 22 717 9111")));
}
