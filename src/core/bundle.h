// Bundles built by `articlepack build`: a small index (ids, sections, dates, tags, titles and
// summaries in each language, and the content-hashed file of each article) separate from the
// article files, so that opening the reader never parses every body.
//
//   index.json  {"format": 2, "articles": [{"id", "section", "date", "tags", "file",
//                "image": {"src", "width", "height"}, "translations": {"fr": {"title",
//                "summary"}, ...}}, ...]}   (the files' SHA-256 and sizes are in manifest.json)
//
// Contract: the reader validates the index as it loads it (a bad entry is reported and left
// out, the others show) and each article file with the full article rules when it is opened.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

#include "content_loader.h"

namespace reader::core {

// One article file of a bundle.
struct BundleFile {
  std::string path;    // relative to the bundle: "articles/<id>.<hash>.json"
  std::string sha256;  // of its bytes
  std::size_t size = 0;
};

// The index for the library's articles, in the library's order. `file_of` gives each article's
// bundle file by article id.
std::string make_index(const Library& library, const std::map<std::string, BundleFile, std::less<>>& file_of);

// Adds the index's articles (titles and summaries only) to a library whose site is loaded.
void load_index(Library& library, std::string_view file, std::string_view bytes);

// Loads an article file the index names (the full article rules apply) into its indexed
// article. Problems are added to the library's issues; a file that does not hold the indexed
// article marks it as failed.
void load_article_body(Library& library, std::string_view file, std::string_view bytes, const LoadLimits& limits = {});

}  // namespace reader::core
