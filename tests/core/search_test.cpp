// Search: folding, tokenising, stemming (en, fr, es), ranking, snippets and the serialised index.
#include <doctest/doctest.h>

#include <algorithm>
#include <sstream>

#include "core/search.h"
#include "test_files.h"

using namespace reader::core::search;

namespace {
std::vector<std::string> words(std::string_view text) {
  std::vector<std::string> out;
  for (const Token& t : tokenize(text)) out.push_back(t.folded);
  return out;
}

std::vector<std::string> ids(const Results& r) {
  std::vector<std::string> out;
  for (const Result& x : r.top) out.push_back(std::string(x.article_id) + "/" + std::string(x.language));
  return out;
}

// A small library in three languages, written for these tests.
Index sample() {
  Index index;
  index.add("plan", "fr", "L’OIM va élaborer un plan régional", "Un plan pour la région.",
            "Les partenaires élaborent une stratégie. Le chef-d’œuvre du programme est la coordination.");
  index.add("plan", "en", "IOM to draw up a regional plan", "A plan for the region.",
            "Partners develop a strategy with migrants and host communities.");
  index.add("ninos", "es", "Protección de niños migrantes", "La OIM protege a los niños.",
            "Las ciudades fronterizas acogen a niñas y niños. La trata de personas es un delito.");
  index.add("ninos", "en", "Protecting migrant children", "IOM protects children.",
            "Border cities welcome girls and boys. Human trafficking is a crime.");
  index.add("water", "en", "Access to water", "Wells for the region.", "The programme builds wells. Migrants in the region benefit.");
  index.add("water", "fr", "L’accès à l’eau", "Des puits.", "Le programme construit des puits pour les migrants.");
  index.finish();
  return index;
}
}  // namespace

TEST_CASE("search: folding removes case, accents and ligatures, in every script we publish") {
  CHECK(fold("Élaborer") == "elaborer");
  CHECK(fold("NIÑO") == "nino");
  CHECK(fold("Œuvre") == "oeuvre");
  CHECK(fold("Straße") == "strasse");
  CHECK(fold("Ærø Łódź Ștefan") == "aero lodz stefan");
  CHECK(fold("e\xCC\x81t\xC3\xA9") == "ete");  // decomposed é, then composed é
  CHECK(fold("\xD8\xA3\xD9\x8E\xD8\xAD\xD9\x92\xD9\x80\xD9\x85\xD9\x8E\xD8\xAF") == "\xD8\xA7\xD8\xAD\xD9\x85\xD8\xAF");  // أَحْـمَد -> احمد
  CHECK(fold("\xD8\xA5\xD8\xA2") == "\xD8\xA7\xD8\xA7");  // إ آ -> ا ا
  CHECK(fold("\xD9\xA2\xD9\xA0\xD9\xA2\xD9\xA4") == "2024");  // Arabic-Indic digits
}

TEST_CASE("search: words are runs of letters and digits, apostrophes and punctuation separate them") {
  CHECK(words("L’organisation, l'OIM et le chef-d’œuvre (2024) !") ==
        std::vector<std::string>{"l", "organisation", "l", "oim", "et", "le", "chef", "d", "oeuvre", "2024"});
  CHECK(words("¿Qué? «Niños» — 5 000 €") == std::vector<std::string>{"que", "ninos", "5", "000"});
  const std::vector<Token> t = tokenize("Un élan");
  REQUIRE(t.size() == 2);
  CHECK(t[1].begin == 3);
  CHECK(t[1].end == 8);  // é is two bytes
  CHECK(tokenize("").empty());
  CHECK(tokenize(" ,;… ").empty());
}

