// Full-text search (see search.h).
#include "search.h"

#include <algorithm>
#include <cstring>
#include <cmath>
#include <tuple>

#include "utf8.h"

namespace reader::core::search {

namespace {

// Base letters of U+00C0..U+00FF and U+0100..U+017F. Digits stand for multi-letter foldings:
// 1 "ij", 2 "oe", 3 "ae", 4 "th", 5 "ss"; '*' marks a non-letter (× ÷).
constexpr std::string_view kLatin1 = "aaaaaa3ceeeeiiiidnooooo*ouuuuy45aaaaaa3ceeeeiiiidnooooo*ouuuuy4y";
constexpr std::string_view kLatinA =
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii11jjkkkllllllllllnnnnnnnnnoooooo22rrrrrrssssssssttttttuuuuuuuuuuuu"
    "wwyyyzzzzzzs";
static_assert(kLatin1.size() == 64 && kLatinA.size() == 128);

void append_letter(std::string& out, char c) {
  switch (c) {
    case '1': out += "ij"; break;
    case '2': out += "oe"; break;
    case '3': out += "ae"; break;
    case '4': out += "th"; break;
    case '5': out += "ss"; break;
    default: out += c;
  }
}

// True for characters that are part of words (letters, digits, combining marks).
bool is_word(char32_t cp) {
  if (cp < 0x80) return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
  if (cp < 0xC0 || cp == 0xD7 || cp == 0xF7) return false;
  if (cp >= 0x2000 && cp < 0x2C00) return false;  // punctuation, symbols, arrows, maths, boxes
  // Arabic punctuation: comma, semicolon, question mark, percent and separators, full stop.
  if (cp == 0x060C || cp == 0x061B || cp == 0x061F || (cp >= 0x066A && cp <= 0x066D) || cp == 0x06D4) return false;
  if (cp >= 0x2E00 && cp < 0x2E80) return false;
  if (cp >= 0x3000 && cp < 0x3040) return false;
  if (cp >= 0xFE10 && cp < 0xFE70) return false;
  if (cp >= 0xFF00 && cp < 0xFF10) return false;
  if (cp >= 0xFFF0 && cp <= 0xFFFF) return false;
  if (cp == 0xFEFF || cp >= 0x1F000) return false;  // BOM, emoji and pictographs
  if (cp == 0x060C || cp == 0x061B || cp == 0x061F || (cp >= 0x066A && cp <= 0x066D) || cp == 0x06D4) return false;
  return true;
}

// Appends the folded form of one word character.
void fold_char(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
    return;
  }
  if (cp >= 0xC0 && cp < 0x100) return append_letter(out, kLatin1[cp - 0xC0]);
  if (cp >= 0x100 && cp < 0x180) return append_letter(out, kLatinA[cp - 0x100]);
  if (cp >= 0x0300 && cp < 0x0370) return;  // combining diacritics (decomposed accents)
  switch (cp) {
    case 0x0218: case 0x0219: out += 's'; return;  // Ș ș
    case 0x021A: case 0x021B: out += 't'; return;  // Ț ț
    case 0x0640: return;                           // Arabic tatweel
    case 0x0622: case 0x0623: case 0x0625: case 0x0671: cp = 0x0627; break;  // alef variants
    case 0x0649: cp = 0x064A; break;  // alef maqsura as yeh
    case 0x0629: cp = 0x0647; break;  // teh marbuta as heh
    default: break;
  }
  if ((cp >= 0x064B && cp <= 0x065F) || cp == 0x0670) return;  // Arabic harakat
  if (cp >= 0x0660 && cp <= 0x0669) { out += static_cast<char>('0' + (cp - 0x0660)); return; }  // Arabic-Indic digits
  if (cp >= 0x06F0 && cp <= 0x06F9) { out += static_cast<char>('0' + (cp - 0x06F0)); return; }
  if (cp >= 0x0391 && cp <= 0x03A9) cp += 0x20;  // Greek capitals
  else if (cp >= 0x0410 && cp <= 0x042F) cp += 0x20;  // Cyrillic capitals
  else if (cp >= 0x0400 && cp <= 0x040F) cp += 0x50;
  utf8_append(out, cp);
}

bool is_vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

void put_varint(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    out += static_cast<char>((v & 0x7F) | 0x80);
    v >>= 7;
  }
  out += static_cast<char>(v);
}

// Bounds-checked reading of the serialised form; any overrun sets `bad`.
struct Reader {
  std::string_view bytes;
  std::size_t pos = 0;
  bool bad = false;
  std::uint64_t varint() {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos >= bytes.size()) { bad = true; return 0; }
      const auto b = static_cast<unsigned char>(bytes[pos++]);
      v |= static_cast<std::uint64_t>(b & 0x7F) << shift;
      if (!(b & 0x80)) return v;
    }
    bad = true;
    return 0;
  }
  std::string_view take(std::uint64_t n) {
    if (n > bytes.size() - pos) { bad = true; return {}; }
    std::string_view s = bytes.substr(pos, static_cast<std::size_t>(n));
    pos += static_cast<std::size_t>(n);
    return s;
  }
};

constexpr std::string_view kMagic = "RSX1";
constexpr float kK1 = 1.2f, kB = 0.75f;
constexpr float kCompletionWeight = 0.8f;  // a prefix completion counts less than the word itself
constexpr std::size_t kMaxWords = 16;      // longer queries keep their first 16 words
// A prefix whose terms have more postings than this gets its best documents precomputed, and a
// prefix range read after other words is looked up per remaining document when it has more than
// kForwardRatio postings per document: both bound the cost of as-you-type one-letter prefixes.
constexpr std::uint32_t kHeavyPostings = 8192;
// A prefix (of any length) whose terms have more postings than this gets its best documents
// precomputed for when it is typed alone: scoring 2,000 postings takes about 0.2 ms in wasm.
constexpr std::uint32_t kTopPostings = 2048;
constexpr std::size_t kForwardRatio = 16;

}  // namespace

