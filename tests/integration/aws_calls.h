#pragma once

// AWS API calls as the SDKs send them, unsigned (the test gateways configure no credentials):
// SQS in its JSON protocol, SNS in its query protocol.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "tests/support/http_client.h"

namespace switchyard::testing {

inline HttpResponse sqsCall(uint16_t port, const std::string& action, const std::string& json) {
  return httpRequest(
      port, "POST", "/", json,
      {{"Content-Type", "application/x-amz-json-1.0"}, {"X-Amz-Target", "AmazonSQS." + action}});
}

inline std::string queueUrl(uint16_t port, const std::string& queue) {
  return "http://127.0.0.1:" + std::to_string(port) + "/000000000000/" + queue;
}

inline std::string queueArn(const std::string& queue) {
  return "arn:aws:sqs:us-east-1:000000000000:" + queue;
}

inline std::string topicArn(const std::string& topic) {
  return "arn:aws:sns:us-east-1:000000000000:" + topic;
}

// application/x-www-form-urlencoded: unreserved characters as they are, the rest %XX.
inline std::string formEncode(const std::string& text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

// One SNS call in the query protocol: Action, Version and `parameters`, form-encoded.
inline HttpResponse snsCall(uint16_t port, const std::string& action,
                            const std::vector<std::pair<std::string, std::string>>& parameters) {
  std::string body = "Action=" + action + "&Version=2010-03-31";
  for (const auto& [name, value] : parameters) {
    body += "&" + formEncode(name) + "=" + formEncode(value);
  }
  return httpRequest(port, "POST", "/", body,
                     {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}});
}

}  // namespace switchyard::testing