TEST_CASE("search: Arabic words are found without harakat, tatweel or the alef's hamza, and its punctuation separates words") {
  CHECK(words("\u0641\u064A \u062C\u0646\u064A\u0641\u060C \u0639\u0631\u0636\u062A\u061F") ==
        std::vector<std::string>{"\u0641\u064A", "\u062C\u0646\u064A\u0641", "\u0639\u0631\u0636\u062A"});  // في جنيف، عرضت؟
  Index index;
  // "The strategic priorities (الأولويات) of the Organization in Geneva (جنيف)."
  index.add("council", "ar", "\u0627\u0644\u0623\u0648\u0644\u0648\u064A\u0627\u062A \u0627\u0644\u0627\u0633\u062A\u0631\u0627\u062A\u064A\u062C\u064A\u0629", "",
            "\u0639\u0631\u0636\u062A \u0627\u0644\u0645\u062F\u064A\u0631\u0629 \u0641\u064A \u062C\u0646\u064A\u0641\u060C \u0627\u0644\u064A\u0648\u0645.");
  index.add("council", "en", "Strategic priorities", "", "The Director General presented them in Geneva.");
  index.finish();
  Options o;
  o.prefix_last = false;
  o.only_language = "ar";
  // Without the hamza (الاولويات), with harakat (جَنِيف), with a tatweel (جنـيف): all find it.
  CHECK(ids(index.search("\u0627\u0644\u0627\u0648\u0644\u0648\u064A\u0627\u062A", o)) == std::vector<std::string>{"council/ar"});
  CHECK(ids(index.search("\u062C\u064E\u0646\u0650\u064A\u0641", o)) == std::vector<std::string>{"council/ar"});
  CHECK(ids(index.search("\u062C\u0646\u0640\u064A\u0641", o)) == std::vector<std::string>{"council/ar"});
  // إ and آ fold to ا too, as the index's own text does.
  CHECK(fold("\u0625\u0635\u0644\u0627\u062D") == fold("\u0627\u0635\u0644\u0627\u062D"));
}

TEST_CASE("search: light stemming conflates plurals and common endings in English, French and Spanish") {
  const auto same = [](std::string_view a, std::string_view b, std::string_view lang) { return stem(fold(a), lang) == stem(fold(b), lang); };
  // English
  CHECK(same("migrants", "migrant", "en"));
  CHECK(same("policies", "policy", "en"));
  CHECK(same("training", "trains", "en"));
  CHECK(same("trained", "train", "en"));
  CHECK(same("migrated", "migrate", "en"));
  CHECK(same("classes", "class", "en"));
  CHECK_FALSE(same("status", "stat", "en"));
  // French
  CHECK(same("élaborer", "élaborées", "fr"));
  CHECK(same("élaboré", "élaborer", "fr"));
  CHECK(same("journaux", "journal", "fr"));
  CHECK(same("migrantes", "migrant", "fr"));
  CHECK(same("régionaux", "régional", "fr"));
  CHECK(same("première", "premier", "fr"));
  // Spanish
  CHECK(same("ciudades", "ciudad", "es"));
  CHECK(same("luces", "luz", "es"));
  CHECK(same("niños", "niño", "es"));
  CHECK(same("migrantes", "migrante", "es"));
  CHECK(same("fronterizas", "fronterizo", "es"));
  // Other languages are not stemmed.
  CHECK(stem("migrants", "de") == "migrants");
  CHECK(stem("ab", "en") == "ab");
}

TEST_CASE("search: the word fixtures (tests/data/search/words.tsv) fold and stem as written, in three languages") {
  std::istringstream in(reader::test::read_file(std::string(READER_TEST_DATA) + "/search/words.tsv"));
  std::string line;
  int checked = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string lang, a, b, expected;
    std::getline(fields, lang, '\t');
    std::getline(fields, a, '\t');
    std::getline(fields, b, '\t');
    std::getline(fields, expected, '\t');
    CAPTURE(line);
    REQUIRE((expected == "same" || expected == "different"));
    CHECK((stem(fold(a), lang) == stem(fold(b), lang)) == (expected == "same"));
    ++checked;
  }
  CHECK(checked >= 40);
}

TEST_CASE("search: queries are case- and accent-insensitive, AND of their words, in every language") {
  const Index index = sample();
  CHECK(index.document_count() == 6);
  Options o;
  o.prefix_last = false;
  CHECK(ids(index.search("elaborer", o)) == std::vector<std::string>{"plan/fr"});
  CHECK(ids(index.search("ÉLABORÉES", o)) == std::vector<std::string>{"plan/fr"});
  CHECK(ids(index.search("nino", o)) == std::vector<std::string>{"ninos/es"});
  CHECK(ids(index.search("oeuvre", o)) == std::vector<std::string>{"plan/fr"});
  CHECK(ids(index.search("œuvre", o)) == std::vector<std::string>{"plan/fr"});
  CHECK(ids(index.search("trata", o)) == std::vector<std::string>{"ninos/es"});
  // AND: both words must occur.
  CHECK(ids(index.search("migrants wells", o)) == std::vector<std::string>{"water/en"});
  CHECK(index.search("wells trafficking", o).total == 0);
  CHECK(index.search("", o).total == 0);
  CHECK(index.search(" ,. ", o).total == 0);
  CHECK(index.search("zzzz", o).total == 0);
}