std::string fold(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t pos = 0; pos < text.size();) {
    const char32_t cp = utf8_decode(text, pos);
    if (is_word(cp)) fold_char(out, cp);
    else if (cp < 0x80) out += static_cast<char>(cp);
    else utf8_append(out, cp);
  }
  return out;
}

std::vector<Token> tokenize(std::string_view text) {
  std::vector<Token> tokens;
  Token current;
  bool in_word = false;
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t begin = pos;
    const char32_t cp = utf8_decode(text, pos);
    if (is_word(cp)) {
      if (!in_word) { current = Token{{}, begin, begin}; in_word = true; }
      fold_char(current.folded, cp);
      current.end = pos;
    } else if (in_word) {
      if (!current.folded.empty()) tokens.push_back(std::move(current));
      in_word = false;
    }
  }
  if (in_word && !current.folded.empty()) tokens.push_back(std::move(current));
  return tokens;
}

std::string stem(std::string_view w, std::string_view language) {
  std::string s(w);
  const auto drop = [&](std::size_t n) { s.resize(s.size() - n); };
  if (language == "en") {
    if (s.size() > 4 && s.ends_with("ies")) { drop(3); s += 'y'; }
    else if (s.size() > 4 && s.ends_with("sses")) drop(2);
    else if (s.size() > 3 && s.ends_with("s") && !s.ends_with("ss") && !s.ends_with("us") && !s.ends_with("is")) drop(1);
    if (s.size() > 5 && s.ends_with("ing")) drop(3);
    else if (s.size() > 4 && s.ends_with("ed")) drop(2);
    if (s.size() > 4 && s.ends_with("ly")) drop(2);
    if (s.size() > 3 && s.ends_with("e")) drop(1);
  } else if (language == "fr") {
    if (s.size() > 5 && s.ends_with("aux")) { drop(3); s += "al"; }
    else if (s.size() > 3 && (s.ends_with("s") || s.ends_with("x"))) drop(1);
    for (int i = 0; i < 2 && s.size() > 3 && s.ends_with("e"); ++i) drop(1);  // élaborées -> elabor(e)(e)
    if (s.size() > 5 && s.ends_with("er")) drop(2);
  } else if (language == "es") {
    if (s.size() > 4 && s.ends_with("ces")) { drop(3); s += 'z'; }
    else if (s.size() > 4 && s.ends_with("es") && !is_vowel(s[s.size() - 3])) drop(2);
    else if (s.size() > 3 && s.ends_with("s")) drop(1);
    if (s.size() > 3 && (s.ends_with("a") || s.ends_with("o") || s.ends_with("e"))) drop(1);
  }
  return s;
}

namespace {
void append_blocks(std::string& out, const std::vector<Block>& blocks) {
  for (const Block& b : blocks) {
    switch (b.kind) {
      case BlockKind::paragraph:
      case BlockKind::heading: out += plain_text(b.spans); out += '\n'; break;
      case BlockKind::code_block: out += b.text; out += '\n'; break;
      case BlockKind::image:
        out += b.text;
        out += '\n';
        if (!b.spans.empty()) { out += plain_text(b.spans); out += '\n'; }
        break;
      case BlockKind::quote:
      case BlockKind::list:
      case BlockKind::list_item: append_blocks(out, b.children); break;  // depth is bounded by kMaxNesting
      case BlockKind::thematic_break: break;
    }
  }
}
}  // namespace

std::string document_text(const Document& doc) {
  std::string out;
  append_blocks(out, doc.blocks);
  return out;
}

PreparedQuery prepare_query(std::string_view query, std::string_view language, bool prefix_last) {
  PreparedQuery q;
  q.language = std::string(language);
  std::vector<Token> tokens = tokenize(query);
  // The last word is still being typed only if nothing (a space) follows it.
  const bool last_open = prefix_last && !tokens.empty() && tokens.back().end == query.size();
  if (tokens.size() > kMaxWords) tokens.resize(kMaxWords);
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const bool is_prefix = last_open && i + 1 == tokens.size();
    if (!is_prefix && code_points(tokens[i].folded) < 2) continue;  // never indexed
    std::string s = stem(tokens[i].folded, language);
    if (is_prefix) {
      q.prefix = tokens[i].folded;
      q.prefix_stem = s;
    }
    if (std::find(q.stems.begin(), q.stems.end(), s) == q.stems.end() || is_prefix) q.stems.push_back(std::move(s));
  }
  return q;
}

bool PreparedQuery::matches(std::string_view folded_token) const {
  if (code_points(folded_token) < 2 && prefix.empty()) return false;
  const std::string s = stem(folded_token, language);
  const std::size_t full = prefix.empty() ? stems.size() : stems.size() - 1;
  for (std::size_t i = 0; i < full; ++i)
    if (stems[i] == s) return true;
  return !prefix.empty() && (s.starts_with(prefix_stem) || folded_token.starts_with(prefix));
}

