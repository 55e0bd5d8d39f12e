// Deterministic generator of realistic multi-language articles, for scale tests
// (`articlepack gen --count N --seed S`). The same seed and count always give the same bytes.
//
// Articles follow docs/article-format.md: ids gen-000001..., sections drawn from the site's
// sections, dates spread over 2000-2030, English always, French and Spanish mostly (a few are
// missing, to exercise fallback), bodies of 150-1,200 words with headings, lists, quotes,
// emphasis, links and the accents each language needs.
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

}  // namespace reader::tools
