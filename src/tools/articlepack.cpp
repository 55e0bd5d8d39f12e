// articlepack: the content tool editors use, built from the same core as the reader.
//
//   articlepack validate DIR [--site FILE] [--from latin1]
//       Checks DIR/site.json and every DIR/articles/*.json with the reader's own rules, plus what
//       only a tool with the files can check (images that do not exist). Prints every problem as
//       file:line:column: field: message. Exit status 1 if there is any, 0 if none.
//   articlepack build DIR OUT [--site FILE] [--fonts a.ttf,b.ttf] [--from latin1]
//       Writes what the reader loads: OUT/index.json (ids, sections, dates, titles, summaries),
//       OUT/search.bin (the full-text search index, core/search.h),
//       OUT/articles/<id>.<hash>.json, OUT/site.json, OUT/images/*, and OUT/manifest.json with
//       each file's SHA-256 and size. Only files whose content changed are rewritten; article
//       files no longer listed are removed. Problems are printed; broken articles are left out.
//       With --pages SITE_DIR --template page.html, also every view's page, sitemap.xml and
//       robots.txt (core/pages.h) into SITE_DIR, absolute addresses below --base-url (default:
//       site.json's "url"); prints how many pages and their size.
//   articlepack import PAGE.txt --lang fr|en|es [--site DIR/site.json] [--section ID]
//                      [--date YYYY-MM-DD] [--id ID] [--from latin1] [--explain] [-o OUT.json]
//       Turns a page scraped from the organisation's site into an article JSON (stdout or OUT).
//       Reports every repair on stderr; --explain also lists every dropped line and why.
//   articlepack gen --count N [--seed S] [--site FILE] OUT_DIR
//       Writes N generated articles (deterministic for a seed) to OUT_DIR/articles/ and the site
//       to OUT_DIR/site.json, for scale tests.
//
// Exit status 2 for a usage error, with a message saying what to change.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "article_generator.h"
#include "core/content_loader.h"
#include "core/importer.h"
#include "core/json_locate.h"
#include "core/pages.h"
#include "core/bundle.h"
#include "core/search.h"
#include "core/sha256.h"
#include "core/links.h"
#include "core/utf8.h"

namespace fs = std::filesystem;
using reader::core::LoadIssue;
using nlohmann::ordered_json;

