// Full-text search over every article in every language: folding, tokenising, light stemming,
// an inverted index with BM25-style ranking, and snippets.
//
// Contract:
// - Folding is case- and accent-insensitive: "Élaborer" ≡ "elaborer", "niño" ≡ "nino",
//   "œuvre" ≡ "oeuvre", "Straße" ≡ "strasse"; Arabic harakat and tatweel are dropped and the
//   alef variants (أ إ آ) fold to ا.
// - A word is a run of letters and digits; apostrophes, hyphens and punctuation separate words
//   ("l’organisation" is "l" + "organisation"). One-letter words are not indexed.
// - Stemming is light and per language (en, fr, es: plurals and common endings); the index and
//   the query use the same stemmer for the same language, so "migrants" finds "migrant" and
//   "élaborées" finds "élaborer". Other languages are folded but not stemmed.
// - A query is the AND of its words; with `prefix_last`, the last word also matches every term
//   that starts with it (as-you-type). Ranking is BM25 over title (×3), summary (×2) and body,
//   with exact matches ahead of prefix completions; results in the preferred language first.
// - The index is built once (add() … finish()) at pack time or load time and can be written to
//   and read from a compact binary form (serialize / deserialize; varint, front-coded terms,
//   then the best documents of every heavy prefix, so that a reader does not score them).
//   Reading never trusts the bytes: a truncated or corrupt index is refused with a message.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "document.h"
#include "document_layout.h"
#include "layout.h"

namespace reader::core::search {

// `text` lower-cased with accents removed and ligatures expanded; non-word characters kept.
std::string fold(std::string_view text);

// A word of `text`: its folded form and where it lies in the original (bytes).
struct Token {
  std::string folded;
  std::size_t begin = 0, end = 0;
};
std::vector<Token> tokenize(std::string_view text);

// Light stem of a folded word in `language` ("en", "fr", "es"; others returned as they are).
std::string stem(std::string_view folded, std::string_view language);

// The text a reader would read in a document: blocks separated by newlines, links as their text.
std::string document_text(const Document& doc);

// What a query asks for, prepared for one language: stems of the whole words, and the last word
// as typed (folded) when it is matched as a prefix.
struct PreparedQuery {
  std::string language;
  std::vector<std::string> stems;  // every word's stem (the last one too)
  std::string prefix;              // the last word folded, when matched as a prefix; else empty
  std::string prefix_stem;         // its stem
  bool empty() const { return stems.empty(); }
  // True when a folded token of text in this language matches one of the words.
  bool matches(std::string_view folded_token) const;
};
PreparedQuery prepare_query(std::string_view query, std::string_view language, bool prefix_last);

// A short extract of `text` around the first place where the query's words occur, with the
// matching words marked (byte ranges within `text` of the snippet). Falls back to the start of
// the text when no word occurs. At most about `max_chars` code points, cut at word boundaries,
// with "…" where it was cut.
struct Snippet {
  std::string text;
  std::vector<std::pair<std::size_t, std::size_t>> marks;
  bool matched = false;
};
Snippet make_snippet(std::string_view text, const PreparedQuery& query, std::size_t max_chars = 160);

// Boxes of the words of a laid-out document that match the query, in the layout's coordinates
// (first match first), for highlighting them and scrolling to the first one.
struct WordBox {
  float x = 0, y = 0, w = 0, h = 0;
};
std::vector<WordBox> find_in_layout(const DocumentLayout& layout, const PreparedQuery& query, const FontMetrics& metrics);

struct Options {
  std::string_view preferred_language;  // its results first (then the others by score)
  std::string_view only_language;       // when set, results in that language only
  std::size_t limit = 10;
  bool prefix_last = true;
  // Score every posting, never the precomputed lists (for tests that compare both ways).
  bool exhaustive = false;
};

struct Result {
  std::string_view article_id;  // points into the index
  std::string_view language;
  float score = 0;
};

struct Results {
  std::vector<Result> top;   // at most `limit`, best first
  std::size_t total = 0;     // how many documents matched (within only_language, if set)
};

class Index {
 public:
  // Adds one translation of an article. `body` is plain text (see document_text()).
  void add(std::string_view article_id, std::string_view language, std::string_view title, std::string_view summary,
           std::string_view body);
  // Sorts the terms and postings; needed once after the last add() and before search().
  void finish();

