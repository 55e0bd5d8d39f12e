// Reading fixture files in native tests (tests may do I/O; the core never does).
#pragma once
#include <fstream>
#include <iterator>
#include <string>

namespace reader::test {

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline std::string source_path(const std::string& rel) { return std::string(READER_SOURCE_DIR) + "/" + rel; }
inline std::string data_path(const std::string& rel) { return std::string(READER_TEST_DATA) + "/" + rel; }

}  // namespace reader::test
