#pragma once
// Small, dependency-free encoders used across modules.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace syntera {

std::string Base64UrlEncode(std::span<const uint8_t> data);
std::string Base64UrlEncode(std::string_view data);
// Standard base64 (RFC 4648 §4: "+/" and "=" padding).
std::string Base64Encode(std::string_view data);
// Accepts padded or unpadded base64url, and standard base64 ("+/") too; nullopt on any
// invalid character.
std::optional<std::string> Base64UrlDecode(std::string_view text);
std::string HexEncode(std::span<const uint8_t> data);
std::string HexEncode(std::string_view data);
// `s` as a JSON string literal, quotes included (control characters escaped).
std::string JsonQuote(std::string_view s);
std::string ToLowerAscii(std::string_view s);
std::string_view TrimAscii(std::string_view s);

}  // namespace syntera
