// Arabic shaping and the bidirectional algorithm (see bidi.h for the contract).
#include "bidi.h"

#include <algorithm>

#include "utf8.h"

namespace reader::core::bidi {

namespace {

// ---------------------------------------------------------------------------------------------
// [SECTION] Arabic joining and presentation forms
// ---------------------------------------------------------------------------------------------

// Joining types of ArabicShaping.txt: dual (joins both sides), right (joins only to the letter
// before it in logical order), causing (tatweel, ZWJ), transparent (marks), none.
enum class Joining : std::uint8_t { none, dual, right, causing, transparent };

bool is_mark(char32_t c) {
  return (c >= 0x0610 && c <= 0x061A) || (c >= 0x064B && c <= 0x065F) || c == 0x0670 || (c >= 0x06D6 && c <= 0x06DC) ||
         (c >= 0x06DF && c <= 0x06E4) || c == 0x06E7 || c == 0x06E8 || (c >= 0x06EA && c <= 0x06ED) || (c >= 0x0300 && c <= 0x036F);
}

Joining joining(char32_t c) {
  if (is_mark(c)) return Joining::transparent;
  if (c == 0x0640 || c == 0x200D) return Joining::causing;
  if (c < 0x0620 || c > 0x06FF) return Joining::none;
  switch (c) {
    case 0x0622: case 0x0623: case 0x0624: case 0x0625: case 0x0627: case 0x0629: case 0x062F: case 0x0630:
    case 0x0631: case 0x0632: case 0x0648: case 0x0671: case 0x0672: case 0x0673: case 0x0675: case 0x0676:
    case 0x0677: case 0x06C0: case 0x06CD: case 0x06CF: case 0x06D2: case 0x06D3: case 0x06D5: case 0x06EE: case 0x06EF:
      return Joining::right;
    default: break;
  }
  if ((c >= 0x0688 && c <= 0x0699) || (c >= 0x06C3 && c <= 0x06CB)) return Joining::right;
  if (c == 0x0620 || c == 0x0626 || c == 0x0628 || (c >= 0x062A && c <= 0x062E) || (c >= 0x0633 && c <= 0x063F) ||
      (c >= 0x0641 && c <= 0x0647) || c == 0x0649 || c == 0x064A || c == 0x066E || c == 0x066F || (c >= 0x0678 && c <= 0x0687) ||
      (c >= 0x069A && c <= 0x06BF) || c == 0x06C1 || c == 0x06C2 || c == 0x06CC || c == 0x06CE || c == 0x06D0 || c == 0x06D1 ||
      (c >= 0x06FA && c <= 0x06FC) || c == 0x06FF)
    return Joining::dual;
  return Joining::none;
}

// The four forms of a letter: isolated, final, initial, medial (0: the form does not exist).
struct Forms {
  char32_t isolated = 0, final_ = 0, initial = 0, medial = 0;
};

Forms forms(char32_t c) {
  // U+0621..U+064A in Arabic Presentation Forms-B, in Unicode's order: each letter takes 2
  // (right-joining, hamza: 1) or 4 (dual-joining) code points from U+FE80.
  static constexpr struct { char32_t letter; char32_t first; std::uint8_t count; } kB[] = {
      {0x0621, 0xFE80, 1}, {0x0622, 0xFE81, 2}, {0x0623, 0xFE83, 2}, {0x0624, 0xFE85, 2}, {0x0625, 0xFE87, 2},
      {0x0626, 0xFE89, 4}, {0x0627, 0xFE8D, 2}, {0x0628, 0xFE8F, 4}, {0x0629, 0xFE93, 2}, {0x062A, 0xFE95, 4},
      {0x062B, 0xFE99, 4}, {0x062C, 0xFE9D, 4}, {0x062D, 0xFEA1, 4}, {0x062E, 0xFEA5, 4}, {0x062F, 0xFEA9, 2},
      {0x0630, 0xFEAB, 2}, {0x0631, 0xFEAD, 2}, {0x0632, 0xFEAF, 2}, {0x0633, 0xFEB1, 4}, {0x0634, 0xFEB5, 4},
      {0x0635, 0xFEB9, 4}, {0x0636, 0xFEBD, 4}, {0x0637, 0xFEC1, 4}, {0x0638, 0xFEC5, 4}, {0x0639, 0xFEC9, 4},
      {0x063A, 0xFECD, 4}, {0x0641, 0xFED1, 4}, {0x0642, 0xFED5, 4}, {0x0643, 0xFED9, 4}, {0x0644, 0xFEDD, 4},
      {0x0645, 0xFEE1, 4}, {0x0646, 0xFEE5, 4}, {0x0647, 0xFEE9, 4}, {0x0648, 0xFEED, 2}, {0x0649, 0xFEEF, 2},
      {0x064A, 0xFEF1, 4}};
  for (const auto& e : kB) {
    if (e.letter != c) continue;
    Forms f{e.first, e.count > 1 ? e.first + 1 : 0, e.count > 2 ? e.first + 2 : 0, e.count > 2 ? e.first + 3 : 0};
    if (c == 0x0649) { f.initial = 0xFBE8; f.medial = 0xFBE9; }  // alef maksura's initial and medial forms are in Forms-A
    return f;
  }
  // Letters of Persian and Urdu names in Arabic text (Forms-A): peh, tcheh, jeh, keheh, gaf, farsi yeh.
  switch (c) {
    case 0x067E: return {0xFB56, 0xFB57, 0xFB58, 0xFB59};
    case 0x0686: return {0xFB7A, 0xFB7B, 0xFB7C, 0xFB7D};
    case 0x0698: return {0xFB8A, 0xFB8B, 0, 0};
    case 0x06A9: return {0xFB8E, 0xFB8F, 0xFB90, 0xFB91};
    case 0x06AF: return {0xFB92, 0xFB93, 0xFB94, 0xFB95};
    case 0x06CC: return {0xFBFC, 0xFBFD, 0xFBFE, 0xFBFF};
    default: return {};
  }
}

// Lam followed by this alef: the ligature's isolated form (its final form is the next code point).
char32_t lam_alef(char32_t alef) {
  switch (alef) {
    case 0x0622: return 0xFEF5;
    case 0x0623: return 0xFEF7;
    case 0x0625: return 0xFEF9;
    case 0x0627: return 0xFEFB;
    default: return 0;
  }
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Bidirectional classes
// ---------------------------------------------------------------------------------------------

enum Class : std::uint8_t { L, R, AL, EN, ES, ET, AN, CS, NSM, BN, B, S, WS, ON };

bool in(char32_t c, char32_t a, char32_t b) { return c >= a && c <= b; }

Class bidi_class(char32_t c) {
  if (c < 0x80) {
    if (c >= '0' && c <= '9') return EN;
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) return L;
    switch (c) {
      case '+': case '-': return ES;
      case '#': case '$': case '%': return ET;
      case ',': case '.': case '/': case ':': return CS;
      case ' ': case '\f': return WS;
      case '\t': case 0x0B: case 0x1F: return S;
      case '\n': case '\r': case 0x1C: case 0x1D: case 0x1E: return B;
      default: return c < 0x20 || c == 0x7F ? BN : ON;
    }
  }
  if (c == 0x00A0 || c == 0x202F || c == 0x060C || c == 0x2044) return CS;
  if (c == 0x00B2 || c == 0x00B3 || c == 0x00B9 || in(c, 0x06F0, 0x06F9) || c == 0x2070 || in(c, 0x2074, 0x2079) ||
      in(c, 0x2080, 0x2089) || in(c, 0xFF10, 0xFF19))
    return EN;
  if (in(c, 0x0660, 0x0669) || in(c, 0x0600, 0x0605) || c == 0x066B || c == 0x066C || c == 0x06DD) return AN;
  if (in(c, 0x00A2, 0x00A5) || c == 0x00B0 || c == 0x00B1 || c == 0x0609 || c == 0x060A || c == 0x066A || in(c, 0x2030, 0x2034) ||
      in(c, 0x20A0, 0x20CF) || c == 0x2212 || c == 0x2213)
    return ET;
  if (c == 0x00AD || in(c, 0x200B, 0x200D) || in(c, 0x202A, 0x202E) || in(c, 0x2060, 0x2069) || c == 0xFEFF || in(c, 0x0080, 0x009F))
    return c == 0x0085 ? B : BN;
  if (c == 0x2029) return B;
  if (in(c, 0x2000, 0x200A) || c == 0x2028 || c == 0x205F || c == 0x3000 || c == 0x1680) return WS;
  if (c == 0x200E) return L;
  if (c == 0x200F) return R;
  if (in(c, 0x0300, 0x036F) || is_mark(c) || in(c, 0xFE00, 0xFE0F) || in(c, 0xFE20, 0xFE2F)) return NSM;
  if (in(c, 0x0591, 0x05C7)) return c == 0x05BE || c == 0x05C0 || c == 0x05C3 || c == 0x05C6 ? R : NSM;
  if (in(c, 0x05C8, 0x05FF) || in(c, 0x07C0, 0x085F) || in(c, 0xFB1D, 0xFB4F)) return R;
  if (in(c, 0x0600, 0x07BF) || in(c, 0x0860, 0x08FF) || in(c, 0xFB50, 0xFDFF) || in(c, 0xFE70, 0xFEFE)) {
    if (c == 0x060E || c == 0x060F || c == 0x06DE || c == 0x06E9 || in(c, 0xFD3E, 0xFD3F)) return ON;
    return AL;
  }
  // Neutral punctuation and symbols of Latin-1 and the general punctuation, arrows and symbols.
  if (in(c, 0x00A1, 0x00BF) || c == 0x00D7 || c == 0x00F7 || in(c, 0x2010, 0x2027) || in(c, 0x2035, 0x205E) ||
      in(c, 0x2100, 0x2BFF) || in(c, 0x3001, 0x3003) || in(c, 0xFE50, 0xFE6F))
    return ON;
  return L;
}

}  // namespace

char32_t mirror(char32_t c) {
  switch (c) {
    case '(': return ')';
    case ')': return '(';
    case '[': return ']';
    case ']': return '[';
    case '{': return '}';
    case '}': return '{';
    case '<': return '>';
    case '>': return '<';
    case 0x00AB: return 0x00BB;
    case 0x00BB: return 0x00AB;
    case 0x2039: return 0x203A;
    case 0x203A: return 0x2039;
    default: return c;
  }
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Shaping
// ---------------------------------------------------------------------------------------------

std::u32string shape_arabic(std::u32string_view s, std::vector<std::uint32_t>* source) {
  std::u32string out;
  out.reserve(s.size());
  if (source) {
    source->clear();
    source->reserve(s.size());
  }
  // Every append below goes through `emit`, which records where the code point came from.
  const auto emit = [&](char32_t c, std::size_t from) {
    out += c;
    if (source) source->push_back(static_cast<std::uint32_t>(from));
  };
  const auto neighbour = [&](std::size_t i, int step) -> Joining {  // the next non-mark in a direction
    for (std::ptrdiff_t j = static_cast<std::ptrdiff_t>(i) + step; j >= 0 && j < static_cast<std::ptrdiff_t>(s.size()); j += step) {
      const Joining t = joining(s[static_cast<std::size_t>(j)]);
      if (t != Joining::transparent) return t;
    }
    return Joining::none;
  };
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char32_t c = s[i];
    const Joining t = joining(c);
    if (t != Joining::dual && t != Joining::right) {
      emit(c, i);
      continue;
    }
    const Joining before = neighbour(i, -1);
    const bool joins_before = before == Joining::dual || before == Joining::causing;
    // Lam + alef: one ligature (marks between them follow it).
    if (c == 0x0644) {
      std::size_t j = i + 1;
      while (j < s.size() && joining(s[j]) == Joining::transparent) ++j;
      if (j < s.size() && lam_alef(s[j])) {
        emit(lam_alef(s[j]) + (joins_before ? 1 : 0), i);
        for (std::size_t k = i + 1; k < j; ++k) emit(s[k], k);  // the marks between lam and alef
        i = j;
        continue;
      }
    }
    const Joining after = neighbour(i, +1);
    const bool joins_after = t == Joining::dual && (after == Joining::dual || after == Joining::right || after == Joining::causing);
    const Forms f = forms(c);
    char32_t shaped = 0;
    if (joins_before && joins_after) shaped = f.medial;
    else if (joins_before) shaped = f.final_;
    else if (joins_after) shaped = f.initial;
    else shaped = f.isolated;
    emit(shaped ? shaped : c, i);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Resolving levels (UAX #9, one paragraph, no explicit embeddings)
// ---------------------------------------------------------------------------------------------

bool has_rtl(std::u32string_view text) {
  for (const char32_t c : text) {
    const Class k = bidi_class(c);
    if (k == R || k == AL) return true;
  }
  return false;
}

namespace {

bool is_isolate_initiator(char32_t c) { return c >= 0x2066 && c <= 0x2068; }  // LRI, RLI, FSI
constexpr char32_t kPdi = 0x2069;

// The first strong direction in [b, e), skipping nested isolates (P2): 0, 1, or -1 for none.
int first_strong(std::u32string_view text, std::size_t b, std::size_t e) {
  int depth = 0;
  for (std::size_t i = b; i < e; ++i) {
    if (is_isolate_initiator(text[i])) ++depth;
    else if (text[i] == kPdi && depth > 0) --depth;
    else if (depth == 0) {
      const Class k = bidi_class(text[i]);
      if (k == L) return 0;
      if (k == R || k == AL) return 1;
    }
  }
  return -1;
}

// Rules W1-W7, N1-N2 and I1-I2 on one isolating run sequence: `t` holds its classes (isolate
// initiators and PDIs already neutral), `level` its embedding level. Returns the levels.
std::vector<std::uint8_t> resolve_sequence(std::vector<Class>& t, int level) {
  const std::size_t n = t.size();
  const Class sos = level % 2 ? R : L, eos = sos;
  // W1: a mark takes the type of what it follows (boundary neutrals are skipped like marks).
  Class prev = sos;
  for (std::size_t i = 0; i < n; ++i) {
    if (t[i] == NSM || t[i] == BN) t[i] = prev == B || prev == S || prev == WS ? ON : prev;
    prev = t[i];
  }
  // W2: European digits after Arabic letters are Arabic numbers. W3: AL is R.
  Class strong = sos;
  for (std::size_t i = 0; i < n; ++i) {
    if (t[i] == L || t[i] == R || t[i] == AL) strong = t[i];
    else if (t[i] == EN && strong == AL) t[i] = AN;
  }
  for (Class& k : t)
    if (k == AL) k = R;
  // W4: one separator between two numbers of the same kind joins them.
  for (std::size_t i = 1; i + 1 < n; ++i) {
    if (t[i] == ES && t[i - 1] == EN && t[i + 1] == EN) t[i] = EN;
    else if (t[i] == CS && t[i - 1] == EN && t[i + 1] == EN) t[i] = EN;
    else if (t[i] == CS && t[i - 1] == AN && t[i + 1] == AN) t[i] = AN;
  }
  // W5: terminators (%, currency) next to European digits are European digits.
  for (std::size_t i = 0; i < n;) {
    if (t[i] != ET) { ++i; continue; }
    std::size_t j = i;
    while (j < n && t[j] == ET) ++j;
    const bool touches = (i > 0 && t[i - 1] == EN) || (j < n && t[j] == EN);
    if (touches)
      for (std::size_t k = i; k < j; ++k) t[k] = EN;
    i = j;
  }
  // W6: the other separators and terminators are neutral.
  for (Class& k : t)
    if (k == ES || k == ET || k == CS) k = ON;
  // W7: European digits after left-to-right text are left to right.
  strong = sos;
  for (std::size_t i = 0; i < n; ++i) {
    if (t[i] == L || t[i] == R) strong = t[i];
    else if (t[i] == EN && strong == L) t[i] = L;
  }
  // N1, N2: neutrals between text of one direction take it (numbers count as R); others take
  // the paragraph's direction.
  const auto is_neutral = [](Class k) { return k == B || k == S || k == WS || k == ON; };
  const auto side = [](Class k) { return k == L ? L : R; };  // R, EN, AN -> R
  for (std::size_t i = 0; i < n;) {
    if (!is_neutral(t[i])) { ++i; continue; }
    std::size_t j = i;
    while (j < n && is_neutral(t[j])) ++j;
    const Class before = i == 0 ? sos : side(t[i - 1]);
    const Class after = j == n ? eos : side(t[j]);
    const Class resolved = before == after ? before : (level % 2 ? R : L);
    for (std::size_t k = i; k < j; ++k) t[k] = resolved;
    i = j;
  }
  // I1, I2: levels.
  std::vector<std::uint8_t> levels(n);
  for (std::size_t i = 0; i < n; ++i) {
    int l = level;
    if (level % 2 == 0) l += t[i] == R ? 1 : (t[i] == AN || t[i] == EN) ? 2 : 0;
    else l += t[i] == R ? 0 : 1;
    levels[i] = static_cast<std::uint8_t>(std::min(l, 125));
  }
  return levels;
}

// Resolves text[b, e) as one isolating run sequence at `level`, then each isolate inside it
// (LRI, RLI, FSI ... PDI, nested) as its own sequence one or two levels up (X5a-X5c, X6a):
// the initiator and its PDI are neutrals of the outer sequence and take its level.
void resolve_range(std::u32string_view text, std::size_t b, std::size_t e, int level, std::vector<std::uint8_t>& out, int depth) {
  std::vector<std::size_t> members;
  std::vector<Class> t;
  struct Isolate { std::size_t content_begin, content_end; char32_t kind; };
  std::vector<Isolate> isolates;
  for (std::size_t i = b; i < e; ++i) {
    members.push_back(i);
    if (is_isolate_initiator(text[i]) && depth < 60) {
      t.push_back(ON);
      // Its matching PDI, or the end of the range.
      int nest = 0;
      std::size_t j = i + 1;
      for (; j < e; ++j) {
        if (is_isolate_initiator(text[j])) ++nest;
        else if (text[j] == kPdi && nest-- == 0) break;
      }
      isolates.push_back({i + 1, j, text[i]});
      if (j < e) {
        members.push_back(j);
        t.push_back(ON);
      }
      i = j;
      continue;
    }
    const Class k = bidi_class(text[i]);
    t.push_back(is_isolate_initiator(text[i]) || text[i] == kPdi ? ON : k);
  }
  const std::vector<std::uint8_t> levels = resolve_sequence(t, level);
  for (std::size_t k = 0; k < members.size(); ++k) out[members[k]] = levels[k];
  for (const Isolate& iso : isolates) {
    bool rtl = iso.kind == 0x2067;
    if (iso.kind == 0x2068) rtl = first_strong(text, iso.content_begin, iso.content_end) == 1;
    int inner = level + 1;
    if ((inner % 2 == 1) != rtl) ++inner;
    resolve_range(text, iso.content_begin, iso.content_end, std::min(inner, 124), out, depth + 1);
  }
}

}  // namespace

std::vector<std::uint8_t> resolve_levels(std::u32string_view text, Direction dir, int* paragraph_level) {
  // P2, P3: the paragraph's level (isolates are skipped when looking for the first strong letter).
  int level = dir == Direction::rtl ? 1 : 0;
  if (dir == Direction::automatic) level = first_strong(text, 0, text.size()) == 1 ? 1 : 0;
  if (paragraph_level) *paragraph_level = level;
  std::vector<std::uint8_t> levels(text.size(), static_cast<std::uint8_t>(level));
  resolve_range(text, 0, text.size(), level, levels, 0);
  return levels;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Reordering a line
// ---------------------------------------------------------------------------------------------

std::vector<std::uint32_t> visual_order(std::u32string_view text, const std::vector<std::uint8_t>& all_levels, std::size_t begin,
                                        std::size_t end, int paragraph_level, std::vector<std::uint8_t>* line_levels) {
  end = std::min({end, text.size(), all_levels.size()});
  begin = std::min(begin, end);
  std::vector<std::uint8_t> levels(all_levels.begin() + static_cast<std::ptrdiff_t>(begin), all_levels.begin() + static_cast<std::ptrdiff_t>(end));
  const std::size_t n = levels.size();
  const auto plevel = static_cast<std::uint8_t>(paragraph_level);
  // L1: separators, and white space before them or at the end of the line, to the paragraph level.
  bool trailing = true;
  for (std::size_t k = n; k-- > 0;) {
    const Class c = bidi_class(text[begin + k]);
    if (c == S || c == B) {
      levels[k] = plevel;
      trailing = true;
    } else if (c == WS || c == BN) {
      if (trailing) levels[k] = plevel;
    } else {
      trailing = false;
    }
  }
  // L2: reverse runs, from the highest level down to the lowest odd one.
  std::vector<std::uint32_t> order(n);
  for (std::size_t k = 0; k < n; ++k) order[k] = static_cast<std::uint32_t>(k);
  std::uint8_t highest = 0, lowest_odd = 255;
  for (const std::uint8_t l : levels) {
    highest = std::max(highest, l);
    if (l % 2) lowest_odd = std::min(lowest_odd, l);
  }
  for (int l = highest; l >= lowest_odd && l > 0; --l) {
    for (std::size_t k = 0; k < n;) {
      if (levels[order[k]] < l) { ++k; continue; }
      std::size_t j = k;
      while (j < n && levels[order[j]] >= l) ++j;
      std::reverse(order.begin() + static_cast<std::ptrdiff_t>(k), order.begin() + static_cast<std::ptrdiff_t>(j));
      k = j;
    }
  }
  if (line_levels) *line_levels = std::move(levels);
  return order;
}

std::u32string reorder_line(std::u32string_view text, const std::vector<std::uint8_t>& all_levels, std::size_t begin, std::size_t end,
                            int paragraph_level) {
  std::vector<std::uint8_t> levels;
  const std::vector<std::uint32_t> order = visual_order(text, all_levels, begin, end, paragraph_level, &levels);
  begin = std::min({begin, end, text.size(), all_levels.size()});
  // L4: brackets and guillemets face the other way in right-to-left runs.
  std::u32string out;
  out.reserve(order.size());
  for (const std::uint32_t k : order) {
    const char32_t c = text[begin + k];
    out += levels[k] % 2 ? mirror(c) : c;
  }
  return out;
}

bool is_invisible_control(char32_t c) {
  return (c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) || (c >= 0x2060 && c <= 0x2069) || c == 0x061C || c == 0xFEFF;
}

bool may_have_rtl(std::string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b < 0xD6) continue;
    if (b == 0xE2 && i + 2 < s.size()) {  // RLM, embeddings and overrides, isolates
      const auto b1 = static_cast<unsigned char>(s[i + 1]), b2 = static_cast<unsigned char>(s[i + 2]);
      if (b1 == 0x80 && (b2 == 0x8F || (b2 >= 0xAA && b2 <= 0xAE))) return true;
      if (b1 == 0x81 && b2 >= 0xA6 && b2 <= 0xA9) return true;
      continue;
    }
    if (b <= 0xDF) return true;  // U+0580..U+07FF
    if (b == 0xE0 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) <= 0xA3) return true;  // U+0800..U+08FF
    if (b == 0xEF && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0xAC && static_cast<unsigned char>(s[i + 1]) <= 0xBB)
      return true;  // U+FB00..U+FEFF
  }
  return false;
}

std::string visual_line(std::string_view logical_utf8, Direction dir) {
  std::u32string logical;
  for (std::size_t pos = 0; pos < logical_utf8.size();) logical += utf8_decode(logical_utf8, pos);
  const std::u32string shaped = shape_arabic(logical);
  int level = 0;
  const std::vector<std::uint8_t> levels = resolve_levels(shaped, dir, &level);
  const std::u32string visual = reorder_line(shaped, levels, 0, shaped.size(), level);
  std::string out;
  for (const char32_t c : visual)
    if (!is_invisible_control(c)) utf8_append(out, c);
  return out;
}

}  // namespace reader::core::bidi
