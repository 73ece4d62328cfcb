#include "gateway/http/json_response.h"

#include "gateway/core/json_writer.h"

namespace switchyard::http {

std::string jsonErrorBody(std::string_view code, std::string_view message) {
  std::string body = R"({"error":)";
  json::appendString(body, code);
  body.append(R"(,"message":)");
  json::appendString(body, message);
  body.push_back('}');
  return body;
}

}  // namespace switchyard::http