namespace {

int usage(const std::string& problem) {
  std::cerr << "articlepack: " << problem << "\n"
            << "usage: articlepack validate DIR [--site FILE] [--from latin1]\n"
            << "       articlepack import PAGE.txt --lang fr|en|es [--site DIR/site.json] [--section ID] [--date YYYY-MM-DD]\n"
            << "                          [--id ID] [--from latin1] [--explain] [-o OUT.json]\n"
            << "       articlepack build DIR OUT [--site FILE] [--fonts a.ttf,b.ttf] [--from latin1]\n"
            << "                         [--pages SITE_DIR --template page.html [--base-url URL]]\n"
            << "       articlepack gen --count N [--seed S] [--site FILE] OUT_DIR\n";
  return 2;
}

std::optional<std::string> read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

struct Args {
  std::vector<std::string> positional;
  std::map<std::string, std::string> options;  // "--lang" -> "fr"; flags map to ""
};

Args parse_args(int argc, char** argv, const std::vector<std::string>& with_value) {
  Args a;
  for (int i = 2; i < argc; ++i) {
    const std::string s = argv[i];
    if (s.rfind("-", 0) == 0 && s.size() > 1) {
      if (std::find(with_value.begin(), with_value.end(), s) != with_value.end() && i + 1 < argc) a.options[s] = argv[++i];
      else a.options[s] = "";
    } else {
      a.positional.push_back(s);
    }
  }
  return a;
}

// ---------------------------------------------------------------------------------------------
// validate
// ---------------------------------------------------------------------------------------------

// Image paths an article uses (lead image and images in bodies).
void collect_images(const std::vector<reader::core::Block>& blocks, std::vector<std::string>& out) {
  for (const reader::core::Block& b : blocks) {
    if (b.kind == reader::core::BlockKind::image) out.push_back(b.url);
    collect_images(b.children, out);
  }
}

// A content folder loaded with the reader's rules, plus what only a tool with the files can
// check (every image exists). Keeps each article file's bytes (converted from Latin-1 when asked).
struct Folder {
  reader::core::Library lib;
  std::map<std::string, std::string> bytes_of;  // file name as reported -> bytes
  std::size_t files = 0;
  bool site_ok = false;
};

std::optional<Folder> load_folder(const fs::path& dir, const fs::path& site_path, bool from_latin1) {
  Folder f;
  auto load = [&](const fs::path& path) -> std::optional<std::string> {
    auto bytes = read_file(path);
    if (bytes && from_latin1 && !reader::core::utf8_valid(*bytes)) return reader::core::latin1_to_utf8(*bytes);
    return bytes;
  };
  const auto site = load(site_path);
  if (!site) {
    std::cout << site_path.string() << ": (file): cannot be read; give the folder that holds site.json and articles/ (or --site FILE)\n";
    return std::nullopt;
  }
  reader::core::load_site(f.lib, "site.json", *site);
  f.bytes_of["site.json"] = *site;
  f.site_ok = f.lib.site_ok;
  ++f.files;
  // Articles in DIR/articles/, or directly in DIR when it has no articles/ folder.
  const fs::path article_dir = fs::is_directory(dir / "articles") ? dir / "articles" : dir;
  std::vector<fs::path> articles;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(article_dir, ec))
    if (e.path().extension() == ".json" && e.path().filename() != "site.json") articles.push_back(e.path());
  if (ec) f.lib.issues.push_back({"articles/", "(folder)", "cannot be listed (" + ec.message() + "); put the article files in DIR/articles/", false});
  std::sort(articles.begin(), articles.end());
  for (const fs::path& p : articles) {
    const std::string name = fs::relative(p, dir.parent_path().empty() ? fs::path(".") : dir.parent_path()).generic_string();
    const auto bytes = load(p);
    if (!bytes) { f.lib.issues.push_back({name, "(file)", "cannot be read", true}); continue; }
    reader::core::load_article(f.lib, name, *bytes);
    f.bytes_of[name] = *bytes;
    ++f.files;
  }
  // Every image an article uses exists.
  for (const reader::core::Article& a : f.lib.articles) {
    for (const auto& [lang, t] : a.translations) {
      std::vector<std::string> images;
      collect_images(t.body.blocks, images);
      for (const std::string& src : images) {
        if (fs::is_regular_file(dir / src)) continue;
        const bool lead = a.image && a.image->src == src;
        LoadIssue issue{a.source_file, lead ? "image.src" : "translations." + lang + ".body",
                        "image '" + src + "' does not exist in " + dir.string() + "; add the file or fix the path", false};
        if (std::find_if(f.lib.issues.begin(), f.lib.issues.end(), [&](const LoadIssue& i) { return i.file == issue.file && i.message == issue.message; }) != f.lib.issues.end())
          continue;
        const std::string& bytes = f.bytes_of[a.source_file];
        const auto p = reader::core::text_position(bytes, reader::core::locate_field(reader::core::locate_json_values(bytes), issue.field));
        issue.line = p.line;
        issue.column = p.column;
        f.lib.issues.push_back(std::move(issue));
      }
    }
  }
  reader::core::finish_loading(f.lib);
  return f;
}

void print_problems(const reader::core::Library& lib) {
  for (const LoadIssue& issue : lib.issues) std::cout << issue.to_string() << (issue.article_skipped ? " (the reader skips this article)" : "") << "\n";
}

std::optional<int> folder_options(const Args& args, const char* what, fs::path& site_path, bool& from_latin1) {
  if (!fs::is_directory(args.positional[0])) return usage(args.positional[0] + " is not a folder");
  from_latin1 = args.options.count("--from") && args.options.at("--from") == "latin1";
  if (args.options.count("--from") && !from_latin1) return usage("--from takes 'latin1'");
  site_path = args.options.count("--site") ? fs::path(args.options.at("--site")) : fs::path(args.positional[0]) / "site.json";
  (void)what;
  return std::nullopt;
}

// Links the reader would refuse are errors here (the reader drops them and shows the text).
int validate(const Args& args) {
  if (args.positional.size() != 1) return usage("validate takes one folder (the one holding site.json and articles/)");
  fs::path site_path;
  bool from_latin1 = false;
  if (auto bad = folder_options(args, "validate", site_path, from_latin1)) return *bad;
  const auto folder = load_folder(args.positional[0], site_path, from_latin1);
  if (!folder) return 1;
  print_problems(folder->lib);
  const std::size_t n = folder->lib.issues.size();
  std::cout << folder->files << " files checked, " << n << (n == 1 ? " problem" : " problems") << "\n";
  return n == 0 ? 0 : 1;
}

// ---------------------------------------------------------------------------------------------
// build
// ---------------------------------------------------------------------------------------------