Snippet make_snippet(std::string_view text, const PreparedQuery& query, std::size_t max_chars) {
  Snippet out;
  const std::vector<Token> tokens = tokenize(text);
  std::size_t first = tokens.size();
  for (std::size_t i = 0; i < tokens.size() && !query.empty(); ++i)
    if (query.matches(tokens[i].folded)) { first = i; break; }
  out.matched = first < tokens.size();
  std::size_t start = 0;
  if (out.matched) {
    // Some context before the first match, starting at a word.
    std::size_t j = first;
    while (j > 0 && code_points(text.substr(tokens[j - 1].begin, tokens[first].begin - tokens[j - 1].begin)) <= max_chars / 3) --j;
    start = tokens[j].begin;
    // Start at the sentence if it begins within that context.
    for (std::size_t k = tokens[first].begin; k > start; --k)
      if (text[k - 1] == '.' || text[k - 1] == '\n') { while (k < text.size() && (text[k] == ' ' || text[k] == '\n')) ++k; start = k; break; }
  }
  std::size_t end = start;
  for (const Token& t : tokens) {
    if (t.begin < start) continue;
    if (code_points(text.substr(start, t.end - start)) > max_chars) break;
    end = t.end;
  }
  if (end == start && !tokens.empty()) end = std::min(text.size(), start + max_chars);  // one enormous word
  // Take the punctuation that closes the last word (a full stop, a quote) too.
  while (end < text.size() && (text[end] == '.' || text[end] == ',' || text[end] == ')' || text[end] == '!' || text[end] == '?')) ++end;
  if (start > 0) out.text = "\xE2\x80\xA6 ";
  const std::size_t shift = out.text.size();
  std::string body(text.substr(start, end - start));
  std::replace(body.begin(), body.end(), '\n', ' ');
  out.text += body;
  if (end < text.size() && text.substr(end).find_first_not_of(" \n") != std::string_view::npos) out.text += " \xE2\x80\xA6";
  for (const Token& t : tokens) {
    if (t.begin < start || t.end > end) continue;
    if (query.matches(t.folded)) out.marks.emplace_back(t.begin - start + shift, t.end - start + shift);
  }
  return out;
}

std::vector<WordBox> find_in_layout(const DocumentLayout& layout, const PreparedQuery& query, const FontMetrics& metrics) {
  std::vector<WordBox> boxes;
  if (query.empty()) return boxes;
  for (const LaidLine& line : layout.lines) {
    for (const LineFragment& f : line.fragments) {
      if (!f.span || f.end <= f.begin || f.end > f.span->text.size()) continue;
      const std::string_view text = std::string_view(f.span->text).substr(f.begin, f.end - f.begin);
      std::size_t total = 0;  // right to left: the fragment's code points (see below)
      if (f.rtl) total = code_points(text);
      for (const Token& t : tokenize(text)) {
        if (!query.matches(t.folded)) continue;
        if (f.rtl) {
          // Right to left: the logical text starts at the right edge and its glyphs are shaped
          // forms, so the word's box is placed by its share of the code points (Arabic letters'
          // forms have close widths; the box marks the word, it does not clip it).
          const float per = total ? f.width / static_cast<float>(total) : 0.f;
          const float before = per * static_cast<float>(code_points(text.substr(0, t.begin)));
          const float w = per * static_cast<float>(code_points(text.substr(t.begin, t.end - t.begin)));
          boxes.push_back({f.x + f.width - before - w, line.y, w, line.height});
          continue;
        }
        const float x = f.x + metrics.text_width(f.font, text.substr(0, t.begin));
        boxes.push_back({x, line.y, metrics.text_width(f.font, text.substr(t.begin, t.end - t.begin)), line.height});
      }
    }
  }
  return boxes;
}

// ---- Index ------------------------------------------------------------------------------------

std::uint8_t Index::language_index(std::string_view language) {
  for (std::size_t i = 0; i < languages_.size(); ++i)
    if (languages_[i] == language) return static_cast<std::uint8_t>(i);
  languages_.emplace_back(language);
  shards_.emplace_back();
  term_ids_.emplace_back();
  pending_.emplace_back();
  return static_cast<std::uint8_t>(languages_.size() - 1);
}

void Index::add(std::string_view article_id, std::string_view language, std::string_view title, std::string_view summary,
                std::string_view body) {
  if (languages_.size() >= 255 && std::find(languages_.begin(), languages_.end(), language) == languages_.end()) return;
  finished_ = false;
  const std::uint8_t lang = language_index(language);
  std::uint32_t article = static_cast<std::uint32_t>(articles_.size());
  if (articles_.empty() || articles_.back() != article_id) {
    articles_.emplace_back(article_id);
  } else {
    article = static_cast<std::uint32_t>(articles_.size() - 1);
  }
  const auto doc = static_cast<std::uint32_t>(docs_.size());
  // Weighted term frequencies of this document.
  std::unordered_map<std::uint32_t, std::uint32_t> tf;
  std::uint32_t length = 0;
  auto& ids = term_ids_[lang];
  const auto count = [&](std::string_view text, std::uint32_t weight) {
    for (const Token& t : tokenize(text)) {
      if (code_points(t.folded) < 2) continue;
      std::string s = stem(t.folded, language);
      const auto [it, inserted] = ids.try_emplace(std::move(s), static_cast<std::uint32_t>(ids.size()));
      tf[it->second] += weight;
      length += weight;
    }
  };
  count(title, 3);
  count(summary, 2);
  count(body, 1);
  for (const auto& [term, f] : tf) pending_[lang].push_back({term, doc, static_cast<std::uint16_t>(std::min<std::uint32_t>(f, 65535))});
  docs_.push_back({article, lang, length, 0.f});
}

