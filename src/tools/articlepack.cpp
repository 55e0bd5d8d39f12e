// articlepack: the content tool editors use, built from the same core as the reader.
//
//   articlepack validate DIR [--site FILE] [--from latin1]
//       Checks DIR/site.json and every DIR/articles/*.json with the reader's own rules, plus what
//       only a tool with the files can check (images that do not exist). Prints every problem as
//       file:line:column: field: message. Exit status 1 if there is any, 0 if none.
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
#include <string>
#include <vector>

#include "article_generator.h"
#include "core/content_loader.h"
#include "core/importer.h"
#include "core/json_locate.h"
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

// Links the reader would refuse are errors here (the reader drops them and shows the text).
int validate(const Args& args) {
  if (args.positional.size() != 1) return usage("validate takes one folder (the one holding site.json and articles/)");
  if (!fs::is_directory(args.positional[0])) return usage(args.positional[0] + " is not a folder");
  const fs::path dir = args.positional[0];
  const bool from_latin1 = args.options.count("--from") && args.options.at("--from") == "latin1";
  if (args.options.count("--from") && !from_latin1) return usage("--from takes 'latin1'");
  reader::core::Library lib;
  auto load = [&](const fs::path& path) -> std::optional<std::string> {
    auto bytes = read_file(path);
    if (bytes && from_latin1 && !reader::core::utf8_valid(*bytes)) return reader::core::latin1_to_utf8(*bytes);
    return bytes;
  };
  std::size_t files = 0;
  const fs::path site_path = args.options.count("--site") ? fs::path(args.options.at("--site")) : dir / "site.json";
  const auto site = load(site_path);
  if (!site) {
    std::cout << site_path.string() << ": (file): cannot be read; give the folder that holds site.json and articles/ (or --site FILE)\n";
    return 1;
  }
  reader::core::load_site(lib, "site.json", *site);
  ++files;
  // Articles in DIR/articles/, or directly in DIR when it has no articles/ folder.
  const fs::path article_dir = fs::is_directory(dir / "articles") ? dir / "articles" : dir;
  std::vector<fs::path> articles;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(article_dir, ec))
    if (e.path().extension() == ".json" && e.path().filename() != "site.json") articles.push_back(e.path());
  if (ec) lib.issues.push_back({"articles/", "(folder)", "cannot be listed (" + ec.message() + "); put the article files in DIR/articles/", false});
  std::sort(articles.begin(), articles.end());
  std::map<std::string, std::string> source_of;  // article file -> bytes, for positions of extra checks
  for (const fs::path& p : articles) {
    const std::string name = fs::relative(p, dir.parent_path().empty() ? fs::path(".") : dir.parent_path()).generic_string();
    const auto bytes = load(p);
    if (!bytes) { lib.issues.push_back({name, "(file)", "cannot be read", true}); continue; }
    reader::core::load_article(lib, name, *bytes);
    source_of[name] = *bytes;
    ++files;
  }
  // What only a tool with the files can check: every image exists.
  for (const reader::core::Article& a : lib.articles) {
    for (const auto& [lang, t] : a.translations) {
      std::vector<std::string> images;
      collect_images(t.body.blocks, images);
      for (const std::string& src : images) {
        if (fs::is_regular_file(dir / src)) continue;
        const bool lead = a.image && a.image->src == src;
        LoadIssue issue{a.source_file, lead ? "image.src" : "translations." + lang + ".body",
                        "image '" + src + "' does not exist in " + dir.string() + "; add the file or fix the path", false};
        if (std::find_if(lib.issues.begin(), lib.issues.end(), [&](const LoadIssue& i) { return i.file == issue.file && i.message == issue.message; }) != lib.issues.end())
          continue;
        const std::string& bytes = source_of[a.source_file];
        const auto p = reader::core::text_position(bytes, reader::core::locate_field(reader::core::locate_json_values(bytes), issue.field));
        issue.line = p.line;
        issue.column = p.column;
        lib.issues.push_back(std::move(issue));
      }
    }
  }
  for (const LoadIssue& issue : lib.issues) std::cout << issue.to_string() << (issue.article_skipped ? " (the reader skips this article)" : "") << "\n";
  std::cout << files << " files checked, " << lib.issues.size() << (lib.issues.size() == 1 ? " problem" : " problems") << "\n";
  return lib.issues.empty() ? 0 : 1;
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
  if (command == "import") return import(parse_args(argc, argv, {"--lang", "--site", "--section", "--date", "--id", "--from", "-o"}));
  if (command == "gen") return gen(parse_args(argc, argv, {"--count", "--seed", "--site"}));
  if (command == "-h" || command == "--help") return usage("help");
  return usage("unknown command '" + command + "'");
}
