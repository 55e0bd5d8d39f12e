// The importer: the seed page reproduces the bundled French article; fixtures in both page
// shapes and three languages (tests/data/import) give their expected articles; no line of a
// page is ever lost without a reason.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>

#include "core/content_loader.h"
#include "core/importer.h"
#include "core/utf8.h"
#include "test_files.h"

using namespace reader::core;
using reader::test::data_path;
using reader::test::read_file;
using reader::test::source_path;

namespace {

ImportOptions options_for(const std::string& language) {
  ImportOptions o;
  o.language = language;
  Library lib;
  load_site(lib, "site.json", read_file(source_path("assets/site.json")));
  for (const Section& s : lib.site.sections)
    for (const auto& [lang, label] : s.label.by_language) o.menu_labels.push_back(label);
  return o;
}

// Letters and digits only, lower-cased: to find a page line's words in the imported text
// whatever typography and joining did to them.
std::string letters(std::string_view s) {
  std::string out;
  std::size_t pos = 0;
  while (pos < s.size()) {
    char32_t cp = utf8_decode(s, pos);
    if (cp >= 'A' && cp <= 'Z') cp += 32;
    const bool latin_letter = cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7;
    if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9') || latin_letter) utf8_append(out, cp);
  }
  return out;
}

// Every non-empty line of the page is dropped with a reason or found in the result.
void check_every_line_accounted(std::string_view page, const ImportResult& r, const std::string& name) {
  std::string all = r.title + " " + r.summary + " " + r.body;
  for (const ImportedContact& c : r.contacts) all += " " + c.name + " " + c.office + " " + c.phone + " " + c.email;
  const std::string haystack = letters(all);
  std::size_t number = 0, start = 0;
  while (start <= page.size()) {
    std::size_t end = page.find('\n', start);
    if (end == std::string_view::npos) end = page.size();
    ++number;
    const std::string line = letters(page.substr(start, end - start));
    const bool dropped = std::any_of(r.dropped.begin(), r.dropped.end(), [&](const ImportNote& n) { return n.line == number; });
    const bool repaired = std::any_of(r.repairs.begin(), r.repairs.end(), [&](const ImportNote& n) { return n.line == number; });
    // A contact line: its address is a contact's e-mail ("Email: a@iom.int")...
    const std::string_view raw = page.substr(start, end - start);
    if (std::any_of(r.contacts.begin(), r.contacts.end(), [&](const ImportedContact& c) { return !c.email.empty() && raw.find(c.email) != std::string_view::npos; })) {
      if (end == page.size()) break;
      start = end + 1;
      continue;
    }
    // ... or its digits are a contact's phone ("Tél. +57 1 6397777").
    std::string digits;
    for (char ch : line) if (ch >= '0' && ch <= '9') digits += ch;
    if (digits.size() >= 6) {
      std::string contact_digits;
      for (const ImportedContact& c : r.contacts) for (char ch : c.phone) if (ch >= '0' && ch <= '9') contact_digits += ch;
      if (contact_digits.find(digits) != std::string::npos) { if (end == page.size()) break; start = end + 1; continue; }
    }
    if (!line.empty() && !dropped && !repaired) {
      INFO(name << ":" << number << ": " << std::string(page.substr(start, end - start)));
      // The line's end (a contact line's label comes first: "Tél. +57 1 ...").
      const std::string tail = line.size() > 12 ? line.substr(line.size() - 12) : line;
      CHECK(haystack.find(tail) != std::string::npos);
    }
    if (end == page.size()) break;
    start = end + 1;
  }
}

}  // namespace