void Index::finish() {
  if (finished_) return;
  for (std::size_t lang = 0; lang < shards_.size(); ++lang) {
    // Existing (deserialised) postings are merged in as pending ones.
    Shard& shard = shards_[lang];
    auto& ids = term_ids_[lang];
    for (std::size_t t = 0; t < shard.size(); ++t) {
      const auto [it, inserted] = ids.try_emplace(std::string(shard.term(t)), static_cast<std::uint32_t>(ids.size()));
      for (std::uint32_t p = shard.post_start[t]; p < shard.post_start[t + 1]; ++p)
        pending_[lang].push_back({it->second, shard.post_doc[p], shard.post_tf[p]});
    }
    std::vector<std::pair<std::string_view, std::uint32_t>> terms;  // (term, id), sorted by term
    terms.reserve(ids.size());
    for (const auto& [term, id] : ids) terms.emplace_back(term, id);
    std::sort(terms.begin(), terms.end());
    std::vector<std::uint32_t> rank(ids.size());
    for (std::size_t i = 0; i < terms.size(); ++i) rank[terms[i].second] = static_cast<std::uint32_t>(i);
    std::vector<Pending>& postings = pending_[lang];
    for (Pending& p : postings) p.term = rank[p.term];
    std::sort(postings.begin(), postings.end(), [](const Pending& a, const Pending& b) { return a.term != b.term ? a.term < b.term : a.doc < b.doc; });
    Shard built;
    built.term_start.reserve(terms.size() + 1);
    for (const auto& [term, id] : terms) {
      built.term_start.push_back(static_cast<std::uint32_t>(built.term_bytes.size()));
      built.term_bytes += term;
    }
    built.term_start.push_back(static_cast<std::uint32_t>(built.term_bytes.size()));
    built.post_start.assign(terms.size() + 1, 0);
    built.post_doc.reserve(postings.size());
    built.post_tf.reserve(postings.size());
    for (const Pending& p : postings) {
      ++built.post_start[p.term + 1];
      built.post_doc.push_back(p.doc);
      built.post_tf.push_back(p.tf);
    }
    for (std::size_t i = 1; i < built.post_start.size(); ++i) built.post_start[i] += built.post_start[i - 1];
    shards_[lang] = std::move(built);
    ids.clear();
    postings.clear();
    postings.shrink_to_fit();
  }
  compute_norms();
  prepare_lookups();
  finished_ = true;
}

void Index::compute_norms() {
  std::vector<double> total(languages_.size(), 0);
  std::vector<std::size_t> count(languages_.size(), 0);
  for (const Doc& d : docs_) { total[d.language] += d.length; ++count[d.language]; }
  language_docs_.assign(count.begin(), count.end());
  for (Doc& d : docs_) {
    const double avg = count[d.language] ? std::max(1.0, total[d.language] / static_cast<double>(count[d.language])) : 1.0;
    d.norm = static_cast<float>(kK1 * (1 - kB + kB * static_cast<double>(d.length) / avg));
  }
}

std::size_t Index::term_count() const {
  std::size_t n = 0;
  for (const Shard& s : shards_) n += s.size();
  return n;
}

std::size_t Index::precomputed_prefixes() const {
  std::size_t n = 0;
  for (const auto& by_prefix : heavy_) n += by_prefix.size();
  return n;
}

std::size_t Index::memory_bytes() const {
  std::size_t n = docs_.capacity() * sizeof(Doc);
  for (const std::string& a : articles_) n += sizeof(std::string) + (a.size() > 15 ? a.capacity() : 0);
  for (const Shard& s : shards_)
    n += s.term_bytes.capacity() + (s.term_start.capacity() + s.post_start.capacity() + s.post_doc.capacity() + s.idf.capacity() + s.impact.capacity()) * 4 + s.post_tf.capacity() * 2;
  n += (fwd_start_.capacity() + fwd_term_.capacity()) * 4 + fwd_tf_.capacity() * 2;
  for (const auto& by_prefix : heavy_)
    for (const auto& [prefix, top] : by_prefix) n += sizeof(top) + prefix.capacity() + top.top.capacity() * sizeof(top.top[0]) + top.dense.capacity() * 4 + 32;
  n += doc_local_.capacity() * 4;
  return n;
}

std::pair<std::size_t, std::size_t> Index::Shard::prefix_range(std::string_view prefix) const {
  std::size_t lo = 0, hi = size();
  // First term >= prefix.
  while (lo < hi) {
    const std::size_t mid = (lo + hi) / 2;
    if (term(mid) < prefix) lo = mid + 1; else hi = mid;
  }
  std::size_t first = lo;
  hi = size();
  // First term after the range of terms starting with prefix.
  while (lo < hi) {
    const std::size_t mid = (lo + hi) / 2;
    if (term(mid).starts_with(prefix)) lo = mid + 1; else hi = mid;
  }
  return {first, lo};
}

std::size_t Index::Shard::find(std::string_view t) const {
  const auto [lo, hi] = prefix_range(t);
  return lo < hi && term(lo) == t ? lo : size();
}

namespace {

// Scratch arrays for scoring, reused between calls: a per-document score for the word being
// processed, stamped with a generation number so they never need clearing.
struct Scratch {
  std::vector<float> score;
  std::vector<std::uint32_t> stamp;
  std::uint32_t generation = 0;
  void fit(std::size_t docs) {
    if (score.size() < docs) { score.assign(docs, 0.f); stamp.assign(docs, 0); generation = 0; }
  }
  std::uint32_t next() {
    if (++generation == 0) { std::fill(stamp.begin(), stamp.end(), 0); generation = 1; }
    return generation;
  }
};
Scratch& scratch() {
  static thread_local Scratch s;
  return s;
}

}  // namespace

float Index::term_weight(const Shard& shard, std::size_t, std::size_t term, bool exact) const {
  return shard.idf[term] * (exact ? 1.f : kCompletionWeight) * (kK1 + 1.f);
}

