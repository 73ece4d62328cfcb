#pragma once

#include <string>
#include <string_view>

namespace switchyard::http {

// {"error":"<code>","message":"<message>"}: the error body of Switchyard's own endpoints.
std::string jsonErrorBody(std::string_view code, std::string_view message);

}  // namespace switchyard::http
