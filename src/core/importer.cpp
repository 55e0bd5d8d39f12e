// Importing scraped pages (see importer.h for the contract).
//
// Index of this file
// [SECTION] Text helpers
// [SECTION] Page shape: menu, type and region lines, title
// [SECTION] Paragraphs
// [SECTION] Repairs and typography
// [SECTION] Contacts
// [SECTION] import_page
#include "importer.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "utf8.h"

namespace reader::core {

namespace {

// ---------------------------------------------------------------------------------------------
// [SECTION] Text helpers
// ---------------------------------------------------------------------------------------------

constexpr std::string_view kNbsp = "\xC2\xA0";

struct PageLine {
  std::size_t number;  // 1-based
  std::string text;    // trimmed
};

std::string trim(std::string_view s) {
  auto is_space = [](unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; };
  while (!s.empty() && is_space(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && is_space(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  while (s.size() >= 2 && s.substr(s.size() - 2) == kNbsp) s.remove_suffix(2);
  return std::string(s);
}

std::vector<PageLine> split_lines(std::string_view text) {
  std::vector<PageLine> out;
  std::size_t start = 0, number = 1;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    out.push_back({number++, trim(text.substr(start, end - start))});
    if (end == text.size()) break;
    start = end + 1;
  }
  return out;
}

// Lower-case for comparisons: ASCII letters, the common accented capitals, ’ as '.
std::string fold(std::string_view s) {
  std::string out;
  std::size_t pos = 0;
  while (pos < s.size()) {
    char32_t cp = utf8_decode(s, pos);
    if (cp >= 'A' && cp <= 'Z') cp += 32;
    else if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) cp += 32;  // À..Þ
    else if (cp == 0x2019 || cp == 0x2018) cp = '\'';
    else if (cp == 0xA0) cp = ' ';
    utf8_append(out, cp);
  }
  return out;
}

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

char32_t first_code_point(std::string_view s) {
  std::size_t pos = 0;
  return s.empty() ? 0 : utf8_decode(s, pos);
}

bool is_upper(char32_t cp) {
  return (cp >= 'A' && cp <= 'Z') || (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) || cp == 0x152 || cp == 0x178 ||
         (cp >= 0x100 && cp <= 0x17F && cp % 2 == 0);
}

bool is_opening_quote(char32_t cp) { return cp == 0xAB || cp == 0x201C || cp == '"' || cp == 0x2018; }

// ---------------------------------------------------------------------------------------------
// [SECTION] Page shape
// ---------------------------------------------------------------------------------------------

constexpr std::array<std::string_view, 22> kTypeWords = {
    "communiqué", "communiqué de presse", "news", "press release", "noticia", "noticias", "comunicado", "comunicado de prensa",
    "nota de prensa", "story", "stories", "article", "actualité", "actualités", "historia", "historias", "feature", "reportage",
    "statement", "déclaration", "declaración", "nouvelles"};

constexpr std::array<std::string_view, 20> kChrome = {
    "share", "share this page", "share this", "partager", "partager cette page", "compartir", "compartir esta página",
    "print", "print this page", "imprimer", "imprimir", "back to top", "retour en haut", "retour en haut de page",
    "volver arriba", "tweet", "facebook", "twitter", "linkedin", "whatsapp"};

bool is_chrome(std::string_view line) {
  const std::string f = fold(line);
  return std::find(kChrome.begin(), kChrome.end(), f) != kChrome.end();
}

bool is_contact_header(std::string_view line) {
  static constexpr std::array<std::string_view, 12> kHeaders = {
      "pour plus d'information", "pour de plus amples information", "pour toute information", "pour plus de détails",
      "for more information", "for further information", "for more details", "for media enquiries",
      "para más información", "para mayor información", "para más detalles", "para obtener más información"};
  const std::string f = fold(line);
  for (std::string_view h : kHeaders)
    if (starts_with(f, h)) return true;
  return false;
}

// Why a line near the top belongs to the site menu, or empty if it does not.
std::string menu_reason(const std::vector<PageLine>& lines, std::size_t i, const std::vector<std::string>& labels) {
  const std::string& line = lines[i].text;
  if (line == "-") return "site menu: separator";
  if (starts_with(line, "- ")) return "site menu: item";
  const std::string f = fold(line);
  // The next non-empty line, to recognise doubled labels and labels followed by their description.
  std::string next;
  for (std::size_t j = i + 1; j < lines.size(); ++j)
    if (!lines[j].text.empty()) { next = lines[j].text; break; }
  std::string prev;
  for (std::size_t j = i; j-- > 0;)
    if (!lines[j].text.empty()) { prev = lines[j].text; break; }
  if (!prev.empty() && line == prev) return "site menu: doubled label";
  for (const std::string& label : labels) {
    const std::string fl = fold(label);
    if (fl.empty()) continue;
    if (f == fl) return "site menu: section label";
    if (starts_with(f, fl) && f.size() > fl.size() && f[fl.size()] != ' ') return "site menu: section label glued to its description";
  }
  if (!next.empty() && (next == line || (starts_with(next, line) && next.size() > line.size() && next[line.size()] != ' ')))
    return "site menu: label";
  if (!prev.empty() && starts_with(line, prev) && line.size() > prev.size() && line[prev.size()] != ' ')
    return "site menu: label glued to its description";
  return {};
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Paragraphs
// ---------------------------------------------------------------------------------------------

struct Paragraph {
  std::string text;
  std::size_t first_line = 0;
};

// True when the line ends a sentence (., !, ? or …, before closing quotes or brackets).
bool ends_sentence(std::string_view line) {
  std::string s(line);
  while (true) {
    const std::string t = trim(s);
    s = t;
    if (s.empty()) return false;
    if (s.size() >= 2 && (s.substr(s.size() - 2) == "\xC2\xBB")) { s.resize(s.size() - 2); continue; }          // »
    if (s.size() >= 3 && (s.substr(s.size() - 3) == "\xE2\x80\x9D" || s.substr(s.size() - 3) == "\xE2\x80\x99")) {  // ” ’
      s.resize(s.size() - 3);
      continue;
    }
    if (s.back() == '"' || s.back() == ')' || s.back() == '\'') { s.pop_back(); continue; }
    break;
  }
  if (s.empty()) return false;
  if (s.back() == '.' || s.back() == '!' || s.back() == '?') return true;
  return s.size() >= 3 && s.substr(s.size() - 3) == "\xE2\x80\xA6";  // …
}

bool starts_paragraph(std::string_view line) {
  const char32_t cp = first_code_point(line);
  return is_upper(cp) || (cp >= '0' && cp <= '9') || is_opening_quote(cp) || cp == '-' || cp == 0x2013 || cp == 0x2014;
}

// Quotation depth change of a line: « » and “ ” nest; straight double quotes toggle.
void track_quotes(std::string_view line, int& angle, int& curly, bool& straight) {
  std::size_t pos = 0;
  while (pos < line.size()) {
    const char32_t cp = utf8_decode(line, pos);
    if (cp == 0xAB) ++angle;
    else if (cp == 0xBB) angle = std::max(0, angle - 1);
    else if (cp == 0x201C) ++curly;
    else if (cp == 0x201D) curly = std::max(0, curly - 1);
    else if (cp == '"') straight = !straight;
  }
}

std::vector<Paragraph> make_paragraphs(const std::vector<PageLine>& lines) {
  std::vector<Paragraph> out;
  Paragraph cur;
  int angle = 0, curly = 0;
  bool straight = false;
  auto flush = [&] {
    if (!cur.text.empty()) out.push_back(std::move(cur));
    cur = Paragraph{};
    angle = curly = 0;
    straight = false;
  };
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i].text;
    if (line.empty()) { flush(); continue; }
    if (cur.text.empty()) {
      cur.text = line;
      cur.first_line = lines[i].number;
    } else if (cur.text.back() == '-') {
      cur.text += line;  // "long-" + "term": keep the hyphen, no space
    } else {
      cur.text += ' ';
      cur.text += line;
    }
    track_quotes(line, angle, curly, straight);
    const bool last = i + 1 == lines.size();
    const bool next_blank = !last && lines[i + 1].text.empty();
    if (last || next_blank) { flush(); continue; }
    if (ends_sentence(line) && angle == 0 && curly == 0 && !straight && starts_paragraph(lines[i + 1].text)) flush();
  }
  flush();
  return out;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Repairs and typography
// ---------------------------------------------------------------------------------------------

// UTF-8 text that was decoded as Latin-1 / Windows-1252 once ("rÃ©fugiÃ©s", "lâ€™OIM").
std::string fix_mojibake(std::string_view word) {
  static const std::array<std::pair<std::string_view, std::string_view>, 7> kCp1252 = {{
      {"\xC3\xA2\xE2\x82\xAC\xE2\x84\xA2", "\xE2\x80\x99"},  // â€™ -> ’
      {"\xC3\xA2\xE2\x82\xAC\xC5\x93", "\xE2\x80\x9C"},      // â€œ -> “
      {"\xC3\xA2\xE2\x82\xAC\xC2\x9D", "\xE2\x80\x9D"},      // â€\x9D -> ”
      {"\xC3\xA2\xE2\x82\xAC\xE2\x80\x9C", "\xE2\x80\x93"},  // â€“ -> –
      {"\xC3\xA2\xE2\x82\xAC\xE2\x80\x9D", "\xE2\x80\x94"},  // â€” -> —
      {"\xC3\xA2\xE2\x82\xAC\xC2\xA6", "\xE2\x80\xA6"},      // â€¦ -> …
      {"\xC3\xA2\xE2\x82\xAC\xCB\x9C", "\xE2\x80\x98"},      // â€˜ -> ‘
  }};
  std::string s(word);
  for (const auto& [bad, good] : kCp1252) {
    for (std::size_t at = s.find(bad); at != std::string::npos; at = s.find(bad, at + good.size())) s.replace(at, bad.size(), good);
  }
  // Ã or Â followed by a character U+0080..U+00BF: the two bytes of one UTF-8 sequence.
  std::string out;
  std::size_t pos = 0;
  while (pos < s.size()) {
    const std::size_t before = pos;
    const char32_t cp = utf8_decode(s, pos);
    if ((cp == 0xC3 || cp == 0xC2) && pos < s.size()) {
      std::size_t p2 = pos;
      const char32_t cont = utf8_decode(s, p2);
      if (cont >= 0x80 && cont <= 0xBF) {
        out += static_cast<char>(cp);
        out += static_cast<char>(cont);
        pos = p2;
        continue;
      }
    }
    out.append(s, before, pos - before);
  }
  return utf8_valid(out) ? out : std::string(word);
}

// French words whose œ the scrape dropped ("mis en uvre"), restored only where the damaged
// form is not itself a word.
std::string restore_oe(std::string_view part) {
  static const std::array<std::pair<std::string_view, std::string_view>, 10> kLost = {{
      {"uvre", "œuvre"}, {"uvres", "œuvres"}, {"manuvre", "manœuvre"}, {"manuvres", "manœuvres"}, {"nud", "nœud"},
      {"nuds", "nœuds"}, {"buf", "bœuf"}, {"bufs", "bœufs"}, {"cur", "cœur"}, {"curs", "cœurs"}}};
  for (const auto& [lost, fixed] : kLost) {
    if (part == lost) return std::string(fixed);
    if (part.size() == lost.size() && std::toupper(static_cast<unsigned char>(part[0])) == part[0] &&
        fold(part) == lost) {  // capitalised: Uvre -> Œuvre
      std::string f(fixed);
      return f.rfind("œ", 0) == 0 ? "Œ" + f.substr(2) : std::string(1, static_cast<char>(std::toupper(static_cast<unsigned char>(f[0])))) + f.substr(1);
    }
  }
  return std::string(part);
}

// Applies the word-level repairs to a paragraph, noting each changed word.
std::string repair_words(std::string_view text, const std::string& language, std::size_t line, std::vector<ImportNote>& repairs) {
  std::string out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find(' ', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view word = text.substr(start, end - start);
    std::string fixed = fix_mojibake(word);
    if (language == "fr") {
      // Check each part between apostrophes and hyphens, without trailing punctuation.
      std::string rebuilt;
      std::size_t p = 0;
      while (p <= fixed.size()) {
        std::size_t q = fixed.find_first_of("'-", p);
        const std::size_t apos = fixed.find("\xE2\x80\x99", p);
        std::size_t sep_len = 1;
        if (apos != std::string::npos && (q == std::string::npos || apos < q)) { q = apos; sep_len = 3; }
        if (q == std::string::npos) q = fixed.size();
        std::string part = fixed.substr(p, q - p);
        std::size_t core_end = part.size();
        while (core_end > 0 && std::string_view(".,;:!?)»\"").find(part[core_end - 1]) != std::string_view::npos) --core_end;
        rebuilt += restore_oe(std::string_view(part).substr(0, core_end)) + part.substr(core_end);
        if (q < fixed.size()) rebuilt += fixed.substr(q, sep_len);
        if (q >= fixed.size()) break;
        p = q + sep_len;
      }
      fixed = rebuilt;
    }
    if (fixed != word) repairs.push_back({line, std::string(word) + " -> " + fixed, "restored characters the scrape lost or garbled"});
    out += fixed;
    if (end < text.size()) out += ' ';
    start = end + 1;
    if (end == text.size()) break;
  }
  return out;
}

void replace_all(std::string& s, std::string_view from, std::string_view to) {
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) s.replace(at, from.size(), to);
}

// Typographic apostrophes everywhere; French spacing around « » : ; ! ? and in digit groups.
std::string typeset(std::string text, const std::string& language) {
  replace_all(text, "'", "\xE2\x80\x99");
  if (language != "fr") return text;
  replace_all(text, "\xC2\xAB ", "\xC2\xAB\xC2\xA0");  // « x
  replace_all(text, " \xC2\xBB", "\xC2\xA0\xC2\xBB");  // x »
  for (std::string_view p : {" :", " ;", " !", " ?"}) replace_all(text, p, std::string(kNbsp) + std::string(p.substr(1)));
  // Digit groups: "440 000" -> "440<NBSP>000" (a space between a digit and exactly three digits).
  const auto digit_at = [&](std::size_t k) { return k < text.size() && std::isdigit(static_cast<unsigned char>(text[k])); };
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == ' ' && i > 0 && digit_at(i - 1) && digit_at(i + 1) && digit_at(i + 2) && digit_at(i + 3) && !digit_at(i + 4)) {
      out += kNbsp;
      continue;
    }
    out += text[i];
  }
  return out;
}