// The best documents of a heavy prefix, computed once: the same scores search() computes.
void Index::prepare_lookups(bool tops_loaded) {
  if (!tops_loaded) heavy_.assign(shards_.size(), {});
  for (std::size_t lang = 0; lang < shards_.size(); ++lang) {  // BM25 idf of every term
    Shard& shard = shards_[lang];
    const float n_docs = static_cast<float>(std::max<std::uint32_t>(1, language_docs_[lang]));
    shard.idf.resize(shard.size());
    for (std::size_t t = 0; t < shard.size(); ++t) {
      const float df = static_cast<float>(shard.post_start[t + 1] - shard.post_start[t]);
      shard.idf[t] = std::log(1.f + (n_docs - df + 0.5f) / (df + 0.5f));
    }
    // Each posting's BM25 term-frequency part, tf / (tf + norm): the scan multiplies it by the
    // term's weight, with no division and no look-up of the document's length.
    shard.impact.resize(shard.post_doc.size());
    for (std::size_t p = 0; p < shard.post_doc.size(); ++p) {
      const float tf = shard.post_tf[p];
      shard.impact[p] = tf / (tf + docs_[shard.post_doc[p]].norm);
    }
  }
  // The forward index (document -> its terms, ascending) for AND with a long prefix range.
  fwd_start_.assign(docs_.size() + 1, 0);
  for (const Shard& shard : shards_)
    for (std::uint32_t d : shard.post_doc) ++fwd_start_[d + 1];
  for (std::size_t i = 1; i < fwd_start_.size(); ++i) fwd_start_[i] += fwd_start_[i - 1];
  fwd_term_.assign(fwd_start_.back(), 0);
  fwd_tf_.assign(fwd_start_.back(), 0);
  std::vector<std::uint32_t> fill(fwd_start_.begin(), fwd_start_.end() - 1);
  for (const Shard& shard : shards_) {
    for (std::size_t t = 0; t < shard.size(); ++t) {
      for (std::uint32_t p = shard.post_start[t]; p < shard.post_start[t + 1]; ++p) {
        const std::uint32_t d = shard.post_doc[p];
        fwd_term_[fill[d]] = static_cast<std::uint32_t>(t);
        fwd_tf_[fill[d]++] = shard.post_tf[p];
      }
    }
  }
  // Each document's index among its language's documents (for the one-letter score tables).
  doc_local_.assign(docs_.size(), 0);
  {
    std::vector<std::uint32_t> next(languages_.size(), 0);
    for (std::size_t d = 0; d < docs_.size(); ++d) doc_local_[d] = next[docs_[d].language]++;
  }
  Scratch& sc = scratch();
  sc.fit(docs_.size());
  for (std::size_t lang = 0; lang < shards_.size(); ++lang) {
    const Shard& shard = shards_[lang];
    // Visits the ranges of terms that share a prefix of `depth` bytes, while they are heavy.
    std::vector<std::tuple<std::size_t, std::size_t, std::size_t>> stack{{0, shard.size(), 0}};
    while (!stack.empty()) {
      const auto [lo, hi, depth] = stack.back();
      stack.pop_back();
      const std::uint32_t postings = shard.post_start[hi] - shard.post_start[lo];
      if (lo >= hi || postings <= kTopPostings) continue;
      // Only prefixes a query can end with (not in the middle of a UTF-8 sequence). Every heavy
      // prefix gets its best documents (a lone word being typed, "com", "migr"); one- and
      // two-letter ones also a score table for the AND with words before them.
      const std::string_view head = shard.term(lo).substr(0, depth);
      const bool whole = depth > 0 && (shard.term(lo).size() == depth || (static_cast<unsigned char>(shard.term(lo)[depth]) & 0xC0) != 0x80);
      // Read from the file: only the one- and two-letter score tables remain to be computed.
      const bool dense_wanted = code_points(head) <= 2 && postings > kHeavyPostings;
      if (whole && (!tops_loaded || dense_wanted)) {
        const std::string prefix(shard.term(lo).substr(0, depth));
        PrefixTop top;
        top.lo = static_cast<std::uint32_t>(lo);
        top.hi = static_cast<std::uint32_t>(hi);
        const std::uint32_t gen = sc.next();
        std::vector<std::uint32_t> matched;
        for (std::size_t t = lo; t < hi; ++t) {
          const float weight = term_weight(shard, lang, t, shard.term(t).size() == depth);
          for (std::uint32_t p = shard.post_start[t]; p < shard.post_start[t + 1]; ++p) {
            const std::uint32_t doc = shard.post_doc[p];
            const float score = weight * shard.impact[p];
            if (sc.stamp[doc] != gen) { sc.stamp[doc] = gen; sc.score[doc] = score; matched.push_back(doc); }
            else if (score > sc.score[doc]) sc.score[doc] = score;
          }
        }
        top.total = static_cast<std::uint32_t>(matched.size());
        // A one- or two-letter prefix (the first keystrokes of a word after others, "climate
        // ad"): every document's score, so the AND needs one lookup per remaining document.
        if (dense_wanted) {
          top.dense.assign(language_docs_[lang], -1.f);
          for (std::uint32_t doc : matched) top.dense[doc_local_[doc]] = sc.score[doc];
        }
        const auto better = [&](std::uint32_t a, std::uint32_t b) { return sc.score[a] != sc.score[b] ? sc.score[a] > sc.score[b] : a < b; };
        const std::size_t n = std::min<std::size_t>(kPrefixTop, matched.size());
        std::partial_sort(matched.begin(), matched.begin() + static_cast<std::ptrdiff_t>(n), matched.end(), better);
        for (std::size_t i = 0; i < n; ++i) top.top.emplace_back(matched[i], sc.score[matched[i]]);
        heavy_[lang].insert_or_assign(prefix, std::move(top));
      }
      // The children: terms longer than the prefix, grouped by their next byte.
      std::size_t i = lo;
      while (i < hi && shard.term(i).size() <= depth) ++i;
      while (i < hi) {
        const char c = shard.term(i)[depth];
        std::size_t j = i + 1;
        while (j < hi && shard.term(j)[depth] == c) ++j;
        stack.emplace_back(i, j, depth + 1);
        i = j;
      }
    }
  }
}

