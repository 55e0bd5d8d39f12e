// Bundle index: made from a library, read back with titles and summaries only, and article
// files loaded on demand with the full rules.
#include <doctest/doctest.h>

#include <filesystem>

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
