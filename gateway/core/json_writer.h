#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace switchyard::json {

// Appends `text` as a JSON string literal (quotes included), escaping as RFC 8259 requires.
// Invalid UTF-8 bytes are replaced with U+FFFD so the output is always valid JSON.
void appendString(std::string& out, std::string_view text);
std::string quote(std::string_view text);

// True if `text` is well-formed UTF-8.
bool isValidUtf8(std::string_view text);

// Appends standard base64 (RFC 4648, with padding).
void appendBase64(std::string& out, std::string_view bytes);
// Decodes standard base64; false on malformed input.
bool decodeBase64(std::string_view text, std::string* out);

// RFC 3339 UTC with milliseconds: 2026-11-25T08:55:09.123Z.
void appendRfc3339(std::string& out, int64_t unix_micros);

}  // namespace switchyard::json