TEST_CASE("search: titles weigh more than bodies, and the preferred language comes first") {
  const Index index = sample();
  Options o;
  o.prefix_last = false;
  // "region": in plan/en's title, only in the summary and body of water/en.
  Results r = index.search("regional", o);
  REQUIRE(r.top.size() >= 1);
  CHECK(std::string(r.top[0].article_id) == "plan");
  // Migrants: in English, French and Spanish ("migrantes"); French first when French is preferred.
  o.preferred_language = "fr";
  r = index.search("migrants", o);
  REQUIRE(r.total == 5);
  CHECK(std::string(r.top[0].language) == "fr");
  for (std::size_t i = 1; i < r.top.size(); ++i) CHECK(std::string(r.top[i].language) != "fr");
  // A language filter keeps only that language and counts only its matches.
  o.only_language = "en";
  r = index.search("migrants", o);
  CHECK(r.total == 3);
  for (const Result& x : r.top) CHECK(std::string(x.language) == "en");
  o.only_language = "es";
  o.limit = 1;
  r = index.search("migrantes", o);
  CHECK(r.total == 1);
  CHECK(r.top.size() == 1);
}

TEST_CASE("search: the last word matches as a prefix while typing, one keystroke at a time") {
  const Index index = sample();
  Options o;
  o.only_language = "en";
  CHECK(index.search("traf", o).total == 1);
  CHECK(index.search("w", o).total >= 1);
  CHECK(index.search("border tra", o).total == 1);   // AND with the completed words
  CHECK(index.search("traf ", o).total == 0);        // a space ends the word: no longer a prefix
  o.only_language = "es";
  CHECK(ids(index.search("ni", o)) == std::vector<std::string>{"ninos/es"});
  CHECK(ids(index.search("niñ", o)) == std::vector<std::string>{"ninos/es"});
  CHECK(ids(index.search("niños", o)) == std::vector<std::string>{"ninos/es"});
  // The complete word ranks before documents that only have a longer word starting with it.
  Index two;
  two.add("long", "en", "Waterfall", "", "");
  two.add("exact", "en", "Water", "", "");
  two.finish();
  const Results r = two.search("water", Options{});
  REQUIRE(r.top.size() == 2);
  CHECK(std::string(r.top[0].article_id) == "exact");
}

TEST_CASE("search: snippets show the first match with the matched words marked") {
  const PreparedQuery q = prepare_query("trata personas", "es", false);
  const std::string text = "Las ciudades fronterizas acogen a niñas y niños. La trata de personas es un delito grave que la OIM combate.";
  const Snippet s = make_snippet(text, q, 60);
  CHECK(s.matched);
  CHECK(s.text.rfind("\xE2\x80\xA6 La trata", 0) == 0);  // starts at the sentence, after an ellipsis
  REQUIRE(s.marks.size() == 2);
  CHECK(s.text.substr(s.marks[0].first, s.marks[0].second - s.marks[0].first) == "trata");
  CHECK(s.text.substr(s.marks[1].first, s.marks[1].second - s.marks[1].first) == "personas");
  // Accents and case in the text are kept; the match is still found.
  const Snippet fr = make_snippet("Il faut ÉLABORER un plan.", prepare_query("elaborer", "fr", false));
  REQUIRE(fr.marks.size() == 1);
  CHECK(fr.text.substr(fr.marks[0].first, fr.marks[0].second - fr.marks[0].first) == "ÉLABORER");
  // No match: the start of the text, unmarked.
  const Snippet none = make_snippet("Nothing here.", prepare_query("zzz", "en", false));
  CHECK_FALSE(none.matched);
  CHECK(none.text == "Nothing here.");
  CHECK(none.marks.empty());
  // A prefix being typed marks the words it starts.
  const Snippet p = make_snippet("Migration and migrants.", prepare_query("migr", "en", true));
  CHECK(p.marks.size() == 2);
}

