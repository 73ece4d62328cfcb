#include "dispatcher/render/destination_record.h"

#include <simdjson.h>

#include "dispatcher/outcome.h"
#include "dispatcher/router/json_check.h"
#include "gateway/core/append_decimal.h"
#include "gateway/core/json_writer.h"

namespace switchyard::dispatcher {
namespace {

// JSON bodies go in as JSON; anything else as a string (the record must stay valid JSON).
void appendPayload(std::string& out, std::string_view bytes) {
  if (bytes.empty()) {
    out.append("null");
    return;
  }
  simdjson::padded_string padded(bytes);
  if (router::checkJson(std::string_view(padded.data(), padded.size())).ok()) {
    out.append(bytes);
  } else {
    json::appendString(out, bytes);
  }
}

}  // namespace

std::string functionArn(std::string_view function) {
  std::string arn = "arn:aws:lambda:us-east-1:000000000000:function:";
  arn.append(function);
  return arn;
}

std::string renderDestinationRecord(const Event& original, std::string_view function,
                                    std::string_view condition, int invoke_count,
                                    const InvocationResult& last) {
  std::string out;
  out.reserve(original.payload().size() + last.body.size() + 400);
  out.append(R"({"version":"1.0","timestamp":")");
  json::appendRfc3339(out, unixMicrosNow());
  out.append(R"(","requestContext":{"requestId":")");
  out.append(original.idText());
  out.append(R"(","functionArn":)");
  json::appendString(out, functionArn(function) + ":$LATEST");
  out.append(R"(,"condition":)");
  json::appendString(out, condition);
  out.append(R"(,"approximateInvokeCount":)");
  appendDecimal(out, static_cast<uint64_t>(invoke_count));
  out.append(R"(},"requestPayload":)");
  appendPayload(out, original.payload());
  out.append(R"(,"responseContext":{"statusCode":)");
  appendDecimal(out, static_cast<uint64_t>(last.status > 0 ? last.status : 0));
  out.append(R"(,"executedVersion":"$LATEST")");
  if (condition != "Success") {
    std::string_view error =
        !last.function_error.empty() ? std::string_view(last.function_error) : outcomeReason(last);
    out.append(R"(,"functionError":)");
    json::appendString(out, error);
  }
  out.append(R"(},"responsePayload":)");
  appendPayload(out, last.transport == InvocationResult::Transport::kResponse
                         ? std::string_view(last.body)
                         : std::string_view());
  out.push_back('}');
  return out;
}

}  // namespace switchyard::dispatcher
