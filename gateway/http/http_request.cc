#include "gateway/http/http_request.h"

namespace switchyard::http {

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    char y = b[i];
    if (x >= 'A' && x <= 'Z') {
      x = static_cast<char>(x + 32);
    }
    if (y >= 'A' && y <= 'Z') {
      y = static_cast<char>(y + 32);
    }
    if (x != y) {
      return false;
    }
  }
  return true;
}

std::string_view HttpRequest::header(std::string_view name) const {
  for (const HttpHeader& entry : headers) {
    if (equalsIgnoreCase(entry.name, name)) {
      return entry.value;
    }
  }
  return {};
}

bool HttpRequest::hasHeader(std::string_view name) const {
  for (const HttpHeader& entry : headers) {
    if (equalsIgnoreCase(entry.name, name)) {
      return true;
    }
  }
  return false;
}

}  // namespace switchyard::http
