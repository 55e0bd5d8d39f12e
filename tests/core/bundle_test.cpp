// Bundle index: made from a library, read back with titles and summaries only, and article
// files loaded on demand with the full rules.
#include <doctest/doctest.h>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "core/bundle.h"
#include "core/sha256.h"
#include "test_files.h"

using namespace reader::core;
using reader::test::read_file;
using reader::test::source_path;

namespace {

struct Bundle {
  std::string site;
  std::string index;
  std::map<std::string, std::string> files;  // bundle path -> bytes
};

Bundle build_bundled() {
  Bundle b;
  b.site = read_file(source_path("assets/site.json"));
  Library lib;
  load_site(lib, "site.json", b.site);
  std::map<std::string, BundleFile, std::less<>> file_of;
  for (const auto& e : std::filesystem::directory_iterator(source_path("assets/articles"))) {
    const std::string bytes = read_file(e.path().string());
    load_article(lib, e.path().filename().string(), bytes);
    const std::string id = e.path().stem().string();
    const std::string hash = sha256_hex(bytes);
    const std::string path = "articles/" + id + "." + hash.substr(0, 12) + ".json";
    file_of[id] = {path, hash, bytes.size()};
    b.files[path] = bytes;
  }
  finish_loading(lib);
  b.index = make_index(lib, file_of);
  return b;
}

}  // namespace

TEST_CASE("bundle: the index lists every article with titles and summaries, bodies load on demand") {
  const Bundle b = build_bundled();
  Library lib;
  load_site(lib, "site.json", b.site);
  load_index(lib, "index.json", b.index);
  finish_loading(lib);
  CHECK(lib.issues.empty());
  REQUIRE(lib.articles.size() == b.files.size());
  const Article* seed = lib.find_article("colombia-counter-trafficking-agreement");
  REQUIRE(seed);
  CHECK_FALSE(seed->body_loaded);
  CHECK(seed->translations.at("fr").title == "Nouvelles ressources pour les efforts de lutte contre la traite");
  CHECK_FALSE(seed->translations.at("fr").summary.empty());
  CHECK(seed->translations.at("fr").body.blocks.empty());
  CHECK(seed->contacts.empty());
  CHECK(b.index.size() < 12000);  // a fraction of the bodies' bytes

  const std::string file = seed->body_file;
  load_article_body(lib, file, b.files.at(file));
  const Article* full = lib.find_article("colombia-counter-trafficking-agreement");
  REQUIRE(full);
  CHECK(full->body_loaded);
  CHECK_FALSE(full->body_failed);
  CHECK_FALSE(full->translations.at("fr").body.blocks.empty());
  CHECK(full->contacts.size() == 1);
  CHECK(full->body_file == file);
  // The lead image's size comes with the index, before the body.
  const Article* pacific = lib.find_article("pacific-climate-mobility-team");
  REQUIRE(pacific);
  REQUIRE(pacific->image);
  CHECK(pacific->image->width == 1200);
}

TEST_CASE("bundle: a bad index entry or a wrong article file is reported, the rest shows") {
  const Bundle b = build_bundled();
  Library lib;
  load_site(lib, "site.json", b.site);
  std::string index = b.index;
  const std::string from = "\"section\":\"where-we-work\"";
  REQUIRE(index.find(from) != std::string::npos);
  index.replace(index.find(from), from.size(), "\"section\":\"nowhere\"");
  load_index(lib, "index.json", index);
  CHECK(lib.articles.size() == b.files.size() - 1);
  REQUIRE(lib.issues.size() == 1);
  CHECK(lib.issues[0].field.find(".section") != std::string::npos);

  // An article file that holds another article: the opened article is marked failed.
  Article& first = lib.articles.front();
  const std::string other = b.files.begin()->first == first.body_file ? std::next(b.files.begin())->first : b.files.begin()->first;
  load_article_body(lib, first.body_file, b.files.at(other));
  CHECK(first.body_failed);
  CHECK(lib.issues.back().message.find("rebuild the bundle") != std::string::npos);
  // A malformed one: reported with the file, marked failed.
  Article& second = lib.articles[1];
  load_article_body(lib, second.body_file, "{ broken");
  CHECK(second.body_failed);
  CHECK(lib.issues.back().file == second.body_file);

  Library none;
  load_site(none, "site.json", b.site);
  load_index(none, "index.json", "[1,2,3]");
  CHECK(none.articles.empty());
  CHECK(none.issues.size() == 1);
}

