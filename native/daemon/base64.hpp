// Base64 (standard alphabet) for kubeconfig's *-data fields.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace kspan::daemon {

// Whitespace is ignored, padding optional; nothing when text holds other characters.
std::optional<std::string> base64_decode(std::string_view text);
std::string base64_encode(std::string_view bytes);

}  // namespace kspan::daemon
