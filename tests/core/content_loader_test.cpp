// Loading the bundled content and every kind of bad content the reader must survive.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>

#include "core/content_loader.h"
#include "core/i18n.h"
#include "test_files.h"

using namespace reader::core;
using reader::test::data_path;
using reader::test::read_file;
using reader::test::source_path;

namespace {

Library load_bundled() {
  Library lib;
  load_site(lib, "site.json", read_file(source_path("assets/site.json")));
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(source_path("assets/articles"))) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& p : files) load_article(lib, "articles/" + p.filename().string(), read_file(p.string()));
  finish_loading(lib);
  return lib;
}

const LoadIssue* issue_for(const Library& lib, const std::string& file, const std::string& field) {
  for (const LoadIssue& i : lib.issues)
    if (i.file == file && i.field == field) return &i;
  return nullptr;
}

Library with_site() {
  Library lib;
  load_site(lib, "site.json", read_file(source_path("assets/site.json")));
  REQUIRE(lib.site_ok);
  return lib;
}

}  // namespace

TEST_CASE("bundled content loads with no problem and covers what the reader needs") {
  const Library lib = load_bundled();
  for (const LoadIssue& i : lib.issues) MESSAGE(i.file << ": " << i.field << ": " << i.message);
  CHECK(lib.issues.empty());
  REQUIRE(lib.site_ok);
  CHECK(lib.site.languages.size() >= 3);
  CHECK(lib.site.has_language("en"));
  CHECK(lib.site.has_language("fr"));
  CHECK(lib.site.has_language("es"));
  CHECK(lib.articles.size() >= 6);
  std::set<std::string> sections;
  bool one_without_spanish = false;
  for (const Article& a : lib.articles) {
    sections.insert(a.section);
    CHECK(a.section_index == lib.site.find_section(a.section));
    if (!a.translations.count("es")) one_without_spanish = true;
  }
  CHECK(sections.size() >= 4);
  CHECK(one_without_spanish);
  // Newest first.
  for (std::size_t i = 1; i < lib.articles.size(); ++i) CHECK(lib.articles[i - 1].date >= lib.articles[i].date);

  // The seed's section tree: Who we are > Structure with seven entries, Our work > two, etc.
  const int structure = lib.site.find_section("structure");
  REQUIRE(structure >= 0);
  CHECK(lib.site.sections[static_cast<std::size_t>(structure)].children.size() == 7);
  CHECK(lib.site.is_within(structure, lib.site.find_section("who-we-are")));
  CHECK(lib.site.sections[static_cast<std::size_t>(lib.site.find_section("our-work"))].children.size() == 2);
  CHECK(lib.site.sections[static_cast<std::size_t>(lib.site.find_section("take-action"))].children.size() == 2);
  for (const char* id : {"where-we-work", "data-and-research", "agenda-2030"}) CHECK(lib.site.find_section(id) >= 0);
  CHECK_FALSE(lib.site.sections[static_cast<std::size_t>(lib.site.find_section("who-we-are"))].description.empty());
  CHECK_FALSE(lib.site.sections[static_cast<std::size_t>(lib.site.find_section("our-work"))].description.empty());
  // Every interface string in every language.
  for (const Language& l : lib.site.languages)
    for (std::string_view key : kInterfaceKeys) CHECK(lib.site.strings.at(l.code).count(key) == 1);
}

TEST_CASE("the seed article: French text cleaned, quote kept, œ restored, contact structured") {
  const Library lib = load_bundled();
  const Article* a = lib.find_article("colombia-counter-trafficking-agreement");
  REQUIRE(a != nullptr);
  const Translation& fr = a->translations.at("fr");
  CHECK(fr.title == "Nouvelles ressources pour les efforts de lutte contre la traite");
  CHECK(fr.body_markdown.find("mis en œuvre") != std::string::npos);
  CHECK(fr.body_markdown.find("mis en uvre") == std::string::npos);
  CHECK(fr.body_markdown.find("mises en œuvre") != std::string::npos);
  bool has_quote = false;
  for (const Block& b : fr.body.blocks) has_quote |= b.kind == BlockKind::quote;
  CHECK(has_quote);
  for (const Block& b : fr.body.blocks)
    if (b.kind == BlockKind::paragraph) CHECK(plain_text(b.spans).find('\n') == std::string::npos);  // lines rejoined
  REQUIRE(a->contacts.size() == 1);
  CHECK(a->contacts[0].name == "Jorge Gallo");
  CHECK(a->contacts[0].phone == "+57 1 6397777");
  CHECK(a->contacts[0].email == "jgallo@iom.int");
  CHECK(a->contacts[0].office.pick("fr", "en") == "OIM Bogota");
  CHECK(a->translations.count("en") == 1);
  CHECK(a->translations.count("es") == 1);
}