namespace {
// Whether load_index refused the text as a whole: not UTF-8, or not JSON (the message then
// names a byte).
bool refused_as_json(const std::string& site, std::string_view index) {
  Library lib;
  load_site(lib, "site.json", site);
  load_index(lib, "index.json", index);
  for (const LoadIssue& i : lib.issues)
    if (i.message.find("(byte ") != std::string::npos || i.message.find("is not UTF-8") != std::string::npos) return true;
  return false;
}
}  // namespace

TEST_CASE("bundle: the index reader accepts exactly the texts a JSON parser accepts") {
  const Bundle b = build_bundled();
  const char* cases[] = {
      "", " ", "{", "}", "[]", "{}", "null", "nul", "truex", "{\"articles\":[]}", "{\"articles\":[]} x",
      "{\"articles\":[],}", "{\"articles\":[1,]}", "{\"articles\":[01]}", "{\"articles\":[-]}", "{\"articles\":[1.]}",
      "{\"articles\":[1e]}", "{\"articles\":[-0.5e+7, 1E-2, 0, -0]}", "{\"articles\":[\"\\x\"]}",
      "{\"articles\":[\"\\u12\"]}", "{\"articles\":[\"\\ud800\"]}", "{\"articles\":[\"\\udc00\"]}",
      "{\"articles\":[\"\\ud83d\\ude00\"]}", "{\"articles\":[\"\\ud83d\\u0041\"]}", "{\"articles\":[\"a\tb\"]}",
      "{\"articles\":[\"a\\tb\\/\\\"\\\\\\b\\f\\n\\r\"]}", "{\"articles\":[{\"id\":}]}", "{\"articles\":[{\"id\" \"x\"}]}",
      "{\"articles\":[{,}]}", "{\"articles\":[[[[{\"a\":[{}]}]]]]}", "{\"articles\":[[[[{\"a\":[{}]]]]]]}",
      "{\"articles\":[{\"translations\":{\"fr\":{\"title\":\"T\",\"x\":[1,{\"y\":null}]}}}]}", "{\"articles\" : [ ] }\n",
      "{\"a\":{\"b\":[true,false,null]},\"articles\":[]}", "{\"articles\":[tru]}", "[{\"articles\":[]}]", "\"x\"", "1 2",
  };
  for (const char* text : cases) {
    CAPTURE(text);
    CHECK(refused_as_json(b.site, text) == !nlohmann::json::accept(text));
  }
  // Every one-byte change of a real index: deleted, or one of JSON's structural bytes put in.
  const std::string_view inserts[] = {"\"", "\\", ",", "}", "]", "{", ":", "x", "\x01", "-", "0"};
  std::size_t refused = 0, checked = 0;
  for (std::size_t at = 0; at < b.index.size(); at += 7) {
    std::string deleted = b.index;
    deleted.erase(at, 1);
    CHECK(refused_as_json(b.site, deleted) == !nlohmann::json::accept(deleted));
    for (std::string_view ins : inserts) {
      std::string changed = b.index;
      changed.insert(at, ins);
      const bool valid = nlohmann::json::accept(changed);
      CAPTURE(at);
      CAPTURE(ins);
      CHECK(refused_as_json(b.site, changed) == !valid);
      refused += valid ? 0 : 1;
      ++checked;
    }
  }
  CHECK(refused > checked / 4);  // both sides are exercised: many changes break the text, many do not
  CHECK(refused < checked);
}

TEST_CASE("bundle: the index reader decodes escapes and skips fields it does not know") {
  const Bundle b = build_bundled();
  Library lib;
  load_site(lib, "site.json", b.site);
  const std::string index = R"({"format": 3, "generator": {"name": "x", "list": [1, 2.5e3, [true, null]]},
    "articles": [
      {"id": "a\u00e9", "section": "where-we-work", "date": "2024-05-01", "file": "articles\/a.json", "extra": {"deep": [[[{}]]]},
       "tags": ["t\"1", 7, "t\\2"], "image": {"src": "images/x.jpg", "width": 640, "height": 480.5, "alt": "ignored"},
       "translations": {"fr": {"title": "\ud83d\ude00 \u00ab\u202fOui\u202f\u00bb\n", "summary": "S", "body": "not in an index"},
                        "en": "not an object", "es": {"summary": "no title"}}},
      "not an entry",
      {"id": "b", "section": "where-we-work", "date": "2024-05-02", "file": "articles/b.json", "translations": {"en": {"title": "B"}}}
    ]})";
  load_index(lib, "index.json", index);
  finish_loading(lib);
  REQUIRE(lib.articles.size() == 2);
  const Article* a = lib.find_article("a\xC3\xA9");
  REQUIRE(a);
  CHECK(a->body_file == "articles/a.json");
  CHECK(a->tags == std::vector<std::string>{"t\"1", "t\\2"});
  CHECK_FALSE(a->image);  // a height that is not a whole number: no placeholder size
  CHECK(a->translations.at("fr").title == "\xF0\x9F\x98\x80 \xC2\xAB\xE2\x80\xAFOui\xE2\x80\xAF\xC2\xBB\n");
  CHECK(a->translations.at("fr").summary == "S");
  CHECK(a->translations.count("en") == 0);
  CHECK(a->translations.count("es") == 0);  // reported: no title
  REQUIRE(lib.issues.size() == 1);
  CHECK(lib.issues[0].field == "articles[0].translations.es");
  CHECK(lib.find_article("b"));
}