// Writes `bytes` to `path` unless the file already holds exactly them. True if written.
bool write_if_changed(const fs::path& path, const std::string& bytes) {
  if (auto old = read_file(path); old && *old == bytes) return false;
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << bytes;
  return true;
}

// The site's pages (core/pages.h) into --pages DIR, from the --template page: only changed
// pages are rewritten, and pages of articles, sections or languages no longer there are removed.
int build_pages(const Args& args, const reader::core::Library& lib, const fs::path& content_dir) {
  const auto started = std::chrono::steady_clock::now();
  const fs::path root = args.options.at("--pages");
  if (!args.options.count("--template")) return usage("--pages needs --template shell/page.html (the page every view is written into)");
  const auto page_template = read_file(args.options.at("--template"));
  if (!page_template) return usage("cannot read the page template " + args.options.at("--template"));
  reader::core::PageSettings settings;
  settings.template_html = *page_template;
  settings.base_url = args.options.count("--base-url") ? args.options.at("--base-url") : lib.site.url;
  if (settings.base_url.empty())
    return usage("the pages need the site's public address: add \"url\": \"https://…/\" to site.json, or pass --base-url URL");
  if (settings.base_url.back() != '/') settings.base_url += '/';
  // Image sizes from the files themselves, so that pages reserve their room.
  std::map<std::string, std::pair<int, int>, std::less<>> sizes;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(content_dir / "images", ec)) {
    if (!e.is_regular_file()) continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::string head(1 << 16, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(in.gcount()));
    sizes["images/" + e.path().filename().string()] = reader::core::image_dimensions(head);
  }
  settings.image_size = [&](std::string_view src) {
    const auto it = sizes.find(src);
    return it == sizes.end() ? std::pair{0, 0} : it->second;
  };
  std::size_t written = 0, unchanged = 0, bytes = 0, pages = 0;
  std::set<std::string> kept;
  const auto put = [&](const std::string& rel, const std::string& html) {
    (write_if_changed(root / rel, html) ? written : unchanged)++;
    bytes += html.size();
    kept.insert(rel);
  };
  pages = reader::core::write_pages(lib, settings, put);
  put("sitemap.xml", reader::core::sitemap_xml(lib, settings));
  put("robots.txt", reader::core::robots_txt(settings));
  // Pages of views that are gone (an article removed, a section renamed, a language dropped).
  std::size_t removed = 0;
  for (const auto& lang : fs::directory_iterator(root, ec)) {
    if (!lang.is_directory() || !fs::exists(lang.path() / "index.html")) continue;  // only the languages' folders hold pages
    for (const char* kind : {"article", "section"}) {
      for (const auto& view : fs::directory_iterator(lang.path() / kind, ec)) {
        const std::string rel = fs::relative(view.path() / "index.html", root).generic_string();
        if (kept.count(rel)) continue;
        removed += fs::remove_all(view.path(), ec) > 0;
      }
    }
    const std::string home = fs::relative(lang.path() / "index.html", root).generic_string();
    if (!kept.count(home)) removed += fs::remove_all(lang.path(), ec) > 0;
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cout << pages << " pages in " << root.string() << " (" << bytes / 1024 << " KB): " << written << " written, " << unchanged
            << " unchanged, " << removed << " removed, in " << static_cast<int>(seconds * 10) / 10.0 << " s; sitemap.xml and robots.txt for "
            << settings.base_url << "\n";
  return 0;
}

