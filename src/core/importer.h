// Turning a page scraped from the organisation's web site into an article.
//
// The site's pages come in two shapes: (A) the section menu first (labels, doubled labels,
// "- " items, descriptions glued to their label), then the title; (B) a type line
// ("Communiqué", "News", "Noticia"...) and a region line ("Global") before the title. After the
// title: hard-wrapped body lines, then a closing contact block ("Pour plus d'informations,
// veuillez contacter", "For more information, please contact", "Para más información"...).
//
// Contract: never fails on any input; every line of the page is accounted for: in the title,
// the summary, the body, a contact, or in `dropped` with the reason (menu, type, region, page
// chrome). Every change to the text that is not pure layout (a restored character, a
// repaired e-mail) is listed in `repairs`. Typography follows the language (typographic
// apostrophes; in French, no-break spaces inside « » and before : ; ! ?, and in digit groups).
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace reader::core {

struct ImportOptions {
  std::string language = "fr";             // fr, en or es: typography and contact wording
  std::vector<std::string> menu_labels;    // the site's section labels in every language
};

struct ImportedContact {
  std::string name, office, phone, email;
};

struct ImportNote {
  std::size_t line = 0;  // 1-based line of the page
  std::string text;      // the line (dropped) or what was changed (repair)
  std::string reason;
};

struct ImportResult {
  std::string shape;  // "menu" (A) or "type-region" (B)
  std::string type, region;  // shape B
  std::string title, summary, body;  // body in CommonMark
  std::vector<ImportedContact> contacts;
  std::vector<ImportNote> dropped;
  std::vector<ImportNote> repairs;
  std::vector<std::string> problems;  // what a person must look at (no title found, ...)
};

ImportResult import_page(std::string_view page, const ImportOptions& options);

// Latin-1 bytes to UTF-8 (for pages saved in that encoding).
std::string latin1_to_utf8(std::string_view bytes);

// A lower-case ASCII id from a title ("Nouvelles ressources…" -> "nouvelles-ressources-…"),
// at most `max_length` characters, cut at a word boundary.
std::string slug_from_title(std::string_view title, std::size_t max_length = 80);

}  // namespace reader::core