Results Index::search(std::string_view query, const Options& options) const {
  Results results;
  if (!finished_ || docs_.empty() || options.limit == 0) return results;
  Scratch& sc = scratch();
  sc.fit(docs_.size());

  struct Candidate { std::uint32_t doc; float score; bool preferred; };
  std::vector<Candidate> all;
  for (std::size_t lang = 0; lang < shards_.size(); ++lang) {
    if (!options.only_language.empty() && languages_[lang] != options.only_language) continue;
    const Shard& shard = shards_[lang];
    const PreparedQuery q = prepare_query(query, languages_[lang], options.prefix_last);
    if (q.empty()) continue;
    const bool preferred = languages_[lang] == options.preferred_language;
    // Each word is a list of term ranges (a full word: its term; the last word being typed: the
    // terms starting with its stem or with what was typed).
    struct Word { std::vector<std::pair<std::size_t, std::size_t>> ranges; std::size_t exact = SIZE_MAX; std::size_t postings = 0; bool prefix = false; };
    std::vector<Word> words;
    bool possible = true;
    for (std::size_t i = 0; i < q.stems.size() && possible; ++i) {
      Word w;
      w.prefix = !q.prefix.empty() && i + 1 == q.stems.size();
      if (w.prefix) {
        auto a = shard.prefix_range(q.prefix_stem);
        const auto b = shard.prefix_range(q.prefix);
        if (a.first == a.second) a = b;
        if (b.first < b.second && b != a) {
          if (b.first <= a.second && a.first <= b.second) a = {std::min(a.first, b.first), std::max(a.second, b.second)};  // overlapping: one range
          else w.ranges.push_back(b);
        }
        if (a.first < a.second) w.ranges.push_back(a);
        const std::size_t e = shard.find(q.prefix_stem);
        if (e < shard.size()) w.exact = e;
      } else {
        const std::size_t t = shard.find(q.stems[i]);
        if (t < shard.size()) { w.ranges.push_back({t, t + 1}); w.exact = t; }
      }
      for (const auto& [lo, hi] : w.ranges) w.postings += shard.post_start[hi] - shard.post_start[lo];
      if (w.postings == 0) possible = false;
      words.push_back(std::move(w));
    }
    if (!possible) continue;
    // One word typed so far, a prefix with long postings: its best documents are precomputed.
    if (words.size() == 1 && words[0].prefix && words[0].ranges.size() == 1 && options.limit <= kPrefixTop && !options.exhaustive) {
      const auto it = heavy_[lang].find(q.prefix_stem);
      if (it != heavy_[lang].end() && it->second.lo == words[0].ranges[0].first && it->second.hi == words[0].ranges[0].second) {
        for (const auto& [doc, score] : it->second.top) all.push_back({doc, score, preferred});
        results.total += it->second.total;
        continue;
      }
    }
    std::sort(words.begin(), words.end(), [](const Word& a, const Word& b) { return a.postings < b.postings; });
    std::vector<Candidate> candidates;
    bool by_doc = false;  // candidates in ascending document order (as one term's postings are)
    for (std::size_t wi = 0; wi < words.size(); ++wi) {
      const Word& w = words[wi];
      const bool one_term = w.ranges.size() == 1 && w.ranges[0].second - w.ranges[0].first == 1;
      // A single term (a full word) first: its postings are the candidates, one per document,
      // in document order; no scratch arrays.
      if (wi == 0 && one_term) {
        const std::size_t t = w.ranges[0].first;
        const float weight = term_weight(shard, lang, t, t == w.exact);
        candidates.reserve(shard.post_start[t + 1] - shard.post_start[t]);
        for (std::uint32_t p = shard.post_start[t]; p < shard.post_start[t + 1]; ++p)
          candidates.push_back({shard.post_doc[p], weight * shard.impact[p], preferred});
        by_doc = true;
        continue;
      }
      // A single term after other words: its postings and the candidates, both in document
      // order, are intersected by a merge (galloping through the postings when they are many).
      if (wi > 0 && one_term && !options.exhaustive) {
        if (!by_doc) {
          std::sort(candidates.begin(), candidates.end(), [](const Candidate& x, const Candidate& y) { return x.doc < y.doc; });
          by_doc = true;
        }
        const std::size_t t = w.ranges[0].first;
        const float weight = term_weight(shard, lang, t, t == w.exact);
        const std::uint32_t* doc = shard.post_doc.data() + shard.post_start[t];
        const std::uint32_t* const end = shard.post_doc.data() + shard.post_start[t + 1];
        const bool gallop = static_cast<std::size_t>(end - doc) > candidates.size() * 8;
        std::size_t kept = 0;
        for (Candidate& c : candidates) {
          if (gallop) doc = std::lower_bound(doc, end, c.doc);
          else while (doc != end && *doc < c.doc) ++doc;
          if (doc == end) break;
          if (*doc != c.doc) continue;
          c.score += weight * shard.impact[static_cast<std::size_t>(doc - shard.post_doc.data())];
          candidates[kept++] = c;
        }
        candidates.resize(kept);
        if (candidates.empty()) break;
        continue;
      }
      // A one- or two-letter prefix after other words: its score table.
      if (wi > 0 && !options.exhaustive && w.prefix && w.ranges.size() == 1) {
        const auto it = heavy_[lang].find(q.prefix_stem);
        if (it != heavy_[lang].end() && !it->second.dense.empty() && it->second.lo == w.ranges[0].first && it->second.hi == w.ranges[0].second) {
          const std::vector<float>& dense = it->second.dense;
          std::size_t kept = 0;
          for (Candidate& c : candidates) {
            const float score = dense[doc_local_[c.doc]];
            if (score < 0.f) continue;
            c.score += score;
            candidates[kept++] = c;
          }
          candidates.resize(kept);
          if (candidates.empty()) break;
          continue;
        }
      }
      // A long prefix range after other words: look each remaining document's own terms up
      // (forward index) rather than reading every posting of the range.
      if (wi > 0 && !options.exhaustive && w.postings > candidates.size() * kForwardRatio) {
        std::size_t kept = 0;
        for (Candidate& c : candidates) {
          float best = -1.f;
          const auto first = fwd_term_.begin() + fwd_start_[c.doc], last = fwd_term_.begin() + fwd_start_[c.doc + 1];
          for (const auto& [lo, hi] : w.ranges) {
            for (auto at = std::lower_bound(first, last, static_cast<std::uint32_t>(lo)); at != last && *at < hi; ++at) {
              const float tf = fwd_tf_[static_cast<std::size_t>(at - fwd_term_.begin())];
              best = std::max(best, term_weight(shard, lang, *at, *at == w.exact) * (tf / (tf + docs_[c.doc].norm)));
            }
          }
          if (best < 0.f) continue;
          c.score += best;
          candidates[kept++] = c;
        }
        candidates.resize(kept);
        if (candidates.empty()) break;
        continue;
      }
      const std::uint32_t gen = sc.next();
      for (const auto& [lo, hi] : w.ranges) {
        for (std::size_t t = lo; t < hi; ++t) {
          const float weight = term_weight(shard, lang, t, t == w.exact);
          for (std::uint32_t p = shard.post_start[t]; p < shard.post_start[t + 1]; ++p) {
            const std::uint32_t doc = shard.post_doc[p];
            const float score = weight * shard.impact[p];
            if (sc.stamp[doc] != gen) {
              sc.stamp[doc] = gen;
              sc.score[doc] = score;
              if (wi == 0) candidates.push_back({doc, 0.f, preferred});
            } else if (score > sc.score[doc]) {
              sc.score[doc] = score;
            }
          }
        }
      }
      // AND: keep the candidates this word also matched.
      std::size_t kept = 0;
      for (Candidate& c : candidates) {
        if (sc.stamp[c.doc] != gen) continue;
        c.score += sc.score[c.doc];
        candidates[kept++] = c;
      }
      candidates.resize(kept);
      if (candidates.empty()) break;
    }
    results.total += candidates.size();
    all.insert(all.end(), candidates.begin(), candidates.end());
  }
  const auto better = [&](const Candidate& a, const Candidate& b) {
    if (a.preferred != b.preferred) return a.preferred;
    if (a.score != b.score) return a.score > b.score;
    return a.doc < b.doc;
  };
  const std::size_t n = std::min(options.limit, all.size());
  std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(n), all.end(), better);
  for (std::size_t i = 0; i < n; ++i) {
    const Doc& d = docs_[all[i].doc];
    results.top.push_back({articles_[d.article], languages_[d.language], all[i].score});
  }
  return results;
}