int build(const Args& args) {
  if (args.positional.size() != 2) return usage("build takes the content folder and the output folder");
  fs::path site_path;
  bool from_latin1 = false;
  if (auto bad = folder_options(args, "build", site_path, from_latin1)) return *bad;
  const fs::path dir = args.positional[0], out = args.positional[1];
  auto folder = load_folder(dir, site_path, from_latin1);
  if (!folder) return 1;
  print_problems(folder->lib);
  if (!folder->site_ok) { std::cout << "site.json has problems: nothing was built\n"; return 1; }

  std::size_t written = 0, unchanged = 0, removed = 0;
  auto put = [&](const std::string& rel, const std::string& bytes) { (write_if_changed(out / rel, bytes) ? written : unchanged)++; };
  nlohmann::ordered_json files = nlohmann::ordered_json::array();
  auto list = [&](const std::string& rel, const std::string& bytes) {
    files.push_back({{"path", rel}, {"sha256", reader::core::sha256_hex(bytes)}, {"size", bytes.size()}});
  };

  // Article files, named by their content: a changed article gets a new name, others keep theirs.
  std::map<std::string, reader::core::BundleFile, std::less<>> file_of;
  std::set<std::string> keep;
  for (const reader::core::Article& a : folder->lib.articles) {
    const std::string& bytes = folder->bytes_of[a.source_file];
    const std::string hash = reader::core::sha256_hex(bytes);
    const std::string rel = "articles/" + a.id + "." + hash.substr(0, 12) + ".json";
    file_of[a.id] = {rel, hash, bytes.size()};
    keep.insert(rel);
    put(rel, bytes);
    list(rel, bytes);
  }
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(out / "articles", ec)) {
    const std::string rel = "articles/" + e.path().filename().string();
    if (!keep.count(rel) && fs::remove(e.path(), ec)) ++removed;
  }
  const std::string& site = folder->bytes_of["site.json"];
  put("site.json", site);
  list("site.json", site);
  const std::string index = reader::core::make_index(folder->lib, file_of);
  put("index.json", index);
  list("index.json", index);
  // The full-text search index over titles, summaries and bodies in every language, built here
  // once so the reader never needs every body to search (see core/search.h).
  reader::core::search::Index search;
  for (const reader::core::Article& a : folder->lib.articles)
    for (const auto& [lang, t] : a.translations) search.add(a.id, lang, t.title, t.summary, reader::core::search::document_text(t.body));
  search.finish();
  const std::string search_bytes = search.serialize();
  put("search.bin", search_bytes);
  list("search.bin", search_bytes);
  // Images: every file of DIR/images, copied as is (loaded lazily by the reader).
  nlohmann::ordered_json images = nlohmann::ordered_json::array();
  std::vector<fs::path> image_files;
  for (const auto& e : fs::directory_iterator(dir / "images", ec)) if (e.is_regular_file()) image_files.push_back(e.path());
  std::sort(image_files.begin(), image_files.end());
  for (const fs::path& p : image_files) {
    const std::string rel = "images/" + p.filename().string();
    const auto bytes = read_file(p);
    if (!bytes) continue;
    put(rel, *bytes);
    list(rel, *bytes);
    images.push_back(rel);
  }
  nlohmann::ordered_json fonts = nlohmann::ordered_json::array();
  if (args.options.count("--fonts")) {
    std::string names = args.options.at("--fonts");
    for (std::size_t start = 0; start <= names.size();) {
      const std::size_t comma = std::min(names.find(',', start), names.size());
      if (comma > start) fonts.push_back(names.substr(start, comma - start));
      start = comma + 1;
    }
  }
  nlohmann::ordered_json manifest = {{"format", 2}, {"site", "site.json"}, {"index", "index.json"}, {"search", "search.bin"}, {"fonts", fonts}, {"images", images}, {"files", files}};
  put("manifest.json", manifest.dump(2) + "\n");
  std::cout << folder->lib.articles.size() << " articles in " << out.string() << ": " << written << " files written, " << unchanged
            << " unchanged, " << removed << " removed; index " << index.size() << " bytes; search index " << search_bytes.size() << " bytes; " << folder->lib.issues.size() << " problems\n";
  if (args.options.count("--pages")) return build_pages(args, folder->lib, dir);
  return 0;
}

// ---------------------------------------------------------------------------------------------
// import
// ---------------------------------------------------------------------------------------------

std::string today() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  char buf[11];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", std::gmtime(&now));
  return buf;
}

