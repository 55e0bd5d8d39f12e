// Greedy rich-text line breaking (see layout.h for the contract).
#include "layout.h"

#include <algorithm>

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
      line_.runs.push_back({run, begin, end, x_, width});
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

}  // namespace

WrappedText wrap_text(std::span<const TextRun> runs, float max_width, const FontMetrics& metrics) {
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

}  // namespace reader::core
