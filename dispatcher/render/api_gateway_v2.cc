#include "dispatcher/render/api_gateway_v2.h"

#include <cstdio>
#include <ctime>

#include "gateway/core/json_writer.h"

namespace switchyard::dispatcher {
namespace {

// API Gateway's requestContext.time: "25/Nov/2026:08:55:09 +0000".
void appendClfTime(std::string& out, int64_t unix_micros) {
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::time_t seconds = static_cast<std::time_t>(unix_micros / 1'000'000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buffer[96];
  int length =
      std::snprintf(buffer, sizeof(buffer), "%02d/%s/%04d:%02d:%02d:%02d +0000", tm.tm_mday,
                    kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
  out.append(buffer, static_cast<size_t>(length));
}

}  // namespace

std::string renderApiGatewayV2(const Event& event) {
  std::string_view method = event.findAttribute(kAttrMethod);
  std::string_view path = event.findAttribute(kAttrPath);
  std::string_view query = event.findAttribute(kAttrQuery);
  std::string route_key = std::string(method) + " " + std::string(path);

  std::string out;
  out.reserve(event.payload().size() + 512);
  out.append(R"({"version":"2.0","routeKey":)");
  json::appendString(out, route_key);
  out.append(R"(,"rawPath":)");
  json::appendString(out, path);
  out.append(R"(,"rawQueryString":)");
  json::appendString(out, query);
  out.append(R"(,"headers":{)");
  bool first = true;
  std::string_view user_agent;
  std::string_view host;
  for (size_t i = 0; i < event.attributeCount(); ++i) {
    auto [key, value] = event.attribute(i);
    if (!key.starts_with(kAttrHeaderPrefix)) {
      continue;
    }
    std::string_view name = key.substr(kAttrHeaderPrefix.size());
    if (name == "user-agent") {
      user_agent = value;
    } else if (name == "host") {
      host = value;
    }
    if (!first) {
      out.push_back(',');
    }
    first = false;
    json::appendString(out, name);
    out.push_back(':');
    json::appendString(out, value);
  }
  out.append(
      R"(},"requestContext":{"accountId":"000000000000","apiId":"switchyard","domainName":)");
  json::appendString(out, host);
  out.append(R"(,"http":{"method":)");
  json::appendString(out, method);
  out.append(R"(,"path":)");
  json::appendString(out, path);
  out.append(R"(,"protocol":"HTTP/1.1","sourceIp":)");
  json::appendString(out, event.findAttribute(kAttrSourceIp));
  out.append(R"(,"userAgent":)");
  json::appendString(out, user_agent);
  out.append(R"(},"requestId":)");
  json::appendString(out, event.idText());
  out.append(R"(,"routeKey":)");
  json::appendString(out, route_key);
  out.append(R"(,"stage":"$default","time":")");
  appendClfTime(out, event.timeMicros());
  out.append(R"(","timeEpoch":)");
  out.append(std::to_string(event.timeMicros() / 1000));
  out.append(R"(},"body":)");
  std::string_view payload = event.payload();
  bool text = json::isValidUtf8(payload);
  if (text) {
    json::appendString(out, payload);
  } else {
    out.push_back('"');
    json::appendBase64(out, payload);
    out.push_back('"');
  }
  out.append(R"(,"isBase64Encoded":)");
  out.append(text ? "false" : "true");
  out.append("}");
  return out;
}

}  // namespace switchyard::dispatcher