TEST_CASE("bad articles are skipped with file, field and a fix - good ones stay") {
  Library lib = with_site();
  load_article(lib, "articles/good.json", R"({"id":"good","section":"partnerships","date":"2024-02-29",
    "translations":{"en":{"title":"Good","body":"Fine."}}})");
  for (const char* name : {"malformed-json", "missing-title", "unknown-language", "duplicate-id", "unknown-section", "bad-link-and-tags"}) {
    const std::string file = std::string("articles/") + name + ".json";
    if (std::string(name) == "duplicate-id") {  // needs the article it duplicates
      load_article(lib, "articles/colombia-counter-trafficking-agreement.json",
                   read_file(source_path("assets/articles/colombia-counter-trafficking-agreement.json")));
    }
    load_article(lib, file, read_file(data_path(std::string("bad_articles/") + name + ".json")));
  }
  finish_loading(lib);

  const LoadIssue* i = issue_for(lib, "articles/malformed-json.json", "(file)");
  REQUIRE(i);
  CHECK(i->article_skipped);
  CHECK(i->line == 5);  // at the token after the missing comma
  CHECK(i->column == 3);
  CHECK(i->to_string().rfind("articles/malformed-json.json:5:3: (file): malformed JSON", 0) == 0);
  CHECK(i->message.find("malformed JSON") != std::string::npos);

  i = issue_for(lib, "articles/missing-title.json", "translations.en.title");
  REQUIRE(i);
  CHECK(i->message.find("missing") != std::string::npos);

  i = issue_for(lib, "articles/unknown-language.json", "translations.xx");
  REQUIRE(i);
  CHECK(i->message.find("'xx' is not declared in site.json") != std::string::npos);

  i = issue_for(lib, "articles/duplicate-id.json", "id");
  REQUIRE(i);
  CHECK(i->message.find("already used by articles/colombia-counter-trafficking-agreement.json") != std::string::npos);

  i = issue_for(lib, "articles/unknown-section.json", "section");
  REQUIRE(i);
  CHECK(i->message.find("'no-such-section' is not a section") != std::string::npos);

  // A bad link, a bad tag and a nameless contact drop only those fields.
  i = issue_for(lib, "articles/bad-link-and-tags.json", "translations.en.body");
  REQUIRE(i);
  CHECK_FALSE(i->article_skipped);
  CHECK(i->message.find("javascript") != std::string::npos);
  CHECK(issue_for(lib, "articles/bad-link-and-tags.json", "tags[1]"));
  CHECK(issue_for(lib, "articles/bad-link-and-tags.json", "contacts[0]"));
  const Article* partial = lib.find_article("bad-link-and-tags");
  REQUIRE(partial);
  CHECK(partial->tags == std::vector<std::string>{"ok"});
  CHECK(partial->contacts.empty());

  CHECK(lib.find_article("good"));
  CHECK(lib.find_article("colombia-counter-trafficking-agreement"));
  CHECK(lib.find_article("colombia-counter-trafficking-agreement")->date == "2009-06-05");  // the first one won
  CHECK(lib.articles.size() == 3);
}

TEST_CASE("limits and formats: body size, dates, ids, encoding") {
  Library lib = with_site();
  const std::string big(LoadLimits{}.max_body_bytes + 1, 'x');
  load_article(lib, "big.json", R"({"id":"big","section":"partnerships","date":"2024-01-01","translations":{"en":{"title":"Big","body":")" + big + R"("}}})");
  load_article(lib, "date.json", R"({"id":"date","section":"partnerships","date":"2023-02-29","translations":{"en":{"title":"T","body":"B"}}})");
  load_article(lib, "date2.json", R"({"id":"date2","section":"partnerships","date":"05/06/2009","translations":{"en":{"title":"T","body":"B"}}})");
  load_article(lib, "id.json", R"({"id":"Bad Id","section":"partnerships","date":"2024-01-01","translations":{"en":{"title":"T","body":"B"}}})");
  load_article(lib, "latin1.json", "{\"id\":\"latin\",\"section\":\"partnerships\",\"date\":\"2024-01-01\",\"translations\":{\"fr\":{\"title\":\"\xC9t\xE9\",\"body\":\"B\"}}}");
  load_article(lib, "array.json", "[1,2]");
  load_article(lib, "empty.json", "");
  load_article(lib, "notrans.json", R"({"id":"nt","section":"partnerships","date":"2024-01-01","translations":{}})");
  load_article(lib, "bom.json", "\xEF\xBB\xBF" R"({"id":"bom","section":"partnerships","date":"2024-01-01","translations":{"en":{"title":"T","body":"B"}}})");
  CHECK(issue_for(lib, "big.json", "translations.en.body")->message.find("over the limit") != std::string::npos);
  CHECK(issue_for(lib, "date.json", "date")->message.find("YYYY-MM-DD") != std::string::npos);
  CHECK(issue_for(lib, "date2.json", "date"));
  CHECK(issue_for(lib, "id.json", "id"));
  const LoadIssue* enc = issue_for(lib, "latin1.json", "(file)");
  REQUIRE(enc);
  CHECK(enc->message.find("0xC9") != std::string::npos);
  CHECK(enc->message.find("UTF-8") != std::string::npos);
  CHECK(issue_for(lib, "array.json", "(file)"));
  CHECK(issue_for(lib, "empty.json", "(file)"));
  CHECK(issue_for(lib, "notrans.json", "translations"));
  CHECK(lib.articles.size() == 1);  // only the BOM one, which is tolerated
  CHECK(lib.find_article("bom"));
}