  Results search(std::string_view query, const Options& options) const;

  std::string serialize() const;
  // Replaces this index by the one in `bytes`. On failure returns false, leaves the index empty
  // and says why in `error`.
  bool deserialize(std::string_view bytes, std::string& error);

  std::size_t document_count() const { return docs_.size(); }
  std::size_t term_count() const;
  std::size_t memory_bytes() const;  // approximate heap use of the finished index
  std::size_t precomputed_prefixes() const;  // prefixes whose best documents are precomputed

 private:
  struct Doc {
    std::uint32_t article = 0;  // index into articles_
    std::uint8_t language = 0;  // index into languages_
    std::uint32_t length = 0;   // weighted token count (title ×3, summary ×2, body)
    float norm = 0;             // BM25 length normalisation, from length
  };
  struct Shard {  // one language's terms
    std::string term_bytes;                 // terms one after another, sorted
    std::vector<std::uint32_t> term_start;  // term i is term_bytes[term_start[i], term_start[i+1])
    std::vector<std::uint32_t> post_start;  // postings of term i: [post_start[i], post_start[i+1])
    std::vector<std::uint32_t> post_doc;    // ascending within a term
    std::vector<std::uint16_t> post_tf;     // weighted term frequency
    std::vector<float> idf;                 // BM25 idf of term i (prepare_lookups)
    std::vector<float> impact;              // tf / (tf + norm) of each posting (prepare_lookups)
    std::size_t size() const { return term_start.empty() ? 0 : term_start.size() - 1; }
    std::string_view term(std::size_t i) const {
      return std::string_view(term_bytes).substr(term_start[i], term_start[i + 1] - term_start[i]);
    }
    std::pair<std::size_t, std::size_t> prefix_range(std::string_view prefix) const;
    std::size_t find(std::string_view term) const;  // index or size()
  };
  struct Pending {  // a posting before finish()
    std::uint32_t term;
    std::uint32_t doc;
    std::uint16_t tf;
  };

  // The best documents of a prefix whose terms are many (see kTopPostings): [lo, hi) is the
  // prefix's term range, total how many documents it matches.
  struct PrefixTop {
    std::uint32_t lo = 0, hi = 0, total = 0;
    std::vector<std::pair<std::uint32_t, float>> top;  // (document, score), best first
    std::vector<float> dense;  // score by document of the language (-1: none), for AND after other words
  };
  static constexpr std::size_t kPrefixTop = 50;  // searches asking for more score every posting

  std::uint8_t language_index(std::string_view language);
  void compute_norms();
  // The precomputed prefix lists and the forward index; `tops_loaded`: the prefix lists came
  // from a serialised index (only the score tables of one- and two-letter prefixes are computed).
  void prepare_lookups(bool tops_loaded = false);
  float term_weight(const Shard& shard, std::size_t lang, std::size_t term, bool exact) const;

  std::vector<std::string> articles_;   // article ids, in order of first add()
  std::vector<std::string> languages_;  // language codes
  std::vector<Doc> docs_;
  std::vector<Shard> shards_;           // by language index
  std::vector<std::uint32_t> language_docs_;  // documents per language (for idf)
  std::vector<std::unordered_map<std::string, PrefixTop>> heavy_;  // per language, by prefix
  std::vector<std::uint32_t> fwd_start_, fwd_term_;  // document -> its term ids, ascending
  std::vector<std::uint16_t> fwd_tf_;
  std::vector<std::uint32_t> doc_local_;  // document -> its index among its language's documents
  // Building state (cleared by finish()).
  std::vector<std::unordered_map<std::string, std::uint32_t>> term_ids_;  // per language: term -> id
  std::vector<std::vector<Pending>> pending_;                           // per language
  bool finished_ = true;
};

}  // namespace reader::core::search