TEST_CASE("import: the seed page reproduces the bundled French article") {
  // A copy of the seed page (../shared/seeds/000_09d92d631dec1b3d.txt), kept with the fixtures.
  const std::string page = read_file(data_path("import/seed_000_09d92d631dec1b3d.txt"));
  REQUIRE_FALSE(page.empty());
  const ImportResult r = import_page(page, options_for("fr"));
  const nlohmann::json bundled = nlohmann::json::parse(read_file(source_path("assets/articles/colombia-counter-trafficking-agreement.json")));
  const auto& fr = bundled["translations"]["fr"];
  CHECK(r.shape == "menu");
  CHECK(r.title == fr["title"].get<std::string>());
  CHECK(r.summary == fr["summary"].get<std::string>());
  CHECK(r.body == fr["body"].get<std::string>());
  REQUIRE(r.contacts.size() == 1);
  CHECK(r.contacts[0].name == "Jorge Gallo");
  CHECK(r.contacts[0].office == "OIM Bogota");
  CHECK(r.contacts[0].phone == "+57 1 6397777");
  CHECK(r.contacts[0].email == "jgallo@iom.int");
  CHECK(r.problems.empty());
  // Repairs: two lost œ, the scraped e-mail link, a stray closing guillemet; all reported.
  const auto count = [&](std::string_view what) {
    return std::count_if(r.repairs.begin(), r.repairs.end(), [&](const ImportNote& n) { return n.text.find(what) != std::string::npos; });
  };
  CHECK(count("uvre -> \xC5\x93uvre") == 2);
  CHECK(count("jgallo@iom.int") == 1);
  CHECK(count("\xC2\xBB") == 1);
  // The menu (29 lines), the contact header and the e-mail label are dropped with reasons.
  CHECK(r.dropped.size() == 31);  // + the "E-mail:" label line
  for (const ImportNote& n : r.dropped) CHECK_FALSE(n.reason.empty());
  check_every_line_accounted(page, r, "seed");
}

TEST_CASE("import: fixtures in both page shapes and three languages") {
  const std::string dir = data_path("import");
  int fixtures = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().extension() != ".txt") continue;
    const std::string name = e.path().stem().string();
    const std::string expected_path = dir + "/" + name + ".expected.json";
    if (!std::filesystem::exists(expected_path)) continue;
    ++fixtures;
    const std::string language = name.substr(name.size() - 2);
    const std::string page = read_file(e.path().string());
    const ImportResult r = import_page(page, options_for(language));
    const nlohmann::json want = nlohmann::json::parse(read_file(expected_path));
    INFO("fixture " << name);
    CHECK(r.title == want["title"].get<std::string>());
    CHECK(r.summary == want["summary"].get<std::string>());
    std::string body = want["body"].get<std::string>();
    if (!body.empty() && body.back() != '\n') body += '\n';
    CHECK(r.body == body);
    REQUIRE(r.contacts.size() == want["contacts"].size());
    for (std::size_t i = 0; i < r.contacts.size(); ++i) {
      const auto& c = want["contacts"][i];
      CHECK(r.contacts[i].name == c.value("name", ""));
      CHECK(r.contacts[i].office == c.value("office", ""));
      CHECK(r.contacts[i].phone == c.value("phone", ""));
      CHECK(r.contacts[i].email == c.value("email", ""));
    }
    CHECK(r.type == want.value("type", ""));
    CHECK(r.region == want.value("region", ""));
    CHECK(r.shape == (want.contains("type") ? "type-region" : "menu"));
    CHECK(r.repairs.size() == want.value("repairs", 0));
    CHECK(r.problems.empty());
    check_every_line_accounted(page, r, name);
  }
  CHECK(fixtures >= 6);
}

TEST_CASE("import: odd pages end in a result or a problem, never a crash") {
  const ImportOptions o = options_for("en");
  CHECK_FALSE(import_page("", o).problems.empty());
  CHECK_FALSE(import_page("-\n- Menu\n-\n", o).problems.empty());
  const ImportResult latin = import_page("News\nGlobal\nCaf\xE9 title\nBody line one.\n", o);
  CHECK(latin.title == "Caf\xC3\xA9 title");
  CHECK_FALSE(latin.problems.empty());  // says it was read as Latin-1
  std::string huge = "News\nGlobal\nTitle\n";
  for (int i = 0; i < 20000; ++i) huge += "a line of text without an end\n";
  const ImportResult big = import_page(huge, o);
  CHECK(big.body.size() > 500000);
  CHECK(slug_from_title("Nouvelles ressources : l’œuvre de l’OIM à Bogotá!") == "nouvelles-ressources-l-oeuvre-de-l-oim-a-bogota");
  CHECK(slug_from_title("") == "article");
}