TEST_CASE("bundle: the index reader refuses bytes that are not UTF-8 and keeps good entries in order") {
  const Bundle b = build_bundled();
  const auto issues_of = [&](std::string_view index) {
    Library lib;
    load_site(lib, "site.json", b.site);
    load_index(lib, "index.json", index);
    return lib;
  };
  const auto entry = [](std::string_view id, std::string_view translations) {
    return "{\"id\": \"" + std::string(id) + "\", \"section\": \"where-we-work\", \"date\": \"2024-05-01\", \"file\": \"articles/" +
           std::string(id) + ".json\", \"translations\": {" + std::string(translations) + "}}";
  };
  // Not UTF-8 in a title, in a field the reader skips, cut short before a quote: the whole
  // index is refused as not UTF-8, whatever else is right in it.
  for (std::string_view bad : {"\xFF", "caf\xC3", "\xE2\x80", "\xED\xA0\x80", "\xC0\xAF"}) {
    CAPTURE(bad);
    for (const std::string& index : {"{\"articles\": [" + entry("a", "\"fr\": {\"title\": \"" + std::string(bad) + "\"}") + "]}",
                                     "{\"note\": \"" + std::string(bad) + "\", \"articles\": [" + entry("a", "\"fr\": {\"title\": \"T\"}") + "]}"}) {
      const Library lib = issues_of(index);
      CHECK(lib.articles.empty());
      REQUIRE(lib.issues.size() == 1);
      CHECK(lib.issues[0].message.find("is not UTF-8") != std::string::npos);
    }
  }
  // UTF-8 outside a string is not JSON: refused as JSON, with the byte.
  {
    const Library lib = issues_of("{\"articles\": []} \xC3\xA9");
    REQUIRE(lib.issues.size() == 1);
    CHECK(lib.issues[0].message.find("(byte 17:") != std::string::npos);
  }
  // Rejected entries leave no gap: the others keep their order and are found by id; a language
  // given twice keeps its first translation.
  const std::string index = "{\"articles\": [" + entry("one", "\"fr\": {\"title\": \"Un\"}, \"fr\": {\"title\": \"Deux\"}") + ", " +
                            entry("bad", "\"xx\": {\"title\": \"?\"}") + ", " + entry("two", "\"en\": {\"title\": \"Two\"}") + ", " +
                            entry("one", "\"en\": {\"title\": \"Again\"}") + ", " + entry("three", "\"es\": {\"title\": \"Tres\"}") + "]}";
  const Library lib = issues_of(index);
  REQUIRE(lib.articles.size() == 3);
  CHECK(lib.articles[0].id == "one");
  CHECK(lib.articles[1].id == "two");
  CHECK(lib.articles[2].id == "three");
  for (const Article& a : lib.articles) {
    CAPTURE(a.id);
    CHECK(lib.find_article(a.id) == &a);
    CHECK_FALSE(a.body_loaded);
  }
  CHECK(lib.articles[0].translations.at("fr").title == "Un");
  REQUIRE(lib.issues.size() == 3);
  CHECK(lib.issues[0].field == "articles[1].translations.xx");
  CHECK(lib.issues[1].field == "articles[1].translations");
  CHECK(lib.issues[2].field == "articles[3].id");
  CHECK(lib.issues[2].message.find("listed twice") != std::string::npos);
}