// ---- Serialised form -----------------------------------------------------------------------------
//
// "RSX1", varint #articles, article ids front-coded (shared prefix length, suffix length,
// suffix), varint #languages, each (length, code), varint #documents, each (article, language,
// length), then per language: varint #terms, each term front-coded followed by its postings
// (count, then (document delta, term frequency) pairs, documents ascending).

std::string Index::serialize() const {
  std::string out(kMagic);
  const auto front_coded = [&out](std::string_view previous, std::string_view s) {
    std::size_t shared = 0;
    while (shared < previous.size() && shared < s.size() && previous[shared] == s[shared]) ++shared;
    put_varint(out, shared);
    put_varint(out, s.size() - shared);
    out += s.substr(shared);
  };
  put_varint(out, articles_.size());
  std::string_view previous;
  for (const std::string& a : articles_) { front_coded(previous, a); previous = a; }
  put_varint(out, languages_.size());
  for (const std::string& l : languages_) { put_varint(out, l.size()); out += l; }
  put_varint(out, docs_.size());
  for (const Doc& d : docs_) {
    put_varint(out, d.article);
    put_varint(out, d.language);
    put_varint(out, d.length);
  }
  for (const Shard& s : shards_) {
    put_varint(out, s.size());
    previous = {};
    for (std::size_t t = 0; t < s.size(); ++t) {
      front_coded(previous, s.term(t));
      previous = s.term(t);
      put_varint(out, s.post_start[t + 1] - s.post_start[t]);
      std::uint32_t last = 0;
      for (std::uint32_t p = s.post_start[t]; p < s.post_start[t + 1]; ++p) {
        put_varint(out, s.post_doc[p] - last);
        last = s.post_doc[p];
        put_varint(out, s.post_tf[p]);
      }
    }
  }
  // The best documents of heavy prefixes (computed at pack time: scoring them all takes a
  // reader longer than reading them). Per language, by prefix: the term range, the count of
  // matching documents, then (document, score as the float's 4 bytes, little-endian).
  for (const auto& by_prefix : heavy_) {
    std::vector<const std::pair<const std::string, PrefixTop>*> entries;
    for (const auto& e : by_prefix) entries.push_back(&e);
    std::sort(entries.begin(), entries.end(), [](const auto* a, const auto* b) { return a->first < b->first; });
    put_varint(out, entries.size());
    previous = {};
    for (const auto* e : entries) {
      front_coded(previous, e->first);
      previous = e->first;
      put_varint(out, e->second.lo);
      put_varint(out, e->second.hi - e->second.lo);
      put_varint(out, e->second.total);
      put_varint(out, e->second.top.size());
      for (const auto& [doc, score] : e->second.top) {
        put_varint(out, doc);
        std::uint32_t bits = 0;
        std::memcpy(&bits, &score, 4);
        for (int k = 0; k < 4; ++k) out += static_cast<char>((bits >> (8 * k)) & 0xFF);
      }
    }
  }
  return out;
}

