// SHA-256 (FIPS 180-4), for content-hashed bundle file names and the manifest's integrity data.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace reader::core {

std::array<std::uint8_t, 32> sha256(std::string_view data);
std::string sha256_hex(std::string_view data);  // 64 lower-case hex digits

}  // namespace reader::core
