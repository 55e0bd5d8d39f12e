// Greedy rich-text line breaking (see layout.h for the contract).
#include "layout.h"

#include <algorithm>
#include <cstdint>

#include "utf8.h"

namespace reader::core {

namespace {

// A piece of one run between break opportunities.
struct Atom {
  int run;
  std::size_t begin, end;
  float width;
  float trailing_space;  // width of the space(s) ending the atom, dropped at a line end
  bool break_after;      // a line may end after this atom
  bool hard_break;       // a line must end after this atom
};

bool is_break_after(char32_t cp) { return cp == U' ' || cp == U'-' || cp == 0x2013 || cp == 0x2014; }

std::vector<Atom> make_atoms(std::span<const TextRun> runs, const FontMetrics& m) {
  std::vector<Atom> atoms;
  for (std::size_t r = 0; r < runs.size(); ++r) {
    const TextRun& run = runs[r];
    const int ri = static_cast<int>(r);
    if (run.text == "\n") {
      atoms.push_back({ri, 0, 0, 0, 0, true, true});
      continue;
    }
    std::size_t start = 0, pos = 0;
    while (pos < run.text.size()) {
      const char32_t cp = utf8_decode(run.text, pos);
      if (!is_break_after(cp)) continue;
      // Swallow a run of spaces into this atom.
      std::size_t spaces_from = cp == U' ' ? pos - 1 : pos;
      while (pos < run.text.size() && run.text[pos] == ' ') ++pos;
      const std::string_view piece = run.text.substr(start, pos - start);
      const float w = m.text_width(run.font, piece);
      const float trailing = spaces_from < pos ? m.text_width(run.font, run.text.substr(spaces_from, pos - spaces_from)) : 0.f;
      atoms.push_back({ri, start, pos, w, trailing, true, false});
      start = pos;
    }
    if (start < run.text.size()) {
      const std::string_view piece = run.text.substr(start);
      atoms.push_back({ri, start, run.text.size(), m.text_width(run.font, piece), 0, false, false});
    }
  }
  if (!atoms.empty()) atoms.back().break_after = true;
  return atoms;
}

class LineBuilder {
 public:
  LineBuilder(std::span<const TextRun> runs, const FontMetrics& m, WrappedText& out) : runs_(runs), m_(m), out_(out) {}

  float x() const { return x_; }
  bool empty() const { return line_.runs.empty(); }

  void place(int run, std::size_t begin, std::size_t end, float width, float trailing) {
    if (begin == end) return;
    if (!line_.runs.empty() && line_.runs.back().run == run && line_.runs.back().end == begin) {
      line_.runs.back().end = end;
      line_.runs.back().width += width;
    } else {
      line_.runs.push_back({run, begin, end, x_, width, {}, false});
    }
    x_ += width;
    line_.width = x_ - trailing;
    line_.height = std::max(line_.height, m_.line_height(runs_[static_cast<std::size_t>(run)].font));
  }
  void note_font(int run) { line_.height = std::max(line_.height, m_.line_height(runs_[static_cast<std::size_t>(run)].font)); }

  void end_line() {
    if (line_.height == 0 && !runs_.empty()) line_.height = m_.line_height(runs_.front().font);
    line_.y = y_;
    y_ += line_.height;
    out_.width = std::max(out_.width, line_.width);
    out_.lines.push_back(std::move(line_));
    line_ = Line{};
    x_ = 0;
  }
  float y() const { return y_; }

