// Bundle index and lazily loaded article files (see bundle.h).
#include "bundle.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstring>
#include <deque>

#include "links.h"
#include "utf8.h"

namespace reader::core {

std::string make_index(const Library& lib, const std::map<std::string, BundleFile, std::less<>>& file_of) {
  nlohmann::ordered_json articles = nlohmann::ordered_json::array();
  for (const Article& a : lib.articles) {
    auto f = file_of.find(a.id);
    if (f == file_of.end()) continue;
    nlohmann::ordered_json e;
    e["id"] = a.id;
    e["section"] = a.section;
    e["date"] = a.date;
    e["tags"] = a.tags;
    e["file"] = f->second.path;  // its SHA-256 and size are in the manifest
    if (a.image && a.image->width > 0) e["image"] = {{"src", a.image->src}, {"width", a.image->width}, {"height", a.image->height}};
    nlohmann::ordered_json t = nlohmann::ordered_json::object();
    for (const auto& [lang, tr] : a.translations) {
      nlohmann::ordered_json one = {{"title", tr.title}};
      if (!tr.summary.empty()) one["summary"] = tr.summary;
      t[lang] = std::move(one);
    }
    e["translations"] = std::move(t);
    articles.push_back(std::move(e));
  }
  nlohmann::ordered_json index = {{"format", 2}, {"articles", std::move(articles)}};
  return index.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

namespace {

// What an index entry holds beside the article's own fields, which are read straight into the
// Article (`body_file` from "file"; a language given twice: the first one counts).
struct EntryExtra {
  std::string image_src;
  long long image_width = 0, image_height = 0;
  std::size_t position = 0;  // in the index's "articles" array, for messages
};

}  // namespace

// Entries read ahead (IndexReadAhead): each with its extras and its [begin, end) byte span in
// the index, in the index's order.
struct IndexReadAhead::State {
  std::deque<Article> articles;  // a deque: load_index takes them from the front, freeing as it goes
  std::vector<EntryExtra> extras;
  std::vector<std::pair<std::size_t, std::size_t>> spans;
  std::size_t received = 0;  // bytes of the longest prefix read
};

namespace {

// Reads the index in one pass straight into entries. A strict JSON reader (RFC 8259: it
// accepts exactly what a conforming parser accepts, checked against nlohmann::json::accept by
// the tests and the fuzz target) that knows the index's shape: no document tree, no map per
// object, no virtual call per token. Fields it does not know are skipped (checked, not kept),
// so a newer index with more fields still loads. nlohmann's SAX reader took 4× as long on a
// 10,000-article index (bench/scale.mjs measures the reader against JSON.parse).
class IndexScanner {
 public:
  // Entries are appended to `articles` (unchecked) with their extras in `extras`, one for one.
  // With `ahead`, an entry found at the byte offset of one read ahead is taken from it instead of
  // being read (moved out of it), unless `recording`: then `articles` and `extras` are ahead's
  // own, the entries read ahead are stepped over, and each entry read whole is recorded in it.
  IndexScanner(std::string_view bytes, std::vector<Article>& articles, std::vector<EntryExtra>& extras_out,
               IndexReadAhead::State* ahead = nullptr, bool recording = false)
      : extras(extras_out), articles_(articles), first_(articles.size()), ahead_(ahead), recording_(recording),
        begin_(bytes.data()), p_(bytes.data()), end_(bytes.data() + bytes.size()) {}

  std::vector<EntryExtra>& extras;
  std::size_t read_itself = 0;  // entries read here, not taken from ahead
  bool saw_articles = false;
  bool not_utf8 = false;  // a string held bytes that are not UTF-8
  std::string error;  // "byte N: what was expected", empty when the text is valid JSON

  // The whole text: one value, then nothing but white space.
  void read() {
    if (!top() || (ws(), p_ != end_ && fail("unexpected text after the end of the index"))) {
      articles_.erase(articles_.begin() + static_cast<std::ptrdiff_t>(first_), articles_.end());
      extras.clear();
      saw_articles = false;
    }
  }
  // The part of the text received so far (recording): reads on until the text ends or a problem.
  void read_prefix() { (void)top(); }
  // Same, from the end of the last entry read ahead: the entries that follow it in its array, up
  // to one that is not an object, the array's end, the text's end or a problem. (The rest of the
  // text is load_index's to read; a pass from the start would step over every entry again.)
  void read_on() {
    p_ = begin_ + ahead_->spans.back().second;
    next_ahead_ = ahead_->spans.size();
    std::size_t position = ahead_->extras.back().position + 1;
    while (peek(',')) {
      ++p_;
      ws();
      if (p_ == end_ || *p_ != '{') return;
      if (!entry(position)) return;
    }
  }

 private:
  std::vector<Article>& articles_;
  std::size_t first_;
  IndexReadAhead::State* ahead_;
  bool recording_;
  std::size_t next_ahead_ = 0;  // the next entry of ahead_ to look for
  const char* begin_;
  const char* p_;
  const char* end_;
  std::string key_;

  bool fail(const char* what) {
    if (error.empty()) error = "byte " + std::to_string(p_ - begin_) + ": " + what;
    return false;
  }
  void ws() {
    while (p_ != end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }
  bool peek(char c) {
    ws();
    return p_ != end_ && *p_ == c;
  }
  bool expect(char c, const char* what) {
    if (!peek(c)) return fail(what);
    ++p_;
    return true;
  }

  static int hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }
  bool hex4(unsigned& out) {
    if (end_ - p_ < 4) return fail("a \\u escape needs four hex digits");
    out = 0;
    for (int i = 0; i < 4; ++i) {
      const int h = hex(p_[i]);
      if (h < 0) return fail("a \\u escape needs four hex digits");
      out = out * 16 + static_cast<unsigned>(h);
    }
    p_ += 4;
    return true;
  }
  // A string (the caller saw its opening quote). `out` may be null: the string is checked only.
  // Its bytes >= 0x80 are checked to be UTF-8 here, run by run: outside strings JSON allows only
  // ASCII, so a text the scanner accepts is UTF-8 throughout (load_index needs no pass of its own).
  bool string(std::string* out) {
    ++p_;
    if (out) out->clear();
    for (;;) {
      const char* run = p_;
      // Eight bytes at a time while none is a quote, a backslash or a control character.
      constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHighs = 0x8080808080808080ULL;
      std::uint64_t seen = 0;  // the bytes' bits or-ed together: is any >= 0x80?
      while (end_ - p_ >= 8) {
        std::uint64_t w;
        std::memcpy(&w, p_, 8);
        const std::uint64_t quote = w ^ (kOnes * '"'), backslash = w ^ (kOnes * '\\');
        const std::uint64_t special = ((quote - kOnes) & ~quote) | ((backslash - kOnes) & ~backslash) | ((w - kOnes * 0x20) & ~w);
        if (special & kHighs) break;
        seen |= w;
        p_ += 8;
      }
      while (p_ != end_ && *p_ != '"' && *p_ != '\\' && static_cast<unsigned char>(*p_) >= 0x20) seen |= static_cast<unsigned char>(*p_++);
      if ((seen & kHighs) != 0 && !utf8_valid(std::string_view(run, static_cast<std::size_t>(p_ - run)))) {
        not_utf8 = true;
        return fail("a string is not UTF-8");
      }
      if (out) out->append(run, p_);
      if (p_ == end_) return fail("a string is not closed");
      if (*p_ == '"') { ++p_; return true; }
      if (*p_ != '\\') return fail("a control character must be escaped inside a string");
      if (++p_ == end_) return fail("a string is not closed");
      char c = *p_++;
      switch (c) {
        case '"': case '\\': case '/': break;
        case 'b': c = '\b'; break;
        case 'f': c = '\f'; break;
        case 'n': c = '\n'; break;
        case 'r': c = '\r'; break;
        case 't': c = '\t'; break;
        case 'u': {
          unsigned cp = 0;
          if (!hex4(cp)) return false;
          if (cp >= 0xDC00 && cp <= 0xDFFF) return fail("a \\u escape holds a lone low surrogate");
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            unsigned low = 0;
            if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') return fail("a high surrogate must be followed by a \\u low surrogate");
            p_ += 2;
            if (!hex4(low)) return false;
            if (low < 0xDC00 || low > 0xDFFF) return fail("a high surrogate must be followed by a \\u low surrogate");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          }
          if (out) utf8_append(*out, static_cast<char32_t>(cp));
          continue;
        }
        default: return fail("unknown escape in a string");
      }
      if (out) out->push_back(c);
    }
  }
  // A number, checked against JSON's grammar. `integer` is set when it has no fraction or
  // exponent and fits; `value` then holds it.
  bool number(long long& value, bool& integer) {
    bool negative = false;
    if (*p_ == '-') { negative = true; ++p_; }
    if (p_ == end_ || *p_ < '0' || *p_ > '9') return fail("a number needs a digit");
    unsigned long long v = 0;
    bool fits = true;
    if (*p_ == '0') ++p_;
    else
      while (p_ != end_ && *p_ >= '0' && *p_ <= '9') {
        if (v > (1ULL << 62)) fits = false;
        v = v * 10 + static_cast<unsigned>(*p_++ - '0');
      }
    integer = fits;
    if (p_ != end_ && *p_ == '.') {
      integer = false;
      if (++p_ == end_ || *p_ < '0' || *p_ > '9') return fail("a number needs a digit after its decimal point");
      while (p_ != end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    }
    if (p_ != end_ && (*p_ == 'e' || *p_ == 'E')) {
      integer = false;
      ++p_;
      if (p_ != end_ && (*p_ == '+' || *p_ == '-')) ++p_;
      if (p_ == end_ || *p_ < '0' || *p_ > '9') return fail("a number needs a digit in its exponent");
      while (p_ != end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    }
    value = negative ? -static_cast<long long>(v) : static_cast<long long>(v);
    return true;
  }
  bool literal(std::string_view word) {
    if (static_cast<std::size_t>(end_ - p_) < word.size() || std::string_view(p_, word.size()) != word) return fail("expected a value");
    p_ += word.size();
    return true;
  }
  // A scalar value (string, number, true, false, null), checked and skipped.
  bool scalar() {
    switch (*p_) {
      case '"': return string(nullptr);
      case 't': return literal("true");
      case 'f': return literal("false");
      case 'n': return literal("null");
      default: {
        if (*p_ != '-' && (*p_ < '0' || *p_ > '9')) return fail("expected a value");
        long long v = 0;
        bool integer = false;
        return number(v, integer);
      }
    }
  }
  // Any value, checked and skipped. Iterative: nesting depth costs no stack.
  bool skip() {
    std::vector<char> open;  // the closing bracket each open container waits for
    for (;;) {
      ws();
      if (p_ == end_) return fail("expected a value");
      if (*p_ == '{' || *p_ == '[') {
        const char close = *p_ == '{' ? '}' : ']';
        ++p_;
        if (peek(close)) { ++p_; }
        else {
          open.push_back(close);
          if (close == '}' && !key()) return false;
          continue;
        }
      } else if (!scalar()) {
        return false;
      }
      // After a value: close containers or move on to the next member.
      for (;;) {
        if (open.empty()) return true;
        ws();
        if (p_ != end_ && *p_ == ',') {
          ++p_;
          if (open.back() == '}' && !key()) return false;
          break;
        }
        if (p_ != end_ && *p_ == open.back()) { ++p_; open.pop_back(); continue; }
        return fail(open.back() == '}' ? "expected ',' or '}' in an object" : "expected ',' or ']' in an array");
      }
    }
  }
  // An object's key and its colon, into key_.
  bool key() {
    if (!peek('"')) return fail("expected a key (a string) in an object");
    if (!string(&key_)) return false;
    return expect(':', "expected ':' after a key");
  }
  // Calls member() for each member of the object at p_ (key_ holds the member's key; the value
  // starts at p_ after white space). A value that is not an object is skipped.
  template <typename Member>
  bool object(Member member) {
    if (!peek('{')) return skip();
    ++p_;
    if (peek('}')) { ++p_; return true; }
    for (;;) {
      if (!key()) return false;
      ws();
      if (p_ == end_) return fail("expected a value");
      if (!member()) return false;
      if (peek(',')) { ++p_; continue; }
      return expect('}', "expected ',' or '}' in an object");
    }
  }
  template <typename Element>
  bool array(Element element) {
    if (!peek('[')) return skip();
    ++p_;
    if (peek(']')) { ++p_; return true; }
    for (;;) {
      ws();
      if (p_ == end_) return fail("expected a value");
      if (!element()) return false;
      if (peek(',')) { ++p_; continue; }
      return expect(']', "expected ',' or ']' in an array");
    }
  }
  // A string value into `out`; any other value is checked and skipped.
  bool text(std::string& out) { return *p_ == '"' ? string(&out) : skip(); }
  bool integer_value(long long& out) {
    if (*p_ != '-' && (*p_ < '0' || *p_ > '9')) return skip();
    long long v = 0;
    bool integer = false;
    if (!number(v, integer)) return false;
    if (integer) out = v;
    return true;
  }

  bool top() {
    if (end_ - p_ >= 3 && std::string_view(p_, 3) == "\xEF\xBB\xBF") p_ += 3;  // a byte order mark, as nlohmann skips it
    ws();
    if (p_ == end_) return fail("the file is empty");
    if (*p_ != '{') return skip();
    return object([&] {
      if (key_ != "articles" || *p_ != '[') return skip();
      saw_articles = true;
      std::size_t position = 0;
      return array([&] {
        if (*p_ != '{') return ++position, skip();
        return entry(position);
      });
    });
  }
  // The entry at p_ (an object) at `position` in its array.
  bool entry(std::size_t& position) {
    const std::size_t at = static_cast<std::size_t>(p_ - begin_);
    if (ahead_ && next_ahead_ < ahead_->spans.size() && ahead_->spans[next_ahead_].first == at) {
      const std::size_t k = next_ahead_++;
      if (!recording_) {
        // Taken in order: the front one. Its storage goes as the library's grows.
        articles_.push_back(std::move(ahead_->articles.front()));
        ahead_->articles.pop_front();
        extras.push_back(ahead_->extras[k]);
      }
      p_ = begin_ + ahead_->spans[k].second;
      ++position;
      return true;
    }
    Article& a = articles_.emplace_back();
    EntryExtra& e = extras.emplace_back();
    e.position = position++;
    ++read_itself;
    if (!object([&] { return entry_member(a, e); })) {
      if (recording_) {  // cut off where the received text ends, or a problem: read by load_index
        articles_.pop_back();
        extras.pop_back();
      }
      return false;
    }
    if (recording_) {
      ahead_->spans.emplace_back(at, static_cast<std::size_t>(p_ - begin_));
      next_ahead_ = ahead_->spans.size();
    }
    return true;
  }
  bool entry_member(Article& a, EntryExtra& e) {
    if (key_ == "id") return text(a.id);
    if (key_ == "section") return text(a.section);
    if (key_ == "date") return text(a.date);
    if (key_ == "file") return text(a.body_file);
    if (key_ == "tags")
      return array([&] { return *p_ == '"' ? string(&a.tags.emplace_back()) : skip(); });
    if (key_ == "image")
      return object([&] {
        if (key_ == "src") return text(e.image_src);
        if (key_ == "width") return integer_value(e.image_width);
        if (key_ == "height") return integer_value(e.image_height);
        return skip();
      });
    if (key_ == "translations")
      return object([&] {
        if (*p_ != '{') return skip();
        // articlepack writes languages in order: the hint makes each insertion O(1).
        const std::size_t before = a.translations.size();
        const auto slot = a.translations.try_emplace(a.translations.end(), key_);
        if (a.translations.size() == before) return skip();  // given twice: the first one counts
        Translation& t = slot->second;
        return object([&] {
          if (key_ == "title") return text(t.title);
          if (key_ == "summary") return text(t.summary);
          return skip();
        });
      });
    return skip();
  }
};

}  // namespace

IndexReadAhead::IndexReadAhead() : state_(std::make_unique<State>()) {}
IndexReadAhead::~IndexReadAhead() = default;
IndexReadAhead::IndexReadAhead(IndexReadAhead&&) noexcept = default;
IndexReadAhead& IndexReadAhead::operator=(IndexReadAhead&&) noexcept = default;

void IndexReadAhead::read(std::string_view prefix) {
  if (!state_) state_ = std::make_unique<State>();
  State& s = *state_;
  if (prefix.size() <= s.received) return;
  s.received = prefix.size();
  // Until the first entry is read, each pass walks the text from its start (the index's other
  // members may come before "articles"); then it goes on from the last entry read.
  std::vector<Article> fresh;  // this pass's entries, then moved to the end of s.articles
  IndexScanner scan(prefix, fresh, s.extras, &s, true);
  if (s.spans.empty()) scan.read_prefix();
  else scan.read_on();
  for (Article& a : fresh) s.articles.push_back(std::move(a));
}

void IndexReadAhead::expect(std::size_t index_bytes) {
  if (!state_) state_ = std::make_unique<State>();
  state_->extras.reserve(index_bytes / 400);
  state_->spans.reserve(index_bytes / 400);
}

std::size_t IndexReadAhead::entries() const { return state_ ? state_->spans.size() : 0; }
const Article& IndexReadAhead::entry(std::size_t i) const { return state_->articles.at(i); }
std::size_t IndexReadAhead::received() const { return state_ ? state_->received : 0; }
void IndexReadAhead::clear() { state_ = std::make_unique<State>(); }

std::size_t load_index(Library& lib, std::string_view file, std::string_view bytes, IndexReadAhead* ahead) {
  auto issue = [&](std::string field, std::string message) {
    lib.issues.push_back({std::string(file), std::move(field), std::move(message), true});
  };
  if (!lib.site_ok) { issue("(file)", "not loaded because site.json could not be loaded; fix site.json first"); return 0; }
  // The entries are read into the library's own vector, then checked and compacted in place:
  // nothing is copied, and only rejected entries are ever destroyed.
  const std::size_t first = lib.articles.size();
  // Entries read ahead are used only if they can be from these bytes (see IndexReadAhead).
  IndexReadAhead::State* read_ahead = ahead && ahead->state_ && ahead->state_->received <= bytes.size() ? ahead->state_.get() : nullptr;
  // Generated entries take about 560 bytes: no regrowth.
  lib.articles.reserve(first + (read_ahead ? read_ahead->articles.size() + (bytes.size() - read_ahead->received) / 400 : bytes.size() / 400));
  std::vector<EntryExtra> extras;
  IndexScanner reader(bytes, lib.articles, extras, read_ahead);
  reader.read();
  if (ahead) ahead->clear();
  // The scanner checked the strings' UTF-8; after a syntax error the rest was never read.
  if (reader.not_utf8 || (!reader.error.empty() && !utf8_valid(bytes))) {
    issue("(file)", "is not UTF-8; rebuild the bundle with articlepack build");
    return reader.read_itself;
  }
  if (!reader.error.empty() || !reader.saw_articles) {
    issue("(file)", "is not a bundle index ({\"format\": 2, \"articles\": [...]})" +
                        (reader.error.empty() ? std::string() : " (" + reader.error + ")") + "; rebuild it with articlepack build");
    return reader.read_itself;
  }
  lib.by_id.reserve(lib.by_id.size() + reader.extras.size());
  std::size_t kept = first;
  for (std::size_t i = 0; i < reader.extras.size(); ++i) {
    EntryExtra& e = reader.extras[i];
    Article& a = lib.articles[first + i];
    // The entry's name in messages, built only when there is something to say.
    const auto at = [&e] { return "articles[" + std::to_string(e.position) + "]"; };
    a.body_loaded = false;
    a.section_index = lib.site.find_section(a.section);
    if (a.id.empty() || a.body_file.empty() || a.date.size() != 10) { issue(at(), "needs an id, a date and a file; rebuild the bundle"); continue; }
    if (a.section_index < 0) { issue(at() + ".section", "'" + a.section + "' is not a section of site.json"); continue; }
    if (!image_src_problem(a.body_file).empty()) { issue(at() + ".file", "'" + a.body_file + "' is not a path inside the bundle"); continue; }
    if (!e.image_src.empty() && image_src_problem(e.image_src).empty() && e.image_width > 0 && e.image_height > 0 &&
        e.image_width <= 20000 && e.image_height <= 20000) {
      Image image;
      image.src = std::move(e.image_src);
      image.width = static_cast<int>(e.image_width);
      image.height = static_cast<int>(e.image_height);
      a.image = std::move(image);
    }
    for (auto t = a.translations.begin(); t != a.translations.end();) {
      if (lib.site.has_language(t->first) && !t->second.title.empty()) { ++t; continue; }
      issue(at() + ".translations." + t->first, "needs a title in a language of site.json");
      t = a.translations.erase(t);
    }
    if (a.translations.empty()) { issue(at() + ".translations", "has no translation with a title"); continue; }
    // One lookup both finds a duplicate and registers the id (as Library::add_article).
    if (!lib.by_id.try_emplace(a.id, kept).second) { issue(at() + ".id", "'" + a.id + "' is listed twice"); continue; }
    a.source_file = a.body_file;
    if (kept != first + i) lib.articles[kept] = std::move(a);
    ++kept;
  }
  lib.articles.erase(lib.articles.begin() + static_cast<std::ptrdiff_t>(kept), lib.articles.end());
  return reader.read_itself;
}

void load_article_body(Library& lib, std::string_view file, std::string_view bytes, const LoadLimits& limits) {
  Article* indexed = nullptr;
  for (Article& a : lib.articles)
    if (!a.body_loaded && a.body_file == file) indexed = &a;
  if (!indexed) return;  // not asked for, or already loaded
  Library one;
  one.site = lib.site;
  one.site_ok = lib.site_ok;
  load_article(one, file, bytes, limits);
  for (LoadIssue& i : one.issues) lib.issues.push_back(std::move(i));
  if (one.articles.size() != 1 || one.articles[0].id != indexed->id) {
    if (one.articles.size() == 1)
      lib.issues.push_back({std::string(file), "id", "holds article '" + one.articles[0].id + "' where the index expects '" + indexed->id +
                                                        "'; rebuild the bundle with articlepack build", true});
    indexed->body_failed = true;
    indexed->body_loaded = true;
    return;
  }
  Article& full = one.articles[0];
  full.body_file = indexed->body_file;
  full.source_file = std::string(file);
  full.body_loaded = true;
  *indexed = std::move(full);
}

}  // namespace reader::core
