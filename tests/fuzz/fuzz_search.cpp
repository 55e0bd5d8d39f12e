// libFuzzer target: the search core and the routes on any bytes. The input is used as article
// text (indexed, serialised, read back, searched), as a damaged serialised index, as a query
// with snippets, and as a URL hash.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/route.h"
#include "core/search.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace reader::core;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  // As articles in three languages (split in four parts).
  search::Index index;
  const std::size_t quarter = size / 4;
  const char* languages[] = {"en", "fr", "es", "en"};
  for (std::size_t i = 0; i < 4; ++i)
    index.add("a" + std::to_string(i % 3), languages[i], bytes.substr(i * quarter, quarter / 3),
              bytes.substr(i * quarter + quarter / 3, quarter / 3), bytes.substr(i * quarter + 2 * (quarter / 3), quarter));
  index.finish();
  const std::string_view query = bytes.substr(0, std::min<std::size_t>(size, 24));
  search::Options options;
  options.preferred_language = "fr";
  const search::Results direct = index.search(query, options);
  // Written and read back: the same results.
  const std::string serialised = index.serialize();
  search::Index copy;
  std::string error;
  if (!copy.deserialize(serialised, error)) std::abort();
  const search::Results again = copy.search(query, options);
  if (again.total != direct.total || again.top.size() != direct.top.size()) std::abort();
  // Damaged at places the input picks: refused or readable, never a crash.
  std::string damaged = serialised;
  for (std::size_t i = 0; i < std::min<std::size_t>(size, 8) && !damaged.empty(); ++i)
    damaged[(data[i] * 131u + i * 7u) % damaged.size()] ^= static_cast<char>(data[i] | 1);
  search::Index broken;
  if (broken.deserialize(damaged, error)) (void)broken.search(query, options);
  if (broken.deserialize(bytes, error)) (void)broken.search("a", options);
  // As a query against the text, with a snippet.
  const search::PreparedQuery prepared = search::prepare_query(query, "es", true);
  const search::Snippet snippet = search::make_snippet(bytes, prepared, 1 + size % 200);
  for (const auto& [b, e] : snippet.marks)
    if (b > e || e > snippet.text.size()) std::abort();
  // As a URL.
  const Route route = parse_route(bytes);
  if (route.kind != Route::Kind::not_found && route.language.size() >= 2 && parse_route(format_route(route)) != route) std::abort();
  return 0;
}
