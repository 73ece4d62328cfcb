#pragma once

#include <string_view>

#include "gateway/http/http_request.h"

namespace switchyard::http {

// True if no token is configured, or the request carries `Authorization: Bearer <token>`.
// Compared in constant time so the token cannot be guessed byte by byte from response times.
bool bearerAuthorized(const HttpRequest& request, std::string_view token);

}  // namespace switchyard::http