TEST_CASE("a broken site.json is reported and articles are not loaded against it") {
  Library lib;
  load_site(lib, "site.json", "{\"languages\": []}");
  CHECK_FALSE(lib.site_ok);
  CHECK(issue_for(lib, "site.json", "languages"));
  load_article(lib, "a.json", R"({"id":"a"})");
  CHECK(issue_for(lib, "a.json", "(file)")->message.find("site.json") != std::string::npos);
  CHECK(lib.articles.empty());

  Library gaps;
  load_site(gaps, "site.json", R"({"organisation":{"en":"Org"},"default_language":"en",
    "languages":[{"code":"en","name":"English"},{"code":"fr","name":"Français"}],
    "strings":{"en":{"nav.home":"Home"},"fr":{}},
    "sections":[{"id":"a","label":{"en":"A","zz":"?"}}]})");
  CHECK(gaps.site_ok);
  CHECK(issue_for(gaps, "site.json", "strings.fr.nav.home"));
  CHECK(tr(gaps.site, "fr", "nav.home") == "Home");  // filled from the default language
  CHECK(issue_for(gaps, "site.json", "sections[0].label.zz"));
}

TEST_CASE("problems carry the line and column of the field, or of its parent when it is missing") {
  Library lib = with_site();
  const std::string text =
      "{\n"
      "  \"id\": \"pos\",\n"
      "  \"section\": \"nowhere\",\n"
      "  \"date\": \"2024-01-01\",\n"
      "  \"tags\": [\"a\", 7],\n"
      "  \"translations\": {\n"
      "    \"en\": {\"body\": \"B\"}\n"
      "  }\n"
      "}\n";
  load_article(lib, "pos.json", text);
  const LoadIssue* section = issue_for(lib, "pos.json", "section");
  REQUIRE(section);
  CHECK(section->line == 3);
  CHECK(section->column == 14);
  const LoadIssue* tag = issue_for(lib, "pos.json", "tags[1]");
  REQUIRE(tag);
  CHECK(tag->line == 5);
  CHECK(tag->column == 17);
  const LoadIssue* title = issue_for(lib, "pos.json", "translations.en.title");  // missing: its object
  REQUIRE(title);
  CHECK(title->line == 7);
  CHECK(title->column == 11);
  CHECK(title->to_string() == "pos.json:7:11: translations.en.title: is missing; add \"title\": \"...\"");
  load_article(lib, "bom2.json", "\xEF\xBB\xBF{}");
  const LoadIssue* bom = issue_for(lib, "bom2.json", "(file)");
  REQUIRE(bom);
  CHECK(bom->message.find("byte-order mark") != std::string::npos);
}

TEST_CASE("pathological files end in a clear problem, never a crash or a hang") {
  Library lib = with_site();
  // Deep nesting: arrays and objects a million levels deep.
  load_article(lib, "deep-arrays.json", std::string(1000000, '[') + std::string(1000000, ']'));
  std::string objects;
  for (int i = 0; i < 100000; ++i) objects += "{\"a\":";
  objects += "1" + std::string(100000, '}');
  load_article(lib, "deep-objects.json", objects);
  // A 50 MB file.
  load_article(lib, "huge.json", "{\"id\":\"huge\",\"pad\":\"" + std::string(50u << 20, 'x') + "\"}");
  // Thousands of empty files.
  for (int i = 0; i < 5000; ++i) load_article(lib, "empty-" + std::to_string(i) + ".json", "");
  CHECK(issue_for(lib, "deep-arrays.json", "(file)"));
  CHECK(issue_for(lib, "deep-objects.json", "(file)"));
  const LoadIssue* huge = issue_for(lib, "huge.json", "(file)");
  REQUIRE(huge);
  CHECK(huge->message.find("over the limit") != std::string::npos);
  CHECK(issue_for(lib, "empty-4999.json", "(file)"));
  CHECK(lib.articles.empty());
}
