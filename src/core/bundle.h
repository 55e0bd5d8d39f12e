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
#include <memory>
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

// An index read while it arrives: the page writes the index's bytes into one buffer as they come
// and calls read() with the part received so far; load_index then takes the entries read ahead
// instead of reading them again, so little is left to read once the last byte is in (at 10,000
// articles the index takes 300-500 ms to arrive and 35-50 ms to read).
//
// Contract: each prefix given to read() is the start of the same bytes, and the bytes finally
// given to load_index begin with the longest prefix read. Entries are identified by their byte
// offset, so load_index's result and messages are exactly those of reading the whole text at
// once: only entries that were read whole and without a problem are kept ahead, everything else
// (and the index's other members) is read by load_index itself.
class IndexReadAhead {
 public:
  IndexReadAhead();
  ~IndexReadAhead();
  IndexReadAhead(IndexReadAhead&&) noexcept;
  IndexReadAhead& operator=(IndexReadAhead&&) noexcept;

  // Reads the entries of "articles" that lie whole in `prefix` and were not read before. Reading
  // stops, without a message, at the first problem or where the prefix ends.
  void read(std::string_view prefix);
  // Entries read ahead so far, and each one (in the index's order; valid until load_index).
  std::size_t entries() const;
  const Article& entry(std::size_t i) const;
  // Bytes of the longest prefix read so far.
  std::size_t received() const;
  void clear();
  // The whole index's size, when known: room is made for its entries at once.
  void expect(std::size_t index_bytes);

  struct State;  // bundle.cpp

 private:
  friend std::size_t load_index(Library&, std::string_view, std::string_view, IndexReadAhead*);
  std::unique_ptr<State> state_;
};

// Adds the index's articles (titles and summaries only) to a library whose site is loaded.
// `ahead`, if given, holds entries of these same bytes read while they arrived (they are moved
// out of it); it is ignored when it read more bytes than `bytes` holds. Returns how many entries
// it read itself (not taken from `ahead`), rejected ones included.
std::size_t load_index(Library& library, std::string_view file, std::string_view bytes, IndexReadAhead* ahead = nullptr);

// Loads an article file the index names (the full article rules apply) into its indexed
// article. Problems are added to the library's issues; a file that does not hold the indexed
// article marks it as failed.
void load_article_body(Library& library, std::string_view file, std::string_view bytes, const LoadLimits& limits = {});

}  // namespace reader::core