namespace {
// Everything load_index gives, as text: each article's indexed fields, then each issue.
std::string loaded(const std::string& site, std::string_view index, IndexReadAhead* ahead) {
  static std::map<std::string, Library> with_site;  // site.json read once per text
  auto [cached, fresh] = with_site.try_emplace(site);
  if (fresh) load_site(cached->second, "site.json", site);
  Library lib = cached->second;
  load_index(lib, "index.json", index, ahead);
  std::string out;
  for (const Article& a : lib.articles) {
    out += a.id + "|" + a.section + "|" + std::to_string(a.section_index) + "|" + a.date + "|" + a.body_file + "|" + a.source_file + "|";
    for (const std::string& t : a.tags) out += t + ",";
    if (a.image) out += a.image->src + "@" + std::to_string(a.image->width) + "x" + std::to_string(a.image->height);
    for (const auto& [lang, t] : a.translations) out += "|" + lang + ":" + t.title + ":" + t.summary;
    out += "\n";
  }
  for (const LoadIssue& i : lib.issues) out += i.to_string() + (i.article_skipped ? " (skipped)\n" : "\n");
  for (const auto& [id, at] : lib.by_id) out += id + "=" + std::to_string(at) + ";";
  return out;
}
}  // namespace

TEST_CASE("bundle: an index read ahead while it arrives loads exactly as the whole text read at once") {
  const Bundle b = build_bundled();
  const auto entry = [](std::string_view id, std::string_view extra) {
    return "{\"id\": \"" + std::string(id) + "\", \"section\": \"where-we-work\", \"date\": \"2024-05-01\", \"file\": \"articles/" +
           std::string(id) + ".json\"" + std::string(extra) + ", \"translations\": {\"fr\": {\"title\": \"Titre \\u00e9 \xC3\xA9\"}}}";
  };
  std::vector<std::string> texts = {
      b.index,
      // other members before and after "articles", entries that are not objects, escapes
      "{\"format\": 2, \"x\": [1, {\"articles\": [" + entry("nested", "") + "]}], \"articles\": [" + entry("a", "") + ", 12, \"s\", " +
          entry("b", ", \"tags\": [\"t\\\"\", 3]") + ", " + entry("c", ", \"image\": {\"src\": \"images/c.jpg\", \"width\": 4, \"height\": 3}") +
          "], \"after\": true}",
      // "articles" twice; a duplicate id; an entry with a problem (unknown section)
      "{\"articles\": [" + entry("a", "") + "], \"articles\": [" + entry("a", "") + ", " + entry("d", ", \"section\": \"nowhere\"") + "]}",
      // a syntax error in the middle; text after the end; not UTF-8 in the third entry
      "{\"articles\": [" + entry("a", "") + ", " + entry("b", "") + ", {\"id\" \"c\"}, " + entry("d", "") + "]}",
      "{\"articles\": [" + entry("a", "") + "]} x",
      "{\"articles\": [" + entry("a", "") + ", " + entry("b", "") + ", " + entry("c\xFF", "") + ", " + entry("d", "") + "]}",
      "\xEF\xBB\xBF{\"articles\": [" + entry("bom", "") + "]}",
  };
  std::size_t splits = 0, used = 0;
  for (const std::string& text : texts) {
    CAPTURE(text.substr(0, 120));
    const std::string whole = loaded(b.site, text, nullptr);
    const std::size_t step = text.size() > 4000 ? 211 : 1;
    for (std::size_t cut = 0; cut <= text.size(); cut += step) {
      CAPTURE(cut);
      // Read in two prefixes (a third of the way, then `cut`), then the whole.
      IndexReadAhead ahead;
      ahead.read(std::string_view(text).substr(0, cut / 3));
      ahead.read(std::string_view(text).substr(0, cut));
      CHECK(ahead.received() == cut);
      used += ahead.entries();
      CHECK(loaded(b.site, text, &ahead) == whole);
      CHECK(ahead.entries() == 0);  // taken
      ++splits;
    }
  }
  CHECK(splits > 1000);
  CHECK(used > splits / 2);  // entries were read ahead, and used
  // Read ahead to the end: every entry is taken from the read-ahead.
  IndexReadAhead ahead;
  ahead.read(b.index);
  CHECK(ahead.entries() == b.files.size());
  {
    Library lib;
    load_site(lib, "site.json", b.site);
    CHECK(load_index(lib, "index.json", b.index, &ahead) == 0);  // none read again
    CHECK(lib.articles.size() == b.files.size());
    Library again;
    load_site(again, "site.json", b.site);
    CHECK(load_index(again, "index.json", b.index) == b.files.size());
  }
  // A read-ahead of more bytes than load_index is given is not from these bytes: ignored.
  IndexReadAhead longer;
  longer.read(texts[1]);
  CHECK(loaded(b.site, texts[2], &longer) == loaded(b.site, texts[2], nullptr));
}
