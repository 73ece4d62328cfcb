#include "gateway/http/bearer_auth.h"

namespace switchyard::http {

bool bearerAuthorized(const HttpRequest& request, std::string_view token) {
  if (token.empty()) {
    return true;
  }
  std::string_view header = request.header("authorization");
  constexpr std::string_view kScheme = "Bearer ";
  if (header.size() < kScheme.size() ||
      !equalsIgnoreCase(header.substr(0, kScheme.size()), kScheme)) {
    return false;
  }
  std::string_view given = header.substr(kScheme.size());
  unsigned char difference = given.size() == token.size() ? 0 : 1;
  for (size_t i = 0; i < token.size(); ++i) {
    unsigned char a = i < given.size() ? static_cast<unsigned char>(given[i]) : 0;
    difference |= static_cast<unsigned char>(a ^ static_cast<unsigned char>(token[i]));
  }
  return difference == 0;
}

}  // namespace switchyard::http
