// The search core (src/core/search.h) as a WebAssembly module for Node.js, so bench/search.mjs can
// run it side by side with JavaScript search libraries in one process (target search_node,
// EXCLUDE_FROM_ALL, built in the web-release tree: build/web-release/bench/search_node.{js,wasm}).
//
// A thin C interface over one reader::core::search::Index; every string crosses as UTF-8, owned by
// the caller on the way in. Strings handed back point into a buffer of this module that stays
// valid until the next call returning a string. Not part of the reader.
#include <emscripten/emmalloc.h>
#include <malloc.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "core/markdown.h"
#include "core/search.h"

namespace {

namespace search = reader::core::search;

search::Index g_index;
std::string g_out;         // the last string handed back
std::string g_serialized;  // the last serialize()

void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  for (char c : s) {
    if (c == '"' || c == '\\') { out += '\\'; out += c; }
    else if (static_cast<unsigned char>(c) < 0x20) {
      char esc[8];
      std::snprintf(esc, sizeof esc, "\\u%04x", static_cast<unsigned>(static_cast<unsigned char>(c)));
      out += esc;
    } else out += c;
  }
  out += '"';
}

}  // namespace

extern "C" {

// Plain text of a markdown body, as the reader indexes it (parse_markdown + document_text).
const char* sn_document_text(const char* markdown) {
  g_out = search::document_text(reader::core::parse_markdown(markdown));
  return g_out.c_str();
}

// One translation of an article; `body` is plain text (see sn_document_text).
void sn_add(const char* article_id, const char* language, const char* title, const char* summary, const char* body) {
  g_index.add(article_id, language, title, summary, body);
}

void sn_finish() { g_index.finish(); }

// {"total":N,"top":[["article id","language"],...]}: the best `limit` documents for `query`, all
// languages, none preferred; the last word matched as a prefix when `prefix` is not 0.
const char* sn_search(const char* query, int limit, int prefix) {
  search::Options options;
  options.limit = limit > 0 ? static_cast<std::size_t>(limit) : 0;
  options.prefix_last = prefix != 0;
  const search::Results results = g_index.search(query, options);
  g_out = "{\"total\":" + std::to_string(results.total) + ",\"top\":[";
  for (std::size_t i = 0; i < results.top.size(); ++i) {
    if (i) g_out += ',';
    g_out += '[';
    append_json_string(g_out, results.top[i].article_id);
    g_out += ',';
    append_json_string(g_out, results.top[i].language);
    g_out += ']';
  }
  g_out += "]}";
  return g_out.c_str();
}

// Serialises the index into a buffer of this module; returns its size (see sn_serialized_data).
std::size_t sn_serialize() {
  g_serialized = g_index.serialize();
  return g_serialized.size();
}
const char* sn_serialized_data() { return g_serialized.data(); }
void sn_serialized_release() { std::string().swap(g_serialized); }

// Replaces the index by the serialised one last produced by sn_serialize(); 1 on success.
int sn_load_serialized() {
  std::string error;
  const bool ok = g_index.deserialize(g_serialized, error);
  if (!ok) std::fprintf(stderr, "search_node: deserialize failed: %s\n", error.c_str());
  return ok ? 1 : 0;
}

std::size_t sn_document_count() { return g_index.document_count(); }
std::size_t sn_term_count() { return g_index.term_count(); }
// The index's own estimate of its heap use (Index::memory_bytes).
std::size_t sn_memory_bytes() { return g_index.memory_bytes(); }
// Bytes malloc'ed in the whole module right now (emmalloc's count).
std::size_t sn_heap_in_use() { return static_cast<std::size_t>(mallinfo().uordblks); }

}  // extern "C"