TEST_CASE("search: the serialised index gives the same results and refuses damaged bytes") {
  const Index index = sample();
  const std::string bytes = index.serialize();
  Index copy;
  std::string error;
  REQUIRE(copy.deserialize(bytes, error));
  CHECK(copy.document_count() == index.document_count());
  CHECK(copy.term_count() == index.term_count());
  for (const char* q : {"migrants", "elaborer", "nino", "trata", "re", "border tra"}) {
    Options o;
    o.preferred_language = "en";
    CHECK(ids(copy.search(q, o)) == ids(index.search(q, o)));
  }
  CHECK(copy.serialize() == bytes);
  // Every truncation is refused, with a message, and leaves an empty index.
  for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
    Index broken;
    std::string why;
    CHECK_FALSE(broken.deserialize(std::string_view(bytes).substr(0, cut), why));
    CHECK_FALSE(why.empty());
    CHECK(broken.document_count() == 0);
  }
  // Flipped bytes never crash; whatever is accepted can be searched.
  for (std::size_t at = 4; at < bytes.size(); ++at) {
    std::string damaged = bytes;
    damaged[at] = static_cast<char>(damaged[at] ^ 0x5A);
    Index maybe;
    std::string why;
    if (maybe.deserialize(damaged, why)) (void)maybe.search("migrants", Options{});
  }
}

TEST_CASE("search: documents added after loading a serialised index are found with the others") {
  const Index index = sample();
  Index merged;
  std::string error;
  REQUIRE(merged.deserialize(index.serialize(), error));
  merged.add("loose", "en", "Loose article about wells", "", "Dug by migrants.");
  merged.finish();
  Options o;
  o.only_language = "en";
  o.prefix_last = false;
  CHECK(merged.search("migrants", o).total == 4);
  CHECK(ids(merged.search("loose", o)) == std::vector<std::string>{"loose/en"});
  CHECK(merged.search("wells", o).total == 2);
}

TEST_CASE("search: the precomputed prefix lists and the forward lookups give exactly the full computation's results") {
  // A corpus where one-letter prefixes cover tens of thousands of postings.
  static const char* const kWords[] = {"migration", "migrant", "mobility", "climate", "community", "camp", "data", "displacement",
                                       "development", "return", "reintegration", "response", "health", "housing", "trafficking",
                                       "training", "water", "women", "youth", "border", "budget", "support", "survey", "safety"};
  Index index;
  std::uint64_t seed = 12345;
  const auto next = [&seed] { seed = seed * 6364136223846793005ull + 1442695040888963407ull; return static_cast<std::size_t>(seed >> 33); };
  for (int i = 0; i < 12000; ++i) {  // "m", "c", "d", "r", "t", "s" hold more than 8192 postings in English
    std::string title, body;
    for (int w = 0; w < 4; ++w) title += std::string(kWords[next() % std::size(kWords)]) + " ";
    if (i % 50 == 0) title += "rarity ";  // a rare word: AND with a common one gallops through its postings
    for (int w = 0; w < 60; ++w) body += std::string(kWords[next() % std::size(kWords)]) + (w % 7 == 6 ? ". " : " ");
    index.add("a" + std::to_string(i), i % 3 == 0 ? "fr" : "en", title, "", body);
  }
  index.finish();
  CHECK(index.precomputed_prefixes() >= 4);
  std::vector<std::string> queries;
  for (const char* w : kWords) {
    const std::string word(w);
    for (std::size_t n = 1; n <= 4; ++n) queries.push_back(word.substr(0, n));
    queries.push_back("water " + word.substr(0, 1));
    queries.push_back("women youth " + word.substr(0, 1));
    queries.push_back("climate data " + word.substr(0, 2));
    queries.push_back(word + " m");
  }
  for (const char* w : kWords) {  // full words only: single terms intersected by merging
    queries.push_back(std::string("rarity ") + w);
    queries.push_back(std::string(w) + " rarity");
    queries.push_back(std::string(w) + " water youth");
  }
  for (const std::string& q : queries) {
    for (std::size_t limit : {std::size_t{10}, std::size_t{50}}) {
      CAPTURE(q);
      Options fast;
      fast.limit = limit;
      fast.preferred_language = "fr";
      fast.prefix_last = q.find("rarity") == std::string::npos && q.find("water youth") == std::string::npos;
      Options full = fast;
      full.exhaustive = true;
      const Results a = index.search(q, fast), b = index.search(q, full);
      CHECK(a.total == b.total);
      CHECK(ids(a) == ids(b));
    }
  }
  // Serialised and read back, the lists are rebuilt the same.
  Index copy;
  std::string error;
  REQUIRE(copy.deserialize(index.serialize(), error));
  CHECK(ids(copy.search("m", Options{})) == ids(index.search("m", Options{})));
}