bool Index::deserialize(std::string_view bytes, std::string& error) {
  *this = Index{};
  const auto fail = [&](std::string message) {
    *this = Index{};
    error = std::move(message);
    return false;
  };
  if (bytes.substr(0, kMagic.size()) != kMagic) return fail("is not a search index (it does not start with \"RSX1\"); rebuild it with articlepack build");
  Reader r{bytes, kMagic.size()};
  const auto front_coded = [&r](std::string& previous) {
    const std::uint64_t shared = r.varint();
    const std::uint64_t rest = r.varint();
    if (shared > previous.size()) { r.bad = true; return; }
    previous.resize(static_cast<std::size_t>(shared));
    previous += r.take(rest);
  };
  const std::uint64_t n_articles = r.varint();
  if (n_articles > bytes.size()) return fail("is corrupt: article count larger than the file");
  std::string previous;
  for (std::uint64_t i = 0; i < n_articles && !r.bad; ++i) { front_coded(previous); articles_.push_back(previous); }
  const std::uint64_t n_languages = r.varint();
  if (n_languages > 255) return fail("is corrupt: more than 255 languages");
  for (std::uint64_t i = 0; i < n_languages && !r.bad; ++i) {
    languages_.emplace_back(r.take(r.varint()));
    shards_.emplace_back();
    term_ids_.emplace_back();
    pending_.emplace_back();
  }
  const std::uint64_t n_docs = r.varint();
  if (n_docs > bytes.size()) return fail("is corrupt: document count larger than the file");
  for (std::uint64_t i = 0; i < n_docs && !r.bad; ++i) {
    Doc d;
    const std::uint64_t article = r.varint(), language = r.varint(), length = r.varint();
    if (article >= articles_.size() || language >= languages_.size() || length > UINT32_MAX) return fail("is corrupt: document " + std::to_string(i) + " refers to an unknown article or language");
    d.article = static_cast<std::uint32_t>(article);
    d.language = static_cast<std::uint8_t>(language);
    d.length = static_cast<std::uint32_t>(length);
    docs_.push_back(d);
  }
  for (std::size_t lang = 0; lang < shards_.size() && !r.bad; ++lang) {
    Shard& s = shards_[lang];
    const std::uint64_t n_terms = r.varint();
    if (n_terms > bytes.size()) return fail("is corrupt: term count larger than the file");
    previous.clear();
    s.post_start.push_back(0);
    for (std::uint64_t t = 0; t < n_terms && !r.bad; ++t) {
      const std::string before = previous;
      front_coded(previous);
      if (t > 0 && !(before < previous)) return fail("is corrupt: terms are not in order (language " + languages_[lang] + ")");
      s.term_start.push_back(static_cast<std::uint32_t>(s.term_bytes.size()));
      s.term_bytes += previous;
      const std::uint64_t df = r.varint();
      if (df > docs_.size()) return fail("is corrupt: a term has more postings than there are documents");
      std::uint64_t doc = 0;
      for (std::uint64_t p = 0; p < df && !r.bad; ++p) {
        const std::uint64_t delta = r.varint();
        if (delta >= docs_.size()) return fail("is corrupt: a posting refers to a document that does not exist");
        doc += delta;
        const std::uint64_t tf = r.varint();
        if ((p > 0 && delta == 0) || doc >= docs_.size() || docs_[static_cast<std::size_t>(doc)].language != lang || tf > 65535)
          return fail("is corrupt: a posting refers to a wrong document (language " + languages_[lang] + ")");
        s.post_doc.push_back(static_cast<std::uint32_t>(doc));
        s.post_tf.push_back(static_cast<std::uint16_t>(tf));
      }
      s.post_start.push_back(static_cast<std::uint32_t>(s.post_doc.size()));
    }
    s.term_start.push_back(static_cast<std::uint32_t>(s.term_bytes.size()));
  }
  // The precomputed best documents of heavy prefixes.
  const bool tops = !r.bad;
  if (tops) {
    heavy_.assign(shards_.size(), {});
    for (std::size_t lang = 0; lang < shards_.size() && !r.bad; ++lang) {
      const Shard& s = shards_[lang];
      const std::uint64_t n = r.varint();
      if (n > bytes.size()) return fail("is corrupt: prefix count larger than the file");
      previous.clear();
      for (std::uint64_t i = 0; i < n && !r.bad; ++i) {
        front_coded(previous);
        PrefixTop top;
        const std::uint64_t lo = r.varint(), span = r.varint(), total = r.varint(), count = r.varint();
        if (span == 0 || lo + span > s.size() || total > docs_.size() || count > kPrefixTop || count > total)
          return fail("is corrupt: a precomputed prefix (language " + languages_[lang] + ") refers to terms or documents that do not exist");
        top.lo = static_cast<std::uint32_t>(lo);
        top.hi = static_cast<std::uint32_t>(lo + span);
        top.total = static_cast<std::uint32_t>(total);
        for (std::uint64_t k = 0; k < count && !r.bad; ++k) {
          const std::uint64_t doc = r.varint();
          const std::string_view b = r.take(4);
          if (r.bad || doc >= docs_.size() || docs_[static_cast<std::size_t>(doc)].language != lang)
            return fail("is corrupt: a precomputed prefix (language " + languages_[lang] + ") lists a wrong document");
          std::uint32_t bits = 0;
          for (int j = 0; j < 4; ++j) bits |= static_cast<std::uint32_t>(static_cast<unsigned char>(b[static_cast<std::size_t>(j)])) << (8 * j);
          float score = 0;
          std::memcpy(&score, &bits, 4);
          if (!std::isfinite(score)) return fail("is corrupt: a precomputed score is not a number");
          top.top.emplace_back(static_cast<std::uint32_t>(doc), score);
        }
        heavy_[lang].insert_or_assign(previous, std::move(top));
      }
    }
  }
  if (r.bad) return fail("is truncated or corrupt (at byte " + std::to_string(r.pos) + " of " + std::to_string(bytes.size()) + "); rebuild it with articlepack build");
  if (r.pos != bytes.size()) return fail("has " + std::to_string(bytes.size() - r.pos) + " unexpected bytes at the end; rebuild it with articlepack build");
  compute_norms();
  prepare_lookups(tops);
  finished_ = true;
  return true;
}

}  // namespace reader::core::search
