#pragma once

#include <string>
#include <string_view>

namespace switchyard::http {

// Decodes %XX escapes (RFC 3986). False on a malformed escape. '+' is left as is (paths).
bool percentDecode(std::string_view text, std::string* out);

}  // namespace switchyard::http
