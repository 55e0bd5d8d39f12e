// Deterministic generator of realistic multi-language articles, for scale tests
// (`articlepack gen --count N --seed S`). The same seed and count always give the same bytes.
//
// Articles follow docs/content.md: ids gen-000001..., sections drawn from the site's
// sections, dates spread over 2000-2030, English always, French and Spanish mostly (a few are
// missing, to exercise fallback), bodies of 150-1,200 words with headings, lists, quotes,
// emphasis, links and the accents each language needs.
//
// Every article also carries a distinctive proper name (a project, e.g. "Ñárécö"), a function of
// its index alone (not of the seed): one sentence naming it in a paragraph of the body, in every
// translation, and, for every third article (index divisible by 3), in the title too. Search
// benchmarks use these names as queries with a known target; the accented syllables make
// accent-stripped queries ("nareco") matter.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace reader::tools {

struct GeneratorOptions {
  std::uint64_t seed = 1;
  std::vector<std::string> sections;  // section ids to draw from (non-empty)
};

// The JSON text of article number `index` (1-based).
std::string generate_article(const GeneratorOptions& options, std::uint64_t index);

// The proper name of article number `index`: three syllables, capitalised, e.g. "Ñárécö".
// Distinct (also once accents are stripped) for indices below 110,592; then names repeat.
std::string article_name(std::uint64_t index);

}  // namespace reader::tools
