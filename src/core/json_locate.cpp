// JSON value locations (see json_locate.h).
#include "json_locate.h"

#include <vector>

namespace reader::core {

namespace {

struct Frame {
  bool array = false;
  std::size_t index = 0;       // next element index (arrays)
  std::string key;             // last key read (objects)
  std::size_t path_length = 0; // length of the container's own path
};

// Skips a string starting at s[i] == '"'; returns the index after the closing quote and
// appends the decoded text (simple escapes; \u kept as is) to `out` if given.
std::size_t skip_string(std::string_view s, std::size_t i, std::string* out) {
  ++i;
  while (i < s.size() && s[i] != '"') {
    if (s[i] == '\\' && i + 1 < s.size()) {
      if (out) {
        const char e = s[i + 1];
        *out += e == 'n' ? '\n' : e == 't' ? '\t' : e;
      }
      i += 2;
      continue;
    }
    if (out) *out += s[i];
    ++i;
  }
  return i < s.size() ? i + 1 : i;
}

}  // namespace

JsonLocations locate_json_values(std::string_view s) {
  JsonLocations out;
  std::vector<Frame> stack;
  std::string path;
  bool expect_key = false;

  // Called at the start of a value: records its path and offset.
  auto value_path = [&]() -> std::string {
    if (stack.empty()) return std::string();
    Frame& f = stack.back();
    std::string p = path.substr(0, f.path_length);
    if (f.array) {
      p += "[" + std::to_string(f.index) + "]";
    } else {
      if (!p.empty()) p += '.';
      p += f.key;
    }
    return p;
  };

  std::size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == ',' || c == ':') {
      if (c == ',' && !stack.empty()) {
        if (stack.back().array) ++stack.back().index; else expect_key = true;
      }
      ++i;
      continue;
    }
    if (expect_key) {
      if (c == '"') {
        stack.back().key.clear();
        i = skip_string(s, i, &stack.back().key);
        expect_key = false;
        continue;
      }
      if (c == '}') { expect_key = false; }  // empty object or trailing comma: handled below
      else { ++i; continue; }
    }
    if (c == '}' || c == ']') {
      if (!stack.empty()) stack.pop_back();  // the parent's path is a prefix of `path`
      ++i;
      continue;
    }
    // A value starts here. Paths are recorded down to kMaxDepth levels only: deeper values are
    // never fields of ours, and recording them would cost quadratic time and memory.
    constexpr std::size_t kMaxDepth = 64;
    const bool record = stack.size() <= kMaxDepth;
    const std::string p = record ? value_path() : std::string();
    if (record) out.emplace(p, i);
    if (c == '{' || c == '[') {
      Frame f;
      f.array = c == '[';
      if (record) path = p;
      f.path_length = record ? p.size() : path.size();
      stack.push_back(std::move(f));
      expect_key = c == '{';
      ++i;
      continue;
    }
    if (c == '"') { i = skip_string(s, i, nullptr); continue; }
    while (i < s.size() && s[i] != ',' && s[i] != '}' && s[i] != ']' && s[i] != '\n') ++i;  // number, true, false, null
  }
  return out;
}

std::size_t locate_field(const JsonLocations& locations, std::string_view field) {
  std::string f(field);
  while (true) {
    if (auto it = locations.find(f); it != locations.end()) return it->second;
    if (f.empty()) return 0;
    const std::size_t cut = f.find_last_of(".[");
    f = cut == std::string::npos ? std::string() : f.substr(0, cut);
  }
}

}  // namespace reader::core