 private:
  std::span<const TextRun> runs_;
  const FontMetrics& m_;
  WrappedText& out_;
  Line line_;
  float x_ = 0, y_ = 0;
};

// Places an atom too wide for any line, code point by code point. Its trailing spaces hang
// at the end of the last piece (they never start a line).
void place_broken(LineBuilder& lb, const TextRun& run, const Atom& a, float max_width, const FontMetrics& m) {
  std::size_t word_end = a.end;
  while (word_end > a.begin && run.text[word_end - 1] == ' ') --word_end;
  std::size_t pos = a.begin, piece_start = a.begin;
  float piece_width = 0;
  while (pos < word_end) {
    std::size_t next = pos;
    utf8_decode(run.text.substr(0, word_end), next);
    const float w = m.text_width(run.font, run.text.substr(pos, next - pos));
    if (lb.x() + piece_width + w > max_width && (piece_width > 0 || !lb.empty())) {
      lb.place(a.run, piece_start, pos, piece_width, 0);
      lb.end_line();
      piece_start = pos;
      piece_width = 0;
    }
    piece_width += w;
    pos = next;
  }
  lb.place(a.run, piece_start, a.end, piece_width + a.trailing_space, a.trailing_space);
}

// Greedy breaking in logical order, left to right (the whole algorithm for Latin text).
WrappedText wrap_logical(std::span<const TextRun> runs, float max_width, const FontMetrics& metrics) {
  WrappedText out;
  const std::vector<Atom> atoms = make_atoms(runs, metrics);
  LineBuilder lb(runs, metrics, out);
  std::size_t i = 0;
  while (i < atoms.size()) {
    // A word: atoms up to and including the next one after which a break is allowed.
    std::size_t j = i;
    float width = 0;
    while (true) {
      width += atoms[j].width;
      if (atoms[j].break_after || j + 1 == atoms.size()) break;
      ++j;
    }
    const float visible = width - atoms[j].trailing_space;
    if (!lb.empty() && lb.x() + visible > max_width) lb.end_line();
    for (std::size_t k = i; k <= j; ++k) {
      const Atom& a = atoms[k];
      lb.note_font(a.run);
      if (visible > max_width && a.width > 0) {
        place_broken(lb, runs[static_cast<std::size_t>(a.run)], a, max_width, metrics);
      } else {
        lb.place(a.run, a.begin, a.end, a.width, k == j ? a.trailing_space : 0);
      }
    }
    if (atoms[j].hard_break) lb.end_line();
    i = j + 1;
  }
  if (!lb.empty() || out.lines.empty()) lb.end_line();
  out.height = lb.y();
  return out;
}

// The bidi path (see layout.h): shape, wrap the logical text, reorder each line.
WrappedText wrap_bidi(std::span<const TextRun> runs, float max_width, const FontMetrics& metrics, bidi::Direction direction) {
  // 1. The paragraph's code points in logical order, each with its run and byte offset.
  std::u32string logical;
  std::vector<std::uint32_t> cp_run, cp_byte;
  for (std::size_t r = 0; r < runs.size(); ++r) {
    const std::string_view t = runs[r].text;
    if (t == "\n") {  // a hard break: a paragraph separator for the algorithm
      logical += U'\n';
      cp_run.push_back(static_cast<std::uint32_t>(r));
      cp_byte.push_back(0);
      continue;
    }
    for (std::size_t pos = 0; pos < t.size();) {
      cp_run.push_back(static_cast<std::uint32_t>(r));
      cp_byte.push_back(static_cast<std::uint32_t>(pos));
      logical += utf8_decode(t, pos);
    }
  }
  // 2. Shaped across runs (a word split between bold and plain still joins), then cut back
  // into one shaped string per run; a lam-alef ligature belongs to its lam's run.
  std::vector<std::uint32_t> source;
  const std::u32string shaped = bidi::shape_arabic(logical, &source);
  const std::size_t n = shaped.size();
  std::vector<std::string> texts(runs.size());
  std::vector<std::uint32_t> s_run(n), s_byte(n);      // each shaped code point's run and byte in texts[run]
  std::vector<std::vector<std::uint32_t>> byte_cp(runs.size());  // per run: shaped byte -> shaped code point
  for (std::size_t k = 0; k < n; ++k) {
    const std::uint32_t r = cp_run[source[k]];
    s_run[k] = r;
    std::string& t = texts[r];
    s_byte[k] = static_cast<std::uint32_t>(t.size());
    if (runs[r].text == "\n") {
      t = "\n";
    } else {
      utf8_append(t, shaped[k]);
    }
    byte_cp[r].resize(t.size(), static_cast<std::uint32_t>(k));  // each byte of this code point
  }
  // A run's code points are consecutive: the byte after its text maps to one past its last one.
  for (std::size_t r = 0; r < runs.size(); ++r)
    if (!byte_cp[r].empty()) byte_cp[r].push_back(byte_cp[r].back() + 1);
  std::vector<TextRun> shaped_runs(runs.begin(), runs.end());
  for (std::size_t r = 0; r < runs.size(); ++r) shaped_runs[r].text = texts[r];
  // The logical byte where a shaped code point's text ends in its input run.
  const auto source_end = [&](std::size_t k) -> std::uint32_t {
    if (k + 1 < n && s_run[k + 1] == s_run[k]) return cp_byte[source[k + 1]];
    return static_cast<std::uint32_t>(runs[s_run[k]].text.size());
  };

  // 3. Lines in logical order, then 4. each line in visual order.
  WrappedText out = wrap_logical(shaped_runs, max_width, metrics);
  int paragraph_level = 0;
  const std::vector<std::uint8_t> levels = bidi::resolve_levels(shaped, direction, &paragraph_level);
  const float align_width = max_width < 1e6f ? max_width : out.width;
  std::vector<std::uint8_t> line_levels;
  for (Line& line : out.lines) {
    std::size_t first = n, last = 0;  // the line's shaped code points [first, last)
    for (const PlacedRun& pr : line.runs) {
      if (pr.begin == pr.end) continue;
      const auto& map = byte_cp[static_cast<std::size_t>(pr.run)];
      first = std::min<std::size_t>(first, map[pr.begin]);
      last = std::max<std::size_t>(last, map[pr.end]);
    }
    line.runs.clear();
    if (first >= last) continue;
    const std::vector<std::uint32_t> order = bidi::visual_order(shaped, levels, first, last, paragraph_level, &line_levels);
    float x = 0;
    for (std::size_t v = 0; v < order.size();) {
      // A piece: visually adjacent code points of one run at one level, logically adjacent.
      const std::size_t k0 = first + order[v];
      const std::uint8_t level = line_levels[order[v]];
      const bool rtl = level % 2;
      std::size_t w = v + 1;
      while (w < order.size()) {
        const std::size_t k = first + order[w];
        const std::size_t prev = first + order[w - 1];
        if (s_run[k] != s_run[k0] || line_levels[order[w]] != level || k != (rtl ? prev - 1 : prev + 1)) break;
        ++w;
      }
      PlacedRun piece;
      piece.run = static_cast<int>(s_run[k0]);
      piece.rtl = rtl;
      std::uint32_t lo = UINT32_MAX, hi = 0;
      for (std::size_t u = v; u < w; ++u) {
        const std::size_t k = first + order[u];
        if (shaped[k] == U'\n') continue;
        lo = std::min(lo, cp_byte[source[k]]);  // invisible controls count as shown (bytes cover the text)
        hi = std::max(hi, source_end(k));
        if (!bidi::is_invisible_control(shaped[k])) utf8_append(piece.visual, rtl ? bidi::mirror(shaped[k]) : shaped[k]);
      }
      v = w;
      if (piece.visual.empty()) continue;  // only invisible controls (an isolate's LRI, PDI)
      piece.begin = lo;
      piece.end = hi;
      piece.width = metrics.text_width(runs[static_cast<std::size_t>(piece.run)].font, piece.visual);
      piece.x = x;
      x += piece.width;
      line.runs.push_back(std::move(piece));
    }
    // Right to left: the line ends at the right edge (its trailing spaces went to the left).
    if (paragraph_level == 1) {
      const float shift = align_width - x;
      for (PlacedRun& pr : line.runs) pr.x += shift;
    }
  }
  return out;
}

}  // namespace

WrappedText wrap_text(std::span<const TextRun> runs, float max_width, const FontMetrics& metrics, bidi::Direction direction) {
  bool needs_bidi = direction != bidi::Direction::ltr;
  for (std::size_t r = 0; !needs_bidi && r < runs.size(); ++r) needs_bidi = bidi::may_have_rtl(runs[r].text);
  return needs_bidi ? wrap_bidi(runs, max_width, metrics, direction) : wrap_logical(runs, max_width, metrics);
}

}  // namespace reader::core
