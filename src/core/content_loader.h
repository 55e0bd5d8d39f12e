// Loading site.json and article files into the model, with every problem reported as a value.
//
// Contract: no input bytes crash the loader or abort the program (JSON is parsed without
// exceptions). A bad article is skipped with a LoadIssue naming its file, the field and what to
// change; a bad optional field (a tag, a contact, the image) is dropped with an issue and the
// article still loads. Good articles are never lost because of a bad one.
// The rules are documented for editors in docs/content.md.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "model.h"

namespace reader::core {

struct LoadLimits {
  std::size_t max_body_bytes = 1u << 20;   // per translation body (1 MiB)
  std::size_t max_file_bytes = 8u << 20;   // per article or site file (8 MiB)
};

// The loaded content: the site, the good articles (newest first after finish()) and every issue.
struct Library {
  Site site;
  bool site_ok = false;
  std::vector<Article> articles;
  std::vector<LoadIssue> issues;

  const Article* find_article(std::string_view id) const;  // constant time
  // Adds a validated article whose id is not taken yet (check with find_article).
  void add_article(Article article);
  // Articles in `section` or below it; all articles for an empty id. Newest first.
  std::vector<const Article*> articles_in(std::string_view section) const;

  // Article index by id, kept by add_article() and finish_loading(); do not add articles to
  // `articles` directly.
  struct IdHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, std::size_t, IdHash, std::equal_to<>> by_id;
};

// Loads site.json. On failure `library.site_ok` stays false and issues say why; articles
// cannot be validated without a site, so callers load the site first.
void load_site(Library& library, std::string_view file, std::string_view bytes, const LoadLimits& limits = {});

// Validates one article file and adds it, or records why it was skipped.
void load_article(Library& library, std::string_view file, std::string_view bytes, const LoadLimits& limits = {});

// Orders articles newest first (then by id) once all files are loaded.
void finish_loading(Library& library);

}  // namespace reader::core
