// QR codes for kiosk screens: a link that must not open on the kiosk is shown as a QR code
// the visitor scans with a phone. Built on the qrcodegen C++ library (Debian's source package
// qr-code-generator 1.8.0, fetched by ./run; never committed).
//
// Contract: make_qr() never throws; text longer than kMaxQrBytes gives no code (the reader then
// shows the address as text only). Modules are row-major, true = dark; a quiet zone of 4
// modules is the caller's to draw.
#pragma once
#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

namespace reader::core {

inline constexpr std::size_t kMaxQrBytes = 1200;  // fits a version-40 code at medium error correction

struct QrCode {
  int size = 0;                // modules per side
  std::vector<bool> modules;   // size × size
  bool dark(int x, int y) const { return x >= 0 && y >= 0 && x < size && y < size && modules[static_cast<std::size_t>(y * size + x)]; }
};

std::optional<QrCode> make_qr(std::string_view text);

}  // namespace reader::core
