#pragma once

#include <string_view>

namespace switchyard::http {

// Reason phrase for a status code ("Accepted" for 202); "Unknown" for codes we never send.
std::string_view reasonPhrase(int status);

}  // namespace switchyard::http