int import(const Args& args) {
  if (args.positional.size() != 1) return usage("import takes one page file");
  if (!args.options.count("--lang")) return usage("import needs --lang fr, en or es (the page's language)");
  const std::string lang = args.options.at("--lang");
  if (lang != "fr" && lang != "en" && lang != "es") return usage("--lang must be fr, en or es, not '" + lang + "'");
  auto page = read_file(args.positional[0]);
  if (!page) return usage("cannot read " + args.positional[0]);
  if (args.options.count("--from")) {
    if (args.options.at("--from") != "latin1") return usage("--from takes 'latin1'");
    *page = reader::core::latin1_to_utf8(*page);
  }
  reader::core::ImportOptions options;
  options.language = lang;
  const std::string site_path = args.options.count("--site") ? args.options.at("--site") : "assets/site.json";
  if (auto site = read_file(site_path)) {  // the menu's labels in every language
    reader::core::Library lib;
    reader::core::load_site(lib, "site.json", *site);
    for (const auto& s : lib.site.sections)
      for (const auto& [l, label] : s.label.by_language) options.menu_labels.push_back(label);
  } else if (args.options.count("--site")) {
    return usage("cannot read " + site_path);
  }
  const reader::core::ImportResult r = reader::core::import_page(*page, options);

  const std::string& file = args.positional[0];
  for (const auto& n : r.repairs) std::cerr << file << ":" << n.line << ": repair: " << n.text << " (" << n.reason << ")\n";
  if (args.options.count("--explain"))
    for (const auto& n : r.dropped) std::cerr << file << ":" << n.line << ": dropped: \"" << n.text << "\" (" << n.reason << ")\n";
  for (const auto& p : r.problems) std::cerr << file << ": problem: " << p << "\n";
  std::string date = args.options.count("--date") ? args.options.at("--date") : "";
  if (date.empty()) {
    date = today();
    std::cerr << file << ": note: the page gives no date; used " << date << " (set it with --date YYYY-MM-DD)\n";
  }

  ordered_json article;
  article["id"] = args.options.count("--id") ? args.options.at("--id") : reader::core::slug_from_title(r.title);
  article["section"] = args.options.count("--section") ? args.options.at("--section") : "what-we-do";
  if (!args.options.count("--section")) std::cerr << file << ": note: no --section given; used what-we-do\n";
  article["date"] = date;
  article["tags"] = ordered_json::array();
  ordered_json contacts = ordered_json::array();
  for (const auto& c : r.contacts) {
    ordered_json j;
    j["name"] = c.name;
    if (!c.office.empty()) j["office"] = {{lang, c.office}};
    if (!c.phone.empty()) j["phone"] = c.phone;
    if (!c.email.empty()) j["email"] = c.email;
    contacts.push_back(std::move(j));
  }
  article["contacts"] = std::move(contacts);
  ordered_json t;
  t["title"] = r.title;
  if (!r.summary.empty()) t["summary"] = r.summary;
  t["body"] = r.body;
  article["translations"] = {{lang, std::move(t)}};
  const std::string out = article.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
  if (args.options.count("-o")) {
    std::ofstream f(args.options.at("-o"), std::ios::binary);
    if (!f) return usage("cannot write " + args.options.at("-o"));
    f << out;
  } else {
    std::cout << out;
  }
  return r.problems.empty() ? 0 : 1;
}

// ---------------------------------------------------------------------------------------------
// gen
// ---------------------------------------------------------------------------------------------

int gen(const Args& args) {
  if (args.positional.size() != 1) return usage("gen takes one output folder");
  if (!args.options.count("--count")) return usage("gen needs --count N");
  const long long count = std::atoll(args.options.at("--count").c_str());
  if (count <= 0 || count > 10000000) return usage("--count must be between 1 and 10,000,000");
  const std::uint64_t seed = args.options.count("--seed") ? std::strtoull(args.options.at("--seed").c_str(), nullptr, 10) : 1;
  const std::string site_path = args.options.count("--site") ? args.options.at("--site") : "assets/site.json";
  const auto site = read_file(site_path);
  if (!site) return usage("cannot read " + site_path + " (give --site FILE)");
  reader::core::Library lib;
  reader::core::load_site(lib, "site.json", *site);
  if (!lib.site_ok) return usage(site_path + " has problems; run articlepack validate first");
  reader::tools::GeneratorOptions options;
  options.seed = seed;
  for (const auto& s : lib.site.sections) options.sections.push_back(s.id);
  const fs::path out = args.positional[0];
  std::error_code ec;
  fs::create_directories(out / "articles", ec);
  if (ec) return usage("cannot create " + (out / "articles").string() + ": " + ec.message());
  std::ofstream(out / "site.json", std::ios::binary) << *site;
  for (long long i = 1; i <= count; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "gen-%06lld.json", i);
    std::ofstream f(out / "articles" / name, std::ios::binary);
    f << reader::tools::generate_article(options, static_cast<std::uint64_t>(i));
    if (!f) return usage("cannot write " + (out / "articles" / name).string());
  }
  std::cout << count << " articles written to " << (out / "articles").string() << " (seed " << seed << ")\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return usage("say what to do: validate or import");
  const std::string command = argv[1];
  if (command == "validate") return validate(parse_args(argc, argv, {"--from", "--site"}));
  if (command == "build") return build(parse_args(argc, argv, {"--from", "--site", "--fonts", "--pages", "--template", "--base-url"}));
  if (command == "import") return import(parse_args(argc, argv, {"--lang", "--site", "--section", "--date", "--id", "--from", "-o"}));
  if (command == "gen") return gen(parse_args(argc, argv, {"--count", "--seed", "--site"}));
  if (command == "-h" || command == "--help") return usage("help");
  return usage("unknown command '" + command + "'");
}