// A closing » at the very end of a paragraph with no opening « in it: a scrape leftover.
bool drop_stray_closing_guillemet(std::string& text) {
  std::size_t opens = 0, closes = 0;
  for (std::size_t at = text.find("\xC2\xAB"); at != std::string::npos; at = text.find("\xC2\xAB", at + 2)) ++opens;
  for (std::size_t at = text.find("\xC2\xBB"); at != std::string::npos; at = text.find("\xC2\xBB", at + 2)) ++closes;
  if (closes <= opens) return false;
  std::string t = trim(text);
  if (t.size() < 2 || t.substr(t.size() - 2) != "\xC2\xBB") return false;
  t.resize(t.size() - 2);
  text = trim(t);
  return true;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Contacts
// ---------------------------------------------------------------------------------------------

bool email_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-'; }

// The first e-mail address in a line, whatever HTML fragments surround it.
std::string find_email(std::string_view line) {
  for (std::size_t at = line.find('@'); at != std::string_view::npos; at = line.find('@', at + 1)) {
    std::size_t a = at, b = at + 1;
    while (a > 0 && email_char(line[a - 1])) --a;
    while (b < line.size() && email_char(line[b])) ++b;
    std::string_view local = line.substr(a, at - a), domain = line.substr(at + 1, b - at - 1);
    while (!domain.empty() && domain.back() == '.') domain.remove_suffix(1);
    if (starts_with(local, "mailto:")) local.remove_prefix(7);
    if (!local.empty() && domain.find('.') != std::string_view::npos && domain.front() != '.')
      return std::string(local) + "@" + std::string(domain);
  }
  return {};
}

bool is_email_label(std::string_view line) {
  std::string f = fold(line);
  while (!f.empty() && (f.back() == ':' || f.back() == ' ' || f.back() == '.')) f.pop_back();
  return f == "e-mail" || f == "email" || f == "courriel" || f == "correo" || f == "correo electrónico" || f == "mail";
}

// The phone number of a line like "Tél. +57 1 6397777", or empty.
std::string find_phone(std::string_view line) {
  static constexpr std::array<std::string_view, 12> kLabels = {"tél", "tel", "phone", "téléphone", "teléfono", "telefono",
                                                               "tfno", "mobile", "móvil", "movil", "portable", "cell"};
  const std::string f = fold(line);
  bool labelled = false;
  for (std::string_view l : kLabels) labelled |= starts_with(f, l);
  std::size_t digits = 0;
  for (char c : line) digits += std::isdigit(static_cast<unsigned char>(c)) ? 1 : 0;
  bool only_number = true;
  for (char c : line) only_number &= std::isdigit(static_cast<unsigned char>(c)) || c == '+' || c == ' ' || c == '(' || c == ')' || c == '-' || c == '.';
  if (!(labelled || only_number) || digits < 6) return {};
  const std::size_t from = line.find_first_of("+0123456789");
  return trim(line.substr(from));
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// [SECTION] import_page
// ---------------------------------------------------------------------------------------------

ImportResult import_page(std::string_view page, const ImportOptions& options) {
  ImportResult r;
  std::string text(page);
  if (starts_with(text, "\xEF\xBB\xBF")) text.erase(0, 3);
  if (!utf8_valid(text)) {
    r.problems.push_back("the page is not UTF-8; it was read as Latin-1 (use --from latin1 to say so)");
    text = latin1_to_utf8(text);
  }
  std::vector<PageLine> lines = split_lines(text);
  auto drop = [&](const PageLine& l, std::string reason) { r.dropped.push_back({l.number, l.text, std::move(reason)}); };

  // Shape: a menu at the top (A), or a type and a region line (B), or neither.
  std::size_t i = 0;
  while (i < lines.size() && lines[i].text.empty()) ++i;
  if (i < lines.size() && !menu_reason(lines, i, options.menu_labels).empty()) {
    r.shape = "menu";
    for (; i < lines.size(); ++i) {
      if (lines[i].text.empty()) continue;
      std::string why = menu_reason(lines, i, options.menu_labels);
      if (why.empty()) break;
      drop(lines[i], std::move(why));
    }
  } else if (i < lines.size() && std::find(kTypeWords.begin(), kTypeWords.end(), fold(lines[i].text)) != kTypeWords.end()) {
    r.shape = "type-region";
    r.type = typeset(lines[i].text, options.language);
    drop(lines[i], "page type line");
    ++i;
    while (i < lines.size() && lines[i].text.empty()) ++i;
    if (i < lines.size() && lines[i].text.size() <= 60 && !ends_sentence(lines[i].text)) {
      r.region = typeset(lines[i].text, options.language);
      drop(lines[i], "region line");
      ++i;
    }
  } else {
    r.shape = "plain";
  }
  while (i < lines.size() && lines[i].text.empty()) ++i;
  if (i >= lines.size()) {
    r.problems.push_back("no title found: the page has nothing after its menu");
    return r;
  }
  const std::size_t title_line = lines[i].number;
  r.title = lines[i].text;
  ++i;

  // Body: up to the contact header; trailing page chrome is dropped.
  std::size_t contact_at = lines.size();
  for (std::size_t k = i; k < lines.size(); ++k)
    if (is_contact_header(lines[k].text)) { contact_at = k; break; }
  std::size_t body_end = contact_at;
  while (body_end > i && (lines[body_end - 1].text.empty() || is_chrome(lines[body_end - 1].text))) {
    if (!lines[body_end - 1].text.empty()) drop(lines[body_end - 1], "page chrome");
    --body_end;
  }
  // Word repairs line by line, so that each is reported at its own line.
  std::vector<PageLine> body_lines(lines.begin() + static_cast<std::ptrdiff_t>(i), lines.begin() + static_cast<std::ptrdiff_t>(body_end));
  for (PageLine& l : body_lines) l.text = repair_words(l.text, options.language, l.number, r.repairs);

  // Paragraphs, repaired and typeset; the lead becomes the summary, quotations block quotes.
  std::vector<std::string> paragraphs;
  std::vector<Paragraph> raw = make_paragraphs(body_lines);
  r.title = typeset(repair_words(r.title, options.language, title_line, r.repairs), options.language);
  for (Paragraph& p : raw) {
    std::string t = std::move(p.text);
    if (drop_stray_closing_guillemet(t)) r.repairs.push_back({p.first_line, "removed a closing \xC2\xBB with no opening \xC2\xAB", "scrape leftover"});
    t = typeset(std::move(t), options.language);
    if (is_opening_quote(first_code_point(t))) t = "> " + t;
    paragraphs.push_back(std::move(t));
  }
  std::size_t first_body = 0;
  // The lead is the summary when it reads like one (not a quotation, not a whole page of text).
  if (!paragraphs.empty() && !starts_with(paragraphs[0], "> ") && paragraphs[0].size() <= 600) {
    r.summary = paragraphs[0];
    first_body = 1;
  }
  for (std::size_t k = first_body; k < paragraphs.size(); ++k) {
    if (!r.body.empty()) r.body += "\n\n";
    r.body += paragraphs[k];
  }
  if (r.body.empty()) r.problems.push_back("the page has no body text after its title and lead");
  else r.body += '\n';  // a CommonMark document ends with a newline

  // Contacts.
  if (contact_at < lines.size()) {
    drop(lines[contact_at], "contact block header (the reader shows its own, in each language)");
    std::vector<PageLine> contact_lines;
    const std::string& header = lines[contact_at].text;
    if (const std::size_t colon = header.find(':'); colon != std::string::npos && !trim(header.substr(colon + 1)).empty())
      contact_lines.push_back({lines[contact_at].number, trim(header.substr(colon + 1))});
    for (std::size_t k = contact_at + 1; k < lines.size(); ++k) contact_lines.push_back(lines[k]);
    ImportedContact cur;
    bool any = false;
    auto flush = [&] {
      if (any) r.contacts.push_back(cur);
      cur = ImportedContact{};
      any = false;
    };
    for (const PageLine& l : contact_lines) {
      if (l.text.empty()) continue;
      if (is_chrome(l.text)) { drop(l, "page chrome"); continue; }
      if (const std::string email = find_email(l.text); !email.empty()) {
        if (!cur.email.empty()) flush();
        if (l.text.find("mailto:") != std::string::npos || l.text.find('"') != std::string::npos || l.text.find('<') != std::string::npos)
          r.repairs.push_back({l.number, l.text + " -> " + email, "repaired a scraped e-mail link"});
        cur.email = email;
        any = true;
      } else if (is_email_label(l.text)) {
        drop(l, "e-mail label (the address follows on the next line)");
      } else if (const std::string phone = find_phone(l.text); !phone.empty()) {
        if (!cur.phone.empty()) flush();
        cur.phone = phone;
        any = true;
      } else if (cur.name.empty()) {
        cur.name = typeset(l.text, options.language);
        any = true;
      } else if (!cur.phone.empty() || !cur.email.empty()) {
        flush();
        cur.name = typeset(l.text, options.language);
        any = true;
      } else if (cur.office.empty()) {
        cur.office = typeset(l.text, options.language);
      } else {
        cur.office += ", " + typeset(l.text, options.language);
      }
    }
    flush();
  }
  return r;
}

std::string latin1_to_utf8(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 8);
  for (char c : bytes) utf8_append(out, static_cast<unsigned char>(c));
  return out;
}

std::string slug_from_title(std::string_view title, std::size_t max_length) {
  std::string out;
  std::size_t pos = 0;
  const std::string f = fold(title);
  while (pos < f.size()) {
    const char32_t cp = utf8_decode(f, pos);
    std::string_view ascii;
    char one[2] = {0, 0};
    if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) { one[0] = static_cast<char>(cp); ascii = one; }
    else if (cp >= 0xE0 && cp <= 0xE5) ascii = "a";
    else if (cp == 0xE7) ascii = "c";
    else if (cp >= 0xE8 && cp <= 0xEB) ascii = "e";
    else if (cp >= 0xEC && cp <= 0xEF) ascii = "i";
    else if (cp == 0xF1) ascii = "n";
    else if ((cp >= 0xF2 && cp <= 0xF6) || cp == 0xF8) ascii = "o";
    else if (cp >= 0xF9 && cp <= 0xFC) ascii = "u";
    else if (cp == 0xFD || cp == 0xFF) ascii = "y";
    else if (cp == 0x153 || cp == 0x152) ascii = "oe";
    else if (cp == 0xE6) ascii = "ae";
    else if (cp == 0xDF) ascii = "ss";
    if (!ascii.empty()) out += ascii;
    else if (!out.empty() && out.back() != '-') out += '-';
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  if (out.size() > max_length) {
    out.resize(max_length);
    if (const std::size_t cut = out.find_last_of('-'); cut != std::string::npos && cut > max_length / 2) out.resize(cut);
  }
  return out.empty() ? "article" : out;
}

}  // namespace reader::core
