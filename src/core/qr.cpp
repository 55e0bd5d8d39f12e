// QR codes (see qr.h).
#include "qr.h"

#include <string>

#include <qrcodegen.hpp>

namespace reader::core {

std::optional<QrCode> make_qr(std::string_view text) {
  if (text.empty() || text.size() > kMaxQrBytes) return std::nullopt;  // qrcodegen would throw beyond its capacity
  const std::vector<std::uint8_t> bytes(text.begin(), text.end());
  // Byte mode keeps the link exactly as written; medium error correction survives glare and
  // scratches on a kiosk screen.
  const qrcodegen::QrCode code = qrcodegen::QrCode::encodeBinary(bytes, qrcodegen::QrCode::Ecc::MEDIUM);
  QrCode out;
  out.size = code.getSize();
  out.modules.resize(static_cast<std::size_t>(out.size * out.size));
  for (int y = 0; y < out.size; ++y)
    for (int x = 0; x < out.size; ++x) out.modules[static_cast<std::size_t>(y * out.size + x)] = code.getModule(x, y);
  return out;
}

}  // namespace reader::core
