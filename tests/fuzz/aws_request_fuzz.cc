// Arbitrary bytes as an AWS API request: the Authorization header parser, form decoding and its
// list helpers, request classification, SigV4 canonicalisation and verification, message
// attribute parsing and the error/result writers must never crash, whatever arrives.
//
// Input layout: up to six '\n'-separated fields — Authorization, Content-Type, X-Amz-Target,
// the request target (path?query), X-Amz-Date — and the body (the rest, newlines included).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "connectors/aws/aws_request.h"
#include "connectors/aws/aws_response.h"
#include "connectors/aws/md5.h"
#include "connectors/aws/message_attributes.h"
#include "connectors/aws/query_params.h"
#include "connectors/aws/sigv4.h"
#include "connectors/aws/sigv4_authorization.h"
#include "connectors/aws/sigv4_canonical.h"
#include "gateway/http/http_request.h"

namespace aws = switchyard::aws;
namespace http = switchyard::http;
using switchyard::Result;

namespace {

constexpr int64_t kNow = 1795593172;  // 2026-11-25T07:52:52Z

void exerciseParams(const aws::QueryParams& params) {
  for (std::string_view prefix : {"AttributeName", "MessageAttribute", "MessageAttributes.entry",
                                  "SendMessageBatchRequestEntry"}) {
    (void)params.list(prefix);
    for (const aws::IndexedEntry& entry : params.indexedStructs(prefix)) {
      (void)entry.fields.indexedStructs("MessageAttribute");
    }
    (void)params.pairs(prefix, "Name", "Value");
    Result<std::vector<aws::MessageAttribute>> attributes =
        aws::messageAttributesFromQuery(params, prefix);
    if (attributes.ok()) {
      (void)aws::md5OfMessageAttributes(*attributes);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::vector<std::string_view> fields;
  while (fields.size() < 5) {
    size_t newline = input.find('\n');
    if (newline == std::string_view::npos) {
      break;
    }
    fields.push_back(input.substr(0, newline));
    input.remove_prefix(newline + 1);
  }
  fields.resize(5);
  std::string_view body = input;

  (void)aws::parseAuthorization(fields[0]);

  http::HttpRequest request;
  request.method = body.size() % 2 == 0 ? "POST" : "GET";
  request.target = fields[3].empty() ? std::string_view("/") : fields[3];
  size_t question = request.target.find('?');
  request.path = request.target.substr(0, question);
  request.query =
      question == std::string_view::npos ? std::string_view{} : request.target.substr(question + 1);
  request.headers.push_back({"Host", "localhost"});
  if (!fields[0].empty()) {
    request.headers.push_back({"Authorization", fields[0]});
  }
  request.headers.push_back({"Content-Type", fields[1]});
  if (!fields[2].empty()) {
    request.headers.push_back({"X-Amz-Target", fields[2]});
  }
  request.headers.push_back({"X-Amz-Date", fields[4]});
  request.body = body;

  Result<aws::QueryParams> params = aws::QueryParams::parse(body);
  if (params.ok()) {
    exerciseParams(*params);
  }
  (void)aws::canonicalQueryString(request.query);
  (void)aws::canonicalUri(request.path, true);
  (void)aws::canonicalUri(request.path, false);
  Result<std::vector<aws::MessageAttribute>> attributes = aws::messageAttributesFromJson(body);
  if (attributes.ok()) {
    (void)aws::md5OfMessageAttributes(*attributes);
  }

  aws::QueryParams classified_params;
  Result<aws::AwsCall> call = aws::classifyRequest(request, &classified_params);
  aws::AwsCall answer_to = call.ok() ? *call : aws::fallbackCall(request);
  if (!call.ok()) {
    (void)aws::unrecognizedRequest(request, call.error());
  }
  (void)aws::awsError(answer_to, fields[2], body);
  if (answer_to.protocol == aws::Protocol::kQuery) {
    (void)aws::queryResult(answer_to, "", fields[1]);
  }

  aws::SecretKeyLookup lookup = [](std::string_view) -> std::optional<std::string> {
    return std::string("fakesecret");
  };
  aws::SigV4Verification verification = aws::verifySignature(request, lookup, kNow);
  if (!verification.ok()) {
    (void)aws::authError(answer_to, *verification.error);
  }
  (void)aws::verifySignature(request, nullptr, kNow);
  aws::SigningCredentials credentials{"AKIDEXAMPLE", "fakesecret", "us-east-1", "sqs"};
  (void)aws::signRequest(request, credentials);
  return 0;
}
